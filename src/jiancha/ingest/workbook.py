"""What an .xlsx holds, checked before the reader is let at it.

The reader (calamine) allocates a sheet as a dense grid from its first to its last cell, and
inflates the whole archive: a 7 KB workbook with one cell at XFD1048576 asks for 512 GiB, a
7 MB one that unpacks to 7 GB takes gigabytes of memory. So the archive's unpacked size and
each sheet's extent are read first, from the zip directory and a streaming scan of the sheet's
XML, and a workbook beyond the limits is refused with a one-line error. The same scan finds
the formula cells that carry no calculated value (the reader would give them as empty).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from jiancha.errors import IngestError

MAX_UNPACKED = 2 << 30  # bytes, the whole archive unpacked
MAX_RATIO = 100  # unpacked / packed beyond which a large archive is a zip bomb
MAX_CELLS = 50_000_000  # the grid the reader allocates for one sheet (rows × columns)
_RATIO_FLOOR = 64 << 20  # small archives may compress as well as they like

_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "p": "http://schemas.openxmlformats.org/package/2006/relationships",
}
# the column letters, and the row number, of each cell reference
_CELL_REF = re.compile(rb" r=\"([A-Z]{1,3})[0-9]{1,7}\"")
_CELL_ROW = re.compile(rb" r=\"[A-Z]{1,3}([0-9]{1,7})\"")
# a formula cell whose formula is followed by no value, or an empty one
_NO_VALUE_FORMULA = re.compile(
    rb"<(?:\w+:)?c\b([^>]*?)(?<!/)>\s*<(?:\w+:)?f\b[^>]*?(?:/>|>[^<]*</(?:\w+:)?f>)\s*"
    rb"(?:</(?:\w+:)?c>|<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)"
)
_REF_ATTR = re.compile(rb"\br=\"([A-Z]{1,3})([0-9]{1,7})\"")
_CHUNK = 4 << 20
_OVERLAP = 4096  # a cell's tag cut by a chunk's end is seen whole in the next


@dataclass
class SheetScan:
    """One worksheet as its XML says: the extent of its cells and the formula cells without a
    calculated value, as (Excel row, 0-based column)."""

    first_row: int = 0
    last_row: int = 0
    first_col: int = 0
    last_col: int = 0
    empty_formulas: set[tuple[int, int]] = field(default_factory=set)

    @property
    def cells(self) -> int:
        if not self.last_row:
            return 0
        return (self.last_row - self.first_row + 1) * (self.last_col - self.first_col + 1)


def scan_workbook(path: Path) -> dict[str, SheetScan]:
    """Each worksheet's scan by sheet name; an IngestError for a workbook too large to read."""
    if not zipfile.is_zipfile(path):
        return {}  # an old .xls: its own format bounds it (65,536 × 256)
    try:
        with zipfile.ZipFile(path) as archive:
            _check_size(archive, path)
            return {
                name: _check_extent(_scan_sheet(archive, member), name, path)
                for name, member in _sheet_members(archive).items()
            }
    except (zipfile.BadZipFile, ElementTree.ParseError, KeyError, OSError):
        return {}  # the reader then names what is broken


def _check_size(archive: zipfile.ZipFile, path: Path) -> None:
    unpacked = sum(info.file_size for info in archive.infolist())
    packed = max(path.stat().st_size, 1)
    if unpacked > MAX_UNPACKED or (unpacked > _RATIO_FLOOR and unpacked / packed > MAX_RATIO):
        raise IngestError(
            f"{path.name}: Excel 文件解压后有 {_size(unpacked)}（文件本身 {_size(packed)}），"
            f"超出可读取的上限（{_size(MAX_UNPACKED)}，或压缩比 {MAX_RATIO} 倍）；"
            "请核对文件来源，或另存为 CSV 后导入"
        )


def _check_extent(scan: SheetScan, sheet: str, path: Path) -> SheetScan:
    if scan.cells > MAX_CELLS:
        area = f"{column_name(scan.first_col)}{scan.first_row}:"
        area += f"{column_name(scan.last_col)}{scan.last_row}"
        raise IngestError(
            f"{path.name}: 工作表“{sheet}”的范围 {area} 约有 {scan.cells:,} 个单元格，"
            f"超出可读取的上限（{MAX_CELLS:,} 个）；请删除远处多余的单元格，或另存为 CSV 后导入"
        )
    return scan


def _sheet_members(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → the archive member holding its XML."""
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): str(rel.get("Target")) for rel in rels.findall("p:Relationship", _NS)}
    members: dict[str, str] = {}
    for sheet in book.findall("m:sheets/m:sheet", _NS):
        target = targets.get(sheet.get(f"{{{_NS['r']}}}id"))
        if target is None:
            continue
        member = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        members[str(sheet.get("name"))] = posixpath.normpath(member)
    return members


def _scan_sheet(archive: zipfile.ZipFile, member: str) -> SheetScan:
    scan = SheetScan()
    rows: set[bytes] = set()
    letters: set[bytes] = set()
    with archive.open(member) as handle:
        tail = b""
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            data = tail + chunk
            # the last _OVERLAP bytes are scanned again with the next chunk
            limit = len(data) - _OVERLAP if len(chunk) == _CHUNK else len(data)
            body = data[:limit]
            rows.update(_CELL_ROW.findall(body))
            letters.update(_CELL_REF.findall(body))
            has_formulas = b"<f" in data or b":f>" in data or b":f " in data
            for match in _NO_VALUE_FORMULA.finditer(data) if has_formulas else ():
                if match.start() >= limit:
                    break
                ref = _REF_ATTR.search(match[1])
                if ref:
                    scan.empty_formulas.add((int(ref[2]), _column_index(ref[1])))
            tail = data[limit:]
            if len(rows) > 4096:  # only the extremes matter
                kept = sorted(rows, key=int)
                rows = {kept[0], kept[-1]}
            if len(letters) > 64:
                columns = sorted(letters, key=lambda c: (len(c), c))
                letters = {columns[0], columns[-1]}
    if rows and letters:
        columns = sorted(letters, key=lambda c: (len(c), c))
        found = sorted(int(r) for r in rows)
        scan.first_row, scan.last_row = found[0], found[-1]
        scan.first_col, scan.last_col = _column_index(columns[0]), _column_index(columns[-1])
    return scan


def _column_index(letters: bytes) -> int:
    """``A`` → 0, ``XFD`` → 16383."""
    index = 0
    for letter in letters:
        index = index * 26 + letter - 64
    return index - 1


def column_name(index: int) -> str:
    """0 → ``A``, 16383 → ``XFD``."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _size(n: int) -> str:
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} 字节"
