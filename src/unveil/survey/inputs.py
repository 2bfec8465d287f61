"""Read a survey's INPUT into a list of source specs (what `unveil.service.audit` accepts).

INPUT is one of:
- `hub:` followed by query parameters (`hub:author=org&search=x&filter=tag&sort=downloads&limit=100`,
  or `hub:ORG` for one author): the Hub is enumerated page by page with `HfApi.list_models(expand=...)`
  at the endpoint of `HF_ENDPOINT`; each model becomes `org/name@sha`, pinned to the commit seen at
  enumeration time so a resumed survey audits the same revision. The page also carries each repo's
  file names and gating (`expand=siblings,gated`), kept as the source's `listing`: the audit then
  spends no API call of its own (a census's quota is API calls; see `unveil.sources.hub`).
- a folder: every non-hidden sub-folder is one release (a folder of release folders);
- a `.csv` file (column `source`, `id` or `path`, else the first column), a `.json` file (a list of
  strings or of objects with `source`/`id`/`path`), or a `.jsonl` file;
- any other file: one source per line; blank lines and `#` comments are ignored.
Relative paths inside a list file are resolved against the list file's folder when they exist there.
"""

from __future__ import annotations

import csv
import io
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from huggingface_hub import HfApi

from unveil import budgets
from unveil.errors import SourceNotFound, UsageError
from unveil.sources.hub_options import HubListing

HUB_PREFIX = "hub:"
# Properties asked of the Hub listing: enough to pin a revision and list each repo's files without a
# model_info call per repo (paged listings give names only; sizes come from the resolver's headers).
HUB_EXPAND = ["sha", "siblings", "gated", "lastModified", "private"]
_HUB_KEYS = {"author", "search", "filter", "sort", "limit", "pipeline_tag", "gated"}
_COLUMNS = ("source", "id", "path", "repo_id", "model")


@dataclass(frozen=True)
class SourceSpec:
    """One release to audit: `spec` is passed to the audit; `key` is its stable identity (no revision)."""
    spec: str
    key: str
    # A Hub repo's listing from the paged enumeration (`unveil.sources.hub_options.HubListing`), if any.
    listing: Any = field(default=None, compare=False, hash=False, repr=False)


def read_inputs(value: str) -> list[SourceSpec]:
    """Resolve INPUT into unique source specs, in input order."""
    if not value or not value.strip():
        raise UsageError("INPUT is empty")
    listings: dict[str, Any] = {}
    if value.startswith(HUB_PREFIX):
        enumerated = enumerate_hub(value[len(HUB_PREFIX):])
        specs = [spec for spec, _ in enumerated]
        listings = {spec: listing for spec, listing in enumerated if listing is not None}
    else:
        path = Path(value)
        if path.is_dir():
            specs = _sub_folders(path)
        elif path.is_file():
            specs = _read_list_file(path)
        else:
            raise SourceNotFound(f"no such input file or folder: {value} (or use hub:QUERY)")
    seen: set[str] = set()
    out: list[SourceSpec] = []
    for spec in specs:
        key = source_key(spec)
        if key not in seen:
            seen.add(key)
            out.append(SourceSpec(spec=spec, key=key, listing=listings.get(spec)))
    return out


def _sub_folders(path: Path) -> list[str]:
    """Every non-hidden sub-folder of `path`, as `str(path / name)`, in the order `sorted(path.iterdir())` gives
    (by name). One scandir: its entries know whether they are folders, where `Path.is_dir` stats each one (a
    census folder holds 25,000: ~0.5 s before the first audit could start)."""
    with os.scandir(path) as entries:
        names = [e.name for e in entries if not e.name.startswith(".") and e.is_dir()]
    names.sort(key=os.path.normcase)  # how paths compare: by name (case-blind where the file system is)
    return [str(path / name) for name in names]


def source_key(spec: str) -> str:
    """Identity of a source for sharding and resume: a Hub id without its `@revision`, else the spec."""
    if "@" in spec and "://" not in spec and not spec.startswith(("/", ".", "git@")) and not Path(spec).exists():
        return spec.split("@", 1)[0]
    return spec


