"""De-identified judgment texts for publication (检务公开, 典型案例发布).

Following the rules of publishing judgments (最高人民法院《关于人民法院在互联网公布裁判文书
的规定》 art. 8, 10): the names of defendants, victims, witnesses and other parties become
surname + 某 (李明哲 → 李某, 欧阳娜娜 → 欧阳某; two parties with one surname become 李某甲,
李某乙); identity numbers, phone numbers, addresses (住…), plate numbers and bank accounts are
masked. Judges, clerks, prosecutors, lawyers, courts, procuratorates, charges and articles stay.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jiancha.text.charges import find_charges
from jiancha.text.judgment import ParsedJudgment, parse_judgment
from jiancha.text.sections import normalise

__all__ = ["MaskedSpan", "mask_spans", "pseudonyms", "publish", "surname_of"]

# Two-character surnames first: 欧阳娜娜 is 欧阳某, not 欧某.
COMPOUND_SURNAMES = (
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 钟离 南宫 "
    "西门 独孤 端木 澹台 公冶 宗政 濮阳 淳于 单于 太叔 申屠 闻人 赫连 呼延 万俟 百里 东郭 "
    "拓跋 司空 第五 左丘 梁丘 谷梁 羊舌 微生 公羊 闾丘 亓官 鲜于 乐正 漆雕 仲孙 叱干"
).split()
_PARTY_ROLES = (
    r"(?:上诉人\(原审被告人\)|原审被告人|被告人|上诉人|被害人|被害单位负责人|证人|"
    r"附带民事诉讼原告人|附带民事诉讼被告人|法定代理人|自诉人|被告人之[父母妻夫子女])"
)
_GIVEN = r"(?:某某?|[×X*]{1,3}|[\u4e00-\u9fa5]{1,2})[0-9甲乙丙丁]?"
_SURNAME = "(?:" + "|".join(COMPOUND_SURNAMES) + r"|[\u4e00-\u9fa5])"
_NAME_AFTER_ROLE_RE = re.compile(
    _PARTY_ROLES + r"(?:\(自报\)|自报)?(" + _SURNAME + _GIVEN + r")(?=[，,、。；;:(\s的等和与及])"
)
_LIST_NEXT_RE = re.compile(r"、(" + _SURNAME + _GIVEN + r")(?=[，,、。；;(\s的等和与及])")
_NOT_SURNAMES = frozenset("犯系在于因的将被已对与及等为是所向到均虽经自并又也曾均各本该其从")
_OFFICIAL_RE = re.compile(
    r"(?:审\s*判\s*长|审\s*判\s*员|代理审判员|人民陪审员|书\s*记\s*员|法官助理|检察员|检察官|"
    r"速录员|代书记员|辩护人|诉讼代理人)\s*([\u4e00-\u9fa5]{2,4}?[0-9]?)(?=[，,。;；(\s]|$|律师)"
)
_KEPT_RE = re.compile(r"第[零一二三四五六七八九十百千0-9]+条(?:之[一二三四五六七八九十])?")
_MASKS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("id_number", re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])|(?<![0-9])[0-9]{15}(?![0-9])")),
    (
        "bank_account",
        re.compile(r"(?<![0-9])[0-9]{16,19}(?![0-9])|(?<![0-9])[0-9]{4}(?: [0-9]{4}){3,4}"),
    ),
    (
        "phone",
        re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])|(?<![0-9])0[0-9]{2,3}-[0-9]{7,8}(?![0-9])"),
    ),
    (
        "plate",
        re.compile(
            r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z]"
            r"[·•]?[A-HJ-NP-Z0-9]{4,5}[A-HJ-NP-Z0-9挂学警]"
        ),
    ),
    (
        "address",
        re.compile(
            r"(?:现住|暂住|户籍地|户籍所在地|住址|住所地|家住|居住地|[，,]住)(?:[:：为在])?"
            r"(?P<v>[^，,。；;()\s]*?(?:省|市|县|区|镇|乡|村|路|街|道|号|组|巷|室|楼|屯|社区)"
            r"[^，,。；;()\s]*)"
        ),
    ),
)


@dataclass(frozen=True)
class MaskedSpan:
    """One masked piece of the text: where, what kind, the original and its replacement."""

    start: int
    end: int
    kind: str
    original: str
    replacement: str


def surname_of(name: str) -> str:
    """The surname: two characters for 欧阳 and the like, else the first character."""
    return name[:2] if name[:2] in COMPOUND_SURNAMES else name[:1]


def _party_names(text: str, parsed: ParsedJudgment | None) -> list[str]:
    names: list[str] = []
    for m in _NAME_AFTER_ROLE_RE.finditer(text):
        names.append(m[1])
        pos = m.end()
        while nxt := _LIST_NEXT_RE.match(text, pos):
            names.append(nxt[1])
            pos = nxt.end()
    officials = {m[1] for m in _OFFICIAL_RE.finditer(text)}
    defendants = [d.name for d in parsed.defendants if len(d.name) >= 2] if parsed else []
    found = [n for n in names if n not in officials and _plausible_name(n)]
    return list(dict.fromkeys([*defendants, *found]))


def _plausible_name(name: str) -> bool:
    """Not a word that happens to follow a role (被告人犯罪…, 被害人系…)."""
    return len(name) >= 2 and name[0] not in _NOT_SURNAMES and "罪" not in name


def pseudonyms(names: list[str]) -> dict[str, str]:
    """surname + 某, with 甲乙丙… when different people share a surname."""
    by_surname: dict[str, list[str]] = {}
    for name in names:
        by_surname.setdefault(surname_of(name), []).append(name)
    out: dict[str, str] = {}
    for surname, group in by_surname.items():
        for i, name in enumerate(group):
            out[name] = f"{surname}某" + ("甲乙丙丁戊己庚辛壬癸"[i % 10] if len(group) > 1 else "")
    return out


def _protected(text: str, parsed: ParsedJudgment | None) -> list[tuple[int, int]]:
    """Spans never masked: officials, the court, charges and articles.

    Other courts and procuratorates need no protection: names are only those found after a
    party role, and numbers and addresses have shapes no organ name has.
    """
    spans = [m.span(1) for m in _OFFICIAL_RE.finditer(text)]
    if parsed and parsed.court:
        spans += [m.span() for m in re.finditer(re.escape(parsed.court), text)]
    spans += [(c.start, c.end) for c in find_charges(text)]
    return spans + [m.span() for m in _KEPT_RE.finditer(text)]


def _free(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return all(end <= a or start >= b for a, b in spans)


def mask_spans(text: str, parsed: ParsedJudgment | None = None) -> list[MaskedSpan]:
    """Every span :func:`publish` masks, in text order, without overlaps."""
    folded = normalise(text)
    taken = _protected(folded, parsed)
    spans: list[MaskedSpan] = []
    for kind, rx in _MASKS:
        for m in rx.finditer(folded):
            start, end = m.span("v") if "v" in rx.groupindex else m.span()
            if _free(taken, start, end):
                mask = (
                    "××" if kind != "plate" else folded[start : start + 2] + "×" * (end - start - 2)
                )
                spans.append(MaskedSpan(start, end, kind, text[start:end], mask))
                taken.append((start, end))
    masks = pseudonyms(_party_names(folded, parsed))
    if masks:
        names_re = re.compile("|".join(re.escape(n) for n in sorted(masks, key=len)[::-1]))
        for m in names_re.finditer(folded):
            if _free(taken, *m.span()) and masks[m[0]] != m[0]:
                spans.append(MaskedSpan(m.start(), m.end(), "name", m[0], masks[m[0]]))
                taken.append(m.span())
    return sorted(spans, key=lambda s: s.start)


def publish(source: str | ParsedJudgment, *, spans: list[MaskedSpan] | None = None) -> str:
    """The de-identified text of a judgment (its text, or what :func:`parse_judgment` read).

    A text that cannot be parsed is still de-identified, from the names its roles show.
    """
    parsed = source if isinstance(source, ParsedJudgment) else _try_parse(source)
    text = source.full_text if isinstance(source, ParsedJudgment) else source
    pieces: list[str] = []
    pos = 0
    for span in spans if spans is not None else mask_spans(text, parsed):
        pieces += [text[pos : span.start], span.replacement]
        pos = span.end
    return "".join([*pieces, text[pos:]])


def _try_parse(text: str) -> ParsedJudgment | None:
    from jiancha.values import ValueProblem

    try:
        return parse_judgment(text)
    except ValueProblem:
        return None
