"""The sentence estimate: statutory tiers at their boundaries, the law's directions, the
packaged model and its numpy evaluation against LightGBM's own."""

from __future__ import annotations

import json
import math
import random

import numpy as np
import pytest

from jiancha.schema import contract
from jiancha.text.sentencing import (
    CIRCUMSTANCE_FEATURES,
    FEATURES,
    CaseFacts,
    SentenceModel,
    SentenceModelError,
    charge_count,
    crime_amount,
    drug_grams,
    estimate_sentence,
)
from jiancha.text.tiers import charge_tiers, tier_of

THEFT = "被告人张三于2020年5月3日在某超市窃取他人手机等物，价值人民币{amount}元。"


@pytest.mark.parametrize(
    ("charge", "amount", "grams", "text", "label", "months"),
    [
        # 盗窃: 数额巨大 from 三万元 (解释第一条: 三万元至十万元以上, the lowest standard)
        ("盗窃罪", 29_999, None, "", "数额较大", (0, 36)),
        ("盗窃罪", 30_000, None, "", "数额巨大", (36, 120)),
        ("盗窃", 300_000, None, "", "数额特别巨大", (120, 180)),
        # 诈骗: 数额特别巨大 from 五十万元
        ("诈骗罪", 499_999, None, "", "数额巨大", (36, 120)),
        ("诈骗罪", 500_000, None, "", "数额特别巨大", (120, 180)),
        # 受贿 (2016 解释): 二十万元 数额巨大, 三百万元 数额特别巨大
        ("受贿罪", 199_999, None, "", "数额较大", (0, 36)),
        ("受贿罪", 200_000, None, "", "数额巨大", (36, 120)),
        ("受贿罪", 3_000_000, None, "", "数额特别巨大", (120, 180)),
        # 毒品 (刑法第三百四十七条): 海洛因或甲基苯丙胺十克、五十克; 贩卖毒品 is the same charge
        ("贩卖毒品罪", None, 9.9, "", "少量毒品", (0, 36)),
        ("贩卖毒品罪", None, 10.0, "", "海洛因或甲基苯丙胺十克以上", (84, 180)),
        (
            "走私、贩卖、运输、制造毒品罪",
            None,
            50.0,
            "",
            "海洛因或甲基苯丙胺五十克以上",
            (180, 180),
        ),
        # 故意伤害 by its consequence; 故意杀人 情节较轻 below its basic range
        ("故意伤害罪", None, None, "致被害人轻伤二级", "致人轻伤", (0, 36)),
        ("故意伤害罪", None, None, "经鉴定，被害人损伤为重伤二级", "致人重伤", (36, 120)),
        ("故意杀人罪", None, None, "持刀捅刺被害人", "基本档次", (120, 180)),
        ("故意杀人罪", None, None, "属情节较轻", "情节较轻", (36, 120)),
        ("抢劫罪", None, None, "持刀入户抢劫", "加重情节", (120, 180)),
    ],
)
def test_tier_at_its_boundary(
    charge: str,
    amount: float | None,
    grams: float | None,
    text: str,
    label: str,
    months: tuple[int, int],
) -> None:
    match = tier_of(charge, text, amount, grams)
    assert match is not None
    assert (match.tier.label, (match.tier.low_months, match.tier.high_months)) == (label, months)


def test_every_tier_cites_its_article_and_an_unknown_charge_has_none() -> None:
    assert all(t.article.startswith("刑法第") for t in charge_tiers().values())
    assert tier_of("非法捕捞水产品罪", "", 1000, None) is None
    described = tier_of("盗窃罪", "", 50_000, None)
    assert described is not None
    assert described.describe() == "盗窃罪 数额巨大（刑法第二百六十四条，法定刑三年以上十年以下）"


