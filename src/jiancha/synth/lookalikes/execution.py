"""Lawful look-alikes of the execution models: stories on the law's exceptions (never clues).

Each story resembles a hit of one or more execution models (docs/models.md, 刑事执行) and
rests on an exception of 法释〔2016〕23号, its 2019 supplement, 刑诉法 or 监狱法; it names the
exception in ``ground_truth.csv`` so that a model flagging it fails a test.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from jiancha.synth import reference as ref
from jiancha.synth.anomalies import C, active_probation, commutation, parole, parolee_reoffends
from jiancha.synth.cases import admin_for_person
from jiancha.synth.codes import add_months, month_index
from jiancha.synth.people import Person
from jiancha.synth.prison import (
    COURT,
    Change,
    PrisonRows,
    Sentence,
    add_correction,
    build_prison,
    direct_sentence,
)
from jiancha.synth.registers import contribution, crossing
from jiancha.synth.world import Row, World

D = timedelta


def _prisoner(
    world: World,
    charge: str,
    term: int,
    admitted: date,
    changes: list[Change],
    *,
    person: Person | None = None,
    custody_days: int = 30,
    **kw: object,
) -> tuple[Sentence, PrisonRows]:
    """A prisoner admitted on ``admitted`` with exactly ``changes``; ``kw`` sets Sentence
    fields (category, relaxation, state_functionary) or build_prison's options."""
    person = person or world.people.person(age=(25, 55), at=admitted)
    s = direct_sentence(world, person, C[charge], term, admitted, custody_days=custody_days)
    for name in ("category", "relaxation", "state_functionary", "recidivist"):
        if name in kw:
            setattr(s, name, kw.pop(name))
    return s, build_prison(world, s, changes, **kw)  # type: ignore[arg-type]


def _mark(
    world: World, model: str, exception: str, s: Sentence, rows: PrisonRows, key: Row
) -> None:
    assert rows.prisoner is not None
    evidence = [("prisoner", rows.prisoner)] + [("execution_change", r) for r in rows.changes]
    world.lookalike(f"execution.{model}", exception, key, evidence, subject=s.person)


def _day(world: World, year: int, month: int) -> date:
    return date(year, month, 1) + D(world.rng.randint(0, 20))


# -- commutations -----------------------------------------------------------------------------
def commutation_before_2017(world: World) -> None:
    """First commutation after seven months, ten months off, ruled in 2016: 法释〔2016〕23号
    applies from 2017-01-01 (art. 42)."""
    admitted = _day(world, 2015, world.rng.randint(3, 6))
    first = commutation(add_months(admitted, 7), 10)
    s, rows = _prisoner(world, "故意杀人罪", 180, admitted, [first])
    for model in ("commutation_too_early", "commutation_amount_exceeds_cap"):
        _mark(world, model, "ruled_before_2017", s, rows, rows.changes[0])


def supplement_not_yet_in_force(world: World) -> None:
    """A state functionary's bribery: thirteen months between commutations and eight months
    off, ruled before 2019-06-01, when the 2019 supplement's 18 months and 6 months began."""
    admitted = date(2016, 1, 10) + D(world.rng.randint(0, 10))
    first = commutation(date(2018, 2, 15), 5)
    second = commutation(add_months(first.served, 13), 8, lag=20)
    assert second.ruled < date(2019, 6, 1)
    s, rows = _prisoner(world, "受贿罪", 72, admitted, [first, second], state_functionary=True)
    for model in ("commutation_interval_too_short", "commutation_amount_exceeds_cap"):
        _mark(world, model, "supplement_not_in_force", s, rows, rows.changes[1])


def state_functionary_unknown(world: World) -> None:
    """Bribery ruled after 2019-06-01, whether a state functionary not recorded: the supplement
    is not applied on a guess; art. 7's twelve months and nine months are kept."""
    admitted = add_months(world.as_of, -66) + D(world.rng.randint(0, 20))
    first = commutation(add_months(admitted, 25), 5)
    second = commutation(add_months(first.served, 14), 8)
    s, rows = _prisoner(world, "受贿罪", 72, admitted, [first, second], state_functionary=None)
    for model in ("commutation_interval_too_short", "commutation_amount_exceeds_cap"):
        _mark(world, model, "state_functionary_unknown", s, rows, rows.changes[1])


