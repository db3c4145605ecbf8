"""Fitting the sentence estimate (needs LightGBM, of the ``[dev]`` extra).

``fit_sentence_model(samples)`` returns what ``data/sentence_model.json`` holds: the charge
levels (each charge's shrunken mean log term), the prior, and the median, 25th and 75th
percentile ensembles with their trees as arrays for :class:`jiancha.text.sentencing.Ensemble`.
A charge's level enters a training row only from the other folds (5-fold), so the trees learn
how far to trust a level as they will meet it on a new case, not from the row's own term.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from jiancha.text.legal_dict import canonical_charge
from jiancha.text.sentencing import (
    CIRCUMSTANCE_FEATURES,
    FEATURES,
    FORMAT_VERSION,
    MISSING_TYPES,
    CaseFacts,
    feature_matrix,
)

__all__ = ["PARAMS", "Sample", "charge_levels", "fit_sentence_model"]

Sample = tuple[CaseFacts, float]  # a case and its term in months
SHRINK = 5.0  # pseudo-cases of the prior in a charge's level
INNER_FOLDS = 5
ROUNDS = 300
PARAMS: dict[str, Any] = {
    "learning_rate": 0.03,
    "num_leaves": 8,
    "min_data_in_leaf": 10,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "feature_fraction": 0.8,
    "deterministic": True,
    "force_row_wise": True,
    "num_threads": 1,
    "verbose": -1,
}
# Where the Huber loss turns from squared to absolute, in log(1 + months): beyond a factor of
# about 1.65, a case pulls the estimate no harder than under the absolute loss.
HUBER_DELTA = 0.5
# The direction the law gives a fact: the trees may only lengthen the term for a heavier range,
# a larger amount, a worse injury, more counts, 累犯 and longer similar terms, and only shorten
# it for a mitigating circumstance (刑法第六十七条 自首 …, 认罪认罚, 退赃, 谅解 …).
_RAISING = (
    "charge_level", "charges", "tier_low", "tier_high", "tier_rank", "log_amount",
    "amount_over_tier", "log_drug_grams", "injury", "counts", "repeated",
    "circumstance_recidivist", "similar_median", "similar_mean", "similar_low", "similar_high",
    "similar_max",
)  # fmt: skip
_LOWERING = tuple(f"circumstance_{c}" for c in CIRCUMSTANCE_FEATURES if c != "recidivist")


def monotone_constraints() -> list[int]:
    """+1 / −1 / 0 per feature, in :data:`FEATURES` order."""
    return [1 if f in _RAISING else -1 if f in _LOWERING else 0 for f in FEATURES]


def charge_levels(samples: Sequence[Sample], prior: float) -> dict[str, tuple[float, int]]:
    """Each charge's mean log(1 + months), shrunk towards ``prior``, and its number of cases."""
    by_charge: dict[str, list[float]] = defaultdict(list)
    for facts, months in samples:
        for charge in {canonical_charge(c) for c in facts.charges}:
            by_charge[charge].append(math.log1p(months))
    return {
        c: ((sum(v) + SHRINK * prior) / (len(v) + SHRINK), len(v)) for c, v in by_charge.items()
    }


def _inner_folds(n: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).permutation(n) % INNER_FOLDS


def _training_matrix(samples: Sequence[Sample], prior: float, folds: np.ndarray) -> np.ndarray:
    x = np.empty((len(samples), len(FEATURES)))
    for fold in range(INNER_FOLDS):
        others = [s for s, f in zip(samples, folds, strict=True) if f != fold]
        levels = charge_levels(others, prior)
        rows = [i for i, f in enumerate(folds) if f == fold]
        x[rows] = feature_matrix([samples[i][0] for i in rows], levels, prior)
    return x


