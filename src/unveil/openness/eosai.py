"""European Open Source AI Index: its 12 parameters graded open / partial / closed / inconclusive.

Most parameters depend on material behind links (code repositories, papers, dataset cards). The
judge stays pure: it receives the links already followed by the service (`unveil.openness.linked`,
only when `follow_links=True`) and grades from those facts and the card; where the answer lies
behind a link that was not or could not be followed it grades `inconclusive`, never `closed`.
Score = mean over the graded parameters (open 1, partial 0.5); inconclusive ones are left out, and
`graded` says how many parameters the score rests on.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from itertools import accumulate

from unveil.card import parse_card
from unveil.card_links import LinkFact, declared_links
from unveil.licenses import catalog, lineage
from unveil.openness import eosai_card
from unveil.openness.signals import linked_bases, named_bases
from unveil.openness.view import BLOCKING_CATEGORIES, OPEN_CATEGORIES, OpennessView, categorize, most_restrictive
from unveil.regex_source import fast_start, key_words, lines_holding, whole_text_decides
from unveil.report import EosaiParameter, EosaiResult, Evidence, LicenseEntry

PARAMETERS: tuple[str, ...] = (
    "datasources_basemodel",
    "datasources_endmodel",
    "weights_basemodel",
    "weights_endmodel",
    "trainingcode",
    "code",
    "hardware_architecture",
    "preprint",
    "paper",
    "modelcard",
    "datasheet",
    "licenses",
)
# Some patterns searched over whole cards are behind `fast_start` (a first-character lookahead: the same matches),
# where it measured faster (a pattern opening with many alternatives); on the others it costs more than it saves.
_ARXIV = re.compile(r"arxiv\.org/(abs|pdf)/\d{4}\.\d{4,5}|arXiv:\s*\d{4}\.\d{4,5}", re.I)
# Not a word of a slug or a Hub id ("Galuh/id-journal-gpt2" names no journal).
_VENUE = re.compile(
    r"(?<![a-z0-9][-_/])\b(proceedings|journal|transactions|conference|NeurIPS|ICLR|ICML|ACL|EMNLP|NAACL|CVPR|ICCV|"
    r"ECCV|AAAI|TMLR|JMLR|COLING|booktitle)\b(?![-_/][a-z0-9])"
)
# A device or a compute setup named: the word "hardware" alone is a topic ("Hardware Type: [More Information
# Needed]", "a hardware-friendly design"), not a description of one.
_HARDWARE = fast_start(re.compile(
    r"\b(GPUs?|TPUs?|TPU-?v\d\w*|A100|H100|H200|H800|V100|A800|A6000|GB200|RTX ?\d{4}|MI\d{3}\w*|Gaudi\d?|IPUs?|"
    r"accelerators?|compute infrastructure|cluster|supercomputer|GPU[- ]hours|nodes)\b", re.I))
# Architecture families a card may name its model by (case as written: "bert" in a URL slug is not one).
_FAMILIES = (r"BERT|RoBERTa|DistilBERT|DistilRoBERTa|ALBERT|ELECTRA|DeBERTa(?:-?v\d)?|XLM-R(?:oBERTa)?|XLM|MPNet|"
             r"MiniLM|[Tt]5|mT5|ByT5|BART|mBART|Pegasus|PEGASUS|Marian(?:MT|NMT)?|GPT-?2|GPT-?J|GPT-Neo(?:X)?|LLaMA|"
             r"Llama(?: ?\d(?:\.\d)?)?|Mistral|OPT|BLOOM|Falcon|Wav2Vec2?|wav2vec ?2\.0|HuBERT|Whisper|Conformer|ViT|"
             r"Swin|ResNet(?:-?\d+)?|CLIP|LSTM|BiLSTM|GRU|CNN|GCN|VAE|GAN|Longformer|BigBird|Reformer|FNet")
# An architecture described, not a word in a tag or a pipeline name ("stable-diffusion", `transformer`).
_ARCH = fast_start(re.compile(
    r"\b(architectur\w*|(?:decoder|encoder)[- ]only|encoder[- ]decoder|transformer[- ](?:based|architecture|decoder|"
    r"encoder|model|blocks?|layers?)|\d+[- ]layers?|layers?:\s*\d|attention heads|hidden (?:size|dimension)|model dim|"
    r"(?:latent )?diffusion model|U-?Net|auto-?regressive|mixture[- ]of[- ]experts|state[- ]space|recurrent|"
    r"convolutional)\b", re.I
))
# An architecture named by its family, as this model's: "a RoBERTa model", "the `t5-large` model architecture",
# "a BERT based multi-vector model", "based on XLM-RoBERTa" (the family fixes the layers and their sizes).
_ARCH_FAMILY = fast_start(re.compile(
    r"(?:\b(?:an?|the|based on|built on)\s+(?:(?:fine-?tuned|pre-?trained|multilingual|small|base|large|"
    r"distilled)\s+)*[`\[]?|(?<![\w/-]))(?-i:" + _FAMILIES + r")(?:[- ]?(?:v\d|\d+(?:\.\d+)?[BMbm]|base|large|small|"
    r"xl|xxl|tiny|mini|medium|big|uncased|cased))*[`\]]?(?:\([^)\s]*\))?[- ](?:based\b|(?:\w+[- ]){0,2}"
    r"(?:model|architecture|encoder|decoder|checkpoint)\b)", re.I
))
# What it takes to run the model is not how it was trained (the index: "only inference hardware found" is closed).
_INFERENCE = re.compile(r"\b(inference|memory|requirements?|usage|VRAM|install|device|throughput|deploy\w*|serving|"
                        r"quantiz\w*|run(?:s|ning)? (?:on|it|the model)|recommend\w*|speed|compatib\w*|CPU|"
                        r"More Information Needed)\b", re.I)
_DOC_TOPICS = ("training_data", "limitations", "bias", "evaluation", "intended_use", "data_quality")


_PAPER_DEFERRAL = fast_start(re.compile(
    r"\b(see|refer to|described in|details? in)\b.{0,60}\b(paper|preprint|report|section \d)", re.I))
_ARXIV_VENUE = re.compile(r"(journal|booktitle)\s*=\s*[{\"]?\s*arxiv", re.I)
_NOT_THIS_PAPER = re.compile(_ARXIV_VENUE.pattern + r"|\b(data ?sets?|corpus|corpora|data ?sheet)\b", re.I)
_HUB_ID = re.compile(r"^[\w.-]+(?:/[\w.-]+)?$")  # legacy Hub ids have no organisation
_DATASHEET_WORD = re.compile(r"\bdata ?sheet", re.I)
GRADE_ORDER = ("closed", "partial", "open")


def _g(grade: str, reason: str, evidence: list[Evidence] | None = None) -> EosaiParameter:
    return EosaiParameter(grade=grade, reason=reason, evidence=(evidence or [])[:4])  # type: ignore[arg-type]


_FOUND: dict[tuple[object, ...], list[Evidence]] = {}
_FOUND_OF: list[str | None] = [None]


def _find_lines(view: OpennessView, rx: re.Pattern[str], limit: int = 2,
                skip: re.Pattern[str] | None = None, prose_only: bool = False) -> list[Evidence]:
    """Lines of the card matching `rx` (not `skip`). The grader asks some questions twice of one card (the
    architecture: for the hardware and for the model card): answered once per card (a one-card cache). A scan
    also notes every line `rx` matched, skipped or not, so the same question without `skip` (the hardware
    grade's "only inference hardware?") is answered from it when that scan saw enough lines or all of them, and
    the question with `skip` when it saw all of them (the venue: asked without, then with a skip)."""
    seen = _once(view, ("seen", rx, prose_only), list)  # [(lines rx matched, whether all were seen)]
    if skip is None:
        if seen and (seen[0][1] or len(seen[0][0]) >= limit):
            return list(seen[0][0][:limit])
    elif seen and seen[0][1]:
        lines = _line_table(view.card_text)[0]
        return [e for e in seen[0][0] if not skip.search(lines[e.line - 1])][:limit]  # type: ignore[index, operator]
    return _once(view, (rx, limit, skip, prose_only), lambda: _scan_and_note(view, rx, limit, skip, prose_only))


def _scan_and_note(view: OpennessView, rx: re.Pattern[str], limit: int, skip: re.Pattern[str] | None,
                   prose_only: bool) -> list[Evidence]:
    out, matched, exhaustive = _scan_lines(view, rx, limit, skip, prose_only)
    key = ("seen", rx, prose_only, view.card_path)
    before = _FOUND.get(key)
    if not before or (not before[0][1] and (exhaustive or len(matched) > len(before[0][0]))):
        _FOUND[key] = [(matched, exhaustive)]  # type: ignore[list-item]
    return out


def _once(view: OpennessView, question: tuple[object, ...], answer: Callable[[], list[Evidence]]) -> list[Evidence]:
    """`answer()`, computed once per card and question (a one-card cache: the grader asks, then moves on)."""
    if _FOUND_OF[0] is not view.card_text:
        _FOUND.clear()
        _FOUND_OF[0] = view.card_text
    key = (*question, view.card_path)
    got = _FOUND.get(key)
    if got is None:
        got = _FOUND[key] = answer()
    return list(got)


def _scan_lines(view: OpennessView, rx: re.Pattern[str], limit: int, skip: re.Pattern[str] | None,
                prose_only: bool) -> tuple[list[Evidence], list[Evidence], bool]:
    """(lines matching `rx` and not `skip`, up to `limit`; every line `rx` matched on the way; whether the scan
    reached the end of the card). Lines opening or closing a code block are never read; with `prose_only`,
    neither are the front matter and code blocks."""
    out: list[Evidence] = []
    matched: list[Evidence] = []
    lines = _line_table(view.card_text)[0]
    for i in _candidates(view.card_text, rx, prose_only):
        line = lines[i]
        if rx.search(line):
            found = Evidence(path=view.card_path, line=i + 1, text=line.strip()[:200], rule="OPN120")
            matched.append(found)
            if not (skip and skip.search(line)):
                out.append(found)
                if len(out) >= limit:
                    return out, matched, False
    return out, matched, True


def _candidates(text: str, rx: re.Pattern[str], prose_only: bool | None) -> Iterator[int]:
    """Indexes, in order, of the lines `rx` may match, among those a scan reads: every such line, or only those
    holding one of the words each match holds (`regex_source.key_words`, found by `str.find`), or, where the
    whole text decides (`whole_text_decides`), the next line holding the leftmost match from the current line on
    (one search of the text jumps over the lines before it, which hold none). `prose_only` None: every line."""
    table = _line_table(text)
    lines, ends = table[0], table[1]
    readable = table[4] if prose_only else table[3] if prose_only is False else [True] * len(lines)
    words = _key_words(rx)
    blind = bool(rx.flags & re.I)
    if words is not None and (not blind or len(table[5]) == len(text)):  # offsets shared by both
        yield from (i for i in lines_holding(table[5] if blind else text, [0, *ends], words) if readable[i])
        return
    i = table[2] if prose_only else 0
    decides = whole_text_decides(rx)
    while i < len(lines):
        if decides:
            m = rx.search(text, ends[i - 1] if i else 0)
            if m is None:
                return
            i = max(i, bisect_right(ends, m.start()))
            if i >= len(lines):
                return
        if readable[i]:
            yield i
        i += 1


_KEYS: dict[re.Pattern[str], frozenset[str] | None] = {}


def _key_words(rx: re.Pattern[str]) -> frozenset[str] | None:
    if rx not in _KEYS:
        _KEYS[rx] = key_words(rx)
    return _KEYS[rx]


# One card's (lines, their end offsets, where the body starts, the lines a scan reads, the lines a prose scan
# reads, the text folded as `re.I` folds it), keyed by the text.
_LINES: tuple[str, tuple[list[str], list[int], int, list[bool], list[bool], str]] | None = None


def _line_table(text: str) -> tuple[list[str], list[int], int, list[bool], list[bool], str]:
    """The card's lines and what the scans ask of them, built once per card, not once per question (a one-entry
    cache: the judge asks a dozen questions of one card, then moves to the next)."""
    global _LINES
    got = _LINES
    if got is None or got[0] is not text:
        lines = text.splitlines()
        body = _body_start(lines)
        fences = [line.lstrip().startswith(("```", "~~~")) for line in lines]
        prose, fenced = [False] * len(lines), False
        for i in range(body, len(lines)):  # a code block opens and closes at fences (counted from the body)
            if fences[i]:
                fenced = not fenced
            else:
                prose[i] = not fenced
        ends = list(accumulate(map(len, text.splitlines(keepends=True))))
        got = _LINES = (text, (lines, ends, body, [not f for f in fences], prose, eosai_card.fold(text)))
    return got[1]


def _body_start(lines: list[str]) -> int:
    """Index of the first line after the YAML front matter (0 without one)."""
    if lines and lines[0].strip() == "---":
        for i, line in enumerate(lines[1:], start=1):
            if line.strip() in ("---", "..."):
                return i + 1
    return 0


class _Links:
    """The card's links (followed or only declared), with the questions the judge asks of them."""

    def __init__(self, links: Mapping[str, LinkFact], card_path: str | None) -> None:
        self.all = list(links.values())
        self.card_path = card_path

    def of(self, kind: str, role: str | None = None) -> list[LinkFact]:
        return [lf for lf in self.all if lf.kind == kind and (role is None or lf.role == role)]

    def evidence(self, links: list[LinkFact]) -> list[Evidence]:
        return [Evidence(path=self.card_path, line=lf.line, text=(lf.context or lf.url)[:200], url=lf.url,
                         rule="OPN120") for lf in links]