def category_unknown(world: World) -> None:
    """No crime category and no recidivism recorded: the ordinary twelve months, not art. 7's
    twenty-four."""
    admitted = add_months(world.as_of, -40) + D(world.rng.randint(0, 20))
    first = commutation(add_months(admitted, 14), 3)
    s, rows = _prisoner(world, "故意伤害罪", 36, admitted, [first], category=None)
    assert rows.prisoner is not None
    rows.prisoner["recidivist"] = None
    _mark(world, "commutation_too_early", "category_unknown", s, rows, rows.changes[0])


def evil_force_not_mafia(world: World) -> None:
    """恶势力 (or the old undivided 涉黑涉恶) is not the 涉黑 group of art. 7: fifteen months
    off for major merit is within the ordinary eighteen."""
    for category, exception in (
        ("evil_force", "evil_force_not_mafia"),
        ("organized", "organized_unknown_which"),
    ):
        admitted = add_months(world.as_of, -40) + D(world.rng.randint(0, 20))
        first = commutation(add_months(admitted, 14), 15, "major_merit")
        s, rows = _prisoner(world, "寻衅滋事罪", 36, admitted, [first], category=category)
        _mark(world, "commutation_amount_exceeds_cap", exception, s, rows, rows.changes[0])


def short_remaining_term(world: World) -> None:
    """Fourteen months in custody before a three-year judgment took effect: under two years
    left, so the start may be shortened (art. 16); a first commutation after eight months."""
    admitted = add_months(world.as_of, -30) + D(world.rng.randint(0, 20))
    first = commutation(add_months(admitted, 8), 3)
    s, rows = _prisoner(world, "故意伤害罪", 36, admitted, [first], custody_days=425)
    _mark(world, "commutation_too_early", "art16_short_remaining", s, rows, rows.changes[0])


def relaxed_limits(world: World) -> None:
    """A juvenile, and an old, infirm prisoner: the start, the interval and the cap may be a
    third looser (arts. 19-20): ten months (not twelve), eleven months off (not nine), then
    nine months later (not twelve)."""
    for exception in ("juvenile_relaxation", "elderly_ill_disabled_relaxation"):
        admitted = add_months(world.as_of, -40) + D(world.rng.randint(0, 20))
        first = commutation(add_months(admitted, 10), 11)
        second = commutation(add_months(first.served, 9), 4)
        if exception == "juvenile_relaxation":
            person = world.people.person(age=(16, 16), at=admitted)
            relaxation = world.rng.choice(("juvenile", None))  # None: under 18 by birth date
        else:
            person = world.people.person(age=(66, 75), at=admitted)
            relaxation = "elderly_ill_disabled"
        s, rows = _prisoner(
            world, "抢劫罪", 48, admitted, [first, second], person=person, relaxation=relaxation
        )
        _mark(world, "commutation_too_early", exception, s, rows, rows.changes[0])
        _mark(world, "commutation_amount_exceeds_cap", exception, s, rows, rows.changes[0])
        _mark(world, "commutation_interval_too_short", exception, s, rows, rows.changes[1])


def re_ruling_after_retrial(world: World) -> None:
    """After a retrial the court re-rules the commutations (art. 32): not bound by the cap or
    the interval, and the earlier rulings lapse (14 months, not 28, of 48)."""
    admitted = add_months(world.as_of, -44) + D(world.rng.randint(0, 20))
    first = commutation(add_months(admitted, 13), 8)
    second = commutation(add_months(first.served, 13), 6)
    again = commutation(second.served + D(30), 14)
    again.after_retrial = True
    s, rows = _prisoner(world, "抢劫罪", 48, admitted, [first, second, again])
    assert len(rows.changes) == 3 and rows.prisoner is not None
    for model in ("commutation_amount_exceeds_cap", "commutation_interval_too_short"):
        _mark(world, model, "retrial_re_ruling", s, rows, rows.changes[2])
    _mark(world, "served_less_than_half", "retrial_re_ruling", s, rows, rows.prisoner)


