"""Judgment texts at import: texts parsed into ``judgment`` rows, and rows whose text fills them.

Two ways a judgment's text arrives. As texts (``jiancha import`` of a folder of ``.txt``/``.docx``
judgments, single such files, or a JSON-lines file whose records carry the text in ``full_text``,
else ``text``/``content``/``qw``, and an id in ``id``): each text becomes rows of ``judgment``,
one per defendant; a text the parser cannot read becomes a :class:`TextProblem` with its Chinese
reason, for the importer to quarantine (rows in = rows stored + rows quarantined still holds per
text). Or as rows that carry the 裁判文书全文: an agency may export ``judgment`` rows with little
more than ``record_id`` and ``full_text``; before validation, each such row's text is parsed and
every empty field (decided_at, charge, penalty, term_months, …) takes the parsed value; fields
the export did give are kept. A text the parser cannot read changes nothing there (the row is
then judged on what it has).

The parser (:mod:`jiancha.text`) is imported when a text is first read: import may use it, the
text stage never imports import.
"""

from __future__ import annotations

import codecs
import json
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from jiancha.errors import IngestError
from jiancha.ingest.normalise import q
from jiancha.ingest.readers import cell_text
from jiancha.values import ValueProblem
from jiancha.warehouse import Warehouse

__all__ = [
    "FILLED",
    "JudgmentText",
    "TextProblem",
    "fill_from_full_text",
    "judgment_rows",
    "read_judgment_texts",
]

TEXT_FIELDS = ("full_text", "text", "content", "qw")
SUFFIXES = (".txt", ".docx", ".jsonl")


@dataclass(frozen=True)
class JudgmentText:
    """One judgment's text and where it came from (file, or file and line)."""

    source_id: str
    text: str


@dataclass(frozen=True)
class TextProblem:
    """A text that is not a readable criminal judgment, with the reason."""

    source_id: str
    reason: str


def _read_txt(path: Path) -> str:
    raw = path.read_bytes()
    encodings = ("utf-16",) if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else ()
    for encoding in (*encodings, "utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise IngestError(f"文件编码无法识别（应为 UTF-8、GBK/GB18030 或带 BOM 的 UTF-16）：{path}")


def _read_docx(path: Path) -> str:
    """The paragraphs of a .docx, one a line (word/document.xml; no extra dependency)."""
    try:
        with zipfile.ZipFile(path) as archive:
            xml = archive.read("word/document.xml").decode("utf-8")
    except (zipfile.BadZipFile, KeyError) as exc:
        raise IngestError(f"不是有效的 .docx 文件：{path}（{exc}）") from None
    paragraphs = re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.S)
    texts = ("".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", p)) for p in paragraphs)
    return "\n".join(t for t in texts if t)


def _read_jsonl(path: Path) -> Iterator[JudgmentText]:
    for number, line in enumerate(_read_txt(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise IngestError(f"{path} 第{number}行不是有效的 JSON：{exc.msg}") from None
        text = next((record[f] for f in TEXT_FIELDS if isinstance(record.get(f), str)), None)
        if text is None:
            raise IngestError(f"{path} 第{number}行缺少全文字段（{'/'.join(TEXT_FIELDS)}）")
        yield JudgmentText(str(record.get("id") or f"{path.name}:{number}"), text)


def read_judgment_texts(path: Path) -> Iterator[JudgmentText]:
    """Every judgment text under ``path`` (a folder, a .txt/.docx file or a .jsonl file); a
    file holding several judgments one after another gives each (``<name>:1``, ``<name>:2`` …)."""
    if path.is_dir():
        for child in sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES):
            yield from read_judgment_texts(child)
    elif path.suffix.lower() == ".jsonl":
        yield from _read_jsonl(path)
    elif path.suffix.lower() == ".docx":
        yield from _each_judgment(path.stem, _read_docx(path))
    elif path.suffix.lower() == ".txt":
        yield from _each_judgment(path.stem, _read_txt(path))
    else:
        raise IngestError(f"不支持的裁判文书文件类型（应为 .txt、.docx 或 .jsonl）：{path}")


def _each_judgment(source_id: str, text: str) -> Iterator[JudgmentText]:
    from jiancha.text.judgment import split_judgments

    parts = split_judgments(text)
    if len(parts) == 1:
        yield JudgmentText(source_id, text)
        return
    for number, part in enumerate(parts, start=1):
        yield JudgmentText(f"{source_id}:{number}", part)


def judgment_rows(
    texts: Iterable[JudgmentText],
) -> tuple[list[dict[str, object]], list[TextProblem]]:
    """Rows of ``judgment`` (one per defendant) and the texts that could not be read."""
    from jiancha.text.judgment import parse_judgment, to_judgment_rows

    rows: list[dict[str, object]] = []
    problems: list[TextProblem] = []
    for item in texts:
        try:
            rows += to_judgment_rows(parse_judgment(item.text, source_id=item.source_id))
        except ValueProblem as exc:
            problems.append(TextProblem(item.source_id, str(exc)))
    return rows, problems


FILLED = (
    "case_id", "court_code", "offense_at", "decided_at", "procedure", "defendant_name",
    "defendant_id_number", "charge", "penalty", "term_months", "probation_months", "fine_yuan",
    "amount_yuan", "circumstances",
)  # fmt: skip


def fill_from_full_text(wh: Warehouse) -> int:
    """Fill ``_raw``'s empty judgment fields from ``full_text``; the number of rows filled."""
    empty = " OR ".join(f"{q(c)} IS NULL" for c in FILLED)
    rows = wh.rows(
        "SELECT _row, full_text, defendant_name FROM _raw "
        f"WHERE full_text IS NOT NULL AND ({empty})"
    )
    parsed = [(r, _parsed_fields(str(text), name)) for r, text, name in rows]
    parsed = [(r, fields) for r, fields in parsed if fields]
    if not parsed:
        return 0
    table = pa.table(
        {"_row": [r for r, _ in parsed]}
        | {c: pa.array([f.get(c) for _, f in parsed], pa.string()) for c in FILLED}
    )
    _materialise_raw(wh)
    sets = ", ".join(f"{q(c)} = coalesce(_raw.{q(c)}, p.{q(c)})" for c in FILLED)
    with wh.registered("_parsed_text", table):  # on this cursor, where _raw lives
        wh.execute(f"UPDATE _raw SET {sets} FROM _parsed_text p WHERE _raw._row = p._row")
    return len(parsed)


def _materialise_raw(wh: Warehouse) -> None:
    """A CSV's ``_raw`` is a view over the rows as read; make it a table that can be updated."""
    kinds = wh.rows(
        "SELECT table_type FROM information_schema.tables "
        "WHERE table_catalog = 'temp' AND table_name = '_raw'"
    )
    if kinds and kinds[0][0] == "VIEW":
        wh.execute("CREATE TEMP TABLE _raw_filled AS SELECT * FROM _raw")
        wh.execute("DROP VIEW _raw")
        wh.execute("ALTER TABLE _raw_filled RENAME TO _raw")


def _parsed_fields(text: str, defendant_name: str | None) -> dict[str, str | None]:
    """The row's fields as the parser reads its text: the named defendant, else the first."""
    from jiancha.text.judgment import parse_judgment, to_judgment_rows

    try:
        candidates = to_judgment_rows(parse_judgment(text))
    except ValueProblem:
        return {}
    if not candidates:
        return {}
    chosen = next(
        (c for c in candidates if defendant_name and c.get("defendant_name") == defendant_name),
        candidates[0],
    )
    return {c: cell_text(chosen.get(c)) for c in FILLED}
