"""Deadlines and 案-件比 are selected by the user's units in the queries themselves: a
user of one unit never gets another unit's items, and the page asks for their scope."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from web_support import ELSEWHERE, HOME, WebProject, username

from jiancha.casebook.accounts import Role
from jiancha.casebook.casework import CASE_EVENTS, DEADLINE_TABLES, Casework
from jiancha.casebook.inbox import ClueFilter
from jiancha.warehouse import queries

NOWHERE = "359999"  # a prefix no unit code of the project starts with
DEADLINE_UNITS = re.compile(r"<td class=\"wide-only\" title=\"(\d*)\">")
RATIO_UNITS = re.compile(r"（(\d+)）</td><td>")


def _work(web: WebProject) -> Casework:
    """The workbench's casework: what every page of the web calls."""
    work: Casework = web.app.state.bench.work
    return work


def _spy(web: WebProject, monkeypatch: pytest.MonkeyPatch, name: str) -> list[dict[str, Any]]:
    """Record the keyword arguments of every call of the workbench's ``casework.<name>``."""
    calls: list[dict[str, Any]] = []
    work = _work(web)
    real: Callable[..., Any] = getattr(work, name)

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(work, name, spy)
    return calls


def test_due_reads_only_the_units_asked_for(web: WebProject) -> None:
    today, work = date.today(), _work(web)
    everything = work.due(None, today)
    mine = work.due(None, today, units=[HOME])
    assert mine and any(not (i.unit_code or "").startswith(HOME) for i in everything)
    assert mine == [i for i in everything if (i.unit_code or "").startswith(HOME)]
    assert work.due(None, today, units=[NOWHERE]) == []
    assert work.due(None, today, units=[]) == []
    # the CLI's --unit narrows within a scope, never beyond it
    assert work.due(None, today, units=["3506"], unit_prefix=HOME) == mine
    assert work.due(None, today, units=[HOME], unit_prefix="350603") == []
    assert work.due(None, today, unit_prefix=HOME) == mine


def test_warehouse_rows_are_selected_by_unit(web: WebProject) -> None:
    tables = [*DEADLINE_TABLES, CASE_EVENTS]
    with web.project.warehouse(read_only=True) as wh:
        rows = queries.scoped_rows(wh, tables, units=[HOME])
        nothing = queries.scoped_rows(wh, tables, units=[NOWHERE])
    for table in DEADLINE_TABLES:
        assert all(r["unit_code"].startswith(HOME) for r in rows.get(table, []))
    events = rows[CASE_EVENTS]
    cases = {r["case_id"] for r in events if r["unit_code"].startswith(HOME)}
    assert events and {r["case_id"] for r in events} == cases
    assert nothing and all(found == [] for found in nothing.values())


def test_stats_read_only_the_units_asked_for(web: WebProject) -> None:
    period, work = str(date.today().year), _work(web)
    everything = work.stats(period)
    mine = work.stats(period, units=[HOME])
    assert mine.ratios and len(everything.ratios) > len(mine.ratios)
    assert mine.ratios == [r for r in everything.ratios if r.unit_code.startswith(HOME)]
    found = sum(m.found for m in mine.models)
    assert 0 < found == len(work.clues(ClueFilter(unit=HOME)))
    assert found < sum(m.found for m in everything.models)
    nothing = work.stats(period, units=[NOWHERE])
    assert (nothing.ratios, nothing.models, nothing.stages) == ([], [], [])
    # the CLI's --unit narrows every table, like a user's units
    narrowed = work.stats(period, unit_prefix=HOME)
    assert (narrowed.ratios, narrowed.models) == (mine.ratios, mine.models)


def test_the_deadlines_page_asks_for_the_users_units(
    web: WebProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _spy(web, monkeypatch, "due")
    inside = web.client(username(Role.PROSECUTOR, True)).get("/deadlines?within=3650")
    outside = web.client(username(Role.PROSECUTOR, False)).get("/deadlines?within=3650")
    assert [c.get("units") for c in calls] == [(HOME,), (ELSEWHERE,)]
    units = DEADLINE_UNITS.findall(inside.text)
    assert units and all(u.startswith(HOME) for u in units)
    assert DEADLINE_UNITS.findall(outside.text) == []
    assert "没有到期事项" in outside.text


def test_the_stats_page_asks_for_the_users_units(
    web: WebProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _spy(web, monkeypatch, "stats")
    inside = web.client(username(Role.LEADER, True)).get("/stats")
    outside = web.client(username(Role.LEADER, False)).get("/stats")
    assert [c.get("units") for c in calls] == [(HOME,), (ELSEWHERE,)]
    units = RATIO_UNITS.findall(inside.text)
    assert units and all(u.startswith(HOME) for u in units)
    assert RATIO_UNITS.findall(outside.text) == []
    assert outside.text.count("无数据") == 2  # no ratios, no model of another unit
