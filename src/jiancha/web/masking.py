"""Masking personal data: id numbers, phone numbers and addresses.

By field name (a field called like an id number, phone or address is masked whatever it
holds) and by shape (an 18-character id number or an 11-digit mobile number anywhere in a
text), so a model whose subject calls the id number ``plaintiff_key`` is masked too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_ID_NUMBER = re.compile(r"(?<!\d)(\d{6})\d{8}(\d{3}[\dXx])(?![\dXx])")
_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")
_SENSITIVE_KEYS = ("id_number", "idcard", "id_card", "phone", "mobile", "tel", "address", "addr")
_SENSITIVE_LABELS = ("身份证", "电话", "手机", "住址", "地址")


def sensitive_key(key: str) -> bool:
    lowered = key.lower()
    return any(k in lowered for k in _SENSITIVE_KEYS) or any(k in key for k in _SENSITIVE_LABELS)


def mask_text(text: str) -> str:
    """Id numbers keep their region and last four, phones their first three and last four."""
    masked = _ID_NUMBER.sub(lambda m: f"{m.group(1)}********{m.group(2)}", text)
    return _MOBILE.sub(lambda m: f"{m.group(1)}****{m.group(2)}", masked)


def mask_field(key: str, value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return value
    if sensitive_key(key):
        text = str(value)
        return mask_text(text) if mask_text(text) != text else _cover(text)
    return mask_value(value)


def _cover(text: str) -> str:
    """An address or an unrecognised number: keep the first few characters only."""
    keep = min(4, len(text) // 3)
    return text[:keep] + "*" * max(3, len(text) - keep)


def mask_value(value: Any) -> Any:
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, Mapping):
        return mask_mapping(value)
    if isinstance(value, list | tuple):
        return [mask_value(v) for v in value]
    return value


def mask_mapping(values: Mapping[str, Any]) -> dict[str, Any]:
    return {key: mask_field(str(key), value) for key, value in values.items()}
