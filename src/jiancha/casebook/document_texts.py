"""The 正文 of a supervision document as prose, written from a clue's facts.

Each kind of document has its sections (发现的问题, 证据, 法律依据, 建议, the reply period)
and a Jinja template for each, filled from what the clue holds: the model header's
``conclusion`` and ``document.request`` (rendered with :func:`jiancha.models.conclusion.render`
over the hit's subject, facts and parameters), the decisive facts under their Chinese labels,
the evidence named as the documents they are (《暂予监外执行决定书》（漳中法刑更〔2024〕73号）),
the sources searched and found empty, the articles quoted, and the reply period of
:data:`jiancha.periods.REPLY_PERIODS`. Nothing here prints a column name, a code or an id: a
value is a date (2024年10月30日), an amount (12,345.00元), a label of the contract or a name.

The sections are what the draft page edits; :mod:`jiancha.casebook.documents` lays them out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from jiancha.casebook.actions import (
    ENFORCEMENT_RECOMMENDATION,
    KIND_TITLES,
    REPLY_REMINDER,
    RETRIAL_RECOMMENDATION,
    SIMILAR_CASE_REPORT,
    ActionKind,
)
from jiancha.casebook.finding import excesses
from jiancha.errors import ModelError
from jiancha.models.conclusion import cn_date, cn_month, context_of, num, pct, render, yuan
from jiancha.periods import reply_period

if TYPE_CHECKING:
    from jiancha.models.spec import Header, SuggestedDocument
    from jiancha.text.similar import SimilarResult

K = ActionKind

# -- the sections of each kind: (name, heading); a heading numbered 一、 is a GB/T 9704
# first-level heading; an empty heading puts the section's text straight after the one before

SECTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    K.RECOMMENDATION: (
        ("facts", "一、发现的问题"),
        ("evidence", "二、认定上述事实的证据"),
        ("legal_basis", "三、法律依据"),
        ("request", "四、检察建议"),
        ("closing", ""),
    ),
    K.CORRECTION_NOTICE: (
        ("facts", "一、违法事实"),
        ("evidence", "二、认定上述事实的证据"),
        ("legal_basis", "三、法律依据"),
        ("request", "四、纠正意见"),
        ("closing", ""),
    ),
    K.PIL_PRE_LITIGATION: (
        ("facts", "一、发现的问题"),
        ("evidence", "二、认定上述事实的证据"),
        ("legal_basis", "三、法律依据"),
        ("request", "四、检察建议"),
        ("closing", ""),
    ),
    K.SUPERVISORY_TRANSFER: (
        ("facts", "一、发现的问题线索"),
        ("evidence", "二、相关证据"),
        ("legal_basis", "三、移送依据"),
        ("request", "四、移送事项"),
        ("closing", ""),
    ),
    RETRIAL_RECOMMENDATION: (
        ("facts", "一、本院查明的事实"),
        ("evidence", "二、认定上述事实的证据"),
        ("legal_basis", "三、法律依据"),
        ("request", "四、再审检察建议"),
        ("closing", ""),
    ),
    ENFORCEMENT_RECOMMENDATION: (
        ("facts", "一、执行活动中存在的问题"),
        ("evidence", "二、认定上述事实的证据"),
        ("legal_basis", "三、法律依据"),
        ("request", "四、检察建议"),
        ("closing", ""),
    ),
    REPLY_REMINDER: (
        ("facts", ""),
        ("request", ""),
        ("closing", ""),
    ),
    SIMILAR_CASE_REPORT: (
        ("facts", "一、检索事由"),
        ("evidence", "二、检索到的类案"),
        ("legal_basis", "三、类案量刑情况"),
        ("request", "四、检索结论"),
        ("closing", ""),
    ),
}
SECTION_LABELS: dict[str, str] = {
    "facts": "发现的问题",
    "evidence": "证据",
    "legal_basis": "法律依据",
    "request": "建议或要求",
    "closing": "回复期限",
}

_ISSUE = "本院在履行法律监督职责中，通过比对{{ compared }}发现："
_FACTS = (
    _ISSUE + "{{ conclusion }}"
    "{% if decisive %}\n经核对，{{ decisive|join('；') }}。{% endif %}"
    "{% for c in checked %}\n经查询{{ c }}，均无记录。{% endfor %}"
)
_EVIDENCE = (
    "上述事实，有下列证据证实：\n"
    "{% for e in evidence %}{{ loop.index }}.{{ e }}"
    "{% if not loop.last %}；\n{% else %}。{% endif %}"
    "{% endfor %}"
)
_BASIS = (
    "{% for b in basis %}《{{ b.law }}》{{ b.article }}规定："
    "“{{ b.text }}”{% if not loop.last %}\n{% endif %}{% endfor %}"
)

TEMPLATES: dict[str, dict[str, str]] = {
    K.RECOMMENDATION: {
        "facts": _FACTS,
        "evidence": _EVIDENCE,
        "legal_basis": _BASIS
        + "\n本院认为，上述情形不符合前述规定。根据《人民检察院检察建议工作规定》"
        "的有关规定，特向你单位提出如下检察建议：",
        "request": "{{ request }}",
        "closing": "请你单位于收到本检察建议书之日起{{ period }}将办理情况书面回复本院。",
    },
    K.CORRECTION_NOTICE: {
        "facts": _FACTS,
        "evidence": _EVIDENCE,
        "legal_basis": _BASIS + "\n你单位的上述行为违反了前述规定。",
        "request": "{{ request }}",
        "closing": "现通知你单位予以纠正，并于收到本通知书之日起{{ period }}"
        "将纠正情况书面回复本院。",
    },
    K.PIL_PRE_LITIGATION: {
        "facts": _FACTS + "\n上述情形致使国家利益或者社会公共利益受到侵害。",
        "evidence": _EVIDENCE,
        "legal_basis": _BASIS + "\n根据《中华人民共和国行政诉讼法》第二十五条第四款的规定，"
        "特向你单位提出如下检察建议：",
        "request": "{{ request }}",
        "closing": "请你单位于收到本检察建议书之日起{{ period }}依法履行职责，并将办理情况书面回复"
        "本院。逾期不回复或者未依法履行职责的，本院将依法提起行政公益诉讼。",
    },
    K.SUPERVISORY_TRANSFER: {
        "facts": _FACTS + "\n{{ organ.suspicion }}",
        "evidence": _EVIDENCE,
        "legal_basis": _BASIS,
        "request": "{{ request }}",
        "closing": "现将上述问题线索及相关材料移送{{ organ.you }}依法处置，请于收到本函之日起"
        "{{ period }}将处置情况反馈本院。",
    },
    RETRIAL_RECOMMENDATION: {
        "facts": _FACTS,
        "evidence": _EVIDENCE,
        "legal_basis": _BASIS + "\n本院认为，本案符合前述规定的再审情形。",
        "request": "{{ request }}",
        "closing": "请你院于收到本再审检察建议书之日起{{ period }}进行审查，"
        "并将审查结果书面回复本院。",
    },
    ENFORCEMENT_RECOMMENDATION: {
        "facts": _FACTS,
        "evidence": _EVIDENCE,
        "legal_basis": _BASIS + "\n本院认为，上述执行活动不符合前述规定。",
        "request": "{{ request }}",
        "closing": "请你院于收到本检察建议书之日起{{ period }}将办理情况书面回复本院。",
    },
    REPLY_REMINDER: {
        "facts": "本院于{{ issued_on }}向你单位制发"
        "《{{ earlier_title }}》{% if earlier_number %}（{{ earlier_number }}）{% endif %}，"
        "{% if served_on %}于{{ served_on }}送达，{% endif %}"
        "要求你单位于{{ due_on }}前将办理情况书面回复本院。截至{{ today }}，"
        "已逾期{{ overdue_days }}日，本院尚未收到你单位的书面回复。",
        "request": "{{ request }}",
        "closing": "请你单位于收到本函之日起{{ period }}将办理情况书面回复本院。",
    },
    SIMILAR_CASE_REPORT: {
        "facts": "{% if conclusion %}本院在办理{{ conclusion_lead }}过程中，{% endif %}"
        "为统一法律适用、准确把握量刑尺度，以{{ query }}为检索对象，"
        "在本院管辖范围的刑事裁判中检索类案{{ matches|length }}件。",
        "evidence": "{% for m in matches %}类案{{ loop.index }}：{{ m }}"
        "{% if not loop.last %}\n{% endif %}{% endfor %}",
        "legal_basis": "{% for line in distribution %}{{ line }}"
        "{% if not loop.last %}\n{% endif %}{% endfor %}",
        "request": "{% for line in estimate %}{{ line }}{% if not loop.last %}\n{% endif %}"
        "{% else %}检索到的类案不足以估计量刑。{% endfor %}",
        "closing": "本报告依据本院数据仓库中的裁判文书检索生成，供承办检察官参考，不作为定案依据。",
    },
}


@dataclass(frozen=True)
class _Organ:
    """What a 线索移送函 says of the organ it goes to: how it addresses it and what the clue
    may amount to there."""

    you: str  # 你委
    suspicion: str  # the facts' last sentence
    request: str  # the request when the header gives none for a transfer


# The organs a clue is transferred to (models.spec.TransferOrgan), and the words for each.
TRANSFER_ORGANS: dict[str, _Organ] = {
    "supervisory_commission": _Organ(
        "你委",
        "上述问题可能涉及有关人员职务违法或者职务犯罪。",
        "请你委依照《中华人民共和国监察法》的规定对上述问题线索进行审查处置。",
    ),
    "public_security": _Organ(
        "你局",
        "上述行为可能涉嫌犯罪，属于公安机关管辖。",
        "请你局依照《中华人民共和国刑事诉讼法》第一百一十二条的规定对上述线索进行审查，"
        "认为有犯罪事实需要追究刑事责任的，依法立案侦查。",
    ),
}
# Words of a recipient's name that tell its organ, whatever the model suggested.
_ORGAN_WORDS: tuple[tuple[str, str], ...] = (
    ("公安", "public_security"),
    ("监察", "supervisory_commission"),
    ("监委", "supervisory_commission"),
)


def transfer_organ(recipient: str, header: Header | None = None) -> str:
    """The organ a transfer to ``recipient`` goes to: the one its name says (…公安局,
    …监察委员会), else the one the model's header suggests, else the supervisory commission."""
    for word, organ in _ORGAN_WORDS:
        if word in recipient:
            return organ
    document = header.document if header is not None else None
    if document is not None and document.to is not None:
        return document.to
    return "supervisory_commission"


