"""Clues within seconds (issue 16): once the queued batches are applied (grouped by table),
the worker evaluates the models that read the changed tables and records their clues; any
sequence of these incremental evaluations leaves the clues a full run leaves on the same data.

The property test pushes random sequences of batches (new records, records replaced under
the same record_id with other units, dates and decisions, in three tables and three units)
into two projects: one whose worker records the clues itself, one whose worker only applies
the batches and on which a full ``jiancha run`` follows each step. After every step both
casebooks hold the same clues: the same fingerprints, each open or resolved alike, with the
same facts.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jiancha.intake import IntakeWorker
from jiancha.intake_clues import affected_models, changed_tables
from jiancha.project import Project

AS_OF = date(2026, 6, 30)
TABLES = ["case_report", "coercive_measure", "criminal_case", "custody_extension"]
UNITS = ["350602", "350603", "350681"]
DAYS = ["2026-01-05", "2026-03-02", "2026-05-20", "2026-06-15", "2026-06-28"]


def _case_report(n: int, unit: str, day: int, decided: int | None) -> dict[str, Any]:
    return {
        "record_id": f"BA{n}",
        "unit_code": unit,
        "received_at": DAYS[day],
        "case_kind": "criminal",
        "offense": "盗窃",
        "suspect_name": f"张{n}",
        "decision": "pending" if decided is None else "filed",
        "decided_at": None if decided is None else DAYS[max(day, decided)],
        "case_id": f"AJ{n}",
    }


def _coercive(n: int, unit: str, day: int, ended: int | None) -> dict[str, Any]:
    return {
        "record_id": f"QZ{n}",
        "unit_code": unit,
        "case_id": f"AJ{n}",
        "name": f"张{n}",
        "id_number": None,
        "measure": "detention",
        "start_at": DAYS[day],
        "end_at": None if ended is None else DAYS[max(day, ended)],
    }


def _criminal_case(n: int, unit: str, day: int, ended: int | None) -> dict[str, Any]:
    return {
        "record_id": f"AJ{n}",
        "unit_code": unit,
        "agency": "police",
        "filed_at": DAYS[day],
        "charge": "盗窃罪",
        "status": "investigating" if ended is None else "transferred_for_prosecution",
        "status_at": None if ended is None else DAYS[max(day, ended)],
    }


def _extension(n: int, unit: str, day: int, ended: int | None) -> dict[str, Any]:
    return {
        "record_id": f"YC{n}",
        "unit_code": unit,
        "measure_id": f"QZ{n}",
        "approved_at": DAYS[day],
        "months": 1 if ended is None else 2,
    }


MAKERS = {
    "case_report": _case_report,
    "coercive_measure": _coercive,
    "criminal_case": _criminal_case,
    "custody_extension": _extension,
}

_record = st.tuples(
    st.integers(0, 5),  # record number: few, so that records are replaced
    st.sampled_from(UNITS),
    st.integers(0, len(DAYS) - 1),
    st.none() | st.integers(0, len(DAYS) - 1),
)
_batch = st.tuples(st.sampled_from(TABLES), st.lists(_record, min_size=1, max_size=4))
_steps = st.lists(st.lists(_batch, min_size=1, max_size=3), min_size=1, max_size=3)


def _records(table: str, rows: list[tuple[int, str, int, int | None]]) -> list[dict[str, Any]]:
    by_id = {}
    for n, unit, day, ended in rows:  # one version of a record a batch
        by_id[n] = MAKERS[table](n, unit, day, ended)
    return list(by_id.values())


def _project(root: Path) -> tuple[Project, str]:
    project = Project.init(root)
    with project.casework() as work:
        _, key = work.intake.add_agency("漳州市公安局", TABLES, ["3506"])
    return project, key


def _push(project: Project, key: str, table: str, records: list[dict[str, Any]]) -> None:
    with project.casework() as work:
        agency = work.intake.by_key(key)
        assert agency is not None
        work.intake.accept(agency, table, json.dumps(records), len(records), None)


def _clues(project: Project) -> dict[str, tuple[bool, str, str | None]]:
    """Every clue: fingerprint → (open, facts hash, unit)."""
    from sqlalchemy import select

    from jiancha.casebook.tables import Clue

    with project.casework() as work, work.book.session() as session:
        rows = session.execute(
            select(Clue.fingerprint, Clue.resolved_at, Clue.facts_hash, Clue.unit_code)
        )
        return {fp: (resolved is None, facts, unit) for fp, resolved, facts, unit in rows}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("incremental")


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=_steps)
def test_incremental_clues_equal_a_full_run(folder: Path, steps: list[Any]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        live, live_key = _project(Path(tmp) / "live")
        full, full_key = _project(Path(tmp) / "full")
        for step in steps:
            for table, rows in step:
                records = _records(table, rows)
                _push(live, live_key, table, records)
                _push(full, full_key, table, records)
            # evaluated when the queue is empty (not after a second of applying, which a
            # loaded machine reaches mid-step): the states compared are the same data
            with live.casework() as work:
                IntakeWorker(live, work, as_of=AS_OF, evaluate_every=float("inf")).run(once=True)
            with full.casework() as work:
                IntakeWorker(full, work, clues=False).run(once=True)
            full.run(as_of=AS_OF)
            assert _clues(live) == _clues(full)


def test_a_sequence_that_creates_and_resolves_clues(tmp_path: Path) -> None:
    """The property's own check, on a sequence known to create a clue in one unit, move it
    to another by replacing its record, and resolve it: the property is not vacuous."""
    live, key = _project(tmp_path / "live")
    full, full_key = _project(tmp_path / "full")
    steps = [
        [("case_report", [_case_report(1, "350602", 0, None)])],  # undecided since January
        [("case_report", [_case_report(1, "350603", 0, None)])],  # the same record, moved
        [("case_report", [_case_report(1, "350603", 0, 0)])],  # decided that day: no clue
    ]
    states = []
    for step in steps:
        for table, records in step:
            _push(live, key, table, records)
            _push(full, full_key, table, records)
        with live.casework() as work:
            IntakeWorker(live, work, as_of=AS_OF).run(once=True)
        with full.casework() as work:
            IntakeWorker(full, work, clues=False).run(once=True)
        full.run(as_of=AS_OF)
        states.append(_clues(live))
        assert states[-1] == _clues(full)
    first, moved, decided = states
    assert any(is_open for is_open, *_ in first.values())
    assert first.keys() == moved.keys()  # the same subject and key: the same clue …
    assert first != moved  # … with the unit (and so its content) changed
    assert not any(is_open for is_open, *_ in decided.values())


def test_only_the_models_reading_the_changed_tables_run(tmp_path: Path) -> None:
    live, key = _project(tmp_path / "live")
    _push(live, key, "case_report", [_case_report(1, "350602", 0, None)])
    evaluations = []
    with live.casework() as work:  # the first evaluation: every model (no run yet)
        IntakeWorker(live, work, as_of=AS_OF).run(once=True, on_clues=evaluations.append)
    _push(live, key, "coercive_measure", [_coercive(1, "350602", 0, None)])
    with live.casework() as work:
        IntakeWorker(live, work, as_of=AS_OF).run(once=True, on_clues=evaluations.append)
    first, second = evaluations
    catalogue = live.catalogue()
    assert set(first.models) == set(catalogue.models)
    assert second.tables == ("coercive_measure",)
    assert set(second.models) == set(affected_models(catalogue, ["coercive_measure"]))
    assert second.models and len(second.models) < len(first.models)
    assert all("coercive_measure" in catalogue.get(m).tables for m in second.models)
    with live.warehouse(read_only=True) as wh:
        assert changed_tables(wh, list(second.batches)) == {"coercive_measure"}
    with live.casework() as work:  # nothing pending: nothing evaluated again
        assert IntakeWorker(live, work, as_of=AS_OF).update_clues() is None


def test_a_killed_evaluation_is_made_when_the_worker_starts_again(tmp_path: Path) -> None:
    """Batches applied but not evaluated (the worker killed in between) are evaluated by the
    next worker before anything else."""
    live, key = _project(tmp_path / "live")
    _push(live, key, "case_report", [_case_report(1, "350602", 0, None)])
    with live.casework() as work:
        IntakeWorker(live, work, clues=False).run(once=True)  # as if killed after applying
    assert _clues(live) == {}
    found = []
    with live.casework() as work:
        IntakeWorker(live, work, as_of=AS_OF).run(once=True, on_clues=found.append)
    assert len(found) == 1 and found[0].new >= 1
    assert any(is_open for is_open, *_ in _clues(live).values())


# -- linked people ------------------------------------------------------------------------
# A linked warehouse: the models key people by their linked person_id. The people of new
# rows are linked by the worker (jiancha.link.incremental); the full side runs `jiancha
# link` and then `jiancha run` after each step. Deaths and benefit payments of four people
# (the model: a benefit paid after its recipient's death), each mention with a valid id
# number, none, or a mistyped one (linked by Splink on the name and what the number still
# tells), so that both the assignment to known people and the full linker are exercised.

LINKED = ["death_record", "benefit_payment", "coercive_measure", "civil_party"]
PEOPLE = [
    ("王芳", "350602195001011"),
    ("李强", "350602194805052"),
    ("张伟", "350603195203033"),
    # namesakes: another 王芳 born the same day (a mention with neither a valid id number nor
    # a birth date fits both), another 张伟
    ("王芳", "350602195001011"),
    ("张伟", "350603196012123"),
]
DIED = ["2026-01-15", "2026-03-10"]
MONTHS = ["2026-01", "2026-02", "2026-04", "2026-06"]


def _id_number(person: int, form: str) -> str | None:
    from jiancha.values import id_check_digit

    first17 = PEOPLE[person][1] + f"{person}1"
    valid = first17 + id_check_digit(first17)
    if form == "none":
        return None
    if form == "bad":  # the check digit mistyped
        return valid[:-1] + ("0" if valid[-1] != "0" else "1")
    return valid


def _death(n: int, person: int, form: str, when: int) -> dict[str, Any]:
    name, _ = PEOPLE[person]
    return {
        "record_id": f"SW{n}",
        "unit_code": "350602",
        "name": name,
        "id_number": _id_number(person, form),
        "died_at": DIED[when % len(DIED)],
    }


def _payment(n: int, person: int, form: str, when: int) -> dict[str, Any]:
    name, _ = PEOPLE[person]
    return {
        "record_id": f"FF{n}",
        "unit_code": "350603",
        "name": name,
        "id_number": _id_number(person, form),
        "kind": "pension",
        "month": MONTHS[when % len(MONTHS)],
        "amount_yuan": 1200,
    }


def _measure(n: int, person: int, form: str, when: int) -> dict[str, Any]:
    """A detention beside the id number's birth date, or without one: a content of the
    person's not held before, which changes nothing the linker compares."""
    name, _ = PEOPLE[person]
    return {
        "record_id": f"QZ{n}",
        "unit_code": "350602",
        "name": name,
        "id_number": _id_number(person, form),
        "birth_date": None if when % 2 else _birth_date(person),
        "measure": "detention",
        "start_at": DIED[when % len(DIED)],
    }