def _read_list_file(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read input list {path}: {exc}") from exc
    suffix = path.suffix.lower()
    if suffix == ".csv":
        raw = _from_csv(text)
    elif suffix == ".json":
        try:
            raw = _from_items(json.loads(text))
        except json.JSONDecodeError as exc:
            raise UsageError(f"{path}: not valid JSON: {exc}") from exc
    elif suffix == ".jsonl":
        raw = []
        for n, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    raw += _from_items([json.loads(line)])
                except json.JSONDecodeError as exc:
                    raise UsageError(f"{path}:{n}: not valid JSON: {exc}") from exc
    else:
        raw = [ln.strip() for ln in text.splitlines()]
        raw = [ln for ln in raw if ln and not ln.startswith("#")]
    return [_resolve(item, path.parent) for item in raw if item]


def _from_csv(text: str) -> list[str]:
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return []
    header = [h.strip().lower() for h in rows[0]]
    column = next((header.index(c) for c in _COLUMNS if c in header), None)
    if column is None:  # no known header: the first column, header row included
        return [r[0].strip() for r in rows if r and r[0].strip()]
    return [r[column].strip() for r in rows[1:] if len(r) > column and r[column].strip()]


def _from_items(data: Any) -> list[str]:
    if isinstance(data, dict):  # {"sources": [...]} or {"models": [...]}
        data = next((data[k] for k in ("sources", "models", "releases") if isinstance(data.get(k), list)), None)
    if not isinstance(data, list):
        raise UsageError("a JSON input must be a list of sources (strings or objects with a 'source' key)")
    out: list[str] = []
    for item in data:
        if isinstance(item, str):
            out.append(item.strip())
        elif isinstance(item, dict):
            value = next((item[c] for c in _COLUMNS if isinstance(item.get(c), str)), None)
            rev = item.get("revision")
            if value and isinstance(rev, str) and rev and "@" not in value:
                value = f"{value}@{rev}"
            if value:
                out.append(value.strip())
    return out


def _resolve(item: str, base: Path) -> str:
    """A relative path that exists beside the list file wins over the current directory and Hub ids."""
    if item.startswith(HUB_PREFIX) or "://" in item or item.startswith("git@") or Path(item).is_absolute():
        return item
    candidate = base / item
    if candidate.exists():
        return str(candidate)
    return item


def parse_hub_query(query: str) -> dict[str, Any]:
    query = query.strip().lstrip("?")
    if not query:
        return {}
    if "=" not in query:  # `hub:ORG`
        return {"author": query}
    params: dict[str, Any] = {}
    for key, value in parse_qsl(query, keep_blank_values=False):
        if key not in _HUB_KEYS:
            raise UsageError(f"unknown hub: parameter {key!r}; use {', '.join(sorted(_HUB_KEYS))}")
        if key == "limit":
            try:
                params[key] = int(value)
            except ValueError as exc:
                raise UsageError(f"hub: limit must be an integer, not {value!r}") from exc
        elif key == "filter":
            params.setdefault("filter", []).append(value)
        elif key == "gated":
            params[key] = value.lower() in {"1", "true", "yes"}
        else:
            params[key] = value
    return params


def enumerate_hub(query: str) -> list[tuple[str, Any]]:
    """Page through the Hub listing: each model pinned to the sha seen now (`org/name@sha`), with its
    listing (file names, gating) when the page carried it.

    Bounded (unveil.budgets): a listing that runs past `hub_listing_repos` repos or
    `hub_listing_seconds`, or repeats `hub_listing_repeats` repos in a row (a `next` link that loops),
    stops with a usage error that names the budget, never a survey of a partial listing."""
    params = parse_hub_query(query)
    limits = budgets.current()
    deadline = time.monotonic() + limits.hub_listing_seconds
    seen: set[str] = set()
    repeats = 0
    endpoint = os.environ.get("HF_ENDPOINT") or None
    api = HfApi(endpoint=endpoint, token=os.environ.get("HF_TOKEN") or None)
    out: list[tuple[str, Any]] = []
    try:
        # list_models follows the `Link: next` header itself, one page per request.
        for info in api.list_models(expand=HUB_EXPAND, **params):  # type: ignore[arg-type]
            repeats = repeats + 1 if info.id in seen else 0
            seen.add(info.id)
            if repeats >= limits.hub_listing_repeats:
                raise budgets.trip("hub_listing_repeats", f"{repeats:,} listed repos in a row were listed before")
            if repeats:
                continue
            budgets.check("hub_listing_repos", len(out) + 1, "repos listed")
            if time.monotonic() > deadline:
                raise budgets.trip("hub_listing_seconds",
                                   f"{len(out):,} repos listed in {limits.hub_listing_seconds:g} s")
            sha = getattr(info, "sha", None)
            siblings = getattr(info, "siblings", None)
            listing = None
            # A page listing more files than a release may have is not trusted as the listing: the audit
            # then reads the repo's own listing, which the source layer bounds (budget release_files).
            if isinstance(sha, str) and siblings is not None and len(siblings) <= limits.release_files:
                names = tuple(s.rfilename for s in siblings if isinstance(getattr(s, "rfilename", None), str))
                listing = HubListing(repo_id=info.id, sha=sha, files=names, gated=bool(info.gated))
            out.append((f"{info.id}@{sha}" if sha else info.id, listing))
    except budgets.BudgetExceeded as exc:
        raise UsageError(f"cannot enumerate the Hub ({endpoint or 'huggingface.co'}): {exc.reason}; "
                         f"raise it with UNVEIL_BUDGET_{exc.name.upper()}") from exc
    except Exception as exc:  # the listing is the input: failing to read it is a usage error
        raise UsageError(f"cannot enumerate the Hub ({endpoint or 'huggingface.co'}): "
                         f"{type(exc).__name__}: {exc}") from exc
    return out
