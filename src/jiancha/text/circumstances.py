"""Sentencing circumstances (量刑情节) the court found, per defendant, as contract codes.

Read from 本院认为 (what the court accepted, not what a party claimed), clause by clause: a
clause naming defendants makes them the subject until another does. A statement the court
negates (不构成自首, 不能认定…) contributes nothing; a party's claim (辩护人提出…系自首)
counts only when the court accepts it (经查属实, 予以采纳), in the same sentence or the next.
Restitution and forgiveness are often found in the facts (另查明 …), so those two are also read
there. Courts that do not restate a circumstance still apply its article: for a judgment with
one defendant, the articles of 依照…之规定 give it too (刑法第六十七条第三款 is 坦白).
"""

from __future__ import annotations

import re

from jiancha.text.parties import Defendant
from jiancha.text.sections import Sections

__all__ = ["CIRCUMSTANCE_PATTERNS", "assign_circumstances", "cited_circumstances"]

# Contract order (enum ``circumstance``).
CIRCUMSTANCE_PATTERNS: dict[str, re.Pattern[str]] = {
    "surrender": re.compile(r"自首"),
    "confession": re.compile(r"坦白|如实供述|如实交代|如实供认"),
    "merit": re.compile(r"立功"),
    "recidivist": re.compile(r"累犯"),
    "plea": re.compile(r"认罪认罚|认罪、认罚|认罪并认罚|认罪且认罚"),
    "minor": re.compile(r"未成年人犯罪|(?:时|系|是|属|尚)未成年|(?:不满|未满)十八周岁"),
    "accessory": re.compile(r"从犯|辅助作用|次要作用"),
    "attempt": re.compile(r"未遂"),
    "restitution": re.compile(
        r"退赃|退赔|退缴|退还(?:了)?(?:被害人|赃|全部|部分|违法|所得|款)|积极赔偿|赔偿了?"
        r"(?:被害人|被害单位)[^，。；]{0,12}损失|清退|退出(?:了)?(?:全部)?(?:违法|非法)?所得|退出赃款"
    ),
    "forgiveness": re.compile(r"谅解"),
    "admission": re.compile(
        r"(?:当庭|庭审中|庭审时|在庭审中)[^，。；]{0,6}?(?:自愿)?认罪|自愿认罪(?![、并且]?认罚)"
        r"|认罪态度(?:较好|良好|好)|(?<![自愿])认罪(?:并|且|、)?(?:有)?悔罪(?!表现)"
    ),
    "first_offense": re.compile(r"初犯|偶犯"),
}
# Said of a defendant by the court, repaying is restitution too (信用卡诈骗 恶意透支 repaid before
# judgment); in the facts, 偿还/归还 mostly tell the crime itself (未偿还贷款), so not read there.
_REPAID_RE = re.compile(r"(?:已|全部|积极)(?:偿还|归还|还清)|还款协议")
_NEGATION_RE = re.compile(
    r"不构成|不属于?|不能认定|不应认定|不予认定|不认定|不予采纳|不予支持|不能成立|不成立|不符合|"
    r"不具有|不具备|不能视为|没有|并非|未(?:能|获|取得|得到|达成)|无(?:自首|立功|坦白)|缺乏"
)
_CLAIM_RE = re.compile(r"辩护人|辩称|辩解|提出|请求|认为[^，。；]{0,20}(?:应|可)")
_ACCEPTED_RE = re.compile(
    r"属实|予以采纳|予以采信|予以支持|予以认可|予以认定|本院(?:亦)?(?:予以)?(?:采纳|认可|确认)|成立"
)
_REJECTED_RE = re.compile(
    r"不予采纳|不予支持|不能成立|不成立|不予认定|不能认定|不构成|不符合|与事实不符|不予采信|不属实"
    r"|没有事实(?:和法律)?依据|缺乏(?:事实|法律)?依据"
)
_FACT_FINDING_RE = re.compile(r"经审理查明|另查明|审理查明|本院认定")
_ALL_RE = re.compile(r"[二两三四五六七八九十各全]名?被告人|被告人均|均系|均能|均有|均属|上述被告人")
_FACT_CODES = ("restitution", "forgiveness")
_EVIDENCE_RE = re.compile(r"证据(?:予以)?(?:证实|证明|在案)|足以认定|(?:下列|以下)证据")
_LIST_JOINER_RE = re.compile(r"[、和与及,，]?(?:被告人)?")
_TITLE_RE = re.compile(r"《[^《》]{0,80}(?:法|解释|意见|规定|决定|通知|批复|纪要)[〉>）)]?》")
# 主动投案 and, in the same sentence, 如实供述: 自首 (刑法第六十七条第一款) in other words.
_TURNED_IN_RE = re.compile(r"投案[^。；]{0,30}?如实(?:供述|交代|供认)")
# The court adopting the prosecution's circumstances by reference (罪名、情节成立), and where the
# prosecution states them (公诉机关认为 … up to its sentencing proposal or the facts found).
_ADOPTED_RE = re.compile(r"情节[^。；，]{0,6}(?:成立|属实|予以(?:确认|认定|采纳))")
_VIEW_START_RE = re.compile(r"公诉机关(?:据此|还|同时)?认为")
_VIEW_END_RE = re.compile(r"建议|提请|经审理查明|辩护人|辩称|审理查明")
# The articles a court applies (依照…之规定) that are a circumstance by themselves.
_LAW_RE = re.compile(r"《中华人民共和国(刑法|刑事诉讼法)》([^《》]*)")
_ARTICLE_RE = re.compile(
    r"第([一二三四五六七八九十百零]+)条(?!之)((?:[、和及]?第[一二三四五六七八九十]+款)*)"
)
_CRIMINAL_LAW_ARTICLES = {"六十五": "recidivist", "六十六": "recidivist", "六十八": "merit"}
_CRIMINAL_LAW_ARTICLES |= {"十七": "minor", "二十七": "accessory", "二十三": "attempt"}


