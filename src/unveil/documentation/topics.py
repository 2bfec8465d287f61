"""One rule set per documentation topic, judged on what the text says rather than on its headings.

A topic is covered when
1. a *strong* rule matches a non-boilerplate sentence anywhere in the card's prose (for example
   "trained on ... LAION-2B", "the Pile was not deduplicated", "may produce factually inaccurate
   text"), or
2. a *section* rule matches inside a section whose heading announces the topic (for example a
   number beside a metric under "Evaluation", a harm word under "Bias, Risks, and Limitations"), or
3. for topics where a plain statement is the disclosure (intended use, out-of-scope use, citation,
   ...), the announcing section holds a substantive sentence (placeholders and template text are
   blanked before, so "[More Information Needed]" never counts).

Rules are compiled regexes run on the lower-cased prose. Each rule names `keys` (word stems it cannot
match without); only the sentences holding a key are searched, so most rules cost a set lookup.
Languages: English is covered by the full rule set; German, French, Spanish and Chinese headings
announce topics too, and a few strong terms per topic are listed for German and Chinese (a German
"Einschränkungen" section with a real sentence covers `limitations`). Other languages fall back to
metadata only and get a DOC507 note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from unveil.documentation.placeholders import is_substantive
from unveil.documentation.sections import (
    CardText,
    Section,
    bounded_search,
    line_of,
    register_keys,
    sentence_at,
    windows,
)
from unveil.regex_source import walk_regex

# Dataset and corpus names that identify training data when a card says it trained on them.
_KNOWN_DATA = (
    r"(?:the\s+pile|pile\b|laion[\w.-]*|c4\b|mc4\b|wikipedia|wikitext|common\s?crawl|webtext|openwebtext"
    r"|refined-?web|fineweb[\w-]*|dolma|redpajama|slimpajama|the\s+stack|starcoder\s?data|bookcorpus|books3"
    r"|imagenet[\w-]*|coco|yfcc\w*|conceptual\s+captions|cc3m|cc12m|librispeech|common\s+voice|voxpopuli"
    r"|gigaspeech|squad|glue|ms\s?marco|natural\s+questions|s2orc|stack\s?exchange|reddit"
    r"|oscar|roots|dclm|ultrachat|ultrafeedback|sharegpt|alpaca|dolly|tulu[\w-]*|tülu[\w -]*|openassistant"
    r"|oasst\w*|flan\w*|p3\b|xp3|the\s+stack|cosmopedia|smoltalk|proof-?pile|openwebmath|pubmed)"
)
# Literal stems of the names above, for the cheap prefilter (str.find).
_KNOWN_DATA_KEYS = (
    "pile", "laion", "c4", "mc4", "wiki", "crawl", "commoncrawl", "webtext", "openwebtext", "refined", "fineweb",
    "dolma",
    "redpajama", "slimpajama", "superglue", "msmarco",
    "starcoder", "bookcorpus", "books3", "imagenet", "coco", "yfcc", "conceptual", "cc3m", "cc12m", "librispeech",
    "common voice", "voxpopuli", "gigaspeech", "squad", "glue", "marco", "natural questions", "s2orc", "stack",
    "reddit", "oscar", "roots", "dclm", "ultrachat", "ultrafeedback", "sharegpt", "alpaca", "dolly", "tulu", "tülu",
    "openassistant", "oasst", "flan", "p3", "xp3", "cosmopedia", "smoltalk", "proof", "openwebmath", "pubmed",
)
_DATA_NOUN = (
    r"(?:data(?:sets?)?|corpus|corpora|tokens|documents|images|audio|hours|samples|examples|pairs|text|captions"
    r"|web\s?pages|crawl\w*|subsets?)"
)
_TRAIN_VERB = r"(?:(?:pre-?|post-?)?train(?:ed|ing)|fine-?tuned|finetuned|learn(?:ed|t)\s+from|distilled)"
# Benchmarks and metrics that mark evaluation results.
_BENCH = (
    r"(?:mmlu[\w-]*|hellaswag|arc(?:-[ce]\w*|\s+(?:easy|challenge))?|truthful\s?qa|winogrande|gsm-?8k|math-500"
    r"|math\s*\((?:em|acc)"
    r"|human-?eval[\w+-]*|mbpp\w*|bbh|big-?bench[\w-]*|drop\s*\((?:f1|em)\)|piqa|boolq|lambada|squad\w*|super-?glue"
    r"|glue|imagenet[\w-]*"
    r"|coco|cifar-?\d+|librispeech|fleurs|common\s+voice|mt-?bench|alpaca-?eval[\w. ]*|if-?eval|gpqa[\w-]*|agieval"
    r"|trivia-?qa|natural\s?questions|openbook-?qa|sciq|race-(?:h|m|high|middle)\w*|c-?eval|cmmlu|mteb|beir|sts-?b?"
    r"|toxigen"
    r"|bbq|crows-?pairs|winobias|realtoxicityprompts|arena-?hard|livecodebench|swe-?bench\w*|aime|gaokao"
    r"|xnli|xcopa|xstorycloze|copa|wsc|wic|rte|mnli|sst-?2|ms\s?marco|nq|wer|bleu|rouge[\w-]*|chrf|fid|clip\s?score"
    r"|perplexity|ppl|pass@\d+|exact\s+match|f1|accuracy|acc(?:_norm)?|auc|map@?\d*|ndcg@?\d*|top-?[15]\s+acc\w*)"
)

def _top_level(alternation: str) -> list[str]:
    """The top-level alternatives of a "(?:a|b|c)" pattern."""
    body = alternation[3:-1]
    out: list[str] = []
    start = 0
    for i, c, kind, depth in walk_regex(body):
        if kind == "top" and c == "|" and depth == 0:
            out.append(body[start:i])
            start = i + 1
    out.append(body[start:])
    return out


def _by_first_letter(alternation: str) -> str:
    """The same alternation with alternatives grouped under their first letter, in their order.

    Python's regex engine tries a group's alternatives one by one at every position; grouped, it tries one
    letter per group instead (~2x faster on the benchmark and dataset name lists). The matches are the same:
    alternatives that start with different letters never compete at one position, and within a letter the
    order (leftmost alternative wins) is kept.
    """
    if not (alternation.startswith("(?:") and alternation.endswith(")")):
        return alternation
    groups: dict[str, list[str]] = {}
    for alt in _top_level(alternation):
        if not alt or not alt[0].isalnum():
            return alternation  # an alternative without a literal first letter: leave the pattern alone
        groups.setdefault(alt[0], []).append(alt[1:])
    parts = [c + (rest[0] if len(rest) == 1 else "(?:" + "|".join(rest) + ")") for c, rest in groups.items()]
    return "(?:" + "|".join(parts) + ")"


_KNOWN_DATA_NAME = re.compile(r"\b" + _KNOWN_DATA + r"\b")


def known_data_name(text: str) -> bool:
    """Whether `text` names a well-known corpus or dataset (the Pile, LAION, C4, ...)."""
    return bool(_KNOWN_DATA_NAME.search(text.lower()))


# The plain lists stay as the definition (a test checks both forms match the same spans).
_KNOWN_DATA_PLAIN, _BENCH_PLAIN = _KNOWN_DATA, _BENCH
_KNOWN_DATA = _by_first_letter(_KNOWN_DATA)
_BENCH = _by_first_letter(_BENCH)

# Starts with a digit class so the regex engine can skip to digits; the look-behind drops digits inside
# words, versions and arXiv ids.
_NUMBER = (
    r"\d(?<![\w.]\d)(?:\d*(?:[.,]\d+)?\s?%|\d{0,2}\.\d+)"
    r"(?!\d|\s?(?:b|m|k|t|bn|billion|million|thousand|trillion|gb|mb|tb|x|h|hours|days|seconds|s|ms|epochs?"
    r"|steps?|tokens?|params|parameters|layers|heads|gpus?|nodes|version)\b)"
)
_OUTPUT_CTX = re.compile(
    r"\b(?:outputs?|responses?|generations?|generated\s+(?:text|content|images?)|prompts?|completions?|replies)\b"
)


@dataclass(frozen=True)
class Rule:
    why: str  # what the match shows, in a few words (goes into the reason)
    pattern: re.Pattern[str]
    scope: str = "anywhere"  # anywhere | section (only under a heading that announces the topic)
    veto: re.Pattern[str] | None = None  # the sentence must not match this
    require: re.Pattern[str] | None = None  # the sentence must also match this
    tables: bool = False  # search table rows instead of prose
    header: re.Pattern[str] | None = None  # tables only: the table's header row must match this
    min_words: int = 3  # the deciding sentence needs this many words (placeholders excluded)
    keys: tuple[str, ...] = ()  # cheap prefilter: the rule can only match if one of these is in the text


@dataclass(frozen=True)
class Topic:
    name: str
    heading: re.Pattern[str]
    rules: tuple[Rule, ...] = ()
    section_min_words: int | None = None  # a substantive sentence of this size under the heading covers
    section_tables: bool = False  # a table under the heading counts as a substantive sentence


@dataclass
class Hit:
    covered: bool
    why: str = ""
    line: int | None = None
    line_end: int | None = None
    text: str = ""
    heading: str = ""
    extra: list[tuple[int, int, str, str]] = field(default_factory=list)


def _r(p: str) -> re.Pattern[str]:
    # Patterns are lower-case and run on lower-cased text: case-insensitive matching costs ~10x.
    return re.compile(p)


def _rule(why: str, p: str, **kw: object) -> Rule:
    for k in ("veto", "require", "header"):
        if isinstance(kw.get(k), str):
            kw[k] = _r(kw[k])  # type: ignore[arg-type]
    return Rule(why, _r(p), **kw)  # type: ignore[arg-type]


# -- the topics -----------------------------------------------------------------------------------

_FILTER_VERB = (
    r"(?:filter\w*|remov\w*|exclud\w*|block-?list\w*|black-?list\w*|screen\w*|discard\w*|scrub\w*|clean\w*|purg\w*)"
)
_UNWANTED = (
    r"(?:nsfw|nfsw|toxic\w*|explicit|adult|porn\w*|offensive|violen\w*|hate\w*|hateful|unsafe|harmful|sexual\w*"
    r"|low[- ]quality|boilerplate|spam\w*|watermark\w*|aesthetic\w*|profan\w*|lewd|csam|abusive|gibberish)"
)

TOPICS: tuple[Topic, ...] = (
    Topic(
        "training_data",
        _r(r"train\w*[\s-]*(?:data|set|corpus|corpora|mixture)|train\w*\s+(?:and|&)\s+eval\w*\s+data|data\s?mix|pre-?training\s+data|fine-?tuning\s+data"
           r"|^data(?:sets?)?(?:\s+used)?$|datasets?\s+used|data\s+sources?|data\s+composition|data\s+overview"
           r"|trainingsdaten|datensatz|训练数据|数据集|训练集|学習データ|訓練データ|学習コーパス|données\s+d'entra[îi]nement|datos\s+de\s+entrenamiento"),
        (
            # Dataset names are rarer than training verbs: find the name, then require the verb in its sentence.
            _rule("names the training data", r"\b" + _KNOWN_DATA,
                  require=r"\b" + _TRAIN_VERB + r"\b", veto=r"\bon\s+(?:the\s+none|an?\s+unknown)\s+dataset",
                  keys=_KNOWN_DATA_KEYS),
            _rule("says where the training data comes from",
                  _DATA_NOUN + r"\b[^.\n]{0,60}?\b(?:collected|crawled|scraped|sourced|gathered|derived|obtained"
                               r"|drawn|harvested)\s+(?:from|of|on)\b",
                  keys=('collected', 'crawled', 'scraped', 'sourced', 'gathered', 'derived', 'obtained', 'drawn',
                        'harvested')),
            _rule("says where the training data comes from",
                  r"\b(?:publicly[- ]available|public|proprietary|licensed|synthetic|human[- ](?:annotated|created"
                  r"|written|generated)|in-house|web[- ]crawled|open)\s+"
                  r"(?:\w+\s+){0,2}(?:data|datasets|sources|corpora|corpus|instruction\s+datasets)\b",
                  require=r"\b(?:train\w*|fine-?tun\w*|pre-?train\w*|mix|mixture)\b",
                  keys=('public', 'proprietary', 'licensed', 'synthetic', 'human', 'in-house', 'web', 'open')),
            _rule("names a training dataset",
                  _TRAIN_VERB + r"\b[^.\n]{0,60}?\bon\s+(?:the\s+)?\[?[\w./-]+[^.\n]{0,30}?\b(?:dataset|corpus|data)\b",
                  veto=r"\bon\s+the\s+none\s+dataset|\bunknown\s+dataset"
                       r"|\bon\s+(?:our|their|its|the|this|that|some|custom|private|internal|additional)\s+(?:own\s+)?"
                       r"(?:data|dataset|corpus)\b|\bon\s+(?:a|an|our|the|its)\s+(?:[\w-]+[\s,]+)?"
                       r"(?:large|big|huge|small|custom|private|own|internal|new|diverse|specific|particular|same"
                       r"|massive|vast|high-quality|curated|rich|broad|wide|comprehensive|extensive|proprietary)[\s,]+"
                       r"(?:\w+\s+)?(?:dataset|corpus|data)\b",
                  keys=('train', 'pretrain', 'posttrain', 'fine-tun', 'finetun', 'learn', 'distill')),
            _rule("describes the training data",
                  _TRAIN_VERB + r"\b[^.\n]{0,40}?\bon\s+(?:about\s+|around\s+|roughly\s+|over\s+|some\s+)?\d[\d,.]*"
                  r"\s*(?:k|m|million|thousand)?\s+(?:[\w-]+\s+){0,2}?(?:photos|images|pictures|hours|documents|examples"
                  r"|samples|pairs|sentences|recordings|clips|tickets|reviews|conversations|dialogues|articles|files"
                  r"|utterances|videos|questions|posts)\s+(?:of|from)\b",
                  keys=('train', 'pretrain', 'posttrain', 'fine-tun', 'finetun', 'learn', 'distill')),
            _rule("links the training dataset", _TRAIN_VERB + r"\b[^\n]{0,200}?huggingface\.co/datasets/",
                  keys=('huggingface.co/datasets/',)),
            _rule("describes the training data", r"\b(?:training|pre-?training|fine-?tuning)\s+(?:data|dataset|corpus"
                                                 r"|set)\s+"
                  r"(?:consists?|comprises?|includes?|contains?|is\s+made|was\s+made|is\s+composed|covers?)\b",
                  keys=('train', 'pretrain', 'tuning', 'finetuning')),
            _rule("describes the training data", r"(?:the\s+)?(?:training\s+)?(?:data|dataset|corpus)\b[^.\n]{0,60}"
                  r"\b(?:consisting\s+of|comprising|made\s+up\s+of|composed\s+of)\b",
                  keys=('consisting', 'comprising', 'made up', 'composed')),
            _rule("states the training data",
                  r"(?:训练数据|训练集|预训练数据|训练语料|trainingsdaten|trainiert\s+(?:auf"
                                              r"|mit))[^。\n]{4,}",
                  keys=('训练', 'trainingsdaten', 'trainiert')),
        ),
        section_min_words=6,
        section_tables=True,
    ),
    Topic(
        "data_quality",
        _r(r"data\s+(?:quality|cleaning|filtering|curation|hygiene)|dedup|decontaminat|filtering|pii|privacy"
           r"|datenqualität|datenbereinigung|数据质量|数据清洗|去重|过滤|データ品質|重複"),
        (
            _rule("reports deduplication", r"(?<![-/\w])(?:de-?dup\w*|deduplicat\w*|near-?duplicates?|minhash)\b",
                  keys=('dedup', 'duplicat', 'minhash')),
            _rule("reports deduplication", r"\b(?:duplicates?|duplicated)\b[^.\n]{0,40}\b(?:removed|filtered|dropped"
                                           r"|in\s+the\s+(?:training\s+)?data)"
                  r"|\bremov\w*\s+(?:of\s+)?(?:exact\s+|near[- ])?duplicat\w*", keys=('duplicat',)),
            _rule("reports test-set contamination", r"\b(?:de)?contaminat\w*",
                  require=r"\b(?:test|benchmark|eval\w*|data\w*|training)\b", keys=('contamin', 'decontamin')),
            _rule("reports PII handling", r"\bpii\b|personally\s+identifiable|\banonymi[sz]\w*|\bpseudonymi[sz]\w*"
                  r"|(?:remov|redact|scrub|filter|mask|strip)\w*\s+(?:\w+\s+){0,4}(?:personal|private"
                  r"|sensitive)\s+(?:data|information|details)"
                  r"|(?:personal|private)\s+(?:data|information)\s+(?:\w+\s+){0,4}(?:was|were|is|are|has\s+been"
                  r"|have\s+been)\s+(?:removed|redacted|filtered|masked)",
                  keys=('pii', 'personally', 'anonymi', 'pseudonymi', 'personal', 'private', 'sensitive')),
            _rule("reports filtering of unwanted content", _FILTER_VERB + r"[^.\n]{0,100}?" + _UNWANTED,
                  require=r"\b" + _DATA_NOUN + r"\b|\bcrawl|\bsubreddits?\b|\bwebsites?\b|\bsources?\b",
                  veto=_OUTPUT_CTX,
                  keys=('filter', 'remov', 'exclud', 'block', 'black', 'screen', 'discard', 'scrub', 'clean', 'purg')),
            _rule("reports filtering of unwanted content", _UNWANTED + r"[^.\n]{0,60}?\b(?:filter|detector|classifier"
                                                                       r"|classif\w+)\b",
                  require=r"\b(?:train\w*|data\w*|corpus|crawl\w*)\b", veto=_OUTPUT_CTX,
                  keys=('filter', 'detector', 'classif')),
            _rule("reports quality filtering", r"\bquality[- ](?:filter\w*|control|classifier\w*|threshold\w*"
                                               r"|assurance|heuristics?)"
                  r"|(?:filter\w*|select\w*|curat\w*)\b[^.\n]{0,60}?\b(?:high|low)[- ]quality"
                  r"|\b(?:high|low)[- ]quality\b[^.\n]{0,40}?\b(?:filter\w*|remov\w*|select\w*|discard\w*)"
                  r"|heuristic\s+filter\w*|language[- ]id(?:entification)?\s+filter\w*|perplexity[- ]based\s+filter\w*",
                  keys=('quality',)),
            _rule("reports filtered training data",
                  r"\bfiltered\s+(?:\w+\s+){0,2}?(?:data(?:sets?)?|corpus|corpora|subsets?"
                  r"|versions?|documents|pages|images)\b"
                  r"|\b(?:data(?:sets?)?|corpus|images|subset|documents)\s+(?:\w+\s+){0,3}filtered\s+(?:to|for|by"
                  r"|using|with|according|on)\b"
                  r"|\bfiltered\s+(?:to|for)\s+(?:images|documents|samples|examples|text)\b",
                  veto=_OUTPUT_CTX, keys=('filtered',)),
            _rule("reports filtering of training examples",
                  r"\b(?:discard\w*|remov\w*|drop\w*|exclud\w*|filter\w*\s+out)\s+(?:all\s+|any\s+)?(?:\w+\s+){0,2}?"
                  r"(?:clips|samples|documents|examples|pairs|images|recordings|utterances|transcripts|pages|texts"
                  r"|conversations)\s+(?:that|whose|which|with|without|containing|where|shorter"
                  r"|longer|below|above|flagged|marked|judged|voted)\b"
                  r"|\b(?:clips|samples|documents|examples|pairs|images|recordings|utterances|pages|texts"
                  r"|conversations)\s+(?:that|whose|which|with|without|containing|flagged|marked)\b[^.\n]{0,80}?"
                  r"\b(?:were|was|are|is)\s+(?:\w+\s+)?(?:discarded|removed|dropped|excluded|filtered)",
                  veto=_OUTPUT_CTX,
                  keys=('discard', 'remov', 'drop', 'exclud', 'filter')),
            _rule("names a known data issue", r"\b(?:data(?:sets?)?|corpus|corpora|pile|webtext|laion[\w-]*|crawl\w*"
                                              r"|internet)\b"
                  r"[^.\n]{0,80}?\b(?:known\s+to\s+contain|contains?|containing|include[sd]?|including)\b[^.\n]{0,60}?"
                  r"\b(?:profan\w*|lewd|offensive|toxic\w*|explicit|adult|sexual|violent|hateful|pornograph\w*"
                  r"|copyrighted|personal\s+(?:data|information)|errors|mislabel\w*)",
                  keys=('contain', 'includ')),
            _rule("reports data cleaning or curation",
                  r"\b(?:clean(?:ed|ing)|curat(?:ed|ing))\s+(?:the\s+|our\s+|this\s+)?(?:training\s+|pre-?training\s+)?"
                  r"(?:data(?:sets?)?|corpus|corpora)\b|\bdata\s+(?:cleaning|curation|quality)\b",
                  keys=("clean", "curat", "data")),
            _rule("reports label noise", r"\blabel(?:ing)?\s+noise|noisy\s+labels?|mislabel\w*"
                                         r"|annotation\s+(?:errors?|noise)"
                  r"|inter-?annotator|annotator\s+agreement", keys=('label', 'noisy', 'mislabel', 'annotat')),
            _rule("reports data quality work",
                  r"(?:去重|数据清洗|数据质量|过滤了|隐私信息|个人信息|dedupliziert|deduplizierung|gefiltert"
                                               r"|bereinigt|personenbezogene|duplikat\w*|doppelte?\w*\b[^.\n]{0,40}?"
                  r"\b(?:entfernt|verworfen|gelöscht)|duplicad[oa]s|doublons|dédupliqu\w*|datos\s+personales"
                  r"|données\s+personnelles|重複を?(?:除去|排除|削除)|個人情報を?(?:除去|削除|マスク))",
                  keys=('去重', '数据清洗', '数据质量', '过滤了',
                        '隐私信息', '个人信息', 'dedupliziert', 'deduplizierung', 'gefiltert',
                        'bereinigt', 'personenbezogene', 'duplikat', 'doppelt', 'duplicad', 'doublons',
                        'dédupliqu', 'datos personales', 'données personnelles', '重複', '個人情報')),
        ),
        section_min_words=6,
    ),
    Topic(
        "data_preprocessing",
        _r(r"pre-?process\w*|data\s+(?:preparation|processing|pipeline)|tokeni[sz]ation|vorverarbeitung|预处理|数据处理"),
        (
            _rule("describes preprocessing", r"\bpre-?process(?:ed|ing)\b[^.\n]{0,80}\b(?:by|with|using|into|to"
                                             r"|includes?|steps?|pipeline)\b"
                  r"|\b(?:resized|center[- ]cropped|randomly\s+cropped|normali[sz]ed|lower-?cased|truncated"
                  r"|tokeni[sz]ed|chunked|packed)\b"
                  r"[^.\n]{0,40}\b(?:to|into|with|using|by)\b",
                  keys=('process', 'preprocess', 'resized', 'crop', 'normali', 'lower', 'truncated', 'tokeni',
                        'chunked', 'packed')),
            _rule("describes preprocessing", r"\bdata\s+augmentation\b|\bsequences?\s+(?:were|are)\s+(?:packed"
                                             r"|truncated|padded)\b",
                  keys=('augmentation', 'sequence')),
            _rule("describes data cleaning", r"(?<![-/\w])(?:de-?dup\w*|deduplicat\w*)\b|" + _FILTER_VERB
                + r"[^.\n]{0,80}?" + _UNWANTED,
                  veto=_OUTPUT_CTX,
                  keys=('dedup', 'filter', 'remov', 'exclud', 'block', 'black', 'screen', 'discard', 'scrub',
                        'clean', 'purg')),
        ),
        section_min_words=6,
    ),
    Topic(
        "limitations",
        _r(r"limitation|caveat|known\s+(?:issues|problems)|shortcoming|weakness|einschränkung|grenzen|局限|限制|制限|制約"
           r"|limitaciones|limites"),
        (
            _rule("states a limitation", r"\bhallucinat\w*", keys=('hallucinat',)),
            _rule("states a limitation", r"\b(?:may|might|can|could|will|sometimes|often|occasionally"
                                         r"|also)\s+(?:\w+\s+){0,3}?"
                  r"(?:produce|generate|output|make|give|return|provide|contain|be|exhibit"
                  r"|reflect)\w*\s+(?:\w+[\s,]+){0,4}?"
                  r"(?:inaccurate|incorrect|false|wrong|misleading|nonsensical|untrue|errors?|mistakes?|harmful"
                  r"|offensive|inappropriate"
                  r"|problematic|unsafe|toxic|repetitive|irrelevant|biased|undesirable|objectionable|factually"
                  r"|socially\s+unacceptable)",
                  keys=('may', 'might', 'can', 'could', 'will', 'sometimes', 'often', 'occasionally', 'also')),
            _rule("states a limitation", r"\b(?:not|never)\s+(?:be\s+)?(?:always\s+)?(?:factually\s+)?(?:accurate"
                                         r"|reliable|correct|truthful)\b"
                  r"|\bdo(?:es)?\s+not\s+distinguish\b|fact\s+from\s+fiction|\bnever\s+rely\b",
                  keys=('not', 'never', 'fiction')),
            _rule("states a limitation", r"\b(?:does\s+not|doesn't|do\s+not|don't)\s+have\s+any\s+moderation"
                                         r"|\bno\s+moderation\b"
                  r"|\bwithout\s+(?:any\s+)?(?:safety|moderation)\s+(?:guardrails|mechanisms|filters|tuning)"
                  r"|\b(?:has|have)\s+not\s+been\s+(?:aligned|safety[- ]tuned|red[- ]teamed)"
                  r"|\blimited\s+safety\s+training"
                  r"|\bno\s+(?:safety|moderation)\s+(?:tuning|training|guardrails|mechanisms|filters|alignment)\b",
                  keys=('moderation', 'safety', 'aligned', 'red')),
            _rule("states a limitation", r"\bstruggles?\s+(?:with|to)\b|\bperform\w*\s+(?:poorly|worse|unevenly"
                                         r"|less\s+well|badly)"
                  r"|\blower\s+(?:accuracy|performance|quality)\b|\b(?:degrad\w*|drops?)\s+in\s+(?:performance"
                  r"|accuracy|quality)"
                  r"|\bnot\s+(?:suitable|designed|optimi[sz]ed|able)\s+(?:for|to)\b|\b(?:is|are)\s+unable\s+to\b"
                  r"|\bfails?\s+to\b"
                  r"|\bcannot\s+(?:reliably|be\s+relied|guarantee|render|handle|understand|reason)",
                  veto=r"\b(?:mac|windows|linux|transformers|version|install\w*|kernel|cuda|gpu\s+memory)\b",
                  keys=('struggle', 'perform', 'lower', 'degrad', 'drop', 'not', 'unable', 'fail', 'cannot')),
            _rule("states a limitation", r"\b(?:disadvantages?|drawbacks?|downsides?|weakness(?:es)?|shortcomings?)\b",
                  keys=('disadvantage', 'drawback', 'downside', 'weakness', 'shortcoming')),
            _rule("states a limitation", r"\b(?:has|have)\s+(?:a\s+number\s+of|several|some|many|the\s+following"
                                         r"|important|known)\s+limitations"
                  r"|\blimitations?\s+(?:of|include|are|is)\b(?!\s+(?:the\s+)?(?:license|liability|warranty))",
                  keys=('limitation',)),
            _rule("states a limitation",
                  r"(?:可能(?:会)?(?:产生|生成|输出)|局限性|幻觉|kann\s+(?:falsche|ungenaue|fehlerhafte)"
                                         r"|halluzin\w*)",
                  keys=('可能', '局限', '幻觉', 'kann', 'halluzin')),
            _rule("states a limitation", r"\b(?:may|might|can|could|not|cannot|can't|lack\w*|limited|struggle\w*"
                                         r"|poor\w*|fail\w*"
                  r"|errors?|risks?|bias\w*|should|only|unreliable|inaccura\w*|kann|nicht|可能|不)\b"
                  r"|ことがあ|場合があ|低下|不正確|誤",
                  scope="section"),
        ),
        section_min_words=8,
    ),
    Topic(
        "bias",
        _r(r"\bbias|fairness|ethic|societal\s+impact|social\s+impact|verzerrung|voreingenommenheit|偏见|偏差|公平|sesgo|biais"
           r"|バイアス|偏り"),
        (
            _rule("discusses bias", r"\bbias(?:es|ed)?\b",
                  require=r"\b(?:gender|rac(?:e|ial|es)|ethnic\w*|religio\w*|stereotyp\w*|demograph\w*|societal"
                          r"|social|fair\w*"
                          r"|discriminat\w*|(?:under|over)-?represent\w*|marginali[sz]\w*|minorit\w*|prejudic\w*"
                          r"|harm\w*|reflect\w*"
                          r"|inherit\w*|exhibit\w*|amplif\w*|perpetuat\w*|present\s+in|training\s+data|viewpoints?"
                          r"|human|people|produce"
                          r"|generate|outputs?|responses?|contain\w*|predictions?|predict\w*|results?|may|might|can"
                          r"|could|towards?|against|suffer\w*|aware|disclaimer)\b",
                  veto=r"\b(?:qkv|attention|linear|bias\s+terms?|layer|alibi|bias=|no\s+bias|add_bias"
                       r"|bias\s+parameters|bias\s+correction)\b",
                  keys=('bias',)),
            _rule("discusses bias", r"\bstereotyp\w*|\bdiscriminat(?:ion|ory)\b|\bprejudic\w*|\b(?:over"
                                    r"|under)-?represent\w*|\bdisparat\w*"
                  r"|\bdemographic\s+(?:groups?|criteria|attributes|parity|biases)|\bfairness\b|\bmarginali[sz]ed\b"
                  r"|\bprotected\s+(?:groups?|classes|attributes|characteristics)|\b(?:gender|racial|religious|ethnic"
                  r"|cultural)\s+"
                  r"(?:bias\w*|stereotypes?|disparit\w*)|\bskew\w*\s+(?:towards?|toward)\b",
                  keys=('stereotyp', 'discriminat', 'prejudic', 'represent', 'disparat', 'overrepresent',
                        'underrepresent', 'demographic', 'fairness', 'marginali', 'protected', 'gender', 'racial',
                        'religious', 'ethnic', 'cultural', 'skew')),
            _rule("discusses bias", r"(?:偏见|歧视|刻板印象|voreingenommen\w*|verzerrung\w*|stereotyp\w*|vorurteil\w*"
                                    r"|st[ée]r[ée]otyp\w*|\bsesgos?\b|\bbiais\b|\bsexist\w*|偏り|バイアス)",
                  keys=('偏见', '歧视', '刻板印象', 'voreingenommen', 'verzerrung', 'stereotyp', 'vorurteil',
                        'stéréotyp', 'sesgo', 'biais', 'sexist', '偏り', 'バイアス')),
            _rule("discusses bias in a table", r"\bbias(?:es|ed)?\b|\bstereotyp\w*|\bfairness\b|\bdiscriminat\w*",
                  tables=True, veto=r"\b(?:qkv|attention|linear|bias\s+terms?|layer|alibi|bias=|add_bias)\b",
                  keys=('bias', 'stereotyp', 'fairness', 'discriminat')),
            _rule("names harms under a bias heading", r"\b(?:problematic|harmful|offensive|toxic\w*|inappropriate"
                                                      r"|unsafe|hateful|sensitive"
                  r"|objectionable|abusive|stereotyp\w*|representation|groups?|people|identity|identities"
                  r"|uneven\w*|disparit\w*|countries|regions?|dialects?|accents?|women|men|gender|ethnic\w*)\b"
                  r"|有害|不当",
                  scope="section"),
        ),
    ),
    Topic(
        "risks",
        _r(r"\brisk|safety|harm|misuse|ethical|responsible|dual[- ]use|broader\s+impact|risiken|sicherheit|风险|安全"
           r"|riesgos|risques"),
        (
            _rule("discusses risks", r"\bmisuse\w*|\bmalicious\w*|\bdual[- ]use\b|\bharmful\s+(?:content|outputs?"
                                     r"|uses?|purposes|applications|text|material)"
                  r"|\b(?:safety|security)\s+(?:risks?|concerns?|issues?|evaluations?|testing|mitigations?"
                  r"|fine-?tuning|benchmarks?)"
                  r"|\bred[- ]?team\w*|\bjailbreak\w*|\bdis-?information\b|\bmis-?information\b|\bdeep-?fakes?\b"
                  r"|\bsurveillance\b"
                  r"|\bimpersonat\w*|\bcbrne?\b|\bcyber[- ]?(?:attacks?|security|offensive)|\bchild\s+safety"
                  r"|\brisks?\s+(?:associated|of|with|to)\b"
                  r"|\bforeseeable\s+harms?",
                  keys=('misuse', 'malicious', 'dual', 'harmful', 'safety', 'security', 'red', 'jailbreak',
                        'information', 'misinformation', 'disinformation', 'fake', 'deepfake', 'surveillance',
                        'impersonat', 'cbrn', 'cyber', 'child', 'risk', 'foreseeable')),
            _rule("discusses risks", r"(?:风险|滥用|有害内容|risiken|missbrauch)",
                  keys=('风险', '滥用', '有害内容', 'risiken', 'missbrauch')),
            _rule("discusses risks",
                  r"\b(?:may|might|can|could|should|not|risks?|harm\w*|misuse|unsafe|danger\w*)\b", scope="section"),
        ),
        section_min_words=8,
    ),
    Topic(
        "evaluation",
        _r(r"\bevaluat\w*\b(?!\s+(?:data(?:sets?)?|set)\s*$)|\bresults?\b|benchmark|performance|\bmetrics?\b"
           r"|leaderboard|\bscores?\b"
           r"|bewertung|evaluierung|ergebnisse|评估|评测|性能|结果|évaluation|evaluación|resultados|評価"
           r"|ベンチマーク"),
        (
            # Numbers are rarer than words: find a number, then require a benchmark or metric name in its sentence.
            _rule("reports a benchmark result", _NUMBER, require=r"\b" + _BENCH + r"\b",
                  veto=r"\b(?:detector|detection\s+model)\b|\btrain(?:ing)?\s+(?:set|split)\b|\bnumber\s+of\b",
                  min_words=1),
            _rule("points to evaluation results", r"\b(?:evaluation|benchmark|eval)\s+(?:results?|scores?|details"
                                                  r"|numbers|metrics)\b[^.\n]{0,80}?"
                  r"\b(?:are|is|can\s+be|were)\s+(?:\w+\s+)?(?:reported|presented|available|shown|provided|published"
                  r"|listed|found|detailed|described|summari[sz]ed)"
                  r"|\b(?:see|find|view|refer\s+to|check(?:\s+out)?|found\s+in|available\s+(?:in|at"
                  r"|on))\b[^.\n]{0,60}?\b(?:evaluation|benchmark)s?\s+(?:results?|details|scores?)"
                  r"|\b(?:paper|report|blog)\b[^.\n]{0,40}?\bdescribes?\s+(?:the\s+)?(?:model\s+)?performance",
                  keys=('result', 'describe', 'score', 'detail')),
            _rule("reports results on the evaluation set", r"\bachieves\s+the\s+following\s+results\s+on\s+the\s+eval"
                                                           r"uation\s+set",
                  keys=('achieves the following',)),
            _rule("reports a result table", r"(?m)^[^\n]*\b" + _BENCH + r"\b[^\n]*\|[^\n]*\d", tables=True,
                  header=r"\b(?:benchmark\w*|metrics?|tasks?|eval\w*|scores?|results?|acc\w*|f1|em|bleu|rouge\w*|wer"
                         r"|cer"
                         r"|pass@\d+|ppl|perplexity|shots?|mmlu)\b|%"),
            _rule("reports evaluation under an evaluation heading",
                  r"\b" + _BENCH + r"\b|" + _NUMBER + r"|!\[|<img|\bevaluated\b[^.\n]{0,80}?\bon\b[^.\n]{0,80}?\b(?:b"
                                                      r"enchmarks?|datasets|tasks|suites?)\b"
                  r"|\b(?:outperforms?|comparable\s+to|state-of-the-art|sota)\b[^.\n]{0,80}\d",
                  scope="section", veto=r"\btrain(?:ing)?\s+(?:set|split|tokens)\b", min_words=1),
            _rule("reports evaluation under an evaluation heading", r"!\[|\d|\b" + _BENCH
                + r"\b", scope="section", tables=True),
        ),
    ),
    Topic(
        "intended_use",
        _r(r"intended\s+(?:uses?|users|purpose)|^(?:the\s+)?(?:model\s+|direct\s+|downstream\s+|primary\s+"
           r"|secondary\s+|evaluated\s+"
           r"|recommended\s+)?uses?(?:\s+cases?)?(?:\s+(?:and|&)\b.*)?$|^use\s+cases?\b|how\s+the\s+model\s+(?:is"
           r"|should\s+be)\s+used"
           r"|verwendungszweck|anwendungsfälle|einsatzzweck|vorgesehene\s+verwendung|预期用途|用途|使用场景|适用场景|利用目的|使用目的"
           r"|utilisation\s+prévue|usos?\s+previstos?"),
        (
            _rule("states the intended use", r"\bintended\s+(?:to|for|as)\b|\bintended\s+(?:uses?|users|use\s+cases"
                                             r"|purpose)\b[^.\n]{0,30}?(?:\bis\b|\bare\b|\binclude|:)"
                  r"|\bprimary\s+(?:intended\s+)?(?:uses?|users|use\s+cases|audience)\b",
                  veto=r"\b(?:not|never|n't)\W+(?:\w+\W+)?intended\b|\bdataset\s+(?:was|is)\b",
                  keys=('intended', 'primary')),
            _rule("states the intended use", r"\b(?:designed|meant|built|developed|created"
                                             r"|released)\s+(?:primarily\s+|specifically\s+|mainly\s+|in\s+order\s+)?"
                  r"(?:for|to\s+(?:be\s+used|enable|facilitate|support))\s+(?:\w+\s+){0,3}?"
                  r"(?:research\w*|use|users|applications|purposes|developers|researchers|practitioners"
                  r"|experimentation|commercial)\b",
                  veto=r"\bnot\s+(?:\w+\s+)?(?:designed|meant|built)\b",
                  keys=('designed', 'meant', 'built', 'developed', 'created', 'released')),
            _rule("states the intended use",
                  r"(?:旨在|适用于|预期用途|主要用于|(?:ist|sind)\s+(?:\w+\s+){0,4}(?:gedacht|bestimmt"
                                             r"|vorgesehen))",
                  keys=('旨在', '适用于', '预期用途', '主要用于', 'gedacht', 'bestimmt', 'vorgesehen')),
        ),
        section_min_words=5,
    ),
    Topic(
        "out_of_scope_use",
        _r(r"out[- ]of[- ]scope|misuse|prohibited|not\s+intended|forbidden|restricted\s+uses?|unintended\s+uses?"
           r"|nicht\s+vorgesehen"
           r"|超出范围|不适用|禁止"),
        (
            _rule("states an out-of-scope use", r"\bout[- ]of[- ]scope\b(?!\s+use\s*$)"
                  r"|\b(?:not|n't)\s+(?:be\s+)?(?:intended|designed|suitable|appropriate|recommended|meant)\s+(?:to"
                  r"|for)\b"
                  r"|\b(?:should|must|may)\s+not\s+be\s+used\b|\b(?:do\s+not|don't|never)\s+use\s+(?:this|the"
                  r"|these)\s+models?\b"
                  r"|\brecommend\s+against\b|\bcaution\s+against\b|\bprohibited\b|\bin\s+any\s+manner\s+that\s+violates"
                  r"|\bnot\s+(?:to\s+)?be\s+used\s+(?:to|for|in|as)\b|\bis\s+not\s+appropriate\b|\bwe\s+(?:do\s+not"
                  r"|don't)\s+(?:support|recommend)\s+(?:use|deploy)",
                  veto=r"\b(?:mac|windows|linux|transformers\s+version)\b",
                  keys=('scope', 'not', "n't", 'cannot', 'must', 'never', 'against', 'prohibited', 'violates')),
            _rule("states an out-of-scope use", r"(?:不应(?:被)?用于|禁止用于|nicht\s+(?:\w+\s+)?(?:verwendet"
                                                r"|eingesetzt)\s+werden)",
                  keys=('不应', '禁止用于', 'nicht')),
        ),
        section_min_words=5,
    ),
    Topic(
        "environmental_impact",
        _r(r"environment|carbon|co2|emission|energy|umwelt|碳|环境"),
        (
            _rule("reports emissions or energy", r"\b(?:co2|co₂|carbon)\b[^.\n]{0,40}?\b(?:emi\w+|footprint|eq\w*"
                                                 r"|equivalent|intensity|neutral|offset)"
                  r"|\b(?:t|kg|tons?\s+of\s+)co2(?:eq|e)?\b|\b\d[\d.,]*\s*(?:k|m|g)?wh\b|\bpower\s+(?:consumption"
                  r"|usage|draw)"
                  r"|\benergy\s+(?:consumption|usage|use|mix)\b|\belectricity\s+(?:usage|consumption)|\b(?:nuclear"
                  r"|renewable|hydro\w*|solar)\s+(?:energy|power|electricity)",
                  keys=('co2', 'co₂', 'tco2', 'kgco2', 'carbon', 'kwh', 'mwh', 'gwh', 'twh', 'wh', 'power', 'energy',
                        'electricity', 'nuclear', 'renewable', 'hydro', 'solar')),
            _rule("reports emissions or energy", r"\d|\b(?:nuclear|renewable|gpu|hours?|cloud|region)\b",
                  scope="section"),
        ),
    ),
    Topic(
        "training_procedure",
        _r(r"training\s+(?:procedure|details|hyper-?param\w*|setup|regime|configuration|process|recipe)|hyper-?param\w*"
           r"|fine-?tuning\s+(?:details|procedure)|compute\s+infrastructure|hardware|trainingsverfahren|训练细节|训练过程|超参数"
           r"|训练方法"),
        (
            _rule("gives hyper-parameters", r"\blearning[- _]rate\b|\bbatch[- _]size\b|\boptimi[sz]er\b|\badam\w*\b"
                                            r"|\bwarm-?up\b|\bweight[- _]decay\b"
                  r"|\b\d[\d,.]*\s*(?:k\s+)?(?:epochs?|training\s+steps|steps)\b|\bgradient\s+accumulation"
                  r"|\bmixed[- ]precision\b"
                  r"|\b(?:lr|cosine)\s+(?:schedul\w*|decay)",
                  keys=('learning', 'batch', 'optimi', 'adam', 'warm', 'weight', 'epoch', 'step', 'gradient',
                        'mixed', 'lr ', 'cosine')),
            _rule("names the training hardware", r"\b(?:train\w*"
                                                 r"|fine-?tun\w*)\b[^.\n]{0,80}?\b(?:\d+\s*(?:x\s*)?)?(?:gpus?|tpus?"
                                                 r"|a100s?|h100s?|h800s?|v100s?|tpu\s?v\d\w*)\b"
                  r"|\b\d[\d.,]*\s*[mk]?\s*(?:\w+\s+)?gpu[- ]hours\b|\bgpus?:\s*\d",
                  keys=('gpu', 'tpu', 'a100', 'h100', 'h800', 'v100')),
            _rule("gives training details", r"\d|\b(?:gpus?|tpus?|steps?|epochs?|optimi[sz]er|precision|schedule"
                                            r"|loss)\b", scope="section"),
        ),
    ),
    Topic(
        "citation",
        _r(r"citation|\bcite\b|bibtex|reference|引用|zitat|zitier"),
        (
            _rule("asks to be cited", r"\bplease\s+cite\b|\bcite\s+(?:this|our|the)\s+(?:work|paper|model|report)\b"
                                      r"|\bif\s+you\s+(?:use|find)\b[^.\n]{0,100}?\bcit",
                  keys=('cit',)),
        ),
        section_min_words=3,
        section_tables=True,
    ),
    Topic(
        "contact",
        _r(r"contact|feedback|questions|support|kontakt|联系"),
        (
            _rule("gives a contact", r"\b[\w.+-]++@[\w-]+\.[\w.-]+\b|\b(?:send|direct"
                                     r"|address)\s+(?:your\s+)?(?:questions|comments|feedback|issues)"
                  r"|\bwhere\s+to\s+send\b|\b(?:open|raise|file|submit)\s+an?\s+(?:github\s+)?issue\b"
                  r"|\bcontact\s+(?:us|the\s+(?:team|authors?)|me)\b"
                  r"|\breach\s+(?:out|us)\b|forms\.gle/|github\.com/[\w.-]+/[\w.-]+/issues",
                  veto=r"@(?:misc|article|inproceedings)",
                  keys=('@', 'send', 'direct', 'address', 'issue', 'contact', 'reach', 'forms.gle')),
        ),
        section_min_words=3,
    ),
)

TOPIC_NAMES: tuple[str, ...] = tuple(t.name for t in TOPICS)
for _topic in TOPICS:
    for _rule_ in _topic.rules:
        register_keys(_rule_.keys)
BY_NAME: dict[str, Topic] = {t.name: t for t in TOPICS}

_BIBTEX = re.compile(
    r"@(?:article|inproceedings|misc|book|techreport|online|software|incollection|phdthesis|unpublished)\s*\{", re.I
)


# -- the judge ------------------------------------------------------------------------------------


_HEADING_CACHE: dict[str, frozenset[str]] = {}


def announced(heading: str) -> frozenset[str]:
    """Topics a heading (or bold label) announces; cached, since cards repeat the same few headings."""
    got = _HEADING_CACHE.get(heading)
    if got is None:
        low = heading.lower()
        got = frozenset(t.name for t in TOPICS if t.heading.search(low))
        if len(_HEADING_CACHE) < 50_000:
            _HEADING_CACHE[heading] = got
    return got


_TITLE_FILLER = re.compile(r"\b(?:and|or|the|of|a|an|model|card|for|&|/|-|:)\b|[^\w\s]")


def _title(card: CardText) -> str | None:
    """The card's first heading (its title, whatever its level) when it names the model rather than a topic."""
    first = next((sec for sec in card.sections if sec.heading), None)
    if first is None or first.level > 6:
        return None
    low = first.heading.lower()
    rest = low
    for t in TOPICS:
        rest = t.heading.sub(" ", rest)
    rest = _TITLE_FILLER.sub(" ", rest)
    return first.heading if rest != low and len(rest.split()) >= 2 else None


