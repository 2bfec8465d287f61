"""Study: what 24,859 real Hub model cards (2023) document, beside the article's figure; the census pace.

    python benchmarks/study_cards.py [--data ../shared/data/cards-2023] [--workers 2] [--out benchmarks/results]
                                     [--site DIR] [--limit N]

Extracts `model_cards.tar.gz` (regular files only) into a temporary folder of release folders (one
card each, as `README.md`), surveys them with `unveil survey` (the whole survey's wall time is the
census pace), then breaks the documentation topics down by the collection's own metadata (task,
architecture, category; `metadata_*_WithREADME.csv.gz`). Writes `study_cards.md` and `study_cards.csv`
(topic shares per group) with the date and the unveil version; `--site DIR` also writes the site with
the same breakdowns (`unveil report --site DIR --groups`).

Same recipe by hand: extract the cards into `cards/<folder>__<name>/README.md`, then
`unveil survey cards --out census --workers 2` and `unveil report census --site site --groups groups.csv`.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import io
import tarfile
import tempfile
import time
from pathlib import Path

from unveil import __version__
from unveil.survey.command import run_report, run_sql, run_survey
from unveil.survey.rows import DOC_TOPICS

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "cards-2023"
ARTICLE = ("data_quality", 28.0, "fewer than 28% of projects document data-quality concerns")
SUFFIX = "_README.md"
MAX_CARD = 4 << 20


def release_name(member: str) -> str | None:
    """`model_cards/_train/org_name_README.md` -> `_train__org_name` (None for anything else)."""
    parts = Path(member).parts
    if len(parts) != 3 or parts[0] != "model_cards" or not parts[2].endswith(SUFFIX):
        return None
    return f"{parts[1]}__{parts[2][: -len(SUFFIX)]}"


def extract(archive: Path, dest: Path, limit: int | None) -> int:
    n = 0
    with tarfile.open(archive) as tar:
        for member in tar:
            name = release_name(member.name)
            if name is None or not member.isreg() or member.size > MAX_CARD or name.startswith("."):
                continue
            folder = dest / name
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "README.md").write_bytes(tar.extractfile(member).read())  # type: ignore[union-attr]
            n += 1
            if limit and n >= limit:
                break
    return n


def write_groups(data: Path, releases: Path, out: Path) -> int:
    """The collection's metadata as a groups file: id (the release folder) -> task, architecture, category."""
    n = 0
    with out.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "task", "architecture", "category"])
        for path in sorted(data.glob("metadata_*_WithREADME.csv.gz")):
            with gzip.open(path, "rt", encoding="utf-8", newline="") as src:
                for row in csv.DictReader(src):
                    name = release_name(row.get("readme_path", "").removeprefix("./"))
                    if name and (releases / name).is_dir():
                        w.writerow([str(releases / name), row.get("model_task") or "none given",
                                    row.get("model_architecture") or "none given",
                                    row.get("model_category") or "none given"])
                        n += 1
    return n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results")
    ap.add_argument("--site", type=Path, default=None)
    ap.add_argument("--limit", type=int, default=None, help="only the first N cards (a quick check)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="unveil-study-cards-") as tmp:
        root = Path(tmp)
        releases = root / "cards"
        cards = extract(args.data / "model_cards.tar.gz", releases, args.limit)
        groups = root / "groups.csv"
        matched = write_groups(args.data, releases, groups)
        started = dt.datetime.now(dt.UTC)
        t0 = time.perf_counter()
        code = run_survey(str(releases), root / "store", args.workers, "local", None)
        wall = time.perf_counter() - t0
        store = root / "store"
        if args.site:
            run_report(store, site=args.site, groups=groups)
        results = tables(store, groups)
    write(args.out, results, cards, matched, started, wall, code, args.workers)


def _sql(store: Path, sql: str) -> list[dict]:
    text, _ = run_sql(store, sql, "csv")
    return list(csv.DictReader(io.StringIO(text)))


def tables(store: Path, groups: Path) -> dict[str, list[dict]]:
    shares = ", ".join(f"round(100.0 * count(*) FILTER (WHERE doc_{t}) / count(*), 1) AS {t}" for t in DOC_TOPICS)
    out = {
        "pace": _sql(store, "SELECT count(*) AS rows, count(error) AS errors, max(seconds) AS slowest_s, "
                            "round(quantile_cont(seconds, 0.99), 4) AS p99_s, round(sum(seconds), 1) AS cpu_s "
                            "FROM rows"),
        "overall": _sql(store, f"SELECT 'all cards' AS grp, count(*) AS cards, {shares}, "
                               f"round(avg(doc_score), 1) AS mean_score FROM rows WHERE error IS NULL"),
    }
    # The metadata is read into DuckDB here (the store's query runs with file access off).
    import duckdb

    con = duckdb.connect()
    try:
        con.execute("CREATE TABLE g AS SELECT * FROM read_csv(?, header=true, all_varchar=true)", [str(groups)])
        files = sorted(str(p) for p in (store / "shards").glob("*.parquet"))
        con.execute("CREATE TABLE rows AS SELECT * FROM read_parquet(?, union_by_name=true)", [files])
        for column in ("category", "task", "architecture"):
            cur = con.execute(f"""SELECT coalesce(g.{column}, 'not in metadata') AS grp, count(*) AS cards, {shares},
                    round(avg(doc_score), 1) AS mean_score
                FROM rows r LEFT JOIN (SELECT DISTINCT ON (id) * FROM g) g ON g.id = r.id WHERE r.error IS NULL
                GROUP BY grp ORDER BY cards DESC, grp LIMIT 15""")
            names = [d[0] for d in cur.description]
            out[column] = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    finally:
        con.close()
    return out


def write(out: Path, t: dict[str, list[dict]], cards: int, matched: int, started: dt.datetime, wall: float,
          code: int, workers: int) -> None:
    out.mkdir(parents=True, exist_ok=True)
    pace = t["pace"][0]
    heads = ["grp", "cards", *DOC_TOPICS, "mean_score"]
    with (out / "study_cards.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["breakdown", *heads])
        for key in ("overall", "category", "task", "architecture"):
            for row in t[key]:
                w.writerow([key, *(row[h] for h in heads)])
    overall = t["overall"][0]
    topic, ref, ref_text = ARTICLE

    def table(rows: list[dict], first: str) -> list[str]:
        topics = " | ".join(h.replace("_", " ") + " %" for h in DOC_TOPICS)
        lines = [f"| {first} | cards | {topics} | mean score |",
                 "|---|---:|" + "---:|" * (len(DOC_TOPICS) + 1)]
        lines += [f"| {r['grp']} | {r['cards']} | " + " | ".join(str(r[h]) for h in DOC_TOPICS)
                  + f" | {r['mean_score']} |" for r in rows]
        return lines

    lines = [
        "# Study: what real Hub model cards document (cards-2023)",
        "",
        f"- Date: {started:%Y-%m-%d %H:%M} UTC; unveil {__version__}; survey exit {code}.",
        f"- Data: `../shared/data/cards-2023`: {cards} cards (a snapshot of April-May 2023), one release folder "
        f"each; {matched} matched to the collection's metadata (task, architecture, category).",
        "- Command: `python benchmarks/study_cards.py` (groups in `study_cards.csv`).",
        f"- Census pace: {pace['rows']} rows, {pace['errors']} errors, {wall:.1f} s wall with {workers} workers "
        f"({int(pace['rows']) / wall:.0f} cards/s, the whole survey); slowest card {pace['slowest_s']} s, "
        f"p99 {pace['p99_s']} s, {pace['cpu_s']} s of audit time in all.",
        "",
        "## Headline, beside the article",
        "",
        "| measure | unveil, these cards | the article |",
        "|---|---:|---|",
        f"| cards documenting data quality | {overall[topic]}% | {ref_text} (<{ref:g}%) |",
        *(f"| cards documenting {h.replace('_', ' ')} | {overall[h]}% | |" for h in DOC_TOPICS if h != topic),
        f"| mean documentation score (0-100) | {overall['mean_score']} | |",
        "",
        "## By category", "", *table(t["category"], "category"), "",
        "## By task (15 largest)", "", *table(t["task"], "task"), "",
        "## By architecture (15 largest)", "", *table(t["architecture"], "architecture"), "",
        "## Method",
        "",
        "- A topic is documented when unveil's documentation analyzer finds a section or passage covering it "
        "(a heading left with template filler, such as \"[More Information Needed]\", does not count); the rules "
        "are in `docs/rules.md` and each card's evidence is in its report. Those rules were developed with a "
        "labelled sample of these same cards, so this is not a held-out measurement of the analyzer.",
        "- Shares are over audited cards (errors are counted apart, above). Each card is audited alone: cards "
        "only, no files, so nothing here is about weights or licence files.",
        "- The article's coding of \"documents data-quality concerns\" is its own; unveil's is its topic rule. "
        "The two definitions differ, so the side by side compares magnitudes, not a replication.",
        "",
    ]
    (out / "study_cards.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines[:18]))


if __name__ == "__main__":
    main()
