"""Civil cases, administrative penalties and the procuratorate's own work, all clean.

Clean parties are fresh people or organisations, so that no clean plaintiff gathers a
cluster of cases, no plaintiff and defendant share a phone, an address or an agent, and no
party is penalised three times in a year by chance.
"""

from __future__ import annotations

from datetime import date, timedelta

from jiancha.synth import reference as ref
from jiancha.synth.cases import case_report_only, court_code
from jiancha.synth.people import Org, Person
from jiancha.synth.world import Row, World

D = timedelta
Party = Person | Org


# -- civil -------------------------------------------------------------------------------
class Lawyers:
    """Distinct lawyer names with their firms; each clean party gets a lawyer of its own."""

    def __init__(self, world: World) -> None:
        self._world = world
        self._names: set[str] = set()

    def new(self, *, other_than: str | None = None) -> tuple[str, str]:
        """A new lawyer and firm; never of the firm ``other_than`` (the opposing side's: 律师法
        art. 39), which is left for the next firm of the list rather than drawn again, so that
        the random draws stay as they were."""
        world = self._world
        while True:
            name = world.people.name(world.rng.choice("MF"))
            if name not in self._names:
                self._names.add(name)
                return name, next_firm(world.rng.choice(ref.LAW_FIRMS), other_than)


def next_firm(firm: str, other_than: str | None) -> str:
    """``firm``, or the firm after it in :data:`ref.LAW_FIRMS` when it is ``other_than``."""
    if firm != other_than:
        return firm
    return ref.LAW_FIRMS[(ref.LAW_FIRMS.index(firm) + 1) % len(ref.LAW_FIRMS)]


def civil_case(
    world: World,
    *,
    filed: date,
    cause: str,
    closing: str | None,
    close_days: int,
    claim: int,
    unit: str | None = None,
) -> Row:
    closed = world.past(filed + D(close_days)) if closing else None
    unit = unit or world.unit()
    return world.add(
        "civil_case",
        unit,
        None,
        court_code=court_code(unit),
        cause=cause,
        filed_at=filed,
        closed_at=closed,
        closing=closing if closed else None,
        claim_yuan=claim,
    )


def civil_party(
    world: World, case: Row, role: str, party: Party, agent: tuple[str, str] | None
) -> Row:
    is_org = isinstance(party, Org)
    row = world.add(
        "civil_party",
        str(case["unit_code"]),
        party if isinstance(party, Person) else None,
        case_id=case["record_id"],
        role=role,
        party_type="org" if is_org else "person",
        name=party.name,
        id_number=None if isinstance(party, Org) else party.id_number,
        org_code=party.org_code if isinstance(party, Org) else None,
        address=party.address,
        phone=party.phone,
        agent_name=agent[0] if agent else None,
        agent_firm=agent[1] if agent else None,
    )
    if isinstance(party, Org):
        row["_org"] = party.idx
    return row


# -- administrative penalties ------------------------------------------------------------
def admin_penalty(
    world: World,
    party: Party,
    *,
    field: str,
    violation: str,
    agency: str,
    decided: date,
    amount: float | None = None,
    quantity: float | None = None,
    unit_name: str | None = None,
    transferred: date | None = None,
    unit: str | None = None,
) -> Row:
    is_org = isinstance(party, Org)
    row = world.add(
        "admin_penalty",
        unit or world.unit(),
        party if isinstance(party, Person) else None,
        agency=agency,
        party_type="org" if is_org else "person",
        party_name=party.name,
        party_id_number=None if isinstance(party, Org) else party.id_number,
        org_code=party.org_code if isinstance(party, Org) else None,
        field=field,
        violation=violation,
        amount_yuan=amount,
        quantity=quantity,
        quantity_unit=unit_name,
        penalty_yuan=world.rng.choice((500, 1000, 2000, 5000, 10000, 20000, 50000)),
        decided_at=decided,
        transferred_at=transferred,
        transfer_case_id=f"YS{world.rng.randint(10**7, 10**8 - 1)}" if transferred else None,
    )
    if isinstance(party, Org):
        row["_org"] = party.idx
    return row


