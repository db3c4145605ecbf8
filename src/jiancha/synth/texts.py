"""Judgment texts (刑事判决书) for the generator's judgments, with every field known.

A judgment row (or several: co-defendants of one case) is written out as the court would
publish it: header with court and 案号, parties, procedure, the prosecution's charge and the
facts found, 本院认为 with the sentencing circumstances, 判决如下 and the signatures with the
date in Chinese numerals. Each section has several phrasings; terms, fines and dates are
written in Chinese numerals as courts write them. A defendant with several charges
(``charge`` ``a;b``) gets a sentence per charge and 数罪并罚，决定执行 the row's sentence.

Everything random is drawn from a generator seeded by the run's seed and the row's record id,
so a text does not depend on which other texts were written (sampling stays deterministic),
and rendering never touches the world's own random state.

:class:`JudgmentTextWriter` is the generator's hook: it writes ``judgment_texts/<record_id>.txt``
and ``judgment_texts_truth.csv`` (what each text says, per defendant).
"""

from __future__ import annotations

import csv
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TextIO

import cn2an

from jiancha.schema import contract
from jiancha.synth import reference as ref
from jiancha.synth.codes import id_check_digit, sentence_end
from jiancha.synth.world import Row, World
from jiancha.values import ValueProblem, parse_amount, parse_date

__all__ = [
    "TEXTS_DIR",
    "TEXTS_TRUTH",
    "TRUTH_COLUMNS",
    "JudgmentTextWriter",
    "RenderedJudgment",
    "TextDefendant",
    "chinese_date",
    "chinese_term",
    "defendant_of",
    "render_judgment",
]

TEXTS_DIR = "judgment_texts"
TEXTS_TRUTH = "judgment_texts_truth.csv"
TRUTH_COLUMNS = (
    "file",
    "case_number",
    "defendant_name",
    "record_id",
    "charge",
    "penalty",
    "term_months",
    "probation_months",
    "fine_yuan",
    "circumstances",
    "variants",
)
D = timedelta


@dataclass(frozen=True)
class TextDefendant:
    """One defendant of a text, with the judgment row's values (clean, typed)."""

    record_id: str
    name: str
    id_number: str | None
    charges: tuple[str, ...]
    penalty: str
    term_months: int | None
    probation_months: int | None
    fine_yuan: int | None
    circumstances: tuple[str, ...]
    amount_yuan: int | None
    offense_at: date | None


@dataclass(frozen=True)
class RenderedJudgment:
    """One judgment text and what it says."""

    text: str
    case_number: str
    court: str
    court_code: str
    decided_at: date
    procedure: str | None
    defendants: tuple[TextDefendant, ...]
    variants: tuple[str, ...] = ()


@dataclass(frozen=True)
class TextStyle:
    """How a court or its export system writes a text, beyond its words: drawn per text, so
    the generator's texts show every variant the parser must read, each named in the truth."""

    title: str = "刑事判决书"
    court_line: bool = True
    brackets: tuple[str, str] = ("（", "）")
    zero: str = "〇"
    signatures: str = "full"  # full | appeal_and_date | date_only
    spaced_signatures: bool = False
    fullwidth_digits: bool = False

    def variants(self) -> tuple[str, ...]:
        """The variants this style applies (the truth file's ``variants``)."""
        names = {
            "spaced_title": self.title == "刑 事 判 决 书",
            "fullwidth_spaced_title": self.title == "刑　事　判　决　书",
            "no_court_line": not self.court_line,
            "halfwidth_brackets": self.brackets == ("(", ")"),
            "hexagonal_brackets": self.brackets == ("〔", "〕"),
            "circle_zero": self.zero == "○",
            "ling_zero": self.zero == "零",
            "no_signatures": self.signatures != "full",
            "no_appeal_notice": self.signatures == "date_only",
            "spaced_signatures": self.spaced_signatures,
            "fullwidth_digits": self.fullwidth_digits,
        }
        return tuple(name for name, on in names.items() if on)


def draw_style(rng: random.Random) -> TextStyle:
    """A style: most texts as the court printed them, some in each variant."""
    title = rng.choices(("刑事判决书", "刑 事 判 决 书", "刑　事　判　决　书"), (70, 15, 15))[0]
    brackets = rng.choices((("（", "）"), ("(", ")"), ("〔", "〕")), (80, 10, 10))[0]
    return TextStyle(
        title=title,
        court_line=rng.random() >= 0.05,
        brackets=brackets,
        zero=rng.choices(("〇", "○", "零"), (80, 10, 10))[0],
        signatures=rng.choices(("full", "appeal_and_date", "date_only"), (85, 10, 5))[0],
        spaced_signatures=rng.random() < 0.1,
        fullwidth_digits=rng.random() < 0.08,
    )


_FULLWIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


# -- numerals -------------------------------------------------------------------------
_YEAR_DIGITS = str.maketrans("0123456789", "〇一二三四五六七八九")


