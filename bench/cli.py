"""How fast the command line starts, and what ``jiancha run`` costs beyond its models.

    python bench/cli.py [--scale city] [--seed 0] [--repeat 7]

Generates the jurisdiction, makes a project and imports it (in this process, not timed),
then times real ``jiancha`` processes as a user starts them:

- ``jiancha run`` twice (the first records every clue as new, the second sees them again),
  beside the models' own time, the sum of the "秒" column the run prints;
- the start-up of ``jiancha --help``, ``jiancha status`` and ``jiancha clues list --limit
  10``: commands whose own work is a few milliseconds, best and median of ``--repeat``.

Targets (issue 13): start-up under 0.3 s; ``run`` within 2 × its models' time. The
machine is shared: the load average is printed before and after; copy both with the
figures into bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from jiancha.demo import table_files
from jiancha.project import Project
from jiancha.synth import generate

JIANCHA = str(Path(sys.executable).with_name("jiancha"))
# a row of the run's table: │ model │ title │ hits │ new │ open │ resolved │ seconds │
RUN_ROW = re.compile(r"^│\s*(\S+)\s*│.*│\s*([\d.]+)\s*│\s*$")


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def timed(args: list[str], cwd: Path) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run([JIANCHA, *args], cwd=cwd, capture_output=True, text=True, check=True)
    return time.perf_counter() - started, done.stdout


def run_once(project: Path, as_of: str) -> tuple[float, float, int]:
    """Wall seconds of ``jiancha run``, its models' own seconds, and its model count."""
    seconds, out = timed(["run", "--as-of", as_of], project)
    models = [float(m.group(2)) for line in out.splitlines() if (m := RUN_ROW.match(line))]
    return seconds, sum(models), len(models)


def startup(args: list[str], project: Path, repeat: int) -> tuple[float, float]:
    times = [timed(args, project)[0] for _ in range(repeat)]
    return min(times), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="city", choices=("small", "city", "province"))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="jiancha-bench-cli-"))
    try:
        generated = generate(work / "data", scale=args.scale, seed=args.seed)
        project = Project.init(work / "project")
        project.import_paths(table_files(generated.files))
        rows = sum(generated.rows.values())
        print(f"{args.scale}: {rows:,} rows imported; load before: {load()}")
        as_of = generated.as_of.isoformat()
        for label in ("first (every clue new)", "again (every clue seen)"):
            wall, models, count = run_once(project.root, as_of)
            print(
                f"jiancha run, {label}: {wall:.2f} s; its {count} models {models:.2f} s; "
                f"ratio {wall / models:.1f}x"
            )
        for command in (["--help"], ["status"], ["clues", "list", "--limit", "10"]):
            best, median = startup(command, project.root, args.repeat)
            name = "jiancha " + " ".join(command)
            print(f"start-up {name:<32} best {best:.3f} s  median {median:.3f} s")
        print(f"load after: {load()}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
