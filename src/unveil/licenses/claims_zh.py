"""Open-source claims written in Chinese (开源) or Korean (오픈소스), read with the same principle as the English
reader in `claims`: the claim's subject must be this release.

Claims: "我们开源的UBERT…" (we open-source), "在此开源了我们预训练的…模型参数" (here we open-source), "本次开源…"
(this release), "SkyCode是…开源编程大模型" / "我们的Taiyi-CLIP是…首个的开源中文CLIP" (the release, or "our X", is an
open-source model), "首个开源的中文CLIP模型" (a description opening with the release's kind), "模型权重已经开源"
(said of the weights).
Not claims: what the phrase modifies is code, a framework, data or a project ("开源框架DeepSpeed", "模型代码已经…开源");
comparisons ("高出其他开源模型"); another model, previous releases or a linked one ("之前开源的…", "[开源…模型](other)",
"此模型的[轻量化版本]…也已经开源"); negations and plans ("将…开源后续模型"); quoted example sentences.
"""

from __future__ import annotations

import re
from collections.abc import Callable

Squash = Callable[[str], str]

# Chinese (simplified, traditional, and the long forms), Korean (with or without the space) and Japanese.
ZH_OPEN = re.compile(r"开源|開源|开放源代码|開放原始碼|开放源码|오픈 ?소스|オープン[・･ ]?ソース")
# A markdown link: its text names something else (another model, a library) whatever it says.
_MD_LINK = re.compile(r"\[([^\[\]\n]*)\]\([^()\s]*\)")
_QUOTED = re.compile(r"[\"“「『][^\"”」』\n]{0,200}[\"”」』]")
_CLAUSE_END = re.compile(r"[。！？；!?;]")
_MAX_PER_LINE = 8  # a hostile line of thousands of 开源 stays linear

_NEGATED = re.compile(r"(?:未|没有|没|不|暂不|尚未|并未|并非|非|无)\s*$")
_PLANNED = re.compile(r"(?:将|即将|计划|会|后续|未来|准备|打算|希望)[^，,、]{0,8}$")
_PREVIOUS = re.compile(r"(?:之前|此前|以前|先前|早前|曾经)(?:已)?\s*$")
_COMPARED = re.compile(r"(?:其他|其它|其余|现有|已有|众多|主流|同类|相比|对比|超过|高出|优于|超越|领先|许多|很多"
                       r"|大多数)[^，,。]{0,6}$")
# What "开源" modifies or is said of, when it is not the model.
_OTHER_HEAD = re.compile(r"(?:框架|代码|工具|库|数据|语料|项目|社区|软件|平台|脚本|方法|实现|协议|许可"
                         r"|benchmark|基准|评测集|样本"
                         r"|프로젝트|라이브러리|코드|데이터|도구|ライブラリ|ツール|データ|コード|フレームワーク|ソフト"
                         r"|プロジェクト|コミュニティ|実装|スクリプト)")
_MODEL_HEAD = re.compile(r"(?:模型|大模型|参数|权重|版本|checkpoint|CLIP|BERT|GPT|Diffusion|LLM|모델|モデル|重み)",
                         re.I)
# Who open-sources, directly before it: "我们开源的", "我们在此开源了".
_ACTOR = re.compile(r"(?:我们|我司|本团队|我们团队|本项目|本仓库)(?:在此|此次|本次|这次|正式|已经|已|也|现)?\s*$")
# Japanese (and Korean) put the verb after the phrase: who speaks is the clause's topic ("私たちは本モデルを…"),
# and negations and plans follow it ("…ではありません", "…する予定です").
_JA_ACTOR = re.compile(r"(?:我々|私たち|われわれ|弊社|当社|当研究室|우리는|저희는)")
_JA_SELF = re.compile(r"^(?:本モデル|このモデル|当モデル|本重み|이 모델|본 모델)$")
_POST_NEGATED = re.compile(r"^[^。．!！?？]{0,16}(?:ではない|ではありません|じゃない|しない|しません|していません|"
                           r"されていません|아닙니다|아니다|않습니다)")
_POST_PLANNED = re.compile(r"^[^。．!！?？]{0,24}(?:予定|つもり|見込み|計画|예정)")
# The disposal construction: "我们将/把 <object> (在 … 上)(进行了) 开源" — 将 marks the object here, not the future
# ("我们将模型参数、配置文件等在huggingface上进行了开源"); a time word in it makes it a plan again ("将于下周开源").
_DISPOSAL = re.compile(r"(?:我们|我司|本团队|我们团队)[^，,。；;]{0,6}?(?:将|把)(?P<obj>[^，,。；;：:]{1,60}?)"
                       r"(?:在[^，,。；;]{0,30}?(?:上|中))?(?:进行了|进行|予以|全部|均|都|也|已经|已)*\s*$")
