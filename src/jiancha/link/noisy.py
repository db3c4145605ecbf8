"""A deterministic population of noisy person mentions with known truth.

For the linking tests and the one-million-mention speed figure of ``bench/link.py`` (the
generator's ``mentions_truth.csv`` gives the quality figures on realistic data): people
with valid id numbers are mentioned in several agencies' tables, some mentions with a
mistyped or missing number, a traditional-character name, or a wrong character of the same
sound; namesakes (same name, same birth year, different people) are common by design.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

import pyarrow as pa

from jiancha.values import id_check_digit
from jiancha.warehouse import Warehouse

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文辉力林鹏飞斌宇浩凯"
    "秀梅志东海燕雪波宁晨"
)
TRADITIONAL = {
    "张": "張",
    "刘": "劉",
    "陈": "陳",
    "杨": "楊",
    "黄": "黃",
    "赵": "趙",
    "吴": "吳",
    "孙": "孫",
    "马": "馬",
    "郭": "郭",
    "罗": "羅",
    "郑": "鄭",
    "谢": "謝",
    "许": "許",
    "韩": "韓",
    "冯": "馮",
    "邓": "鄧",
    "伟": "偉",
    "丽": "麗",
    "军": "軍",
    "杰": "傑",
    "涛": "濤",
    "华": "華",
    "兰": "蘭",
    "红": "紅",
    "建": "建",
    "国": "國",
    "辉": "輝",
    "鹏": "鵬",
    "飞": "飛",
    "斌": "斌",
    "东": "東",
    "海": "海",
    "燕": "燕",
    "宁": "寧",
    "梅": "梅",
    "凯": "凱",
    "强": "強",
    "敏": "敏",
    "静": "靜",
    "娟": "娟",
    "艳": "艷",
}
HOMOPHONES = {
    "伟": "玮",
    "明": "铭",
    "丽": "莉",
    "静": "婧",
    "华": "骅",
    "芳": "方",
    "敏": "民",
    "杰": "洁",
    "涛": "滔",
    "军": "君",
    "强": "墙",
    "磊": "垒",
    "娜": "纳",
    "勇": "永",
    "平": "萍",
    "刚": "钢",
    "玉": "育",
    "英": "莹",
    "红": "宏",
    "文": "雯",
    "辉": "晖",
    "林": "琳",
    "飞": "菲",
    "宇": "雨",
    "浩": "昊",
    "志": "智",
    "东": "冬",
    "海": "凯",
    "波": "博",
    "宁": "凝",
    "晨": "辰",
    "燕": "艳",
    "霞": "侠",
    "斌": "彬",
    "鹏": "朋",
}
REGIONS = ("110101", "110102", "110105", "110106", "110108", "310101", "310104", "440103")
STREETS = ("人民路", "解放路", "中山路", "建设路", "和平街", "光明巷", "新华路", "长安街")

# table → (name, id_number, birth_date, gender, address, phone) columns and required extras
TABLES: dict[str, tuple[tuple[str | None, ...], dict[str, object]]] = {
    "prisoner": (("name", "id_number", "birth_date", "gender", None, None), {}),
    "coercive_measure": (
        ("name", "id_number", "birth_date", None, None, None),
        {"measure": "detention", "start_at": date(2023, 1, 1)},
    ),
    "hospital_stay": (
        ("name", "id_number", None, None, None, None),
        {"admitted_at": date(2023, 5, 1)},
    ),
    "border_crossing": (
        ("name", "id_number", None, None, None, None),
        {"crossed_at": date(2023, 6, 1), "direction": "exit"},
    ),
    "civil_party": (
        ("name", "id_number", None, None, "address", "phone"),
        {"case_id": "C1", "role": "plaintiff", "party_type": "person"},
    ),
    "judgment": (
        ("defendant_name", "defendant_id_number", None, None, None, None),
        {"decided_at": date(2023, 3, 1)},
    ),
}
ROLE = {"judgment": "defendant", "civil_party": "party"}


@dataclass(frozen=True)
class Person:
    index: int
    name: str
    id_number: str
    birth_date: date
    gender: str
    address: str
    phone: str


@dataclass
class NoisyMentions:
    """Mentions written to the warehouse and the true person of each."""

    truth: dict[tuple[str, str, str], int] = field(default_factory=dict)
    noise: dict[tuple[str, str, str], str] = field(default_factory=dict)


def make_id(region: str, born: date, sequence: int) -> str:
    first17 = f"{region}{born:%Y%m%d}{sequence:03d}"
    return first17 + id_check_digit(first17)


def mistype(id_number: str, rng: random.Random) -> str:
    """One digit of the first 17 changed so that the check digit no longer fits."""
    while True:
        pos = rng.randrange(17)
        digit = str((int(id_number[pos]) + rng.randrange(1, 10)) % 10)
        typed = id_number[:pos] + digit + id_number[pos + 1 :]
        if id_check_digit(typed[:17]) != typed[17]:
            return typed


def people(n: int, seed: int) -> list[Person]:
    rng = random.Random(seed)
    out = []
    used: set[str] = set()
    for i in range(n):
        name = rng.choice(SURNAMES[:40]) + "".join(
            rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2)))
        )
        born = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 55))
        gender = rng.choice("MF")
        seq = rng.randrange(0, 499) * 2 + (1 if gender == "M" else 0)
        region = rng.choice(REGIONS)
        address = f"{rng.choice(STREETS)}{rng.randrange(1, 300)}号{rng.randrange(1, 30)}室"
        phone = f"13{rng.randrange(10**9):09d}"
        id_number = make_id(region, born, seq % 1000)
        while id_number in used:  # one number, one person: the truth must not share numbers
            seq = (seq + 2) % 1000
            id_number = make_id(region, born, seq)
        used.add(id_number)
        out.append(Person(i, name, id_number, born, gender, address, phone))
    return out


def variant(name: str, rng: random.Random, kind: str) -> str:
    table = TRADITIONAL if kind == "traditional" else HOMOPHONES
    spots = [i for i, ch in enumerate(name) if ch in table and (kind == "traditional" or i > 0)]
    if not spots:
        return name
    i = rng.choice(spots)
    return name[:i] + table[name[i]] + name[i + 1 :]


NOISE_KINDS = ("mistyped_id", "missing_id", "traditional", "homophone")


def build(
    wh: Warehouse,
    *,
    persons: int = 300,
    mentions_per_person: tuple[int, int] = (1, 5),
    noise_rate: float = 0.15,
    seed: int = 7,
) -> NoisyMentions:
    """Write mentions of ``persons`` people into the contract tables on ``wh``."""
    rng = random.Random(seed + 1)
    result = NoisyMentions()
    rows: dict[str, list[dict[str, object]]] = {t: [] for t in TABLES}
    for person in people(persons, seed):
        for k in range(rng.randint(*mentions_per_person)):
            table = rng.choice(list(TABLES))
            record_id = f"{table[:2].upper()}{person.index:07d}{k}"
            noise = rng.choice(NOISE_KINDS) if rng.random() < noise_rate else ""
            rows[table].append(_row(table, record_id, person, noise, rng))
            key = (table, record_id, ROLE.get(table, "subject"))
            result.truth[key] = person.index
            if noise:
                result.noise[key] = noise
    for table, table_rows in rows.items():
        _insert(wh, table, table_rows)
    return result


def _row(
    table: str, record_id: str, p: Person, noise: str, rng: random.Random
) -> dict[str, object]:
    name_col, id_col, birth_col, gender_col, address_col, phone_col = TABLES[table][0]
    name = p.name
    if noise in ("traditional", "homophone"):
        name = variant(name, rng, noise)
    id_number: str | None = p.id_number
    if noise == "mistyped_id":
        id_number = mistype(p.id_number, rng)
    elif noise == "missing_id":
        id_number = None
    row: dict[str, object] = {"record_id": record_id, **TABLES[table][1]}
    values = (
        (name_col, name),
        (id_col, id_number),
        (birth_col, p.birth_date),
        (gender_col, p.gender),
        (address_col, p.address),
        (phone_col, p.phone),
    )
    row.update({col: value for col, value in values if col})
    return row


def _insert(wh: Warehouse, table: str, rows: list[dict[str, object]]) -> None:
    if not rows:
        return
    columns = list(rows[0])
    arrow = pa.table({c: [r.get(c) for r in rows] for c in columns})
    names = ", ".join(f'"{c}"' for c in columns)
    with wh.registered("_noisy_rows", arrow):
        wh.execute(f'INSERT INTO "{table}" ({names}) SELECT {names} FROM _noisy_rows')


@dataclass(frozen=True)
class PairwiseScore:
    """Pairwise precision and recall of a linking: over all pairs of mentions, those put
    together against those truly of one person."""

    predicted_pairs: int
    true_pairs: int
    correct_pairs: int

    @property
    def precision(self) -> float:
        return self.correct_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.correct_pairs / self.true_pairs if self.true_pairs else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


# A mention's cluster when only valid id numbers link: its person_id if linked
# deterministically, else the mention alone.
EXACT_ID_ONLY = "CASE WHEN pm.method = 'deterministic' THEN pm.person_id ELSE pm.uid END"
LINKED = "pm.person_id"


def pairwise(wh: Warehouse, truth: str, predicted: str = LINKED) -> PairwiseScore:
    """Score ``person_mention`` against the table ``truth`` (table_name, record_id, role,
    true_id), from cluster sizes: no pair list is ever built. ``predicted`` is the SQL of a
    mention's cluster over ``pm`` (:data:`LINKED` or :data:`EXACT_ID_ONLY`)."""
    row = wh.one(
        f"""WITH m AS (SELECT t.true_id, {predicted} AS pred FROM {truth} t
                JOIN person_mention pm USING (table_name, record_id, role))
        SELECT
            (SELECT sum(n * (n - 1) // 2) FROM (SELECT count(*) n FROM m GROUP BY pred)),
            (SELECT sum(n * (n - 1) // 2) FROM (SELECT count(*) n FROM m GROUP BY true_id)),
            (SELECT sum(n * (n - 1) // 2) FROM (SELECT count(*) n FROM m GROUP BY pred, true_id))"""
    )
    predicted_pairs, true_pairs, correct = (int(x or 0) for x in (row or (0, 0, 0)))
    return PairwiseScore(predicted_pairs, true_pairs, correct)


def load_mentions_truth(wh: Warehouse, path: str, target: str) -> int:
    """The generator's ``mentions_truth.csv`` into the temp table ``target``; returns its size."""
    wh.execute(
        f'CREATE OR REPLACE TEMP TABLE {target} AS SELECT "table" AS table_name, record_id, '
        "role, person_key AS true_id FROM read_csv(?, header = true, all_varchar = true)",
        [path],
    )
    row = wh.one(f"SELECT count(*) FROM {target}")
    return int(row[0]) if row else 0
