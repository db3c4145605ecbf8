"""人民监督员: the roster, a seeded draw that leaves out every conflict and replays to the
same people, the draw on the ledger, the hearing's record and the year's statistics."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from jiancha.casebook import Casebook
from jiancha.casebook.casework import Casework, CaseworkConfig
from jiancha.casebook.registers import Viewer
from jiancha.casebook.registers.supervisors import (
    HearingInput,
    OpinionInput,
    SupervisorInput,
    replay,
)
from jiancha.errors import AccessDenied, CasebookError, NotFound

CITY = Viewer("zhang", "leader", ("3506",))
HOME = Viewer("li", "prosecutor", ("350602",))
OTHER = Viewer("qian", "prosecutor", ("350603",))
AT = datetime(2026, 3, 1, 9)
TERM = (date(2024, 1, 1), date(2028, 12, 31))


@pytest.fixture
def work(wf_book: Casebook, tmp_path: Path) -> Casework:
    return Casework(CaseworkConfig(tmp_path / "project"), wf_book)


def roster(work: Casework) -> dict[str, int]:
    """Ten supervisors of the city's roster, one of them with each kind of conflict."""
    register = work.registers.supervisors
    people = {}
    for n in range(1, 8):
        person = register.add(CITY, SupervisorInput("3506", f"监督员{n}", f"某单位{n}", "", *TERM))
        people[person.name] = person.id
    extra = (
        SupervisorInput("3506", "在某公司工作", "漳州某建材有限公司职员", "", *TERM),
        SupervisorInput("3506", "亲属", "某中学教师", "", *TERM, relations=("张三",)),
        SupervisorInput("3506", "任期已满", "某社区", "", date(2020, 1, 1), date(2025, 12, 31)),
        SupervisorInput("350603", "龙文名册", "某街道", "", *TERM),  # serves 350603 only
    )
    for entry in extra:
        people[entry.name] = register.add(CITY, entry).id
    return people


def hearing(work: Casework, seats: int = 3) -> int:
    entry = HearingInput(
        "350602", "（2026）闽0602刑诉1号", "non_prosecution", date(2026, 3, 20), "本院听证室",
        ("张三", "漳州某建材有限公司"), seats,
    )  # fmt: skip
    return work.registers.supervisors.add_hearing(HOME, entry, at=AT).id


def test_the_draw_leaves_out_every_conflict_and_replays(work: Casework) -> None:
    people = roster(work)
    register = work.registers.supervisors
    one = hearing(work)
    draw = register.draw(HOME, one, seed="2026-听证-1", recused={people["监督员7"]: "系证人同事"})
    why = {pid: reason for pid, reason in draw.excluded.items()}
    assert "工作单位与案件当事人“漳州某建材有限公司”有关" == why[people["在某公司工作"]]
    assert "与案件当事人“张三”有利害关系" == why[people["亲属"]]
    assert "不在任期" in why[people["任期已满"]] and "申请回避" in why[people["监督员7"]]
    assert people["龙文名册"] not in why and people["龙文名册"] not in draw.pool  # not its roster
    assert draw.pool == tuple(people[f"监督员{n}"] for n in range(1, 7))
    assert len(draw.chosen) == 3 and set(draw.chosen) <= set(draw.pool)
    assert list(draw.chosen) == replay("2026-听证-1", draw.pool, 3)
    # the same seed on the same roster for another hearing: the same people
    other = register.draw(
        HOME, hearing(work), seed="2026-听证-1", recused={people["监督员7"]: "同"}
    )
    assert other.chosen == draw.chosen
    # a replacement for the first hearing leaves out those drawn already
    more = register.draw(HOME, one, needed=1, seed="补抽")
    assert set(more.chosen).isdisjoint(draw.chosen)
    assert "已抽选参加本次听证" in more.excluded.values()
    with pytest.raises(CasebookError, match="已抽足"):
        register.draw(HOME, one)


def test_a_draw_with_too_few_eligible_is_refused_and_nothing_is_stored(work: Casework) -> None:
    roster(work)
    register = work.registers.supervisors
    big = hearing(work, seats=7)
    with pytest.raises(CasebookError, match="可抽选的人民监督员只有 7 名，不足 7 名|不足"):
        register.draw(HOME, big, recused={1: "回避"})
    assert register.hearing(HOME, big).draws == ()
    with pytest.raises(NotFound):
        register.draw(OTHER, big)
    with pytest.raises(AccessDenied):
        register.add(HOME, SupervisorInput("3506", "某", "某", "", *TERM))


def test_the_draw_is_on_the_ledger_and_a_changed_draw_is_found(work: Casework) -> None:
    roster(work)
    register = work.registers.supervisors
    draw = register.draw(HOME, hearing(work), seed="s1", at=AT)
    with work.book.session() as session:
        entries = [e for e in work.ledger.entries(session) if e.kind == "supervisor_draw"]
    assert entries[0].payload["seed"] == "s1" and entries[0].payload["chosen"] == list(draw.chosen)
    assert work.verify_ledger().ok
    swapped = [p for p in draw.pool if p not in draw.chosen][0]
    with work.book.engine.begin() as c:
        c.execute(
            text("UPDATE supervisor_draw SET chosen = :c"),
            {"c": f"[{swapped}, {draw.chosen[1]}, {draw.chosen[2]}]"},
        )
    report = work.verify_ledger()
    assert not report.ok and "人民监督员抽选记录" in report.problems[0].message


def test_the_record_opinions_and_the_years_statistics(work: Casework) -> None:
    people = roster(work)
    register = work.registers.supervisors
    one = hearing(work)
    draw = register.draw(HOME, one, seed="s")
    opinions = [
        OpinionInput(draw.chosen[0], "同意", "同意拟不起诉", True),
        OpinionInput(draw.chosen[1], "disagree", "建议起诉", False),
    ]
    with pytest.raises(CasebookError, match="未经抽选"):
        outsider = people["龙文名册"]
        register.record(
            HOME, one, date(2026, 3, 20), "不起诉", [OpinionInput(outsider, "agree", "x", True)]
        )
    after = datetime(2026, 3, 21, 9)
    held = register.record(HOME, one, date(2026, 3, 20), "拟作不起诉决定", opinions, at=after)
    assert held.held_on == date(2026, 3, 20) and [o.stance_label for o in held.opinions] == [
        "同意",
        "不同意",
    ]
    with pytest.raises(CasebookError, match="举行，不能再抽选"):
        register.draw(HOME, one)
    hearing(work)  # planned, not held
    stats = register.stats(2026)
    assert (stats.planned, stats.held, stats.seats_drawn, stats.opinions) == (2, 1, 3, 2)
    assert (stats.disagreeing, stats.adopted, stats.roster) == (1, 1, 11)
    assert stats.by_matter == {"non_prosecution": 1}
    assert register.stats(2025).planned == 0
    assert register.stats(2026, ("350603",)).planned == 0
    summary = work.registers.summary("supervisors", date(2026, 1, 1), date(2027, 1, 1))
    assert summary.paragraphs[0].startswith("本期安排听证2次，已举行1次，随机抽选人民监督员3人次")
