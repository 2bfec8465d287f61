"""EOSAI link following: the card's links opened through the source layer (Hub replay server, a local
bare git repo over file://), the facts the judge grades from, and `inconclusive` (never `closed`)
when a link cannot be followed. No network.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from unveil.card import parse_card
from unveil.card_links import LinkFact, declared_links, extract_links
from unveil.openness import eosai
from unveil.openness.linked import fetch_links
from unveil.sources.links import OPENERS

from conftest import SHARED_DATA

APACHE = SHARED_DATA / "licenses" / "apache-2.0.txt"
HUB_MODEL = "EleutherAI/pythia-160m"  # a recorded release the replay server serves with its weights listing

CARD = f"""---
license: apache-2.0
datasets:
- acme/web-corpus
---
# Tinyfold-7B

Tinyfold is an autoregressive transformer with 32 layers.

- Training code: our [GitHub repository](https://github.com/acme/tinyfold) has the training scripts.
- Built with [transformers](https://github.com/huggingface/transformers).
- Paper: [arXiv](https://arxiv.org/abs/2401.01234).

```python
model = AutoModelForCausalLM.from_pretrained(
    "{HUB_MODEL}")
```
"""


def git(*args: str, cwd: Path) -> None:
    cmd = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "init.defaultBranch=main",
           "-c", "commit.gpgsign=false", *args]
    subprocess.run(cmd, cwd=cwd, check=True, capture_output=True, text=True)


@pytest.fixture
def code_repo(tmp_path, monkeypatch) -> str:
    """A bare git repo with training and data-preparation scripts, an Apache-2.0 LICENSE and a README."""
    if shutil.which("git") is None:
        pytest.skip("git not installed")
    gitconfig = tmp_path / "gitconfig"
    gitconfig.write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(gitconfig))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    work = tmp_path / "work"
    (work / "scripts").mkdir(parents=True)
    (work / "scripts" / "train.py").write_text("print('train')\n")
    (work / "scripts" / "prepare_data.py").write_text("print('prepare')\n")
    (work / "LICENSE").write_bytes(APACHE.read_bytes())
    (work / "README.md").write_text("# tinyfold\n\n" + "Run `python scripts/train.py` to train the model. " * 40)
    git("init", "--quiet", cwd=work)
    git("add", "-A", cwd=work)
    git("commit", "--quiet", "-m", "init", cwd=work)
    bare = tmp_path / "tinyfold.git"
    subprocess.run(["git", "clone", "--quiet", "--bare", str(work), str(bare)], check=True, capture_output=True)
    return bare.as_uri()


@pytest.fixture
def dataset_root(tmp_path) -> Path:
    """A Hub dataset repo folder (replay layout) whose card documents the data and its license."""
    root = tmp_path / "datasets"
    folder = root / "acme__web-corpus"
    folder.mkdir(parents=True)
    card = ("---\nlicense: cc-by-4.0\n---\n# Web corpus\n\n## Dataset Structure\n\nOne JSON line per page.\n\n"
            "## Source Data\n\nPages crawled from public websites in 2023, English only, 40B tokens.\n\n"
            "## Data Collection and Processing\n\nWe removed duplicates with MinHash and filtered pages with a "
            "quality classifier; personal data was removed with regular expressions.\n\n"
            "## Bias, Risks, and Limitations\n\nThe corpus over-represents English news sites.\n")
    (folder / "README.md").write_text(card)
    (folder / "files.json").write_text(json.dumps([{"path": "README.md", "size": len(card.encode()),
                                                    "lfs": False}]))
    return root


def _card(text: str = CARD):
    return parse_card(text, "README.md")


def test_extract_links_kinds_and_roles():
    links = {lf.target: lf for lf in extract_links(_card())}
    # "Training code: our [GitHub repository](...)": the card says this is what the model was trained with.
    assert links["acme/tinyfold"].kind == "github-repo" and links["acme/tinyfold"].role == "training"
    assert links["huggingface/transformers"].role == "tooling"
    assert links["2401.01234"].kind == "arxiv"
    assert links["acme/web-corpus"].kind == "hub-dataset"
    # A usage snippet spread over two lines still points at the weights.
    assert links[HUB_MODEL].kind == "hub-model" and links[HUB_MODEL].role == "weights"
    assert all(lf.reachable is None for lf in declared_links(_card()).values())


def test_follow_links_through_the_source_layer(replay_hub, dataset_root, code_repo):
    from unveil.sources.git import open_git

    replay_hub.dataset_roots.append(dataset_root)
    # The card names github.com; the test serves that repo from a local bare repo over file://.
    facts = fetch_links(_card(), openers={**OPENERS, "github-repo": lambda lf: open_git(code_repo)})
    by_target = {lf.target: lf for lf in facts.values()}
    repo = by_target["acme/tinyfold"]
    print({t: (lf.reachable, lf.facts) for t, lf in by_target.items() if lf.attempted})
    assert repo.reachable and repo.facts["has_training_code"] and repo.facts["has_data_code"]
    assert repo.facts.get("license_category") == "open-source"
    data = by_target["acme/web-corpus"]
    assert data.reachable and data.facts["dataset_card"] and data.facts["datasheet_topics"]
    model = by_target[HUB_MODEL]
    assert model.reachable and model.facts["has_weights"]
    assert by_target["huggingface/transformers"].attempted is False  # tooling is never followed
    assert by_target["2401.01234"].attempted is False  # arXiv: a declared pointer, never fetched


def test_judge_grades_from_followed_links(replay_hub, dataset_root, code_repo):
    from unveil.facts import AuditFacts
    from unveil.openness.view import view_from_facts
    from unveil.sources.git import open_git
    from unveil.sources.local import open_local

    replay_hub.dataset_roots.append(dataset_root)
    folder = dataset_root.parent / "release"
    folder.mkdir()
    (folder / "README.md").write_text(CARD)
    from unveil import licenses

    release = open_local(folder)
    view = view_from_facts(AuditFacts(release=release, card=_card(), licenses=licenses.analyze(release, _card())))
    offline = eosai.grade(view)
    links = fetch_links(_card(), openers={**OPENERS, "github-repo": lambda lf: open_git(code_repo)})
    online = eosai.grade(view, links)
    for param in eosai.PARAMETERS:
        print(f"{param:24s} offline {offline.parameters[param].grade:12s} online {online.parameters[param].grade}")
    # Offline the card's own word is a declared pointer (like a weights pointer), never `closed`.
    assert offline.parameters["trainingcode"].grade == "open"
    assert "declared" in (offline.parameters["trainingcode"].reason or "")
    assert online.parameters["trainingcode"].grade == "open"
    assert "linked repository" in (online.parameters["trainingcode"].reason or "")
    # The `datasets:` metadata names a Hub dataset: a declared pointer offline, what it holds when followed.
    assert offline.parameters["datasources_endmodel"].grade == "open"
    assert online.parameters["weights_endmodel"].grade == "open"
    assert online.parameters["datasources_endmodel"].grade == "open"
    assert online.parameters["datasheet"].grade in ("open", "partial")
    assert online.parameters["licenses"].grade == "open"


def test_links_that_cannot_be_followed_are_inconclusive(tmp_path):
    def refused(_: LinkFact):
        raise OSError("connection refused")

    card = _card(CARD.replace(f'"{HUB_MODEL}"', '"acme/tinyfold-weights"'))
    links = fetch_links(card, openers={k: refused for k in ("github-repo", "hub-dataset", "hub-model")})
    assert all(lf.reachable is None for lf in links.values())
    from unveil.facts import AuditFacts
    from unveil.openness.view import view_from_facts
    from unveil.sources.local import open_local

    (tmp_path / "README.md").write_text(card.text)
    view = view_from_facts(AuditFacts(release=open_local(tmp_path), card=card))
    result = eosai.grade(view, links)
    for param in ("trainingcode", "code", "weights_endmodel"):
        assert result.parameters[param].grade == "inconclusive", (param, result.parameters[param])


def test_missing_git_repo_is_inconclusive_not_closed(tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git not installed")
    from unveil.sources.git import open_git

    missing = (tmp_path / "nope.git").as_uri()
    links = fetch_links(_card(), openers={"github-repo": lambda lf: open_git(missing),
                                          "hub-dataset": _raise, "hub-model": _raise})
    repo = next(lf for lf in links.values() if lf.target == "acme/tinyfold")
    assert repo.attempted and repo.reachable is None


def _raise(_: LinkFact):
    raise TimeoutError


def test_link_cap_and_budget():
    calls: list[str] = []

    def opener(lf: LinkFact):
        calls.append(lf.target)
        raise OSError

    text = "# M\n\n" + "\n".join(f"Code repository: https://github.com/acme/repo{i}" for i in range(20))
    links = fetch_links(_card(text), max_links=3, openers={"github-repo": opener})
    assert len(calls) == 3
    assert sum(1 for lf in links.values() if "cap" in lf.reason) == 17
    calls.clear()
    fetch_links(_card(text), budget_s=0, openers={"github-repo": opener})
    assert len(calls) <= 1


def test_service_follows_links_only_when_asked(replay_hub, dataset_root, tmp_path):
    from unveil.service import audit

    replay_hub.dataset_roots.append(dataset_root)
    text = CARD.replace("https://github.com/acme/tinyfold", "https://example.org/tinyfold")
    (tmp_path / "README.md").write_text(text)
    before = len(replay_hub.requests)
    offline = audit(str(tmp_path))
    assert len(replay_hub.requests) == before  # offline by default: no request at all
    online = audit(str(tmp_path), follow_links=True)
    assert len(replay_hub.requests) > before
    assert online.openness.eosai.parameters["weights_endmodel"].grade == "open"
    assert "followed" in (online.openness.eosai.parameters["datasources_endmodel"].reason or "")
    assert offline.openness.eosai.parameters["datasources_endmodel"].grade != "inconclusive"


def test_links_that_could_not_be_followed_make_the_audit_incomplete(tmp_path, monkeypatch):
    """Asked to follow links, a link that failed (network) or that the cap left out is 'could not check' in the
    report and exit 3; a link found missing was checked; offline (not asked) nothing is listed."""
    from unveil import service
    from unveil.errors import SourceNotFound
    from unveil.outcome import audit_exit_code

    def opener(lf: LinkFact):
        if lf.target.endswith("gone"):
            raise SourceNotFound("no such repo")
        raise OSError("network down")

    def data_card(repo_id: str) -> str | None:
        raise OSError("network down")

    monkeypatch.setattr(service, "OPENERS", {"hub-model": opener, "github-repo": opener})
    monkeypatch.setattr(service, "dataset_card_fetcher", lambda: data_card)
    (tmp_path / "README.md").write_text("---\nlicense: mit\nbase_model: acme/gone\ndatasets: [acme/corpus]\n---\n"
                                        "# M\n\nTraining code: https://github.com/acme/train\n")
    (tmp_path / "config.json").write_text("{}")
    online = service.audit(str(tmp_path), follow_links=True)
    unfollowed = sorted(i.reason for i in online.inconclusive if i.check == "follow-link")
    assert "acme/train: could not be followed: OSError" in unfollowed, unfollowed
    assert "dataset acme/corpus: data card could not be fetched: OSError" in unfollowed, unfollowed
    assert not [r for r in unfollowed if "acme/gone" in r]  # found missing: checked
    assert audit_exit_code(online, None, []) == 3
    offline = service.audit(str(tmp_path))
    assert not [i for i in offline.inconclusive if i.check == "follow-link"]
