"""Where the text-only sentence estimate loses against the charge-known one (issue 19).

    .venv/bin/python bench/sentence_gap.py [--folds 10]

The folds of bench/similar.py (the same split, seeds and fitting), both settings; each held-out
fact with a term is put in a group by what the text-only search made of its charge: none given
(its charge is inferred in both settings), inferred exactly its gold charges, one of several
gold charges (数罪并罚), or none of them. For each group: the facts and the summed absolute
error of the two estimates (months), so that the groups' differences add up to the gap.
"""

from __future__ import annotations

import argparse
from collections import defaultdict

from sentencing_data import FACTS, fitted_fold, folds, judgment_rows, load_facts

from jiancha.text.legal_dict import split_charges


def errors(rows: list, n: int, charge_known: bool, extra: list) -> dict[str, tuple]:
    """Per held-out fact: (absolute error, charges compared on, gold charges)."""
    out = {}
    for fold, train, test in folds(rows, n):
        done = fitted_fold(train, test, charge_known=charge_known, seed=fold, extra=extra)
        cases = [res.case_facts() for res in done.tested.values()]
        for (rid, res), est in zip(
            done.tested.items(), done.model.estimate_many(cases), strict=True
        ):
            gold = split_charges(next(r["charge"] for r in test if r["record_id"] == rid))
            out[rid] = (abs(est.months - done.terms[rid]), res.elements.charges, gold)
    return out


def group(inferred: frozenset[str], gold: frozenset[str]) -> str:
    if not gold:
        return "no gold charge"
    if inferred == gold:
        return "inferred = gold"
    return "inferred one of the gold" if inferred & gold else "inferred wrongly"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--folds", type=int, default=10)
    args = parser.parse_args()
    rows, extra = load_facts(FACTS), judgment_rows()
    text = errors(rows, args.folds, False, extra)
    known = errors(rows, args.folds, True, extra)
    sums: dict[str, list[float]] = defaultdict(lambda: [0, 0.0, 0.0])
    for rid, (error, inferred, gold) in text.items():
        row = sums[group(inferred, gold)]
        row[0] += 1
        row[1] += error
        row[2] += known[rid][0]
    print(f"{'group':28} {'facts':>6} {'text only':>10} {'known':>10} {'gap':>8}")  # noqa: T201
    for name, (n, t, k) in sorted(sums.items(), key=lambda kv: -(kv[1][1] - kv[1][2])):
        print(f"{name:28} {n:6d} {t:10.0f} {k:10.0f} {t - k:8.0f}")  # noqa: T201
    total = len(text)
    print(  # noqa: T201
        f"MAE text only {sum(e for e, _, _ in text.values()) / total:.2f}, "
        f"charge known {sum(e for e, _, _ in known.values()) / total:.2f} ({total} facts)"
    )


if __name__ == "__main__":
    main()
