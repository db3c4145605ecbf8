"""线索移送函 to the organ the clue belongs to: a cluster of traffic-injury suits
(civil.injury_suit_brokers) goes to the public security organ as a crime clue, in its words
(你局, 可能涉嫌犯罪) and laid out as every other document; the same clue sent to a supervisory
commission says 你委 and asks what the 监察法 asks; every kind a model may suggest is
suggested by some model."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import get_args

import docx
import pytest
from doc_support import record_hits
from wf_support import take_step

from jiancha.casebook import Casebook, ClueStatus
from jiancha.casebook.documents import compose_draft, document_text
from jiancha.casebook.filestore import FileStore
from jiancha.casebook.ledger import Ledger
from jiancha.casebook.workflow import ActionSpec, Workflow
from jiancha.errors import ModelError
from jiancha.models import load_catalogue
from jiancha.models.catalogue import load_model
from jiancha.models.hit import Evidence, Hit, LegalBasis
from jiancha.models.spec import DocumentKind

S = ClueStatus
MODEL = "civil.injury_suit_brokers"
AT = datetime(2026, 3, 2, 10)
POLICE = "漳州市公安局芗城分局"
COMMISSION = "漳州市芗城区监察委员会"
CASES = [f"（2024）闽0602民初{n}号" for n in range(101, 107)]


def _hit() -> Hit:
    subject = {
        "agent_name": "王某",
        "agent_firm": "福建某某律师事务所",
        "appraiser": "某某司法鉴定所",
    }
    return Hit(
        model_id=MODEL,
        model_version="2",
        unit_code="350602",
        subject=subject,
        key=Evidence("civil_case", "MC1"),
        evidence=tuple(Evidence("civil_case", f"MC{n}") for n in range(1, 7)),
        facts={"window_start": "2024-01-10", "window_end": "2025-01-10", "cases": 6},
        legal_basis=tuple(
            LegalBasis(b.law, b.article, b.text) for b in _header().legal_basis if b.text
        ),
        domain="civil",
        title="交通事故人身损害诉讼同一代理人、同一鉴定机构密集出现（“人伤黄牛”线索）",
    )


def _header():  # type: ignore[no-untyped-def]
    model = load_catalogue().get(MODEL)
    assert model is not None
    return model.header


@pytest.fixture
def flow(wf_db_url: str, ledger: Ledger) -> Iterator[Workflow]:
    """A casebook with the clue C000001 of the model, opened as a case."""
    book = Casebook.open(wf_db_url)
    hit = _hit()
    snapshots = {
        e: {"record_id": e.record_id, "case_id": CASES[n], "cause": "机动车交通事故责任纠纷"}
        for n, e in enumerate(hit.evidence)
    }
    record_hits(book, [hit], snapshots, {"n": 5, "window_months": 12})
    workflow = Workflow(book, ledger)
    for target in (S.ASSIGNED, S.VERIFYING, S.OPENED):
        workflow.move("C000001", target, actor="检察官甲")
    yield workflow
    book.close()


def test_the_model_suggests_a_transfer_to_the_police() -> None:
    document = _header().document
    assert document is not None
    assert (document.kind, document.to) == ("supervisory_transfer", "public_security")


def test_a_transfer_to_the_police_is_written_for_the_police_and_laid_out_alike(
    flow: Workflow, files: FileStore
) -> None:
    view = take_step(flow, "C000001", S.TRANSFERRED, ActionSpec(POLICE), at=AT)
    assert view.kind == "supervisory_transfer" and view.number == "漳芗检移〔2026〕1号"
    data = files.get(view.sha256)
    opened = docx.Document(io.BytesIO(data))
    paragraphs = opened.paragraphs
    assert [p.text for p in paragraphs[1:3]] == ["线索移送函", "漳芗检移〔2026〕1号"]
    assert (paragraphs[4].text, paragraphs[4].style.name) == (f"{POLICE}：", "主送机关")
    assert (paragraphs[-2].text, paragraphs[-1].text) == ("漳州市芗城区人民检察院", "2026年3月2日")
    section = opened.sections[0]
    assert [round(m / 36000) for m in (section.page_width, section.page_height)] == [210, 297]
    text = document_text(data)
    assert "上述行为可能涉嫌犯罪，属于公安机关管辖。" in text
    assert (
        "请你局对诉讼代理人王某（福建某某律师事务所）与某某司法鉴定所在上述6件交通事故诉讼中"
        "是否招揽伤者、包揽诉讼" in text
    )
    assert (
        "《中华人民共和国刑事诉讼法》第一百一十条第一款规定：“任何单位和个人发现有犯罪事实" in text
    )
    assert "《民事裁判文书》（（2024）闽0602民初101号）" in text
    assert "现将上述问题线索及相关材料移送你局依法处置，请于收到本函之日起九十日内" in text
    assert "你委" not in text and "职务" not in text and "{{" not in text
    assert flow.state("C000001").clue.status == S.TRANSFERRED


def test_the_same_clue_sent_to_a_supervisory_commission_says_what_the_commission_does(
    flow: Workflow,
) -> None:
    with flow.book.session() as session:
        commission = compose_draft(session, "C000001", "supervisory_transfer", actor="甲",
                                   recipient=COMMISSION, at=AT)  # fmt: skip
        unnamed = compose_draft(session, "C000001", "supervisory_transfer", actor="甲", at=AT)
    text = "\n".join(commission.sections.values())
    assert "上述问题可能涉及有关人员职务违法或者职务犯罪。" in text
    assert "请你委依照《中华人民共和国监察法》的规定对上述问题线索进行审查处置。" in text
    assert "移送你委依法处置" in text and "你局" not in text
    # no recipient yet: the organ the model suggests
    assert unnamed.sections["request"].startswith("请你局对诉讼代理人王某")
    assert "移送你局依法处置" in unnamed.sections["closing"]


def test_every_kind_a_model_may_suggest_is_suggested_by_some_model() -> None:
    suggested = {
        m.header.document.kind for m in load_catalogue().models.values() if m.header.document
    }
    assert suggested == set(get_args(DocumentKind))


def test_only_a_transfer_names_an_organ(tmp_path: Path) -> None:
    model = load_catalogue().get(MODEL)
    text = model.path.read_text(encoding="utf-8")
    path = tmp_path / "injury_suit_brokers.sql"
    path.write_text(text.replace("kind: supervisory_transfer", "kind: recommendation"), "utf-8")
    with pytest.raises(ModelError, match="document.to 只用于线索移送函"):
        load_model(path)
