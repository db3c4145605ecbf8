"""Planted anomalies: one small function per supervision model of MODELS.md.

Each function builds one otherwise clean story that breaks exactly the rule of its model,
clearly (days or months past the limit, never on the edge), and records the anchor of
docs/model_anchors.md with the rows the hit rests on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from jiancha.periods import STATE_COUNCIL
from jiancha.synth import reference as ref
from jiancha.synth.admin import LATE_PLANTERS as ADMIN_LATE_PLANTERS
from jiancha.synth.admin import PLANTERS as ADMIN_PLANTERS
from jiancha.synth.cases import (
    CaseRows,
    CaseSpec,
    add_measure,
    admin_for_person,
    case_report_only,
    random_spec,
)
from jiancha.synth.civil import LATE_PLANTERS as CIVIL_LATE_PLANTERS
from jiancha.synth.civil import PLANTERS as CIVIL_PLANTERS
from jiancha.synth.codes import add_months, month_index
from jiancha.synth.identity import corrupt_id
from jiancha.synth.people import Org, Person
from jiancha.synth.prison import (
    Change,
    PrisonRows,
    Sentence,
    add_correction,
    build_prison,
    direct_sentence,
    run_case,
)
from jiancha.synth.registers import contribution, crossing
from jiancha.synth.society import (
    Lawyers,
    above_threshold,
    admin_penalty,
    civil_case,
    civil_party,
    petition,
    recommendation,
    supervisory_transfer,
)
from jiancha.synth.world import Row, World

D = timedelta
C = ref.CHARGE_BY_NAME
Planter = Callable[[World], None]


# -- shared scaffolding --------------------------------------------------------------------
def settled_spec(world: World, charge: str | None = None, **changes: object) -> CaseSpec:
    """A clean spec received long enough ago that the whole chain is over by as_of."""
    spec = random_spec(world, C[charge] if charge else None)
    spec.received_at = world.day_between(world.start, add_months(world.as_of, -30))
    spec.appeal, spec.returns, spec.outcome = False, 0, "indictment"
    spec.prosecution_extension, spec.review_days = False, world.rng.randint(7, 25)
    spec.trial_extension, spec.trial_days = False, world.rng.randint(10, 75)
    spec.procedure = "ordinary"
    for name, value in changes.items():
        setattr(spec, name, value)
    return spec


def bail_spec(world: World, charge: str, **changes: object) -> CaseSpec:
    base: dict[str, object] = {
        "next_measure": "bail",
        "extensions": (),
        "police_measure_days": world.rng.randint(40, 150),
    }
    return settled_spec(world, charge, **{**base, **changes})


def prison_story(
    world: World,
    charge: str,
    term: int,
    changes: list[Change],
    *,
    months_ago: int,
    recidivist: bool = False,
    category: str | None = None,
    relaxation: str | None = None,
    **kw: object,
) -> tuple[Sentence, PrisonRows]:
    """A prisoner admitted ``months_ago`` months before as_of with exactly ``changes``."""
    person = world.people.person(age=(66, 75) if relaxation == "elderly_ill_disabled" else (25, 55))
    admitted = add_months(world.as_of, -months_ago) + D(world.rng.randint(0, 20))
    circ = ("plea", "recidivist") if recidivist else ("plea",)
    s = direct_sentence(
        world, person, C[charge], term, admitted, recidivist=recidivist, circumstances=circ
    )
    if category:
        s.category = category
    s.relaxation = relaxation
    return s, build_prison(world, s, changes, **kw)  # type: ignore[arg-type]


def commutation(applied: date, reduction: int, merit: str = "repentance", lag: int = 25) -> Change:
    return Change("commutation", applied, applied + D(lag), applied + D(lag + 6), reduction, merit)


def parole(ruled: date) -> Change:
    return Change("parole", ruled - D(30), ruled, ruled + D(5))


def active_probation(world: World) -> tuple[CaseRows, Row]:
    """A probationer whose correction began 8–14 months ago and runs 24 months."""
    while True:
        spec = random_spec(world, C["盗窃罪"])
        spec.received_at = add_months(world.as_of, -world.rng.randint(17, 22))
        spec.appeal, spec.returns, spec.trial_extension = False, 0, False
        spec.next_measure, spec.extensions, spec.police_measure_days = "bail", (), 40
        spec.review_days, spec.trial_days, spec.prosecution_extension = 15, 30, False
        spec.procedure = "ordinary"
        spec.penalty, spec.term, spec.probation = "fixed_term", 12, 24
        spec.circumstances = ("plea",)
        rows, _ = run_case(world, spec)
        correction = last_correction(world, spec.person)
        if correction is not None:
            return rows, correction


def last_correction(world: World, person: Person) -> Row | None:
    rows = world.rows["community_correction"]
    return rows[-1] if rows and rows[-1]["id_number"] == person.id_number else None


def inside(world: World, correction: Row) -> date:
    """A day well inside an active correction, before as_of."""
    start = correction["start_at"]
    assert isinstance(start, date)
    return world.day_between(start + D(20), world.as_of - D(10))


def needs_link(world: World, model_id: str) -> bool:
    """The first anomaly of ``model_id`` in each chunk hides its evidence's id number, so
    that only a linked model finds it (ground truth ``requires_link``)."""
    return not any(t.model_id == model_id and t.kind == "anomaly" for t in world.truth)


# -- 立案与侦查监督 ----------------------------------------------------------------------------
def report_undecided(world: World) -> None:
    row = case_report_only(
        world,
        decision="pending",
        offense=world.rng.choice(("盗窃", "诈骗", "故意伤害")),
        amount=world.rng.randint(1000, 20000),
    )
    row["received_at"], row["decided_at"], row["decision"] = world.recent(45, 400), None, "pending"
    if world.rng.random() < 0.3:
        row["decision"] = None
    world.plant("filing.report_undecided", row, [("case_report", row)], **_suspect(row))


def not_filed_above_threshold(world: World) -> None:
    """Over the amount threshold and not filed; now and then the suspect had just turned 16
    when acting (刑法 17 ¶1: liable), the act's date recorded."""
    row = not_filed_report(world, (16, 16), margin=3) if world.rng.random() < 0.25 else None
    row = row or not_filed_report(world)
    world.plant("filing.not_filed_above_threshold", row, [("case_report", row)], **_suspect(row))


