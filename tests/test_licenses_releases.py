"""Agreement with careful auditors on the recorded releases (expected.json): weights licence id and
category, and the card's own open-source claim."""

from __future__ import annotations

import json

import pytest

from unveil.card import parse_card
from unveil.licenses import analyze
from unveil.release import FileEntry, Release, SourceInfo
from unveil.sources.local import open_local

from conftest import RELEASES

FOLDERS = sorted(p for p in RELEASES.iterdir() if (p / "expected.json").is_file())


def _analysis(folder):
    release = open_local(str(folder))
    card = parse_card(release.card_text, release.card_path)
    return analyze(release, card)


def test_release_agreement() -> None:
    agree = total = 0
    misses = []
    for folder in FOLDERS:
        exp = json.loads((folder / "expected.json").read_text())
        a = _analysis(folder)
        w = a.weights_license
        got = (w.id if w else None, w.category if w else "unknown", a.claims_open_source)
        want = (exp["weights_license_id"], exp["weights_license_category"], exp["claims_open_source"])
        for name, g, e in zip(("id", "category", "claim"), got, want, strict=True):
            total += 1
            if g == e:
                agree += 1
            else:
                misses.append((folder.name, name, e, g))
    rate = agree / total
    print(f"\nrelease agreement: {rate:.1%} ({agree}/{total}) misses={misses}")
    assert rate >= 0.90


@pytest.mark.parametrize("name", ["deepseek-ai__DeepSeek-V3", "xai-org__grok-1"])
def test_components_assigned_with_reasons(name: str) -> None:
    a = _analysis(RELEASES / name)
    for e in a.entries:
        assert e.applies_to and e.evidence
        assert any("applies to" in (ev.text or "") for ev in e.evidence)
    assert a.weights_license is not None


def test_split_files_assign_code_and_model() -> None:
    a = _analysis(RELEASES / "deepseek-ai__DeepSeek-V3")
    assert "code" in next(e for e in a.entries if e.id == "mit").applies_to
    assert a.weights_license.id == "deepseek"
    kinds = {r.kind for r in a.weights_license.restrictions}
    assert "use-restrictions" in kinds
    assert any(r.evidence and r.evidence[0].line for r in a.weights_license.restrictions)


def test_claims_are_not_comparisons() -> None:
    a = _analysis(RELEASES / "meta-llama__Meta-Llama-3-8B")
    assert a.claims == []
    a = _analysis(RELEASES / "deepseek-ai__DeepSeek-V3")
    assert a.claims and all("outperforms other" not in (c.text or "") for c in a.claims)
    assert all(c.line for c in a.claims)


class _Mem:
    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = files

    def read_range(self, path: str, start: int, length: int) -> bytes:
        return self.files[path][start : start + length]


def _release(files: dict[str, bytes]) -> Release:
    entries = [FileEntry(path=p, size=len(b)) for p, b in files.items()]
    return Release(source=SourceInfo(kind="local", id="acme/tuned-model"), files=entries, reader=_Mem(files))


def test_lineage_contradiction_for_apache_labelled_llama_finetune() -> None:
    card_text = "---\nlicense: apache-2.0\nbase_model: meta-llama/Llama-3.1-8B\n---\n# Tuned\nA fine-tune.\n"
    release = _release({"README.md": card_text.encode()})
    a = analyze(release, parse_card(card_text))
    print(f"\nlineage conflicts: {[c.reason for c in a.lineage_conflicts]}")
    assert a.base_models == ["meta-llama/Llama-3.1-8B"]
    assert a.lineage_conflicts and "llama3.1" in a.lineage_conflicts[0].reason
    assert any(f.rule == "LIC220" for f in a.findings)


def test_no_contradiction_when_label_follows_base() -> None:
    card_text = "---\nlicense: llama3.1\nbase_model: meta-llama/Llama-3.1-8B\n---\n# Tuned\n"
    a = analyze(_release({"README.md": card_text.encode()}), parse_card(card_text))
    assert not a.lineage_conflicts


def test_spdx_headers_and_readme_section() -> None:
    card_text = "# Model\n\n## License\n\nThe weights are released under the MIT License.\n"
    files = {
        "README.md": card_text.encode(),
        "src/run.py": b"# SPDX-License-Identifier: Apache-2.0\nprint(1)\n",
    }
    a = analyze(_release(files), parse_card(card_text))
    by_id = {e.id: e for e in a.entries}
    assert "weights" in by_id["mit"].applies_to
    assert by_id["apache-2.0"].applies_to == ["code"]
