"""A typical-case draft (典型案例) from a closed clue, as a .docx in the GB/T 9704 layout.

What it says comes from the clue alone: the facts the model compared (with the names of
the people de-identified as ``jiancha publish`` does: surname + 某, identity numbers,
phones, addresses masked), the supervision steps from its workflow history and documents
(what was done, when, to whom, under which number), the outcome, and the law the model
rests on. No internal id, column name or prosecutor's name appears. It is a draft: the
prosecutor edits it before it is published, and the document says so.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import docx

from jiancha import gbt9704
from jiancha.casebook import ClueEventView, ClueView
from jiancha.casebook.actions import ACTION_LABELS, KIND_TITLES, STATUS_ACTION, UNIT_NAMES, by_unit
from jiancha.casebook.documents import DocumentView
from jiancha.casebook.status import ClueStatus as S
from jiancha.casebook.status import EventKind
from jiancha.casebook.workflow import ActionView
from jiancha.errors import JianchaError, ReportError
from jiancha.reports.clue_export import DOMAIN_LABELS, value_text
from jiancha.text.publish import pseudonyms, publish

if TYPE_CHECKING:
    from jiancha.casebook.casework import Casework
    from jiancha.project import Project

DRAFT_NOTE = (
    "本稿由系统根据线索办理记录生成，当事人信息已作脱敏处理；发布前须由承办检察官核对事实、"
    "补充完善并按程序审核。"
)
_PERSON_KEYS = re.compile(r"(^|_)name$")
_NOT_PERSON = re.compile(r"org|court|unit|company|agency|prison|hospital|school")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?$")
# a column name a model's description gives in brackets: （custody_extension）
_CODE_NOTE = re.compile(r"[（(]\s*[A-Za-z_][A-Za-z0-9_.]*\s*[)）]")
_PHASES = ("线索发现", "调查核实", "监督纠正", "跟进落实")
# What a step of the workflow says in the case, and under which phase.
_STEP_SENTENCES: dict[str, tuple[str, str]] = {
    S.VERIFYING: ("调查核实", "{when}，检察机关开展调查核实，调取、核对相关数据和材料。"),
    S.OPENED: ("调查核实", "{when}，经调查核实，违法情形属实，依法立案监督。"),
    S.SERVED: ("监督纠正", "{when}，相关文书送达{recipient}。"),
    S.OBJECTED: ("监督纠正", "{when}，{recipient}提出异议，检察机关依法复核。"),
    S.REPLIED: ("跟进落实", "{when}，{recipient}书面回复办理情况。"),
    S.ESCALATED: ("跟进落实", "{when}，因{recipient}逾期未回复，报请上级人民检察院督促。"),
    S.RECTIFIED: ("跟进落实", "{when}，{recipient}整改到位。"),
    S.CLOSED: ("跟进落实", "{when}，检察机关跟进监督，确认纠正落实，依法结案。"),
}


@dataclass(frozen=True)
class CaseModel:
    """What the case says of the model that found the clue."""

    title: str
    description: str = ""
    fact_labels: dict[str, str] | None = None
    table_labels: dict[str, str] | None = None


@dataclass(frozen=True)
class TypicalCase:
    title: str
    keywords: tuple[str, ...]
    facts: tuple[str, ...]
    steps: tuple[tuple[str, tuple[str, ...]], ...]  # (phase, its dated sentences)
    outcome: tuple[str, ...]
    law: tuple[str, ...]
    significance: tuple[str, ...]
    issuer: str
    drafted: date


def gather_typical_case(
    project: Project,
    work: Casework,
    clue_id: str,
    *,
    units: Sequence[str] | None = None,
    drafted: date | None = None,
) -> TypicalCase:
    """The typical case of a closed clue of ``project`` (one of ``units``, when given),
    from its detail as the casework reads it: history, actions, documents, evidence."""
    detail = work.clue(clue_id, units=units)
    clue = detail.clue
    if clue.status != S.CLOSED:
        raise ReportError(
            f"线索 {clue.id} 尚未结案（当前：{detail.state.status_label}），结案后才能撰写典型案例"
        )
    return build_typical_case(
        clue,
        detail.history,
        detail.state.actions,
        detail.documents,
        model=_model(project, clue),
        issuer=by_unit(UNIT_NAMES, clue.unit_code or "") or project.config.project.name,
        people=_people(clue.subject, [e.snapshot for e in detail.evidence]),
        drafted=drafted or date.today(),
    )


def typical_case_docx(
    project: Project, work: Casework, clue_id: str, *, drafted: date | None = None
) -> bytes:
    return to_docx(gather_typical_case(project, work, clue_id, drafted=drafted))


def _model(project: Project, clue: ClueView) -> CaseModel:
    from jiancha.schema import contract

    tables = {name: t.label for name, t in contract().tables.items()}
    try:
        model = project.catalogue().get(clue.model_id)
    except JianchaError:  # a model file gone or broken: the clue still has its title
        return CaseModel(clue.title, table_labels=tables)
    header = model.header
    description = re.sub(r"\s+", "", _CODE_NOTE.sub("", header.description))
    return CaseModel(header.title, description, dict(header.facts), tables)


def _people(subject: dict[str, Any], snapshots: Sequence[dict[str, Any]]) -> list[str]:
    """Names of people in the clue's subject and evidence rows."""
    found = []
    for row in (subject, *snapshots):
        for key, value in row.items():
            if _PERSON_KEYS.search(key) and not _NOT_PERSON.search(key):
                text = str(value or "").strip()
                if 2 <= len(text) <= 6 and re.fullmatch(r"[\u4e00-\u9fa5·]+", text):
                    found.append(text)
    return list(dict.fromkeys(found))


