"""A province on both engines: generate, import, link, run every model on DuckDB and on Spark.

    .venv/bin/python bench/province.py [--scale province] [--seed 0] [--work DIR]
        [--engines duckdb,spark] [--master local[2]] [--grow 10] [--skip-link]
        [--models trial.sentence_outlier,...]

Each stage runs in its own process, so the seconds and the peak resident memory printed per
stage are that stage's alone (the JVM of a local Spark counts with the stage that starts it).
Per model it prints the seconds on each engine and the most expensive model of each.

``--grow N`` then makes the judgments and prisoners N times as many (copies with new record
ids and new id numbers, so that each copy is other people, not the same people N times) and
runs again the models whose cost grows fastest with those tables (the self-joins and windows
over all of a table), to show where the curve bends.

``--models`` runs only the models named (comma-separated) in every run stage, grown or not:
``--scale city --models trial.sentence_outlier`` times one model on a grown city.

``--work DIR`` keeps the generated data and the project there and reuses them on a later run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

# models that join or window a whole table of judgments or prisoners on itself
GROWING = (
    "trial.recidivism_not_recognised",
    "trial.probation_for_recidivist",
    "trial.sentence_outlier",
    "execution.commutation_interval_too_short",
    "execution.parole_too_soon_after_commutation",
    "execution.not_delivered",
    "execution.term_expired_not_released",
)
GROWN_TABLES = ("judgment", "prisoner")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="province")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--work", type=Path, default=Path("/tmp/jiancha-province"))
    parser.add_argument("--engines", default="duckdb,spark")
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--grow", type=int, default=10)
    parser.add_argument("--skip-link", action="store_true")
    parser.add_argument("--models", default="", help="only these models (comma-separated)")
    parser.add_argument("--stage", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage:
        print(json.dumps(stage(args)))
        return
    engines = [e for e in args.engines.split(",") if e]
    print(f"load average before: {os.getloadavg()}")
    results = [run_stage(args, "generate"), run_stage(args, "import")]
    if not args.skip_link:
        results.append(run_stage(args, "link"))
    for engine in engines:
        results.append(run_stage(args, f"run-{engine}"))
    if args.grow > 1:
        results.append(run_stage(args, "grow"))
        for engine in engines:
            results.append(run_stage(args, f"grown-{engine}"))
    print(f"\n{'stage':<16} {'seconds':>9} {'peak MiB':>9}  detail")
    for r in results:
        print(f"{r['stage']:<16} {r['seconds']:9.1f} {r['peak_mib']:9.0f}  {r.get('detail', '')}")
    print_models(results)
    print(f"load average after: {os.getloadavg()}")


def run_stage(args: argparse.Namespace, name: str) -> dict:
    command = [sys.executable, __file__, "--stage", name, "--scale", args.scale]
    command += ["--seed", str(args.seed), "--work", str(args.work), "--master", args.master]
    command += ["--grow", str(args.grow), "--models", args.models]
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(child.pid, 0)
    out = child.stdout.read() if child.stdout else ""
    seconds = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"stage {name} failed ({status})")
    found = json.loads(out.strip().splitlines()[-1])
    found.update(stage=name, seconds=seconds, peak_mib=usage.ru_maxrss / 1024)
    print(f"{name}: {seconds:.1f} s, peak {usage.ru_maxrss / 1024:.0f} MiB", flush=True)
    return found


def stage(args: argparse.Namespace) -> dict:
    from jiancha.demo import table_files
    from jiancha.project import Project
    from jiancha.synth import generate

    data, root = args.work / "data", args.work / "project"
    if args.stage == "generate":
        if (data / "manifest.json").exists():
            return {"detail": "reused"}
        result = generate(data, scale=args.scale, seed=args.seed)
        return {"detail": f"{sum(result.rows.values()):,} rows"}
    as_of = date.fromisoformat(json.loads((data / "manifest.json").read_text())["as_of"])
    if args.stage == "import":
        if (root / "jiancha.toml").exists():
            return {"detail": "reused"}
        project = Project.init(root)
        manifest = json.loads((data / "manifest.json").read_text())
        files = [data / f["name"] for f in manifest["files"]]
        project.import_paths(table_files(files))
        return {"detail": f"{sum(c.rows for c in project.counts()[0]):,} rows stored"}
    project = Project.open(root)
    if args.stage == "link":
        report = project.link()
        return {"detail": f"{report.mentions:,} mentions, {report.persons:,} people"}
    if args.stage == "grow":
        return {"detail": grow(project, args.grow)}
    engine = args.stage.split("-")[1]
    ids = list(GROWING) if args.stage.startswith("grown") else None
    if args.models:
        ids = args.models.split(",")
    return timed_models(project, engine, args.master, ids, as_of)


def timed_models(project, engine: str, master: str, ids, as_of: date) -> dict:  # type: ignore[no-untyped-def]
    from jiancha.console import SilentConsole
    from jiancha.models import run_models

    catalogue = project.catalogue()
    if engine == "duckdb":
        with project.warehouse(read_only=True) as wh:
            results = run_models(wh, catalogue, ids, as_of, SilentConsole())
    else:
        from jiancha.warehouse.spark import SparkWarehouse, spark_session

        started = time.perf_counter()
        project.export_parquet()
        exported = time.perf_counter() - started
        session = spark_session(master, {"spark.driver.memory": "6g"})
        with (
            project.warehouse(read_only=True) as ref,
            SparkWarehouse(session, project.parquet_path) as wh,
        ):
            results = run_models(wh, catalogue, ids, as_of, SilentConsole(), reference=ref)
    per_model = {r.model.id: round(r.seconds, 2) for r in results}
    errors = {r.model.id: r.error for r in results if r.error}
    hits = sum(len(r.hits) for r in results)
    worst = max(per_model, key=per_model.__getitem__)
    detail = f"{hits:,} hits, models {sum(per_model.values()):.1f} s, slowest {worst}"
    if engine == "spark":
        detail += f", export {exported:.1f} s"
    if errors:
        detail += f", {len(errors)} failed: {errors}"
    return {"detail": detail, "models": per_model}


def grow(project, times: int) -> str:  # type: ignore[no-untyped-def]
    """``times`` × the judgments and prisoners: copies with new ids and id numbers."""
    counts = {}
    with project.warehouse() as wh:
        for table in GROWN_TABLES:
            columns = wh.table_columns()[table]
            person = {"judgment": "defendant_id_number", "prisoner": "id_number"}[table]
            already = wh.scalar(f"SELECT count(*) FROM {table} WHERE record_id LIKE '%~%'")
            if already:
                counts[table] = wh.scalar(f"SELECT count(*) FROM {table}")
                continue
            copied = []
            for c in columns:
                if c == "record_id":
                    copied.append("record_id || '~' || CAST(k AS VARCHAR)")
                elif c == person:
                    copied.append(f"{c} || '~' || CAST(k AS VARCHAR)")
                elif c == "judgment_id" and table == "prisoner":
                    copied.append("judgment_id || '~' || CAST(k AS VARCHAR)")
                else:
                    copied.append(f'"{c}"')
            wh.execute(
                f"INSERT INTO {table} SELECT {', '.join(copied)} FROM {table}, "
                f"range(1, {times}) AS r(k)"
            )
            counts[table] = wh.scalar(f"SELECT count(*) FROM {table}")
    return ", ".join(f"{t} {n:,}" for t, n in counts.items())


def print_models(results: list[dict]) -> None:
    runs = [r for r in results if "models" in r]
    if not runs:
        return
    names = sorted({m for r in runs for m in r["models"]})
    print(f"\n{'model':<48} " + " ".join(f"{r['stage']:>14}" for r in runs))
    for name in names:
        cells = " ".join(
            f"{r['models'][name]:14.2f}" if name in r["models"] else f"{'':>14}" for r in runs
        )
        print(f"{name:<48} {cells}")


if __name__ == "__main__":
    main()
