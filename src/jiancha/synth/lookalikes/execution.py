"""Lawful look-alikes of the execution models: stories on the law's exceptions (never clues)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from jiancha.synth.anomalies import parolee_reoffends
from jiancha.synth.prison import COURT
from jiancha.synth.world import World


def parole_revoked_after_new_crime(world: World) -> None:
    """A parolee's theft during the parole period, judged, and the parole revoked (刑法 86):
    no clue of execution.parole_not_revoked, and no recidivism (the term was not yet over)."""
    prison, rows = parolee_reoffends(world)
    p, j = prison.prisoner, rows.judgment
    assert p is not None and j is not None and isinstance(j["decided_at"], date)
    [parole] = prison.changes
    person = rows.spec.person
    ruled = j["decided_at"] + timedelta(days=world.rng.randint(3, 20))
    if world.past(ruled) is None:
        return
    revocation = world.add(
        "execution_change",
        p["unit_code"],  # type: ignore[arg-type]
        person,
        prisoner_id=p["record_id"],
        name=person.name,
        id_number=person.id_number,
        kind="revocation",
        applied_at=j["decided_at"],
        ruled_at=ruled,
        served_at=world.past(ruled + timedelta(days=5)),
        deciding_unit=COURT,
    )
    if prison.correction is not None:
        prison.correction["status"], prison.correction["end_at"] = "revoked", ruled
    evidence = [("execution_change", parole), ("prisoner", p), ("judgment", j)]
    evidence.append(("execution_change", revocation))
    world.lookalike(
        "execution.parole_not_revoked", "parole_revoked", parole, evidence, subject=person
    )
    world.lookalike(
        "trial.recidivism_not_recognised",
        "crime_during_parole",
        j,
        [("judgment", j), ("prisoner", p)],
        subject=person,
    )


STORIES: tuple[Callable[[World], None], ...] = (parole_revoked_after_new_crime,)
