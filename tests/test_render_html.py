"""`unveil audit --format html`: one self-contained page; every value from the release is escaped."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from render_helpers import HOSTILE_NAME, run_cli
from unveil.render import renderer
from unveil.report import Report

from conftest import EXAMPLES


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(page: str) -> _Tags:
    p = _Tags()
    p.feed(page)
    p.close()
    return p

@pytest.mark.parametrize("name", ["tiny", "open-weights", "hostile"])
def test_page_is_self_contained_and_has_every_section(reports: dict[str, Report], name: str) -> None:
    report = reports[name]
    page = renderer("html")(report)
    parsed = _parse(page)
    tags = {t for t, _ in parsed.tags}
    print(name, "bytes:", len(page), "tags:", len(parsed.tags))
    assert page.startswith("<!DOCTYPE html>")
    assert not tags & {"script", "iframe", "object", "embed", "link", "img", "form", "base"}
    for tag, attrs in parsed.tags:
        assert not any(k.startswith("on") for k in attrs), (tag, attrs)
        assert "src" not in attrs
        href = attrs.get("href")
        assert href is None or href.startswith(("https://", "http://", "#")), href
    ids = {a.get("id") for _, a in parsed.tags}
    assert {"summary", "openwashing", "components", "licenses", "security", "documentation",
            "could-not-check"} <= ids
    text = " ".join(parsed.text)
    assert report.openness.label in text and report.openness.osaid.verdict in text
    for c in report.components:
        assert c.name in text
    for lic in report.licenses:
        assert (lic.spdx or lic.id) in text
    for f in report.security.findings:
        assert f.rule in text
    if report.documentation.score is not None:
        assert f"{report.documentation.score:.0f}/100" in text
    assert report.tool.version in text and report.generated_at in text
    for fw in report.frameworks:
        assert fw.name in text


def test_hostile_card_text_is_escaped(reports: dict[str, Report]) -> None:
    report = reports["hostile"]
    page = renderer("html")(report)
    assert "<script" not in page.lower() and "<img" not in page.lower() and "<b " not in page.lower()
    assert 'href="javascript' not in page.lower()
    for tag, attrs in _parse(page).tags:  # markup in the card never becomes a live tag or handler
        assert tag not in {"script", "img"} and not any(k.startswith("on") for k in attrs), (tag, attrs)
    # The hostile text is still shown, as text: escaped, not dropped (the card's tags are stripped as the
    # Hub strips them, so the markup that must survive as evidence is the file name's).
    assert HOSTILE_NAME in report.to_json(), "the hostile file name reaches the report as evidence"
    assert "&lt;img src=x onerror=alert(7)&gt;" in page
    text = " ".join(_parse(page).text)
    assert HOSTILE_NAME in text  # what a reader sees is the literal name


_LITERALS = {"severity", "status", "grade", "category", "label", "verdict", "weights_license_category"}


def test_every_field_is_escaped(reports: dict[str, Report]) -> None:
    """Inject markup into every string a renderer shows: paths, evidence, licence names, urls, reasons."""
    evil = '"><script>alert(1)</script><a href="javascript:alert(2)">x</a>'
    report = reports["hostile"]
    data = report.model_dump(by_alias=True)

    def poison(node):
        if isinstance(node, dict):
            return {k: (v + evil if isinstance(v, str) and k not in _LITERALS else poison(v))
                    for k, v in node.items()}
        if isinstance(node, list):
            return [poison(v) for v in node]
        return node

    poisoned = Report.model_validate(poison(data))
    poisoned.openness.openwashing.contradictions[0].evidence.append(
        poisoned.openness.openwashing.claims[0].model_copy(update={"url": "javascript:alert(3)"}))
    page = renderer("html")(poisoned)
    print("poisoned page bytes:", len(page))
    assert "<script" not in page.lower()
    for tag, attrs in _parse(page).tags:
        assert tag != "script" and not any(k.startswith("on") for k in attrs)
        href = attrs.get("href")
        assert href is None or href.startswith(("https://", "http://", "#")), href


def test_openwashing_is_shown_with_claims_and_contradictions(reports: dict[str, Report]) -> None:
    report = reports["open-weights"]
    text = " ".join(_parse(renderer("html")(report)).text)
    assert report.openness.openwashing.flag and "Flagged" in text
    for c in report.openness.openwashing.contradictions:
        assert c.reason in text
    for claim in report.openness.openwashing.claims:
        assert claim.text and claim.text.strip()[:30] in text


def test_mof_progress_is_rendered_as_bars(reports: dict[str, Report]) -> None:
    report = reports["tiny"]
    page = renderer("html")(report)
    bars = [a for t, a in _parse(page).tags if a.get("role") == "progressbar"]
    assert len(bars) == len(report.openness.mof.progress)
    for pct in report.openness.mof.progress.values():
        assert f'aria-valuenow="{pct:.0f}"' in page


def test_cli_audit_html_to_file(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    proc = run_cli("audit", str(EXAMPLES / "tiny-open-model"), "--format", "html", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    page = out.read_text(encoding="utf-8")
    assert page.rstrip().endswith("</html>") and "tiny-open-model" in page
