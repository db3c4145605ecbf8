"""``jiancha generate``: a synthetic 漳州市 whose planted anomalies are known.

The jurisdiction is made chunk by chunk (one chunk at small scale, one per district for a
city, ten per district for a province). Each chunk is generated clean, anomalies of every
model of MODELS.md are planted into it, dirt is sprinkled on the rest, and its rows are
streamed to the per-table writers. ``ground_truth.csv`` lists every planted anomaly, every
lawful look-alike (kind ``lawful_lookalike``, with the law's ``exception`` it rests on: it
must never become a clue) and every piece of dirt (``requires_link``: the anomaly's
evidence has no valid id number, only a linked model finds it); ``mentions_truth.csv``
names the true person (their real id number) of every person mention, identity noise and
all (:mod:`jiancha.synth.identity`);
``judgment_texts/`` holds a judgment text (刑事判决书) per judgment (a sample of at most
``MAX_TEXTS`` at city and province scale) and ``judgment_texts_truth.csv`` what each says
(:mod:`jiancha.synth.texts`); ``manifest.json`` says what was written, and how.
"""

from __future__ import annotations

import csv
import json
import random
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from jiancha.console import Console, SilentConsole
from jiancha.errors import GenerateError
from jiancha.synth import identity
from jiancha.synth import reference as ref
from jiancha.synth.anomalies import LATE_PLANTERS, PLANTERS
from jiancha.synth.dirt import sprinkle
from jiancha.synth.exemptions import NEAR_MISSES, balance_sentences
from jiancha.synth.lookalikes import FUNCTION_LOOKALIKES, LATE_LOOKALIKES, LOOKALIKES
from jiancha.synth.people import OrgFactory, PersonFactory
from jiancha.synth.texts import TEXTS_DIR, TEXTS_TRUTH, JudgmentTextWriter
from jiancha.synth.world import TABLES, IdLedger, Truth, World

if TYPE_CHECKING:
    from jiancha.synth.writers import TableWriter

__all__ = ["DEFAULT_AS_OF", "GenerateResult", "Scale", "generate"]

DEFAULT_AS_OF = date(2026, 6, 30)
Scale = Literal["small", "city", "province"]
GROUND_TRUTH_COLUMNS = (
    "kind",
    "model_id",
    "key_table",
    "key_id",
    "subject_name",
    "subject_id_number",
    "unit_code",
    "evidence",
    "table",
    "record_id",
    "field",
    "expected",
    "requires_link",
    "exception",
)
MENTIONS_TRUTH_COLUMNS = ("table", "record_id", "role", "person_key")


@dataclass(frozen=True)
class ChunkSize:
    """How much of each kind of record one chunk holds."""

    cases: int
    reports: int
    civil: int
    admin: int
    recommendations: int
    petitions: int
    supervisory: int
    deaths: int
    hospital: int
    border_people: int
    workers: int
    employers: int
    plants: int  # per model
    near_misses: int  # per exemption story


SMALL = ChunkSize(340, 80, 220, 200, 60, 120, 30, 50, 100, 60, 80, 15, 3, 1)
CITY = ChunkSize(1800, 600, 1400, 1000, 150, 500, 100, 1000, 3000, 3000, 3400, 200, 6, 3)
CHUNKS: dict[str, int] = {"small": 1, "city": 11, "province": 110}
# Judgment texts beyond small scale: a sample, so time and disk stay bounded.
MAX_TEXTS = 2_000


@dataclass
class GenerateResult:
    out_dir: Path
    scale: str
    seed: int
    as_of: date
    rows: dict[str, int] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    planted: dict[str, int] = field(default_factory=dict)
    lookalikes: dict[str, int] = field(default_factory=dict)  # lawful look-alikes per model
    mentions_truth: Path | None = None  # mentions_truth.csv: the true person of each mention
    judgment_texts: list[Path] = field(default_factory=list)  # judgment_texts/*.txt
    judgment_texts_truth: Path | None = None  # judgment_texts_truth.csv: what each text says


