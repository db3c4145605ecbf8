"""Sentence estimate and similar cases on real facts (10-fold), and query latency at scale.

    .venv/bin/python bench/similar.py [--data …/sentencing_facts_dev.jsonl] [--folds 10]
                                      [--k 10] [--latency-docs 100000] [--queries 300]

Quality, on sentencing_facts_dev.jsonl (1,491 CAIL2018-derived facts of LawBench, Apache-2.0,
and LexEval, MIT; 987 with a term): 10-fold cross-validation (leave-one-out would refit the
three tree ensembles 987 times, about an hour). In each fold the similar-case index holds the
other folds only, the estimate is fitted on them only (charge levels included), and every
method below predicts the held-out facts' terms:

- always the median: the training folds' median term;
- the charge's median: the median term of the training facts of the same charge (else the
  median);
- the similar-case median (today's ``jiancha similar``): the median term of the 10 most similar
  facts;
- the estimate (:mod:`jiancha.text.sentencing`), with its 25th–75th percentile interval;
- the estimate from the case's own facts only, without its similar cases' terms (what the
  warehouse's ``sentence_estimate`` holds for ``trial.sentence_outlier``).

Two settings: the charge known (a judgment row; facts without a gold charge take the one their
words point to: the nearest tf-idf centroid of the indexed facts' charges), and the text alone
(every fact's charge so). Reported for all facts and for the ten most frequent charges: MAE
(months), median absolute error, the share within ±25 % of the true term, and LawBench's
prison-term score, the mean log distance |ln(y + 1) − ln(ŷ + 1)| (lower is better), as
LawBench computes it for its LJP-Imprison task:
github.com/open-compass/LawBench, evaluation/evaluation_functions/ljp_imprison.py; for the
estimate also how often the true term falls in its interval, and the interval's median width.

Latency: an index of ``--latency-docs`` synthetic judgments (clauses of the real facts
recombined, random charges and amounts), queried with real fact texts; p50 and p95 of the
whole query (jieba, BM25, re-ranking) and of the estimate, and the build time.
"""

from __future__ import annotations

import argparse
import math
import random
import re
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sentencing_data import FACTS, fitted_fold, folds, judgment_rows, load_facts, with_term

from jiancha.text.legal_dict import split_charges
from jiancha.text.sentencing import SentenceModel
from jiancha.text.similar import SimilarIndex, SimilarResult, estimate_results

METHODS = (
    "always the median",
    "the charge's median",
    "similar-case median",
    "estimate",
    "estimate, own facts only",
)
SETTINGS = {"charge known": True, "text only": False}


@dataclass
class Prediction:
    record_id: str
    charges: frozenset[str]  # gold
    truth: float
    guesses: dict[str, float]
    interval: tuple[float, float]


def log_distance(truth: float, guess: float) -> float:
    """LawBench ljp_imprison.py: |ln(answer + 1) − ln(prediction + 1)|."""
    return abs(math.log(truth + 1) - math.log(guess + 1))


def charge_medians(rows: list[dict[str, Any]]) -> dict[str, float]:
    terms: dict[str, list[float]] = {}
    for row in with_term(rows):
        for charge in split_charges(row["charge"]):
            terms.setdefault(charge, []).append(row["term_months"])
    return {c: statistics.median(t) for c, t in terms.items()}


def fold_predictions(
    train: list[dict[str, Any]],
    test: list[dict[str, Any]],
    charge_known: bool,
    seed: int,
    extra: list[dict[str, Any]],
) -> list[Prediction]:
    fold = fitted_fold(train, test, charge_known=charge_known, seed=seed, extra=extra)
    terms, tested = fold.terms, fold.tested
    median = statistics.median(terms[r["record_id"]] for r in with_term(train))
    by_charge = charge_medians(train)
    estimates = estimate_results(list(tested.values()), fold.model)
    alone = fold.model.estimate_many(
        [replace(res.case_facts(), similar_terms=()) for res in tested.values()]
    )
    gold = {r["record_id"]: split_charges(r["charge"]) for r in test}
    out = []
    for (rid, res), est, own in zip(tested.items(), estimates, alone, strict=True):
        guesses = {
            "always the median": median,
            "the charge's median": _charge_median(res, by_charge, median),
            "similar-case median": _similar_median(res, median),
            "estimate": est.months,
            "estimate, own facts only": own.months,
        }
        out.append(Prediction(rid, gold[rid], terms[rid], guesses, est.interval))
    return out


def _charge_median(res: SimilarResult, by_charge: dict[str, float], fallback: float) -> float:
    known = [by_charge[c] for c in res.elements.charges if c in by_charge]
    return max(known) if known else fallback


def _similar_median(res: SimilarResult, fallback: float) -> float:
    terms = [m.term_months for m in res.matches if m.term_months is not None]
    return statistics.median(terms) if terms else fallback


def cross_validate(
    rows: list[dict[str, Any]], n: int, charge_known: bool, extra: list[dict[str, Any]]
) -> list[Prediction]:
    predictions: list[Prediction] = []
    for fold, train, test in folds(rows, n):
        predictions += fold_predictions(train, test, charge_known, fold, extra)
    return predictions


