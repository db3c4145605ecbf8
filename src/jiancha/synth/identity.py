"""Identity noise with known truth: what makes linking people necessary.

Before any noise, every person mention of a chunk remembers the true id number of the
person it names (``row["_true"][role]``): that is the truth ``mentions_truth.csv`` lists.
Then a fixed share of mentions gets identity noise: a mistyped digit or two transposed
digits (the check digit no longer verifies), a missing number, the 15-digit legacy number,
the name in traditional characters or with a wrong character of the same sound. Namesakes
(another person of the same name, born the same year, registered in the same district)
are added to the general population.

Noise goes only on tables where losing an id-number match can neither create nor hide an
anomaly (:data:`NOISY_TABLES`), never on planted evidence: an unlinked model can only miss
matches there, and a linked one finds them again. The anomalies that *need* linking are
planted on purpose by :mod:`jiancha.synth.anomalies` with :func:`corrupt_id`.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache

from jiancha.schema import contract
from jiancha.synth.codes import id_check_digit, legacy_id, month_index, month_text
from jiancha.synth.people import Person
from jiancha.synth.world import Row, World

# share of the mentions of a noisy table that get identity noise
RATE = 0.05
# share of a chunk's general population given a namesake
NAMESAKE_RATE = 0.08

# Tables whose person joins only ever *add* hits (registers, reports, petitions, civil
# parties): a clean row that loses its match cannot become or hide an anomaly.
NOISY_TABLES: tuple[str, ...] = (
    "case_report",
    "petition",
    "civil_party",
    "border_crossing",
    "death_record",
    "employment_record",
)
# Tables whose rows say enough besides the number (address, phone) for a missing one.
MISSING_OK: tuple[str, ...] = ("civil_party",)

# Characters of the generator's given names grouped by toneless pinyin: a clerk's wrong
# character of the same sound.
HOMOPHONES: tuple[str, ...] = (
    "伟玮炜",
    "明铭鸣",
    "华桦骅",
    "丽莉俐",
    "杰洁婕",
    "静婧靖",
    "芳方舫",
    "军君均",
    "勇永泳",
    "涛韬滔",
    "强蔷",
    "敏闽珉",
    "燕艳彦",
    "红宏鸿虹",
    "平萍苹",
    "斌彬滨",
    "文雯闻",
    "辉晖徽",
    "刚钢纲",
    "峰锋丰枫",
    "霞侠",
    "娟鹃",
    "莹英瑛",
    "建健剑",
    "俊骏峻",
    "宇雨语羽",
    "欣新鑫馨",
    "婷庭亭",
    "晨辰臣",
    "浩皓昊",
    "佳嘉家",
    "怡宜仪",
    "琪淇琦棋",
    "思斯丝",
    "梅玫媒",
    "波博",
    "鹏朋",
    "飞菲非",
    "志智芝",
    "凯恺铠",
    "龙隆",
    "林琳霖",
    "兰岚澜",
    "帆凡繁",
    "旭序",
    "宁凝",
    "阳洋扬",
    "雪血",
    "慧惠蕙",
    "晶京精",
    "瑶遥谣",
)
_SOUND_ALIKE: dict[str, str] = {c: group for group in HOMOPHONES for c in group}

# kind → weight among the noise kinds
KINDS: dict[str, int] = {
    "mistype": 25,
    "transpose": 15,
    "missing": 15,
    "legacy": 15,
    "traditional": 15,
    "homophone": 15,
}


@dataclass(frozen=True)
class PersonColumns:
    """The name and id-number columns of one person role of a table."""

    role: str
    name: str | None
    id_number: str


@cache
def person_columns(table: str) -> tuple[PersonColumns, ...]:
    """The person roles of ``table`` that carry an id number (contract ``person:`` markers)."""
    names: dict[str, str] = {}
    ids: dict[str, str] = {}
    for column in contract().table(table).columns:
        if not column.person:
            continue
        if column.name == "id_number" or column.name.endswith("_id_number"):
            ids[column.person] = column.name
        elif column.name == "name" or column.name.endswith("_name"):
            names[column.person] = column.name
    return tuple(PersonColumns(role, names.get(role), ids[role]) for role in ids)


def true_ids(row: Row) -> dict[str, str]:
    value = row.get("_true")
    return value if isinstance(value, dict) else {}


def remember_true_ids(world: World) -> None:
    """Every person mention's true id number, before noise and dirt touch it."""
    for table, rows in world.rows.items():
        for cols in person_columns(table):
            for row in rows:
                number = row.get(cols.id_number)
                truth = true_ids(row)
                if cols.role not in truth and isinstance(number, str) and len(number) == 18:
                    truth[cols.role] = number
                    row["_true"] = truth


def corrupt_id(rows: list[Row], column: str, role: str, person: Person, rng: random.Random) -> None:
    """Plant evidence that only linking finds: the person's number in ``rows`` mistyped (a
    sequence digit, so the birth date and gender it encodes still agree) or, where the rows
    carry a birth date to go on, missing."""
    missing = all("birth_date" in row for row in rows) and rng.random() < 0.5
    value = None if missing else mistype(person.id_number, rng, positions=(14, 15))
    for row in rows:
        truth = true_ids(row)
        truth[role] = person.id_number
        row["_true"] = truth
        row[column] = value


