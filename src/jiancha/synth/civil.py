"""民事检察: the courts' enforcement cases, the asset registers, and the planted hits of the
civil models (issue 15).

Clean debtors are fresh people or organisations with no assets while a case is terminated
for this round; terminations come more than three months after filing; no debtor under
enforcement is sued by a housemate or served a payment order by another creditor; clean
traffic-accident suits each have a lawyer of their own; clean trials end within their
statutory period. A planted hit (or a lawful look-alike, :mod:`jiancha.synth.lookalikes.civil`)
is therefore the only way a civil model's pattern appears.
"""

from __future__ import annotations

from datetime import date, timedelta

from jiancha.synth import reference as ref
from jiancha.synth.cases import court_code
from jiancha.synth.codes import add_months
from jiancha.synth.people import Org, Person
from jiancha.synth.society import Lawyers, civil_case, civil_party
from jiancha.synth.world import Row, World

D = timedelta
Party = Person | Org

TRAFFIC = "机动车交通事故责任纠纷"
APPRAISERS: tuple[str, ...] = (
    "漳州正信司法鉴定所",
    "福建南方司法鉴定中心",
    "漳州市医院司法鉴定所",
    "福建求实司法鉴定中心",
    "漳州华安司法鉴定所",
    "福建中证司法鉴定中心",
    "漳州龙江司法鉴定所",
    "福建闽南法医司法鉴定所",
)
ASSET_AGENCIES: dict[str, str] = {
    "real_estate": "漳州市不动产登记中心",
    "vehicle": "漳州市公安局交通警察支队车辆管理所",
    "equity": "漳州市市场监督管理局",
    "deposit": "中国工商银行漳州分行",
}
ASSET_WORDS: dict[str, tuple[str, ...]] = {
    "real_estate": ("住宅", "商铺", "车库"),
    "vehicle": ("小型轿车", "小型普通客车", "轻型货车"),
    "equity": ("有限责任公司股权",),
    "deposit": ("活期存款", "定期存款"),
}
# the months of a trial's period by kind and procedure (民诉法 arts. 152, 164, 168, 183)
LIMIT_MONTHS = {"ordinary": 6, "summary": 3, "small_claims": 2}


def _key(party: Party) -> tuple[str | None, str | None]:
    if isinstance(party, Org):
        return None, party.org_code
    return party.id_number, None


def party(world: World, *, org_share: float = 0.25, age: tuple[int, int] = (22, 70)) -> Party:
    if world.rng.random() < org_share:
        return world.orgs.org()
    return world.people.person(age=age)


def enforcement_case(
    world: World,
    *,
    debtor: Party,
    applicant: Party,
    filed: date,
    closing: str | None,
    closed: date | None,
    due: int,
    paid: int | None = None,
    unit: str | None = None,
) -> Row:
    unit = unit or world.unit()
    d_id, d_org = _key(debtor)
    a_id, a_org = _key(applicant)
    closed = world.past(closed) if closing else None
    row = world.add(
        "enforcement_case",
        unit,
        debtor if isinstance(debtor, Person) else None,
        court_code=court_code(unit),
        court=f"{ref.DISTRICTS.get(unit, '')}人民法院",
        applicant_name=applicant.name,
        applicant_id_number=a_id,
        applicant_org_code=a_org,
        debtor_name=debtor.name,
        debtor_id_number=d_id,
        debtor_org_code=d_org,
        filed_at=filed,
        closing=closing if closed else None,
        closed_at=closed,
        amount_due_yuan=due,
        amount_paid_yuan=(due if closing == "paid" else paid) if closed else None,
    )
    if isinstance(debtor, Org):
        row["_org"] = debtor.idx
    return row


