"""Study: high-severity weaknesses in the official code of released models (Bandit, Flawfinder, Semgrep).

    python benchmarks/study_code.py [--data ../shared/data/model-code] [--workers 2] [--out benchmarks/results]

Extracts `code.tar.gz` (43 repositories, `OWNER__NAME/...`) to a temporary folder, surveys each
repository as one release with `unveil survey --keep-reports` (Bandit, Flawfinder, Semgrep with
unveil's shipped rules, and unveil's ML rules; nothing is imported or run), and, for the side by side
with the article, also runs the Bandit and Flawfinder command-line tools directly with their own
severities, as a study that counts raw tool output would. Writes `study_code.md` and `study_code.csv`
(one row per repository) with the date and the unveil version, and the site with `--site DIR`.

Two counts of "a release with a high-severity finding", both reported:
- unveil: a code finding whose severity on unveil's scale is high or critical, after de-duplication
  across scanners (Bandit's severity x confidence table, so a low-confidence match is never high;
  Flawfinder risk level >= 4; Semgrep ERROR). Suppressed findings are not counted.
- raw tools: Bandit `issue_severity == HIGH` at any confidence, Flawfinder level >= 4, over the same
  files the tools accept (Bandit: .py; Flawfinder: C/C++/CUDA sources and headers).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from pathlib import Path

from unveil import __version__
from unveil.report import Report
from unveil.survey.command import run_report, run_survey
from unveil.survey.rows import report_filename

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "model-code"
ARTICLE = "over 30% of projects have high-severity findings"
C_SUFFIXES = (".c", ".cc", ".cpp", ".cu", ".h", ".hpp")


def extract(archive: Path, dest: Path) -> list[Path]:
    with tarfile.open(archive) as tar:
        tar.extractall(dest, filter="data")  # the 'data' filter refuses links out, devices, absolute paths
    return sorted(p for p in dest.iterdir() if p.is_dir())


def raw_bandit(repo: Path) -> Counter[str]:
    """Bandit's own HIGH-severity results per test id (any confidence), as the tool reports them."""
    proc = subprocess.run([sys.executable, "-m", "bandit", "-r", str(repo), "-f", "json", "-q", "--exit-zero"],
                          capture_output=True, text=True, timeout=1800)
    try:
        results = json.loads(proc.stdout or "{}").get("results", [])
    except json.JSONDecodeError:
        return Counter({"bandit-failed": 1})
    return Counter(f"bandit {r['test_id']} {r['test_name']}" for r in results if r.get("issue_severity") == "HIGH")


def raw_flawfinder(repo: Path) -> Counter[str]:
    """Flawfinder's level 4-5 hits per rule (its own CSV output)."""
    if not any(p.suffix in C_SUFFIXES for p in repo.rglob("*") if p.is_file()):
        return Counter()
    proc = subprocess.run([sys.executable, "-m", "flawfinder", "--csv", "--minlevel=4", "--quiet", str(repo)],
                          capture_output=True, text=True, timeout=1800)
    rows = list(csv.DictReader(proc.stdout.splitlines()))
    return Counter(f"flawfinder {r.get('Name', '?')}" for r in rows if r.get("Level", "0").isdigit()
                   and int(r["Level"]) >= 4)


def unveil_high(report: Report) -> Counter[str]:
    """High-or-worse code findings per (scanner, scanner rule), after unveil's de-duplication."""
    out: Counter[str] = Counter()
    for f in report.security.findings:
        if f.suppressed or f.severity not in ("high", "critical") or not f.rule.startswith("CODE"):
            continue
        rules = {e.rule for e in f.evidence if e.rule} or {f.rule}
        out[f"{f.scanner} {'/'.join(sorted(rules))}"] += 1
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results")
    ap.add_argument("--site", type=Path, default=None, help="also write the survey site here")
    args = ap.parse_args()
    manifest = {r["repo"].replace("/", "__"): r for r in csv.DictReader((args.data / "manifest.csv").open())}
    with tempfile.TemporaryDirectory(prefix="unveil-study-code-") as tmp:
        root = Path(tmp)
        repos = extract(args.data / "code.tar.gz", root / "releases")
        store = root / "store"
        started = dt.datetime.now(dt.UTC)
        code = run_survey(str(root / "releases"), store, args.workers, "local", None, keep_reports=True)
        rows = []
        for repo in repos:
            report = Report.model_validate_json((store / "reports" / report_filename(str(repo))).read_bytes())
            scanners = (report.security.summary.get("code") or {}).get("scanners", {})
            raw = raw_bandit(repo) + raw_flawfinder(repo)
            mine = unveil_high(report)
            rows.append({"repo": manifest.get(repo.name, {}).get("repo", repo.name),
                         "commit": manifest.get(repo.name, {}).get("commit", ""),
                         "files": report.source.files,
                         "unveil_high": sum(mine.values()), "raw_high": sum(raw.values()),
                         "unveil_rules": "; ".join(f"{k} x{v}" for k, v in mine.most_common(5)),
                         "raw_rules": "; ".join(f"{k} x{v}" for k, v in raw.most_common(5)),
                         "semgrep": scanners.get("semgrep"), "_mine": mine, "_raw": raw})
        seconds = (dt.datetime.now(dt.UTC) - started).total_seconds()
        write(args.out, rows, started, seconds, code)
        if args.site:
            run_report(store, site=args.site)


