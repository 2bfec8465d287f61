"""Draw a held-out sample of License sections from ../shared/data/cards-2023 (locators only, to label by hand).

    PYTHONPATH=src python benchmarks/draw_license_sections.py --seed 8123 --random 40 --hard 40 > rows.jsonl

Every card named anywhere under benchmarks/labels or tests/fixtures is left out (by member name or Hub id).
Half the rows are drawn at random among all sections, half among "hard" ones: a section that names two or
more licence families, negates or excepts ("not", "except", "only"), points elsewhere ("see LICENSE", "same as
the base model"), is mostly not English, or speaks of a custom/non-commercial licence. Sections of at most
2,000 characters, one card per distinct text (whitespace and case aside). Prints one JSON row per section
(card, kind, offset, length, sha1, meta, pool, heading locator) and the text after it on stderr for reading;
the labels are added by hand. A card with no such section gives its first `License:` key line instead
(`kind: line`). Not run in CI.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import random
import re
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CARDS = ROOT.parent / "shared" / "data" / "cards-2023" / "model_cards.tar.gz"

# Any heading that speaks of a licence, in any position and script ("## 📜 License", "### *License*",
# "## Inherited license", "## ライセンス", "## 许可证"), not only the forms discover.readme_section reads.
_HEADING = re.compile(r"^(#{1,6})[^\n]*?(?:licen[cs]|ライセンス|许可|協議|协议|lizenz|licencia)[^\n]*$", re.I | re.M)
_FAMILIES = re.compile(r"\b(apache|mit\b|bsd|gpl|lgpl|agpl|cc[- ]by|creative commons|cc0|openrail|rail\b|llama|"
                       r"mpl|mozilla|unlicense|wtfpl|artistic|eupl|isc\b|bigscience|bloom|falcon|tii|openai|"
                       r"stability|non-?commercial)", re.I)
_HARD = re.compile(r"\b(not|except|only|unless|however|but|same (?:as|license)|base model|original model|"
                   r"inherit|follow|see (?:the )?licen[cs]e|licen[cs]e file|custom|other|proprietary|research|"
                   r"non-?commercial)\b", re.I)
_KEY_LINE = re.compile(r"^[ \t]*[-*]?[ \t]*\**licen[cs]e\**[ \t]*:\**[^\n]*$", re.I | re.M)
_META = re.compile(r"^license:\s*(.+)$", re.M)


def _labelled_text() -> str:
    parts = []
    for folder in (ROOT / "benchmarks" / "labels", ROOT / "tests" / "fixtures"):
        for p in folder.rglob("*"):
            if p.is_file():
                parts.append(p.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(parts)


def _stem(name: str) -> str:
    return name.rsplit("/", 1)[-1].removesuffix("_README.md")


def _is_hard(body: str) -> bool:
    families = {m.group(1).lower().replace(" ", "-")[:6] for m in _FAMILIES.finditer(body)}
    non_ascii = sum(ord(c) > 127 for c in body) / max(len(body), 1)
    return len(families) >= 2 or bool(_HARD.search(body)) or non_ascii > 0.3


def sections(text: str):
    for m in _HEADING.finditer(text):
        level = len(m.group(1))
        start = m.end()
        nxt = re.search(rf"^#{{1,{level}}}\s", text[start:], re.M)
        end = start + (nxt.start() if nxt else len(text) - start)
        body = text[start:end]
        lead = len(body) - len(body.lstrip())
        body = body.strip()
        if 0 < len(body) <= 2000:
            yield (m.start(), len(m.group(0).rstrip())), start + lead, body
            return  # the first License section of a card, as discover.readme_section reads it


def key_lines(text: str):
    """'- **License:** ...' lines of the card body (what discover reads when a card has no License section)."""
    body_at = text.find("\n---", 3) + 4 if text.startswith("---") else 0
    for m in _KEY_LINE.finditer(text, max(body_at, 0)):
        line = m.group(0)
        lead = len(line) - len(line.lstrip())
        if 12 < len(line.strip()) < 300:
            yield None, m.start() + lead, line.strip()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--random", type=int, default=40)
    ap.add_argument("--hard", type=int, default=40)
    args = ap.parse_args()
    labelled = _labelled_text()
    pool: list[tuple[str, str, tuple[int, int] | None, int, str, str]] = []
    with tarfile.open(CARDS) as tar:
        for member in tar:
            if not (member.isreg() and member.name.endswith("_README.md")):
                continue
            name = member.name.removeprefix("./").removeprefix("model_cards/")
            stem = _stem(name)
            if stem in labelled or stem.replace("_", "/", 1) in labelled:
                continue
            # Read as tests/cards2023.load_members reads it (universal newlines), so the offsets match.
            text = io.TextIOWrapper(tar.extractfile(member), encoding="utf-8", errors="replace").read()  # type: ignore[arg-type]
            meta = _META.search(text[:3000])
            found = [("section", *s) for s in sections(text)] or [("line", *k) for k in key_lines(text)][:1]
            for kind, heading, offset, body in found:
                pool.append((name, kind, heading, offset, body, meta.group(1).strip() if meta else ""))
    # One card per distinct text: the Hub repeats the CreativeML boilerplate in hundreds of cards, and a copy
    # tests nothing its first instance does not.
    distinct: dict[str, tuple[str, str, tuple[int, int] | None, int, str, str]] = {}
    for p in sorted(pool):
        distinct.setdefault(" ".join(p[4].split()).lower(), p)
    pool = sorted(distinct.values())
    rng = random.Random(args.seed)
    rng.shuffle(pool)
    chosen = pool[: args.random]
    taken = {p[0] for p in chosen}
    chosen += [p for p in pool[args.random:] if p[0] not in taken and _is_hard(p[4])][: args.hard]
    for n, (name, kind, heading, offset, body, meta) in enumerate(chosen):
        row = {"n": n, "card": name, "kind": kind, "offset": offset, "length": len(body),
               "sha1": hashlib.sha1(body.encode("utf-8")).hexdigest()[:16], "meta": meta,
               "pool": "random" if n < args.random else "hard", "hard": _is_hard(body)}
        if heading:  # the heading's locator, not its words (some headings are whole sentences of the card)
            row["heading_offset"], row["heading_length"] = heading
        print(json.dumps(row, ensure_ascii=False))
        print(f"=== {n} [{kind} {row['pool']} hard={row['hard']}] {name} meta={meta!r}\n{body}\n",
              file=sys.stderr)
    print(f"pool: {len(pool)} distinct texts", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
