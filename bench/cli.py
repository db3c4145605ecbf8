"""How fast the command line starts, and what ``jiancha run`` costs beyond its models.

    python bench/cli.py [--scale city] [--seed 0] [--repeat 7] [--runs 3] [--data DIR]

Generates the jurisdiction (or takes the one ``jiancha generate`` wrote to ``--data``),
makes a project and imports it (in this process, not timed),
then times real ``jiancha`` processes as a user starts them:

- the sentence estimates of the imported judgments, which the first ``jiancha run`` after an
  import makes before its models (timed here in this process, apart from the runs);
- ``jiancha run`` twice (the first records every clue as new, the second sees them again),
  beside the models' own time, the sum of the "秒" column the run prints, and beside the
  models alone in this process (the run records each model's hits while the next models
  run, so their own seconds inside the run are longer than alone);
- the start-up of ``jiancha --help``, ``jiancha status`` and ``jiancha clues list --limit
  10``: commands whose own work is a few milliseconds, best and median of ``--repeat``.

Targets (issue 13): start-up under 0.3 s; ``run`` within 2 × its models' time. The
machine is shared: the load average is printed before and after, and beside each wall time
the CPU seconds the process used (user + system, all its threads), which the other
programs on the machine do not inflate; copy both with the figures into bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
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


# As a user's installation runs: with Python's bytecode cache. Some shells (and this project's
# CI image) set PYTHONDONTWRITEBYTECODE, which makes every start compile every module it
# imports again (0.2–0.3 s of CPU for the command line's modules alone).
USER_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


FIRST, AGAIN = "first (every clue new)", "again (every clue seen)"


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def timed(args: list[str], cwd: Path) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds and the output of one ``jiancha`` process."""
    started, cpu = time.perf_counter(), _cpu()
    done = subprocess.run(
        [JIANCHA, *args], cwd=cwd, capture_output=True, text=True, check=True, env=USER_ENV
    )
    return time.perf_counter() - started, _cpu() - cpu, done.stdout


def run_once(project: Path, as_of: str) -> tuple[float, float, float, int]:
    """Wall and CPU seconds of ``jiancha run``, its models' own seconds, its model count."""
    wall, cpu, out = timed(["run", "--as-of", as_of], project)
    models = [float(m.group(2)) for line in out.splitlines() if (m := RUN_ROW.match(line))]
    return wall, cpu, sum(models), len(models)


def models_alone(project: Project, as_of: str) -> tuple[float, float]:
    """Wall and CPU seconds of the models' queries alone (as ``run`` makes them, on the
    calendar it writes), in this process: the CPU figure is the one a loaded machine does
    not inflate, to set beside ``run``'s own CPU seconds."""
    from datetime import date

    from jiancha.console import SilentConsole
    from jiancha.models import run_models

    day = date.fromisoformat(as_of)
    catalogue = project.catalogue()
    project.sync_work_calendar(day)
    with project.warehouse(read_only=True) as wh:
        started, cpu = time.perf_counter(), time.process_time()
        run_models(wh, catalogue, None, day, SilentConsole())
        return time.perf_counter() - started, time.process_time() - cpu


def startup(args: list[str], project: Path, repeat: int) -> tuple[float, float, float]:
    """Best and median wall seconds, and the best CPU seconds, of ``repeat`` starts."""
    runs = [timed(args, project) for _ in range(repeat)]
    walls = [wall for wall, _, _ in runs]
    return min(walls), statistics.median(walls), min(cpu for _, cpu, _ in runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="city", choices=("small", "city", "province"))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--runs", type=int, default=3, help="pairs of runs, each on a fresh copy")
    parser.add_argument("--data", type=Path, help="a folder jiancha generate wrote")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="jiancha-bench-cli-"))
    try:
        data, as_of = _data(args, work)
        project = Project.init(work / "project")
        reports = project.import_paths(table_files([f for f in data.iterdir() if f.is_file()]))
        rows = sum(r.stored for r in reports)
        print(f"{data.name}: {rows:,} rows imported; load before: {load()}")
        # the import leaves the sentence estimates to the first run: made here, timed
        # apart, so that the runs below compare with the models alone
        started, cpu = time.perf_counter(), time.process_time()
        estimated, _ = project.sync_sentence_estimates()
        print(
            f"sentence estimates of {estimated:,} judgments (the first run's first step): "
            f"{time.perf_counter() - started:.2f} s (CPU {time.process_time() - cpu:.2f} s)"
        )
        alone = sorted(models_alone(project, as_of) for _ in range(3))
        alone_wall, alone_cpu = alone[1]  # the median of three by wall
        print(
            f"the models alone, in this process (no recording), median of three: "
            f"{alone_wall:.2f} s (CPU {alone_cpu:.2f} s; best {alone[0][0]:.2f} s)"
        )
        # each pair of runs on a fresh copy of the imported project, so that every "first"
        # finds no clue yet; best and median of --runs pairs
        pristine = work / "pristine"
        shutil.copytree(project.root, pristine)
        # as a new project has it: no answers of its own kept yet (the models' parse comes
        # from those the package ships)
        (pristine / ".jiancha" / "models.json").unlink(missing_ok=True)
        timings: dict[str, list[tuple[float, float, float, int]]] = {}
        for _attempt in range(args.runs):
            shutil.rmtree(project.root)
            shutil.copytree(pristine, project.root)
            for label in FIRST, AGAIN:
                timings.setdefault(label, []).append(run_once(project.root, as_of))
        for label, found in timings.items():
            found.sort()
            wall, cpu, models, count = found[len(found) // 2]  # the median run by wall
            print(
                f"jiancha run, {label}: median {wall:.2f} s (best {found[0][0]:.2f}) "
                f"(CPU {cpu:.2f} s); its {count} models {models:.2f} s; ratio "
                f"{wall / models:.2f}x (beside the models alone: wall {wall / alone_wall:.2f}x, "
                f"CPU {cpu / alone_cpu:.2f}x)"
            )
        for command in (["--help"], ["status"], ["clues", "list", "--limit", "10"]):
            best, median, cpu = startup(command, project.root, args.repeat)
            name = "jiancha " + " ".join(command)
            print(
                f"start-up {name:<32} best {best:.3f} s  median {median:.3f} s  (CPU {cpu:.3f} s)"
            )
        print(f"load after: {load()}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _data(args: argparse.Namespace, work: Path) -> tuple[Path, str]:
    """The generated folder and its evaluation date."""
    if args.data is None:
        generated = generate(work / "data", scale=args.scale, seed=args.seed)
        return generated.out_dir, generated.as_of.isoformat()
    manifest = json.loads((args.data / "manifest.json").read_text(encoding="utf-8"))
    return args.data, str(manifest["as_of"])


if __name__ == "__main__":
    main()
