"""The card's own claims to be "open source" (the openwashing basis), with the sentence as evidence.

A claim's subject is this release: its name or title ("Foo-7B is an open-source model"), "this
model", "our model", "we open-source/release ...", or a description fragment the card opens with ("A
free and open source Stable Diffusion model ..."). Each "open source" is read by its grammatical role:
what it modifies ("open-source NLP framework", "open-source dataset") or what it is said of ("the
project is open source"), and who says it.

A line continuing the sentence of the line before reads its subject there; a table row speaks of the model its
first cell names (`claims_table`); a property label ("**Open source**: the model weights are ...") of the release.

Not claims: text in code blocks, BibTeX entries, HTML comments and link targets (URL slugs such as
`/research/open-source/`); toolkits, libraries, code, datasets, corpora, communities and the field
("a lack of open-source Chinese models"); other models (comparisons, the base model this one was
fine-tuned from, "Stable Diffusion is an open source ..." in a fine-tune's card); negations ("is not
open-source") and plans ("will be open sourcing"); e-mail addresses; a model named by a link to another GitHub
repository (a sibling release).
"""

from __future__ import annotations

import itertools
import re

from unveil.card import ModelCard
from unveil.licenses.claims_eu import EU_OPEN, EU_WORDS, eu_role, is_eu_context
from unveil.licenses.claims_table import TableState, cells_of, is_separator, row_claim
from unveil.licenses.claims_zh import ZH_OPEN, zh_cell_says, zh_claim
from unveil.prose import clean_line, prose_lines, strip_comments
from unveil.regex_source import fold_case
from unveil.report import Evidence

_WINDOW = 400  # characters of a sentence read on each side of an "open source"
_MAX_PER_SENTENCE = 20
# Any dash between the words (typeset cards use U+2010-2013), or the phrase in French/Spanish/Portuguese/Italian/German.
_OPEN = re.compile(r"\bopen[-\u2010-\u2013 ]?sourc(?:e|es|ed|ing)\b|" + EU_OPEN, re.I)
_SPLIT_OPEN = re.compile(r"\bopen-?\s*$", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?。])\s+(?=\S)|(?<=[a-z)\]][.!?])(?=[A-Z])")
_WORD = re.compile(r"[\w][\w.+'-]*", re.U)

# Head nouns: what "open source" is about.
_MODEL_NOUNS = {
    "model", "models", "llm", "llms", "weights", "checkpoint", "checkpoints", "version", "versions", "release",
    "variant", "variants", "embedding", "embeddings", "diffusion", "clip", "transformer", "encoder", "decoder",
    "chatbot", "assistant", "network", "networks", "system", "systems", "lora", "adapter", "lm", "lms", "plm",
    "plms", "gpt", "bert", "lmm", "lmms", "vlm", "vlms", "mllm", "mllms", "lvlm", "lvlms",
    # model kinds of image, video and speech releases ("we are open-sourcing our video VAE")
    "vae", "vaes", "autoencoder", "autoencoders", "vocoder", "vocoders", "unet", "controlnet", "gan", "gans", "dit",
    "agent", "agents",  # a released model acting as an agent ("an open-source multimodal agent")
    "family", "series", "parameters", "alternative", "reproduction", "replication",
}
_MODEL_SUFFIX = re.compile(r"(?:bert|gpt|llms?|plms?|lmms?|vlms?|clip|diffusion|t5|bart|whisper|llama|net|vae)s?$",
                           re.I)
_OTHER_NOUNS = {
    "community", "communities", "software", "tool", "tools", "toolkit", "toolkits", "library", "libraries",
    "framework", "frameworks", "code", "codes", "codebase", "implementation", "implementations", "project",
    "projects", "dataset", "datasets", "data", "corpus", "corpora", "database", "databases", "benchmark",
    "benchmarks", "repository", "repositories", "repo", "repos", "package", "packages", "platform", "platforms",
    "content", "research", "study", "studies", "ecosystem", "contributors", "developers", "science", "license",
    "licenses", "licensed", "conduct", "recreation", "scripts", "script", "inference", "task", "tasks",
    "initiatives", "alternatives", "movement", "world", "way", "spirit", "program", "programs", "app", "apps",
    "application", "applications", "engine", "pipeline", "pipelines", "demo", "paper", "papers", "work",
    "efforts", "collection", "resources", "resource", "hardware", "stack", "solutions", "solution", "news",
    "metadata", "annotations", "annotation",
    "otherrelease",
}
# An "open source" said of a release by an initiative or effort of its authors ("LLM360 is an initiative
# for ... fully open-sourced LLMs") still presents the release: these heads defer to the next noun.
_SELF_NOUNS = {"project", "initiative", "effort", "system", "work", "framework"}
_SKIP_WORDS = {"and", "or", "&", "a", "an", "the", "of", "for", "fully", "completely", "truly", "free",
               "high-performing", "state-of-the-art"}

