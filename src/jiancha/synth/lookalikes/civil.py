"""Lawful look-alikes of the civil models (issue 15): stories on the law's exceptions.

- 终本: a case terminated (终结执行, the applicant withdrew) or settled within three months; an
  asset sold the day before enforcement began, one registered after the five years' watch,
  one that led the court to resume enforcement;
- 审限: an approved extension, periods that do not count (公告、鉴定), a summary procedure
  extended by its one month;
- 公告送达: a party released the day before the notice; a prisoner served through the prison;
- 虚假调解: a debtor whose enforcement was paid before the suit; a housemate who is the
  enforcement creditor herself;
- 支付令: a payment order by the enforcement creditor itself; by another creditor after the
  enforcement was paid;
- 人伤黄牛: a busy traffic lawyer with a different appraiser each time; a court-appointed
  appraiser with a different lawyer each time;
- 同所代理双方: co-plaintiffs (or co-defendants) whose lawyers share a firm; a firm acting
  against a party in one case and for it in another.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from jiancha.synth import civil as cv
from jiancha.synth import reference as ref
from jiancha.synth.codes import add_months
from jiancha.synth.society import Lawyers, civil_party
from jiancha.synth.world import Row, World

D = timedelta


# -- 终结本次执行 -------------------------------------------------------------------------------
def _quick_close(world: World, closing: str, exception: str) -> None:
    debtor = cv.party(world, org_share=0.3)
    filed = world.day_between(world.start, world.as_of - D(120))
    row = cv.enforcement_case(
        world,
        debtor=debtor,
        applicant=cv.party(world),
        filed=filed,
        closing=closing,
        closed=add_months(filed, 3) - D(world.rng.randint(0, 80)),
        due=world.rng.randint(10, 900) * 1000,
        paid=0,
    )
    world.lookalike(
        "civil.termination_too_early", exception, row, [("enforcement_case", row)], subject=debtor
    )


def withdrawn_within_three_months(world: World) -> None:
    """终结执行 (民诉法 268: the applicant withdrew) within three months: no 终本 condition."""
    _quick_close(world, "terminated", "terminated_not_this_round")


def settled_within_three_months(world: World) -> None:
    _quick_close(world, "settled", "settled")


def _terminated(world: World, closed_lo: date, closed_hi: date) -> tuple[cv.Party, Row]:
    debtor = cv.party(world, org_share=0.3)
    closed = world.day_between(closed_lo, closed_hi)
    filed = closed - D(world.rng.randint(100, 300))
    row = cv.enforcement_case(
        world,
        debtor=debtor,
        applicant=cv.party(world),
        filed=filed,
        closing="terminated_this_round",
        closed=closed,
        due=world.rng.randint(50, 900) * 1000,
        paid=0,
    )
    return debtor, row


def asset_sold_before_filing(world: World) -> None:
    debtor, row = _terminated(world, world.start + D(400), world.as_of - D(30))
    filed = row["filed_at"]
    assert isinstance(filed, date)
    item = cv.asset(world, debtor, "vehicle", filed - D(world.rng.randint(300, 2000)), filed - D(1))
    world.lookalike(
        "civil.termination_with_assets",
        "sold_before_filing",
        row,
        [("enforcement_case", row), ("asset_register", item)],
        subject=debtor,
    )


def asset_after_the_watch(world: World) -> None:
    """Registered more than five years after the termination: the court's own watch is over
    (终本规定 art. 9 ¶2), the creditor may apply again."""
    latest = add_months(world.as_of, -61)
    if latest <= world.start + D(320):
        return
    debtor, row = _terminated(world, world.start + D(310), latest)
    closed = row["closed_at"]
    assert isinstance(closed, date)
    registered = world.day_between(add_months(closed, 60) + D(1), world.as_of)
    item = cv.asset(world, debtor, "real_estate", registered)
    world.lookalike(
        "civil.termination_with_assets",
        "after_five_years",
        row,
        [("enforcement_case", row), ("asset_register", item)],
        subject=debtor,
    )


def asset_led_to_resumption(world: World) -> None:
    debtor, row = _terminated(world, world.start + D(400), world.as_of - D(200))
    closed = row["closed_at"]
    assert isinstance(closed, date)
    registered = closed + D(world.rng.randint(10, 100))
    item = cv.asset(world, debtor, "vehicle", registered)
    again = cv.enforcement_case(
        world,
        debtor=debtor,
        applicant=cv.party(world),
        filed=registered + D(world.rng.randint(5, 60)),
        closing="paid",
        closed=registered + D(world.rng.randint(70, 90)),
        due=world.rng.randint(10, 90) * 1000,
    )
    world.lookalike(
        "civil.termination_with_assets",
        "resumed",
        row,
        [("enforcement_case", row), ("asset_register", item), ("enforcement_case", again)],
        subject=debtor,
    )


# -- 审理期限 ----------------------------------------------------------------------------------
def _long_trial(
    world: World, exception: str, procedure: str, base: int, extra_days: int, **columns: int
) -> None:
    filed = world.day_between(world.start, world.as_of - D(400))
    deadline = add_months(filed, base)
    case = cv.trial_case(
        world,
        filed=filed,
        cause=world.rng.choice(ref.CIVIL_CAUSES),
        procedure=procedure,
        close_days=(deadline - filed).days + extra_days,
    )
    case.update(columns)
    p_row = civil_party(world, case, "plaintiff", cv.party(world), None)
    d_row = civil_party(world, case, "defendant", cv.party(world), None)
    world.lookalike(
        "civil.trial_overdue",
        exception,
        case,
        [("civil_case", case), ("civil_party", p_row), ("civil_party", d_row)],
    )


def extended_ordinary_trial(world: World) -> None:
    """Six months approved by the president (民诉法 152): closed within twelve."""
    days = world.rng.randint(10, 170)
    _long_trial(world, "approved_extension", "ordinary", 6, days, extended_months=6)


def trial_with_excluded_period(world: World) -> None:
    """A 公告 or 鉴定 period that does not count (民诉法解释 243)."""
    excluded = world.rng.randint(30, 120)
    days = world.rng.randint(1, excluded)
    _long_trial(world, "excluded_period", "ordinary", 6, days, excluded_days=excluded)


def extended_summary_trial(world: World) -> None:
    """A summary trial extended by one month (民诉法 164, 民诉法解释 258)."""
    days = world.rng.randint(1, 28)
    _long_trial(world, "summary_extension", "summary", 3, days, extended_months=1)


# -- 公告送达 ----------------------------------------------------------------------------------
def notice_after_release(world: World) -> None:
    """Released (or the measure or correction ended) before the notice: no longer held, and
    held by no other agency that day either (a parolee's correction begins on release)."""
    held_days: dict[str, list[tuple[date, date]]] = {}
    for name, start, end in (
        ("coercive_measure", "start_at", "end_at"),
        ("prisoner", "admitted_at", "released_at"),
        ("community_correction", "start_at", "end_at"),
    ):
        for row in world.rows[name]:
            first, last = row.get(start), row.get(end)
            if isinstance(first, date):
                period = (first, last if isinstance(last, date) else world.as_of)
                held_days.setdefault(str(row.get("id_number")), []).append(period)
    spells = [s for s in cv.custody_spells(world, ended_only=True) if s[3] < world.as_of - D(40)]
    world.rng.shuffle(spells)
    free = None
    for spell in spells[:20]:
        notice = spell[3] + D(world.rng.choice((1, world.rng.randint(2, 30))))
        periods = held_days.get(str(spell[1]["id_number"]), [])
        if not any(a <= notice <= b for a, b in periods):
            free = spell, notice
            break
    if free is None:
        return
    (table, held, _, _), notice = free
    case, _, defendant = cv.notice_case(world, held, notice, "public_notice")
    world.lookalike(
        "civil.public_notice_while_detained",
        "released_before_notice",
        defendant,
        [("civil_party", defendant), ("civil_case", case), (table, held)],
    )


def served_through_the_prison(world: World) -> None:
    """民诉法 93: served through the prison, not by notice."""
    spells = [s for s in cv.custody_spells(world) if s[0] == "prisoner"]
    if not spells:
        return
    table, held, first, last = world.rng.choice(spells)
    case, _, defendant = cv.notice_case(world, held, world.day_between(first, last), "in_person")
    world.lookalike(
        "civil.public_notice_while_detained",
        "served_via_prison",
        defendant,
        [("civil_party", defendant), ("civil_case", case), (table, held)],
    )


# -- 虚假调解 ----------------------------------------------------------------------------------
def _housemate_settles(world: World, exception: str, *, paid: bool) -> None:
    rng = world.rng
    debtor = world.people.person(age=(30, 65))
    relative = cv.housemate(world, debtor)
    filed = world.day_between(world.start, world.as_of - D(400))
    enforcement = cv.enforcement_case(
        world,
        debtor=debtor,
        applicant=cv.party(world) if paid else relative,
        filed=filed,
        closing="paid" if paid else None,
        closed=filed + D(rng.randint(30, 120)) if paid else None,
        due=rng.randint(20, 300) * 1000,
    )
    after = filed + D(130 if paid else rng.randint(0, 60))
    case, p_row, d_row = cv.settlement_case(
        world, debtor, relative, after, confirm=rng.random() < 0.3, days=rng.randint(3, 30)
    )
    rows: list[tuple[str, Row]] = [
        ("civil_case", case),
        ("civil_party", p_row),
        ("civil_party", d_row),
    ]
    world.lookalike(
        "civil.collusive_settlement",
        exception,
        case,
        [*rows, ("enforcement_case", enforcement)],
        subject=debtor,
    )
    # plaintiff and defendant still share an address: a true hit of that model
    world.plant("civil.linked_opposing_parties", case, rows, subject=relative)


def settlement_after_enforcement_paid(world: World) -> None:
    _housemate_settles(world, "enforcement_closed", paid=True)


def housemate_is_the_creditor(world: World) -> None:
    """The spouse who enforces child support settles with the debtor: the money goes to the
    enforcement creditor herself."""
    _housemate_settles(world, "creditor_settles", paid=False)


# -- 支付令 ------------------------------------------------------------------------------------
def payment_order_by_the_same_creditor(world: World) -> None:
    debtor = cv.party(world, org_share=0.3)
    creditor = cv.party(world)
    enforcement = cv.open_enforcement(world, debtor, applicant=creditor)
    filed = enforcement["filed_at"]
    assert isinstance(filed, date)
    case, c_row, d_row = cv.payment_order_case(
        world, creditor, debtor, filed + D(world.rng.randint(0, 150))
    )
    world.lookalike(
        "civil.payment_order_during_enforcement",
        "same_creditor",
        case,
        [
            ("civil_case", case),
            ("civil_party", c_row),
            ("civil_party", d_row),
            ("enforcement_case", enforcement),
        ],
        subject=debtor,
    )


def payment_order_after_enforcement_paid(world: World) -> None:
    rng = world.rng
    debtor = cv.party(world, org_share=0.3)
    filed = world.day_between(world.start, world.as_of - D(300))
    closed = filed + D(rng.randint(30, 150))
    enforcement = cv.enforcement_case(
        world,
        debtor=debtor,
        applicant=cv.party(world),
        filed=filed,
        closing=rng.choice(("paid", "settled", "terminated")),
        closed=closed,
        due=rng.randint(20, 300) * 1000,
    )
    when = closed + D(rng.choice((0, rng.randint(1, 100))))
    case, c_row, d_row = cv.payment_order_case(world, cv.party(world), debtor, when)
    world.lookalike(
        "civil.payment_order_during_enforcement",
        "enforcement_closed",
        case,
        [
            ("civil_case", case),
            ("civil_party", c_row),
            ("civil_party", d_row),
            ("enforcement_case", enforcement),
        ],
        subject=debtor,
    )


# -- 人伤黄牛 ----------------------------------------------------------------------------------
def _traffic_lookalike(world: World, exception: str, same_agent: bool) -> None:
    rng = world.rng
    n = rng.randint(5, 7)
    lawyers = Lawyers(world)
    if same_agent:
        agents = [lawyers.new()] * n
        appraisers = rng.sample(cv.APPRAISERS, n)
    else:
        agents = [lawyers.new() for _ in range(n)]
        appraisers = [rng.choice(cv.APPRAISERS)] * n
    begin = world.day_between(world.start, world.as_of - D(n * 40 + 30))
    suits = cv.traffic_suits(world, agents, appraisers, begin, rng.randint(15, 40))
    evidence: list[tuple[str, Row]] = []
    for case, p_row in suits:
        evidence += [("civil_case", case), ("civil_party", p_row)]
    world.lookalike("civil.injury_suit_brokers", exception, suits[0][0], evidence)


def busy_traffic_lawyer(world: World) -> None:
    _traffic_lookalike(world, "different_appraisers", same_agent=True)


def court_appointed_appraiser(world: World) -> None:
    _traffic_lookalike(world, "different_agents", same_agent=False)


STORIES: tuple[Callable[[World], None], ...] = (
    withdrawn_within_three_months,
    settled_within_three_months,
    asset_sold_before_filing,
    asset_after_the_watch,
    asset_led_to_resumption,
    extended_ordinary_trial,
    trial_with_excluded_period,
    extended_summary_trial,
    notice_after_release,
    served_through_the_prison,
    settlement_after_enforcement_paid,
    housemate_is_the_creditor,
    payment_order_by_the_same_creditor,
    payment_order_after_enforcement_paid,
    busy_traffic_lawyer,
    court_appointed_appraiser,
)


# -- one firm, both sides ---------------------------------------------------------------------
FIRM = "civil.same_firm_both_sides"


def same_firm_on_one_side(world: World) -> None:
    """Co-plaintiffs (or co-defendants) whose lawyers are of one firm; the other side's lawyer
    of another: no firm acts for both sides."""
    lawyers = Lawyers(world)
    first = lawyers.new()
    other = lawyers.new(other_than=first[1])
    co_defendants = world.rng.random() < 0.5
    if co_defendants:
        case, p_row, d_row = cv.opposing_parties(world, other, first)
        role = "defendant"
    else:
        case, p_row, d_row = cv.opposing_parties(world, first, other)
        role = "plaintiff"
    second = civil_party(world, case, role, cv.party(world), (lawyers.new()[0], first[1]))
    rows = [("civil_case", case), ("civil_party", p_row), ("civil_party", d_row)]
    world.lookalike(FIRM, "same_side", case, [*rows, ("civil_party", second)])


def same_firm_in_another_case(world: World) -> None:
    """A firm acts against a party in one case and for that party in another: not the same
    case (律师法 art. 39)."""
    lawyers = Lawyers(world)
    firm_lawyer = lawyers.new()
    firm = firm_lawyer[1]
    opponent = cv.party(world)
    first = cv.opposing_parties(
        world, firm_lawyer, lawyers.new(other_than=firm), defendant=opponent
    )
    second = cv.opposing_parties(
        world, lawyers.new(other_than=firm), (lawyers.new()[0], firm), defendant=opponent
    )
    for case, p_row, d_row in (first, second):
        evidence = [("civil_case", case), ("civil_party", p_row), ("civil_party", d_row)]
        world.lookalike(FIRM, "different_cases", case, evidence, subject=opponent)


LATE_STORIES: tuple[Callable[[World], None], ...] = (
    same_firm_on_one_side,
    same_firm_in_another_case,
)