# -- parole -----------------------------------------------------------------------------------
def parole_short_remaining(world: World) -> None:
    """Paroled eight months after a commutation that left about a year: under two years left,
    the interval may be shorter (art. 28 ¶2)."""
    admitted = add_months(world.as_of, -40) + D(world.rng.randint(0, 20))
    first = commutation(add_months(admitted, 20), 3)
    s, rows = _prisoner(
        world, "故意伤害罪", 36, admitted, [first, parole(add_months(first.ruled, 8))]
    )
    key = rows.changes[1]
    _mark(world, "parole_too_soon_after_commutation", "art28_short_remaining", s, rows, key)


def parole_before_2017(world: World) -> None:
    """Paroled eight months after a commutation, in 2016: art. 28 applies from 2017."""
    admitted = _day(world, 2012, world.rng.randint(1, 3))
    first = commutation(add_months(admitted, 44), 6)
    s, rows = _prisoner(
        world, "贩卖毒品罪", 84, admitted, [first, parole(add_months(first.ruled, 8))]
    )
    ruled = rows.changes[1]["ruled_at"]
    assert isinstance(ruled, date) and ruled < date(2017, 1, 1)
    key = rows.changes[1]
    _mark(world, "parole_too_soon_after_commutation", "ruled_before_2017", s, rows, key)


# -- delivery ---------------------------------------------------------------------------------
def within_delivery_period(world: World) -> None:
    """Effective 31 to 38 days ago, not yet in prison: the court's ten days and the police's
    month are not both over (刑诉法解释 511, 监狱法 15)."""
    person = world.people.person(age=(25, 55))
    s = direct_sentence(world, person, C["盗窃罪"], 12, world.as_of - D(23))
    world.lookalike(
        "execution.not_delivered",
        "within_delivery_period",
        s.judgment,
        [("judgment", s.judgment)],
        subject=person,
    )


def court_medical_parole(world: World) -> None:
    """The court itself put a pregnant woman on 暂予监外执行 before delivery (刑诉法 265 ¶5)."""
    person = world.people.person(age=(22, 35), gender="F")
    admitted = world.as_of - D(world.rng.randint(150, 300))
    s = direct_sentence(world, person, C["故意伤害罪"], 36, admitted)
    effective = s.judgment["effective_at"]
    assert isinstance(effective, date)
    ruled = effective + D(world.rng.randint(2, 6))
    change = world.add(
        "execution_change",
        s.unit,
        person,
        prisoner_id=None,
        name=person.name,
        id_number=person.id_number,
        kind="medical_parole",
        applied_at=None,
        ruled_at=ruled,
        served_at=ruled + D(2),
        reduction_months=None,
        merit=None,
        reason="pregnancy",
        deciding_unit=COURT,
        after_retrial=None,
    )
    start = ruled + D(3)
    add_correction(world, person, s.unit, "medical_parole", start, add_months(start, 36) - D(1))
    world.lookalike(
        "execution.not_delivered",
        "court_medical_parole",
        s.judgment,
        [("judgment", s.judgment), ("execution_change", change)],
        subject=person,
    )


# -- medical parole ---------------------------------------------------------------------------
def _medical_parole(
    world: World, reason: str, months_ago: int, ruled: date, *, hospital: bool
) -> tuple[Sentence, PrisonRows]:
    gender = "F" if reason == "pregnancy" else None
    admitted = add_months(world.as_of, -months_ago) + D(world.rng.randint(0, 20))
    person = world.people.person(age=(22, 38), gender=gender, at=admitted)
    change = Change("medical_parole", ruled - D(30), ruled, ruled + D(5), reason=reason)
    return _prisoner(world, "贩卖毒品罪", 84, admitted, [change], person=person, hospital=hospital)


def medical_parole_other_ground(world: World) -> None:
    """暂予监外执行 for pregnancy or inability to care for oneself: no hospital stay needed."""
    reason = world.rng.choice(("pregnancy", "self_care"))
    s, rows = _medical_parole(world, reason, 30, add_months(world.as_of, -20), hospital=False)
    key = rows.changes[0]
    _mark(world, "medical_parole_without_hospital", "other_ground", s, rows, key)


