"""Sentencing tiers (量刑档次): which statutory range a case falls in, under its charge.

The Criminal Law gives most charges two or three ranges (盗窃: 数额较大 三年以下, 数额巨大 三年以上
十年以下, 数额特别巨大 十年以上), and the Supreme People's Court and Procuratorate's
interpretations say where each starts (盗窃 数额巨大: 三万元至十万元以上). The table of
``data/sentencing_tiers.yaml`` holds these for the common charges, each with its article and the
interpretation it quotes; :func:`tier_of` places a case by its amount, its quantity of drugs, or
the circumstances its facts state (致人重伤, 入户抢劫 …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from jiancha.text.legal_dict import canonical_charge

__all__ = ["ChargeTiers", "Tier", "TierMatch", "charge_tiers", "tier_of"]


@dataclass(frozen=True)
class Tier:
    """One statutory range of a charge and what places a case in it."""

    label: str
    low_months: int
    high_months: int
    start: float | None = None  # yuan or grams from which the range applies somewhere
    when: re.Pattern[str] | None = None  # facts that place a case in it
    settled: float | None = None  # from which it applies in every province (up_to, else start)


@dataclass(frozen=True)
class ChargeTiers:
    """The ranges of one charge, lightest first."""

    charge: str
    article: str
    basis: str | None
    measure: str  # amount | drug | none
    tiers: tuple[Tier, ...]


@dataclass(frozen=True)
class TierMatch:
    """Where a case falls: the charge's tier, its rank (0 = the basic range) and the measure."""

    charges: ChargeTiers
    tier: Tier
    rank: int
    measure_value: float | None  # the amount (yuan) or quantity (grams) that placed it
    read_text: bool = True  # whether facts were there to read (a row may have no text)

    @property
    def certain(self) -> bool:
        """Whether the case is surely in this range: what decides the range is known (the
        amount or quantity of a charge ranged by them; for the others, facts to read or no
        heavier range to open) and places the case here whatever its province's standard. A
        range opened by words of the facts (重伤, 情节严重) is not sure: the words may be said
        of something else (未达重伤)."""
        spec, tier = self.charges, self.tier
        if spec.measure in ("amount", "drug") and self.measure_value is None:
            return False
        if tier.start is None and tier.when is None:
            heavier = spec.tiers[self.rank + 1 :]
            return self.read_text or all(t.when is None for t in heavier)
        return tier.settled is not None and (self.measure_value or 0) >= tier.settled

    def describe(self) -> str:
        """盗窃罪 数额巨大（刑法第二百六十四条，法定刑三年以上十年以下）."""
        words = f"{self.charges.article}，法定刑{self.range_words()}"
        return f"{self.charges.charge}罪 {self.tier.label}（{words}）"

    def range_words(self) -> str:
        """三年以上十年以下 / 三年以下 / 十年以上 / 拘役 (the term range of the tier)."""
        low, high = self.tier.low_months, self.tier.high_months
        if high <= 6:
            return "拘役"
        if low >= 180:
            return "十五年有期徒刑以上"
        if high >= 180:
            return f"{_years(low)}以上"
        if low == 0:
            return f"{_years(high)}以下"
        return f"{_years(low)}以上{_years(high)}以下"


def _years(months: int) -> str:
    """36 → 三年, 180 → 十五年, 18 → 十八个月."""
    if months % 12:
        return f"{months}个月"
    years = months // 12
    digits = "零一二三四五六七八九"
    if years < 10:
        return f"{digits[years]}年"
    return f"十{digits[years - 10] if years > 10 else ''}年"


@cache
def charge_tiers() -> dict[str, ChargeTiers]:
    """The packaged table, by charge name (without 罪)."""
    text = resources.files("jiancha.text").joinpath("data/sentencing_tiers.yaml").read_text("utf-8")
    table: dict[str, ChargeTiers] = {}
    for charge, spec in (yaml.safe_load(text) or {}).items():
        tiers = tuple(
            Tier(
                label=t["label"],
                low_months=int(t["months"][0]),
                high_months=int(t["months"][1]),
                start=float(t["from"]) if "from" in t else None,
                when=re.compile(t["when"]) if "when" in t else None,
                settled=float(t.get("up_to", t["from"])) if "from" in t else None,
            )
            for t in spec["tiers"]
        )
        table[charge] = ChargeTiers(
            charge, spec["article"], spec.get("basis"), spec["measure"], tiers
        )
    return table


def tier_of(
    charge: str, text: str, amount_yuan: float | None, drug_grams: float | None
) -> TierMatch | None:
    """The tier a case of ``charge`` falls in; None when the table does not know the charge."""
    spec = charge_tiers().get(canonical_charge(charge))
    if spec is None:
        return None
    measure = amount_yuan if spec.measure == "amount" else drug_grams
    # The basic range needs no condition; a condition may lift a case above it (数额巨大,
    # 致人重伤) or, for a few charges, below it (故意杀人 情节较轻).
    basic = next((i for i, t in enumerate(spec.tiers) if t.start is None and t.when is None), 0)
    holding = [i for i, t in enumerate(spec.tiers) if _holds(t, text, measure)]
    heavier = [i for i in holding if i > basic]
    lighter = [i for i in holding if i < basic]
    rank = max(heavier) if heavier else max(lighter) if lighter else basic
    return TierMatch(spec, spec.tiers[rank], rank, measure, read_text=bool(text.strip()))


def _holds(tier: Tier, text: str, measure: float | None) -> bool:
    if tier.start is not None and measure is not None and measure >= tier.start:
        return True
    return tier.when is not None and tier.when.search(text) is not None
