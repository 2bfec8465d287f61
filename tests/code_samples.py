"""Own-written vulnerable and clean code samples for the bundled-code scanner tests.

Each planted weakness carries a `PLANT:<tag>` marker comment on its line; tests find the expected
line from the marker, so nothing about line numbers is hard-coded. These files are only ever written to
tmp dirs and parsed by the scanner, never imported or run.
"""

from __future__ import annotations

import json
from pathlib import Path

VULN_TRAIN = '''\
"""Fine-tuning script with classic weaknesses."""
import os
import pickle
import subprocess

import requests
import torch
import yaml
from huggingface_hub import hf_hub_download


def load_config(path):
    with open(path) as fh:
        return yaml.load(fh)  # PLANT:yaml


def resume(ckpt):
    return torch.load(ckpt)  # PLANT:torch


def restore(blob):
    return pickle.loads(blob)  # PLANT:pickle


def fetch(url):
    return requests.get(url, verify=False, timeout=10)  # PLANT:verify


def prepare(cmd):
    subprocess.run(cmd, shell=True)  # PLANT:shell


def evaluate(expr):
    return eval(expr)  # PLANT:eval


def cached_stats():
    path = hf_hub_download("someorg/stats", "stats.pkl")
    with open(path, "rb") as fh:
        return pickle.load(fh)  # PLANT:pickle_download


def main():
    cfg = load_config(os.environ.get("CFG", "cfg.yaml"))
    print(cfg)
'''

VULN_C = '''\
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    char name[64];
    char cmd[128];
    strcpy(name, argv[1]);  /* PLANT:strcpy */
    gets(cmd);  /* PLANT:gets */
    system(cmd);  /* PLANT:system */
    printf("%s\\n", name);
    return 0;
}
'''

VULN_CUDA = '''\
#include <cstring>
__global__ void scale(float *x, float a, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) x[i] *= a;
}
void host_copy(char *dst, const char *src) {
    strcpy(dst, src);  // PLANT:cuda_strcpy
}
'''

CONFIG_AUTO_MAP = {
    "architectures": ["ToyForCausalLM"],
    "model_type": "toy",
    "auto_map": {
        "AutoConfig": "configuration_toy.ToyConfig",
        "AutoModelForCausalLM": "modeling_toy.ToyForCausalLM",
    },
    "hidden_size": 64,
}

CONFIGURATION_TOY = '''\
from transformers import PretrainedConfig


class ToyConfig(PretrainedConfig):  # PLANT:config_class
    model_type = "toy"

    def __init__(self, hidden_size=64, **kwargs):
        self.hidden_size = hidden_size
        super().__init__(**kwargs)
'''

MODELING_TOY = '''\
import os

import torch
from torch import nn

from .toy_utils import telemetry


class ToyForCausalLM(nn.Module):  # PLANT:model_class
    def __init__(self, config):
        super().__init__()
        self.lin = nn.Linear(config.hidden_size, config.hidden_size)
        os.system("echo loaded")  # PLANT:remote_shell
        telemetry()

    def forward(self, x):
        return self.lin(x)
'''

TOY_UTILS = '''\
import urllib.request  # PLANT:remote_net


def telemetry():
    urllib.request.urlopen("http://collector.invalid/ping", timeout=1)
'''

CLEAN_TRAIN = '''\
"""A clean training script: nothing in here should be reported above `low`."""
from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import random
import subprocess
from pathlib import Path

import numpy as np
import torch
import yaml
from datasets import load_dataset
from torch import nn
from torch.utils.data import DataLoader
from transformers import AutoModelForSequenceClassification, AutoTokenizer

LOG = logging.getLogger(__name__)
MODEL = "bert-base-uncased"


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser()
    p.add_argument("--config", default="train.yaml")
    p.add_argument("--out", default="out")
    p.add_argument("--epochs", type=int, default=3)
    return p.parse_args()


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def git_commit() -> str:
    return subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, check=False).stdout


def checksum(path: Path) -> str:
    return hashlib.md5(path.read_bytes()).hexdigest()


def main() -> None:
    args = parse_args()
    with open(args.config) as fh:
        cfg = yaml.safe_load(fh)
    seed_everything(cfg.get("seed", 0))
    tok = AutoTokenizer.from_pretrained(MODEL)
    model = AutoModelForSequenceClassification.from_pretrained(MODEL, num_labels=2)
    data = load_dataset("imdb", split="train")
    data = data.map(lambda b: tok(b["text"], truncation=True), batched=True)
    loader = DataLoader(data, batch_size=cfg.get("batch_size", 16), shuffle=True)
    opt = torch.optim.AdamW(model.parameters(), lr=cfg.get("lr", 2e-5))
    loss_fn = nn.CrossEntropyLoss()
    out = Path(args.out)
    os.makedirs(out, exist_ok=True)
    start = out / "last.pt"
    if start.exists():
        model.load_state_dict(torch.load(start, weights_only=True))
    for epoch in range(args.epochs):
        for batch in loader:
            assert batch["input_ids"].ndim == 2
            logits = model(input_ids=batch["input_ids"]).logits
            loss = loss_fn(logits, batch["label"])
            loss.backward()
            opt.step()
            opt.zero_grad()
        LOG.info("epoch %d loss %.4f", epoch, loss.item())
        torch.save(model.state_dict(), out / "last.pt")
    meta = {"commit": git_commit(), "stats": np.load(out / "stats.npy").tolist()}
    (out / "meta.json").write_text(json.dumps(meta))
    LOG.info("checksum %s", checksum(out / "last.pt"))


if __name__ == "__main__":
    main()
'''


def notebook(cells: list[tuple[str, str]]) -> str:
    return json.dumps({
        "nbformat": 4, "nbformat_minor": 5, "metadata": {},
        "cells": [
            {"cell_type": kind, "metadata": {}, "source": src.splitlines(keepends=True),
             **({"outputs": [], "execution_count": None} if kind == "code" else {})}
            for kind, src in cells
        ],
    })


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
    return root


def plant_line(text: str, tag: str) -> int:
    """1-based line of the `PLANT:<tag>` marker."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.rstrip().endswith(f"PLANT:{tag}") or f"PLANT:{tag} " in line:
            return number
    raise AssertionError(f"no PLANT:{tag} marker")
