# SPDX-License-Identifier: Apache-2.0
"""Architecture of tiny-open-model: an embedding table and a linear head (pure Python)."""

VOCAB = 32
HIDDEN = 8


def logits(params: dict[str, list[float]], token: int) -> list[float]:
    embed = params["embed.weight"][token * HIDDEN:(token + 1) * HIDDEN]
    head, bias = params["head.weight"], params["head.bias"]
    return [sum(head[o * HIDDEN + i] * embed[i] for i in range(HIDDEN)) + bias[o] for o in range(VOCAB)]