_TIME = re.compile(r"(?:于|下周|下月|近期|未来|后续|之后|以后|稍后|即将|明年|年底|近日|不久|会|要)")
# This release itself: "本次开源", "在此开源了".
_THIS_RELEASE = re.compile(r"(?:本次|此次|这次|在此|现在|今天|正式)\s*$")
_SELF_SUBJECT = re.compile(r"^(?:本模型|此模型|该模型|这个模型|这一模型|模型权重|权重|我们的\S+)$")
_COPULA = re.compile(r"(?:是|为|乃)")
# A description that opens with what the release is: "首个开源的中文CLIP模型".
_OPENER = re.compile(r"^\W*(?:首个|第一个|首款|首个的|一个|一款|全部|完全|全面)?\s*$")
# A line that is only a noun phrase describing the release ("**百亿参数的开源中英文双语基座大模型**" under the title):
# at most a short modifier with 的 before the phrase, the model noun ending it.
_NP_PRE = re.compile(r"[\W\d_]*(?:[\u4e00-\u9fff\w]{1,12}的)?\s*")
_NP_POST = re.compile(r"[\u4e00-\u9fffA-Za-z0-9\s-]{0,16}?(?:大模型|模型|基座模型)[\W_]*")
_NP_VERB = re.compile(r"(?:使用|采用|基于|用|训练|对比|相比|其他|其它|参考|借鉴|调用)")
# The release named right after the model noun the phrase modifies: "…的中文开源大模型Llama-3-Chinese以及…".
_NAMED = re.compile(r"^\s*的?\s*[\u4e00-\u9fff]{0,8}?(?:大模型|模型|基座模型|LLM)\s*(?P<name>[A-Za-z][\w.\-]{2,40})")
# A list item's bare property label, then what it says: "- **👐 开源可商用**：… CPM-Bee基座模型将完全开源并且可商用".
_ZH_LABEL = re.compile(r"^[\W_]*(?P<label>[^：:\n]{1,24}?)[*_\s]*[：:]\s*(?P<body>\S.*)$")
_PROPERTY_WORDS = re.compile(r"可商用|商用|免费|可用|使用|完全|全面|全|和|与|及|且|并|、|\s")


def zh_claim(raw: str, names: list[str], squash: Squash) -> str | None:
    """The clause of `raw` (one prose line) presenting the release as open source, if any. `names` are the
    release's names squashed by `squash` (as the English reader has them)."""
    text = _MD_LINK.sub("〔链接〕", raw)  # an 开源 inside a link's text is said of the linked thing
    text = _QUOTED.sub("〔引文〕", text)  # an example sentence in quotes is nobody's claim
    label = _label_claim(text, names, squash)
    if label is not None:
        return text.strip(" *#-")[:400] if label else None
    found = 0
    for clause in _CLAUSE_END.split(text):
        for m in ZH_OPEN.finditer(clause):
            found += 1
            if found > _MAX_PER_LINE:
                return None
            if _presents_release(clause, m, names, squash):
                return clause.strip(" *#-")[:400]
    return None


def _label_claim(text: str, names: list[str], squash: Squash) -> bool | None:
    """A bare "开源" property label of the release, then what it says; None when the line is no such label."""
    m = _ZH_LABEL.match(text)
    if not m or not ZH_OPEN.search(m.group("label")):
        return None
    rest = _PROPERTY_WORDS.sub("", ZH_OPEN.sub("", re.sub(r"[^\w\u4e00-\u9fff]", "", m.group("label"))))
    if rest:
        return None  # not a bare property ("开源数据：…", "开源计划：…")
    body = m.group("body")[:200]
    if re.search(r"(?:未|不|尚未|没有|闭源)开源|不可商用", body):
        return False
    return bool(_is_name(body, names, squash) or _SELF_SUBJECT.match(body[:6])
                or re.search(r"本模型|该模型|模型权重", body))


