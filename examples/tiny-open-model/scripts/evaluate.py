# SPDX-License-Identifier: Apache-2.0
"""Evaluation for tiny-open-model: next-token accuracy on the last 5 corpus lines."""

from pathlib import Path

from model import logits
from prepare_data import prepare


def accuracy(params: dict[str, list[float]]) -> float:
    rows = prepare(Path(__file__).parent.parent / "data" / "corpus.txt")[-5:]
    pairs = [(a, b) for row in rows for a, b in zip(row, row[1:])]
    hits = sum(max(range(32), key=logits(params, a).__getitem__) == b for a, b in pairs)
    return hits / max(len(pairs), 1)