# What a document asks when the model's header says nothing for this kind.
DEFAULT_REQUESTS: dict[str, str] = {
    K.RECOMMENDATION: "建议你单位对上述问题依法进行核查，并采取有效措施予以纠正。",
    K.CORRECTION_NOTICE: "请你单位依法纠正上述违法情形，并对相关责任人员依法依规处理。",
    K.PIL_PRE_LITIGATION: "建议你单位依法全面履行监督管理职责，及时制止违法行为，"
    "采取有效措施保护国家利益和社会公共利益。",
    RETRIAL_RECOMMENDATION: "建议你院对本案依法启动再审程序。",
    REPLY_REMINDER: "根据有关规定，收到本院文书的单位应当在规定期限内书面回复。现函请你单位抓紧"
    "办理，并说明逾期未回复的原因。",
    ENFORCEMENT_RECOMMENDATION: "建议你院依法纠正上述执行活动中的问题，"
    "并采取有效措施规范执行行为。",
}

# The document each evidence table is, as a prosecutor names it; by kind of change where one
# table holds several documents.
_EVIDENCE_NAMES: dict[str, str] = {
    "judgment": "刑事判决书",
    "prisoner": "罪犯收押登记表",
    "community_correction": "社区矫正档案",
    "criminal_case": "刑事案件登记表",
    "case_report": "报案登记表",
    "coercive_measure": "强制措施决定书",
    "custody_extension": "延长羁押期限决定书",
    "procedural_event": "诉讼环节登记",
    "admin_penalty": "行政处罚决定书",
    "civil_case": "民事裁判文书",
    "civil_party": "民事当事人登记",
    "recommendation": "检察建议书",
    "petition": "信访登记表",
    "supervisory_transfer": "问题线索移送函",
    "seized_property": "涉案财物登记表",
    "death_record": "死亡登记",
    "hospital_stay": "医保住院结算记录",
    "border_crossing": "出入境记录",
    "employment_record": "社会保险缴费记录",
}
_CHANGE_NAMES = {
    "commutation": "减刑裁定书",
    "parole": "假释裁定书",
    "medical_parole": "暂予监外执行决定书",
    "revocation": "收监执行决定书",
}
_CASE_NUMBER = re.compile(r"[（(〔\[]\d{4}[)）〕\]].{1,30}号$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_ISO_MONTH = re.compile(r"^\d{4}-(?:0[1-9]|1[0-2])$")
_CN_NUMBERS = "零一二三四五六七八九十"


@dataclass(frozen=True)
class Sources:
    """What a document is written from: the clue's rows and the model that found it."""

    title: str  # the clue's title (the model's)
    subject: Mapping[str, Any]
    facts: Mapping[str, Any]
    legal_basis: Sequence[Mapping[str, Any]]
    evidence: Sequence[tuple[str, Mapping[str, Any]]]  # (table, snapshot of the row)
    header: Header | None = None
    parameters: Mapping[str, Any] = field(default_factory=dict)
    recipient: str = ""
    urgent: bool = False
    reply_days: int | None = None
    today: date | None = None
    earlier: Mapping[str, Any] | None = None  # a reminder's: the document it chases
    similar: SimilarResult | None = None  # a similar-case report's search


def compose(kind: str, sources: Sources, *, model_id: str = "") -> dict[str, str]:
    """The sections of a document of ``kind`` written from ``sources``."""
    context = _context(kind, sources, model_id)
    env = _env()
    out: dict[str, str] = {}
    for name, _heading in SECTIONS[kind]:
        text = env.from_string(TEMPLATES[kind][name]).render(**context)
        out[name] = "\n".join(line.strip() for line in text.splitlines() if line.strip())
    return out


@lru_cache(maxsize=1)
def _env() -> SandboxedEnvironment:
    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False)
    env.filters.update(cn_date=cn_date, cn_month=cn_month, yuan=yuan, pct=pct, num=num)
    return env


