"""A criminal case from the police report to the judgment, as the agencies record it.

``CaseSpec`` holds every duration of the case; ``random_spec`` draws one that keeps every
time limit with room to spare, and a planted anomaly changes one field of it. ``build_case``
writes the rows up to as_of: what has not happened yet is simply not in any export, which
can never push a clean case over a limit (an elapsed time cut at as_of is shorter than the
planned one).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from jiancha.synth import reference as ref
from jiancha.synth.codes import add_months
from jiancha.synth.people import Person
from jiancha.synth.world import Row, World

D = timedelta


@dataclass
class CaseSpec:
    person: Person
    charge: ref.Charge
    unit: str
    received_at: date
    amount: int | None = None
    report_days: int = 3
    detention_days: int | None = 7  # None: never detained
    extended_30: bool = False
    detention_extension: int | None = 0  # approved extra days before the arrest request
    detention_open: bool = False  # still detained at as_of (end_at empty)
    next_measure: str = "arrest"  # arrest | bail | residential_surveillance
    police_measure_days: int = 60  # bail / surveillance length
    investigation_days: int | None = None  # measure start → transfer, when not the measure end
    measure_open: bool = False  # bail / surveillance still in force at as_of
    prosecutor_bail: bool = True  # the procuratorate's own bail decision while reviewing
    arrest_to_transfer: int = 40
    extensions: tuple[int, ...] = ()
    returns: int = 0
    return_gap: int = 8
    retransfer_gap: int = 14
    review_days: int = 18
    prosecution_extension: bool = False
    transfer: bool = True  # False: still investigating at as_of (with no transfer)
    outcome: str = "indictment"  # indictment | non_prosecution | returned (still out)
    np_kind: str | None = "discretionary"  # non_prosecution_kind (刑诉法 177 ¶1, ¶2, 175 ¶4, 282)
    admin_after_np: int | None = 30
    filed_gap: int = 6
    trial_days: int = 40
    trial_extension: bool = False
    judged: bool = True
    appeal: bool = False
    penalty: str = "fixed_term"
    term: int | None = 12
    probation: int | None = None
    fine: int | None = 5000
    confiscation: bool = False  # 没收财产
    procedure: str = "ordinary"  # speedy | summary | ordinary (trial_days keeps its limit)
    circumstances: tuple[str, ...] = ("plea",)
    offense_gap: int = 10
    deliver: str = "prison"  # prison | none (credited custody, or planted)
    deliver_gap: int = 15
    seized: int = 0
    seized_days_after: int = 30  # disposal after effective_at


@dataclass
class CaseRows:
    """The rows of one case, by role, for evidence and follow-up stages."""

    spec: CaseSpec
    report: Row | None = None
    case: Row | None = None
    detention: Row | None = None
    measures: list[Row] = field(default_factory=list)
    arrest: Row | None = None
    extensions: list[Row] = field(default_factory=list)
    events: dict[str, list[Row]] = field(default_factory=dict)
    judgment: Row | None = None
    seized: list[Row] = field(default_factory=list)
    admin: Row | None = None
    case_id: str = ""
    custody_start: date | None = None
    effective_at: date | None = None

    def event(self, name: str, index: int = -1) -> Row:
        return self.events[name][index]


def pick_charge(world: World) -> ref.Charge:
    return world.rng.choices(ref.CHARGES, weights=[c.weight for c in ref.CHARGES])[0]


def random_spec(
    world: World, charge: ref.Charge | None = None, person: Person | None = None
) -> CaseSpec:
    """A clean case: every duration well inside its limit."""
    rng = world.rng
    charge = charge or pick_charge(world)
    person = person or world.people.person(age=(19, 60))
    received = world.day_between(world.start, world.as_of - D(20))
    spec = CaseSpec(person=person, charge=charge, unit=world.unit(), received_at=received)
    spec.amount = rng.randint(*charge.amount) if charge.amount else None
    spec.report_days = rng.randint(0, 12)
    spec.offense_gap = rng.randint(1, 40)
    _draw_measures(world, spec)
    _draw_review(world, spec)
    _draw_trial(world, spec)
    _draw_sentence(world, spec)
    _draw_procedure(world, spec)
    spec.seized = rng.choice((0, 0, 1, 1, 2))
    spec.seized_days_after = rng.randint(10, 60)
    return spec


def _draw_measures(world: World, spec: CaseSpec) -> None:
    rng = world.rng
    long_term = spec.charge.terms[0] >= 36
    spec.extended_30 = rng.random() < 0.08
    spec.detention_days = rng.randint(15, 30) if spec.extended_30 else rng.randint(2, 10)
    if spec.charge.penalty == "criminal_detention":
        spec.next_measure = "bail"
    else:
        spec.next_measure = rng.choices(
            ("arrest", "bail", "residential_surveillance"), (55, 40, 5)
        )[0]
        if long_term:
            spec.next_measure = "arrest"
    spec.police_measure_days = (
        rng.randint(30, 120)
        if spec.next_measure == "residential_surveillance"
        else rng.randint(20, 270)
    )
    spec.arrest_to_transfer = rng.randint(25, 50)
    if spec.next_measure == "arrest" and rng.random() < 0.12:
        spec.extensions = (1,) if rng.random() < 0.7 else (1, 2)
        spec.arrest_to_transfer = (
            rng.randint(70, 80) if len(spec.extensions) == 1 else rng.randint(100, 140)
        )


def _draw_review(world: World, spec: CaseSpec) -> None:
    rng = world.rng
    spec.returns = rng.choices((0, 1, 2), (80, 15, 5))[0]
    if spec.returns and spec.next_measure == "arrest":
        # Returns keep the arrest-to-first-transfer short, so that even a reading that runs
        # the arrest period to the re-transfer stays inside two months.
        spec.extensions = ()
        spec.arrest_to_transfer = rng.randint(10, 18)
        spec.return_gap = rng.randint(5, 9)
        spec.retransfer_gap = rng.randint(8, 12)
    else:
        spec.return_gap = rng.randint(8, 25)
        spec.retransfer_gap = rng.randint(10, 28)
    spec.prosecution_extension = rng.random() < 0.1
    spec.review_days = rng.randint(33, 40) if spec.prosecution_extension else rng.randint(7, 25)
    spec.outcome = "non_prosecution" if rng.random() < 0.08 else "indictment"
    # Only a discretionary non-prosecution (177 ¶2) leaves a crime to punish administratively.
    spec.np_kind = rng.choices(
        ("discretionary", "statutory", "insufficient_evidence"), (75, 10, 15)
    )[0]
    spec.admin_after_np = rng.randint(10, 60) if spec.np_kind == "discretionary" else None


def _draw_trial(world: World, spec: CaseSpec) -> None:
    rng = world.rng
    spec.filed_gap = rng.randint(2, 10)
    spec.trial_extension = rng.random() < 0.06
    spec.trial_days = rng.randint(100, 150) if spec.trial_extension else rng.randint(10, 75)
    spec.appeal = rng.random() < 0.08
    spec.deliver_gap = rng.randint(8, 25)


def _draw_sentence(world: World, spec: CaseSpec) -> None:
    rng = world.rng
    charge = spec.charge
    spec.penalty = charge.penalty
    spec.term = rng.choice(charge.terms)
    spec.circumstances = _circumstances(world)
    spec.fine = _fine(world, spec.term) if charge.fine or rng.random() < 0.3 else None
    spec.probation = None
    if spec.penalty == "criminal_detention" and rng.random() < 0.5:
        spec.probation = min(max(spec.term, 2) + rng.choice((0, 2, 4)), 12)
    elif spec.penalty == "fixed_term" and spec.term <= 36 and rng.random() < 0.35:
        spec.probation = min(max(spec.term, 12) + rng.choice((0, 0, 12)), 60)
    if charge.name == "寻衅滋事罪" and spec.term <= 24 and rng.random() < 0.2:
        spec.penalty, spec.probation = "surveillance", None
    if charge.name == "故意杀人罪" and rng.random() < 0.1:
        spec.penalty, spec.term, spec.probation = "life", None, None


def _draw_procedure(world: World, spec: CaseSpec) -> None:
    """速裁 or 简易 for a pleaded case of at most three years (the sentenced term standing for
    the possible one), judged well inside its limit (10/15 days, 20 days); else 普通."""
    rng = world.rng
    short = spec.term is not None and spec.term <= 36 and not spec.trial_extension
    if not short or "plea" not in spec.circumstances or rng.random() < 0.4:
        spec.procedure = "ordinary"
    elif rng.random() < 0.5:
        spec.procedure = "speedy"
        spec.trial_days = rng.randint(3, 8 if (spec.term or 0) <= 12 else 13)
        # 速裁 also bounds the prosecution's review (刑诉法 172: ten days, fifteen over a
        # year), every round of it: a clean 速裁 case is reviewed once, well inside
        spec.returns, spec.prosecution_extension = 0, False
        spec.review_days = rng.randint(3, 8)
    else:
        spec.procedure = "summary"
        spec.trial_days = rng.randint(5, 18)


def _circumstances(world: World) -> tuple[str, ...]:
    rng = world.rng
    found = ["plea"] if rng.random() < 0.8 else []
    for name, share in (("confession", 0.4), ("restitution", 0.2), ("forgiveness", 0.1)):
        if rng.random() < share:
            found.append(name)
    if rng.random() < 0.05:
        found.append("surrender")
    return tuple(found)


def _fine(world: World, term: int | None) -> int:
    return world.rng.choice((1000, 2000, 3000, 5000, 8000, 10000, 20000)) * (1 + (term or 0) // 36)


# -- writing ---------------------------------------------------------------------------
def build_case(world: World, spec: CaseSpec) -> CaseRows:
    out = CaseRows(spec=spec)
    decided = spec.received_at + D(spec.report_days)
    out.case_id = world.ids.new_id("criminal_case")
    _report(world, spec, out, decided)
    if world.past(decided) is None:
        return out
    out.case = world.add(
        "criminal_case",
        spec.unit,
        None,
        record_id=out.case_id,
        agency="police",
        filed_at=decided,
        charge=spec.charge.name,
        status="investigating",
        status_at=decided,
    )
    transfer_at = _measures(world, spec, out, decided)
    _seize(world, spec, out, decided)
    status, status_at = "investigating", decided
    if transfer_at is not None and spec.transfer:
        status, status_at = _review(world, spec, out, transfer_at, status, status_at)
    out.case["status"], out.case["status_at"] = status, status_at
    return out


def _report(world: World, spec: CaseSpec, out: CaseRows, decided: date) -> None:
    reporter = world.people.person(age=(20, 70)) if spec.charge.amount else None
    decided_known = world.past(decided)
    out.report = world.add(
        "case_report",
        spec.unit,
        spec.person,
        received_at=spec.received_at,
        case_kind="criminal",
        offense=spec.charge.offense,
        amount_yuan=spec.amount,
        reporter_name=reporter.name if reporter else None,
        reporter_id_number=reporter.id_number if reporter else None,
        suspect_name=spec.person.name,
        suspect_id_number=spec.person.id_number,
        decision="filed" if decided_known else "pending",
        decided_at=decided_known,
        case_id=out.case_id if decided_known else None,
        offense_at=spec.received_at - D(spec.offense_gap),
    )
    if reporter is not None:
        out.report["_reporter"] = reporter.idx


def add_measure(
    world: World, out: CaseRows, kind: str, start: date, end: date | None, unit_name: str
) -> Row | None:
    spec = out.spec
    if world.past(start) is None:
        return None
    return world.add(
        "coercive_measure",
        spec.unit,
        spec.person,
        case_id=out.case_id,
        name=spec.person.name,
        id_number=spec.person.id_number,
        birth_date=spec.person.birth,
        measure=kind,
        start_at=start,
        end_at=world.past(end),
        extended_30_days=spec.extended_30 if kind == "detention" else False,
        extension_days=(
            None if kind != "detention" or spec.extended_30 else spec.detention_extension
        ),
        approving_unit=unit_name,
    )


def _police(spec: CaseSpec) -> str:
    return f"漳州市{ref.DISTRICTS[spec.unit]}公安局" if spec.unit != "350600" else "漳州市公安局"


def _procuratorate(spec: CaseSpec) -> str:
    return f"漳州市{ref.DISTRICTS[spec.unit]}人民检察院"


def _measures(world: World, spec: CaseSpec, out: CaseRows, filed: date) -> date | None:
    """Detention, then arrest / bail / surveillance; returns the first transfer date."""
    start = filed + D(world.rng.randint(0, 2))
    if spec.detention_days is not None:
        end = None if spec.detention_open else start + D(spec.detention_days)
        out.detention = add_measure(world, out, "detention", start, end, _police(spec))
        out.custody_start = start
        if end is None:
            return None
        start = end
    if spec.next_measure == "arrest":
        transfer = start + D(spec.arrest_to_transfer)
        out.arrest = add_measure(world, out, "arrest", start, None, _procuratorate(spec))
        if out.arrest is not None:
            out.custody_start = out.custody_start or start
            _event(world, spec, out, "arrest_review", start)
            approved = add_months(start, 2) - D(5)
            for months, article in zip(spec.extensions, (156, 158, 159), strict=False):
                if world.past(approved) is not None:
                    out.extensions.append(
                        world.add(
                            "custody_extension",
                            spec.unit,
                            spec.person,
                            measure_id=out.arrest["record_id"],
                            approved_at=approved,
                            months=months,
                            basis_article=article,
                        )
                    )
                approved = add_months(approved, months)
        return transfer
    # A bail or surveillance decision ends when the case moves on, or lapses unrenewed.
    end = None if spec.measure_open else start + D(spec.police_measure_days)
    transfer = start + D(spec.investigation_days or spec.police_measure_days)
    row = add_measure(world, out, spec.next_measure, start, end, _police(spec))
    if row is not None:
        out.measures.append(row)
    return transfer


def _event(
    world: World,
    spec: CaseSpec,
    out: CaseRows,
    event: str,
    at: date,
    person: bool = False,
    detail: str | None = None,
) -> Row | None:
    if world.past(at) is None:
        return None
    assert out.case is not None
    row = world.add(
        "procedural_event",
        spec.unit,
        spec.person if person else None,
        case_id=out.case["record_id"],
        event=event,
        at=at,
        name=spec.person.name if person else None,
        id_number=spec.person.id_number if person else None,
        detail=detail,
    )
    out.events.setdefault(event, []).append(row)
    return row


def _review(
    world: World, spec: CaseSpec, out: CaseRows, transfer: date, status: str, status_at: date
) -> tuple[str, date]:
    if _event(world, spec, out, "transfer_for_prosecution", transfer) is None:
        return status, status_at
    status, status_at = "transferred_for_prosecution", transfer
    for _ in range(spec.returns):
        returned = transfer + D(spec.return_gap)
        if _event(world, spec, out, "returned_for_investigation", returned) is None:
            return status, status_at
        status, status_at = "investigating", returned
        if spec.outcome == "returned":
            return status, status_at
        transfer = returned + D(spec.retransfer_gap)
        if _event(world, spec, out, "transfer_for_prosecution", transfer) is None:
            return status, status_at
        status, status_at = "transferred_for_prosecution", transfer
    if spec.outcome == "returned":
        return status, status_at
    if spec.prosecution_extension:
        _event(world, spec, out, "prosecution_extension", transfer + D(25))
    decided = transfer + D(spec.review_days)
    _prosecutor_bail(world, spec, out, transfer, decided)
    # A non-prosecution is only known once its 90-day window for the administrative
    # penalty has passed; a recent one is indicted instead, so no window is cut by as_of.
    if spec.outcome == "non_prosecution" and world.past(decided + D(100)) is not None:
        return _non_prosecution(world, spec, out, decided, status, status_at)
    if _event(world, spec, out, "indictment", decided) is None:
        return status, status_at
    _end_custody(world, out, None)
    return _trial(world, spec, out, decided)


def _prosecutor_bail(
    world: World, spec: CaseSpec, out: CaseRows, transfer: date, decided: date
) -> None:
    if spec.next_measure != "bail" or not spec.prosecutor_bail:
        return
    row = add_measure(world, out, "bail", transfer, decided, _procuratorate(spec))
    if row is not None:
        out.measures.append(row)


def _non_prosecution(
    world: World, spec: CaseSpec, out: CaseRows, decided: date, status: str, status_at: date
) -> tuple[str, date]:
    if _event(world, spec, out, "non_prosecution", decided, True, spec.np_kind) is None:
        return status, status_at
    if out.arrest is not None:
        out.arrest["end_at"] = decided
    for row in out.seized:
        _dispose(world, row, decided + D(world.rng.randint(5, 30)), "returned")
    if spec.admin_after_np is not None:
        out.admin = admin_for_person(
            world, spec.person, spec.unit, decided + D(spec.admin_after_np)
        )
    return "closed", decided


def _end_custody(world: World, out: CaseRows, end: date | None) -> None:
    if out.arrest is not None:
        out.arrest["end_at"] = world.past(end)


def _trial(world: World, spec: CaseSpec, out: CaseRows, indicted: date) -> tuple[str, date]:
    filed = indicted + D(spec.filed_gap)
    status: tuple[str, date] = ("prosecuted", indicted)
    if _event(world, spec, out, "first_instance_filed", filed) is None:
        return status
    if spec.trial_extension:
        _event(world, spec, out, "trial_extension", add_months(filed, 2) + D(3))
    decided = filed + D(spec.trial_days)
    if not spec.judged or _event(world, spec, out, "first_instance_judgment", decided) is None:
        return status
    effective = decided + D(world.rng.randint(11, 15))
    if spec.appeal:
        _event(world, spec, out, "appeal", decided + D(world.rng.randint(3, 9)))
        effective = decided + D(world.rng.randint(40, 70))
        if _event(world, spec, out, "second_instance_judgment", effective) is None:
            return status
    out.judgment = _judgment(world, spec, out, decided, effective)
    out.effective_at = world.past(effective)
    custody_end = effective if spec.probation is None else decided
    _end_custody(world, out, custody_end)
    if out.effective_at is not None:
        for row in out.seized:
            status_kind = world.rng.choice(("confiscated", "returned", "auctioned", "destroyed"))
            _dispose(world, row, effective + D(spec.seized_days_after), status_kind)
        return "closed", effective
    return status


def _judgment(world: World, spec: CaseSpec, out: CaseRows, decided: date, effective: date) -> Row:
    assert out.case is not None
    return world.add(
        "judgment",
        spec.unit,
        spec.person,
        case_id=out.case["record_id"],
        court_code=court_code(spec.unit),
        offense_at=spec.received_at - D(spec.offense_gap),
        decided_at=decided,
        effective_at=world.past(effective),
        procedure=spec.procedure,
        defendant_name=spec.person.name,
        defendant_id_number=spec.person.id_number,
        charge=spec.charge.name,
        penalty=spec.penalty,
        term_months=spec.term,
        probation_months=spec.probation,
        fine_yuan=spec.fine,
        amount_yuan=spec.amount,
        circumstances=";".join(spec.circumstances),
        full_text=None,
        confiscation=spec.confiscation,
    )


def court_code(unit: str) -> str:
    return f"闽{unit[2:6]}"


def _seize(world: World, spec: CaseSpec, out: CaseRows, filed: date) -> None:
    assert out.case is not None
    for _ in range(spec.seized):
        item, category = world.rng.choice(ref.PROPERTY_ITEMS)
        seized_at = filed + D(world.rng.randint(0, 5))
        if world.past(seized_at) is None:
            continue
        out.seized.append(
            world.add(
                "seized_property",
                spec.unit,
                spec.person,
                case_id=out.case["record_id"],
                item=item,
                category=category,
                value_yuan=world.rng.randint(5, 500) * 100,
                seized_at=seized_at,
                status="held",
                status_at=seized_at,
                custodian=_police(spec),
                ruling_ref=None,
            )
        )


def _dispose(world: World, row: Row, at: date, status: str) -> None:
    if world.past(at) is None:
        return
    row["status"], row["status_at"] = status, at
    row["ruling_ref"] = (
        f"（{at.year}）闽{str(row['unit_code'])[2:6]}刑初{world.rng.randint(1, 999)}号"
    )


def admin_for_person(world: World, person: Person, unit: str, decided: date) -> Row | None:
    """A small administrative penalty of a person (no criminal threshold, not PIL fields)."""
    if world.past(decided) is None:
        return None
    return world.add(
        "admin_penalty",
        unit,
        person,
        agency=f"漳州市{ref.DISTRICTS[unit]}公安局",
        party_type="person",
        party_name=person.name,
        party_id_number=person.id_number,
        org_code=None,
        field="other",
        violation="other",
        amount_yuan=None,
        quantity=None,
        quantity_unit=None,
        penalty_yuan=world.rng.choice((200, 500, 1000)),
        decided_at=decided,
        transferred_at=None,
        transfer_case_id=None,
    )


def case_report_only(
    world: World,
    *,
    decision: str,
    offense: str,
    amount: int | None,
    suspect: Person | None = None,
    received: date | None = None,
    offense_at: date | None = None,
) -> Row:
    """A report that never became a case: not filed, transferred or administrative. The
    suspect is an adult when the report is made, unless one is given; the act's date is
    recorded for most reports (days before the report)."""
    rng = world.rng
    received = received or world.day_between(world.start, world.as_of - D(20))
    person = suspect or world.people.person(age=(18, 65), at=received)
    reporter = world.people.person(age=(20, 70))
    if offense_at is None and rng.random() < 0.8:
        offense_at = received - D(rng.randint(0, 30))
    decided = received + D(rng.randint(0, 15))
    row = world.add(
        "case_report",
        world.unit(),
        person,
        received_at=received,
        case_kind="criminal",
        offense=offense,
        amount_yuan=amount,
        reporter_name=reporter.name,
        reporter_id_number=reporter.id_number,
        suspect_name=person.name,
        suspect_id_number=person.id_number,
        decision=decision,
        decided_at=decided,
        case_id=None,
        offense_at=offense_at,
    )
    row["_reporter"] = reporter.idx
    return row