def medical_parole_window_open(world: World) -> None:
    """Released for illness 60 to 170 days ago, no hospital stay yet: the 180 days are not
    over."""
    ruled = world.as_of - D(world.rng.randint(60, 170))
    s, rows = _medical_parole(world, "illness", 20, ruled, hospital=False)
    key = rows.changes[0]
    _mark(world, "medical_parole_without_hospital", "window_not_over", s, rows, key)


def _contributions(world: World, person: Person, start: date, kind: str) -> list[Row]:
    first = month_index(start) + world.rng.randint(2, 4)
    employer = world.orgs.org().name if kind == "employer" else None
    last = min(first + 5, month_index(world.as_of))
    return [contribution(world, person, m, employer, kind) for m in range(first, last)]


def medical_parole_lawfully_paying(world: World) -> None:
    """Contributions during 暂予监外执行: by an employer while on leave for pregnancy, and as
    灵活就业 (paid by the person) while ill: neither is a clue."""
    for reason, kind, exception in (
        ("pregnancy", "employer", "pregnancy"),
        ("illness", "flexible", "flexible_contribution"),
    ):
        ruled = add_months(world.as_of, -20)
        s, rows = _medical_parole(world, reason, 30, ruled, hospital=True)
        assert rows.correction is not None
        start = rows.correction["start_at"]
        assert isinstance(start, date)
        jobs = _contributions(world, s.person, start, kind)
        world.lookalike(
            "execution.medical_parole_employed",
            exception,
            rows.correction,
            [("community_correction", rows.correction)] + [("employment_record", j) for j in jobs],
            subject=s.person,
        )


# -- term end and deaths ----------------------------------------------------------------------
def died_in_custody(world: World) -> None:
    """Died in prison before the term was over, no release recorded: neither a term expired
    without release nor 死人在押."""
    admitted = add_months(world.as_of, -20) + D(world.rng.randint(0, 20))
    s, rows = _prisoner(world, "盗窃罪", 12, admitted, [], released=None)
    assert rows.prisoner is not None and s.term_end is not None
    died = s.term_end - D(world.rng.randint(30, 150))
    death = world.add(
        "death_record",
        None,
        s.person,
        name=s.person.name,
        id_number=s.person.id_number,
        died_at=died,
    )
    for model in ("term_expired_not_released", "deceased_still_supervised"):
        world.lookalike(
            f"execution.{model}",
            "died_in_custody",
            rows.prisoner,
            [("prisoner", rows.prisoner), ("death_record", death)],
            subject=s.person,
        )


def commutation_recorded_twice(world: World) -> None:
    """One six-month commutation exported twice: the term is shortened once, and ends two
    months after as_of."""
    person = world.people.person(age=(25, 55))
    end = world.as_of + D(world.rng.randint(50, 70))
    term_start = add_months(end + D(1), 6 - 36)
    admitted = term_start + D(30)
    first = commutation(add_months(admitted, 14), 6)
    s = direct_sentence(world, person, C["故意伤害罪"], 36, admitted, custody_days=30)
    rows = build_prison(world, s, [first], released=None)
    assert rows.prisoner is not None
    rows.changes.append(dict(rows.changes[0], record_id=world.ids.new_id("execution_change")))
    world.rows["execution_change"].append(rows.changes[-1])
    _mark(world, "term_expired_not_released", "commutation_recorded_twice", s, rows, rows.prisoner)


def correction_ended_at_death(world: World) -> None:
    """Correction terminated on the day of the death (社区矫正法 45)."""
    person = world.people.person(age=(40, 70))
    start = add_months(world.as_of, -20)
    died = start + D(world.rng.randint(60, 300))
    row = add_correction(world, person, world.unit(), "probation", start, died)
    assert row is not None
    death = world.add(
        "death_record", None, person, name=person.name, id_number=person.id_number, died_at=died
    )
    world.lookalike(
        "execution.deceased_still_supervised",
        "correction_ended_at_death",
        row,
        [("community_correction", row), ("death_record", death)],
        subject=person,
    )