def topic_sections(card: CardText, topic: Topic) -> list[Section]:
    if card.section_topics is None:
        # Each section inherits the topics its ancestors' headings announce; the card's title does not
        # announce a topic by naming the model ("# English PII in Flair" is a PII tagger, not a PII section).
        title = _title(card)
        card.section_topics = [
            frozenset().union(*(announced(p) for i, p in enumerate(sec.path) if p and not (i == 0 and p == title)))
            for sec in card.sections
        ]
    name = topic.name
    return [sec for sec, names in zip(card.sections, card.section_topics, strict=True) if name in names]


def _topic_blocks(card: CardText, topic: Topic) -> list[int]:
    """Blocks under a heading that announces the topic, or led by a bold label that does, in order.

    Computed for all topics in one pass over the card and kept on it (each topic asks once).
    """
    if card.topic_blocks is None:
        topic_sections(card, topic)  # fills card.section_topics
        by_topic: dict[str, set[int]] = {}
        for sec, names in zip(card.sections, card.section_topics or (), strict=True):
            for name in names:
                by_topic.setdefault(name, set()).update(sec.blocks)
        for k, b in enumerate(card.blocks):
            if b.label:
                for name in announced(b.label):
                    by_topic.setdefault(name, set()).add(k)
        card.topic_blocks = {name: sorted(ids) for name, ids in by_topic.items()}
    return card.topic_blocks.get(topic.name, [])


