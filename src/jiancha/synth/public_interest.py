"""The public-interest registers and stories (公益诉讼检察): social-security benefits paid month
by month, state-land transfers, and the planted anomalies of the ``pil`` models.

The benefit recipients and land transferees of the clean population are new people and
organisations, so that a register row can only touch a model where a story puts it. The
lawful look-alikes are in :mod:`jiancha.synth.lookalikes.pil`; the helpers here build both.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from jiancha.synth import reference as ref
from jiancha.synth.codes import add_months, month_index, month_text
from jiancha.synth.people import Org, Person
from jiancha.synth.prison import Change, PrisonRows, Sentence, build_prison, direct_sentence
from jiancha.synth.society import admin_penalty, below_threshold
from jiancha.synth.world import Row, World

D = timedelta
BENEFIT_KINDS: tuple[str, ...] = (
    "pension",
    "subsistence",
    "elderly_allowance",
    "disability_allowance",
)
BENEFIT_AGENCY: dict[str, str] = {
    "pension": "社会保险事业管理中心",
    "subsistence": "民政局",
    "elderly_allowance": "民政局",
    "disability_allowance": "残疾人联合会",
}
BENEFIT_AMOUNT: dict[str, tuple[int, int]] = {
    "pension": (1800, 4500),
    "subsistence": (600, 900),
    "elderly_allowance": (100, 300),
    "disability_allowance": (80, 200),
}
MINING = next(v for v in ref.VIOLATIONS if v.code == "illegal_mining")
FOOD_DRUG_AGENCY = "市场监督管理局"
FISHERY_AGENCY = "农业农村局"
LAND_AGENCY = "自然资源局"


# -- benefits ---------------------------------------------------------------------------
def month_start(index: int) -> date:
    year, month = divmod(index, 12)
    return date(year, month + 1, 1)


def month_end(index: int) -> date:
    start = month_start(index)
    return date(start.year, start.month, calendar.monthrange(start.year, start.month)[1])


def pay(
    world: World,
    person: Person,
    kind: str,
    months: range,
    *,
    amount: int | None = None,
    paid_late: date | None = None,
) -> list[Row]:
    """One payment row per month of ``months`` (month indexes) up to as_of; paid on the
    tenth of the month unless ``paid_late`` says when."""
    lo, hi = BENEFIT_AMOUNT[kind]
    amount = amount or world.rng.randint(lo, hi)
    unit = person.region if person.region in world.units else world.unit()
    rows = []
    for m in months:
        paid = paid_late or month_start(m) + D(9)
        if world.past(paid) is None:
            break
        rows.append(
            world.add(
                "benefit_payment",
                unit,
                person,
                name=person.name,
                id_number=person.id_number,
                kind=kind,
                month=month_text(m),
                amount_yuan=amount,
                paid_at=paid,
                agency=BENEFIT_AGENCY[kind],
            )
        )
    return rows


def elderly(world: World) -> Person:
    return world.people.person(age=(62, 85))


def benefits(world: World, n: int) -> None:
    """Clean recipients: a spell of 12–48 months of one or two kinds, none of them ever in
    prison or dead."""
    rng = world.rng
    first, last = month_index(world.start), month_index(world.as_of)
    for _ in range(n):
        person = elderly(world)
        kinds = rng.sample(BENEFIT_KINDS, rng.choice((1, 1, 2)))
        begin = rng.randint(first, last)
        for kind in kinds:
            pay(world, person, kind, range(begin, min(begin + rng.randint(12, 48), last + 1)))


@dataclass
class Stay:
    """A pensioner's prison stay: the rows, and the day the model takes as leaving."""

    person: Person
    sentence: Sentence
    rows: PrisonRows
    left: date

    @property
    def prisoner(self) -> Row:
        assert self.rows.prisoner is not None
        return self.rows.prisoner

    def whole_months(self) -> list[int]:
        """The months all of whose days lie inside the stay (the model's rule)."""
        admitted = self.sentence.admitted
        return [
            m
            for m in range(month_index(admitted), month_index(self.left) + 1)
            if month_start(m) > admitted and month_end(m) < self.left
        ]


def pensioner_in_prison(
    world: World, *, term: int, months_ago: int, changes: list[Change] | None = None
) -> Stay:
    """An elderly pensioner admitted ``months_ago`` months ago on a clean fixed term for
    theft (``term`` one of the theft terms the courts here give: 6, 9 or 12 months)."""
    person = elderly(world)
    admitted = add_months(world.as_of, -months_ago) + D(world.rng.randint(2, 20))
    s = direct_sentence(world, person, ref.CHARGE_BY_NAME["盗窃罪"], term, admitted)
    rows = build_prison(world, s, changes or [])
    prisoner = rows.prisoner
    assert prisoner is not None
    outs = [r["ruled_at"] for r in rows.changes if r["kind"] in ("parole", "medical_parole")]
    left = min(
        [
            d
            for d in (prisoner["released_at"] or prisoner["term_end"] or world.as_of, *outs)
            if isinstance(d, date)
        ]
        + [world.as_of]
    )
    return Stay(person, s, rows, left)


