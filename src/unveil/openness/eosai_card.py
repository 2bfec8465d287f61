"""What a model card shows about the aspects the EOSAI experts grade from it, read from its prose.

The index's written criteria ask for more than a topic heading: a model card is `open` when it gives
"comprehensive insight on model architecture, training, fine-tuning, and evaluation" in a standard format
(the experts: "missing hyperparameters" is partial, "primarily usage information" is not insight); the
hardware architecture is `open` when the training setup is documented in requisite detail (the accelerators
and how many), and "only inference hardware" is `closed`; a datasheet follows Gebru et al.'s questions. These
helpers find those details in a card's prose (front matter and code blocks describe nothing) and stay pure:
one pass over at most `MAX_LINES` lines per question.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate
from typing import NamedTuple

from unveil.licenses.prefilter import required_literal
from unveil.regex_source import fast_start, key_words, lines_holding, source, top_alternatives, whole_text_decides

MAX_LINES = 5000  # budget: a card's prose beyond this is not read (cards are capped upstream as well)
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$|^\s*\*\*([^*\n]{2,60})\*\*\s*:?\s*$")

# Hyperparameters of training, by kind: two different kinds make a training procedure one could repeat.
_HYPER_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("learning rate", re.compile(r"\blearning[- _]rates?\b|\bLR\b|\blr\s*[:=]")),
    ("batch size", re.compile(r"\b(?:global |micro[- ])?batch[- _]?sizes?\b|\bbatch\s*[:=|]", re.I)),
    ("epochs", re.compile(r"\b\d+(?:\.\d+)?\s+epochs?\b|\b(?:num_(?:train_)?)?epochs?\s*[:=|]", re.I)),
    ("steps", re.compile(r"\b\d[\d,.]{0,24}\s*[kKM]?\s+(?:training |optimi[sz]ation |gradient )?steps\b|"
                         r"\b(?:max_|training )?steps\s*[:=|]", re.I)),
    ("optimizer", re.compile(r"\b(?:AdamW?|Adafactor|SGD|LAMB|Lion|Muon)\b|\boptimi[sz]er\b", re.I)),
    ("schedule", re.compile(r"\bwarm-?up\b|\bcosine (?:schedule|decay|annealing)|\blinear decay\b|\bweight decay\b",
                            re.I)),
    ("precision", re.compile(r"\b(?:bf16|bfloat16|fp16|fp8|mixed[- ]precision)\b.{0,40}\btrain|"
                             r"\btrain\w*\b.{0,40}\b(?:bf16|bfloat16|fp16|fp8|mixed[- ]precision)\b", re.I)),
    ("tokens", re.compile(r"\b\d+(?:\.\d+)?\s*[BMT]\s+tokens\b|\b\d+(?:\.\d+)?\s*(?:billion|trillion) tokens\b|"
                          r"\|\s*Tokens\s*\|", re.I)),
)

# A section about evaluation, and a result in it: a number next to a metric or a benchmark, or a table row of
# numbers. "We evaluate on HumanEval; see the paper" names a benchmark but reports nothing.
_EVAL_HEADING = re.compile(r"\b(evaluat\w*|benchmarks?|results?|performance|metrics?|leaderboard)\b", re.I)
_METRIC = re.compile(
    r"\b(accuracy|acc|F1|BLEU|ROUGE(?:-\w+)?|chrF|pass@\d+|exact match|perplexity|PPL|FID|CLIP ?score|WER|CER|"
    r"MMLU\w*|HellaSwag|ARC(?:-[CE]\w*)?|GSM-?8K|HumanEval\+?|MBPP\+?|TruthfulQA|Wino[Gg]rande|BoolQ|PIQA|MATH|"
    r"BBH|MT-?Bench|AlpacaEval|GPQA|IFEval|LAMBADA|SQuAD|GLUE|SuperGLUE|win rate)\b", re.I)
_IMAGE = re.compile(r"!\[[^\]\n]*\]\(|<img\b", re.I)  # a results plot
_DECIMAL = re.compile(r"(?<![\w.])\d{1,3}\.\d+(?![\d.])|(?<![\w.])\d{1,3}(?:\.\d+)?\s*%")
_CELL_NUMBER = re.compile(r"^[*_\s]*[-+]?\d{1,4}(?:\.\d+)?\s*%?[*_\s]*(?:±\s*\d+(?:\.\d+)?)?\s*$")
_TAG = re.compile(r"<[^>\n]{0,200}>")

# The training setup at scale: how many accelerators or nodes ("32 x 8 x A100", "512 TPU v4 chips", "on 64
# nodes", "TPU-v4-512"). GPU-hours alone say how much compute, not on what setup.
_ACCEL = r"(?:GPUs?|TPUs?|A100s?|H100s?|H800s?|H200s?|A800s?|V100s?|GB200s?|MI\d{3}\w*|chips|accelerators|nodes)"
_HW_SCALE = re.compile(
    r"\b\d[\d,]{0,24}\s*(?:x|×|\*)\s*(?:\d+\s*(?:x|×|\*)\s*)?(?:NVIDIA\s+|AMD\s+)?(?:[ABHLV]\d{2,3}\w*|GB\d{3}|"
    r"MI\d{3}\w*|RTX ?\d{4}|GPUs?|TPUs?)|"
    r"\b\d[\d,]{0,24}\s+(?:[\w-]+\s+){0,3}?" + _ACCEL + r"\b|"
    r"\b(?:a single|one|two|four|eight|sixteen)\s+(?:[\w-]+\s+){0,3}?" + _ACCEL.replace("chips|", "chips|Pods?|")
    + r"\b|\b(?:TPU[- ]?(?:Pod )?)?v\d\w*-\d+\b|\b(?:cluster|pod|supercomputer) of \d[\d,]{0,24}\b", re.I)
_GPU_HOURS = re.compile(r"\b(?:GPU|TPU|accelerator)[- ]hours?\b", re.I)

# Searched over whole cards (`_matching`). Behind a first-character lookahead (the same matches) where that
# measured faster: patterns opening with many alternatives; a short one is faster behind its `\b` alone.
_FAST_KINDS = ("batch size", "optimizer", "precision")
_HYPER_KINDS = tuple((kind, fast_start(rx) if kind in _FAST_KINDS else rx) for kind, rx in _HYPER_KINDS)
_METRIC = fast_start(_METRIC)

# Gebru et al.'s datasheet sections, as headings (or bold labels) in a card.
_DATASHEET_SECTIONS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("motivation", re.compile(r"\bmotivation\b", re.I)),
    ("composition", re.compile(r"\bcomposition\b|\bdata (?:mixture|distribution)\b", re.I)),
    ("collection process", re.compile(r"\bcollection(?: process)?\b|\bdata (?:sources?|sourcing)\b", re.I)),
    ("preprocessing", re.compile(r"\bpre-?processing\b|\bcleaning\b|\bfiltering\b|\blabel(?:l)?ing\b|"
                                 r"\bcuration\b", re.I)),
    ("uses", re.compile(r"\buses\b|\brecommended uses\b", re.I)),
    ("distribution", re.compile(r"\bdistribution\b|\blicen[cs]e of the data\b", re.I)),
    ("maintenance", re.compile(r"\bmaintenance\b|\bmaintain\w*\b", re.I)),
)
_DATA_HEADING = re.compile(r"\b(data(?:sets?)?|corpus|corpora|datasheet)\b", re.I)


class ProseLine(NamedTuple):  # a tuple: built for every prose line of every card, the cheapest to make
    number: int  # 1-based line number in the card
    text: str
    heading: str  # the nearest heading above (lower-cased), "" before the first one
    is_heading: bool
    level: int = 0  # of that heading: 1-6 for `#`..`######`, 7 for a bold label line, 0 before any
    path: str = ""  # that heading and the headings above it, " / "-joined (lower-cased)


def prose(text: str) -> Iterator[ProseLine]:
    """The card's lines outside its front matter and code blocks, each with the heading it sits under."""
    return iter(_table(text).prose)


