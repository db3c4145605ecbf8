"""Supervision documents as .docx: 检察建议书, 纠正违法通知书, 诉前检察建议书, 线索移送函,
再审检察建议书, 执行监督检察建议书, 督促回复函 and 类案检索报告, laid out as GB/T 9704-2012
says (:mod:`jiancha.gbt9704`), their 正文 written from the clue
(:mod:`jiancha.casebook.document_texts`).

A document is first a draft (``document_draft``): its sections are edited on the draft page
or left as written; only confirming it takes a number. Confirming a document that is a
workflow step (a 检察建议书 is 已制发检察建议) takes that step in the same transaction, and
the workflow refuses the step without one.

A template is a .docx with ``{{field}}`` placeholders. A unit replaces one without code by
putting ``<kind>.docx`` in its project folder's ``templates/``; otherwise the one shipped
in this package is used (``write_default_templates`` rebuilds those). Each document is
numbered per unit, kind and year (漳芗检建〔2026〕3号), stored in the content-addressed file
store, recorded in the ``document`` table and put on the ledger, in one transaction.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping
from copy import deepcopy
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import docx
from docx.document import Document as DocxDocument
from docx.text.paragraph import Paragraph
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jiancha import gbt9704
from jiancha.casebook.actions import (
    DOCUMENT_STATUS,
    KIND_ABBREVIATIONS,
    KIND_TITLES,
    REPLY_REMINDER,
    SIMILAR_CASE_REPORT,
    STATUS_ACTION,
    UNIT_ABBREVIATIONS,
    UNIT_NAMES,
    by_unit,
)
from jiancha.casebook.document_texts import (
    SECTION_LABELS,
    SECTIONS,
    Sources,
    compose,
    reply_text,
)
from jiancha.casebook.filestore import FileStore
from jiancha.casebook.ledger import KIND_DOCUMENT, Ledger
from jiancha.casebook.record import naive
from jiancha.casebook.status import status_label
from jiancha.casebook.store import clue_row
from jiancha.casebook.tables import (
    Clue,
    ClueEvidence,
    Document,
    DocumentDraft,
    Run,
    SupervisionAction,
)
from jiancha.casebook.views import display_id, parse_clue_id
from jiancha.errors import CasebookError, NotFound, TransitionError
from jiancha.values import as_date

if TYPE_CHECKING:
    from jiancha.models.catalogue import Catalogue
    from jiancha.models.spec import Header
    from jiancha.text.similar import SimilarResult

PACKAGE_TEMPLATES = Path(__file__).parent / "templates"

FIELDS = (
    "unit_name",
    "title",
    "number",
    "recipient",
    "facts",
    "evidence",
    "legal_basis",
    "request",
    "closing",
    "date",
)
_PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")


@dataclass(frozen=True)
class DocumentView:
    id: int
    clue_id: str
    kind: str
    number: str
    filename: str
    sha256: str
    created_at: datetime
    unit_code: str | None = None  # the issuing unit's


def build_template(kind: str) -> DocxDocument:
    """The default template of ``kind``: a python-docx document with placeholders, laid
    out as GB/T 9704 says (:mod:`jiancha.gbt9704`)."""
    if kind not in SECTIONS:
        raise CasebookError(f"没有 “{kind}” 这种文书模板")
    document = gbt9704.apply_layout(docx.Document(), issuer="", title=KIND_TITLES[kind])
    gbt9704.add_title(document, "{{unit_name}}")
    gbt9704.add_title(document, "{{title}}")
    gbt9704.add_number(document, "{{number}}")
    gbt9704.add_blank(document)
    gbt9704.add_addressee(document, "{{recipient}}：")
    for name, heading in SECTIONS[kind]:
        if heading:
            gbt9704.add_text(document, heading)
        gbt9704.add_text(document, "{{" + name + "}}")
    gbt9704.add_signature(document, "{{unit_name}}", "{{date}}")
    return gbt9704.apply_layout(document, issuer="", title=KIND_TITLES[kind])


def write_default_templates(directory: Path = PACKAGE_TEMPLATES) -> list[Path]:
    """Write the default templates (the ones shipped with the package) to ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in SECTIONS:
        path = directory / f"{kind}.docx"
        build_template(kind).save(str(path))
        written.append(path)
    return written