def _reached(links: list[LinkFact]) -> list[LinkFact]:
    return [lf for lf in links if lf.reachable]


def _failed(links: list[LinkFact]) -> list[LinkFact]:
    """Tried but not checked (network error, budget): `inconclusive`, never `closed`."""
    return [lf for lf in links if lf.reachable is None and lf.attempted]


def _weights_from_links(links: list[LinkFact], lk: _Links, what: str) -> EosaiParameter | None:
    """Grade weights from Hub model links: followed -> what the repo holds; declared -> a pointer."""
    if not links:
        return None
    ev = lk.evidence(links)
    with_weights = [lf for lf in _reached(links) if lf.facts.get("has_weights")]
    if with_weights:
        if all(lf.facts.get("gated") for lf in with_weights):
            return _g("partial", f"{what} weights behind a gate on the Hub ({with_weights[0].target})", ev)
        return _g("open", f"{what} weights downloadable from {with_weights[0].target} (link followed)", ev)
    if _failed(links):
        return _g("inconclusive", f"{what} weights link could not be followed", ev)
    if any(lf.attempted for lf in links):
        return _g("closed", f"{what} weights link followed: no weights there (or repo not found)", ev)
    return _g("open", f"{what} weights declared by a concrete pointer ({links[0].target}; not followed)", ev)