def circumstances_in(sentence: str) -> list[str]:
    """The circumstance codes one clause states (before any rejection is considered)."""
    return [code for code, rx in CIRCUMSTANCE_PATTERNS.items() if rx.search(sentence)]


def _negated(sentence: str, start: int) -> bool:
    before = sentence[max(0, start - 12) : start]
    clause_start = max(before.rfind(c) for c in "，,；;：:") + 1
    before = before[clause_start:]
    return bool(_NEGATION_RE.search(before) or re.search("[未不无非]$", before))


def _claim_accepted(after_claim: str, following: str) -> bool:
    """A party's claim counts when the court accepts it: by the first answer after it in its
    sentence (one sentence may answer several claims: …予以采纳；…不予采纳), else in the next."""
    for text in (after_claim, following):
        rejected = _REJECTED_RE.search(text)
        # 不属实 is no 属实, 不能成立 no 成立: the rejections blanked before looking for assent
        accepted = _ACCEPTED_RE.search(_REJECTED_RE.sub(lambda m: "＿" * len(m[0]), text))
        if rejected and (not accepted or rejected.start() < accepted.start()):
            return False
        if accepted:
            return True
    return False


def _stated(sentence: str, span: tuple[int, int], following: str) -> bool:
    """Whether the mention at ``span`` is the court's finding: not negated, and the court's own
    words or a party's claim the court accepts."""
    if _negated(sentence, span[0]):
        return False
    claim = _CLAIM_RE.search(sentence, 0, span[0])
    return claim is None or _claim_accepted(sentence[span[1] :], following)


def _mentions(
    clause: str, offset: int, sentence: str, reasoning: bool
) -> list[tuple[str, int, int]]:
    """(code, start, end) of each code a clause states, positions in its sentence; 主动投案 is
    自首 when the sentence has the 如实供述 too; repaying counts as restitution in the reasoning."""
    found = []
    for code, rx in CIRCUMSTANCE_PATTERNS.items():
        spans = [m.span() for m in rx.finditer(clause)]
        turned_in = _TURNED_IN_RE.search(sentence)
        if code == "surrender" and "投案" in clause and turned_in:
            truthful = turned_in.end() - 4  # the 如实 of 如实供述
            if not _negated(sentence, truthful):
                spans.append((clause.index("投案"), clause.index("投案") + 2))
        if code == "restitution" and reasoning:
            spans += [m.span() for m in _REPAID_RE.finditer(clause)]
        found += [(code, offset + a, offset + b) for a, b in spans]
    return found


_NUMBERS = {
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}


def _groups(clause: str, names: list[str], recent: list[str]) -> list[tuple[int, list[str]]]:
    """Whom a clause names, by position: defendants listed together (甲、乙) are one group, a
    name after other words its own (甲协助抓获同案被告人乙: 乙 is the object); 二被告人 is the
    two named last (all of them, when there are two), 均 and 上述被告人 all of them."""
    groups: list[tuple[int, list[str]]] = []
    end = -1
    for position, name in sorted((clause.find(n), n) for n in names if n in clause):
        if groups and _LIST_JOINER_RE.fullmatch(clause[end:position]):
            groups[-1][1].append(name)
        else:
            groups.append((position, [name]))
        end = position + len(name)
    for m in _ALL_RE.finditer(clause):
        count = _NUMBERS.get(m[0][0])
        some = count is not None and count < len(names) and len(recent) >= count
        groups.append((m.start(), recent[-count:] if some and count else list(names)))
    return sorted(groups, key=lambda g: g[0])


