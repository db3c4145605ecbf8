"""Folders and JSON lines of judgment texts become judgment rows or problems with reasons."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from jiancha.ingest.judgment_text import judgment_rows, read_judgment_texts

TEXT = (
    "某某市某某区人民法院 刑事判决书 (2018)闽0602刑初5号 公诉机关某某区人民检察院。 "
    "被告人张三，男，1990年1月1日出生。 某某区人民检察院以起诉书指控被告人张三犯盗窃罪。 "
    "公诉机关指控：张三盗窃人民币五千元。 本院认为，被告人张三如实供述，系坦白。判决如下： "
    "被告人张三犯盗窃罪，判处有期徒刑六个月，并处罚金人民币二千元。 审判员李四 二〇一八年三月一日"
)


def _docx(path: Path, text: str) -> None:
    body = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in text.split(" "))
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", f"<w:document><w:body>{body}</w:body></w:document>")


def test_folder_of_txt_docx_and_jsonl(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="gb18030")
    _docx(tmp_path / "b.docx", TEXT)
    lines = [{"id": "j1", "full_text": TEXT}, {"id": "bad", "text": "这不是判决书"}]
    (tmp_path / "c.jsonl").write_text("\n".join(json.dumps(x) for x in lines), "utf-8")
    rows, problems = judgment_rows(read_judgment_texts(tmp_path))
    assert [r["record_id"] for r in rows] == ["a#1", "b#1", "j1#1"]
    assert {r["term_months"] for r in rows} == {6}
    assert [p.source_id for p in problems] == ["bad"] and "判决如下" in problems[0].reason
