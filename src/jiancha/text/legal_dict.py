"""The legal vocabulary of similar-case retrieval: charge names, legal terms, jieba.

Charge names come from the packaged list of the Criminal Law's charges
(``jiancha/text/data/criminal_charges.txt``, one a line, from LeCaRD, MIT). They and a
few dozen legal terms are added to a private jieba tokenizer so that 入户盗窃 or
非法吸收公众存款 stay one token instead of being cut into everyday words.
"""

from __future__ import annotations

import logging
import re
from decimal import Decimal
from functools import lru_cache
from importlib import resources

import jieba

from jiancha.values import NUMERAL_CHARS, ValueProblem, parse_amount

CHARGES_FILE = "criminal_charges.txt"

# Terms that decide a sentence and that jieba's general dictionary cuts apart.
LEGAL_TERMS: tuple[str, ...] = (
    "自首", "坦白", "如实供述", "立功", "重大立功", "累犯", "再犯", "认罪认罚", "未成年",
    "从犯", "主犯", "胁从犯", "教唆犯", "未遂", "中止", "预备", "退赃", "退赔", "赔偿",
    "谅解", "取得谅解", "刑事和解", "缓刑", "有期徒刑", "拘役", "管制", "无期徒刑", "死刑",
    "罚金", "没收财产", "剥夺政治权利", "数额较大", "数额巨大", "数额特别巨大", "情节严重",
    "情节特别严重", "入户盗窃", "携带凶器", "扒窃", "多次盗窃", "醉酒驾驶", "血液酒精含量",
    "轻伤", "轻伤一级", "轻伤二级", "重伤", "轻微伤", "非法占有", "公诉机关", "被害人",
    "被告人", "同案犯", "共同犯罪", "前科", "刑满释放", "投案", "归案", "抓获",
    "网络赌博", "电信诈骗", "毒品", "甲基苯丙胺", "海洛因", "冰毒",
)  # fmt: skip

# Sentencing circumstances of the contract (enum ``circumstance``) as they read in facts.
CIRCUMSTANCE_PATTERNS: dict[str, re.Pattern[str]] = {
    "surrender": re.compile(r"自首|主动(?:到|向)?[^。，；]{0,12}投案"),
    "confession": re.compile(r"坦白|如实供述"),
    "merit": re.compile(r"立功"),
    "recidivist": re.compile(r"累犯"),
    "plea": re.compile(r"认罪认罚"),
    "minor": re.compile(r"未成年|未满十八周岁|不满十八周岁"),
    "accessory": re.compile(r"从犯"),
    "attempt": re.compile(r"未遂"),
    "restitution": re.compile(r"退赃|退赔|退还[^。，；]{0,8}(?:赃款|财物)|赔偿[^。，；]{0,12}损失"),
    "forgiveness": re.compile(r"谅解"),
    "admission": re.compile(
        r"(?:当庭|庭审中)[^。，；]{0,6}认罪|自愿认罪(?![、并且]?认罚)|认罪态度"
    ),
    "first_offense": re.compile(r"初犯|偶犯"),
}
# "不构成自首" and the like deny the circumstance they name.
_DENIED = re.compile(r"(?:不构成|不属于|不成立|不认定|不予认定|没有|无)$")

_AMOUNT_RE = re.compile(
    rf"(?:人民币|价值|共计|合计|总计|金额|现金|赃款)?"
    rf"((?:[0-9][0-9,，]*(?:\.[0-9]+)?|[{NUMERAL_CHARS}零〇两]+)\s*(?:余|多)?\s*[万亿]?)\s*(?:余|多)?元"
)
_STOP_CHARS = re.compile(r"^[\W_0-9a-zA-Z×xX]+$")
_NUMBER_WORD = re.compile(rf"^[0-9{NUMERAL_CHARS}零〇两余多]+[元万亿余多]*$")
STOPWORDS = frozenset(
    "的 了 在 是 和 与 及 其 并 将 被 后 于 对 等 为 以 从 向 又 也 因 经 由 至 到 该 某 某某 "
    "一 二 三 年 月 日 时 分 许 人 他 她 其中 上述 之 所 而 即 均 已 未 有 无 个 元 人民币 "
    "本院 本县 本市 公诉机关 指控 审理 查明 经审理查明 被告人 被害人 同年 当日 次日 左右".split()
)


def charge_names() -> tuple[str, ...]:
    """The Criminal Law's charge names (with 罪), from the packaged list."""
    return _charge_names()