# -- the text ---------------------------------------------------------------------------------


def build_typical_case(
    clue: ClueView,
    history: Sequence[ClueEventView],
    actions: Sequence[ActionView],
    documents: Sequence[DocumentView],
    *,
    model: CaseModel,
    issuer: str,
    people: Sequence[str],
    drafted: date,
) -> TypicalCase:
    masks = pseudonyms(list(people))

    def clean(text: str) -> str:
        for name in sorted(masks, key=len, reverse=True):
            text = text.replace(name, masks[name])
        return publish(text)

    person = next(iter(masks.values()), "")
    tables = _tables_text(clue, model)
    facts = [clean(_facts_text(clue, model, person, tables))]
    if model.description:
        facts.append(f"上述情形属于“{model.title}”：{model.description}")
    steps = _steps(clue, history, actions, documents, issuer, model, tables)
    actions_done = "、".join(dict.fromkeys(ACTION_LABELS[a.kind] for a in actions))
    domain = DOMAIN_LABELS.get(clue.domain, clue.domain)
    return TypicalCase(
        title=clean(f"{person}{model.title}监督案" if person else f"{model.title}监督案"),
        keywords=tuple(k for k in (domain, "大数据法律监督模型", model.title, actions_done) if k),
        facts=tuple(facts),
        steps=steps,
        outcome=tuple(_outcome(actions, history)),
        law=tuple(_law(clue)),
        significance=(_significance(issuer, domain, model, tables, actions_done, actions),),
        issuer=issuer,
        drafted=drafted,
    )


def _day(moment: datetime | date) -> str:
    return gbt9704.chinese_date(moment)


def _value(value: Any) -> str:
    """A fact's value as a document writes it: dates 2024年10月30日, yes/no 是/否."""
    text = value_text(value)
    match = _ISO_DATE.match(text)
    if match:
        return _day(date(*(int(g) for g in match.groups())))
    return text


def _tables_text(clue: ClueView, model: CaseModel) -> str:
    labels = model.table_labels or {}
    names = dict.fromkeys(labels.get(e.table, "") for e in clue.evidence)
    return "、".join(n for n in names if n) or "相关部门"


def _facts_text(clue: ClueView, model: CaseModel, person: str, tables: str) -> str:
    labels = model.fact_labels or {}
    compared = "；".join(
        f"{labels[key]}为{_value(value)}"
        for key, value in clue.facts.items()
        if key in labels and value not in (None, "")
    )
    who = f"{person}" if person else "该案"
    said = f"经比对{tables}数据，{who}存在“{clue.title}”的情形"
    return said + (f"：{compared}。" if compared else "。")


def _undone_removed(history: Sequence[ClueEventView]) -> list[ClueEventView]:
    """The workflow steps that stand: a step taken back by an undo is dropped."""
    steps: list[ClueEventView] = []
    for event in history:
        if event.kind == EventKind.UNDONE:
            if steps:
                steps.pop()
        elif event.kind in (EventKind.MOVED, EventKind.ASSIGNED):
            steps.append(event)
    return steps