def scores(predictions: list[Prediction], method: str) -> dict[str, float]:
    errors = [abs(p.guesses[method] - p.truth) for p in predictions]
    return {
        "n": len(predictions),
        "mae": statistics.fmean(errors),
        "median_ae": statistics.median(errors),
        "within_25": statistics.fmean(
            float(abs(p.guesses[method] - p.truth) <= 0.25 * p.truth) for p in predictions
        ),
        "log_distance": statistics.fmean(
            log_distance(p.truth, p.guesses[method]) for p in predictions
        ),
    }


def interval_scores(predictions: list[Prediction]) -> dict[str, float]:
    return {
        "coverage": statistics.fmean(
            float(p.interval[0] - 0.5 <= p.truth <= p.interval[1] + 0.5) for p in predictions
        ),
        "median_width": statistics.median(p.interval[1] - p.interval[0] for p in predictions),
    }


def report(name: str, predictions: list[Prediction]) -> None:
    print(f"\n== {name}: {len(predictions)} facts with a term ==")  # noqa: T201
    _table("all facts", predictions)
    frequent = Counter(c for p in predictions for c in p.charges).most_common(10)
    for charge, _ in frequent:
        _table(charge, [p for p in predictions if charge in p.charges])
    cover = interval_scores(predictions)
    print(  # noqa: T201
        f"estimate interval (25th–75th percentile): true term inside {cover['coverage']:.1%}, "
        f"median width {cover['median_width']:.1f} months"
    )


def _table(title: str, predictions: list[Prediction]) -> None:
    head = f"{title} (n={len(predictions)})"
    print(f"{head:40} {'MAE':>7} {'MedAE':>7} {'±25%':>6} {'log d':>6}")  # noqa: T201
    for method in METHODS:
        s = scores(predictions, method)
        print(  # noqa: T201
            f"  {method:38} {s['mae']:7.2f} {s['median_ae']:7.2f} {s['within_25']:6.3f} "
            f"{s['log_distance']:6.3f}"
        )


def synthetic_rows(rows: list[dict[str, Any]], n: int, seed: int = 0) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    clauses = [c for r in rows for c in re.split("[。；]", r["full_text"]) if len(c) > 8]
    charges = sorted({c for r in rows for c in r["charge"].split(";") if c})
    out = []
    for i in range(n):
        text = "。".join(rng.sample(clauses, rng.randint(4, 9)))
        text += f"。共计价值人民币{rng.randint(500, 500000)}元。"
        out.append(
            {
                "record_id": f"S{i:07d}",
                "full_text": text,
                "charge": rng.choice(charges),
                "term_months": rng.randint(1, 180),
                "unit_code": f"{rng.choice(('35', '33', '44'))}{rng.randint(1, 9):02d}0{i % 9 + 1}",
            }
        )
    return out


def _percentiles(seconds: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(seconds, n=100, method="inclusive")
    return cuts[49] * 1000, cuts[94] * 1000


def _timed(call: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = call()
    return time.perf_counter() - started, value


def latency(rows: list[dict[str, Any]], docs: int, queries: int) -> dict[str, float]:
    model = SentenceModel.load()
    with tempfile.TemporaryDirectory() as tmp:
        index = SimilarIndex.open(Path(tmp))
        built, _ = _timed(lambda: index.add(synthetic_rows(rows, docs)))
        opened, index = _timed(lambda: SimilarIndex.open(Path(tmp)))
        search, estimate = [], []
        for r in random.Random(1).sample(rows, min(queries, len(rows))):
            seconds, result = _timed(lambda r=r: index.search(r["full_text"], k=10))
            search.append(seconds)
            estimate.append(_timed(lambda result=result: result.estimated(model))[0])
    p50, p95 = _percentiles(search)
    e50, e95 = _percentiles(estimate)
    return {
        "documents": docs,
        "build_seconds": built,
        "open_seconds": opened,
        "p50_ms": p50,
        "p95_ms": p95,
        "estimate_p50_ms": e50,
        "estimate_p95_ms": e95,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=FACTS)
    parser.add_argument("--folds", type=int, default=10)
    parser.add_argument("--latency-docs", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument(
        "--settings", default=",".join(SETTINGS), help="charge known,text only (empty: none)"
    )
    parser.add_argument("--no-judgments", action="store_true", help="fit on the facts alone")
    args = parser.parse_args()
    rows = load_facts(args.data)
    extra = [] if args.no_judgments else judgment_rows()
    print(f"sentencing_facts_dev: {len(rows)} facts, {args.folds}-fold, k=10")  # noqa: T201
    for name in filter(None, args.settings.split(",")):
        report(name, cross_validate(rows, args.folds, SETTINGS[name], extra))
    if args.latency_docs:
        lat = latency(rows, args.latency_docs, args.queries)
        print(  # noqa: T201
            f"\nlatency over {lat['documents']:,} judgments: search p50 {lat['p50_ms']:.1f} ms, "
            f"p95 {lat['p95_ms']:.1f} ms; estimate p50 {lat['estimate_p50_ms']:.1f} ms, "
            f"p95 {lat['estimate_p95_ms']:.1f} ms (build {lat['build_seconds']:.0f} s, "
            f"open {lat['open_seconds']:.1f} s)"
        )


if __name__ == "__main__":
    main()