def _read(text: str, names: list[str], codes: tuple[str, ...] | None) -> dict[str, set[str]]:
    """Codes per defendant stated in ``text`` (all codes, or only ``codes``): each statement
    goes to the defendants named last before it in its clause, else to the subject (the first
    named) of the clauses before."""
    found: dict[str, set[str]] = {n: set() for n in names}
    current: list[str] = list(names)
    recent: list[str] = []
    # Titles of laws and interpretations (《…认定自首、立功等…意见》) state nothing of the case.
    text = _TITLE_RE.sub(lambda m: "＿" * len(m[0]), text)
    sentences = re.split(r"[。！？]", text)
    for i, sentence in enumerate(sentences):
        if codes is not None and _EVIDENCE_RE.search(sentence):
            continue  # the facts' list of evidence (…谅解书…等证据证实) finds nothing itself
        following = sentences[i + 1] if i + 1 < len(sentences) else ""
        got: dict[str, set[str]] = {n: set() for n in names}
        by_word: set[str] = set()  # those whose 坦白 the court names as such
        for clause in re.finditer(r"[^，,；;：:]+", sentence):
            groups = _groups(clause[0], names, recent)
            for _, name in sorted((clause[0].find(n), n) for n in names if n in clause[0]):
                recent = [r for r in recent if r != name] + [name]
            for code, start, end in _mentions(clause[0], clause.start(), sentence, codes is None):
                if (codes and code not in codes) or not _stated(sentence, (start, end), following):
                    continue
                before = [g for position, g in groups if clause.start() + position < start]
                for name in before[-1] if before else current:
                    got[name].add(code)
                    if code == "confession" and "坦白" in clause[0]:
                        by_word.add(name)
            if groups:  # the clause's subject speaks on in the clauses after it
                current = groups[0][1]
        for name in names:
            # 如实供述 is part of the definition of 自首 (art. 67 ¶1), not a second circumstance.
            if "surrender" in got[name] and name not in by_word:
                got[name].discard("confession")
            found[name] |= got[name]
    return found


def cited_circumstances(reasoning: str, stated: set[str]) -> set[str]:
    """Circumstances the articles of 依照…之规定 apply: 刑法第六十七条第一、二款 自首, 第三款
    坦白 (where the court's words name neither), 第六十五条 累犯, 第六十八条
    立功, 第十七条 未成年, 第二十七条 从犯, 第二十三条 未遂; 刑事诉讼法第十五条 认罪认罚."""
    applied = reasoning[reasoning.rfind("依照") :] if "依照" in reasoning else ""
    found: set[str] = set()
    for law, articles in _LAW_RE.findall(applied):
        for number, paragraphs in _ARTICLE_RE.findall(articles):
            if law == "刑事诉讼法":
                found |= {"plea"} if number == "十五" else set()
            elif number == "六十七":
                found |= _article_67(paragraphs, stated)
            elif number in _CRIMINAL_LAW_ARTICLES:
                found.add(_CRIMINAL_LAW_ARTICLES[number])
    return found


def _article_67(paragraphs: str, stated: set[str]) -> set[str]:
    """Only where the court's words say neither: they name what it found."""
    if stated & {"surrender", "confession"}:
        return set()
    found = {"confession"} if "第三款" in paragraphs else set()
    if "第一款" in paragraphs or "第二款" in paragraphs:
        found.add("surrender")
    return found


def _prosecution_view(facts: str) -> str:
    """What the prosecution holds of the case (公诉机关认为 …), without its proposal."""
    start = _VIEW_START_RE.search(facts)
    if start is None:
        return ""
    end = _VIEW_END_RE.search(facts, start.end())
    return facts[start.end() : end.start() if end else len(facts)]


def assign_circumstances(
    sections: Sections, defendants: list[Defendant], *, articles: bool = True
) -> None:
    """Set each defendant's ``circumstances`` (contract order) from reasoning and facts (and,
    unless ``articles`` is off, the articles applied to a single defendant)."""
    names = [d.name for d in defendants]
    reasoning = sections.reasoning
    if _ADOPTED_RE.search(reasoning):
        reasoning = _prosecution_view(sections.facts) + "。" + reasoning
    from_reasoning = _read(reasoning, names, None)
    finding = _FACT_FINDING_RE.search(sections.facts)
    from_facts = _read(sections.facts[finding.start() :], names, _FACT_CODES) if finding else {}
    order = list(CIRCUMSTANCE_PATTERNS)
    for defendant in defendants:
        codes = set(from_reasoning[defendant.name]) | set(from_facts.get(defendant.name, []))
        if articles and len(defendants) == 1:
            codes |= cited_circumstances(sections.reasoning, codes)
        defendant.circumstances = [c for c in order if c in codes]