_NEGATION = re.compile(r"\b(?:not|never|no|non|nor|without|\w+n't|lack(?:s|ing)?|"
                       r"neither|instead of|rather than)\b(?:\W+\w+){0,3}?\W*$", re.I)
# Lower-case modals only: "Philip May" is a name, not a plan.
_PLAN = re.compile(r"\b(?:[Ww]ill|plan(?:s|ning)? to|going to|intend(?:s)? to|hope to|would|soon|future|later|"
                   r"to (?:build|create|develop|train|make|produce)|"
                   r"aim(?:s)? to|could|should|may|might|must)\b(?:\W+\w+){0,4}?\W*$")
# Comparisons and statements about other models or the field.
_COMPARE_BEFORE = re.compile(
    r"\b(?:than|outperform\w*|beat\w*|compar\w*|surpass\w*|rival\w*|competitive|versus|vs\.?|other|others|"
    r"existing|available|many|most|several|some|all|any|popular|previous|prior|similar|alternatives?|"
    r"counterparts?|among|against|between|like|such as|including|few|various|numerous|top|leading|best)\b"
    r"(?:\W+[\w-]+){0,4}?\W*$",
    re.I,
)
_COMPARE_ANYWHERE = re.compile(r"\b(?:outperform\w*|than|compared (?:to|with)|comparable to|on par with|"
                               r"competitive with|versus|vs\.?|benchmark(?:ed)? against)\b", re.I)
_SELF_SUPERLATIVE = re.compile(r"\b(?:the|our|its)\s+(?:\w+\s+){0,2}?(?:first|only|strongest|largest|best|"
                               r"best-performing|most capable|most powerful|biggest|leading)\b(?:\W+[\w-]+){0,3}?\W*$",
                               re.I)
# The base model of a fine-tune: "fine-tuned from X, an open-source model".
_BASE = re.compile(r"\b(?:fine-?tuned?|finetuned|trained|built|based|derived|distilled|initiali[sz]ed|"
                   r"adapted|started|starting|version of|copy of|merge of|on top of)\b", re.I)
_COPULA = re.compile(r"\b(?:is|are|was|were|has been|have been|had been|be|been|remains|stays|becomes)\b",
                     re.I)
_SELF_SUBJECT = re.compile(r"^\W*(?:this|these|our|the (?:model|models|weights|checkpoints?|release)|it|we|"
                           r"here)\b", re.I)
_SELF_WORDS = re.compile(r"\b(?:we|our|us|this|these|its|it is|it's|here)\b", re.I)
_ACTOR = re.compile(r"\b(?:we|i|our team|the team|they)\s+(?:\w+\s+){0,2}?$", re.I)
_CONTINUES = re.compile(r"^\s*[^\s#>|*+\-\d]")
_CITE_LINE = re.compile(r"^\W*(?:cite as|citation|citing|please cite|reference)\b", re.I)
# A short list ending in this release's model or weights, each item a word or two ("code, data, model and ...",
# "code and weights"); not a clause ("a library, so researchers can use a model") nor other models ("premium models").
_LIST_MODEL = re.compile(r"^(?:\s*,\s*(?:[\w-]+\s+)?[\w-]+)*\s*(?:,\s*(?:and\s+)?|and\s+|&\s*|/\s*)(?:the\s+|our\s+)?"
                         r"(?:[\w-]+\s+)?(?:model|weights|checkpoint|checkpoints)\b(?!\s+(?:card|cards|hub|zoo))", re.I)
_MADE = re.compile(r"\b(?:we|i|our team|the team)\s+(?:\w+\s+){0,2}?(?:made|make|making)\s+"
                   r"(?P<obj>[^,;:.]{1,120}?)\s*$", re.I)
_SIZE = re.compile(r"\d+(?:\.\d+)?[bmkt]?|x?\d+x\d+[bmkt]?")
# What may stand before a line's first words without being one: list markers, emoji, a date ("[Mar 28, 2023]",
# "2024/05/29:"), so that "- 🚀 Open-sourced the Chinese LLaMA" opens its line.
_LEAD = re.compile(r"^[\W_]*(?:\d{1,2}[.)]\s+[\W_]*)?(?:\[[xX]\][\W_]*)?"
                   r"(?:(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+"
                   r"\d{1,2},?\s+\d{4}|\d{4}[./-]\d{1,2}(?:[./-]\d{1,2})?|\d{1,2}/\d{1,2}/\d{4})[\W_]*)?$", re.I)
