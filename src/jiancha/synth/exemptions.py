"""Clean stories that sit on a model's exemption: they look like a hit but are not one.

They exercise the exceptions of MODELS.md (major merit, per-organ bail, the stricter-group
rule not applying, a correction already over, a prior sentence older than five years, …) and
are never in ground_truth.csv.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from jiancha.synth import reference as ref
from jiancha.synth.anomalies import (
    C,
    active_probation,
    bail_spec,
    commutation,
    parole,
    prior_release,
    prison_story,
    story_start,
)
from jiancha.synth.codes import add_months
from jiancha.synth.people import Org
from jiancha.synth.prison import Change, add_correction, build_prison, direct_sentence, run_case
from jiancha.synth.registers import crossing
from jiancha.synth.society import Lawyers, admin_penalty, civil_case, civil_party
from jiancha.synth.world import World

D = timedelta


def bail_per_organ(world: World) -> None:
    """Police bail of ten months, then the procuratorate's own: each under twelve."""
    spec = bail_spec(
        world,
        "盗窃罪",
        police_measure_days=world.rng.randint(280, 320),
        prosecutor_bail=True,
        review_days=20,
        prosecution_extension=False,
    )
    run_case(world, spec)


def major_merit_early(world: World) -> None:
    """A first commutation after six months, for major merit: exempt from the start time."""
    changes = [commutation(add_months(story_start(world, 40), 6), 10, "major_merit")]
    prison_story(world, "贩卖毒品罪", 84, changes, months_ago=40)


def major_merit_interval(world: World) -> None:
    base = story_start(world, 60)
    first = commutation(add_months(base, 20), 6)
    second = commutation(add_months(first.served, 6), 8, "major_merit")
    prison_story(world, "贩卖毒品罪", 84, [first, second], months_ago=60)


def violent_short_parole(world: World) -> None:
    """Robbery of six years, half served: violent but under ten years, so eligible."""
    prison_story(
        world, "抢劫罪", 72, [parole(add_months(story_start(world, 50), 42))], months_ago=50
    )


def medical_parole_other_reason(world: World) -> None:
    """Medical parole for inability to care for oneself needs no hospital stay."""
    ruled = add_months(story_start(world, 30), 9)
    change = Change("medical_parole", ruled - D(30), ruled, ruled + D(5), reason="self_care")
    prison_story(world, "贩卖毒品罪", 84, [change], months_ago=30, hospital=False)


def released_today_soon(world: World) -> None:
    """The term ends on as_of: the release is due today, not yet recorded."""
    person = world.people.person(age=(25, 55))
    term_end = world.as_of
    term_start = add_months(term_end + D(1), -12)
    s = direct_sentence(world, person, C["盗窃罪"], 12, term_start + D(30), custody_days=30)
    build_prison(world, s, [], released=None)


def exit_before_correction(world: World) -> None:
    rows, correction = active_probation(world)
    start = correction["start_at"]
    assert isinstance(start, type(world.as_of))
    out = start - D(world.rng.randint(200, 400))
    if out > world.start:
        port = world.rng.choice(ref.PORTS)
        crossing(world, rows.spec.person, out, "exit", port)
        crossing(world, rows.spec.person, out + D(6), "entry", port)


def death_after_correction(world: World) -> None:
    """A correction that ended, then the person died: nobody is supervised any more."""
    person = world.people.person(age=(40, 70))
    start = add_months(world.as_of, -40)
    end = add_months(start, 24) - D(1)
    add_correction(world, person, world.unit(), "probation", start, end)
    world.add(
        "death_record",
        None,
        person,
        name=person.name,
        id_number=person.id_number,
        died_at=end + D(world.rng.randint(30, 200)),
    )


def recidivist_recognised(world: World) -> None:
    person = world.people.person(age=(30, 55))
    spec = bail_spec(
        world,
        "盗窃罪",
        person=person,
        penalty="fixed_term",
        term=12,
        probation=None,
        circumstances=("plea", "recidivist"),
    )
    prior_release(world, person, spec.received_at - D(spec.offense_gap + 700))
    run_case(world, spec)


def prior_older_than_five_years(world: World) -> None:
    person = world.people.person(age=(35, 60))
    spec = bail_spec(
        world,
        "盗窃罪",
        person=person,
        penalty="fixed_term",
        term=12,
        probation=24,
        circumstances=("plea",),
    )
    prior_release(world, person, spec.received_at - D(spec.offense_gap + 6 * 365 + 40))
    run_case(world, spec)


def lender_mostly_judged(world: World) -> None:
    """Six lending suits in a year, but only two settled fast: under the 60 % ratio."""
    rng = world.rng
    lender = world.orgs.org(kind="贸易")
    agent = Lawyers(world).new()
    begin = world.day_between(world.start, add_months(world.as_of, -14))
    for i in range(6):
        quick = i < 2
        case = civil_case(
            world,
            filed=begin + D(i * 50),
            cause=ref.PRIVATE_LENDING,
            closing="mediation" if quick else "judgment",
            close_days=rng.randint(10, 25) if quick else rng.randint(60, 150),
            claim=rng.randint(20, 300) * 1000,
        )
        civil_party(world, case, "plaintiff", lender, agent)
        civil_party(world, case, "defendant", world.people.person(age=(22, 60)), None)


def violator_spread_out(world: World) -> None:
    """Three environmental penalties, each more than a year after the last."""
    org: Org = world.orgs.org()
    begin = world.day_between(world.start, add_months(world.as_of, -30))
    for i in range(3):
        admin_penalty(
            world,
            org,
            field="environment",
            violation="other",
            agency="生态环境局",
            decided=add_months(begin, 13 * i),
            amount=5000.0,
        )


NEAR_MISSES: tuple[Callable[[World], None], ...] = (
    bail_per_organ,
    major_merit_early,
    major_merit_interval,
    violent_short_parole,
    medical_parole_other_reason,
    released_today_soon,
    exit_before_correction,
    death_after_correction,
    recidivist_recognised,
    prior_older_than_five_years,
    lender_mostly_judged,
    violator_spread_out,
)


def balance_sentences(world: World) -> None:
    """Give every term of a charge enough peers that its [p5, p95] band is its full range.

    Planted prison stories use a few fixed terms; without this, a rare charge's band could
    shrink to one value and leave a clean judgment of another term outside it.
    """
    for charge in ref.CHARGES:
        terms = [
            j["term_months"]
            for j in world.rows["judgment"]
            if j["charge"] == charge.name and j["term_months"] is not None
        ]
        counts = {t: terms.count(t) for t in charge.terms}
        while len(terms) >= 10:
            need = int(0.05 * (len(terms) + 3)) + 3
            short = [t for t in charge.terms if counts[t] < need]
            if not short:
                break
            for term in short:
                _served_sentence(world, charge, term)
                counts[term] += 1
                terms.append(term)


def _served_sentence(world: World, charge: ref.Charge, term: int) -> None:
    person = world.people.person(age=(25, 60))
    admitted = world.day_between(world.start, world.as_of - D(60))
    s = direct_sentence(world, person, charge, term, admitted)
    if charge.penalty == "criminal_detention":
        s.judgment["penalty"] = "criminal_detention"
        return
    build_prison(world, s, [])
