"""案件质量评查: a seeded random sample of the clues closed in a period (per prosecutor)
that replays to the same clues, targeted sampling with its reason, the review form's
scores and rating, no one reviewing their own clue, and a prosecutor's quality file."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from wf_support import wf_hit, wf_record

from jiancha.casebook import Casebook
from jiancha.casebook.casework import Casework, CaseworkConfig
from jiancha.casebook.registers import Viewer
from jiancha.casebook.registers.quality import replay
from jiancha.errors import CasebookError, NotFound, UsageError

LEADER = Viewer("zhang", "leader", ("3506",))
HOME = Viewer("zhao", "leader", ("350602",))
FEB, MAR = date(2026, 2, 1), date(2026, 3, 1)
FULL = {"facts": 25, "evidence": 25, "law": 20, "procedure": 15, "documents": 10, "effect": 5}


@pytest.fixture
def work(wf_book: Casebook, tmp_path: Path) -> Casework:
    hits = [wf_hit(f"E{n:04d}", unit="350603" if n == 3 else "350602") for n in range(1, 13)]
    wf_record(wf_book, 2, hits)  # C000004–C000012 join; C000003 stays of 350603
    found = Casework(CaseworkConfig(tmp_path / "project"), wf_book)
    for n in range(1, 11):  # C000001–C000010 closed in February, by two prosecutors
        clue = f"C{n:06d}"
        found.assign(clue, "li" if n % 2 else "wang", actor="zhang", at=datetime(2026, 2, 2, 9))
        found.move(clue, "verifying", actor="li", at=datetime(2026, 2, 3, 9))
        found.move(clue, "dismissed", actor="li", reason="核查无违法", reason_code="no_violation",
                   at=datetime(2026, 2, 5 + n, 9))  # fmt: skip
    found.assign("C000011", "li", actor="zhang", at=datetime(2026, 3, 2, 9))  # open: never sampled
    return found


def test_a_random_sample_is_seeded_replayable_and_per_prosecutor(work: Casework) -> None:
    quality = work.registers.quality
    closed = quality.closed(LEADER, FEB, MAR, "li")
    assert closed == ["C000001", "C000003", "C000005", "C000007", "C000009"]
    assert "C000003" in quality.closed(LEADER, FEB, MAR) and "C000003" not in quality.closed(
        HOME, FEB, MAR
    )
    sample = quality.sample(
        LEADER, FEB, MAR, method="随机抽查", count=2, prosecutor="li", seed="甲"
    )
    assert sample.pool == (1, 3, 5, 7, 9) and len(sample.chosen) == 2
    assert list(sample.chosen) == replay("甲", sample.pool, 2)
    forms = quality.reviews(LEADER, sample_id=sample.id)
    assert {f.prosecutor for f in forms} == {"li"} and {f.status_label for f in forms} == {"待评查"}
    # clues sampled once are not drawn again; the rest of the pool remains
    again = quality.sample(LEADER, FEB, MAR, method="random", count=9, prosecutor="li", seed="甲")
    assert set(again.chosen) == {1, 3, 5, 7, 9} - set(sample.chosen)
    with pytest.raises(CasebookError, match="没有可抽查"):
        quality.sample(LEADER, FEB, MAR, method="random", count=1, prosecutor="li")
    with pytest.raises(CasebookError, match="没有可抽查"):  # nothing closed in March
        quality.sample(LEADER, MAR, date(2026, 4, 1), method="random", count=1)
    assert work.verify_ledger().ok
    with work.book.engine.begin() as c:
        c.execute(
            text("UPDATE quality_sample SET chosen = '[1, 9]' WHERE id = :i"), {"i": sample.id}
        )
    assert "案件质量评查抽取记录" in work.verify_ledger().problems[0].message


def test_targeted_sampling_names_clues_closed_in_the_period_with_a_reason(work: Casework) -> None:
    quality = work.registers.quality
    with pytest.raises(CasebookError, match="重点评查的理由"):
        quality.sample(LEADER, FEB, MAR, method="targeted", clue_ids=["C000002"])
    with pytest.raises(CasebookError, match="C000011"):
        quality.sample(LEADER, FEB, MAR, method="targeted", clue_ids=["C000011"], reason="投诉")
    with pytest.raises(CasebookError, match="C000003"):
        quality.sample(HOME, FEB, MAR, method="targeted", clue_ids=["C000003"], reason="投诉")
    sample = quality.sample(
        LEADER, FEB, MAR, method="重点评查", clue_ids=["C000002"], reason="当事人投诉"
    )
    assert sample.chosen_ids == ("C000002",) and sample.seed is None


def test_the_review_form_and_the_quality_file(work: Casework) -> None:
    quality = work.registers.quality
    quality.sample(
        LEADER,
        FEB,
        MAR,
        method="targeted",
        clue_ids=["C000001", "C000003"],
        reason="年度评查",
        at=datetime(2026, 3, 2, 9),
    )
    one, three = quality.reviews(LEADER)
    with pytest.raises(CasebookError, match="回避"):
        quality.fill(Viewer("li", "leader", ("3506",)), one.id, FULL, "")
    with pytest.raises(UsageError, match="法律适用.*0 到 20"):
        quality.fill(LEADER, one.id, {**FULL, "law": 21}, "")
    with pytest.raises(UsageError, match="文书制作.*未评分"):
        quality.fill(LEADER, one.id, {k: v for k, v in FULL.items() if k != "documents"}, "")
    with pytest.raises(CasebookError, match="应写明"):
        quality.fill(LEADER, one.id, {**FULL, "facts": 5, "evidence": 5}, "")
    with pytest.raises(NotFound):
        quality.fill(HOME, three.id, FULL, "")  # a clue of 350603
    done = quality.fill(
        LEADER, one.id, {**FULL, "documents": 6}, "文书格式不规范", at=datetime(2026, 3, 5)
    )
    assert done.total == 96 and done.rating_label == "优质"
    flawed = quality.fill(
        LEADER, three.id, {**FULL, "facts": 10}, "事实认定不清", "瑕疵", at=datetime(2026, 3, 6)
    )
    assert flawed.rating == "flawed" and flawed.prosecutor == "li"
    with pytest.raises(CasebookError, match="已于"):
        quality.fill(LEADER, one.id, FULL, "")
    found = quality.file(LEADER, "li", date(2026, 1, 1), date(2027, 1, 1), as_of=date(2026, 12, 1))
    assert (
        len(found.reviews) == 2 and found.ratings["excellent"] == 1 and found.ratings["flawed"] == 1
    )
    assert found.average == pytest.approx((96 + 85) / 2)
    assert found.assigned == 6 and found.closed == {"dismissed": 5}
    summary = work.registers.summary("quality", MAR, date(2026, 4, 1))
    assert summary.paragraphs[0].startswith(
        "本期抽取评查线索2件，评查完毕2件（优质1件，合格0件，瑕疵1件"
    )
    assert summary.tables[0].rows == (("li", 2, "90.5", 1, 0, 1, 0),)
