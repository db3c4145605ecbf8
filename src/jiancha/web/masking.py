"""Masking personal data on the workbench's pages and in its API: the recogniser of
:mod:`jiancha.text.masking` (id numbers, phones, addresses, birth dates, by kind of value),
under the name the routes and templates use."""

from jiancha.text.masking import (
    Masker,
    Span,
    find,
    id_birth_date,
    is_id_number,
    mask_field,
    mask_mapping,
    mask_text,
    mask_value,
    sensitive_key,
)

__all__ = [
    "Masker",
    "Span",
    "find",
    "id_birth_date",
    "is_id_number",
    "mask_field",
    "mask_mapping",
    "mask_text",
    "mask_value",
    "sensitive_key",
]
