"""Licenses: find every license in a release, identify it, classify it, extract restrictions.

Entry point: `analyze(release, card) -> LicenseAnalysis`. Identification of a single text:
`unveil.licenses.detect.identify(text)`. Heavy matchers are imported lazily (import stays fast).
"""

from __future__ import annotations

from unveil.card import ModelCard
from unveil.licenses.analysis import build
from unveil.licenses.result import LicenseAnalysis, restriction_list
from unveil.release import Release

__all__ = ["LicenseAnalysis", "analyze", "restriction_list"]


def analyze(release: Release, card: ModelCard) -> LicenseAnalysis:
    return build(release, card)