def _birth_date(person: int) -> str:
    number = str(_id_number(person, "valid"))
    return f"{number[6:10]}-{number[10:12]}-{number[12:14]}"


ADDRESSES = [None, "芗城区新华北路12号", "芗城区胜利西路3号"]
PHONES = [None, "13905960001", "13905960002"]


def _party(n: int, person: int, form: str, when: int) -> dict[str, Any]:
    """A civil case's party with an address and phone: known people whose profile (the
    greatest of their addresses and phones) may or may not change."""
    name, _ = PEOPLE[person]
    return {
        "record_id": f"MS{n}",
        "unit_code": "350602",
        "case_id": f"MSAJ{n}",
        "role": "plaintiff",
        "party_type": "person",
        "name": name,
        "id_number": _id_number(person, form),
        "address": ADDRESSES[when % len(ADDRESSES)],
        "phone": PHONES[(when + n) % len(PHONES)],
    }


LINKED_MAKERS = {
    "death_record": _death,
    "benefit_payment": _payment,
    "coercive_measure": _measure,
    "civil_party": _party,
}
_linked_record = st.tuples(
    st.integers(0, 3),  # record number
    st.integers(0, len(PEOPLE) - 1),
    st.sampled_from(["valid", "valid", "none", "bad"]),
    st.integers(0, 3),
)
_linked_batch = st.tuples(st.sampled_from(LINKED), st.lists(_linked_record, min_size=1, max_size=3))
_linked_steps = st.lists(st.lists(_linked_batch, min_size=1, max_size=2), min_size=1, max_size=3)


