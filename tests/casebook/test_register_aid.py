"""国家司法救助: screening judgments for victims who died or were seriously injured and whose
compensation was not executed (a compensation paid in full is a lawful look-alike), the
application's decision deadline, the decision and the payment."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from jiancha.casebook import Casebook
from jiancha.casebook.casework import Casework, CaseworkConfig
from jiancha.casebook.registers import Viewer
from jiancha.casebook.registers.aid import ApplicationInput, screen
from jiancha.errors import CasebookError, NotFound, UsageError

HOME = Viewer("li", "prosecutor", ("350602",))
OTHER = Viewer("qian", "prosecutor", ("350603",))


def judgment(ref: str, charge: str, text: str, case: str | None = None) -> dict[str, Any]:
    return {"record_id": ref, "case_id": case or f"A{ref}", "unit_code": "350602",
            "defendant_name": "王某", "charge": charge, "decided_at": "2025-06-01",
            "full_text": text}  # fmt: skip


JUDGMENTS = [
    judgment("J1", "故意杀人罪", "判决被告人赔偿附带民事诉讼原告人经济损失"),  # death
    judgment("J2", "故意伤害罪", "致被害人重伤二级……赔偿医疗费"),  # injury, unpaid
    judgment("J3", "故意伤害罪", "致被害人重伤……赔偿损失", "PAID"),  # paid in full
    judgment("J4", "盗窃罪", "退赔被害人损失"),  # no death or injury
    judgment("J5", "过失致人死亡罪", "被告人认罪认罚"),  # no compensation ordered
]
ENFORCEMENTS = [
    {"record_id": "E1", "case_id": "AJ1", "ordered_yuan": 300000, "paid_yuan": 0,
     "closing": "终结本次执行程序"},
    {"record_id": "E2", "case_id": "AJ2", "ordered_yuan": 80000, "paid_yuan": 20000},
    {"record_id": "E3", "case_id": "PAID", "ordered_yuan": 50000, "paid_yuan": 50000},
]  # fmt: skip


def test_screening_finds_unexecuted_compensation_for_death_or_serious_injury() -> None:
    found = {c.judgment_ref: c for c in screen(JUDGMENTS, ENFORCEMENTS)}
    assert set(found) == {"J1", "J2"}
    assert found["J1"].harm_label == "死亡" and "终结本次执行程序" in found["J1"].execution
    assert found["J2"].harm_label == "重伤" and "已付 20000 元" in found["J2"].execution
    unchecked = screen(JUDGMENTS, None)
    assert {c.judgment_ref for c in unchecked} == {"J1", "J2", "J3"}
    assert all(c.execution.startswith("待核实") for c in unchecked)
    no_case = screen([judgment("J6", "故意杀人罪", "赔偿", "NOCASE")], ENFORCEMENTS)
    assert "未申请执行" in no_case[0].execution


def test_screening_reads_the_contracts_enforcement_case() -> None:
    """The court's enforcement cases as the contract has them: matched by 执行依据案号,
    closing as a code, amounts due and paid."""
    rows = [
        {"record_id": "ZX1", "basis_case_id": "AJ1", "closing": "terminated_this_round",
         "amount_due_yuan": 300000, "amount_paid_yuan": 1000},
        {"record_id": "ZX2", "basis_case_id": "AJ2", "closing": "paid",
         "amount_due_yuan": 80000, "amount_paid_yuan": 0},
    ]  # fmt: skip
    found = {c.judgment_ref: c for c in screen(JUDGMENTS, rows)}
    assert set(found) == {"J1", "J3"}  # J2 closed as 执行完毕; J3 has no enforcement case
    assert "终结本次执行" in found["J1"].execution and "已付 1000 元" in found["J1"].execution
    assert "terminated" not in found["J1"].execution
    assert "未申请执行" in found["J3"].execution


class Rows:
    def scoped_rows(self, tables: Any, units: Any) -> dict[str, list[dict[str, Any]]]:
        rows = {"judgment": JUDGMENTS}
        return {t: rows[t] for t in tables if t in rows}


@pytest.fixture
def work(wf_book: Casebook, tmp_path: Path) -> Casework:
    return Casework(CaseworkConfig(tmp_path / "project"), wf_book, Rows())


def application(amount: int = 50000) -> ApplicationInput:
    return ApplicationInput(
        "350602", "张母", "张某", "母子", "死亡", "（2025）闽0602刑初5号", "家庭无收入来源",
        amount, date(2026, 3, 2), "li", "J1",
    )  # fmt: skip


def test_the_casework_screens_its_warehouse_and_says_what_it_could_not_check(
    work: Casework,
) -> None:
    found, notes = work.registers.aid.screen()
    assert {c.judgment_ref for c in found} == {"J1", "J2", "J3"}
    assert notes == ["数据仓库没有执行案件（enforcement_case）数据：民事赔偿执行情况待核实"]


def test_the_decision_is_due_ten_working_days_after_receipt(work: Casework) -> None:
    aid = work.registers.aid
    received = aid.add(HOME, application())
    assert received.ref == "JZ000001" and received.decision_due == date(2026, 3, 16)
    items = [
        i for i in work.due(timedelta(days=3), date(2026, 3, 13)) if i.source == "国家司法救助"
    ]
    assert [(i.ref, i.days_left, i.person) for i in items] == [("JZ000001", 3, "li")]
    with pytest.raises(UsageError, match="应写明救助金额"):
        aid.decide(HOME, received.ref, "给予救助", date(2026, 3, 10), "符合条件")
    with pytest.raises(CasebookError, match="未决定给予救助"):
        aid.pay(HOME, received.ref, date(2026, 3, 11), 100)
    granted = aid.decide(HOME, received.ref, "granted", date(2026, 3, 10), "符合条件", 40000)
    assert granted.status_label == "决定救助，待发放"
    assert not [i for i in work.due(None, date(2026, 3, 13)) if i.ref == "JZ000001"]
    with pytest.raises(UsageError, match="不超过决定的 40000 元"):
        aid.pay(HOME, received.ref, date(2026, 3, 20), 40001)
    paid = aid.pay(HOME, received.ref, date(2026, 3, 20), 40000)
    assert paid.status_label == "已发放"
    with pytest.raises(NotFound):
        aid.get(OTHER, received.ref)
    with pytest.raises(UsageError, match="大于零"):
        aid.add(HOME, application(0))
    summary = work.registers.summary("aid", date(2026, 1, 1), date(2027, 1, 1))
    assert "本期受理国家司法救助申请1件；作出决定1件，其中给予救助1件" in summary.paragraphs[0]
    assert "共40000元" in summary.paragraphs[0]


def test_a_late_decision_is_counted(work: Casework) -> None:
    aid = work.registers.aid
    late = aid.add(HOME, application())
    aid.decide(HOME, late.ref, "不予救助", date(2026, 3, 20), "已获赔偿")
    summary = work.registers.summary("aid", date(2026, 1, 1), date(2027, 1, 1))
    assert "不予救助1件，超过决定期限1件" in summary.paragraphs[0]
