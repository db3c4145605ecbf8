"""The minors' registers and stories (未成年人检察): hotel check-ins, staff of schools and
kindergartens, conditional non-prosecution of minors, and the planted anomalies of the
``minors`` models. The lawful look-alikes are in :mod:`jiancha.synth.lookalikes.minors`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from jiancha.synth import reference as ref
from jiancha.synth.codes import add_months, month_index
from jiancha.synth.people import Person
from jiancha.synth.prison import build_prison, direct_sentence
from jiancha.synth.registers import contribution
from jiancha.synth.world import Row, World

D = timedelta
CHILD_INDUSTRIES: tuple[str, ...] = ("school", "kindergarten", "training", "childcare")
INDUSTRY_WORDS: dict[str, str] = {
    "school": "实验小学",
    "kindergarten": "幼儿园",
    "training": "培训学校",
    "childcare": "托育中心",
    "other": "物流公司",
}
# Charges of 未成年人保护法 art. 62 (性侵害、虐待、拐卖、暴力伤害) the stories use.
# Terms within each charge's statutory range, so that trial.sentence_outlier stays silent.
CHARGE_TERMS: dict[str, tuple[int, ...]] = {
    "强奸罪": (36, 48, 60),
    "猥亵儿童罪": (24, 36),
    "强制猥亵、侮辱罪": (12, 24),
    "故意伤害罪": (12, 24, 36),
    "故意毁坏财物罪": (6, 12),
    "交通肇事罪": (12, 24),
}
BARRING_CHARGES: tuple[str, ...] = ("强奸罪", "猥亵儿童罪", "强制猥亵、侮辱罪", "故意伤害罪")
ESTABLISHMENTS: tuple[tuple[str, str], ...] = (
    ("hotel", "宾馆"),
    ("hotel", "商务酒店"),
    ("esports_hotel", "电竞酒店"),
    ("homestay", "民宿"),
)


# -- staff of employers serving minors -----------------------------------------------------
def employer_name(world: World, industry: str) -> str:
    return f"漳州市{world.rng.choice(ref.PLACE_WORDS)}{INDUSTRY_WORDS[industry]}"


def work(world: World, person: Person, employer: str, industry: str, months: range) -> list[Row]:
    rows = []
    for m in months:
        if m > month_index(world.as_of):
            break
        row = contribution(world, person, m, employer, "employer")
        row["employer_industry"] = industry
        rows.append(row)
    return rows


def clean_staff(world: World, n: int) -> None:
    """Teachers and carers with no conviction."""
    rng = world.rng
    first, last = month_index(world.start), month_index(world.as_of)
    for _ in range(n):
        person = world.people.person(age=(22, 55))
        industry = rng.choice(CHILD_INDUSTRIES)
        begin = rng.randint(first, last)
        work(world, person, employer_name(world, industry), industry, range(begin, begin + 36))


def released_convict(
    world: World, charge: str, *, released_months_ago: int
) -> tuple[Person, Row, date]:
    """A person sentenced to a short fixed term for ``charge``, released
    ``released_months_ago`` months ago: (person, judgment, release day)."""
    rng = world.rng
    person = world.people.person(age=(25, 50))
    term = rng.choice(CHARGE_TERMS[charge])
    admitted = add_months(world.as_of, -(released_months_ago + term)) + D(rng.randint(0, 10))
    base = ref.CHARGE_BY_NAME["故意伤害罪"]
    s = direct_sentence(world, person, replace(base, name=charge), term, admitted)
    rows = build_prison(world, s, [])
    assert rows.prisoner is not None
    released = rows.prisoner["released_at"]
    assert isinstance(released, date)
    return person, s.judgment, released


def staff_with_barring_record(world: World) -> None:
    rng = world.rng
    charge = rng.choice(BARRING_CHARGES)
    person, judgment, released = released_convict(
        world, charge, released_months_ago=rng.randint(8, 40)
    )
    industry = rng.choice(CHILD_INDUSTRIES)
    begin = month_index(released) + rng.randint(1, 4)
    rows = work(
        world,
        person,
        employer_name(world, industry),
        industry,
        range(begin, begin + rng.randint(3, 24)),
    )
    if not rows:
        return
    world.plant(
        "minors.staff_with_barring_record",
        ("subject", person.id_number),
        [("judgment", judgment)] + [("employment_record", r) for r in rows],
        subject=person,
        unit=str(judgment["unit_code"]),
    )


# -- hotels ------------------------------------------------------------------------------
def check_in(
    world: World,
    guest: Person,
    day: date,
    hour: int,
    *,
    companion: Person | None = None,
    guardian_phone: str | None = None,
    record_birth: bool = True,
) -> Row:
    rng = world.rng
    kind, word = rng.choice(ESTABLISHMENTS)
    unit = world.unit()
    return world.add(
        "lodging_register",
        unit,
        guest,
        guest_name=guest.name,
        guest_id_number=guest.id_number,
        guest_birth_date=guest.birth if record_birth else None,
        establishment=f"{rng.choice(ref.PLACE_WORDS)}{word}",
        establishment_kind=kind,
        check_in_at=day,
        check_in_hour=hour,
        check_out_at=world.past(day + D(rng.randint(1, 3))),
        companion_name=companion.name if companion else None,
        companion_id_number=companion.id_number if companion else None,
        guardian_contact=guardian_phone,
    )


def night_hour(world: World) -> int:
    return world.rng.choice((22, 23, 0, 1, 2, 3, 4, 5))


def minor_at(world: World, day: date) -> Person:
    """A guest aged 14–17 on ``day``."""
    return world.people.person(age=(14, 17), at=day)


def clean_lodging(world: World, n: int) -> None:
    """Adults at any hour; minors with an adult, with the guardian's phone, or by day."""
    rng = world.rng
    for _ in range(n):
        day = world.day_between(world.start, world.as_of - D(1))
        roll = rng.random()
        if roll < 0.85:
            check_in(world, world.people.person(age=(18, 70), at=day), day, rng.randint(0, 23))
        elif roll < 0.92:
            adult = world.people.person(age=(35, 55), at=day)
            check_in(world, minor_at(world, day), day, night_hour(world), companion=adult)
        else:
            check_in(world, minor_at(world, day), day, rng.randint(9, 20))


