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
    headers: list[str], table: Table, profile: MappingProfile | None
) -> tuple[dict[str, str], list[str]]:
    """Source header → contract column, and the headers that map to nothing."""
    lookup = table.header_lookup()
    if profile is not None:
        lookup.update({normalise_header(k): v for k, v in profile.columns.items()})
    mapped: dict[str, str] = {}
    unknown: list[str] = []
    taken: set[str] = set()
    for header in headers:
        column = lookup.get(normalise_header(header))
        if column is None or column in taken:
            unknown.append(header)
            continue
        mapped[header] = column
        taken.add(column)
    return mapped, unknown