# Headings under which every line is a plan, not a statement about the release as it is.
_PLAN_HEADING = re.compile(r"\b(?:plans?|roadmap|to-?do|future\s+work|upcoming|coming\s+soon|next\s+steps)\b", re.I)
# "Name: a/an/the ..." — the name, then what it is (a title or a heading).
_APPOSITIVE = re.compile(r"^[\W_]*([^:：\n]{2,40}?)\s*[:：]\s*(?:an?|the)\s[^:：]*$", re.I)
# "Name, an/the ...": a sentence opening with the release's name in apposition ("AcmeAgent-1.5, an open-source ...").
_APPOSITIVE_COMMA = re.compile(r"^[\W_]*([^,:：\n]{2,40}?)\s*,\s*(?:an?|the)\s+(?:[\w-]+\s+){0,3}$", re.I)
# "We release X, a/an/the ... <phrase>": X, named just before, is what the phrase describes.
_RELEASED_AS = re.compile(r"\b(?:we|i)\s+(?:\w+\s+)?(?:release[ds]?|releasing|present(?:s|ed)?|introduc(?:e|es|ed|ing)|"
                          r"launch(?:es|ed)?|announc(?:e|es|ed))\s+(?P<name>[^,;:]{1,60}?),\s+(?:an?|the)\s+"
                          r"(?:[\w-]+\s+){0,3}?$", re.I)
_MODEL_NOUN_WORD = re.compile(r"(?:model|models|llm|llms|weights|checkpoints?|versions?|family|series)", re.I)
_RELATIVE = re.compile(r"(?P<antecedent>[^,;:]{1,80}),\s+(?:which|that)\b[^;:]*$", re.I)
_UNCHECKED = re.compile(r"^\s*(?:[-*+]\s+)?\[ \]")
_CHECKED = re.compile(r"^\s*(?:[-*+]\s+)?\[[xX]\]")
_TITLE = re.compile(r"^\s*(?:#\s|<h[1-3]\b)", re.I)
# An e-mail address ("open-source@acme.ai") names a mailbox, not the release.
_EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")
# A link to another GitHub repository: what its text names is another release ("We have open-sourced the speech
# model [AcmeLM-Voice](https://github.com/acme/AcmeLM-Voice)" in AcmeLM's card).
_REPO_LINK = re.compile(r"\[([^\[\]\n]{1,80})\]\((?:https?://)?(?:www\.)?github\.com/[\w.-]{1,100}/([\w.-]{1,100})[^()\s]*\)",
                        re.I)
# A feature list's label, then what it means: "* **Open-Source and Cross-Platform**: the model weights are ...".
_LABEL = re.compile(r"^[\W_]*(?P<label>[^:：]{1,60}?)[*_]*\s*[:：]\s*(?P<body>\S.*)$")
_OTHER_RELEASE = "otherrelease"
_REPORT_NOUNS = {"report", "reports", "documentation", "docs", "paper", "papers", "blog", "manuscript", "survey"}
_CODE_SPAN = re.compile(r"`([^`\n]{1,40})`")  # what such a link's text becomes: a head noun that is not this release
# A line continuing the sentence of the line before: it opens in lower case ("ChatGLM3-6B\nis the open-source ...").
_CONTINUATION = re.compile(r"^\s*[a-z]")
_ENDS_SENTENCE = re.compile(r"(?:[.!?:;。！？：；|>]|\*\*)\s*$")
_DETERMINERS = {"a", "an", "the", "our", "this", "first", "free", "and", "fully", "completely", "new", "truly"}


