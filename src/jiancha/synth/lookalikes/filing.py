"""Lawful look-alikes of the filing models: stories on the law's exceptions (never clues).

Each looks like a hit of its model and is lawful: the unsolved case with no suspect (not a
挂案), the drunk driver's licence revocation beside the 危险驾驶 case, the penalty that follows
a non-prosecution (reverse transfer), the remedied taxpayer, the evader under 10 % of the tax
due, the report against a child, and the non-prosecutions that are not discretionary.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from jiancha.synth import reference as ref
from jiancha.synth.anomalies import (
    C,
    non_prosecuted_thief,
    not_filed_report,
    penalty_over_threshold,
    settled_spec,
    tax_priors,
)
from jiancha.synth.codes import add_months
from jiancha.synth.people import Org
from jiancha.synth.prison import run_case
from jiancha.synth.society import admin_penalty
from jiancha.synth.world import Row, World

D = timedelta
PENDING = "filing.long_pending_case"
ADMIN = "filing.admin_case_not_transferred"
NOT_FILED = "filing.not_filed_above_threshold"
NON_PROSECUTION = "filing.non_prosecution_without_admin_penalty"
TAX = next(v for v in ref.VIOLATIONS if v.code == "tax_evasion")


# -- filing.long_pending_case -------------------------------------------------------------
def unsolved_case(world: World) -> None:
    """Filed years ago and still investigating, but nobody was ever identified: no coercive
    measure, no event naming a person, no suspect in the report. Not a 挂案."""
    rng = world.rng
    unit = world.unit()
    charge = rng.choice((C["盗窃罪"], C["诈骗罪"]))
    filed = add_months(world.as_of, -rng.randint(27, 60))
    received = filed - D(rng.randint(0, 5))
    reporter = world.people.person(age=(20, 70))
    case_id = world.ids.new_id("criminal_case")
    report = world.add(
        "case_report",
        unit,
        None,
        received_at=received,
        case_kind="criminal",
        offense=charge.offense,
        amount_yuan=rng.randint(*charge.amount) if charge.amount else None,
        reporter_name=reporter.name,
        reporter_id_number=reporter.id_number,
        suspect_name=None,
        suspect_id_number=None,
        decision="filed",
        decided_at=filed,
        case_id=case_id,
        offense_at=received - D(rng.randint(0, 3)),
    )
    report["_reporter"] = reporter.idx
    case = world.add(
        "criminal_case",
        unit,
        None,
        record_id=case_id,
        agency="police",
        filed_at=filed,
        charge=charge.name,
        status="investigating",
        status_at=filed,
    )
    world.lookalike(
        PENDING,
        "no_identified_suspect",
        case,
        [("criminal_case", case), ("case_report", report)],
        unit=unit,
    )


# -- filing.admin_case_not_transferred ----------------------------------------------------
def drunk_driver_licence_revoked(world: World) -> None:
    """The traffic police revoke the licence of a drunk driver on the night (道路交通安全法 91
    ¶2) while the 危险驾驶 case goes on: a parallel measure, not a case kept from the police."""
    rng = world.rng
    spec = settled_spec(world, "危险驾驶罪")
    rows, _ = run_case(world, spec)
    acted = spec.received_at - D(spec.offense_gap)
    row = admin_penalty(
        world,
        spec.person,
        field="other",
        violation="drunk_driving",
        agency="公安局交通警察大队",
        decided=acted + D(rng.randint(0, 2)),
        quantity=float(rng.randint(90, 250)),
        unit_name="mg/100ml",
        unit=spec.unit,
    )
    row["penalty_yuan"] = None  # 吊销机动车驾驶证: no fine
    evidence: list[tuple[str, Row]] = [("admin_penalty", row)]
    evidence += [
        (t, r) for t, r in (("case_report", rows.report), ("judgment", rows.judgment)) if r
    ]
    world.lookalike(
        ADMIN, "parallel_licence_revocation", row, evidence, subject=spec.person, unit=spec.unit
    )


def penalised_after_non_prosecution(world: World) -> None:
    """Reverse transfer (刑诉法 177 ¶3): the procuratorate did not prosecute the theft and sent
    it back; the police fined the thief for it. Above the theft threshold, and lawful."""
    rng = world.rng
    spec, event = non_prosecuted_thief(world)
    decided = event["at"]
    assert isinstance(decided, date)
    row = admin_penalty(
        world,
        spec.person,
        field="other",
        violation="theft",
        agency=f"漳州市{ref.DISTRICTS[spec.unit]}公安局",
        decided=decided + D(rng.randint(15, 60)),
        amount=float(spec.amount or 5000),
        unit=spec.unit,
    )
    world.lookalike(
        ADMIN,
        "reverse_transfer_after_non_prosecution",
        row,
        [("admin_penalty", row), ("procedural_event", event)],
        subject=spec.person,
        unit=spec.unit,
    )


def _tax_penalty(world: World, share: float | None, remedied: bool | None) -> tuple[Org, Row, date]:
    """An organisation's penalty for evading tax over the amount threshold; ``share`` of the
    tax due (None: the tax due not recorded)."""
    org = world.orgs.org()
    row, amount, decided = penalty_over_threshold(world, TAX, org)
    assert amount is not None
    row["tax_due_yuan"] = round(amount / share, -2) if share else None
    row["remedied"] = remedied
    return org, row, decided


def remedied_taxpayer(world: World) -> None:
    """Over 100,000 yuan and over 10 %, but the taxpayer paid the tax and late fees and accepted
    the penalty (刑法 201 ¶4), with at most one earlier tax penalty: not prosecuted."""
    org, row, decided = _tax_penalty(world, world.rng.uniform(0.15, 0.6), True)
    priors = tax_priors(world, org, decided, world.rng.randint(0, 1))
    world.lookalike(
        ADMIN,
        "tax_remedied",
        row,
        [("admin_penalty", row), *(("admin_penalty", p) for p in priors)],
        subject=org,
    )


def evader_under_share(world: World) -> None:
    """Over 100,000 yuan but under 10 % of the tax due: not 逃税罪 (刑法 201 ¶1)."""
    org, row, _ = _tax_penalty(world, world.rng.uniform(0.02, 0.09), False)
    world.lookalike(ADMIN, "tax_under_share", row, [("admin_penalty", row)], subject=org)


def tax_due_unknown(world: World) -> None:
    """The export does not give the tax due: the 10 % cannot be shown, so no clue."""
    org, row, _ = _tax_penalty(world, None, False)
    world.lookalike(ADMIN, "tax_due_unknown", row, [("admin_penalty", row)], subject=org)


# -- filing.not_filed_above_threshold ------------------------------------------------------
def _child_report(world: World, ages: tuple[int, int], exception: str, act_known: bool) -> None:
    row = not_filed_report(world, ages, act_known=act_known)
    world.lookalike(NOT_FILED, exception, row, [("case_report", row)], unit=str(row["unit_code"]))


def fifteen_year_old_thief(world: World) -> None:
    """14 or 15 at the act: theft and fraud are not among the eight crimes of 刑法 17 ¶2."""
    _child_report(world, (14, 15), "under_16_at_act", act_known=True)


def thirteen_year_old_thief(world: World) -> None:
    """12 or 13 at the act (刑法 17 ¶3 covers only killing and maiming, with the SPP's leave)."""
    _child_report(world, (12, 13), "under_14_at_act", act_known=True)


def sixteen_at_report_act_date_unknown(world: World) -> None:
    """16 when reported, the act's date not recorded, and 16 only within the year before the
    report: possibly 15 at the act, so no clue (report_lag_days)."""
    _child_report(world, (16, 16), "act_date_unknown_possibly_under_16", act_known=False)


# -- filing.non_prosecution_without_admin_penalty ------------------------------------------
def _non_prosecution(world: World, kind: str | None, exception: str, minor: bool = False) -> None:
    spec, event = non_prosecuted_thief(world, kind, minor=minor)  # 附条件: minors (刑诉法 282)
    world.lookalike(
        NON_PROSECUTION, exception, event, [("procedural_event", event)], subject=spec.person
    )


def statutory_non_prosecution(world: World) -> None:
    """177 ¶1: no crime (or a 16 ground): nothing to punish administratively as a crime."""
    _non_prosecution(world, "statutory", "statutory_non_prosecution")


def insufficient_evidence_non_prosecution(world: World) -> None:
    """175 ¶4: the evidence does not prove the crime."""
    _non_prosecution(world, "insufficient_evidence", "insufficient_evidence_non_prosecution")


def conditional_non_prosecution(world: World) -> None:
    """282: a minor's conditional non-prosecution, with its own probation period."""
    _non_prosecution(world, "conditional", "conditional_non_prosecution", minor=True)


def non_prosecution_kind_unknown(world: World) -> None:
    """The kind is not recorded: not assumed discretionary (unknown never makes a clue
    stricter than the law)."""
    _non_prosecution(world, None, "non_prosecution_kind_unknown")


# -- filing.report_undecided -------------------------------------------------------------
def report_decided_after_holiday(world: World) -> None:
    """filing.report_undecided: day 30 of the review fell in a holiday; the decision came on
    the first working day after it (刑诉法 art. 105 ¶4)."""
    from datetime import timedelta

    from jiancha.periods import STATE_COUNCIL
    from jiancha.synth.cases import case_report_only
    from jiancha.synth.lookalikes.custody import HOLIDAY, holiday_blocks

    blocks = holiday_blocks(
        world, world.start + timedelta(days=40), world.as_of - timedelta(days=20)
    )
    if not blocks:
        return
    received = world.rng.choice(blocks) - timedelta(days=30)
    row = case_report_only(
        world, decision="transferred", offense="故意伤害", amount=None, received=received
    )
    row["decided_at"] = STATE_COUNCIL.next_working_day(received + timedelta(days=30))
    world.lookalike("filing.report_undecided", HOLIDAY, row, [("case_report", row)])


STORIES: tuple[Callable[[World], None], ...] = (
    report_decided_after_holiday,
    unsolved_case,
    drunk_driver_licence_revoked,
    penalised_after_non_prosecution,
    remedied_taxpayer,
    evader_under_share,
    tax_due_unknown,
    fifteen_year_old_thief,
    thirteen_year_old_thief,
    sixteen_at_report_act_date_unknown,
    statutory_non_prosecution,
    insufficient_evidence_non_prosecution,
    conditional_non_prosecution,
    non_prosecution_kind_unknown,
)
