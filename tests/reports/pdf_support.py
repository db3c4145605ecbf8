"""Reading rendered pages back: which tools are here, and where the ink is on a page."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

HAVE_LIBREOFFICE = bool(shutil.which("soffice") or shutil.which("libreoffice"))
HAVE_POPPLER = bool(shutil.which("pdftoppm") and shutil.which("pdftotext"))
needs_libreoffice = pytest.mark.skipif(
    not (HAVE_LIBREOFFICE and HAVE_POPPLER),
    reason="LibreOffice or poppler-utils is not installed here (.ci/run installs them from "
    "Debian's libreoffice-writer-nogui and poppler-utils), so .docx pages are not rendered",
)
needs_poppler = pytest.mark.skipif(
    not HAVE_POPPLER,
    reason="poppler-utils is not installed here (.ci/run installs it), so PDF pages are not read",
)

MM_PER_INCH = 25.4


def ink_box(png: Path, dpi: int, box_mm: tuple[float, float, float, float]) -> tuple[float, ...]:
    """The bounding box (left, top, right, bottom, in mm) of the dark pixels inside
    ``box_mm`` (left, top, right, bottom in mm from the page's top left); () if none."""
    from PIL import Image

    scale = dpi / MM_PER_INCH
    with Image.open(png) as image:
        grey = image.convert("L")
        left, top, right, bottom = (round(v * scale) for v in box_mm)
        crop = grey.crop((left, top, right, bottom)).point(lambda v: 255 if v < 128 else 0)
        found = crop.getbbox()
    if found is None:
        return ()
    x0, y0, x1, y1 = found
    return tuple(round(v / scale, 1) for v in (left + x0, top + y0, left + x1, top + y1))


def page_size_mm(png: Path, dpi: int) -> tuple[float, float]:
    from PIL import Image

    with Image.open(png) as image:
        width, height = image.size
    return round(width * MM_PER_INCH / dpi), round(height * MM_PER_INCH / dpi)