def _weights(view: OpennessView, lk: _Links) -> EosaiParameter:
    """Availability only (the license is its own parameter): shared, gated/partly shared, or not."""
    found = _weights_found(view, lk)
    # The index grades weights behind an access form `partial`.
    if found.grade == "open" and view.gated and "gate" not in (found.reason or ""):
        return _g("partial", f"{found.reason}; behind an access form on the Hub (gated)", found.evidence)
    return found


def _weights_found(view: OpennessView, lk: _Links) -> EosaiParameter:
    state = view.status("model_parameters_final")
    ev = view.evidence("model_parameters_final")
    if state == "verified":
        return _g("open", "weights in the release files", ev)
    # A usage snippet that loads the base (an adapter's `from_pretrained(base)`) is evidence about the base.
    bases = {b.lower() for b in view.base_models}
    pointers = [lf for lf in lk.of("hub-model", "weights") if lf.target.lower() not in bases]
    if view.card_only:  # how to load the model is not where its files are, unless that repo was followed
        pointers = [lf for lf in pointers if lf.attempted or not _usage_only(lf)]
    if state == "declared":
        found = _weights_from_links(pointers, lk, "end-model") if any(lf.attempted for lf in pointers) else None
        return found or _g("open", "weights declared by a concrete pointer", ev)
    if state == "inconclusive":
        return _g("inconclusive", "weights listed but could not be checked (gated or unreadable)", ev)
    found = _weights_from_links(pointers, lk, "end-model")
    archive = _find_lines(view, _WEIGHTS_ARCHIVE, 1, skip=_DATA_FILE, prose_only=True) if found is None else []
    if archive:  # a checkpoint archive on another host ("Original Model: [x.zip](https://object.../x.zip)")
        return _g("open", "the card links a weights archive for download (not fetched)", archive)
    if found is None and view.card_only:  # only the card was read: the repository's files were never listed
        if view.gated:  # the card itself puts the repository behind the Hub's access form
            return _g("partial", "the card puts its repository behind an access form (gated; files not listed)", ev)
        agreement = _agreement_license(view)
        if agreement:  # the family's weights are handed out only to those who accept the agreement
            return _g("partial", f"weights obtained by accepting the {agreement} (an access agreement; files not "
                      "listed)", ev)
        return _g("inconclusive", "only the model card was read; the repository's files were not listed", ev)
    return found or _g("closed", "no weights in the release and no pointer to them", ev)


# A download link to a weights file or archive on a line that says it is the model (its checkpoint, weights),
# wherever it is hosted; an archive of data, test-set translations or scores is not.
_WEIGHTS_ARCHIVE = fast_start(re.compile(
    r"\b(?:model|checkpoints?|weights)\b[^\n]{0,120}\]\(https?://[^)\s]+\.(?:zip|tar\.gz|tgz|tar|ckpt|pth?|"
    r"safetensors|h5|onnx|gguf|npz)\)", re.I))
_DATA_FILE = re.compile(r"\b(?:data(?:sets?)?|corpus|test[- ]?sets?|translations|scores|eval\w*|benchmarks?)\b",
                        re.I)


def _usage_only(lf: LinkFact) -> bool:
    """A Hub repo met only in a usage snippet (`from_pretrained("org/name")`, `model_id = ...`): its line holds no
    link to it. A download link ("[model.ckpt](https://huggingface.co/.../resolve/main/model.ckpt)") is a pointer to
    weights; a snippet says where to load them from, which only the repo's file listing can confirm."""
    return lf.line is not None and "huggingface.co/" not in lf.context.lower()


# "trained ... on (a subset of) [LAION-5B](https://laion.ai/...)", "Training data: [the Pile](https://...)": a
# corpus named by a link on the line that says the model was trained on it.
_LINK = r"\[([^\]\n]{2,80})\]\((https?://[^)\s]+)\)"
_TRAINED_ON = re.compile(
    r"\b(?:trained|pre-?trained|fine-?tuned|tuned)\b[^.\n]{0,80}?\bon\b[^.\[\n]{0,40}" + _LINK
    + r"|^[\s*>|-]*(?:\*\*)?(?:pre-?training|training|fine-?tuning) (?:data(?:sets?)?|corpus)(?:\*\*)?\s*:?(?:\*\*)?"
    r"[^.\[\n]{0,40}" + _LINK, re.I | re.M)
_NOT_A_CORPUS = re.compile(r"arxiv\.org|/abs/|\.pdf$|huggingface\.co/(?!datasets/)|wikipedia\.org/wiki/(?!.*dump)",
                           re.I)


# Public corpora a card may name without a link (each obtainable or documented on its own). Raw crawls
# ("Common Crawl") and "publicly available data" are not named datasets: the index grades those `closed`.
_PUBLIC_CORPORA = re.compile(
    r"\b(the pile|laion-?(?:5b|2b|400m|aesthetics)\w*|c4|mc4|redpajama(?:-data)?|refinedweb|slimpajama|dolma|fineweb"
    r"(?:-edu)?|roots corpus|oscar|bookcorpus|the stack|starcoderdata|codesearchnet|imagenet(?:-\d+k)?|ms-?coco|"
    r"openwebtext|common ?voice|librispeech|webvid-10m|conceptual captions|cc3m|cc12m|oasst1|openassistant "
    r"conversations|ultrachat|ultrafeedback|databricks-dolly-15k|xp3|p3|flan(?: collection)?|culturax|wikipedia)\b",
    re.I)
_TRAINING_LINE = fast_start(re.compile(
    r"\b(trained on|training (data|corpus|set)|pre-?trained on|fine-?tuned on|datasets?:)", re.I))


def _unlinked_corpora(view: OpennessView) -> list[Evidence]:
    """Public corpora named on a line about the training data, without a link."""
    return _once(view, ("unlinked corpora",), lambda: _scan_unlinked_corpora(view))


def _scan_unlinked_corpora(view: OpennessView) -> list[Evidence]:
    out = []
    text = view.card_text
    lines, ends, *_, folded = _line_table(text)
    words = _key_words(_PUBLIC_CORPORA) if len(folded) == len(text) else None
    # Only the lines holding a match of `_TRAINING_LINE` are asked about corpora, and only those holding one of
    # the words each corpus name holds (in the folded card) are searched for one.
    for i in _candidates(text, _TRAINING_LINE, None):
        line = lines[i]
        if words is not None and not any(w in folded[ends[i - 1] if i else 0:ends[i]] for w in words):
            continue
        if not _TRAINING_LINE.search(line):
            continue
        if _PUBLIC_CORPORA.search(line):
            out.append(Evidence(path=view.card_path, line=i + 1, text=line.strip()[:200], rule="OPN120"))
            if len(out) >= 2:
                break
    return out


def _named_corpora(view: OpennessView) -> list[Evidence]:
    """Corpora named by a link on a line that says the model was trained on them."""
    return _once(view, ("named corpora",), lambda: _scan_named_corpora(view))


