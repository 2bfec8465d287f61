# SPDX-License-Identifier: Apache-2.0
"""Data processing for tiny-open-model: lower-case, deduplicate, keep the vocabulary."""

from pathlib import Path

VOCAB = "one two three four five six seven eight nine ten eleven twelve".split()


def prepare(path: Path) -> list[list[int]]:
    seen: set[str] = set()
    rows = []
    for line in path.read_text().lower().splitlines():
        if line in seen:
            continue
        seen.add(line)
        rows.append([VOCAB.index(w) for w in line.split() if w in VOCAB])
    return rows
