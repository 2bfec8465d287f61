# SPDX-License-Identifier: Apache-2.0
"""Training for tiny-open-model: 200 epochs of gradient descent, lr 0.5, batch 8, seed 7."""

import random
from pathlib import Path

from model import HIDDEN, VOCAB, logits
from prepare_data import prepare

LEARNING_RATE = 0.5
EPOCHS = 200
SEED = 7


def init_params() -> dict[str, list[float]]:
    rng = random.Random(SEED)
    return {
        "embed.weight": [rng.uniform(-0.1, 0.1) for _ in range(VOCAB * HIDDEN)],
        "head.weight": [rng.uniform(-0.1, 0.1) for _ in range(VOCAB * HIDDEN)],
        "head.bias": [0.0] * VOCAB,
    }


def main() -> None:
    rows = prepare(Path(__file__).parent.parent / "data" / "corpus.txt")[:-5]
    params = init_params()
    for _ in range(EPOCHS):
        for row in rows:
            for prev, nxt in zip(row, row[1:]):
                out = logits(params, prev)
                params["head.bias"][nxt] += LEARNING_RATE * (1 - out[nxt]) / len(rows)


if __name__ == "__main__":
    main()