def test_an_inferred_charge_counts_the_charges_the_accusation_names() -> None:
    def count(text: str, inferred: bool = True) -> int:
        return charge_count(CaseFacts(text=text, charges=("盗窃",), charges_inferred=inferred))

    assert count("应当以××、××追究其刑事责任。") == 2  # masked in published facts
    assert count("其行为已构成盗窃罪、抢劫罪，提请本院依法惩处。") == 2
    assert count("已构成××。……其行为已构成××，提请本院依法判处。") == 2  # one clause each
    # a charge whose name has its own 、 is one charge
    assert count("其行为已构成组织、强迫、引诱、容留、介绍卖淫罪，提请本院依法惩处。") == 1
    assert count("被告人窃取手机一部。") == 1
    # a charge given (a judgment row) is what the court convicted of, whatever was accused
    assert count("应当以××、××追究其刑事责任。", inferred=False) == 1


def test_amounts_and_drugs_as_the_estimate_reads_them() -> None:
    text = "被告人窃取现金人民币3,200元及手机一部，价值人民币2000元。案发后赔偿被害人人民币8000元。"
    assert crime_amount(text) == 3200  # the compensation paid is not the crime's amount
    assert crime_amount("共计骗取被害人38万某。") == 380_000  # 元 de-identified as 某
    # a full-width comma between thousands does not end the clause (it did: 374.22)
    assert crime_amount("致使国家税款损失2，783，374.22元，另退赔5，000元") == 2_783_374.22
    assert crime_amount("盗窃手机一部，价值3000元，2，被告人") == 3000
    assert drug_grams("查获甲基苯丙胺两包，分别净重1.42克、3.10克。") == pytest.approx(4.52)
    assert drug_grams("查获海洛因三包，共计净重12.5克") == 12.5
    assert drug_grams("盗窃手机一部") is None


def test_the_circumstances_read_are_the_contract_codes() -> None:
    codes = contract().table("judgment").column("circumstances").allowed
    assert list(CIRCUMSTANCE_FEATURES) == list(codes)
    assert CIRCUMSTANCE_FEATURES == codes


def _theft(
    amount: int, circumstances: frozenset[str] = frozenset(), terms: tuple = ()
) -> CaseFacts:
    return CaseFacts(
        text=THEFT.format(amount=amount),
        charges=("盗窃罪",),
        circumstances=circumstances,
        similar_terms=terms,
    )


def test_estimates_follow_the_statutory_range() -> None:
    small = estimate_sentence(_theft(3_000))
    large = estimate_sentence(_theft(120_000))  # 数额巨大 in every province (三万至十万元以上)
    assert 1 <= small.months < 36 and small.tier is not None and "数额较大" in small.tier
    assert 36 <= large.months <= 120 and large.tier is not None and "数额巨大" in large.tier
    assert small.low_months <= small.months <= small.high_months
    assert large.low_months <= large.months <= large.high_months


@pytest.mark.parametrize("amount", [1_500, 8_000, 45_000, 400_000])
def test_the_law_gives_each_fact_its_direction(amount: int) -> None:
    """A mitigating circumstance never lengthens the estimate, 累犯 never shortens it, nor does
    a larger amount, nor longer similar terms (the trees are fitted under these constraints)."""
    base = estimate_sentence(_theft(amount)).months
    for code in ("surrender", "confession", "plea", "restitution", "forgiveness", "minor"):
        assert estimate_sentence(_theft(amount, frozenset({code}))).months <= base + 1e-9, code
    assert estimate_sentence(_theft(amount, frozenset({"recidivist"}))).months >= base - 1e-9
    assert estimate_sentence(_theft(amount * 2)).months >= base - 1e-9
    short = estimate_sentence(_theft(amount, terms=(3, 4, 5))).months
    long = estimate_sentence(_theft(amount, terms=(60, 70, 80))).months
    assert short <= long


def test_the_explanation_adds_up_and_names_what_moved_it() -> None:
    estimate = estimate_sentence(_theft(50_000, frozenset({"surrender"}), terms=(36, 40, 42)))
    level = math.log1p(estimate.baseline_months)
    for factor in estimate.factors:  # each factor's months are added on the term reached
        level = math.log1p(math.expm1(level) + factor.months)
    assert math.expm1(level) == pytest.approx(estimate.months, abs=0.2)
    labels = {f.label: f.months for f in estimate.factors}
    assert labels["自首"] < 0 < labels["法定刑档次"]
    assert "自首" in estimate.explanation() and estimate.to_dict()["tier"] == estimate.tier


