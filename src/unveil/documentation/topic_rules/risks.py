"""Topics about what can go wrong: limitations, bias, risks."""

from __future__ import annotations

from unveil.documentation.topic_rules.types import Topic, in_prose_and_tables, rule, rx

# The machine or the page the card is viewed on, not the model ("the HTML representation is unable to render,
# try nbviewer"; "if the picture fails to display, find it in Files and versions").
_MACHINE = (r"\b(?:mac|windows|linux|transformers|version|install\w*|kernel|cuda|gpu\s+memory|html|nbviewer|jupyter"
            r"|browser|web\s?page|this\s+page|display\w*|files\s+and\s+versions)\b")
_MAY_PRODUCE = (
    # "text-to-image models are known to at times produce harmful content" says it as a known fact
    r"\b(?:may|might|can|could|will|sometimes|often|occasionally|also|known\s+to)\s+(?:\w+\s+){0,3}?"
    r"(?:produce|generate|output|make|give|return|provide|contain|include|be|exhibit|reflect)\w*\s+(?:\w+[\s,]+){0,4}?"
    r"(?:inaccurate|incorrect|false|wrong|misleading|nonsensical|untrue|errors?|mistakes?|harmful|offensive"
    r"|inappropriate|problematic|unsafe|toxic|repetitive|irrelevant|biased|undesirable|objectionable|factually"
    r"|socially\s+unacceptable)"
)