def model_names(card: ModelCard, source_id: str | None) -> list[str]:
    """Names this release goes by (squashed): repo name, its organisation, and the card's first heading."""
    names: list[str] = []
    if source_id:
        tail = re.split(r"[/:]|__", source_id.split("@")[0])
        names += [t for t in tail[-2:] if t]
    for key in ("model_name", "model-index"):
        val = card.metadata.get(key)
        if isinstance(val, str):
            names.append(val)
    m = re.search(r"^#\s+(.+)$", card.body, re.M)
    if m:
        heading = re.sub(r"[*_`]|model card:?", "", m.group(1), flags=re.I).strip()
        names.append(heading.split(" ")[0] if " " in heading else heading)
    out = []
    for n in names:
        key = _squash(n)
        if len(key) >= 3 and key not in out and key not in {"model", "models", "readme"}:
            out.append(key)
        # The family part before a size/variant suffix ("gpt-neox-20b" -> "gptneox").
        stem = _squash(re.split(r"[-_ ](?:\d+(?:\.\d+)?[bmk]|v\d|base|instruct|chat)\b", n, flags=re.I)[0])
        if len(stem) >= 4 and stem not in out:
            out.append(stem)
    return out


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _names_in(text: str, names: list[str], short_form: bool = False) -> bool:
    """A name of the release in `text`; with `short_form`, `text` may be a shorter form of a name
    ("SkyText" for SkyTextTiny)."""
    key = _squash(text)
    if not key:
        return False
    if any(n in key or (short_form and len(key) >= 5 and n.startswith(key) and len(key) >= 0.6 * len(n))
           for n in names if len(n) >= 4):
        return True
    # A short name ("Yi", "T5", "OPT") only as a word of its own: as a substring it is in too many words.
    short = [n for n in names if 2 <= len(n) < 4]
    return bool(short) and any(w in short for w in re.findall(r"[a-z0-9]+", text.lower()))


def _head(post: str, names: list[str]) -> str:
    """What the "open source" modifies: 'model', 'other' or '' (nothing recognisable within six words)."""
    return _head_word(post, names)[0]


def _head_word(post: str, names: list[str]) -> tuple[str, str]:
    """(kind, word) of the noun the "open source" modifies."""
    sizes = 0
    for i, m in enumerate(_WORD.finditer(post)):
        if i >= 7 + sizes:
            break
        word = m.group(0).strip(".'-").lower()
        if _SIZE.fullmatch(word):
            sizes += 1  # "we open-source 1.5B, 7B and 70B checkpoints": the sizes do not end the phrase
            continue
        if word in _SKIP_WORDS or re.fullmatch(r"open[- ]?\w*", word):
            continue
        if word in _OTHER_NOUNS:
            # a list the phrase is said of ("the open-sourced code, data, model and ..."): the model among them
            if _LIST_MODEL.match(post[m.end():m.end() + 80]):
                return "model", word
            # a noun modifying a model noun ("an open-source code language model", "open-source code LLM")
            compound = re.match(r"^\s+(?:[a-z-]+\s+)?([\w-]+)", post[m.end():m.end() + 60])
            if compound and (compound.group(1).lower() in _MODEL_NOUNS or _MODEL_SUFFIX.search(compound.group(1))):
                return "model", compound.group(1).lower()
            return "other", word
        if word in _MODEL_NOUNS or _MODEL_SUFFIX.search(word) or _names_in(word, names):
            named = re.match(r"^[\s,:]+([\w-]+)", post[m.end():m.end() + 40])
            if named and named.group(1).lower() == _OTHER_RELEASE:
                return "other", _OTHER_RELEASE  # "the open-source speech model [AcmeLM-Voice](other repo)"
            nxt = re.match(r"^\s+([\w-]+)", post[m.end():])
            if nxt and nxt.group(1).lower() in _MODEL_NOUNS:
                return "model", nxt.group(1).lower()  # a compound's last noun is its head ("LLM models")
            if nxt and nxt.group(1).lower() in _OTHER_NOUNS:
                return "other", nxt.group(1).lower()  # "an open-source LLM toolkit", "agent framework"
            return "model", word
        if post[: m.start()].rstrip().endswith((",", ";", ":", "(")) and i > sizes and not (
                post[: m.start()].rstrip().endswith("(") and post[m.end():m.end() + 1] == ")"):
            break  # (not at a parenthesised abbreviation: "an open-source Mixture-of-Experts (MoE) code model")
    return "", ""


def _subject(pre: str) -> str | None:
    """The subject of 'SUBJ is/are ... open source ...' (None when the phrase has no copula before it)."""
    copulas = list(_COPULA.finditer(pre))
    if not copulas:
        return None
    if len(re.findall(r"[\w'-]+", pre[copulas[-1].end():])) > 6:
        return None  # "the model being misled ... due to the open-source model": the phrase is not its predicate
    subject = pre[: copulas[-1].start()]
    # The clause the copula belongs to: after the last comma, "which"/"that", or a colon.
    cut = max(subject.rfind(","), subject.rfind(";"), subject.rfind(":"), subject.rfind(" which"),
              subject.rfind(" that"))
    clause = subject[cut + 1 :] if cut >= 0 else subject
    # "X v1.1, which improves quality and length, and is fully open source": the relative clause's subject is
    # what "which" refers to, the words before it.
    rel = _RELATIVE.search(subject)
    if rel and re.fullmatch(r"\W*(?:and|but|also|and also)?\W*", clause, re.I):
        return rel.group("antecedent")
    return clause