# -- supervision periods ----------------------------------------------------------------------
def event_after_period(world: World) -> None:
    """An exit, and a penalty for a new act, days after a correction ended: outside it."""
    for model in ("supervised_person_abroad", "supervised_person_detained"):
        person = world.people.person(age=(25, 55))
        start = add_months(world.as_of, -36)
        end = add_months(start, 24) - D(1)
        unit = world.unit()
        row = add_correction(world, person, unit, "probation", start, end)
        assert row is not None
        day = end + D(world.rng.randint(2, 30))
        if model == "supervised_person_abroad":
            port = world.rng.choice(ref.PORTS)
            crossing(world, person, day, "exit", port)
            event = ("border_crossing", world.rows["border_crossing"][-1])
            crossing(world, person, day + D(6), "entry", port)
        else:
            penalty = admin_for_person(world, person, unit, day)
            assert penalty is not None
            event = ("admin_penalty", penalty)
        world.lookalike(
            f"execution.{model}",
            "after_period_end",
            row,
            [("community_correction", row), event],
            subject=person,
        )


def revoked_after_detention(world: World) -> None:
    """A probationer detained for a new act, the probation revoked: acted on, not a clue."""
    rows, correction = active_probation(world)
    person = rows.spec.person
    start = correction["start_at"]
    assert isinstance(start, date)
    day = start + D(world.rng.randint(30, 150))
    penalty = admin_for_person(world, person, rows.spec.unit, day)
    assert penalty is not None
    correction["status"], correction["end_at"] = "revoked", day + D(20)
    world.lookalike(
        "execution.supervised_person_detained",
        "correction_revoked",
        correction,
        [("community_correction", correction), ("admin_penalty", penalty)],
        subject=person,
    )


def parole_revoked_after_new_crime(world: World) -> None:
    """A parolee's theft during the parole period, judged, and the parole revoked (刑法 86):
    no clue of execution.parole_not_revoked, and no recidivism (the term was not yet over)."""
    prison, rows = parolee_reoffends(world)
    p, j = prison.prisoner, rows.judgment
    assert p is not None and j is not None and isinstance(j["decided_at"], date)
    [parole] = prison.changes
    person = rows.spec.person
    ruled = j["decided_at"] + timedelta(days=world.rng.randint(3, 20))
    if world.past(ruled) is None:
        return
    revocation = world.add(
        "execution_change",
        p["unit_code"],  # type: ignore[arg-type]
        person,
        prisoner_id=p["record_id"],
        name=person.name,
        id_number=person.id_number,
        kind="revocation",
        applied_at=j["decided_at"],
        ruled_at=ruled,
        served_at=world.past(ruled + timedelta(days=5)),
        deciding_unit=COURT,
    )
    if prison.correction is not None:
        prison.correction["status"], prison.correction["end_at"] = "revoked", ruled
    evidence = [("execution_change", parole), ("prisoner", p), ("judgment", j)]
    evidence.append(("execution_change", revocation))
    world.lookalike(
        "execution.parole_not_revoked", "parole_revoked", parole, evidence, subject=person
    )
    world.lookalike(
        "trial.recidivism_not_recognised",
        "crime_during_parole",
        j,
        [("judgment", j), ("prisoner", p)],
        subject=person,
    )


STORIES: tuple[Callable[[World], None], ...] = (
    commutation_before_2017,
    supplement_not_yet_in_force,
    state_functionary_unknown,
    category_unknown,
    evil_force_not_mafia,
    short_remaining_term,
    relaxed_limits,
    re_ruling_after_retrial,
    parole_short_remaining,
    parole_before_2017,
    within_delivery_period,
    court_medical_parole,
    medical_parole_other_ground,
    medical_parole_window_open,
    medical_parole_lawfully_paying,
    died_in_custody,
    commutation_recorded_twice,
    correction_ended_at_death,
    event_after_period,
    revoked_after_detention,
    parole_revoked_after_new_crime,
)