def _context(kind: str, s: Sources, model_id: str) -> dict[str, Any]:
    header = s.header
    hit = context_of(s.subject, s.facts, s.parameters)
    conclusion = s.title + "。"
    organ_key = transfer_organ(s.recipient, header)
    organ = TRANSFER_ORGANS[organ_key]
    request = DEFAULT_REQUESTS.get(kind, organ.request if kind == K.SUPERVISORY_TRANSFER else "")
    suggested = _suggested(kind, header, organ_key)
    # a clue found by an older version of its model may lack a fact the header's templates
    # now read: its document then states the finding by the model's title
    try:
        if header is not None and header.conclusion:
            conclusion = render(header.conclusion, hit, model_id=model_id)
        if suggested is not None:
            request = render(suggested.request, hit, model_id=model_id, what="建议")
    except ModelError:
        pass
    tables = [t for t, _ in s.evidence] + [c.table for c in (header.checked if header else [])]
    context: dict[str, Any] = {
        "conclusion": conclusion,
        "conclusion_lead": s.title,
        "organ": organ,
        "request": request,
        "compared": _compared(tables),
        "decisive": _decisive(s),
        "checked": _checked(s),
        "evidence": [evidence_name(t, row) for t, row in s.evidence],
        "basis": [
            {"law": _law(b.get("law", "")), "article": b.get("article", ""), "text": b["text"]}
            for b in s.legal_basis
            if b.get("text")
        ],
        "period": reply_text(kind, urgent=s.urgent, reply_days=s.reply_days),
        "today": cn_date(s.today or date.today()),
    }
    if kind == REPLY_REMINDER:
        context.update(_reminder(s))
    if kind == SIMILAR_CASE_REPORT:
        context.update(_similar(s))
    return context