@dataclass(frozen=True)
class _Table:
    text: str
    prose: tuple[ProseLine, ...]
    joined: str  # the prose lines, one per line ("\\n"-joined): what `_matching` searches
    starts: list[int]  # where each prose line starts in `joined`
    folded: str  # `joined` lower-cased the way a case-blind regex sees it (dotless i, long s; a dotted I's dot dropped)


_TABLE: list[_Table | None] = [None]


def _table(text: str) -> _Table:
    """The card's prose lines, built once per card (a one-card cache: three questions read them)."""
    got = _TABLE[0]
    if got is None or got.text is not text:
        lines = tuple(_prose(text))
        starts = [0, *accumulate(len(line.text) + 1 for line in lines)][: len(lines)]
        joined = "\n".join(line.text for line in lines)
        folded = fold(joined)
        got = _TABLE[0] = _Table(text, lines, joined, starts, folded)
    return got


def fold(text: str) -> str:
    """`text` lower-cased the way a case-blind regex sees it: dotless i and long s fold to i and s; a dotted
    capital I lowers to i plus a combining dot, dropped (so the length may differ from the text's)."""
    return text.lower().replace("\u0131", "i").replace("\u017f", "s").replace("\u0307", "")


def _needs(rx: re.Pattern[str]) -> tuple[str, ...] | None:
    """Words of which every match of `rx` holds one (lower case when `rx` is case-blind): each top-level
    alternative's required literal (`licenses.prefilter.required_literal`); None when one has none."""
    words = []
    for alternative in top_alternatives(source(rx)):
        word = required_literal(alternative)
        if word is None or not word.isascii():
            return None
        words.append(word.lower() if rx.flags & re.I else word)
    return tuple(dict.fromkeys(words))


