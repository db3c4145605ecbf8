"""Model hits against the generator's ground truth: precision and recall per model.

A hit and a planted anomaly are the same when model id, anchor table and anchor id agree
(docs/model_anchors.md).
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


def hit_anchors(hits: Iterable[Hit]) -> set[Anchor]:
    return {(hit.key.table, hit.key.record_id) for hit in hits}


def score(
    planted: Mapping[str, set[Anchor]], found: Mapping[str, Iterable[Hit]], models: Sequence[str]
) -> list[ModelScore]:
    """Precision and recall of every model in ``models``."""
    scores = []
    for model_id in models:
        truth = planted.get(model_id, set())
        anchors = hit_anchors(found.get(model_id, ()))
        scores.append(ModelScore(model_id, len(truth), len(anchors), len(truth & anchors)))
    return scores


def misses(
    planted: Mapping[str, set[Anchor]], found: Mapping[str, Iterable[Hit]], model_id: str
) -> tuple[set[Anchor], set[Anchor]]:
    """(planted but not found, found but not planted) of one model, to see what went wrong."""
    truth = planted.get(model_id, set())
    anchors = hit_anchors(found.get(model_id, ()))
    return truth - anchors, anchors - truth
