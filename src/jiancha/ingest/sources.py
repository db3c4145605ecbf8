"""Finding what a file is: its format, its encoding, and which contract table it holds.

Agency exports arrive as CSV (UTF-8, UTF-8 with BOM, GBK/GB18030), Excel workbooks,
Parquet and JSON lines, named after the table in English or Chinese, or not at all.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import json
import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from jiancha.errors import IngestError
from jiancha.schema import Table, contract, normalise_header

FORMATS = {
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".xls": "xlsx",
    ".parquet": "parquet",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".docx": "text",
}
_TEXT_FIELDS = ("full_text", "text", "content", "qw")
# A court's criminal 判决书 / 裁定书 / 决定书 as printed or exported: the title letter-spaced or
# not (刑 事 判 决 书, 刑　事　裁　定　书), or, in an excerpt without the title, its 判决如下.
_GAP = r"[\s\u3000]*"
_JUDGMENT_TEXT_RE = re.compile(
    _GAP.join("刑事") + f"{_GAP}(?:{_GAP.join('附带民事')}{_GAP})?"
    f"(?:{_GAP.join('判决')}|{_GAP.join('裁定')}|{_GAP.join('决定')}){_GAP}书"
    f"|(?:{_GAP.join('判决')}|{_GAP.join('裁定')}|{_GAP.join('决定')}){_GAP}{_GAP.join('如下')}"
)

_MAGIC = [
    (b"%PDF", "PDF 文档"),
    (b"\xd0\xcf\x11\xe0", "旧版 Office 文档"),
    (b"\x89PNG", "PNG 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"PK\x03\x04", "ZIP 压缩包"),
    (b"PAR1", "Parquet 文件"),
    (b"Rar!", "RAR 压缩包"),
    (b"\x1f\x8b", "gzip 压缩包"),
]

# The generator's own answer keys beside its data, and its judgment texts (which repeat the
# judgment table): a folder import leaves them out; the texts folder imports when named itself.
GENERATOR_FILES = frozenset(
    {
        "ground_truth.csv",
        "mentions_truth.csv",
        "manifest.json",
        "judgment_texts_truth.csv",
        "judgment_texts",
    }
)

_PART_SUFFIX = re.compile(r"[-_.](?:part)?\d{1,4}$", re.IGNORECASE)
_SAMPLE_BYTES = 1 << 20
_JUDGMENT_SAMPLE = 16384
_FIRST_RECORD_BYTES = 8 << 20


@dataclass(frozen=True)
class SourceFile:
    """One file to import, as found on disk."""

    path: Path
    format: str
    sha256: str
    size: int


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files named, and the importable files of folders named (sorted, recursive)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in FORMATS
                and not p.name.startswith((".", "~$"))
                and p.name not in GENERATOR_FILES
                and not GENERATOR_FILES.intersection(p.relative_to(path).parts[:-1])
            )
        elif path.exists():
            found.append(path)
        else:
            raise IngestError(f"{path}: 文件不存在")
    return found


def inspect(path: Path) -> SourceFile:
    """Format and checksum of a file; a one-line error for what cannot be imported at all."""
    try:
        return _inspect(path)
    except OSError as exc:  # unreadable, vanished, a folder's bad link
        raise IngestError(os_problem(path.name, exc)) from None


def os_problem(name: str, exc: OSError) -> str:
    """A failure of the file system, said for the user in one line."""
    if exc.errno == errno.ENOSPC:
        where = tempfile.gettempdir()
        return f"{name}: 磁盘空间已满，本文件未导入；请清理磁盘（及临时目录 {where}）后重试"
    if isinstance(exc, PermissionError):
        return f"{name}: 没有读取或写入的权限，本文件未导入；请检查文件权限"
    return f"{name}: 读写文件出错（{exc.strerror or type(exc).__name__}），本文件未导入"


def _inspect(path: Path) -> SourceFile:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = "、".join(sorted({s for s in FORMATS}))
        raise IngestError(f"{path.name}: 不支持的文件类型 “{path.suffix}”（支持 {known}）")
    size = path.stat().st_size
    if size == 0:
        raise IngestError(f"{path.name}: 文件为空")
    with path.open("rb") as handle:
        head = handle.read(8)
    if fmt == "text":  # a .docx judgment is a ZIP archive
        _check_magic(path, "xlsx", head)
    else:
        _check_magic(path, fmt, head)
    if fmt in ("csv", "jsonl") and _is_judgment_text(path, fmt):
        fmt = "text"
    return SourceFile(path=path, format=fmt, sha256=sha256_of(path), size=size)


def _is_judgment_text(path: Path, fmt: str) -> bool:
    """A .txt that reads as a court judgment, or a JSON-lines file of judgment full texts."""
    if fmt == "csv":
        if path.suffix.lower() != ".txt":
            return False
        with path.open("rb") as handle:
            return _JUDGMENT_TEXT_RE.search(sample_text(handle.read(_JUDGMENT_SAMPLE))) is not None
    if table_from_name(path.stem) is not None:
        return False
    with path.open("rb") as handle:
        first = handle.readline(_FIRST_RECORD_BYTES)
    try:
        record = json.loads(sample_text(first))
    except ValueError:
        return False
    texts = [record.get(f) for f in _TEXT_FIELDS] if isinstance(record, dict) else []
    return any(isinstance(t, str) and _JUDGMENT_TEXT_RE.search(t[:5000]) for t in texts)


def sample_text(sample: bytes) -> str:
    """The beginning of a text file as text: UTF-8 (a character cut at the end of the sample
    does not count against it), UTF-16 with its BOM, else GB18030 (which covers GBK)."""
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return sample.decode("utf-16", errors="ignore")
    try:
        return codecs.getincrementaldecoder("utf-8-sig")().decode(sample, final=False)
    except UnicodeDecodeError:
        return sample.decode("gb18030", errors="ignore")


def _check_magic(path: Path, fmt: str, head: bytes) -> None:
    found = next((label for magic, label in _MAGIC if head.startswith(magic)), None)
    expected = {"xlsx": "ZIP 压缩包", "parquet": "Parquet 文件"}.get(fmt)
    if fmt == "xlsx" and path.suffix.lower() == ".xls" and found == "旧版 Office 文档":
        return
    if expected is not None and found != expected:
        raise IngestError(
            f"{path.name}: 不是有效的 {fmt.upper()} 文件（{found or '内容无法识别'}）"
        )
    if expected is None and found is not None:
        raise IngestError(f"{path.name}: 扩展名为 {path.suffix}，但内容是{found}，无法作为文本导入")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def detect_encoding(path: Path) -> str:
    """``utf-8`` (with or without BOM) or ``gb18030`` (which covers GBK and GB2312)."""
    with path.open("rb") as handle:
        sample = handle.read(_SAMPLE_BYTES)
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(sample, final=len(sample) < _SAMPLE_BYTES)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        codecs.getincrementaldecoder("gb18030")().decode(sample, final=False)
        return "gb18030"
    except UnicodeDecodeError:
        raise IngestError(f"{path.name}: 无法识别文件编码（既不是 UTF-8 也不是 GBK）") from None


def transcode_to_utf8(path: Path, encoding: str, target: Path) -> list[tuple[str, str]]:
    """Re-encode a GBK/UTF-16 file as UTF-8 in bounded memory (DuckDB reads UTF-8).

    A line that does not decode cleanly in ``encoding`` (or, in a GBK file, a line that is
    UTF-8: an export glued together from two systems) is never re-encoded into mojibake: it
    is written with an invalid byte in front, so that the CSV reader rejects it as a badly
    encoded row (quarantined with its row number). Returns those lines as best read, with
    the reason, in order.
    """
    if encoding == "utf-16":  # no byte-wise lines in UTF-16: decoded whole, as before
        decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        with path.open("rb") as src, target.open("wb") as dst:
            for chunk in iter(lambda: src.read(4 << 20), b""):
                dst.write(decoder.decode(chunk).encode("utf-8"))
            dst.write(decoder.decode(b"", final=True).encode("utf-8"))
        return []
    bad: list[tuple[str, str]] = []
    with path.open("rb") as src, target.open("wb") as dst:
        rest = b""
        for chunk in iter(lambda: src.read(4 << 20), b""):
            chunk = rest + chunk
            cut = chunk.rfind(b"\n") + 1
            rest = chunk[cut:]
            if cut:
                dst.write(_transcode_lines(chunk[:cut], encoding, bad))
        if rest:
            dst.write(_transcode_lines(rest, encoding, bad))
    return bad


# Two Chinese characters in UTF-8: (almost) never seen in GBK text, where a line holding
# them is checked one by one (a lone one makes the GBK decoding fail, which is checked too)
_UTF8_CJK = re.compile(rb"[\xe4-\xe9][\x80-\xbf]{2}[\xe4-\xe9][\x80-\xbf]{2}")


def _transcode_lines(block: bytes, encoding: str, bad: list[tuple[str, str]]) -> bytes:
    """Whole lines of a GBK file as UTF-8; a line that is not clean GBK is marked bad.
    (No GBK character contains the byte of a line feed, so lines split safely in bytes.)"""
    if not _UTF8_CJK.search(block):
        try:
            return block.decode(encoding).encode("utf-8")  # the common case, in one go
        except UnicodeDecodeError:
            pass
    out: list[bytes] = []
    for line in block.split(b"\n"):
        if line.isascii():
            out.append(line)
            continue
        try:
            text = line.decode("utf-8")
            reason = "该行是 UTF-8 编码，与文件其余部分（GBK）不同，未导入以免存入乱码"
        except UnicodeDecodeError:
            try:
                out.append(line.decode(encoding).encode("utf-8"))
                continue
            except UnicodeDecodeError:
                text = line.decode(encoding, errors="replace")
                reason = "含有无法按 GBK 编码解读的字节，未导入以免存入乱码"
        bad.append((text.rstrip("\r"), reason))
        out.append(_UNDECODABLE + text.encode("utf-8"))
    return b"\n".join(out)


# Never valid in UTF-8: a line starting with it is rejected by the CSV reader as badly encoded.
_UNDECODABLE = b"\xff"


def table_from_name(name: str) -> Table | None:
    """The table a file or sheet name identifies: ``judgment.csv``, ``刑事裁判-002.csv``."""
    stem = name
    for _ in range(2):
        table = contract().table_by_label(stem)
        if table is not None:
            return table
        stem = _PART_SUFFIX.sub("", stem)
    return None


def table_from_headers(headers: Iterable[str]) -> Table | None:
    """The one table whose own columns (by name or label) the headers match best."""
    keys = {normalise_header(h) for h in headers if h}
    scores: list[tuple[int, str]] = []
    for table in contract().tables.values():
        lookup = table.header_lookup()
        own = {lookup[k] for k in keys if k in lookup} - {"record_id", "source", "unit_code"}
        scores.append((len(own), table.name))
    scores.sort(reverse=True)
    best, runner_up = scores[0], scores[1]
    if best[0] >= 3 and best[0] > runner_up[0] and "record_id" in _mapped(keys, best[1]):
        return contract().table(best[1])
    return None


def _mapped(keys: set[str], table_name: str) -> set[str]:
    lookup = contract().table(table_name).header_lookup()
    return {lookup[k] for k in keys if k in lookup}


def chunked(rows: Iterator[list[object]], size: int) -> Iterator[list[list[object]]]:
    batch: list[list[object]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
