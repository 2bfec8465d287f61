"""Topics about the training data: where it comes from, its quality, its preprocessing."""

from __future__ import annotations

from unveil.documentation.topic_rules.types import Topic, in_prose_and_tables, rule, rx
from unveil.documentation.topic_rules.vocabulary import (
    DATA_NOUN,
    FILTER_VERB,
    KNOWN_DATA,
    KNOWN_DATA_KEYS,
    OUTPUT_CTX,
    TRAIN_VERB,
    UNWANTED,
)

DATA_TOPICS: tuple[Topic, ...] = (
    Topic(
        "training_data",
        rx(r"train\w*[\s-]*(?:data|set|corpus|corpora|mixture)|train\w*\s+(?:and|&)\s+eval\w*\s+data|data\s?mix|pre-?training\s+data|fine-?tuning\s+data"
           r"|^data(?:sets?)?(?:\s+used)?$|datasets?\s+used|data\s+sources?|data\s+composition|data\s+overview"
           r"|trainingsdaten|datensatz|训练数据|数据集|训练集|学習データ|訓練データ|学習コーパス|données\s+d'entra[îi]nement|datos\s+de\s+entrenamiento"),
        (
            # Dataset names are rarer than training verbs: find the name, then require the verb in its sentence.
            rule("names the training data", r"\b" + KNOWN_DATA,
                  require=r"\b" + TRAIN_VERB + r"\b", veto=r"\bon\s+(?:the\s+none|an?\s+unknown)\s+dataset",
                  keys=KNOWN_DATA_KEYS),
            rule("says where the training data comes from",  # "1k+ nature image crawled from the Internet"
                  r"(?:" + DATA_NOUN + r"|image|photo|picture)\b[^.\n]{0,60}?\b(?:collected|crawled|scraped|sourced"
                  r"|gathered|derived|obtained"
                               r"|drawn|harvested)\s+(?:from|of|on)\b",
                  keys=('collected', 'crawled', 'scraped', 'sourced', 'gathered', 'derived', 'obtained', 'drawn',
                        'harvested')),
            rule("says where the training data comes from",
                  r"\b(?:publicly[- ]available|public|proprietary|licensed|synthetic|human[- ](?:annotated|created"
                  r"|written|generated)|in-house|web[- ]crawled|open)\s+"
                  r"(?:\w+\s+){0,2}(?:data|datasets|sources|corpora|corpus|instruction\s+datasets)\b",
                  require=r"\b(?:train\w*|fine-?tun\w*|pre-?train\w*|mix|mixture)\b",
                  keys=('public', 'proprietary', 'licensed', 'synthetic', 'human', 'in-house', 'web', 'open')),
            rule("names a training dataset",
                  TRAIN_VERB + r"\b[^.\n]{0,60}?\bon\s+(?:the\s+)?\[?[\w./-]+[^.\n]{0,30}?\b(?:dataset|corpus|data)\b",
                  veto=r"\bon\s+the\s+none\s+dataset|\bunknown\s+dataset"
                       r"|\bon\s+(?:our|their|its|the|this|that|some|custom|private|internal|additional)\s+(?:own\s+)?"
                       r"(?:data|dataset|corpus)\b|\bon\s+(?:a|an|our|the|its)\s+(?:[\w-]+[\s,]+)?"
                       r"(?:large|big|huge|small|custom|private|own|internal|new|diverse|specific|particular|same"
                       r"|massive|vast|high-quality|curated|rich|broad|wide|comprehensive|extensive|proprietary)[\s,]+"
                       r"(?:\w+\s+)?(?:dataset|corpus|data)\b",
                  keys=('train', 'pretrain', 'posttrain', 'fine-tun', 'finetun', 'learn', 'distill')),
            # "X finetuned on webtexts and chat_turns": data named by their ids (a snake-case or org/name id within
            # the phrase), without the word "dataset"
            rule("names a training dataset",
                  TRAIN_VERB + r"\s+on\s+(?:the\s+)?(?:[\w.-]+\s*(?:,|and|&)\s*){0,3}`?(?:[a-z0-9]+(?:_[a-z0-9]+)+"
                  r"|[a-z0-9][\w.-]*/[\w.-]*[a-z0-9])`?(?![\w/-])",
                  veto=r"huggingface\.co/(?!datasets/)|\b(?:checkpoint|model|weights)\b",
                  keys=('train', 'pretrain', 'posttrain', 'fine-tun', 'finetun')),
            # "Trained on Stable Diffusion v1.5 using +124000 images, 12400 steps"
            rule("describes the training data",
                  TRAIN_VERB + r"\b(?:[^.\n]|\.\d){0,60}?\b(?:using|with)\s+(?:about\s+|around\s+|over\s+|\+)?"
                  r"\d[\d,.]{0,24}\s*(?:k|m|million|thousand)?\+?\s+(?:[\w-]+\s+){0,2}?(?:photos|images|pictures|documents|examples"
                  r"|samples|pairs|sentences|recordings|clips|conversations|dialogues|articles|utterances|videos)\b",
                  keys=('train', 'pretrain', 'posttrain', 'fine-tun', 'finetun', 'learn', 'distill')),
            rule("describes the training data",
                  TRAIN_VERB + r"\b[^.\n]{0,40}?\bon\s+(?:about\s+|around\s+|roughly\s+|over\s+|some\s+)?\d[\d,.]{0,24}"
                  r"\s*(?:k|m|million|thousand)?\s+(?:[\w-]+\s+){0,2}?(?:photos|images|pictures|hours|documents|examples"
                  r"|samples|pairs|sentences|recordings|clips|tickets|reviews|conversations|dialogues|articles|files"
                  r"|utterances|videos|questions|posts)\s+(?:of|from)\b",
                  keys=('train', 'pretrain', 'posttrain', 'fine-tun', 'finetun', 'learn', 'distill')),
            # "[The dataset I used to train this model can be found here](https://huggingface.co/datasets/...)"
            rule("links the training dataset", r"(?:" + TRAIN_VERB + r"|\bused\s+to\s+(?:train|fine-?tune)\b)"
                                               r"\b[^\n]{0,200}?huggingface\.co/datasets/",
                  keys=('huggingface.co/datasets/',)),
            rule("describes the training data", r"\b(?:training|pre-?training|fine-?tuning)\s+(?:data|datasets?|corpus"
                                                 r"|corpora|sets?)\s+"
                  r"(?:consists?|comprises?|includes?|contains?|is\s+made|was\s+made|is\s+composed|covers?)\b",
                  keys=('train', 'pretrain', 'tuning', 'finetuning')),
            rule("describes the training data", r"(?:the\s+)?(?:training\s+)?(?:data|dataset|corpus)\b[^.\n]{0,60}"
                  r"\b(?:consisting\s+of|comprising|made\s+up\s+of|composed\s+of)\b",
                  keys=('consisting', 'comprising', 'made up', 'composed')),
            rule("states the training data",
                  r"(?:训练数据|训练集|预训练数据|训练语料|trainingsdaten|trainiert\s+(?:auf"
                                              r"|mit))[^。\n]{4,}",
                  keys=('训练', 'trainingsdaten', 'trainiert')),
        ),
        section_min_words=6,
        section_tables=True,
    ),
    Topic(
        "data_quality",
        rx(r"data\s+(?:quality|cleaning|filtering|curation|hygiene)|dedup|decontaminat|filtering|pii|privacy"
           r"|datenqualität|datenbereinigung|数据质量|数据清洗|去重|过滤|データ品質|重複"),
        (
            *in_prose_and_tables(
                "reports deduplication", r"(?<![-/\w])(?:de-?dup\w*|deduplicat\w*|near-?duplicates?|minhash)\b",
                keys=('dedup', 'duplicat', 'minhash')),
            rule("reports deduplication", r"\b(?:duplicates?|duplicated)\b[^.\n]{0,40}\b(?:removed|filtered|dropped"
                                           r"|in\s+the\s+(?:training\s+)?data)"
                  r"|\bremov\w*\s+(?:of\s+)?(?:exact\s+|near[- ])?duplicat\w*", keys=('duplicat',)),
            rule("reports test-set contamination", r"\b(?:de)?contaminat\w*",
                  require=r"\b(?:test|benchmark|eval\w*|data\w*|training)\b", keys=('contamin', 'decontamin')),
            rule("reports PII handling", r"\bpii\b|personally\s+identifiable|\banonymi[sz]\w*|\bpseudonymi[sz]\w*"
                  r"|(?:remov|redact|scrub|filter|mask|strip)\w*\s+(?:\w+\s+){0,4}(?:personal|private"
                  r"|sensitive)\s+(?:data|information|details)"
                  r"|(?:personal|private)\s+(?:data|information)\s+(?:\w+\s+){0,4}(?:was|were|is|are|has\s+been"
                  r"|have\s+been)\s+(?:removed|redacted|filtered|masked)",
                  keys=('pii', 'personally', 'anonymi', 'pseudonymi', 'personal', 'private', 'sensitive')),
            rule("reports filtering of unwanted content", FILTER_VERB + r"[^.\n]{0,100}?" + UNWANTED,
                  require=r"\b" + DATA_NOUN + r"\b|\bcrawl|\bsubreddits?\b|\bwebsites?\b|\bsources?\b",
                  veto=OUTPUT_CTX,
                  keys=('filter', 'remov', 'exclud', 'block', 'black', 'screen', 'discard', 'scrub', 'clean', 'purg')),
            rule("reports filtering of unwanted content", UNWANTED + r"[^.\n]{0,60}?\b(?:filter|detector|classifier"
                                                                       r"|classif\w+)\b",
                  require=r"\b(?:train\w*|data\w*|corpus|crawl\w*)\b", veto=OUTPUT_CTX,
                  keys=('filter', 'detector', 'classif')),
            rule("reports quality filtering", r"\bquality[- ](?:filter\w*|control|classifier\w*|threshold\w*"
                                               r"|assurance|heuristics?)"
                  r"|(?:filter\w*|select\w*|curat\w*)\b[^.\n]{0,60}?\b(?:high|low)[- ]quality"
                  r"|\b(?:high|low)[- ]quality\b[^.\n]{0,40}?\b(?:filter\w*|remov\w*|select\w*|discard\w*)"
                  r"|heuristic\s+filter\w*|language[- ]id(?:entification)?\s+filter\w*|perplexity[- ]based\s+filter\w*",
                  keys=('quality',)),
            rule("reports filtered training data",
                  r"\bfiltered\s+(?:\w+\s+){0,2}?(?:data(?:sets?)?|corpus|corpora|subsets?"
                  r"|versions?|documents|pages|images)\b"
                  r"|\b(?:data(?:sets?)?|corpus|images|subset|documents)\s+(?:\w+\s+){0,3}filtered\s+(?:to|for|by"
                  r"|using|with|according|on)\b"
                  r"|\bfiltered\s+(?:to|for)\s+(?:images|documents|samples|examples|text)\b",
                  veto=OUTPUT_CTX, keys=('filtered',)),
            # one example or many ("any sample that was missing a summary was removed"), or removed *from* the data
            rule("reports filtering of training examples",
                  r"\b(?:discard\w*|remov\w*|drop\w*|exclud\w*|filter\w*\s+out)\s+(?:all\s+|any\s+)?(?:\w+\s+){0,2}?"
                  r"(?:clips?|samples?|documents?|examples?|pairs?|images?|recordings?|utterances?|transcripts?|pages?"
                  r"|texts?|conversations?)\s+(?:that|whose|which|with|without|containing|where|shorter"
                  r"|longer|below|above|flagged|marked|judged|voted)\b"
                  r"|\b(?:clips?|samples?|documents?|examples?|pairs?|images?|recordings?|utterances?|pages?|texts?"
                  r"|conversations?)\s+(?:that|whose|which|with|without|containing|flagged|marked)\b[^.\n]{0,80}?"
                  r"\b(?:were|was|are|is)\s+(?:\w+\s+)?(?:discarded|removed|dropped|excluded|filtered)",
                  veto=OUTPUT_CTX,
                  keys=('discard', 'remov', 'drop', 'exclud', 'filter')),
            # removed from the data: not a class dropped to set up the task ("the neutral class is removed")
            rule("reports filtering of training examples",
                  r"\b(?:were|was|are|is|have\s+been|has\s+been)\s+(?:\w+\s+)?(?:removed|filtered\s+out|excluded|discarded"
                  r"|dropped)\s+from\s+(?:the\s+|this\s+|our\s+)?(?:training\s+|pre-?training\s+)?(?:data(?:sets?)?|corpus"
                  r"|corpora|training\s+set)\b",
                  veto=OUTPUT_CTX.pattern + r"|\b(?:class(?:es)?|labels?|categor\w*)\b",
                  keys=('discard', 'remov', 'drop', 'exclud', 'filter')),
            # a filter applied to the data, named by its verb ("used to filter the training data", "filter out
            # false positives"); what the model is used to filter is a use case (disclosure.not_disclosure)
            rule("reports filtering of training data",
                  r"\bfilter(?:ed|ing|s)?\s+out\b|\bused\s+to\s+filter\b"
                  r"|\bfilter(?:ed|ing|s)?\s+(?:the\s+|our\s+|this\s+)?(?:training\s+|pre-?training\s+|fine-?tuning\s+"
                  r"|raw\s+)?(?:data(?:sets?)?|corpus|corpora|samples|examples|images|audio|clips|utterances|recordings)\b"
                  # the noun with the corpus it filters ("language classification and filtering of the Common Crawl
                  # corpus")
                  r"|\bfiltering\s+of\s+(?:the\s+|a\s+|our\s+)?(?:[\w-]+\s+){0,2}?(?:data(?:sets?)?|corpus|corpora"
                  r"|crawl|dump|snapshots?)\b",
                  # data, not a vocabulary ("tokens filtered out in another model") nor the inputs at inference
                  require=r"\b(?:data(?:sets?)?|corpus|corpora|documents|images|audio|hours|samples|examples|pairs|text"
                          r"|captions|web\s?pages|crawl\w*|subsets?|sources?|segments?|recordings?|tweets|posts"
                          r"|sentences)\b",
                  veto=OUTPUT_CTX.pattern + r"|\b(?:inputs?|inference)\b"
                       r"|\bno\s+(?:[\w-]+\s+){0,4}?(?:method|way|step|mechanism|filter\w*)\b",
                  keys=('filter',)),
            # the passive form, "the pretraining dataset of the model was filtered for permissive licenses"
            rule("reports filtering of training data",
                  r"\b(?:data(?:sets?)?|corpus|corpora)\b(?:\s+[\w-]+){0,4}?\s+(?:was|were|is|are|has\s+been|have\s+been)"
                  r"\s+(?:\w+\s+)?(?:filtered|deduplicated|cleaned|screened)\b",
                  veto=OUTPUT_CTX.pattern + r"|\b(?:inputs?|inference)\b",
                  keys=('filtered', 'deduplicated', 'cleaned', 'screened')),
            # marks taken out of the training images ("I edited the images to take out watermarks and texts");
            # not a diffusion model's denoising
            rule("reports removal of marks from the data",
                  r"\b(?:tak(?:e|es|ing)\s+out|took\s+out|eras\w*|strip\w*|crop\w*\s+out|edit\w*\s+out)\b"
                  r"[^.\n]{0,40}?\b(?:watermarks?|logos?|signatures?)\b",
                  require=r"\b(?:data\w*|captions|images|pictures|photos|samples|examples|pairs|texts?|corpus|crawl\w*"
                          r"|web)\b",
                  veto=OUTPUT_CTX.pattern + r"|\bdenois\w*|\bdiffusion\s+process|\bgenerat\w*\s+images?\b",
                  keys=('watermark', 'logo', 'signature')),
            # a subset kept to safe content ("an unreleased subset containing only SFW images of humans")
            rule("reports filtering of unwanted content",
                  r"\b(?:only|exclusively|solely)\s+(?:sfw|safe[- ]for[- ]work)\b"
                  r"|\b(?:sfw|safe[- ]for[- ]work)[- ]only\b",
                  require=r"\b(?:data\w*|images|pictures|photos|subsets?|samples|examples|corpus|texts?)\b",
                  veto=OUTPUT_CTX.pattern + r"|\bgenerat\w*|\bproduc\w*",
                  keys=('sfw', 'safe for work', 'safe-for-work')),
            # a known problem stated as the absence of a quality process ("non-curated pairs scraped from the web")
            rule("names a known data issue",
                  r"\b(?:un|non-)(?:filtered|curated)\b",
                  require=r"\b(?:data\w*|corpus|corpora|internet|web|crawl\w*|scraped|content|images|texts?|pairs"
                          r"|documents|pages|posts|sources?)\b",
                  veto=r"\b(?:produc\w*|generat\w*|outputs?|responses?|completions?|prompts?)\b",
                  keys=('unfiltered', 'uncurated', 'non-')),
            rule("reports data cleaning or curation",
                  r"\bhand[- ]?(?:picked|selected|curated|filtered|cleaned|checked)\b"
                  r"|\bmanually\s+(?:curated|selected|filtered|cleaned|checked|reviewed|verified|inspected|corrected)\b"
                  r"|\bcarefully\s+(?:curated|selected|filtered|cleaned)\b",
                  require=r"\b(?:data\w*|corpus|corpora|images|samples|examples|pictures|photos|texts?|clips|recordings"
                          r"|documents|train\w*|fine-?tun\w*)\b",
                  keys=('hand', 'manually', 'carefully')),
            # data selected by the votes its users gave it ("links with at least 3 karma")
            rule("reports quality filtering",
                  r"\b(?:at\s+least|a\s+minimum\s+of|minimum\s+of|more\s+than|>=?|≥)\s*\d[\d,.]{0,24}\s+(?:karma|upvotes?"
                  r"|votes)\b",
                  require=r"\b(?:data\w*|corpus|images|samples|posts|documents|pages|links|stories|web\w*|reddit"
                          r"|train\w*)\b",
                  keys=('karma', 'upvote', 'votes')),
            # data selected by a rating threshold ("stories rated 4.5/5 or higher"), not a result of the model
            rule("reports quality filtering",
                  r"\b(?:with|rated|scored|scoring|having|of)\s+(?:a\s+(?:rating|score)\s+of\s+)?(?:at\s+least\s+)?"
                  r"\d+(?:\.\d+)?\s*/\s*\d+(?:\.\d+)?(?:\s+stars?)?\s+(?:or|and)\s+(?:higher|above)\b",
                  veto=r"\b(?:model|checkpoint|achiev\w*|evaluat\w*|benchmark\w*|accuracy|bleu|f1|wer|metrics?"
                       r"|outputs?|responses?|generat\w*)\b",
                  keys=('higher', 'above')),
            rule("names a known data issue", r"\b(?:data(?:sets?)?|corpus|corpora|pile|webtext|laion[\w-]*|crawl\w*"
                                              r"|internet)\b"
                  r"[^.\n]{0,80}?\b(?:known\s+to\s+contain|contains?|containing|include[sd]?|including)\b[^.\n]{0,60}?"
                  r"\b(?:profan\w*|lewd|offensive|toxic\w*|explicit|adult|sexual|violent|hateful|pornograph\w*"
                  r"|copyrighted|personal\s+(?:data|information)|errors|mislabel\w*)",
                  keys=('contain', 'includ')),
            rule("reports data cleaning or curation",
                  r"\b(?:clean(?:ed|ing)|curat(?:ed|ing))\s+(?:the\s+|our\s+|this\s+)?(?:training\s+|pre-?training\s+)?"
                  r"(?:data(?:sets?)?|corpus|corpora)\b|\bdata\s+(?:cleaning|curation|quality)\b",
                  # "curated" as an adjective after an indefinite article describes a dataset ("the Pile, a large
                  # scale curated dataset"): it names no process (the verb does: "we curated the dataset")
                  veto=r"\ban?\s+(?:[\w-]+\s+){0,3}?curated\s+(?:data(?:sets?)?|corpus|corpora)\b",
                  keys=("clean", "curat", "data")),
            # the data cleaned or reviewed, said in the passive ("this dataset has been cleaned in the same way as
            # ...", "the transcripts were manually reviewed"), people reviewing (a sample of) it ("having annotators
            # review a random sample of the dataset to ensure its relevance"), a check that keeps its quality ("to
            # ensure the correctness of the labels"); not a review of the model's outputs or of a document. One rule
            # (each rule costs a prefilter pass on every card).
            rule("reports data cleaning or review",
                  r"\b(?:data(?:sets?)?|corpus|corpora|sub-?corpora|subsets?|transcripts?|captions|texts|annotations"
                  r"|labels|descriptions|sentences|documents|comments|records)\s+(?:\w+\s+){0,3}?(?:was|were|is|are"
                  r"|has\s+been|have\s+been|had\s+been)\s+"
                  r"(?:\w+ly\s+|also\s+|then\s+|further\s+|first\s+)?(?:cleaned|sanitized|sanitised|scrubbed"
                  r"|reviewed|inspected|audited)\b"
                  # the data named as what the authors cleaned ("the dataset we have already cleaned")
                  r"|\b(?:data(?:sets?)?|corpus|corpora|texts|transcripts?|annotations)(?:\]\([^)\s]{0,200}\))?\s+"
                  r"(?:that\s+|which\s+)?"
                  r"(?:we|i|they)\s+(?:have\s+|had\s+)?(?:already\s+|also\s+|manually\s+|carefully\s+)?"
                  r"(?:cleaned|sanitized|sanitised|scrubbed|deduplicated|curated)\b"
                  # a verb, not the noun ("book reviews dataset"): a past or -ing form, or the bare verb before
                  # its object
                  r"|(?<!peer[- ])(?<!peer)\b(?:(?:reviewed|reviewing|inspected|inspecting|audited|auditing)\s+"
                  r"|(?:review|inspect|audit)\s+(?=(?:the|a|an|each|every|all|some|our|their)\s))(?:\w+\s+){0,5}?"
                  r"(?:(?:random\s+)?(?:sample|subset|portion|part)\s+(?:\w+\s+)?of\s+)?(?:the\s+|our\s+|this\s+"
                  r"|their\s+|each\s+|every\s+|all\s+)?(?:training\s+|pre-?training\s+|fine-?tuning\s+)?"
                  r"(?:data(?:sets?)?|corpus|corpora|annotations|labels|transcripts?|samples|examples|captions)\b"
                  r"|\bto\s+(?:ensure|verify)\s+(?:the\s+)?(?:quality|relevance|correctness|accuracy|consistency"
                  r"|cleanliness)\s+of\s+(?:the\s+|all\s+|these\s+|our\s+|its\s+|each\s+)?(?:\w+\s+)?(?:data(?:sets?)?"
                  r"|corpus|corpora|annotations|labels|transcripts?|samples|examples|captions|images|texts|pairs)\b",
                  veto=OUTPUT_CTX.pattern + r"|\b(?:card|licen[cs]e|terms|documentation|paper|literature|code|results?"
                       r"|predictions?|performance)\b",
                  # exact forms as keys: "clean" alone is in every CleanRL and LibriSpeech "test-clean" card
                  keys=('cleaned', 'saniti', 'scrubbed', 'review', 'inspect', 'audit', 'ensure', 'verify')),
            # a known quality problem of the data, stated ("the quality of some sub-corpora might be lower than
            # expected", "low-quality transcripts in the training set", "personal information may be present")
            rule("names a known data issue",
                  r"\bquality\s+of\s+(?:the\s+|some\s+|these\s+|this\s+|our\s+|its\s+|many\s+)?(?:[\w-]+\s+){0,3}?"
                  r"(?:data(?:sets?)?|corpus|corpora|sub-?corpora|subsets?|transcripts?|annotations|labels|captions"
                  r"|texts|images|recordings|audio|sources)\s+(?:\w+\s+){0,2}?(?:is|are|was|were|may|might|can|could"
                  r"|varies|vary)\b[^.\n]{0,40}?\b(?:low|lower|poor|poorer|variable|varies|vary|varying|uneven|mixed"
                  r"|inconsistent|questionable|not\s+(?:always\s+)?(?:high|good|perfect|guaranteed))\b"
                  r"|\b(?:low|poor|varying|variable|mixed|uneven|inconsistent)[- ]quality\s+(?:training\s+)?(?:data"
                  r"|text|transcripts?|annotations|labels|captions|translations|samples|examples|pairs)\b"
                  r"|\b(?:personal|sensitive|private|personally\s+identifiable|profan\w*|offensive|toxic|explicit"
                  r"|adult|sexual|hateful|copyrighted|duplicated?|noisy|erroneous|incorrect)\s+(?:and\s+\w+\s+)?"
                  r"(?:\w+\s+)?(?:data|information|details|content|material|text|language|examples|samples|entries"
                  r"|labels)\s+(?:\w+\s+){0,2}?(?:might|may|could|can|is\s+likely\s+to|are\s+likely\s+to)\s+(?:still\s+)?"
                  r"be\s+present\b",
                  require=r"\b(?:contain\w*|includ\w*|train\w*|corpus|corpora|sub-?corpora|data(?:sets?)?|collected"
                          r"|scraped|crawl\w*)\b",
                  veto=OUTPUT_CTX.pattern + r"|\b(?:inputs?|predictions?|generat\w*)\b",
                  keys=('quality', 'be present')),  # "be present", not "present": "represent" holds it
            rule("reports label noise", r"\blabel(?:ing)?\s+noise|noisy\s+labels?|mislabel\w*"
                                         r"|annotation\s+(?:errors?|noise)"
                  r"|inter-?annotator|annotator\s+agreement", keys=('label', 'noisy', 'mislabel', 'annotat')),
            rule("reports data quality work",
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
        rx(r"pre-?process\w*|data\s+(?:preparation|processing|pipeline)|tokeni[sz]ation|vorverarbeitung|预处理|数据处理"),
        (
            rule("describes preprocessing", r"\bpre-?process(?:ed|ing)\b[^.\n]{0,80}\b(?:by|with|using|into|to"
                                             r"|includes?|steps?|pipeline)\b"
                  r"|\b(?:resized|center[- ]cropped|randomly\s+cropped|normali[sz]ed|lower-?cased|truncated"
                  r"|tokeni[sz]ed|chunked|packed)\b"
                  r"[^.\n]{0,40}\b(?:to|into|with|using|by)\b",
                  keys=('process', 'preprocess', 'resized', 'crop', 'normali', 'lower', 'truncated', 'tokeni',
                        'chunked', 'packed')),
            rule("describes preprocessing", r"\bdata\s+augmentation\b|\bsequences?\s+(?:were|are)\s+(?:packed"
                                             r"|truncated|padded)\b",
                  keys=('augmentation', 'sequence')),
            rule("describes data cleaning", r"(?<![-/\w])(?:de-?dup\w*|deduplicat\w*)\b|" + FILTER_VERB
                + r"[^.\n]{0,80}?" + UNWANTED,
                  veto=OUTPUT_CTX,
                  keys=('dedup', 'filter', 'remov', 'exclud', 'block', 'black', 'screen', 'discard', 'scrub',
                        'clean', 'purg')),
        ),
        section_min_words=6,
    ),
)