def _ranges(card: CardText, block_ids: list[int], tables: bool) -> list[tuple[int, int]]:
    out = []
    for k in block_ids:
        b = card.blocks[k]
        if b.start < 0 or (b.kind == "table") != tables:
            continue
        out.append((b.start, b.start + len(b.text)))
    return out


# -- sentences that are not disclosures, whatever words they hold ---------------------------------
# Classes of text that real cards carry and keyword rules misread: what the model is *for* (a use case
# such as "semantic search and deduplication"), the task or labels it predicts ("a tweet contains hate
# speech if it has a racist sentiment", an NSFW classifier), a license clause ("you agree not to use the
# model to discriminate"), a prompt's tag list ("lowres, bad anatomy, low_quality, ..."). URLs are
# handled apart (`_in_url`).
_USE_CASE = _r(
    r"\b(?:can|could|may|might)\s+(?:also\s+)?be\s+(?:used|applied|employed)\s+(?:for|to|as|in)\b|\buse[- ]cases?\b"
    r"|\bintended\s+(?:for|to)\b|\bintended\s+uses?\b|\buseful\s+(?:for|in)\b|\byou\s+can\s+use\b"
    r"|\b(?:is|are)\s+(?:[\w-]+\s+){0,2}?(?:meant|designed|aimed|suited|intended)\s+(?:for|to|at)\b"
    r"|\b(?:use|apply)\s+(?:it|this\s+model|the\s+model)\s+(?:for|to)\b|\bapplications?\s+(?:such\s+as|like|include)\b"
)
_LIMIT_CUE = _r(
    r"\b(?:not|cannot|can't|limited|limitations?|however|bias\w*|errors?|fail\w*|poor\w*|unreliable"
    r"|inaccura\w*|struggle\w*|risks?|harm\w*|caution|careful\w*)\b"
)
_TASK_DEFINITION = _r(
    r"\b(?:is|are)\s+(?:labell?ed|classified|annotated|tagged|marked)\s+(?:as|with)\b"
    r"|\bif\s+(?:it|they|the\s+\w+)\s+(?:has|have|contains?|expresses|express|is|are|includes?)\b"
    r"|\blabels?\s*[:=]|\blabel(?:led|ed)?\s+(?:as|0|1)\b|\bclass\s*[:=]?\s*\d\b"
    r"|\b(?:classif(?:y|ies)|detects?|identif(?:y|ies)|predicts?|determines?)\s+(?:whether|if)\b"
    r"|\b(?:this|the|our)\s+model\s+(?:\w+\s+)?(?:classifies|detects|identifies|predicts|flags|labels|recogni[sz]es"
    r"|tags|filters)\b|\bdefined\s+as\b"
    r"|\b(?:can|could)\s+(?:be\s+used\s+to\s+)?(?:detect|classify|identify|flag|filter)\b"
)
_LICENSE_CLAUSE = _r(
    r"\b(?:licensee|licensor|you\s+agree|you\s+(?:shall|must|may)\s+not|shall\s+not|hereby|herein|thereof"
    r"|this\s+licen[cs]e|the\s+licen[cs]e\s+(?:grants?|terms|agreement)|terms\s+of\s+(?:use|service)"
    r"|warrant(?:y|ies)|liabilit\w*|indemnif\w*|openrail|rail\s+licen[cs]e)\b"
)
_LICENSE_TERMS = _r(
    r"\b(?:licensee|licensor|you\s+agree|hereby|herein|thereof|this\s+licen[cs]e|the\s+licen[cs]e\s+(?:grants?|terms"
    r"|agreement)|terms\s+of\s+(?:use|service)|indemnif\w*|openrail|rail\s+licen[cs]e)\b"
)
_NOT_DISCLOSURE: dict[str, tuple[re.Pattern[str], ...]] = {
    "data_quality": (_USE_CASE, _TASK_DEFINITION, _LICENSE_CLAUSE),
    "data_preprocessing": (_USE_CASE, _TASK_DEFINITION, _LICENSE_CLAUSE),
    "bias": (_TASK_DEFINITION, _LICENSE_CLAUSE),
    "limitations": (_LICENSE_TERMS,),  # "no warranty on the performance on other datasets" is a limitation
}
_SHARED_HEADING = {"limitations": "intended_use"}
_TAG_LIST_TOPICS = ("data_quality", "data_preprocessing", "bias", "limitations")
_URL_RULE = re.compile(r"huggingface|://|www")


