"""Reading a file into a staging table of text columns, in bounded memory (the warehouse
engine must read files in SQL and keep temporary tables: DuckDB does).

Every staged row keeps its row number as a person would see it in Excel (the header is
row 1). Rows the reader itself cannot split (a CSV line with too many columns, a line of
JSON that is not an object) come back as rejects, so nothing is lost on the way in.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import heapq
import io
import json
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from jiancha.errors import IngestError, WarehouseError
from jiancha.ingest.sources import SourceFile, chunked, detect_encoding, transcode_to_utf8
from jiancha.ingest.workbook import column_name, scan_workbook
from jiancha.warehouse import Warehouse

BATCH_ROWS = 50_000

_CSV_REJECT_REASONS = {
    "MISSING COLUMNS": "列数不足",
    "TOO MANY COLUMNS": "列数过多",
    "UNQUOTED VALUE": "引号不匹配",
    "INVALID ENCODING": "含有无法识别的字符编码",
    "LINE SIZE OVER MAXIMUM": "行过长",
}

# A UTF-8 file with bytes that are not UTF-8 further on (the encoding is told from the first MB)
_INVALID_UTF8 = "含有无法按 UTF-8 编码解读的字节，未导入以免存入乱码"


@dataclass
class Reject:
    row: int
    reason: str
    raw: str
    # known when the row was read but refused as a whole (a pushed record outside the
    # agency's units): shown beside the reason so the sender can find and fix it
    record_id: str | None = None
    field: str | None = None


@dataclass
class Staged:
    """A sheet of a file, loaded as text into ``stage`` with its row numbers in ``_row``."""

    stage: str
    headers: list[str]  # source headers, in order
    columns: list[str]  # the stage column name of each source column, in order
    sheet: str | None = None
    encoding: str | None = None
    rejects: list[Reject] = field(default_factory=list)
    csv_source: str | None = None  # a CSV not yet read: its read_csv(...) call
    csv_path: Path | None = None  # that CSV in UTF-8, and its delimiter
    delimiter: str = ","
    # lines the transcoder could not decode cleanly, in order: (text as best read, reason)
    undecodable: list[tuple[str, str]] = field(default_factory=list)
    # a workbook's column position → rows holding a number too long to be exact in Excel
    long_numbers: dict[int, list[int]] = field(default_factory=dict)


Advance = Callable[[int], None]


def stage_csv(src: SourceFile, workdir: Path) -> Staged:
    """Read a CSV's header row; the rows are read later, once, straight into ``_raw``.

    GBK/GB18030 files are first re-encoded as UTF-8 into ``workdir`` (DuckDB reads UTF-8).
    The dialect and the columns are given to DuckDB, so it reads every cell as text without
    sniffing the file (twice) itself; without the sniffer, a line too long or badly quoted is
    a rejected row (quarantined), not a file DuckDB refuses to read.
    """
    encoding = detect_encoding(src.path)
    path = src.path
    undecodable: list[tuple[str, str]] = []
    if encoding != "utf-8":
        path = workdir / "utf8.csv"
        undecodable = transcode_to_utf8(src.path, encoding, path)
    headers, delimiter = _csv_header(path, src.path.name)
    names = _unique_names(headers)
    columns = ", ".join(f"{_literal(n)}: 'VARCHAR'" for n in names)
    source = (
        f"read_csv({_literal(str(path))}, header=true, delim={_literal(delimiter)}, quote='\"', "
        f"escape='\"', columns={{{columns}}}, auto_detect=false, store_rejects=true, "
        "rejects_table='_rej_errors', rejects_scan='_rej_scans')"
    )
    staged = Staged("", headers, names, encoding=encoding)
    staged.csv_source = source
    staged.csv_path, staged.delimiter = path, delimiter
    staged.undecodable = undecodable
    return staged


def _csv_header(path: Path, name: str) -> tuple[list[str], str]:
    """The header row and the delimiter (comma, tab, semicolon or bar) of a UTF-8 CSV."""
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        sample = handle.read(64 * 1024)
    first = sample.splitlines()[0] if sample.strip() else ""
    if not first.strip():
        raise IngestError(f"{name}: 第一行（表头）为空")
    delimiter = max(",\t;|", key=first.count)
    if first.count(delimiter) == 0:
        delimiter = ","
    # newline=None: CR-only line ends (old Mac exports) read as line ends too
    header = next(csv.reader(io.StringIO(sample, newline=None), delimiter=delimiter))
    return [h.strip() for h in header], delimiter


def _unique_names(headers: list[str]) -> list[str]:
    """Column names DuckDB accepts: blanks named by position, repeats numbered."""
    seen: dict[str, int] = {}
    names = []
    for i, header in enumerate(headers, start=1):
        base = header or f"列{i}"
        seen[base] = seen.get(base, 0) + 1
        names.append(base if seen[base] == 1 else f"{base}_{seen[base]}")
    return names


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def read_csv_into(
    wh: Warehouse,
    staged: Staged,
    selects: list[str],
    name: str,
    advance: Advance,
    total: int,
) -> None:
    """Read a sniffed CSV once into ``_raw`` (``selects`` over its columns), with row numbers.

    Lines DuckDB cannot split become ``staged.rejects``; accepted row k (0-based) sits after
    reject i (1-based, sorted by line p_i) exactly when p_i - i - 1 <= k, so its row number
    (Excel style, header = 1) is k + 2 + #{i : p_i - i - 1 <= k}.
    """
    wh.execute("DROP TABLE IF EXISTS _rej_errors; DROP TABLE IF EXISTS _rej_scans")
    try:
        with polled_progress(wh, advance, total):
            wh.execute(
                f"CREATE OR REPLACE TEMP TABLE _raw_rows AS SELECT {', '.join(selects)} "
                f"FROM {staged.csv_source}"
            )
    except WarehouseError as exc:
        raise IngestError(f"{name}: 无法读取 CSV：{exc.detail}") from None
    rejected = wh.rows(
        "SELECT line, any_value(error_type), any_value(error_message), any_value(csv_line) "
        "FROM _rej_errors GROUP BY line ORDER BY line"
    )
    if any(kind == "UNQUOTED VALUE" for _, kind, _, _ in rejected):
        # A quote opened and never closed swallows the lines after it into one bad record:
        # read such a file a line at a time instead, so that only the bad line is lost.
        wh.execute("DROP TABLE IF EXISTS _raw_rows")
        _read_csv_by_line(wh, staged, selects)
        return
    staged.rejects = []
    undecodable = iter(staged.undecodable)  # the transcoder's marked lines, in file order
    for line, kind, message, raw in rejected:
        reason = _CSV_REJECT_REASONS.get(str(kind), str(message))
        text = str(raw or "")
        if kind == "INVALID ENCODING":
            text, reason = next(undecodable, (text, _INVALID_UTF8))
        staged.rejects.append(Reject(int(line), reason, text))
    offset = "0"
    if staged.rejects:
        wh.execute("CREATE OR REPLACE TEMP TABLE _rej_q (q BIGINT)")
        qs = [(r.row - i - 1,) for i, r in enumerate(staged.rejects, start=1)]
        wh.execute_many("INSERT INTO _rej_q VALUES (?)", qs)
        offset = "(SELECT count(*) FROM _rej_q WHERE q <= _raw_rows.rowid)"
    wh.execute(
        "CREATE OR REPLACE TEMP VIEW _raw AS "
        f"SELECT CAST(rowid + 2 + {offset} AS INTEGER) AS _row, * FROM _raw_rows"
    )


def _read_csv_by_line(wh: Warehouse, staged: Staged, selects: list[str]) -> None:
    """``_raw`` from a CSV read one physical line per record (a quoted field cannot span
    lines): a line with an unbalanced quote, the wrong number of columns or bytes that are
    not text is a reject; every other line is a row, numbered as the line."""
    assert staged.csv_path is not None
    width = len(staged.headers)
    undecodable = iter(staged.undecodable)
    rejects: list[Reject] = []

    def rows() -> Iterator[tuple[int, list[object]]]:
        with staged.csv_path.open("rb") as handle:  # type: ignore[union-attr]
            lines = _physical_lines(handle)
            next(lines, None)  # the header
            for number, line in enumerate(lines, start=2):
                if not line.strip():
                    continue
                try:
                    text = line.decode("utf-8")
                except UnicodeDecodeError:
                    shown, reason = next(undecodable, (line.decode("utf-8", "replace"), ""))
                    rejects.append(Reject(number, reason or _INVALID_UTF8, shown))
                    continue
                try:
                    cells = next(csv.reader([text], delimiter=staged.delimiter, strict=True))
                except csv.Error:
                    rejects.append(Reject(number, _CSV_REJECT_REASONS["UNQUOTED VALUE"], text))
                    continue
                if len(cells) != width:
                    kind = "MISSING COLUMNS" if len(cells) < width else "TOO MANY COLUMNS"
                    rejects.append(Reject(number, _CSV_REJECT_REASONS[kind], text))
                    continue
                yield number, list(cells)

    stage_rows(wh, "_csv_lines", staged.headers, rows(), lambda n: None, staged.columns)
    staged.rejects = rejects
    columns = ", ".join(["_row", *selects])
    wh.execute(f"CREATE OR REPLACE TEMP TABLE _raw AS SELECT {columns} FROM _csv_lines")
    wh.execute("DROP TABLE _csv_lines")


def _physical_lines(handle: Iterable[bytes]) -> Iterator[bytes]:
    """Lines ended by LF, CR LF or a lone CR, without their ends."""
    for raw in handle:
        body = raw[:-1] if raw.endswith(b"\n") else raw
        if body.endswith(b"\r"):
            body = body[:-1]
        yield from body.split(b"\r")


@contextmanager
def polled_progress(wh: Warehouse, advance: Advance, total: int) -> Iterator[None]:
    """Move a progress bar with DuckDB's own progress of the statement running meanwhile."""
    wh.execute("SET enable_progress_bar = true; SET enable_progress_bar_print = false")
    done = threading.Event()
    shown = 0

    def poll() -> None:
        nonlocal shown
        while not done.wait(0.2):
            percent = wh.progress()
            if percent > 0:
                target = int(total * min(percent, 100.0) / 100)
                advance(max(target - shown, 0))
                shown = max(shown, target)

    thread = threading.Thread(target=poll, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
        advance(max(total - shown, 0))


def stage_parquet(wh: Warehouse, src: SourceFile, stage: str, advance: Advance) -> Staged:
    try:
        wh.execute(
            f"CREATE OR REPLACE TEMP TABLE {stage} AS SELECT "
            "CAST(file_row_number + 2 AS INTEGER) AS _row, "
            "COLUMNS(* EXCLUDE (file_row_number))::VARCHAR "
            "FROM read_parquet(?, file_row_number=true)",
            [str(src.path)],
        )
    except WarehouseError as exc:
        raise IngestError(f"{src.path.name}: 无法读取 Parquet：{exc.detail}") from None
    headers = [str(r[0]) for r in wh.rows(f"DESCRIBE {stage}")][1:]
    advance(src.size)
    return Staged(stage, headers, list(headers))


def stage_rows(
    wh: Warehouse,
    stage: str,
    headers: list[str],
    rows: Iterator[tuple[int, list[object]]],
    advance: Advance,
    names: list[str] | None = None,
) -> Staged:
    """Stage rows produced in Python (Excel, JSON lines) in batches, never all at once;
    the stage's columns are ``c0``, ``c1`` … unless ``names`` are given."""
    names = names or [f"c{i}" for i in range(len(headers))]
    cols = ", ".join(f"{_quoted(n)} VARCHAR" for n in names)
    wh.execute(f"CREATE OR REPLACE TEMP TABLE {stage} (_row INTEGER, {cols})")
    schema = pa.schema([("_row", pa.int32())] + [(n, pa.string()) for n in names])
    for batch in chunked((_flatten(r) for r in rows), BATCH_ROWS):
        arrays = list(zip(*batch, strict=True))
        table = pa.Table.from_arrays([pa.array(a) for a in arrays], schema=schema)
        with wh.registered("_batch", table):
            wh.execute(f"INSERT INTO {stage} SELECT * FROM _batch")
        advance(len(batch))
    return Staged(stage, headers, names)


def _flatten(item: tuple[int, list[object]]) -> list[object]:
    return [item[0], *item[1]]


def cell_text(value: object) -> str | None:
    """An Excel or JSON cell as the text an export would have shown."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list):
        return ";".join(t for t in (cell_text(v) for v in value) if t)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


@dataclass
class Sheet:
    """A worksheet to import: its header row and data rows (with Excel row numbers), read
    lazily; rows that cannot be read faithfully go to ``rejects`` as they are met."""

    name: str
    headers: list[str]
    rows: Iterator[tuple[int, list[object]]]
    rejects: list[Reject] = field(default_factory=list)
    # column position → Excel rows where the cell is a number too long for Excel to hold
    # exactly (an id number typed as a number loses its last digits)
    long_numbers: dict[int, list[int]] = field(default_factory=dict)
    skipped: str | None = None  # why the sheet is not read


def xlsx_sheets(src: SourceFile) -> Iterator[Sheet]:
    """Each non-empty sheet of a workbook, after checking that it can be read safely."""
    from python_calamine import CalamineWorkbook, SheetVisibleEnum

    scans = scan_workbook(src.path)  # refuses a workbook too large to read
    try:
        workbook = CalamineWorkbook.from_path(str(src.path))
        metadata = list(workbook.sheets_metadata)
    except Exception as exc:  # calamine raises its own error types for broken files
        raise IngestError(
            f"{src.path.name}: Excel 文件已损坏或不完整（{_first_line(exc)}）"
        ) from None
    for meta in metadata:
        name = meta.name
        if meta.visible != SheetVisibleEnum.Visible:
            yield Sheet(name, [], iter(()), skipped="隐藏的工作表")
            continue
        try:
            sheet = workbook.get_sheet_by_name(name)
            rows = sheet.iter_rows()
            header = next(rows, None)
            merged = list(sheet.merged_cell_ranges or [])
        except Exception as exc:
            raise IngestError(
                f"{src.path.name}: 工作表 “{name}” 无法读取（{_first_line(exc)}）"
            ) from None
        if not header or not any(cell_text(h) for h in header):
            continue
        first_row, first_col = (sheet.start[0], sheet.start[1]) if sheet.start else (0, 0)
        headers = [cell_text(h) or f"列{i + 1}" for i, h in enumerate(header)]
        found = Sheet(name, headers, iter(()))
        layout = _Layout(
            first_col, headers, merged, scans[name].empty_formulas if name in scans else set()
        )
        found.rows = _xlsx_rows(rows, first_row + 2, layout, found)
        yield found


class _Layout:
    """Where a sheet's cells sit, to say which cells the reader gives as empty but are not.
    Asked about rows in increasing order: merged ranges are swept, not searched per row."""

    def __init__(
        self,
        first_col: int,
        headers: list[str],
        merged: list[tuple[tuple[int, int], tuple[int, int]]],  # 0-based (row, col) corners
        empty_formulas: set[tuple[int, int]],  # (Excel row, 0-based column)
    ) -> None:
        self.first_col, self.headers = first_col, headers
        last_col = first_col + len(headers) - 1
        self.formulas: dict[int, list[int]] = {}
        for row, col in sorted(empty_formulas):
            if first_col <= col <= last_col:
                self.formulas.setdefault(row, []).append(col)
        # ranges over the data's columns that hide a value (more than one cell), by first row
        self.pending = sorted(
            (r0, r1, c0, c1)
            for (r0, c0), (r1, c1) in merged
            if c1 >= first_col and c0 <= last_col and (r1 > r0 or c1 > c0)
        )
        self.next = 0
        self.active: list[tuple[int, int, int, int]] = []  # heap by last row

    @property
    def checks(self) -> bool:
        return bool(self.formulas or self.pending)

    def problem(self, excel_row: int) -> str | None:
        """Why a data row cannot be stored as read, or None."""
        for col in self.formulas.get(excel_row, ()):
            header = self.headers[col - self.first_col]
            return (
                f"“{header}”列（{column_name(col)}{excel_row}）是公式，文件中没有计算结果；"
                "请在 Excel 中打开、保存后重新导出"
            )
        at = excel_row - 1
        while self.next < len(self.pending) and self.pending[self.next][0] <= at:
            r0, r1, c0, c1 = self.pending[self.next]
            heapq.heappush(self.active, (r1, r0, c0, c1))
            self.next += 1
        while self.active and self.active[0][0] < at:
            heapq.heappop(self.active)
        hiding = [r for r in self.active if at > r[1] or r[3] > r[2]]  # not a top-left cell
        if hiding:
            r1, r0, c0, c1 = min(hiding, key=lambda r: (r[1], r[2]))
            area = f"{column_name(c0)}{r0 + 1}:{column_name(c1)}{r1 + 1}"
            return (
                f"本行在合并单元格 {area} 之内（合并后只有左上角的单元格有值）；"
                "请取消合并、填好每一行后重新导出"
            )
        return None


_EXACT_DIGITS = 2**53  # beyond it a number in Excel no longer holds every digit


def _xlsx_rows(
    rows: Iterator[list], first: int, layout: _Layout, sheet: Sheet
) -> Iterator[tuple[int, list]]:
    width = len(layout.headers)
    check = layout.checks
    for offset, row in enumerate(rows):
        number = first + offset
        cells = [cell_text(v) for v in row[:width]]
        if not any(cells):
            continue
        problem = layout.problem(number) if check else None
        if problem is not None:
            sheet.rejects.append(Reject(number, problem, ",".join(c or "" for c in cells)))
            continue
        for position, value in enumerate(row[:width]):
            if isinstance(value, float) and abs(value) >= _EXACT_DIGITS:
                sheet.long_numbers.setdefault(position, []).append(number)
        cells += [None] * (width - len(cells))
        yield number, cells


def jsonl_headers(src: SourceFile) -> list[str]:
    """The keys of all the objects of a JSON-lines file, in first-seen order (a key first seen
    on line 10,001 is as much a column as one on line 1)."""
    keys: dict[str, None] = {}
    for _, text, _ in _jsonl_lines(src):
        if text is None:
            continue
        try:
            obj = json.loads(text)
        except json.JSONDecodeError:
            continue
        if isinstance(obj, dict):
            keys.update(dict.fromkeys(str(k) for k in obj))
    if not keys:
        raise IngestError(f"{src.path.name}: 不是 JSON lines 文件（没有一行是 JSON 对象）")
    return list(keys)


def jsonl_rows(
    src: SourceFile, headers: list[str], rejects: list[Reject]
) -> Iterator[tuple[int, list[object]]]:
    """Data rows of a JSON-lines file; lines that are not JSON objects, or do not decode
    cleanly in the file's encoding, become rejects."""
    index = {h: i for i, h in enumerate(headers)}
    for number, text, problem in _jsonl_lines(src):
        if text is None:
            rejects.append(Reject(number, problem[0], problem[1][:500]))
            continue
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            rejects.append(Reject(number, f"不是有效的 JSON（{exc.msg}）", text[:500]))
            continue
        if not isinstance(obj, dict):
            rejects.append(Reject(number, "不是 JSON 对象", text[:500]))
            continue
        cells: list[object] = [None] * len(headers)
        for key, value in obj.items():
            pos = index.get(str(key))
            if pos is not None:
                cells[pos] = cell_text(value)
        yield number, cells


def _jsonl_lines(src: SourceFile) -> Iterator[tuple[int, str | None, tuple[str, str]]]:
    """(line number, text, ("", "")) for each non-blank line decoded in the file's encoding
    (told per file, as for CSV), or (line number, None, (reason, text as best read)) for a
    line that does not decode cleanly: never read into mojibake."""
    encoding = detect_encoding(src.path)
    if encoding == "utf-16":
        with src.path.open("r", encoding="utf-16", errors="replace") as text_handle:
            for number, text in enumerate(text_handle, start=1):
                if text.strip():
                    yield number, text, ("", "")
        return
    label = "GBK" if encoding == "gb18030" else "UTF-8"
    with src.path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            if number == 1 and line.startswith(codecs.BOM_UTF8):
                line = line[len(codecs.BOM_UTF8) :]
            if not line.strip():
                continue
            try:
                text = line.decode(encoding)
            except UnicodeDecodeError:
                shown = line.decode(encoding, errors="replace")
                yield (
                    number,
                    None,
                    (f"含有无法按 {label} 编码解读的字节，未导入以免存入乱码", shown),
                )
                continue
            if encoding == "gb18030" and not line.isascii() and _is_utf8(line):
                reason = f"该行是 UTF-8 编码，与文件其余部分（{label}）不同，未导入以免存入乱码"
                yield number, None, (reason, line.decode("utf-8"))
                continue
            yield number, text, ("", "")


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