def _is_self_subject(subject: str, names: list[str], heading: bool) -> bool:
    s = subject.strip(" *_#>-")
    if not s:
        return heading
    if re.search(r"\b(?:all|every|any|many|most|other|some|no)\b", s, re.I):
        return False
    if _SELF_SUBJECT.match(s) or _names_in(s, names, short_form=True):
        return True
    return heading and len(s.split()) <= 6  # the card's title: "# Openjourney is an open source ..."


def _role(sentence: str, m: re.Match[str], names: list[str], heading: bool, citation: bool,
          opener: bool = False) -> bool:
    """Whether this "open source" in `sentence` presents the release as open source."""
    # Bounded windows: a hostile line of thousands of "open source" must not cost quadratic time.
    pre, post = sentence[max(0, m.start() - _WINDOW) : m.start()], sentence[m.end() : m.end() + _WINDOW]
    if _NEGATION.search(pre) or _PLAN.search(pre):
        return False
    if is_eu_context(pre, m.group(0)):
        return eu_role(pre, post, lambda text: _names_in(text, names, short_form=True), heading)
    verb = m.group(0).lower().endswith(("sourced", "sourcing", "sources"))
    made = _MADE.search(pre)
    if made and re.match(r"^\W*(?:\.|,|;|$|for\b|to\b|under\b|and\b|in\b|on\b)", post):
        obj = made.group("obj")  # "we have made DeepSeek LLM 7B/67B Base and Chat open source for ..."
        words = [w.lower() for w in re.findall(r"[\w-]+", obj)]
        if any(w in _OTHER_NOUNS or w in _REPORT_NOUNS for w in words) and not any(w in _MODEL_NOUNS for w in words):
            return False  # "we have made our technical report available as open source"
        return bool(_names_in(obj, names, short_form=True) or re.match(r"^\W*(?:it|them|this|these|our)\b", obj, re.I)
                    or any(w in _MODEL_NOUNS for w in words))
    if verb and (_LEAD.match(pre) or re.search(r"\b(?:it|this (?:project|repo|repository|release))\s*$", pre, re.I)
                 or _named_label(pre, names)):
        # A line opening with the verb ("Open-sourced the Chinese LLaMA and Alpaca", a news item "Open-sourcing X"):
        # its unsaid subject is the authors, as in "we open-source ...".
        return _head(post, names) == "model" or bool(re.match(r"^\W*(?:it|them)\b", post, re.I))
    # "X has been open-sourced (by ...)", "... and open-sourced by T-Systems": said of the subject.
    subject = _subject(pre)
    passive = re.match(r"^\s*(?:by|on|at|in|under|via|through|to|and|,|\.|$)", post) or subject is not None
    # (a participle only: "through open-sourcing and collaboration" names an activity, not what was open-sourced)
    if verb and m.group(0).lower().endswith("sourced") and not _ACTOR.search(pre) and passive:
        subject = pre if subject is None else subject
        head = _head(" ".join(re.findall(r"[\w.'-]+", subject)[-1:]), names) if subject.strip() else ""
        return head != "other" and _is_self_subject(subject, names, heading)
    # "we open-source our pretrained model": who does it and to what.
    if (verb or re.search(r"\b(?:we|i)\s+(?:\w+\s+){0,2}?$", pre, re.I)) and _ACTOR.search(pre):
        if not verb and _COMPARE_BEFORE.search(pre) and not _SELF_SUPERLATIVE.search(pre):
            return False  # "we compared multiple open-source models"
        # "we open-source our model"; "we are open-sourcing it" (the card's subject)
        return _head(post, names) == "model" or bool(re.match(r"^\W*(?:it|them)\b", post, re.I))
    head, head_word = _head_word(post, names)
    if head == "" and subject is not None and re.match(r"^\W*(?:[.,;!)]|and\b|$)", post):
        # Predicative: "The project is open source."; "It is fully open source."
        tail = re.findall(r"[\w'-]+", subject)
        noun = tail[-1].lower() if tail else ""
        if noun in _OTHER_NOUNS:
            return False
        return _is_self_subject(subject, names, heading) and (noun in _MODEL_NOUNS or noun in {"it", "this"}
                                                              or _names_in(subject, names))
    after = pre[pre.rfind(subject) + len(subject):] if subject is not None else ""  # the copula and what follows it
    if head == "other" and subject is not None and re.match(r"^\W*\w+\W+(?:an?|the)\b", after + " ", re.I):
        # "SkyText is an open source project of ...": the release itself, named as a project or system.
        nxt = _WORD.search(post)
        if nxt and nxt.group(0).lower().strip(".'-") in _SELF_NOUNS and (
                _names_in(subject, names, short_form=True) or re.fullmatch(r"\W*(?:this|it)\W*", subject, re.I)):
            return True
    released = _RELEASED_AS.search(pre)
    if released and (head == "model" or head_word in _SELF_NOUNS) and _names_in(released.group("name"), names,
                                                                                 short_form=True):
        return True  # "We release **Open-Sora 1.0**, a fully open-source project for video generation"
    if head != "model":
        return False
    plural = head_word.endswith("s") and head_word not in {"weights", "parameters", "series"}
    if re.search(r"\b(?:itself|themselves)\s+as\s+(?:the|a|an)\s+(?:[\w-]+\s+){0,3}$", pre, re.I):
        return True  # "..., establishing itself as the best open-source math model": said of the release
    if _COMPARE_BEFORE.search(pre) and not _SELF_SUPERLATIVE.search(pre):
        return False
    if _COMPARE_ANYWHERE.search(pre):
        return False
    base = _BASE.search(pre[-80:])
    if base and not _SELF_SUBJECT.match(pre) and not _names_in(pre[-80:][base.end():], names):
        return False  # the base model, described where the card says what it was built from
    attributive = re.split(r"[.,;:!?()]|\s(?:and|or|to|with|for|in|on|that|which)\s", post, maxsplit=1)[0]
    if any(_names_in(w, names) for w in re.findall(r"[\w.+'-]+", attributive)[:3]):
        return True  # "the open-source GLM-4-9B model": the phrase names this release
    if subject is not None:
        return _is_self_subject(subject, names, heading)
    app = _APPOSITIVE.match(pre) or _APPOSITIVE_COMMA.match(pre)
    if app and _names_in(app.group(1), names, short_form=True):
        return True  # "GPT4All: an ecosystem of open-source large language models" (the name, then what it is)
    if citation:
        return _names_in(sentence, names)
    words = re.findall(r"\w[\w'-]*", pre)
    if plural and not words and not heading and len(re.findall(r"\w[\w'-]*", sentence)) <= 6:
        # a bare label: a comparison table's group row "| **Open-Source Models** |", "Open-source models 1B~3B"
        return False
    if heading or _LEAD.match(pre) or all(w.lower() in _DETERMINERS for w in words) and len(words) <= 4:
        return True  # the card's title, or the description it opens with ("The first open source ...")
    if opener and len(words) <= 5 and not _COPULA.search(pre) and not _SELF_WORDS.search(pre):
        return True  # a subtitle under the title: "State-of-the-art bilingual open-sourced math LLMs."
    if plural and re.search(r"\b(?:series|family|suite|collection|line)\s+of\s+(?:the\s+)?$", pre, re.I) and (
            re.search(r"\b(?:we|our)\b", pre, re.I) or _names_in(pre, names)):
        return True  # "We released the GLM-4-9B series of open source models"
    # Plural: "our open-source models", "we release open-source models"; not "we designed ... to assess open-source
    # LLM models" (others, or the field).
    if plural and not re.search(r"\b(?:our|these|its)\s+(?:[\w-]+\s+){0,2}?$|\bwe\s+(?:\w+\s+)?(?:release|present|"
                                r"introduce|provide|share|open|publish|offer)\w*\s+(?:[\w-]+\s+){0,3}?$", pre, re.I):
        return False
    return bool(_SELF_WORDS.search(pre) or _names_in(pre, names))