# The model's own task named by what it detects ("an NSFW image classification model", "toxicity
# classifier"), unless the sentence says something was filtered with it ("filtered using LAION's NSFW detector").
_TASK_NOUN = _r(r"\b(?:nsfw|nfsw|toxic\w*|hate\w*|offensive|spam|pii|sentiment|emotion|bias\w*|misogyn\w*|racis\w*"
                r"|sexis\w*)\s+(?:\w+\s+)?(?:classif\w*|detect\w*|tagg\w*|recogni\w*)"
                r"|\b(?:model|classifier|trained|fine-?tuned|built|designed)\s+(?:\w+\s+){0,6}?to\s+(?:detect|classify"
                r"|identify|flag|recogni[sz]e|predict)\b")
_FILTERED = _r(_FILTER_VERB + r"|\bused\s+to\s+(?:filter|remove|exclude)")


def _not_disclosure(topic: str | None, sentence: str) -> bool:
    """The sentence belongs to a class that never discloses this topic (see above)."""
    if topic is None:
        return False
    if any(p.search(sentence) for p in _NOT_DISCLOSURE.get(topic, ())):
        return True
    if topic in ("data_quality", "data_preprocessing") and _TASK_NOUN.search(sentence) \
            and not _FILTERED.search(sentence):
        return True
    if topic == "limitations" and _USE_CASE.search(sentence) and not _LIMIT_CUE.search(sentence):
        return True  # "You can use the raw model for ..." under "Intended uses & limitations"
    if topic in _TAG_LIST_TOPICS:
        commas = sentence.count(",")
        return commas >= 8 and commas >= 0.25 * len(sentence.split())
    return False


