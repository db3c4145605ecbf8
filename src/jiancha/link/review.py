"""Review, explanation and confidence of links: what prosecutors and clues ask of linking."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from jiancha.errors import LinkError
from jiancha.link.cluster import ACCEPTED, DECIDED_MATCH
from jiancha.link.config import FIELD_LABELS, LinkConfig, comparisons
from jiancha.link.store import ensure_link_tables, table_exists
from jiancha.warehouse import Warehouse, as_warehouse

if TYPE_CHECKING:
    from jiancha.warehouse import WarehouseLike


@dataclass(frozen=True)
class MentionRef:
    """One side of a pair: the uid Splink compared and a mention to show for it."""

    uid: str
    table: str
    record_id: str
    role: str
    person_id: str | None


@dataclass(frozen=True)
class ReviewPair:
    left: MentionRef
    right: MentionRef
    match_probability: float
    match_weight: float


@dataclass(frozen=True)
class FieldEvidence:
    field: str
    label: str  # 姓名, 出生日期 …
    level: str  # 完全一致, 同音字, 缺失 …
    match_weight: float


@dataclass(frozen=True)
class PairEvidence:
    other: MentionRef
    match_probability: float
    status: str
    fields: tuple[FieldEvidence, ...]


@dataclass(frozen=True)
class LinkExplanation:
    table: str
    record_id: str
    role: str
    person_id: str
    method: str
    match_probability: float | None
    pairs: tuple[PairEvidence, ...]


def is_linked(store: WarehouseLike) -> bool:
    """Whether ``jiancha link`` has completed on this warehouse at least once."""
    wh = as_warehouse(store)
    if not table_exists(wh, "link_run"):
        return False
    return bool(wh.scalar("SELECT count(*) FROM link_run WHERE finished_at IS NOT NULL"))


def _ref(wh: Warehouse, uid: str) -> MentionRef:
    row = wh.one(
        "SELECT table_name, record_id, role, person_id FROM person_mention WHERE uid = ? "
        "ORDER BY table_name, record_id, role LIMIT 1",
        [uid],
    )
    if row is None:
        return MentionRef(uid, "", "", "", None)
    return MentionRef(uid, str(row[0]), str(row[1]), str(row[2]), row[3])


def review_pairs(wh: Warehouse, limit: int | None = None) -> list[ReviewPair]:
    """Pairs between the reject and accept thresholds nobody has decided, most likely first."""
    if not is_linked(wh):
        return []
    sql = (
        "SELECT uid_l, uid_r, match_probability, match_weight FROM link_pair "
        "WHERE status = 'review' ORDER BY match_probability DESC, uid_l, uid_r"
    )
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [ReviewPair(_ref(wh, a), _ref(wh, b), float(p), float(w)) for a, b, p, w in wh.rows(sql)]


def decide(wh: Warehouse, pair: ReviewPair, match: bool, actor: str, reason: str) -> None:
    """Store a reviewer's decision; the next ``link_warehouse`` applies it (and every later
    one keeps applying it: decisions are keyed by the compared records, not by the run)."""
    if not actor.strip():
        raise LinkError("复核决定必须写明复核人")
    ensure_link_tables(wh)
    a, b = sorted((pair.left.uid, pair.right.uid))
    wh.execute(
        "INSERT INTO link_decision VALUES (?, ?, ?, ?, ?, ?)",
        [a, b, match, actor, reason, datetime.now()],
    )
    status = "decided_match" if match else "decided_no_match"
    wh.execute("UPDATE link_pair SET status = ? WHERE uid_l = ? AND uid_r = ?", [status, a, b])


def _mention(wh: Warehouse, table: str, record_id: str, role: str) -> tuple:
    if not is_linked(wh):
        raise LinkError("尚未执行人员链接：请先运行 jiancha link")
    row = wh.one(
        "SELECT uid, person_id, method, match_probability FROM person_mention "
        "WHERE table_name = ? AND record_id = ? AND role = ?",
        [table, record_id, role],
    )
    if row is None:
        raise LinkError(f"找不到人员记录：表 {table} 记录 {record_id} 角色 {role}")
    return row


def explain(wh: Warehouse, table: str, record_id: str, role: str) -> LinkExplanation:
    """Why a mention has its person_id: method, probability and the strongest pairs."""
    uid, person_id, method, probability = _mention(wh, table, record_id, role)
    rows = wh.rows(
        "SELECT uid_l, uid_r, match_probability, status, "
        + ", ".join(f"w_{f}" for f in FIELD_LABELS)
        + " FROM link_pair WHERE (uid_l = ? OR uid_r = ?) "
        "ORDER BY match_probability DESC LIMIT 5",
        [uid, uid],
    )
    pairs = []
    for a, b, p, status, *weights in rows:
        other = _ref(wh, b if a == uid else a)
        fields = tuple(
            FieldEvidence(f, FIELD_LABELS[f], level_label(f, w), float(w or 0))
            for f, w in zip(FIELD_LABELS, weights, strict=True)
        )
        pairs.append(PairEvidence(other, float(p), str(status), fields))
    return LinkExplanation(
        table, record_id, role, str(person_id), str(method), probability, tuple(pairs)
    )


def level_label(field: str, weight: float | None) -> str:
    """The comparison level a field's match weight came from (nearest level weight)."""
    if weight is None or weight == 0:
        return "缺失"
    comparison = next(c for c in comparisons(LinkConfig()) if c["output_column_name"] == field)
    levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
    if field == "name" and weight > 0:
        # the frequency adjustment moves an exact name's weight; pinyin/one-char levels do not
        fixed = [lv for lv in levels[1:] if lv["m_probability"] > lv["u_probability"]]
        near = [
            lv
            for lv in fixed
            if abs(math.log2(lv["m_probability"] / lv["u_probability"]) - weight) < 1e-6
        ]
        return str(near[0]["label_for_charts"]) if near else str(levels[0]["label_for_charts"])
    best = min(
        levels, key=lambda lv: abs(math.log2(lv["m_probability"] / lv["u_probability"]) - weight)
    )
    return str(best["label_for_charts"])