def template_for(kind: str, project_templates: Path | None = None) -> DocxDocument:
    """The unit's template of ``kind`` if it has one, else the shipped one."""
    for folder in (project_templates, PACKAGE_TEMPLATES):
        if folder is not None and (folder / f"{kind}.docx").exists():
            try:
                return docx.Document(str(folder / f"{kind}.docx"))
            except Exception as exc:  # python-docx raises several kinds on a broken file
                raise CasebookError(f"文书模板 {folder / f'{kind}.docx'} 无法打开：{exc}") from exc
    return build_template(kind)


# -- filling ----------------------------------------------------------------------------


def fill(document: DocxDocument, values: Mapping[str, str]) -> DocxDocument:
    """Replace every ``{{field}}`` in paragraphs and table cells; unknown fields stay."""
    for paragraph in _paragraphs(document):
        if "{{" in paragraph.text:
            _fill_paragraph(paragraph, values)
    return document


def _paragraphs(document: DocxDocument) -> list[Paragraph]:
    found = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                found.extend(cell.paragraphs)
    for section in document.sections:
        found.extend(section.header.paragraphs)
        found.extend(section.footer.paragraphs)
    return found


def _fill_paragraph(paragraph: Paragraph, values: Mapping[str, str]) -> None:
    text = _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), paragraph.text)
    runs = paragraph.runs
    if not runs:
        return
    if text.strip() in ("", "："):  # an empty section, a report with no addressee
        paragraph._p.getparent().remove(paragraph._p)
        return
    # Word splits a placeholder over several runs when someone edits it; the whole text
    # goes into the first run (keeping its formatting) and the others are emptied.
    first, *rest = text.split("\n")
    runs[0].text = first
    for run in runs[1:]:
        run.text = ""
    # A value of several lines becomes as many paragraphs, each indented as the first.
    anchor = paragraph._p
    for line in rest:
        copy = deepcopy(anchor)
        anchor.addnext(copy)
        anchor = copy
        Paragraph(copy, paragraph._parent).runs[0].text = line


# -- numbering and issuing --------------------------------------------------------------


def document_number(
    unit_code: str,
    kind: str,
    year: int,
    seq: int,
    abbreviations: Mapping[str, str] = UNIT_ABBREVIATIONS,
) -> str:
    """The document number in the usual style: 漳芗检建〔2026〕3号."""
    unit = by_unit(abbreviations, unit_code)
    if unit is None:
        raise CasebookError(
            f"单位代码 {unit_code} 没有配置文号简称（documents.unit_abbreviations）"
        )
    return f"{unit}{KIND_ABBREVIATIONS[kind]}〔{year}〕{seq}号"


def _next_seq(session: Session, unit_code: str, kind: str, year: int) -> int:
    last = session.scalar(
        select(func.max(Document.seq)).where(
            Document.unit_code == unit_code, Document.kind == kind, Document.year == year
        )
    )
    return (last or 0) + 1


@dataclass(frozen=True)
class DraftView:
    """A document being written: its kind, recipient, reply period and the sections of its
    正文 as last saved; ``number`` once confirmed."""

    id: int
    clue_id: str
    kind: str
    recipient: str
    urgent: bool
    reply_days: int | None
    sections: dict[str, str]
    updated_at: datetime
    updated_by: str
    document_id: int | None = None
    number: str | None = None

    @property
    def title(self) -> str:
        return KIND_TITLES[self.kind]

    @property
    def confirmed(self) -> bool:
        return self.document_id is not None

    def headed_sections(self) -> list[tuple[str, str, str, str]]:
        """(name, heading, label, text) of each section, in the document's order."""
        return [
            (name, heading, SECTION_LABELS[name], self.sections.get(name, ""))
            for name, heading in SECTIONS[self.kind]
        ]


HeaderLookup = Callable[[str], "tuple[Header | None, Mapping[str, Any]]"]


def shipped_header(model_id: str) -> tuple[Header | None, Mapping[str, Any]]:
    """The header and default parameters of a shipped model (None for an unknown one)."""
    catalogue = _shipped_catalogue()
    model = catalogue.models.get(model_id)
    return (model.header, model.parameters) if model is not None else (None, {})


@lru_cache(maxsize=1)
def _shipped_catalogue() -> Catalogue:
    from jiancha.models import load_catalogue

    return load_catalogue()


def _check_kind(kind: str) -> None:
    if kind not in SECTIONS:
        known = "、".join(KIND_TITLES[k] for k in SECTIONS)
        raise CasebookError(f"没有 “{kind}” 这种文书；可制作的文书：{known}")