def generate(
    out_dir: Path,
    *,
    scale: Scale = "small",
    seed: int = 0,
    as_of: date = DEFAULT_AS_OF,
    console: Console | None = None,
) -> GenerateResult:
    """Write the synthetic jurisdiction, its ground truth and its manifest into ``out_dir``."""
    _check_arguments(out_dir, scale, as_of)
    console = console or SilentConsole()
    out_dir.mkdir(parents=True, exist_ok=True)
    from jiancha.synth.writers import TableWriter

    created = datetime(as_of.year, as_of.month, as_of.day)
    writers = {t: TableWriter(out_dir, t, created) for t in TABLES}
    result = GenerateResult(out_dir=out_dir, scale=scale, seed=seed, as_of=as_of)
    per_chunk = None if scale == "small" else MAX_TEXTS // CHUNKS[scale]
    texts = JudgmentTextWriter(out_dir, seed=seed, per_chunk=per_chunk)
    truth_path = out_dir / "ground_truth.csv"
    mentions_path = out_dir / "mentions_truth.csv"
    with (
        truth_path.open("w", encoding="utf-8", newline="") as truth_file,
        mentions_path.open("w", encoding="utf-8", newline="") as mentions_file,
    ):
        truth = csv.writer(truth_file, lineterminator="\n")
        truth.writerow(GROUND_TRUTH_COLUMNS)
        mentions = csv.writer(mentions_file, lineterminator="\n")
        mentions.writerow(MENTIONS_TRUTH_COLUMNS)
        _generate_chunks(writers, (truth, mentions), result, console, texts)
    for writer in writers.values():
        writer.close()
        result.rows[writer.table] = writer.rows_written
        result.files += writer.files
    result.files.append(truth_path)
    # not in ``files``: callers import ``files`` less ground_truth.csv and manifest.json
    result.mentions_truth = mentions_path
    # not in ``files`` either: texts are imported on their own (jiancha import judgment_texts)
    result.judgment_texts_truth = texts.close()
    result.judgment_texts = [texts.folder / name for name in texts.names]
    result.files.append(_write_manifest(out_dir, result, writers))
    total, planted = sum(result.rows.values()), sum(result.planted.values())
    console.info(f"已生成 {total} 行数据，埋设异常 {planted} 条：{out_dir}")
    return result


def _check_arguments(out_dir: Path, scale: str, as_of: date) -> None:
    if scale not in CHUNKS:
        raise GenerateError(f"未知的规模 “{scale}”；可用：small、city、province")
    if out_dir.exists() and not out_dir.is_dir():
        raise GenerateError(f"输出位置 {out_dir} 是一个文件，不是目录")
    if as_of.year < 2020:
        raise GenerateError(
            f"评估日期 {as_of.isoformat()} 太早：数据覆盖评估日期前七年，请使用 2020 年以后的日期"
        )


def _generate_chunks(
    writers: dict[str, TableWriter],
    sinks: tuple[Any, Any],
    result: GenerateResult,
    console: Console,
    texts: JudgmentTextWriter,
) -> None:
    n_chunks = CHUNKS[result.scale]
    size = SMALL if result.scale == "small" else CITY
    ids = IdLedger()
    next_person, next_org = 1, 1
    planted = dict.fromkeys(PLANTERS, 0)
    lookalikes: dict[str, int] = {}
    truth, mentions = sinks

    def dirt_sink(table: str, record_id: str, where: str, expected: str, unit: str) -> None:
        truth.writerow(
            (
                "dirt",
                "",
                table,
                record_id,
                "",
                "",
                unit,
                "",
                table,
                record_id,
                where,
                expected,
                "false",
                "",
            )
        )

    with console.progress("生成合成数据", n_chunks) as progress:
        for chunk in range(n_chunks):
            rng = random.Random(f"jiancha-synth:{result.seed}:{chunk}")
            units, stations = _chunk_units(result.scale, chunk)
            people = PersonFactory(rng, units, stations, next_person, result.as_of)
            orgs = OrgFactory(rng, units, next_org)
            world = World(
                rng=rng, as_of=result.as_of, units=units, people=people, orgs=orgs, ids=ids
            )
            _populate(world, size)
            for story in (*NEAR_MISSES, *LOOKALIKES):
                for _ in range(size.near_misses):
                    story(world)
            for model_id, planter in PLANTERS.items():
                if model_id not in LATE_PLANTERS:
                    for _ in range(size.plants):
                        planter(world)
            # The public-interest and minors' registers and look-alikes come after the
            # criminal stories, so that they leave those stories' random draws as they were;
            # the models added since, after all of them, for the same reason.
            _populate_functions(world, size)
            for story in FUNCTION_LOOKALIKES:
                for _ in range(size.near_misses):
                    story(world)
            for planter in LATE_PLANTERS.values():
                for _ in range(size.plants):
                    planter(world)
            for story in LATE_LOOKALIKES:
                for _ in range(size.near_misses):
                    story(world)
            balance_sentences(world)
            identity.add_namesakes(world)
            identity.remember_true_ids(world)
            identity.add_identity_noise(world, rng)
            texts.write_chunk(world, chunk)  # from clean rows, before dirt
            sprinkle(world, rng)
            for item in world.truth:
                truth.writerow(_truth_row(item))
                if item.kind == "anomaly":
                    planted[item.model_id] += 1
                else:
                    lookalikes[item.model_id] = lookalikes.get(item.model_id, 0) + 1
            mentions.writerows(identity.truth_rows(world))
            for table in TABLES:
                writers[table].write(world.rows[table], dirt_sink)
            next_person, next_org = people.next_idx, orgs.next_idx
            progress.advance(1)
    result.planted = planted
    result.lookalikes = lookalikes


