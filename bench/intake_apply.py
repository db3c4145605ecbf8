"""What the push intake costs per batch: accepting into the queue, and applying by the worker.

    python bench/intake_apply.py [--batches 40] [--records 100] [--group 50] [--no-clues]

An empty project with one agency key; ``--batches`` batches of ``--records`` 受案登记 records
are accepted into the casebook's queue (as the API does, without HTTP), then one intake
worker applies them all (``IntakeWorker.run(once=True)``), claiming up to ``--group``
batches at a time (1: one by one, as before grouping), with the first clue evaluation of
every model at the end unless ``--no-clues``. Prints batches per second for
both, the worker's CPU seconds, and the load average before and after (the machine is
shared). Not the issue's bench/intake.py (50 clients over HTTP, time to a visible clue):
that needs the incremental model runs.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--batches", type=int, default=40)
    parser.add_argument("--records", type=int, default=100)
    parser.add_argument("--group", type=int, default=50, help="batches claimed at once")
    parser.add_argument("--no-clues", action="store_true", help="apply only")
    args = parser.parse_args()
    print(f"load before: {os.getloadavg()[0]:.2f}")
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
