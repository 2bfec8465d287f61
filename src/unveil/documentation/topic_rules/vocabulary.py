"""Phrase pieces the topic rules share: corpus and benchmark names, training verbs, numbers, filter words."""

from __future__ import annotations

import re

from unveil.regex_source import walk_regex

# Dataset and corpus names that identify training data when a card says it trained on them.
KNOWN_DATA = (
    r"(?:the\s+pile|pile\b|laion[\w.-]*|c4\b|mc4\b|wikipedia|wikitext|common\s?crawl|webtext|openwebtext"
    r"|refined-?web|fineweb[\w-]*|dolma|redpajama|slimpajama|the\s+stack|starcoder\s?data|bookcorpus|books3"
    r"|imagenet[\w-]*|coco|yfcc\w*|conceptual\s+captions|cc3m|cc12m|librispeech|common\s+voice|voxpopuli"
    r"|gigaspeech|squad|glue|ms\s?marco|natural\s+questions|s2orc|stack\s?exchange|reddit"
    r"|oscar|roots|dclm|ultrachat|ultrafeedback|sharegpt|alpaca|dolly|tulu[\w-]*|tülu[\w -]*|openassistant"
    r"|oasst\w*|flan\w*|p3\b|xp3|the\s+stack|cosmopedia|smoltalk|proof-?pile|openwebmath|pubmed)"
)
# Literal stems of the names above, for the cheap prefilter (str.find).
KNOWN_DATA_KEYS = (
    "pile", "laion", "c4", "mc4", "wiki", "crawl", "commoncrawl", "webtext", "openwebtext", "refined", "fineweb",
    "dolma",
    "redpajama", "slimpajama", "superglue", "msmarco",
    "starcoder", "bookcorpus", "books3", "imagenet", "coco", "yfcc", "conceptual", "cc3m", "cc12m", "librispeech",
    "common voice", "voxpopuli", "gigaspeech", "squad", "glue", "marco", "natural questions", "s2orc", "stack",
    "reddit", "oscar", "roots", "dclm", "ultrachat", "ultrafeedback", "sharegpt", "alpaca", "dolly", "tulu", "tülu",
    "openassistant", "oasst", "flan", "p3", "xp3", "cosmopedia", "smoltalk", "proof", "openwebmath", "pubmed",
)
DATA_NOUN = (
    r"(?:data(?:sets?)?|corpus|corpora|tokens|documents|images|audio|hours|samples|examples|pairs|text|captions"
    r"|web\s?pages|crawl\w*|subsets?)"
)
TRAIN_VERB = r"(?:(?:pre-?|post-?)?train(?:ed|ing)|fine-?tuned|finetuned|learn(?:ed|t)\s+from|distilled)"
# Benchmarks and metrics that mark evaluation results.
BENCH = (
    r"(?:mmlu[\w-]*|hellaswag|arc(?:-[ce]\w*|\s+(?:easy|challenge))?|truthful\s?qa|winogrande|gsm-?8k|math-500"
    r"|math\s*\((?:em|acc)"
    r"|human-?eval[\w+-]*|mbpp\w*|bbh|big-?bench[\w-]*|drop\s*\((?:f1|em)\)|piqa|boolq|lambada|squad\w*|super-?glue"
    r"|glue|imagenet[\w-]*"
    r"|coco|cifar-?\d+|librispeech|fleurs|common\s+voice|mt-?bench|alpaca-?eval[\w. ]*|if-?eval|gpqa[\w-]*|agieval"
    r"|trivia-?qa|natural\s?questions|openbook-?qa|sciq|race-(?:h|m|high|middle)\w*|c-?eval|cmmlu|mteb|beir|sts-?b?"
    r"|toxigen"
    r"|bbq|crows-?pairs|winobias|realtoxicityprompts|arena-?hard|livecodebench|swe-?bench\w*|aime|gaokao"
    r"|xnli|xcopa|xstorycloze|copa|wsc|wic|rte|mnli|sst-?2|ms\s?marco|nq|wer|bleu|rouge[\w-]*|chrf|fid|clip\s?score"
    r"|perplexity|ppl|pass@\d+|exact\s+match|f1|accuracy|acc(?:_norm)?|auc|map@?\d*|ndcg@?\d*|top-?[15]\s+acc\w*"
    # captioning and retrieval metrics ("+2.8% in CIDEr", "average recall@1")
    r"|cider|spice|meteor|recall@\d+|vqa\s+(?:score|accuracy))"
)

def top_level(alternation: str) -> list[str]:
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


def by_first_letter(alternation: str) -> str:
    """The same alternation with alternatives grouped under their first letter, in their order.

    Python's regex engine tries a group's alternatives one by one at every position; grouped, it tries one
    letter per group instead (~2x faster on the benchmark and dataset name lists). The matches are the same:
    alternatives that start with different letters never compete at one position, and within a letter the
    order (leftmost alternative wins) is kept.
    """
    if not (alternation.startswith("(?:") and alternation.endswith(")")):
        return alternation
    groups: dict[str, list[str]] = {}
    for alt in top_level(alternation):
        if not alt or not alt[0].isalnum():
            return alternation  # an alternative without a literal first letter: leave the pattern alone
        groups.setdefault(alt[0], []).append(alt[1:])
    parts = [c + (rest[0] if len(rest) == 1 else "(?:" + "|".join(rest) + ")") for c, rest in groups.items()]
    return "(?:" + "|".join(parts) + ")"


_KNOWN_DATA_NAME = re.compile(r"\b" + KNOWN_DATA + r"\b")


def known_data_name(text: str) -> bool:
    """Whether `text` names a well-known corpus or dataset (the Pile, LAION, C4, ...)."""
    return bool(_KNOWN_DATA_NAME.search(text.lower()))


# The plain lists stay as the definition (a test checks both forms match the same spans).
KNOWN_DATA_PLAIN, BENCH_PLAIN = KNOWN_DATA, BENCH
KNOWN_DATA = by_first_letter(KNOWN_DATA)
BENCH = by_first_letter(BENCH)

# Starts with a digit class so the regex engine can skip to digits; the look-behind drops digits inside
# words, versions and arXiv ids.
NUMBER = (
    r"\d(?<![\w.]\d)(?:\d*(?:[.,]\d+)?\s?%|\d{0,2}\.\d+)"
    r"(?!\d|\s?(?:b|m|k|t|bn|billion|million|thousand|trillion|gb|mb|tb|x|h|hours|days|seconds|s|ms|epochs?"
    r"|steps?|tokens?|params|parameters|layers|heads|gpus?|nodes|version)\b)"
)
OUTPUT_CTX = re.compile(
    r"\b(?:outputs?|responses?|generations?|generated\s+(?:text|content|images?)|prompts?|completions?|replies)\b"
)


FILTER_VERB = (
    r"(?:filter\w*|remov\w*|exclud\w*|block-?list\w*|black-?list\w*|screen\w*|discard\w*|scrub\w*|clean\w*|purg\w*)"
)
UNWANTED = (
    r"(?:nsfw|nfsw|toxic\w*|explicit|adult|porn\w*|offensive|violen\w*|hate\w*|hateful|unsafe|harmful|sexual\w*"
    r"|low[- ]quality|boilerplate|spam\w*|watermark\w*|aesthetic\w*|profan\w*|lewd|csam|abusive|gibberish|illegal"
    # markup and page furniture left in scraped text ("remove html tags", "remove emojis", "excluding ... headers")
    r"|html\s+tags?|markup|emojis?|headers|footers|navigation)"
)