_COMPUTE = re.compile(r"\b(?:cloud|VMs?|compute|computing|sponsor\w*|grant)\b", re.I)


def _scan_named_corpora(view: OpennessView) -> list[Evidence]:
    out: list[Evidence] = []
    for m in _trained_on(view.card_text):
        name, url = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        if _NOT_A_CORPUS.search(url) or _HARDWARE.search(name) or _COMPUTE.search(name):
            continue  # "trained on a TPUv2-8 VM sponsored by [TPU Research Cloud](...)": compute, not a corpus
        line = view.card_text.count("\n", 0, m.start()) + 1
        out.append(Evidence(path=view.card_path, line=line, text=f"{name.strip()} ({url})"[:200], url=url,
                            rule="OPN120"))
        if len(out) >= 4:
            break
    return out


_PREFIX_LINE = re.compile(r"[\s*>|-]*", re.I)  # a line `_TRAINED_ON`'s second branch may open with


def _trained_on(text: str) -> Iterator[re.Match[str]]:
    """The matches of `_TRAINED_ON`, as `finditer` gives them, searched only around the lines holding a link.
    Every match ends in a markdown link and inside the line holding it ("](http"): the first branch lies in that
    line; the second starts at a line start above it, over lines of its prefix's characters, its heading line
    (whatever follows the heading is blank), and blank lines. So each link line is searched from the start of
    such a run of lines above it (more than needed: any line above the blank run counts as the heading) to its
    end, and the text between these regions holds no match."""
    low = text.lower()
    if len(low) != len(text):  # offsets in the lower-cased text are not the text's: search it all
        yield from _TRAINED_ON.finditer(text)
        return
    pos = 0
    while True:
        q = low.find("](http", pos)
        if q < 0:
            return
        end = text.find("\n", q)
        end = len(text) if end < 0 else end
        start = text.rfind("\n", 0, q) + 1
        heading = False  # whether the line taken as the heading was passed
        while start > pos:
            above = text.rfind("\n", 0, start - 1) + 1
            if not _PREFIX_LINE.fullmatch(text, above, start - 1):
                if heading:
                    break
                heading = True
            start = above
        yield from _TRAINED_ON.finditer(text, max(pos, start), end)
        pos = end
def _data(view: OpennessView, lk: _Links) -> EosaiParameter:
    ev = view.evidence("datasets") + view.evidence("data_card")
    hub = lk.of("hub-dataset")
    reached = [lf for lf in _reached(hub) if lf.facts.get("files", 1)]
    if view.status("datasets") == "verified":
        return _g("open", "training data in the release", ev)
    if reached:
        gated = [lf for lf in reached if lf.facts.get("gated")]
        if len(gated) == len(reached):
            return _g("partial", "named datasets are gated on the Hub", lk.evidence(reached))
        return _g("open", f"{len(reached)} of {len(hub)} named datasets reachable on the Hub (followed)",
                  lk.evidence(reached))
    if hub and all(lf.attempted for lf in hub) and not _failed(hub):
        return _g("closed", "the datasets the card names were not found on the Hub", lk.evidence(hub))
    if hub and _failed(hub):
        return _g("inconclusive", "dataset links could not be followed", lk.evidence(hub))
    if view.present("datasets") or hub:
        return _g("open", "datasets named by concrete pointers (their content behind links not checked)",
                  ev or lk.evidence(hub))
    corpora = _named_corpora(view)
    if corpora:
        return _g("open", "the training corpora are named by links (their content not checked)", corpora)
    if view.present("data_card"):
        return _g("partial", "a data card points at the data; availability not checked", ev)
    if "inconclusive" in (view.status("datasets"), view.status("data_card")):
        return _g("inconclusive", "dataset pointers could not be followed", ev)
    unlinked = _unlinked_corpora(view)
    if unlinked:
        return _g("partial", "public corpora named without a link (which parts were used not checkable)", unlinked)
    if view.doc_covered.get("training_data"):
        # The index's "described only in the vaguest terms": a description names nothing one could inspect.
        return _g("closed", "the card describes its training data but names no dataset that can be obtained")
    return _g("closed", "no training data information")


def _base(view: OpennessView, lk: _Links, p: dict[str, EosaiParameter]) -> None:
    """Base-model parameters from evidence about the base, never from this release's files: its Hub repo when
    followed; offline, its Hub id (a concrete pointer) and the license its family is published under."""
    names = ", ".join(view.base_models[:3])
    bases = {b.lower() for b in view.base_models}
    links = [lf for lf in lk.of("hub-model") if lf.target.lower() in bases]
    found = _weights_from_links(links, lk, "base-model") if any(lf.attempted for lf in links) else None
    p["weights_basemodel"] = found or _base_pointer(view.base_models, lk.evidence(links))
    # What the base was trained on is in the base's own card, which this audit does not read.
    p["datasources_basemodel"] = _g("inconclusive", f"training data of base model {names} not in this card")


# Licenses that bind by accepting an agreement with an acceptable-use policy: the Hub gates such weights
# behind an access form (Llama, Gemma), which the index grades `partial`.
_AGREEMENT_KINDS = frozenset({"aup-incorporated"})


def _agreement_license(view: OpennessView) -> str | None:
    """The name of the card's weights license when it binds by accepting an agreement (None otherwise)."""
    weights = view.weights_license()
    info = (catalog.lookup(weights.id) or catalog.lookup(weights.spdx or weights.name or "")) if weights else None
    return info.name if info is not None and _AGREEMENT_KINDS & set(info.kinds) else None


def _base_pointer(bases: list[str], ev: list[Evidence]) -> EosaiParameter:
    ids = [b for b in bases if _HUB_ID.match(b)]
    if not ids:
        return _g("inconclusive", f"base model {', '.join(bases[:3])} named without a Hub id (not checked)", ev)
    for base in ids:
        info = catalog.lookup(lineage.base_license(base) or "")
        if info is not None and _AGREEMENT_KINDS & set(info.kinds):
            return _g("partial", f"base model {base}: weights obtained by accepting the {info.name} (gated)", ev)
    return _g("open", f"base model weights declared by a concrete pointer ({ids[0]}; not followed)", ev)


def _code_repos(view: OpennessView, lk: _Links) -> tuple[list[LinkFact], list[LinkFact]]:
    """The model's code repositories (own code and what the card says it trained with; tooling excluded), and
    those found holding training code."""
    repos = lk.of("github-repo", "training") + lk.of("github-repo", "code")
    training = [lf for lf in _reached(repos) if lf.facts.get("has_training_code")]
    return repos, training


def _trained_with(lk: _Links, p: dict[str, EosaiParameter]) -> bool:
    """The card names the repository it was trained with (its own, or another organisation's library such as a
    trainer framework): that is training code, graded like any concrete pointer. Followed and not found:
    `closed`; could not be followed: `inconclusive`; not followed: declared."""
    named = lk.of("github-repo", "training")
    if not named:
        return False
    ev = lk.evidence(named)
    where = ", ".join(lf.target for lf in named[:3])
    if _reached(named):
        done = _reached(named)
        documented = any(lf.facts.get("readme_words", 0) >= 300 for lf in done)
        p["trainingcode"] = _g("open", f"the card says it was trained with {where} (followed: reachable)", ev)
        p["code"] = _g("open" if documented else "partial", "the training repository documents its use" if documented
                       else "the training repository's README is brief", ev)
    elif _failed(named):
        p["trainingcode"] = _g("inconclusive", f"the training repository {where} could not be followed", ev)
        p["code"] = _g("inconclusive", f"documentation of {where} could not be checked", ev)
    elif all(lf.attempted and lf.reachable is False for lf in named):
        p["trainingcode"] = _g("closed", f"the training repository {where} was not found", ev)
        p["code"] = _g("closed", "no training code to document", ev)
    else:
        p["trainingcode"] = _g("open", f"the card says it was trained with {where} (declared; not followed)", ev)
        p["code"] = _g("open", f"a published training repository ({where}) documents the training (not followed)",
                       ev)
    return True


