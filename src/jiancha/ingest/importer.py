"""``jiancha import``: agency exports into the warehouse, with nothing lost.

For each file (or Excel sheet): stage it as text, map its headers, normalise its values,
then in one transaction quarantine the rows that cannot be used and store the rest —
new record_ids inserted, changed ones replaced (and logged), unchanged ones left alone.
Rows read = rows stored + rows quarantined, for every batch.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import os
import shutil
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TypeVar

import pyarrow as pa

from jiancha.console import Console, SilentConsole
from jiancha.errors import ImportInterrupted, IngestError, WarehouseError
from jiancha.ingest import readers, sqlnorm
from jiancha.ingest.judgment_text import (
    FILLED,
    fill_from_full_text,
    judgment_rows,
    read_judgment_texts,
)
from jiancha.ingest.mapping import MappingProfile, header_map
from jiancha.ingest.normalise import build_normalised, q, raw_selects, stage_raw
from jiancha.ingest.sources import (
    SourceFile,
    detect_encoding,
    expand_paths,
    inspect,
    os_problem,
    table_from_headers,
    table_from_name,
)
from jiancha.schema import Table, contract, normalise_header
from jiancha.warehouse import Warehouse

T = TypeVar("T")
STAGE = "_stage"
PARALLEL_FILES = 2  # files read and normalised at once (the machines have two cores)
# Files prepared ahead of the one being stored, so that no worker waits on a commit: up to
# LOOKAHEAD_BYTES of source files (what their prepared rows hold in memory scales with it),
# and always the next PARALLEL_FILES.
LOOKAHEAD_BYTES = 256 * 1024 * 1024


@dataclass
class ImportReport:
    """What happened to one file (or one sheet of a workbook)."""

    file: str
    table: str | None
    sheet: str | None = None
    batch_id: int | None = None
    status: str = "imported"  # imported | unchanged (same file seen before)
    format: str = ""
    encoding: str | None = None
    read: int = 0
    stored: int = 0
    new: int = 0
    replaced: int = 0
    unchanged: int = 0
    quarantined: int = 0
    flagged: int = 0
    notes: list[str] = field(default_factory=list)
    # with the file's hash, the identity of the import: the --table and mapping it was read with
    settings: str | None = None


class Importer:
    def __init__(
        self,
        warehouse: Warehouse,
        *,
        console: Console | None = None,
        table: str | None = None,
        profile: MappingProfile | None = None,
        force: bool = False,
        allowed_units: Sequence[str] | None = None,
    ) -> None:
        # staging reads files in SQL, into temporary tables, and stores all or nothing
        for capability in ("reads_files", "temp_tables", "transactions"):
            warehouse.require(capability, "导入数据")
        self.wh = warehouse
        self.console = console or SilentConsole()
        self.forced_table = contract().table(table) if table else None
        if profile is not None and profile.table and self.forced_table is None:
            self.forced_table = contract().table(profile.table)
        if profile is not None and self.forced_table is not None:
            profile.check(self.forced_table, "映射文件")
        self.profile = profile
        self.force = force  # import again a file already imported the same way
        self.settings = _settings_digest(self.forced_table, profile)
        # unit-code prefixes the importing user may import for (None: every unit); a row of
        # another unit is quarantined, naming it
        self.allowed_units = tuple(allowed_units) if allowed_units is not None else None

    def import_paths(self, paths: Iterable[Path]) -> list[ImportReport]:
        files = expand_paths(paths)
        if not files:
            raise IngestError("没有找到可导入的文件（支持 csv、xlsx、parquet、jsonl）")
        clean_stale_workdirs()
        # every file checked (and hashed, two at a time) before any is stored
        with ThreadPoolExecutor(max_workers=PARALLEL_FILES) as pool:
            sources = list(pool.map(inspect, files))
        texts = [s for s in sources if s.format == "text" and self.forced_table is None]
        tables = [s for s in sources if s not in texts]
        reports: list[ImportReport] = []  # the files committed so far
        try:
            if tables:
                total = sum(s.size for s in tables)
                with self.console.progress(f"导入 {len(tables)} 个文件", total=total) as bar:
                    self._import_sources(tables, bar.advance, reports)
            if texts:
                reports.append(self._guarded(texts[0], lambda: self.import_judgment_texts(texts)))
        except KeyboardInterrupt:
            raise ImportInterrupted(
                f"导入已中断：{_committed(reports, len(sources))}", reports, interrupted=True
            ) from None
        except IngestError as exc:
            if not reports:
                raise
            raise ImportInterrupted(
                f"{exc}。{_committed(reports, len(sources))}", reports
            ) from None
        return reports

    def _import_sources(
        self, sources: list[SourceFile], advance: readers.Advance, reports: list[ImportReport]
    ) -> None:
        """Files read and normalised two at a time, each on its own cursor, and stored
        one at a time in the order given (a later file's row replaces an earlier one's);
        each file's report is added to ``reports`` once it is committed."""
        pending: deque[tuple[SourceFile, Future[_Prepared] | None]] = deque()
        queue = deque(sources)
        with ThreadPoolExecutor(max_workers=PARALLEL_FILES) as pool:
            try:
                while queue or pending:
                    while queue and _room_ahead(pending, queue[0]):
                        src = queue.popleft()
                        job = (
                            None
                            if src.format == "xlsx"
                            else pool.submit(self._prepare, src, advance)
                        )
                        pending.append((src, job))
                    src, job = pending.popleft()
                    if job is None:
                        reports += self._guarded(src, partial(self._import_workbook, src, advance))
                    else:
                        reports.append(self._guarded(src, partial(_store_prepared, job)))
            finally:
                for _, job in pending:
                    if job is not None and not job.cancel() and job.exception() is None:
                        job.result().discard()

    def _guarded(self, src: SourceFile, step: Callable[[], T]) -> T:
        """One file's import, its failures of the disk or the file system said in a line."""
        try:
            return step()
        except OSError as exc:
            raise IngestError(os_problem(src.path.name, exc)) from None
        except WarehouseError as exc:
            if _DISK_FULL in exc.detail:
                raise IngestError(os_problem(src.path.name, OSError(errno.ENOSPC, ""))) from None
            raise

    def _prepare(self, src: SourceFile, advance: readers.Advance) -> _Prepared:
        """Stage and normalise one file on a cursor of its own (temporary tables are per cursor)."""
        wh = self.wh.cursor()
        workdir = Path(tempfile.mkdtemp(prefix=f"{WORKDIR_PREFIX}{os.getpid()}-"))
        prepared = _Prepared(wh, workdir, src)
        try:
            prepared.report = self._seen(wh, src, None)
            if prepared.report is not None:
                advance(src.size)
                return prepared
            staged = self._stage(wh, src, advance, workdir)
            table = self._table_for(src.path.name, None, staged.headers)
            prepared.report = self._normalise(wh, src, staged, table, advance)
            prepared.staged, prepared.table = staged, table
        except BaseException:
            prepared.discard()
            raise
        return prepared

    def import_judgment_texts(self, sources: list[SourceFile]) -> ImportReport:
        """Criminal judgment texts (.txt, .docx, JSON lines of full texts), parsed into
        ``judgment`` rows (one per defendant), as one batch; unreadable texts are quarantined."""
        src = _combined(sources)
        previous = self._seen(self.wh, src, None)
        if previous is not None:
            return previous
        table = contract().table("judgment")
        with self.console.progress(f"解析裁判文书（{len(sources)} 个文件）") as bar:
            texts = (t for s in sources for t in read_judgment_texts(s.path))
            rows, problems = judgment_rows(texts)
            headers = table.column_names
            cells: Iterator[tuple[int, list[object]]] = (
                (n, [readers.cell_text(row.get(c)) for c in headers])
                for n, row in enumerate(rows, start=1)
            )
            staged = readers.stage_rows(self.wh, STAGE, headers, cells, bar.advance)
        staged.rejects = [
            readers.Reject(
                len(rows) + n, f"无法解析的裁判文书 {p.source_id}：{p.reason}", p.source_id
            )
            for n, p in enumerate(problems, start=1)
        ]
        return self._load(src, staged, table)

    def import_records(
        self,
        name: str,
        identity: str,
        records: Sequence[object],
        refuse: Callable[[Mapping[str, object]], str | None] = lambda record: None,
    ) -> ImportReport:
        """Records pushed as JSON objects (the intake API), imported as one batch exactly as a
        file of them would be, into the table the importer was made for. ``identity`` is the
        batch's import identity (its hash): a batch already imported is reported, not stored
        again. ``refuse`` gives the reason to quarantine a record (e.g. outside the pusher's
        units), or None; records that are not objects are quarantined too."""
        (result,) = self.import_pushed([Pushed(name, identity, records, refuse)])
        if isinstance(result, IngestError):
            raise result
        return result

    def import_pushed(self, batches: Sequence[Pushed]) -> list[ImportReport | IngestError]:
        """Several pushed batches of the importer's table, each imported as
        :meth:`import_records` imports it (its own import batch, counts, quarantine with its
        own row numbers, identity), in the order given (a later batch's record replaces an
        earlier one's), but normalised in one pass: what a batch costs is mostly the
        normalisation's statements, not its rows. All are stored in one transaction. A batch
        the import refuses as a whole (no record_id) is its error, the others go on."""
        if self.forced_table is None:
            raise IngestError("推送的记录必须指定数据表")
        table = self.forced_table
        results: list[ImportReport | IngestError | None] = [None] * len(batches)
        parts: list[_Part] = []
        seen = self._seen_many([b.identity for b in batches])
        for index, batch in enumerate(batches):
            try:
                part = self._pushed_part(index, batch, table, seen)
            except IngestError as exc:
                results[index] = exc
                continue
            if isinstance(part, ImportReport):
                results[index] = part
            else:
                parts.append(part)
        if len(parts) > 1:
            try:
                for part, report in zip(parts, self._load_parts(parts, table), strict=True):
                    results[part.index] = report
            except IngestError:  # refused as a group: each batch alone says which
                _drop_temporaries(self.wh, ["_raw", "_raw_rows", STAGE, "_norm", *_GROUPED])
                parts_alone = parts
            else:
                parts_alone = []
        else:
            parts_alone = parts
        for part in parts_alone:
            try:
                results[part.index] = self._load_parts([part], table)[0]
            except IngestError as exc:
                results[part.index] = exc
        return [r for r in results if r is not None]

    def _pushed_part(
        self, index: int, batch: Pushed, table: Table, seen: dict[str, tuple]
    ) -> _Part | ImportReport:
        """A pushed batch's records checked and put in rows (or its earlier import's report,
        from ``seen``: :meth:`_seen_many`)."""
        size = sum(len(str(r)) for r in batch.records)
        src = SourceFile(Path(batch.name), "json", batch.identity, size)
        if batch.identity in seen:
            return _unchanged_report(src, None, seen[batch.identity])
        # each record may name its fields in English or in Chinese, as a file's header may
        lookup = table.header_lookup()
        names: dict[object, str] = {}  # a key as pushed → its column (records repeat keys)

        def column(key: object) -> str:
            if key not in names:
                names[key] = lookup.get(normalise_header(str(key)), str(key))
            return names[key]

        named = [
            {column(k): v for k, v in r.items()} if isinstance(r, Mapping) else r
            for r in batch.records
        ]
        headers = list(
            dict.fromkeys(str(k) for r in named if isinstance(r, Mapping) for k in r)
        ) or ["record_id"]
        self._columns(src, readers.Staged(STAGE, headers, headers), table)  # no record_id…
        part = _Part(index, src, headers, len(named))
        for number, record in enumerate(named, start=1):
            raw = json.dumps(record, ensure_ascii=False, default=str)[:2000]
            if not isinstance(record, Mapping):
                not_object = "不是 JSON 对象（应为“字段: 值”的形式）"
                part.rejects.append(readers.Reject(number, not_object, raw))
                continue
            refused = batch.refuse(record)
            if refused is None:
                part.kept.append((number, record))
                continue
            record_id = record.get("record_id")
            named_id = None if record_id in (None, "") else str(record_id).strip()
            reject = readers.Reject(number, refused, raw, named_id, batch.refused_field)
            part.rejects.append(reject)
        return part

    def _load_parts(self, parts: list[_Part], table: Table) -> list[ImportReport]:
        """Stage and normalise the parts as one file, rows numbered ``place * stride + row``,
        then store each part as its own batch, in order, in one transaction."""
        headers = list(dict.fromkeys(h for p in parts for h in p.headers))
        stride = max(p.size for p in parts) + 1
        rows: Iterator[tuple[int, list[object]]] = (
            (place * stride + number, [readers.cell_text(record.get(h)) for h in headers])
            for place, part in enumerate(parts)
            for number, record in part.kept
        )
        staged = readers.stage_rows(self.wh, STAGE, headers, rows, lambda n: None)
        if len(parts) == 1:
            staged.rejects = parts[0].rejects
            return [self._load(parts[0].src, staged, table)]
        self._normalise(self.wh, parts[0].src, staged, table, stride=stride)
        self.wh.execute("ALTER TABLE _norm RENAME TO _norm_group")
        self.wh.execute("ALTER TABLE _raw RENAME TO _raw_group")
        reports = [
            ImportReport(p.src.path.name, table.name, format="json", settings=self.settings)
            for p in parts
        ]
        with self.wh.transaction():
            _commit_parts(self.wh, parts, reports, table, stride)
        _drop_temporaries(self.wh, ["_raw", "_raw_rows", STAGE, "_norm", *_GROUPED])
        return reports

    def _import_workbook(self, src: SourceFile, advance: readers.Advance) -> list[ImportReport]:
        reports: list[ImportReport] = []
        skipped: list[str] = []
        for sheet in readers.xlsx_sheets(src):
            if sheet.skipped is not None:
                skipped.append(f"跳过工作表“{sheet.name}”：{sheet.skipped}")
                continue
            table = self._sheet_table(src, sheet.name, sheet.headers)
            if table is None:
                skipped.append(f"跳过工作表“{sheet.name}”：无法识别为数据表")
                continue
            previous = self._seen(self.wh, src, sheet.name)
            if previous is not None:
                reports.append(previous)
                continue
            staged = readers.stage_rows(self.wh, STAGE, sheet.headers, sheet.rows, lambda n: None)
            staged.sheet = sheet.name
            staged.rejects = sheet.rejects
            staged.long_numbers = sheet.long_numbers
            reports.append(self._load(src, staged, table))
        advance(src.size)
        if not reports:
            raise IngestError(f"{src.path.name}: 没有一个工作表能识别为数据表（请用 --table 指定）")
        reports[0].notes += skipped
        return reports

    def _sheet_table(self, src: SourceFile, sheet: str, headers: list[str]) -> Table | None:
        if self.forced_table is not None:
            return self.forced_table
        return (
            table_from_name(sheet) or table_from_name(src.path.stem) or table_from_headers(headers)
        )

    def _stage(
        self,
        wh: Warehouse,
        src: SourceFile,
        advance: readers.Advance,
        workdir: Path,
    ) -> readers.Staged:
        if src.format == "csv":
            return readers.stage_csv(src, workdir)
        if src.format == "parquet":
            return readers.stage_parquet(wh, src, STAGE, advance)
        headers = readers.jsonl_headers(src)
        rejects: list[readers.Reject] = []
        rows = readers.jsonl_rows(src, headers, rejects)
        staged = readers.stage_rows(wh, STAGE, headers, rows, lambda n: None)
        staged.rejects = rejects
        staged.encoding = detect_encoding(src.path)
        advance(src.size)
        return staged

    def _table_for(self, name: str, sheet: str | None, headers: list[str]) -> Table:
        if self.forced_table is not None:
            return self.forced_table
        table = table_from_name(Path(name).stem) or table_from_headers(headers)
        if table is None:
            raise IngestError(
                f"{name}: 无法确定对应的数据表（文件名不是表名，表头也无法识别）；请用 --table 指定"
            )
        return table

    def _seen(self, wh: Warehouse, src: SourceFile, sheet: str | None) -> ImportReport | None:
        """A file already imported unchanged, with the same --table and mapping: report it
        and do nothing (unless forced)."""
        if self.force:
            return None
        row = wh.rows(
            f"SELECT {_SEEN_COLUMNS} "
            "FROM _import_batch WHERE sha256 = ? AND sheet IS NOT DISTINCT FROM ? "
            "AND settings IS NOT DISTINCT FROM ? "
            "AND status = 'imported' ORDER BY batch_id DESC LIMIT 1",
            [src.sha256, sheet, self.settings],
        )
        return _unchanged_report(src, sheet, row[0]) if row else None

    def _seen_many(self, hashes: Sequence[str]) -> dict[str, tuple]:
        """:meth:`_seen` for many files (no sheets) in one query: hash → its last import."""
        if self.force or not hashes:
            return {}
        marks = ", ".join("?" * len(hashes))
        rows = self.wh.rows(
            f"SELECT sha256, {_SEEN_COLUMNS} FROM _import_batch WHERE sha256 IN ({marks}) "
            "AND sheet IS NULL AND settings IS NOT DISTINCT FROM ? AND status = 'imported' "
            "ORDER BY batch_id",
            [*hashes, self.settings],
        )
        return {str(r[0]): tuple(r[1:]) for r in rows}  # the last import of each, by order

    def _normalise(
        self,
        wh: Warehouse,
        src: SourceFile,
        staged: readers.Staged,
        table: Table,
        advance: readers.Advance = lambda n: None,
        *,
        stride: int | None = None,
    ) -> ImportReport:
        """``_norm`` on ``wh``: the file's rows typed, checked and hashed, nothing stored yet.
        ``stride``: the rows are several pushed batches', ``_row // stride`` each one's place
        (a record_id repeated in two of them is no duplicate)."""
        columns = self._columns(src, staged, table)
        report = ImportReport(
            src.path.name,
            table.name,
            staged.sheet,
            format=src.format,
            encoding=staged.encoding,
            settings=self.settings,
        )
        selects = raw_selects(table, columns, self.profile)
        # rowid = the row's place in the file. SESSION: this cursor only; a plain SET changes
        # the whole database, and a file prepared beside this one would switch it off.
        wh.execute("SET SESSION preserve_insertion_order = true")
        if staged.csv_source is not None:
            readers.read_csv_into(wh, staged, selects, src.path.name, advance, src.size)
        else:
            stage_raw(wh, staged.stage, selects)
        # From here on every row carries its row number: let DuckDB write in any order.
        wh.execute("SET SESSION preserve_insertion_order = false")
        if table.name == "judgment" and "full_text" in columns:
            filled = fill_from_full_text(wh)
            if filled:
                report.notes.append(f"{filled} 行的空白字段已由裁判文书全文解析补全")
        build_normalised(wh, table, self.allowed_units, stride=stride)
        if staged.long_numbers:
            _flag_long_numbers(wh, table, columns, staged)
        staged_rows = wh.one("SELECT count(*) FROM _raw")
        report.read = int(staged_rows[0] if staged_rows else 0) + len(staged.rejects)
        return report

    def _load(self, src: SourceFile, staged: readers.Staged, table: Table) -> ImportReport:
        """Normalise and store on the importer's own connection (workbooks, judgment texts)."""
        report = self._normalise(self.wh, src, staged, table)
        _commit(self.wh, report, src, staged, table)
        return report

    def _columns(self, src: SourceFile, staged: readers.Staged, table: Table) -> dict[str, str]:
        """Contract column → stage column; a file without record_id cannot be imported."""
        where = src.path.name + (f"［{staged.sheet}］" if staged.sheet else "")
        mapped, unknown = header_map(staged.headers, table, self.profile, where)
        by_column = {col: staged.columns[position] for position, col in mapped.items()}
        defaults = self.profile.defaults if self.profile else {}
        from_text = set(FILLED) if table.name == "judgment" and "full_text" in by_column else set()
        absent = [
            c
            for c in table.columns
            if c.required
            and c.name not in by_column
            and c.name not in defaults
            and c.name not in from_text
        ]
        if absent:
            labels = "、".join(f"{c.name}（{c.label}）" for c in absent)
            raise IngestError(f"{where}: 缺少必需的列 {labels}，表 {table.name} 无法导入")
        if unknown:
            self.console.warn(f"{where}: 忽略无法识别的列：{'、'.join(unknown)}")
        return by_column


