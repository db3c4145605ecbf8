"""Reference registers of the general population: deaths, hospital stays, border crossings,
and social-security payments (one row per person-month, by far the largest table).

The general population is kept apart from everyone the justice system handles (they are
new people), so that a register row can only touch a supervision model where a planted
anomaly puts it.
"""

from __future__ import annotations

from datetime import date, timedelta

from jiancha.synth import reference as ref
from jiancha.synth.codes import month_index, month_text
from jiancha.synth.people import Person
from jiancha.synth.world import Row, World

D = timedelta


def deaths(world: World, n: int) -> None:
    for _ in range(n):
        person = world.people.person(age=(45, 95))
        world.add(
            "death_record",
            None,
            person,
            name=person.name,
            id_number=person.id_number,
            died_at=world.day_between(world.start, world.as_of),
        )


def hospital_stays(world: World, n: int) -> None:
    rng = world.rng
    for _ in range(n):
        person = world.people.person(age=(18, 90))
        admitted = world.day_between(world.start, world.as_of - D(1))
        world.add(
            "hospital_stay",
            None,
            person,
            name=person.name,
            id_number=person.id_number,
            hospital=rng.choice(ref.HOSPITALS),
            admitted_at=admitted,
            discharged_at=world.past(admitted + D(rng.randint(2, 30))),
            diagnosis=rng.choice(ref.DIAGNOSES),
        )


def border_crossings(world: World, n_people: int) -> None:
    rng = world.rng
    for _ in range(n_people):
        person = world.people.person(age=(18, 70))
        for _ in range(rng.randint(1, 3)):
            out = world.day_between(world.start, world.as_of - D(1))
            port = rng.choice(ref.PORTS)
            crossing(world, person, out, "exit", port)
            back = out + D(rng.randint(3, 40))
            if world.past(back):
                crossing(world, person, back, "entry", port)


def crossing(world: World, person: Person, at: date, direction: str, port: str) -> None:
    world.add(
        "border_crossing",
        None,
        person,
        name=person.name,
        id_number=person.id_number,
        crossed_at=at,
        direction=direction,
        port=port,
    )


def contribution(
    world: World, person: Person, month: int, employer: str | None, kind: str | None
) -> Row:
    """One month's social-insurance contribution, by an employer or as 灵活就业 (flexible)."""
    return world.add(
        "employment_record",
        None,
        person,
        name=person.name,
        id_number=person.id_number,
        employer=employer,
        month=month_text(month),
        amount_yuan=900,
        contribution_kind=kind,
    )


def employment(world: World, n_workers: int, employers: list[str]) -> None:
    """Paid months of workers: contiguous spells, in a tight loop (the bulk of a big run).
    One worker in ten pays as 灵活就业 (no employer)."""
    rng = world.rng
    first, last = month_index(world.start), month_index(world.as_of)
    rows = world.rows["employment_record"]
    new_id, source = world.ids.new_id, "社会保险信息系统"
    for _ in range(n_workers):
        person = world.people.person(age=(18, 60))
        flexible = rng.random() < 0.1
        employer = None if flexible else rng.choice(employers)
        begin = rng.randint(first, last)
        length = rng.randint(6, 120)
        base = rng.randint(12, 60) * 50
        for month in range(begin, min(begin + length, last + 1)):
            rows.append(
                {
                    "record_id": new_id("employment_record"),
                    "source": source,
                    "unit_code": None,
                    "name": person.name,
                    "id_number": person.id_number,
                    "employer": employer,
                    "month": month_text(month),
                    "amount_yuan": base,
                    "contribution_kind": "flexible" if flexible else "employer",
                    "_person": person.idx,
                }
            )


def employer_names(world: World, n: int) -> list[str]:
    return [world.orgs.org().name for _ in range(n)]
