"""A real judgment written the ways courts and their export systems write it reads the same.

Each variant is made from a published judgment (judgments_dev.jsonl, JuDGE, MIT) the way
printed, exported or copied judgments differ: letter-spaced titles and signatures (half- and
full-width spaces), no court line, half-width or 〔〕 brackets in the 案号, ○ or 零 in the date,
no signature block (the date the last line), line breaks instead of spaces, several judgments in
one text; 裁定书 and 决定书 that sentence no one are refused with their reason.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date

import pytest
from shared_data import shared_data

from jiancha.text.judgment import JudgmentProblem, ParsedJudgment, parse_judgment, split_judgments

DATA = shared_data("judgments_dev.jsonl")
BASE_ID = "89557936-d875-4e0d-bb6f-9171cbff1251"  # (2017)浙0303刑初937号, pinned
pytestmark = pytest.mark.skipif(not DATA.exists(), reason=f"shared data absent: {DATA}")


def base_text() -> str:
    with DATA.open(encoding="utf-8") as handle:
        return next(json.loads(x)["full_text"] for x in handle if BASE_ID in x)


def _cut_signatures(text: str) -> str:
    """An excerpt copied from a web page: the decision, then only the date."""
    return text[: text.index("如不服本判决")].rstrip() + "\n二〇一七年九月二十九日\n"


def _date_last(text: str) -> str:
    """The appeal notice kept, the signatures dropped, the date the last line."""
    end = text.index("审判员周建华")
    return text[:end].rstrip() + "\n二〇一七年九月二十九日"


VARIANTS: dict[str, Callable[[str], str]] = {
    "spaced title": lambda t: t.replace("刑事判决书", "刑 事 判 决 书", 1),
    "full-width spaced title and signatures": lambda t: t.replace(
        "刑事判决书", "刑　事　判　决　书", 1
    ).replace("审判员周建华", "审　判　员　周　建　华"),
    "spaced court line": lambda t: t.replace(
        "浙江省温州市龙湾区人民法院", " ".join("浙江省温州市龙湾区人民法院"), 1
    ),
    "no court line": lambda t: t.replace("浙江省温州市龙湾区人民法院 ", "", 1),
    "half-width brackets": lambda t: t.replace("（2017）浙0303", "(2017)浙0303", 1),
    "〔〕 brackets": lambda t: t.replace("（2017）浙0303", "〔2017〕浙0303", 1),
    "○ in the date": lambda t: t.replace("二〇一七年九月二十九日", "二○一七年九月二十九日"),
    "零 in the date": lambda t: t.replace("二〇一七年九月二十九日", "二零一七年九月二十九日"),
    "line breaks": lambda t: re.sub(r" (?=\S)", "\n", t),
    "no signatures, date last": _cut_signatures,
    "appeal notice, date last": _date_last,
}


def _fields(parsed: ParsedJudgment) -> tuple[object, ...]:
    d = parsed.defendants[0]
    s = d.sentence
    case = parsed.case_number.text if parsed.case_number else None
    return (case, parsed.decided_at, d.name, d.charges, s.penalty, s.term_months, s.fine_yuan)


@pytest.mark.parametrize("variant", VARIANTS)
def test_variant_reads_as_the_original(variant: str) -> None:
    original = parse_judgment(base_text())
    parsed = parse_judgment(VARIANTS[variant](base_text()))
    assert _fields(parsed) == _fields(original)
    assert parsed.decided_at == date(2017, 9, 29)
    assert parsed.defendants[0].circumstances == ["confession"]
    expected_court = None if variant == "no court line" else "浙江省温州市龙湾区人民法院"
    assert parsed.court == expected_court


def test_several_judgments_in_one_text_split_at_each_head() -> None:
    first = base_text()
    second = first.replace("（2017）浙0303刑初937号", "（2017）浙0303刑初938号").replace(
        "李明哲", "王小明"
    )
    third = VARIANTS["spaced title"](first).replace("937号", "939号")
    pasted = "\n\n".join([first, second, third])
    parts = split_judgments(pasted)
    assert [parse_judgment(p).case_number.text for p in parts] == [  # type: ignore[union-attr]
        "(2017)浙0303刑初937号",
        "(2017)浙0303刑初938号",
        "(2017)浙0303刑初939号",
    ]
    assert [parse_judgment(p).defendants[0].name for p in parts] == ["李明哲", "王小明", "李明哲"]
    # a judgment cited by its 案号 inside another is not a head
    assert split_judgments(first + " 参见（2010）郸少刑初字第3号刑事判决书。") == [
        first + " 参见（2010）郸少刑初字第3号刑事判决书。"
    ]


RULING = (
    "浙江省温州市中级人民法院\n刑　事　裁　定　书\n（2018）浙03刑终12号\n"
    "原公诉机关温州市龙湾区人民检察院。\n上诉人（原审被告人）李明哲，男，1995年5月17日出生。\n"
    "温州市龙湾区人民法院审理温州市龙湾区人民检察院指控原审被告人李明哲犯贩卖毒品罪一案，"
    "于2017年9月29日作出（2017）浙0303刑初937号刑事判决。原审被告人李明哲不服，提出上诉。\n"
    "经审理查明的事实与原判相同。\n本院认为，原判认定事实清楚，量刑适当。{decision}\n"
    "审　判　长　陈某\n二〇一八年一月九日\n书　记　员　林某\n"
)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (RULING.format(decision="裁定如下：驳回上诉，维持原判。本裁定为终审裁定。"), "维持原判"),
        (
            RULING.format(decision="裁定如下：撤销原判，发回温州市龙湾区人民法院重新审判。"),
            "发回重审",
        ),
        (
            RULING.replace("刑　事　裁　定　书", "刑事决定书").format(
                decision="决定如下：准许上诉人李明哲撤回上诉。"
            ),
            "刑事决定书",
        ),
    ],
)
def test_rulings_and_decisions_that_sentence_no_one_say_so(text: str, reason: str) -> None:
    with pytest.raises(JudgmentProblem, match=reason):
        parse_judgment(text)


def test_a_ruling_that_sentences_is_read() -> None:
    """A 裁定书 that itself sentences (改判 is by judgment, but some courts title it so)."""
    text = RULING.format(
        decision="裁定如下：上诉人李明哲犯贩卖毒品罪，判处有期徒刑五个月，并处罚金人民币一千元。"
    )
    parsed = parse_judgment(text)
    assert parsed.case_number is not None and parsed.case_number.text == "(2018)浙03刑终12号"
    assert (parsed.defendants[0].name, parsed.defendants[0].sentence.term_months) == ("李明哲", 5)
    assert parsed.decided_at == date(2018, 1, 9)