def benefit_paid_in_prison(world: World) -> None:
    stay = pensioner_in_prison(world, term=12, months_ago=world.rng.randint(14, 40))
    kind = world.rng.choice(BENEFIT_KINDS)
    begin = month_index(stay.sentence.admitted) - world.rng.randint(3, 12)
    end = min(month_index(stay.left) + world.rng.randint(1, 6), month_index(world.as_of))
    rows = pay(world, stay.person, kind, range(begin, end + 1))
    inside = {month_text(m) for m in stay.whole_months()}
    evidence = [r for r in rows if r["month"] in inside]
    if not evidence:
        return
    world.plant(
        "pil.benefit_paid_in_prison",
        ("subject", stay.person.id_number),
        [("prisoner", stay.prisoner)] + [("benefit_payment", r) for r in evidence],
        subject=stay.person,
        unit=str(stay.prisoner["unit_code"]),
    )


def deceased(world: World, *, months_ago: int) -> tuple[Person, Row]:
    person = elderly(world)
    died = add_months(world.as_of, -months_ago) + D(world.rng.randint(0, 25))
    row = world.add(
        "death_record", None, person, name=person.name, id_number=person.id_number, died_at=died
    )
    return person, row


def benefit_paid_after_death(world: World) -> None:
    rng = world.rng
    person, death = deceased(world, months_ago=rng.randint(4, 40))
    died = death["died_at"]
    assert isinstance(died, date)
    kind = rng.choice(BENEFIT_KINDS)
    begin = month_index(died) - rng.randint(6, 24)
    end = min(month_index(died) + rng.randint(1, 12), month_index(world.as_of))
    rows = pay(world, person, kind, range(begin, end + 1))
    after = [r for r in rows if str(r["month"]) > month_text(month_index(died))]
    if not after:
        return
    world.plant(
        "pil.benefit_paid_after_death",
        ("subject", person.id_number),
        [("death_record", death)] + [("benefit_payment", r) for r in after],
        subject=person,
        unit=str(after[0]["unit_code"]),
    )


# -- administrative penalties -----------------------------------------------------------
def mining_party(world: World) -> Person | Org:
    if world.rng.random() < 0.6:
        return world.orgs.org(kind="砂石")
    return world.people.person(age=(30, 60))


def party_key(party: Person | Org) -> str:
    return party.org_code if isinstance(party, Org) else party.id_number


def mining_penalty(
    world: World, party: Person | Org, decided: date, unit: str, transferred: date | None = None
) -> Row:
    amount, _ = below_threshold(world, MINING)
    return admin_penalty(
        world,
        party,
        field="land",
        violation="illegal_mining",
        agency=LAND_AGENCY,
        decided=decided,
        amount=amount,
        transferred=transferred,
        unit=unit,
    )


def mining_series(
    world: World, offsets: tuple[int, int, int], party: Person | Org | None = None
) -> tuple[Person | Org, list[Row]]:
    """Three mining penalties of one party, ``offsets`` days apart from a first one."""
    party = party or mining_party(world)
    span = offsets[-1]
    first = world.day_between(world.start, world.as_of - D(span + 5))
    unit = world.unit()
    rows = [mining_penalty(world, party, first + D(o), unit) for o in offsets]
    return party, rows


def repeat_illegal_mining(world: World) -> None:
    rng = world.rng
    second = rng.randint(90, 300)
    party, rows = mining_series(world, (0, second, second + rng.randint(60, 700 - second)))
    world.plant(
        "pil.repeat_illegal_mining",
        rows[-1],
        [("admin_penalty", r) for r in rows],
        subject=party,
    )


def fishing_penalty(
    world: World,
    party: Person | Org,
    *,
    kg: float | None,
    value: float | None,
    unit_name: str = "公斤",
    transferred: date | None = None,
) -> Row:
    decided = world.day_between(world.start, world.as_of - D(10))
    return admin_penalty(
        world,
        party,
        field="fishery",
        violation="illegal_fishing",
        agency=FISHERY_AGENCY,
        decided=decided,
        amount=value,
        quantity=kg,
        unit_name=unit_name,
        transferred=transferred,
    )


def illegal_fishing_not_transferred(world: World) -> None:
    rng = world.rng
    party = world.people.person(age=(25, 65))
    if rng.random() < 0.6:
        row = fishing_penalty(
            world, party, kg=float(rng.randint(600, 3000)), value=float(rng.randint(2000, 9000))
        )
    else:
        row = fishing_penalty(
            world, party, kg=float(rng.randint(50, 300)), value=float(rng.randint(12000, 60000))
        )
    world.plant("pil.illegal_fishing_not_transferred", row, [("admin_penalty", row)], subject=party)