def _presents_release(clause: str, m: re.Match[str], names: list[str], squash: Squash) -> bool:
    pre, post = clause[max(0, m.start() - 200) : m.start()], clause[m.end() : m.end() + 200]
    disposal = _DISPOSAL.search(pre)
    if disposal and not _TIME.search(disposal.group("obj")) and not _NEGATED.search(pre):
        obj = disposal.group("obj")
        other, model = _OTHER_HEAD.search(obj), _MODEL_HEAD.search(obj)
        if model or _is_name(obj, names, squash):
            return not (other and (not model or other.start() < model.start()))
    if _NEGATED.search(pre) or _PLANNED.search(pre) or _PREVIOUS.search(pre) or _COMPARED.search(pre):
        return False
    if _POST_NEGATED.search(post) or _POST_PLANNED.search(post):
        return False
    head = post[:12]
    other = _OTHER_HEAD.search(head)
    model = _MODEL_HEAD.search(head)
    if other and (not model or other.start() < model.start()):
        return False  # "开源框架DeepSpeed", "开源二分类数据"
    named = _NAMED.match(post)
    if named and any(len(n) >= 4 and n in squash(named.group("name")) for n in names):
        return True  # "本项目推出了…中文开源大模型Llama-3-Chinese": the phrase names this release
    local = re.split(r"[，,：:、]", pre)[-1]  # the part of the clause this 开源 belongs to
    topic = re.match(r"^\s*(?P<subject>[^，,：:、。]{1,40}?)(?:は|가|이|는|은)", clause)
    if topic and not re.search(r"[\u4e00-\u9fff](?:是|为)", pre):  # Japanese or Korean: "XはオープンソースのLLMです"
        subject = topic.group("subject").strip()
        if _JA_ACTOR.fullmatch(subject):
            return bool(model or _MODEL_HEAD.search(pre) or _is_name(pre, names, squash) or re.search(
                r"(?:本|この|当)モデル|이 모델", pre))  # "私たちは本モデルをオープンソースで公開しました"
        if "〔链接〕" in subject or _OTHER_HEAD.search(subject):
            return False
        if _JA_SELF.match(subject) or _is_name(subject, names, squash):
            return not other
        return False
    if _ACTOR.search(pre) or _THIS_RELEASE.search(pre):
        # What is open-sourced: a noun phrase ends with its head, after its last 的 ("开源了…样本组成的benchmark").
        obj = re.split(r"[，,、：:]", post)[0]
        tail = obj[obj.rfind("的") + 1 :][:12] if "的" in obj else ""
        return not (_OTHER_HEAD.search(tail) and not _MODEL_HEAD.search(tail))  # "我们开源的UBERT", "本次开源"
    if (re.match(r"^\s*(?:了|啦|的)?\s*(?:[，,。！!]|$)", post) or re.match(r"^\s*(?:了|啦)", post)) \
            and not (_OPENER.match(local) and clause.strip(" *#-_").startswith(local.strip(" *#-_"))):
        # Said of a subject: "模型权重已经开源了"; the subject must be the release, not its code or a link.
        subject = re.sub(r"(?:已经|已|也|均|都|现已|现在|正式|在\S{0,20}上)+\s*$", "", local).strip()
        return ("〔链接〕" not in subject and not _OTHER_HEAD.search(subject)
                and bool(_SELF_SUBJECT.match(subject) or _is_name(subject, names, squash)))
    copula = list(_COPULA.finditer(local))
    if copula:
        subject = local[: copula[-1].start()].strip()
        subject = re.sub(r"^(?:据我们所知|目前|当前)\s*", "", subject)
        if "〔链接〕" in subject or _OTHER_HEAD.search(subject):
            return False
        return bool(_SELF_SUBJECT.match(subject) or _is_name(subject, names, squash)) and \
            bool(model or _MODEL_HEAD.search(post[:40]) or _is_name(post[:40], names, squash))
    if len(clause.strip(" *#-_")) <= 30 and _NP_PRE.fullmatch(pre) and _NP_POST.fullmatch(post) \
            and not _NP_VERB.search(pre):
        return True  # a line that is only a description of the release: "百亿参数的开源中英文双语基座大模型"
    # The card's description opening with the release's kind: "首个开源的中文CLIP模型，…".
    return bool(_OPENER.match(local)) and bool(_MODEL_HEAD.search(post[:30]))


def _is_name(text: str, names: list[str], squash: Squash) -> bool:
    key = squash(text)
    return bool(key) and any(len(n) >= 4 and (n in key or (len(key) >= 4 and key in n)) for n in names)


def zh_cell_says(cell: str) -> bool:
    """A table cell of the release's own row says it is open source ("| AcmeLM-Chat | 开源 |"): not negated
    ("未开源", "闭源"), not planned, not said of code or data ("开源数据")."""
    m = ZH_OPEN.search(cell)
    if m is None or re.search(r"(?:未|不|非|否|尚未|没有|闭源|暂无)", cell):
        return False
    if _PLANNED.search(cell[: m.start()]):
        return False
    head = cell[m.end() : m.end() + 12]
    other, model = _OTHER_HEAD.search(head), _MODEL_HEAD.search(head)
    return not (other and (not model or other.start() < model.start()))