@dataclass(frozen=True)
class Pushed:
    """One pushed batch for :meth:`Importer.import_pushed`: its name in the import log and
    quarantine, its import identity, its records and why a record may not be stored."""

    name: str
    identity: str
    records: Sequence[object]
    refuse: Callable[[Mapping[str, object]], str | None] = lambda record: None
    refused_field: str | None = None  # the column ``refuse`` judges a record by


@dataclass
class _Part:
    """A pushed batch in a group: its place among the batches given, its records kept (with
    their row numbers) and refused."""

    index: int
    src: SourceFile
    headers: list[str]
    size: int
    kept: list[tuple[int, Mapping[str, object]]] = field(default_factory=list)
    rejects: list[readers.Reject] = field(default_factory=list)


_GROUPED = ["_norm_group", "_raw_group"]


QUARANTINE_COLUMNS = '(batch_id, file, sheet, "row", table_name, record_id, field, reason, raw)'
# a row refused before it was normalised (unreadable, too many cells, outside the pusher's
# units …), with its record_id and field where they are known
QUARANTINE_REJECT = (
    f"INSERT INTO _quarantine {QUARANTINE_COLUMNS} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _commit_parts(
    wh: Warehouse, parts: list[_Part], reports: list[ImportReport], table: Table, stride: int
) -> None:
    """Store a group's ``_norm_group`` as its parts one after another would be by
    :func:`_commit` (each its own batch: quarantine, new, replaced with the version it
    replaces, unchanged, logged), in a few set-based statements: a record of a later part
    replaces the one stored, or stored by an earlier part, when its content differs."""
    base = _next_batch(wh)
    for place, report in enumerate(reports):
        report.batch_id = base + place
    listed = pa.table(
        {
            "place": pa.array(range(len(parts)), pa.int64()),
            "batch_id": pa.array([r.batch_id for r in reports], pa.int32()),
            "file": pa.array([r.file for r in reports], pa.string()),
        }
    )
    with wh.registered("_parts_arrow", listed):
        wh.execute("CREATE OR REPLACE TEMP TABLE _parts AS SELECT * FROM _parts_arrow")
    _quarantine_parts(wh, parts, reports, table, stride)
    _store_parts(wh, reports, table, stride)
    for report in reports:
        report.read = report.stored + report.quarantined
        if report.replaced:
            report.notes.append(
                f"{report.replaced} 条记录的内容有变化，已替换旧记录（见 _replaced）"
            )
    # one statement of many rows: DuckDB executes a prepared insert row by row
    logged = [_log_row(r, p.src) for p, r in zip(parts, reports, strict=True)]
    values = ", ".join([_LOG_VALUES] * len(logged))
    wh.execute(f"{_LOG_SQL.removesuffix(_LOG_VALUES)}{values}", [v for row in logged for v in row])
    wh.release_quarantine(base, [table.name])
    wh.execute("DROP TABLE _parts")


