"""A clue as a model run finds it, with its rows snapshotted, for the document tests: 因病暂予
监外执行无住院记录 (the model whose header writes the finding) and a judgment with its
case number."""

from __future__ import annotations

import re
from datetime import date, datetime

from jiancha.casebook import Casebook
from jiancha.models.hit import Evidence, Hit, LegalBasis, RunInfo
from jiancha.schema import contract

PAROLE_MODEL = "execution.medical_parole_without_hospital"
ART_265 = (
    "对被判处有期徒刑或者拘役的罪犯，有下列情形之一的，可以暂予监外执行：（一）有严重疾病需要"
    "保外就医的；（二）怀孕或者正在哺乳自己婴儿的妇女；（三）生活不能自理，适用暂予监外执行不致"
    "危害社会的。"
)
CHANGE_ROW = {
    "record_id": "BG00000073",
    "prisoner_id": "ZZJY2023-0415",
    "name": "王某某",
    "id_number": "350602198001011234",
    "kind": "medical_parole",
    "ruled_at": "2024-10-30",
    "reason": "illness",
    "deciding_unit": "漳州市中级人民法院",
    "unit_code": "350602",
    "source": "prison",
}
JUDGMENT_ROW = {
    "record_id": "J0000123",
    "case_id": "（2023）闽0602刑初123号",
    "court_code": "J61",
    "defendant_name": "王某某",
    "charge": "盗窃罪",
    "decided_at": "2023-05-10",
    "unit_code": "350602",
    "source": "court",
}


def parole_hit(n: int = 1, unit: str = "350602") -> Hit:
    return Hit(
        model_id=PAROLE_MODEL,
        model_version="2",
        unit_code=unit,
        subject={
            "name": "王某某", "id_number": f"35060219800101123{n}", "prisoner_id": "ZZJY2023-0415"
        },
        key=Evidence("execution_change", f"BG0000007{n}"),
        evidence=(Evidence("execution_change", f"BG0000007{n}"), Evidence("judgment", "J0000123")),
        facts={"ruled_at": "2024-10-30", "window_start": "2024-10-30", "window_end": "2025-04-28"},
        legal_basis=(LegalBasis("刑事诉讼法", "第二百六十五条", ART_265),),
        domain="execution",
        title="因病暂予监外执行无住院记录",
    )  # fmt: skip


def record_parole_clues(book: Casebook, count: int = 2, units: tuple[str, ...] = ()) -> None:
    """``count`` clues C000001… of the medical-parole model (the first of ``units`` each)."""
    hits = [
        parole_hit(n, units[n - 1] if len(units) >= n else "350602") for n in range(1, count + 1)
    ]
    snapshots = {}
    for hit in hits:
        snapshots[hit.key] = {**CHANGE_ROW, "record_id": hit.key.record_id}
        snapshots[Evidence("judgment", "J0000123")] = JUDGMENT_ROW
    record_hits(book, hits, snapshots, {"days": 180})


def record_hits(
    book: Casebook,
    hits: list[Hit],
    snapshots: dict[Evidence, dict[str, object]],
    parameters: dict[str, object],
) -> None:
    """Clues C000001… of ``hits`` (of one model) as a run of 5 January 2026 finds them."""
    model = hits[0].model_id
    info = RunInfo(
        run_id="run-doc",
        started_at=datetime(2026, 1, 5, 9),
        as_of=date(2026, 1, 5),
        models={model: hits[0].model_version},
        batches=(1,),
        parameters={model: parameters},
    )
    book.record_run(info, {model: hits}, snapshots, info.started_at)


def raw_names() -> set[str]:
    """Every English name a document must not show: tables, columns, enum codes."""
    found: set[str] = set()
    for table in contract().tables.values():
        found.add(table.name)
        for column in table.columns:
            found.add(column.name)
            found.update(column.allowed)
    return {n for n in found if len(n) > 2}


def raw_words_in(text: str) -> set[str]:
    """The raw names (and ids of rows) that appear in ``text`` as words."""
    words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]+", text))
    return (words & raw_names()) | {w for w in words if re.fullmatch(r"[A-Z]{1,4}\d{4,}", w)}
