"""trial.sentence_outlier on real facts: the peer band and the estimate, given planted outliers.

    .venv/bin/python bench/sentence_outlier.py [--folds 10] [--share 0.05] [--ratio 2]

On the 987 facts of sentencing_facts_dev.jsonl with a term (CAIL2018 via LawBench, Apache-2.0,
and LexEval, MIT), a seeded share of the terms is made an outlier as the generator plants them
(× 4 or × 5), and as many others too short (÷ 4, at least a month). Each fact is then judged:

- by the peer band (the model's rule, here in Python): its peers are the facts of the same
  gold charge whose amount lies within ×3 of its own (any, when it names none), itself
  included; judged when it has at least k = 20 others; an outlier when the term lies outside
  their 5th–95th percentile;
- by the estimate from its own facts (:mod:`jiancha.text.sentencing`, fitted 10-fold without
  the fact, as the warehouse's ``sentence_estimate`` holds it): judged where the estimate is
  settled (what decides the statutory range is known); an outlier when the term is above
  ``ratio`` × the interval's top or below its bottom ÷ ``ratio``;
- by the band where it can judge, else by the estimate (what trial.sentence_outlier does).

Reported: the share of facts judged, recall on the planted outliers, the share of the others
flagged (false alarms) and precision.
"""

from __future__ import annotations

import argparse
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
from sentencing_data import FACTS, fitted_fold, folds, load_facts, with_term

from jiancha.text.legal_dict import split_charges
from jiancha.text.sentencing import SentenceEstimate, crime_amount

K, AMOUNT_RATIO = 20, 3.0


@dataclass
class Case:
    record_id: str
    charges: frozenset[str]
    amount: float | None
    term: float
    planted: bool
    estimate: SentenceEstimate


def estimates(rows: list[dict], n: int) -> dict[str, SentenceEstimate]:
    out: dict[str, SentenceEstimate] = {}
    for fold, train, test in folds(rows, n):
        f = fitted_fold(train, test, charge_known=True, seed=fold)
        own = [replace(res.case_facts(), similar_terms=()) for res in f.tested.values()]
        out |= dict(zip(f.tested, f.model.estimate_many(own), strict=True))
    return out


def planted_cases(rows: list[dict], est: dict[str, SentenceEstimate], share: float) -> list[Case]:
    rng = random.Random(7)
    cases = []
    for row in with_term(rows):
        term, planted = float(row["term_months"]), False
        draw = rng.random()
        if draw < share:
            term, planted = term * rng.choice((4, 5)), True
        elif draw < 2 * share:
            term, planted = max(1.0, round(term / 4)), term >= 4
        charges = split_charges(row["charge"])
        amount = crime_amount(row["full_text"])
        cases.append(Case(row["record_id"], charges, amount, term, planted, est[row["record_id"]]))
    return cases


def band_judge(cases: list[Case]) -> Callable[[Case], bool | None]:
    def peers(case: Case) -> list[Case]:
        same = [c for c in cases if c.charges and c.charges == case.charges]
        if case.amount is None:
            return same
        ratio = math.log(AMOUNT_RATIO)
        return [c for c in same if c.amount and abs(math.log(c.amount / case.amount)) <= ratio]

    def judge(case: Case) -> bool | None:
        group = peers(case) if case.charges else []
        if len(group) - 1 < K:
            return None
        low, high = np.quantile([c.term for c in group], [0.05, 0.95])
        return not low <= case.term <= high

    return judge


def estimate_judge(ratio: float) -> Callable[[Case], bool | None]:
    def judge(case: Case) -> bool | None:
        e = case.estimate
        if not e.settled:
            return None
        return case.term > ratio * e.high_months or case.term < e.low_months / ratio

    return judge


def report(name: str, cases: list[Case], judge: Callable[[Case], bool | None]) -> None:
    verdicts = [(c, judge(c)) for c in cases]
    judged = [(c, v) for c, v in verdicts if v is not None]
    planted = [c for c in cases if c.planted]
    found = [c for c, v in judged if v and c.planted]
    false = [c for c, v in judged if v and not c.planted]
    others = [c for c, _ in judged if not c.planted]
    print(  # noqa: T201
        f"{name:44} judged {len(judged) / len(cases):6.1%}  recall {len(found) / len(planted):6.1%}"
        f"  false alarms {len(false) / max(len(others), 1):6.1%}"
        f"  precision {len(found) / max(len(found) + len(false), 1):6.1%}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--folds", type=int, default=10)
    parser.add_argument("--share", type=float, default=0.05)
    parser.add_argument("--ratio", type=float, default=2.0)
    args = parser.parse_args()
    rows = load_facts(FACTS)
    cases = planted_cases(rows, estimates(rows, args.folds), args.share)
    band, by_estimate = band_judge(cases), estimate_judge(args.ratio)
    print(  # noqa: T201
        f"{len(cases)} facts with a term, {sum(c.planted for c in cases)} planted outliers "
        f"(×4–5 and ÷4), k = {K}, estimate ratio {args.ratio}"
    )
    report("peer band (5th–95th percentile)", cases, band)
    report("estimate (settled cases)", cases, by_estimate)
    report(
        "peer band, else estimate",
        cases,
        lambda c: b if (b := band(c)) is not None else by_estimate(c),
    )
    only_estimate = [c for c in cases if band(c) is None]
    report("  of them where the band cannot judge", only_estimate, by_estimate)


if __name__ == "__main__":
    main()
