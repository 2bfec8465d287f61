"""Opening the releases a model card links to (I/O): Hub model and dataset repos, GitHub repos.

Used by the service when `follow_links=True`: `OPENERS` maps a link kind to a function opening the
link as a Release; `dataset_card_fetcher` reads Hub dataset cards for the documentation analyzer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from unveil.release import Release
from unveil.sources.git import open_git
from unveil.sources.hub import open_hub

# A followed link must not stall the audit the way a user-requested clone may.
GIT_TIMEOUT_S = 60.0


def open_hub_link(link: Any) -> Release:
    """`link` has `.kind` (`hub-model` or `hub-dataset`) and `.target` (`org/name`)."""
    return open_hub(link.target, repo_type="dataset" if link.kind == "hub-dataset" else "model")


def open_github_link(link: Any) -> Release:
    """`link` has `.url` (a GitHub repository URL)."""
    return open_git(link.url, timeout=GIT_TIMEOUT_S)


OPENERS: dict[str, Callable[[Any], Release]] = {
    "hub-dataset": open_hub_link,
    "hub-model": open_hub_link,
    "github-repo": open_github_link,
}


def dataset_card_fetcher(endpoint: str | None = None, token: str | None = None) -> Callable[[str], str | None]:
    """Reads a Hub dataset repo's card text (None when it has none)."""

    def fetch(repo_id: str) -> str | None:
        return open_hub(repo_id, endpoint=endpoint, token=token, repo_type="dataset").card_text

    return fetch
