"""Judgment texts as rows of the ``judgment`` table, for ``jiancha import``.

Accepts a folder of ``.txt``/``.docx`` judgments, single such files, or a JSON-lines file whose
records carry the text in ``full_text`` (else ``text``/``content``/``qw``) and an id in ``id``.
A text the parser cannot read becomes a :class:`TextProblem` with its Chinese reason, for the
importer to quarantine; rows in = rows stored + rows quarantined still holds per text.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from jiancha.errors import IngestError
from jiancha.ingest.parsers import ValueProblem
from jiancha.text.judgment import parse_judgment, to_judgment_rows

__all__ = ["JudgmentText", "TextProblem", "judgment_rows", "read_judgment_texts"]

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
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise IngestError(f"文件编码无法识别（应为 UTF-8 或 GB18030）：{path}")


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
    """Every judgment text under ``path`` (a folder, a .txt/.docx file or a .jsonl file)."""
    if path.is_dir():
        for child in sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES):
            yield from read_judgment_texts(child)
    elif path.suffix.lower() == ".jsonl":
        yield from _read_jsonl(path)
    elif path.suffix.lower() == ".docx":
        yield JudgmentText(path.stem, _read_docx(path))
    elif path.suffix.lower() == ".txt":
        yield JudgmentText(path.stem, _read_txt(path))
    else:
        raise IngestError(f"不支持的裁判文书文件类型（应为 .txt、.docx 或 .jsonl）：{path}")


def judgment_rows(
    texts: Iterable[JudgmentText],
) -> tuple[list[dict[str, object]], list[TextProblem]]:
    """Rows of ``judgment`` (one per defendant) and the texts that could not be read."""
    rows: list[dict[str, object]] = []
    problems: list[TextProblem] = []
    for item in texts:
        try:
            rows += to_judgment_rows(parse_judgment(item.text, source_id=item.source_id))
        except ValueProblem as exc:
            problems.append(TextProblem(item.source_id, str(exc)))
    return rows, problems