def _linked_project(root: Path) -> tuple[Project, str]:
    project = Project.init(root)
    with project.casework() as work:
        _, key = work.intake.add_agency("漳州市民政局", LINKED, ["3506"])
    project.link()  # linked from the start: the models read person_id
    return project, key


def _linked_records(table: str, rows: list[tuple[int, int, str, int]]) -> list[dict[str, Any]]:
    return list({n: LINKED_MAKERS[table](n, *rest) for n, *rest in rows}.values())


def _links(project: Project) -> dict[str, Any]:
    """The link tables' people and the ids written back beside the id numbers."""
    with project.warehouse(read_only=True) as wh:
        return {
            "pairs": wh.rows(
                "SELECT uid_l, uid_r, round(match_probability, 9), status FROM link_pair "
                "ORDER BY ALL"
            ),
            "records": wh.rows("SELECT * FROM link_record ORDER BY ALL"),
            "mentions": wh.rows(
                "SELECT table_name, record_id, role, person_id, method, "
                "round(match_probability, 9), uid, mention_hash FROM person_mention ORDER BY ALL"
            ),
            "written": [
                wh.rows(f"SELECT record_id, person_id FROM {t} ORDER BY ALL") for t in LINKED
            ],
        }


def _linked_step(
    live: tuple[Project, str], full: tuple[Project, str], step: list[Any]
) -> list[Any]:
    evaluations: list[Any] = []
    for table, rows in step:
        records = _linked_records(table, rows)
        _push(*live, table, records)
        _push(*full, table, records)
    with live[0].casework() as work:
        worker = IntakeWorker(live[0], work, as_of=AS_OF, evaluate_every=float("inf"))
        worker.run(once=True, on_clues=evaluations.append)
    with full[0].casework() as work:
        IntakeWorker(full[0], work, clues=False).run(once=True)
    full[0].link()
    full[0].run(as_of=AS_OF)
    assert _links(live[0]) == _links(full[0])
    assert _clues(live[0]) == _clues(full[0])
    return evaluations