def chinese_date(day: date) -> str:
    """二〇二三年九月二十九日, as the date under the signatures is written."""
    year = str(day.year).translate(_YEAR_DIGITS)
    return f"{year}年{cn2an.an2cn(day.month)}月{cn2an.an2cn(day.day)}日"


def arabic_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def chinese_term(months: int, rng: random.Random | None = None) -> str:
    """三年六个月, 十个月, 二年 (sometimes 一年零六个月)."""
    years, rest = divmod(months, 12)
    if not years:
        return f"{cn2an.an2cn(rest)}个月"
    if not rest:
        return f"{cn2an.an2cn(years)}年"
    joint = "零" if rng is not None and rng.random() < 0.15 else ""
    return f"{cn2an.an2cn(years)}年{joint}{cn2an.an2cn(rest)}个月"


def money(yuan: int, rng: random.Random, *, chinese: bool) -> str:
    """人民币五千元 (round sums, in a decision) or 人民币3,200元 (facts)."""
    if chinese and yuan % 100 == 0:
        return f"人民币{cn2an.an2cn(yuan)}元"
    if yuan >= 10000 and yuan % 10000 == 0 and rng.random() < 0.5:
        return f"人民币{yuan // 10000}万元"
    return f"人民币{yuan:,}元" if rng.random() < 0.5 else f"人民币{yuan}元"


def article(number: str) -> str:
    """第二百六十四条 from 264, 第一百三十三条之一 from 133之一."""
    base, _, suffix = number.partition("之")
    return f"第{cn2an.an2cn(int(base))}条" + (f"之{suffix}" if suffix else "")


# -- rows -----------------------------------------------------------------------------
def _as_int(value: object) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, int | float):
        return int(value)
    try:  # dirt writes amounts as 1万元 or 人民币壹万元
        return int(parse_amount(str(value)))
    except ValueProblem:
        return int(Decimal(str(value)))


def _as_date(value: object) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return parse_date(str(value))


def _enum_code(column: str, value: object) -> str | None:
    """A judgment enum value as its code (dirt writes the Chinese label instead)."""
    if value is None or value == "":
        return None
    labels = contract().table("judgment").column(column).allowed
    text = str(value)
    return text if text in labels else next((c for c, lab in labels.items() if lab == text), text)


def _valid_id(value: object) -> str | None:
    text = str(value or "")
    ok = len(text) == 18 and text[:17].isdigit() and id_check_digit(text[:17]) == text[17]
    return text if ok else None


def defendant_of(row: Row) -> TextDefendant:
    """The defendant a judgment row describes, its values typed and dirt undone."""
    codes = str(row.get("circumstances") or "")
    return TextDefendant(
        record_id=str(row["record_id"]),
        name=str(row["defendant_name"]),
        id_number=_valid_id(row.get("defendant_id_number")),
        # several charges are written ``a;b`` or, as a clerk types them, ``a；b``
        charges=tuple(c for c in re.split("[;；]", str(row.get("charge") or "")) if c),
        penalty=_enum_code("penalty", row.get("penalty")) or "fixed_term",
        term_months=_as_int(row.get("term_months")),
        probation_months=_as_int(row.get("probation_months")),
        fine_yuan=_as_int(row.get("fine_yuan")),
        circumstances=tuple(c for c in codes.split(";") if c),
        amount_yuan=_as_int(row.get("amount_yuan")),
        offense_at=_as_date(row.get("offense_at")),
    )


# -- the parts of a judgment --------------------------------------------------------------
_JUDGES = "林陈黄郑吴王李张蔡杨许刘"
_GIVEN = ("志明", "建华", "秀英", "丽娟", "国强", "海燕", "振宇", "雅琴", "文斌", "晓玲", "少华")
_ETHNIC = ("汉族", "汉族", "汉族", "畲族", "回族")
_EDUCATION = ("小学文化", "初中文化", "初中文化", "高中文化", "中专文化", "大专文化")
_JOBS = ("无业", "务工", "农民", "个体经营者", "司机", "公司职员")


@dataclass(frozen=True)
class ChargeText:
    """How a charge is told: its article, the act the court finds and the facts."""

    article: str
    element: str
    facts: tuple[str, ...]  # {date} {name} {place} {victim} {amount} (amount only when known)


