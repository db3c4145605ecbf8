"""A hit's finding in Chinese, from the Jinja templates of its model's header.

``conclusion`` is the one sentence a prosecutor reads first (on the clue page and as the
opening of a document's 正文); ``document.request`` is what the document asks of its
recipient. Both are filled with the hit's subject and facts and the model's parameters, as
facts are stored (dates may be ISO strings) or as a run returns them (dates, decimals).

The templates run in Jinja's sandbox with undefined names as errors: a template naming a
fact the hit does not have fails loudly (the catalogue test renders every model's template
on the generator's hits), never prints an empty gap into a document.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from functools import cache
from typing import Any

from jinja2 import StrictUndefined, TemplateError, meta
from jinja2.sandbox import SandboxedEnvironment

from jiancha.errors import ModelError
from jiancha.values import as_date

UNKNOWN = "不详"


def cn_date(value: Any) -> str:
    """2024年10月30日 (the form a document writes a date in)."""
    day = as_date(value)
    if day is None:
        return UNKNOWN if value in (None, "") else str(value)
    return f"{day.year}年{day.month}月{day.day}日"


_ISO_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def cn_month(value: Any) -> str:
    """2024年10月 (a month as a document writes it; facts keep months as 2024-10)."""
    found = _ISO_MONTH.match(str(value or "").strip())
    if found is None:
        return cn_date(value)
    return f"{found[1]}年{int(found[2])}月"


def yuan(value: Any, digits: int = 2) -> str:
    """12,345.00元."""
    number = _as_number(value)
    if number is None:
        return UNKNOWN if value in (None, "") else str(value)
    return f"{number:,.{digits}f}元"


def pct(value: Any, digits: int = 1) -> str:
    """A ratio (0.125) as 12.5%."""
    number = _as_number(value)
    if number is None:
        return UNKNOWN if value in (None, "") else str(value)
    return f"{number * 100:.{digits}f}%"


def num(value: Any) -> str:
    """A count or amount with thousands separators, integral values without decimals."""
    number = _as_number(value)
    if number is None:
        return UNKNOWN if value in (None, "") else str(value)
    if number == int(number):
        return f"{int(number):,}"
    return f"{number:,.2f}"


def days_between(start: Any, end: Any) -> int | str:
    """Days from ``start`` to ``end`` (``{{ deadline|days_between(end_at) }}``: how many
    days past the deadline)."""
    first, last = as_date(start), as_date(end)
    if first is None or last is None:
        return UNKNOWN
    return (last - first).days


def label(value: Any) -> str:
    """An enum code of the data contract (or a ``;``-list of codes) by its Chinese label:
    ``theft`` → 盗窃, ``plea;confession`` → 认罪认罚、坦白; other text as it is."""
    if value is None or value == "":
        return UNKNOWN
    if isinstance(value, list | tuple):
        return "、".join(label(v) for v in value)
    labels = enum_labels()
    text = str(value)
    parts = [p.strip() for p in _LIST.split(text) if p.strip()]
    return "、".join(labels.get(p, p) for p in parts) if parts else text


_LIST = re.compile(r"[;；、]")


@cache
def enum_labels() -> dict[str, str]:
    """Every enum code of the data contract → its Chinese label (a code in two enums keeps
    the first; the contract's codes agree where they repeat)."""
    from jiancha.schema import contract

    labels: dict[str, str] = {}
    for table in contract().tables.values():
        for column in table.columns:
            for code, text in column.allowed.items():
                labels.setdefault(code, text)
    return labels

    return None


def _as_number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float | Decimal):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.replace(",", ""))
        except ValueError:
            return None
    return None


def _environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False
    )
    env.filters.update(cn_date=cn_date, cn_month=cn_month, yuan=yuan, pct=pct, num=num)
    env.filters.update(label=label, days_between=days_between)
    return env


ENV = _environment()


def template_names(source: str) -> set[str]:
    """The names a template reads (for the header check: each must be an output column or a
    parameter)."""
    return set(meta.find_undeclared_variables(ENV.parse(source)))


def render(source: str, context: Mapping[str, Any], *, model_id: str, what: str = "结论") -> str:
    """``source`` filled from ``context``; ModelError naming the model and the missing fact."""
    try:
        text = ENV.from_string(source).render(**context)
    except TemplateError as exc:
        raise ModelError(f"模型 {model_id} 的{what}模板无法生成：{exc}") from None
    return _join_lines(text)


_CJK_GAP = re.compile(r"(?<=[^\x00-\x7f]) | (?=[^\x00-\x7f])")


def _join_lines(text: str) -> str:
    """One line: YAML's folded lines joined, with no space beside a Chinese character (a
    space stays between two Latin words or numbers)."""
    return _CJK_GAP.sub("", " ".join(text.split()))


def context_of(
    subject: Mapping[str, Any], facts: Mapping[str, Any], parameters: Mapping[str, Any]
) -> dict[str, Any]:
    """What a template sees: parameters, then the subject, then the facts (a fact wins)."""
    return {**parameters, **subject, **facts}
