"""Execution of a judgment: prison, commutations, parole, medical parole, community correction.

The commutation rules (法释〔2016〕23号 arts. 6, 7, 28; 2019 补充规定 art. 2) are written here
once; clean histories keep them with margin, planted ones break exactly one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from jiancha.synth import reference as ref
from jiancha.synth.cases import CaseRows, CaseSpec, build_case, court_code
from jiancha.synth.codes import add_months
from jiancha.synth.people import Person
from jiancha.synth.world import Row, World

D = timedelta
COURT = "福建省漳州市中级人民法院"
PRISON_BUREAU = "福建省监狱管理局"


def rule_group(category: str, recidivist: bool) -> str:
    """normal | strict (art. 7) | duty2019 (贪污贿赂, 2019 supplement)."""
    if category == "duty":
        return "duty2019"
    if category in ("financial", "organized") or recidivist:
        return "strict"
    return "normal"


def first_min(term: int, group: str) -> int:
    """Months to serve before the first commutation."""
    if group == "duty2019":
        return 24 if term < 120 else 36
    if group == "strict":
        return 24
    return 12 if term < 60 else 18 if term < 120 else 24


def interval_min(term: int, group: str) -> int:
    if group == "duty2019":
        return 18 if term < 120 else 24
    return 12 if term < 120 else 18


def reduction_cap(merit: str, group: str) -> int:
    caps = {
        "repentance": 9,
        "merit": 9,
        "repentance_and_merit": 12,
        "major_merit": 18,
        "repentance_and_major_merit": 24,
    }
    if group == "duty2019":
        caps = {
            "repentance": 6,
            "merit": 6,
            "repentance_and_merit": 9,
            "major_merit": 12,
            "repentance_and_major_merit": 12,
        }
    return min(caps[merit], 12) if group == "strict" else caps[merit]


def parole_gap(reduction: int) -> int:
    """Months from a commutation to a parole (art. 28)."""
    return 18 if reduction >= 12 else 12


@dataclass
class Change:
    kind: str  # commutation | parole | medical_parole
    applied: date
    ruled: date
    served: date
    reduction: int | None = None
    merit: str | None = None
    reason: str | None = None


@dataclass
class Sentence:
    """What the prison records about one sentence."""

    person: Person
    unit: str
    judgment: Row
    admitted: date
    term_start: date
    term: int | None  # None for life
    category: str
    recidivist: bool
    penalty: str = "fixed_term"

    @property
    def term_end(self) -> date | None:
        return None if self.term is None else add_months(self.term_start, self.term) - D(1)


@dataclass
class PrisonRows:
    prisoner: Row | None = None
    changes: list[Row] = field(default_factory=list)
    correction: Row | None = None
    hospital: Row | None = None


def sentence_for(world: World, rows: CaseRows) -> Sentence | None:
    """The prison sentence of a judged case, or None when nobody goes to prison."""
    spec = rows.spec
    if rows.judgment is None or rows.effective_at is None or spec.probation is not None:
        return None
    if spec.penalty not in ("fixed_term", "life"):
        return None
    admitted = rows.effective_at + D(spec.deliver_gap)
    if rows.arrest is not None and rows.custody_start is not None:
        term_start = rows.custody_start
    else:
        term_start = admitted - D(spec.detention_days or 0)
    recidivist = "recidivist" in spec.circumstances
    return Sentence(
        spec.person,
        spec.unit,
        rows.judgment,
        admitted,
        term_start,
        spec.term,
        spec.charge.category,
        recidivist,
        spec.penalty,
    )


def credited_in_custody(rows: CaseRows) -> bool:
    """Clean rule: at most 2 months left after custody → served in the detention centre."""
    spec = rows.spec
    if rows.arrest is None or rows.custody_start is None or rows.effective_at is None:
        return False
    if spec.term is None or spec.penalty != "fixed_term":
        return False
    custody_days = (rows.effective_at - rows.custody_start).days
    return spec.term * 30.5 - custody_days <= 60


def clean_changes(world: World, s: Sentence) -> list[Change]:
    """Commutations (and maybe a parole or medical parole) that keep every rule with margin."""
    rng = world.rng
    if s.term is None or s.term < 24 or rng.random() < 0.35:
        changes: list[Change] = []
    else:
        changes = _clean_commutations(world, s)
    roll = rng.random()
    eligible = not s.recidivist and not (s.category == "violent" and (s.term or 999) >= 120)
    if s.term is not None and eligible and s.term >= 24 and roll < 0.3:
        changes = _with_parole(world, s, changes)
    elif s.term is not None and s.term >= 24 and roll > 0.96:
        changes = _with_medical_parole(world, s, changes)
    return changes


def _clean_commutations(world: World, s: Sentence) -> list[Change]:
    rng = world.rng
    assert s.term is not None and s.term_end is not None
    group = rule_group(s.category, s.recidivist)
    applied = add_months(s.admitted, first_min(s.term, group) + rng.randint(2, 8))
    total, out = 0, list[Change]()
    while len(out) < 5:
        reduction = rng.randint(3, 6)
        ruled = applied + D(rng.randint(20, 40))
        if total + reduction > s.term * 0.25:
            break
        if ruled > add_months(s.term_end, -(total + reduction) - 6):
            break
        served = ruled + D(rng.randint(3, 10))
        merit = "repentance" if rng.random() < 0.85 else "merit"
        out.append(Change("commutation", applied, ruled, served, reduction, merit))
        total += reduction
        applied = add_months(served, interval_min(s.term, group) + rng.randint(1, 6))
    return out


def _with_parole(world: World, s: Sentence, changes: list[Change]) -> list[Change]:
    assert s.term is not None
    ruled = add_months(s.admitted, -(-s.term // 2) + world.rng.randint(4, 10))
    while (
        changes
        and add_months(changes[-1].served, parole_gap(changes[-1].reduction or 0) + 1) > ruled
    ):
        changes.pop()
    if ruled >= add_months(effective_end(s, changes) or ruled, -3):
        return changes
    return [*changes, Change("parole", ruled - D(30), ruled, ruled + D(5))]


def _with_medical_parole(world: World, s: Sentence, changes: list[Change]) -> list[Change]:
    assert s.term is not None
    rng = world.rng
    ruled = add_months(s.admitted, rng.randint(6, max(7, int(s.term * 0.6))))
    changes = [c for c in changes if c.served < ruled - D(90)]
    if ruled >= add_months(effective_end(s, changes) or ruled, -3):
        return changes
    reason = "illness" if rng.random() < 0.7 else "self_care"
    if s.person.gender == "F" and rng.random() < 0.3:
        reason = "pregnancy"
    return [*changes, Change("medical_parole", ruled - D(30), ruled, ruled + D(5), reason=reason)]


def effective_end(s: Sentence, changes: list[Change]) -> date | None:
    """term_end after the commutations of ``changes``."""
    if s.term_end is None:
        return None
    total = sum(c.reduction or 0 for c in changes if c.kind == "commutation")
    return add_months(s.term_end + D(1), -total) - D(1)


def build_prison(
    world: World,
    s: Sentence,
    changes: list[Change],
    *,
    released: date | None | str = "auto",
    hospital: bool = True,
) -> PrisonRows:
    """Writes the prisoner, the changes ruled by as_of, and what follows a release."""
    known = [c for c in changes if world.past(c.ruled) is not None]
    known = _clear_of_as_of(world, s, known)
    out = PrisonRows()
    prison_code, _ = world.rng.choice(ref.PRISONS)
    out.prisoner = world.add(
        "prisoner",
        s.unit,
        s.person,
        name=s.person.name,
        id_number=s.person.id_number,
        gender=s.person.gender,
        birth_date=s.person.birth,
        judgment_id=s.judgment["record_id"],
        prison_code=prison_code,
        admitted_at=s.admitted,
        penalty=s.penalty,
        original_term_months=s.term,
        term_start=s.term_start,
        term_end=s.term_end,
        crime_category=s.category,
        recidivist=s.recidivist,
        released_at=None,
    )
    for change in known:
        out.changes.append(_change_row(world, s, out.prisoner, change))
    leave = next((c for c in known if c.kind in ("parole", "medical_parole")), None)
    end = effective_end(s, known)
    if released == "auto":
        if leave is not None:
            out.prisoner["released_at"] = world.past(leave.ruled + D(3))
        elif end is not None:
            out.prisoner["released_at"] = world.past(end + D(1))
    else:
        out.prisoner["released_at"] = released
    if leave is not None:
        kind = "parole" if leave.kind == "parole" else "medical_parole"
        out.correction = add_correction(world, s.person, s.unit, kind, leave.ruled + D(3), end)
        if leave.reason == "illness" and hospital:
            out.hospital = hospital_before(world, s.person, leave.ruled)
    return out


def _clear_of_as_of(world: World, s: Sentence, known: list[Change]) -> list[Change]:
    """Drop late commutations whose shortened end would fall right around as_of.

    A model may count "term_end after commutations" in slightly different ways; a clean
    unreleased prisoner must not sit within days of the limit under any of them.
    """
    while known and known[-1].kind == "commutation":
        end = effective_end(s, known)
        if end is None or abs((end - world.as_of).days) > 20:
            break
        known = known[:-1]
    return known


def _change_row(world: World, s: Sentence, prisoner: Row, change: Change) -> Row:
    return world.add(
        "execution_change",
        s.unit,
        s.person,
        prisoner_id=prisoner["record_id"],
        name=s.person.name,
        id_number=s.person.id_number,
        kind=change.kind,
        applied_at=change.applied,
        ruled_at=change.ruled,
        served_at=world.past(change.served),
        reduction_months=change.reduction,
        merit=change.merit,
        reason=change.reason,
        deciding_unit=PRISON_BUREAU if change.kind == "medical_parole" else COURT,
    )


def add_correction(
    world: World, person: Person, unit: str, kind: str, start: date, end: date | None
) -> Row | None:
    if world.past(start) is None:
        return None
    active = end is None or end > world.as_of
    return world.add(
        "community_correction",
        unit,
        person,
        name=person.name,
        id_number=person.id_number,
        kind=kind,
        start_at=start,
        end_at=end,
        status="active" if active else "terminated",
    )


def hospital_before(world: World, person: Person, ruled: date) -> Row:
    """The hospital stay that supports a medical parole for illness."""
    rng = world.rng
    admitted = ruled - D(rng.randint(25, 45))
    return world.add(
        "hospital_stay",
        None,
        person,
        name=person.name,
        id_number=person.id_number,
        hospital=rng.choice(ref.HOSPITALS),
        admitted_at=admitted,
        discharged_at=ruled - D(rng.randint(3, 10)),
        diagnosis=rng.choice(ref.SERIOUS_DIAGNOSES),
    )


def community_sentence(world: World, rows: CaseRows) -> Row | None:
    """Probation or surveillance (管制) starts community correction after the judgment."""
    spec = rows.spec
    if rows.effective_at is None:
        return None
    if spec.probation is not None:
        kind, months = "probation", spec.probation
    elif spec.penalty == "surveillance" and spec.term is not None:
        kind, months = "surveillance", spec.term
    else:
        return None
    start = rows.effective_at + D(world.rng.randint(3, 8))
    return add_correction(
        world, spec.person, spec.unit, kind, start, add_months(start, months) - D(1)
    )


def run_case(
    world: World, spec: CaseSpec, *, deliver: bool = True
) -> tuple[CaseRows, PrisonRows | None]:
    """A case end to end: the chain, then prison or community correction, all clean."""
    rows = build_case(world, spec)
    community_sentence(world, rows)
    s = sentence_for(world, rows)
    if s is None or not deliver or credited_in_custody(rows) or world.past(s.admitted) is None:
        return rows, None
    return rows, build_prison(world, s, clean_changes(world, s))


def direct_sentence(
    world: World,
    person: Person,
    charge: ref.Charge,
    term: int,
    admitted: date,
    *,
    recidivist: bool = False,
    circumstances: tuple[str, ...] = ("plea",),
    custody_days: int = 30,
) -> Sentence:
    """A judgment and its case, written without the procedural chain (for prison stories
    whose dates must be exact, and for sentences served before the data window)."""
    rng = world.rng
    unit = world.unit()
    term_start = admitted - D(custody_days)
    filed = term_start - D(rng.randint(0, 3))
    effective = admitted - D(rng.randint(8, 15))
    case = world.add(
        "criminal_case",
        unit,
        None,
        agency="police",
        filed_at=filed,
        charge=charge.name,
        status="closed",
        status_at=world.past(effective),
    )
    amount = rng.randint(*charge.amount) if charge.amount else None
    judgment = world.add(
        "judgment",
        unit,
        person,
        case_id=case["record_id"],
        court_code=court_code(unit),
        offense_at=filed - D(rng.randint(3, 40)),
        decided_at=effective - D(rng.randint(11, 15)),
        effective_at=world.past(effective),
        procedure="ordinary",
        defendant_name=person.name,
        defendant_id_number=person.id_number,
        charge=charge.name,
        penalty="fixed_term",
        term_months=term,
        probation_months=None,
        fine_yuan=rng.choice((2000, 5000, 10000, 30000)) if charge.fine else None,
        amount_yuan=amount,
        circumstances=";".join(circumstances),
        full_text=None,
        confiscation=False,
    )
    return Sentence(person, unit, judgment, admitted, term_start, term, charge.category, recidivist)
