"""Sentences that are not disclosures, whatever words they hold, and matches inside URLs."""

from __future__ import annotations

import re

from unveil.documentation.topic_rules.types import rx
from unveil.documentation.topic_rules.vocabulary import FILTER_VERB

# -- sentences that are not disclosures, whatever words they hold ---------------------------------
# Classes of text that real cards carry and keyword rules misread: what the model is *for* (a use case
# such as "semantic search and deduplication"), the task or labels it predicts ("a tweet contains hate
# speech if it has a racist sentiment", an NSFW classifier), a license clause ("you agree not to use the
# model to discriminate"), a prompt's tag list ("lowres, bad anatomy, low_quality, ..."). URLs are
# handled apart (`in_url`).
_USE_CASE = rx(
    r"\b(?:can|could|may|might)\s+(?:also\s+)?(?:directly\s+)?be\s+(?:directly\s+)?(?:used|applied|employed)"
    r"\s+(?:for|to|as|in|on|with|without|directly|out\s+of\s+the\s+box)\b|\buse[- ]cases?\b"
    r"|\bintended\s+(?:for|to)\b|\bintended\s+uses?\b|\buseful\s+(?:for|in)\b|\byou\s+can\s+use\b"
    r"|\b(?:is|are)\s+(?:[\w-]+\s+){0,2}?(?:meant|designed|aimed|suited|intended)\s+(?:for|to|at)\b"
    r"|\b(?:use|apply)\s+(?:it|this\s+model|the\s+model)\s+(?:for|to)\b|\bapplications?\s+(?:such\s+as|like|include)\b"
)
_LIMIT_CUE = rx(
    r"\b(?:not|cannot|can't|limited|limitations?|however|bias\w*|errors?|fail\w*|poor\w*|unreliable"
    r"|inaccura\w*|struggle\w*|risks?|harm\w*|caution|careful\w*)\b"
)
# Under a heading shared with intended use ("Intended uses & limitations") a sentence states a limitation
# only with a word that limits or says where the model does best: a modal ("can", "should") alone is how
# usage statements are written there ("It can be used on raw input", "You should pass lower-cased text").
_LIMIT_STATED = rx(
    r"\b(?:not|no|never|cannot|can't|won't|doesn't|don't|isn't|aren't|limited|limitations?|only|lacks?|lacking"
    r"|bias\w*|errors?|fail\w*|poor\w*|unreliable|inaccura\w*|struggle\w*|risks?|harm\w*|caution|careful\w*"
    r"|worse|weak\w*|degrad\w*|unable|restricted|out[- ]of[- ](?:domain|scope|distribution)|hallucinat\w*"
    r"|wrong|incorrect|mistakes?|noisy|offensive|toxic\w*|prone|problematic|hate\w*|inappropriate|unsafe)\b"
    # where the model does best, which says it does worse elsewhere ("intended for and best at program synthesis")
    r"|\bbest\s+(?:at|on|with|for|when|if)\b|\b(?:works?|performs?)\s+(?:the\s+)?best\b"
    r"|\b(?:performance|results?|accuracy|quality)\s+(?:\w+\s+){0,2}?(?:better|higher)\b"
)
# Under a heading shared with limitations ("Limitations and bias") a sentence is about bias only when it names
# people, groups or harm to them: "may not generalise to dialects or other domains" is a domain limit there.
_BIAS_STATED = rx(
    r"\b(?:problematic|harmful|offensive|toxic\w*|inappropriate|unsafe|hateful|objectionable|abusive|stereotyp\w*"
    r"|groups?|people|identity|identities|disparit\w*|women|men|gender\w*|ethnic\w*|rac(?:e|es|ial|ism|ist)"
    r"|female\w*|males?|religio\w*|minorit\w*|discriminat\w*|unfair\w*|social|societal)\b|有害|不当"
)
SHARED_HEADING_REQUIRE = {"limitations": _LIMIT_STATED, "bias": _BIAS_STATED}
# What the model does well, under a limitations heading ("converges faster and better on small datasets"), with
# no word that limits: a strength, not a limitation.
_STRENGTH = rx(r"\b(?:faster|better|improv\w*|stronger|robust\w*|good|great|excellent|outperform\w*"
               r"|state-of-the-art|efficient\w*|accurate\w*|converge\w*)\b")
