"""Import under faults: the fault-injection findings of issue 18, each with its test."""

from __future__ import annotations

import json
import threading
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from test_importer import VALID_ID, stored

from jiancha.errors import IngestError
from jiancha.ingest import importer as importer_module
from jiancha.project import Project

# long names: DuckDB reads a CSV in parallel (and may reorder it) from about 16 MB on
NAME = "甲" * 70


def _numbered_csv(path: Path, rows: int, *, bad_every: int = 0) -> None:
    """death_record rows whose record_id is the row number a person sees (header = row 1);
    with ``bad_every``, every such line has too many columns (a reject the reader sees)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("record_id,name,died_at\n")
        for row in range(2, rows + 2):
            extra = ",多余" if bad_every and row % bad_every == 0 else ""
            handle.write(f"{row},{NAME},2023-01-01{extra}\n")


def test_row_numbers_exact_in_folder_imports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two files prepared at once: the large one reads while the small one has finished
    (whose settings once switched the large one's row order off for the whole database)."""
    folder = tmp_path / "folder"
    folder.mkdir()
    big = folder / "death_record-1.csv"
    _numbered_csv(big, 100_000, bad_every=997)
    small = folder / "death_record-2.csv"
    small.write_text("record_id,name,died_at\nS1,乙,2023-01-02\n", "utf-8")
    small_done = threading.Event()
    prepare = importer_module.Importer._prepare
    read_csv_into = importer_module.readers.read_csv_into

    def prepare_in_turn(self: Any, src: Any, advance: Any) -> Any:
        try:
            return prepare(self, src, advance)
        finally:
            if src.path == small:
                small_done.set()

    def read_after_small(wh: Any, staged: Any, *args: Any) -> None:
        if "death_record-1" in (staged.csv_source or ""):
            small_done.wait(timeout=60)
        read_csv_into(wh, staged, *args)

    monkeypatch.setattr(importer_module.Importer, "_prepare", prepare_in_turn)
    monkeypatch.setattr(importer_module.readers, "read_csv_into", read_after_small)
    for run in range(3):
        small_done.clear()
        project = Project.init(tmp_path / f"proj{run}")
        reports = project.import_paths([folder])
        assert [r.read for r in reports] == [100_000, 1]
        wrong = stored(
            project,
            "SELECT count(*) FROM death_record WHERE record_id <> 'S1' "
            "AND CAST(record_id AS INTEGER) <> _row",
        )
        assert wrong == [(0,)], f"run {run}"
        rejects = [q.row for q in project.quarantine(limit=1000)]
        assert rejects == [r for r in range(2, 100_002) if r % 997 == 0]


# -- encodings --------------------------------------------------------------------------------


