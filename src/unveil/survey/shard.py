"""Shards: the unit of work of a survey. A source's shard is a stable hash of its key, so any
scheduler (Slurm arrays, Kubernetes jobs, CI matrices) given `--shard i/N` computes the same split
on any machine, in any order, for any Python (no `hash()` randomisation)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from unveil.errors import UsageError
from unveil.survey.inputs import SourceSpec


def parse_shard(value: str | None) -> tuple[int, int] | None:
    """`i/N` with 0 <= i < N; None when not given."""
    if value is None or not value.strip():
        return None
    index, sep, total = value.strip().partition("/")
    try:
        i, n = int(index), int(total)
    except ValueError:
        i, n = -1, 0
    if not sep or n < 1 or not 0 <= i < n:
        raise UsageError(f"--shard must be i/N with 0 <= i < N (for example 0/4), not {value!r}")
    return i, n


def shard_of(key: str, total: int) -> int:
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % total


def split(sources: Iterable[SourceSpec], total: int) -> dict[int, list[SourceSpec]]:
    """Every shard index 0..N-1, each with its sources in input order (possibly none)."""
    shards: dict[int, list[SourceSpec]] = {i: [] for i in range(total)}
    for source in sources:
        shards[shard_of(source.key, total)].append(source)
    return shards


def default_shards(count: int, per_shard: int = 256) -> int:
    """Shards when none were asked: small enough that a rerun loses little, few enough to stay tidy."""
    return max(1, -(-count // per_shard))
