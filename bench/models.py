"""Seconds per supervision model on a generated data set, beside the floor of a bare scan.

    .venv/bin/python bench/models.py [--scale city] [--seed 0]

Generates and imports the data set into a fresh project, runs every model on DuckDB and
prints per model: seconds, hits, planted anomalies, precision and recall; then the total and
the time of a bare scan of the tables the models read (every column hashed once).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from jiancha.demo import table_files
from jiancha.models import load_catalogue
from jiancha.models.run import run_model
from jiancha.project import Project
from jiancha.reports.truth import lawful_lookalikes, planted_anomalies, score
from jiancha.synth import generate


def scan_seconds(wh, tables: set[str]) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Best of three bare scans (every column hashed once) of each table."""
    seconds = {}
    for table in sorted(tables):
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            wh.rows(f'SELECT max(hash(COLUMNS(*))) FROM "{table}"')
            runs.append(time.perf_counter() - started)
        seconds[table] = min(runs)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="city")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--link", action="store_true", help="link people first (as the demo does)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="jiancha-bench-"))
    try:
        generated = generate(work / "data", scale=args.scale, seed=args.seed)
        project = Project.init(work / "project")
        project.import_paths(table_files(generated.files))
        project.sync_sentence_estimates()  # as `jiancha run` does before its models
        if args.link:
            started = time.perf_counter()
            project.link()
            print(f"link: {time.perf_counter() - started:.1f} s")
        catalogue = load_catalogue()
        # unlinked, the anomalies only linking can find are not expected
        planted = planted_anomalies(
            work / "data" / "ground_truth.csv", include_requires_link=args.link
        )
        with project.warehouse(read_only=True) as wh:
            scans = scan_seconds(wh, {t for m in catalogue for t in m.tables})
            results = [
                run_model(wh, model, generated.as_of, linked=args.link) for model in catalogue
            ]
        found = {r.model.id: r.hits for r in results}
        lawful = lawful_lookalikes(work / "data" / "ground_truth.csv")
        scores = {s.model_id: s for s in score(planted, found, list(found), lawful)}
        print(
            f"{'model':<48} {'s':>6} {'hits':>6} {'planted':>7} {'prec':>6} {'recall':>6} "
            f"{'lawful':>6} {'flagged':>7}"
        )
        for r in results:
            s = scores[r.model.id]
            status = f" ERROR {r.error}" if r.error else ""
            print(
                f"{r.model.id:<48} {r.seconds:6.2f} {s.found:6d} {s.planted:7d} "
                f"{s.precision:6.3f} {s.recall:6.3f} {s.lookalikes:6d} "
                f"{s.lookalikes_flagged:7d}{status}"
            )
        total = sum(r.seconds for r in results)
        # The floor: each model scanning the tables it reads once, and doing nothing else.
        floor = sum(scans[t] for r in results for t in r.model.tables)
        rows = sum(generated.rows.values())
        print(
            f"all {len(results)} models: {total:.1f} s on {rows:,} rows; bare scan of the "
            f"tables each reads: {floor:.2f} s; ratio {total / floor:.1f}x"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