def _in_url(text: str, start: int) -> bool:
    """Whether position `start` lies inside a URL or a path (`.../pii/S0004...`, `github.com/x/dedup`)."""
    lo = max(0, start - 300)
    ws = max(text.rfind(" ", lo, start), text.rfind("\n", lo, start), text.rfind("\t", lo, start))
    token = text[ws + 1 : start + 1]
    return "://" in token or token.startswith(("www.", "(www.")) or (
        "/" in token[:-1] and start > 0 and text[start - 1] in "/-_.=" and "." in token
    )


def _try(card: CardText, rule: Rule, ranges: list[tuple[int, int]] | None,
         topic: str | None = None) -> Hit | None:
    text = card.tables_lower if rule.tables else card.prose_lower
    if not text:
        return None
    if ranges is not None:
        spans = ranges
    elif rule.keys:
        spans = windows(card, rule.tables, rule.keys)
    else:
        spans = [(0, len(text))]
    long = card.long_lines(text)  # long lines are matched in windows (sections.bounded_search)
    for lo, hi in spans:
        pos = lo
        while pos < hi:
            m = bounded_search(rule.pattern, text, pos, hi, long, card.clock())
            if m is None:
                break
            pos = m.end() if m.end() > m.start() else m.start() + 1
            block = card.block_at(m.start(), rule.tables)
            b_lo, b_hi = block.start, block.start + len(block.text)
            if rule.tables:
                s_lo = text.rfind("\n", b_lo, m.start()) + 1 or b_lo
                s_lo = max(s_lo, b_lo)
                e = text.find("\n", m.start(), b_hi)
                s_hi = e if e >= 0 else b_hi
            else:
                s_lo, s_hi = sentence_at(card.sent_starts, m.start(), b_lo, b_hi)
            pos = max(pos, s_hi)  # a rejected sentence is not re-examined
            sentence = text[s_lo:s_hi]
            if rule.header is not None and not bounded_search(
                    rule.header, text[b_lo:text.find("\n", b_lo, b_hi) % (b_hi + 1)], clock=card.clock()):
                continue
            if rule.veto is not None and bounded_search(rule.veto, sentence, clock=card.clock()):
                continue
            if rule.require is not None and not bounded_search(rule.require, sentence, clock=card.clock()):
                continue
            if not rule.tables and not is_substantive(sentence, rule.min_words):
                continue
            if _not_disclosure(topic, sentence) or (not _URL_RULE.search(rule.pattern.pattern)
                                                    and _in_url(text, m.start())):
                continue
            sec = card.sections[block.section]
            original = (card.tables if rule.tables else card.prose)[s_lo:s_hi]
            return Hit(True, rule.why, line_of(block, s_lo), line_of(block, max(s_hi - 1, s_lo)),
                       " ".join(original.split())[:400], sec.path_text)
    return None