def _quarantine_parts(
    wh: Warehouse, parts: list[_Part], reports: list[ImportReport], table: Table, stride: int
) -> None:
    """:func:`_quarantine` of every part, each row under its part's batch and row number."""
    local = f"r._row % {stride}"
    raw = ", ".join(
        [f"'_row': {local}", *(f"{sqlnorm.sql_str(c.name)}: r.{q(c.name)}" for c in table.columns)]
    )
    wh.execute(
        f"INSERT INTO _quarantine {QUARANTINE_COLUMNS} SELECT p.batch_id, p.file, NULL, "
        f"{local}, ?, n.record_id, n._field, n._problem, to_json({{{raw}}}) FROM _norm_group n "
        f"JOIN _raw_group r USING (_row) JOIN _parts p ON p.place = n._row // {stride} "
        "WHERE n._problem IS NOT NULL ORDER BY n._row",
        [table.name],
    )
    rejects = [
        [report.batch_id, report.file, None, r.row, table.name, r.record_id, r.field]
        + [r.reason, r.raw]
        for part, report in zip(parts, reports, strict=True)
        for r in part.rejects
    ]
    if rejects:
        wh.execute_many(QUARANTINE_REJECT, rejects)
    bad = dict(
        wh.rows(
            f"SELECT _row // {stride}, count(*) FROM _norm_group WHERE _problem IS NOT NULL "
            "GROUP BY ALL"
        )
    )
    for place, (part, report) in enumerate(zip(parts, reports, strict=True)):
        report.quarantined = int(bad.get(place, 0)) + len(part.rejects)


