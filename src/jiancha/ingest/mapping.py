"""Mapping profiles: YAML files that map an agency's own headers and codes to the contract.

```yaml
table: judgment                # the contract table (optional if the file name says it)
columns:                       # source header → contract column
  案号: case_id
  fact: full_text
values:                        # per contract column: source value → contract code
  penalty: {徒刑: fixed_term}
defaults:                      # constant values for contract columns the file lacks
  source: 法院审判系统
```
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from jiancha.errors import IngestError
from jiancha.schema import Table, contract, normalise_header


class MappingProfile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    table: str | None = None
    columns: dict[str, str] = Field(default_factory=dict)
    values: dict[str, dict[str, str]] = Field(default_factory=dict)
    defaults: dict[str, str] = Field(default_factory=dict)

    def check(self, table: Table, origin: str) -> None:
        names = set(table.column_names)
        for where, column in (
            [("columns", c) for c in self.columns.values()]
            + [("values", c) for c in self.values]
            + [("defaults", c) for c in self.defaults]
        ):
            if column not in names:
                raise IngestError(f"{origin}: {where} 中的 “{column}” 不是表 {table.name} 的列")


def load_mapping(path: Path) -> MappingProfile:
    """Read and validate a mapping profile; errors name the file and the key."""
    try:
        data: Any = yaml.safe_load(path.read_text("utf-8"))
    except FileNotFoundError:
        raise IngestError(f"{path}: 映射文件不存在") from None
    except yaml.YAMLError as exc:
        raise IngestError(f"{path.name}: YAML 格式错误：{str(exc).splitlines()[0]}") from None
    try:
        profile = MappingProfile.model_validate(data or {})
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(str(p) for p in err["loc"])
        raise IngestError(f"{path.name}: 映射项 “{key}” 无效：{err['msg']}") from None
    # Stringify defaults/values given as YAML numbers.
    profile.defaults = {k: str(v) for k, v in profile.defaults.items()}
    if profile.table is not None:
        profile.check(contract().table(profile.table), path.name)
    return profile


def header_map(
    headers: list[str], table: Table, profile: MappingProfile | None, where: str
) -> tuple[dict[int, str], list[str]]:
    """Source column (by position) → contract column, and the headers that map to nothing.

    Two source columns for one contract column (``died_at,died_at``, or ``record_id`` beside
    ``记录编号``) are refused, naming them, unless the mapping says which to use: by header
    (``记录编号: record_id``) or, for a repeated header, by its place (``died_at#2: died_at``,
    the second ``died_at``); the others are then ignored.
    """
    lookup = table.header_lookup()
    by_name: dict[str, str] = {}
    by_place: dict[tuple[str, int], str] = {}
    for key, column in (profile.columns if profile is not None else {}).items():
        place = _PLACE.fullmatch(key.strip())
        if place:
            by_place[(normalise_header(place[1]), int(place[2]))] = column
        else:
            by_name[normalise_header(key)] = column
    seen: dict[str, int] = {}
    candidates: dict[str, list[tuple[int, int]]] = {}  # column → [(position, how explicit)]
    for position, header in enumerate(headers):
        key = normalise_header(header)
        seen[key] = seen.get(key, 0) + 1
        if (key, seen[key]) in by_place:
            column, rank = by_place[(key, seen[key])], 2
        elif key in by_name:
            column, rank = by_name[key], 1
        elif key in lookup:
            column, rank = lookup[key], 0
        else:
            continue
        candidates.setdefault(column, []).append((position, rank))
    mapped: dict[int, str] = {}
    for column, found in candidates.items():
        best = max(rank for _, rank in found)
        chosen = [position for position, rank in found if rank == best]
        if len(chosen) > 1:
            raise IngestError(_ambiguous(headers, table, column, chosen, where))
        mapped[chosen[0]] = column
    unknown = [h for i, h in enumerate(headers) if i not in mapped]
    return mapped, unknown


_PLACE = re.compile(r"(.+)#(\d+)")


def _ambiguous(headers: list[str], table: Table, column: str, places: list[int], where: str) -> str:
    label = table.column(column).label
    listed = "、".join(f"第 {p + 1} 列“{headers[p]}”" for p in places)
    first = headers[places[1]]
    nth = sum(1 for h in headers[: places[1] + 1] if normalise_header(h) == normalise_header(first))
    example = f"{first}#{nth}" if nth > 1 else first
    return (
        f"{where}: {listed}都对应“{label}”（{column}），无法确定用哪一列；"
        f"请在映射文件的 columns 中指明，如 “{example}: {column}”"
    )