# Why the worker may still run the full linker once the first link has trained the
# parameters: a replaced row's old mention of a known person held nowhere else.
REPLACED = "被替换的人员记录不再出现"


@settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=_linked_steps)
def test_incremental_linking_and_clues_equal_a_full_link_and_run(
    folder: Path, steps: list[Any]
) -> None:
    import tempfile

    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        live = _linked_project(Path(tmp) / "live")
        full = _linked_project(Path(tmp) / "full")
        for n, step in enumerate(steps):
            (evaluation,) = _linked_step(live, full, step)
            if n:  # the first linking of records trains the parameters: the full linker
                assert evaluation.linking in ("assigned", "local") or REPLACED in str(
                    evaluation.linking
                )


def _fresh(steps: list[Any]) -> list[Any]:
    """The steps with every record a new one (no row replaced)."""
    numbers = iter(range(10_000))
    return [
        [(table, [(next(numbers), *rest) for _, *rest in rows]) for table, rows in step]
        for step in steps
    ]


@settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(first=_linked_batch, steps=_linked_steps)
def test_new_people_and_mentions_without_an_id_number_never_need_the_full_linker(
    folder: Path, first: Any, steps: list[Any]
) -> None:
    """On a linked project whose first link has trained the parameters, batches of new
    records (new people, namesakes, mentions without a valid id number or with a mistyped
    one, new addresses and phones) are linked without the full linker, and the result is
    a full link's."""
    import tempfile

    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        live = _linked_project(Path(tmp) / "live")
        full = _linked_project(Path(tmp) / "full")
        trained, *rest = _fresh([[first], *steps])
        (training,) = _linked_step(live, full, trained)
        assert training.linking not in ("assigned", "local")  # the first: trains
        for step in rest:
            (evaluation,) = _linked_step(live, full, step)
            assert evaluation.linking in ("assigned", "local")


