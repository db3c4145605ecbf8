"""Lawful look-alikes of the public-interest models: stories on the law's exceptions.

- a pensioner on probation, or out of prison on medical parole, keeps the pension (劳社厅函
  〔2001〕44号); the months of admission and release are not whole months in prison; arrears
  for months before prison paid during it;
- the month of death is paid as usual; arrears for months before the death paid after it;
- mining penalties whose first falls outside the two years, whose third was transferred, or
  after which the police received a mining case;
- fishing under the 500 kg / 10,000 yuan standard, transferred, or counted in 尾;
- food or drug penalties in three counties of which one was transferred, in only two counties,
  or spread over more than 24 months;
- land price not yet due, or paid unknown, or due later by the contract; farmland tax exempt
  (nil), still within the thirty days, or land that is not farmland.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from jiancha.synth import reference as ref
from jiancha.synth.cases import case_report_only
from jiancha.synth.codes import add_months, month_index
from jiancha.synth.prison import Change, add_correction, direct_sentence
from jiancha.synth.public_interest import (
    BENEFIT_KINDS,
    deceased,
    elderly,
    fishing_penalty,
    food_drug_series,
    land_transfer,
    mining_series,
    party_key,
    pay,
    pensioner_in_prison,
    price,
    spread_offsets,
)
from jiancha.synth.world import Row, World

D = timedelta
IN_PRISON = "pil.benefit_paid_in_prison"
AFTER_DEATH = "pil.benefit_paid_after_death"
MINING = "pil.repeat_illegal_mining"
FISHING = "pil.illegal_fishing_not_transferred"
FOOD_DRUG = "pil.food_drug_multi_county"
PRICE = "pil.land_price_unpaid"
TAX = "pil.land_occupation_tax_unpaid"


def _payments(rows: list[Row]) -> list[tuple[str, Row]]:
    return [("benefit_payment", r) for r in rows]


def pension_on_probation(world: World) -> None:
    person = elderly(world)
    effective = add_months(world.as_of, -world.rng.randint(8, 30))
    s = direct_sentence(world, person, ref.CHARGE_BY_NAME["盗窃罪"], 12, effective + D(12))
    s.judgment["probation_months"] = 24
    correction = add_correction(
        world, person, s.unit, "probation", effective + D(5), add_months(effective, 24)
    )
    begin = month_index(effective) - 6
    rows = pay(world, person, "pension", range(begin, month_index(world.as_of) + 1))
    evidence: list[tuple[str, Row]] = [("judgment", s.judgment)]
    if correction is not None:
        evidence.append(("community_correction", correction))
    world.lookalike(
        IN_PRISON, "probation", ("subject", person.id_number), evidence + _payments(rows)
    )


def pension_on_medical_parole(world: World) -> None:
    rng = world.rng
    months_ago = rng.randint(18, 40)
    admitted = add_months(world.as_of, -months_ago)
    ruled = add_months(admitted, rng.randint(3, 6))
    change = Change("medical_parole", ruled - D(30), ruled, ruled + D(5), reason="self_care")
    stay = pensioner_in_prison(world, term=12, months_ago=months_ago, changes=[change])
    kind = rng.choice(BENEFIT_KINDS)
    adm, out = month_index(stay.sentence.admitted), month_index(stay.left)
    rows = pay(world, stay.person, kind, range(adm - 6, adm + 1))
    rows += pay(world, stay.person, kind, range(out, month_index(world.as_of) + 1))
    evidence = [("prisoner", stay.prisoner)] + [("execution_change", r) for r in stay.rows.changes]
    world.lookalike(
        IN_PRISON,
        "medical_parole",
        ("subject", stay.person.id_number),
        evidence + _payments(rows),
    )


def paid_in_admission_and_release_months(world: World) -> None:
    rng = world.rng
    stay = pensioner_in_prison(world, term=rng.choice((6, 9, 12)), months_ago=rng.randint(16, 40))
    adm, out = month_index(stay.sentence.admitted), month_index(stay.left)
    kind = rng.choice(BENEFIT_KINDS)
    rows = pay(world, stay.person, kind, range(adm - 4, adm + 1))
    rows += pay(world, stay.person, kind, range(out, out + 4))
    world.lookalike(
        IN_PRISON,
        "admission_or_release_month",
        ("subject", stay.person.id_number),
        [("prisoner", stay.prisoner)] + _payments(rows),
    )


def arrears_before_prison_paid_inside(world: World) -> None:
    rng = world.rng
    stay = pensioner_in_prison(world, term=12, months_ago=rng.randint(20, 40))
    adm = month_index(stay.sentence.admitted)
    rows = pay(world, stay.person, "pension", range(adm - 6, adm - 1))
    rows += pay(world, stay.person, "pension", range(adm - 1, adm), paid_late=stay.left - D(20))
    world.lookalike(
        IN_PRISON,
        "arrears_before_prison",
        ("subject", stay.person.id_number),
        [("prisoner", stay.prisoner)] + _payments(rows),
    )


def paid_in_month_of_death(world: World) -> None:
    person, death = deceased(world, months_ago=world.rng.randint(3, 40))
    died = death["died_at"]
    assert isinstance(died, date)
    kind = world.rng.choice(BENEFIT_KINDS)
    rows = pay(world, person, kind, range(month_index(died) - 12, month_index(died) + 1))
    world.lookalike(
        AFTER_DEATH,
        "death_month",
        ("subject", person.id_number),
        [("death_record", death)] + _payments(rows),
    )


def arrears_paid_after_death(world: World) -> None:
    person, death = deceased(world, months_ago=world.rng.randint(3, 40))
    died = death["died_at"]
    assert isinstance(died, date)
    kind = world.rng.choice(BENEFIT_KINDS)
    m = month_index(died)
    rows = pay(world, person, kind, range(m - 10, m - 1))
    rows += pay(world, person, kind, range(m - 1, m + 1), paid_late=died + D(20))
    world.lookalike(
        AFTER_DEATH,
        "arrears_before_death",
        ("subject", person.id_number),
        [("death_record", death)] + _payments(rows),
    )


def _penalties(rows: list[Row]) -> list[tuple[str, Row]]:
    return [("admin_penalty", r) for r in rows]


def mining_first_outside_two_years(world: World) -> None:
    rng = world.rng
    _, rows = mining_series(world, (0, rng.randint(120, 300), rng.randint(760, 900)))
    world.lookalike(MINING, "prior_outside_two_years", rows[-1], _penalties(rows))


def mining_third_transferred(world: World) -> None:
    _, rows = mining_series(world, (0, 150, world.rng.randint(250, 600)))
    decided = rows[-1]["decided_at"]
    assert isinstance(decided, date)
    rows[-1]["transferred_at"] = decided + D(7)
    rows[-1]["transfer_case_id"] = f"YS{world.rng.randint(10**7, 10**8 - 1)}"
    world.lookalike(MINING, "transferred", rows[-1], _penalties(rows))


def mining_reported_to_police(world: World) -> None:
    party = world.people.person(age=(30, 60))
    _, rows = mining_series(world, (0, 150, world.rng.randint(250, 600)), party)
    decided = rows[-1]["decided_at"]
    assert isinstance(decided, date)
    report = case_report_only(
        world,
        decision="transferred",
        offense="非法采矿",
        amount=None,
        suspect=party,
        received=min(decided + D(world.rng.randint(3, 30)), world.as_of),
    )
    world.lookalike(
        MINING,
        "criminal_case_reported",
        rows[-1],
        _penalties(rows) + [("case_report", report)],
    )


def fishing_under_threshold(world: World) -> None:
    rng = world.rng
    party = world.people.person(age=(25, 65))
    row = fishing_penalty(
        world, party, kg=float(rng.randint(50, 499)), value=float(rng.randint(500, 9999))
    )
    world.lookalike(FISHING, "under_threshold", row, [("admin_penalty", row)])


def fishing_transferred(world: World) -> None:
    party = world.people.person(age=(25, 65))
    row = fishing_penalty(world, party, kg=float(world.rng.randint(600, 3000)), value=None)
    decided = row["decided_at"]
    assert isinstance(decided, date)
    row["transferred_at"] = decided + D(5)
    world.lookalike(FISHING, "transferred", row, [("admin_penalty", row)])


def fishing_counted_in_pieces(world: World) -> None:
    party = world.people.person(age=(25, 65))
    row = fishing_penalty(
        world,
        party,
        kg=float(world.rng.randint(600, 5000)),
        value=float(world.rng.randint(500, 9000)),
        unit_name="尾",
    )
    world.lookalike(FISHING, "counted_in_pieces", row, [("admin_penalty", row)])


def food_drug_one_transferred(world: World) -> None:
    units = world.rng.sample(ref.DISTRICT_CODES, 3)
    party, rows = food_drug_series(
        world, spread_offsets(world), units, transferred=world.rng.randint(0, 2)
    )
    world.lookalike(
        FOOD_DRUG, "transferred", ("subject", party_key(party)), _penalties(rows), unit=min(units)
    )


def food_drug_two_counties(world: World) -> None:
    a, b = world.rng.sample(ref.DISTRICT_CODES, 2)
    party, rows = food_drug_series(world, spread_offsets(world), [a, b, a])
    world.lookalike(
        FOOD_DRUG, "two_counties", ("subject", party_key(party)), _penalties(rows), unit=min(a, b)
    )


def food_drug_outside_window(world: World) -> None:
    rng = world.rng
    units = rng.sample(ref.DISTRICT_CODES, 3)
    offsets = (0, rng.randint(380, 400), rng.randint(760, 800))
    party, rows = food_drug_series(world, offsets, units)
    world.lookalike(
        FOOD_DRUG,
        "outside_window",
        ("subject", party_key(party)),
        _penalties(rows),
        unit=min(units),
    )


def land_not_yet_due(world: World) -> None:
    p = price(world)
    contract = add_months(world.as_of, -world.rng.randint(1, 8))
    row = land_transfer(world, contract=contract, price=p, paid=int(p * 0.3))
    world.lookalike(PRICE, "not_yet_due", row, [("land_transfer", row)])


def land_due_later_by_contract(world: World) -> None:
    p = price(world)
    contract = add_months(world.as_of, -world.rng.randint(14, 20))
    due = world.as_of + D(world.rng.randint(30, 200))
    row = land_transfer(world, contract=contract, price=p, paid=int(p * 0.5), due=due)
    world.lookalike(PRICE, "due_later_by_contract", row, [("land_transfer", row)])


def land_paid_unknown(world: World) -> None:
    contract = add_months(world.as_of, -world.rng.randint(14, 40))
    row = land_transfer(world, contract=contract, price=price(world), paid=None)
    world.lookalike(PRICE, "paid_unknown", row, [("land_transfer", row)])


def farmland_tax_exempt(world: World) -> None:
    approved = world.day_between(world.start, world.as_of - D(60))
    p = price(world)
    row = land_transfer(
        world,
        contract=approved + D(30),
        price=p,
        paid=p,
        farmland=True,
        tax=0,
        tax_paid=0,
        approved=approved,
    )
    world.lookalike(TAX, "exempt", row, [("land_transfer", row)])


def farmland_tax_within_thirty_days(world: World) -> None:
    approved = world.as_of - D(world.rng.randint(3, 25))
    p = price(world)
    row = land_transfer(
        world,
        contract=approved + D(1),
        price=p,
        paid=0,
        due=add_months(approved, 6),
        farmland=True,
        tax=world.rng.randint(20, 600) * 1000,
        tax_paid=0,
        approved=approved,
    )
    world.lookalike(TAX, "within_thirty_days", row, [("land_transfer", row)])


def land_not_farmland(world: World) -> None:
    contract = world.day_between(world.start, world.as_of - D(60))
    p = price(world)
    row = land_transfer(world, contract=contract, price=p, paid=p, farmland=False)
    world.lookalike(TAX, "not_farmland", row, [("land_transfer", row)])


STORIES: tuple[Callable[[World], None], ...] = (
    pension_on_probation,
    pension_on_medical_parole,
    paid_in_admission_and_release_months,
    arrears_before_prison_paid_inside,
    paid_in_month_of_death,
    arrears_paid_after_death,
    mining_first_outside_two_years,
    mining_third_transferred,
    mining_reported_to_police,
    fishing_under_threshold,
    fishing_transferred,
    fishing_counted_in_pieces,
    food_drug_one_transferred,
    food_drug_two_counties,
    food_drug_outside_window,
    land_not_yet_due,
    land_due_later_by_contract,
    land_paid_unknown,
    farmland_tax_exempt,
    farmland_tax_within_thirty_days,
    land_not_farmland,
)