def _may_claim(text: str) -> bool:
    """False when no line of `text` can hold a claim (then its lines need not be read)."""
    # An English claim holds "open" (no other character folds to o, p, e or n), a Chinese or Korean one a
    # ZH_OPEN word, and only a comment removed from the text can join one: most cards are ruled out here.
    lowered = text.lower()
    if "<!--" not in text and "open" not in lowered and not any(k in lowered for k in EU_WORDS) and (
            text.isascii() or not ZH_OPEN.search(text)):
        return False
    # A claim is read only on a prose line _OPEN matches (it holds "open" and "sourc", as `re.I` folds them) or
    # ZH_OPEN matches, and prose lines are lines of the text with its comments removed: a card whose uncommented
    # text holds neither is ruled out too (cards with comments, or "open" only in "OpenAI", "openrail").
    uncommented = strip_comments(text)
    folded = fold_case(uncommented)
    return (("open" in folded and "sourc" in folded) or any(k in folded for k in EU_WORDS)
            or (not uncommented.isascii() and bool(ZH_OPEN.search(uncommented))))


def claims_in_text(text: str, path: str | None, names: list[str], start_line: int = 1,
                   rule: str = "LIC210") -> list[Evidence]:
    """Every sentence of a card's prose that presents the release as open source (one per line)."""
    claims: list[Evidence] = []
    if not _may_claim(text):
        return claims
    first_heading = True
    planned = False  # under a "Plan"/"Roadmap"/"TODO" heading
    table = TableState()
    since_title = -1  # lines with words read since the title (a subtitle opens the card within the first few)
    lines = list(prose_lines(text, start_line))
    for i, (no, raw) in enumerate(lines):
        # The card's title: its first "# " heading, or an HTML <h1>-<h3> standing before it.
        is_title = bool(_TITLE.match(raw))
        heading = is_title and first_heading
        if heading:
            since_title = 0
        elif since_title >= 0 and re.search(r"[^\W\d_]", clean_line(raw)):
            since_title = since_title + 1 if not raw.lstrip().startswith("#") else 99
        opener = 0 < since_title <= 3
        if raw.lstrip().startswith("# "):
            first_heading = False
        if raw.lstrip().startswith("#"):
            planned = bool(_PLAN_HEADING.search(raw))
        if _UNCHECKED.match(raw) or (planned and not _CHECKED.match(raw)):
            continue  # a plan; a ticked box under "Plan" is done
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if "|" in raw or "<t" in raw.lower():
            row = _table_row(raw, nxt[1] if nxt and nxt[0] == no + 1 else None, names, table)
            if row is not None:
                if row:
                    claims.append(Evidence(path=path, line=no, text=row.strip(" #*")[:400], rule=rule))
                continue
        table = TableState() if table.rows else table
        split = bool(nxt and nxt[0] == no + 1 and raw.rstrip()[-5:].lower().endswith(("open", "open-"))
                     and _SPLIT_OPEN.search(raw) and nxt[1].lstrip()[:5].lower() == "sourc")
        if split and nxt:
            raw = f"{raw.rstrip()} {nxt[1].strip()}"  # "open" at the end of a wrapped line, "source" on the next
        if not _OPEN.search(raw):
            if ZH_OPEN.search(raw):  # written in Chinese, Korean or Japanese: the same principle, its own grammar
                clause = zh_claim(raw, names, _squash)
                if clause:
                    claims.append(Evidence(path=path, line=no, text=clause, rule=rule))
            continue
        if not split and nxt and nxt[0] == no + 1 and not re.search(r"[.!?:]\W*$", raw) and _CONTINUES.match(nxt[1]):
            raw = f"{raw.rstrip()} {nxt[1].strip()}"  # a sentence (or link text) wrapped onto the next line
        # A line continuing the sentence of the line before ("ChatGLM3-6B" / "is the open-source model in ..."): the
        # subject is read there, but only this line's phrases are this line's claims.
        prev = lines[i - 1] if i > 0 and lines[i - 1][0] == no - 1 else None
        lead = ""
        if prev and _CONTINUATION.match(raw) and prev[1].strip() and not _ENDS_SENTENCE.search(prev[1]) \
                and not re.match(r"^\s*(?:#|\||<|>|```)", prev[1]):
            lead = _clean(prev[1], names)
        line = _clean(raw, names)
        if lead:
            line = f"{lead} {line}"
        claim = _line_claim(line, len(lead) + 1 if lead else 0, names, heading and not lead, opener and not lead)
        if claim:
            claims.append(Evidence(path=path, line=no, text=claim.strip(" #*")[:400], rule=rule))
    return claims


