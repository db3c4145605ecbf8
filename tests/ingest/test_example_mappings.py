"""The mapping profiles shipped in examples/ work on the exports they describe."""

from __future__ import annotations

from pathlib import Path

from jiancha.project import Project

EXAMPLES = Path(__file__).parents[2] / "examples" / "mappings"


def test_police_case_report_profile(tmp_path: Path) -> None:
    export = tmp_path / "受案导出.csv"
    export.write_text(
        "受案编号,办案单位代码,受案时间,案件类型,案由,损失价值,报案人,嫌疑人,处理结果,处理时间\n"
        "SA1,350602,2024年3月5日,刑事案件,盗窃,5千元,甲,乙,不立案,2024-03-20\n"
        "SA2,350603,2024/3/6,行政案件,殴打他人,,丙,丁,待处理,\n",
        encoding="gbk",
    )
    project = Project.init(tmp_path / "p")
    (report,) = project.import_paths([export], mapping=EXAMPLES / "police_case_report.yaml")
    assert (report.table, report.stored, report.quarantined) == ("case_report", 2, 0)
    with project.warehouse(read_only=True) as wh:
        rows = wh.rows(
            "SELECT record_id, received_at, case_kind, amount_yuan, decision, source "
            "FROM case_report ORDER BY record_id"
        )
    assert str(rows[0][1]) == "2024-03-05" and rows[0][2] == "criminal"
    assert float(rows[0][3]) == 5000 and rows[0][4] == "not_filed" and rows[0][5] == "警综平台"
    assert rows[1][2] == "administrative" and rows[1][4] == "pending"