def evidence_probabilities(
    wh: Warehouse, evidence: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], float]:
    """(table, record_id) → the lowest probability of the probabilistic links of its mentions,
    for many rows in one query; rows linked only by valid id numbers are absent."""
    rows = sorted(set(evidence))
    if not rows or not is_linked(wh):
        return {}
    import pyarrow as pa

    wanted = pa.table({"table_name": [t for t, _ in rows], "record_id": [r for _, r in rows]})
    with wh.registered("_wanted_evidence", wanted):
        found = wh.rows(
            "SELECT pm.table_name, pm.record_id, min(pm.match_probability) FROM person_mention pm "
            "JOIN _wanted_evidence w USING (table_name, record_id) "
            "WHERE pm.method IN ('probabilistic', 'review') GROUP BY 1, 2",
            purpose="读取人员关联概率",
        )
    return {(str(t), str(r)): float(p) for t, r, p in found if p is not None}


def mention_probability(wh: Warehouse, evidence: list[tuple[str, str]]) -> float | None:
    """The lowest match probability among the probabilistic links the evidence rows' people
    rely on; None when every mention of those rows is linked by a valid id number."""
    found = evidence_probabilities(wh, evidence).values()
    return min(found) if found else None


# -- how a clue's people were matched, in the words a clue page uses ----------------------

_AGREE = "一致"
_MISSING = "缺失"


@dataclass(frozen=True)
class MentionMatch:
    """How one person mentioned in an evidence row was matched to the others: the link
    stage's answer for a clue page (``basis`` is the Chinese sentence it shows)."""

    table: str
    record_id: str
    role: str
    person_id: str
    method: str  # deterministic | probabilistic | review | singleton
    match_probability: float | None
    basis: str  # 身份证号一致 / 姓名、出生日期、性别一致，身份证号缺失（匹配概率 0.9999）


def mention_matches(wh: Warehouse, evidence: Iterable[tuple[str, str]]) -> list[MentionMatch]:
    """The people of the ``evidence`` rows (table, record_id) and how each was matched,
    in the rows' order; empty when linking has not run."""
    rows = list(dict.fromkeys(evidence))
    if not rows or not is_linked(wh):
        return []
    found: list[MentionMatch] = []
    for table, record_id in rows:
        mentions = wh.rows(
            "SELECT role, person_id, method, match_probability FROM person_mention "
            "WHERE table_name = ? AND record_id = ? ORDER BY role",
            [table, record_id],
            purpose="查询人员关联依据",
        )
        for role, person_id, method, probability in mentions:
            basis = _basis(wh, table, record_id, str(role), str(method), probability)
            found.append(
                MentionMatch(
                    table,
                    record_id,
                    str(role),
                    str(person_id),
                    str(method),
                    None if probability is None else float(probability),
                    basis,
                )
            )
    return found


def _basis(
    wh: Warehouse, table: str, record_id: str, role: str, method: str, probability: Any
) -> str:
    if method == "deterministic":
        return "身份证号一致"
    if method == "singleton":
        return "未与其他来源的记录关联（仅此一条记录）"
    explanation = explain(wh, table, record_id, role)
    # the pair that carried the link: the most probable one the linker accepted or a
    # reviewer confirmed, else the most probable one
    accepted = [p for p in explanation.pairs if p.status in (ACCEPTED, DECIDED_MATCH)]
    candidates = accepted or list(explanation.pairs)
    best = candidates[0] if candidates else None
    fields = match_fields(best.fields) if best is not None else "比对字段不详"
    share = f"匹配概率 {float(probability):.4f}" if probability is not None else "匹配概率不详"
    if method == "review":
        return f"{fields}，经人工复核认定为同一人（{share}）"
    return f"{fields}（{share}）"


def match_fields(fields: Iterable[FieldEvidence]) -> str:
    """姓名、出生日期、性别一致，身份证号缺失: the agreeing fields first, then the near ones,
    the differing ones and the missing ones."""
    agree, near, differ, missing = [], [], [], []
    for f in fields:
        if f.level == _MISSING:
            missing.append(f.label)
        elif f.level in (_AGREE, "完全一致"):
            agree.append(f.label)
        elif f.match_weight > 0:
            near.append(f"{f.label}{f.level}")
        else:
            differ.append(f.label)
    parts = []
    if agree:
        parts.append("、".join(agree) + "一致")
    parts += near
    if differ:
        parts.append("、".join(differ) + "不同")
    if missing:
        parts.append("、".join(missing) + "缺失")
    return "，".join(parts) or "比对字段不详"