def hotel_minor_alone_at_night(world: World) -> None:
    day = world.day_between(world.start, world.as_of - D(1))
    guest = minor_at(world, day)
    row = check_in(world, guest, day, night_hour(world), record_birth=world.rng.random() < 0.7)
    world.plant(
        "minors.hotel_minor_alone_at_night", row, [("lodging_register", row)], subject=guest
    )


# -- conditional non-prosecution ---------------------------------------------------------
def conditional(
    world: World,
    decided: date,
    months: int | None,
    outcome: str | None = None,
    outcome_at: date | None = None,
) -> tuple[Person, Row]:
    person = world.people.person(age=(15, 17), at=decided)
    row = world.add(
        "conditional_non_prosecution",
        world.unit(),
        person,
        case_id=f"AJ{world.rng.randint(10**7, 10**8 - 1)}",
        name=person.name,
        id_number=person.id_number,
        birth_date=person.birth,
        charge=world.rng.choice(("盗窃罪", "寻衅滋事罪", "故意伤害罪", "抢夺罪")),
        decided_at=decided,
        probation_months=months,
        outcome=outcome,
        outcome_at=world.past(outcome_at) if outcome_at else None,
    )
    if row["outcome_at"] is None:
        row["outcome"] = None
    return person, row


def clean_conditional(world: World, n: int) -> None:
    rng = world.rng
    for _ in range(n):
        decided = world.day_between(world.start, world.as_of - D(30))
        months = rng.randint(6, 12)
        end = add_months(decided, months)
        if rng.random() < 0.85:
            conditional(world, decided, months, "non_prosecution", end + D(rng.randint(1, 25)))
        else:
            conditional(world, decided, months, "prosecution", decided + D(rng.randint(30, 150)))


def conditional_probation_undecided(world: World) -> None:
    rng = world.rng
    months = rng.choice((6, 8, 10, 12, None))
    decided = add_months(world.as_of, -rng.randint(15, 40))
    person, row = conditional(world, decided, months)
    world.plant(
        "minors.conditional_probation_undecided",
        row,
        [("conditional_non_prosecution", row)],
        subject=person,
    )


def conditional_probation_period_invalid(world: World) -> None:
    rng = world.rng
    months = rng.choice((2, 3, 4, 5, 13, 15, 18))
    decided = world.day_between(world.start, world.as_of - D(700))
    person, row = conditional(
        world, decided, months, "non_prosecution", add_months(decided, months) + D(10)
    )
    world.plant(
        "minors.conditional_probation_period_invalid",
        row,
        [("conditional_non_prosecution", row)],
        subject=person,
    )


def populate(world: World, staff: int, check_ins: int, decisions: int) -> None:
    clean_staff(world, staff)
    clean_lodging(world, check_ins)
    clean_conditional(world, decisions)


PLANTERS = {
    "minors.staff_with_barring_record": staff_with_barring_record,
    "minors.hotel_minor_alone_at_night": hotel_minor_alone_at_night,
    "minors.conditional_probation_undecided": conditional_probation_undecided,
    "minors.conditional_probation_period_invalid": conditional_probation_period_invalid,
}
