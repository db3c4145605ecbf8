"""The sentence of one defendant, read from his part of 判决如下.

For 数罪并罚 the part names a sentence per charge and then 决定执行 …: the executed sentence
is what follows 决定执行, and so is its fine when one is stated there. Clauses that only recall
an earlier judgment (与前罪… / 连同前判… / 原犯…罪被判处…) are cut out first, so their charges
and terms are not taken for this judgment's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from jiancha.text.charges import ChargeMatch, charge_names, find_charges
from jiancha.text.numerals import AMOUNT_RE, TERM_RE, amount_of, months_of

__all__ = ["Sentence", "read_sentence", "sentence_charges"]

_MAIN_RE = re.compile(
    r"(有期徒刑|拘役|管制)" + TERM_RE.pattern + r"|(无期徒刑)|(死刑)(，?缓期二年执行)?"
    r"|(免予刑事处罚|免除刑事处罚|免于刑事处罚)|(单处罚金)"
)
_PROBATION_RE = re.compile(r"缓刑" + TERM_RE.pattern)
_FINE_RE = re.compile(r"罚金" + AMOUNT_RE.pattern)
_CONFISCATE_ALL_RE = re.compile(r"没收(?:其|被告人)?个人全部财产")
_CONFISCATE_RE = re.compile(r"没收(?:其|被告人)?个人财产" + AMOUNT_RE.pattern)
_MERGED_RE = re.compile(r"决定执行")
_WHOLE_CHARGE_RE = re.compile(r"犯([^，,；;。判]{1,40}?罪)(?=[，,；;。、\s)]|$)")
# An earlier judgment recalled before 决定执行; cut from a separator to 决定执行.
_EARLIER_RE = re.compile(
    r"[，,；;。](?:[^，,；;。]{0,40}?)(?:与前罪|与原判|与原犯|与原|连同前判|连同原判|原犯|前罪"
    r"|与本院|与[^，,；;。]{0,30}?(?:判决|判处))[^决]*?(?=决定执行)"
)
_PENALTY_CODES = {
    "有期徒刑": "fixed_term",
    "拘役": "criminal_detention",
    "管制": "surveillance",
}


@dataclass
class Sentence:
    """What the court imposed on one defendant (the executed sentence under 数罪并罚)."""

    charges: list[str] = field(default_factory=list)
    penalty: str | None = None
    term_months: int | None = None
    death_reprieve: bool = False
    probation_months: int | None = None
    fine_yuan: Decimal | None = None
    confiscation_all: bool = False
    confiscation_yuan: Decimal | None = None
    merged: bool = False


def _without_earlier(block: str) -> str:
    return _EARLIER_RE.sub("，", block)


# 犯…罪 that does not convict: what the prosecution alleged (被指控犯…罪) or what the court
# acquits of (宣告无罪, 罪名不成立).
_ALLEGED_RE = re.compile(r"指控|被控|涉嫌|起诉")
_ACQUITTED_RE = re.compile(r"无罪|不成立|不构成|不能成立|证据不足")


def _convicts(block: str, start: int) -> bool:
    """Whether the 犯…罪 at ``start`` is a conviction, judged by its own sentence."""
    clause_from = max(block.rfind(c, 0, start) for c in "，,；;。") + 1
    sentence_to = min((i for c in "；;。" if (i := block.find(c, start)) >= 0), default=len(block))
    return not (
        _ALLEGED_RE.search(block, clause_from, start)
        or _ACQUITTED_RE.search(block, start, sentence_to)
    )


def sentence_charges(block: str) -> list[str]:
    """The charges a block convicts of (犯…罪): list names, else the court's own words."""
    listed = [c for c in find_charges(block) if block[c.start - 1 : c.start] == "犯"]
    spans = [(c.start, c.end) for c in find_charges(block)]
    names: list[str] = []
    for m in re.finditer(r"犯([^，,；;。]{1,40}?罪)", block):
        if any(a <= m.start() < b for a, b in spans):
            continue  # the 犯 of a name such as 传授犯罪方法罪
        if not _convicts(block, m.start()):
            continue
        # An unlisted name holding 犯罪 (掩饰、隐瞒犯罪所得罪) runs to the 罪 that ends it.
        m = _WHOLE_CHARGE_RE.match(block, m.start()) or m
        own = next((c for c in listed if c.start == m.start() + 1), None)
        written = own.name if own and _longest_at(block, own) else m[1]
        for name in _split_charge(written):
            if name not in names:
                names.append(name)
    return names


def _longest_at(block: str, match: ChargeMatch) -> bool:
    """Whether the list name is the whole of 犯…罪 (not 盗窃罪 of 犯盗窃、抢劫罪)."""
    return not block.startswith("、", match.end)


def _split_charge(written: str) -> list[str]:
    """One 犯…罪 phrase as list names: 盗窃、抢劫罪 is two charges, 伪造货币罪 one."""
    listed = set(charge_names())
    found = [c.name for c in find_charges(written)]
    if found and written.endswith(found[-1]) and len(found) == 1 and written == found[0]:
        return found
    parts = written[:-1].split("、")
    if len(parts) > 1 and all(f"{p}罪" in listed for p in parts):
        return [f"{p}罪" for p in parts]
    if found and written.endswith(found[-1]):
        return [found[-1]]
    # Not on the list (newer or abbreviated names): keep the court's own words.
    return [written]


def _main_penalty(text: str, sentence: Sentence) -> bool:
    m = _MAIN_RE.search(text)
    if m is None:
        return False
    if m[1]:
        sentence.penalty = _PENALTY_CODES[m[1]]
        sentence.term_months = months_of(m[2], m[3])
    elif m[4]:
        sentence.penalty = "life"
    elif m[5]:
        sentence.penalty, sentence.death_reprieve = "death", bool(m[6])
    elif m[7]:
        sentence.penalty = "exempt"
    else:
        sentence.penalty = "fine_only"
    return True


def _fines(text: str) -> list[Decimal]:
    return [a for m in _FINE_RE.finditer(text) if (a := amount_of(m)) is not None]


def _probation(text: str) -> int | None:
    for m in _PROBATION_RE.finditer(text):
        if (months := months_of(m[1], m[2])) is not None:
            return months
    return None


def read_sentence(block: str) -> Sentence:
    """The sentence of one defendant's part of the decision."""
    block = _without_earlier(block)
    sentence = Sentence(charges=sentence_charges(block))
    merged = _MERGED_RE.search(block)
    executed = block[merged.end() :] if merged else block
    sentence.merged = merged is not None
    if not _main_penalty(executed, sentence) and merged:
        _main_penalty(block, sentence)
    executed_fines = _fines(executed) if merged else []
    if executed_fines:
        sentence.fine_yuan = executed_fines[0]
    elif fines := _fines(block):
        # One fine per charge and none restated after 决定执行: together they are executed.
        sentence.fine_yuan = sum(fines, Decimal(0))
    if sentence.penalty is None and sentence.fine_yuan is not None:
        sentence.penalty = "fine_only"
    sentence.probation_months = _probation(executed)
    sentence.confiscation_all = bool(_CONFISCATE_ALL_RE.search(block))
    if m := _CONFISCATE_RE.search(block):
        sentence.confiscation_yuan = amount_of(m)
    return sentence
