"""Import of agency exports: formats, encodings, quarantine accounting, re-import."""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import xlsxwriter

from jiancha.errors import IngestError
from jiancha.project import Project
from jiancha.schema import Column, Table, contract
from jiancha.values import id_check_digit, org_code_check_char

ID17 = "35060219850312123"
VALID_ID = ID17 + id_check_digit(ID17)
ORG17 = "91350600MA2XY3W1K"
VALID_ORG = ORG17 + org_code_check_char(ORG17)

SAMPLES = {
    "text": "样例",
    "code": "X-1",
    "unit_code": "350602",
    "date": "2023年1月9日",
    "month": "2023-01",
    "amount": "5万元",
    "integer": "12",
    "number": "1.5",
    "bool": "是",
    "id_number": VALID_ID,
    "org_code": VALID_ORG,
    "gender": "男",
}


def sample_value(col: Column) -> str:
    if col.type in ("enum", "enum_list"):
        return next(iter(col.allowed.values()))  # the Chinese label of the first value
    return SAMPLES[col.type]


def sample_rows(table: Table, n: int = 3) -> list[dict[str, str]]:
    rows = []
    for i in range(n):
        row = {c.name: sample_value(c) for c in table.columns}
        row["record_id"] = f"{table.name}-{i}"
        rows.append(row)
    return rows


def write_csv(
    path: Path, rows: list[dict[str, str]], table: Table, *, encoding: str, chinese: bool
) -> None:
    headers = [c.label if chinese else c.name for c in table.columns]
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        writer.writerows([[r[c.name] for c in table.columns] for r in rows])


def write_file(folder: Path, table: Table, fmt: str, rows: list[dict[str, str]]) -> Path:
    if fmt == "csv-utf8":
        path = folder / f"{table.name}.csv"
        write_csv(path, rows, table, encoding="utf-8", chinese=False)
    elif fmt == "csv-bom":
        path = folder / f"{table.name}.csv"
        write_csv(path, rows, table, encoding="utf-8-sig", chinese=True)
    elif fmt == "csv-gbk":
        path = folder / f"{table.label}.csv"
        write_csv(path, rows, table, encoding="gbk", chinese=True)
    elif fmt == "xlsx":
        path = folder / f"{table.name}.xlsx"
        book = xlsxwriter.Workbook(str(path))
        sheet = book.add_worksheet(table.label)
        for j, col in enumerate(table.columns):
            sheet.write_string(0, j, col.label)
            for i, row in enumerate(rows, start=1):
                sheet.write_string(i, j, row[col.name])
        book.close()
    elif fmt == "parquet":
        path = folder / f"{table.name}.parquet"
        pq.write_table(pa.Table.from_pylist(rows), path)
    else:
        path = folder / f"{table.name}.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


def stored(project: Project, sql: str) -> list[tuple]:
    with project.warehouse(read_only=True) as wh:
        return wh.rows(sql)