def _library_trained(p: dict[str, EosaiParameter], library: str, ev: list[Evidence] | None = None) -> None:
    p["trainingcode"] = _g("partial", f"trained with the open library {library}; the model's own training "
                           "scripts are not given", ev)
    p["code"] = _g("partial", f"only {library}'s configuration of this training is documented", ev)


def _training(view: OpennessView, lk: _Links, p: dict[str, EosaiParameter]) -> None:
    train = view.status("training_code")
    prep = view.status("data_preprocessing_code")
    ev = view.evidence("training_code") + view.evidence("data_preprocessing_code")
    repos, training = _code_repos(view, lk)
    if train != "verified" and not training and _trained_with(lk, p):
        return
    if train == "verified":
        full = prep in ("verified", "declared") or any(lf.facts.get("has_data_code") for lf in training)
        p["trainingcode"] = _g(
            "open" if full else "partial",
            "training code in the release" + ("" if full else ", no data-processing code found"), ev)
        p["code"] = _g("partial", "training code present; its documentation is not graded from files", ev)
        return
    if training:
        full = prep in ("verified", "declared") or any(lf.facts.get("has_data_code") for lf in training)
        grade_ = "open" if full else "partial"
        where = ", ".join(lf.target for lf in training[:3])
        p["trainingcode"] = _g(grade_, f"training code in linked repository {where}" +
                               ("" if full else "; no data-processing code found"), lk.evidence(training))
        documented = any(lf.facts.get("readme_words", 0) >= 300 for lf in training)
        p["code"] = _g(grade_ if documented else "partial",
                       "the code repository documents its use" if documented else "code repository README is brief",
                       lk.evidence(training))
        return
    reached = _reached(repos)
    pending = [lf for lf in repos if not lf.attempted or lf.reachable is None]
    said = _training_pointers(view, ev) if train == "declared" else []
    pointed = ev or lk.evidence(repos)
    if not said and not reached and not any(lf.attempted for lf in repos) and _data_code_only(view, pointed):
        # "We extract the abstracts by writing a script ([repo])": the code that processed the data, one part of
        # what the index asks for (dataset processing, training, tuning); the training code itself is not given.
        p["trainingcode"] = _g("partial", "the card points at code that processed the training data (declared; not "
                               "followed); the code that trained the model is not given", pointed)
        p["code"] = _g("inconclusive", "the data-processing code's documentation is behind the pointer (not "
                       "followed)", pointed)
        return
    if said and not reached and not _failed(repos) and not any(lf.attempted for lf in repos):
        # The card points at the code that trained it (a training script, a recipe, its command): the index's
        # "training script mentioned in model card" is open. Its documentation is graded as the index's experts do:
        # with the code (of their 26 records with training code `open`, code documentation is `open` on 20), as a
        # named training repository not followed is.
        p["trainingcode"] = _g("open", "the card points at the code that trained the model (declared; not followed)",
                               said)
        p["code"] = _g("open", "the code that trained the model is published and pointed at (its documentation "
                       "graded with it, as the index does; not followed)", said)
        return
    library = eosai_card.training_library(view.card_text) if view.card_text else None
    if library and train == "declared" and not reached and not any(lf.attempted for lf in repos) and ev and all(
            library.lower() in (e.text or "").lower() for e in ev):
        # The only pointer is the open library the card says trained it ("fine-tuned with the [X](site) library"):
        # the index's "training done using an open-source library", not this model's own scripts.
        _library_trained(p, library, ev)
        return
    if pending or train in ("declared", "inconclusive") and not reached:
        ev = ev or lk.evidence(pending)
        why = "could not be followed" if _failed(repos) else "was not followed"
        p["trainingcode"] = _g("inconclusive", f"training code behind a link that {why}", ev)
        p["code"] = _g("inconclusive", f"code documentation behind a link that {why}", ev)
        return
    if reached:
        grade_ = "partial" if train == "declared" else "closed"
        p["trainingcode"] = _g(grade_, "linked code repositories followed: no training scripts found",
                               lk.evidence(reached))
        p["code"] = _g(grade_, "no training code to document", lk.evidence(reached))
        return
    if library:  # the training loop is open; this model's own scripts (data processing, setup) are not given
        _library_trained(p, library)
        return
    p["trainingcode"] = _g("closed", "no training code and no pointer to it")
    p["code"] = _g("closed", "no training code to document")


# A line that says what it points at is the code that trained the model: a training script, recipe or command, "the
# code used to train", a script file. "Released in [this repository], under 3 pre-training data variants" is not.
_TRAINING_SAID = re.compile(
    r"\b(?:code|scripts?|recipes?|notebooks?)\b[^.\n]{0,40}?\b(?:to|for|we) train(?:ed|ing)?\b|"
    r"\btrain(?:ing)?[ -]?(?:scripts?|code|recipes?|commands?|notebooks?)\b", re.I)
_TRAINING_FILE = re.compile(r"\btrain\w*\.(?:py|sh|ipynb)\b|"
                            r"\b(?:python|accelerate launch|torchrun|deepspeed|bash)\s+\S*train\w*", re.I)


_NOT_YET = re.compile(r"\b(?:not|n't|no|never|soon|later|upcoming|planned|will be)\b", re.I)


_DATA_CODE = re.compile(r"\b(?:extract\w*|scrap\w*|crawl\w*|pre-?process\w*|clean\w*|filter\w*|dedup\w*|"
                        r"collect\w*|download\w*|convert\w*|pars(?:e|ed|ing))\b", re.I)
_TRAINS = re.compile(r"\b(?:train\w*|fine-?tun\w*)\b[^.\n]{0,40}\b(?:code|script|with|using)\b|"
                     r"\b(?:code|script)\b[^.\n]{0,40}\btrain", re.I)


def _data_code_only(view: OpennessView, ev: list[Evidence]) -> bool:
    """Every training-code pointer sits in a sentence about processing the data (extracting, scraping,
    cleaning), none about training with it."""
    lines = _line_table(view.card_text)[0] if view.card_text else []
    if not ev or not lines:
        return False
    for e in ev:
        line = lines[e.line - 1] if e.line and e.line <= len(lines) else ""
        url = e.url or ""
        sent = next((x for x in _SENTENCE_END.split(line) if url and url in x), line)
        if not _DATA_CODE.search(sent) or _TRAINS.search(sent):
            return False
    return True


def _training_pointers(view: OpennessView, ev: list[Evidence]) -> list[Evidence]:
    """The training-code evidence that is a training script or command, or whose line says it is the code that
    trained the model."""
    lines = _line_table(view.card_text)[0] if view.card_text else []
    out = []
    for e in ev:
        line = lines[e.line - 1] if e.line and e.line <= len(lines) else ""
        if _NOT_YET.search(line):  # "the code used to train it will be released soon" points at nothing yet
            continue
        if _TRAINING_SAID.search(line) or _TRAINING_FILE.search(line) or _TRAINING_FILE.search(e.text or ""):
            out.append(e)
    return out


