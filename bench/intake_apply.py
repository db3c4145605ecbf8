"""What the push intake costs per batch: accepting into the queue, and applying by the worker.

    python bench/intake_apply.py [--batches 40] [--records 100] [--group 50] [--no-clues]
    python bench/intake_apply.py --linked small [--project DIR] [--batches 10] [--full]

An empty project with one agency key; ``--batches`` batches of ``--records`` 受案登记 records
are accepted into the casebook's queue (as the API does, without HTTP), then one intake
worker applies them all (``IntakeWorker.run(once=True)``), claiming up to ``--group``
batches at a time (1: one by one, as before grouping), with the first clue evaluation of
every model at the end unless ``--no-clues``. Prints batches per second for
both, the worker's CPU seconds, and the load average before and after (the machine is
shared). Not the issue's bench/intake.py (50 clients over HTTP, time to a visible clue):
that needs the incremental model runs.

``--linked SCALE``: a project of the generator's SCALE data set (seed 0), imported and linked
once (``jiancha link``: the parameters trained and frozen; with ``--project DIR`` built
there once and reused). Each of ``--batches`` batches of ``--records`` 受案登记 records with
suspects never seen (a third with a valid id number, a third with a mistyped one, a third
with a name only) is accepted, then applied and linked by the worker with the clues of the
models reading 受案登记 evaluated (``IntakeWorker.run(once=True)``, one batch at a time):
prints each batch's wall seconds, their median and greatest, and how the worker linked
(``local``: the new records scored and clustered locally; ``run``: the full linker).
``--full``: the worker made to run the full linker for every batch, as before issue 16's
local linking (the figures "before").
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from jiancha.intake import IntakeWorker
from jiancha.project import Project


def _record(n: int) -> dict[str, object]:
    return {
        "record_id": f"R{n:07d}",
        "unit_code": "350602",
        "received_at": "2026-03-01",
        "case_kind": "criminal",
        "offense": "盗窃",
        "decision": "filed",
    }


def _suspect(n: int, b: int, i: int) -> dict[str, object]:
    """A 受案登记 record of a suspect never seen: id number valid, mistyped or none."""
    from jiancha.values import id_check_digit

    first17 = f"35060219{70 + i % 30:02d}{1 + i % 12:02d}{1 + i % 28:02d}{b % 100:02d}{i % 10}"
    valid = first17 + id_check_digit(first17)
    number = [valid, valid[:-1] + ("0" if valid[-1] != "0" else "1"), None][i % 3]
    return {
        **_record(n),
        "received_at": "2026-01-05" if i == 0 else "2026-03-02",
        "decision": "pending" if i == 0 else "filed",
        "decided_at": None if i == 0 else "2026-03-02",
        "suspect_name": f"欧阳{b}号{i}",
        "suspect_id_number": number,
    }


def _linked_project(folder: Path, scale: str) -> Project:
    from jiancha.demo import table_files
    from jiancha.synth import generate

    if (folder / "project" / "jiancha.toml").exists():
        return Project.open(folder / "project")
    started = time.perf_counter()
    generated = generate(folder / "data", scale=scale, seed=0)  # type: ignore[arg-type]
    project = Project.init(folder / "project")
    project.import_paths(table_files(generated.files))
    report = project.link()
    print(
        f"built and linked the {scale} project in {time.perf_counter() - started:.0f} s "
        f"({report.mentions:,} person mentions)"
    )
    return project


def linked(args: argparse.Namespace) -> None:
    """Per-batch wall time of the worker on a linked project (see the module docstring)."""
    import statistics
    from datetime import date

    from jiancha.link import incremental

    if args.full:  # as before: the full linker for any new person or mention without an id
        incremental._why_full = lambda *_: "基准：完整关联"  # type: ignore[assignment]  # noqa: SLF001
    linking: list[float] = []
    link_new = incremental.link_new

    def timed(*a: Any, **k: Any) -> Any:
        started = time.perf_counter()
        try:
            return link_new(*a, **k)
        finally:
            linking.append(time.perf_counter() - started)

    incremental.link_new = timed  # type: ignore[assignment]
    with tempfile.TemporaryDirectory() as tmp:
        project = _linked_project(args.project or Path(tmp), args.linked)
        with project.casework() as work:
            name = f"漳州市公安局（基准 {int(time.time())}）"
            agency, _ = work.intake.add_agency(name, ["case_report"], ["3506"])
            worker = IntakeWorker(project, work, as_of=date(2026, 6, 30))
            worker.run(once=True)  # the first evaluation of every model, not timed
            stamp = int(time.time()) % 100_000
            times, how = [], []
            for b in range(args.batches):
                records = [
                    _suspect(stamp * 1000 + b * args.records + i, b, i) for i in range(args.records)
                ]
                text = json.dumps(records, ensure_ascii=False)
                work.intake.accept(agency, "case_report", text, len(records), f"l{stamp}-{b}")
                started = time.perf_counter()
                found: list[object] = []
                worker.run(once=True, on_clues=found.append)
                times.append(time.perf_counter() - started)
                how.append(str(getattr(found[0], "linking", None)) if found else "?")
                print(f"batch {b}: {times[-1]:.2f} s, linking {linking[-1]:.2f} s ({how[-1]})")
    median, linked_median = statistics.median(times), statistics.median(linking[-len(times) :])
    print(
        f"{args.batches} batches of {args.records} records: median {median:.2f} s "
        f"(linking {linked_median:.2f} s), max {max(times):.2f} s; linking: "
        + ", ".join(f"{h} × {how.count(h)}" for h in sorted(set(how)))
    )
    print(f"load after: {os.getloadavg()[0]:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--linked", metavar="SCALE", help="a linked project of this scale")
    parser.add_argument("--project", type=Path, help="with --linked: build it here once, reuse it")
    parser.add_argument("--full", action="store_true", help="with --linked: the full linker")
    parser.add_argument("--batches", type=int, default=40)
    parser.add_argument("--records", type=int, default=100)
    parser.add_argument("--group", type=int, default=50, help="batches claimed at once")
    parser.add_argument("--no-clues", action="store_true", help="apply only")
    args = parser.parse_args()
    print(f"load before: {os.getloadavg()[0]:.2f}")
    if args.linked:
        linked(args)
        return
    with tempfile.TemporaryDirectory() as tmp:
        project = Project.init(Path(tmp) / "p")
        with project.casework() as work:
            agency, _ = work.intake.add_agency("漳州市公安局", ["case_report"], ["3506"])
            started = time.perf_counter()
            for b in range(args.batches):
                records = [_record(b * args.records + i) for i in range(args.records)]
                text = json.dumps(records, ensure_ascii=False)
                work.intake.accept(agency, "case_report", text, len(records), f"b{b}")
            accepted = time.perf_counter() - started
            cpu = time.process_time()
            started = time.perf_counter()
            worker = IntakeWorker(project, work, clues=not args.no_clues, group_batches=args.group)
            applied = worker.run(once=True)
            wall = time.perf_counter() - started
            cpu = time.process_time() - cpu
    assert applied == args.batches
    print(f"accepted {args.batches} batches in {accepted:.2f} s: {args.batches / accepted:.1f}/s")
    print(
        f"applied {applied} batches of {args.records} records in {wall:.2f} s: "
        f"{applied / wall:.1f} batches/s, {applied * args.records / wall:,.0f} records/s "
        f"(worker CPU {cpu:.2f} s)"
    )
    print(f"load after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