def _possible(text: str, rx: re.Pattern[str], needs: tuple[str, ...] | None) -> bool:
    """False when the card's prose holds none of `needs` (then `rx` matches no line of it): a few `str.find`s
    instead of a regex scan. A case-blind pattern's words are looked for in the prose folded as `re.I` folds."""
    if needs is None:
        return True
    table = _table(text)
    hay = table.folded if rx.flags & re.I else table.joined
    return any(word in hay for word in needs)


def _matching(text: str, rx: re.Pattern[str]) -> Iterator[int]:
    """Indexes, in order, of the prose lines that `rx` matches. When every match holds one of a few words
    (`regex_source.key_words`), only the lines holding one (found by `str.find`) are searched; otherwise, where
    the whole text decides (`regex_source.whole_text_decides`), one search of all the prose jumps to the next
    line holding a match (the lines before it hold none), and that line alone is confirmed; otherwise every
    prose line is searched."""
    table = _table(text)
    lines = table.prose
    words = _key_words(rx)
    blind = bool(rx.flags & re.I)
    if words is not None and (not blind or len(table.folded) == len(table.joined)):  # offsets shared by both
        yield from (k for k in lines_holding(table.folded if blind else table.joined, table.starts, words)
                    if rx.search(lines[k].text))
        return
    if not whole_text_decides(rx):
        yield from (k for k, line in enumerate(lines) if rx.search(line.text))
        return
    joined, starts, pos = table.joined, table.starts, 0
    while True:
        m = rx.search(joined, pos)
        if m is None:
            return
        k = bisect_right(starts, m.start()) - 1
        if rx.search(lines[k].text):
            yield k
        if k + 1 >= len(lines):
            return
        pos = starts[k + 1]


_KEYS: dict[re.Pattern[str], frozenset[str] | None] = {}


def _key_words(rx: re.Pattern[str]) -> frozenset[str] | None:
    if rx not in _KEYS:
        _KEYS[rx] = key_words(rx)
    return _KEYS[rx]


def _prose(text: str) -> Iterator[ProseLine]:
    lines = text.splitlines()[:MAX_LINES]
    start = 0
    if lines and lines[0].strip() == "---":
        start = next((i + 1 for i, line in enumerate(lines[1:], start=1) if line.strip() in ("---", "...")), 0)
    fenced = False
    heading, level, path = "", 0, ""
    stack: list[tuple[int, str]] = []
    for i in range(start, len(lines)):
        line = lines[i]
        lead = line.lstrip()
        if lead.startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if fenced:
            continue
        # A heading's first character after white space is "#" or "*" (`\s` is what `str.lstrip` strips).
        m = _HEADING.match(line) if lead.startswith(("#", "*")) else None
        if m:
            heading = (m.group(2) or m.group(3) or "").lower()
            level = len(m.group(1)) if m.group(1) else 7
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, heading))
            path = " / ".join(h for _, h in stack)
        yield ProseLine(i + 1, line, heading, bool(m), level, path)