def _clean(raw: str, names: list[str]) -> str:
    """A prose line as the reader reads it: links to other repositories named as other releases, then link
    targets, URLs, inline code, HTML and e-mail addresses removed."""
    if "github.com/" in raw.lower():
        raw = _REPO_LINK.sub(lambda m: m.group(0) if _squash(m.group(2)) in names or _squash(m.group(1)) in names
                             else _OTHER_RELEASE, raw)
    if "`" in raw:  # a code span holding the release's name ("**`AcmeVL`** is a family of ...") is the name
        raw = _CODE_SPAN.sub(lambda m: m.group(1) if _names_in(m.group(1), names) else m.group(0), raw)
    line = clean_line(raw)
    if "@" in line:
        line = _EMAIL.sub(" ", line)
    return line.strip()


def _line_claim(line: str, start_at: int, names: list[str], heading: bool, opener: bool = False) -> str | None:
    """The sentence of `line` presenting the release as open source, reading only phrases from `start_at` on."""
    citation = bool(_CITE_LINE.match(line))
    label = _label_claim(line, names) if not start_at else None
    if label is not None:
        return line if label else None
    pos = 0
    for sentence in _SENTENCE_END.split(line):
        begin = line.find(sentence, pos)
        pos = begin + len(sentence)
        if pos <= start_at:
            continue
        matches = (m for m in itertools.islice(_OPEN.finditer(sentence), _MAX_PER_SENTENCE)
                   if begin + m.start() >= start_at)
        if any(_role(sentence, m, names, heading, citation, opener) for m in matches):
            return sentence
    return None


