"""The layout of GB/T 9704-2012《党政机关公文格式》 for every .docx jiancha writes.

What the standard fixes, and where it is set here:

- 5.2.1 A4 paper; 天头 (top margin) 37 mm and 订口 (left margin) 28 mm; the text area
  (版心) 156 mm × 225 mm, so the bottom margin is 35 mm and the right one 26 mm.
- 5.2.2 every element in 三号仿宋 unless said otherwise; 5.2.3 22 lines of 28 characters
  a page, filling the text area: the section's line grid (w:docGrid, 22 lines of 28.95 pt)
  with an exact line spacing of one grid line, and 28 characters from the 156 mm line with
  the characters set 0.25 pt closer (28 characters of 16 pt are 158 mm). Word's character
  grid (``linesAndChars`` with a negative ``charSpace``) would say the same to Word, but
  LibreOffice puts a 16 pt character into two cells of a 15.8 pt grid (14 characters a
  line) and spreads digits over whole cells; the spacing lays out alike in both.
- 7.3.1 the title in 二号小标宋, centred; 7.3.2 the addressee flush left, ending in a
  full-width colon; 7.3.3 paragraphs indented two characters; heading levels 一、（一）1.（1）
  in 黑体, 楷体, 仿宋, 仿宋.
- 7.3.5.1 (a sealed document) the date four characters from the right, the issuing
  procuratorate's name centred above it; 7.3.5.4 the date in Arabic numerals (2026年12月3日).
- 7.5 page numbers in 四号半角宋体 between two 一字线 ("— 1 —"), 7 mm below the text
  area, one character in from the right on odd pages and from the left on even pages.

Legal documents of a procuratorate (检察建议书, 纠正违法通知书…) carry their number
(文号, 漳芗检建〔2026〕3号) at the right under the title, as 最高人民检察院's document
samples place it; the 红头 letterhead of 7.2 is not used for them.

Fonts are named for Word (仿宋_GB2312, 方正小标宋简体…) with the font table giving the
fallback Word and LibreOffice use where a face is missing (仿宋, 宋体…); every run names
its East-Asian face (``w:eastAsia``), or Chinese text would take the Latin one.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.section import Section
from docx.shared import Emu, Length, Mm, Pt
from docx.styles.style import ParagraphStyle
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

PAGE_WIDTH = Mm(210)
PAGE_HEIGHT = Mm(297)
MARGIN_TOP = Mm(37)  # 天头
MARGIN_LEFT = Mm(28)  # 订口
TEXT_WIDTH = Mm(156)
TEXT_HEIGHT = Mm(225)
MARGIN_BOTTOM = Emu(PAGE_HEIGHT - MARGIN_TOP - TEXT_HEIGHT)  # 35 mm
MARGIN_RIGHT = Emu(PAGE_WIDTH - MARGIN_LEFT - TEXT_WIDTH)  # 26 mm
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28

# 号 sizes in points
SIZE_2 = 22.0  # 二号: the title
SIZE_3 = 16.0  # 三号: everything else
SIZE_4 = 14.0  # 四号: page numbers, and tables where 28 characters a line cannot hold them

_TWIPS_PER_PT = 20
# One grid line, in twentieths of a point, rounded down so that 22 of them fit.
LINE_PITCH = math.floor(TEXT_HEIGHT.pt * _TWIPS_PER_PT / LINES_PER_PAGE)  # 579
# Characters of the body set closer by this much (twentieths of a point) so 28 fit a line.
CHAR_SPACING = -math.ceil((SIZE_3 - TEXT_WIDTH.pt / CHARS_PER_LINE) * _TWIPS_PER_PT)  # -5
# The page number's 一字线 sits 7 mm below the text area; the footer distance is measured
# to the bottom of the footer line, about half a 四号 line below the dash.
FOOTER_DISTANCE = Mm(35 - 7 - 3.5)
HEADER_DISTANCE = Mm(15)


@dataclass(frozen=True)
class Face:
    """A font as Word names it, and the face to use where it is not installed."""

    name: str
    fallback: str
    family: str = "roman"  # the font table's generic family
    panose: str = "02010600030101010101"


TITLE_FACE = Face("方正小标宋简体", "宋体", "script", "02000000000000000000")
BODY_FACE = Face("仿宋_GB2312", "仿宋", "modern", "02010609030101010101")
HEI_FACE = Face("黑体", "SimHei", "modern", "02010609060101010101")
KAI_FACE = Face("楷体_GB2312", "楷体", "modern", "02010609030101010101")
SONG_FACE = Face("宋体", "SimSun", "auto", "02010600030101010101")
FACES = (TITLE_FACE, BODY_FACE, HEI_FACE, KAI_FACE, SONG_FACE)

# 7.3.3: the levels of headings and the face of each
HEADING_FACES: dict[int, Face] = {1: HEI_FACE, 2: KAI_FACE, 3: BODY_FACE, 4: BODY_FACE}
_HEADING_PATTERNS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(r"^[一二三四五六七八九十百]+、")),
    (2, re.compile(r"^（[一二三四五六七八九十百]+）")),
    (3, re.compile(r"^\d+[.．]")),
    (4, re.compile(r"^（\d+）")),
)

# Paragraph styles jiancha's documents use; the built-in ones keep their ids so that
# Word's navigation pane and outline still work.
STYLE_BODY = "Normal"
STYLE_TITLE = "Title"
STYLE_NUMBER = "发文字号"
STYLE_ADDRESSEE = "主送机关"
STYLE_SIGNATURE = "发文机关署名"
STYLE_DATE = "成文日期"
STYLE_TABLE = "表格文字"
STYLE_PAGE_NUMBER = "页码"
HEADING_STYLES: dict[int, str] = {level: f"Heading {level}" for level in HEADING_FACES}
# ids of the styles jiancha adds (Word shows the names; ids stay ASCII as Word's own are)
_STYLE_IDS: dict[str, str] = {
    STYLE_NUMBER: "DocumentNumber",
    STYLE_ADDRESSEE: "Addressee",
    STYLE_SIGNATURE: "IssuerName",
    STYLE_DATE: "IssueDate",
    STYLE_TABLE: "TableText",
    STYLE_PAGE_NUMBER: "PageNumber",
}

_WHOLE_TABLE_ROWS = 6
DATE_INDENT_CHARS = 4  # 7.3.5.1: 成文日期一般右空四字
PAGE_NUMBER_INDENT_CHARS = 1  # 7.5: 单页码居右空一字，双页码居左空一字
DASH = "—"  # 一字线

_APP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"


def chinese_date(day: date | datetime) -> str:
    """The date as a document states it (7.3.5.4): 2026年12月3日, no leading zeros."""
    return f"{day.year}年{day.month}月{day.day}日"


def heading_level(text: str) -> int | None:
    """The level of a heading by its number: 一、 1, （一） 2, 1. 3, （1） 4; else None."""
    for level, pattern in _HEADING_PATTERNS:
        if pattern.match(text.strip()):
            return level
    return None


def text_width(text: str) -> float:
    """Width in body characters: a Chinese character 1, a half-width one ½."""
    return sum(0.5 if ord(c) < 0x2E80 and c not in "—…“”‘’" else 1.0 for c in text)


# -- the whole document ---------------------------------------------------------------------


def apply_layout(document: DocxDocument, *, issuer: str, title: str | None = None) -> DocxDocument:
    """Lay ``document`` out as GB/T 9704 says: page, grid, styles, page numbers, tables,
    fonts and properties naming ``issuer`` (the procuratorate). Idempotent."""
    for section in document.sections:
        _page(section)
    _styles(document)
    _font_table(document)
    _settings(document)
    for section in document.sections:
        _page_numbers(section)
    for table in document.tables:
        _table(table)
    for paragraph in document.paragraphs:
        _clear_direct_fonts(paragraph)
    set_properties(document, issuer=issuer, title=title or _first_title(document))
    return document


def _first_title(document: DocxDocument) -> str:
    for paragraph in document.paragraphs:
        if paragraph.style is not None and paragraph.style.style_id == STYLE_TITLE:
            if paragraph.text.strip():
                return paragraph.text.strip()
    return ""


def set_properties(document: DocxDocument, *, issuer: str, title: str = "") -> None:
    """Core and application properties name the procuratorate, not the library."""
    props = document.core_properties
    props.author = issuer
    props.last_modified_by = issuer
    props.title = title
    props.comments = ""
    props.keywords = ""
    props.category = title
    now = datetime.now().replace(microsecond=0)
    props.created = props.modified = now
    props.revision = 1
    _app_properties(document, issuer)


def _app_properties(document: DocxDocument, issuer: str) -> None:
    """docProps/app.xml: the company is the procuratorate (python-docx keeps the blank
    template's, which names another program)."""
    package = document.part.package
    for rel in package.rels.values():
        if rel.reltype == RT.EXTENDED_PROPERTIES and not rel.is_external:
            part = rel.target_part
            root = etree.fromstring(part.blob)
            for tag, value in (("Company", issuer), ("Application", "jiancha 数字检察平台")):
                node = root.find(f"{{{_APP_NS}}}{tag}")
                if node is None:
                    node = etree.SubElement(root, f"{{{_APP_NS}}}{tag}")
                node.text = value
            for tag in ("Template", "TitlesOfParts", "HeadingPairs"):
                node = root.find(f"{{{_APP_NS}}}{tag}")
                if node is not None:
                    root.remove(node)
            # a plain Part keeps its bytes in _blob; there is no setter
            part._blob = etree.tostring(
                root, xml_declaration=True, encoding="UTF-8", standalone=True
            )


# -- page -----------------------------------------------------------------------------------


def _page(section: Section) -> None:
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.header_distance, section.footer_distance = HEADER_DISTANCE, FOOTER_DISTANCE
    section.gutter = Emu(0)
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    grid.attrib.clear()
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH))


