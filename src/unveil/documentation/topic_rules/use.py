"""Topics about how the model is judged and meant to be used: evaluation, intended and out-of-scope use."""

from __future__ import annotations

from unveil.documentation.topic_rules.types import Topic, rule, rx
from unveil.documentation.topic_rules.vocabulary import BENCH, NUMBER

USE_TOPICS: tuple[Topic, ...] = (
    Topic(
        "evaluation",
        rx(r"\bevaluat\w*\b(?!\s+(?:data(?:sets?)?|set)\s*$)|\bresults?\b|benchmark|performance|\bmetrics?\b"
           r"|leaderboard|\bscores?\b"
           r"|bewertung|evaluierung|ergebnisse|评估|评测|性能|结果|évaluation|evaluación|resultados|評価"
           r"|ベンチマーク"),
        (
            # Numbers are rarer than words: find a number, then require a benchmark or metric name in its sentence.
            rule("reports a benchmark result", NUMBER, require=r"\b" + BENCH + r"\b",
                  veto=r"\b(?:detector|detection\s+model)\b|\btrain(?:ing)?\s+(?:set|split)\b|\bnumber\s+of\b",
                  min_words=1),
            rule("points to evaluation results", r"\b(?:evaluation|benchmark|eval)\s+(?:results?|scores?|details"
                                                  r"|numbers|metrics)\b[^.\n]{0,80}?"
                  r"\b(?:are|is|can\s+be|were)\s+(?:\w+\s+)?(?:reported|presented|available|shown|provided|published"
                  r"|listed|found|detailed|described|summari[sz]ed)"
                  r"|\b(?:see|find|view|refer\s+to|check(?:\s+out)?|found\s+in|available\s+(?:in|at"
                  r"|on))\b[^.\n]{0,60}?\b(?:evaluation|benchmark)s?\s+(?:results?|details|scores?)"
                  r"|\b(?:paper|report|blog)\b[^.\n]{0,40}?\bdescribes?\s+(?:the\s+)?(?:model\s+)?performance",
                  keys=('result', 'describe', 'score', 'detail')),
            rule("reports results on the evaluation set", r"\bachieves\s+the\s+following\s+results\s+on\s+the\s+eval"
                                                           r"uation\s+set",
                  keys=('achieves the following',)),
            rule("reports a result table", r"(?m)^[^\n]*\b" + BENCH + r"\b[^\n]*\|[^\n]*\d", tables=True,
                  header=r"\b(?:benchmark\w*|metrics?|tasks?|eval\w*|scores?|results?|acc\w*|f1|em|bleu|rouge\w*|wer"
                         r"|cer"
                         r"|pass@\d+|ppl|perplexity|shots?|mmlu)\b|%"),
            rule("reports evaluation under an evaluation heading",
                  r"\b" + BENCH + r"\b|" + NUMBER + r"|!\[|<img|\bevaluated\b[^.\n]{0,80}?\bon\b[^.\n]{0,80}?\b(?:b"
                                                      r"enchmarks?|datasets|tasks|suites?)\b"
                  r"|\b(?:outperforms?|comparable\s+to|state-of-the-art|sota)\b[^.\n]{0,80}\d",
                  scope="section", veto=r"\btrain(?:ing)?\s+(?:set|split|tokens)\b", min_words=1),
            rule("reports evaluation under an evaluation heading", r"!\[|\d|\b" + BENCH
                + r"\b", scope="section", tables=True),
        ),
    ),
    Topic(
        "intended_use",
        rx(r"intended\s+(?:uses?|usage|users|purpose)|^(?:the\s+)?(?:model\s+|direct\s+|downstream\s+|primary\s+"
           r"|secondary\s+|evaluated\s+"
           r"|recommended\s+)?uses?(?:\s+cases?)?(?:\s+(?:and|&)\b.*)?$|^use\s+cases?\b|how\s+the\s+model\s+(?:is"
           r"|should\s+be)\s+used"
           r"|verwendungszweck|anwendungsfälle|einsatzzweck|vorgesehene\s+verwendung|预期用途|用途|使用场景|适用场景|利用目的|使用目的"
           r"|utilisation\s+prévue|usos?\s+previstos?"),
        (
            rule("states the intended use", r"\bintended\s+(?:to|for|as)\b|\bintended\s+(?:uses?|users|use\s+cases"
                                             r"|purpose)\b[^.\n]{0,30}?(?:\bis\b|\bare\b|\binclude|:)"
                  r"|\bprimary\s+(?:intended\s+)?(?:uses?|users|use\s+cases|audience)\b",
                  # "These weights are intended to be used with the original [X codebase](...)": which software
                  # loads them, not what they are for.
                  veto=r"\b(?:not|never|n't)\W+(?:\w+\W+)?intended\b|\bdataset\s+(?:was|is)\b"
                       r"|\bintended\s+to\s+be\s+(?:used|loaded|run)\s+(?:with|in|by)\b[^.\n]{0,80}?\b(?:codebase"
                       r"|librar(?:y|ies)|repo(?:sitory)?|framework|toolkit)\b",
                  keys=('intended', 'primary')),
            rule("states the intended use", r"\b(?:designed|meant|built|developed|created"
                                             r"|released)\s+(?:primarily\s+|specifically\s+|mainly\s+|in\s+order\s+)?"
                  r"(?:for|to\s+(?:be\s+used|enable|facilitate|support))\s+(?:\w+\s+){0,3}?"
                  r"(?:research\w*|use|users|applications|purposes|developers|researchers|practitioners"
                  r"|experimentation|commercial)\b",
                  # "it will not be released for public use": a withheld dataset, not the model's use
                  veto=r"\bnot\s+(?:\w+\s+)?(?:designed|meant|built|developed|created|released)\b",
                  keys=('designed', 'meant', 'built', 'developed', 'created', 'released')),
            # "You can use this model for conditional and un-conditional image captioning"
            rule("states the intended use", r"\byou\s+can\s+use\s+(?:this|the)\s+(?:model|checkpoint)\s+(?:for|to)\b"
                                             r"|\b(?:this|the)\s+model\s+can\s+be\s+used\s+(?:for|to)\b",
                  veto=r"\b(?:not|never|n't)\b", keys=('you can use', 'can be used')),
            rule("states the intended use",
                  r"(?:旨在|适用于|预期用途|主要用于|(?:ist|sind)\s+(?:\w+\s+){0,4}(?:gedacht|bestimmt"
                                             r"|vorgesehen))",
                  keys=('旨在', '适用于', '预期用途', '主要用于', 'gedacht', 'bestimmt', 'vorgesehen')),
        ),
        section_min_words=5,
    ),
    Topic(
        "out_of_scope_use",
        rx(r"out[- ]of[- ]scope|misuse|prohibited|not\s+intended|forbidden|restricted\s+uses?|unintended\s+uses?"
           r"|nicht\s+vorgesehen"
           r"|超出范围|不适用|禁止"),
        (
            rule("states an out-of-scope use", r"\bout[- ]of[- ]scope\b(?!\s+use\s*$)"
                  r"|\b(?:not|n't)\s+(?:be\s+)?(?:intended|designed|suitable|appropriate|recommended|meant)\s+(?:to"
                  r"|for)\b"
                  r"|\b(?:should|must|may)\s+not\s+be\s+used\b|\b(?:do\s+not|don't|never)\s+use\s+(?:this|the"
                  r"|these)\s+models?\b"
                  r"|\brecommend\s+against\b|\bcaution\s+against\b|\bprohibited\b|\bin\s+any\s+manner\s+that\s+violates"
                  r"|\bnot\s+(?:to\s+)?be\s+used\s+(?:to|for|in|as)\b|\bis\s+not\s+appropriate\b|\bwe\s+(?:do\s+not"
                  r"|don't)\s+(?:support|recommend)\s+(?:use|deploy)",
                  veto=r"\b(?:mac|windows|linux|transformers\s+version)\b",
                  keys=('scope', 'not', "n't", 'cannot', 'must', 'never', 'against', 'prohibited', 'violates')),
            rule("states an out-of-scope use", r"(?:不应(?:被)?用于|禁止用于|nicht\s+(?:\w+\s+)?(?:verwendet"
                                                r"|eingesetzt)\s+werden)",
                  keys=('不应', '禁止用于', 'nicht')),
        ),
        section_min_words=5,
    ),
)
