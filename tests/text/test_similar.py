"""Similar-case retrieval: elements, ranking, explanation, persistence and updates."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from jiancha.schema import contract
from jiancha.text.charge_cues import cue_charges
from jiancha.text.legal_dict import (
    charge_names,
    find_amounts,
    find_case_charges,
    find_charges,
    find_circumstances,
    normalise_charge,
    tokenize,
)
from jiancha.text.sentencing import Factor, SentenceEstimate
from jiancha.text.similar import (
    SimilarIndex,
    SimilarIndexError,
    blend_estimates,
    build_index,
    court_level,
    cue_adjustment,
    elements_of_text,
    sync_index,
)
from jiancha.warehouse import open_warehouse

THEFT = "被告人{n}于2016年5月在某超市内盗窃价值人民币{a}元的手机，后被抓获，如实供述。"
FRAUD = "被告人{n}以投资为名，骗取被害人人民币{a}元，案发后主动投案自首，退赔全部损失。"
DRIVING = "被告人{n}醉酒驾驶机动车，经鉴定血液酒精含量为{a}毫克/100毫升。"


def _rows() -> list[dict[str, Any]]:
    rows = []
    for i, (template, charge, term) in enumerate(
        [(THEFT, "盗窃罪", 6), (FRAUD, "诈骗罪", 36), (DRIVING, "危险驾驶罪", 2)] * 4
    ):
        rows.append(
            {
                "record_id": f"j{i:02d}",
                "full_text": template.format(n=f"张{i}", a=3000 * (i + 1)),
                "charge": charge,
                "term_months": term + i,
                "unit_code": "350602" if i % 2 else "350102",
            }
        )
    return rows


@pytest.fixture
def index(tmp_path: Path) -> SimilarIndex:
    idx = SimilarIndex.open(tmp_path / "similar")
    idx.add(_rows())
    return idx


def test_the_legal_dictionary_keeps_charges_and_terms_whole() -> None:
    assert "盗窃罪" in charge_names() and len(charge_names()) >= 400
    words = tokenize("被告人入户盗窃，构成盗窃罪，系累犯，取得谅解。")
    assert {"入户盗窃", "盗窃罪", "累犯", "取得谅解"} <= set(words)
    assert "被告人" not in words  # a stopword of every fact


def test_elements_found_in_a_fact_text() -> None:
    text = "公诉机关认为应以诈骗罪追究，骗得人民币5,000元及五万元，不构成自首，系累犯，取得谅解。"
    assert find_charges(text) == {"诈骗"}
    assert [int(a) for a in find_amounts(text)] == [5000, 50000]
    assert find_circumstances(text) == {"recidivist", "forgiveness"}
    assert normalise_charge(" 盗窃罪 ") == "盗窃"
    assert elements_of_text(text).amount_yuan == 50000


def test_every_circumstance_found_is_a_contract_code() -> None:
    codes = set(contract().table("judgment").column("circumstances").allowed)
    text = "自首，坦白，立功，累犯，认罪认罚，未成年，从犯，未遂，退赃，谅解，当庭自愿认罪，系初犯"
    assert find_circumstances(text) == codes


def test_court_level_from_court_or_unit_code() -> None:
    assert court_level("闽0602", None) == "basic"
    assert court_level("闽06", None) == "intermediate"
    assert court_level(None, "350000") == "high"
    assert court_level(None, None) is None


def test_a_query_finds_cases_of_its_charge_first(index: SimilarIndex) -> None:
    matches = index.query(THEFT.format(n="李四", a=4000), k=4)
    assert [m.charge for m in matches] == ["盗窃罪"] * 4
    assert matches == sorted(matches, key=lambda m: -m.score)


def test_a_match_says_what_agrees_and_what_differs(index: SimilarIndex) -> None:
    row = {
        "record_id": "q",
        "full_text": FRAUD.format(n="王五", a=6000),
        "charge": "诈骗罪",
        "unit_code": "350602",
    }
    best = index.query(row, k=1, explain=True)[0]
    assert best.charge == "诈骗罪"
    matched = {e.name for e in best.matched}
    assert {"罪名", "自首", "退赃退赔"} <= matched
    assert best.components["charge"] > 0 and best.components["text"] > 0
    assert abs(sum(best.components.values()) - best.score) < 1e-9
    as_json = best.to_dict()
    assert as_json["record_id"] == best.record_id and "罪名：诈骗" in as_json["matched"]


def test_differing_amounts_and_circumstances_are_listed(index: SimilarIndex) -> None:
    text = "被告人赵六盗窃价值人民币900000元的财物，系累犯。"
    best = index.query(text, k=1)[0]
    differing = {e.name: e for e in best.differing}
    assert "数额" in differing and differing["累犯"].query == "有"
    assert "累犯：本案 有，类案 无" in best.to_dict()["differing"]


def test_a_record_is_not_its_own_match(index: SimilarIndex) -> None:
    matches = index.query_record("j00", k=20)
    assert "j00" not in {m.record_id for m in matches}
    assert len(matches) == 11
    with pytest.raises(SimilarIndexError):
        index.query_record("nope")


def test_plain_bm25_ignores_the_elements(index: SimilarIndex) -> None:
    plain = index.query(THEFT.format(n="李四", a=4000), k=3, rerank=False, explain=True)
    assert all(set(m.components) == {"text"} for m in plain)


def test_the_index_persists_and_updates_incrementally(index: SimilarIndex, tmp_path: Path) -> None:
    again = SimilarIndex.open(tmp_path / "similar")
    assert len(again) == 12
    assert [m.record_id for m in again.query_record("j03", k=3)] == [
        m.record_id for m in index.query_record("j03", k=3)
    ]
    again.remove(["j00", "j03"])
    again.add([{"record_id": "new", "full_text": THEFT.format(n="钱七", a=100), "charge": "盗窃"}])
    reopened = SimilarIndex.open(tmp_path / "similar")
    assert len(reopened) == 11 and "new" in reopened and "j00" not in reopened
    assert reopened.query_record("new", k=1)[0].charge == "盗窃罪"


def test_the_score_matrix_is_loaded_not_rebuilt(
    index: SimilarIndex, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "similar"
    matrices = sorted(p.name for p in folder.glob("bm25-*"))
    assert len(matrices) == 1  # older matrices are removed when a new one is saved
    query = THEFT.format(n="李四", a=4000)
    expected = [(m.record_id, round(m.score, 9)) for m in index.query(query, k=5)]

    def rebuilt(self: SimilarIndex) -> None:
        raise AssertionError("the saved matrix should have been loaded")

    with monkeypatch.context() as patch:
        patch.setattr(SimilarIndex, "_build_bm25", rebuilt)
        loaded = SimilarIndex.open(folder)
    assert [(m.record_id, round(m.score, 9)) for m in loaded.query(query, k=5)] == expected
    # an index whose matrix is missing (written before matrices were kept) is rebuilt
    shutil.rmtree(folder / matrices[0])
    rebuilt_index = SimilarIndex.open(folder)
    assert [(m.record_id, round(m.score, 9)) for m in rebuilt_index.query(query, k=5)] == expected


def test_an_empty_or_unknown_query_finds_nothing(tmp_path: Path, index: SimilarIndex) -> None:
    assert SimilarIndex.open(tmp_path / "empty").query("盗窃", k=3) == []
    assert index.query("，。", k=3) == []


def test_sync_follows_the_warehouse(tmp_path: Path) -> None:
    con = open_warehouse(None)  # in memory, the contract's tables created
    for n, row in enumerate(_rows()[:6]):
        con.execute(
            "INSERT INTO judgment (record_id, decided_at, charge, term_months, full_text, "
            "_row_hash) VALUES (?, DATE '2024-01-01', ?, ?, ?, ?)",
            [row["record_id"], row["charge"], row["term_months"], row["full_text"], n],
        )
    folder = tmp_path / "idx"
    assert len(build_index(con, folder)) == 6
    assert sync_index(con, folder) == (0, 0)
    con.execute("UPDATE judgment SET term_months = 99, _row_hash = 100 WHERE record_id = 'j00'")
    con.execute("DELETE FROM judgment WHERE record_id = 'j01'")
    assert sync_index(con, folder) == (1, 1)
    index = SimilarIndex.open(folder)
    assert len(index) == 5
    assert index.query_record("j03", k=5)[0].record_id == "j00"
    assert {m.term_months for m in index.query_record("j03", k=5) if m.record_id == "j00"} == {99}


def test_a_text_naming_no_charge_takes_the_charge_its_words_point_to(
    index: SimilarIndex,
) -> None:
    # no charge named: 骗取、投资 are the words of the fraud judgments only
    found = index.search("被告人李某以高额回报投资为名骗取他人钱款人民币8000元。")
    assert found.elements.charges == frozenset({"诈骗"}) and found.elements.charge_inferred
    assert found.matches[0].charge == "诈骗罪"
    assert index.search("被告人醉酒驾驶机动车。").elements.charges == frozenset({"危险驾驶"})
    # a text whose words no judgment uses gets no charge
    assert index.search("某某某").elements.charges == frozenset()


def test_a_judgment_asked_about_does_not_vote_for_its_own_charge(tmp_path: Path) -> None:
    idx = SimilarIndex.open(tmp_path / "s")
    rows = _rows()
    # the only judgment using its words, with a charge the text does not name
    rows.append({"record_id": "odd", "full_text": "被告人携带管制刀具进入车站候车室。"})
    rows.append(
        {
            "record_id": "odd2",
            "full_text": "被告人携带管制刀具进入车站。",
            "charge": "非法携带管制刀具危及公共安全罪",
        }
    )
    idx.add(rows)
    alone = idx.search({"record_id": "odd2", "full_text": rows[-1]["full_text"]})
    assert "非法携带管制刀具危及公共安全" not in alone.elements.charges  # its own: left out
    other = idx.search({"record_id": "odd", "full_text": rows[-2]["full_text"]})
    assert other.elements.charges == frozenset({"非法携带管制刀具危及公共安全"})


def test_a_charge_of_the_record_is_not_the_case_charge(index: SimilarIndex) -> None:
    text = "被告人张某曾因犯抢劫罪、盗窃罪于2004年被判处有期徒刑。2015年被告人张某骗取他人钱款。"
    assert find_charges(text) == frozenset({"抢劫", "盗窃"})
    assert find_case_charges(text) == frozenset()
    assert find_case_charges("因涉嫌聚众斗殴罪被羁押，其行为已构成故意伤害罪。") == {"故意伤害"}
    # the prior conviction no longer stands for the charge: the words point to fraud
    assert index.search(text).elements.charge_inferred


def test_the_act_a_text_states_points_to_its_charge() -> None:
    # 绑架 扣押人质 to 勒索 (刑法第二百三十九条), 敲诈勒索 only 勒索
    kidnap = "被告人将被害人扣押在出租屋内作为人质，打电话向其父母勒索赎金十万元。"
    assert {"绑架", "敲诈勒索"} <= cue_charges(kidnap)
    assert "绑架" not in cue_charges("被告人以公开其隐私相要挟，向被害人勒索人民币二万元。")
    # 抢劫 以暴力、胁迫; 盗窃 秘密窃取
    assert "抢劫" in cue_charges("被告人持刀威胁被害人，劫取现金人民币800元。")
    assert "抢劫" not in cue_charges("被告人趁无人之机秘密窃取现金人民币800元。")
    assert "强奸" in cue_charges("被告人违背被害人意志，强行与其发生性关系。")
    charges = ["盗窃", "抢劫", "诈骗"]
    moved = cue_adjustment(charges, cue_charges("被告人持刀威胁被害人，劫取现金。"))
    # stated: raised; 抢劫 always states its act, so a text without it lowers it
    assert moved[1] > 0 and moved[0] == 0 == moved[2]
    plain = cue_adjustment(charges, cue_charges("被告人骗取被害人钱款。"))
    assert plain[1] < 0 < plain[2]


def test_a_stated_act_decides_between_charges_of_the_same_words(tmp_path: Path) -> None:
    idx = _same_words_index(tmp_path, ("抢劫", "盗窃"))
    # the same words for both charges: what the text says of the act decides
    secret = idx.search("被告人李某在超市内趁人不备秘密窃取他人手机一部。")
    assert secret.elements.charges == frozenset({"盗窃"})
    robbed = idx.search("被告人李某在超市内持刀威胁店员，劫取他人手机一部。")
    assert robbed.elements.charges == frozenset({"抢劫"})


def test_the_act_separates_rare_financial_charges() -> None:
    # 集资诈骗 needs 非法占有目的 (刑法第一百九十二条): 集资 alone is 非法吸收公众存款
    plain = cue_charges("被告人以高息为诱饵，向不特定群众非法吸收公众存款共计560余万元。")
    assert "非法吸收公众存款" in plain and "集资诈骗" not in plain
    fraud = cue_charges(
        "被告人以非法占有为目的，以高额利息为诱饵向社会公众集资，所得款项被其挥霍。"
    )
    assert "集资诈骗" in fraud
    # 贷款诈骗 (第一百九十三条) against 骗取贷款 (第一百七十五条之一): 非法占有为目的
    assert "贷款诈骗" in cue_charges(
        "被告人以非法占有为目的，使用虚假的产权证明作担保骗取银行贷款。"
    )
    assert "贷款诈骗" not in cue_charges("被告人以伪造的购车发票作为资信证明，在银行贷款三十万元。")
    # 票据诈骗 (第一百九十四条): 汇票、本票、支票
    assert "票据诈骗" in cue_charges("被告人签发空头支票，骗取他人货物价值人民币十万元。")
    # 违法发放贷款 (第一百八十六条): 违反国家规定发放贷款; a borrower's loan is not it
    lender = "被告人身为信用社工作人员，违反规定冒用他人身份发放贷款计197万元。"
    assert "违法发放贷款" in cue_charges(lender)
    assert "违法发放贷款" not in cue_charges("后银行向其发放200000元贷款，到期后未归还。")


def test_a_false_accusation_states_its_act() -> None:
    # 诬告陷害: 捏造事实 诬告 意图使他人受刑事追究 (刑法第二百四十三条)
    text = "被告人向公安机关报案称被害人诈骗其人民币64万元，意图使被害人受到刑事追究。"
    assert "诬告陷害" in cue_charges(text)
    assert "诬告陷害" not in cue_charges("被告人向公安机关报案称其手机被盗。")


def test_an_uncertain_charge_shares_the_estimate_with_its_runner_up(tmp_path: Path) -> None:
    idx = _same_words_index(tmp_path, ("盗窃", "诈骗"))
    # the same words, no act stated: neither charge can be told from the other
    tied = idx.search("被告人李某在超市内拿走他人手机一部。").elements
    assert tied.runner_up in {"盗窃", "诈骗"} - tied.charges
    assert tied.runner_up_weight == pytest.approx(0.5)
    # 秘密窃取 states 盗窃's act: the guess is certain enough to stand alone
    secret = idx.search("被告人李某在超市内秘密窃取他人手机一部。").elements
    assert secret.charges == frozenset({"盗窃"}) and secret.runner_up is None
    assert secret.runner_up_weight == 0.0
    light = SentenceEstimate(10.0, 8.0, 12.0, 9.0, (Factor("罪名", 1.0),))
    heavy = SentenceEstimate(30.0, 24.0, 36.0, 9.0)
    both = blend_estimates(light, heavy, tied)
    assert (both.months, both.interval) == (20.0, (16.0, 24.0))
    assert both.factors[-1].months == pytest.approx(10.0) and tied.runner_up in both.explanation()


def _same_words_index(tmp_path: Path, charges: tuple[str, ...]) -> SimilarIndex:
    """Three judgments of each charge, all in the same words."""
    idx = SimilarIndex.open(tmp_path / "s")
    template = "被告人{n}在超市内拿走他人手机一部。"
    idx.add(
        {"record_id": f"{c}{i}", "full_text": template.format(n=f"王{i}"), "charge": f"{c}罪"}
        for c in charges
        for i in range(3)
    )
    return idx