def _hardware(view: OpennessView, lk: _Links, bases: list[str]) -> EosaiParameter:
    """The index: "is the hardware architecture used for ... model training comprehensively documented?" Its
    experts grade `open` where the training setup is given in requisite detail (the accelerators and how many,
    with the model's architecture), `partial` for an architecture sketched or hardware named without the setup
    (GPU-hours alone say how much compute, not on what), `partial` when what is documented is the base model's,
    and `closed` for "only inference hardware". Nothing in the card but a linked paper: `inconclusive`."""
    hw = _described(_find_lines(view, _HARDWARE, 6, skip=_INFERENCE, prose_only=True))[:4]
    inference = [] if hw else _described(_find_lines(view, _HARDWARE, 3, prose_only=True))[:1]
    arch = _described(_arch_lines(view))[:1]
    arch_ok = view.present("model_architecture") or bool(arch)
    paper = bool(lk.of("arxiv")) or view.present("research_paper") or view.present("technical_report")
    deferral = _find_lines(view, _PAPER_DEFERRAL, 1) if paper or _find_lines(view, _VENUE, 1) else []
    own = [e for e in hw if not _names_a_base(e.text or "", bases, view.release_id)]
    texts = [e.text or "" for e in own]
    scaled = eosai_card.scaled_hardware(texts)
    if hw and not own:
        return _g("partial", "the training hardware the card documents is its base model's", hw + arch)
    if scaled and arch_ok:
        return _g("open", "architecture and the training setup (accelerators and how many) described", own + arch)
    if (own or arch_ok) and deferral:
        return _g("open", "the card describes part of the setup and defers the rest to its linked paper",
                  own + arch + deferral)
    if own or arch_ok:
        what = ("only the compute used (GPU-hours), not the setup" if eosai_card.gpu_hours_only(texts)
                else "the training hardware without how many accelerators" if own and not scaled
                else "the training hardware but not the architecture" if own else "only the architecture")
        return _g("partial", f"the card documents {what}", own + arch)
    if paper:
        return _g("inconclusive", "not in the card; this model's paper may document it (not fetched)", inference)
    if inference:
        return _g("closed", "only the hardware to run the model is described, not the training setup", inference)
    return _g("closed", "neither architecture nor hardware described")


def _arch_lines(view: OpennessView) -> list[Evidence]:
    """Lines describing the architecture, or naming it by its family ("a RoBERTa model")."""
    return (_described(_find_lines(view, _ARCH, 3, prose_only=True))
            or _described(_find_lines(view, _ARCH_FAMILY, 3, prose_only=True)))


_HEADING_LINE = re.compile(r"^\s{0,3}#{1,6}\s|^\s*\*\*[^*]+\*\*\s*:?\s*$")


def _described(found: list[Evidence]) -> list[Evidence]:
    """Lines that describe something: a heading ("## Compute Infrastructure") in a template with nothing under it
    describes nothing."""
    return [e for e in found if not _HEADING_LINE.match(e.text or "")]


_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+")
# This release's own tuning named beside its base: "we fine-tuned base-7b on 8 A100 GPUs" is its hardware.
_OWN_TUNING = re.compile(r"\b(we|our|fine-?tun(?:ed|ing)|this model|adapters?|LoRA|instruction[- ]tun\w*)\b", re.I)


_VARIANT = re.compile(r"^(?:\d+(?:\.\d+)?[bmk]|\d+x\d+b|hf|base|instruct|chat|it|v\d+(?:\.\d+)*|deduped|fp16|bf16)$")


def _family(base: str) -> str:
    """A base's family as prose names it: "meta-llama/Llama-2-7b-hf" -> "llama 2" (sizes and variants dropped)."""
    words = re.split(r"[-_ ]+", base.split("/")[-1].lower())
    kept = [w for w in words if w and not _VARIANT.match(w)]
    return " ".join(kept) if any(c.isalpha() for c in "".join(kept)) else ""


def _names_a_base(line: str, bases: list[str], own: str | None) -> bool:
    """A sentence about a base model's training ("Llama 2 was pretrained on ... A100"), not this release's: the
    sentences that name the hardware name a base and not this release or its own tuning."""
    names = {n for b in bases for n in (b.lower(), b.split("/")[-1].lower(), _family(b)) if len(n) >= 4}
    own_name = own.split("/")[-1].lower() if own else None
    about = [x.lower().replace("-", " ") for x in _SENTENCE_END.split(line) if _HARDWARE.search(x)]
    names = {n.replace("-", " ") for n in names}
    return bool(about) and all(
        any(n in x for n in names) and not (own_name and own_name in x) and not _OWN_TUNING.search(x) for x in about)


def _papers(view: OpennessView, lk: _Links, p: dict[str, EosaiParameter]) -> None:
    """Papers about this model only: the components reader decides which cited papers are the release's own (its
    citation, "our paper", a paper named after the model), not a dataset's, a base model's or a method's ("see
    Section 6 of the Pile paper", "the methodology ... can be found [here](arxiv)")."""
    own = view.evidence("research_paper") + view.evidence("technical_report")
    own_arxiv = [e for e in own if _ARXIV.search(f"{e.url or ''} {e.text or ''}")]
    others = _find_lines(view, _ARXIV) or lk.evidence(lk.of("arxiv"))
    declared = view.present("research_paper") or view.present("technical_report")
    if own_arxiv:
        p["preprint"] = _g("open", "archived preprint of this model linked (its coverage not checked)", own_arxiv)
    elif declared:
        p["preprint"] = _g("inconclusive", "a paper or report of this model is declared, not as an arXiv preprint",
                           own)
    elif others:
        p["preprint"] = _g("closed", "the arXiv papers the card links are others' (a dataset's, a method's or a "
                           "base model's), none about this model", others)
    else:
        p["preprint"] = _g("closed", "no preprint linked")
    # A venue named beside a dataset is that dataset's paper ("LAION-5B's NeurIPS 2022 paper"), not this model's.
    venue = _find_lines(view, _VENUE, skip=_NOT_THIS_PAPER)
    if venue and declared:
        p["paper"] = _g("open", "peer-reviewed venue cited for this model's paper", venue)
    elif declared or venue:
        # Preprints are often published later: a card citing only a preprint cannot tell whether one was; a venue
        # with no paper of this model beside it may be another work's.
        p["paper"] = _g("inconclusive", "peer review of this model's paper not established from the card",
                        venue or own)
    else:
        p["paper"] = _g("closed", "no paper about this model")


def _data_vague(view: OpennessView, lk: _Links) -> bool:
    """The card gives its training data only as a provenance ("pretrained on ... data from publicly available
    sources") and names nothing one could look up: the index's "described only in the vaguest terms". A description
    of what the data is ("pairs of co-cited biomedical papers") is documentation, named or not."""
    if view.present("datasets") or lk.of("hub-dataset") or view.present("data_card") or _named_corpora(view) \
            or _unlinked_corpora(view):
        return False
    return any(_VAGUE_PROVENANCE.search(ln.text) for ln in eosai_card.prose(view.card_text))


