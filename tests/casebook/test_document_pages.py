"""Every kind of document as printed: LibreOffice renders it to A4 PDF pages (then PNG, for
the eye and the screenshots) with its title, number, page number "— 1 —", 落款 and date; a
long 正文 fills a page with 22 lines of 28 characters."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from doc_support import record_parole_clues
from PIL import Image
from test_documents_docx import AT, NUMBERS, issue_every_kind, opened_clue

from jiancha.casebook import Casebook
from jiancha.casebook.actions import KIND_TITLES
from jiancha.casebook.documents import confirm_draft, new_draft, save_draft
from jiancha.casebook.filestore import FileStore
from jiancha.casebook.ledger import Ledger
from jiancha.casebook.workflow import Workflow
from jiancha.reports.pdf import docx_to_pdf, pdf_page_texts, pdf_to_pngs

needs_office = pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftotext") and shutil.which("pdftoppm")),
    reason="LibreOffice or poppler-utils is not installed here (.ci/run installs them from "
    "Debian's libreoffice-writer-nogui and poppler-utils), so documents are not rendered",
)
PHRASE = "检察机关依法履行法律监督职责维护司法公正"  # 20 characters, no punctuation
DPI = 36


@pytest.fixture
def book(wf_db_url: str) -> Iterator[Casebook]:
    opened = Casebook.open(wf_db_url)
    record_parole_clues(opened, 8, units=("350602",) * 2 + ("350603",) + ("350602",) * 5)
    yield opened
    opened.close()


@pytest.fixture
def pflow(book: Casebook, ledger: Ledger) -> Workflow:
    return Workflow(book, ledger)


def squeezed(text: str) -> str:
    return re.sub(r"[ \t]+", "", text)


@needs_office
def test_every_kind_renders_as_a4_pages_that_read_as_they_should(
    pflow: Workflow, book: Casebook, ledger: Ledger, files: FileStore, tmp_path: Path
) -> None:
    made = issue_every_kind(pflow, book, ledger, files)
    sources = []
    for kind, data in made.items():
        sources.append(tmp_path / f"{kind}.docx")
        sources[-1].write_bytes(data)
    for kind, pdf in zip(made, docx_to_pdf(sources, tmp_path / "pdf"), strict=True):
        pages = [squeezed(p) for p in pdf_page_texts(pdf)]
        first = pages[0]
        assert KIND_TITLES[kind] in first and NUMBERS[kind] in first, kind
        assert re.search(r"^—1—$", first, re.M), kind
        assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日$", pages[-1].split("—")[0].strip()), kind
        if kind != "similar_case_report":
            assert re.search(r"^.+：$", first, re.M)  # the addressee line
        assert "{{" not in "".join(pages)
        pngs = pdf_to_pngs(pdf, tmp_path / "png" / kind, dpi=DPI)
        assert len(pngs) == len(pages)
        with Image.open(pngs[0]) as image:
            assert image.size == (298, 421), kind  # A4 at 36 dpi


@needs_office
def test_a_long_recommendation_fills_pages_with_22_lines_of_28_characters(
    pflow: Workflow, book: Casebook, ledger: Ledger, files: FileStore, tmp_path: Path
) -> None:
    opened_clue(pflow, "C000001")
    with book.session() as session:
        draft = new_draft(session, "C000001", "recommendation", actor="甲", recipient="漳州监狱")
        long = "\n".join(PHRASE * 10 for _ in range(8))  # 8 paragraphs of 200 characters
        save_draft(session, "C000001", draft.id, actor="甲", recipient="漳州监狱",
                   sections={**draft.sections, "evidence": long})  # fmt: skip
        made = confirm_draft(session, ledger, files, "C000001", draft.id, actor="甲", at=AT)
    source = tmp_path / "long.docx"
    source.write_bytes(files.get(made.sha256))
    (pdf,) = docx_to_pdf([source], tmp_path / "pdf")
    pages = pdf_page_texts(pdf)
    assert len(pages) >= 3
    lines = [squeezed(line) for line in pages[1].splitlines() if line.strip()]
    assert lines[-1] == "—2—"  # the even page's number
    body = lines[:-1]
    assert len(body) == 22  # a full page: 22 lines
    lengths = Counter(len(line) for line in body if set(line) <= set(PHRASE))
    assert lengths[28] >= 15 and set(lengths) <= {26, 28, 6}  # 28 characters a line
    for png in pdf_to_pngs(pdf, tmp_path / "png", dpi=DPI):
        with Image.open(png) as image:
            assert image.size == (298, 421)