_WEAKER = rx(r"\b(?:lower|less\s+(?:well|accurate|reliable|robust|effective)|drops?|decreas\w*|sensitive|depend\w*"
             r"|slower|disadvantages?|drawbacks?|downsides?|weakness\w*|shortcomings?|costs?|overhead|but|although"
             r"|though|whereas)\b"
             # better on one kind of input than on another: worse on the other ("works better on X than on Y")
             r"|\bbetter\s+(?:on|with|for|at|in|when)\b[^.;\n]{1,80}?(?<!less\s)(?<!more\s)(?<!fewer\s)(?<!rather\s)\bthan\b")
# A sentence about bias alone ("potential relevant factors include bias (gender, race)") under "Limitations and
# bias" is the bias topic's; it states a limitation only with a limiting word besides the bias nouns and the
# words that qualify them ("may include disturbing and harmful stereotypes", "may contain biases": a modal that
# says the model has bias is still a statement about bias alone). What the model does wrong is still a limitation
# ("the model can make biased predictions": "biased" is kept, and limits).
_BIAS_TOPIC = rx(r"\bbias(?:es)?\b|\bstereotyp\w*|\bfairness\b|\bdiscriminat\w*")  # not "biased to negate"
_BIAS_WORDS = rx(r"\b(?:(?:disturbing|harmful|offensive|problematic|potential|societal|social|historical|current|unfair"
                 r"|inherent|undesirable|and|or|,)\s*)*(?:bias(?:es)?\b|stereotyp\w*|fairness|discriminat\w*)")
_HARM = rx(r"\b(?:problematic|hate\w*|adult|explicit|unsafe|inappropriate)\b")
# Thanks and attribution ("make sure to cite the dataset's authors"): never a limitation, whatever "not" it holds.
_ATTRIBUTION = rx(r"\b(?:cite|citing|citation|credit\w*|thank\w*|grateful)\b"
                  # and where to reach the authors ("if you have questions, contact me at ...")
                  r"|\bcontact\s+(?:me|us|the\s+authors?)\b|\breach\s+out\b|\bget\s+in\s+touch\b"
                  r"|\be-?mail\s+(?:me|us)\b")
# A sentence that only sends the reader elsewhere ("Check the project repository: [link]") under a heading.
_POINTER = rx(r"^[\W_]*(?:please\s+)?(?:check(?:\s+out)?|see|refer\s+to|visit|read|look\s+at|go\s+to"
              r"|more\s+(?:details|info\w*)\s+(?:at|in|on))\b"
              # "Further details about the dataset ... can be found in the OPUS readme"
              r"|^[\W_]*(?:further|more|additional)\s+(?:details|information|info)\b[^.]{0,120}?\bcan\s+be\s+found\b")
