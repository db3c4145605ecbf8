"""Deadlines and 案-件比 are selected by the user's units in the queries themselves: a
user of one unit never gets another unit's items, and the page asks for their scope."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from web_support import ELSEWHERE, HOME, WebProject, username

from jiancha import casework
from jiancha.casebook.accounts import Role

NOWHERE = "359999"  # a prefix no unit code of the project starts with
DEADLINE_UNITS = re.compile(r"\n<td>(\d*)</td><td>")
RATIO_UNITS = re.compile(r"（(\d+)）</td><td>")


def _spy(monkeypatch: pytest.MonkeyPatch, name: str) -> list[dict[str, Any]]:
    """Record the keyword arguments of every call of ``casework.<name>``."""
    calls: list[dict[str, Any]] = []
    real: Callable[..., Any] = getattr(casework, name)

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(casework, name, spy)
    return calls


def test_due_reads_only_the_units_asked_for(web: WebProject) -> None:
    today = date.today()
    everything = casework.due(web.project, None, today)
    mine = casework.due(web.project, None, today, units=[HOME])
    assert mine and any(not (i.unit_code or "").startswith(HOME) for i in everything)
    assert mine == [i for i in everything if (i.unit_code or "").startswith(HOME)]
    assert casework.due(web.project, None, today, units=[NOWHERE]) == []
    assert casework.due(web.project, None, today, units=[]) == []
    # the CLI's --unit narrows within a scope, never beyond it
    assert casework.due(web.project, None, today, units=["3506"], unit_prefix=HOME) == mine
    assert casework.due(web.project, None, today, units=[HOME], unit_prefix="350603") == []
    assert casework.due(web.project, None, today, unit_prefix=HOME) == mine


def test_warehouse_rows_are_selected_by_unit(web: WebProject) -> None:
    tables = [*casework.DEADLINE_TABLES, "procedural_event"]
    rows = casework.warehouse_rows(web.project, tables, units=[HOME])
    for table in casework.DEADLINE_TABLES:
        assert all(r["unit_code"].startswith(HOME) for r in rows.get(table, []))
    events = rows["procedural_event"]
    cases = {r["case_id"] for r in events if r["unit_code"].startswith(HOME)}
    assert events and {r["case_id"] for r in events} == cases
    nothing = casework.warehouse_rows(web.project, tables, units=[NOWHERE])
    assert nothing and all(found == [] for found in nothing.values())


def test_stats_read_only_the_units_asked_for(web: WebProject) -> None:
    period = str(date.today().year)
    everything = casework.quality_stats(web.project, period)
    mine = casework.quality_stats(web.project, period, units=[HOME])
    assert mine.ratios and len(everything.ratios) > len(mine.ratios)
    assert mine.ratios == [r for r in everything.ratios if r.unit_code.startswith(HOME)]
    found = sum(m.found for m in mine.models)
    assert 0 < found == len(web.project.clues(unit_prefix=HOME))
    assert found < sum(m.found for m in everything.models)
    nothing = casework.quality_stats(web.project, period, units=[NOWHERE])
    assert (nothing.ratios, nothing.models, nothing.stages) == ([], [], [])
    # the CLI's --unit narrows every table, like a user's units
    narrowed = casework.quality_stats(web.project, period, unit_prefix=HOME)
    assert (narrowed.ratios, narrowed.models) == (mine.ratios, mine.models)


def test_the_deadlines_page_asks_for_the_users_units(
    web: WebProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _spy(monkeypatch, "due")
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
    calls = _spy(monkeypatch, "quality_stats")
    inside = web.client(username(Role.LEADER, True)).get("/stats")
    outside = web.client(username(Role.LEADER, False)).get("/stats")
    assert [c.get("units") for c in calls] == [(HOME,), (ELSEWHERE,)]
    units = RATIO_UNITS.findall(inside.text)
    assert units and all(u.startswith(HOME) for u in units)
    assert RATIO_UNITS.findall(outside.text) == []
    assert outside.text.count("无数据") == 2  # no ratios, no model of another unit
