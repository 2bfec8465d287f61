"""Sample outputs a model card shows from its own repository (pure).

A card that displays generated images under a "Samples" or "Example generations" heading, with the
images stored in the release itself (`huggingface.co/<this repo>/resolve/main/images/x.png` or a
relative path), ships sample outputs: MOF's `sample_outputs` component. Images hosted elsewhere, or
shown under any other heading (a title figure, an architecture diagram, an "Image source" credit),
are not counted. Only lines holding an image are parsed, and at most `MAX_IMAGES` images are read.
"""

from __future__ import annotations

import re

from unveil.card import ModelCard

MAX_IMAGES = 200
_IMAGE = re.compile(r"!\[[^\]\n]{0,300}\]\(\s*<?([^)\s>]{1,500})"
                    r"|<img\b[^>\n]{0,300}?\bsrc\s*=\s*[\"']?([^\"'\s>]{1,500})", re.I)
# Said by the heading, the image's alt text or the line introducing it ("Here are some samples:"); an input
# shown to the model ("sample input") is not an output.
_SAMPLES_HEADING = re.compile(
    r"\b(?:samples?(?!\s+inputs?\b)|sample (?:outputs?|images|generations)|examples? (?:generations?|outputs?|images"
    r"|renders)|generated (?:images|samples|examples)|gallery|showcase)\b|生成示例|生成效果|生成样例|效果展示", re.I)
# A bare "Examples" heading says "samples" only on a card whose metadata makes the model an image generator: what
# it shows there from its own repository are generations (elsewhere examples may be inputs).
_EXAMPLES_HEADING = re.compile(r"^#+\s*\W{0,4}\s*(?:some\s+)?examples?\W{0,4}\s*$", re.I)
_GENERATOR = re.compile(r"^(?:text-to-image|image-to-image|unconditional-image-generation|stable-diffusion"
                        r"|stable-diffusion-diffusers|text-to-video)$", re.I)
_FENCE = re.compile(r"^\s*(?:```|~~~)")
_PERCENT = re.compile(r"%([0-9A-Fa-f]{2})")


def _unquote(path: str) -> str:
    """Percent-decoding of a URL path (`black%20eyes.jpg` -> `black eyes.jpg`); invalid UTF-8 kept escaped."""
    raw = _PERCENT.sub(lambda m: chr(int(m.group(1), 16)), path)
    try:
        return raw.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return path


def _repo_path(url: str, own_id: str | None) -> str | None:
    """The path inside this release of an image URL, or None when the image lives elsewhere."""
    url = url.split("#", 1)[0].split("?", 1)[0]
    if "://" not in url and not url.startswith(("//", "data:")):
        return _unquote(url.removeprefix("./").lstrip("/")) or None
    if not own_id:
        return None
    m = re.match(r"https?://(?:www\.)?huggingface\.co/" + re.escape(own_id) + r"/(?:resolve|blob|raw)/[^/]+/(.+)",
                 url, re.I)
    return _unquote(m.group(1)) if m else None


def sample_images(card: ModelCard | None, own_id: str | None) -> list[tuple[int, str]]:
    """(line, path in the release) of each image of this repository shown as a sample: under a samples
    heading, with a samples alt text, or after a line introducing samples."""
    text = card.text if card is not None else None
    if not text or ("![" not in text and "<img" not in text and "<IMG" not in text):
        return []  # most cards show no image: no lower-cased copy of the text is made for them
    out: list[tuple[int, str]] = []
    heading, in_fence, seen, last_text = "", False, 0, ""
    generator = card is not None and any(_GENERATOR.match(v.strip())
                                         for key in ("pipeline_tag", "tags") for v in card.meta_list(key)[:100])
    for number, line in enumerate(text.split("\n"), start=1):
        intro = last_text  # the last non-empty line before this one
        if line.strip():
            last_text = line
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        stripped = line.lstrip()
        if stripped.startswith("#"):
            heading = stripped
            continue
        if "![" not in line and "<img" not in line.lower():
            continue
        for m in _IMAGE.finditer(line):
            seen += 1
            if seen > MAX_IMAGES:
                return out
            path = _repo_path(m.group(1) or m.group(2), own_id)
            if path and (_SAMPLES_HEADING.search(f"{heading}\n{m.group(0)}\n{intro[:300]}")
                         or (generator and _EXAMPLES_HEADING.match(heading))):
                out.append((number, path))
    return out