def sources_of(
    session: Session,
    clue: Clue,
    kind: str,
    *,
    recipient: str,
    urgent: bool = False,
    reply_days: int | None = None,
    today: datetime | None = None,
    headers: HeaderLookup = shipped_header,
    similar: SimilarResult | None = None,
) -> Sources:
    """What a document of ``clue`` is written from: its rows as snapshotted, its model."""
    header, defaults = headers(clue.model_id)
    # the run that last saw the clue (by its run id, not the table's key): its parameters
    run = (
        session.scalar(select(Run).where(Run.run_id == clue.last_seen_run))
        if clue.last_seen_run
        else None
    )
    used = (run.parameters or {}).get(clue.model_id, {}) if run is not None else {}
    snapshots: dict[tuple[str, str], dict[str, Any]] = {}
    for row in session.scalars(
        select(ClueEvidence).where(ClueEvidence.clue_id == clue.id).order_by(ClueEvidence.id)
    ):
        snapshots[(row.table_name, row.record_id)] = row.snapshot
    evidence = [
        (str(e["table"]), snapshots.get((str(e["table"]), str(e["record_id"])), {}))
        for e in clue.evidence
    ]
    day = (today or datetime.now()).date()
    return Sources(
        title=clue.title,
        subject=clue.subject,
        facts=clue.facts,
        legal_basis=clue.legal_basis,
        evidence=evidence,
        header=header,
        parameters={**defaults, **used},
        recipient=recipient,
        urgent=urgent,
        reply_days=reply_days,
        today=day,
        earlier=_earlier(session, clue) if kind == REPLY_REMINDER else None,
        similar=similar,
    )


def _earlier(session: Session, clue: Clue) -> dict[str, Any] | None:
    """The document a reminder chases: the latest action's, with its reply's last day."""
    from jiancha.periods import reply_last_day

    action = session.scalar(
        select(SupervisionAction)
        .where(SupervisionAction.clue_id == clue.id)
        .order_by(SupervisionAction.id.desc())
        .limit(1)
    )
    if action is None:
        found = _earlier_row(session, clue)
        if found is None:
            raise CasebookError(f"线索 {display_id(clue.id)} 尚未制发需要回复的文书，无需督促回复")
        return found
    document = session.scalar(
        select(Document)
        .where(Document.action_id == action.id)
        .order_by(Document.id.desc())
        .limit(1)
    )
    start = (action.served_at or action.issued_at).date()
    due = reply_last_day(action.kind, start, urgent=action.urgent, stated_days=action.reply_days)
    return {
        "kind": action.kind,
        "number": document.number if document is not None else "",
        "issued_on": action.issued_at.date(),
        "served_on": action.served_at.date() if action.served_at else None,
        "due_on": due,
        "recipient": action.recipient,
    }


# A clue about a document the warehouse records (an overdue reply to a recommendation, a
# transfer without feedback): the row's columns naming its kind, dates and recipient.
_EARLIER_ROWS: dict[str, dict[str, str]] = {
    "recommendation": {
        "issued_on": "issued_at", "served_on": "served_at", "recipient": "recipient",
    },
    "supervisory_transfer": {"issued_on": "transferred_at", "recipient": "to_unit"},
}  # fmt: skip


def _earlier_row(session: Session, clue: Clue) -> dict[str, Any] | None:
    """The document a reminder chases when it is a warehouse row the clue rests on."""
    for item in clue.evidence:
        columns = _EARLIER_ROWS.get(str(item["table"]))
        if columns is None:
            continue
        row = session.scalar(
            select(ClueEvidence.snapshot)
            .where(
                ClueEvidence.clue_id == clue.id,
                ClueEvidence.table_name == item["table"],
                ClueEvidence.record_id == item["record_id"],
            )
            .order_by(ClueEvidence.id.desc())
            .limit(1)
        )
        if not row:
            continue
        kind = str(row.get("kind") or item["table"])
        due = as_date(clue.facts.get("deadline"))
        found: dict[str, Any] = {name: row.get(column) for name, column in columns.items()}
        found["issued_on"] = as_date(found.get("issued_on")) or as_date(row.get("served_at"))
        found["served_on"] = as_date(found.get("served_on"))
        found.update(kind=kind, number="", due_on=due, recipient=found.get("recipient") or "")
        return found
    return None

    return None