def _suggested(kind: str, header: Header | None, organ: str) -> SuggestedDocument | None:
    """The model's suggested document when it is of ``kind``: its request is for the organ
    it suggests, so a transfer to another organ asks that organ's default."""
    document = header.document if header is not None else None
    if document is None or document.kind != kind:
        return None
    if kind == K.SUPERVISORY_TRANSFER and transfer_organ("", header) != organ:
        return None
    return document


def _law(name: str) -> str:
    """A law's name as a document cites it the first time: with 中华人民共和国 where the law
    is a national statute named short (刑事诉讼法)."""
    statutes = ("刑事诉讼法", "刑法", "民事诉讼法", "行政诉讼法", "监狱法", "社区矫正法", "监察法")
    return f"中华人民共和国{name}" if name in statutes else name


def _compared(tables: Sequence[str]) -> str:
    from jiancha.schema import contract

    labels: list[str] = []
    for table in tables:
        try:
            label = contract().table(table).label
        except Exception:  # a table the contract does not know is left unnamed
            continue
        if label not in labels:
            labels.append(label)
    if not labels:
        return "相关执法司法数据"
    if len(labels) == 1:
        return f"{labels[0]}数据"
    return "、".join(labels[:-1]) + f"与{labels[-1]}数据"


def _decisive(s: Sources) -> list[str]:
    header = s.header
    if header is None:
        return []
    names = header.decisive or []
    lines = [f"{header.facts[n]}为{fact_text(s.facts.get(n), header.facts[n])}" for n in names]
    # the excess the clue page shows as its own row: the document says it too
    return lines + [f"{e.line.label}{e.line.value}" for e in excesses(s.facts, header)]