def test_gbk_json_lines_read_as_gbk(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "death_record.jsonl"
    lines = [
        json.dumps(
            {"record_id": f"D{i}", "name": "张三丰", "died_at": "2023-01-01"}, ensure_ascii=False
        )
        for i in range(52)
    ]
    path.write_bytes(("\n".join(lines) + "\n").encode("gbk"))
    (report,) = project.import_paths([path])
    assert (report.read, report.stored, report.quarantined) == (52, 52, 0)
    assert report.encoding == "gb18030"
    assert stored(project, "SELECT DISTINCT name FROM death_record") == [("张三丰",)]


def test_json_lines_undecodable_line_is_quarantined(project: Project, tmp_path: Path) -> None:
    """UTF-8 told from the first megabyte; a GBK line after it is quarantined, not garbled."""
    path = tmp_path / "death_record.jsonl"
    rows = [{"record_id": f"D{i}", "name": "张三", "died_at": "2023-01-01"} for i in range(20_000)]
    good = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    bad = '{"record_id": "X", "name": "李四", "died_at": "2023-01-01"}\n'
    path.write_bytes(good.encode("utf-8") + bad.encode("gbk"))
    (report,) = project.import_paths([path])
    assert (report.read, report.stored, report.quarantined) == (20_001, 20_000, 1)
    (row,) = project.quarantine()
    assert row.row == 20_001 and "UTF-8" in row.reason and "乱码" in row.reason
    assert stored(project, "SELECT DISTINCT name FROM death_record") == [("张三",)]


def _gbk_then_utf8(path: Path, gbk_rows: int, utf8_rows: int) -> None:
    with path.open("wb") as handle:
        handle.write("记录编号,姓名,死亡日期\n".encode("gbk"))
        for i in range(gbk_rows):
            handle.write(f"G{i},张三丰,2023-01-01\n".encode("gbk"))
        for i in range(utf8_rows):
            handle.write(f"U{i},李四光,2023-01-02\n".encode())
        handle.write("X1,王\udcff五,2023-01-03\n".encode("gbk", errors="surrogateescape"))


def test_gbk_csv_with_utf8_rows_later_quarantines_them(project: Project, tmp_path: Path) -> None:
    """Told GBK from the first megabyte; the UTF-8 rows after it are never stored as mojibake."""
    path = tmp_path / "死亡登记.csv"
    _gbk_then_utf8(path, 60_000, 100)
    (report,) = project.import_paths([path])
    assert report.encoding == "gb18030"
    assert (report.read, report.stored, report.quarantined) == (60_101, 60_000, 101)
    assert stored(project, "SELECT DISTINCT name FROM death_record") == [("张三丰",)]
    rows = {q.row: q for q in project.quarantine(limit=200)}
    assert set(rows) == set(range(60_002, 60_103))
    assert "UTF-8" in rows[60_002].reason and rows[60_002].raw == "U0,李四光,2023-01-02"
    assert "GBK" in rows[60_102].reason and rows[60_102].raw.startswith("X1,王")


def test_utf8_csv_with_gbk_rows_later_quarantines_them(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "death_record.csv"
    with path.open("wb") as handle:
        handle.write(b"record_id,name,died_at\n")
        for i in range(60_000):
            handle.write(f"U{i},李四光,2023-01-02\n".encode())
        handle.write("G1,张三丰,2023-01-01\n".encode("gbk"))
    (report,) = project.import_paths([path])
    assert (report.read, report.stored, report.quarantined) == (60_001, 60_000, 1)
    (row,) = project.quarantine()
    assert row.row == 60_002 and "UTF-8" in row.reason
    assert stored(project, "SELECT DISTINCT name FROM death_record") == [("李四光",)]


def test_json_lines_key_first_seen_late_is_kept(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "hospital_stay.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for i in range(10_050):
            row = {
                "record_id": f"H{i}",
                "name": "甲",
                "hospital": "市医院",
                "admitted_at": "2023-01-02",
            }
            if i == 10_020:
                row["diagnosis"] = "肺炎"
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    (report,) = project.import_paths([path])
    assert report.stored == 10_050
    assert stored(project, "SELECT record_id FROM hospital_stay WHERE diagnosis = '肺炎'") == [
        ("H10020",)
    ]


# -- repeated column names --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "named"),
    [
        ("record_id,name,died_at,died_at", "第 3 列“died_at”、第 4 列“died_at”"),
        ("record_id,name,died_at,记录编号", "第 1 列“record_id”、第 4 列“记录编号”"),
    ],
)
def test_repeated_column_refused_naming_it(
    project: Project, tmp_path: Path, header: str, named: str
) -> None:
    path = tmp_path / "death_record.csv"
    path.write_text(f"{header}\nD1,甲,2023-01-01,2023-02-02\n", "utf-8")
    with pytest.raises(IngestError) as info:
        project.import_paths([path])
    message = str(info.value)
    assert "death_record.csv" in message and named in message and "映射文件" in message
    assert stored(project, "SELECT count(*) FROM _import_batch") == [(0,)]


def test_mapping_says_which_repeated_column_to_use(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "death_record.csv"
    path.write_text("record_id,name,died_at,died_at\nD1,甲,2023-01-01,2023-02-02\n", "utf-8")
    mapping = tmp_path / "map.yaml"
    mapping.write_text("columns: {'died_at#2': died_at}\n", "utf-8")
    (report,) = project.import_paths([path], mapping=mapping)
    assert report.stored == 1
    assert stored(project, "SELECT CAST(died_at AS VARCHAR) FROM death_record") == [("2023-02-02",)]
    mapping.write_text("columns: {'died_at#1': died_at}\n", "utf-8")
    other = tmp_path / "again"
    other.mkdir()
    (other / "death_record.csv").write_text(
        "record_id,name,died_at,died_at\nD2,乙,2023-01-01,2023-02-02\n", "utf-8"
    )
    project.import_paths([other], mapping=mapping)
    assert stored(
        project, "SELECT CAST(died_at AS VARCHAR) FROM death_record WHERE record_id = 'D2'"
    ) == [("2023-01-01",)]


def test_repeated_column_in_a_workbook_refused(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "death_record.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("死亡登记")
    sheet.write_row(0, 0, ["记录编号", "姓名", "死亡日期", "死亡日期"])
    sheet.write_row(1, 0, ["D1", "甲", "2023-01-01", "2023-02-02"])
    book.close()
    with pytest.raises(IngestError) as info:
        project.import_paths([path])
    assert "死亡登记" in str(info.value) and "第 4 列“死亡日期”" in str(info.value)


# -- workbooks --------------------------------------------------------------------------------


def _book(
    path: Path, rows: Sequence[Sequence[object]], sheet: str = "死亡登记"
) -> xlsxwriter.Workbook:
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet(sheet)
    for i, row in enumerate(rows):
        ws.write_row(i, 0, row)
    return book


def _rewrite_member(path: Path, member: str, old: bytes, new: bytes) -> None:
    with zipfile.ZipFile(path) as archive:
        items = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in items:
            if info.filename == member:
                assert old in data
                data = data.replace(old, new)
            archive.writestr(info, data)


def test_workbook_with_a_far_cell_refused_in_one_line(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "death_record.xlsx"
    book = _book(path, [["record_id", "name", "died_at"], ["D1", "甲", "2023-01-01"]])
    book.worksheets()[0].write(1_048_575, 16_383, "x")
    book.close()
    assert path.stat().st_size < 10_000
    with pytest.raises(IngestError) as info:
        project.import_paths([path])
    message = str(info.value)
    assert "death_record.xlsx" in message and "XFD1048576" in message and "\n" not in message


def test_workbook_zip_bomb_refused(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "death_record.xlsx"
    _book(path, [["record_id", "name", "died_at"], ["D1", "甲", "2023-01-01"]]).close()
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/media/padding.bin", "w", force_zip64=True) as member:
            for _ in range(80):
                member.write(bytes(1 << 20))
    assert path.stat().st_size < 1 << 20
    with pytest.raises(IngestError) as info:
        project.import_paths([path])
    message = str(info.value)
    assert "death_record.xlsx" in message and "解压后" in message and "\n" not in message


def test_formula_without_value_quarantined_never_stored_as_empty(
    project: Project, tmp_path: Path
) -> None:
    first = tmp_path / "v1" / "hospital_stay.xlsx"
    first.parent.mkdir()
    header = ["record_id", "name", "hospital", "admitted_at", "diagnosis"]
    _book(first, [header, ["H1", "甲", "市医院", "2023-01-02", "肺炎"]], "hospital_stay").close()
    project.import_paths([first])
    second = tmp_path / "v2" / "hospital_stay.xlsx"
    second.parent.mkdir()
    book = _book(second, [header, ["H1", "甲", "市医院", "2023-01-02"]], "hospital_stay")
    book.worksheets()[0].write_formula(1, 4, '=CONCAT("肺","炎")', None, "")
    book.worksheets()[0].write_row(2, 0, ["H2", "乙", "市医院", "2023-01-03", "骨折"])
    book.close()
    _rewrite_member(second, "xl/worksheets/sheet1.xml", b"<v></v>", b"")
    (report,) = project.import_paths([second])
    assert (report.read, report.stored, report.quarantined) == (2, 1, 1)
    (row,) = project.quarantine(file="hospital_stay.xlsx")
    assert row.row == 2 and "公式" in row.reason and "diagnosis" in row.reason
    assert stored(project, "SELECT record_id, diagnosis FROM hospital_stay ORDER BY 1") == [
        ("H1", "肺炎"),
        ("H2", "骨折"),
    ]


def test_merged_cells_quarantined_and_hidden_sheets_skipped(
    project: Project, tmp_path: Path
) -> None:
    path = tmp_path / "导出.xlsx"
    book = _book(
        path,
        [
            ["record_id", "name", "died_at"],
            ["D1", "甲", "2023-01-01"],
            ["D2", "乙", "2023-01-01"],
            ["D3", "丙", "2023-01-01"],
            ["D4", "丁", "2023-02-02"],
        ],
    )
    book.worksheets()[0].merge_range("C2:C4", "2023-01-01")
    hidden = book.add_worksheet("hospital_stay")
    hidden.write_row(0, 0, ["record_id", "name", "hospital", "admitted_at"])
    hidden.write_row(1, 0, ["H1", "甲", "市医院", "2023-01-02"])
    hidden.hide()
    book.close()
    (report,) = project.import_paths([path])
    assert (report.read, report.stored, report.quarantined) == (4, 2, 2)
    assert {q.row for q in project.quarantine()} == {3, 4}
    assert all("合并单元格 C2:C4" in q.reason for q in project.quarantine())
    assert stored(project, "SELECT record_id FROM death_record ORDER BY 1") == [("D1",), ("D4",)]
    assert any("隐藏" in note and "hospital_stay" in note for note in report.notes)
    assert stored(project, "SELECT count(*) FROM hospital_stay") == [(0,)]


def test_id_number_typed_as_an_excel_number_is_flagged_as_such(
    project: Project, tmp_path: Path
) -> None:
    path = tmp_path / "death_record.xlsx"
    book = _book(path, [["record_id", "name", "id_number", "died_at"]])
    ws = book.worksheets()[0]
    ws.write_row(1, 0, ["D1", "甲"])
    ws.write_number(1, 2, float(VALID_ID))
    ws.write_row(1, 3, ["2023-01-01"])
    ws.write_row(2, 0, ["D2", "乙", VALID_ID, "2023-01-01"])
    book.close()
    (report,) = project.import_paths([path])
    assert report.stored == 2 and report.flagged == 1
    assert stored(project, "SELECT record_id, _flags FROM death_record ORDER BY 1") == [
        ("D1", "id_number:excel_number"),
        ("D2", None),
    ]


# -- re-import after a fix, scope of imports --------------------------------------------------


def test_reimport_with_a_corrected_mapping_or_table_imports_again(
    project: Project, tmp_path: Path
) -> None:
    data = tmp_path / "export.csv"
    data.write_text("编号,姓名,去向,时间\nB1,张三,出,2023-03-01\n", "utf-8")
    mapping = tmp_path / "border.yaml"
    mapping.write_text(
        "table: border_crossing\n"
        "columns: {编号: record_id, 姓名: name, 去向: direction, 时间: crossed_at}\n",
        "utf-8",
    )
    (first,) = project.import_paths([data], mapping=mapping)
    assert (first.stored, first.quarantined) == (0, 1)  # 出 is not a direction yet
    (same,) = project.import_paths([data], mapping=mapping)
    assert same.status == "unchanged" and "--force" in same.notes[0]
    mapping.write_text(mapping.read_text("utf-8") + "values: {direction: {出: exit}}\n", "utf-8")
    (fixed,) = project.import_paths([data], mapping=mapping)
    assert fixed.status == "imported" and fixed.stored == 1
    assert stored(project, "SELECT direction FROM border_crossing") == [("exit",)]
    (forced,) = project.import_paths([data], mapping=mapping, force=True)
    assert forced.status == "imported" and (forced.stored, forced.unchanged) == (1, 1)


def test_reimport_with_another_table_imports_again(project: Project, tmp_path: Path) -> None:
    data = tmp_path / "export.csv"
    data.write_text(
        "record_id,name,hospital,admitted_at,diagnosis\nH1,甲,市医院,2023-01-02,肺炎\n", "utf-8"
    )
    project.import_paths([data], table="hospital_stay")
    (again,) = project.import_paths([data], table="hospital_stay")
    assert again.status == "unchanged"
    (other,) = project.import_paths([data])  # told from the headers this time: same table
    assert other.status == "imported" and other.unchanged == 1


def test_rows_of_other_units_quarantined_naming_the_unit(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "petition.csv"
    path.write_text(
        "record_id,unit_code,received_at,petitioner_name,matter\n"
        "P1,350602,2023-01-01,甲,事项\n"
        "P2,350603,2023-01-01,乙,事项\n"
        "P3,,2023-01-01,丙,事项\n",
        "utf-8",
    )
    (report,) = project.import_paths([path], allowed_units=["350602"])
    assert (report.read, report.stored, report.quarantined) == (3, 2, 1)
    (row,) = project.quarantine()
    assert row.row == 3 and row.field == "unit_code" and "350603" in row.reason
    assert "350602" in row.reason and "不在" in row.reason
    assert stored(project, "SELECT record_id FROM petition ORDER BY 1") == [("P1",), ("P3",)]


# -- smaller ones -------------------------------------------------------------------------------


def test_cr_only_line_ends(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "death_record.csv"
    path.write_bytes("record_id,name,died_at\rD1,甲,2023-01-01\rD2,乙,2023-01-02\r".encode())
    (report,) = project.import_paths([path])
    assert (report.read, report.stored) == (2, 2)
    assert stored(project, "SELECT record_id, _row FROM death_record ORDER BY 1") == [
        ("D1", 2),
        ("D2", 3),
    ]


def test_one_overlong_field_quarantines_only_its_row(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "death_record.csv"
    path.write_text(
        "record_id,name,died_at\n" + f"D1,{'甲' * 3_000_000},2023-01-01\nD2,乙,2023-01-02\n",
        "utf-8",
    )
    (report,) = project.import_paths([path])
    assert (report.read, report.stored, report.quarantined) == (2, 1, 1)
    (row,) = project.quarantine()
    assert row.row == 2 and row.reason == "行过长"


@pytest.mark.parametrize("line_end", ["\n", "\r\n"])
def test_unbalanced_quote_quarantines_only_its_row(
    project: Project, tmp_path: Path, line_end: str
) -> None:
    path = tmp_path / "death_record.csv"
    lines = [
        "record_id,name,died_at",
        'D1,"甲,2023-01-01',
        "D2,乙,2023-01-02",
        'D3,"丙,丁",2023-01-03',
        "D4,戊,2023-01-04,多余",
    ]
    path.write_text(line_end.join(lines) + line_end, "utf-8")
    (report,) = project.import_paths([path])
    assert (report.read, report.stored, report.quarantined) == (4, 2, 2)
    assert {q.row: q.reason for q in project.quarantine()} == {2: "引号不匹配", 5: "列数过多"}
    assert stored(project, "SELECT record_id, name, _row FROM death_record ORDER BY 1") == [
        ("D2", "乙", 3),
        ("D3", "丙,丁", 4),
    ]


def test_values_minus_zero_tabs_and_traditional_labels(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "seized_property.csv"
    path.write_text(
        "record_id,case_id,item,value_yuan,status\n"
        "S1,C1,汽车\t,-0,沒收\n"
        "S2,C1,\t手机\t,-0.00,拍賣\t\n"
        "S3,C1,电脑,-5,沒收\n",
        "utf-8",
    )
    (report,) = project.import_paths([path])
    assert (report.stored, report.quarantined) == (2, 1)
    got = stored(
        project, "SELECT record_id, item, value_yuan, status FROM seized_property ORDER BY 1"
    )
    assert [(r[0], r[1], float(r[2]), r[3]) for r in got] == [
        ("S1", "汽车", 0.0, "confiscated"),
        ("S2", "手机", 0.0, "auctioned"),
    ]
    (row,) = project.quarantine()
    assert row.row == 4 and "负" in row.reason


def test_status_counts_the_current_quarantine(project: Project, tmp_path: Path) -> None:
    first = tmp_path / "v1" / "death_record.csv"
    first.parent.mkdir()
    first.write_text("record_id,name,died_at\nD1,甲,2023-01-01\nD2,乙,不详\nD3,丙,不详\n", "utf-8")
    project.import_paths([first])
    assert project.counts()[1] == {"death_record": 2}
    fixed = tmp_path / "v2" / "death_record.csv"  # the same file, one row corrected
    fixed.parent.mkdir()
    fixed.write_text("record_id,name,died_at\nD1,甲,2023-01-01\nD2,乙,2023-02-02\nD3,丙,不详\n")
    project.import_paths([fixed])
    assert project.counts()[1] == {"death_record": 1}
    other = tmp_path / "d3_fix.csv"  # another file stores the last one
    other.write_text("record_id,name,died_at\nD3,丙,2023-03-03\n", "utf-8")
    project.import_paths([other], table="death_record")
    assert project.counts()[1] == {}
    assert len(project.quarantine()) == 3  # the history stays listed


def test_a_quarantine_kept_before_released_counts_the_same(
    project: Project, tmp_path: Path
) -> None:
    """A warehouse of an older jiancha (no ``released``): status read-only counts from the
    history; the first write adds the column set from that history, and imports go on."""
    for version, body in (
        ("v1", "D2,乙,不详\nD3,丙,不详\n"),
        ("v2", "D2,乙,2023-02-02\nD3,丙,不详\n"),
    ):
        path = tmp_path / version / "death_record.csv"
        path.parent.mkdir()
        path.write_text(f"record_id,name,died_at\n{body}", "utf-8")
        project.import_paths([path])
    with project.warehouse() as wh:
        wh.execute("ALTER TABLE _quarantine DROP COLUMN released")
    assert project.counts()[1] == {"death_record": 1}  # read-only: from the history
    with project.warehouse() as wh:  # opened for writing: the column, set
        assert wh.rows("SELECT batch_id, released FROM _quarantine ORDER BY batch_id") == [
            (1, True),
            (1, True),
            (2, False),
        ]
    assert project.counts()[1] == {"death_record": 1}
    other = tmp_path / "d3_fix.csv"
    other.write_text("record_id,name,died_at\nD3,丙,2023-03-03\n", "utf-8")
    project.import_paths([other], table="death_record")
    assert project.counts()[1] == {}
