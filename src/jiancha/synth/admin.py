"""Administrative supervision (行政检察) in the synthetic jurisdiction: the registers its
models read (marriage registrations, licences, compulsory drug rehabilitation, market
entities), the payment and enforcement of administrative fines, and one planted anomaly per
administrative model. The lawful look-alikes are in :mod:`jiancha.synth.lookalikes.admin`.

The registers belong to the general population (new people), so that a register row can only
touch a model where a planted story puts it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from jiancha.periods import STATE_COUNCIL, add_months
from jiancha.synth import reference as ref
from jiancha.synth.people import Person
from jiancha.synth.prison import PrisonRows, Sentence, build_prison, direct_sentence
from jiancha.synth.society import admin_penalty
from jiancha.synth.world import Row, World

D = timedelta
Planter = Callable[[World], None]

# 行政诉讼法 art. 46: six months to sue from the decision (its service, here the same day)
APPEAL_MONTHS = 6
ENFORCEMENT_MONTHS = 3  # 行政强制法 art. 53
MAN_AGE, WOMAN_AGE = 22, 20  # 民法典 art. 1047


# -- fines ---------------------------------------------------------------------------------
def enforcement_window_end(period_start: date) -> date:
    """The last day to apply to the court (行政强制法 art. 53), holidays moving it on."""
    return STATE_COUNCIL.next_working_day(add_months(period_start, ENFORCEMENT_MONTHS))


def fine(
    world: World,
    party: Person,
    decided: date,
    *,
    agency: str = "市场监督管理局",
    unit: str | None = None,
) -> Row:
    """An administrative fine on a person, with its appeal deadline and nothing paid yet."""
    row = admin_penalty(
        world, party, field="market", violation="other", agency=agency, decided=decided, unit=unit
    )
    row["amount_yuan"] = float(world.rng.randint(5, 200) * 100)
    row["appeal_deadline"] = add_months(decided, APPEAL_MONTHS)
    return row


def annotate_fines(world: World) -> None:
    """Payment and enforcement of the clean fines: paid within the fifteen days (行政处罚法
    art. 67), or sent to the court well within the three months; a fine whose period is still
    open may be unpaid. About one fine in three has no such data (NULL: unknown)."""
    rng = world.rng
    for row in world.rows["admin_penalty"]:
        decided = row["decided_at"]
        if not isinstance(decided, date) or rng.random() < 0.35:
            continue
        deadline = add_months(decided, APPEAL_MONTHS)
        end = enforcement_window_end(deadline)
        paid = decided + D(rng.randint(3, 14))
        row["appeal_deadline"] = deadline
        if rng.random() < 0.8 and world.past(paid):
            row["paid_at"] = paid
        elif end + D(10) < world.as_of:
            row["court_enforcement_applied_at"] = end - D(rng.randint(5, 60))
        elif end <= world.as_of + D(10):
            row["paid_at"] = world.past(paid)  # too close to call: paid


def fine_not_sent_to_court(world: World) -> None:
    person = world.people.person(age=(25, 60))
    decided = world.recent(320, 1500)
    row = fine(world, person, decided)
    end = enforcement_window_end(add_months(decided, APPEAL_MONTHS))
    if world.rng.random() < 0.4:
        row["court_enforcement_applied_at"] = world.past(end + D(world.rng.randint(5, 40)))
    world.plant("admin.fine_not_sent_to_court", row, [("admin_penalty", row)], subject=person)


# -- marriages -----------------------------------------------------------------------------
def registry(unit: str) -> str:
    return f"漳州市{ref.DISTRICTS[unit]}民政局"


def marriage(world: World, man: Person, woman: Person, day: date, kind: str = "marriage") -> Row:
    unit = world.unit()
    return world.add(
        "marriage_register",
        unit,
        None,
        kind=kind,
        registered_at=day,
        man_name=man.name,
        man_id_number=man.id_number,
        man_birth_date=man.birth,
        woman_name=woman.name,
        woman_id_number=woman.id_number,
        woman_birth_date=woman.birth,
        registry=registry(unit),
    )


def couple(world: World, day: date) -> tuple[Person, Person]:
    """A man and a woman comfortably of marriageable age on ``day``."""
    man = world.people.person(age=(MAN_AGE + 1, 55), gender="M", at=day)
    woman = world.people.person(age=(WOMAN_AGE + 1, 50), gender="F", at=day)
    return man, woman


def marriages(world: World, n: int) -> None:
    """Clean registrations: couples of age, some later divorced, some of those remarried."""
    rng = world.rng
    for _ in range(n):
        day = world.day_between(world.start, world.as_of - D(1))
        man, woman = couple(world, day)
        marriage(world, man, woman, day)
        if rng.random() < 0.2:
            divorced = world.past(day + D(rng.randint(200, 1500)))
            if divorced is None:
                continue
            marriage(world, man, woman, divorced, "divorce")
            again = world.past(divorced + D(rng.randint(30, 600)))
            if again is not None and rng.random() < 0.5:
                marriage(world, man, couple(world, again)[1], again)


def death(world: World, person: Person, died: date) -> Row:
    return world.add(
        "death_record", None, person, name=person.name, id_number=person.id_number, died_at=died
    )


def marriage_party_dead(world: World) -> None:
    day = world.recent(30, 1800)
    man, woman = couple(world, day)
    dead = world.rng.choice((man, woman))
    kind = "marriage" if world.rng.random() < 0.7 else "divorce"
    row = marriage(world, man, woman, day, kind)
    record = death(world, dead, day - D(world.rng.randint(2, 400)))
    world.plant(
        "admin.marriage_party_dead",
        row,
        [("marriage_register", row), ("death_record", record)],
        subject=dead,
    )


def prisoner_story(world: World, admitted: date, term: int = 84) -> tuple[Sentence, PrisonRows]:
    """A prisoner of a drug sale admitted on ``admitted`` with no change of the sentence."""
    person = world.people.person(age=(25, 50), at=admitted)
    s = direct_sentence(world, person, ref.CHARGE_BY_NAME["贩卖毒品罪"], term, admitted)
    return s, build_prison(world, s, [])


def spouse_of(world: World, person: Person, day: date) -> Person:
    gender = "F" if person.gender == "M" else "M"
    low = WOMAN_AGE + 1 if gender == "F" else MAN_AGE + 1
    return world.people.person(age=(low, 50), gender=gender, at=day)


def as_couple(person: Person, spouse: Person) -> tuple[Person, Person]:
    return (person, spouse) if person.gender == "M" else (spouse, person)


def marriage_party_in_prison(world: World) -> None:
    admitted = add_months(world.as_of, -world.rng.randint(30, 50))
    s, prison = prisoner_story(world, admitted)
    assert prison.prisoner is not None
    day = admitted + D(world.rng.randint(30, 600))
    kind = "marriage" if world.rng.random() < 0.6 else "divorce"
    row = marriage(world, *as_couple(s.person, spouse_of(world, s.person, day)), day, kind)
    world.plant(
        "admin.marriage_party_in_prison",
        row,
        [("marriage_register", row), ("prisoner", prison.prisoner)],
        subject=s.person,
    )


def marriage_underage(world: World) -> None:
    day = world.recent(30, 1800)
    if world.rng.random() < 0.5:
        # 21 years and 5–360 days old: under 22 by at least a few days
        young = world.people.person(age=(MAN_AGE - 1, MAN_AGE - 1), gender="M", at=day)
        man, woman = young, world.people.person(age=(WOMAN_AGE + 1, 30), gender="F", at=day)
    else:
        young = world.people.person(age=(WOMAN_AGE - 1, WOMAN_AGE - 1), gender="F", at=day)
        man, woman = world.people.person(age=(MAN_AGE + 1, 35), gender="M", at=day), young
    row = marriage(world, man, woman, day)
    world.plant("admin.marriage_underage", row, [("marriage_register", row)], subject=young)


def marriage_id_reused(world: World) -> None:
    first = world.day_between(world.start, world.as_of - D(800))
    man, woman = couple(world, first)
    earlier = marriage(world, man, woman, first)
    second = world.past(first + D(world.rng.randint(200, 700)))
    assert second is not None
    row = marriage(world, man, spouse_of(world, man, second), second)
    world.plant(
        "admin.marriage_id_reused",
        row,
        [("marriage_register", row), ("marriage_register", earlier)],
        subject=man,
    )


# -- the registers of one chunk --------------------------------------------------------------
def populate(world: World, n: int) -> None:
    """The clean administrative registers of a chunk (``n``: its number of admin penalties)."""
    annotate_fines(world)
    marriages(world, n)


PLANTERS: dict[str, Planter] = {
    "admin.fine_not_sent_to_court": fine_not_sent_to_court,
    "admin.marriage_party_dead": marriage_party_dead,
    "admin.marriage_party_in_prison": marriage_party_in_prison,
    "admin.marriage_underage": marriage_underage,
    "admin.marriage_id_reused": marriage_id_reused,
}