def test_estimating_many_is_estimating_each() -> None:
    cases = [_theft(a) for a in (1_000, 20_000, 90_000)]
    model = SentenceModel.load()
    assert [e.months for e in model.estimate_many(cases)] == [
        model.estimate(c).months for c in cases
    ]


def test_a_model_of_another_version_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "model.json"
    path.write_text(json.dumps({"format": 0, "features": []}), "utf-8")
    with pytest.raises(SentenceModelError, match="重新拟合"):
        SentenceModel.load(path)


def _samples(n: int, seed: int) -> list[tuple[CaseFacts, float]]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        amount = rng.choice((1_500, 5_000, 20_000, 60_000, 150_000, 500_000))
        surrender = rng.random() < 0.3
        months = (6 + amount / 4000) * (0.7 if surrender else 1.0) * rng.uniform(0.8, 1.25)
        codes = frozenset({"surrender"}) if surrender else frozenset()
        out.append((_theft(amount, codes, terms=(int(months),)), round(months)))
    return out


def test_numpy_trees_equal_lightgbm_and_fitting_is_deterministic() -> None:
    lightgbm = pytest.importorskip("lightgbm", reason="LightGBM is in the [dev] extra")
    from jiancha.text.sentencing_fit import (
        _central,
        _inner_folds,
        _train,
        _training_matrix,
        fit_sentence_model,
        without_similar,
    )

    samples = _samples(200, seed=3)
    fitted = fit_sentence_model(samples, seed=1)
    assert json.dumps(fitted) == json.dumps(fit_sentence_model(samples, seed=1))
    model = SentenceModel.from_dict(json.loads(json.dumps(fitted)))
    # the same ensemble as LightGBM predicts it, walked in numpy
    x = _training_matrix(samples, fitted["prior"], _inner_folds(len(samples), 1))
    x = np.vstack([x, without_similar(x)])  # every case also learnt without its similar cases
    y = np.tile([math.log1p(m) for _, m in samples], 2)
    booster = _train(lightgbm, _central(1), x, y)
    ours, roots, contributions = model.median.predict(x)
    assert np.allclose(ours, booster.predict(x), atol=1e-9)
    assert np.allclose(roots + contributions.sum(axis=1), ours, atol=1e-9)
    assert len(FEATURES) == x.shape[1]


@pytest.mark.parametrize(
    ("missing", "default_left", "cases"),
    [
        # LightGBM's "None": a NaN is compared as 0 (0 <= 0.5: left), zero is a value
        ("none", False, {math.nan: 1.0, 0.0: 1.0, 0.4: 1.0, 0.6: 2.0}),
        # "NaN": a NaN goes to the default side, zero is a value
        ("nan", False, {math.nan: 2.0, 0.0: 1.0, 0.6: 2.0}),
        ("nan", True, {math.nan: 1.0, 0.6: 2.0}),
        # "Zero": a NaN and (near) zero go to the default side
        ("zero", False, {math.nan: 2.0, 0.0: 2.0, 1e-40: 2.0, 0.4: 1.0, 0.6: 2.0}),
    ],
)
def test_a_tree_sends_missing_values_as_lightgbm_does(
    missing: str, default_left: bool, cases: dict[float, float]
) -> None:
    from jiancha.text.sentencing import MISSING_TYPES, Ensemble

    tree = {  # x <= 0.5 → leaf 1 (value 1), else leaf 2 (value 2); the root's own value 0
        "feature": [0, -1, -1],
        "threshold": [0.5, 0.0, 0.0],
        "left": [1, 0, 0],
        "right": [2, 0, 0],
        "default_left": [default_left, False, False],
        "missing": [MISSING_TYPES[missing], 0, 0],
        "value": [0.0, 1.0, 2.0],
        "depth": 1,
    }
    x = np.array([[value] for value in cases])
    predicted, roots, contributions = Ensemble([tree]).predict(x)
    assert predicted.tolist() == list(cases.values())
    assert np.allclose(roots + contributions.sum(axis=1), predicted)