def asset(
    world: World,
    holder: Party,
    kind: str,
    registered: date,
    deregistered: date | None = None,
    value: int | None = None,
) -> Row:
    h_id, h_org = _key(holder)
    row = world.add(
        "asset_register",
        None,
        holder if isinstance(holder, Person) else None,
        holder_name=holder.name,
        holder_id_number=h_id,
        holder_org_code=h_org,
        kind=kind,
        description=world.rng.choice(ASSET_WORDS[kind]),
        registered_at=registered,
        deregistered_at=world.past(deregistered),
        value_yuan=value if value is not None else world.rng.randint(2, 300) * 5000,
        agency=ASSET_AGENCIES[kind],
    )
    if isinstance(holder, Org):
        row["_org"] = holder.idx
    return row


def trial_case(
    world: World,
    *,
    filed: date,
    cause: str,
    kind: str = "first_instance",
    procedure: str | None = "ordinary",
    closing: str | None = "judgment",
    close_days: int,
    claim: int | None = None,
    unit: str | None = None,
) -> Row:
    """A civil case with its kind and procedure; closed ``close_days`` after filing."""
    row = civil_case(
        world,
        filed=filed,
        cause=cause,
        closing=closing,
        close_days=close_days,
        claim=claim if claim is not None else world.rng.randint(10, 900) * 1000,
        unit=unit,
    )
    if closing is None:  # a payment order or a confirmation: closed without a closing kind
        row["closed_at"] = world.past(filed + D(close_days))
    row["kind"], row["procedure"] = kind, procedure
    return row


def within_limit(world: World, filed: date, kind: str, procedure: str | None) -> int:
    """Days to close a clean case well inside its statutory period."""
    months = 3 if kind == "second_instance" else LIMIT_MONTHS.get(procedure or "ordinary", 6)
    return world.rng.randint(10, (add_months(filed, months) - filed).days - 3)