def _store_parts(wh: Warehouse, reports: list[ImportReport], table: Table, stride: int) -> None:
    """:func:`_store` of every part, in order. Each good row is compared with the version
    before it: the previous part's row of its record_id, else the stored row (``was``: the
    batch and row of the version it replaces, the last that changed the record)."""
    target = q(table.name)
    wh.execute(
        f"""CREATE OR REPLACE TEMP TABLE _cmp AS
        WITH chain AS (
            SELECT n._row, n.record_id, n._row_hash, p.batch_id,
                CASE WHEN row_number() OVER w = 1 THEN t._row_hash
                     ELSE lag(n._row_hash) OVER w END AS prev_hash,
                t._row_hash AS old_hash, t._batch_id AS old_batch, t._row AS old_row
            FROM _norm_group n JOIN _parts p ON p.place = n._row // {stride}
            LEFT JOIN {target} t ON t.record_id = n.record_id
            WHERE n._problem IS NULL
            WINDOW w AS (PARTITION BY n.record_id ORDER BY n._row)
        ), marked AS (
            SELECT *, prev_hash IS DISTINCT FROM _row_hash AS changing FROM chain
        )
        SELECT *,
            coalesce(last_value(CASE WHEN changing THEN batch_id END IGNORE NULLS) OVER w,
                     old_batch) AS was_batch,
            coalesce(last_value(CASE WHEN changing THEN _row % {stride} END IGNORE NULLS)
                     OVER w, old_row) AS was_row
        FROM marked
        WINDOW w AS (PARTITION BY record_id ORDER BY _row
                     ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)"""
    )
    counts = {
        int(place): (int(stored), int(new), int(replaced), int(flagged))
        for place, stored, new, replaced, flagged in wh.rows(
            f"SELECT c._row // {stride}, count(*), count(*) FILTER (prev_hash IS NULL), "
            "count(*) FILTER (prev_hash IS NOT NULL AND changing), "
            "count(*) FILTER (n._flags IS NOT NULL) "
            "FROM _cmp c JOIN _norm_group n USING (_row) GROUP BY ALL"
        )
    }
    wh.execute(
        "INSERT INTO _replaced SELECT batch_id, ?, record_id, was_batch, was_row FROM _cmp "
        "WHERE prev_hash IS NOT NULL AND changing ORDER BY _row",
        [table.name],
    )
    wh.execute(
        f"DELETE FROM {target} WHERE record_id IN "
        "(SELECT record_id FROM _cmp WHERE changing AND old_hash IS NOT NULL)"
    )
    names = ", ".join(q(c.name) for c in table.columns)
    wh.execute(
        f"INSERT INTO {target} ({names}, _batch_id, _row, _row_hash, _flags) "
        f"SELECT {', '.join('n.' + q(c.name) for c in table.columns)}, c.batch_id, "
        f"n._row % {stride}, n._row_hash, n._flags FROM _norm_group n JOIN ("
        "SELECT _row, batch_id FROM _cmp WHERE changing "
        "QUALIFY row_number() OVER (PARTITION BY record_id ORDER BY _row DESC) = 1"
        ") c USING (_row) ORDER BY n._row"
    )
    wh.execute("DROP TABLE _cmp")
    for place, report in enumerate(reports):
        stored, new, replaced, flagged = counts.get(place, (0, 0, 0, 0))
        report.stored, report.new, report.replaced = stored, new, replaced
        report.unchanged = stored - new - replaced
        report.flagged = flagged