_VAGUE_PROVENANCE = re.compile(r"\b(?:publicly available|public(?:ly accessible)?|openly available)\s+(?:online\s+)?"
                               r"(?:data|sources|datasets|text)\b|"
                               r"\ba (?:new )?mix of (?:publicly available )?(?:online )?data\b", re.I)


def _modelcard(view: OpennessView, lk: _Links) -> EosaiParameter:
    """The index asks for "comprehensive insight on model architecture, training, fine-tuning, and evaluation" in
    a standard format. Its experts grade a card that lacks hyperparameters `partial`, one that "primarily
    contains usage information" `partial` or `closed`, and miss the intended uses, risks and limitations of the
    standard format. So: open needs the architecture, the training data, training details (two kinds among
    hyperparameters, tokens trained on, compute and duration), evaluation results (numbers or plots, not a
    benchmark named) and the uses or limitations; partial, any of the technical aspects touched; closed, none
    (usage, licensing or ethics only)."""
    if not view.present("model_card"):
        return _g("closed", "no model card")
    if not view.doc_covered:
        return _g("inconclusive", "card coverage not analysed")
    text = view.card_text
    hyper = eosai_card.training_details(text)
    results = eosai_card.evaluation_results(text)
    arch = view.present("model_architecture") or bool(_described(_arch_lines(view)))
    procedure = bool(view.doc_covered.get("training_procedure")) or bool(hyper)
    evaluation = bool(view.doc_covered.get("evaluation")) or view.present("evaluation_results") or bool(results)
    # Without the card's text (facts given as data), the topics analysed elsewhere are all there is to read.
    textless = not text
    detail = {
        "architecture": arch,
        # Data described without naming any: touched (partial at most), not documented (the experts: "none
        # whatsoever on training data" for a card saying only "pretrained on ... publicly available sources").
        "training data": bool(view.doc_covered.get("training_data")) and (textless or not _data_vague(view, lk)),
        "training details": len(hyper) >= 2 or textless and procedure,
        "evaluation results": bool(results) or textless and evaluation,
        "uses and limitations": any(view.doc_covered.get(t) for t in ("intended_use", "limitations", "bias")),
    }
    touched = arch or procedure or evaluation or bool(view.doc_covered.get("training_data"))
    have = [k for k, v in detail.items() if v]
    missing = [k for k, v in detail.items() if not v]
    ev = [Evidence(path=view.card_path, line=ln.number, text=ln.text.strip()[:200], rule="OPN120") for ln in results]
    if not missing:
        return _g("open", "the card documents " + ", ".join(have), ev)
    if touched:
        return _g("partial", f"the card documents {', '.join(have) or 'some of its training or evaluation'}; not "
                  f"{', '.join(missing)}" + (f" (training details stated: {', '.join(hyper)})" if hyper else ""), ev)
    return _g("closed", "the card gives no insight into architecture, training or evaluation (usage, licensing or "
              "ethics only)")


def _datasheet(view: OpennessView, lk: _Links) -> EosaiParameter:
    if view.status("data_card") == "verified":
        return _g("partial", "a data card is in the release (datasheet completeness not graded)",
                  view.evidence("data_card"))
    # A datasheet inside the card: Gebru et al.'s sections under its data heading ("datasheet part of model card").
    sections = eosai_card.datasheet_sections(view.card_text)
    if len(sections) >= 2:
        return _g("open" if len(sections) >= 4 else "partial",
                  f"the card holds a datasheet for its data covering {len(sections)} of Gebru et al.'s 7 sections: "
                  + ", ".join(sections))
    hub = lk.of("hub-dataset")
    cards = [lf for lf in _reached(hub) if lf.facts.get("dataset_card")]
    if cards:
        best = max(cards, key=lambda lf: len(lf.facts.get("datasheet_topics") or []))
        topics = best.facts.get("datasheet_topics") or []
        grade_ = "open" if len(topics) >= 3 else "partial"
        return _g(grade_, f"dataset card of {best.target} (followed) covers {len(topics)} datasheet topics"
                  + (f": {', '.join(topics)}" if topics else ""), lk.evidence(cards))
    linked = [lf for lf in lk.all if lf.kind in ("arxiv", "other") and _DATASHEET_WORD.search(lf.context)]
    if linked:
        return _g("partial", "a datasheet for the training data is linked (not fetched)", lk.evidence(linked))
    if view.status("data_card") in ("declared", "inconclusive") or (view.present("datasets") and hub):
        if hub and all(lf.attempted for lf in hub) and not _failed(hub):
            return _g("closed", "dataset repos followed: no dataset card", lk.evidence(hub))
        if view.doc_covered.get("training_data") and view.doc_covered.get("data_quality"):
            return _g("partial", "the card documents collection and curation of its data; dataset cards not read")
        why = "could not be followed" if _failed(hub) else "was not followed"
        return _g("inconclusive", f"data card behind a link that {why}", view.evidence("data_card") or lk.evidence(hub))
    documented = view.doc_covered.get("training_data") and view.doc_covered.get("data_quality")
    corpora = _named_corpora(view) or _unlinked_corpora(view)
    if corpora and documented:
        return _g("partial", "the card documents collection and curation of named corpora (their own datasheets "
                  "not fetched)", corpora)
    if corpora or view.present("datasets"):
        named = corpora or view.evidence("datasets")
        if named and all(_DOWNLOAD_ONLY.search(e.url or e.text or "") for e in named):
            # A shared folder or a file to download holds the data, not the datasheet's answers about it.
            return _g("closed", "no datasheet: the data is given only as a download location (a shared folder or "
                      "file), which documents nothing about it", named)
        return _g("inconclusive", "the named datasets' own documentation was not fetched", named)
    if documented:
        # A paragraph on where the data came from is not a datasheet (the experts: "no datasheet found" for such
        # cards, "scant details given in model card").
        return _g("closed", "no datasheet: the card describes its data's collection in prose, without the "
                  "datasheet's questions (motivation, composition, collection, uses, distribution, maintenance)")
    return _g("closed", "no datasheet, and the card does not document how its data was collected and curated")


# Where files are only downloaded: file-sharing hosts and object stores, or a link to a data file or archive.
_DOWNLOAD_ONLY = re.compile(
    r"https?://(?:www\.)?(?:dropbox\.com|drive\.google\.com|docs\.google\.com|1drv\.ms|onedrive\.live\.com|"
    r"mega\.nz|[\w.-]*\.amazonaws\.com|storage\.googleapis\.com|zenodo\.org/records?/\d+/files)/|"
    r"https?://\S+\.(?:zip|tar|tar\.gz|tgz|gz|bz2|xz|7z|jsonl?|csv|tsv|txt|parquet)(?:[?#]\S*)?$", re.I)


def _link_license(links: list[LinkFact]) -> str | None:
    """The most restrictive category among followed links' licenses (None when none was read)."""
    cats = [lf.facts.get("license_category") or categorize(lf.facts.get("license"))
            for lf in _reached(links) if lf.facts.get("license")]
    rank = {c: i for i, c in enumerate(BLOCKING_CATEGORIES + OPEN_CATEGORIES + ("unknown",))}
    return min(cats, key=lambda c: rank.get(c, 99)) if cats else None


_NOT_RELEASED, _NOT_DISCLOSED = "not released", "not disclosed"