def below_threshold(world: World, v: ref.Violation) -> tuple[float | None, float | None]:
    """(amount, quantity) clearly under the criminal threshold of the violation."""
    rng = world.rng
    if v.unit == "亩":
        return None, round(rng.uniform(0.3, 4.0), 1)
    if v.unit:
        return None, float(rng.randint(20, 75))
    return float(rng.randint(int(v.threshold * 0.05), int(v.threshold * 0.8))), None


def above_threshold(world: World, v: ref.Violation) -> tuple[float | None, float | None]:
    """(amount, quantity) clearly over the criminal threshold (both land thresholds)."""
    rng = world.rng
    if v.unit == "亩":
        return None, round(rng.uniform(12, 40), 1)
    if v.unit:
        return None, float(rng.randint(100, 250))
    return float(rng.randint(int(v.threshold * 1.3), int(v.threshold * 5))), None


def clean_admin(world: World) -> None:
    rng = world.rng
    decided = world.day_between(world.start, world.as_of)
    if rng.random() < 0.45:
        field = rng.choice(ref.PIL_FIELDS)
        party: Party = world.orgs.org(kind="食品" if field == "food" else None)
        if field != "environment" and rng.random() < 0.3:
            party = world.people.person(age=(25, 65))
        admin_penalty(
            world,
            party,
            field=field,
            violation="other",
            agency=ref.PIL_AGENCIES[field],
            decided=decided,
            amount=float(rng.randint(1, 200) * 100),
        )
        if rng.random() < 0.1:
            # A second penalty within the year: still under the repeat threshold of three.
            second = decided + D(rng.randint(30, 200))
            if world.past(second):
                admin_penalty(
                    world,
                    party,
                    field=field,
                    violation="other",
                    agency=ref.PIL_AGENCIES[field],
                    decided=second,
                    amount=float(rng.randint(1, 200) * 100),
                )
        return
    v = rng.choice(ref.VIOLATIONS)
    party = world.people.person(age=(20, 65)) if v.field == "other" else world.orgs.org()
    if rng.random() < 0.12:
        amount, quantity = above_threshold(world, v)
        transferred = decided + D(rng.randint(1, 3))
        row = admin_penalty(
            world,
            party,
            field=v.field,
            violation=v.code,
            agency=v.agency,
            decided=decided,
            amount=amount,
            quantity=quantity,
            unit_name=v.unit,
            transferred=world.past(transferred) or decided,
        )
        if v.code == "tax_evasion" and amount is not None:
            row["tax_due_yuan"], row["remedied"] = round(amount * 3, -2), False
        return
    amount, quantity = below_threshold(world, v)
    row = admin_penalty(
        world,
        party,
        field=v.field,
        violation=v.code,
        agency=v.agency,
        decided=decided,
        amount=amount,
        quantity=quantity,
        unit_name=v.unit,
    )
    if v.code == "tax_evasion" and amount is not None:
        tax_paid(world, row, amount)


def tax_paid(world: World, row: Row, amount: float) -> None:
    """The tax due beside the evaded amount, and whether the taxpayer paid it back (most do,
    once the tax office sends the recovery notice); left unrecorded in some exports."""
    rng = world.rng
    if rng.random() < 0.1:
        return
    row["tax_due_yuan"] = round(amount * rng.uniform(1.5, 12), -2)
    row["remedied"] = rng.random() < 0.8


# -- reports that never became cases -----------------------------------------------------
def clean_report(world: World) -> None:
    rng = world.rng
    roll = rng.random()
    if roll < 0.4:
        offense = rng.choice(tuple(ref.REPORT_THRESHOLDS))
        limit = ref.REPORT_THRESHOLDS[offense]
        amount = rng.randint(100, int(limit * 0.8))
        row = case_report_only(world, decision="not_filed", offense=offense, amount=amount)
        if rng.random() < 0.5:
            row["case_kind"] = "administrative"
    elif roll < 0.75:
        case_report_only(
            world, decision="not_filed", offense=rng.choice(ref.NO_THRESHOLD_OFFENSES), amount=None
        )
    else:
        case_report_only(
            world,
            decision="transferred",
            offense=rng.choice(ref.NO_THRESHOLD_OFFENSES),
            amount=None,
        )