def new_draft(
    session: Session,
    clue_id: int | str,
    kind: str,
    *,
    actor: str,
    recipient: str = "",
    urgent: bool = False,
    reply_days: int | None = None,
    at: datetime | None = None,
    headers: HeaderLookup = shipped_header,
    similar: SimilarResult | None = None,
    sections: Mapping[str, str] | None = None,
) -> DraftView:
    """A new draft of ``kind``, its 正文 written from the clue (or ``sections`` as the
    prosecutor edited them)."""
    written = compose_draft(
        session, clue_id, kind, actor=actor, recipient=recipient, urgent=urgent,
        reply_days=reply_days, at=at, headers=headers, similar=similar,
    )  # fmt: skip
    moment = naive(at or datetime.now())
    row = DocumentDraft(
        clue_id=parse_clue_id(clue_id),
        kind=kind,
        recipient=written.recipient,
        urgent=urgent,
        reply_days=reply_days,
        sections=written.sections
        if sections is None
        else {name: _clean(sections.get(name, "")) for name, _ in SECTIONS[kind]},
        created_at=moment,
        created_by=actor,
        updated_at=moment,
        updated_by=actor,
    )
    session.add(row)
    session.flush()
    return draft_view(session, row)


def compose_draft(
    session: Session,
    clue_id: int | str,
    kind: str,
    *,
    actor: str,
    recipient: str = "",
    urgent: bool = False,
    reply_days: int | None = None,
    at: datetime | None = None,
    headers: HeaderLookup = shipped_header,
    similar: SimilarResult | None = None,
) -> DraftView:
    """The draft of ``kind`` as written from the clue, not stored (``id`` 0)."""
    _check_kind(kind)
    clue = clue_row(session, parse_clue_id(clue_id))
    moment = naive(at or datetime.now())
    if kind == SIMILAR_CASE_REPORT and similar is None:
        raise CasebookError(f"线索 {display_id(clue.id)} 的类案检索报告须先进行类案检索")
    if not recipient and kind == REPLY_REMINDER:
        recipient = (_earlier(session, clue) or {}).get("recipient", "")
    sources = sources_of(
        session, clue, kind, recipient=recipient, urgent=urgent, reply_days=reply_days,
        today=moment, headers=headers, similar=similar,
    )  # fmt: skip
    return DraftView(
        id=0,
        clue_id=display_id(clue.id),
        kind=kind,
        recipient=recipient.strip(),
        urgent=urgent,
        reply_days=reply_days,
        sections=compose(kind, sources, model_id=clue.model_id),
        updated_at=moment,
        updated_by=actor,
    )


def draft_row(session: Session, clue_id: int | str, draft_id: int) -> DocumentDraft:
    row = session.get(DocumentDraft, draft_id)
    if row is None or row.clue_id != parse_clue_id(clue_id):
        raise NotFound(f"线索 {display_id(parse_clue_id(clue_id))} 没有第 {draft_id} 号文书草稿")
    return row


def save_draft(
    session: Session,
    clue_id: int | str,
    draft_id: int,
    *,
    actor: str,
    recipient: str,
    sections: Mapping[str, str],
    urgent: bool = False,
    reply_days: int | None = None,
    at: datetime | None = None,
) -> DraftView:
    """Keep the prosecutor's edits of a draft not yet confirmed."""
    row = draft_row(session, clue_id, draft_id)
    if row.document_id is not None:
        raise CasebookError(f"文书草稿 {draft_id} 已确认编号，不能再修改")
    known = {name for name, _ in SECTIONS[row.kind]}
    edited = {name: _clean(sections.get(name, row.sections.get(name, ""))) for name in known}
    # a changed reply period changes the period the closing states, where it still says it
    before = reply_text(row.kind, urgent=row.urgent, reply_days=row.reply_days)
    after = reply_text(row.kind, urgent=urgent, reply_days=reply_days)
    if "closing" in edited and before != after:
        edited["closing"] = edited["closing"].replace(f"之日起{before}", f"之日起{after}")
    row.sections = edited
    row.recipient = recipient.strip()
    row.urgent = urgent
    row.reply_days = reply_days
    row.updated_at = naive(at or datetime.now())
    row.updated_by = actor
    session.flush()
    return draft_view(session, row)


def _clean(text: str) -> str:
    return "\n".join(line.strip() for line in text.replace("\r", "").split("\n") if line.strip())