FORMATS = ["csv-utf8", "csv-bom", "csv-gbk", "xlsx", "parquet", "jsonl"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_table_in_every_format(project: Project, tmp_path: Path, fmt: str) -> None:
    folder = tmp_path / fmt
    folder.mkdir()
    for table in contract().tables.values():
        write_file(folder, table, fmt, sample_rows(table))
    reports = project.import_paths([folder])
    assert {r.table for r in reports} == set(contract().tables)
    for report in reports:
        assert (report.read, report.stored, report.quarantined) == (3, 3, 0), report
    cr = stored(project, "SELECT received_at, case_kind, amount_yuan FROM case_report LIMIT 1")
    assert str(cr[0][0]) == "2023-01-09" and cr[0][1] == "criminal" and float(cr[0][2]) == 50000
    pr = stored(project, "SELECT gender, recidivist, id_number, _flags FROM prisoner LIMIT 1")
    assert pr[0] == ("M", True, VALID_ID, None)
    month = stored(project, "SELECT month FROM employment_record LIMIT 1")
    assert month[0][0] == "2023-01"


def test_quarantine_accounting(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "coercive_measure.csv"
    path.write_text(
        "record_id,case_id,name,id_number,measure,start_at,end_at\n"
        f"M1,C1,张三,{VALID_ID},detention,2023-01-09,2023-01-20\n"
        "M2,C1,李四,,逮捕,2023/1/9,\n"
        "M3,C1,王五,,detention,2023-02-30,\n"  # impossible date
        ",C1,赵六,,detention,2023-01-09,\n"  # no record_id
        "M5,C1,钱七,,flying,2023-01-09,\n"  # unknown enumeration
        "M6,C1,孙八,,bail\n"  # too few columns
        "M7,C1,周九,,bail,,\n"  # required start_at missing
        f"M1,C1,张三,{VALID_ID},detention,2023-01-09,2023-01-20\n",  # exact duplicate
        encoding="utf-8",
    )
    (report,) = project.import_paths([path])
    assert report.read == 8
    assert report.read == report.stored + report.quarantined
    assert (report.stored, report.quarantined) == (2, 6)
    rows = {q.row: q for q in project.quarantine()}
    assert set(rows) == {4, 5, 6, 7, 8, 9}
    assert rows[4].field == "start_at" and "2023-02-30" in rows[4].reason
    assert rows[5].field == "record_id"
    assert rows[6].field == "measure" and "刑事拘留" in rows[6].reason
    assert rows[7].reason == "列数不足"
    assert rows[8].field == "start_at" and "缺少必填字段" in rows[8].reason
    assert rows[9].field == "record_id" and "第2行" in rows[9].reason
    assert json.loads(rows[4].raw or "{}")["name"] == "王五"


def test_reimport_same_file_changes_nothing(project: Project, tmp_path: Path) -> None:
    table = contract().table("petition")
    path = write_file(tmp_path, table, "csv-utf8", sample_rows(table))
    first = project.import_paths([path])[0]
    again = project.import_paths([path])[0]
    assert again.status == "unchanged" and again.batch_id == first.batch_id
    assert stored(project, "SELECT count(*), count(DISTINCT _batch_id) FROM petition") == [(3, 1)]
    assert stored(project, "SELECT count(*) FROM _import_batch") == [(1,)]


def test_changed_row_replaces_old_and_is_logged(project: Project, tmp_path: Path) -> None:
    table = contract().table("petition")
    rows = sample_rows(table)
    project.import_paths([write_file(tmp_path, table, "csv-utf8", rows)])
    rows[1]["matter"] = "改过的事项"
    rows.append({**rows[0], "record_id": "petition-new"})
    second_dir = tmp_path / "second"
    second_dir.mkdir()
    (report,) = project.import_paths([write_file(second_dir, table, "csv-utf8", rows)])
    assert (report.new, report.replaced, report.unchanged) == (1, 1, 2)
    assert stored(project, "SELECT count(*) FROM petition") == [(4,)]
    assert stored(project, "SELECT matter FROM petition WHERE record_id = 'petition-1'") == [
        ("改过的事项",)
    ]
    log = stored(project, "SELECT record_id, old_batch_id FROM _replaced")
    assert log == [("petition-1", 1)]
    notes = stored(project, "SELECT note FROM _import_batch WHERE batch_id = 2")[0][0]
    assert "替换" in notes


def test_id_numbers_upgraded_and_flagged(project: Project, tmp_path: Path) -> None:
    bad = VALID_ID[:-1] + ("0" if VALID_ID[-1] != "0" else "1")
    legacy = VALID_ID[:6] + VALID_ID[8:17]  # the 15-digit form of the same number
    path = tmp_path / "death_record.csv"
    path.write_text(
        f"record_id,name,id_number,died_at\nD1,甲,{bad},2023-01-01\nD2,乙,{legacy},2023-01-01\n",
        "utf-8",
    )
    (report,) = project.import_paths([path])
    assert report.flagged == 1
    got = dict(
        stored(
            project, "SELECT record_id, id_number || '|' || coalesce(_flags, '') FROM death_record"
        )
    )
    assert got == {"D1": f"{bad}|id_number:bad_checksum", "D2": f"{VALID_ID}|"}


def test_mapping_profile(project: Project, tmp_path: Path) -> None:
    data = tmp_path / "export_2023.csv"
    data.write_text("编号,姓名,去向,时间\nB1,张三,出,2023-03-01\n", "utf-8")
    profile = tmp_path / "border.yaml"
    profile.write_text(
        "table: border_crossing\n"
        "columns: {编号: record_id, 姓名: name, 去向: direction, 时间: crossed_at}\n"
        "values: {direction: {出: exit, 入: entry}}\n"
        "defaults: {source: 出入境管理系统}\n",
        "utf-8",
    )
    (report,) = project.import_paths([data], mapping=profile)
    assert report.stored == 1
    assert stored(project, "SELECT direction, source FROM border_crossing") == [
        ("exit", "出入境管理系统")
    ]


def test_workbook_sheets_identified_by_name_and_header(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "导出.xlsx"
    book = xlsxwriter.Workbook(str(path))
    named = book.add_worksheet("死亡登记")
    for j, v in enumerate(["记录编号", "姓名", "死亡日期"]):
        named.write_string(0, j, v)
    for j, v in enumerate(["D1", "甲", "2023-01-01"]):
        named.write_string(1, j, v)
    unnamed = book.add_worksheet("Sheet2")
    for j, v in enumerate(["record_id", "name", "hospital", "admitted_at", "diagnosis"]):
        unnamed.write_string(0, j, v)
    unnamed.write_row(1, 0, ["H1", "乙", "市医院", "2023-01-02", "肺炎"])
    book.add_worksheet("说明").write_string(0, 0, "本文件由系统导出")
    book.close()
    reports = project.import_paths([path])
    assert [(r.sheet, r.table, r.stored) for r in reports] == [
        ("死亡登记", "death_record", 1),
        ("Sheet2", "hospital_stay", 1),
    ]
    assert any("说明" in note for note in reports[0].notes)


def _truncated_xlsx(path: Path, tmp_path: Path) -> None:
    good = tmp_path / "good.xlsx"
    book = xlsxwriter.Workbook(str(good))
    book.add_worksheet("judgment").write_row(0, 0, ["record_id", "decided_at"])
    book.close()
    data = good.read_bytes()
    path.write_bytes(data[: len(data) // 2])


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("unknown_things.csv", "a,b,c\n1,2,3\n", "无法确定对应的数据表"),
        ("judgment.csv", "", "文件为空"),
        ("judgment.csv", "%PDF-1.4\n%âãÏÓ\n", "PDF"),
        ("judgment.csv", "case_id,decided_at\nC1,2023-01-01\n", "record_id"),
        ("judgment.xlsx", None, "Excel"),
    ],
)
def test_wrong_files_fail_cleanly(
    project: Project, tmp_path: Path, name: str, content: str | None, message: str
) -> None:
    ok = tmp_path / "death_record.csv"
    ok.write_text("record_id,name,died_at\nD1,甲,2023-01-01\n", "utf-8")
    project.import_paths([ok])
    bad = tmp_path / "bad" / name
    bad.parent.mkdir()
    if content is None:
        _truncated_xlsx(bad, tmp_path)
    else:
        bad.write_text(content, "utf-8")
    with pytest.raises(IngestError) as info:
        project.import_paths([bad])
    text = str(info.value)
    assert name in text and message in text and "\n" not in text
    assert stored(project, "SELECT count(*) FROM death_record") == [(1,)]
    assert stored(project, "SELECT count(*) FROM _import_batch") == [(1,)]


def test_truncated_xlsx_is_really_a_zip_error(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    _truncated_xlsx(path, tmp_path)
    with pytest.raises(zipfile.BadZipFile):
        zipfile.ZipFile(path)


def test_gbk_detection_on_a_large_file(project: Project, tmp_path: Path) -> None:
    """GBK detected past the sample size and transcoded in chunks."""
    path = tmp_path / "社保缴费.csv"
    with path.open("w", encoding="gbk", newline="") as handle:
        handle.write("记录编号,姓名,身份证号,缴费单位,缴费月份,缴费金额\n")
        for i in range(40_000):
            handle.write(
                f"E{i},张三丰,{VALID_ID},漳州市芗城区某某有限公司,2023-{i % 12 + 1:02d},1234.50\n"
            )
    (report,) = project.import_paths([path])
    assert report.encoding == "gb18030"
    assert (report.read, report.stored, report.quarantined) == (40_000, 40_000, 0)
    assert stored(project, "SELECT DISTINCT name FROM employment_record") == [("张三丰",)]


def test_import_does_not_hold_the_warehouse_open(project: Project, tmp_path: Path) -> None:
    table = contract().table("petition")
    project.import_paths([write_file(tmp_path, table, "csv-utf8", sample_rows(table))])
    con = duckdb.connect(str(project.warehouse_path))  # would fail if a lock were left
    assert con.execute("SELECT count(*) FROM petition").fetchone() == (3,)
    con.close()
