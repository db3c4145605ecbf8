"""The people and organisations of the synthetic jurisdiction.

Every person has a global index (``Person.idx``): each generated mention of a person keeps
it, so that a later stage can write the true person of every (possibly noisy) mention.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate

from jiancha.synth import reference as ref
from jiancha.synth.codes import id_number, org_code

_SURNAMES = [s for s, _ in ref.SURNAMES]
_SURNAME_CUM = list(accumulate(w for _, w in ref.SURNAMES))
_MOBILE_PREFIXES = ("13", "15", "18", "17", "19")


@dataclass(frozen=True)
class Person:
    idx: int
    name: str
    gender: str  # M | F
    birth: date
    region: str  # 6-digit district code of the household registration
    id_number: str
    phone: str
    address: str


@dataclass(frozen=True)
class Org:
    idx: int
    name: str
    org_code: str
    region: str
    phone: str
    address: str


class PersonFactory:
    """Makes people with unique id numbers.

    Id numbers are unique across chunks because each chunk draws the two "police station"
    digits of the sequence number from its own block (``stations``).
    """

    def __init__(
        self,
        rng: random.Random,
        regions: tuple[str, ...],
        stations: range,
        first_idx: int,
        as_of: date,
    ) -> None:
        self._rng = rng
        self._regions = regions
        self._stations = stations
        self._used: set[tuple[str, date, int]] = set()
        self.next_idx = first_idx
        self._as_of = as_of

    def person(
        self,
        *,
        age: tuple[int, int] = (20, 60),
        gender: str | None = None,
        at: date | None = None,
        region: str | None = None,
    ) -> Person:
        """A new person aged within ``age`` (years) at ``at`` (default as_of)."""
        rng = self._rng
        sex = gender or ("M" if rng.random() < 0.5 else "F")
        ref_day = at or self._as_of
        lo, hi = age
        birth = ref_day - timedelta(days=rng.randint(lo * 365 + 5, hi * 365 + 360))
        home = region or rng.choice(self._regions)
        return self._make(self.name(sex), sex, birth, home)

    def namesake(self, name: str, gender: str, region: str, born_in: int) -> Person:
        """Another person of the same name, born the same year in the same district."""
        birth = date(born_in, 1, 1) + timedelta(days=self._rng.randint(0, 364))
        return self._make(name, gender, birth, region)

    def _make(self, name: str, sex: str, birth: date, home: str) -> Person:
        rng = self._rng
        while True:
            station = rng.choice(self._stations)
            last = rng.randrange(1 if sex == "M" else 0, 10, 2)
            seq = station * 10 + last
            if (home, birth, seq) not in self._used:
                break
            birth += timedelta(days=1)
        self._used.add((home, birth, seq))
        idx = self.next_idx
        self.next_idx += 1
        return Person(
            idx=idx,
            name=name,
            gender=sex,
            birth=birth,
            region=home,
            id_number=id_number(home, birth, seq),
            phone=phone_for(idx),
            address=address_for(rng, home, idx),
        )

    def name(self, gender: str) -> str:
        rng = self._rng
        surname = rng.choices(_SURNAMES, cum_weights=_SURNAME_CUM)[0]
        pool = ref.GIVEN_MALE if gender == "M" else ref.GIVEN_FEMALE
        given = rng.choice(pool)
        if rng.random() < 0.7:
            given += rng.choice(pool)
        return surname + given


def phone_for(idx: int) -> str:
    """A mobile number unique to the index (7919 is coprime to 10^8)."""
    prefix = _MOBILE_PREFIXES[idx % len(_MOBILE_PREFIXES)]
    return f"1{prefix[1]}{(idx * 7919 + 12345) % 10**8:08d}{idx % 10}"[:11]


def address_for(rng: random.Random, region: str, idx: int) -> str:
    """An address unique to the index (the room number encodes it)."""
    street = rng.choice(ref.STREETS)
    building = idx // 1000 % 200 + 1
    room = idx % 1000 + 101
    return f"福建省漳州市{ref.DISTRICTS[region]}{street}{building}号{idx // 200000 + 1}幢{room}室"


class OrgFactory:
    def __init__(self, rng: random.Random, regions: tuple[str, ...], first_idx: int) -> None:
        self._rng = rng
        self._regions = regions
        self.next_idx = first_idx

    def org(self, *, kind: str | None = None, region: str | None = None) -> Org:
        rng = self._rng
        idx = self.next_idx
        self.next_idx += 1
        home = region or rng.choice(self._regions)
        word = kind or rng.choice(ref.EMPLOYER_WORDS)
        name = (
            f"漳州{rng.choice(ref.PLACE_WORDS)}{rng.choice(ref.PLACE_WORDS)}{word}"
            f"{rng.choice(ref.COMPANY_SUFFIX)}"
        )
        street = rng.choice(ref.STREETS)
        return Org(
            idx=idx,
            name=name,
            org_code=org_code(home, 10_000_000 + idx),
            region=home,
            phone=f"0596-{(idx * 7919 + 3301) % 10**7:07d}",
            address=(
                f"福建省漳州市{ref.DISTRICTS[home]}{street}{idx % 900 + 1}号{idx // 900 + 1}号楼"
            ),
        )