def confirm_draft(
    session: Session,
    ledger: Ledger,
    files: FileStore,
    clue_id: int | str,
    draft_id: int,
    *,
    actor: str,
    at: datetime | None = None,
    reason: str | None = None,
    project_templates: Path | None = None,
    unit_abbreviations: Mapping[str, str] = UNIT_ABBREVIATIONS,
    unit_names: Mapping[str, str] = UNIT_NAMES,
) -> DocumentView:
    """Number a draft, store its .docx, put it on the ledger and, for a document that is a
    workflow step (检察建议书: 已制发检察建议), take that step — all in the caller's
    transaction: a refused step takes no number."""
    row = draft_row(session, clue_id, draft_id)
    if row.document_id is not None:
        raise CasebookError(f"文书草稿 {draft_id} 已确认编号，不能重复确认")
    clue = clue_row(session, row.clue_id)
    step = DOCUMENT_STATUS.get(row.kind)
    if step is not None and not row.recipient:
        raise CasebookError(f"{KIND_TITLES[row.kind]}须写明主送单位（被建议或接收单位）")
    if step is not None and clue.status != step:
        from jiancha.casebook.workflow import allowed_moves

        if step not in allowed_moves(clue.status):
            raise TransitionError(
                f"线索 {display_id(clue.id)} 当前“{status_label(clue.status)}”，"
                f"不能制发{KIND_TITLES[row.kind]}（须先立案监督）"
            )
    moment = naive(at or datetime.now())
    view = _issue(
        session, ledger, files, clue, row.kind, row.recipient, row.sections,
        actor=actor, moment=moment, project_templates=project_templates,
        unit_abbreviations=unit_abbreviations, unit_names=unit_names,
    )  # fmt: skip
    row.document_id = view.id
    if step is not None and clue.status != step:
        from jiancha.casebook.workflow import ActionSpec, move_in

        move_in(
            session, ledger, clue.id, step, actor=actor, at=moment, reason=reason,
            action=ActionSpec(row.recipient, row.urgent, row.reply_days),
        )  # fmt: skip
        session.refresh(_document(session, view.id))
    return document_view(_document(session, view.id))


def _document(session: Session, document_id: int) -> Document:
    found = session.get(Document, document_id)
    assert found is not None
    return found


def _issue(
    session: Session,
    ledger: Ledger,
    files: FileStore,
    clue: Clue,
    kind: str,
    recipient: str,
    sections: Mapping[str, str],
    *,
    actor: str,
    moment: datetime,
    project_templates: Path | None,
    unit_abbreviations: Mapping[str, str],
    unit_names: Mapping[str, str],
) -> DocumentView:
    unit_code = clue.unit_code or ""
    ledger.lock(session)  # numbers are handed out one writer at a time
    seq = _next_seq(session, unit_code, kind, moment.year)
    number = document_number(unit_code, kind, moment.year, seq, unit_abbreviations)
    unit_name = by_unit(unit_names, unit_code) or unit_code
    # a document issued for a step already taken (a clue moved before documents were
    # required) belongs to that step's action
    action = None
    if clue.status == DOCUMENT_STATUS.get(kind):
        action = session.scalar(
            select(SupervisionAction)
            .where(
                SupervisionAction.clue_id == clue.id,
                SupervisionAction.kind.in_([STATUS_ACTION[clue.status].value]),
            )
            .order_by(SupervisionAction.id.desc())
            .limit(1)
        )
    values = {
        **{name: sections.get(name, "") for name, _ in SECTIONS[kind]},
        "unit_name": unit_name,
        "title": KIND_TITLES[kind],
        "number": number,
        "recipient": recipient,
        "date": gbt9704.chinese_date(moment),
    }
    document = fill(template_for(kind, project_templates), values)
    gbt9704.align_signature(document)
    gbt9704.set_properties(document, issuer=unit_name, title=f"{KIND_TITLES[kind]}（{number}）")
    buffer = io.BytesIO()
    document.save(buffer)
    digest = files.put(buffer.getvalue())
    row = Document(
        clue_id=clue.id,
        action_id=action.id if action else None,
        kind=kind,
        unit_code=unit_code,
        year=moment.year,
        seq=seq,
        number=number,
        filename=f"{KIND_TITLES[kind]}（{number}）.docx",
        sha256=digest,
        created_at=moment,
        actor=actor,
    )
    session.add(row)
    session.flush()
    ledger.append(
        session,
        kind=KIND_DOCUMENT,
        actor=actor,
        subject=f"clue:{display_id(clue.id)}",
        payload={"document_id": row.id, "number": number, "kind": kind, "sha256": digest},
        at=moment,
        file_sha256=digest,
    )
    return document_view(row)


