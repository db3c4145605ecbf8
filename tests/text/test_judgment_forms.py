"""Forms the real sample lacks or shows rarely: life and death, 拘役 with 缓刑, bad texts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from jiancha.text.judgment import JudgmentProblem, parse_judgment

TEMPLATE = (
    "某某省某某市中级人民法院\n刑事判决书\n（2019）闽06刑初{seq}号\n"
    "公诉机关某某市人民检察院。\n"
    "被告人欧阳娜娜，女，1980年3月5日出生，住某某省某某市某某路1号。\n"
    "被告人王五，男，1975年1月2日出生。曾因犯盗窃罪于2010年被判处有期徒刑一年。\n"
    "某某市人民检察院以某检诉〔2019〕1号起诉书指控被告人欧阳娜娜、王五犯故意杀人罪，"
    "于2019年5月6日向本院提起公诉。本院依法组成合议庭，公开开庭审理了本案。\n"
    "公诉机关指控：2019年1月2日，二被告人抢走被害人财物价值人民币五万元。\n"
    "本院认为，被告人欧阳娜娜、王五构成故意杀人罪。被告人王五系累犯，应从重处罚。"
    "被告人欧阳娜娜系从犯，且自动投案，如实供述，系自首。\n"
    "依照《中华人民共和国刑法》第二百三十二条之规定，判决如下：\n{decision}\n"
    "如不服本判决，可在接到判决书的第二日起十日内提出上诉。\n"
    "审判长张三\n二〇一九年十月九日\n书记员李四\n"
)


def _parse(decision: str) -> list:
    return parse_judgment(TEMPLATE.format(seq=1, decision=decision)).defendants


def test_life_and_death_sentences() -> None:
    first, second = _parse(
        "一、被告人欧阳娜娜犯故意杀人罪，判处无期徒刑，剥夺政治权利终身，并处没收个人全部财产。\n"
        "二、被告人王五犯故意杀人罪，判处死刑，缓期二年执行，剥夺政治权利终身。"
    )
    assert (first.sentence.penalty, first.sentence.term_months) == ("life", None)
    assert first.sentence.confiscation_all
    assert (second.sentence.penalty, second.sentence.death_reprieve) == ("death", True)


def test_detention_with_probation_and_chinese_numeral_date() -> None:
    text = TEMPLATE.format(
        seq=2,
        decision="一、被告人欧阳娜娜犯故意杀人罪，判处拘役五个月，缓刑六个月，并处罚金人民币五千元。"
        "二、被告人王五犯故意杀人罪，判处管制一年。",
    )
    parsed = parse_judgment(text)
    first, second = parsed.defendants
    assert parsed.decided_at == date(2019, 10, 9)
    assert parsed.case_number is not None and parsed.case_number.court_code == "闽06"
    assert parsed.trial_procedure == "ordinary"
    assert (first.sentence.penalty, first.sentence.term_months) == ("criminal_detention", 5)
    assert first.sentence.probation_months == 6
    assert first.sentence.fine_yuan == Decimal("5000")
    assert (second.sentence.penalty, second.sentence.term_months) == ("surveillance", 12)
    assert first.circumstances == ["surrender", "accessory"]
    assert second.circumstances == ["recidivist"]
    assert first.gender == "F" and first.birth_date == date(1980, 3, 5)
    assert second.prior_convictions and "盗窃罪" in second.prior_convictions[0]
    assert parsed.amount_yuan == Decimal("50000")


def test_merged_sentence_is_the_executed_one() -> None:
    (first, _) = _parse(
        "被告人欧阳娜娜犯盗窃罪，判处有期徒刑三年六个月，并处罚金人民币五千元；犯诈骗罪，"
        "判处有期徒刑一年，并处罚金人民币二千元，决定执行有期徒刑四年，并处罚金人民币七千元。"
        "被告人王五犯盗窃罪，判处有期徒刑三年。"
    )
    assert first.charges == ["盗窃罪", "诈骗罪"]
    assert (first.sentence.term_months, first.sentence.fine_yuan) == (48, Decimal("7000"))


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "为空"),
        ("这不是判决书。", "判决如下"),
        (TEMPLATE.replace("二〇一九年十月九日", ""), "日期"),
    ],
)
def test_unreadable_texts_say_why(text: str, reason: str) -> None:
    with pytest.raises(JudgmentProblem, match=reason):
        parse_judgment(text.format(seq=3, decision="被告人王五犯盗窃罪，判处有期徒刑三年。"))


CHANGED_CHARGES = (
    "某某县人民法院\n刑事判决书\n（2019）闽0602刑初7号\n公诉机关某某县人民检察院。\n"
    "被告人张三，男，1980年1月1日出生。\n被告人李四，男，1981年2月2日出生。\n"
    "某某县人民检察院以起诉书指控被告人张三犯盗窃罪、诈骗罪，被告人李四犯抢劫罪，"
    "于2019年3月1日向本院提起公诉。本院依法组成合议庭审理了本案。\n"
    "公诉机关指控：张三盗窃现金五千元，又骗取他人财物二万元，构成诈骗罪；李四持刀抢劫。\n"
    "经审理查明：张三盗窃现金五千元。李四趁被害人不备夺取手机一部，价值三千元。\n"
    "本院认为，被告人张三的行为已构成盗窃罪。公诉机关指控被告人张三犯诈骗罪的证据不足，"
    "指控的罪名不能成立。被告人李四的行为构成抢夺罪，公诉机关指控其犯抢劫罪定性不当，"
    "本院予以纠正。依照《中华人民共和国刑法》第二百六十四条、第二百六十七条之规定，判决如下：\n"
    "一、被告人张三犯盗窃罪，判处有期徒刑六个月，并处罚金人民币一千元；被告人张三被指控犯"
    "诈骗罪，宣告无罪。\n二、被告人李四犯抢夺罪，判处有期徒刑八个月，并处罚金人民币二千元。\n"
    "审判长王五\n二〇一九年五月一日\n书记员赵六\n"
)


def test_charges_only_from_the_decision() -> None:
    """The accusation's 诈骗罪 (acquitted) and 抢劫罪 (changed to 抢夺罪) are not charges."""
    zhang, li = parse_judgment(CHANGED_CHARGES).defendants
    assert (zhang.charges, li.charges) == (["盗窃罪"], ["抢夺罪"])
    assert (zhang.sentence.term_months, li.sentence.term_months) == (6, 8)


def test_circumstances_land_on_their_defendant() -> None:
    """Expressions of the reasoning go to the defendant each sentence names."""
    text = CHANGED_CHARGES.replace(
        "本院予以纠正。",
        "本院予以纠正。被告人张三到案后如实供述自己的罪行，当庭自愿认罪，积极退赃，"
        "取得被害人谅解，系初犯；被告人李四主动投案，如实供述自己的罪行，犯罪时不满十八周岁。"
        "辩护人提出被告人李四有立功表现的意见，经查不属实，不予采纳。",
    )
    zhang, li = parse_judgment(text).defendants
    assert zhang.circumstances == [
        "confession", "restitution", "forgiveness", "admission", "first_offense",
    ]  # fmt: skip
    assert li.circumstances == ["surrender", "minor"]