def not_filed_report(
    world: World,
    suspect_age: tuple[int, int] | None = None,
    *,
    act_known: bool = True,
    margin: int = 0,
) -> Row:
    """A report over the amount threshold that was not filed. With ``suspect_age``, the
    suspect is that old ``margin`` days before the act, or at the report when the act's date
    is not recorded."""
    rng = world.rng
    offense = rng.choice(tuple(ref.REPORT_THRESHOLDS))
    limit = ref.REPORT_THRESHOLDS[offense]
    received, acted, suspect = None, None, None
    if suspect_age is not None:
        received = world.day_between(world.start, world.as_of - D(20))
        acted = received - D(rng.randint(0, 20))
        suspect = world.people.person(
            age=suspect_age, at=acted - D(margin) if act_known else received
        )
    row = case_report_only(
        world,
        decision="not_filed",
        offense=offense,
        amount=rng.randint(int(limit * 1.3), limit * 8),
        suspect=suspect,
        received=received,
        offense_at=acted,
    )
    if not act_known:
        row["offense_at"] = None
    return row


def long_pending_case(world: World) -> None:
    """A suspect on bail, the bail lapsed and nothing since; in some cases a second bail was
    decided within the last year and lapsed too (not idle for twelve months, but lapsed with
    nothing after it)."""
    rng = world.rng
    spec = bail_spec(world, "诈骗罪", transfer=False, seized=0)
    spec.received_at = add_months(world.as_of, -rng.randint(27, 60))
    rows, _ = run_case(world, spec)
    assert rows.case is not None
    evidence = [("criminal_case", rows.case), *(("coercive_measure", m) for m in rows.measures)]
    if rng.random() < 0.4 and rows.measures:
        start = world.recent(200, 330)
        end = start + D(rng.randint(120, 180))
        police = str(rows.measures[0]["approving_unit"])
        again = add_measure(world, rows, "bail", start, end, police)
        if again is not None:
            evidence.append(("coercive_measure", again))
    world.plant("filing.long_pending_case", rows.case, evidence, subject=spec.person)


def non_prosecution_without_admin_penalty(world: World) -> None:
    late = world.rng.random() < 0.3
    spec, event = non_prosecuted_thief(
        world, admin_after_np=world.rng.randint(120, 200) if late else None
    )
    world.plant(
        "filing.non_prosecution_without_admin_penalty",
        event,
        [("procedural_event", event)],
        subject=spec.person,
    )


def non_prosecuted_thief(
    world: World,
    kind: str | None = "discretionary",
    *,
    admin_after_np: int | None = None,
    minor: bool = False,
) -> tuple[CaseSpec, Row]:
    """A theft case ending in a non-prosecution of ``kind`` (a minor's, when ``minor``), with
    the police's own penalty ``admin_after_np`` days after it or none: the spec and the event."""
    spec = bail_spec(
        world,
        "盗窃罪",
        outcome="non_prosecution",
        np_kind=kind,
        seized=0,
        admin_after_np=admin_after_np,
    )
    if minor:
        spec.person = world.people.person(age=(16, 17), at=spec.received_at)
    rows, _ = run_case(world, spec)
    return spec, rows.event("non_prosecution")


def admin_case_not_transferred(world: World) -> None:
    v = world.rng.choice(ref.VIOLATIONS)
    party: Person | Org = (
        world.people.person(age=(22, 60)) if v.field == "other" else world.orgs.org()
    )
    row, amount, decided = penalty_over_threshold(world, v, party)
    evidence = [("admin_penalty", row)]
    if v.code == "tax_evasion" and amount is not None:
        evidence += _tax_evader(world, party, row, amount, decided)
    world.plant("filing.admin_case_not_transferred", row, evidence, subject=party)


def penalty_over_threshold(
    world: World, v: ref.Violation, party: Person | Org
) -> tuple[Row, float | None, date]:
    """A penalty of ``party`` for ``v``, clearly over its criminal threshold, not transferred:
    the row, its amount (None for a quantity) and its date."""
    amount, quantity = above_threshold(world, v)
    decided = world.day_between(world.start, world.as_of - D(30))
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
    return row, amount, decided


def _tax_evader(
    world: World, party: Person | Org, row: Row, amount: float, decided: date
) -> list[tuple[str, Row]]:
    """刑法 201: the evaded tax is over the share of the tax due, and the taxpayer either did
    not remedy it or did, with two tax penalties in the five years before (¶4's exception)."""
    rng = world.rng
    row["tax_due_yuan"] = round(amount / rng.uniform(0.15, 0.6), -2)
    row["remedied"] = rng.random() < 0.5
    if not row["remedied"]:
        return []
    return [("admin_penalty", prior) for prior in tax_priors(world, party, decided, 2)]


def tax_priors(world: World, party: Person | Org, before: date, n: int) -> list[Row]:
    """``n`` small tax-evasion penalties of ``party`` within the five years before ``before``
    (under the amount threshold, so no clue of their own)."""
    rng = world.rng
    out = []
    for _ in range(n):
        amount = float(rng.randint(50, 900) * 100)
        prior = admin_penalty(
            world,
            party,
            field="tax",
            violation="tax_evasion",
            agency="税务局",
            decided=before - D(rng.randint(60, 4 * 365)),
            amount=amount,
        )
        prior["tax_due_yuan"], prior["remedied"] = amount * rng.randint(2, 8), True
        out.append(prior)
    return out


# -- 羁押与办案期限 ----------------------------------------------------------------------------
def detention_overdue(world: World) -> None:
    rng = world.rng
    roll = rng.random()
    spec = bail_spec(world, "盗窃罪")
    spec.extended_30 = False
    if roll < 0.3:  # no extension approved: over 3 + 7 days
        spec.detention_days = rng.randint(11, 40)
    elif roll < 0.6:  # over 3 + the approved extension + 7 days
        spec.detention_extension = rng.randint(1, 4)
        spec.detention_days = rng.randint(11 + spec.detention_extension, 40)
    elif roll < 0.85:
        spec.extended_30, spec.detention_days = True, rng.randint(40, 60)
    else:  # still detained at as_of, well past 14 days
        spec.detention_open, spec.report_days = True, 0
        spec.received_at = world.recent(20, 60)
    rows, _ = run_case(world, spec)
    assert rows.detention is not None
    world.plant(
        "custody.detention_overdue",
        rows.detention,
        [("coercive_measure", rows.detention)],
        subject=spec.person,
    )


