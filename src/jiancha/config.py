"""Typed project configuration: ``jiancha.toml`` in the project folder (read by
:mod:`jiancha.config_file`).

Order of precedence: defaults < jiancha.toml < ``JIANCHA__SECTION__KEY`` environment
variables < command-line flags (applied by the caller). Unknown keys are errors that name
the key, so a typo never silently falls back to a default.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from jiancha.errors import ConfigError
from jiancha.link.config import LinkConfig


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ProjectSection(_Section):
    name: str = "jiancha 项目"
    unit_code: str = Field(default="3506", pattern=r"^\d{2,6}$")


class WarehouseSection(_Section):
    path: str = "warehouse.duckdb"
    threads: int = Field(default=2, ge=1, le=256)
    memory_limit: str = "4GB"
    lock_wait_seconds: float = Field(default=0, ge=0)


class CasebookSection(_Section):
    url: str = ""  # empty: SQLite file casebook.sqlite in the project folder


class CalendarSection(_Section):
    """Working days the holiday package does not know yet: the State Council's notice of
    next year's holidays (published each November). A year with any holiday listed here is
    taken from these lists alone, so list all of that year's holidays."""

    holidays: list[date] = Field(default_factory=list)  # 放假日（含周末调休放假的日子）
    workdays: list[date] = Field(default_factory=list)  # 调休上班的周末

    @model_validator(mode="after")
    def _disjoint(self) -> CalendarSection:
        both = sorted(set(self.holidays) & set(self.workdays))
        if both:
            days = "、".join(d.isoformat() for d in both)
            raise ValueError(f"{days} 既列为放假日又列为调休上班日")
        return self


class EngineSection(_Section):
    """Where the models run: the project's DuckDB warehouse, or Spark on its Parquet export."""

    kind: Literal["duckdb", "spark"] = "duckdb"


class SparkSection(_Section):
    master: str = "local[2]"  # a cluster: spark://host:7077, yarn, k8s://…
    conf: dict[str, str] = Field(default_factory=dict)  # e.g. "spark.executor.memory" = "8g"
    export_path: str = "parquet"  # the Parquet export, relative to the project (or absolute)


class ImportSection(_Section):
    batch_rows: int = Field(default=100_000, ge=1_000)


class WebSection(_Section):
    """The workbench behind its reverse proxy (docs/security.md)."""

    # the address people reach the workbench at, e.g. https://jiancha.example.gov.cn:
    # e-service links are built from it, never from a request's Host header
    public_url: str = Field(default="", pattern=r"^(https?://[^/?#\s]+/?)?$")
    # addresses of the reverse proxies whose X-Forwarded-For / -Proto are believed; empty:
    # the connecting address is the client, whatever the headers say
    trusted_proxies: list[str] = Field(default_factory=list)
    # host names the workbench answers to (besides public_url's host and localhost); empty
    # with no public_url: any (a workstation's own use)
    allowed_hosts: list[str] = Field(default_factory=list)

    def hosts(self) -> list[str]:
        """The Host header values accepted; ``["*"]`` when nothing is configured."""
        from urllib.parse import urlsplit

        named = list(self.allowed_hosts)
        if self.public_url:
            named.append(urlsplit(self.public_url).hostname or "")
        if not named:
            return ["*"]
        return sorted({*named, "localhost", "127.0.0.1", "::1"} - {""})


class JianchaConfig(_Section):
    project: ProjectSection = ProjectSection()
    warehouse: WarehouseSection = WarehouseSection()
    casebook: CasebookSection = CasebookSection()
    import_: ImportSection = Field(default=ImportSection(), alias="import")
    calendar: CalendarSection = CalendarSection()
    engine: EngineSection = EngineSection()
    spark: SparkSection = SparkSection()
    link: LinkConfig = LinkConfig()
    web: WebSection = WebSection()
    # Parameter overrides per model id: [models."execution.commutation_too_early"] ...
    models: dict[str, dict[str, Any]] = Field(default_factory=dict)

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


DEFAULT_TOML = """\
# jiancha 项目配置 — project configuration.
[project]
name = "{name}"
unit_code = "{unit_code}"   # 本院行政区划代码前缀，如 3506 漳州市

[warehouse]
path = "warehouse.duckdb"
threads = 2
memory_limit = "4GB"

[casebook]
url = ""   # 留空使用项目目录中的 SQLite；生产环境填 postgresql+psycopg://…

# 运行模型的引擎：duckdb（默认，本机）或 spark（省级、全国数据；pip install 'jiancha[spark]'）
# [engine]
# kind = "spark"
# [spark]
# master = "local[*]"          # 集群如 spark://主机:7077、yarn
# export_path = "parquet"      # 数据仓库导出的 Parquet 目录（集群各节点须能读取）
# conf = {{ "spark.executor.memory" = "8g" }}

# 节假日：国务院办公厅每年11月前后公布次年放假安排，软件包尚未收录时在此列出（列出该年全部放假日）
# [calendar]
# holidays = [2027-01-01, 2027-02-06]
# workdays = [2027-02-14]

# 网页工作台（部署在反向代理之后时填写，见 docs/security.md）
# [web]
# public_url = "https://jiancha.example.gov.cn"   # 对外地址：电子送达链接由此生成
# trusted_proxies = ["10.0.0.2"]                   # 只信任这些代理转发的 X-Forwarded-For
# allowed_hosts = ["jiancha.example.gov.cn"]

# 模型参数覆盖（各省自定标准），例如：
# [models."filing.not_filed_above_threshold"]
# theft_yuan = 2000
"""


def validate(name: str, data: dict[str, Any]) -> JianchaConfig:
    """The configuration ``data`` (the file ``name``'s tables) describes, or the first
    problem in it as a :class:`ConfigError`."""
    try:
        return JianchaConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"{name}: {_first_problem(exc)}") from None


def _first_problem(exc: ValidationError) -> str:
    err = exc.errors()[0]
    key = ".".join(str(p) for p in err["loc"])
    if err["type"] == "extra_forbidden":
        return f"未知的配置项 “{key}”"
    return f"配置项 “{key}” 无效：{err['msg']}"
