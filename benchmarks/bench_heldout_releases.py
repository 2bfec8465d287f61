"""Held-out real releases through the replayed Hub: every field against labels written before any audit.

    PYTHONPATH=src python benchmarks/bench_heldout_releases.py [--set 2|3|4|5|6]

Builds benchmarks/heldout_releases_2 into a temporary folder (benchmarks/build_heldout_releases.py: real
cards-2023 cards and licence texts from ../shared/data, reconstructed listings), serves it with
tests/hub_replay.py, and audits each release as `unveil audit org/name` does (the real huggingface_hub
client against HF_ENDPOINT; no token, empty cache). Compares field by field as the recorded-release tests
do: label, OSAID verdict, weights licence category and id, claims_open_source, openwashing, each of the six
documentation topics, and the present components (precision and recall over (release, component) cells).
Set 2 (default) was measured untuned, then the rules were corrected on its misses; set 3 was labelled after
those corrections and measures them; sets 4, 5 and 6 (branch rel4) were each labelled before their first
audit, set 5 after the set-4 corrections and set 6 after the set-5 ones. Report each apart from the recorded
releases' 22/22.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from build_heldout_releases import build  # noqa: E402

from unveil.documentation import covered  # noqa: E402
from unveil.service import audit  # noqa: E402

from hub_replay import HubReplay  # noqa: E402
from recorded import OPENNESS_FIELDS, expected, observed_openness, repo_id  # noqa: E402

TOPICS = ("training_data", "data_quality", "limitations", "bias", "evaluation", "intended_use")
FIELDS = (*OPENNESS_FIELDS, "weights_license_id")


def _weights_license_id(report) -> str | None:
    """The catalogue id of the licence the judges read for the weights (the report gives spdx or id)."""
    shown = report.openness.weights_license
    if shown is None:
        return None
    entry = next((e for e in report.licenses if shown in (e.spdx, e.id)), None)
    return entry.id if entry else shown


def observe(report) -> dict:
    out = observed_openness(report)
    out["weights_license_id"] = _weights_license_id(report)
    out["card_covers"] = {t: covered(report.documentation, t) for t in TOPICS}
    return out


def audit_all(root: Path) -> dict[str, tuple[dict, dict]]:
    server = HubReplay([root]).start()
    saved = {k: os.environ.get(k) for k in ("HF_ENDPOINT", "HF_HUB_CACHE", "HF_TOKEN", "HF_HUB_OFFLINE")}
    try:
        with tempfile.TemporaryDirectory() as cache:
            os.environ.update(HF_ENDPOINT=server.endpoint, HF_HUB_CACHE=cache, HF_HUB_DISABLE_TELEMETRY="1")
            os.environ.pop("HF_TOKEN", None)
            os.environ.pop("HF_HUB_OFFLINE", None)
            results = {}
            for folder in sorted(p for p in root.iterdir() if (p / "expected.json").is_file()):
                results[folder.name] = (expected(folder), observe(audit(repo_id(folder))))
            return results
    finally:
        server.stop()
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def table(results: dict[str, tuple[dict, dict]]) -> list[str]:
    lines, misses = [], []
    n = len(results)
    for field in FIELDS:
        agree = sum(want[field] == got[field] for want, got in results.values())
        lines.append(f"  {field:26s} {agree}/{n} = {agree / n:.0%}")
        misses += [f"    {name}: {field} expected {want[field]!r}, got {got[field]!r}"
                   for name, (want, got) in results.items() if want[field] != got[field]]
    for topic in TOPICS:
        agree = sum(want["card_covers"][topic] == got["card_covers"][topic] for want, got in results.values())
        lines.append(f"  card_covers {topic:14s} {agree}/{n} = {agree / n:.0%}")
        misses += [f"    {name}: card_covers {topic} expected {want['card_covers'][topic]}"
                   for name, (want, got) in results.items() if want["card_covers"][topic] != got["card_covers"][topic]]
    tp = fp = fn = exact = 0
    for name, (want, got) in results.items():
        w, g = set(want["components_present"]), got["components"]
        tp, fp, fn, exact = tp + len(w & g), fp + len(g - w), fn + len(w - g), exact + (w == g)
        misses += [f"    {name}: {c} read as present, expected absent" for c in sorted(g - w)]
        misses += [f"    {name}: {c} missed" for c in sorted(w - g)]
    lines.append(f"  components precision {tp / max(tp + fp, 1):.3f}, recall {tp / max(tp + fn, 1):.3f}, "
                 f"exact set {exact}/{n}")
    return lines + ["  misses:"] + (misses or ["    none"])


def main() -> None:
    which = sys.argv[sys.argv.index("--set") + 1] if "--set" in sys.argv else "2"
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "releases"
        build(root, which)
        results = audit_all(root)
    print(f"held-out real releases, set {which} ({len(results)}), through the replayed Hub:")
    print("\n".join(table(results)))


if __name__ == "__main__":
    main()