def test_new_mentions_of_known_people_are_assigned_without_the_full_linker(
    tmp_path: Path,
) -> None:
    """A payment to a person whose death is known, with the same name and id number: the
    worker assigns it to that person (no full link) and the clue appears, as after a full
    link and run; a mention without an id number is scored and clustered locally."""
    live = _linked_project(tmp_path / "live")
    full = _linked_project(tmp_path / "full")
    first = _linked_step(live, full, [("death_record", [(1, 0, "valid", 0)])])
    second = _linked_step(live, full, [("benefit_payment", [(1, 0, "valid", 3)])])
    third = _linked_step(live, full, [("benefit_payment", [(2, 1, "none", 3)])])
    assert first[0].linking != "assigned"  # a new person
    assert second[0].linking == "assigned" and second[0].new == 1
    assert third[0].linking == "local"
    assert any(is_open for is_open, *_ in _clues(live[0]).values())
    with live[0].warehouse(read_only=True) as wh:
        (death,) = wh.rows("SELECT person_id FROM death_record")
        (paid,) = wh.rows("SELECT person_id FROM benefit_payment WHERE record_id = 'FF1'")
    assert death == paid and death[0] is not None


@pytest.mark.parametrize(
    ("before", "step", "how"),
    [
        # no id number: linked locally
        (
            [("benefit_payment", [(1, 0, "valid", 3)])],
            [("death_record", [(1, 0, "none", 0)])],
            "local",
        ),
        # a known person's record replaced by one at another address, the person held by
        # a payment: the full linker
        (
            [("benefit_payment", [(1, 0, "valid", 3)]), ("civil_party", [(1, 0, "valid", 1)])],
            [("civil_party", [(1, 0, "valid", 2)])],
            "run",
        ),
    ],
)
def test_a_linking_the_worker_did_not_evaluate_makes_every_people_table_changed(
    tmp_path: Path, before: list[Any], step: list[Any], how: str
) -> None:
    """Killed between the linking (local or by the full linker) and the evaluation, the
    worker does not know whose people it changed: the next evaluation takes every table with
    people as changed, and the clues are still those of a full link and run."""
    from jiancha.link.incremental import link_new

    live = _linked_project(tmp_path / "live")
    full = _linked_project(tmp_path / "full")
    _linked_step(live, full, before)
    for table, rows in step:
        _push(*live, table, _linked_records(table, rows))
        _push(*full, table, _linked_records(table, rows))
    with live[0].casework() as work:
        IntakeWorker(live[0], work, clues=False).run(once=True)
    with live[0].warehouse() as wh:  # the worker's linking, then killed
        done = link_new(wh, live[0].config.link, live[0].console)
    assert done is not None and done.how == how and (done.full is None) == (how == "local")
    evaluations = _linked_step(live, full, [])
    (evaluation,) = evaluations
    assert {"death_record", "benefit_payment", "civil_party"} <= set(evaluation.tables)
    assert evaluation.linking is None  # nothing left to link


def test_known_people_with_contents_not_held_are_assigned_unless_their_profile_moves(
    tmp_path: Path,
) -> None:
    """A known person's detention with a birth date (a content of theirs not held) is
    assigned; their first address is a new profile (scored and clustered locally); a second
    record at that address with no phone leaves the profile as it was (assigned again)."""
    live = _linked_project(tmp_path / "live")
    full = _linked_project(tmp_path / "full")
    steps = [
        [("death_record", [(1, 0, "valid", 0)])],
        [("coercive_measure", [(1, 0, "valid", 0)])],  # with the birth date
        [("civil_party", [(1, 0, "valid", 1)])],  # address 1, phone 2
        [("civil_party", [(2, 0, "valid", 1)])],  # address 1, no phone
    ]
    first, measure, address, again = (_linked_step(live, full, s)[0] for s in steps)
    assert first.linking != "assigned"  # a new person
    assert measure.linking == "assigned"
    assert address.linking == "local"
    assert again.linking == "assigned"
    with live[0].warehouse(read_only=True) as wh:
        people = {r[0] for t in LINKED for r in wh.rows(f"SELECT person_id FROM {t}")}
    assert len(people) == 1 and None not in people