# -- clean data ------------------------------------------------------------------------------
def clean_enforcement(world: World, n: int) -> None:
    """Enforcement cases of fresh debtors: paid (with the debtor's assets), settled, terminated,
    and terminated for this round more than three months after filing with no asset."""
    rng = world.rng
    for _ in range(n):
        debtor, applicant = party(world, org_share=0.3), party(world, org_share=0.4)
        filed = world.day_between(world.start, world.as_of - D(20))
        closing = rng.choices(
            ("paid", "terminated_this_round", "terminated", "settled", None), (40, 30, 8, 12, 10)
        )[0]
        days = rng.randint(100, 500) if closing == "terminated_this_round" else rng.randint(15, 300)
        due = rng.randint(5, 2000) * 1000
        paid = rng.randint(0, due // 2000) * 1000 if closing != "paid" else due
        enforcement_case(
            world,
            debtor=debtor,
            applicant=applicant,
            filed=filed,
            closing=closing,
            closed=filed + D(days),
            due=due,
            paid=paid,
        )
        if closing == "paid" and rng.random() < 0.5:
            kind = rng.choice(tuple(ASSET_AGENCIES))
            asset(world, debtor, kind, filed - D(rng.randint(30, 2000)))


def clean_assets(world: World, n: int) -> None:
    """Assets of the general population (fresh people and organisations)."""
    rng = world.rng
    for _ in range(n):
        holder = party(world, org_share=0.2)
        registered = world.day_between(world.start - D(3000), world.as_of - D(1))
        sold = registered + D(rng.randint(100, 3000)) if rng.random() < 0.2 else None
        asset(world, holder, rng.choice(tuple(ASSET_AGENCIES)), registered, sold)


def civil_extras(world: World, case: Row, parties: list[Row]) -> None:
    """The new columns of a clean civil case (kind, procedure, appraiser, service), its
    closing moved inside its statutory period."""
    rng = world.rng
    kind = rng.choices(
        ("first_instance", "second_instance", "payment_order", "confirmation"), (82, 12, 3, 3)
    )[0]
    procedure = None
    if kind == "first_instance":
        procedure = rng.choices(("ordinary", "summary", "small_claims"), (45, 45, 10))[0]
    filed = case["filed_at"]
    assert isinstance(filed, date)
    if kind in ("payment_order", "confirmation"):
        days = rng.randint(5, 30)
        closing = None if kind == "payment_order" else "mediation"
    else:
        days = within_limit(world, filed, kind, procedure)
        closing = str(case["closing"] or rng.choice(("judgment", "mediation", "withdrawal")))
    case["closed_at"] = world.past(filed + D(days))
    case["closing"] = closing if case["closed_at"] else None
    case["kind"], case["procedure"] = kind, procedure
    if case["cause"] == TRAFFIC and rng.random() < 0.7:
        case["appraiser"] = rng.choice(APPRAISERS)
    for row in parties:
        row["served_by"] = rng.choices(("in_person", "mail", "public_notice"), (60, 35, 5))[0]
        row["served_at"] = world.past(filed + D(rng.randint(2, 25)))


# -- planted hits ----------------------------------------------------------------------------
def termination_too_early(world: World) -> None:
    rng = world.rng
    debtor = party(world, org_share=0.3)
    filed = world.day_between(world.start, world.as_of - D(120))
    last = add_months(filed, 3)
    row = enforcement_case(
        world,
        debtor=debtor,
        applicant=party(world),
        filed=filed,
        closing="terminated_this_round",
        closed=last - D(rng.choice((0, rng.randint(1, 70)))),
        due=rng.randint(10, 900) * 1000,
        paid=0,
    )
    world.plant("civil.termination_too_early", row, [("enforcement_case", row)], subject=debtor)


def termination_with_assets(world: World) -> None:
    rng = world.rng
    debtor = party(world, org_share=0.3)
    filed = world.day_between(world.start, world.as_of - D(500))
    closed = filed + D(rng.randint(100, 400))
    row = enforcement_case(
        world,
        debtor=debtor,
        applicant=party(world),
        filed=filed,
        closing="terminated_this_round",
        closed=closed,
        due=rng.randint(50, 900) * 1000,
        paid=0,
    )
    kind = (
        "equity"
        if isinstance(debtor, Org) and rng.random() < 0.5
        else rng.choice(("real_estate", "vehicle", "deposit"))
    )
    if rng.random() < 0.5:  # held while the court was looking
        item = asset(world, debtor, kind, filed - D(rng.randint(0, 1500)))
    else:  # acquired after the termination, within the five years
        latest = min(add_months(closed, 60), world.as_of)
        item = asset(world, debtor, kind, world.day_between(closed + D(1), latest))
    world.plant(
        "civil.termination_with_assets",
        row,
        [("enforcement_case", row), ("asset_register", item)],
        subject=debtor,
    )


def trial_overdue(world: World) -> None:
    rng = world.rng
    kind = rng.choices(("first_instance", "second_instance"), (75, 25))[0]
    procedure = (
        rng.choice(("ordinary", "summary", "small_claims")) if kind == "first_instance" else None
    )
    months = 3 if kind == "second_instance" else LIMIT_MONTHS[procedure or "ordinary"]
    filed = world.day_between(world.start, add_months(world.as_of, -months) - D(40))
    deadline = add_months(filed, months)
    still_open = rng.random() < 0.2
    case = trial_case(
        world,
        filed=filed,
        cause=rng.choice(ref.CIVIL_CAUSES),
        kind=kind,
        procedure=procedure,
        closing=None if still_open else rng.choice(("judgment", "mediation")),
        close_days=(deadline - filed).days + rng.choice((1, rng.randint(2, 200))),
    )
    if still_open:
        case["closed_at"] = None
    plaintiff, defendant = party(world), party(world, org_share=0.2)
    rows = [civil_party(world, case, "plaintiff", plaintiff, None)]
    rows.append(civil_party(world, case, "defendant", defendant, None))
    world.plant(
        "civil.trial_overdue",
        case,
        [("civil_case", case)] + [("civil_party", r) for r in rows],
        subject=plaintiff,
    )


# -- people the justice system holds, for the public-notice model ------------------------------
def custody_spells(world: World, *, ended_only: bool = False) -> list[tuple[str, Row, date, date]]:
    """(table, row, first day, last day) of every clean spell in custody, in prison or under
    community correction with a full id number; an open spell runs to as_of."""
    spells: list[tuple[str, Row, date, date]] = []
    for table, start, end in (
        ("coercive_measure", "start_at", "end_at"),
        ("prisoner", "admitted_at", "released_at"),
        ("community_correction", "start_at", "end_at"),
    ):
        for row in world.rows[table]:
            if table == "coercive_measure" and row.get("measure") not in ("detention", "arrest"):
                continue
            first, last, number = row.get(start), row.get(end), row.get("id_number")
            if not isinstance(first, date) or not isinstance(number, str) or len(number) != 18:
                continue
            if last is None and (ended_only or table == "coercive_measure"):
                continue
            last_day = last if isinstance(last, date) else world.as_of
            if first >= world.start + D(90) and (last_day - first).days >= 3:
                spells.append((table, row, first, min(last_day, world.as_of)))
    return spells


def notice_case(world: World, held: Row, notice: date, served_by: str) -> tuple[Row, Row, Row]:
    """A first-instance ordinary suit against the person of ``held``, whose papers are served
    on ``notice`` by ``served_by``: (case, plaintiff, defendant)."""
    rng = world.rng
    filed = notice - D(rng.randint(5, 40))
    case = trial_case(
        world,
        filed=filed,
        cause=rng.choice(ref.CIVIL_CAUSES),
        procedure="ordinary",
        close_days=within_limit(world, filed, "first_instance", "ordinary"),
    )
    plaintiff = civil_party(world, case, "plaintiff", party(world), None)
    plaintiff["served_by"], plaintiff["served_at"] = "in_person", filed + D(1)
    defendant = world.add(
        "civil_party",
        str(case["unit_code"]),
        None,
        case_id=case["record_id"],
        role="defendant",
        party_type="person",
        name=held.get("name"),
        id_number=held.get("id_number"),
        served_by=served_by,
        served_at=notice,
    )
    if "_person" in held:
        defendant["_person"] = held["_person"]
    return case, plaintiff, defendant


def public_notice_while_detained(world: World) -> None:
    spells = custody_spells(world)
    if not spells:
        return
    table, held, first, last = world.rng.choice(spells)
    notice = world.day_between(first, last)
    case, plaintiff, defendant = notice_case(world, held, notice, "public_notice")
    world.plant(
        "civil.public_notice_while_detained",
        defendant,
        [("civil_party", defendant), ("civil_case", case), (table, held)],
        subject_name=str(held.get("name") or ""),
        subject_id=str(held.get("id_number") or ""),
    )


# -- debtors under enforcement --------------------------------------------------------------
def housemate(world: World, person: Person) -> Person:
    """A relative living at the same address (a new person of the same surname)."""
    other = world.people.person(age=(20, 75))
    return Person(
        other.idx,
        person.name[0] + other.name[1:],
        other.gender,
        other.birth,
        other.region,
        other.id_number,
        other.phone,
        person.address,
    )


def open_enforcement(world: World, debtor: Party, *, applicant: Party | None = None) -> Row:
    """An enforcement case against ``debtor``, open (or terminated for this round) now."""
    rng = world.rng
    filed = world.day_between(world.start, world.as_of - D(200))
    round_ = rng.random() < 0.4
    return enforcement_case(
        world,
        debtor=debtor,
        applicant=applicant or party(world, org_share=0.4),
        filed=filed,
        closing="terminated_this_round" if round_ else None,
        closed=filed + D(rng.randint(100, 150)) if round_ else None,
        due=rng.randint(50, 2000) * 1000,
        paid=0,
    )


def settlement_case(
    world: World, debtor: Person, plaintiff: Person, after: date, *, confirm: bool, days: int
) -> tuple[Row, Row, Row]:
    rng = world.rng
    filed = world.day_between(after, min(after + D(150), world.as_of - D(days + 1)))
    case = trial_case(
        world,
        filed=filed,
        cause="民间借贷纠纷" if not confirm else "确认调解协议",
        kind="confirmation" if confirm else "first_instance",
        procedure=None if confirm else "summary",
        closing="mediation",
        close_days=days,
        claim=rng.randint(100, 2000) * 1000,
    )
    p_row = civil_party(world, case, "plaintiff", plaintiff, None)
    d_row = civil_party(world, case, "defendant", debtor, None)
    return case, p_row, d_row


def collusive_settlement(world: World) -> None:
    rng = world.rng
    debtor = world.people.person(age=(30, 65))
    enforcement = open_enforcement(world, debtor)
    relative = housemate(world, debtor)
    filed = enforcement["filed_at"]
    assert isinstance(filed, date)
    case, p_row, d_row = settlement_case(
        world,
        debtor,
        relative,
        filed + D(rng.randint(0, 60)),
        confirm=rng.random() < 0.3,
        days=rng.choice((30, rng.randint(3, 29))),
    )
    rows = [("civil_case", case), ("civil_party", p_row), ("civil_party", d_row)]
    world.plant(
        "civil.collusive_settlement",
        case,
        [*rows, ("enforcement_case", enforcement)],
        subject=debtor,
    )
    # the shared address is also what civil.linked_opposing_parties looks for
    world.plant("civil.linked_opposing_parties", case, rows, subject=relative)


def payment_order_case(
    world: World, creditor: Party, debtor: Party, filed: date
) -> tuple[Row, ...]:
    case = trial_case(
        world,
        filed=filed,
        cause="民间借贷纠纷",
        kind="payment_order",
        procedure=None,
        closing=None,
        close_days=world.rng.randint(5, 15),
        claim=world.rng.randint(20, 800) * 1000,
    )
    c_row = civil_party(world, case, "plaintiff", creditor, None)
    d_row = civil_party(world, case, "defendant", debtor, None)
    return case, c_row, d_row


def payment_order_during_enforcement(world: World) -> None:
    rng = world.rng
    debtor = party(world, org_share=0.3)
    enforcement = open_enforcement(world, debtor)
    filed = enforcement["filed_at"]
    assert isinstance(filed, date)
    when = filed + D(rng.choice((0, rng.randint(1, 150))))
    case, c_row, d_row = payment_order_case(world, party(world), debtor, when)
    world.plant(
        "civil.payment_order_during_enforcement",
        case,
        [
            ("civil_case", case),
            ("civil_party", c_row),
            ("civil_party", d_row),
            ("enforcement_case", enforcement),
        ],
        subject=debtor,
    )


# -- traffic-injury suits -------------------------------------------------------------------
def traffic_suits(
    world: World, agents: list[tuple[str, str]], appraisers: list[str], begin: date, gap: int
) -> list[tuple[Row, Row]]:
    """One traffic-injury suit per (agent, appraiser) pair, filed ``gap`` days apart."""
    rng = world.rng
    out = []
    unit = world.unit()
    for i, (agent, appraiser) in enumerate(zip(agents, appraisers, strict=True)):
        filed = begin + D(i * gap)
        case = trial_case(
            world,
            filed=filed,
            cause=TRAFFIC,
            procedure="ordinary",
            closing=rng.choice(("judgment", "mediation")),
            close_days=within_limit(world, filed, "first_instance", "ordinary"),
            unit=unit,
        )
        case["appraiser"] = appraiser
        victim = world.people.person(age=(18, 75))
        p_row = civil_party(world, case, "plaintiff", victim, agent)
        civil_party(world, case, "defendant", world.orgs.org(kind="财产保险"), None)
        out.append((case, p_row))
    return out


def injury_suit_brokers(world: World) -> None:
    rng = world.rng
    agent = Lawyers(world).new()
    appraiser = rng.choice(APPRAISERS)
    n = rng.randint(5, 7)
    gap = rng.randint(20, 330 // n)
    begin = world.day_between(world.start, world.as_of - D(n * gap + 30))
    suits = traffic_suits(world, [agent] * n, [appraiser] * n, begin, gap)
    evidence: list[tuple[str, Row]] = []
    for case, p_row in suits:
        evidence += [("civil_case", case), ("civil_party", p_row)]
    world.plant("civil.injury_suit_brokers", suits[0][0], evidence, subject_name=agent[0])


# -- one firm for both sides ---------------------------------------------------------------
def opposing_parties(
    world: World,
    p_agent: tuple[str, str],
    d_agent: tuple[str, str],
    *,
    defendant: Party | None = None,
) -> tuple[Row, Row, Row]:
    """A first-instance suit closed in time: (case, plaintiff, defendant) with their agents;
    the defendant a new party unless given."""
    rng = world.rng
    filed = world.day_between(world.start, world.as_of - D(30))
    procedure = rng.choice(("ordinary", "summary"))
    case = trial_case(
        world,
        filed=filed,
        cause=rng.choice(ref.CIVIL_CAUSES),
        procedure=procedure,
        closing=rng.choice(("judgment", "mediation")),
        close_days=within_limit(world, filed, "first_instance", procedure),
    )
    p_row = civil_party(world, case, "plaintiff", party(world), p_agent)
    d_row = civil_party(world, case, "defendant", defendant or party(world), d_agent)
    return case, p_row, d_row


def half_width(firm: str) -> str:
    """A firm's name as some exports write it: half-width brackets."""
    return firm.replace("（", "(").replace("）", ")")


def same_firm_both_sides(world: World) -> None:
    rng = world.rng
    lawyers = Lawyers(world)
    p_agent = lawyers.new()
    firm = p_agent[1]
    one_lawyer = rng.random() < 0.3  # 律师法 39; otherwise two lawyers of the firm (art. 50)
    d_agent = p_agent if one_lawyer else (lawyers.new()[0], firm)
    if "（" in firm and rng.random() < 0.5:
        d_agent = (d_agent[0], half_width(firm))
    case, p_row, d_row = opposing_parties(world, p_agent, d_agent)
    rows = [("civil_case", case), ("civil_party", p_row), ("civil_party", d_row)]
    world.plant("civil.same_firm_both_sides", case, rows, subject_name=firm)
    if one_lawyer:  # the shared agent is also what civil.linked_opposing_parties looks for
        world.plant("civil.linked_opposing_parties", case, rows, subject_name=p_agent[0])


# planted after every other function's stories (jiancha.synth.anomalies), which so keep their
# random draws
LATE_PLANTERS = {"civil.same_firm_both_sides": same_firm_both_sides}
PLANTERS = {
    "civil.public_notice_while_detained": public_notice_while_detained,
    "civil.collusive_settlement": collusive_settlement,
    "civil.payment_order_during_enforcement": payment_order_during_enforcement,
    "civil.injury_suit_brokers": injury_suit_brokers,
    "civil.trial_overdue": trial_overdue,
    "civil.termination_too_early": termination_too_early,
    "civil.termination_with_assets": termination_with_assets,
}


def clean_civil(world: World, lawyers: Lawyers) -> None:
    rng = world.rng
    cause = rng.choice(ref.CIVIL_CAUSES)
    filed = world.day_between(world.start, world.as_of - D(5))
    closing = rng.choices(("judgment", "mediation", "withdrawal", "dismissal"), (50, 30, 15, 5))[0]
    case = civil_case(
        world,
        filed=filed,
        cause=cause,
        closing=closing,
        close_days=rng.randint(15, 200),
        claim=rng.randint(10, 2000) * 1000,
    )
    plaintiff: Party = (
        world.orgs.org() if rng.random() < 0.25 else world.people.person(age=(22, 70))
    )
    defendant: Party = world.orgs.org() if rng.random() < 0.2 else world.people.person(age=(22, 70))
    p_row = civil_party(
        world, case, "plaintiff", plaintiff, lawyers.new() if rng.random() < 0.6 else None
    )
    # the defendant's lawyer is never of the plaintiff's firm (civil.same_firm_both_sides)
    firm = p_row["agent_firm"]
    d_agent = lawyers.new(other_than=str(firm) if firm else None) if rng.random() < 0.4 else None
    d_row = civil_party(world, case, "defendant", defendant, d_agent)
    if rng.random() < 0.05:
        civil_party(world, case, "third_party", world.people.person(age=(22, 70)), None)
    civil_extras(world, case, [p_row, d_row])
