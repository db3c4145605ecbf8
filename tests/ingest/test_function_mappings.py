"""The mapping profiles of the public-interest and minors' registers (examples/mappings/) load
the agencies' exports: their headers, their own names for the codes, their date forms."""

from __future__ import annotations

from pathlib import Path

from mapping_support import imported_rows

Rows = list[tuple[object, ...]]


def _load(tmp_path: Path, profile: str, text: str, sql: str) -> tuple[tuple[str, int, int], Rows]:
    """The import's (table, stored, quarantined) of ``text`` with ``profile``, and ``sql``'s
    rows afterwards."""
    report, rows = imported_rows(tmp_path, f"{profile}.csv", f"{profile}.yaml", text, sql)
    return (report.table, report.stored, report.quarantined), rows


def test_benefit_payment_profile(tmp_path: Path) -> None:
    counts, rows = _load(
        tmp_path,
        "benefit_payment",
        "发放流水号,经办机构代码,姓名,公民身份号码,待遇项目,待遇所属期,实发金额,发放日期,经办机构\n"
        'F1,350602,张三,350602195501010017,企业职工基本养老金,2024年3月,"3,120.50",2024-03-10,社保中心\n'
        "F2,350602,李四,350602194001010012,高龄补贴,2024-03,200元,2024/3/15,民政局\n"
        "F3,350602,王五,350602194001010039,丧葬费,2024-03,5000,2024/3/15,民政局\n",
        "SELECT record_id, kind, month, amount_yuan FROM benefit_payment ORDER BY 1",
    )
    # the funeral grant is not a monthly benefit of the contract: quarantined with its reason
    assert counts == ("benefit_payment", 2, 1)
    assert [(r[0], r[1], r[2], float(r[3])) for r in rows] == [
        ("F1", "pension", "2024-03", 3120.5),
        ("F2", "elderly_allowance", "2024-03", 200.0),
    ]


def test_lodging_register_profile(tmp_path: Path) -> None:
    counts, rows = _load(
        tmp_path,
        "lodging_register",
        "登记流水号,辖区派出所代码,旅客姓名,证件号码,旅馆名称,旅馆类型,入住日期,入住时,同住人姓名\n"
        "L1,350602,赵六,350602200801010018,某某电竞,电竞宾馆,2024年5月1日,23,\n"
        "L2,350602,钱七,350602200801010026,某某宾馆,招待所,20240502,1,钱父\n",
        "SELECT establishment_kind, check_in_at, check_in_hour, companion_name "
        "FROM lodging_register ORDER BY record_id",
    )
    assert counts == ("lodging_register", 2, 0)
    assert rows[0][0] == "esports_hotel" and str(rows[0][1]) == "2024-05-01" and rows[0][2] == 23
    assert rows[1][0] == "hotel" and rows[1][3] == "钱父"


def test_conditional_non_prosecution_profile(tmp_path: Path) -> None:
    counts, rows = _load(
        tmp_path,
        "conditional_non_prosecution",
        "决定书文号,犯罪嫌疑人,身份证号码,决定日期,考验期（月）,考验期满处理,处理日期\n"
        "FT1,孙八,350602200801010034,2023-11-01,6,作出不起诉决定,2024-05-10\n"
        "FT2,周九,350602200801010042,2024-01-01,12,,\n",
        "SELECT probation_months, outcome, outcome_at FROM conditional_non_prosecution "
        "ORDER BY record_id",
    )
    assert counts == ("conditional_non_prosecution", 2, 0)
    assert rows[0][:2] == (6, "non_prosecution") and rows[1] == (12, None, None)


def test_land_transfer_profile(tmp_path: Path) -> None:
    counts, (row,) = _load(
        tmp_path,
        "land_transfer",
        "合同编号,宗地编号,受让人,合同签订日期,成交价款（元）,已缴价款（元）,是否占用耕地,应纳耕地占用税（元）\n"
        "HT1,G-01,某置业公司,2023-06-01,1000万,800万,是,60万\n",
        "SELECT price_yuan, price_paid_yuan, farmland, occupation_tax_yuan FROM land_transfer",
    )
    assert counts == ("land_transfer", 1, 0)
    assert [float(row[0]), float(row[1]), row[2], float(row[3])] == [1e7, 8e6, True, 6e5]