def investigation_overdue(world: World) -> None:
    rng = world.rng
    spec = settled_spec(world, "诈骗罪", next_measure="arrest", extensions=(), seized=0)
    roll = rng.random()
    if roll < 0.5:
        spec.arrest_to_transfer = rng.randint(82, 122)
    elif roll < 0.8:
        spec.extensions, spec.arrest_to_transfer = (1,), rng.randint(112, 140)
    else:  # arrested months ago, never transferred
        spec.received_at, spec.report_days, spec.transfer = (
            add_months(world.as_of, -rng.randint(4, 8)),
            2,
            False,
        )
    rows, _ = run_case(world, spec)
    assert rows.arrest is not None
    evidence = [("coercive_measure", rows.arrest)] + [
        ("custody_extension", r) for r in rows.extensions
    ]
    if "transfer_for_prosecution" in rows.events:
        evidence.append(("procedural_event", rows.event("transfer_for_prosecution", 0)))
    world.plant("custody.investigation_overdue", rows.arrest, evidence, subject=spec.person)


def bail_overdue(world: World) -> None:
    rng = world.rng
    spec = bail_spec(world, "盗窃罪", prosecutor_bail=False, seized=0)
    roll = rng.random()
    if roll < 0.15:  # one day past the first working day after a holiday that ended the year
        spec.police_measure_days, spec.investigation_days = 366, 420
    elif roll < 0.7:
        spec.police_measure_days = rng.randint(400, 600)
    else:
        spec.received_at = add_months(world.as_of, -rng.randint(15, 20))
        spec.measure_open, spec.transfer = True, False
    rows, _ = run_case(world, spec)
    bail = rows.measures[0]
    if roll < 0.15 and bail["end_at"] is not None:
        start = bail["start_at"]
        assert isinstance(start, date)
        last = STATE_COUNCIL.next_working_day(add_months(start, 12))
        bail["end_at"] = last + D(1)
    world.plant("custody.bail_overdue", bail, [("coercive_measure", bail)], subject=spec.person)


def surveillance_overdue(world: World) -> None:
    rng = world.rng
    kind = rng.choice(("residential_surveillance", "designated_residence"))
    spec = settled_spec(
        world, "诈骗罪", next_measure=kind, police_measure_days=rng.randint(215, 300), seized=0
    )
    boundary = rng.random() < 0.2
    if boundary:  # ends one day after the working day a holiday would move the end to
        spec.police_measure_days, spec.investigation_days = 190, 230
    rows, _ = run_case(world, spec)
    row = rows.measures[0]
    if boundary:
        start = row["start_at"]
        assert isinstance(start, date)
        row["end_at"] = STATE_COUNCIL.next_working_day(add_months(start, 6)) + D(1)
    world.plant(
        "custody.surveillance_overdue", row, [("coercive_measure", row)], subject=spec.person
    )


def prosecution_review_overdue(world: World) -> None:
    rng = world.rng
    spec = bail_spec(world, "盗窃罪", seized=0, prosecution_extension=False)
    roll = rng.random()
    first_round = speedy = False
    if roll < 0.35:
        spec.review_days = rng.randint(41, 71)
    elif roll < 0.55:
        spec.prosecution_extension, spec.review_days = True, rng.randint(56, 76)
    elif roll < 0.7:
        spec.returns, spec.return_gap, spec.retransfer_gap = 1, 10, 15
        spec.review_days = rng.randint(45, 70)
    elif roll < 0.8:  # the first round overran before the return; the second was on time
        first_round = True
        spec.returns, spec.return_gap, spec.retransfer_gap = 1, rng.randint(45, 60), 15
        spec.review_days = rng.randint(7, 20)
    elif roll < 0.9:  # 速裁 of a term up to a year: ten days, and it took longer
        speedy = True
        spec.penalty, spec.term, spec.probation = "fixed_term", rng.choice((6, 9, 12)), None
        spec.review_days, spec.trial_days = rng.randint(12, 25), rng.randint(3, 9)
    else:  # transferred months ago, nothing decided by as_of
        spec.police_measure_days, spec.review_days = 60, 400
        spec.received_at = world.as_of - D(60 + rng.randint(100, 200))
        spec.prosecutor_bail = False
    rows, _ = run_case(world, spec)
    if speedy:
        if rows.judgment is None:
            return  # never tried, so not known as 速裁: an ordinary review within the month
        rows.judgment["procedure"] = "speedy"
    transfer = rows.event("transfer_for_prosecution", 0 if first_round else -1)
    evidence = [("procedural_event", transfer)]
    if first_round:
        evidence.append(("procedural_event", rows.event("returned_for_investigation", 0)))
    for name in ("indictment", "prosecution_extension"):
        if name in rows.events and not first_round:
            evidence.append(("procedural_event", rows.event(name)))
    if speedy and rows.judgment is not None:
        evidence.append(("judgment", rows.judgment))
    world.plant("custody.prosecution_review_overdue", transfer, evidence, subject=spec.person)


def too_many_returns(world: World) -> None:
    rng = world.rng
    spec = bail_spec(
        world,
        "诈骗罪",
        returns=3,
        return_gap=rng.randint(8, 15),
        retransfer_gap=rng.randint(10, 20),
        seized=0,
    )
    rows, _ = run_case(world, spec)
    assert rows.case is not None
    evidence = [("criminal_case", rows.case)]
    evidence += [("procedural_event", r) for r in rows.events["returned_for_investigation"]]
    world.plant("custody.too_many_returns", rows.case, evidence, subject=spec.person)


