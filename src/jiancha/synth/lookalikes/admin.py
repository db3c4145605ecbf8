"""Lawful look-alikes of the administrative models: stories on the law's exceptions.

- a fine of an agency with its own enforcement power (行政强制法 art. 46), a contested fine,
  one paid after the three months, one with instalments, one whose party died (art. 40), one
  whose three months ended on a holiday and sent on the next working day, one whose appeal
  deadline is unknown;
- a marriage registered on the day a party died, or before the death; a prisoner on parole
  registering; a registration on the day of release;
- a woman of twenty-one marrying, a man marrying on his twenty-second birthday, a young
  couple's divorce, a registration with no birth dates;
- a second marriage after a divorce registration, after a court's divorce, after the first
  spouse's death, and the same couple registered twice;
- a rehabilitation decision on a prisoner still serving, one revoked, one whose person died,
  one still within its delivery period; one delivered within the days after release, one
  executed before the prison term;
- a racing (not drink) conviction with a valid licence, a licence issued after the five
  years, one revoked in time; a traffic crime without escape and a new licence;
- a teacher convicted of a negligent crime, or sentenced to criminal detention; a physician
  licensed years after the sentence; a ride-hailing driver with a theft record, or a revoked
  rehabilitation decision;
- a company deregistered after bankruptcy, one that paid on the day, one fined afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from jiancha.periods import STATE_COUNCIL, add_months
from jiancha.synth import admin
from jiancha.synth import reference as ref
from jiancha.synth.lookalikes.custody import HOLIDAY, holiday_blocks
from jiancha.synth.people import Person
from jiancha.synth.prison import Change, build_prison, direct_sentence
from jiancha.synth.society import civil_case, civil_party
from jiancha.synth.world import Row, World

D = timedelta
FINE = "admin.fine_not_sent_to_court"
DEAD = "admin.marriage_party_dead"
PRISON = "admin.marriage_party_in_prison"
UNDERAGE = "admin.marriage_underage"
REUSED = "admin.marriage_id_reused"
COURT = "admin.court_enforcement_not_executed"


# -- fines ---------------------------------------------------------------------------------
def _unpaid_fine(world: World, agency: str = "市场监督管理局") -> tuple[Person, Row]:
    person = world.people.person(age=(25, 60))
    return person, admin.fine(world, person, world.recent(320, 1500), agency=agency)


def fine_of_tax_authority(world: World) -> None:
    person, row = _unpaid_fine(world, "国家税务总局漳州市税务局")
    world.lookalike(FINE, "own_enforcement_power", row, [("admin_penalty", row)], subject=person)


def contested_fine(world: World) -> None:
    person, row = _unpaid_fine(world)
    row["contested"] = True
    world.lookalike(FINE, "contested", row, [("admin_penalty", row)], subject=person)


def fine_paid_late(world: World) -> None:
    person, row = _unpaid_fine(world)
    end = admin.enforcement_window_end(row["appeal_deadline"])  # type: ignore[arg-type]
    row["paid_at"] = world.day_between(end + D(1), world.as_of)
    world.lookalike(FINE, "paid", row, [("admin_penalty", row)], subject=person)


def fine_in_instalments(world: World) -> None:
    person, row = _unpaid_fine(world)
    # the instalments end so late that the three months are not over by as_of
    row["deferred_until"] = world.as_of - D(world.rng.randint(5, 60))
    world.lookalike(FINE, "deferred_payment", row, [("admin_penalty", row)], subject=person)


def fine_of_the_dead(world: World) -> None:
    person, row = _unpaid_fine(world)
    end = admin.enforcement_window_end(row["appeal_deadline"])  # type: ignore[arg-type]
    died = admin.death(world, person, end - D(world.rng.randint(1, 80)))
    world.lookalike(
        FINE,
        "party_died",
        row,
        [("admin_penalty", row), ("death_record", died)],
        subject=person,
    )


def fine_sent_after_holiday(world: World) -> None:
    blocks = holiday_blocks(world, add_months(world.start, 12), world.as_of - D(30))
    if not blocks:
        return
    last = world.rng.choice(blocks)
    deadline = add_months(last, -admin.ENFORCEMENT_MONTHS)
    if add_months(deadline, admin.ENFORCEMENT_MONTHS) != last:
        return  # a month end that does not map back: skip rather than blur the story
    person = world.people.person(age=(25, 60))
    row = admin.fine(world, person, add_months(deadline, -admin.APPEAL_MONTHS))
    row["appeal_deadline"] = deadline
    row["court_enforcement_applied_at"] = STATE_COUNCIL.next_working_day(last)
    world.lookalike(FINE, HOLIDAY, row, [("admin_penalty", row)], subject=person)


def fine_without_appeal_deadline(world: World) -> None:
    person, row = _unpaid_fine(world)
    row["appeal_deadline"] = None
    world.lookalike(FINE, "appeal_deadline_unknown", row, [("admin_penalty", row)], subject=person)


# -- the court's enforcement of fines ------------------------------------------------------
def _granted(world: World, exception: str, months_ago: int, **columns: object) -> None:
    """A granted enforcement filed ``months_ago`` months back, with ``columns`` set."""
    person, row = admin.granted_enforcement(world, months_ago=months_ago)
    row.update(columns)
    world.lookalike(COURT, exception, row, [("admin_penalty", row)], subject=person)


def _filed(row: Row) -> date:
    filed = row["court_enforcement_filed_at"]
    assert isinstance(filed, date)
    return filed


def enforcement_refused(world: World) -> None:
    """行政强制法 art. 58: the court refused to enforce; nothing to carry out."""
    _granted(world, "refused", world.rng.randint(4, 30), court_enforcement_ruling="refused")


def enforcement_ruling_unknown(world: World) -> None:
    _granted(world, "ruling_unknown", world.rng.randint(4, 30), court_enforcement_ruling=None)


def _carried_out(world: World, exception: str, column: str, *, late: bool) -> None:
    person, row = admin.granted_enforcement(world, months_ago=world.rng.randint(5, 30))
    filed = _filed(row)
    if late:  # after the three months, before as_of
        row[column] = world.day_between(add_months(filed, 3) + D(10), world.as_of - D(1))
    else:
        row[column] = filed + D(world.rng.randint(10, 80))
    world.lookalike(COURT, exception, row, [("admin_penalty", row)], subject=person)


def enforcement_closed_in_time(world: World) -> None:
    _carried_out(world, "closed_in_time", "court_enforcement_closed_at", late=False)


def enforcement_paid_in_time(world: World) -> None:
    _carried_out(world, "paid", "paid_at", late=False)


def enforcement_closed_late(world: World) -> None:
    """Closed after the three months: carried out by as_of (the delay is the court's own
    management, not a clue)."""
    _carried_out(world, "closed_late", "court_enforcement_closed_at", late=True)


def enforcement_extended(world: World) -> None:
    """Over three months since the filing, within the approved six."""
    _granted(
        world, "approved_extension", world.rng.randint(4, 5), court_enforcement_extended_months=3
    )


def enforcement_with_excluded_days(world: World) -> None:
    """Over three months since the filing, but a 暂缓执行 or an auction does not count."""
    person, row = admin.granted_enforcement(world, months_ago=world.rng.randint(4, 8))
    over = (world.as_of - add_months(_filed(row), 3)).days
    row["court_enforcement_excluded_days"] = over + world.rng.randint(5, 60)
    world.lookalike(COURT, "excluded_period", row, [("admin_penalty", row)], subject=person)


def enforcement_just_granted(world: World) -> None:
    _granted(world, "period_open", world.rng.randint(1, 2))


LATE_STORIES: tuple[Callable[[World], None], ...] = (
    enforcement_refused,
    enforcement_ruling_unknown,
    enforcement_closed_in_time,
    enforcement_paid_in_time,
    enforcement_closed_late,
    enforcement_extended,
    enforcement_with_excluded_days,
    enforcement_just_granted,
)


# -- marriages -----------------------------------------------------------------------------
def _death_around_registration(world: World, after: bool) -> None:
    day = world.recent(30, 1800)
    man, woman = admin.couple(world, day)
    row = admin.marriage(world, man, woman, day)
    dead = world.rng.choice((man, woman))
    died = admin.death(world, dead, day + D(world.rng.randint(1, 20)) if after else day)
    exception = "died_after_registration" if after else "died_same_day"
    world.lookalike(
        DEAD, exception, row, [("marriage_register", row), ("death_record", died)], subject=dead
    )


def death_on_registration_day(world: World) -> None:
    _death_around_registration(world, after=False)


def death_after_registration(world: World) -> None:
    _death_around_registration(world, after=True)


def prisoner_on_parole_marries(world: World) -> None:
    """Paroled after more than half of 84 months; the prison records no release day."""
    admitted = add_months(world.as_of, -world.rng.randint(58, 64))
    person = world.people.person(age=(25, 50), at=admitted)
    s = direct_sentence(world, person, ref.CHARGE_BY_NAME["贩卖毒品罪"], 84, admitted)
    ruled = add_months(admitted, 48)
    prison = build_prison(world, s, [Change("parole", ruled - D(30), ruled, ruled + D(5))])
    assert prison.prisoner is not None
    prison.prisoner["released_at"] = None
    day = ruled + D(world.rng.randint(20, 200))
    spouse = admin.spouse_of(world, person, day)
    row = admin.marriage(world, *admin.as_couple(person, spouse), day)
    world.lookalike(
        PRISON,
        "on_parole",
        row,
        [
            ("marriage_register", row),
            ("prisoner", prison.prisoner),
            *[("execution_change", c) for c in prison.changes],
        ],
        subject=person,
    )


def registered_on_release_day(world: World) -> None:
    admitted = add_months(world.as_of, -world.rng.randint(40, 50))
    s, prison = admin.prisoner_story(world, admitted, term=36)
    assert prison.prisoner is not None
    released = prison.prisoner["released_at"]
    if not isinstance(released, date):
        return
    spouse = admin.spouse_of(world, s.person, released)
    row = admin.marriage(world, *admin.as_couple(s.person, spouse), released)
    world.lookalike(
        PRISON,
        "registered_on_release_day",
        row,
        [("marriage_register", row), ("prisoner", prison.prisoner)],
        subject=s.person,
    )


def woman_of_twenty_one(world: World) -> None:
    day = world.recent(30, 1800)
    woman = world.people.person(age=(admin.WOMAN_AGE, admin.WOMAN_AGE + 1), gender="F", at=day)
    man = world.people.person(age=(admin.MAN_AGE + 1, 30), gender="M", at=day)
    row = admin.marriage(world, man, woman, day)
    world.lookalike(UNDERAGE, "woman_twenty", row, [("marriage_register", row)], subject=woman)


def man_on_his_birthday(world: World) -> None:
    at = world.recent(400, 1800)
    man = world.people.person(age=(admin.MAN_AGE, admin.MAN_AGE), gender="M", at=at)
    day = add_months(man.birth, 12 * admin.MAN_AGE)
    woman = world.people.person(age=(admin.WOMAN_AGE + 1, 30), gender="F", at=day)
    row = admin.marriage(world, man, woman, day)
    world.lookalike(UNDERAGE, "on_birthday", row, [("marriage_register", row)], subject=man)


def young_couple_divorces(world: World) -> None:
    day = world.recent(30, 1800)
    man = world.people.person(age=(admin.MAN_AGE - 2, admin.MAN_AGE - 1), gender="M", at=day)
    woman = world.people.person(age=(admin.WOMAN_AGE - 1, admin.WOMAN_AGE - 1), gender="F", at=day)
    row = admin.marriage(world, man, woman, day, "divorce")
    world.lookalike(UNDERAGE, "divorce", row, [("marriage_register", row)], subject=man)


def registration_without_birth_dates(world: World) -> None:
    day = world.recent(30, 1800)
    man = world.people.person(age=(admin.MAN_AGE - 1, admin.MAN_AGE - 1), gender="M", at=day)
    woman = world.people.person(age=(admin.WOMAN_AGE + 1, 30), gender="F", at=day)
    row = admin.marriage(world, man, woman, day)
    row["man_birth_date"] = row["woman_birth_date"] = None
    world.lookalike(UNDERAGE, "birth_date_unknown", row, [("marriage_register", row)], subject=man)


def _second_marriage(world: World) -> tuple[Person, Person, date, date]:
    first = world.day_between(world.start, world.as_of - D(900))
    man, woman = admin.couple(world, first)
    return man, woman, first, first + D(world.rng.randint(400, 800))


def remarriage_after_divorce(world: World) -> None:
    man, woman, first, second = _second_marriage(world)
    earlier = admin.marriage(world, man, woman, first)
    divorce = admin.marriage(world, man, woman, second - D(world.rng.randint(0, 300)), "divorce")
    row = admin.marriage(world, man, admin.spouse_of(world, man, second), second)
    world.lookalike(
        REUSED,
        "divorced",
        row,
        [("marriage_register", r) for r in (row, earlier, divorce)],
        subject=man,
    )


def remarriage_after_court_divorce(world: World) -> None:
    man, woman, first, second = _second_marriage(world)
    earlier = admin.marriage(world, man, woman, first)
    filed = first + D(world.rng.randint(100, 200))
    case = civil_case(
        world,
        filed=filed,
        cause="离婚纠纷",
        closing=world.rng.choice(("judgment", "mediation")),
        close_days=(second - filed).days - world.rng.randint(10, 90),
        claim=0,
    )
    parties = [
        civil_party(world, case, "plaintiff", woman, None),
        civil_party(world, case, "defendant", man, None),
    ]
    row = admin.marriage(world, man, admin.spouse_of(world, man, second), second)
    world.lookalike(
        REUSED,
        "court_divorce",
        row,
        [("marriage_register", row), ("marriage_register", earlier), ("civil_case", case)]
        + [("civil_party", p) for p in parties],
        subject=man,
    )


def remarriage_of_a_widower(world: World) -> None:
    man, woman, first, second = _second_marriage(world)
    earlier = admin.marriage(world, man, woman, first)
    died = admin.death(world, woman, second - D(world.rng.randint(30, 300)))
    row = admin.marriage(world, man, admin.spouse_of(world, man, second), second)
    world.lookalike(
        REUSED,
        "spouse_died",
        row,
        [("marriage_register", row), ("marriage_register", earlier), ("death_record", died)],
        subject=man,
    )


def same_couple_twice(world: World) -> None:
    man, woman, first, second = _second_marriage(world)
    earlier = admin.marriage(world, man, woman, first)
    row = admin.marriage(world, man, woman, second)
    world.lookalike(
        REUSED,
        "same_couple",
        row,
        [("marriage_register", row), ("marriage_register", earlier)],
        subject=man,
    )


# -- rehabilitation -------------------------------------------------------------------------
NOT_DELIVERED = "admin.rehab_not_delivered"
AFTER_PRISON = "admin.rehab_unserved_after_prison"


def rehab_of_a_prisoner(world: World) -> None:
    admitted = add_months(world.as_of, -world.rng.randint(12, 30))
    s, prison = admin.prisoner_story(world, admitted)
    assert prison.prisoner is not None
    row = admin.rehab(world, s.person, admitted + D(world.rng.randint(20, 200)), None)
    world.lookalike(
        NOT_DELIVERED,
        "in_prison",
        row,
        [("rehab_decision", row), ("prisoner", prison.prisoner)],
        subject=s.person,
    )


def rehab_revoked(world: World) -> None:
    person = world.people.person(age=(20, 50))
    decided = world.recent(60, 1500)
    row = admin.rehab(world, person, decided, None, revoked=decided + D(world.rng.randint(5, 29)))
    world.lookalike(NOT_DELIVERED, "revoked", row, [("rehab_decision", row)], subject=person)


def rehab_of_the_dead(world: World) -> None:
    person = world.people.person(age=(20, 50))
    decided = world.recent(60, 1500)
    row = admin.rehab(world, person, decided, None)
    died = admin.death(world, person, decided + D(world.rng.randint(3, 29)))
    world.lookalike(
        NOT_DELIVERED,
        "party_died",
        row,
        [("rehab_decision", row), ("death_record", died)],
        subject=person,
    )


def rehab_just_decided(world: World) -> None:
    person = world.people.person(age=(20, 50))
    row = admin.rehab(world, person, world.recent(1, 25), None)
    world.lookalike(NOT_DELIVERED, "period_open", row, [("rehab_decision", row)], subject=person)


def _released_prisoner(world: World) -> tuple[Person, Row, date]:
    admitted = add_months(world.as_of, -world.rng.randint(40, 60))
    s, prison = admin.prisoner_story(world, admitted, term=36)
    assert prison.prisoner is not None and isinstance(prison.prisoner["released_at"], date)
    return s.person, prison.prisoner, prison.prisoner["released_at"]


def rehab_delivered_after_release(world: World) -> None:
    person, prisoner, released = _released_prisoner(world)
    admitted = prisoner["admitted_at"]
    assert isinstance(admitted, date)
    decided = admitted + D(world.rng.randint(20, 300))
    row = admin.rehab(world, person, decided, released + D(world.rng.randint(1, 30)))
    world.lookalike(
        AFTER_PRISON,
        "delivered_after_release",
        row,
        [("rehab_decision", row), ("prisoner", prisoner)],
        subject=person,
    )


def rehab_revoked_in_prison(world: World) -> None:
    person, prisoner, released = _released_prisoner(world)
    admitted = prisoner["admitted_at"]
    assert isinstance(admitted, date)
    decided = admitted + D(world.rng.randint(20, 300))
    row = admin.rehab(world, person, decided, None, revoked=decided + D(world.rng.randint(30, 90)))
    world.lookalike(
        AFTER_PRISON,
        "revoked",
        row,
        [("rehab_decision", row), ("prisoner", prisoner)],
        subject=person,
    )


def rehab_served_before_prison(world: World) -> None:
    person, prisoner, released = _released_prisoner(world)
    admitted = prisoner["admitted_at"]
    assert isinstance(admitted, date)
    decided = admitted - D(world.rng.randint(10, 25))
    row = admin.rehab(world, person, decided, decided + D(world.rng.randint(0, 3)))
    world.lookalike(
        AFTER_PRISON,
        "served_before_prison",
        row,
        [("rehab_decision", row), ("prisoner", prisoner)],
        subject=person,
    )


def rehab_just_released(world: World) -> None:
    end = world.as_of - D(world.rng.randint(2, 20))
    admitted = add_months(end, -36) + D(30)
    s, prison = admin.prisoner_story(world, admitted, term=36)
    assert prison.prisoner is not None
    released = prison.prisoner["released_at"]
    if not isinstance(released, date) or released + D(30) < world.as_of:
        return
    row = admin.rehab(world, s.person, admitted + D(world.rng.randint(20, 300)), None)
    world.lookalike(
        AFTER_PRISON,
        "period_open",
        row,
        [("rehab_decision", row), ("prisoner", prison.prisoner)],
        subject=s.person,
    )


# -- licences ------------------------------------------------------------------------------
DRUNK = "admin.drunk_driving_licence_valid"
TRAFFIC = "admin.traffic_crime_licence"
BARRED = "admin.barred_licence_holder"


def racing_not_drink(world: World) -> None:
    person, judgment = admin.drink_driving_sentence(world, world.recent(200, 1500))
    judgment["full_text"] = f"被告人{person.name}在城市道路上驾驶机动车追逐竞驶，情节恶劣。"
    offense = judgment["offense_at"]
    assert isinstance(offense, date)
    row = admin.licence(world, person, "driving", offense - D(world.rng.randint(400, 4000)))
    world.lookalike(
        DRUNK,
        "not_drink",
        row,
        [("licence_register", row), ("judgment", judgment)],
        subject=person,
    )


def licence_after_the_ban(world: World) -> None:
    offense = world.as_of - D(world.rng.randint(5 * 365 + 250, 6 * 365 + 300))
    person, judgment = admin.drink_driving_sentence(world, offense)
    issued = add_months(offense, 60) + D(world.rng.randint(1, 200))
    if world.past(issued) is None:
        return
    row = admin.licence(world, person, "driving", issued)
    world.lookalike(
        DRUNK,
        "after_ban",
        row,
        [("licence_register", row), ("judgment", judgment)],
        subject=person,
    )


def drunk_licence_revoked_in_time(world: World) -> None:
    person, judgment = admin.drink_driving_sentence(world, world.recent(200, 1500))
    effective = judgment["effective_at"]
    offense = judgment["offense_at"]
    assert isinstance(effective, date) and isinstance(offense, date)
    revoked = effective + D(world.rng.randint(0, 29))
    row = admin.licence(
        world,
        person,
        "driving",
        offense - D(world.rng.randint(400, 4000)),
        status="revoked",
        revoked=revoked,
    )
    world.lookalike(
        DRUNK,
        "revoked_in_time",
        row,
        [("licence_register", row), ("judgment", judgment)],
        subject=person,
    )


def traffic_crime_without_escape(world: World) -> None:
    s, prison = admin.traffic_sentence(world, fled=False)
    assert prison.prisoner is not None
    released = prison.prisoner["released_at"]
    if not isinstance(released, date) or released + D(40) > world.as_of:
        return
    row = admin.licence(
        world, s.person, "driving", world.day_between(released + D(30), world.as_of - D(5))
    )
    world.lookalike(
        TRAFFIC,
        "no_escape",
        row,
        [("licence_register", row), ("judgment", s.judgment)],
        subject=s.person,
    )


def traffic_licence_revoked_in_time(world: World) -> None:
    s, _ = admin.traffic_sentence(world, fled=world.rng.random() < 0.5)
    effective, offense = s.judgment["effective_at"], s.judgment["offense_at"]
    assert isinstance(effective, date) and isinstance(offense, date)
    row = admin.licence(
        world,
        s.person,
        "driving",
        offense - D(world.rng.randint(400, 4000)),
        status="revoked",
        revoked=effective + D(world.rng.randint(0, 29)),
    )
    world.lookalike(
        TRAFFIC,
        "revoked_in_time",
        row,
        [("licence_register", row), ("judgment", s.judgment)],
        subject=s.person,
    )


def teacher_negligent_crime(world: World) -> None:
    s, _ = admin.traffic_sentence(world, fled=False)
    row = admin.licence(world, s.person, "teacher", s.admitted - D(world.rng.randint(400, 4000)))
    world.lookalike(
        BARRED,
        "negligent_crime",
        row,
        [("licence_register", row), ("judgment", s.judgment)],
        subject=s.person,
    )


def teacher_criminal_detention(world: World) -> None:
    person, judgment = admin.drink_driving_sentence(world, world.recent(200, 1500))
    row = admin.licence(world, person, "teacher", world.start - D(world.rng.randint(1, 2000)))
    world.lookalike(
        BARRED,
        "no_fixed_term",
        row,
        [("licence_register", row), ("judgment", judgment)],
        subject=person,
    )


def physician_licensed_after_release(world: World) -> None:
    person, prisoner, released = _released_prisoner(world)
    judgment = next(j for j in world.rows["judgment"] if j["record_id"] == prisoner["judgment_id"])
    issued = released + D(world.rng.randint(10, 90))
    if world.past(issued) is None:
        return
    row = admin.licence(world, person, "physician", issued)
    world.lookalike(
        BARRED,
        "licensed_after_sentence",
        row,
        [("licence_register", row), ("judgment", judgment)],
        subject=person,
    )


def ride_hailing_driver_with_theft(world: World) -> None:
    admitted = add_months(world.as_of, -world.rng.randint(30, 60))
    s, prison = admin.prisoner_story(world, admitted, term=12, charge=ref.CHARGE_BY_NAME["盗窃罪"])
    assert prison.prisoner is not None
    released = prison.prisoner["released_at"]
    if not isinstance(released, date):
        return
    issued = world.day_between(released + D(30), world.as_of - D(5))
    row = admin.licence(world, s.person, "ride_hailing", issued)
    world.lookalike(
        BARRED,
        "not_a_barring_crime",
        row,
        [("licence_register", row), ("judgment", s.judgment)],
        subject=s.person,
    )


def ride_hailing_driver_rehab_revoked(world: World) -> None:
    person = world.people.person(age=(25, 50))
    decided = world.recent(900, 2000)
    record = admin.rehab(
        world, person, decided, None, revoked=decided + D(world.rng.randint(5, 25))
    )
    row = admin.licence(world, person, "ride_hailing", decided + D(world.rng.randint(200, 600)))
    world.lookalike(
        BARRED,
        "rehab_revoked",
        row,
        [("licence_register", row), ("rehab_decision", record)],
        subject=person,
    )


# -- companies -----------------------------------------------------------------------------
OWING = "admin.deregistered_owing_fine"


def _fined_company(world: World, kind: str) -> tuple[admin.Org, Row, date]:
    org = world.orgs.org()
    decided = world.recent(300, 1800)
    fined = admin.admin_penalty(
        world, org, field="market", violation="other", agency="市场监督管理局", decided=decided
    )
    return org, fined, decided + D(world.rng.randint(60, 250))


def bankrupt_company(world: World) -> None:
    org, fined, gone = _fined_company(world, "bankruptcy")
    row = admin.company(world, org, deregistered=gone, kind="bankruptcy")
    world.lookalike(
        OWING,
        "bankruptcy",
        row,
        [("company_register", row), ("admin_penalty", fined)],
        subject=org,
    )


def company_paid_on_the_day(world: World) -> None:
    org, fined, gone = _fined_company(world, "dissolution")
    fined["paid_at"] = gone
    row = admin.company(world, org, deregistered=gone, kind="simplified")
    world.lookalike(
        OWING,
        "paid",
        row,
        [("company_register", row), ("admin_penalty", fined)],
        subject=org,
    )


def company_fined_after_deregistration(world: World) -> None:
    org, fined, gone = _fined_company(world, "dissolution")
    decided = fined["decided_at"]
    assert isinstance(decided, date)
    row = admin.company(world, org, deregistered=decided, kind="dissolution")
    world.lookalike(
        OWING,
        "fined_after",
        row,
        [("company_register", row), ("admin_penalty", fined)],
        subject=org,
    )


STORIES: tuple[Callable[[World], None], ...] = (
    fine_of_tax_authority,
    contested_fine,
    fine_paid_late,
    fine_in_instalments,
    fine_of_the_dead,
    fine_sent_after_holiday,
    fine_without_appeal_deadline,
    death_on_registration_day,
    death_after_registration,
    prisoner_on_parole_marries,
    registered_on_release_day,
    woman_of_twenty_one,
    man_on_his_birthday,
    young_couple_divorces,
    registration_without_birth_dates,
    remarriage_after_divorce,
    remarriage_after_court_divorce,
    remarriage_of_a_widower,
    same_couple_twice,
    rehab_of_a_prisoner,
    rehab_revoked,
    rehab_of_the_dead,
    rehab_just_decided,
    rehab_delivered_after_release,
    rehab_revoked_in_prison,
    rehab_served_before_prison,
    rehab_just_released,
    racing_not_drink,
    licence_after_the_ban,
    drunk_licence_revoked_in_time,
    traffic_crime_without_escape,
    traffic_licence_revoked_in_time,
    teacher_negligent_crime,
    teacher_criminal_detention,
    physician_licensed_after_release,
    ride_hailing_driver_with_theft,
    ride_hailing_driver_rehab_revoked,
    bankrupt_company,
    company_paid_on_the_day,
    company_fined_after_deregistration,
)