_TASK_DEFINITION = rx(
    r"\b(?:is|are)\s+(?:labell?ed|classified|annotated|tagged|marked)\s+(?:as|with)\b"
    r"|\bif\s+(?:it|they|the\s+\w+)\s+(?:has|have|contains?|expresses|express|is|are|includes?)\b"
    r"|\blabels?\s*[:=]|\blabel(?:led|ed)?\s+(?:as|0|1)\b|\bclass\s*[:=]?\s*\d\b"
    r"|\b(?:classif(?:y|ies)|detects?|identif(?:y|ies)|predicts?|determines?)\s+(?:whether|if)\b"
    r"|\b(?:this|the|our)\s+model\s+(?:\w+\s+)?(?:classifies|detects|identifies|predicts|flags|labels|recogni[sz]es"
    r"|tags|filters)\b|\bdefined\s+as\b"
    r"|\b(?:can|could)\s+(?:be\s+used\s+to\s+)?(?:detect|classify|identify|flag|filter)\b"
)
_LICENSE_CLAUSE = rx(
    r"\b(?:licensee|licensor|you\s+agree|you\s+(?:shall|must|may)\s+not|shall\s+not|hereby|herein|thereof"
    r"|this\s+licen[cs]e|the\s+licen[cs]e\s+(?:grants?|terms|agreement)|terms\s+of\s+(?:use|service)"
    r"|warrant(?:y|ies)|liabilit\w*|indemnif\w*|openrail|rail\s+licen[cs]e)\b"
    # the use restrictions of a RAIL licence quoted as a list ("For any use intended to or which has the effect of
    # discriminating against individuals or groups ...")
    r"|\bfor\s+any\s+use\s+intended\s+to\b|\bwhich\s+has\s+the\s+effect\s+of\b|\bin\s+any\s+way\s+that\s+violates\b"
)
_LICENSE_TERMS = rx(
    r"\b(?:licensee|licensor|you\s+agree|hereby|herein|thereof|this\s+licen[cs]e|the\s+licen[cs]e\s+(?:grants?|terms"
    r"|agreement)|terms\s+of\s+(?:use|service)|indemnif\w*|openrail|rail\s+licen[cs]e)\b"
)
# Notes about the software the model runs with, not about the model: a library version that "might solve some
# issues", a tokenizer or library the model "must be used with".
_SOFTWARE_NOTE = rx(
    r"\b(?:transformers|pytorch|torch|tensorflow|jax|flax|python|cuda|diffusers|timm|onnx\w*|librar(?:y|ies)"
    r"|package)\s*(?:==|>=|<=|~=|v?\d+\.\d+)"
    r"|\b(?:older|newer|later|earlier|recent|latest|previous)\s+versions?\s+of\s+(?:the\s+|hf\s+|hugging\s?face\s+)?"
    r"(?:transformers|pytorch|torch|tensorflow|python|cuda|diffusers|librar(?:y|ies)|packages?|dependencies)\b"
    r"|\b(?:must|should|needs?\s+to|has\s+to|have\s+to)\s+be\s+(?:used|loaded|run|paired)\s+(?:together\s+)?with\s+"
    r"(?:the\s+|a\s+|its\s+)?(?:[`'\"\w./-]+\s+){0,2}?(?:tokeni[sz]er|library|package|processor|feature\s+extractor"
    r"|framework|version|config\w*|vocab\w*)\b"
)
# A skew of what a collection or a style holds, not of people: "biases towards certain types (travel)", "without the
# bias to 'disco parties'" (a style a generator leans to). With people, groups or harm in the sentence it is bias.
_SKEW = rx(r"\bbias(?:es|ed)?\s+(?:to|towards?|for)\s+(?:the\s+|a\s+)?(?:['\"‘“]|(?:certain|some|particular|specific"
           r"|one|a\s+few)\s+(?:\w+\s+)?(?:types?|kinds?|genres?|styles?|topics?|themes?|subjects?|concepts?"
           r"|categories|classes|colou?rs?|objects?|scenes?|compositions?)\b)")
# The file's size or the memory it needs ("one big limitation is that it's 1.6G", "needs 16 GB of VRAM") is a note
# on the hardware it runs on, not where the model fails; with a failure word it is one.
_RESOURCE_NOTE = rx(r"\b\d+(?:\.\d+)?\s?(?:g|gb|gib|mb|mib|tb)\b|\b(?:v?ram|gpu\s+memory|disk\s+space|file\s+size)\b")
# A cost in speed ("a small performance drawback (~5% imgs/sec)", "1-10% slower") is not where the model fails either.
_SPEED_COST = rx(r"\b(?:imgs?|images|tokens|samples|frames|it)\s*/\s*s(?:ec)?\b|\b(?:throughput|latency|slower"
                 r"|inference\s+(?:speed|time))\b")
_FAILURE = rx(r"\b(?:wrong|incorrect|errors?|fail\w*|poor\w*|worse|inaccura\w*|unreliable|struggle\w*|degrad\w*"
              r"|hallucinat\w*|bias\w*|harm\w*|toxic\w*|offensive|mistakes?|misclassif\w*|accuracy|quality)\b")
# The Hub's hosted inference widget, not the model ("the auto-inference API won't run this model, so if the input box
# above complains, don't be discouraged").
_WIDGET = rx(r"\b(?:inference\s+(?:api|widget|box)|hosted\s+inference|widget|input\s+box)\s+(?:\w+\s+){0,3}?"
             r"(?:won't|will\s+not|doesn't|does\s+not|cannot|can't|isn't|is\s+not|fails?|(?:may|might)\s+not"
             r"|(?:may|might|can|could)\s+be\s+(?:wrong|incorrect|inaccurate)|complains?|is\s+unable)\b")
