"""Lawful look-alikes of the trial models: stories on the law's exceptions (never clues)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

from jiancha.synth import reference as ref
from jiancha.synth.anomalies import bail_spec, prior_release
from jiancha.synth.cases import CaseRows, CaseSpec
from jiancha.synth.codes import add_months
from jiancha.synth.people import Person
from jiancha.synth.prison import run_case
from jiancha.synth.world import Row, World

D = timedelta
C = ref.CHARGE_BY_NAME
# 刑法 133: a negligent crime (not in the generator's everyday charges)
TRAFFIC = replace(C["故意伤害罪"], name="交通肇事罪", offense="交通肇事", fine=False, weight=0)


def _judged(world: World, spec: CaseSpec) -> CaseRows:
    rows, _ = run_case(world, spec)
    assert rows.judgment is not None
    return rows


def _recidivism_like(world: World, model: str, exception: str, spec: CaseSpec, prior: Row) -> None:
    rows = _judged(world, spec)
    assert rows.judgment is not None
    evidence = [("judgment", rows.judgment), ("prisoner", prior)]
    world.lookalike(model, exception, rows.judgment, evidence, subject=spec.person)


def _sentenced(world: World, person: Person, charge: str = "盗窃罪", **kw: object) -> CaseSpec:
    base: dict[str, object] = {
        "person": person,
        "penalty": "fixed_term",
        "term": 12,
        "probation": None,
        "circumstances": ("plea", "confession"),
    }
    return bail_spec(world, charge, **{**base, **kw})


def _offense(spec: CaseSpec) -> date:
    return spec.received_at - D(spec.offense_gap)


# -- 累犯 -------------------------------------------------------------------------------------
def juvenile_on_birthday(world: World) -> None:
    """The new theft on the 18th birthday (still under 18: 18 from the day after), an earlier
    prison term served as a 16-year-old: no recidivism (刑法 65)."""
    _juvenile(world, probation=False)


def juvenile_probation(world: World) -> None:
    """The same, suspended: no recidivism, so probation is lawful (刑法 74)."""
    _juvenile(world, probation=True)


def _juvenile(world: World, *, probation: bool) -> None:
    person = world.people.person(age=(21, 23))
    spec = _sentenced(world, person, probation=24 if probation else None)
    offense = add_months(person.birth, 216)
    spec.received_at = offense + D(spec.offense_gap)
    prior = prior_release(world, person, offense - D(world.rng.randint(150, 200)))
    model = "trial.probation_for_recidivist" if probation else "trial.recidivism_not_recognised"
    _recidivism_like(world, model, "juvenile", spec, prior)


def negligent_new_crime(world: World) -> None:
    """交通肇事 within five years of a prison term: a negligent crime is never recidivism."""
    _negligent_new(world, probation=False)


def negligent_probation(world: World) -> None:
    """The same, suspended: probation is lawful for a negligent crime (刑法 65, 74)."""
    _negligent_new(world, probation=True)


def _negligent_new(world: World, *, probation: bool) -> None:
    person = world.people.person(age=(30, 55))
    spec = _sentenced(world, person, probation=24 if probation else None)
    spec.charge, spec.amount = TRAFFIC, None
    released = _offense(spec) - D(world.rng.randint(365, 4 * 365))
    prior = prior_release(world, person, released)
    model = "trial.probation_for_recidivist" if probation else "trial.recidivism_not_recognised"
    _recidivism_like(world, model, "negligent", spec, prior)


def negligent_prior_crime(world: World) -> None:
    """A theft within five years of a prison term for 交通肇事: not recidivism."""
    person = world.people.person(age=(30, 55))
    spec = _sentenced(world, person)
    released = _offense(spec) - D(world.rng.randint(365, 4 * 365))
    prior = prior_release(world, person, released, TRAFFIC)
    _recidivism_like(world, "trial.recidivism_not_recognised", "negligent", spec, prior)


def special_needs_both_crimes(world: World) -> None:
    """An earlier 涉黑 term served more than five years before an ordinary theft: 刑法 66 lifts
    the five years only where both crimes are of its three kinds. The defendant is 45 to 65:
    the earliest theft (seven years before as_of) puts the release eight years earlier and the
    five-year 涉黑 term's start some twenty years before as_of, when even the youngest was an adult,
    so the prior takes that charge's shortest clean term; a younger one kept a theft's nine
    months, an outlier of its charge that trial.sentence_outlier rightly found. The ages span
    as many days as 35 to 55 did, so the draw, and the stream after it, are the same."""
    person = world.people.person(age=(45, 65))
    spec = _sentenced(world, person)
    released = _offense(spec) - D(world.rng.randint(6 * 365, 8 * 365))
    prior = prior_release(world, person, released, C["组织、领导、参加黑社会性质组织罪"])
    model = "trial.recidivism_not_recognised"
    _recidivism_like(world, model, "special_recidivism_needs_both", spec, prior)


# -- 罚金 -------------------------------------------------------------------------------------
def confiscation_instead_of_fine(world: World) -> None:
    """抢劫, ten years, 没收财产 and no fine: 刑法 263 says 并处罚金或者没收财产."""
    _without_fine(world, "confiscation", "抢劫罪", 120, confiscation=True)


def fine_not_in_every_bracket(world: World) -> None:
    """参加黑社会性质组织 without a fine: 刑法 294 says 可以并处 for the lower brackets."""
    _without_fine(world, "fine_not_in_every_bracket", "组织、领导、参加黑社会性质组织罪", 60)


def _without_fine(
    world: World, exception: str, charge: str, term: int, *, confiscation: bool = False
) -> None:
    spec = _sentenced(world, world.people.person(age=(25, 50)), charge, term=term)
    spec.fine, spec.confiscation = None, confiscation
    rows = _judged(world, spec)
    assert rows.judgment is not None
    evidence = [("judgment", rows.judgment)]
    model = "trial.mandatory_fine_missing"
    world.lookalike(model, exception, rows.judgment, evidence, subject=spec.person)


# -- 审限 -------------------------------------------------------------------------------------
def _trial_like(
    world: World, exception: str, spec: CaseSpec, events: tuple[tuple[str, int], ...] = ()
) -> None:
    """A judged case with ``events`` (kind, days after the filing) added to its trial; the
    filing is the anchor, the judgment and every trial event its evidence."""
    rows = _judged(world, spec)
    assert rows.case is not None
    filed = rows.event("first_instance_filed")
    assert isinstance(filed["at"], date)
    for event, days in events:
        row = world.add(
            "procedural_event",
            spec.unit,
            None,
            case_id=rows.case["record_id"],
            event=event,
            at=filed["at"] + D(days),
        )
        rows.events.setdefault(event, []).append(row)
    evidence = [
        ("procedural_event", filed),
        ("procedural_event", rows.event("first_instance_judgment")),
    ]
    for name in ("trial_extension", *(e for e, _ in events)):
        evidence += [("procedural_event", r) for r in rows.events.get(name, [])]
    world.lookalike("trial.first_instance_overdue", exception, filed, evidence, subject=spec.person)


def speedy_over_one_year(world: World) -> None:
    """速裁, 18 months, judged on day 13: within the fifteen days of 刑诉法 225."""
    spec = _sentenced(world, world.people.person(age=(25, 50)), "诈骗罪", term=18)
    spec.circumstances, spec.procedure, spec.trial_days = ("plea",), "speedy", 13
    _trial_like(world, "speedy_over_one_year", spec)


def summary_over_three_years(world: World) -> None:
    """简易, five years, judged on day 40: within one and a half months (刑诉法 220)."""
    spec = _sentenced(world, world.people.person(age=(25, 50)), "非法吸收公众存款罪", term=60)
    spec.circumstances, spec.procedure, spec.trial_days = ("plea",), "summary", 40
    _trial_like(world, "summary_over_three_years", spec)


def approved_extension(world: World) -> None:
    """普通, judged on day 150 after an approved extension: within three plus three months."""
    spec = _sentenced(world, world.people.person(age=(25, 50)))
    spec.trial_extension, spec.trial_days = True, world.rng.randint(110, 150)
    _trial_like(world, "approved_extension", spec)


def restarted_after_supplementary_investigation(world: World) -> None:
    """普通, judged on day 125, the case back from supplementary investigation on day 40:
    the three months run from then (刑诉法 208 ¶3)."""
    spec = _sentenced(world, world.people.person(age=(25, 50)))
    spec.trial_days = 125
    events = (("trial_supplementary_investigation", 40),)
    _trial_like(world, "supplementary_investigation", spec, events)


def suspended_trial(world: World) -> None:
    """普通, judged on day 115 after a 40-day suspension: the suspension is not counted
    (刑诉法 206 ¶2)."""
    spec = _sentenced(world, world.people.person(age=(25, 50)))
    spec.trial_days = 115
    _trial_like(world, "suspension", spec, (("trial_suspended", 20), ("trial_resumed", 60)))


STORIES: tuple[Callable[[World], None], ...] = (
    juvenile_on_birthday,
    juvenile_probation,
    negligent_new_crime,
    negligent_probation,
    negligent_prior_crime,
    special_needs_both_crimes,
    confiscation_instead_of_fine,
    fine_not_in_every_bracket,
    speedy_over_one_year,
    summary_over_three_years,
    approved_extension,
    restarted_after_supplementary_investigation,
    suspended_trial,
)
