"""Import throughput and peak memory on a generated data set.

    .venv/bin/python bench/import.py [--scale city] [--seed 0] [--data DIR]

Generates the data set (unless --data is given), imports it into a fresh project and prints
rows/s overall and per file, and the peak resident memory of the process.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import tempfile
import time
from pathlib import Path

from jiancha.demo import table_files
from jiancha.project import Project
from jiancha.synth import generate


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="city")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--data", type=Path)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="jiancha-bench-"))
    try:
        data = args.data
        if data is None:
            t0 = time.perf_counter()
            result = generate(work / "data", scale=args.scale, seed=args.seed)
            gen_s = time.perf_counter() - t0
            rows = sum(result.rows.values())
            print(
                f"generate {args.scale}: {rows:,} rows in {gen_s:.1f} s "
                f"({rows / gen_s:,.0f} rows/s), peak {peak_mib():,.0f} MiB"
            )
            files = table_files(result.files)
        else:
            files = table_files(sorted(data.iterdir()))
        project = Project.init(work / "project")
        t0, cpu0 = time.perf_counter(), time.process_time()
        reports = project.import_paths(files)
        seconds, cpu = time.perf_counter() - t0, time.process_time() - cpu0
        read = sum(r.read for r in reports)
        for r in sorted(reports, key=lambda r: -r.read)[:8]:
            print(f"  {r.file:<32} {r.format:<8} {r.read:>10,} rows")
        print(
            f"import: {read:,} rows in {seconds:.1f} s = {read / seconds:,.0f} rows/s; "
            f"stored {sum(r.stored for r in reports):,}, quarantined "
            f"{sum(r.quarantined for r in reports):,}; peak RSS {peak_mib():,.0f} MiB; "
            f"CPU {cpu:.1f} s ({cpu / seconds:.2f} cores busy; load {os.getloadavg()[0]:.2f})"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