def issue_document(
    session: Session,
    ledger: Ledger,
    files: FileStore,
    clue_id: int | str,
    kind: str,
    *,
    actor: str,
    at: datetime | None = None,
    request: str = "",
    recipient: str = "",
    urgent: bool = False,
    reply_days: int | None = None,
    reason: str | None = None,
    project_templates: Path | None = None,
    unit_abbreviations: Mapping[str, str] = UNIT_ABBREVIATIONS,
    unit_names: Mapping[str, str] = UNIT_NAMES,
    headers: HeaderLookup = shipped_header,
    similar: SimilarResult | None = None,
) -> DocumentView:
    """Write, number and issue a document in one go (a draft confirmed as written):
    ``request`` replaces the written 建议; the recipient is the step's action's when the
    clue has taken it, else ``recipient``."""
    _check_kind(kind)
    clue = clue_row(session, parse_clue_id(clue_id))
    latest = session.scalar(
        select(SupervisionAction)
        .where(SupervisionAction.clue_id == clue.id)
        .order_by(SupervisionAction.id.desc())
        .limit(1)
    )
    if latest is not None and clue.status == DOCUMENT_STATUS.get(kind):
        recipient = recipient or latest.recipient
        urgent, reply_days = latest.urgent, reply_days or latest.reply_days
    draft = new_draft(
        session, clue.id, kind, actor=actor, recipient=recipient, urgent=urgent,
        reply_days=reply_days, at=at, headers=headers, similar=similar,
    )  # fmt: skip
    if request.strip():
        save_draft(
            session, clue.id, draft.id, actor=actor, recipient=draft.recipient,
            sections={**draft.sections, "request": request}, urgent=urgent,
            reply_days=reply_days, at=at,
        )  # fmt: skip
    return confirm_draft(
        session, ledger, files, clue.id, draft.id, actor=actor, at=at, reason=reason,
        project_templates=project_templates, unit_abbreviations=unit_abbreviations,
        unit_names=unit_names,
    )  # fmt: skip


def draft_text(draft: DraftView) -> str:
    """A draft as plain text to edit: each section under its label in 【】."""
    parts = [f"【主送单位】\n{draft.recipient}"]
    parts += [f"【{label}】\n{text}" for _n, _h, label, text in draft.headed_sections()]
    return "\n\n".join(parts)


def parse_draft_text(draft: DraftView, text: str) -> dict[str, str]:
    """The sections of a draft's text as edited (the form :func:`draft_text` writes); a
    section left out keeps its text."""
    by_label = {label: name for name, _h, label, _t in draft.headed_sections()}
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        marker = re.fullmatch(r"\s*【(.+?)】\s*", line)
        if marker:
            label = marker.group(1)
            if label != "主送单位" and label not in by_label:
                known = "、".join(by_label)
                raise CasebookError(f"草稿正文中的“【{label}】”不是本文书的段落（{known}）")
            current = found.setdefault(by_label.get(label, ""), [])
        elif current is not None:
            current.append(line)
    return {
        name: _clean("\n".join(found[name])) if name in found else draft.sections.get(name, "")
        for name in by_label.values()
    }


def draft_view(session: Session, row: DocumentDraft) -> DraftView:
    number = None
    if row.document_id is not None:
        document = session.get(Document, row.document_id)
        number = document.number if document is not None else None
    return DraftView(
        id=row.id,
        clue_id=display_id(row.clue_id),
        kind=row.kind,
        recipient=row.recipient,
        urgent=row.urgent,
        reply_days=row.reply_days,
        sections=dict(row.sections),
        updated_at=row.updated_at,
        updated_by=row.updated_by,
        document_id=row.document_id,
        number=number,
    )


def drafts_of(session: Session, clue_id: int | str) -> list[DraftView]:
    rows = session.scalars(
        select(DocumentDraft)
        .where(DocumentDraft.clue_id == parse_clue_id(clue_id))
        .order_by(DocumentDraft.id)
    )
    return [draft_view(session, r) for r in rows]


def document_view(row: Document) -> DocumentView:
    return DocumentView(
        id=row.id,
        clue_id=display_id(row.clue_id),
        kind=row.kind,
        number=row.number,
        filename=row.filename,
        sha256=row.sha256,
        created_at=row.created_at,
        unit_code=row.unit_code,
    )


def documents_of(session: Session, clue_id: int | str) -> list[DocumentView]:
    rows = session.scalars(
        select(Document).where(Document.clue_id == parse_clue_id(clue_id)).order_by(Document.id)
    )
    return [document_view(r) for r in rows]


def document_text(data: bytes) -> str:
    """All text of a .docx (paragraphs and tables), for checks and previews."""
    document = docx.Document(io.BytesIO(data))
    return "\n".join(p.text for p in _paragraphs(document))
