"""Documents: filled from the clue, numbered per unit, kind and year, stored and on the
ledger; a unit's own template wins over the shipped one."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import docx
import pytest

from jiancha.casebook import Casebook, ClueStatus
from jiancha.casebook.documents import (
    PACKAGE_TEMPLATES,
    build_template,
    document_number,
    document_text,
    documents_of,
    issue_document,
)
from jiancha.casebook.filestore import FileStore
from jiancha.casebook.ledger import Ledger
from jiancha.casebook.workflow import ActionSpec, Workflow
from jiancha.errors import CasebookError

S = ClueStatus
AT = datetime(2026, 3, 2, 10)


def to_action(flow: Workflow, clue: str, status: ClueStatus, spec: ActionSpec) -> None:
    for target in (S.ASSIGNED, S.VERIFYING, S.OPENED):
        flow.move(clue, target, actor="检察官甲")
    flow.move(clue, status, actor="检察官甲", action=spec)


def test_numbers_follow_unit_kind_and_year() -> None:
    assert document_number("350602", "recommendation", 2026, 3) == "漳芗检建〔2026〕3号"
    assert document_number("35060299", "correction_notice", 2026, 1) == "漳芗检纠〔2026〕1号"
    assert document_number("350699", "supervisory_transfer", 2025, 12) == "漳检移〔2025〕12号"
    with pytest.raises(CasebookError, match="110101"):
        document_number("110101", "recommendation", 2026, 1)


def test_the_shipped_templates_have_every_placeholder() -> None:
    for kind in ("recommendation", "correction_notice", "supervisory_transfer"):
        shipped = docx.Document(str(PACKAGE_TEMPLATES / f"{kind}.docx"))
        text = "\n".join(p.text for p in shipped.paragraphs)
        assert "{{facts}}" in text and "{{legal_basis}}" in text and "{{number}}" in text
        built = "\n".join(p.text for p in build_template(kind).paragraphs)
        assert built == text


def test_a_recommendation_is_filled_numbered_stored_and_ledgered(
    flow: Workflow, wf_book: Casebook, ledger: Ledger, files: FileStore
) -> None:
    to_action(flow, "C000001", S.RECOMMENDED, ActionSpec("漳州监狱", urgent=True))
    to_action(flow, "C000002", S.RECOMMENDED, ActionSpec("漳州监狱"))
    with wf_book.session() as session:
        first = issue_document(session, ledger, files, "C000001", "recommendation",
                               actor="检察官甲", at=AT, request="依法撤销减刑建议")  # fmt: skip
        second = issue_document(session, ledger, files, "C000002", "recommendation",
                                actor="检察官甲", at=AT)  # fmt: skip
        stored = documents_of(session, "C000001")
        report = ledger.verify(session)

    assert (first.number, second.number) == ("漳芗检建〔2026〕1号", "漳芗检建〔2026〕2号")
    assert stored == [first]
    opened = docx.Document(io.BytesIO(files.get(first.sha256)))
    paragraphs = [p.text for p in opened.paragraphs]
    assert paragraphs[0] == "漳州市芗城区人民检察院"
    assert paragraphs[1] == "检察建议书"
    assert paragraphs[2] == "漳芗检建〔2026〕1号"
    assert "漳州监狱：" in paragraphs
    text = document_text(files.get(first.sha256))
    assert "首次减刑间隔不足" in text and "served_months：10" in text
    assert "《最高人民法院关于办理减刑、假释案件具体应用法律的规定》第六条" in text
    assert "execution_change E0001" in text and "依法撤销减刑建议" in text
    assert "收到本建议书之日起15日内" in text  # urgent
    assert "2026年3月2日" in text and "{{" not in text
    assert opened.tables[0].cell(0, 1).text == "C000001"
    assert report.ok and report.entries > 0


def test_a_units_own_template_wins(
    flow: Workflow, wf_book: Casebook, ledger: Ledger, files: FileStore, tmp_path: Path
) -> None:
    own = docx.Document()
    own.add_paragraph("本院自定义格式 {{number}}")
    paragraph = own.add_paragraph("致")
    paragraph.add_run("{{recip")  # a placeholder Word split over runs
    paragraph.add_run("ient}}")
    (tmp_path / "templates").mkdir()
    own.save(str(tmp_path / "templates" / "correction_notice.docx"))
    to_action(flow, "C000003", S.CORRECTION_NOTIFIED, ActionSpec("龙文区看守所", reply_days=10))
    with wf_book.session() as session:
        made = issue_document(
            session, ledger, files, "C000003", "correction_notice",
            actor="甲", at=AT, project_templates=tmp_path / "templates",
        )  # fmt: skip
    lines = [line for line in document_text(files.get(made.sha256)).splitlines() if line]
    assert lines == ["本院自定义格式 漳龙文检纠〔2026〕1号", "致龙文区看守所"]