def _checked(s: Sources) -> list[str]:
    if s.header is None:
        return []
    found = []
    for c in s.header.checked:
        since = cn_date(s.facts.get(c.since)) if c.since else None
        until = cn_date(s.facts.get(c.until)) if c.until else None
        span = f"，查询期间{since}至{until}" if since and until else ""
        found.append(f"{c.agency}{c.label}{span}")
    return found


def reply_text(kind: str, *, urgent: bool = False, reply_days: int | None = None) -> str:
    """The reply period as a document states it: 两个月内, 十五日内."""
    if reply_days:
        return f"{cn_number(reply_days)}日内"
    if kind == K.SUPERVISORY_TRANSFER:
        return "九十日内"  # casebook.deadlines' supervisory_feedback: the platform's ninety days
    period = reply_period(kind)
    if urgent and period.urgent_days:
        return f"{cn_number(period.urgent_days)}日内"
    if period.months:
        return f"{'两' if period.months == 2 else cn_number(period.months)}个月内"
    return f"{cn_number(period.days)}日内"


def cn_number(n: int) -> str:
    """1..99 in Chinese numerals (十五, 九十, 二十一)."""
    if n < 0 or n > 99:
        return str(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _CN_NUMBERS[ones]
    text = ("" if tens == 1 else _CN_NUMBERS[tens]) + "十"
    return text + (_CN_NUMBERS[ones] if ones else "")


# -- values as people read them --------------------------------------------------------------


@lru_cache(maxsize=1)
def _enum_labels() -> dict[str, str]:
    from jiancha.schema import contract

    labels: dict[str, str] = {}
    for table in contract().tables.values():
        for column in table.columns:
            for code, label in column.allowed.items():
                labels.setdefault(code, label)
    return labels


def fact_text(value: Any, label: str = "") -> str:
    """A fact's value in Chinese: a date as 2024年10月30日, an amount as 12,345.00元, a
    count with separators, a yes/no as 是/否, a code as its contract label."""
    if value is None or value == "":
        return "不详"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime | date) or (isinstance(value, str) and _ISO_DATE.match(value)):
        return cn_date(value)
    if isinstance(value, int | float | Decimal):
        if "金额" in label or "元" in label or "款" in label:
            return yuan(value)
        if "比" in label or "率" in label:
            return pct(value)
        return num(value)
    if isinstance(value, list | tuple):
        return "、".join(fact_text(v, label) for v in value)
    text = str(value)
    if _ISO_MONTH.match(text):
        return cn_month(text)
    labels = _enum_labels()
    if ";" in text:
        return "、".join(labels.get(part, part) for part in text.split(";") if part)
    return labels.get(text, text)