_CHARGE_TEXTS: dict[str, ChargeText] = {
    "盗窃罪": ChargeText(
        "264",
        "以非法占有为目的，秘密窃取他人财物，数额较大",
        (
            "{date}，被告人{name}在{place}一小区内，趁无人注意，窃取被害人{victim}停放的"
            "电动自行车一辆及随车物品，价值共计{amount}。",
            "{date}凌晨，被告人{name}窜至{place}一商铺内，撬开抽屉窃取现金及手机等物，"
            "经价格认定，被盗财物价值{amount}。",
        ),
    ),
    "危险驾驶罪": ChargeText(
        "133之一",
        "在道路上醉酒驾驶机动车",
        (
            "{date}晚，被告人{name}饮酒后驾驶小型轿车行驶至{place}路段时，被执勤民警查获。"
            "经鉴定，被告人{name}血液中乙醇含量为{bac}mg/100ml。",
            "{date}，被告人{name}酒后驾驶二轮摩托车沿{place}道路行驶，与他车发生碰撞。"
            "经检验，其血液中乙醇含量为{bac}mg/100ml，属醉酒驾驶机动车。",
        ),
    ),
    "诈骗罪": ChargeText(
        "266",
        "以非法占有为目的，虚构事实、隐瞒真相，骗取他人财物，数额较大",
        (
            "{date}，被告人{name}以帮助办理贷款需缴纳保证金为由，骗取被害人{victim}"
            "通过微信转账{amount}。",
            "{date}起，被告人{name}冒充网店客服，以退款为名诱骗被害人{victim}转账，"
            "共计骗得{amount}。",
        ),
    ),
    "故意伤害罪": ChargeText(
        "234",
        "故意伤害他人身体，致一人轻伤",
        (
            "{date}，被告人{name}在{place}因琐事与被害人{victim}发生争执，持木棍殴打被害人"
            "头部，致其受伤。经鉴定，被害人{victim}的损伤程度为轻伤二级。",
            "{date}晚，被告人{name}在{place}一排档内与被害人{victim}发生口角，随后拳击"
            "被害人面部。经法医鉴定，被害人{victim}鼻骨骨折，属轻伤一级。",
        ),
    ),
    "开设赌场罪": ChargeText(
        "303",
        "以营利为目的，开设赌场，情节严重",
        (
            "{date}起，被告人{name}在{place}一出租屋内开设赌场，组织他人以“牛牛”方式赌博，"
            "从中抽头渔利{amount}。",
        ),
    ),
    "帮助信息网络犯罪活动罪": ChargeText(
        "287之二",
        "明知他人利用信息网络实施犯罪，为其犯罪提供支付结算帮助，情节严重",
        (
            "{date}起，被告人{name}明知他人利用信息网络实施犯罪，仍将其名下银行卡提供给他人"
            "使用，经查，该卡接收诈骗资金{amount}。",
        ),
    ),
    "抢劫罪": ChargeText(
        "263",
        "以非法占有为目的，采用暴力手段，当场劫取他人财物",
        (
            "{date}晚，被告人{name}在{place}持刀威胁被害人{victim}，劫得现金及手机等财物，"
            "价值共计{amount}。",
        ),
    ),
    "贩卖毒品罪": ChargeText(
        "347",
        "明知是毒品而贩卖",
        (
            "{date}，被告人{name}在{place}向吸毒人员{victim}贩卖甲基苯丙胺（冰毒）约"
            "{grams}克，后被公安机关当场查获。",
        ),
    ),
    "非法吸收公众存款罪": ChargeText(
        "176",
        "违反国家金融管理法规，变相吸收公众存款，扰乱金融秩序，数额巨大",
        ("{date}起，被告人{name}以投资理财、承诺高额回报为名，向社会公众吸收资金共计{amount}。",),
    ),
    "受贿罪": ChargeText(
        "385",
        "身为国家工作人员，利用职务上的便利，为他人谋取利益，非法收受他人财物，数额巨大",
        (
            "{date}至案发，被告人{name}利用担任{place}某局工作人员的职务便利，在工程承揽"
            "等方面为他人谋取利益，先后收受他人财物共计{amount}。",
        ),
    ),
    "组织、领导、参加黑社会性质组织罪": ChargeText(
        "294",
        "积极参加黑社会性质的组织",
        (
            "{date}起，被告人{name}积极参加以林某为首的黑社会性质组织，在{place}一带"
            "多次实施违法犯罪活动，称霸一方，严重破坏经济、社会生活秩序。",
        ),
    ),
    "故意杀人罪": ChargeText(
        "232",
        "故意非法剥夺他人生命",
        (
            "{date}，被告人{name}在{place}因感情纠纷与被害人{victim}发生争吵，持刀捅刺"
            "被害人胸腹部数刀，致被害人{victim}死亡。",
        ),
    ),
    "寻衅滋事罪": ChargeText(
        "293",
        "随意殴打他人，情节恶劣",
        (
            "{date}晚，被告人{name}酒后在{place}街头无故拦截、殴打路人{victim}，致其轻微伤，"
            "并砸坏周边店铺物品。",
        ),
    ),
}
_GENERIC_CHARGE = ChargeText(
    "",
    "",
    ("{date}，被告人{name}在{place}实施了{short}的犯罪行为。",),
)
# 刑法 articles of the circumstances, for the 依照 … 之规定 sentence.
_CIRCUMSTANCE_ARTICLES = {
    "surrender": "67",
    "confession": "67",
    "merit": "68",
    "recidivist": "65",
    "plea": "",
    "minor": "17",
    "accessory": "27",
    "attempt": "23",
}
_CIRCUMSTANCE_SENTENCES: dict[str, tuple[str, ...]] = {
    "surrender": (
        "被告人{name}犯罪后自动投案，如实供述自己的罪行，是自首，依法可以从轻处罚",
        "被告人{name}主动投案，并如实供述主要犯罪事实，系自首，可以从轻处罚",
    ),
    "confession": (
        "被告人{name}到案后如实供述自己的罪行，系坦白，依法可以从轻处罚",
        "被告人{name}归案后能如实供述犯罪事实，具有坦白情节，可以从轻处罚",
    ),
    "merit": ("被告人{name}到案后揭发他人犯罪行为，经查证属实，有立功表现，可以从轻处罚",),
    "recidivist": (
        "被告人{name}曾因故意犯罪被判处有期徒刑，在刑罚执行完毕以后五年内再犯应当判处"
        "有期徒刑以上刑罚之罪，是累犯，依法应当从重处罚",
        "被告人{name}系累犯，依法应当从重处罚",
    ),
    "plea": (
        "被告人{name}自愿认罪认罚，依法可以从宽处理",
        "被告人{name}认罪认罚，并签署具结书，可以依法从宽处理",
    ),
    "minor": ("被告人{name}犯罪时未满十八周岁，依法应当从轻处罚",),
    "accessory": ("被告人{name}在共同犯罪中起次要作用，系从犯，依法应当从轻处罚",),
    "attempt": ("被告人{name}已经着手实行犯罪，系犯罪未遂，可以比照既遂犯从轻处罚",),
    "restitution": (
        "被告人{name}已退赔被害人的经济损失，可以酌情从轻处罚",
        "被告人{name}积极退赃，可以酌情从轻处罚",
    ),
    "forgiveness": (
        "被告人{name}取得了被害人的谅解，可以酌情从轻处罚",
        "被告人{name}已获得被害人谅解，可酌情从轻处罚",
    ),
}
_PENALTY_WORDS = {"fixed_term": "有期徒刑", "criminal_detention": "拘役", "surveillance": "管制"}


