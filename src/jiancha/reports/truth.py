"""Model hits against the generator's ground truth: precision and recall per model.

A hit and a planted anomaly are the same when model id, anchor table and anchor id agree
(docs/model_anchors.md). A lawful look-alike (a story on one of the law's exceptions) that a
model returns is a false clue: it counts against precision and is listed by
:func:`flagged_lookalikes`.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from jiancha.models.hit import Hit

Anchor = tuple[str, str]  # (key_table, key_id)


@dataclass(frozen=True)
class ModelScore:
    model_id: str
    planted: int
    found: int
    true_positives: int
    lookalikes: int = 0  # lawful look-alikes planted for the model
    lookalikes_flagged: int = 0  # of them, returned by the model (false clues)

    @property
    def precision(self) -> float:
        return self.true_positives / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.planted if self.planted else 1.0


def planted_anomalies(
    ground_truth: Path, *, include_requires_link: bool = True
) -> dict[str, set[Anchor]]:
    """Model id → anchors of the anomalies the generator planted.

    ``include_requires_link=False`` leaves out those whose evidence carries no valid id
    number (``requires_link`` true): what a model should find before linking.
    """
    planted: dict[str, set[Anchor]] = defaultdict(set)
    with ground_truth.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["kind"] != "anomaly":
                continue
            if not include_requires_link and row.get("requires_link") == "true":
                continue
            planted[row["model_id"]].add((row["key_table"], row["key_id"]))
    return dict(planted)


def lawful_lookalikes(ground_truth: Path) -> dict[str, dict[Anchor, str]]:
    """Model id → anchor → the exception of each lawful look-alike the generator planted."""
    found: dict[str, dict[Anchor, str]] = defaultdict(dict)
    with ground_truth.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["kind"] == "lawful_lookalike":
                anchor = (row["key_table"], row["key_id"])
                found[row["model_id"]][anchor] = row.get("exception") or ""
    return dict(found)


def flagged_lookalikes(
    lookalikes: Mapping[str, Mapping[Anchor, str]], found: Mapping[str, Iterable[Hit]]
) -> dict[str, dict[Anchor, str]]:
    """The look-alikes each model returned: model id → anchor → exception (empty when none)."""
    flagged = {}
    for model_id, anchors in lookalikes.items():
        hits = hit_anchors(found.get(model_id, ()))
        wrong = {a: e for a, e in anchors.items() if a in hits}
        if wrong:
            flagged[model_id] = wrong
    return flagged


def hit_anchors(hits: Iterable[Hit]) -> set[Anchor]:
    return {(hit.key.table, hit.key.record_id) for hit in hits}


def score(
    planted: Mapping[str, set[Anchor]],
    found: Mapping[str, Iterable[Hit]],
    models: Sequence[str],
    lookalikes: Mapping[str, Mapping[Anchor, str]] | None = None,
) -> list[ModelScore]:
    """Precision and recall of every model in ``models``, and its look-alikes flagged."""
    scores = []
    for model_id in models:
        truth = planted.get(model_id, set())
        anchors = hit_anchors(found.get(model_id, ()))
        lawful = set((lookalikes or {}).get(model_id, {}))
        scores.append(
            ModelScore(
                model_id,
                len(truth),
                len(anchors),
                len(truth & anchors),
                len(lawful),
                len(lawful & anchors),
            )
        )
    return scores


def misses(
    planted: Mapping[str, set[Anchor]], found: Mapping[str, Iterable[Hit]], model_id: str
) -> tuple[set[Anchor], set[Anchor]]:
    """(planted but not found, found but not planted) of one model, to see what went wrong."""
    truth = planted.get(model_id, set())
    anchors = hit_anchors(found.get(model_id, ()))
    return truth - anchors, anchors - truth