def _share(k: int, n: int) -> str:
    return f"{100.0 * k / n:.1f}%" if n else "n/a"


def write(out: Path, rows: list[dict], started: dt.datetime, seconds: float, code: int) -> None:
    out.mkdir(parents=True, exist_ok=True)
    n = len(rows)
    mine_n = sum(1 for r in rows if r["unveil_high"])
    raw_n = sum(1 for r in rows if r["raw_high"])
    drivers_mine: Counter[str] = Counter()
    drivers_raw: Counter[str] = Counter()
    for r in rows:
        drivers_mine.update(set(r["_mine"]))
        drivers_raw.update(set(r["_raw"]))
    with (out / "study_code.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=[k for k in rows[0] if not k.startswith("_")] if rows else ["repo"],
                           extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
    semgrep = Counter(str(r["semgrep"] or "not needed (no code file)") for r in rows)
    lines = [
        "# Study: high-severity weaknesses in the official code of released models",
        "",
        f"- Date: {started:%Y-%m-%d %H:%M} UTC; unveil {__version__}; survey exit {code}; {seconds:.0f} s.",
        f"- Data: `../shared/data/model-code` ({n} repositories at the commits of its `manifest.csv`).",
        "- Command: `python benchmarks/study_code.py` (per-repository rows in `study_code.csv`).",
        f"- Semgrep runs: {', '.join(f'{k}: {v}' for k, v in sorted(semgrep.items()))} (unveil's shipped rules).",
        "",
        "| measure | releases | share |",
        "|---|---:|---:|",
        f"| unveil: a code finding rated high or critical (Bandit, Flawfinder, Semgrep, unveil ML rules) "
        f"| {mine_n} of {n} | {_share(mine_n, n)} |",
        f"| raw tools: Bandit severity HIGH (any confidence) or Flawfinder level >= 4 | {raw_n} of {n} "
        f"| {_share(raw_n, n)} |",
        f"| the article | | {ARTICLE} |",
        "",
        "## What drives it (releases with at least one such finding, by rule)",
        "",
        "| unveil (scanner rule) | releases | | raw tools (rule) | releases |",
        "|---|---:|---|---|---:|",
    ]
    left, right = drivers_mine.most_common(12), drivers_raw.most_common(12)
    for i in range(max(len(left), len(right))):
        a = left[i] if i < len(left) else ("", "")
        b = right[i] if i < len(right) else ("", "")
        lines.append(f"| {a[0]} | {a[1]} | | {b[0]} | {b[1]} |")
    lines += [
        "",
        "## Method",
        "",
        "- One release per repository; the whole repository's included files (`*.py`, notebooks, C/C++/CUDA, "
        "requirements) are scanned statically; nothing is imported, installed or run.",
        "- unveil's count: findings after de-duplication (one weakness seen by several scanners on the same "
        "line is one finding at its highest severity). Bandit's severity is combined with its confidence "
        "(HIGH severity needs HIGH confidence to be high; documented per-test overrides for ML code), Flawfinder "
        "levels 4-5 are high, Semgrep ERROR is high.",
        "- Raw count: the tools' own output with their own severities, no confidence filter, no de-duplication; "
        "this is the closer match to a study that counts raw tool output. Bandit does not read notebooks.",
        "- Semgrep runs with unveil's shipped rules (`security/code/rules/semgrep.yml`), not the Semgrep "
        "registry's rule packs: nothing is fetched, so the raw column cannot include registry Semgrep rules.",
        "- The article's population is not this one (43 official repositories of released models); "
        "the comparison is of method and magnitude, not a replication.",
        "",
        "## Per repository",
        "",
        "| repository | files | unveil high | raw high | top unveil rules |",
        "|---|---:|---:|---:|---|",
        *(f"| {r['repo']} | {r['files']} | {r['unveil_high']} | {r['raw_high']} | {r['unveil_rules']} |"
          for r in rows),
        "",
    ]
    (out / "study_code.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines[:14]))


if __name__ == "__main__":
    main()
