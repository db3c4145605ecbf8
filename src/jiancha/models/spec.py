"""The YAML header of a model file, validated (``extra="forbid"``: a typo is an error).

A model file is SQL whose first token is a block comment holding this header::

    /*
    id: custody.bail_overdue
    version: 1
    title: 取保候审超期
    ...
    */
    SELECT ...
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator

Domain = Literal[
    "filing", "custody", "trial", "execution", "civil", "admin", "pil", "minors", "management"
]
# The four procuratorial functions (四大检察) and minors' protection across them: how the
# catalogue, the inbox filter and the statistics group the domains.
FUNCTIONS: dict[str, tuple[str, ...]] = {
    "criminal": ("filing", "custody", "trial", "execution", "management"),
    "civil": ("civil",),
    "admin": ("admin",),
    "pil": ("pil",),
    "minors": ("minors",),
}
FUNCTION_LABELS: dict[str, str] = {
    "criminal": "刑事检察",
    "civil": "民事检察",
    "admin": "行政检察",
    "pil": "公益诉讼检察",
    "minors": "未成年人检察",
}


def function_of(domain: str) -> str:
    """The procuratorial function (a key of :data:`FUNCTIONS`) a domain belongs to."""
    return next((f for f, domains in FUNCTIONS.items() if domain in domains), domain)


def domains_named(selector: str) -> tuple[str, ...] | None:
    """The domains a selector names: a domain (``pil``), a function (``criminal``) or a
    function's Chinese name (公益诉讼检察); None when it names none."""
    selector = selector.strip()
    for function, label in FUNCTION_LABELS.items():
        if selector in (function, label):
            return FUNCTIONS[function]
    if any(selector in domains for domains in FUNCTIONS.values()):
        return (selector,)
    return None


# The documents a model may suggest (the casebook's action kinds and the civil/administrative
# ones); each has a reply period in :data:`jiancha.periods.REPLY_PERIODS` where the law sets one.
DocumentKind = Literal[
    "recommendation",
    "correction_notice",
    "pil_pre_litigation",
    "retrial_recommendation",
    "enforcement_recommendation",
    "supervisory_transfer",
    # a reminder of a reply the recipient owes (management.recommendation_reply_overdue)
    "reply_reminder",
]
ParamType = Literal["integer", "number", "string", "date", "list"]

# The evaluation date every model may use; a header may not declare it.
BUILTIN_PARAMETERS = ("as_of",)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ParameterSpec(_Strict):
    type: ParamType
    default: Any
    label: str
    unit: str | None = None
    min: float | None = None
    max: float | None = None


class LegalBasisSpec(_Strict):
    law: str
    article: str
    text: str | None = None


class ColumnRef(_Strict):
    """An output column holding record_ids (``;``-separated for several rows) of a table."""

    table: str
    column: str


class KeySpec(_Strict):
    """The anchor of a hit: a table and the output column with its record_id.

    ``table_column`` instead of ``table`` names an output column giving the table per row,
    for models anchored on one of two tables (execution.deceased_still_supervised).
    """

    column: str
    table: str | None = None
    table_column: str | None = None

    @model_validator(mode="after")
    def _one_table(self) -> KeySpec:
        if (self.table is None) == (self.table_column is None):
            raise ValueError("key 需要 table 或 table_column 二者之一")
        return self


class CheckedSource(_Strict):
    """A source the model searched and found empty for the hit (a clue shows it: "医保住院结算库
    （市医保局），核查期间 2024年10月30日至2025年4月28日：无记录")."""

    table: str
    label: str  # what the source is called: 医保住院结算库
    agency: str  # who keeps it: 市医疗保障局
    since: str | None = None  # the fact holding the first day searched
    until: str | None = None  # the fact holding the last day searched


# The organs a 线索移送函 goes to: the supervisory commission (监察法第三十七条: a state
# employee's suspected duty violation or crime) or the public security organ (刑事诉讼法第一百
# 一十条: a crime any organ finds, of the police's jurisdiction).
TransferOrgan = Literal["supervisory_commission", "public_security"]


class SuggestedDocument(_Strict):
    """The document a verified hit usually leads to, and what it asks of the recipient."""

    kind: DocumentKind
    # Jinja, filled with the hit's facts and subject like ``conclusion``: the 建议/要求 part.
    request: str
    # A transfer's organ (a transfer without one goes to the supervisory commission).
    to: TransferOrgan | None = None

    @model_validator(mode="after")
    def _organ_of_a_transfer(self) -> SuggestedDocument:
        if self.to is not None and self.kind != "supervisory_transfer":
            raise ValueError("document.to 只用于线索移送函（supervisory_transfer）")
        return self


# Validation context: the header's file passed every check before (its hash is in the
# catalogue's cache), so its templates are not parsed again with Jinja.
TEMPLATES_CHECKED = "templates_checked"


