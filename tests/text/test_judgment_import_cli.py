"""Judgment texts through `jiancha import` and `jiancha publish` (real published judgments)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from shared_data import shared_data

from jiancha.cli.main import run
from jiancha.project import Project

DATA = shared_data("judgments_dev.jsonl")
pytestmark = pytest.mark.skipif(not DATA.exists(), reason=f"shared data absent: {DATA}")


def first_judgments(n: int) -> list[dict]:
    with DATA.open(encoding="utf-8") as handle:
        return [json.loads(line) for _, line in zip(range(n), handle, strict=False)]


def test_folder_of_texts_imports_as_judgments(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "texts"
    folder.mkdir()
    for item in first_judgments(5):
        (folder / f"{item['id']}.txt").write_text(item["full_text"], "utf-8")
    (folder / "broken.txt").write_text("刑事判决书\n这不是一份完整的判决书。", "utf-8")
    assert run(["init", str(tmp_path / "p")]) == 0
    assert run(["-C", str(tmp_path / "p"), "import", str(folder)]) == 0
    assert run(["-C", str(tmp_path / "p"), "clues", "list"]) == 0  # casebook opens fine
    counts, quarantined = Project.open(tmp_path / "p").counts()
    stored = {c.table: c.rows for c in counts}
    assert stored["judgment"] >= 5  # one row per defendant
    assert quarantined == {"judgment": 1}
    capsys.readouterr()
    assert run(["-C", str(tmp_path / "p"), "quarantine", "list", "--table", "judgment"]) == 0
    assert "broken" in capsys.readouterr().out


def test_jsonl_of_texts_and_publish(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    items = first_judgments(3)
    data = tmp_path / "judgments.jsonl"
    data.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), "utf-8")
    project = tmp_path / "p"
    assert run(["init", str(project)]) == 0
    assert run(["-C", str(project), "import", str(data)]) == 0
    capsys.readouterr()
    record = f"{items[0]['id']}#1"
    assert run(["-C", str(project), "publish", "--record", record]) == 0
    published = capsys.readouterr().out
    assert "人民法院" in published and "某" in published
    assert run(["-C", str(project), "publish", "--record", "nope#1"]) == 1
    assert "nope#1" in capsys.readouterr().err


def test_full_text_column_fills_empty_fields(tmp_path: Path) -> None:
    """A judgment export with only record_id and the full text: the parser fills the rest."""
    import csv

    items = first_judgments(2)
    data = tmp_path / "judgment.csv"
    with data.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["record_id", "charge", "full_text"])
        writer.writerow(["J1", "", items[0]["full_text"]])
        writer.writerow(["J2", "法院写明的罪名", items[1]["full_text"]])
    project = Project.init(tmp_path / "p")
    (report,) = project.import_paths([data])
    assert (report.stored, report.quarantined) == (2, 0)
    assert any("全文解析补全" in note for note in report.notes)
    with project.warehouse(read_only=True) as wh:
        rows = {
            r[0]: r[1:]
            for r in wh.rows("SELECT record_id, decided_at, charge, penalty FROM judgment")
        }
    decided, charge, penalty = rows["J1"]
    assert decided is not None and charge and penalty
    assert rows["J2"][1] == "法院写明的罪名"  # what the export gave is kept


def test_folder_of_variants_imports_in_one_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Spaced titles in GBK and UTF-16, excerpts without signatures, judgments pasted into one
    file, and a ruling that sentences no one: one `jiancha import`, nothing lost."""
    from test_judgment_variants import RULING, VARIANTS

    items = first_judgments(4)
    texts = [i["full_text"] for i in items]
    folder = tmp_path / "裁判文书"
    folder.mkdir()
    spaced = texts[0].replace("刑事判决书", "刑　事　判　决　书", 1)
    (folder / "全角空格标题.txt").write_text(spaced, encoding="gbk", errors="strict")
    (folder / "半角空格标题.txt").write_text(VARIANTS["spaced title"](texts[1]), encoding="utf-16")
    excerpt = texts[2][: texts[2].index("如不服本判决")] + "\n二〇一八年一月九日\n"
    (folder / "无落款.txt").write_text(excerpt, encoding="utf-8")
    (folder / "合并导出.txt").write_text("\n\n".join(texts[:2] + texts[3:]), encoding="gb18030")
    ruling = RULING.format(decision="裁定如下：驳回上诉，维持原判。本裁定为终审裁定。")
    (folder / "二审裁定.txt").write_text(ruling, encoding="utf-8")
    project = tmp_path / "p"
    assert run(["init", str(project)]) == 0
    assert run(["-C", str(project), "import", str(folder)]) == 0
    counts, quarantined = Project.open(project).counts()
    with Project.open(project).warehouse(read_only=True) as wh:
        ids = sorted(r[0] for r in wh.con.execute("SELECT record_id FROM judgment").fetchall())
    assert {i.split("#")[0] for i in ids} == {
        "全角空格标题", "半角空格标题", "无落款", "合并导出:1", "合并导出:2", "合并导出:3",
    }  # fmt: skip
    assert quarantined == {"judgment": 1}
    capsys.readouterr()
    assert run(["-C", str(project), "quarantine", "list", "--table", "judgment"]) == 0
    assert "维持原判" in capsys.readouterr().out