RISK_TOPICS: tuple[Topic, ...] = (
    Topic(
        "limitations",
        rx(r"limitation|caveat|known\s+(?:issues|problems)|shortcoming|weakness|einschränkung|grenzen|局限|限制|制限|制約"
           r"|limitaciones|limites"),
        (
            rule("states a limitation", r"\bhallucinat\w*", keys=('hallucinat',)),
            # "Warning: this model leans NSFW, add 'nude' to the negative prompt": a warning about what it generates
            rule("warns of explicit output",
                 r"^\W{0,6}warning\b\W{0,6}[^\n]{0,120}?\b(?:nsfw|nudity|nude|explicit|sexual|not\s+safe\s+for\s+work"
                 r"|horny)\b",
                  keys=('warning',)),
            *in_prose_and_tables(
                "states a limitation", _MAY_PRODUCE,
                keys=('may', 'might', 'can', 'could', 'will', 'sometimes', 'often', 'occasionally', 'also',
                      'known to')),
            rule("states a limitation", r"\b(?:not|never)\s+(?:be\s+)?(?:always\s+)?(?:factually\s+)?(?:accurate"
                                         r"|reliable|correct|truthful)\b"
                  r"|\bdo(?:es)?\s+not\s+distinguish\b|fact\s+from\s+fiction|\bnever\s+rely\b",
                  keys=('not', 'never', 'fiction')),
            rule("states a limitation", r"\b(?:does\s+not|doesn't|do\s+not|don't)\s+have\s+any\s+moderation"
                                         r"|\bno\s+moderation\b"
                  r"|\bwithout\s+(?:any\s+)?(?:safety|moderation)\s+(?:guardrails|mechanisms|filters|tuning)"
                  r"|\b(?:has|have)\s+not\s+been\s+(?:aligned|safety[- ]tuned|red[- ]teamed)"
                  r"|\blimited\s+safety\s+training"
                  r"|\bno\s+(?:safety|moderation)\s+(?:tuning|training|guardrails|mechanisms|filters|alignment)\b",
                  keys=('moderation', 'safety', 'aligned', 'red')),
            rule("states a limitation", r"\bstruggles?\s+(?:with|to)\b|\bperform\w*\s+(?:poorly|worse|unevenly"
                                         r"|less\s+well|badly)"
                  r"|\blower\s+(?:accuracy|performance|quality)\b|\b(?:degrad\w*|drops?)\s+in\s+(?:performance"
                  r"|accuracy|quality)"
                  r"|\bnot\s+(?:suitable|designed|optimi[sz]ed|able)\s+(?:for|to)\b|\b(?:is|are)\s+unable\s+to\b"
                  r"|\bfails?\s+to\b"
                  r"|\bcannot\s+(?:reliably|be\s+relied|guarantee|render|handle|understand|reason)"
                  r"|\b(?:does\s+not|doesn't|do\s+not|don't)\s+work\s+(?:well|properly|reliably|as\s+well)\b",
                  # the machine or the page the card is viewed on, not the model ("the HTML representation is
                  # unable to render, try nbviewer")
                  veto=_MACHINE,
                  keys=('struggle', 'perform', 'lower', 'degrad', 'drop', 'not', 'unable', 'fail', 'cannot', "n't")),
            # "prone to errors", "has not been extensively tested" (so it must not be relied on)
            # said of this model ("it", "this model"), not of sample images or of other models
            rule("states a limitation", r"\bprone\s+to\b|\berror-?prone\b"
                                         r"|\bnot\s+(?:been\s+|yet\s+)?(?:\w+ly\s+)?(?:tested|evaluated|validated|verified"
                                         r"|benchmarked)\b",
                  require=r"\b(?:it|this|we|(?:model|parser|tagger|classifier|detector|generator|encoder|decoder"
                          r"|translator|recogni[sz]er|summari[sz]er|transcriber|network|agent|pipeline|system|checkpoint"
                          r"|version|release)s?)\b",
                  veto=_MACHINE + r"|\b(?:current|other|most|many|existing|previous|older|traditional|conventional)"
                                  r"\s+models\b",
                  keys=('prone', 'not')),  # "not" is every card's key already: no new lookup
            # the performance it is not expected to keep elsewhere ("we don't expect it to keep the same performance
            # on other datasets", "is not expected to generalise to ...")
            rule("states a limitation", r"\b(?:not|n't)\s+(?:\w+\s+){0,2}?expect\w*\s+(?:\w+\s+){0,6}?(?:same|similar"
                                         r"|comparable|good|high|as\s+good)\s+(?:\w+\s+)?(?:performance|accuracy|results"
                                         r"|quality)\b"
                                         r"|\b(?:not|n't)\s+(?:be\s+)?expected\s+to\s+(?:work|perform|generali[sz]e"
                                         r"|transfer)\b"
                                         r"|\b(?:not|n't)\s+(?:keep|maintain|retain|reach|achieve)\s+(?:the\s+|its\s+)?"
                                         r"(?:same|similar|comparable)\s+(?:\w+\s+)?(?:performance|accuracy|quality"
                                         r"|results)\b",
                  veto=_MACHINE, keys=('expect', 'same', 'similar', 'comparable')),
            # weaker than something named ("very fast, but a bit less accurate than other models", "not as robust as
            # the large version"); a cost of a conversion with no comparison ("slightly less accurate once quantized")
            # is not (the regression set's convention)
            rule("states a limitation", r"\b(?:less|not\s+as)\s+(?:accurate|precise|robust|reliable|capable|fluent"
                                         r"|coherent)\s+(?:than|as)\b",
                  require=r"\b(?:it|this|which|we|(?:model|parser|tagger|classifier|detector|generator|encoder|decoder"
                          r"|translator|recogni[sz]er|summari[sz]er|transcriber|network|agent|pipeline|system|checkpoint"
                          r"|version|release)s?)\b",
                  keys=('less', 'as')),
            # outputs a person has to check: "for low score values it may be necessary to manually review the affected
            # entities", "the transcriptions should be checked by a human"; not the data reviewed while it was made
            rule("states a limitation", r"\b(?:should|must|need(?:s|ed)?\s+to|necessary\s+to|recommend\w*(?:\s+to)?"
                                         r"|advis\w*(?:\s+to)?|have\s+to|has\s+to)\s+(?:be\s+)?(?:\w+\s+){0,3}?"
                                         r"(?:manual(?:ly)?|(?:a\s+)?humans?|by\s+hand)\s+(?:\w+\s+)?(?:review|check"
                                         r"|verif|validat|inspect|correct)\w*"
                                         r"|\b(?:should|must|need\s+to|has\s+to|have\s+to)\s+be\s+(?:\w+\s+)?"
                                         r"(?:reviewed|checked|verified|validated|inspected|corrected)\s+by\s+(?:a\s+)?"
                                         r"(?:humans?|person|people|experts?|hand)\b"
                                         r"|\blow(?:er)?\s+(?:confidence|scores?|probabilit\w*)\b[^.;\n]{0,60}?"
                                         r"\b(?:unreliable|not\s+(?:be\s+)?(?:reliable|trusted|accurate)|review\w*"
                                         r"|check\w*|verif\w*|discard\w*)",
                  require=r"\b(?:low(?:er)?\s+(?:confidence|scores?|probabilit\w*)|outputs?|predictions?|results?"
                          r"|generations?|generated|transcriptions?|translations?|suggest(?:ed|ions?)|affected"
                          r"|classifications?|answers?|summar(?:y|ies))\b",
                  veto=r"\b(?:data(?:sets?)?|corpus|corpora|training|annotat\w*|labell?ing|were|was|has\s+been"
                       r"|have\s+been)\b",
                  keys=('should', 'must', 'need', 'necessary', 'recommend', 'advis', 'have', 'has', 'low')),
            # where the model does better, said against another kind of input ("works better on characters than
            # on landscapes"), not against another model ("performs better on SQuAD than BERT")
            rule("states a limitation", r"\b(?:works?|performs?|does)\s+(?:much\s+|far\s+|a\s+lot\s+|significantly\s+"
                                         r"|slightly\s+|a\s+bit\s+|noticeably\s+)?better\s+(?:on|with|for|at|in|when)\b"
                                         r"[^.;\n]{1,80}?(?<!less\s)(?<!more\s)(?<!fewer\s)(?<!rather\s)\bthan\b",
                  veto=_MACHINE + r"|\bthan\s+(?:the\s+|our\s+|its\s+|any\s+)?(?:other\s+|previous\s+|existing\s+"
                                  r"|original\s+|base\s+)?(?:[\w.-]+\s+){0,2}?(?:models?|baselines?|versions?|checkpoints?"
                                  r"|counterparts?|networks?|systems?)\b",
                  keys=('better',)),
            # the released model is not usable as it is ("has no head and is only useful for fine-tuning", "has to be
            # fine-tuned before it is usable"); a licence's scope ("only for non-commercial research") is not a limit
            rule("states a limitation", r"\b(?:is|are)\s+only\s+(?:useful|usable|suitable|good)\s+(?:for|as|to|when)\b"
                                         # an input it is restricted to ("it only works with capital letter amino
                                         # acids"); the software it runs with is a note (vetoed below)
                                         r"|\bonly\s+works?\s+(?:well\s+)?(?:with|on|for|in)\b"
                                         r"|\b(?:has|have|needs?)\s+to\s+be\s+fine-?tuned\s+before\b"
                                         r"|\bmust\s+be\s+fine-?tuned\s+before\b|\bnot\s+(?:directly\s+)?usable\b",
                  veto=r"\b(?:commercial\w*|non-?commercial|licen[cs]\w*|research|academic|personal\s+use|educational"
                       r"|terms"
                       # the software or hardware a file runs with ("only works with kohya's sd-script", "the fp16
                       # version only works on gpu") is a usage note
                       r"|gpus?|cpus?|tpus?|sd-?scripts?|scripts?|extensions?|webui|fp16|fp32|version|software"
                       r"|pytorch|tensorflow|jax|flax|keras|onnx|diffusers|transformers|librar(?:y|ies)|frameworks?)\b",
                  keys=('only', 'before', 'usable')),
            # results said to fall short ("the results below that size seem less than ideal", "the model is
            # overtrained"); not a training choice made to avoid it ("to prevent overfitting")
            rule("states a limitation", r"\bless\s+than\s+(?:ideal|optimal|perfect|satisfactory)\b"
                                         # (not a bare "suboptimal": abstracts say it of earlier methods)
                                         r"|\bnot\s+(?:always\s+)?ideal\b"
                                         # said of this model, not negated ("make sure the model is not overfitting")
                                         # nor of another one ("caused the model to be undertrained")
                                         r"|\b(?:is|are|was|were|(?:may|might|could|can)\s+be|seems?|i'm|i\s+am|it's"
                                         r"|still)\s+(?:(?!not\b|no\b|never\b)\w+\s+){0,2}?"
                                         r"(?:over(?:trained|training|fitted|fitting|fit)|undertrained)\b"
                                         # a capability restricted against what it does not do ("mainly is possible to
                                         # render characters instead of landscapes")
                                         r"|\b(?:mainly|mostly|only|primarily)\s+(?:\w+\s+){0,3}?(?:possible|able|works?"
                                         r"|renders?|generates?|produces?|draws?|handles?|recogni[sz]es|supports?)\b"
                                         r"[^.;\n]{0,80}?\b(?:instead\s+of|rather\s+than|but\s+not)\b",
                  require=r"\b(?:results?|outputs?|images?|quality|performance|generations?|it|i|i'm|this|predictions?"
                          r"|transcriptions?|translations?|samples?|weights|(?:model|parser|tagger|classifier|detector"
                          r"|generator|encoder|decoder|translator|recogni[sz]er|summari[sz]er|transcriber|network|agent"
                          r"|pipeline|system|checkpoint)s?)\b",
                  veto=_MACHINE + r"|\b(?:avoid\w*|prevent\w*|reduc\w*|mitigat\w*|against|counter\w*|hyper-?param\w*"
                                  r"|make\s+sure|ensure|pytorch|tensorflow|jax|flax|onnx|framework|librar\w*|formats?)\b",
                  # phrases, not "less" ("unless", "regardless") nor "optimal" ("optimizer")
                  keys=('less than', 'ideal', 'overtrain', 'overfit', 'undertrain', 'instead of', 'rather than',
                        'but not')),
            rule("states a limitation", r"\b(?:disadvantages?|drawbacks?|downsides?|weakness(?:es)?|shortcomings?)\b",
                  keys=('disadvantage', 'drawback', 'downside', 'weakness', 'shortcoming')),
            rule("states a limitation", r"\b(?:has|have)\s+(?:a\s+number\s+of|several|some|many|the\s+following"
                                         r"|important|known)\s+limitations"
                  r"|\blimitations?\s+(?:of|include|are|is)\b(?!\s+(?:the\s+)?(?:license|liability|warranty))",
                  # the limits of something as what a work sets out to study ("created to explore the possibilities
                  # and limitations of DreamBooth training") state none
                  veto=r"\b(?:explor\w*|investigat\w*|stud(?:y|ies|ying)|examin\w*|analy[sz]\w*|understand\w*"
                       r"|prob(?:e|es|ing)|push\w*|discuss\w*)\s+(?:\w+\s+){0,4}?limitations?\s+of\b",
                  keys=('limitation',)),
            rule("states a limitation",
                  r"(?:可能(?:会)?(?:产生|生成|输出)|局限性|幻觉|kann\s+(?:falsche|ungenaue|fehlerhafte)"
                                         r"|halluzin\w*)",
                  keys=('可能', '局限', '幻觉', 'kann', 'halluzin')),
            # a numeric bound on the input stated under a limitations heading ("- max_seq_length = 256", "maximum
            # input length: 512 tokens"); elsewhere the same words are a training hyperparameter
            rule("states an input limit", r"\bmax(?:imum)?[\s_-]*(?:(?:seq(?:uence)?|source|target|input|output|context"
                                          r"|text|audio|prompt|sentence)[\s_-]*)?(?:length|len|tokens|size|duration)\b"
                                          r"\s*(?:=|:|is|of)?\s*\d+",
                  scope="section", min_words=1, keys=('max',)),
            # (no bias word: a sentence about bias alone under "Limitations and bias" is the bias topic's)
            rule("states a limitation", r"\b(?:may|might|can|could|not|cannot|can't|\w+n't|lack\w*|limited|struggle\w*"
                                         r"|poor\w*|fail\w*"
                  r"|errors?|risks?|should|only|unreliable|inaccura\w*|prone|problematic|offensive|hate\w*|harmful"
                  r"|toxic\w*|inappropriate|unsafe|kann|nicht|可能|不)\b"
                  # where the model does best, so worse elsewhere
                  r"|\bbest\s+(?:at|on|with|for|when|if)\b|\b(?:works?|performs?)\s+(?:the\s+)?best\b"
                  r"|ことがあ|場合があ|低下|不正確|誤",
                  scope="section"),
        ),
        section_min_words=8,
    ),
    Topic(
        "bias",
        rx(r"\bbias|fairness|ethic|societal\s+impact|social\s+impact|verzerrung|voreingenommenheit|偏见|偏差|公平|sesgo|biais"
           r"|バイアス|偏り"),
        (
            rule("discusses bias", r"\bbias(?:es|ed)?\b",
                  require=r"\b(?:gender|rac(?:e|ial|es)|ethnic\w*|religio\w*|stereotyp\w*|demograph\w*|societal"
                          r"|social|fair\w*"
                          r"|discriminat\w*|(?:under|over)-?represent\w*|marginali[sz]\w*|minorit\w*|prejudic\w*"
                          r"|harm\w*|reflect\w*"
                          r"|inherit\w*|exhibit\w*|amplif\w*|perpetuat\w*|present\s+in|training\s+data|viewpoints?"
                          r"|human|people|produce"
                          r"|generate|outputs?|responses?|contain\w*|predictions?|predict\w*|results?|may|might|can"
                          r"|could|towards?|against|suffer\w*|aware|disclaimer)\b"
                          # a bias named as possible, even when deferred ("see the paper for potential biases")
                          r"|\b(?:potential|possible|inherent|known|documented)\s+bias(?:es)?\b"
                          # "not tested for biases"
                          r"|\b(?:test|evaluat|assess|audit)(?:ed|ing)\s+(?:\w+\s+){0,2}?for\b",
                  veto=r"\b(?:qkv|attention|linear|bias\s+terms?|layer|alibi|bias=|no\s+bias|add_bias"
                       r"|bias\s+parameters|bias\s+correction|weights\s+(?:and|&|&amp;)\s+biases)\b",
                  keys=('bias',)),
            rule("discusses bias", r"\bstereotyp\w*|\bdiscriminat(?:ion|ory)\b|\bprejudic\w*|\b(?:over"
                                    r"|under)-?represent\w*|\bdisparat\w*"
                  r"|\bdemographic\s+(?:groups?|criteria|attributes|parity|biases)|\bfairness\b|\bmarginali[sz]ed\b"
                  r"|\bprotected\s+(?:groups?|classes|attributes|characteristics)|\b(?:gender|racial|religious|ethnic"
                  r"|cultural)\s+"
                  r"(?:bias\w*|stereotypes?|disparit\w*)|\bskew\w*\s+(?:towards?|toward)\b",
                  keys=('stereotyp', 'discriminat', 'prejudic', 'represent', 'disparat', 'overrepresent',
                        'underrepresent', 'demographic', 'fairness', 'marginali', 'protected', 'gender', 'racial',
                        'religious', 'ethnic', 'cultural', 'skew')),
            rule("discusses bias", r"(?:偏见|歧视|刻板印象|voreingenommen\w*|verzerrung\w*|stereotyp\w*|vorurteil\w*"
                                    r"|st[ée]r[ée]otyp\w*|\bsesgos?\b|\bbiais\b|\bsexist\w*|偏り|バイアス)",
                  keys=('偏见', '歧视', '刻板印象', 'voreingenommen', 'verzerrung', 'stereotyp', 'vorurteil',
                        'stéréotyp', 'sesgo', 'biais', 'sexist', '偏り', 'バイアス')),
            rule("discusses bias in a table", r"\bbias(?:es|ed)?\b|\bstereotyp\w*|\bfairness\b|\bdiscriminat\w*",
                  tables=True, veto=r"\b(?:qkv|attention|linear|bias\s+terms?|layer|alibi|bias=|add_bias"
                                        r"|weights\s+(?:and|&|&amp;)\s+biases)\b",
                  keys=('bias', 'stereotyp', 'fairness', 'discriminat')),
            rule("names harms under a bias heading", r"\b(?:problematic|harmful|offensive|toxic\w*|inappropriate"
                                                      r"|unsafe|hateful|sensitive"
                  r"|objectionable|abusive|stereotyp\w*|representation|groups?|people|identity|identities"
                  r"|uneven\w*|disparit\w*|countries|regions?|dialects?|accents?|women|men|female\w*|males?|gender"
                  r"|ethnic\w*)\b"
                  r"|有害|不当",
                  scope="section"),
        ),
    ),
    Topic(
        "risks",
        rx(r"\brisk|safety|harm|misuse|ethical|responsible|dual[- ]use|broader\s+impact|risiken|sicherheit|风险|安全"
           r"|riesgos|risques"),
        (
            rule("discusses risks", r"\bmisuse\w*|\bmalicious\w*|\bdual[- ]use\b|\bharmful\s+(?:content|outputs?"
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
            rule("discusses risks", r"(?:风险|滥用|有害内容|risiken|missbrauch)",
                  keys=('风险', '滥用', '有害内容', 'risiken', 'missbrauch')),
            rule("discusses risks",
                  r"\b(?:may|might|can|could|should|not|risks?|harm\w*|misuse|unsafe|danger\w*)\b", scope="section"),
        ),
        section_min_words=8,
    ),
)
