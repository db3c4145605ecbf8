"""Linking people across agencies on a constructed noisy warehouse."""

from __future__ import annotations

from datetime import date

import pytest

from jiancha.console import SilentConsole
from jiancha.errors import LinkError
from jiancha.link import (
    LinkConfig,
    decide,
    explain,
    is_linked,
    link_warehouse,
    mention_probability,
    person_column,
    review_pairs,
)
from jiancha.link.noisy import build, make_id, mistype
from jiancha.warehouse import Warehouse, open_warehouse

BORN = date(1980, 3, 14)
ZHANG = make_id("110101", BORN, 123)  # a man
ZHANG2 = make_id("110102", BORN, 457)  # another 张伟明, born the same day
LI = make_id("310101", date(1975, 7, 1), 88)


@pytest.fixture
def wh() -> Warehouse:
    warehouse = open_warehouse(None)
    build(warehouse, persons=150, seed=3)  # background population, realistic name frequencies
    return warehouse


def insert(wh: Warehouse, table: str, **values: object) -> None:
    defaults: dict[str, dict[str, object]] = {
        "coercive_measure": {"measure": "detention", "start_at": date(2023, 1, 1)},
        "hospital_stay": {"admitted_at": date(2023, 5, 1)},
        "civil_party": {"case_id": "C9", "role": "plaintiff"},
        "judgment": {"decided_at": date(2023, 3, 1)},
        "admin_penalty": {"decided_at": date(2023, 3, 1)},
    }
    row = {**defaults.get(table, {}), **values}
    names = ", ".join(f'"{k}"' for k in row)
    marks = ", ".join("?" for _ in row)
    wh.execute(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', list(row.values()))


def link(wh: Warehouse, **config: float) -> None:
    link_warehouse(wh, config=LinkConfig(**config), console=SilentConsole())


def pid(wh: Warehouse, table: str, record_id: str, role: str = "subject") -> str:
    row = wh.rows(
        "SELECT person_id FROM person_mention WHERE table_name = ? AND record_id = ? AND role = ?",
        [table, record_id, role],
    )
    assert row, (table, record_id, role)
    return str(row[0][0])


def test_valid_id_numbers_link_deterministically_and_are_written_back(wh) -> None:  # type: ignore[no-untyped-def]
    insert(wh, "prisoner", record_id="PR1", name="张伟明", id_number=ZHANG, birth_date=BORN)
    insert(wh, "judgment", record_id="J1", defendant_name="张伟民", defendant_id_number=ZHANG)
    insert(wh, "prisoner", record_id="PR2", name="张伟明", id_number=ZHANG2, birth_date=BORN)
    assert not is_linked(wh)
    link(wh)
    assert is_linked(wh)
    assert pid(wh, "prisoner", "PR1") == pid(wh, "judgment", "J1", "defendant")
    assert pid(wh, "prisoner", "PR1") != pid(wh, "prisoner", "PR2")
    written = wh.rows(
        "SELECT p.person_id, j.defendant_person_id FROM prisoner p, judgment j "
        "WHERE p.record_id = 'PR1' AND j.record_id = 'J1'"
    )
    assert written == [(pid(wh, "prisoner", "PR1"),) * 2]
    assert mention_probability(wh, [("prisoner", "PR1"), ("judgment", "J1")]) is None


def test_mistyped_id_with_same_name_and_birth_date_links(wh) -> None:  # type: ignore[no-untyped-def]
    insert(wh, "prisoner", record_id="PR1", name="张伟明", id_number=ZHANG, birth_date=BORN)
    typo = mistype(ZHANG, __import__("random").Random(1))
    insert(wh, "coercive_measure", record_id="CM1", name="张伟明", id_number=typo, birth_date=BORN)
    link(wh)
    assert pid(wh, "coercive_measure", "CM1") == pid(wh, "prisoner", "PR1")
    probability = mention_probability(wh, [("prisoner", "PR1"), ("coercive_measure", "CM1")])
    assert probability is not None and 0.99 <= probability < 1
    why = explain(wh, "coercive_measure", "CM1", "subject")
    assert why.method == "probabilistic"
    fields = {f.field: f for f in why.pairs[0].fields}
    assert fields["id_number"].level == "一位之差" and fields["id_number"].match_weight > 10
    assert fields["name"].level == "完全一致"


def test_traditional_name_without_id_links_on_birth_date(wh) -> None:  # type: ignore[no-untyped-def]
    insert(wh, "prisoner", record_id="PR1", name="张伟明", id_number=ZHANG, birth_date=BORN)
    insert(wh, "coercive_measure", record_id="CM1", name="張偉明", birth_date=BORN)
    link(wh)
    assert pid(wh, "coercive_measure", "CM1") == pid(wh, "prisoner", "PR1")


def test_homophone_links_when_birth_date_agrees(wh) -> None:  # type: ignore[no-untyped-def]
    insert(wh, "prisoner", record_id="PR1", name="张伟明", id_number=ZHANG, birth_date=BORN)
    insert(wh, "coercive_measure", record_id="CM1", name="张玮明", birth_date=BORN)
    link(wh)
    assert pid(wh, "coercive_measure", "CM1") == pid(wh, "prisoner", "PR1")


def test_homophone_links_when_address_and_phone_agree(wh) -> None:  # type: ignore[no-untyped-def]
    insert(
        wh,
        "civil_party",
        record_id="CP1",
        name="李伟",
        id_number=LI,
        address="人民路12号3室",
        phone="13800138000",
    )
    insert(
        wh,
        "civil_party",
        record_id="CP2",
        name="李玮",
        address="人民路 12号 3室",
        phone="+86 138-0013-8000",
    )
    link(wh)
    assert pid(wh, "civil_party", "CP2", "party") == pid(wh, "civil_party", "CP1", "party")


def test_namesakes_with_different_valid_ids_never_merge(wh) -> None:  # type: ignore[no-untyped-def]
    insert(wh, "prisoner", record_id="PR1", name="张伟明", id_number=ZHANG, birth_date=BORN)
    insert(wh, "prisoner", record_id="PR2", name="张伟明", id_number=ZHANG2, birth_date=BORN)
    # fits both equally: a guess would chase an innocent man, so it waits for a person
    insert(wh, "coercive_measure", record_id="CM1", name="张伟明", birth_date=BORN)
    link(wh)
    people = {pid(wh, "prisoner", "PR1"), pid(wh, "prisoner", "PR2")}
    assert len(people) == 2
    assert pid(wh, "coercive_measure", "CM1") not in people
    assert len(review_pairs(wh)) == 2


def test_review_decisions_survive_relinking(wh) -> None:  # type: ignore[no-untyped-def]
    insert(wh, "prisoner", record_id="PR1", name="张伟明", id_number=ZHANG, birth_date=BORN)
    insert(wh, "prisoner", record_id="PR2", name="张伟明", id_number=ZHANG2, birth_date=BORN)
    insert(wh, "coercive_measure", record_id="CM1", name="张伟明", birth_date=BORN)
    link(wh)
    pairs = {
        p.right.record_id if p.left.table == "coercive_measure" else p.left.record_id: p
        for p in review_pairs(wh)
    }
    decide(wh, pairs["PR2"], match=False, actor="检察官甲", reason="出生地不同")
    decide(wh, pairs["PR1"], match=True, actor="检察官甲", reason="同案卷宗照片一致")
    link(wh)
    assert pid(wh, "coercive_measure", "CM1") == pid(wh, "prisoner", "PR1")
    assert explain(wh, "coercive_measure", "CM1", "subject").method == "review"
    insert(wh, "hospital_stay", record_id="H1", name="张伟明", id_number=ZHANG2)
    link(wh)  # new data: scored again, decisions still hold
    assert pid(wh, "coercive_measure", "CM1") == pid(wh, "prisoner", "PR1")
    assert pid(wh, "hospital_stay", "H1") == pid(wh, "prisoner", "PR2")
    assert review_pairs(wh) == []


def test_decision_needs_an_actor(wh) -> None:  # type: ignore[no-untyped-def]
    insert(wh, "prisoner", record_id="PR1", name="张伟明", id_number=ZHANG, birth_date=BORN)
    insert(wh, "prisoner", record_id="PR2", name="张伟明", id_number=ZHANG2, birth_date=BORN)
    insert(wh, "coercive_measure", record_id="CM1", name="张伟明", birth_date=BORN)
    link(wh)
    with pytest.raises(LinkError, match="复核人"):
        decide(wh, review_pairs(wh)[0], match=True, actor=" ", reason="")


def test_incremental_relink_keeps_ids_and_fills_new_rows(wh) -> None:  # type: ignore[no-untyped-def]
    insert(wh, "prisoner", record_id="PR1", name="张伟明", id_number=ZHANG, birth_date=BORN)
    insert(wh, "coercive_measure", record_id="CM1", name="李伟", birth_date=date(1975, 7, 1))
    link(wh)
    before = dict(wh.rows("SELECT uid, person_id FROM person_mention"))
    insert(wh, "hospital_stay", record_id="H1", name="张伟明", id_number=ZHANG)
    insert(wh, "border_crossing", record_id="B1", name="李伟", id_number=LI)
    link(wh)
    after = dict(wh.rows("SELECT uid, person_id FROM person_mention"))
    assert all(
        after[uid] == person
        for uid, person in before.items()
        if uid != "m:coercive_measure:CM1:subject"
    )
    filled = wh.rows("SELECT person_id FROM hospital_stay WHERE record_id = 'H1'")
    assert filled == [(pid(wh, "prisoner", "PR1"),)]
    # CM1 (no id) now joins 李伟's valid number: its id changes, with the reason recorded
    changes = wh.rows("SELECT record_id, old_person_id, new_person_id, reason FROM link_change")
    assert [(c[0], c[3]) for c in changes] == [("CM1", "与持有有效身份证号的人员关联")]
    assert changes[0][2] == pid(wh, "border_crossing", "B1")


def test_unchanged_data_reuses_scores_and_ids(wh) -> None:  # type: ignore[no-untyped-def]
    insert(wh, "prisoner", record_id="PR1", name="张伟明", id_number=ZHANG, birth_date=BORN)
    link(wh)
    first = wh.rows("SELECT * FROM person_mention ORDER BY ALL")
    report = link_warehouse(wh, console=SilentConsole())
    assert not report.rescored and report.changes == 0
    second = wh.rows("SELECT * EXCLUDE (run_id) FROM person_mention ORDER BY ALL")
    assert [r[:-1] for r in first] == second


def test_organisations_by_code_else_normalised_name(wh) -> None:  # type: ignore[no-untyped-def]
    code = "91350600MA2XXXXXXX"
    insert(
        wh,
        "admin_penalty",
        record_id="A1",
        party_type="org",
        party_name="某某贸易有限公司",
        org_code=code,
    )
    insert(wh, "civil_party", record_id="CP1", party_type="org", name="某某貿易有限責任公司")
    insert(wh, "civil_party", record_id="CP2", party_type="org", name="别家公司")
    link(wh)
    orgs = dict(wh.rows("SELECT record_id, org_id FROM org_mention"))
    assert orgs["A1"] == orgs["CP1"] != orgs["CP2"]
    assert wh.rows("SELECT org_id FROM admin_penalty") == [(orgs["A1"],)]
    people = wh.rows("SELECT count(*) FROM person_mention WHERE record_id IN ('A1', 'CP1', 'CP2')")
    assert people == [(0,)]


def test_person_column_maps_id_columns() -> None:
    assert person_column("a.id_number") == "a.person_id"
    assert person_column("j.defendant_id_number") == "j.defendant_person_id"
    assert person_column("suspect_id_number") == "suspect_person_id"
    assert person_column("x.org_code") == "x.org_id"
    with pytest.raises(LinkError):
        person_column("a.name")


def test_link_killed_mid_run_then_rerun_equals_a_clean_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A run that dies after the ids are chosen stores nothing; the next run gives every
    mention the id a clean run gives, and no person id without a mention is left."""
    from jiancha.link import linker

    def snapshot(warehouse: Warehouse) -> tuple[list[tuple], list[tuple], list[tuple]]:
        return (
            warehouse.rows(
                "SELECT table_name, record_id, role, person_id FROM person_mention ORDER BY ALL"
            ),
            warehouse.rows("SELECT person_id, anchor_id FROM link_person ORDER BY ALL"),
            warehouse.rows(
                "SELECT table_name, record_id, role, org_id FROM org_mention ORDER BY ALL"
            ),
        )

    clean = open_warehouse(None)
    build(clean, persons=150, seed=3)
    link(clean)
    killed = open_warehouse(None)
    build(killed, persons=150, seed=3)
    record_changes = linker._record_changes

    def die(*args: object) -> int:
        raise KeyboardInterrupt  # as a kill would, after the ids are chosen

    monkeypatch.setattr(linker, "_record_changes", die)
    with pytest.raises(KeyboardInterrupt):
        link(killed)
    assert killed.rows("SELECT count(*) FROM link_person") == [(0,)]
    monkeypatch.setattr(linker, "_record_changes", record_changes)
    link(killed)
    assert snapshot(killed) == snapshot(clean)
    orphans = killed.rows(
        "SELECT count(*) FROM link_person WHERE person_id NOT IN "
        "(SELECT person_id FROM person_mention)"
    )
    assert orphans == [(0,)]


def _name_weight(wh: Warehouse, a: str, b: str) -> float:
    """The stored name weight (its frequency adjustment included) of two hospital stays'
    mentions' pair."""
    uids = sorted(f"m:hospital_stay:{r}:subject" for r in (a, b))
    row = wh.one("SELECT w_name FROM link_pair WHERE uid_l = ? AND uid_r = ?", uids)
    assert row is not None
    return float(row[0])


def test_the_first_link_trains_the_prior_and_frequencies_later_links_reuse_them(wh) -> None:  # type: ignore[no-untyped-def]
    """A pair's score does not move when other records arrive (the parameters are frozen
    after the first link), until --retrain draws them again from the data."""
    from jiancha.link.params import frozen

    mistyped = ZHANG[:-1] + ("0" if ZHANG[-1] != "0" else "1")
    for record in ("H1", "H2"):
        insert(wh, "hospital_stay", record_id=record, name="欧阳明", id_number=mistyped)
    report = link_warehouse(wh, console=SilentConsole())
    first = frozen(wh)
    assert report.trained and first is not None and first.trained_run == report.run_id
    before = _name_weight(wh, "H1", "H2")
    for n in range(3, 40):  # more 欧阳明 and more records: another prior and frequency
        insert(wh, "hospital_stay", record_id=f"H{n}", name="欧阳明")
    report = link_warehouse(wh, console=SilentConsole())
    assert not report.trained and frozen(wh) == first
    assert _name_weight(wh, "H1", "H2") == before
    report = link_warehouse(wh, console=SilentConsole(), retrain=True)
    assert report.trained and frozen(wh) != first
    assert _name_weight(wh, "H1", "H2") < before  # a commoner name now
