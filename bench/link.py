"""Linking quality and speed on a noisy mention set with known truth.

    .venv/bin/python bench/link.py [--persons 50000] [--noise 0.15] [--seed 7] [--threads 2]

Builds people mentioned across agencies' tables with identity noise (mistyped and missing id
numbers, traditional-character and same-sound names, namesakes) using
:mod:`jiancha.link.noisy` (until the generator writes identity noise with truth), links them
and prints pairwise precision, recall and F1 beside the exact-id-only baseline, the seconds
linking took and the peak resident memory. ``--persons 330000`` gives about one million
mentions.
"""

from __future__ import annotations

import argparse
import resource
import time

import duckdb
import pyarrow as pa

from jiancha.console import SilentConsole
from jiancha.link import link_warehouse
from jiancha.link.noisy import build
from jiancha.warehouse import Warehouse


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pairwise(con: duckdb.DuckDBPyConnection, predicted: str) -> tuple[float, float, float]:
    """Precision, recall, F1 over all pairs of mentions, from cluster sizes (no pair list)."""
    row = con.execute(
        f"""WITH m AS (SELECT t.true_id, {predicted} AS pred FROM truth t
                JOIN person_mention pm USING (table_name, record_id, role))
        SELECT
            (SELECT sum(n * (n - 1) / 2) FROM (SELECT count(*) n FROM m GROUP BY pred)),
            (SELECT sum(n * (n - 1) / 2) FROM (SELECT count(*) n FROM m GROUP BY true_id)),
            (SELECT sum(n * (n - 1) / 2) FROM (SELECT count(*) n FROM m GROUP BY pred, true_id))"""
    ).fetchall()[0]
    predicted_pairs, true_pairs, hits = (float(x or 0) for x in row)
    precision = hits / predicted_pairs if predicted_pairs else 1.0
    recall = hits / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=50_000)
    parser.add_argument("--noise", type=float, default=0.15)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()

    warehouse = Warehouse.open(None, threads=args.threads)
    con = warehouse.con
    started = time.perf_counter()
    noisy = build(con, persons=args.persons, noise_rate=args.noise, seed=args.seed)
    built = time.perf_counter() - started
    keys = list(noisy.truth)
    truth = pa.table(
        {
            "table_name": [k[0] for k in keys],
            "record_id": [k[1] for k in keys],
            "role": [k[2] for k in keys],
            "true_id": [noisy.truth[k] for k in keys],
        }
    )
    con.register("truth", truth)
    print(f"mentions: {len(keys):,} of {args.persons:,} people (built in {built:.1f} s)")

    started = time.perf_counter()
    report = link_warehouse(con, console=SilentConsole())
    seconds = time.perf_counter() - started

    baseline = "CASE WHEN pm.method = 'deterministic' THEN pm.person_id ELSE pm.uid END"
    print(f"{'':<20}{'precision':>10}{'recall':>10}{'F1':>10}")
    for label, expr in (("exact id only", baseline), ("jiancha link", "pm.person_id")):
        p, r, f = pairwise(con, expr)
        print(f"{label:<20}{p:>10.4f}{r:>10.4f}{f:>10.4f}")
    print(
        f"persons {report.persons:,}, probabilistic {report.probabilistic:,}, "
        f"singletons {report.singletons:,}, review pairs {report.review:,}"
    )
    print(f"link seconds: {seconds:.1f}  peak memory: {peak_mib():.0f} MiB")


if __name__ == "__main__":
    main()
