"""link stage: who is who across agencies (``jiancha link``).

After :func:`link_warehouse`, every contract table with person mentions carries, per role, a
``<prefix>person_id`` beside its ``<prefix>id_number`` (``id_number`` → ``person_id``,
``defendant_id_number`` → ``defendant_person_id``) and ``org_id`` beside ``org_code``.
Model SQL switches to them through :func:`person_column`, in one place (the renderer's
``same_person`` / ``person_key`` helpers), once :func:`is_linked` says linking has run.

Results live in the warehouse: ``person_mention`` (table, record, role → person_id, method
deterministic | probabilistic | review | singleton, match_probability), ``org_mention``,
``link_pair`` (scored pairs with each field's match weight), ``link_decision`` (review),
``link_change`` (ids that changed, and why), ``link_person`` / ``link_org`` (id registries),
``link_run``, ``link_record`` (the records Splink compared) and the frozen parameters
``link_params`` / ``link_tf_name``.

Splink, pypinyin and OpenCC are imported only when linking runs; the names here load their
module on first use.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from jiancha.errors import LinkError
from jiancha.lazy import lazy_exports

if TYPE_CHECKING:
    from jiancha.link.config import LinkConfig
    from jiancha.link.linker import LinkReport, link_warehouse
    from jiancha.link.review import (
        FieldEvidence,
        LinkExplanation,
        MentionMatch,
        MentionRef,
        PairEvidence,
        ReviewPair,
        decide,
        evidence_probabilities,
        explain,
        is_linked,
        match_fields,
        mention_matches,
        mention_probability,
        review_pairs,
    )

__all__ = [
    "FieldEvidence",
    "LinkConfig",
    "LinkExplanation",
    "LinkReport",
    "MentionMatch",
    "MentionRef",
    "PairEvidence",
    "ReviewPair",
    "decide",
    "evidence_probabilities",
    "explain",
    "is_linked",
    "link_warehouse",
    "match_fields",
    "mention_matches",
    "mention_probability",
    "person_column",
    "review_pairs",
]
__getattr__ = lazy_exports(
    __name__,
    {
        "LinkConfig": "config",
        "LinkReport": "linker",
        "link_warehouse": "linker",
        **{
            name: "review"
            for name in (
                "FieldEvidence",
                "LinkExplanation",
                "MentionMatch",
                "MentionRef",
                "PairEvidence",
                "ReviewPair",
                "decide",
                "evidence_probabilities",
                "explain",
                "is_linked",
                "match_fields",
                "mention_matches",
                "mention_probability",
                "review_pairs",
            )
        },
    },
)

_COLUMN_REF = re.compile(
    r'^(?P<qualifier>(?:"?[A-Za-z_][A-Za-z0-9_]*"?\.)*)"?(?P<column>[A-Za-z_][A-Za-z0-9_]*)"?$'
)


def person_column(column_ref: str) -> str:
    """``x.defendant_id_number`` → ``x.defendant_person_id``, ``org_code`` → ``org_id``.

    Raises :class:`LinkError` for anything but a (qualified) id-number or org-code column.
    """
    from jiancha.link.mentions import id_column_map

    match = _COLUMN_REF.match(column_ref.strip())
    mapping = id_column_map()
    if match is None or match["column"] not in mapping:
        known = "、".join(sorted(mapping))
        raise LinkError(f"“{column_ref}” 不是身份证号或统一社会信用代码列；可用：{known}")
    return match["qualifier"] + mapping[match["column"]]
