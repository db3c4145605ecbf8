"""Supervision documents as .docx: 检察建议书, 纠正违法通知书, 诉前检察建议书, 线索移送函,
laid out as GB/T 9704-2012 says (:mod:`jiancha.gbt9704`).

A template is a .docx with ``{{field}}`` placeholders. A unit replaces one without code by
putting ``<kind>.docx`` in its project folder's ``templates/``; otherwise the one shipped
in this package is used (``write_default_templates`` rebuilds those). Each document is
numbered per unit, kind and year (漳芗检建〔2026〕3号), stored in the content-addressed file
store, recorded in the ``document`` table and put on the ledger, in one transaction.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from copy import deepcopy
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.text.paragraph import Paragraph
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jiancha import gbt9704
from jiancha.casebook.actions import (
    KIND_ABBREVIATIONS,
    KIND_TITLES,
    UNIT_ABBREVIATIONS,
    UNIT_NAMES,
    by_unit,
)
from jiancha.casebook.filestore import FileStore
from jiancha.casebook.ledger import KIND_DOCUMENT, Ledger
from jiancha.casebook.record import naive
from jiancha.casebook.store import clue_row
from jiancha.casebook.tables import Clue, ClueEvidence, Document, SupervisionAction
from jiancha.casebook.views import display_id, parse_clue_id
from jiancha.errors import CasebookError

PACKAGE_TEMPLATES = Path(__file__).parent / "templates"

FIELDS = (
    "unit_name",
    "title",
    "number",
    "recipient",
    "subject",
    "clue_id",
    "facts",
    "evidence",
    "legal_basis",
    "request",
    "reply_period",
    "date",
)
_PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")

_BODY: dict[str, tuple[tuple[str, str], ...]] = {
    # (heading, placeholder paragraph) of each kind's body after the addressee, in order;
    # a heading numbered 一、 is a first-level heading of GB/T 9704
    "recommendation": (
        ("一、发现的问题", "{{facts}}"),
        ("二、证据", "{{evidence}}"),
        ("三、法律依据", "{{legal_basis}}"),
        ("四、检察建议", "{{request}}"),
        ("", "请于{{reply_period}}将办理情况书面回复本院。"),
    ),
    "correction_notice": (
        ("一、经审查，本院发现", "{{facts}}"),
        ("二、证据", "{{evidence}}"),
        ("三、法律依据", "{{legal_basis}}"),
        ("", "现通知你单位予以纠正，并于{{reply_period}}将纠正情况书面回复本院。"),
    ),
    "supervisory_transfer": (
        ("一、本院在履行法律监督职责中发现以下问题线索", "{{facts}}"),
        ("二、相关证据", "{{evidence}}"),
        ("三、法律依据", "{{legal_basis}}"),
        ("", "现依法移送你委处理，请于{{reply_period}}反馈处理情况。"),
    ),
}
_BODY["pil_pre_litigation"] = _BODY["recommendation"]


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
    if kind not in _BODY:
        raise CasebookError(f"没有 “{kind}” 这种文书模板")
    document = gbt9704.apply_layout(docx.Document(), issuer="", title=KIND_TITLES[kind])
    gbt9704.add_title(document, "{{unit_name}}")
    gbt9704.add_title(document, "{{title}}")
    gbt9704.add_number(document, "{{number}}")
    gbt9704.add_blank(document)
    gbt9704.add_addressee(document, "{{recipient}}：")
    for heading, body in _BODY[kind]:
        if heading:
            gbt9704.add_text(document, heading)
        gbt9704.add_text(document, body)
    table = document.add_table(rows=2, cols=2)
    for row, (label, value) in enumerate(
        (("线索编号", "{{clue_id}}"), ("涉及对象", "{{subject}}"))
    ):
        table.cell(row, 0).text = label
        table.cell(row, 1).text = value
    gbt9704.add_signature(document, "{{unit_name}}", "{{date}}")
    return gbt9704.apply_layout(document, issuer="", title=KIND_TITLES[kind])


def write_default_templates(directory: Path = PACKAGE_TEMPLATES) -> list[Path]:
    """Write the default templates (the ones shipped with the package) to ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in _BODY:
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


def _values(
    session: Session,
    clue: Clue,
    kind: str,
    number: str,
    unit_name: str,
    action: SupervisionAction | None,
    moment: datetime,
    request: str,
) -> dict[str, str]:
    facts = "\n".join(f"{k}：{v}" for k, v in clue.facts.items()) or clue.title
    snapshots = session.scalar(
        select(func.count()).select_from(ClueEvidence).where(ClueEvidence.clue_id == clue.id)
    )
    evidence = "\n".join(f"{e['table']} {e['record_id']}" for e in clue.evidence)
    evidence += f"\n（证据留存快照 {snapshots or 0} 份）"
    basis = "\n".join(
        f"《{b['law']}》{b['article']}" + (f"：{b['text']}" if b.get("text") else "")
        for b in clue.legal_basis
    )
    subject = "，".join(str(v) for k, v in clue.subject.items() if v and k != "id_number")
    return {
        "unit_name": unit_name,
        "title": KIND_TITLES[kind],
        "number": number,
        "recipient": action.recipient if action else "",
        "subject": subject,
        "clue_id": display_id(clue.id),
        "facts": f"{clue.title}。\n{facts}",
        "evidence": evidence,
        "legal_basis": basis,
        "request": request,
        "reply_period": _period_text(kind, action),
        "date": f"{moment.year}年{moment.month}月{moment.day}日",
    }


def _period_text(kind: str, action: SupervisionAction | None) -> str:
    if action is not None and action.reply_days:
        return f"收到本{KIND_TITLES[kind]}之日起{action.reply_days}日内"
    if kind == "correction_notice":
        return "收到本通知书之日起15日内"
    if kind == "supervisory_transfer":
        return "收到本函之日起90日内"
    if action is not None and action.urgent:
        return "收到本建议书之日起15日内"
    return "收到本建议书之日起二个月内"


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
    project_templates: Path | None = None,
    unit_abbreviations: Mapping[str, str] = UNIT_ABBREVIATIONS,
    unit_names: Mapping[str, str] = UNIT_NAMES,
) -> DocumentView:
    """Generate, number, store and ledger one document of a clue, in the caller's session."""
    if kind not in KIND_ABBREVIATIONS:
        raise CasebookError(f"没有 “{kind}” 这种文书")
    clue = clue_row(session, parse_clue_id(clue_id))
    unit_code = clue.unit_code or ""
    moment = naive(at or datetime.now())
    ledger.lock(session)  # numbers are handed out one writer at a time
    seq = _next_seq(session, unit_code, kind, moment.year)
    number = document_number(unit_code, kind, moment.year, seq, unit_abbreviations)
    unit_name = by_unit(unit_names, unit_code) or unit_code
    action = session.scalar(
        select(SupervisionAction)
        .where(SupervisionAction.clue_id == clue.id, SupervisionAction.kind == kind)
        .order_by(SupervisionAction.id.desc())
        .limit(1)
    )
    values = _values(session, clue, kind, number, unit_name, action, moment, request)
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
        filename=f"{number}.docx",
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
