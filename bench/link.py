"""Linking quality and speed against known truth.

    .venv/bin/python bench/link.py [--scale city] [--seed 7] [--data DIR] [--threads 2]
    .venv/bin/python bench/link.py --synthetic [--persons 330000] [--noise 0.15]

By default: generates the jurisdiction (``jiancha generate``; or reads ``--data``, a folder
it wrote), imports it into a fresh project, links it, and prints pairwise precision, recall
and F1 against the generator's ``mentions_truth.csv`` beside the exact-id-only baseline,
the seconds linking took and the peak resident memory.

``--synthetic`` links the builder of :mod:`jiancha.link.noisy` instead (mentions inserted
straight into an in-memory warehouse, with more noise and namesakes than the generator):
``--persons 330000`` gives about one million mentions, the speed figure.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from pathlib import Path

import pyarrow as pa

from jiancha.console import SilentConsole
from jiancha.demo import table_files
from jiancha.ingest.sources import GENERATOR_FILES
from jiancha.link import LinkReport, link_warehouse
from jiancha.link.noisy import EXACT_ID_ONLY, build, load_mentions_truth, pairwise
from jiancha.project import Project
from jiancha.warehouse import Warehouse, open_warehouse


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def print_scores(wh: Warehouse, report: LinkReport, seconds: float, cpu: float) -> None:
    print(f"{'':<20}{'precision':>10}{'recall':>10}{'F1':>10}")
    for label, expr in (("exact id only", EXACT_ID_ONLY), ("jiancha link", "pm.person_id")):
        score = pairwise(wh, "truth", expr)
        print(f"{label:<20}{score.precision:>10.4f}{score.recall:>10.4f}{score.f1:>10.4f}")
    print(
        f"mentions {report.mentions:,}, persons {report.persons:,}, probabilistic "
        f"{report.probabilistic:,}, singletons {report.singletons:,}, review pairs "
        f"{report.review:,}"
    )
    # CPU seconds of all threads: on a shared machine the wall clock also counts the others
    print(f"link seconds: {seconds:.1f} (CPU {cpu:.1f} s)  peak memory: {peak_mib():,.0f} MiB")


def generated(args: argparse.Namespace) -> None:
    work = Path(tempfile.mkdtemp(prefix="jiancha-bench-link-"))
    try:
        data = args.data
        if data is None:
            from jiancha.synth import generate

            started = time.perf_counter()
            result = generate(work / "data", scale=args.scale, seed=args.seed)
            data = result.out_dir
            print(
                f"generate {args.scale}: {sum(result.rows.values()):,} rows in "
                f"{time.perf_counter() - started:.1f} s"
            )
            files = table_files(result.files)
        else:
            files = sorted(p for p in data.iterdir() if p.name not in GENERATOR_FILES)
        project = Project.init(work / "project")
        started = time.perf_counter()
        project.import_paths(files)
        print(f"import: {time.perf_counter() - started:.1f} s")
        with project.warehouse() as wh:
            wh.execute(f"SET threads = {args.threads}")
            truth = load_mentions_truth(wh, str(data / "mentions_truth.csv"), "truth")
            print(f"true mentions: {truth:,}")
            started, cpu = time.perf_counter(), time.process_time()
            report = link_warehouse(wh, config=project.config.link, console=SilentConsole())
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            print_scores(wh, report, seconds, cpu)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def synthetic(args: argparse.Namespace) -> None:
    wh = open_warehouse(None, threads=args.threads)
    started = time.perf_counter()
    noisy = build(wh, persons=args.persons, noise_rate=args.noise, seed=args.seed)
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
    wh.register_arrow("truth", truth)
    print(f"mentions: {len(keys):,} of {args.persons:,} people (built in {built:.1f} s)")
    started, cpu = time.perf_counter(), time.process_time()
    report = link_warehouse(wh, console=SilentConsole())
    print_scores(wh, report, time.perf_counter() - started, time.process_time() - cpu)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="city", choices=("small", "city", "province"))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--data", type=Path, help="a folder jiancha generate wrote")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--synthetic", action="store_true", help="the jiancha.link.noisy builder")
    parser.add_argument("--persons", type=int, default=50_000)
    parser.add_argument("--noise", type=float, default=0.15)
    args = parser.parse_args()
    if args.synthetic:
        synthetic(args)
    else:
        generated(args)


if __name__ == "__main__":
    main()