def evidence_name(table: str, row: Mapping[str, Any]) -> str:
    """A row of evidence as the document it is: 《暂予监外执行决定书》（漳中法刑更〔2024〕73号）,
    or, without a case number, the person and the day it concerns."""
    name = _EVIDENCE_NAMES.get(table)
    if table == "execution_change":
        name = _CHANGE_NAMES.get(str(row.get("kind")), "刑罚变更执行裁定书")
    if name is None:
        name = _table_label(table) + "记录"
    number = next(
        (str(v) for v in row.values() if isinstance(v, str) and _CASE_NUMBER.search(v.strip())),
        None,
    )
    if number:
        return f"《{name}》（{number.strip()}）"
    detail = _row_detail(table, row)
    return f"《{name}》（{detail}）" if detail else f"《{name}》"


def _table_label(table: str) -> str:
    from jiancha.schema import contract

    try:
        return contract().table(table).label
    except Exception:
        return "相关数据"


def _row_detail(table: str, row: Mapping[str, Any]) -> str:
    """The person a row is about and its first date, labelled: 罪犯姓名王某某，裁定日期…"""
    from jiancha.schema import contract

    try:
        columns = contract().table(table).columns
    except Exception:
        return ""
    parts: list[str] = []
    person = next((c for c in columns if c.person and c.type == "text" and row.get(c.name)), None)
    if person is not None:
        parts.append(f"{person.label}{row[person.name]}")
    dates = [c for c in columns if c.type == "date" and row.get(c.name)]
    dated = next((c for c in dates if c.required), dates[0] if dates else None)
    if dated is not None:
        parts.append(f"{dated.label}{cn_date(row[dated.name])}")
    return "，".join(parts)


# -- a reminder, a similar-case report --------------------------------------------------------


def _reminder(s: Sources) -> dict[str, Any]:
    earlier = s.earlier or {}
    due = earlier.get("due_on")
    today = s.today or date.today()
    overdue = (today - due).days if isinstance(due, date) else 0
    return {
        "earlier_title": KIND_TITLES.get(str(earlier.get("kind")), "检察建议书"),
        "earlier_number": earlier.get("number") or "",
        "issued_on": cn_date(earlier.get("issued_on")),
        "served_on": cn_date(earlier["served_on"]) if earlier.get("served_on") else "",
        "due_on": cn_date(due),
        "overdue_days": max(overdue, 0),
    }


def _similar(s: Sources) -> dict[str, Any]:
    from jiancha.text.report import distribution, estimate_lines, term_label

    result = s.similar
    if result is None:
        return {"matches": [], "distribution": [], "estimate": [], "query": "本案案情"}
    matches = []
    for m in result.matches:
        parts = [f"罪名{m.charge}" if m.charge else "罪名不详"]
        if m.term_months is not None:
            parts.append(f"判处有期徒刑{term_label(m.term_months)}")
        elif m.penalty:
            parts.append(f"判处{fact_text(m.penalty)}")
        if m.fine_yuan:
            parts.append(f"并处罚金{yuan(m.fine_yuan)}")
        if m.amount_yuan:
            parts.append(f"涉案金额{yuan(m.amount_yuan)}")
        parts.append(f"相似度{pct(m.score)}")
        if m.matched:
            parts.append("相同要素：" + "、".join(str(e) for e in m.matched))
        if m.differing:
            parts.append("不同要素：" + "、".join(str(e) for e in m.differing))
        matches.append("，".join(parts))
    dist = distribution(result.matches)
    lines = [f"检索到的类案中，{dist['count']}件判处有期徒刑。"]
    if dist["count"]:
        lines.append(
            f"刑期最短{term_label(int(dist['min']))}，最长{term_label(int(dist['max']))}，"  # type: ignore[call-overload]
            f"中位数{term_label(round(float(dist['median'])))}。"  # type: ignore[arg-type]
        )
        bins = dist["bins"]
        assert isinstance(bins, dict)
        lines.append("；".join(f"{k}{v}件" for k, v in bins.items() if v) + "。")
    name = s.subject.get("name") or s.subject.get("defendant_name")
    query = f"{name}案的裁判事实" if name else "本案案情"
    return {
        "matches": matches,
        "distribution": lines,
        "estimate": estimate_lines(result.estimate),
        "query": query,
    }
