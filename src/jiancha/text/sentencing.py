"""Sentence estimate (量刑估计): a term in months, its 25th–75th percentile, and why.

What a sentence depends on is read from the case: the charge, where the amount or quantity puts
it among the charge's statutory ranges (:mod:`jiancha.text.tiers`), the circumstances and their
direction (自首, 坦白, 认罪认罚 lower it; 累犯 raises it), the injury, how many counts, and the
terms of the most similar cases. Three gradient-boosted tree ensembles (the median and the 25th
and 75th percentiles of log(1 + months)) turn these into the estimate and its interval.

The ensembles are fitted with LightGBM by ``bench/fit_sentence_model.py`` on the published
development facts and shipped as ``data/sentence_model.json`` (trees as arrays); they are
evaluated here with numpy, so estimating needs neither LightGBM nor a download. Each tree's
path is also read as the change every split made (Saabas' attribution): summed per feature
and grouped, that is the explanation of which facts moved the estimate, in months.
"""

from __future__ import annotations

import json
import math
import re
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from jiancha.text.legal_dict import canonical_charge, find_amounts, find_circumstances
from jiancha.text.model_file import SentenceModelError, packaged_model_data
from jiancha.text.tiers import TierMatch, tier_of

__all__ = [
    "CIRCUMSTANCE_FEATURES",
    "FEATURES",
    "CaseFacts",
    "Factor",
    "SentenceEstimate",
    "SentenceModel",
    "SentenceModelError",
    "case_features",
    "charge_count",
    "estimate_sentence",
]

FORMAT_VERSION = 1

# Circumstances as the estimate reads them: the contract's codes (enum ``circumstance``).
CIRCUMSTANCE_FEATURES: dict[str, str] = {
    "surrender": "自首",
    "confession": "坦白",
    "merit": "立功",
    "recidivist": "累犯",
    "plea": "认罪认罚",
    "minor": "未成年",
    "accessory": "从犯",
    "attempt": "未遂",
    "restitution": "退赃退赔",
    "forgiveness": "取得谅解",
    "admission": "自愿认罪",
    "first_offense": "初犯偶犯",
}
_GROUPS: dict[str, str] = {
    "charge_level": "罪名",
    "charge_cases": "罪名",
    "charges": "罪名",
    "tier_low": "法定刑档次",
    "tier_high": "法定刑档次",
    "tier_rank": "法定刑档次",
    "log_amount": "数额",
    "amount_over_tier": "数额",
    "log_drug_grams": "毒品数量",
    "injury": "伤害后果",
    "counts": "犯罪次数",
    "repeated": "犯罪次数",
    "defendants": "共同犯罪",
    **{f"circumstance_{c}": label for c, label in CIRCUMSTANCE_FEATURES.items()},
    "similar_median": "类案刑期",
    "similar_mean": "类案刑期",
    "similar_low": "类案刑期",
    "similar_high": "类案刑期",
    "similar_max": "类案刑期",
    "similar_count": "类案刑期",
    "text_length": "其他案情",
}
FEATURES: tuple[str, ...] = tuple(_GROUPS)

_INJURY_LEVELS = (
    (4, re.compile(r"(?:致|造成)[^。；]{0,20}死亡|抢救无效|经抢救无效死亡|致死")),
    (3, re.compile(r"重伤")),
    (2, re.compile(r"轻伤")),
    (1, re.compile(r"轻微伤")),
)
_DRUG_RE = re.compile(r"海洛因|甲基苯丙胺|冰毒|麻古|毒品|氯胺酮|K粉|可卡因|吗啡|大麻")
_GRAMS_RE = re.compile(r"([0-9]+(?:\.[0-9]+)?)\s*(千克|公斤|克|g(?![a-zA-Z]))")
_TOTAL_RE = re.compile(r"共计|合计|总计|总重|总净重|共重")
_COUNT_RE = re.compile(r"(?:^|[\s。：:；])[（(]?([一二三四五六七八九十]{1,3})[、）)]")
_REPEATED_RE = re.compile(
    r"多次|先后[0-9一二三四五六七八九十两]+次|[0-9一二三四五六七八九十两]+次(?:盗窃|诈骗|抢劫)"
)
# An amount written 38万某: the de-identification of published facts turned 元 into 某.
_WAN_MASKED_RE = re.compile(r"([0-9]+(?:\.[0-9]+)?)\s*万余?某")
# Clauses of a text; a comma between digits with three after it (2，783，374.22元, 441,500元)
# groups thousands, half-width or full-width, and does not end a clause.
_CLAUSE_RE = re.compile(r"[。；;]|(?<![0-9])[，,]|[，,](?![0-9]{3}(?![0-9]))")
# Amounts that are not the crime's: what was paid back, fined or owed afterwards.
_NOT_CRIME_AMOUNT = re.compile(
    r"赔偿|退赔|退还|退赃|返还|罚金|补偿|赔付|谅解|工资|保证金|押金|缴纳"
)
# The charges an accusation or a conviction names (构成盗窃罪、抢劫罪; 以××、××追究): in the
# de-identified facts a charge is masked as ××, so they are counted, not read; a name of the
# charge list is first replaced by 罪名, as its own 、 would split it.
_CHARGE_ITEM = r"(?:××|罪名|[\u4e00-\u9fa5]{2,14}?罪)"
_ACCUSED_RE = re.compile(
    rf"(?:构成?|以|犯)({_CHARGE_ITEM}罪?(?:[、和及]\s*{_CHARGE_ITEM}罪?)*)[，。,；;]?\s*"
    r"(?:追究|提请|请求|应|依法|的|，|。|；|系)"
)
_DEFENDANT_RE = re.compile(r"被告人([\u4e00-\u9fa5]{1,3}?[0-9甲乙丙丁某×xX*]{0,2})[，、,。（(与和]")


