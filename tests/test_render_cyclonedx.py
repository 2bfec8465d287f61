"""`unveil audit --format cyclonedx`: a CycloneDX 1.6 ML-BOM, validated with cyclonedx-python-lib's own
strict validator (schemas shipped with the library, no network)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from render_helpers import run_cli
from unveil.render import renderer
from unveil.render.cyclonedx import build_model_card, to_cyclonedx, validation_errors
from unveil.report import Report

from conftest import EXAMPLES


def _model(doc: dict) -> dict:
    return next(c for c in doc["components"] if c["type"] == "machine-learning-model")


@pytest.mark.parametrize("name", ["tiny", "open-weights", "hostile"])
def test_bom_validates_strictly_against_cyclonedx_1_6(reports: dict[str, Report], name: str) -> None:
    doc = json.loads(renderer("cyclonedx")(reports[name]))
    assert doc["bomFormat"] == "CycloneDX" and doc["specVersion"] == "1.6"
    assert validation_errors(doc) is None  # the whole document, not a sample
    model = _model(doc)
    print(name, "components:", len(doc["components"]), "modelCard keys:", sorted(model.get("modelCard", {})))
    assert model["bom-ref"] == "model"


def test_files_carry_the_listing_hashes(reports: dict[str, Report]) -> None:
    for name, report in reports.items():
        doc = to_cyclonedx(report)
        files = {c["name"]: c for c in doc["components"] if c["type"] == "file"}
        assert set(files) == {rec.path for rec in report.source.listing}, name
        hashed = 0
        for rec in report.source.listing:
            hashes = {h["alg"]: h["content"] for h in files[rec.path].get("hashes", [])}
            if rec.sha256:
                assert hashes == {"SHA-256": rec.sha256}
                hashed += 1
        print(name, "files:", len(files), "with sha256:", hashed)
        deps = {d["ref"]: d.get("dependsOn", []) for d in doc["dependencies"]}
        assert set(deps["model"]) == {f["bom-ref"] for f in files.values()}


def test_licenses_per_component(reports: dict[str, Report]) -> None:
    report = reports["tiny"]
    doc = to_cyclonedx(report)
    weights = [lic.spdx for lic in report.licenses if "weights" in lic.applies_to]
    got = [x["license"].get("id") or x["license"].get("name") for x in _model(doc).get("licenses", [])]
    assert weights and got == weights
    weight_files = set(report.component("model_parameters_final").paths)
    for c in doc["components"]:
        if c["name"] in weight_files:
            assert [x["license"]["id"] for x in c["licenses"]] == weights


def test_model_card_from_documentation_evidence(reports: dict[str, Report]) -> None:
    report = reports["tiny"]
    card = _model(to_cyclonedx(report))["modelCard"]
    sections = report.documentation.sections
    limits = {e.text for e in sections["limitations"].evidence}
    uses = {e.text for e in sections["intended_use"].evidence}
    assert set(card["considerations"]["technicalLimitations"]) <= limits and card["considerations"][
        "technicalLimitations"]
    assert set(card["considerations"]["useCases"]) <= uses
    risks = {e.text for t in ("bias", "risks") for e in sections[t].evidence}
    assert {r["name"] for r in card["considerations"]["ethicalConsiderations"]} <= risks
    metrics = card["quantitativeAnalysis"]["performanceMetrics"]
    eval_text = " ".join(e.text or "" for e in sections["evaluation"].evidence)
    print("metrics:", metrics)
    assert metrics and all(m["value"] in eval_text and m["type"] in eval_text for m in metrics)
    dataset_refs = {d.get("ref") for d in card["modelParameters"].get("datasets", [])}
    file_refs = {c["bom-ref"] for c in to_cyclonedx(report)["components"] if c["type"] == "file"}
    assert dataset_refs and dataset_refs <= file_refs


def test_undocumented_release_has_no_invented_considerations(reports: dict[str, Report]) -> None:
    card = build_model_card(reports["open-weights"])
    assert "considerations" not in card and "quantitativeAnalysis" not in card


def test_verdicts_are_properties_and_bom_is_deterministic(reports: dict[str, Report]) -> None:
    report = reports["open-weights"]
    a, b = to_cyclonedx(report), to_cyclonedx(report)
    assert a == b and a["serialNumber"].startswith("urn:uuid:")
    props = {p["name"]: p["value"] for p in _model(a)["properties"]}
    assert props["unveil:openness:label"] == report.openness.label
    assert props["unveil:osaid:verdict"] == report.openness.osaid.verdict
    assert props["unveil:openwashing"] == str(report.openness.openwashing.flag).lower()
    tools = a["metadata"]["tools"]["components"]
    assert tools[0]["name"] == "unveil" and tools[0]["version"] == report.tool.version


def test_hub_release_has_a_huggingface_purl(replay_hub) -> None:
    from unveil.service import audit

    report = audit("EleutherAI/pythia-160m")
    doc = to_cyclonedx(report)
    model = _model(doc)
    assert report.source.revision
    assert model["purl"] == f"pkg:huggingface/EleutherAI/pythia-160m@{report.source.revision.lower()}"
    assert model["version"] == report.source.revision
    refs = {(r["type"], r["url"]) for r in model.get("externalReferences", [])}
    assert ("website", "https://huggingface.co/EleutherAI/pythia-160m") in refs
    lfs = [c for c in doc["components"] if c["type"] == "file" and c.get("hashes")]
    print("hub files with sha256:", len(lfs))
    assert validation_errors(doc) is None


def test_import_unveil_does_not_import_cyclonedx() -> None:
    code = "import sys, unveil, unveil.render; print('cyclonedx' in sys.modules, 'jinja2' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60).stdout
    assert out.strip() == "False False"


def test_cli_audit_cyclonedx_to_file(tmp_path: Path) -> None:
    out = tmp_path / "bom.json"
    proc = run_cli("audit", str(EXAMPLES / "tiny-open-model"), "--format", "cyclonedx", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert validation_errors(doc) is None and _model(doc)["name"] == "tiny-open-model"


def test_findings_are_vulnerabilities_on_their_files(reports: dict[str, Report]) -> None:
    report = reports["hostile"]
    doc = to_cyclonedx(report)
    assert validation_errors(doc) is None
    vulns = doc["vulnerabilities"]
    files = {c["bom-ref"]: c["name"] for c in doc["components"] if c["type"] == "file"}
    assert len(vulns) == len(report.security.findings)
    by_id = {}
    for v in vulns:
        assert v["source"]["name"] == "unveil" and v["ratings"][0]["severity"] in {"critical", "high", "medium",
                                                                                    "low", "info"}
        target = v["affects"][0]["ref"]
        path = next(p["value"] for p in v["properties"] if p["name"] == "unveil:path")
        assert target == "model" or files[target] == path.split("!", 1)[0]
        by_id.setdefault(v["id"], []).append((path, v["ratings"][0]["severity"]))
    # The os.system pickle, plainly and inside the torch zip, is a critical vulnerability of that very file.
    assert ("evil.pkl", "critical") in by_id["SEC301"]
    assert any(p.startswith("pytorch_model.bin!") and s == "critical" for p, s in by_id["SEC301"])
    assert "vulnerabilities" not in to_cyclonedx(reports["tiny"])  # no findings, no invented entries


def test_weights_read_whole_carry_their_sha256(tmp_path: Path) -> None:
    """A weight file bigger than the small-file cache, read front to back by the pickle scanner, is hashed."""
    import hashlib
    import struct

    from unveil.service import audit

    n = 1_000_000
    data = b"\x80\x04B" + struct.pack("<I", n) + bytes(range(256)) * (n // 256) + b"\x00" * (n % 256) + b"."
    (tmp_path / "weights.pkl").write_bytes(data)
    report = audit(str(tmp_path))
    rec = next(r for r in report.source.listing if r.path == "weights.pkl")
    assert rec.sha256 == hashlib.sha256(data).hexdigest()
    files = {c["name"]: c for c in to_cyclonedx(report)["components"] if c["type"] == "file"}
    assert files["weights.pkl"]["hashes"] == [{"alg": "SHA-256", "content": hashlib.sha256(data).hexdigest()}]


def test_release_hashes_only_what_it_read_front_to_back() -> None:
    import hashlib

    from unveil.release import FileEntry, Release, SourceInfo

    blob = bytes(range(256)) * 4096  # 1 MiB: above the small-file cache

    class Reader:
        def read_range(self, path: str, start: int, length: int) -> bytes:
            return blob[start:start + length]

    def release() -> Release:
        return Release(source=SourceInfo(kind="local", id="x"), files=[FileEntry(path="w.bin", size=len(blob))],
                       reader=Reader())

    seq = release()
    for start in range(0, len(blob), 300_000):  # sequential chunks, with an overlapping re-read
        seq.read("w.bin", start, 300_000)
        seq.read("w.bin", max(start - 10, 0), 20)
    assert seq.read_sha256("w.bin") == hashlib.sha256(blob).hexdigest()
    gap = release()
    gap.read("w.bin", 0, 1000)
    gap.read("w.bin", 5000, len(blob))  # skipped bytes 1000..5000: never claims a hash
    assert gap.read_sha256("w.bin") is None
    gap.read("w.bin", 0, 10)  # a header re-read after the gap restarts, and stops short of the end
    assert gap.read_sha256("w.bin") is None
    tail_first = release()
    tail_first.read("w.bin", len(blob) - 100, 100)  # a zip's central directory first
    tail_first.read("w.bin", 0, len(blob))  # then the whole file: hashed
    assert tail_first.read_sha256("w.bin") == hashlib.sha256(blob).hexdigest()