def fit_sentence_model(
    samples: Sequence[Sample], *, seed: int = 0, meta: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The sentence model fitted on ``samples`` (cases with a term), as JSON-able data.

    The estimate is fitted with the Huber loss on log terms, which keeps to their middle and,
    unlike LightGBM's quantile loss, honours the directions of :func:`monotone_constraints`.
    The interval is the 25th and 75th percentile of how far terms fall from the estimate: two
    quantile ensembles fitted on the out-of-fold residuals (a residual of a case the estimate
    was fitted on would be too small), added to the estimate.

    Every case is also learnt without its similar cases (as :func:`without_similar` makes it),
    so the trees estimate a judgment from its own facts where no similar cases are at hand (the
    warehouse's ``sentence_estimate``, which must not lean on the peers it is compared with).
    """
    import lightgbm  # noqa: TID251 - the one lazy import of LightGBM

    prior = statistics.median(math.log1p(m) for _, m in samples)
    folds = _inner_folds(len(samples), seed)
    x = _training_matrix(samples, prior, folds)
    x, folds = np.vstack([x, without_similar(x)]), np.concatenate([folds, folds])
    y = np.tile(np.asarray([math.log1p(m) for _, m in samples]), 2)
    residual = y - _out_of_fold(lightgbm, x, y, folds, seed)
    models = {
        "median": _fitted(lightgbm, _central(seed), x, y),
        "low": _fitted(lightgbm, _quantile(0.25, seed), x, residual),
        "high": _fitted(lightgbm, _quantile(0.75, seed), x, residual),
    }
    return {
        "format": FORMAT_VERSION,
        "features": list(FEATURES),
        "prior": prior,
        "charges": {
            c: [round(v, 6), n] for c, (v, n) in sorted(charge_levels(samples, prior).items())
        },
        "models": models,
        "meta": {
            "cases": len(samples),
            "lightgbm": lightgbm.__version__,
            "params": {"rounds": ROUNDS, "huber_delta": HUBER_DELTA, **PARAMS},
            **(meta or {}),
        },
    }


def without_similar(x: np.ndarray) -> np.ndarray:
    """Feature rows as if no similar case were known (their terms missing, their count 0)."""
    out = x.copy()
    for i, name in enumerate(FEATURES):
        if name.startswith("similar_"):
            out[:, i] = 0.0 if name == "similar_count" else np.nan
    return out


def _central(seed: int) -> dict[str, Any]:
    return {
        "objective": "huber",
        "alpha": HUBER_DELTA,
        "seed": seed,
        "monotone_constraints": monotone_constraints(),
        **PARAMS,
    }


def _quantile(alpha: float, seed: int) -> dict[str, Any]:
    return {"objective": "quantile", "alpha": alpha, "seed": seed, **PARAMS}


def _train(lightgbm: Any, params: dict[str, Any], x: np.ndarray, y: np.ndarray) -> Any:
    data = lightgbm.Dataset(x, label=y, feature_name=list(FEATURES), params={"verbose": -1})
    return lightgbm.train(params, data, num_boost_round=ROUNDS)


def _fitted(lightgbm: Any, params: dict[str, Any], x: np.ndarray, y: np.ndarray) -> list[Any]:
    return trees_of(_train(lightgbm, params, x, y).dump_model())


def _out_of_fold(
    lightgbm: Any, x: np.ndarray, y: np.ndarray, folds: np.ndarray, seed: int
) -> np.ndarray:
    """Each case's estimate by a central ensemble fitted without its fold."""
    predicted = np.empty(len(y))
    for fold in range(INNER_FOLDS):
        held = folds == fold
        predicted[held] = _train(lightgbm, _central(seed), x[~held], y[~held]).predict(x[held])
    return predicted


def trees_of(dump: Mapping[str, Any]) -> list[dict[str, Any]]:
    """LightGBM's ``dump_model()`` trees as flat arrays, root first (depth-first order)."""
    return [_flatten(info["tree_structure"]) for info in dump["tree_info"]]


def _flatten(root: Mapping[str, Any]) -> dict[str, Any]:
    arrays: dict[str, list[Any]] = {
        k: [] for k in ("feature", "threshold", "left", "right", "default_left", "missing", "value")
    }
    depth = 0

    def visit(node: Mapping[str, Any], level: int) -> int:
        nonlocal depth
        depth = max(depth, level)
        index = len(arrays["feature"])
        leaf = "split_index" not in node
        arrays["feature"].append(-1 if leaf else int(node["split_feature"]))
        arrays["threshold"].append(0.0 if leaf else float(node["threshold"]))
        arrays["default_left"].append(int(bool(node.get("default_left", False))))
        arrays["missing"].append(MISSING_TYPES[str(node.get("missing_type", "None")).lower()])
        arrays["value"].append(float(node["leaf_value"] if leaf else node["internal_value"]))
        arrays["left"].append(index)
        arrays["right"].append(index)
        if not leaf:
            if node.get("decision_type", "<=") != "<=":
                raise ValueError(f"unsupported split {node.get('decision_type')}")
            arrays["left"][index] = visit(node["left_child"], level + 1)
            arrays["right"][index] = visit(node["right_child"], level + 1)
        return index

    visit(root, 0)
    return {**arrays, "depth": depth}
