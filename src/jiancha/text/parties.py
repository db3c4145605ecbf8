"""The defendants named in a judgment's parties part (被告人X，男，…出生，…)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from jiancha.text.numerals import DATE_RE, date_of
from jiancha.text.penalty import Sentence
from jiancha.values import normalise_id_number

__all__ = ["Defendant", "find_defendants"]


@dataclass
class Defendant:
    """One defendant: who (from the parties part) and what was decided (from the decision)."""

    name: str
    gender: str | None = None
    birth_date: date | None = None
    id_number: str | None = None
    prior_convictions: list[str] = field(default_factory=list)
    sentence: Sentence = field(default_factory=Sentence)
    circumstances: list[str] = field(default_factory=list)

    @property
    def charges(self) -> list[str]:
        return self.sentence.charges


# Defendant paragraphs: 被告人X，男…; 上诉人(原审被告人)X…; not 被告人X的辩护人.
_DEFENDANT_RE = re.compile(
    r"(?:^|[\s。])(?:上诉人\(原审被告人\)|原审被告人|被告人)(?:自报|\(自报\))?"
    r"([\u4e00-\u9fa5A-Za-z0-9·×*]{1,12}?)(?=[，,。;；(（:]|\s|$)"
)
_GENDER_RE = re.compile(r"[，,]\s*(男|女)(?:性)?[，,。;；]")
_BIRTH_RE = re.compile(r"(" + DATE_RE.pattern + r"|[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日)(?:出)?生")
_BORN_ON_RE = re.compile(r"出生于(" + DATE_RE.pattern + r"|[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日)")
_ID_RE = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])")
_PRIOR_RE = re.compile(r"(?:曾|因犯|判处|被判|刑满释放|假释|服刑|劳动教养|前科)")
_CURRENT_RE = re.compile(r"因(?:涉嫌|本案)|现羁押|取保候审|监视居住|被(?:刑事)?拘留|被逮捕")


def _defendant(name: str, paragraph: str) -> Defendant:
    defendant = Defendant(name=name)
    if m := _GENDER_RE.search(paragraph):
        defendant.gender = "M" if m[1] == "男" else "F"
    if m := _BIRTH_RE.search(paragraph) or _BORN_ON_RE.search(paragraph):
        defendant.birth_date = date_of(m[1])
    if m := _ID_RE.search(paragraph):
        defendant.id_number = normalise_id_number(m[0]).value
    defendant.prior_convictions = [
        clause
        for clause in re.split(r"[。；;]", paragraph)
        if _PRIOR_RE.search(clause) and not _CURRENT_RE.search(clause) and "罪" in clause
    ]
    return defendant


def find_defendants(parties: str) -> list[Defendant]:
    """The defendants of the parties part, in order, each with its own paragraph."""
    found: dict[str, Defendant] = {}
    matches = list(_DEFENDANT_RE.finditer(parties))
    for i, m in enumerate(matches):
        name = m[1]
        if name in found or parties.startswith("的", m.end()):
            continue
        end = matches[i + 1].start() if i + 1 < len(matches) else len(parties)
        found[name] = _defendant(name, parties[m.start() : end])
    return list(found.values())