def _settings(document: DocxDocument) -> None:
    """Odd and even pages have their own footers (the page number changes side)."""
    document.settings.odd_and_even_pages_header_footer = True
    # the blank template's theme fonts are Japanese; Word picks East-Asian defaults by it
    lang = document.settings.element.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")


# -- fonts ----------------------------------------------------------------------------------


def set_run_fonts(rpr: etree._Element, face: Face) -> None:
    """Name ``face`` for every script of a run or style (ascii, hAnsi, eastAsia, cs), and
    drop theme fonts, which would win over the names."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for script in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{script}"), face.name)
    fonts.set(qn("w:hint"), "eastAsia")


def _font_table(document: DocxDocument) -> None:
    """Declare every face with its fallback (``w:altName``) and GB2312 charset."""
    package = document.part.package
    part = next((p for p in package.iter_parts() if str(p.partname) == "/word/fontTable.xml"), None)
    if part is None:
        return
    root = etree.fromstring(part.blob)
    for face in FACES:
        for old in root.findall(qn("w:font")):
            if old.get(qn("w:name")) == face.name:
                root.remove(old)
        root.append(
            parse_xml(
                f'<w:font {nsdecls("w")} w:name="{face.name}">'
                f'<w:altName w:val="{face.fallback}"/><w:panose1 w:val="{face.panose}"/>'
                f'<w:charset w:val="86"/><w:family w:val="{face.family}"/>'
                '<w:pitch w:val="variable"/></w:font>'
            )
        )
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _clear_direct_fonts(paragraph: Paragraph) -> None:
    """Runs take their face, size and colour from the paragraph's style: direct ones a
    writer set would break the layout (emphasis such as bold stays)."""
    for run in paragraph.runs:
        rpr = run._r.rPr
        if rpr is None:
            continue
        for tag in ("w:rFonts", "w:sz", "w:szCs", "w:color"):
            node = rpr.find(qn(tag))
            if node is not None:
                rpr.remove(node)


# -- styles ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Look:
    face: Face
    size: float = SIZE_3
    align: str = "both"  # w:jc
    first_line_chars: int = 2
    right_chars: float = 0
    left_chars: float = 0
    exact: bool = True  # one grid line per line
    snap: bool = True  # lines on the page's line grid (a 二号 line would take two)
    tight: bool = True  # characters 0.25 pt closer: 28 to a line
    keep_next: bool = False
    outline: int | None = None


_LOOKS: dict[str, _Look] = {
    STYLE_BODY: _Look(BODY_FACE),
    STYLE_TITLE: _Look(TITLE_FACE, SIZE_2, "center", 0, snap=False, tight=False, keep_next=True),
    STYLE_NUMBER: _Look(BODY_FACE, align="right", first_line_chars=0),
    STYLE_ADDRESSEE: _Look(BODY_FACE, align="left", first_line_chars=0),
    STYLE_SIGNATURE: _Look(BODY_FACE, align="right", first_line_chars=0),
    STYLE_DATE: _Look(BODY_FACE, align="right", first_line_chars=0, right_chars=4),
    STYLE_TABLE: _Look(BODY_FACE, SIZE_4, "left", 0, exact=False, snap=False, tight=False),
    STYLE_PAGE_NUMBER: _Look(SONG_FACE, SIZE_4, "right", 0, exact=False, snap=False, tight=False),
    **{
        HEADING_STYLES[level]: _Look(face, keep_next=True, outline=level - 1)
        for level, face in HEADING_FACES.items()
    },
}
# Styles of the blank python-docx template some writers use (List Number…) follow Normal.
_PLAIN_STYLES = ("List Number", "List Bullet", "List Paragraph", "Subtitle", "Quote")


def _styles(document: DocxDocument) -> None:
    _doc_defaults(document)
    styles = document.styles
    for name, look in _LOOKS.items():
        style = _paragraph_style(document, name)
        _restyle(style, look)
    for name in _PLAIN_STYLES:
        if name in [s.name for s in styles]:
            style = styles[name]
            if isinstance(style, ParagraphStyle):
                _restyle(style, _LOOKS[STYLE_BODY], keep_numbering=True)


def _paragraph_style(document: DocxDocument, name: str) -> ParagraphStyle:
    styles = document.styles
    try:
        style = styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.element.set(qn("w:styleId"), _STYLE_IDS[name])
        style.base_style = styles[STYLE_BODY]
        style.quick_style = True
    assert isinstance(style, ParagraphStyle)
    return style


def _restyle(style: ParagraphStyle, look: _Look, *, keep_numbering: bool = False) -> None:
    element = style.element
    old_ppr = element.find(qn("w:pPr"))
    numbering = old_ppr.find(qn("w:numPr")) if old_ppr is not None and keep_numbering else None
    for tag in ("w:pPr", "w:rPr"):
        for node in element.findall(qn(tag)):
            element.remove(node)
    element.append(_ppr(look, numbering))
    element.append(_rpr(look))


def _ppr(look: _Look, numbering: etree._Element | None = None) -> etree._Element:
    ppr = OxmlElement("w:pPr")
    if look.keep_next:
        ppr.append(OxmlElement("w:keepNext"))
    if numbering is not None:
        ppr.append(numbering)
    if not look.snap:
        ppr.append(_el("w:snapToGrid", val="0"))
    body = SIZE_3 * _TWIPS_PER_PT
    spacing = _el("w:spacing", before="0", after="0", beforeLines="0", afterLines="0")
    if look.exact:
        spacing.set(qn("w:line"), str(LINE_PITCH))
        spacing.set(qn("w:lineRule"), "exact")
    else:
        spacing.set(qn("w:line"), "240")
        spacing.set(qn("w:lineRule"), "auto")
    ppr.append(spacing)
    indent = _el(
        "w:ind",
        firstLineChars=str(look.first_line_chars * 100),
        firstLine=str(round(look.first_line_chars * body)),
        leftChars=str(round(look.left_chars * 100)),
        left=str(round(look.left_chars * body)),
        rightChars=str(round(look.right_chars * 100)),
        right=str(round(look.right_chars * body)),
    )
    ppr.append(indent)
    ppr.append(_el("w:jc", val=look.align))
    if look.outline is not None:
        ppr.append(_el("w:outlineLvl", val=str(look.outline)))
    return ppr


def _rpr(look: _Look) -> etree._Element:
    rpr = OxmlElement("w:rPr")
    set_run_fonts(rpr, look.face)
    rpr.append(_el("w:b", val="0"))
    rpr.append(_el("w:bCs", val="0"))
    rpr.append(_el("w:color", val="000000"))
    if look.tight:
        rpr.append(_el("w:spacing", val=str(CHAR_SPACING)))
    half_points = str(round(look.size * 2))
    rpr.append(_el("w:sz", val=half_points))
    rpr.append(_el("w:szCs", val=half_points))
    rpr.append(_el("w:lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA"))
    return rpr


def _doc_defaults(document: DocxDocument) -> None:
    """The defaults every style inherits: 三号仿宋, Chinese, no spacing."""
    root = document.styles.element
    defaults = root.find(qn("w:docDefaults"))
    if defaults is not None:
        root.remove(defaults)
    rpr = _rpr(_LOOKS[STYLE_BODY])
    for tag in ("w:b", "w:bCs", "w:color"):
        rpr.remove(rpr.find(qn(tag)))
    defaults = parse_xml(
        f"<w:docDefaults {nsdecls('w')}><w:rPrDefault/><w:pPrDefault><w:pPr>"
        '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault>'
        "</w:docDefaults>"
    )
    defaults.find(qn("w:rPrDefault")).append(rpr)
    root.insert(0, defaults)


def _el(tag: str, **attrs: str) -> etree._Element:
    element = OxmlElement(tag)
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), value)
    return element


# -- page numbers -----------------------------------------------------------------------------


def _page_numbers(section: Section) -> None:
    """ "— 1 —" in the footer: right on odd pages, left on even ones (7.5)."""
    indent = Pt(PAGE_NUMBER_INDENT_CHARS * SIZE_4)
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        footer.is_linked_to_previous = False
        for paragraph in footer.paragraphs[1:]:
            paragraph._p.getparent().remove(paragraph._p)
        paragraph = footer.paragraphs[0]
        paragraph.clear()
        paragraph.style = STYLE_PAGE_NUMBER
        paragraph.alignment = align
        fmt = paragraph.paragraph_format
        fmt.right_indent = indent if align == WD_ALIGN_PARAGRAPH.RIGHT else Length(0)
        fmt.left_indent = indent if align == WD_ALIGN_PARAGRAPH.LEFT else Length(0)
        _page_field(paragraph)


def _page_field(paragraph: Paragraph) -> None:
    paragraph.add_run(f"{DASH} ")
    for kind in ("begin", None, "separate", "1", "end"):
        run = paragraph.add_run()
        if kind is None:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = " PAGE "
            run._r.append(instr)
        elif kind == "1":
            run.text = "1"
        else:
            run._r.append(_el("w:fldChar", fldCharType=kind))
    paragraph.add_run(f" {DASH}")


# -- tables -----------------------------------------------------------------------------------


def _table(table: Table) -> None:
    """Tables span the text area, in 四号 without the paragraph indent."""
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.style = STYLE_TABLE
                _clear_direct_fonts(paragraph)
    tbl_pr = table._tbl.tblPr
    width = tbl_pr.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        tbl_pr.append(width)
    width.set(qn("w:w"), "5000")
    width.set(qn("w:type"), "pct")
    if tbl_pr.find(qn("w:tblBorders")) is None and tbl_pr.find(qn("w:tblStyle")) is None:
        tbl_pr.append(_borders())


def _borders() -> etree._Element:
    sides = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    return parse_xml(f"<w:tblBorders {nsdecls('w')}>{sides}</w:tblBorders>")


# -- building a document ------------------------------------------------------------------------


def add_title(document: DocxDocument, text: str) -> Paragraph:
    return document.add_paragraph(text, style=STYLE_TITLE)


def add_number(document: DocxDocument, text: str) -> Paragraph:
    """The document number (文号), 漳芗检建〔2026〕3号, at the right under the title."""
    return document.add_paragraph(text, style=STYLE_NUMBER)


def add_addressee(document: DocxDocument, text: str) -> Paragraph:
    """The addressee (主送机关), flush left; the colon is the caller's (a placeholder may
    stand before it)."""
    return document.add_paragraph(text, style=STYLE_ADDRESSEE)


def add_text(document: DocxDocument, text: str) -> Paragraph:
    """A paragraph of the body; a numbered heading (一、（一）1.（1）) takes its level's style."""
    level = heading_level(text)
    return document.add_paragraph(text, style=HEADING_STYLES[level] if level else STYLE_BODY)


