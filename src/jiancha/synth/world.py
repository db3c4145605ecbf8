"""One chunk of the synthetic jurisdiction: its rows, people, ids and planted truth.

A chunk is generated whole in memory (a few tens of thousands of rows), anomalies are planted
into it, dirt is sprinkled on its rows, and then it is written and dropped: memory stays
bounded however many chunks a province has.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from jiancha.synth.codes import add_months
from jiancha.synth.people import Org, OrgFactory, Person, PersonFactory

Row = dict[str, object]

TABLE_PREFIX: dict[str, str] = {
    "case_report": "CR",
    "criminal_case": "AJ",
    "coercive_measure": "QZ",
    "custody_extension": "YQ",
    "procedural_event": "SS",
    "judgment": "PJ",
    "prisoner": "ZF",
    "execution_change": "BG",
    "community_correction": "JZ",
    "admin_penalty": "XZ",
    "civil_case": "MS",
    "civil_party": "DS",
    "recommendation": "JY",
    "petition": "XF",
    "supervisory_transfer": "JC",
    "seized_property": "CW",
    "death_record": "SW",
    "hospital_stay": "ZY",
    "border_crossing": "CJ",
    "employment_record": "SB",
    "enforcement_case": "ZX",
    "asset_register": "CC",
    "marriage_register": "HY",
    "licence_register": "ZZ",
    "rehab_decision": "JD",
    "company_register": "SC",
    "benefit_payment": "DY",
    "lodging_register": "ZS",
    "conditional_non_prosecution": "FT",
    "land_transfer": "TD",
}
TABLES: tuple[str, ...] = tuple(TABLE_PREFIX)

SOURCES: dict[str, str] = {
    "case_report": "公安执法办案平台",
    "criminal_case": "公安执法办案平台",
    "coercive_measure": "公安执法办案平台",
    "custody_extension": "检察业务应用系统",
    "procedural_event": "检察业务应用系统",
    "judgment": "法院审判流程管理系统",
    "prisoner": "监狱信息管理系统",
    "execution_change": "减刑假释信息化办案平台",
    "community_correction": "社区矫正信息管理系统",
    "admin_penalty": "行政执法与刑事司法衔接平台",
    "civil_case": "法院审判流程管理系统",
    "civil_party": "法院审判流程管理系统",
    "recommendation": "检察业务应用系统",
    "petition": "12309检察服务中心",
    "supervisory_transfer": "检察业务应用系统",
    "seized_property": "涉案财物管理平台",
    "death_record": "民政殡葬管理系统",
    "hospital_stay": "医疗保障信息平台",
    "border_crossing": "出入境边防检查系统",
    "employment_record": "社会保险信息系统",
    "enforcement_case": "法院执行案件流程管理系统",
    "asset_register": "网络执行查控系统",
    "marriage_register": "全国婚姻登记信息系统",
    "licence_register": "证照管理信息系统",
    "rehab_decision": "公安执法办案平台",
    "company_register": "市场主体登记系统",
    "benefit_payment": "社会保障待遇发放系统",
    "lodging_register": "旅馆业治安管理信息系统",
    "conditional_non_prosecution": "检察业务应用系统",
    "land_transfer": "自然资源和税务联合监管平台",
}


@dataclass
class IdLedger:
    """Record id counters shared by all chunks of a run, so ids never repeat."""

    counters: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TABLES, 0))

    def new_id(self, table: str) -> str:
        self.counters[table] += 1
        return f"{TABLE_PREFIX[table]}{self.counters[table]:08d}"


@dataclass
class Truth:
    """One planted anomaly (the anchor a model must return and the rows it rests on), or one
    lawful look-alike (``kind`` ``lawful_lookalike``: a story that resembles a hit of the model
    but sits on one of the law's exceptions, named by ``exception``; it must never be a clue).
    """

    model_id: str
    key_table: str
    key_id: str
    subject_name: str
    subject_id: str
    unit_code: str
    evidence: list[tuple[str, str]]
    requires_link: bool = False  # its evidence has no valid id number: only linking finds it
    kind: str = "anomaly"  # or "lawful_lookalike"
    exception: str = ""  # the look-alike's exception, e.g. "tax_remedied" (docs/models.md)


class World:
    """The rows of one chunk and the tools to make them."""

    def __init__(
        self,
        *,
        rng: random.Random,
        as_of: date,
        units: tuple[str, ...],
        people: PersonFactory,
        orgs: OrgFactory,
        ids: IdLedger,
    ) -> None:
        self.rng = rng
        self.as_of = as_of
        self.start = date(as_of.year - 7, 1, 1)
        self.units = units
        self.people = people
        self.orgs = orgs
        self.ids = ids
        self.rows: dict[str, list[Row]] = {t: [] for t in TABLES}
        self.truth: list[Truth] = []
        self.protected: set[tuple[str, str]] = set()

    # -- rows -------------------------------------------------------------------------
    def add(
        self,
        table: str,
        unit: str | None,
        person: Person | None = None,
        *,
        record_id: str | None = None,
        **values: object,
    ) -> Row:
        rid = record_id or self.ids.new_id(table)
        row: Row = {"record_id": rid, "source": SOURCES[table], "unit_code": unit}
        row.update(values)
        if person is not None:
            row["_person"] = person.idx
        self.rows[table].append(row)
        return row

    def plant(
        self,
        model_id: str,
        key: Row | tuple[str, str],
        evidence: list[tuple[str, Row]],
        *,
        subject: Person | Org | None = None,
        subject_name: str = "",
        subject_id: str = "",
        unit: str | None = None,
        requires_link: bool = False,
    ) -> None:
        """Record a planted anomaly; its evidence rows are kept free of dirt and noise."""
        ev = [(t, str(r["record_id"])) for t, r in evidence]
        if isinstance(key, tuple):
            key_table, key_id = key
            key_unit = unit or ""
        else:
            key_table = next(t for t, r in evidence if r is key)
            key_id = str(key["record_id"])
            key_unit = str(key.get("unit_code") or unit or "")
        name, ident = subject_name, subject_id
        if isinstance(subject, Person):
            name, ident = subject.name, subject.id_number
        elif isinstance(subject, Org):
            name, ident = subject.name, subject.org_code
        self.truth.append(
            Truth(model_id, key_table, key_id, name, ident, key_unit, ev, requires_link)
        )
        self.protected.update(ev)

    def lookalike(
        self,
        model_id: str,
        exception: str,
        key: Row | tuple[str, str],
        evidence: list[tuple[str, Row]],
        *,
        subject: Person | Org | None = None,
        unit: str | None = None,
    ) -> None:
        """Record a lawful look-alike of ``model_id``: rows that resemble one of its hits but
        fall under ``exception``. ``key`` is the anchor the model would return were it to flag
        the story; the evidence rows are kept free of dirt and noise, as a planted hit's are."""
        self.plant(model_id, key, evidence, subject=subject, unit=unit)
        planted = self.truth[-1]
        planted.kind, planted.exception = "lawful_lookalike", exception

    # -- time -------------------------------------------------------------------------
    def past(self, day: date | None) -> date | None:
        """The date if it has happened by as_of, else None (not yet known to any system)."""
        return day if day is not None and day <= self.as_of else None

    def day_between(self, lo: date, hi: date) -> date:
        span = (hi - lo).days
        return lo + timedelta(days=self.rng.randint(0, max(span, 0)))

    def recent(self, days_lo: int, days_hi: int) -> date:
        """A day between ``days_hi`` and ``days_lo`` days before as_of."""
        return self.as_of - timedelta(days=self.rng.randint(days_lo, days_hi))

    def months_ago(self, months: int) -> date:
        return add_months(self.as_of, -months)

    def unit(self) -> str:
        return self.rng.choice(self.units)
