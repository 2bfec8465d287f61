"""The survey store: a folder with one Parquet file per shard plus a completion marker.

    OUT/survey.json                         manifest: shard count, input, tool version
    OUT/shards/shard-00003-of-00008.jsonl   journal of a shard in progress (one row per line)
    OUT/shards/shard-00003-of-00008.parquet the finished shard (written atomically)
    OUT/shards/shard-00003-of-00008.done    completion marker (rows, errors, digest of its sources)
    OUT/reports/*.json                      full reports, when asked

Resume: a shard with a marker whose digest matches its current sources is skipped; in any other
shard, sources already in the journal (or in an older Parquet file) are not audited again. A crash
can lose at most the line being written: a torn last journal line is dropped on reopen.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from unveil.errors import UsageError
from unveil.survey.inputs import source_key
from unveil.survey.rows import COLUMNS
from unveil.version import __version__

MANIFEST = "survey.json"
SHARDS = "shards"
REPORTS = "reports"
_TYPES = {"string": "string", "int": "int64", "float": "float64", "bool": "bool"}


def arrow_schema() -> Any:
    # lazy: optional extra (survey: pyarrow)
    import pyarrow as pa

    return pa.schema([pa.field(name, pa.type_for_alias(_TYPES[kind])) for name, kind in COLUMNS.items()])


def atomic_write(path: Path, data: bytes) -> None:
    tmp = _tmp_for(path)
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _tmp_for(path: Path) -> Path:
    """A temporary name beside PATH, unique across hosts sharing a file system (Slurm arrays)."""
    return path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")


def digest(keys: Iterable[str]) -> str:
    h = hashlib.sha256()
    for key in sorted(keys):
        h.update(key.encode("utf-8") + b"\n")
    return h.hexdigest()


class Store:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.shards_dir = self.root / SHARDS
        self.reports_dir = self.root / REPORTS

    # -- manifest --------------------------------------------------------------------------------
    def manifest(self) -> dict[str, Any] | None:
        path = self.root / MANIFEST
        if not path.is_file():
            return None
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise UsageError(f"{path} is not a survey manifest: {exc}") from exc

    def open(self, shards: int, input_value: str) -> int:
        """Create the store or check it: the shard count is fixed at creation (it decides the split)."""
        existing = self.manifest()
        if existing is not None:
            if int(existing.get("shards", 0)) != shards:
                raise UsageError(f"{self.root} holds a survey split into {existing.get('shards')} shards, "
                                 f"not {shards}; use --shard i/{existing.get('shards')} or another --out")
            return shards
        try:
            self.shards_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError(f"cannot create {self.shards_dir}: {exc.strerror or exc}") from exc
        manifest = {"format": "unveil-survey", "version": 1, "shards": shards, "input": input_value,
                    "tool": {"name": "unveil", "version": __version__},
                    "created": datetime.now(UTC).isoformat(timespec="seconds")}
        atomic_write(self.root / MANIFEST, (json.dumps(manifest, indent=2) + "\n").encode())
        return shards

    # -- paths -----------------------------------------------------------------------------------
    def stem(self, index: int, total: int) -> Path:
        return self.shards_dir / f"shard-{index:05d}-of-{total:05d}"

    def parquet_path(self, index: int, total: int) -> Path:
        return self.stem(index, total).with_suffix(".parquet")

    def marker_path(self, index: int, total: int) -> Path:
        return self.stem(index, total).with_suffix(".done")

    def journal_path(self, index: int, total: int) -> Path:
        return self.stem(index, total).with_suffix(".jsonl")

    def parquet_files(self) -> list[Path]:
        """Finished shards only: a Parquet file with its marker."""
        return sorted(p for p in self.shards_dir.glob("shard-*.parquet") if p.with_suffix(".done").is_file())

    # -- shard state -----------------------------------------------------------------------------
    def marker(self, index: int, total: int) -> dict[str, Any]:
        try:
            info = json.loads(self.marker_path(index, total).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            return {}
        return info if isinstance(info, dict) else {}

    def is_finished(self, index: int, total: int, keys: Iterable[str]) -> bool:
        """A marker, its Parquet file, and the same sources as when it was written."""
        if not self.parquet_path(index, total).is_file():
            return False
        return self.marker(index, total).get("digest") == digest(keys)

    def done_rows(self, index: int, total: int) -> dict[str, dict[str, Any]]:
        """Rows already computed for this shard (an older Parquet file, then the journal), by source key."""
        rows: dict[str, dict[str, Any]] = {}
        parquet = self.parquet_path(index, total)
        if parquet.is_file():
            # lazy: optional extra (survey: pyarrow)
            import pyarrow.parquet as pq

            try:
                for row in pq.read_table(parquet).to_pylist():
                    rows[source_key(row["id"])] = row
            except Exception:  # noqa: BLE001 - a damaged file is recomputed, not trusted
                rows.clear()
        for row in self._journal(index, total):
            rows[source_key(row["id"])] = row
        return rows

    def _journal(self, index: int, total: int) -> list[dict[str, Any]]:
        path = self.journal_path(index, total)
        if not path.is_file():
            return []
        out = []
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                continue  # a torn line from a crash
            if isinstance(row, dict) and isinstance(row.get("id"), str):
                out.append(row)
        return out

    def journal(self, index: int, total: int) -> Journal:
        return Journal(self.journal_path(index, total))

    def finish(self, index: int, total: int, keys: list[str], rows: dict[str, dict[str, Any]]) -> int:
        """Write the shard's Parquet file, then its marker, then drop the journal. Returns row count."""
        # lazy: optional extra (survey: pyarrow)
        import pyarrow as pa

        # lazy: optional extra (survey: pyarrow)
        import pyarrow.parquet as pq

        ordered = [_conform(rows[k], index) for k in keys if k in rows]
        table = pa.Table.from_pylist(ordered, schema=arrow_schema())
        parquet = self.parquet_path(index, total)
        tmp = _tmp_for(parquet)
        pq.write_table(table, tmp)
        os.replace(tmp, parquet)
        marker = {"rows": len(ordered), "errors": sum(1 for r in ordered if r.get("error")),
                  "digest": digest(keys), "finished": datetime.now(UTC).isoformat(timespec="seconds"),
                  "tool": __version__}
        atomic_write(self.marker_path(index, total), (json.dumps(marker) + "\n").encode())
        self.journal_path(index, total).unlink(missing_ok=True)
        return len(ordered)


def _conform(row: dict[str, Any], shard: int) -> dict[str, Any]:
    out = {name: row.get(name) for name in COLUMNS}
    out["shard"] = shard
    return out


class Journal:
    """Append-only JSON lines; each row is flushed as soon as it is known."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._drop_torn_tail()
        self._fh = open(path, "a", encoding="utf-8")  # noqa: SIM115 - closed by close()

    def _drop_torn_tail(self) -> None:
        if not self.path.is_file():
            return
        data = self.path.read_bytes()
        if data and not data.endswith(b"\n"):
            with open(self.path, "r+b") as fh:
                fh.truncate(data.rfind(b"\n") + 1)

    def append(self, row: dict[str, Any]) -> None:
        self._fh.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        self._fh.flush()

    def close(self) -> None:
        self._fh.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