_SEEN_COLUMNS = "batch_id, table_name, rows_read, rows_stored, rows_quarantined"


def _unchanged_report(src: SourceFile, sheet: str | None, row: Sequence[object]) -> ImportReport:
    """The report of a file found imported before (``_SEEN_COLUMNS`` of its import)."""
    batch, table, read, stored, quarantined = row
    report = ImportReport(
        src.path.name,
        str(table),
        sheet,
        int(str(batch)),
        "unchanged",
        src.format,
        read=int(str(read)),
        stored=int(str(stored)),
        unchanged=int(str(stored)),
        quarantined=int(str(quarantined)),
    )
    report.notes.append(
        f"与批次 {batch} 导入的文件内容相同（映射与目标表也相同），未作改动；"
        "如需重新导入，请加 --force"
    )
    return report


def _flag_long_numbers(
    wh: Warehouse, table: Table, columns: dict[str, str], staged: readers.Staged
) -> None:
    """An id number or organisation code that a workbook holds as a number has lost its last
    digits: flagged ``excel_number`` (not as a bad check digit, which it then also has)."""
    for col in table.columns:
        if col.type not in ("id_number", "org_code") or col.name not in columns:
            continue
        rows = staged.long_numbers.get(staged.columns.index(columns[col.name]))
        if not rows:
            continue
        wh.execute(
            "CREATE OR REPLACE TEMP TABLE _long_rows AS SELECT unnest(?::INTEGER[]) AS r", [rows]
        )
        others = f"regexp_replace(coalesce(_flags, ''), '(^|;){col.name}:[a-z_]+', '')"
        wh.execute(
            f"UPDATE _norm SET _flags = concat_ws(';', nullif(ltrim({others}, ';'), ''), "
            f"'{col.name}:excel_number') WHERE _row IN (SELECT r FROM _long_rows)"
        )
        wh.execute("DROP TABLE _long_rows")


