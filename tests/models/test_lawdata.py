"""The packaged list of charges that require a fine is what the Criminal Law's text says."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiancha.models import lawdata

LAW = Path(__file__).resolve().parents[2] / ".." / "shared" / "legal" / "sources" / "刑法.md"


def test_brackets_decide_whether_a_fine_is_mandatory() -> None:
    text = (
        "第一条 盗窃的，处三年以下有期徒刑、拘役或者管制，并处或者单处罚金；数额巨大的，"
        "处三年以上十年以下有期徒刑，并处罚金或者没收财产。\n\n"
        "第二条 参加的，处三年以下有期徒刑，可以并处罚金；"
        "首要分子，处七年以上有期徒刑，并处没收财产。\n\n"
        "第三条 单位犯前款罪的，对单位判处罚金，并对其直接负责的主管人员，依照前款的规定处罚。"
        "犯前款罪的，处五年以下有期徒刑，并处罚金。\n"
    )
    found = lawdata.fine_articles(text)
    assert found["第一条"][0] == "罚金或者没收财产"
    assert "第二条" not in found  # one bracket says 可以并处
    assert found["第三条"][0] == "罚金"  # a bracket that refers to another is not a bracket


@pytest.mark.skipif(not LAW.exists(), reason="法律文本（../shared/legal/sources）不在本机")
def test_packaged_fine_charges_match_the_law_text() -> None:
    derived = lawdata.derive_fine_charges(LAW.read_text("utf-8"))
    assert lawdata.write_fine_csv(derived) == (
        Path(lawdata.__file__).parent / "data" / lawdata.FINE_CSV
    ).read_text("utf-8")


@pytest.mark.skipif(not LAW.exists(), reason="法律文本（../shared/legal/sources）不在本机")
def test_every_article_named_by_hand_requires_the_fine_in_the_text() -> None:
    named = lawdata._charge_law()["fine_articles"]
    assert isinstance(named, dict)
    mandatory = lawdata.fine_articles(LAW.read_text("utf-8"))
    assert set(named) <= set(mandatory)
    assert set(mandatory) <= set(named), "an article requiring a fine has no charge named"


def test_negligent_and_special_lists_name_real_charges() -> None:
    """Every negligent charge is a charge of the Criminal Law (the package's list of names);
    the art. 66 list holds its three kinds."""
    from importlib import resources

    known = set(
        resources.files("jiancha.text")
        .joinpath("data/criminal_charges.txt")
        .read_text("utf-8")
        .split()
    )
    assert set(lawdata.negligent_charges()) <= known
    assert {"交通肇事罪", "过失致人死亡罪", "失火罪", "玩忽职守罪"} <= set(
        lawdata.negligent_charges()
    )
    kinds = set(lawdata.special_recidivism_charges().values())
    assert kinds == {"危害国家安全", "恐怖活动", "黑社会性质组织"}