@dataclass(frozen=True)
class CaseFacts:
    """What the estimate reads of one case: its text and what is known of it."""

    text: str
    charges: tuple[str, ...] = ()
    amount_yuan: float | None = None
    circumstances: frozenset[str] | None = None  # None: read from the text
    similar_terms: tuple[int, ...] = ()
    charges_inferred: bool = False  # the charges are what the text points to, not stated


@dataclass(frozen=True)
class Factor:
    """One group of facts and how far it moved the estimate (months; + longer, − shorter)."""

    label: str
    months: float

    def __str__(self) -> str:
        sign = "+" if self.months >= 0 else "−"
        return f"{self.label} {sign}{abs(self.months):.1f} 个月"


@dataclass(frozen=True)
class SentenceEstimate:
    """An estimated term with its interval and the facts that moved it."""

    months: float
    low_months: float
    high_months: float
    baseline_months: float
    factors: tuple[Factor, ...] = ()
    tier: str | None = None
    settled: bool = False  # what decides the statutory range is known (see TierMatch.certain)

    @property
    def interval(self) -> tuple[float, float]:
        return (self.low_months, self.high_months)

    def explanation(self) -> str:
        """一般案件 9.0 个月起；罪名 +2.0 个月；自首 −1.5 个月 … (the factors above 0.5 month)."""
        shown = [str(f) for f in self.factors if abs(f.months) >= 0.5]
        head = f"以训练案例的一般水平 {self.baseline_months:.1f} 个月为起点"
        return "；".join([head, *shown]) + f"，估计 {self.months:.1f} 个月"

    def to_dict(self) -> dict[str, Any]:
        return {
            "estimate_months": round(self.months, 1),
            "interval_months": [round(self.low_months, 1), round(self.high_months, 1)],
            "baseline_months": round(self.baseline_months, 1),
            "factors": [{"label": f.label, "months": round(f.months, 1)} for f in self.factors],
            "tier": self.tier,
            "tier_settled": self.settled,
            "explanation": self.explanation(),
        }


# -- features ----------------------------------------------------------------------------------
def crime_amount(text: str) -> float | None:
    """The amount of the crime: the largest amount named outside what was paid back or fined."""
    amounts: list[float] = []
    for clause in _CLAUSE_RE.split(text):
        if _NOT_CRIME_AMOUNT.search(clause):
            continue
        amounts += [float(a) for a in find_amounts(clause)]
        amounts += [float(m[1]) * 10_000 for m in _WAN_MASKED_RE.finditer(clause)]
    return max(amounts, default=None)


def drug_grams(text: str) -> float | None:
    """Grams of drugs: a stated total, else the sum of the distinct quantities named after a
    drug in the same sentence (分别净重1.42克、3.10克)."""
    totals: list[float] = []
    found: set[float] = set()
    for sentence in re.split(r"[。；]", text):
        drug = _DRUG_RE.search(sentence)
        if drug is None:
            continue
        tail = sentence[drug.start() :]
        for m in _GRAMS_RE.finditer(tail):
            grams = float(m[1]) * (1000 if m[2] in ("千克", "公斤") else 1)
            total = _TOTAL_RE.search(tail[max(0, m.start() - 12) : m.start()])
            (totals.append if total else found.add)(grams)
    if not found and not totals:
        return None
    return max([*totals, sum(found)])