def _store_prepared(job: Future[_Prepared]) -> ImportReport:
    return job.result().commit()


def _committed(reports: list[ImportReport], files: int) -> str:
    """What a folder import stopped part-way has stored, and how to go on."""
    done = len({r.file for r in reports})
    return (
        f"此前已导入 {done} 个文件（见上表，已保存），其余 {files - done} 个未导入；"
        "处理后重新运行同一命令即可继续，已导入的文件会识别为未变而跳过"
    )


_DISK_FULL = "No space left on device"
WORKDIR_PREFIX = "jiancha-import-"  # + the pid of the importing process


def clean_stale_workdirs() -> None:
    """Remove the working folders of imports killed before they could (their process is gone)."""
    for folder in Path(tempfile.gettempdir()).glob(f"{WORKDIR_PREFIX}*"):
        pid = folder.name.removeprefix(WORKDIR_PREFIX).split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def _room_ahead(
    pending: deque[tuple[SourceFile, Future[_Prepared] | None]], following: SourceFile
) -> bool:
    if len(pending) < PARALLEL_FILES:
        return True
    held = sum(src.size for src, _ in pending)
    return held + following.size <= LOOKAHEAD_BYTES


@dataclass
class _Prepared:
    """A file staged and normalised on its own cursor, waiting for its turn to be stored."""

    wh: Warehouse
    workdir: Path
    src: SourceFile
    report: ImportReport | None = None
    staged: readers.Staged | None = None
    table: Table | None = None

    def commit(self) -> ImportReport:
        try:
            assert self.report is not None
            if self.staged is not None and self.table is not None:
                _commit(self.wh, self.report, self.src, self.staged, self.table)
            return self.report
        finally:
            self.discard()

    def discard(self) -> None:
        self.wh.close()  # its temporary tables go with it
        shutil.rmtree(self.workdir, ignore_errors=True)


