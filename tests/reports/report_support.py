"""A casework with known clues for the period-report tests: 2025Q4 and 2026Q1 of two
models in two units, with every kind of step, and the warehouse rows a report reads.

2026Q1 (the report's period), by model, domain and unit:
- 首次减刑间隔不足 (execution, 350602): found C5, C6; verified C2 (dismissed: no violation),
  C3 (dismissal undone, then opened), C5 (dismissed: bad data); acted on C1 (recommendation),
  C3 (correction notice); rectified C1.
- 侦查羁押期限超期 (custody): found C7 (350603) and C8 (350602); C4 (350603) opened and
  transferred to the supervisory commission.
2025Q4: found C1–C4; C1 opened. C1 is closed (2026-03-01), with its 检察建议书 issued.
Reply periods due in 2026Q1: C1's (met), C3's (missed); petition P1's 7-day reply (met),
P2's (missed). 案-件比 2026Q1: cases A (2 件) and B (1 件); 2025Q4: case C (1 件).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from jiancha.casebook import Casebook, ClueStatus
from jiancha.casebook.actions import STATUS_ACTION
from jiancha.casebook.casework import CASE_EVENTS, Casework, CaseworkConfig
from jiancha.models.hit import Evidence, Hit, LegalBasis, RunInfo
from jiancha.reports.period import Labels, Period, PeriodReportInput, collect

S = ClueStatus
EXECUTION = "execution.commutation_too_early"
CUSTODY = "custody.investigation_overdue"
TITLES = {EXECUTION: "首次减刑间隔不足", CUSTODY: "侦查羁押期限超期"}
AS_OF = date(2026, 4, 15)
PERIOD = Period.parse("2026Q1")
UNIT_NAMES = {"350602": "漳州市芗城区人民检察院", "350603": "漳州市龙文区人民检察院"}

# clue number → (model, unit, subject name)
CLUES = {
    1: (EXECUTION, "350602", "王建国"),
    2: (EXECUTION, "350602", "李秀英"),
    3: (EXECUTION, "350602", "陈志强"),
    4: (CUSTODY, "350603", "林海"),
    5: (EXECUTION, "350602", "黄丽"),
    6: (EXECUTION, "350602", "周杰"),
    7: (CUSTODY, "350603", "吴磊"),
    8: (CUSTODY, "350602", "郑爽"),
}


def hit(n: int) -> Hit:
    model, unit, name = CLUES[n]
    key = Evidence("execution_change" if model == EXECUTION else "coercive_measure", f"R{n:04d}")
    return Hit(
        model_id=model,
        model_version="1",
        unit_code=unit,
        subject={"name": name, "id_number": f"3506021980010{n:04d}X"},
        key=key,
        evidence=(key,),
        facts={"ruled_at": "2025-10-30", "served_months": 10},
        legal_basis=(LegalBasis("刑事诉讼法", "第二百六十五条", "对被判处有期徒刑……"),),
        domain=model.split(".")[0],
        title=TITLES[model],
    )


def record(book: Casebook, run: str, at: datetime, numbers: range) -> None:
    info = RunInfo(run, at, at.date(), {EXECUTION: "1", CUSTODY: "1"}, (1,))
    hits = [hit(n) for n in numbers]
    by_model = {m: [h for h in hits if h.model_id == m] for m in (EXECUTION, CUSTODY)}
    book.record_run(info, by_model, {}, at)


class KnownRows:
    """The warehouse of the known casebook: every row, whatever the units (the report keeps
    them to its units itself)."""

    def scoped_rows(
        self, tables: Sequence[str], units: Sequence[str] | None
    ) -> dict[str, list[dict[str, Any]]]:
        rows: dict[str, list[dict[str, Any]]] = {
            CASE_EVENTS: procedural_events(),
            "petition": petitions(),
        }
        return {t: rows[t] for t in tables if t in rows}


def known_casework(folder: Path) -> Casework:
    book = Casebook.open(f"sqlite:///{folder / 'casebook.sqlite'}")
    record(book, "run-q4", datetime(2025, 11, 10, 9), range(1, 5))
    record(book, "run-q1", datetime(2026, 2, 10, 9), range(1, 9))
    work = Casework(CaseworkConfig(folder), book, KnownRows())
    flow = work.workflow

    def walk(clue: str, *steps: tuple[str, str]) -> None:
        for status, day in steps:
            at = datetime.fromisoformat(day + "T10:00")
            if status == "assign":
                flow.assign(clue, "检察官甲", actor="部门负责人", at=at)
            elif status == "undo":
                flow.undo(clue, actor="部门负责人", reason="排除理由不成立", at=at)
            elif status in STATUS_ACTION:  # the step is its document, confirmed
                recipient = {S.RECOMMENDED: "漳州监狱", S.CORRECTION_NOTIFIED: "漳州监狱",
                             S.TRANSFERRED: "漳州市监察委员会"}  # fmt: skip
                work.issue_document(
                    clue, STATUS_ACTION[status].value, actor="检察官甲", at=at,
                    recipient=recipient[status], reply_days=10 if clue == "C000003" else None,
                )  # fmt: skip
            else:
                code = {"C000002": "no_violation", "C000003": "duplicate", "C000005": "data_error"}
                flow.move(
                    clue,
                    status,
                    actor="检察官甲",
                    at=at,
                    reason="核查结论" if status == S.DISMISSED else None,
                    reason_code=code.get(clue) if status == S.DISMISSED else None,
                )

    verify = (("assign", "2025-11-12"), (S.VERIFYING, "2025-11-13"))
    walk("C000001", *verify, (S.OPENED, "2025-12-01"), (S.RECOMMENDED, "2026-01-05"),
         (S.SERVED, "2026-01-06"), (S.RECTIFIED, "2026-02-20"),
         (S.CLOSED, "2026-03-01"))  # fmt: skip
    walk("C000002", *verify, (S.DISMISSED, "2026-01-10"))
    walk("C000003", *verify, (S.DISMISSED, "2026-01-12"), ("undo", "2026-01-13"),
         (S.OPENED, "2026-01-20"), (S.CORRECTION_NOTIFIED, "2026-01-25"),
         (S.SERVED, "2026-01-26"))  # fmt: skip
    walk("C000004", ("assign", "2026-02-11"), (S.VERIFYING, "2026-02-12"),
         (S.OPENED, "2026-03-02"), (S.TRANSFERRED, "2026-03-05"),
         (S.SERVED, "2026-03-06"))  # fmt: skip
    walk("C000005", ("assign", "2026-02-11"), (S.VERIFYING, "2026-02-12"),
         (S.DISMISSED, "2026-03-10"))  # fmt: skip
    return work


def procedural_events() -> list[dict[str, Any]]:
    def ev(case: str, event: str, at: str, unit: str) -> dict[str, str]:
        return {"case_id": case, "event": event, "at": at, "unit_code": unit}

    return [
        ev("A", "transfer_for_prosecution", "2026-01-10", "350602"),
        ev("A", "returned_for_investigation", "2026-02-01", "350602"),
        ev("A", "indictment", "2026-03-20", "350602"),
        ev("B", "transfer_for_prosecution", "2026-02-10", "350603"),
        ev("B", "non_prosecution", "2026-03-01", "350603"),
        ev("C", "transfer_for_prosecution", "2025-11-01", "350602"),
        ev("C", "indictment", "2025-12-01", "350602"),
    ]


def petitions() -> list[dict[str, Any]]:
    return [
        {"record_id": "XF0001", "unit_code": "350602", "received_at": "2026-01-05",
         "procedural_reply_at": "2026-01-09", "result_reply_at": None},
        {"record_id": "XF0002", "unit_code": "350603", "received_at": "2026-02-20",
         "procedural_reply_at": None, "result_reply_at": None},
    ]  # fmt: skip


LABELS = Labels(
    models=TITLES,
    units=UNIT_NAMES,
    events={"returned_for_investigation": "退回补充侦查", "indictment": "提起公诉",
            "non_prosecution": "不起诉"},
)  # fmt: skip


def known_input(work: Casework, **options: object) -> PeriodReportInput:
    return collect(
        work,
        PERIOD,
        labels=LABELS,
        issuer="福建省漳州市人民检察院",
        scope="福建省漳州市人民检察院及所辖各院",
        as_of=AS_OF,
        **options,  # type: ignore[arg-type]
    )
