"""Topics about how the model was made and who answers for it: energy, training procedure, citation, contact."""

from __future__ import annotations

from unveil.documentation.topic_rules.types import Topic, rule, rx

PRACTICE_TOPICS: tuple[Topic, ...] = (
    Topic(
        "environmental_impact",
        rx(r"environment|carbon|co2|emission|energy|umwelt|碳|环境"),
        (
            rule("reports emissions or energy", r"\b(?:co2|co₂|carbon)\b[^.\n]{0,40}?\b(?:emi\w+|footprint|eq\w*"
                                                 r"|equivalent|intensity|neutral|offset)"
                  r"|\b(?:t|kg|tons?\s+of\s+)co2(?:eq|e)?\b|\b\d[\d.,]{0,24}\s*(?:k|m|g)?wh\b|\bpower\s+(?:consumption"
                  r"|usage|draw)"
                  r"|\benergy\s+(?:consumption|usage|use|mix)\b|\belectricity\s+(?:usage|consumption)|\b(?:nuclear"
                  r"|renewable|hydro\w*|solar)\s+(?:energy|power|electricity)",
                  keys=('co2', 'co₂', 'tco2', 'kgco2', 'carbon', 'kwh', 'mwh', 'gwh', 'twh', 'wh', 'power', 'energy',
                        'electricity', 'nuclear', 'renewable', 'hydro', 'solar')),
            rule("reports emissions or energy", r"\d|\b(?:nuclear|renewable|gpu|hours?|cloud|region)\b",
                  scope="section"),
        ),
    ),
    Topic(
        "training_procedure",
        rx(r"training\s+(?:procedure|details|hyper-?param\w*|setup|regime|configuration|process|recipe)|hyper-?param\w*"
           r"|fine-?tuning\s+(?:details|procedure)|compute\s+infrastructure|hardware|trainingsverfahren|训练细节|训练过程|超参数"
           r"|训练方法"),
        (
            rule("gives hyper-parameters", r"\blearning[- _]rate\b|\bbatch[- _]size\b|\boptimi[sz]er\b|\badam\w*\b"
                                            r"|\bwarm-?up\b|\bweight[- _]decay\b"
                  r"|\b\d[\d,.]{0,24}\s*(?:k\s+)?(?:epochs?|training\s+steps|steps)\b|\bgradient\s+accumulation"
                  r"|\bmixed[- ]precision\b"
                  r"|\b(?:lr|cosine)\s+(?:schedul\w*|decay)",
                  keys=('learning', 'batch', 'optimi', 'adam', 'warm', 'weight', 'epoch', 'step', 'gradient',
                        'mixed', 'lr ', 'cosine')),
            rule("names the training hardware", r"\b(?:train\w*"
                                                 r"|fine-?tun\w*)\b[^.\n]{0,80}?\b(?:\d+\s*(?:x\s*)?)?(?:gpus?|tpus?"
                                                 r"|a100s?|h100s?|h800s?|v100s?|tpu\s?v\d\w*)\b"
                  r"|\b\d[\d.,]{0,24}\s*[mk]?\s*(?:\w+\s+)?gpu[- ]hours\b|\bgpus?:\s*\d",
                  keys=('gpu', 'tpu', 'a100', 'h100', 'h800', 'v100')),
            rule("gives training details", r"\d|\b(?:gpus?|tpus?|steps?|epochs?|optimi[sz]er|precision|schedule"
                                            r"|loss)\b", scope="section"),
        ),
    ),
    Topic(
        "citation",
        rx(r"citation|\bcite\b|bibtex|reference|引用|zitat|zitier"),
        (
            rule("asks to be cited", r"\bplease\s+cite\b|\bcite\s+(?:this|our|the)\s+(?:work|paper|model|report)\b"
                                      r"|\bif\s+you\s+(?:use|find)\b[^.\n]{0,100}?\bcit",
                  keys=('cit',)),
        ),
        section_min_words=3,
        section_tables=True,
    ),
    Topic(
        "contact",
        rx(r"contact|feedback|questions|support|kontakt|联系"),
        (
            rule("gives a contact", r"\b[\w.+-]++@[\w-]+\.[\w.-]+\b|\b(?:send|direct"
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