def _license_grade(parts: dict[str, str | None]) -> str:
    """The index's licenses grade from each part's category, as its experts grade in practice: weights, code and
    data all open -> open; weights under an OSI license -> open unless the code or data is stated under restrictive
    terms (then partial), though the written criterion asks for every part; non-commercial weights -> partial;
    weights under a bespoke agreement (community licenses with use policies, RAIL) or unclear -> closed unless
    code and data are both open."""
    weights, code, data = parts["weights"], parts["code"], parts["data"]
    opened = [c in OPEN_CATEGORIES for c in (weights, code, data)]
    if all(opened):
        return "open"
    if sum(opened) >= 2:
        return "partial"
    if weights in OPEN_CATEGORIES:
        # The index's practice over its records: weights under an OSI license grade `open` when nothing of the
        # code or data is stated under other terms (25 of 50 such records; 12 of the 20 whose code was not
        # released and data not disclosed), `partial` when a part is licensed restrictively.
        return "partial" if code in BLOCKING_CATEGORIES or data in BLOCKING_CATEGORIES else "open"
    if weights == "non-commercial":
        return "partial"
    return "closed"


def _part_licenses(view: OpennessView, kind: str) -> list[LicenseEntry]:
    """Licenses stated for the code or the data. A release holding only its card is licensed for what the repo
    holds, the card and the weights: its license says nothing of code and data published elsewhere (the experts:
    "Weights: Apache-2.0. Code: ... Data: various licenses, some unknown" is partial), unless stated for them apart."""
    if not view.card_only:
        return view.licenses_for(kind)
    return [e for e in view.licenses_for(kind) if "weights" not in e.applies_to]


def _part_license(view: OpennessView, kind: str) -> LicenseEntry | None:
    if not view.card_only:
        return view.code_license()
    return most_restrictive(_part_licenses(view, kind))


def _licenses(view: OpennessView, lk: _Links, p: dict[str, EosaiParameter]) -> EosaiParameter:
    """Weights, code and data licenses graded by `_license_grade`. A part the card leaves unclear counts as not
    open; a part whose answer lies behind a link that could not be followed (or in files never listed) stays
    unchecked, and the grade is `inconclusive` when the unchecked parts could change it."""
    weights, code, data = view.weights_license(), _part_license(view, "code"), _part_licenses(view, "data")
    repos, training = _code_repos(view, lk)
    parts: dict[str, str | None] = {
        "weights": weights.category if weights else None,
        "code": _link_license(training or repos) or (code.category if code else None),
        "data": _link_license(lk.of("hub-dataset")) or (data[0].category if data else None),
    }
    unchecked: list[str] = []
    # The code's and data's own licenses are in their repositories: when those could not be followed, the
    # card's license (which covers its own repository) does not settle them.
    if _failed(repos) and not _link_license(training or repos):
        unchecked.append("code")
    if _failed(lk.of("hub-dataset")) and not _link_license(lk.of("hub-dataset")):
        unchecked.append("data")
    # Code the index finds not released, data it finds not disclosed: not under any license.
    if p["trainingcode"].grade == "closed" and parts["code"] not in BLOCKING_CATEGORIES:
        parts["code"] = _NOT_RELEASED
    if p["datasources_endmodel"].grade == "closed" and parts["data"] not in BLOCKING_CATEGORIES:
        parts["data"] = _NOT_DISCLOSED
    if weights is None and view.card_only:  # a LICENSE file may sit in the repository's files, never listed
        unchecked.append("weights")
    said = "; ".join(f"{k}: {c or 'unclear'}" for k, c in parts.items() if k not in unchecked)
    # Every reading of the unchecked parts (open, non-commercial, restricted, or absent): one grade or several.
    readings = {"weights": ("open-source", "non-commercial", "restricted"),
                "code": ("open-source", "restricted", _NOT_RELEASED),
                "data": ("open-data", "restricted", _NOT_DISCLOSED)}
    combos: list[dict[str, str | None]] = [dict(parts)]
    for part in unchecked:
        combos = [{**c, part: r} for c in combos for r in readings[part]]
    outcomes = {_license_grade(c) for c in combos}
    if len(outcomes) > 1:
        return _g("inconclusive", f"{' and '.join(unchecked)} license not checked: behind links that could not be "
                  f"followed, or in files not listed ({said or 'nothing else known'})")
    grade_ = outcomes.pop()
    if grade_ == "open" and all(parts[k] in OPEN_CATEGORIES for k in ("code", "data")):
        return _g("open", "weights, code and data under open licenses")
    if grade_ == "open":
        return _g("open", f"weights under an open license, nothing stated under restrictive terms ({said})")
    if grade_ == "partial":
        return _g("partial", f"openly or non-commercially licensed in part ({said})")
    return _g("closed", f"not open or unclear ({said})")


def grade(view: OpennessView, links: Mapping[str, LinkFact] | None = None) -> EosaiResult:
    """The 12 parameters. `links`: what the service learned by following the card's links (url ->
    LinkFact); without it the card's links count as declared pointers, none followed."""
    if not links:

        links = declared_links(parse_card(view.card_text, view.card_path)) if view.card_text else {}
    lk = _Links(links, view.card_path)
    p: dict[str, EosaiParameter] = {}
    p["weights_endmodel"] = _weights(view, lk)
    p["datasources_endmodel"] = _data(view, lk)
    # Lineage from `base_model` (or a base the card names: "fine-tuned from org/name"): the base model's
    # weights and data are graded from its own evidence, never from this release's.
    own = (view.release_id or "").lower()
    bases = view.base_models or [b for b in dict.fromkeys(named_bases(view.card_text) + linked_bases(view.card_text))
                                 if b.lower() != own]
    if bases:
        _base(view if view.base_models else _with_bases(view, bases), lk, p)
    else:  # no base/end distinction: mirror the end model (as the index does)
        p["weights_basemodel"] = p["weights_endmodel"]
        p["datasources_basemodel"] = p["datasources_endmodel"]
        implied = eosai_card.implied_base(view.card_text) if view.card_text else None
        if implied is not None:
            # The card says it was built from a base it does not name by id: there is a distinction, and what
            # that base was trained on is in the base's own card, not this one's.
            p["datasources_basemodel"] = _g(
                "inconclusive", "the card says the model was built from a pretrained base it does not name by Hub "
                "id; that base's training data is not in this card",
                [Evidence(path=view.card_path, line=implied.number, text=implied.text.strip()[:200], rule="OPN120")])
    _training(view, lk, p)
    p["hardware_architecture"] = _hardware(view, lk, bases)
    _papers(view, lk, p)
    p["modelcard"] = _modelcard(view, lk)
    p["datasheet"] = _datasheet(view, lk)
    p["licenses"] = _licenses(view, lk, p)

    ordered = {k: p[k] for k in PARAMETERS}
    graded = [v.grade for v in ordered.values() if v.grade != "inconclusive"]
    score = (
        sum(1.0 if g == "open" else 0.5 if g == "partial" else 0.0 for g in graded) / len(graded)
        if graded
        else None
    )
    left_out = [k for k, v in ordered.items() if v.grade == "inconclusive"]
    return EosaiResult(parameters=ordered, score=score, graded=len(graded), not_graded=left_out)


def _with_bases(view: OpennessView, bases: list[str]) -> OpennessView:
    return replace(view, base_models=list(bases))