def first_instance_overdue(world: World) -> None:
    rng = world.rng
    spec = bail_spec(world, "盗窃罪", seized=0, prosecution_extension=False)
    draw = rng.random()
    if draw < 0.25:  # 速裁, 12 months at most: ten days
        spec.procedure, spec.term, spec.probation = "speedy", rng.choice((6, 9, 12)), None
        spec.circumstances, spec.trial_days = ("plea",), rng.randint(13, 20)
    elif draw < 0.45:  # 简易, three years at most: twenty days
        spec.procedure, spec.term, spec.probation = "summary", rng.choice((6, 9, 12)), None
        spec.circumstances, spec.trial_days = ("plea",), rng.randint(24, 40)
    elif draw < 0.8:
        spec.trial_days = rng.randint(107, 150)
    else:  # filed months ago, no judgment by as_of
        spec.judged = False
        spec.received_at = world.as_of - D(rng.randint(250, 330))
        spec.police_measure_days, spec.review_days, spec.prosecutor_bail = 40, 15, False
    rows, _ = run_case(world, spec)
    filed = rows.event("first_instance_filed")
    evidence = [("procedural_event", filed)]
    if "first_instance_judgment" in rows.events:
        evidence.append(("procedural_event", rows.event("first_instance_judgment")))
    world.plant("trial.first_instance_overdue", filed, evidence, subject=spec.person)


# -- 审判监督 ----------------------------------------------------------------------------------
def _judged(
    world: World,
    model: str,
    spec: CaseSpec,
    extra: list[tuple[str, Row]] | None = None,
    requires_link: bool = False,
) -> None:
    rows, _ = run_case(world, spec)
    assert rows.judgment is not None
    world.plant(
        model,
        rows.judgment,
        [("judgment", rows.judgment), *(extra or [])],
        subject=spec.person,
        requires_link=requires_link,
    )


def probation_for_recidivist(world: World) -> None:
    spec = bail_spec(
        world,
        "盗窃罪",
        penalty="fixed_term",
        term=12,
        probation=24,
        circumstances=("plea", "recidivist"),
    )
    _judged(world, "trial.probation_for_recidivist", spec)


def recidivism_not_recognised(world: World) -> None:
    rng = world.rng
    person = world.people.person(age=(30, 55))
    spec = bail_spec(
        world,
        "盗窃罪",
        person=person,
        penalty="fixed_term",
        term=rng.choice((9, 12)),
        probation=None,
        circumstances=("plea", "confession"),
    )
    offense_at = spec.received_at - D(spec.offense_gap)
    draw = rng.random()
    if draw < 0.2:  # paroled more than five years before, the parole ended within five
        parole_end = add_months(offense_at, -56) - D(rng.randint(0, 45))
        prior = prior_parole(world, person, parole_end)
    elif draw < 0.35:  # 刑法 66: both 涉黑, released long before (no five-year limit)
        spec.charge = C["组织、领导、参加黑社会性质组织罪"]
        spec.term, spec.fine, spec.amount = 72, 20000, None  # no amount in this charge
        released = offense_at - D(rng.randint(6 * 365, 9 * 365))
        prior = prior_release(world, person, released, spec.charge)
    else:
        prior = prior_release(world, person, offense_at - D(rng.randint(365, 4 * 365)))
    link = needs_link(world, "trial.recidivism_not_recognised")
    if link:
        corrupt_id([prior], "id_number", "subject", person, rng)
    _judged(world, "trial.recidivism_not_recognised", spec, [("prisoner", prior)], link)


def prior_release(
    world: World, person: Person, released: date, charge: ref.Charge | None = None
) -> Row:
    """An earlier fixed-term sentence of ``person``, fully served and released: a theft of 6,
    9 or 12 months unless ``charge`` is given (see :func:`_prior_term`)."""
    position = world.rng.randrange(3)  # the draw of the theft's three terms, as it always was
    if charge is None:
        charge, term = C["盗窃罪"], (6, 9, 12)[position]
    else:
        term = _prior_term(charge, person, released, position)
    term_start = add_months(released, -term)
    s = direct_sentence(world, person, charge, term, term_start + D(30), custody_days=30)
    rows = build_prison(world, s, [], released=released)
    assert rows.prisoner is not None
    return rows.prisoner


def _prior_term(charge: ref.Charge, person: Person, released: date, position: int) -> int:
    """The term of an earlier sentence for ``charge``: the shortest its clean judgments draw
    that leaves the earlier offence an adult's (刑法第六十五条 counts no crime committed under
    eighteen, so a longer term would unmake the recidivism story), so that
    trial.sentence_outlier finds nothing unplanted in it (a theft's six months for a 涉黑 or
    交通肇事 prior fell below those charges' peer bands by chance). A person too young for any
    of them keeps the theft's term of ``position``, as every prior had before."""
    adult = add_months(person.birth, 216) + D(60)  # the offence precedes the term's start
    fitting = [t for t in charge.terms if add_months(released, -t) > adult]
    return min(fitting) if fitting else (6, 9, 12)[position]


def prior_parole(world: World, person: Person, parole_end: date) -> Row:
    """An earlier 18-month sentence of ``person`` whose parole period ends on ``parole_end``:
    paroled after 10 months, released three days after the ruling."""
    term_start = add_months(parole_end + D(1), -18)
    s = direct_sentence(world, person, C["诈骗罪"], 18, term_start + D(30), custody_days=30)
    rows = build_prison(world, s, [parole(add_months(term_start, 10))])
    assert rows.prisoner is not None
    return rows.prisoner


def probation_period_invalid(world: World) -> None:
    rng = world.rng
    if rng.random() < 0.7:
        spec = bail_spec(
            world,
            "盗窃罪",
            penalty="fixed_term",
            term=12,
            probation=rng.choice((6, 8, 72)),
            circumstances=("plea",),
        )
    else:
        spec = bail_spec(
            world,
            "危险驾驶罪",
            penalty="criminal_detention",
            term=3,
            probation=rng.choice((1, 14, 18)),
            circumstances=("plea",),
        )
    _judged(world, "trial.probation_period_invalid", spec)