_NOT_DISCLOSURE: dict[str, tuple[re.Pattern[str], ...]] = {
    "data_quality": (_USE_CASE, _TASK_DEFINITION, _LICENSE_CLAUSE),
    "data_preprocessing": (_USE_CASE, _TASK_DEFINITION, _LICENSE_CLAUSE),
    "bias": (_TASK_DEFINITION, _LICENSE_CLAUSE),
    "limitations": (_LICENSE_TERMS, _SOFTWARE_NOTE),  # "no warranty on the performance on other datasets" is a
    # limitation
}
_TAG_LIST_TOPICS = ("data_quality", "data_preprocessing", "bias", "limitations")


# The model's own task named by what it detects ("an NSFW image classification model", "toxicity
# classifier"), unless the sentence says something was filtered with it ("filtered using LAION's NSFW detector").
_TASK_NOUN = rx(r"\b(?:nsfw|nfsw|toxic\w*|hate\w*|offensive|spam|pii|sentiment|emotion|bias\w*|misogyn\w*|racis\w*"
                r"|sexis\w*)\s+(?:\w+\s+)?(?:classif\w*|detect\w*|tagg\w*|recogni\w*)"
                r"|\b(?:model|classifier|trained|fine-?tuned|built|designed)\s+(?:\w+\s+){0,6}?to\s+(?:detect|classify"
                r"|identify|flag|recogni[sz]e|predict)\b")
_FILTERED = rx(FILTER_VERB + r"|\bused\s+to\s+(?:filter|remove|exclude)")


def not_disclosure(topic: str | None, sentence: str, at: int | None = None) -> bool:
    """The sentence belongs to a class that never discloses this topic (see above). `at`: where in the sentence
    the rule matched; a use case names its task after the phrase ("can be used for search and deduplication"),
    so a use-case phrase after the match ("..., and is meant for research") does not veto it."""
    if topic is None:
        return False
    for p in _NOT_DISCLOSURE.get(topic, ()):
        m = p.search(sentence)
        if m is not None and (p is not _USE_CASE or at is None or m.start() <= at):
            return True
    if topic in ("data_quality", "data_preprocessing") and _TASK_NOUN.search(sentence) \
            and not _FILTERED.search(sentence):
        return True
    if topic == "limitations" and _POINTER.search(sentence) and not _LIMIT_STATED.search(sentence):
        return True
    if topic == "limitations" and (_WIDGET.search(sentence) or (
            (_RESOURCE_NOTE.search(sentence) or _SPEED_COST.search(sentence)) and not _FAILURE.search(sentence))):
        return True
    if topic == "bias" and _SKEW.search(sentence) and not _BIAS_STATED.search(sentence):
        return True
    if topic == "limitations" and _USE_CASE.search(sentence) and not _LIMIT_CUE.search(sentence) \
            and not _LIMIT_STATED.search(sentence):
        return True  # "You can use the raw model for ..." under "Intended uses & limitations"
    if topic == "limitations" and _BIAS_TOPIC.search(sentence):
        rest = _BIAS_WORDS.sub(" ", sentence)
        if not any(p.search(rest) for p in (_LIMIT_STATED, _LIMIT_CUE, _HARM)):
            return True
    if topic == "limitations" and (_ATTRIBUTION.search(sentence) or (
            _STRENGTH.search(sentence) and not _LIMIT_STATED.search(sentence) and not _LIMIT_CUE.search(sentence)
            and not _WEAKER.search(sentence))):
        return True
    if topic in _TAG_LIST_TOPICS:
        commas = sentence.count(",")
        return commas >= 8 and commas >= 0.25 * len(sentence.split())
    return False


def in_url(text: str, start: int) -> bool:
    """Whether position `start` lies inside a URL or a path (`.../pii/S0004...`, `github.com/x/dedup`)."""
    lo = max(0, start - 300)
    ws = max(text.rfind(" ", lo, start), text.rfind("\n", lo, start), text.rfind("\t", lo, start))
    token = text[ws + 1 : start + 1]
    return "://" in token or token.startswith(("www.", "(www.")) or (
        "/" in token[:-1] and start > 0 and text[start - 1] in "/-_.=" and "." in token
    )