def _substantive_sentence(card: CardText, block_ids: list[int], min_words: int, tables: bool,
                          topic: str | None = None) -> Hit | None:
    for k in block_ids:
        b = card.blocks[k]
        if b.start < 0:
            continue
        if b.kind == "table":
            if not tables:
                continue
            text = card.tables[b.start:b.start + len(b.text)]
            rows = [r for r in text.split("\n") if is_substantive(r, 1)]
            if len(rows) >= 3 and is_substantive(text, min_words):
                return Hit(True, "a table under the heading", b.line, b.line_end, rows[0].strip()[:400],
                           card.sections[b.section].path_text)
            continue
        lo, hi = b.start, b.start + len(b.text)
        pos = lo
        while pos < hi:
            s_lo, s_hi = sentence_at(card.sent_starts, pos, lo, hi)
            sentence = card.prose[s_lo:s_hi]
            if is_substantive(sentence, min_words) and not _not_disclosure(topic, sentence.lower()):
                return Hit(True, "a substantive statement under the heading", line_of(b, s_lo),
                           line_of(b, max(s_hi - 1, s_lo)), " ".join(sentence.split())[:400],
                           card.sections[b.section].path_text)
            pos = s_hi + 1
    return None


def judge_topic(card: CardText, topic: Topic) -> Hit:
    """Decide one topic from the card's prose (placeholders already blanked)."""
    sections = topic_sections(card, topic)
    block_ids = _topic_blocks(card, topic)
    for rule in topic.rules:
        if rule.scope == "anywhere":
            hit = _try(card, rule, None, topic.name)
        elif block_ids:
            hit = _try(card, rule, _ranges(card, block_ids, rule.tables), topic.name)
        else:
            hit = None
        if hit:
            return hit
    if topic.section_min_words is not None and block_ids:
        fallback = block_ids
        if topic.name in _SHARED_HEADING:
            # Under "Intended uses & limitations" a plain sentence is about use; a limitation there must be
            # stated as one (the rules above), not merely be present.
            other = _SHARED_HEADING[topic.name]
            fallback = [k for k in block_ids if other not in (card.section_topics or ())[card.blocks[k].section]]
        hit = _substantive_sentence(card, fallback, topic.section_min_words, topic.section_tables, topic.name)
        if hit:
            return hit
    if topic.name == "citation":
        for b in card.code_blocks():
            m = _BIBTEX.search(b.text)
            if m:
                line = b.line + b.text.count("\n", 0, m.start())
                return Hit(True, "a BibTeX entry", line, b.line_end, b.text[m.start():m.start() + 200].split("\n")[0],
                           card.sections[b.section].path_text)
    if sections:
        return Hit(False, "announced by a heading, but the section holds no substantive statement",
                   sections[0].line, sections[0].line_end, "", sections[0].path_text)
    return Hit(False, "nothing in the card discloses it")