def recent_pending_report(world: World) -> None:
    """Received days ago and not decided yet: inside the 30 days."""
    row = case_report_only(
        world, decision="pending", offense="盗窃", amount=world.rng.randint(3500, 9000)
    )
    row["received_at"] = world.recent(1, 12)
    row["decided_at"], row["offense_at"] = None, None


# -- the procuratorate's own work --------------------------------------------------------
def recommendation(
    world: World,
    *,
    served: date,
    reply_days: int | None,
    urgent: bool = False,
    kind: str | None = None,
) -> Row:
    rng = world.rng
    unit = world.unit()
    kind = kind or rng.choice(("recommendation", "correction_notice", "pil_pre_litigation"))
    replied = world.past(served + D(reply_days)) if reply_days is not None else None
    return world.add(
        "recommendation",
        unit,
        None,
        kind=kind,
        issued_by=f"漳州市{ref.DISTRICTS[unit]}人民检察院",
        recipient=f"漳州市{ref.DISTRICTS[unit]}{rng.choice(ref.RECIPIENTS)}",
        issued_at=served - D(rng.randint(1, 5)),
        served_at=served,
        replied_at=replied,
        rectified=bool(replied) and rng.random() < 0.9,
        reconsideration_at=None,
        urgent=urgent,
    )


def clean_recommendation(world: World) -> None:
    rng = world.rng
    served = world.day_between(world.start, world.as_of - D(2))
    urgent = rng.random() < 0.1
    kind = rng.choice(("recommendation", "correction_notice", "pil_pre_litigation"))
    # Correction notices and urgent ones are answered within 12 days (under every 15-day
    # reading); the rest within about six weeks (under two months).
    fast = urgent or kind == "correction_notice"
    reply = rng.randint(3, 12) if fast else rng.randint(10, 45)
    recommendation(world, served=served, reply_days=reply, urgent=urgent, kind=kind)


def petition(
    world: World,
    *,
    received: date,
    procedural: int | None,
    result: int | None,
    person: Person | None = None,
) -> Row:
    rng = world.rng
    person = person or world.people.person(age=(25, 75))
    return world.add(
        "petition",
        world.unit(),
        person,
        received_at=received,
        petitioner_name=person.name,
        petitioner_id_number=person.id_number,
        channel=rng.choice(ref.PETITION_CHANNELS),
        matter=rng.choice(ref.PETITION_MATTERS),
        procedural_reply_at=world.past(received + D(procedural))
        if procedural is not None
        else None,
        result_reply_at=world.past(received + D(result)) if result is not None else None,
        repeat_of=None,
    )


def clean_petition(world: World) -> None:
    rng = world.rng
    received = world.day_between(world.start, world.as_of - D(1))
    row = petition(
        world, received=received, procedural=rng.randint(1, 5), result=rng.randint(15, 80)
    )
    earlier = world.rows["petition"]
    if len(earlier) > 1 and rng.random() < 0.05:
        row["repeat_of"] = earlier[rng.randrange(len(earlier) - 1)]["record_id"]


def supervisory_transfer(world: World, *, transferred: date, feedback_days: int | None) -> Row:
    unit = world.unit()
    cases = world.rows["criminal_case"]
    ref_case = cases[world.rng.randrange(len(cases))]["record_id"] if cases else None
    feedback = world.past(transferred + D(feedback_days)) if feedback_days is not None else None
    return world.add(
        "supervisory_transfer",
        unit,
        None,
        case_ref=ref_case,
        transferred_at=transferred,
        to_unit=f"漳州市{ref.DISTRICTS[unit]}监察委员会",
        feedback_at=feedback,
    )


def clean_supervisory(world: World) -> None:
    transferred = world.day_between(world.start, world.as_of - D(1))
    supervisory_transfer(world, transferred=transferred, feedback_days=world.rng.randint(20, 70))
