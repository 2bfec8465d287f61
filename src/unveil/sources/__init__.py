"""Sources: turn a user's SOURCE argument into a Release. One module per kind of source.

Dispatch order: an existing path (a MOT YAML file -> declared facts; otherwise a local folder or
file), a git URL, then `ORG/NAME[@REV]` on the Hugging Face Hub.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from unveil.errors import SourceNotFound, UsageError
from unveil.release import Release
from unveil.sources.local import open_local

if TYPE_CHECKING:
    from unveil.sources.hub_options import HubOptions

_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.\-]*/[\w.\-]+(@[\w.\-/]+)?$")
_GIT_URL = re.compile(r"^(git@[^:]+:.+|(https?|ssh|git|file)://.+)$")


def is_git_url(spec: str) -> bool:
    return bool(_GIT_URL.match(spec)) and (
        spec.endswith(".git") or spec.startswith(("git@", "ssh://", "git://", "file://"))
        or "github.com/" in spec or "gitlab.com/" in spec
    )


def looks_local(spec: str) -> bool:
    """A path the user meant as a file or folder: never looked up on the Hub when it does not exist.

    `./x`, `../x`, `/x`, `~/x`, backslashes, or more than one slash before any `@rev` (a Hub id is
    exactly ORG/NAME).
    """
    if spec.startswith(("./", "../", "/", "~", ".\\")) or spec in (".", "..") or "\\" in spec:
        return True
    name = spec.split("@", 1)[0]
    return name.count("/") > 1


def is_declared_yaml(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in {".yml", ".yaml"}


def open_source(spec: str, revision: str | None = None, *, hub: HubOptions | None = None) -> Release:
    """Open SOURCE: a folder or file, a MOT YAML, a git URL, or `org/name[@rev]` on the Hub.

    `hub` holds the Hub source's deadlines (and a census's prefetched listing)."""
    if not spec or not spec.strip():
        raise UsageError("SOURCE is empty")
    path = Path(spec).expanduser() if spec.startswith("~") else Path(spec)
    if path.exists() or path.is_symlink():
        if is_declared_yaml(path):
            # lazy: start-up (YAML and the report models load only for a MOT file; `unveil scan` never needs them)
            from unveil.sources.declared import open_declared

            return open_declared(path)

        return open_local(path)
    if is_git_url(spec):
        # lazy: start-up (only a git source needs the git client)
        from unveil.sources.git import open_git

        return open_git(spec, revision)
    if looks_local(spec):
        raise SourceNotFound(f"no such file or directory: {spec}")
    if _HUB_ID.match(spec):
        repo_id, _, rev = spec.partition("@")
        # lazy: start-up (the Hub client loads only for a Hub source)
        from unveil.sources.hub import open_hub

        return open_hub(repo_id, rev or revision, options=hub)
    raise SourceNotFound(
        f"no such file or folder, and not a Hub id (org/name[@rev]) or git URL: {spec}"
    )