def _person_name(rng: random.Random) -> str:
    return rng.choice(_JUDGES) + rng.choice(_GIVEN)


def _victim(rng: random.Random, names: Sequence[str]) -> str:
    surnames = [s for s in "陈黄郑吴周徐孙马朱胡" if all(s not in n for n in names)]
    return rng.choice(surnames) + "某" + rng.choice(("", "甲", "乙", "某"))


@dataclass(frozen=True)
class _Court:
    name: str
    short: str  # 芗城区
    procuratorate: str
    police: str
    code: str
    appeal_court: str


def _court(unit: str, code: str) -> _Court:
    district = ref.DISTRICTS.get(unit)
    if district is None:  # the city itself
        return _Court(
            "福建省漳州市中级人民法院",
            "漳州市",
            "福建省漳州市人民检察院",
            "漳州市公安局",
            code,
            "福建省高级人民法院",
        )
    return _Court(
        f"福建省漳州市{district}人民法院",
        district,
        f"福建省漳州市{district}人民检察院",
        f"漳州市公安局{district}分局",
        code,
        "福建省漳州市中级人民法院",
    )


# -- sentences --------------------------------------------------------------------------
def _main_words(penalty: str, term: int | None, rng: random.Random) -> str:
    if penalty in _PENALTY_WORDS and term:
        return f"{_PENALTY_WORDS[penalty]}{chinese_term(term, rng)}"
    return {
        "life": "无期徒刑，剥夺政治权利终身",
        "death": "死刑，剥夺政治权利终身",
        "exempt": "免予刑事处罚",
        "fine_only": "",
    }.get(penalty, "有期徒刑")


def _sentence_words(
    penalty: str,
    term: int | None,
    probation: int | None,
    fine: int | None,
    rng: random.Random,
) -> str:
    """判处有期徒刑三年，缓刑四年，并处罚金人民币五千元 (without the leading 判处)."""
    if penalty == "fine_only":
        return f"单处罚金{money(fine or 1000, rng, chinese=True)}"
    if penalty == "exempt":
        return "免予刑事处罚"
    words = _main_words(penalty, term, rng)
    if probation:
        words += f"，缓刑{chinese_term(probation, rng)}"
    if fine:
        words += f"，并处罚金{money(fine, rng, chinese=rng.random() < 0.8)}"
    return words