def _chunk_units(scale: str, chunk: int) -> tuple[tuple[str, ...], range]:
    if scale == "small":
        return ref.DISTRICT_CODES, range(0, 100)
    district = ref.DISTRICT_CODES[chunk % len(ref.DISTRICT_CODES)]
    if scale == "city":
        return (district,), range(0, 100)
    block = chunk // len(ref.DISTRICT_CODES)
    return (district,), range(block * 10, block * 10 + 10)


def _populate(world: World, size: ChunkSize) -> None:
    """The clean jurisdiction of one chunk."""
    from jiancha.synth import admin, registers, society
    from jiancha.synth.cases import random_spec
    from jiancha.synth.prison import run_case

    for _ in range(size.cases):
        run_case(world, random_spec(world))
    for _ in range(size.reports):
        society.clean_report(world)
    for _ in range(max(1, size.reports // 20)):
        society.recent_pending_report(world)
    for _ in range(size.admin):
        society.clean_admin(world)
    from jiancha.synth import civil

    lawyers = society.Lawyers(world)
    for _ in range(size.civil):
        civil.clean_civil(world, lawyers)
    civil.clean_enforcement(world, size.civil // 2)
    civil.clean_assets(world, size.civil // 2)
    for _ in range(size.recommendations):
        society.clean_recommendation(world)
    for _ in range(size.petitions):
        society.clean_petition(world)
    for _ in range(size.supervisory):
        society.clean_supervisory(world)
    registers.deaths(world, size.deaths)
    registers.hospital_stays(world, size.hospital)
    registers.border_crossings(world, size.border_people)
    registers.employment(world, size.workers, registers.employer_names(world, size.employers))
    admin.populate(world, size.admin)


def _populate_functions(world: World, size: ChunkSize) -> None:
    """The clean registers of the public-interest and minors' models."""
    from jiancha.synth import minors, public_interest

    public_interest.populate(world, recipients=size.deaths, transfers=size.supervisory)
    minors.populate(
        world, staff=size.employers, check_ins=size.hospital, decisions=size.supervisory // 3
    )


def _truth_row(item: Truth) -> tuple[str, ...]:
    evidence = ";".join(f"{t}:{r}" for t, r in item.evidence)
    table, record = ("", "") if item.key_table == "subject" else (item.key_table, item.key_id)
    return (
        item.kind,
        item.model_id,
        item.key_table,
        item.key_id,
        item.subject_name,
        item.subject_id,
        item.unit_code,
        evidence,
        table,
        record,
        "",
        "",
        "true" if item.requires_link else "false",
        item.exception,
    )


def _write_manifest(out_dir: Path, result: GenerateResult, writers: dict[str, TableWriter]) -> Path:
    files = []
    for table, writer in writers.items():
        for path in writer.files:
            files.append(
                {
                    "name": path.name,
                    "table": table,
                    "format": writer.fmt.format,
                    "encoding": writer.fmt.encoding or None,
                    "header": "chinese_labels" if writer.fmt.header == "zh" else "column_names",
                }
            )
    for name in ("ground_truth.csv", "mentions_truth.csv", TEXTS_TRUTH):
        files.append(
            {
                "name": name,
                "table": None,
                "format": "csv",
                "encoding": "utf-8",
                "header": "column_names",
            }
        )
    manifest = {
        "generator": "jiancha.synth",
        "scale": result.scale,
        "seed": result.seed,
        "as_of": result.as_of.isoformat(),
        "rows": result.rows,
        "planted": result.planted,
        "lawful_lookalikes": result.lookalikes,
        "files": files,
        "judgment_texts": {
            "folder": TEXTS_DIR,
            "truth": TEXTS_TRUTH,
            "sampled": result.scale != "small",
            "files": [f"{TEXTS_DIR}/{p.name}" for p in result.judgment_texts],
        },
    }
    path = out_dir / "manifest.json"
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
