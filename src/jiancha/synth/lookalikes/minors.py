"""Lawful look-alikes of the minors' models: stories on the law's exceptions.

- a person convicted of a barring crime who works for an employer not serving minors, one
  convicted of a crime outside 未保法 art. 62 who works at a school, and one who left the
  school before the conviction;
- a minor checking in at night with an adult, or with the guardian's phone recorded; a minor
  checking in by day; a guest checking in on the 18th birthday;
- a conditional non-prosecution revoked within the period (prosecuted), one whose period is
  still running, one whose period ended within the thirty days;
- probation periods of exactly six and twelve months.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from jiancha.synth.codes import add_months, month_index
from jiancha.synth.minors import (
    BARRING_CHARGES,
    CHILD_INDUSTRIES,
    check_in,
    conditional,
    employer_name,
    minor_at,
    night_hour,
    released_convict,
    work,
)
from jiancha.synth.world import Row, World

D = timedelta
STAFF = "minors.staff_with_barring_record"
HOTEL = "minors.hotel_minor_alone_at_night"
UNDECIDED = "minors.conditional_probation_undecided"
PERIOD = "minors.conditional_probation_period_invalid"


def _staff_story(world: World, charge: str, industry: str, exception: str, *, before: bool) -> None:
    rng = world.rng
    person, judgment, released = released_convict(
        world, charge, released_months_ago=rng.randint(8, 30)
    )
    if before:
        offense = judgment["offense_at"]
        assert isinstance(offense, date)
        end = month_index(offense) - 1
        months = range(end - rng.randint(6, 24), end + 1)
    else:
        begin = month_index(released) + rng.randint(1, 4)
        months = range(begin, begin + rng.randint(3, 12))
    rows = work(world, person, employer_name(world, industry), industry, months)
    world.lookalike(
        STAFF,
        exception,
        ("subject", person.id_number),
        [("judgment", judgment)] + [("employment_record", r) for r in rows],
        unit=str(judgment["unit_code"]),
    )


def convict_in_other_industry(world: World) -> None:
    _staff_story(
        world, world.rng.choice(BARRING_CHARGES), "other", "not_serving_minors", before=False
    )


def non_barring_convict_at_school(world: World) -> None:
    # no fine is mandatory for these (trial.mandatory_fine_missing stays silent)
    charge = world.rng.choice(("故意毁坏财物罪", "交通肇事罪"))
    industry = world.rng.choice(CHILD_INDUSTRIES)
    _staff_story(world, charge, industry, "charge_outside_article_62", before=False)


def left_school_before_conviction(world: World) -> None:
    industry = world.rng.choice(CHILD_INDUSTRIES)
    _staff_story(
        world,
        world.rng.choice(BARRING_CHARGES),
        industry,
        "employment_before_conviction",
        before=True,
    )


def _hotel(world: World, exception: str, row: Row) -> None:
    world.lookalike(HOTEL, exception, row, [("lodging_register", row)])


def minor_with_adult_at_night(world: World) -> None:
    day = world.day_between(world.start, world.as_of - D(1))
    adult = world.people.person(age=(35, 55), at=day)
    row = check_in(world, minor_at(world, day), day, night_hour(world), companion=adult)
    _hotel(world, "accompanied_by_adult", row)


def minor_with_guardian_phone(world: World) -> None:
    day = world.day_between(world.start, world.as_of - D(1))
    guardian = world.people.person(age=(35, 55))
    row = check_in(
        world, minor_at(world, day), day, night_hour(world), guardian_phone=guardian.phone
    )
    _hotel(world, "guardian_contact_recorded", row)


def minor_by_day(world: World) -> None:
    day = world.day_between(world.start, world.as_of - D(1))
    row = check_in(world, minor_at(world, day), day, world.rng.randint(6, 21))
    _hotel(world, "daytime", row)


def guest_on_eighteenth_birthday(world: World) -> None:
    # month ends count differently in SQL (the last day stays the last day): avoid them
    guest = world.people.person(age=(19, 24))
    while guest.birth.day > 27:
        guest = world.people.person(age=(19, 24))
    birthday = add_months(guest.birth, 216)
    row = check_in(world, guest, birthday, night_hour(world))
    _hotel(world, "eighteenth_birthday", row)


def conditional_revoked(world: World) -> None:
    decided = world.day_between(world.start, world.as_of - D(400))
    _, row = conditional(
        world,
        decided,
        world.rng.randint(6, 12),
        "prosecution",
        decided + D(world.rng.randint(40, 150)),
    )
    world.lookalike(
        UNDECIDED, "revoked_and_prosecuted", row, [("conditional_non_prosecution", row)]
    )


def conditional_running(world: World) -> None:
    decided = world.as_of - D(world.rng.randint(10, 150))
    _, row = conditional(world, decided, 6)
    world.lookalike(UNDECIDED, "period_running", row, [("conditional_non_prosecution", row)])


def conditional_within_grace(world: World) -> None:
    months = world.rng.randint(6, 12)
    end = world.as_of - D(world.rng.randint(3, 25))
    decided = add_months(end + D(1), -months)
    _, row = conditional(world, decided, months)
    world.lookalike(UNDECIDED, "within_grace", row, [("conditional_non_prosecution", row)])


def conditional_six_or_twelve_months(world: World) -> None:
    months = world.rng.choice((6, 12))
    decided = world.day_between(world.start, world.as_of - D(420))
    _, row = conditional(
        world, decided, months, "non_prosecution", add_months(decided, months) + D(7)
    )
    world.lookalike(PERIOD, "boundary_period", row, [("conditional_non_prosecution", row)])


STORIES: tuple[Callable[[World], None], ...] = (
    convict_in_other_industry,
    non_barring_convict_at_school,
    left_school_before_conviction,
    minor_with_adult_at_night,
    minor_with_guardian_phone,
    minor_by_day,
    guest_on_eighteenth_birthday,
    conditional_revoked,
    conditional_running,
    conditional_within_grace,
    conditional_six_or_twelve_months,
)