def mandatory_fine_missing(world: World) -> None:
    rng = world.rng
    charge = rng.choice(("盗窃罪", "诈骗罪", "危险驾驶罪", "开设赌场罪"))
    spec = bail_spec(world, charge, fine=None, confiscation=False)
    draw = rng.random()
    if draw < 0.2:  # a selective charge by two of its acts (刑法 347)
        spec.charge, spec.amount = replace(C["贩卖毒品罪"], name="贩卖、运输毒品罪"), None
    elif draw < 0.35:  # several charges in one row, the second requires the fine
        spec.charge = replace(C["故意伤害罪"], name=f"故意伤害罪；{spec.charge.name}")
        spec.amount = None
    _judged(world, "trial.mandatory_fine_missing", spec)


def sentence_outlier(world: World) -> None:
    charge = world.rng.choice(("盗窃罪", "诈骗罪"))
    c = C[charge]
    assert c.amount is not None
    lo, hi = c.amount
    spec = settled_spec(
        world,
        charge,
        penalty="fixed_term",
        term=max(c.terms) * world.rng.choice((4, 5)),
        probation=None,
        circumstances=("plea",),
        amount=world.rng.randint(lo + (hi - lo) // 4, hi - (hi - lo) // 4),
    )
    _judged(world, "trial.sentence_outlier", spec)


# -- 刑事执行 ----------------------------------------------------------------------------------
def not_delivered(world: World) -> None:
    spec = bail_spec(world, "盗窃罪", penalty="fixed_term", term=12, probation=None)
    rows, _ = run_case(world, spec, deliver=False)
    assert rows.judgment is not None
    world.plant(
        "execution.not_delivered", rows.judgment, [("judgment", rows.judgment)], subject=spec.person
    )


def parolee_reoffends(world: World) -> tuple[PrisonRows, CaseRows]:
    """A prisoner paroled some eight months ago whose period runs past as_of, and the new case
    of a theft committed soon after the release, judged before as_of (on bail throughout,
    never detained, so that nothing else about the correction is amiss)."""
    rng = world.rng
    person = world.people.person(age=(28, 50))
    term_start = add_months(world.as_of, -28) - D(rng.randint(0, 20))
    s = direct_sentence(world, person, C["开设赌场罪"], 36, term_start + D(30), custody_days=30)
    prison = build_prison(world, s, [parole(add_months(term_start, 20))])
    assert prison.prisoner is not None and isinstance(prison.prisoner["released_at"], date)
    spec = random_spec(world, C["盗窃罪"], person)
    spec.offense_gap = rng.randint(3, 10)
    spec.received_at = prison.prisoner["released_at"] + D(rng.randint(15, 30))
    spec.appeal, spec.returns, spec.outcome, spec.trial_extension = False, 0, "indictment", False
    spec.detention_days, spec.next_measure, spec.extensions = None, "bail", ()
    spec.police_measure_days, spec.review_days, spec.prosecution_extension = 40, 15, False
    spec.trial_days, spec.procedure, spec.prosecutor_bail = 30, "ordinary", False
    spec.penalty, spec.term, spec.probation, spec.circumstances = "fixed_term", 12, None, ("plea",)
    spec.seized = 0
    rows, _ = run_case(world, spec)
    assert rows.judgment is not None
    return prison, rows


def parole_not_revoked(world: World) -> None:
    prison, rows = parolee_reoffends(world)
    assert prison.prisoner is not None and rows.judgment is not None
    [change] = prison.changes
    evidence = [("execution_change", change), ("prisoner", prison.prisoner)]
    world.plant(
        "execution.parole_not_revoked",
        change,
        [*evidence, ("judgment", rows.judgment)],
        subject=rows.spec.person,
    )


def _change_hit(
    world: World, model: str, s: Sentence, rows: PrisonRows, key: int, ev: list[int]
) -> None:
    assert rows.prisoner is not None
    evidence = [("prisoner", rows.prisoner)] + [("execution_change", rows.changes[i]) for i in ev]
    world.plant(model, rows.changes[key], evidence, subject=s.person)


def commutation_too_early(world: World) -> None:
    roll = world.rng.random()
    if roll < 0.5:  # ordinary, under five years: 12 months
        changes = [commutation(add_months(story_start(world, 40), 4), 5)]
        s, rows = prison_story(world, "抢劫罪", 48, changes, months_ago=40)
    elif roll < 0.75:  # financial crime, stricter group: 24 months (the ordinary 12 would pass)
        changes = [commutation(add_months(add_months(world.as_of, -40), 15), 5)]
        s, rows = prison_story(world, "非法吸收公众存款罪", 36, changes, months_ago=40)
    else:  # old and infirm (art. 20): a third shorter at most, 8 months of 12; six is too early
        changes = [commutation(add_months(story_start(world, 40), 6), 3)]
        s, rows = prison_story(
            world, "抢劫罪", 48, changes, months_ago=40, relaxation="elderly_ill_disabled"
        )
    _change_hit(world, "execution.commutation_too_early", s, rows, 0, [0])


def story_start(world: World, months_ago: int) -> date:
    return add_months(world.as_of, -months_ago)


def commutation_interval_too_short(world: World) -> None:
    if world.rng.random() < 0.7:
        base = story_start(world, 60)
        first = commutation(add_months(base, 20), 6)
        second = commutation(add_months(first.served, world.rng.randint(5, 7)), 5)
        s, rows = prison_story(world, "贩卖毒品罪", 84, [first, second], months_ago=60)
    else:  # 2019 supplement (受贿): 18 months under ten years; the ordinary 12 would pass
        base = story_start(world, 66)
        first = commutation(add_months(base, 27), 5)
        second = commutation(add_months(first.served, 14), 5)
        s, rows = prison_story(world, "受贿罪", 72, [first, second], months_ago=66)
    _change_hit(world, "execution.commutation_interval_too_short", s, rows, 1, [0, 1])


def commutation_amount_exceeds_cap(world: World) -> None:
    if world.rng.random() < 0.7:
        base = story_start(world, 48)
        merit, reduction = world.rng.choice((("repentance", 12), ("repentance_and_merit", 15)))
        changes = [commutation(add_months(base, 21), reduction, merit)]
        s, rows = prison_story(world, "贩卖毒品罪", 84, changes, months_ago=48)
    else:  # organised crime: never above 12, even for major merit (cap 18 otherwise)
        base = story_start(world, 50)
        changes = [commutation(add_months(base, 27), 15, "major_merit")]
        s, rows = prison_story(
            world, "组织、领导、参加黑社会性质组织罪", 96, changes, months_ago=50
        )
    _change_hit(world, "execution.commutation_amount_exceeds_cap", s, rows, 0, [0])


def served_less_than_half(world: World) -> None:
    base = story_start(world, 60)
    first = commutation(add_months(base, 14), 8)
    second = commutation(first.served + D(20), 17, "major_merit", lag=20)
    s, rows = prison_story(world, "抢劫罪", 48, [first, second], months_ago=60)
    assert rows.prisoner is not None
    evidence = [("prisoner", rows.prisoner)] + [("execution_change", r) for r in rows.changes]
    world.plant("execution.served_less_than_half", rows.prisoner, evidence, subject=s.person)


def parole_too_soon_after_commutation(world: World) -> None:
    # long terms: more than two years are left after the commutation (art. 28 ¶2 does not
    # apply), and half the term is served by the parole (刑法 81)
    if world.rng.random() < 0.6:
        base = story_start(world, 58)
        first = commutation(add_months(base, 44), 6)
        changes = [first, parole(add_months(first.ruled, world.rng.randint(7, 9)))]
        s, rows = prison_story(world, "贩卖毒品罪", 84, changes, months_ago=58)
    else:  # a 12-month reduction needs 18 months before parole
        base = story_start(world, 62)
        first = commutation(add_months(base, 44), 12, "major_merit")
        changes = [first, parole(add_months(first.ruled, 14))]
        s, rows = prison_story(world, "贩卖毒品罪", 84, changes, months_ago=62)
    _change_hit(world, "execution.parole_too_soon_after_commutation", s, rows, 1, [0, 1])


def parole_ineligible(world: World) -> None:
    roll = world.rng.random()
    if roll < 0.4:  # a third of the term served
        s, rows = prison_story(
            world,
            "故意伤害罪",
            36,
            [parole(add_months(story_start(world, 30), 10))],
            months_ago=30,
        )
    elif roll < 0.7:  # recidivist
        s, rows = prison_story(
            world,
            "故意伤害罪",
            36,
            [parole(add_months(story_start(world, 36), 24))],
            months_ago=36,
            recidivist=True,
        )
    else:  # robbery, ten years
        s, rows = prison_story(
            world, "抢劫罪", 120, [parole(add_months(story_start(world, 76), 72))], months_ago=76
        )
    _change_hit(world, "execution.parole_ineligible", s, rows, 0, [0])


def medical_parole_employed(world: World) -> None:
    base = story_start(world, 30)
    ruled = add_months(base, 8)
    change = Change("medical_parole", ruled - D(30), ruled, ruled + D(5), reason="self_care")
    s, rows = prison_story(world, "贩卖毒品罪", 84, [change], months_ago=30)
    assert rows.correction is not None
    start = rows.correction["start_at"]
    assert isinstance(start, date)
    first = month_index(start) + world.rng.randint(2, 5)
    employer = world.orgs.org().name
    last = min(first + world.rng.randint(3, 8), month_index(world.as_of))
    jobs = [contribution(world, s.person, m, employer, "employer") for m in range(first, last)]
    link = needs_link(world, "execution.medical_parole_employed")
    if link:
        corrupt_id(jobs, "id_number", "subject", s.person, world.rng)
    world.plant(
        "execution.medical_parole_employed",
        rows.correction,
        [("community_correction", rows.correction)] + [("employment_record", j) for j in jobs],
        subject=s.person,
        requires_link=link,
    )


def supervised_period(world: World) -> tuple[Person, str, Row, date]:
    """A probation still running, or (one in three) one that ended a year ago: every period
    is watched, not only the active ones; with a day well inside it."""
    if world.rng.random() < 0.67:
        rows, correction = active_probation(world)
        return rows.spec.person, rows.spec.unit, correction, inside(world, correction)
    person, unit = world.people.person(age=(25, 55)), world.unit()
    start = add_months(world.as_of, -world.rng.randint(36, 40))
    end = add_months(start, 24) - D(1)
    ended = add_correction(world, person, unit, "probation", start, end)
    assert ended is not None
    return person, unit, ended, world.day_between(start + D(20), end - D(20))


def supervised_person_abroad(world: World) -> None:
    person, _, correction, out = supervised_period(world)
    port = world.rng.choice(ref.PORTS)
    crossing(world, person, out, "exit", port)
    exit_row = world.rows["border_crossing"][-1]
    if world.past(out + D(7)):
        crossing(world, person, out + D(7), "entry", port)
    link = needs_link(world, "execution.supervised_person_abroad")
    if link:
        corrupt_id([exit_row], "id_number", "subject", person, world.rng)
    world.plant(
        "execution.supervised_person_abroad",
        correction,
        [("community_correction", correction), ("border_crossing", exit_row)],
        subject=person,
        requires_link=link,
    )


def deceased_still_supervised(world: World) -> None:
    roll = world.rng.random()
    evidence: list[tuple[str, Row]] = []
    if roll < 0.45:  # 死人在矫: still under correction after the death
        rows, key = active_probation(world)
        person, table = rows.spec.person, "community_correction"
        died = inside(world, key)
    elif roll < 0.6:  # a correction that ran to its planned end months after the death
        person = world.people.person(age=(30, 60))
        start = add_months(world.as_of, -30)
        end = add_months(start, 24) - D(1)
        row = add_correction(world, person, world.unit(), "probation", start, end)
        assert row is not None
        key, table = row, "community_correction"
        died = start + D(world.rng.randint(60, 400))
    else:  # 死人在押: a commutation ruled for a prisoner after the death
        base = story_start(world, 40)
        first = commutation(add_months(base, 27), 5)
        s, prison = prison_story(world, "贩卖毒品罪", 132, [first], months_ago=40)
        assert prison.prisoner is not None
        person, table, key = s.person, "prisoner", prison.prisoner
        died = first.ruled - D(world.rng.randint(20, 120))
        evidence = [("execution_change", prison.changes[0])]
    death = world.add(
        "death_record", None, person, name=person.name, id_number=person.id_number, died_at=died
    )
    link = needs_link(world, "execution.deceased_still_supervised")
    if link:
        corrupt_id([death], "id_number", "subject", person, world.rng)
    world.plant(
        "execution.deceased_still_supervised",
        key,
        [(table, key), ("death_record", death), *evidence],
        subject=person,
        requires_link=link,
    )


def term_expired_not_released(world: World) -> None:
    months_ago = world.rng.choice((13, 14, 18))
    term = 12
    s, rows = prison_story(world, "盗窃罪", term, [], months_ago=months_ago, released=None)
    assert rows.prisoner is not None and s.term_end is not None
    assert world.as_of - s.term_end > D(3)
    world.plant(
        "execution.term_expired_not_released",
        rows.prisoner,
        [("prisoner", rows.prisoner)],
        subject=s.person,
    )


def supervised_person_detained(world: World) -> None:
    person, unit, correction, day = supervised_period(world)
    if world.rng.random() < 0.5:
        row = admin_for_person(world, person, unit, day)
        assert row is not None
        evidence = [("community_correction", correction), ("admin_penalty", row)]
    else:
        case = world.add(
            "criminal_case",
            unit,
            None,
            agency="police",
            filed_at=day,
            charge="寻衅滋事罪",
            status="withdrawn",
            status_at=world.past(day + D(20)) or day,
        )
        row = world.add(
            "coercive_measure",
            unit,
            person,
            case_id=case["record_id"],
            name=person.name,
            id_number=person.id_number,
            birth_date=person.birth,
            measure="detention",
            start_at=day,
            end_at=world.past(day + D(5)),
            extended_30_days=False,
            approving_unit=f"漳州市{ref.DISTRICTS[unit]}公安局",
        )
        evidence = [("community_correction", correction), ("coercive_measure", row)]
    world.plant("execution.supervised_person_detained", correction, evidence, subject=person)


def medical_parole_without_hospital(world: World) -> None:
    base = story_start(world, 30)
    ruled = add_months(base, 10)
    change = Change("medical_parole", ruled - D(30), ruled, ruled + D(5), reason="illness")
    s, rows = prison_story(world, "贩卖毒品罪", 84, [change], months_ago=30, hospital=False)
    if world.rng.random() < 0.4:  # treated before the ruling only: nothing after release
        admitted = ruled - D(world.rng.randint(30, 60))
        world.add(
            "hospital_stay",
            None,
            s.person,
            name=s.person.name,
            id_number=s.person.id_number,
            hospital=world.rng.choice(ref.HOSPITALS),
            admitted_at=admitted,
            discharged_at=ruled - D(world.rng.randint(3, 10)),
            diagnosis=world.rng.choice(ref.SERIOUS_DIAGNOSES),
        )
    _change_hit(world, "execution.medical_parole_without_hospital", s, rows, 0, [0])


# -- 民事检察 ------------------------------------------------------------------------------------
def false_litigation_cluster(world: World) -> None:
    rng = world.rng
    lender: Person | Org = (
        world.orgs.org(kind="贸易") if rng.random() < 0.3 else world.people.person(age=(30, 60))
    )
    lawyers = Lawyers(world)
    agent = lawyers.new()
    begin = world.day_between(add_months(world.as_of, -40), add_months(world.as_of, -14))
    n = rng.randint(5, 8)
    evidence: list[tuple[str, Row]] = []
    unit = world.unit()
    for i in range(n):
        quick = i < n - 1 or rng.random() < 0.5
        case = civil_case(
            world,
            filed=begin + D(i * rng.randint(25, 40)),
            cause=ref.PRIVATE_LENDING,
            closing=rng.choice(("mediation", "withdrawal")) if quick else "judgment",
            close_days=rng.randint(7, 25) if quick else rng.randint(60, 120),
            claim=rng.randint(20, 300) * 1000,
            unit=unit,
        )
        plaintiff = civil_party(world, case, "plaintiff", lender, agent)
        civil_party(world, case, "defendant", world.people.person(age=(22, 60)), None)
        evidence += [("civil_case", case), ("civil_party", plaintiff)]
    key = lender.org_code if isinstance(lender, Org) else lender.id_number
    world.plant(
        "civil.false_litigation_cluster", ("subject", key), evidence, subject=lender, unit=unit
    )


def linked_opposing_parties(world: World) -> None:
    rng = world.rng
    lawyers = Lawyers(world)
    plaintiff = world.people.person(age=(25, 65))
    defendant = world.people.person(age=(25, 65))
    link = rng.choice(("phone", "address", "agent"))
    shared_agent = lawyers.new()
    case = civil_case(
        world,
        filed=world.day_between(world.start, world.as_of - D(60)),
        cause=rng.choice(ref.CIVIL_CAUSES),
        closing="mediation",
        close_days=rng.randint(10, 40),
        claim=rng.randint(50, 900) * 1000,
    )
    p_row = civil_party(world, case, "plaintiff", plaintiff, shared_agent)
    # a lawyer of another firm, unless the link is the agent (civil.same_firm_both_sides)
    other = lawyers.new(other_than=shared_agent[1]) if link != "agent" else shared_agent
    d_row = civil_party(world, case, "defendant", defendant, other)
    if link == "phone":
        d_row["phone"] = plaintiff.phone
    elif link == "address":
        d_row["address"] = plaintiff.address
    rows = [("civil_case", case), ("civil_party", p_row), ("civil_party", d_row)]
    world.plant("civil.linked_opposing_parties", case, rows, subject=plaintiff)
    if link == "agent":
        world.plant("civil.same_firm_both_sides", case, rows, subject_name=shared_agent[1])


# -- 公益诉讼 ------------------------------------------------------------------------------------
def repeat_violator(world: World) -> None:
    rng = world.rng
    field = rng.choice(ref.PIL_FIELDS)
    party: Person | Org = (
        world.orgs.org() if rng.random() < 0.7 else world.people.person(age=(30, 60))
    )
    begin = world.day_between(world.start, add_months(world.as_of, -10))
    unit = world.unit()
    rows = [
        admin_penalty(
            world,
            party,
            field=field,
            violation="other",
            agency=ref.PIL_AGENCIES[field],
            decided=begin + D(i * rng.randint(40, 80)),
            amount=float(rng.randint(10, 300) * 100),
            unit=unit,
        )
        for i in range(rng.randint(3, 4))
    ]
    key = party.org_code if isinstance(party, Org) else party.id_number
    world.plant(
        "pil.repeat_violator",
        ("subject", key),
        [("admin_penalty", r) for r in rows],
        subject=party,
        unit=unit,
    )


# -- 案件管理 ------------------------------------------------------------------------------------
def recommendation_reply_overdue(world: World) -> None:
    if world.rng.random() < 0.7:
        row = recommendation(
            world,
            served=world.recent(100, 400),
            reply_days=None,
            kind=world.rng.choice(("recommendation", "pil_pre_litigation")),
        )
    else:
        row = recommendation(
            world, served=world.recent(30, 60), reply_days=None, urgent=True, kind="recommendation"
        )
    world.plant(
        "management.recommendation_reply_overdue",
        row,
        [("recommendation", row)],
        subject_name=str(row["recipient"]),
    )


def petition_reply_overdue(world: World) -> None:
    rng = world.rng
    roll = rng.random()
    received = world.recent(150, 900)
    if roll < 0.3:
        row = petition(world, received=received, procedural=None, result=rng.randint(20, 60))
    elif roll < 0.55:
        # past the seventh day, and past the working day a holiday would move it to
        due = (STATE_COUNCIL.next_working_day(received + D(7)) - received).days
        row = petition(
            world,
            received=received,
            procedural=due + rng.randint(1, 18),
            result=rng.randint(30, 70),
        )
    elif roll < 0.8:
        row = petition(world, received=received, procedural=rng.randint(1, 5), result=None)
    else:
        row = petition(
            world, received=received, procedural=rng.randint(1, 5), result=rng.randint(105, 140)
        )
    world.plant(
        "management.petition_reply_overdue",
        row,
        [("petition", row)],
        subject_name=str(row["petitioner_name"]),
        subject_id=str(row["petitioner_id_number"]),
    )


def supervisory_feedback_overdue(world: World) -> None:
    row = supervisory_transfer(world, transferred=world.recent(130, 600), feedback_days=None)
    world.plant(
        "management.supervisory_feedback_overdue",
        row,
        [("supervisory_transfer", row)],
        subject_name=str(row["to_unit"]),
    )


def seized_property_not_disposed(world: World) -> None:
    spec = bail_spec(world, "盗窃罪", seized=1, seized_days_after=10_000)
    rows, _ = run_case(world, spec)
    assert rows.judgment is not None and rows.seized
    item = rows.seized[0]
    world.plant(
        "management.seized_property_not_disposed",
        item,
        [("seized_property", item), ("judgment", rows.judgment)],
        subject=spec.person,
    )


def _suspect(row: Row) -> dict[str, Any]:
    return {"subject_name": str(row["suspect_name"]), "subject_id": str(row["suspect_id_number"])}


PLANTERS: dict[str, Planter] = {
    "filing.report_undecided": report_undecided,
    "filing.not_filed_above_threshold": not_filed_above_threshold,
    "filing.long_pending_case": long_pending_case,
    "filing.non_prosecution_without_admin_penalty": non_prosecution_without_admin_penalty,
    "filing.admin_case_not_transferred": admin_case_not_transferred,
    "custody.detention_overdue": detention_overdue,
    "custody.investigation_overdue": investigation_overdue,
    "custody.bail_overdue": bail_overdue,
    "custody.surveillance_overdue": surveillance_overdue,
    "custody.prosecution_review_overdue": prosecution_review_overdue,
    "custody.too_many_returns": too_many_returns,
    "trial.first_instance_overdue": first_instance_overdue,
    "trial.probation_for_recidivist": probation_for_recidivist,
    "trial.recidivism_not_recognised": recidivism_not_recognised,
    "trial.probation_period_invalid": probation_period_invalid,
    "trial.mandatory_fine_missing": mandatory_fine_missing,
    "trial.sentence_outlier": sentence_outlier,
    "execution.not_delivered": not_delivered,
    "execution.commutation_too_early": commutation_too_early,
    "execution.commutation_interval_too_short": commutation_interval_too_short,
    "execution.commutation_amount_exceeds_cap": commutation_amount_exceeds_cap,
    "execution.served_less_than_half": served_less_than_half,
    "execution.parole_too_soon_after_commutation": parole_too_soon_after_commutation,
    "execution.parole_ineligible": parole_ineligible,
    "execution.medical_parole_employed": medical_parole_employed,
    "execution.supervised_person_abroad": supervised_person_abroad,
    "execution.deceased_still_supervised": deceased_still_supervised,
    "execution.term_expired_not_released": term_expired_not_released,
    "execution.supervised_person_detained": supervised_person_detained,
    "execution.medical_parole_without_hospital": medical_parole_without_hospital,
    "execution.parole_not_revoked": parole_not_revoked,
    "civil.false_litigation_cluster": false_litigation_cluster,
    "civil.linked_opposing_parties": linked_opposing_parties,
    "pil.repeat_violator": repeat_violator,
    "management.recommendation_reply_overdue": recommendation_reply_overdue,
    "management.petition_reply_overdue": petition_reply_overdue,
    "management.supervisory_feedback_overdue": supervisory_feedback_overdue,
    "management.seized_property_not_disposed": seized_property_not_disposed,
    **CIVIL_PLANTERS,
}
# 行政检察 (administrative supervision): :mod:`jiancha.synth.admin`
PLANTERS.update(ADMIN_PLANTERS)

# The public-interest and minors' stories live in their own modules.
from jiancha.synth import minors as _minors  # noqa: E402
from jiancha.synth import public_interest as _public_interest  # noqa: E402

PLANTERS.update(_public_interest.PLANTERS)
PLANTERS.update(_minors.PLANTERS)
# The models added after the minors' are planted after every other story, the functions'
# look-alikes included (:func:`jiancha.synth.generate`): those keep their random draws.
LATE_PLANTERS: dict[str, Planter] = {**CIVIL_LATE_PLANTERS, **ADMIN_LATE_PLANTERS}
PLANTERS.update(LATE_PLANTERS)