def _commit(
    wh: Warehouse,
    report: ImportReport,
    src: SourceFile,
    staged: readers.Staged,
    table: Table,
) -> None:
    """All or nothing: quarantine, store and log one file's rows in one transaction."""
    with wh.transaction():
        report.batch_id = _next_batch(wh)
        _quarantine(wh, report, table, staged)
        _store(wh, report, table)
        _log_batch(wh, report, src)
        wh.release_quarantine(report.batch_id, [table.name])
    _drop_temporaries(wh, ["_raw", "_raw_rows", STAGE, "_norm"])


def _combined(sources: list[SourceFile]) -> SourceFile:
    """Several text files imported as one batch: named after them, hashed over their hashes."""
    digest = hashlib.sha256("".join(sorted(s.sha256 for s in sources)).encode()).hexdigest()
    first = sources[0].path
    name = (
        first
        if len(sources) == 1
        else first.parent / f"{first.parent.name}（{len(sources)} 个文件）"
    )
    return SourceFile(name, "text", digest, sum(s.size for s in sources))


def _drop_temporaries(wh: Warehouse, names: list[str]) -> None:
    """Free the staging tables and views of one file before the next is read."""
    found = wh.rows(
        "SELECT table_name, table_type FROM information_schema.tables "
        "WHERE table_schema = 'main' AND table_catalog = 'temp'"
    )
    kinds = {str(name): str(kind) for name, kind in found}
    for name in names:  # views first: a view over _csv must go before _csv
        if kinds.get(name) == "VIEW":
            wh.execute(f"DROP VIEW {name}")
    for name in names:
        if kinds.get(name) in ("LOCAL TEMPORARY", "BASE TABLE"):
            wh.execute(f"DROP TABLE {name}")