# Training facts beyond the optimiser's settings: the compute it took (accelerators named on a line about
# training, or under a training heading; GPU-hours) and how long it ran. Cards the experts grade `open` state
# these with the tokens trained on ("9.8T tokens, 1920 H100-80G, 21 days") even without a learning rate.
_DEVICE = re.compile(r"\b(?:GPUs?|TPUs?|TPU-?v\d\w*|A100|H100|H200|H800|V100|A800|GB200|MI\d{3}\w*)\b|"
                     r"\b(?:GPU|TPU|accelerator)[- ]hours?\b", re.I)
_TRAIN = re.compile(r"\btrain\w*|\bpre-?train\w*|\bfine-?tun\w*", re.I)
_DURATION = re.compile(r"\btrain\w*\b[^.\n]{0,60}?\b\d+(?:\.\d+)?\s*(?:days|weeks|months)\b|\btrained between\b|"
                       r"\btraining (?:time|duration)\b", re.I)


_DEVICE = fast_start(_DEVICE)
# Words one of which each kind's every match holds (None: no such list): a card without them is not scanned.
_KIND_NEEDS = {kind: _needs(rx) for kind, rx in _HYPER_KINDS}
_DURATION_NEEDS = _needs(_DURATION)


def training_details(text: str) -> list[str]:
    """Kinds of training details the card states: hyperparameters (learning rate, batch size, steps, ...), the
    tokens trained on, the training compute and its duration."""
    # Each kind's first line, found by jumping through the card (`_matching`); kinds are listed as a line-by-line
    # reading meets them: by that line, then in this order within one line.
    lines = _table(text).prose
    first: list[tuple[int, int, str]] = []
    for order, (kind, rx) in enumerate(_HYPER_KINDS):
        k = next(_matching(text, rx), None) if _possible(text, rx, _KIND_NEEDS[kind]) else None
        if k is not None:
            first.append((k, order, kind))
    k = next((k for k in _matching(text, _DEVICE)
              if _TRAIN.search(lines[k].text) or _TRAIN.search(lines[k].path)), None)
    if k is not None:
        first.append((k, len(_HYPER_KINDS), "compute"))
    k = next(_matching(text, _DURATION), None) if _possible(text, _DURATION, _DURATION_NEEDS) else None
    if k is not None:
        first.append((k, len(_HYPER_KINDS) + 1, "duration"))
    return [kind for _, _, kind in sorted(first)]


def evaluation_results(text: str) -> list[ProseLine]:
    """Lines reporting evaluation results: a metric or benchmark with a number, or under an evaluation heading a
    table row of numbers (an HTML table puts one cell on a line) or a plot."""
    out: list[ProseLine] = []
    metric = set(_matching(text, _METRIC))
    under: dict[str, bool] = {}  # heading path -> under an evaluation heading (many lines share one)
    for k, line in enumerate(_table(text).prose):
        if line.is_heading:
            continue
        under_eval = under.get(line.path)
        if under_eval is None:
            under_eval = under[line.path] = bool(_EVAL_HEADING.search(line.path))
        if (k in metric and _DECIMAL.search(line.text)) or under_eval and (
                _numeric_cells(line.text) or _IMAGE.search(line.text)):
            out.append(line)
            if len(out) >= 2:
                break
    return out


def _numeric_cells(line: str) -> int:
    """Table cells holding only a number: a markdown row's cells, or an HTML cell on its own line."""
    if "|" in line:
        cells = line.strip().strip("|").split("|")
    elif "<td" in line.lower():
        cells = [_TAG.sub("", line)]
    else:
        return 0
    return sum(1 for c in cells if _CELL_NUMBER.match(c))


def scaled_hardware(lines: list[str]) -> bool:
    """Whether one of these training-hardware lines says how many accelerators or nodes were used."""
    return any(_HW_SCALE.search(line) for line in lines)


def gpu_hours_only(lines: list[str]) -> bool:
    return bool(lines) and all(_GPU_HOURS.search(line) for line in lines)


def datasheet_sections(text: str) -> list[str]:
    """Gebru et al.'s datasheet sections the card answers under a data heading (a datasheet inside the card)."""
    found: list[str] = []
    data_level = 0  # level of the data heading whose sub-sections are being read (0: outside one)
    for line in prose(text):
        if not line.is_heading:
            continue
        is_data = bool(_DATA_HEADING.search(line.heading))
        if data_level and line.level <= data_level and not is_data:
            data_level = 0  # a sibling section: the data part ended
        if is_data and not data_level:
            data_level = line.level
        if not data_level:
            continue
        for name, rx in _DATASHEET_SECTIONS:
            if name not in found and rx.search(line.heading):
                found.append(name)
    return found