def food_drug_series(
    world: World, offsets: tuple[int, ...], units: list[str], transferred: int | None = None
) -> tuple[Org, list[Row]]:
    """Food or drug penalties of one producer, ``offsets`` days apart, in ``units``; the
    penalty at index ``transferred`` is sent to the police."""
    field = world.rng.choice(("food", "drug"))
    party = world.orgs.org(kind="食品" if field == "food" else "药业")
    first = world.day_between(world.start, world.as_of - D(offsets[-1] + 5))
    rows = []
    for i, (offset, unit) in enumerate(zip(offsets, units, strict=True)):
        decided = first + D(offset)
        rows.append(
            admin_penalty(
                world,
                party,
                field=field,
                violation="other",
                agency=FOOD_DRUG_AGENCY,
                decided=decided,
                amount=float(world.rng.randint(10, 300) * 100),
                transferred=decided + D(10) if i == transferred else None,
                unit=unit,
            )
        )
    return party, rows


def spread_offsets(world: World) -> tuple[int, int, int]:
    """Three days within 24 months, no three of them within 12 (pil.repeat_violator)."""
    rng = world.rng
    return (0, rng.randint(200, 300), rng.randint(400, 690))


def food_drug_multi_county(world: World) -> None:
    units = world.rng.sample(ref.DISTRICT_CODES, 3)
    party, rows = food_drug_series(world, spread_offsets(world), units)
    world.plant(
        "pil.food_drug_multi_county",
        ("subject", party.org_code),
        [("admin_penalty", r) for r in rows],
        subject=party,
        unit=min(units),
    )


# -- state land -------------------------------------------------------------------------
def land_transfer(
    world: World,
    *,
    contract: date,
    price: int,
    paid: int | None,
    due: date | None = None,
    farmland: bool = False,
    tax: int | None = None,
    tax_paid: int | None = None,
    approved: date | None = None,
) -> Row:
    rng = world.rng
    transferee = world.orgs.org(kind=rng.choice(("置业", "房地产开发", "实业")))
    unit = world.unit()
    row = world.add(
        "land_transfer",
        unit,
        None,
        parcel=f"{unit}-{contract.year}-G{rng.randint(1, 999):03d}",
        location=f"{rng.choice(ref.STREETS)}以{rng.choice('东南西北')}地块",
        transferee=transferee.name,
        transferee_id_number=None,
        transferee_org_code=transferee.org_code,
        contract_at=contract,
        price_yuan=price,
        price_due_at=due,
        price_paid_yuan=paid,
        farmland=farmland,
        occupation_tax_yuan=tax if farmland else None,
        occupation_tax_paid_yuan=tax_paid if farmland else None,
        approved_at=approved if farmland else None,
        agency=f"漳州市{LAND_AGENCY}",
    )
    row["_org"] = transferee.idx
    return row


def price(world: World) -> int:
    return world.rng.randint(50, 3000) * 10_000


def clean_land(world: World, n: int) -> None:
    """Transfers paid in full (price and, on farmland, the tax)."""
    rng = world.rng
    for _ in range(n):
        contract = world.day_between(world.start, world.as_of - D(60))
        p = price(world)
        farmland = rng.random() < 0.4
        tax = rng.randint(10, 400) * 1000
        land_transfer(
            world,
            contract=contract,
            price=p,
            paid=p,
            farmland=farmland,
            tax=tax,
            tax_paid=tax,
            approved=contract - D(rng.randint(20, 90)),
        )


def land_price_unpaid(world: World) -> None:
    rng = world.rng
    contract = add_months(world.as_of, -rng.randint(15, 60))
    p = price(world)
    due = add_months(contract, rng.choice((3, 6, 12))) if rng.random() < 0.5 else None
    row = land_transfer(
        world, contract=contract, price=p, paid=int(p * rng.choice((0, 0.3, 0.5))), due=due
    )
    world.plant(
        "pil.land_price_unpaid", row, [("land_transfer", row)], subject_name=str(row["transferee"])
    )


def land_occupation_tax_unpaid(world: World) -> None:
    rng = world.rng
    approved = world.day_between(world.start, world.as_of - D(60))
    p = price(world)
    tax = rng.randint(20, 600) * 1000
    row = land_transfer(
        world,
        contract=approved + D(rng.randint(10, 60)),
        price=p,
        paid=p,
        farmland=True,
        tax=tax,
        tax_paid=int(tax * rng.choice((0, 0.2, 0.5))),
        approved=approved,
    )
    world.plant(
        "pil.land_occupation_tax_unpaid",
        row,
        [("land_transfer", row)],
        subject_name=str(row["transferee"]),
    )


def populate(world: World, recipients: int, transfers: int) -> None:
    """The clean public-interest registers of one chunk."""
    benefits(world, recipients)
    clean_land(world, transfers)


PLANTERS = {
    "pil.benefit_paid_in_prison": benefit_paid_in_prison,
    "pil.benefit_paid_after_death": benefit_paid_after_death,
    "pil.repeat_illegal_mining": repeat_illegal_mining,
    "pil.illegal_fishing_not_transferred": illegal_fishing_not_transferred,
    "pil.food_drug_multi_county": food_drug_multi_county,
    "pil.land_price_unpaid": land_price_unpaid,
    "pil.land_occupation_tax_unpaid": land_occupation_tax_unpaid,
}
