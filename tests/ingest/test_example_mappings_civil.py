"""The civil tables' mapping profiles (examples/mappings/court_enforcement_case.yaml,
asset_register.yaml, court_civil_party.yaml) load the exports they describe: Chinese headers,
GBK, the agencies' own words for the closing, the asset kind, the role and the service."""

from __future__ import annotations

from pathlib import Path

from mapping_support import imported_rows


def test_enforcement_case_profile(tmp_path: Path) -> None:
    report, rows = imported_rows(
        tmp_path,
        "执行案件导出.csv",
        "court_enforcement_case.yaml",
        "执行案号,承办法院,行政区划代码,申请执行人,被执行人,被执行人证照号码,立案时间,结案方式,"
        "结案时间,申请执行标的金额,实际到位金额\n"
        "（2024）闽0602执100号,芗城区人民法院,350602,甲,乙,350602198001010011,2024年1月10日,终本,"
        "2024/4/10,5万元,0\n"
        "（2024）闽0602执101号,芗城区人民法院,350602,丙,丁,,2024-02-01,实际执结,2024-03-01,"
        "12000,12000\n",
        "SELECT closing, filed_at, closed_at, amount_due_yuan, source FROM enforcement_case "
        "ORDER BY record_id",
    )
    assert (report.table, report.stored, report.quarantined) == ("enforcement_case", 2, 0)
    assert rows[0][0] == "terminated_this_round" and str(rows[0][1]) == "2024-01-10"
    assert float(rows[0][3]) == 50000 and rows[0][4] == "法院执行案件流程管理系统"
    assert rows[1][0] == "paid"


def test_asset_register_profile(tmp_path: Path) -> None:
    report, rows = imported_rows(
        tmp_path,
        "财产查询结果.csv",
        "asset_register.yaml",
        "登记编号,权利人名称,权利人证件号码,财产类型,财产信息,登记时间,注销时间,评估价值,登记机关\n"
        "FC1,乙,350602198001010011,房产,住宅,2020-05-01,,80万,不动产登记中心\n"
        "CL1,乙,350602198001010011,机动车,小型轿车,2023年6月30日,2024-01-02,,车管所\n",
        "SELECT kind, registered_at, deregistered_at, value_yuan FROM asset_register "
        "ORDER BY record_id",
    )
    assert (report.table, report.stored, report.quarantined) == ("asset_register", 2, 0)
    assert rows[0][0] == "vehicle" and str(rows[0][2]) == "2024-01-02"
    assert rows[1][0] == "real_estate" and float(rows[1][3]) == 800000


def test_civil_party_profile(tmp_path: Path) -> None:
    report, rows = imported_rows(
        tmp_path,
        "当事人信息.csv",
        "court_civil_party.yaml",
        "当事人序号,案号,行政区划代码,诉讼地位,当事人类型,当事人名称,证件号码,委托诉讼代理人,代理人执业机构,"
        "送达方式,送达日期\n"
        "1,（2024）闽0602民初1号,350602,原告,自然人,甲,350602198001010011,王一,"
        "福建天衡联合（漳州）律师事务所,直接送达,2024-01-05\n"
        "2,（2024）闽0602民初1号,350602,被告,法人,乙公司,,李一,福建天衡联合(漳州)律师事务所,"
        "公告送达,2024年1月20日\n",
        "SELECT role, party_type, agent_name, agent_firm, served_by, served_at, source "
        "FROM civil_party ORDER BY record_id",
    )
    assert (report.table, report.stored, report.quarantined) == ("civil_party", 2, 0)
    assert [r[:3] for r in rows] == [("plaintiff", "person", "王一"), ("defendant", "org", "李一")]
    # the firm kept as written: civil.same_firm_both_sides compares the brackets' two widths
    assert rows[1][3] == "福建天衡联合(漳州)律师事务所" and rows[1][4] == "public_notice"
    assert str(rows[1][5]) == "2024-01-20" and rows[0][6] == "法院审判流程管理系统"