def _next_batch(wh: Warehouse) -> int:
    row = wh.one("SELECT coalesce(max(batch_id), 0) + 1 FROM _import_batch")
    return int(row[0]) if row else 1


def _quarantine(wh: Warehouse, report: ImportReport, table: Table, staged: readers.Staged) -> None:
    params = [report.batch_id, report.file, report.sheet, table.name]
    wh.execute(
        f"INSERT INTO _quarantine {QUARANTINE_COLUMNS} SELECT ?, ?, ?, n._row, ?, n.record_id, "
        "n._field, n._problem, to_json(r) FROM _norm n JOIN _raw r USING (_row) "
        "WHERE n._problem IS NOT NULL",
        params,
    )
    if staged.rejects:
        wh.execute_many(
            QUARANTINE_REJECT,
            [
                [report.batch_id, report.file, report.sheet, r.row, table.name, r.record_id]
                + [r.field, r.reason, r.raw]
                for r in staged.rejects
            ],
        )
    bad = wh.one("SELECT count(*) FROM _norm WHERE _problem IS NOT NULL")
    report.quarantined = int(bad[0] if bad else 0) + len(staged.rejects)


def _store(wh: Warehouse, report: ImportReport, table: Table) -> None:
    target = q(table.name)
    wh.execute(
        "CREATE OR REPLACE TEMP TABLE _cmp AS SELECT n._row, n.record_id, n._row_hash, "
        "t._row_hash AS old_hash, t._batch_id AS old_batch, t._row AS old_row "
        f"FROM _norm n LEFT JOIN {target} t ON t.record_id = n.record_id "
        "WHERE n._problem IS NULL"
    )
    counts = wh.one(
        "SELECT count(*), count(*) FILTER (old_hash IS NULL), "
        "count(*) FILTER (old_hash IS NOT NULL AND old_hash <> _row_hash) FROM _cmp"
    )
    stored, new, replaced = (int(x) for x in counts) if counts else (0, 0, 0)
    wh.execute(
        "INSERT INTO _replaced SELECT ?, ?, record_id, old_batch, old_row FROM _cmp "
        "WHERE old_hash IS NOT NULL AND old_hash <> _row_hash",
        [report.batch_id, table.name],
    )
    if replaced:
        wh.execute(
            f"DELETE FROM {target} WHERE record_id IN (SELECT record_id FROM _cmp "
            "WHERE old_hash IS NOT NULL AND old_hash <> _row_hash)"
        )
    names = ", ".join(q(c.name) for c in table.columns)
    wh.execute(
        f"INSERT INTO {target} ({names}, _batch_id, _row, _row_hash, _flags) "
        f"SELECT {', '.join('n.' + q(c.name) for c in table.columns)}, ?, n._row, n._row_hash, "
        "n._flags FROM _norm n JOIN _cmp c USING (_row) "
        "WHERE c.old_hash IS NULL OR c.old_hash <> c._row_hash",
        [report.batch_id],
    )
    flagged = wh.one("SELECT count(*) FROM _norm WHERE _problem IS NULL AND _flags IS NOT NULL")
    report.stored, report.new, report.replaced = stored, new, replaced
    report.unchanged = stored - new - replaced
    report.flagged = int(flagged[0]) if flagged else 0
    wh.execute("DROP TABLE _cmp")


_LOG_VALUES = "(?, ?, ?, ?, ?, ?, ?, ?, 'imported', ?, ?, ?, ?, ?, ?, ?, ?, ?)"
_LOG_SQL = (
    "INSERT INTO _import_batch (batch_id, file, sheet, sha256, table_name, format, encoding, "
    "imported_at, status, rows_read, rows_stored, rows_new, rows_replaced, rows_unchanged, "
    f"rows_quarantined, rows_flagged, note, settings) VALUES {_LOG_VALUES}"
)


def _log_batch(wh: Warehouse, report: ImportReport, src: SourceFile) -> None:
    if report.replaced:
        report.notes.append(f"{report.replaced} 条记录的内容有变化，已替换旧记录（见 _replaced）")
    wh.execute(_LOG_SQL, _log_row(report, src))


def _log_row(report: ImportReport, src: SourceFile) -> list[object]:
    return [
        report.batch_id,
        report.file,
        report.sheet,
        src.sha256,
        report.table,
        report.format,
        report.encoding,
        dt.datetime.now(),
        report.read,
        report.stored,
        report.new,
        report.replaced,
        report.unchanged,
        report.quarantined,
        report.flagged,
        "；".join(report.notes) or None,
        report.settings,
    ]


def _settings_digest(table: Table | None, profile: MappingProfile | None) -> str | None:
    """What, besides the file, decides what an import stores: None for a plain import."""
    if table is None and profile is None:
        return None
    settings = {
        "table": table.name if table else None,
        "mapping": profile.model_dump() if profile else None,
    }
    text = json.dumps(settings, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
