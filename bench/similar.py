"""Similar-case retrieval on real facts (leave-one-out) and query latency on 100,000 judgments.

    .venv/bin/python bench/similar.py [--data ../shared/data/sentencing_facts_dev.jsonl]
                                      [--k 10] [--latency-docs 100000] [--queries 300]

Quality, on sentencing_facts_dev.jsonl (1,491 CAIL2018-derived facts of LawBench, Apache-2.0,
and LexEval, MIT): every fact is a query against all the others (leave-one-out), by its text
alone (the charge is what the text names, or what its best text matches agree on). Reported:

- charge agreement: the share of the top k that share a gold charge with the query;
- MAE: the mean absolute error (months) of the median term of the top k with a term, as an
  estimate of the query's term (facts without a term, or life/death, are not estimated);
- LawBench's prison-term score: the mean log distance |ln(y + 1) − ln(ŷ + 1)| (lower is
  better), as LawBench computes it for its LJP-Imprison task: github.com/open-compass/LawBench,
  evaluation/evaluation_functions/ljp_imprison.py (``compute_ljp_imprison``);

beside plain BM25 (no legal re-ranking) and the overall median term (leave-one-out), and the
re-ranked index queried with the charge known (a judgment row: what a prosecutor has).

Latency: an index of ``--latency-docs`` synthetic judgments (clauses of the real facts
recombined, random charges and amounts), queried with real fact texts; p50 and p95 of the
whole query (jieba, BM25, re-ranking), and the build time.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from jiancha.text.legal_dict import split_charges
from jiancha.text.similar import Match, SimilarIndex

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "sentencing_facts_dev.jsonl"


def load(path: Path) -> list[dict[str, Any]]:
    rows = []
    for line in path.read_text("utf-8").splitlines():
        item = json.loads(line)
        rows.append(
            {
                "record_id": item["id"],
                "full_text": item["fact"],
                "charge": ";".join(item["charges"] or []),
                "term_months": item["term_months"],
            }
        )
    return rows


def estimate(matches: list[Match], fallback: float) -> float:
    terms = [m.term_months for m in matches if m.term_months is not None]
    return statistics.median(terms) if terms else fallback


def log_distance(truth: float, guess: float) -> float:
    """LawBench ljp_imprison.py: |ln(answer + 1) − ln(prediction + 1)|."""
    return abs(math.log(truth + 1) - math.log(guess + 1))


def evaluate(
    index: SimilarIndex, rows: list[dict[str, Any]], k: int
) -> dict[str, dict[str, float]]:
    terms = {r["record_id"]: r["term_months"] for r in rows if r["term_months"] is not None}
    median_all = statistics.median(terms.values())
    methods = {
        "re-ranked (text only)": lambda r: index.query(
            {"record_id": r["record_id"], "full_text": r["full_text"]}, k=k
        ),
        "plain BM25": lambda r: index.query(
            {"record_id": r["record_id"], "full_text": r["full_text"]}, k=k, rerank=False
        ),
        "re-ranked (charge known)": lambda r: index.query_record(r["record_id"], k=k),
    }
    results: dict[str, dict[str, float]] = {}
    for name, search in methods.items():
        agree, errors, logd = [], [], []
        for r in rows:
            matches = search(r)
            gold = split_charges(r["charge"])
            if matches and gold:
                agree.append(
                    sum(bool(split_charges(m.charge) & gold) for m in matches) / len(matches)
                )
            if r["record_id"] in terms:
                guess = estimate(matches, median_all)
                errors.append(abs(guess - terms[r["record_id"]]))
                logd.append(log_distance(terms[r["record_id"]], guess))
        results[name] = {
            "charge_agreement": statistics.mean(agree),
            "mae_months": statistics.mean(errors),
            "lawbench_log_distance": statistics.mean(logd),
        }
    errors, logd = [], []
    for rid, term in terms.items():
        others = statistics.median(t for r, t in terms.items() if r != rid)
        errors.append(abs(others - term))
        logd.append(log_distance(term, others))
    results["overall median"] = {
        "charge_agreement": float("nan"),
        "mae_months": statistics.mean(errors),
        "lawbench_log_distance": statistics.mean(logd),
    }
    return results


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


def latency(rows: list[dict[str, Any]], docs: int, queries: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        index = SimilarIndex.open(Path(tmp))
        started = time.perf_counter()
        index.add(synthetic_rows(rows, docs))
        built = time.perf_counter() - started
        started = time.perf_counter()
        index = SimilarIndex.open(Path(tmp))
        opened = time.perf_counter() - started
        seconds = []
        for r in random.Random(1).sample(rows, min(queries, len(rows))):
            started = time.perf_counter()
            index.query(r["full_text"], k=10)
            seconds.append(time.perf_counter() - started)
    cuts = statistics.quantiles(seconds, n=100, method="inclusive")
    return {
        "documents": docs,
        "build_seconds": built,
        "open_seconds": opened,
        "p50_ms": cuts[49] * 1000,
        "p95_ms": cuts[94] * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--latency-docs", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    rows = load(args.data)
    with tempfile.TemporaryDirectory() as tmp:
        index = SimilarIndex.open(Path(tmp))
        index.add(rows)
        results = evaluate(index, rows, args.k)
    print(f"sentencing_facts_dev: {len(rows)} facts, leave-one-out, k={args.k}")  # noqa: T201
    print(f"{'method':28} {'charge@k':>9} {'MAE (mo)':>9} {'log dist':>9}")  # noqa: T201
    for name, r in results.items():
        print(  # noqa: T201
            f"{name:28} {r['charge_agreement']:9.3f} {r['mae_months']:9.2f} "
            f"{r['lawbench_log_distance']:9.3f}"
        )
    if args.latency_docs:
        lat = latency(rows, args.latency_docs, args.queries)
        print(  # noqa: T201
            f"latency over {lat['documents']:,} judgments: p50 {lat['p50_ms']:.1f} ms, "
            f"p95 {lat['p95_ms']:.1f} ms (build {lat['build_seconds']:.0f} s, "
            f"open {lat['open_seconds']:.1f} s)"
        )


if __name__ == "__main__":
    main()
