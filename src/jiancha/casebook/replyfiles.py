"""Which files a court or agency may send back through an e-service link, judged by their
content: a PDF, a Word document (.docx or the older .doc), an OFD (GB/T 33190, the
format of Chinese official e-documents) or an image. The name the sender gave counts for
nothing: a script renamed ``回复.pdf`` is refused, a PDF named ``reply.bin`` is taken.
"""

from __future__ import annotations

import io
import zipfile

from jiancha.errors import CasebookError

ALLOWED_LABEL = "PDF、Word（.docx/.doc）、OFD 或图片（JPEG、PNG、TIFF、BMP、GIF）"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound file of .doc
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "TIFF": "tif", "BMP": "bmp", "GIF": "gif"}


class ReplyFileRefused(CasebookError):
    """A reply whose content is none of the kinds a court sends."""


def reply_kind(data: bytes) -> str:
    """The file's kind by content (its extension: pdf, docx, doc, ofd, jpg …), or
    :class:`ReplyFileRefused` naming what is accepted."""
    kind = _kind(data)
    if kind is None:
        raise ReplyFileRefused(f"回复文件的内容不是{ALLOWED_LABEL}，未接收；请转换后重新上传")
    return kind


def _kind(data: bytes) -> str | None:
    # the PDF header may follow a little junk (the reference allows it within 1 KB)
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(OLE_MAGIC):
        return "doc"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    return _image_kind(data)


def _zip_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = {name.lstrip("/") for name in archive.namelist()}
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if "word/document.xml" in names and "[Content_Types].xml" in names:
        return "docx"
    if "OFD.xml" in names:
        return "ofd"
    return None


def _image_kind(data: bytes) -> str | None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            kind = image.format
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError, SyntaxError):
        return None
    return IMAGE_FORMATS.get(kind or "")