class Header(_Strict):
    id: str = Field(pattern=r"^[a-z_]+\.[a-z0-9_]+$")
    version: int | str
    title: str
    domain: Domain
    description: str
    legal_basis: list[LegalBasisSpec] = Field(min_length=1)
    parameters: dict[str, ParameterSpec] = Field(default_factory=dict)
    subject: list[str] = Field(min_length=1)
    key: KeySpec
    evidence: list[ColumnRef] = Field(default_factory=list)
    facts: dict[str, str] = Field(default_factory=dict)
    unit: str | None = None
    # What the model does not flag, and why (the law's exceptions), in Chinese sentences: shown
    # with the model so that a prosecutor knows its limits.
    excludes: list[str] = Field(default_factory=list)
    # One Chinese sentence stating the finding, a Jinja template over the hit's subject and
    # facts (``{{ name }}于{{ ruled_at|cn_date }}…``): the first line of the clue page and of
    # the document's 正文.
    conclusion: str | None = None
    # The facts that decide the hit (the two dates and the gap, the limit and the excess):
    # marked on the clue page's comparison.
    decisive: list[str] = Field(default_factory=list)
    # Sources searched and found empty (the "no record" half of the finding).
    checked: list[CheckedSource] = Field(default_factory=list)
    # 核实要点: what a prosecutor verifies before acting, in Chinese sentences.
    actions: list[str] = Field(default_factory=list)
    document: SuggestedDocument | None = None

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> Header:
        if self.id.split(".", 1)[0] != self.domain:
            raise ValueError(f"id {self.id} 与 domain {self.domain} 不一致")
        for name in self.parameters:
            if name in BUILTIN_PARAMETERS:
                raise ValueError(f"参数名 {name} 是内置参数，不能在文件中声明")
        if not (info.context or {}).get(TEMPLATES_CHECKED):
            self._check_templates()
        return self

    def _check_templates(self) -> None:
        """The conclusion and request templates parse and read only what a hit carries; the
        decisive facts and the checked periods name facts."""
        from jinja2 import TemplateSyntaxError  # Jinja: only when a header is first checked

        from jiancha.models.conclusion import template_names

        known = self.output_columns() | set(self.parameters) | set(BUILTIN_PARAMETERS)
        templates = {"conclusion": self.conclusion}
        if self.document is not None:
            templates["document.request"] = self.document.request
        for field_name, source in templates.items():
            if not source:
                continue
            try:
                names = template_names(source)
            except TemplateSyntaxError as exc:
                raise ValueError(f"{field_name} 模板有语法错误：{exc}") from None
            unknown = sorted(names - known)
            if unknown:
                raise ValueError(f"{field_name} 模板用到了查询不返回的字段：{', '.join(unknown)}")
        facts = set(self.facts)
        for name in self.decisive:
            if name not in facts:
                raise ValueError(f"decisive 中的 {name} 不是 facts 中的事实")
        for checked in self.checked:
            for bound in (checked.since, checked.until):
                if bound is not None and bound not in facts:
                    raise ValueError(f"checked 的期间 {bound} 不是 facts 中的事实")

    def output_columns(self) -> set[str]:
        """Every output column the header names (the SQL must return them)."""
        cols = {*self.subject, self.key.column, *self.facts}
        cols |= {e.column for e in self.evidence}
        if self.key.table_column:
            cols.add(self.key.table_column)
        if self.unit:
            cols.add(self.unit)
        return cols


def coerce_parameter(spec: ParameterSpec, value: Any) -> Any:
    """``value`` as the parameter's type, or ValueError with a Chinese reason."""
    value = _coerce_type(spec.type, value)
    if spec.type in ("integer", "number"):
        if spec.min is not None and value < spec.min:
            raise ValueError(f"不能小于 {_num(spec.min)}（当前为 {value}）")
        if spec.max is not None and value > spec.max:
            raise ValueError(f"不能大于 {_num(spec.max)}（当前为 {value}）")
    return value


def _coerce_type(kind: ParamType, value: Any) -> Any:
    if kind == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"应为整数，得到 {value!r}")
        return value
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"应为数字，得到 {value!r}")
        return value
    if kind == "string":
        if not isinstance(value, str):
            raise ValueError(f"应为文本，得到 {value!r}")
        return value
    if kind == "date":
        return _as_date(value)
    if not isinstance(value, list) or not all(
        isinstance(v, str | int | float) and not isinstance(v, bool) for v in value
    ):
        raise ValueError(f"应为文本或数字的列表，得到 {value!r}")
    if not value:
        raise ValueError("列表不能为空")
    return list(value)


def _as_date(value: Any) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(f"应为日期 YYYY-MM-DD，得到 {value!r}")


def _num(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)