def add_heading(document: DocxDocument, text: str, level: int = 1) -> Paragraph:
    return document.add_paragraph(text, style=HEADING_STYLES[level])


def add_blank(document: DocxDocument) -> Paragraph:
    return document.add_paragraph("", style=STYLE_ADDRESSEE)


def add_signature(document: DocxDocument, issuer: str, day: str) -> tuple[Paragraph, Paragraph]:
    """The issuer's name and the date of a sealed document (7.3.5.1), after two blank lines
    (the seal covers them). ``day`` is the date as written, or a placeholder.

    The block is kept on one page with the text before it: a page that holds only the
    signature and the date is what 7.3.5 tells the typesetter to avoid."""
    _keep_last_block_with_next(document)
    blanks = (add_blank(document), add_blank(document))
    name = document.add_paragraph(issuer, style=STYLE_SIGNATURE)
    when = document.add_paragraph(day, style=STYLE_DATE)
    for paragraph in (*blanks, name):
        paragraph.paragraph_format.keep_with_next = True
    align_signature(document)
    return name, when


def _keep_last_block_with_next(document: DocxDocument) -> None:
    blocks = [b for b in document.element.body if b.tag in (qn("w:p"), qn("w:tbl"))]
    if not blocks:
        return
    last = blocks[-1]
    if last.tag == qn("w:p"):
        Paragraph(last, document._body).paragraph_format.keep_with_next = True
        return
    rows = last.findall(qn("w:tr"))
    # a small table goes whole (keep-with-next on every row); of a long one, the last row
    for row in rows if len(rows) <= _WHOLE_TABLE_ROWS else rows[-1:]:
        for p in row.iter(qn("w:p")):
            Paragraph(p, document._body).paragraph_format.keep_with_next = True


