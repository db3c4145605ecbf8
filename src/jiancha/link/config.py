"""The linking configuration (``[link]`` of jiancha.toml) and the comparisons it produces.

Match and non-match probabilities (m and u) are fixed, reviewed values rather than trained
per run: a prosecutor's list must not change because EM wandered, and a small county's
data is too thin to train on. The exact-name u is replaced by each name's frequency
(Splink's term-frequency adjustment), and the prior is one over the number of compared
records, so a name shared by fifty people needs fifty times the other evidence; both are
drawn by the first link and then kept (:mod:`jiancha.link.params`).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator


class LinkConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    accept: float = Field(default=0.99, gt=0, le=1, description="自动认定为同一人的匹配概率下限")
    reject: float = Field(default=0.5, ge=0, lt=1, description="低于此概率的候选对直接舍弃")
    prior: float | None = Field(
        default=None, gt=0, lt=1, description="两条随机记录为同一人的先验概率；默认 1/记录数"
    )
    name_min_u: float = Field(
        default=1e-6, gt=0, description="姓名完全一致时频率调整后的最小 u（罕见名不至于过度加权）"
    )

    @model_validator(mode="after")
    def _ordered(self) -> LinkConfig:
        if self.reject >= self.accept:
            raise ValueError("link.reject 必须小于 link.accept")
        return self


# Comparison fields, their Chinese labels and level labels (gamma value → label).
FIELD_LABELS: dict[str, str] = {
    "name": "姓名",
    "birth_date": "出生日期",
    "gender": "性别",
    "id_number": "身份证号",
    "address": "住址",
    "phone": "电话",
}


def _level(
    sql: str, label: str, m: float | None = None, u: float | None = None, **extra: Any
) -> dict[str, Any]:
    level: dict[str, Any] = {"sql_condition": sql, "label_for_charts": label}
    if m is None:
        level["is_null_level"] = True
    else:
        level["m_probability"] = m
        level["u_probability"] = u
    level.update(extra)
    return level


def _null(col: str) -> dict[str, Any]:
    return _level(f"{col}_l IS NULL OR {col}_r IS NULL", "缺失")


def comparisons(config: LinkConfig) -> list[dict[str, Any]]:
    """Splink comparison dictionaries; level order is the gamma order (highest first)."""
    return [
        {
            "output_column_name": "name",
            "comparison_levels": [
                _null("name_s"),
                _level(
                    "name_s_l = name_s_r",
                    "完全一致",
                    0.88,
                    0.001,
                    tf_adjustment_column="name_s",
                    tf_minimum_u_value=config.name_min_u,
                ),
                _level("name_py_l = name_py_r", "同音字", 0.05, 0.002),
                # one character substituted: of two names of one length, an edit distance
                # of 1 can only be a substitution (Hamming distance 1); levenshtein is
                # built into DuckDB and Spark alike, hamming only into DuckDB
                _level(
                    "length(name_s_l) = length(name_s_r) AND length(name_s_l) >= 2 "
                    "AND levenshtein(name_s_l, name_s_r) = 1",
                    "一字之差",
                    0.03,
                    0.005,
                ),
                _level("ELSE", "不同", 0.04, 0.992),
            ],
        },
        {
            "output_column_name": "birth_date",
            "comparison_levels": [
                _null("dob"),
                _level("dob_l = dob_r", "一致", 0.92, 5e-5),
                _level(
                    "damerau_levenshtein(CAST(dob_l AS VARCHAR), CAST(dob_r AS VARCHAR)) <= 1",
                    "一位之差",
                    0.05,
                    0.002,
                ),
                _level("ELSE", "不同", 0.03, 0.998),
            ],
        },
        {
            "output_column_name": "gender",
            "comparison_levels": [
                _null("gender"),
                _level("gender_l = gender_r", "一致", 0.985, 0.5),
                _level("ELSE", "不同", 0.015, 0.5),
            ],
        },
        {
            "output_column_name": "id_number",
            "comparison_levels": [
                _null("idn"),
                _level("idn_l = idn_r", "一致", 0.6, 1e-8),
                _level("damerau_levenshtein(idn_l, idn_r) <= 1", "一位之差", 0.3, 1e-7),
                _level("damerau_levenshtein(idn_l, idn_r) <= 2", "两位之差", 0.05, 1e-6),
                _level("ELSE", "不同", 0.05, 0.999998),
            ],
        },
        {
            "output_column_name": "address",
            "comparison_levels": [
                _null("address_n"),
                _level("address_n_l = address_n_r", "一致", 0.6, 0.0005),
                _level(
                    "jaro_winkler_similarity(address_n_l, address_n_r) >= 0.92", "相近", 0.2, 0.01
                ),
                _level("ELSE", "不同", 0.2, 0.9895),
            ],
        },
        {
            "output_column_name": "phone",
            "comparison_levels": [
                _null("phone_n"),
                _level("phone_n_l = phone_n_r", "一致", 0.7, 1e-5),
                _level("ELSE", "不同", 0.3, 0.99999),
            ],
        },
    ]


# At least one side has no valid id number: two valid ids are settled deterministically.
NOT_BOTH_ANCHORED = "(l.anchor IS NULL OR r.anchor IS NULL)"

BLOCKING_RULES: tuple[str, ...] = (
    "l.name_s = r.name_s AND l.dob_year = r.dob_year",
    "l.name_py = r.name_py AND l.dob = r.dob",
    "l.id_head = r.id_head AND l.name_py = r.name_py",
    "l.id_tail = r.id_tail AND l.name_py = r.name_py",
    "l.phone_n = r.phone_n",
    "l.name_py = r.name_py AND l.address_n = r.address_n",
    "l.name_s = r.name_s AND (l.dob IS NULL OR r.dob IS NULL)",
)


# The intake worker's new records: a pair is scored only when one side is new.
ONLY_NEW = "(l.is_new OR r.is_new)"


def settings(config: LinkConfig, prior: float, only_new: bool = False) -> dict[str, Any]:
    """Splink's settings; ``prior``: the frozen one (:mod:`jiancha.link.params`)."""
    extra = f" AND {ONLY_NEW}" if only_new else ""
    return {
        "link_type": "dedupe_only",
        "unique_id_column_name": "unique_id",
        "probability_two_random_records_match": prior,
        "comparisons": comparisons(config),
        "blocking_rules_to_generate_predictions": [
            f"{rule} AND {NOT_BOTH_ANCHORED}{extra}" for rule in BLOCKING_RULES
        ],
        "retain_matching_columns": False,
        "retain_intermediate_calculation_columns": True,
        "additional_columns_to_retain": [],
    }
