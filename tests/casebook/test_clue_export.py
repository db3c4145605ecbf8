"""Clue lists rendered as JSON, CSV, XLSX and terminal rows."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import datetime
from typing import Any

import pytest
from python_calamine import CalamineWorkbook

from jiancha.casebook import ClueView
from jiancha.errors import CasebookError
from jiancha.models.hit import Evidence, LegalBasis
from jiancha.reports.clue_export import (
    COLUMNS,
    ModelNames,
    evidence_text,
    render,
    table_rows,
    to_csv,
    to_json,
    to_xlsx,
)

SEEN = datetime(2024, 3, 2, 9, 30)


def clue(number: int, model: str, domain: str, **extra: Any) -> ClueView:
    values: dict[str, Any] = {
        "number": number,
        "fingerprint": f"{number:032d}",
        "model_id": model,
        "model_version": "1",
        "domain": domain,
        "title": "首次减刑间隔不足",
        "status": "new",
        "unit_code": "350102",
        "subject": {"name": "张三", "id_number": "350102198001010011"},
        "facts": {"term_months": 36, "recidivist": True, "gap_months": [9, 10]},
        "legal_basis": (LegalBasis("刑法", "第七十八条"),),
        "evidence": (Evidence("prisoner", "P0001"), Evidence("execution_change", "E0002")),
        "first_seen_run": "run-1",
        "last_seen_run": "run-2",
        "first_seen_at": SEEN,
        "last_seen_at": SEEN,
        "resolved_at": None,
    }
    return ClueView(**{**values, **extra})


CLUES = [
    clue(1, "execution.commutation_too_early", "execution"),
    clue(2, "trial.mandatory_fine_missing", "trial", status="dismissed"),
    clue(3, "trial.first_instance_overdue", "custody", unit_code=None),
    clue(4, "pil.repeat_violator", "", subject={"org": "某化工公司"}),
]


def test_json_has_the_shape_of_the_cli_contract() -> None:
    data = json.loads(to_json(CLUES))

    assert [d["id"] for d in data] == ["C000001", "C000002", "C000003", "C000004"]
    first = data[0]
    for key in ("model", "status", "unit_code", "subject", "facts", "legal_basis", "title"):
        assert key in first
    assert first["model"] == "execution.commutation_too_early"
    assert first["evidence"] == [
        {"table": "prisoner", "record_id": "P0001"},
        {"table": "execution_change", "record_id": "E0002"},
    ]
    assert first["legal_basis"][0]["article"] == "第七十八条"
    assert (first["first_seen"], first["domain"]) == ("2024-03-02T09:30:00", "execution")
    assert json.loads(render(CLUES, "json").decode("utf-8")) == data


def test_csv_has_a_bom_and_chinese_headers() -> None:
    raw = render(CLUES, "csv")
    assert raw.startswith(b"\xef\xbb\xbf")

    rows = list(csv.reader(io.StringIO(to_csv(CLUES).lstrip("\ufeff"))))
    assert rows[0][:4] == ["线索编号", "业务领域", "监督模型", "线索名称"]
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["证据"] == "罪犯收押 P0001；刑罚变更执行 E0002"
    assert first["监督对象"] == "姓名：张三；身份证号：350102198001010011"
    assert first["比对事实"] == "刑期（月）：36；累犯：是；gap_months：9、10"
    assert first["法律依据"] == "《刑法》第七十八条"
    assert first["状态"] == "新线索"
    assert first["首次发现"] == "2024-03-02 09:30"
    assert len(rows) == 1 + len(CLUES)


def test_xlsx_has_one_sheet_per_domain_with_chinese_headers() -> None:
    book = CalamineWorkbook.from_filelike(io.BytesIO(to_xlsx(CLUES)))

    assert book.sheet_names == ["羁押与办案期限", "审判监督", "刑事执行", "公益诉讼"]
    execution = book.get_sheet_by_name("刑事执行").to_python()
    assert execution[0] == [c.header for c in COLUMNS]
    assert execution[1][0] == "C000001"
    assert execution[1][7] == "罪犯收押 P0001；刑罚变更执行 E0002"
    assert execution[1][10] == SEEN
    pil = book.get_sheet_by_name("公益诉讼").to_python()
    assert pil[1][6] == "单位名称：某化工公司"
    assert book.get_sheet_by_name("审判监督").to_python()[1][4] == "已排除"


def test_xlsx_freezes_the_header_and_sets_column_widths() -> None:
    with zipfile.ZipFile(io.BytesIO(to_xlsx(CLUES))) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert 'state="frozen"' in sheet
    assert "<cols><col " in sheet and 'customWidth="1"' in sheet


def test_xlsx_of_no_clues_still_has_headers() -> None:
    book = CalamineWorkbook.from_filelike(io.BytesIO(render([], "xlsx")))
    assert book.get_sheet_by_name(book.sheet_names[0]).to_python()[0][0] == "线索编号"


def test_table_rows_for_the_terminal() -> None:
    headers, rows = table_rows(CLUES)

    assert headers[0] == "线索编号"
    assert "证据" in headers
    assert rows[2][headers.index("单位代码")] == ""
    assert rows[0][headers.index("状态")] == "新线索"
    assert len(rows) == len(CLUES)


def test_evidence_of_a_table_outside_the_contract_keeps_its_name() -> None:
    assert evidence_text([Evidence("warehouse_extra", "X1")]) == "warehouse_extra X1"


def test_unknown_format_is_an_error_naming_it() -> None:
    with pytest.raises(CasebookError, match="pdf"):
        render(CLUES, "pdf")


def test_the_files_people_read_name_the_model_and_its_facts_as_the_clue_page_does() -> None:
    """Issue 12's walk: the inbox's .xlsx named the model by its id and facts by their
    column names (debtor_key, gap_months, window_start). With the models' names, the model
    is its title, a fact its header's label (gap_months: 间隔（月）), a subject name the
    page's label."""
    names = ModelNames(
        {"execution.commutation_too_early": "首次减刑时间过早"},
        {"execution.commutation_too_early": {"gap_months": "间隔（月）"}},
    )
    debtor = clue(5, "execution.commutation_too_early", "execution", subject={"debtor_key": "X1"})
    rows = list(csv.reader(io.StringIO(to_csv([CLUES[0], debtor], names).lstrip("\ufeff"))))
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["监督模型"] == "首次减刑时间过早"
    assert first["比对事实"] == "刑期（月）：36；累犯：是；间隔（月）：9、10"
    assert dict(zip(rows[0], rows[2], strict=True))["监督对象"] == "被执行人证件号：X1"
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(to_xlsx([debtor], names)))
    text = str(sheet.get_sheet_by_name("刑事执行").to_python())
    assert "debtor_key" not in text and "execution.commutation_too_early" not in text