def align_signature(document: DocxDocument) -> None:
    """Centre each issuer's name above the date that follows it (7.3.5.1): the date ends
    four characters from the right, the name's centre is the date's. Call it again after
    the placeholders are filled, when the real widths are known."""
    ids = {s.name: s.style_id for s in document.styles}
    if STYLE_SIGNATURE not in ids or STYLE_DATE not in ids:
        return  # a unit's own template, laid out its own way
    paragraphs = document.paragraphs
    for name, when in zip(paragraphs, paragraphs[1:], strict=False):
        if (_style_id(name), _style_id(when)) != (ids[STYLE_SIGNATURE], ids[STYLE_DATE]):
            continue
        name_width = text_width(_shown(name.text, "漳州市芗城区人民检察院"))
        date_width = text_width(_shown(when.text, "2026年12月31日"))
        right = max(0.0, DATE_INDENT_CHARS + (date_width - name_width) / 2)
        ind = name._p.get_or_add_pPr().get_or_add_ind()
        ind.set(qn("w:rightChars"), str(round(right * 100)))
        ind.set(qn("w:right"), str(round(right * SIZE_3 * _TWIPS_PER_PT)))


def _shown(text: str, typical: str) -> str:
    """A placeholder is measured as a typical value of its field."""
    return typical if "{{" in text else text


def _style_id(paragraph: Paragraph) -> str | None:
    ppr = paragraph._p.pPr
    return ppr.pStyle.val if ppr is not None and ppr.pStyle is not None else None
