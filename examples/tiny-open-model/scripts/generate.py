# SPDX-License-Identifier: Apache-2.0
"""Inference for tiny-open-model: greedy next-token generation from a start token."""

from model import logits


def generate(params: dict[str, list[float]], start: int, steps: int = 5) -> list[int]:
    out = [start]
    for _ in range(steps):
        scores = logits(params, out[-1])
        out.append(max(range(len(scores)), key=scores.__getitem__))
    return out