# The open library that trained the model, named by the card: "fine-tuned with the [Simple Transformers](...)
# library", "trained using the fairseq toolkit", or the training record such a library writes into the cards of the
# models it trains (sentence-transformers' "Parameters of the fit()-Method", the Trainer's "hyperparameters used
# during training" beside its "Framework versions"). The index: "training done using an open-source library".
_LIBRARY_SAID = re.compile(
    r"\b(?:trained|fine-?tuned|pre-?trained)\b[^.\n]{0,60}?\b(?:with|using|in)\s+(?:the\s+)?\[?([A-Za-z][\w.+-]*"
    r"(?: [A-Za-z][\w.+-]*){0,2})\]?(?:\([^)\s]*\))?\s+(?:library|framework|toolkit)\b", re.I)
_FIT_RECORD = re.compile(r"\bParameters of the fit\(\)-Method\b")
_TRAINER_RECORD = re.compile(r"\bhyperparameters were used during training\b", re.I)
_FRAMEWORKS = re.compile(r"^\s*#{1,6}\s*Framework versions\b", re.I)


def training_library(text: str) -> str | None:
    """The open library the card says trained the model (None when it names none)."""
    trainer = framework = False
    for line in _table(text).prose:
        m = _LIBRARY_SAID.search(line.text)
        if m:
            return m.group(1)
        if _FIT_RECORD.search(line.text):
            return "sentence-transformers"
        trainer = trainer or bool(_TRAINER_RECORD.search(line.text))
        framework = framework or bool(_FRAMEWORKS.search(line.text))
    return "transformers (Trainer)" if trainer and framework else None


# The card says this model was built from a pretrained model without naming it by a Hub id: "This model is a
# fine-tune of Stable Diffusion", "initialized with CodeGen-Multi 16B", "a BERT based ... model", "based on the
# `t5-large` model", the sentence-transformers template (such models are a pretrained encoder with a pooling head).
# "It can be fine-tuned on downstream tasks" (what a user may do) is not one. Every repeat is bounded: a card
# line of millions of characters (a hostile or truncated card) must stay linear.
_IMPLIED_BASE = re.compile(
    r"\b(?:(?:this|the|our) (?:model|checkpoint|version)|it|we|I)\s+(?:(?:is|was|were|has been|have been)\s+)?"
    r"(?:further\s+|then\s+|first\s+)?(?:fine-?tuned|finetuned)\b|"
    r"\b(?:fine-?tuned|finetuned) (?:version|variant|checkpoint) of\b|\ba fine-?tune of\b|"
    r"\b(?:fine-?tuned|finetuned) (?:from|on top of)\b|"
    # a title: "Galactica-6.7b finetuned on ..."
    r"^\W{0,20}(?:\S{1,80}\s+){1,4}(?:fine-?tuned|finetuned) (?:on|to|with)\b|"
    r"\b(?:initiali[sz]ed (?:from|with)|continued pre-?training (?:of|from)|distilled from|further pre-?trained)\b|"
    r"\bbased on (?:the |a |an )?(?:pre-?trained\b|"
    r"[`*\[]?[\w.-]{0,80}\d[\w.-]{0,80}[`*\]]?(?:\([^)\s]{0,200}\))? (?:model|checkpoint)\b|`[\w.-]{1,120}`)|"
    r"(?-i:\b(?!Transformer\b)[A-Z][A-Za-z]{0,60}[A-Z0-9][\w.]{0,60})[- ]based\b[^.\n]{0,30}\bmodel\b|"
    r"\bThis is a \[?sentence-transformers\]?(?:\([^)\s]{0,200}\))? model\b", re.I)
_USER_MAY = re.compile(r"\b(?:can|could|may|might|should|you|users?)\b[^.\n]{0,30}(?:fine-?tun|finetun)", re.I)


def implied_base(text: str) -> ProseLine | None:
    """The prose line saying the model was built from a pretrained base (named or not), None when none does."""
    for line in _table(text).prose:
        m = _IMPLIED_BASE.search(line.text)
        if m and not _USER_MAY.search(line.text[max(0, m.start() - 40): m.end()]):
            return line
    return None
