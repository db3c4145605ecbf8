"""The administrative registers' mapping profiles in examples/ load the agencies' exports
(issue 15): marriage registrations, licences, rehabilitation decisions, market entities, and
the enforcement ledger of administrative penalties (the court's non-litigation enforcement)."""

from __future__ import annotations

from pathlib import Path

from mapping_support import imported_rows


def _load(tmp_path: Path, name: str, profile: str, text: str, sql: str) -> list[tuple[object, ...]]:
    report, rows = imported_rows(tmp_path, name, profile, text, sql)
    assert report.quarantined == 0
    return rows


def test_marriage_register_profile(tmp_path: Path) -> None:
    rows = _load(
        tmp_path,
        "婚姻登记.csv",
        "civil_affairs_marriage_register.yaml",
        "登记证字号,登记机关行政区划代码,业务类型,登记日期,男方姓名,男方证件号码,男方出生日期,"
        "女方姓名,女方证件号码,女方出生日期,登记机关名称\n"
        "J350602-2024-001,350602,结婚登记,2024年2月14日,王一,350602199001010031,1990-01-01,"
        "陈一,350602199201010041,1992/1/1,芗城区民政局\n"
        "L350602-2024-002,350602,离婚登记,20240301,王二,,,陈二,,,芗城区民政局\n",
        "SELECT record_id, kind, registered_at, man_birth_date, woman_birth_date, source "
        "FROM marriage_register ORDER BY record_id",
    )
    assert [(r[0], r[1], str(r[2])) for r in rows] == [
        ("J350602-2024-001", "marriage", "2024-02-14"),
        ("L350602-2024-002", "divorce", "2024-03-01"),
    ]
    assert str(rows[0][4]) == "1992-01-01" and rows[0][5] == "全国婚姻登记信息系统"


def test_licence_register_profile(tmp_path: Path) -> None:
    rows = _load(
        tmp_path,
        "证照.csv",
        "licence_register.yaml",
        "数据编号,证照编号,行政区划,持证人,持证人身份证件号码,证照类别,证照状态,初次领证日期,"
        "吊销或注销日期,发证机关\n"
        "Z1,350600123456,350602,赵一,350602199001010101,机动车驾驶证,吊销,2010-01-01,2024-03-01,"
        "漳州市公安局交通警察支队\n"
        "Z2,WY0001,350602,孙一,350602199001010121,网约车驾驶员证,正常,2022年3月1日,,漳州市交通运输局\n",
        "SELECT record_id, kind, status, issued_at, revoked_at FROM licence_register "
        "ORDER BY record_id",
    )
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("Z1", "driving", "revoked"),
        ("Z2", "ride_hailing", "valid"),
    ]
    assert str(rows[0][4]) == "2024-03-01" and rows[1][4] is None


def test_rehab_decision_profile(tmp_path: Path) -> None:
    rows = _load(
        tmp_path,
        "强戒决定.csv",
        "police_rehab_decision.yaml",
        "决定书文号,办案单位代码,被决定人姓名,证件号码,决定日期,送所日期,解除日期,撤销日期,决定机关\n"
        "漳公（芗）强戒决字〔2024〕1号,350602,吴一,350602199001010071,2024-03-01,,,,"
        "漳州市公安局芗城分局\n",
        "SELECT record_id, decided_at, delivered_at, agency, source FROM rehab_decision",
    )
    assert rows == [
        (
            "漳公（芗）强戒决字〔2024〕1号",
            rows[0][1],
            None,
            "漳州市公安局芗城分局",
            "公安执法办案平台",
        )
    ]
    assert str(rows[0][1]) == "2024-03-01"


def test_company_register_profile(tmp_path: Path) -> None:
    rows = _load(
        tmp_path,
        "市场主体.csv",
        "market_company_register.yaml",
        "主体身份代码,统一社会信用代码,企业名称,登记状态,成立日期,注销日期,注销原因,登记机关,所在地行政区划\n"
        "C1,91350600MA0000001X,漳州甲公司,注销,2015-01-01,2024-03-01,简易注销,芗城区市场监督管理局,350602\n"
        "C2,91350600MA0000002X,漳州乙公司,存续,2016-01-01,,,芗城区市场监督管理局,350602\n",
        "SELECT record_id, status, deregistered_at, deregistration_kind FROM company_register "
        "ORDER BY record_id",
    )
    assert [(r[0], r[1], r[3]) for r in rows] == [
        ("C1", "deregistered", "simplified"),
        ("C2", "active", None),
    ]


def test_penalty_enforcement_ledger_profile(tmp_path: Path) -> None:
    rows = _load(
        tmp_path,
        "处罚执行台账.csv",
        "admin_penalty_enforcement_ledger.yaml",
        "处罚决定书文号,行政区划代码,执法机关,当事人类型,当事人,当事人身份证件号码,罚款金额,决定日期,"
        "复议诉讼期限届满日,申请强制执行日期,法院立案日期,法院审查结果,法院裁定日期,延长执行期限月数,"
        "暂缓中止执行天数,法院结案日期\n"
        "漳市监罚〔2023〕1号,350602,市场监督管理局,自然人,张一,350602199001010011,5000元,2023-06-01,"
        "2023-12-01,2024年1月5日,2024-01-10,准予执行,2024/1/15,3,30,\n"
        "漳市监罚〔2023〕2号,350602,市场监督管理局,法人,某公司,,2万,2023-06-01,2023-12-01,"
        "2024-01-05,2024-01-10,裁定不予执行,2024-02-05,,,\n",
        "SELECT record_id, party_type, penalty_yuan, court_enforcement_filed_at, "
        "court_enforcement_ruling, court_enforcement_ruled_at, court_enforcement_extended_months, "
        "court_enforcement_excluded_days, court_enforcement_closed_at, source "
        "FROM admin_penalty ORDER BY record_id",
    )
    granted, refused = rows
    assert granted[1] == "person" and float(str(granted[2])) == 5000
    assert [str(v) for v in granted[3:6]] == ["2024-01-10", "granted", "2024-01-15"]
    assert granted[6:9] == (3, 30, None) and granted[9] == "行政执法综合管理平台"
    assert refused[1] == "org" and refused[4] == "refused"