def _parts(total: int, n: int, step: int) -> list[int]:
    """``total`` split into ``n`` positive parts (multiples of ``step`` where possible)."""
    first = max(step, (total * 2 // 3) // step * step) if n > 1 else total
    rest = total - first
    parts = [first]
    for i in range(1, n):
        share = rest // (n - i) // step * step if rest >= step else 0
        share = rest if i == n - 1 else share
        parts.append(share)
        rest -= share
    return parts


def _component_terms(d: TextDefendant) -> list[tuple[str, int | None]]:
    """A sentence per charge that 数罪并罚 merges into the executed one (刑法第六十九条:
    above the highest, at most their sum)."""
    n = len(d.charges)
    if d.penalty in _PENALTY_WORDS and d.term_months:
        term = d.term_months
        highest = max(1, term * 2 // 3)
        other = max(1, term - highest + max(1, term // 4))
        rest: int | None = max(1, other // (n - 1))
        return [(d.penalty, highest)] + [(d.penalty, rest)] * (n - 1)
    if d.penalty in ("life", "death"):
        return [(d.penalty, None)] + [("fixed_term", 36)] * (n - 1)
    return [(d.penalty, None)] * n


def _decision_block(d: TextDefendant, rng: random.Random) -> str:
    """被告人X犯Y罪，判处……。 or, for several charges, each then 数罪并罚，决定执行……。"""
    if len(d.charges) <= 1:
        charge = d.charges[0] if d.charges else "犯罪"
        words = _sentence_words(d.penalty, d.term_months, d.probation_months, d.fine_yuan, rng)
        verb = "" if d.penalty in ("fine_only", "exempt") else "判处"
        return f"被告人{d.name}犯{charge}，{verb}{words}。"
    fines = _parts(d.fine_yuan, len(d.charges), 1000) if d.fine_yuan else [0] * len(d.charges)
    pieces = []
    for charge, (penalty, term), fine in zip(d.charges, _component_terms(d), fines, strict=True):
        words = _sentence_words(penalty, term, None, fine or None, rng)
        verb = "" if penalty in ("fine_only", "exempt") else "判处"
        pieces.append(f"犯{charge}，{verb}{words}")
    executed = _sentence_words(d.penalty, d.term_months, d.probation_months, d.fine_yuan, rng)
    return f"被告人{d.name}" + "；".join(pieces) + f"。数罪并罚，决定执行{executed}。"


def _term_note(d: TextDefendant, custody: date | None) -> str:
    """The parenthesis after a sentence: how the term or probation runs."""
    if d.probation_months:
        return "（缓刑考验期限，从判决确定之日起计算。）"
    if d.penalty in _PENALTY_WORDS and d.term_months and custody is not None:
        end = sentence_end(custody, d.term_months)
        kind = "刑期" if d.penalty != "surveillance" else "管制期"
        credit = "二日" if d.penalty == "surveillance" else "一日"
        return (
            f"（{kind}从判决执行之日起计算。判决执行以前先行羁押的，羁押一日折抵{kind}{credit}，"
            f"即自{arabic_date(custody)}起至{arabic_date(end)}止。）"
        )
    return ""


# -- sections ---------------------------------------------------------------------------
@dataclass
class _Story:
    """Dates and people of one text, drawn once and used by every section."""

    rng: random.Random
    court: _Court
    decided: date
    filed: date
    indicted: date
    custody: dict[str, date | None]
    procedure: str | None
    victim: str
    judges: list[str]
    clerk: str
    prosecutor: str
    style: TextStyle = TextStyle()


def _defendant_paragraph(d: TextDefendant, s: _Story) -> str:
    rng = s.rng
    parts = [f"被告人{d.name}"]
    if d.id_number is not None:
        born = date(int(d.id_number[6:10]), int(d.id_number[10:12]), int(d.id_number[12:14]))
        parts.append("男" if int(d.id_number[16]) % 2 else "女")
        parts.append(f"{arabic_date(born)}出生")
        if rng.random() < 0.4:
            parts.append(f"公民身份号码{d.id_number}")
    parts += [rng.choice(_ETHNIC), rng.choice(_EDUCATION), rng.choice(_JOBS)]
    parts.append(f"住福建省漳州市{s.court.short}")
    text = "，".join(parts) + "。"
    if "recidivist" in d.circumstances and d.offense_at is not None:
        released = d.offense_at - D(rng.randint(200, 1500))
        prior = rng.choice(("盗窃罪", "诈骗罪", "故意伤害罪"))
        text += (
            f"曾因犯{prior}于{released.year - 1}年{rng.randint(1, 12)}月被判处有期徒刑"
            f"{chinese_term(rng.choice((8, 10, 12, 18)))}，{arabic_date(released)}刑满释放。"
        )
    text += _custody_sentence(d, s)
    return text


def _custody_sentence(d: TextDefendant, s: _Story) -> str:
    charge = "、".join(d.charges) or "犯罪"
    start = s.custody[d.record_id]
    if start is None:  # on bail: probation, or a short sentence
        caught = s.indicted - D(s.rng.randint(60, 120))
        return (
            f"因涉嫌犯{charge}于{arabic_date(caught)}被{s.court.police}刑事拘留，"
            f"{arabic_date(caught + D(3))}被取保候审。"
        )
    arrested = start + D(s.rng.randint(7, 30))
    return (
        f"因涉嫌犯{charge}于{arabic_date(start)}被{s.court.police}刑事拘留，"
        f"{arabic_date(arrested)}经{s.court.procuratorate[3:]}批准被逮捕。现羁押于漳州市看守所。"
    )


def _header(s: _Story, case_number: str) -> list[str]:
    court = [s.court.name] if s.style.court_line else []
    number = _bracketed(case_number, s.style)
    return [*court, s.style.title, number, f"公诉机关{s.court.procuratorate}。"]


def _bracketed(case_number: str, style: TextStyle) -> str:
    opened, closed = style.brackets
    return case_number.replace("（", opened).replace("）", closed)


def _procedure_paragraph(ds: Sequence[TextDefendant], s: _Story) -> str:
    rng = s.rng
    names = "、".join(f"被告人{d.name}" if i == 0 else d.name for i, d in enumerate(ds))
    charges = "、".join(dict.fromkeys(c for d in ds for c in d.charges))
    number = f"漳{s.court.short[:1]}检刑诉〔{s.indicted.year}〕{rng.randint(10, 999)}号"
    opening = rng.choice(
        (
            f"{s.court.procuratorate}以{number}起诉书指控{names}犯{charges}，"
            f"于{arabic_date(s.filed)}向本院提起公诉。",
            f"{s.court.procuratorate}以{number}起诉书指控{names}犯{charges}，"
            f"于{arabic_date(s.filed)}移送本院审判。",
        )
    )
    if s.procedure == "summary":
        how = rng.choice(
            (
                f"本院受理后，依法适用简易程序，由审判员{s.judges[0]}独任审判，公开开庭审理了本案。",
                "本院依法适用简易程序，实行独任审判，公开开庭进行了审理。",
            )
        )
    elif s.procedure == "speedy":
        how = f"本院依法适用速裁程序，由审判员{s.judges[0]}独任审判，公开开庭审理了本案。"
    else:
        how = "本院依法组成合议庭，公开开庭审理了本案。"
    present = f"{s.court.procuratorate}指派检察员{s.prosecutor}出庭支持公诉，{names}到庭参加诉讼。"
    return opening + how + present + "现已审理终结。"


def _fact_sentence(d: TextDefendant, charge: str, s: _Story) -> str:
    text = _CHARGE_TEXTS.get(charge, _GENERIC_CHARGE)
    template = s.rng.choice(text.facts)
    when = d.offense_at or (s.filed - D(90))
    amount = money(d.amount_yuan, s.rng, chinese=False) if d.amount_yuan else "数额较大的财物"
    return template.format(
        date=arabic_date(when),
        name=d.name,
        place=f"漳州市{s.court.short}",
        victim=s.victim,
        amount=amount,
        bac=f"{s.rng.randint(81, 260)}.{s.rng.randint(0, 9)}",
        grams=f"{s.rng.randint(1, 30)}.{s.rng.randint(1, 9)}",
        short=charge.removesuffix("罪"),
    )


def _facts(ds: Sequence[TextDefendant], s: _Story) -> list[str]:
    rng = s.rng
    names = "、".join(d.name for d in ds)
    charge_words = "、".join(dict.fromkeys(c for d in ds for c in d.charges))
    accusation = rng.choice(("公诉机关指控：", "公诉机关指控，"))
    # The court usually finds what was charged, in the same words.
    accused = "".join(_fact_sentence(d, c, s) for d in ds for c in d.charges)
    claim = f"公诉机关认为，被告人{names}的行为已构成{charge_words}，提请本院依法判处。"
    found = rng.choice(("经审理查明：", "经审理查明，", "本院经审理查明，"))
    again = (
        accused
        if rng.random() < 0.7
        else "".join(_fact_sentence(d, c, s) for d in ds for c in d.charges)
    )
    later = _later_findings(ds, s)
    evidence = rng.choice(
        (
            "上述事实，有被害人陈述、证人证言、鉴定意见、搜查笔录及被告人的供述和辩解等证据"
            "证实，足以认定。",
            "上述事实，被告人在开庭审理过程中亦无异议，且有书证、证人证言、被告人供述等证据"
            "证实，足以认定。",
        )
    )
    return [accusation + accused + claim, found + again + later, evidence]


def _later_findings(ds: Sequence[TextDefendant], s: _Story) -> str:
    """另查明: restitution and forgiveness as found facts (the parser reads them there too)."""
    found = []
    for d in ds:
        if "restitution" in d.circumstances and s.rng.random() < 0.5:
            found.append(f"案发后，被告人{d.name}的亲属代为退赔了被害人的全部经济损失。")
        if "forgiveness" in d.circumstances and s.rng.random() < 0.5:
            found.append(f"被告人{d.name}与被害人达成和解协议，取得了被害人的谅解。")
    return ("另查明，" + "".join(found)) if found else ""


def _reasoning(ds: Sequence[TextDefendant], s: _Story) -> str:
    rng = s.rng
    acts = []
    for d in ds:
        for i, charge in enumerate(d.charges):
            element = _CHARGE_TEXTS.get(charge, _GENERIC_CHARGE).element
            lead = f"被告人{d.name}" if i == 0 else "又"
            acts.append(f"{lead}{element + '，' if element else ''}其行为已构成{charge}")
    text = "本院认为，" + "；".join(acts) + "。"
    text += rng.choice(
        (
            "公诉机关指控的犯罪事实清楚，证据确实、充分，指控的罪名成立。",
            "公诉机关指控被告人犯罪的事实清楚，证据确实、充分，罪名成立，本院予以支持。",
        )
    )
    for d in ds:
        if len(d.charges) > 1:
            text += f"被告人{d.name}一人犯数罪，依法应当数罪并罚。"
    for d in ds:
        for code in d.circumstances:
            text += rng.choice(_CIRCUMSTANCE_SENTENCES[code]).format(name=d.name) + "。"
    text += rng.choice(
        (
            "综合考虑被告人的犯罪事实、性质、情节及对社会的危害程度，",
            "根据被告人犯罪的事实、性质、情节和对于社会的危害程度，",
        )
    )
    return text + _according_to(ds) + "判决如下："


def _according_to(ds: Sequence[TextDefendant]) -> str:
    numbers: list[str] = []
    for d in ds:
        for charge in d.charges:
            numbers.append(_CHARGE_TEXTS.get(charge, _GENERIC_CHARGE).article)
        numbers += [_CIRCUMSTANCE_ARTICLES.get(c, "") for c in d.circumstances]
        if d.probation_months:
            numbers.append("72")
        if d.fine_yuan:
            numbers.append("52")
        if len(d.charges) > 1:
            numbers.append("69")
    ordered = sorted(dict.fromkeys(n for n in numbers if n), key=lambda n: int(n.split("之")[0]))
    laws = "《中华人民共和国刑法》" + "、".join(article(n) for n in ordered)
    plea = any("plea" in d.circumstances for d in ds)
    procedure_law = "，《中华人民共和国刑事诉讼法》第十五条" if plea else ""
    return f"依照{laws}{procedure_law}之规定，"


def _decision(ds: Sequence[TextDefendant], s: _Story) -> list[str]:
    numbered = len(ds) > 1 or s.rng.random() < 0.3
    items = [_decision_block(d, s.rng) + _term_note(d, s.custody[d.record_id]) for d in ds]
    if numbered and s.rng.random() < 0.5:
        items.append("扣押在案的作案工具，依法予以没收。")
    if not numbered:
        return items
    return [f"{cn2an.an2cn(i)}、{item}" for i, item in enumerate(items, start=1)]


def _tail(s: _Story) -> list[str]:
    appeal = (
        "如不服本判决，可在接到判决书的第二日起十日内，通过本院或者直接向"
        f"{s.court.appeal_court}提出上诉。书面上诉的，应当提交上诉状正本一份，副本二份。"
    )
    decided = chinese_date(s.decided).replace("〇", s.style.zero)
    if s.style.signatures == "date_only":  # an excerpt: the decision, then the date
        return [decided]
    if s.style.signatures == "appeal_and_date":  # an export that drops the signatures
        return [appeal, decided]
    if s.procedure in ("summary", "speedy"):
        signers = [("审判员", s.judges[0])]
    else:
        signers = [("审判长", s.judges[0]), ("审判员", s.judges[1]), ("人民陪审员", s.judges[2])]
    signers.append(("书记员", s.clerk))
    lines = [_signature(role, name, s.style.spaced_signatures) for role, name in signers]
    return [appeal, *lines[:-1], decided, "本件与原本核对无异", lines[-1]]


def _signature(role: str, name: str, spaced: bool) -> str:
    """审判长　林志明, or letter-spaced as printed: 审 判 长 林 志 明."""
    return " ".join(role + name) if spaced else f"{role}　{name}"


# -- a whole text -----------------------------------------------------------------------
def _story(rows: Sequence[Row], ds: Sequence[TextDefendant], rng: random.Random) -> _Story:
    first = rows[0]
    decided = _as_date(first.get("decided_at"))
    if decided is None:
        raise ValueError(f"judgment {first.get('record_id')} has no decided_at")
    filed = decided - D(rng.randint(10, 75))
    custody: dict[str, date | None] = {}
    for d in ds:
        on_bail = bool(d.probation_months) or d.penalty in ("surveillance", "fine_only", "exempt")
        start = (d.offense_at or filed - D(120)) + D(rng.randint(0, 20))
        custody[d.record_id] = None if on_bail else min(start, filed - D(30))
    names = {d.name for d in ds}
    judges: list[str] = []
    while len(judges) < 4:
        name = _person_name(rng)
        if name not in judges and name not in names:
            judges.append(name)
    return _Story(
        rng=rng,
        court=_court(str(first.get("unit_code") or ""), str(first.get("court_code") or "")),
        decided=decided,
        filed=filed,
        indicted=filed - D(rng.randint(2, 10)),
        custody=custody,
        procedure=_enum_code("procedure", first.get("procedure")),
        victim=_victim(rng, [d.name for d in ds]),
        judges=judges[:3],
        clerk=judges[3],
        prosecutor=rng.choice(_JUDGES)
        + rng.choice(("某", "晓", "丽", "明"))
        + rng.choice("华琳伟"),
    )


def case_number(row: Row, filed: date) -> str:
    """（2023）闽0602刑初123号: the filing year, the court and the judgment's own number."""
    digits = "".join(ch for ch in str(row["record_id"]) if ch.isdigit())
    return f"（{filed.year}）{row.get('court_code') or ''}刑初{int(digits or 0) % 100000 or 1}号"


def render_judgment(
    rows: Sequence[Row], *, seed: int | str = 0, style: TextStyle | None = None
) -> RenderedJudgment:
    """The judgment text of one case: ``rows`` are its judgment rows, one per defendant.

    The first row gives the court, the date and the procedure; each row its defendant's
    charges (``;``-separated: 数罪并罚), sentence and circumstances. The style (title spacing,
    brackets, signatures …) is drawn from its own generator unless given, so it varies the way
    a text is written without changing what it says.
    """
    if not rows:
        raise ValueError("a judgment text needs at least one judgment row")
    rng = random.Random(f"jiancha-text:{seed}:{rows[0]['record_id']}")
    if style is None:
        style = draw_style(random.Random(f"jiancha-text-style:{seed}:{rows[0]['record_id']}"))
    ds = tuple(defendant_of(r) for r in rows)
    s = replace(_story(rows, ds, rng), style=style)
    number = case_number(rows[0], s.filed)
    parties = [_defendant_paragraph(d, s) for d in ds]
    paragraphs = [
        *_header(s, number),
        *parties,
        _procedure_paragraph(ds, s),
        *_facts(ds, s),
        _reasoning(ds, s),
        *_decision(ds, s),
        *_tail(s),
    ]
    separator = "\n" if rng.random() < 0.85 else " "  # copied from 裁判文书网: spaces
    text = separator.join(paragraphs) + "\n"
    written = _bracketed(number, style)  # the 案号 as the text writes it
    if style.fullwidth_digits:
        text, written = text.translate(_FULLWIDTH_DIGITS), written.translate(_FULLWIDTH_DIGITS)
    return RenderedJudgment(
        text=text,
        case_number=written,
        court=s.court.name,
        court_code=s.court.code,
        decided_at=s.decided,
        procedure=s.procedure,
        defendants=ds,
        variants=style.variants(),
    )


def truth_rows(file: str, rendered: RenderedJudgment) -> list[tuple[str, ...]]:
    """The rows of ``judgment_texts_truth.csv`` for one text, one per defendant."""
    return [
        (
            file,
            rendered.case_number,
            d.name,
            d.record_id,
            ";".join(d.charges),
            d.penalty,
            "" if d.term_months is None else str(d.term_months),
            "" if d.probation_months is None else str(d.probation_months),
            "" if d.fine_yuan is None else str(d.fine_yuan),
            ";".join(d.circumstances),
            ";".join(rendered.variants),
        )
        for d in rendered.defendants
    ]


# -- the generator's hook -----------------------------------------------------------------
class JudgmentTextWriter:
    """Writes ``judgment_texts/`` and ``judgment_texts_truth.csv`` as chunks are generated.

    With ``per_chunk`` set, each chunk writes at most that many texts (a deterministic
    sample), so a city or province run stays bounded in time and disk.
    """

    def __init__(self, out_dir: Path, *, seed: int, per_chunk: int | None) -> None:
        self.folder = out_dir / TEXTS_DIR
        self.folder.mkdir(parents=True, exist_ok=True)
        for old in self.folder.glob("*.txt"):  # a rerun into the same folder starts afresh
            old.unlink()
        self.truth_path = out_dir / TEXTS_TRUTH
        self.seed = seed
        self.per_chunk = per_chunk
        self.names: list[str] = []
        self._fh: TextIO = self.truth_path.open("w", encoding="utf-8", newline="")
        self._csv = csv.writer(self._fh, lineterminator="\n")
        self._csv.writerow(TRUTH_COLUMNS)

    def write_chunk(self, world: World, chunk: int) -> None:
        """Texts of the chunk's judgments (clean rows: call before dirt is sprinkled)."""
        rows = [r for r in world.rows["judgment"] if r.get("record_id") and r.get("decided_at")]
        if self.per_chunk is not None and len(rows) > self.per_chunk:
            picker = random.Random(f"jiancha-text-sample:{self.seed}:{chunk}")
            chosen = {id(r) for r in picker.sample(rows, self.per_chunk)}
            rows = [r for r in rows if id(r) in chosen]
        for row in rows:
            rendered = render_judgment([row], seed=self.seed)
            name = f"{row['record_id']}.txt"
            (self.folder / name).write_text(rendered.text, encoding="utf-8")
            self._csv.writerows(truth_rows(f"{TEXTS_DIR}/{name}", rendered))
            self.names.append(name)

    def close(self) -> Path:
        self._fh.close()
        return self.truth_path
