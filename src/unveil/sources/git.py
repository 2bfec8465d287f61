"""Git URL source: a shallow clone without Git LFS smudging, then the local-folder source.

LFS-tracked files stay pointer files, so their sizes and sha256 come from the pointers and the
weights are never downloaded. Nothing from the clone is executed (no hooks run on clone, no
submodules are fetched); the checkout lives in a temp dir removed when the Release is collected.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import weakref
from contextvars import ContextVar
from pathlib import Path

from unveil.errors import EXIT_INCOMPLETE, SourceNotFound, UnveilError
from unveil.release import Release, SourceInfo
from unveil.sources.local import open_local

TIMEOUT = float(os.environ.get("UNVEIL_GIT_TIMEOUT", "600"))
# Per-call override (link following uses a short one) without threading it through every helper.
_timeout: ContextVar[float] = ContextVar("unveil_git_timeout", default=TIMEOUT)
_SHA = re.compile(r"^[0-9a-fA-F]{7,64}$")
_NOT_FOUND = re.compile(
    r"not found|does not exist|not appear to be a git repository|could not read from remote"
    r"|couldn't find remote ref|remote branch .* not found|unknown revision|did not match any",
    re.I,
)
# The network, not the repository: DNS, refused or timed-out connections. Never "not found".
_UNREACHABLE = re.compile(
    r"could not resolve host|name or service not known|temporary failure in name resolution|connection refused"
    r"|connection timed out|operation timed out|network is unreachable|no route to host|failed to connect",
    re.I,
)
# git's generic advice after a failed remote read: it says nothing about what went wrong.
_ADVICE = re.compile(r"^(please make sure you have the correct access rights|and the repository exists\.?)$", re.I)


class GitUnavailable(UnveilError):
    """git is missing, or the remote could not be reached: the audit cannot be done."""
    exit_code = EXIT_INCOMPLETE


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "GIT_LFS_SKIP_SMUDGE": "1",  # keep LFS pointers: sizes without downloading weights
        "GIT_TERMINAL_PROMPT": "0",  # fail instead of asking for credentials
        "GIT_ASKPASS": "",
        "SSH_ASKPASS": "",
    })
    return env


# Config passed on every command: no LFS download even if git-lfs is installed and required.
_CONFIG = ["-c", "filter.lfs.required=false", "-c", "filter.lfs.smudge=", "-c", "filter.lfs.process=",
           "-c", "core.hooksPath=/dev/null", "-c", "advice.detachedHead=false"]


def _git(args: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(["git", *_CONFIG, *args], cwd=cwd, env=_env(), capture_output=True, text=True,
                              timeout=_timeout.get(), check=False)
    except FileNotFoundError as exc:
        raise GitUnavailable("git is not installed (needed to audit a git URL)") from exc
    except subprocess.TimeoutExpired as exc:
        raise GitUnavailable(f"git timed out after {_timeout.get():.0f}s: git {' '.join(args[:2])}") from exc


def _reason(text: str) -> str:
    """The line of git's stderr that says what failed (the ssh or HTTP cause before git's generic advice)."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip() and not _ADVICE.match(line.strip())]
    lines = [line for line in lines if not line.lower().startswith("cloning into")]
    specific = [line for line in lines if _UNREACHABLE.search(line) or _NOT_FOUND.search(line)]
    chosen = (specific or lines or ["unknown error"])[0]
    # Server text is untrusted: no control characters reach the terminal.
    return "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in chosen)[:300]


def _clone(url: str, revision: str | None, dest: Path) -> None:
    """Shallow clone of `revision` (branch, tag or commit sha; default branch if None) into `dest`."""
    base = ["clone", "--depth", "1", "--no-tags", "--single-branch", "--quiet"]
    if revision is None:
        result = _git([*base, "--", url, str(dest)])
    else:
        result = _git([*base, "--branch", revision, "--", url, str(dest)])
        if result.returncode != 0 and _SHA.match(revision):
            # A commit sha: fetch just that commit (most servers allow it), else the full history.
            shutil.rmtree(dest, ignore_errors=True)
            dest.mkdir(parents=True)
            _git(["init", "--quiet"], cwd=dest)
            _git(["remote", "add", "origin", url], cwd=dest)
            result = _git(["fetch", "--depth", "1", "--quiet", "origin", revision], cwd=dest)
            if result.returncode != 0:
                result = _git(["fetch", "--quiet", "origin"], cwd=dest)
                if result.returncode == 0:
                    result = _git(["checkout", "--quiet", "--detach", revision], cwd=dest)
            else:
                result = _git(["checkout", "--quiet", "--detach", "FETCH_HEAD"], cwd=dest)
    if result.returncode != 0:
        message = _reason(result.stderr)
        at = f" at {revision}" if revision else ""
        if _UNREACHABLE.search(result.stderr):
            raise GitUnavailable(f"cannot reach the git server of {url} ({message})")
        if _NOT_FOUND.search(result.stderr):
            raise SourceNotFound(f"git repository or revision not found: {url}{at} ({message})")
        raise GitUnavailable(f"git clone failed for {url}{at}: {message}")


def _remote_refs(url: str) -> dict[str, list[str]]:
    """Branches and tags of the remote (checkpoints often live on branches); best effort."""
    try:
        result = _git(["ls-remote", "--heads", "--tags", "--", url])
    except GitUnavailable:
        return {}
    if result.returncode != 0:
        return {}
    refs: dict[str, list[str]] = {"branches": [], "tags": []}
    for line in result.stdout.splitlines():
        _, _, ref = line.partition("\t")
        if ref.startswith("refs/heads/"):
            refs["branches"].append(ref[len("refs/heads/"):])
        elif ref.startswith("refs/tags/") and not ref.endswith("^{}"):
            refs["tags"].append(ref[len("refs/tags/"):])
    return refs


def open_git(url: str, revision: str | None = None, *, timeout: float | None = None) -> Release:
    """A Release from a shallow, pointer-only clone of `url` at `revision` (`timeout` per git command)."""
    token = _timeout.set(timeout) if timeout is not None else None
    try:
        return _open_git(url, revision)
    finally:
        if token is not None:
            _timeout.reset(token)


def _open_git(url: str, revision: str | None) -> Release:
    tmp = Path(tempfile.mkdtemp(prefix="unveil-git-"))
    dest = tmp / "repo"
    try:
        _clone(url, revision, dest)
        head = _git(["rev-parse", "HEAD"], cwd=dest)
        sha = head.stdout.strip() if head.returncode == 0 else None
        release = open_local(dest)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    release.source = SourceInfo(kind="git", id=url, revision=sha, requested_revision=revision, url=url,
                                refs=_remote_refs(url))
    # The checkout must outlive this call (reads are lazy); remove it with the Release.
    weakref.finalize(release, shutil.rmtree, str(tmp), True)
    return release