def mistype(number: str, rng: random.Random, positions: tuple[int, ...] = tuple(range(17))) -> str:
    """One digit of the first 17 changed: the check digit no longer verifies."""
    at = rng.choice(positions)
    digit = rng.choice([d for d in "0123456789" if d != number[at]])
    return number[:at] + digit + number[at + 1 :]


def transpose(number: str, rng: random.Random) -> str | None:
    """Two adjacent differing digits of the first 17 swapped (None when all are equal)."""
    spots = [i for i in range(16) if number[i] != number[i + 1]]
    if not spots:
        return None
    i = rng.choice(spots)
    return number[:i] + number[i + 1] + number[i] + number[i + 2 :]


@cache
def _s2t() -> object:
    import opencc

    return opencc.OpenCC("s2t")


def traditional(name: str) -> str | None:
    """The name in traditional characters, None when it is written the same."""
    converted = str(_s2t().convert(name))  # type: ignore[attr-defined]
    return converted if converted != name else None


def homophone(name: str, rng: random.Random) -> str | None:
    """One given-name character replaced by another of the same sound."""
    spots = [i for i in range(1, len(name)) if name[i] in _SOUND_ALIKE]
    if not spots:
        return None
    i = rng.choice(spots)
    other = rng.choice([c for c in _SOUND_ALIKE[name[i]] if c != name[i]])
    return name[:i] + other + name[i + 1 :]


def add_identity_noise(world: World, rng: random.Random) -> int:
    """Identity noise on about :data:`RATE` of the noisy tables' mentions; returns how many."""
    noised = 0
    for table in NOISY_TABLES:
        mentions = list(_candidates(world, table))
        count = round(len(mentions) * RATE)
        for row, cols in rng.sample(mentions, min(count, len(mentions))):
            if _apply(table, row, cols, rng):
                row["_noise"] = True
                noised += 1
    return noised


def _candidates(world: World, table: str) -> Iterator[tuple[Row, PersonColumns]]:
    for row in world.rows[table]:
        if (table, str(row["record_id"])) in world.protected or row.get("_noise"):
            continue
        for cols in person_columns(table):
            truth = true_ids(row).get(cols.role)
            if truth is not None and row.get(cols.id_number) == truth:
                yield row, cols


def _apply(table: str, row: Row, cols: PersonColumns, rng: random.Random) -> bool:
    number = str(row[cols.id_number])
    name = row.get(cols.name) if cols.name else None
    kind = rng.choices(list(KINDS), weights=list(KINDS.values()))[0]
    if kind == "missing" and table not in MISSING_OK:
        kind = "mistype"
    if kind in ("traditional", "homophone") and isinstance(name, str):
        variant = traditional(name) if kind == "traditional" else homophone(name, rng)
        if variant is None:
            variant = homophone(name, rng) if kind == "traditional" else traditional(name)
        if variant is not None and cols.name is not None:
            row[cols.name] = variant
            return True
        kind = "mistype"
    value: str | None
    if kind == "missing":
        value = None
    elif kind == "legacy" and number[6:8] == "19":
        value = legacy_id(number)
    elif kind == "transpose":
        value = transpose(number, rng) or mistype(number, rng)
    else:
        value = mistype(number, rng)
    if _verifies(value):
        return False  # never a valid number of somebody else
    row[cols.id_number] = value
    return True


def add_namesakes(world: World) -> int:
    """Namesakes of people of the general population (same name, birth year and district),
    each with a few months of social-security payments; returns how many."""
    rng = world.rng
    seen: dict[str, str] = {}
    for row in world.rows["employment_record"] + world.rows["border_crossing"]:
        number = row.get("id_number")
        if _verifies(number) and isinstance(row.get("name"), str):
            seen.setdefault(str(number), str(row["name"]))
    originals = sorted(seen.items())
    count = max(1, round(len(originals) * NAMESAKE_RATE))
    for number, name in rng.sample(originals, min(count, len(originals))):
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        gender = "M" if int(number[16]) % 2 else "F"
        twin = world.people.namesake(name, gender, number[:6], born.year)
        _employ(world, twin)
    return count


def _employ(world: World, person: Person) -> None:
    rng = world.rng
    last = month_index(world.as_of) - 1
    first = last - rng.randint(2, 12)
    employer = world.orgs.org().name
    for m in range(first, last + 1):
        world.add(
            "employment_record",
            None,
            person,
            name=person.name,
            id_number=person.id_number,
            employer=employer,
            month=month_text(m),
            amount_yuan=float(rng.randint(12, 40) * 100),
        )


def _verifies(number: object) -> bool:
    return (
        isinstance(number, str)
        and len(number) == 18
        and number[:17].isdigit()
        and id_check_digit(number[:17]) == number[17]
    )


def truth_rows(world: World) -> Iterator[tuple[str, str, str, str]]:
    """(table, record_id, role, true id number) of every usable person mention, once."""
    for table, rows in world.rows.items():
        seen: set[str] = set()
        for row in rows:
            record_id = str(row.get("record_id") or "")
            if not record_id or record_id in seen:
                continue  # quarantined, or a listed duplicate
            seen.add(record_id)
            for role, number in sorted(true_ids(row).items()):
                yield table, record_id, role, number