@lru_cache(maxsize=1)
def _charge_names() -> tuple[str, ...]:
    text = resources.files("jiancha.text").joinpath("data", CHARGES_FILE).read_text("utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def normalise_charge(name: str) -> str:
    """A charge as a comparison key: trimmed, without the trailing 罪 (盗窃罪 = 盗窃)."""
    name = name.strip()
    return name[:-1] if name.endswith("罪") and len(name) > 1 else name


@lru_cache(maxsize=4096)
def canonical_charge(name: str) -> str:
    """A charge as the list names it, without 罪: 贩卖毒品(罪) → 走私、贩卖、运输、制造毒品, a
    selective charge (选择性罪名) written with only the acts the case had; otherwise as given."""
    short = normalise_charge(name)
    listed = {normalise_charge(c) for c in charge_names()}
    if short in listed:
        return short
    for full in sorted(listed):
        if "、" in full and _selective_part(short, full):
            return full
    return short


def _selective_part(short: str, full: str) -> bool:
    """Whether ``short`` names some of the acts of ``full`` with the same object:
    贩卖、运输毒品 of 走私、贩卖、运输、制造毒品."""
    acts = full.split("、")
    tail = acts[-1]
    for cut in range(1, len(tail)):
        last_act, obj = tail[:cut], tail[cut:]
        if not short.endswith(obj) or len(obj) < 2:
            continue
        wanted = short[: -len(obj)].split("、")
        if all(w and w in (*acts[:-1], last_act) for w in wanted):
            return True
    return False


def split_charges(value: str | None) -> frozenset[str]:
    """The charges of a ``;``-separated charge column, normalised."""
    if not value:
        return frozenset()
    return frozenset(normalise_charge(c) for c in re.split("[;；]", value) if c.strip())


@lru_cache(maxsize=1)
def _charge_re() -> re.Pattern[str]:
    # Longest names first, so that 非法吸收公众存款罪 wins over any shorter name inside it.
    names = sorted(charge_names(), key=len, reverse=True)
    return re.compile("|".join(re.escape(n) for n in names))


def find_charges(text: str) -> frozenset[str]:
    """Charges named in full (with 罪) in a text, normalised: 以盗窃罪追究 → {盗窃}."""
    return frozenset(normalise_charge(m.group(0)) for m in _charge_re().finditer(text))


# A charge named as a past conviction or an investigation (因犯盗窃罪于2008年…、曾因抢劫罪被…、
# 涉嫌聚众斗殴罪被羁押): a fact of the defendant's record or of someone else, not the case's.
_RECORD_BEFORE = re.compile(r"(?:因犯?|涉嫌犯?|曾犯)(?:[^，。；：]{0,12}罪、)*$")


def find_case_charges(text: str) -> frozenset[str]:
    """:func:`find_charges` without the charges named as a prior conviction or investigation."""
    found = set()
    for m in _charge_re().finditer(text):
        if not _RECORD_BEFORE.search(text[max(0, m.start() - 30) : m.start()]):
            found.add(normalise_charge(m.group(0)))
    return frozenset(found)


def find_circumstances(text: str) -> frozenset[str]:
    """Contract circumstance codes stated (and not denied) in a text."""
    found = set()
    for code, pattern in CIRCUMSTANCE_PATTERNS.items():
        for m in pattern.finditer(text):
            if not _DENIED.search(text[max(0, m.start() - 4) : m.start()]):
                found.add(code)
                break
    return frozenset(found)


def find_amounts(text: str) -> list[Decimal]:
    """Amounts in yuan written in a text: 人民币5000元, 价值3,200元, 五万元, 1.2万余元."""
    amounts = []
    for m in _AMOUNT_RE.finditer(text):
        span = re.sub("[余多\\s，]", "", m.group(1)) + "元"
        try:
            value = parse_amount(span)
        except ValueProblem:
            continue
        if value > 0:
            amounts.append(value)
    return amounts


def main_amount(text: str) -> Decimal | None:
    """The amount that characterises a case: the largest one stated (a total ≥ its parts)."""
    amounts = find_amounts(text)
    return max(amounts) if amounts else None


@lru_cache(maxsize=1)
def tokenizer() -> jieba.Tokenizer:
    """A private jieba tokenizer with the charge names and legal terms added."""
    jieba.setLogLevel(logging.WARNING)  # jieba logs its dictionary loading at INFO
    tok = jieba.Tokenizer()
    for name in charge_names():
        tok.add_word(name, freq=2000)
        short = normalise_charge(name)
        if len(short) >= 2 and "、" not in short:
            tok.add_word(short, freq=2000)
    for term in LEGAL_TERMS:
        tok.add_word(term, freq=2000)
    return tok


def tokenize(text: str) -> list[str]:
    """Index terms of a fact text: jieba words without punctuation, numbers and stopwords."""
    return [
        w
        for w in tokenizer().lcut(text, HMM=False)
        if w.strip()
        and w not in STOPWORDS
        and not _STOP_CHARS.match(w)
        and not _NUMBER_WORD.match(w)
    ]
