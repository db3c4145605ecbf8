"""PDF from what the platform writes: HTML reports through WeasyPrint, .docx documents
through LibreOffice (headless).

Both draw with the fonts fontconfig finds. Documents name the faces of GB/T 9704 as Word
knows them (仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312); where those are not installed (a
Linux server) the conversion maps them to what is, preferring the Windows faces, then
Debian's fonts-noto-cjk (Noto Serif CJK for 宋 and 仿宋, Noto Sans CJK for 黑体). A tool
that is missing is named in a one-line error with the Debian package that brings it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from jiancha.errors import ReportError

# Word's font names → the installed faces to use for them, best first.
FONT_ALIASES: dict[str, tuple[str, ...]] = {
    "仿宋_GB2312": ("仿宋", "FangSong", "Noto Serif CJK SC", "Source Han Serif SC"),
    "仿宋": ("FangSong", "Noto Serif CJK SC", "Source Han Serif SC"),
    "方正小标宋简体": ("方正小标宋_GBK", "宋体", "SimSun", "Noto Serif CJK SC"),
    "宋体": ("SimSun", "Noto Serif CJK SC", "Source Han Serif SC"),
    "黑体": ("SimHei", "Noto Sans CJK SC", "Source Han Sans SC"),
    "楷体_GB2312": ("楷体", "KaiTi", "AR PL UKai CN", "Noto Serif CJK SC"),
    "楷体": ("KaiTi", "AR PL UKai CN", "Noto Serif CJK SC"),
}
CJK_FONT_PACKAGE = "fonts-noto-cjk"
LIBREOFFICE_PACKAGE = "libreoffice-writer-nogui"
PANGO_PACKAGES = "libpango-1.0-0、libpangoft2-1.0-0"
CONVERT_TIMEOUT = 300  # seconds for one LibreOffice run (its first start makes a profile)


def fontconfig_file(directory: Path) -> Path:
    """A fontconfig file: the system's configuration plus :data:`FONT_ALIASES`."""
    aliases = "\n".join(
        f'  <alias binding="strong"><family>{name}</family><prefer>'
        + "".join(f"<family>{face}</family>" for face in faces)
        + "</prefer></alias>"
        for name, faces in FONT_ALIASES.items()
    )
    path = directory / "fonts.conf"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"{aliases}\n</fontconfig>\n",
        encoding="utf-8",
    )
    return path


def require_cjk_fonts() -> None:
    """Fail in one line when fontconfig knows no Chinese font (the PDF would show boxes)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return  # no fontconfig tools to ask; the renderer finds what it finds
    listed = subprocess.run(
        [fc_list, ":lang=zh", "family"], capture_output=True, text=True, check=False
    )
    if not listed.stdout.strip():
        raise ReportError(f"没有中文字体，无法生成 PDF：请安装 Debian 软件包 {CJK_FONT_PACKAGE}")


def html_to_pdf(html: str) -> bytes:
    """The PDF of a self-contained HTML page (CSS paged media: @page, page counters)."""
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # WeasyPrint loads Pango when imported
        raise ReportError(
            f"生成 PDF 需要 WeasyPrint 及 Pango 图形库（Debian 软件包 {PANGO_PACKAGES}）：{exc}"
        ) from None
    require_cjk_fonts()
    pdf = weasyprint.HTML(string=html).write_pdf()
    assert pdf is not None  # no target given: the bytes are returned
    return bytes(pdf)


def libreoffice() -> str:
    """The LibreOffice program, or a one-line error naming the package."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise ReportError(
            f"没有 LibreOffice，无法把 .docx 转为 PDF：请安装 Debian 软件包 {LIBREOFFICE_PACKAGE}"
        )
    return found


def docx_to_pdf(sources: Sequence[Path], out_dir: Path) -> list[Path]:
    """Convert .docx files to PDF in ``out_dir`` (one LibreOffice run for all of them);
    returns the PDFs in the order of ``sources``."""
    program = libreoffice()
    require_cjk_fonts()
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="jiancha-lo-") as scratch:
        # a private profile: a running LibreOffice of the user, or another conversion at
        # the same time, would otherwise take the request or lock it out
        profile = Path(scratch) / "profile"
        env = {**os.environ, "FONTCONFIG_FILE": str(fontconfig_file(Path(scratch)))}
        command = [
            program,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            *(str(s) for s in sources),
        ]
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, env=env, timeout=CONVERT_TIMEOUT
            )
        except subprocess.TimeoutExpired:
            raise ReportError(f"LibreOffice 转换超时（{CONVERT_TIMEOUT} 秒）") from None
    pdfs = [out_dir / f"{Path(s).stem}.pdf" for s in sources]
    missing = [p.name for p in pdfs if not p.exists()]
    if missing:
        said = (done.stderr or done.stdout).strip().splitlines()
        raise ReportError(
            f"LibreOffice 未能生成 {'、'.join(missing)}" + (f"：{said[-1]}" if said else "")
        )
    return pdfs


# -- reading a PDF back (poppler-utils): its text and its pages as pictures ---------------

POPPLER_PACKAGE = "poppler-utils"


def _poppler(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        raise ReportError(f"没有 {tool}：请安装 Debian 软件包 {POPPLER_PACKAGE}")
    return found


def pdf_page_texts(pdf: Path) -> list[str]:
    """The text of each page, laid out as printed (``pdftotext -layout``)."""
    done = subprocess.run(
        [_poppler("pdftotext"), "-layout", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    pages = done.stdout.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def pdf_to_pngs(pdf: Path, out_dir: Path, *, dpi: int = 72) -> list[Path]:
    """Each page as a PNG in ``out_dir`` (``pdftoppm``), in page order."""
    out_dir.mkdir(parents=True, exist_ok=True)
    prefix = out_dir / pdf.stem
    subprocess.run(
        [_poppler("pdftoppm"), "-r", str(dpi), "-png", str(pdf), str(prefix)],
        capture_output=True,
        check=True,
    )
    return sorted(out_dir.glob(f"{pdf.stem}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