def _named_label(pre: str, names: list[str]) -> bool:
    """Whether `pre` is only a label naming the release ("- **AcmeLM Model**: "), so that the verb after it
    ("Open-sourcing of 7B and 13B versions") is said by its authors."""
    m = re.match(r"^[\W_]*(?P<label>[^:：]{1,60}?)[*_]*\s*[:：]\s*$", pre)
    if not m:
        return False
    words = [w.lower() for w in re.findall(r"[\w-]+", m.group("label"))]
    return bool(words) and (_names_in(m.group("label"), names, short_form=True)
                            and all(w in _MODEL_NOUNS or _names_in(w, names, short_form=True) for w in words))


def _label_claim(line: str, names: list[str]) -> bool | None:
    """A property label of the release ("**Open-Source and Cross-Platform**: All code and model weights are
    public"): the label is the bare property (no noun of its own) and what follows speaks of the model or names it.
    None when the line is no such label (then its sentences are read)."""
    m = _LABEL.match(line)
    if not m:
        return None
    label, body = m.group("label"), m.group("body")
    phrase = _OPEN.search(label)
    if phrase is None or label[: phrase.start()].strip(" *_") or _head(label[phrase.end():], names):
        return None  # not a bare property ("Open-source code", "Our open-source tools")
    if re.fullmatch(r"\W*(?:yes|true|✓|✔️?|✅)\W*", body, re.I):
        return True  # "- Open source: yes"
    body_words = {w.lower() for w in re.findall(r"[\w-]+", body[:200])}
    if not (body_words & {"weights", "model", "models", "checkpoints", "checkpoint"} or _names_in(body[:200], names)):
        return False
    return not re.search(r"\b(?:not|no|never|without|will|plan(?:s|ned)?|soon|later|upcoming)\b", body[:120], re.I)


def _table_row(raw: str, next_raw: str | None, names: list[str], state: TableState) -> str | None:
    """For a table row: the cell presenting the release as open source, or "" (a row, no claim); None for a line
    that is not a table row."""
    parsed = cells_of(raw)
    if parsed is None:
        return None
    cells, header = parsed
    if not (state.rows or _OPEN.search(raw) or ZH_OPEN.search(raw)):
        return None  # a row of a table no open-source phrase is in: read as prose (nothing to find)
    cells = [_clean(c, names) for c in cells]
    found = row_claim(cells, header or is_separator(next_raw), state,
                      has_phrase=lambda c: bool(_OPEN.search(c) or ZH_OPEN.search(c)),
                      is_name=lambda c: _names_in(c, names, short_form=True),
                      cell_says=lambda c: _cell_says(c, names))
    return found or ""


def _cell_says(cell: str, names: list[str]) -> bool:
    """A cell of the release's own row says it is open source ("Open source", "开源", "an open-source LLM")."""
    if re.search(r"\b(?:closed|not|no|non|partially)\b|[✗✘❌×]", cell, re.I):
        return False
    m = _OPEN.search(cell)
    if m is None:
        return zh_cell_says(cell)
    pre, post = cell[: m.start()], cell[m.end():]
    if _PLAN.search(pre) or _COMPARE_BEFORE.search(pre) and not _SELF_SUPERLATIVE.search(pre):
        return False
    return _head(post, names) != "other"


def find_claims(card: ModelCard, source_id: str | None = None) -> list[Evidence]:
    if not _may_claim(card.text):
        return []  # the release's names are not worked out for a card that cannot hold a claim
    return claims_in_text(card.text, card.path, model_names(card, source_id), card.body_start_line)