def charge_count(facts: CaseFacts) -> int:
    """How many charges the case is judged on: those given, or, when the charge is only what
    the text points to, as many as its accusation names, in one list or in as many 构成…
    clauses (数罪并罚 lengthens the term)."""
    if not facts.charges_inferred:
        return len(facts.charges)
    named = _charge_names_re().sub("罪名", facts.text)
    found = list(_ACCUSED_RE.finditer(named))
    listed = max((len(re.split("[、和及]", m[1])) for m in found), default=0)
    concluded = sum(1 for m in found if m[0].startswith("构"))  # 构成×× once per charge
    return max(len(facts.charges), listed, concluded)


@cache
def _charge_names_re() -> re.Pattern[str]:
    from jiancha.text.legal_dict import charge_names

    names = sorted({n.removesuffix("罪") for n in charge_names()}, key=len, reverse=True)
    return re.compile("|".join(re.escape(n) for n in names if len(n) >= 2))


def circumstances_of(facts: CaseFacts) -> set[str]:
    """The circumstances stated for the case (a judgment row's), else those its text states."""
    if facts.circumstances is not None:
        return set(facts.circumstances)
    return set(find_circumstances(facts.text))


def heaviest_tier(facts: CaseFacts, amount: float | None, grams: float | None) -> TierMatch | None:
    """The heaviest statutory range among the case's charges that the tier table knows."""
    matches = [m for c in facts.charges if (m := tier_of(c, facts.text, amount, grams))]
    return max(matches, key=lambda m: (m.tier.high_months, m.tier.low_months), default=None)


def _log_months(value: float) -> float:
    return math.log1p(max(value, 0.0))