def _steps(
    clue: ClueView,
    history: Sequence[ClueEventView],
    actions: Sequence[ActionView],
    documents: Sequence[DocumentView],
    issuer: str,
    model: CaseModel,
    tables: str,
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    phases: dict[str, list[str]] = {phase: [] for phase in _PHASES}
    phases["线索发现"].append(
        f"{_day(clue.first_seen_at)}，{issuer}运用“{model.title}”大数据法律监督模型比对"
        f"{tables}数据，发现该线索。"
    )
    numbers = {d.kind: d.number for d in documents}
    recipient = actions[-1].recipient if actions else "有关单位"
    assigned = False
    for event in _undone_removed(history):
        status = event.to_status or ""
        when = _day(event.at)
        if event.kind == EventKind.ASSIGNED or status == S.ASSIGNED:
            if not assigned:
                phases["调查核实"].append(f"{when}，线索交由承办检察官办理。")
            assigned = True
        elif status in STATUS_ACTION:
            phases["监督纠正"].append(_action_sentence(when, status, actions, numbers))
        elif status in _STEP_SENTENCES:
            phase, sentence = _STEP_SENTENCES[status]
            phases[phase].append(sentence.format(when=when, recipient=recipient))
    return tuple((phase, tuple(lines)) for phase, lines in phases.items() if lines)


def _action_sentence(
    when: str, status: str, actions: Sequence[ActionView], numbers: dict[str, str]
) -> str:
    kind = STATUS_ACTION[status].value
    action = next((a for a in reversed(actions) if a.kind == kind), None)
    to = action.recipient if action else "有关单位"
    number = f"（{numbers[kind]}）" if kind in numbers else ""
    if kind == "supervisory_transfer":
        return f"{when}，检察机关依法向{to}移送问题线索{number}。"
    return f"{when}，检察机关向{to}制发《{KIND_TITLES[kind].replace('（诉前）', '')}》{number}。"


def _outcome(actions: Sequence[ActionView], history: Sequence[ClueEventView]) -> list[str]:
    said = []
    for action in actions:
        label = ACTION_LABELS[action.kind]
        if action.rectified_at:
            said.append(f"{action.recipient}收到{label}后整改到位（{_day(action.rectified_at)}）。")
        elif action.replied_at:
            said.append(f"{action.recipient}于{_day(action.replied_at)}书面回复{label}的办理情况。")
    closed = [e for e in history if e.to_status == S.CLOSED]
    if closed:
        said.append(f"本案于{_day(closed[-1].at)}办结。")
    return said or ["本案已办结。"]


def _law(clue: ClueView) -> list[str]:
    found = []
    for basis in clue.legal_basis:
        law = basis.law if basis.law.startswith("《") else f"《{basis.law}》"
        found.append(f"{law}{basis.article}" + (f"：“{basis.text}”" if basis.text else "。"))
    return found


def _significance(
    issuer: str,
    domain: str,
    model: CaseModel,
    tables: str,
    actions_done: str,
    actions: Sequence[ActionView],
) -> str:
    recipients = "、".join(dict.fromkeys(a.recipient for a in actions)) or "有关单位"
    done = f"依法制发{actions_done}，推动{recipients}纠正" if actions_done else "依法监督纠正"
    return (
        f"本案是{issuer}在{domain}工作中运用大数据法律监督模型发现、办理的案件。"
        f"检察机关通过{tables}等数据比对，发现“{model.title}”的问题线索，经调查核实后{done}，"
        "实现由个案办理到类案监督的延伸。"
    )


# -- the document -------------------------------------------------------------------------------


_NUMBERS = "一二三四五六七八九"


def to_docx(case: TypicalCase) -> bytes:
    """The case as a .docx: title, keywords, then 一、基本案情 … 五、典型意义, each step phase
    a second-level heading, the drafting procuratorate and date at the end."""
    document = gbt9704.apply_layout(docx.Document(), issuer=case.issuer, title=case.title)
    gbt9704.add_title(document, "典型案例")
    gbt9704.add_title(document, case.title)
    gbt9704.add_blank(document)
    gbt9704.add_text(document, "【关键词】" + "　".join(case.keywords))
    parts: list[tuple[str, Sequence[str]]] = [
        ("基本案情", case.facts),
        ("检察机关履职过程", ()),
        ("监督结果", case.outcome),
        ("法律依据", case.law),
        ("典型意义", case.significance),
    ]
    for n, (heading, paragraphs) in enumerate(parts):
        gbt9704.add_text(document, f"{_NUMBERS[n]}、{heading}")
        if heading == "检察机关履职过程":
            for i, (phase, lines) in enumerate(case.steps):
                gbt9704.add_text(document, f"（{_NUMBERS[i]}）{phase}")
                for line in lines:
                    gbt9704.add_text(document, line)
        for paragraph in paragraphs:
            gbt9704.add_text(document, paragraph)
    gbt9704.add_text(document, f"说明：{DRAFT_NOTE}")
    gbt9704.add_signature(document, case.issuer, gbt9704.chinese_date(case.drafted))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