def case_features(
    facts: CaseFacts, charge_levels: Mapping[str, tuple[float, int]], prior: float
) -> dict[str, float]:
    """The model's inputs for one case (NaN where a fact is unknown)."""
    nan = float("nan")
    amount = facts.amount_yuan if facts.amount_yuan else crime_amount(facts.text)
    grams = drug_grams(facts.text)
    tier = heaviest_tier(facts, amount, grams)
    levels = [charge_levels[c] for c in map(canonical_charge, facts.charges) if c in charge_levels]
    level, cases = max(levels, default=(prior, 0))
    codes = circumstances_of(facts)
    similar = sorted(_log_months(t) for t in facts.similar_terms)
    injury = next((level for level, rx in _INJURY_LEVELS if rx.search(facts.text)), 0)
    start = tier.tier.start if tier and tier.charges.measure == "amount" else None
    return {
        "charge_level": level,
        "charge_cases": math.log1p(cases),
        "charges": float(charge_count(facts)),
        "tier_low": float(tier.tier.low_months) if tier else nan,
        "tier_high": float(tier.tier.high_months) if tier else nan,
        "tier_rank": float(tier.rank) if tier else nan,
        "log_amount": math.log10(amount) if amount else nan,
        "amount_over_tier": math.log10(amount / start) if amount and start else nan,
        "log_drug_grams": math.log10(grams + 0.01) if grams else nan,
        "injury": float(injury),
        "counts": float(len(set(_COUNT_RE.findall(facts.text)))),
        "repeated": 1.0 if _REPEATED_RE.search(facts.text) else 0.0,
        "defendants": float(len(set(_DEFENDANT_RE.findall(facts.text)))),
        **{f"circumstance_{c}": float(c in codes) for c in CIRCUMSTANCE_FEATURES},
        "similar_median": statistics.median(similar) if similar else nan,
        "similar_mean": statistics.fmean(similar) if similar else nan,
        "similar_low": similar[(len(similar) - 1) // 4] if similar else nan,
        "similar_high": similar[(3 * (len(similar) - 1)) // 4] if similar else nan,
        "similar_max": similar[-1] if similar else nan,
        "similar_count": float(len(similar)),
        "text_length": math.log1p(len(facts.text)),
    }


def feature_matrix(
    cases: Sequence[CaseFacts], charge_levels: Mapping[str, tuple[float, int]], prior: float
) -> np.ndarray:
    rows = [case_features(c, charge_levels, prior) for c in cases]
    return np.asarray([[row[f] for f in FEATURES] for row in rows], dtype=np.float64)


# -- the tree ensembles ----------------------------------------------------------------------------
# 减轻处罚 below a statutory range needs a ground the law names (刑法第六十三条第一款): 自首、立功
# (第六十七、六十八条), 从犯 (第二十七条), 未遂 (第二十三条), 未成年 (第十七条); 认罪认罚 may
# bring it (刑事诉讼法第十五条). Without one the estimate keeps to the range's minimum; no single
# fixed term exceeds fifteen years, nor several merged twenty-five (刑法第四十五条、第六十九条).
_BELOW_RANGE = frozenset({"surrender", "merit", "accessory", "attempt", "minor", "plea"})
MAX_SINGLE_TERM, MAX_MERGED_TERM = 180, 300


def statutory_bounds(facts: CaseFacts, tier: TierMatch | None) -> tuple[float, float]:
    """The months the law allows the estimate: (minimum, maximum)."""
    high = MAX_SINGLE_TERM if charge_count(facts) <= 1 else MAX_MERGED_TERM
    if tier is None or facts.charges_inferred or not tier.certain:
        return 0.0, high
    if circumstances_of(facts) & _BELOW_RANGE:
        return 0.0, high
    return float(tier.tier.low_months), high


# How a split sends a missing value (LightGBM's missing_type): NaN to its default side, as
# zero, or zero and NaN alike to the default side.
MISSING_TYPES = {"nan": 0, "none": 1, "zero": 2}


class Ensemble:
    """One fitted tree ensemble as padded arrays: [trees, nodes]; node 0 is each tree's root."""

    def __init__(self, trees: Sequence[Mapping[str, Any]]) -> None:
        width = max(len(t["feature"]) for t in trees)

        def pad(key: str, fill: Any, dtype: Any) -> np.ndarray:
            out = np.full((len(trees), width), fill, dtype=dtype)
            for i, tree in enumerate(trees):
                out[i, : len(tree[key])] = tree[key]
            return out

        # flat [trees * nodes]: one 1-d take per level, cheaper than 2-d fancy indexing
        self.width = width
        self.feature = pad("feature", -1, np.int64).ravel()
        self.threshold = pad("threshold", 0.0, np.float64).ravel()
        self.left = pad("left", 0, np.int64).ravel()
        self.right = pad("right", 0, np.int64).ravel()
        self.default_left = pad("default_left", 0, np.bool_).ravel()
        missing = pad("missing", 0, np.int64).ravel()
        self.value = pad("value", 0.0, np.float64).ravel()
        # where a missing (NaN) value goes at each node: compared as 0 when the node has no
        # missing-value rule (LightGBM's "None"), else to the node's default side
        none = missing == MISSING_TYPES["none"]
        self.nan_left = np.where(none, 0.0 <= self.threshold, self.default_left)
        # nodes that also send (near) zero to the default side (LightGBM's "Zero")
        self.zero_default = missing == MISSING_TYPES["zero"]
        self.any_zero_default = bool(self.zero_default.any())
        self.trees = len(trees)
        self.depth = max(int(t.get("depth", width)) for t in trees)

    def predict(
        self, x: np.ndarray, *, explain: bool = True
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """For rows ``x`` [n, features]: predictions [n], the roots' sum [n] and each
        feature's contribution [n, features] (prediction = roots + contributions; zeros
        unless ``explain``)."""
        x = np.ascontiguousarray(x, dtype=np.float64)
        n, features = x.shape
        cells = x.ravel()
        base = (np.arange(self.trees) * self.width)[None, :]  # each tree's node 0, flat
        row_base = (np.arange(n) * features)[:, None]  # each row's first cell, flat
        node = np.zeros((n, self.trees), dtype=np.int64)
        contributions = np.zeros(n * features, dtype=np.float64)
        for _ in range(self.depth):
            at = base + node
            feature = self.feature[at]
            inner = feature >= 0
            if not inner.any():
                break
            value = cells[row_base + np.where(inner, feature, 0)]
            go_left = self._goes_left(value, at)
            child = np.where(go_left, self.left[at], self.right[at])
            child = np.where(inner, child, node)
            if explain:
                moved = self.value[base + child] - self.value[at]
                contributions += np.bincount(
                    (row_base + feature)[inner], weights=moved[inner], minlength=n * features
                )
            node = child
        roots = self.value[base[0]].sum()
        leaves = self.value[base + node].sum(axis=1)
        return leaves, np.full(n, roots), contributions.reshape(n, features)

    def _goes_left(self, value: np.ndarray, at: np.ndarray) -> np.ndarray:
        left = value <= self.threshold[at]  # False for NaN, settled next
        is_nan = np.isnan(value)
        if is_nan.any():
            left = np.where(is_nan, self.nan_left[at], left)
        if self.any_zero_default:
            zero = self.zero_default[at] & (np.abs(value) <= 1e-35)
            left = np.where(zero, self.default_left[at], left)
        return left


@dataclass
class SentenceModel:
    """The fitted estimate: charge levels, the prior, the estimate's ensemble and the two of
    its interval (the 25th and 75th percentile of log terms' distance from the estimate)."""

    charge_levels: dict[str, tuple[float, int]]
    prior: float
    median: Ensemble
    low: Ensemble
    high: Ensemble
    meta: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SentenceModel:
        if data.get("format") != FORMAT_VERSION or list(data.get("features", [])) != list(FEATURES):
            raise SentenceModelError(
                "量刑估计模型与本版本不符，请重新拟合（bench/fit_sentence_model.py）"
            )
        models = data["models"]
        return cls(
            charge_levels={k: (float(v[0]), int(v[1])) for k, v in data["charges"].items()},
            prior=float(data["prior"]),
            median=Ensemble(models["median"]),
            low=Ensemble(models["low"]),
            high=Ensemble(models["high"]),
            meta=dict(data.get("meta", {})),
        )

    @classmethod
    def load(cls, path: Path | None = None) -> SentenceModel:
        """The model at ``path``, or the packaged one."""
        if path is None:
            return _packaged_model()
        try:
            return cls.from_dict(json.loads(path.read_text("utf-8")))
        except (OSError, ValueError, KeyError) as exc:
            raise SentenceModelError(f"{path}: 量刑估计模型无法读取（{exc}）") from None

    def estimate(self, facts: CaseFacts) -> SentenceEstimate:
        return self.estimate_many([facts])[0]

    def estimate_many(self, cases: Sequence[CaseFacts]) -> list[SentenceEstimate]:
        """Estimates of many cases at once (the trees are walked for all rows together)."""
        if not cases:
            return []
        x = feature_matrix(cases, self.charge_levels, self.prior)
        middle, roots, contributions = self.median.predict(x)
        low = middle + np.minimum(self.low.predict(x, explain=False)[0], 0.0)
        high = middle + np.maximum(self.high.predict(x, explain=False)[0], 0.0)
        return [
            self._estimate(cases[i], middle[i], roots[i], contributions[i], x[i], (low[i], high[i]))
            for i in range(len(cases))
        ]

    def _estimate(
        self,
        facts: CaseFacts,
        middle: float,
        root: float,
        contributions: np.ndarray,
        row: np.ndarray,
        interval: tuple[float, float],
    ) -> SentenceEstimate:
        amount = facts.amount_yuan if facts.amount_yuan else crime_amount(facts.text)
        tier = heaviest_tier(facts, amount, drug_grams(facts.text))
        floor, ceiling = statutory_bounds(facts, tier)
        months, low_months, high_months = (
            min(max(math.expm1(v), floor), ceiling) for v in (middle, *interval)
        )
        factors = _factors(root, contributions, row)
        held = months - max(math.expm1(middle), 0.0)
        if abs(held) >= 0.05:  # the law's bound, not the data, set the estimate
            factors += (Factor("法定刑下限" if held > 0 else "法定最高刑", held),)
        return SentenceEstimate(
            months=months,
            low_months=low_months,
            high_months=high_months,
            baseline_months=max(math.expm1(root), 0.0),
            factors=factors,
            tier=tier.describe() if tier else None,
            settled=bool(tier and tier.certain and not facts.charges_inferred),
        )


def _factors(root: float, contributions: np.ndarray, row: np.ndarray) -> tuple[Factor, ...]:
    """Contributions (log scale) grouped and turned into months, biggest first; the months of
    a group are what it adds to the term reached by the groups before it (so they sum up).
    A circumstance the case does not have is no reason to name: what its absence moved is
    counted with the other facts of the case."""
    grouped: dict[str, float] = {}
    for name, value, present in zip(FEATURES, contributions, row, strict=True):
        absent = name.startswith("circumstance_") and not present
        group = _GROUPS["text_length"] if absent else _GROUPS[name]
        grouped[group] = grouped.get(group, 0.0) + float(value)
    order = sorted(grouped.items(), key=lambda kv: -abs(kv[1]))
    factors, level = [], root
    for label, value in order:
        before = math.expm1(level)
        level += value
        factors.append(Factor(label, math.expm1(level) - before))
    return tuple(f for f in factors if abs(f.months) >= 0.05)


@cache
def _packaged_model() -> SentenceModel:
    try:
        return SentenceModel.from_dict(packaged_model_data())
    except (ValueError, KeyError) as exc:
        raise SentenceModelError(f"量刑估计模型无法读取（{exc}）") from None


def estimate_sentence(facts: CaseFacts) -> SentenceEstimate:
    """The packaged model's estimate of one case."""
    return SentenceModel.load().estimate(facts)


def similar_terms(terms: Iterable[int | None]) -> tuple[int, ...]:
    """The terms of similar cases that have one (life, death and fines have none)."""
    return tuple(int(t) for t in terms if t is not None)
