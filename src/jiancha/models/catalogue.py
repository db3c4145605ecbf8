"""The model catalogue: the shipped library plus a project's own ``models/`` folder.

A model file is parsed once: its YAML header validated, its SQL rendered with the default
parameters and parsed by sqlglot (which also gives the tables it reads). Overrides from
jiancha.toml (``[models."<id>"] <param> = <value>``) are validated against the headers.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from jiancha.errors import ConfigError, ModelError
from jiancha.models import render as sqlrender
from jiancha.models.cache import ParsedModels, text_hash
from jiancha.models.hit import LegalBasis
from jiancha.models.spec import TEMPLATES_CHECKED, Header, ParameterSpec, coerce_parameter
from jiancha.schema import load_yaml

# A date far enough from month ends and leap days to validate any model at load time.
_VALIDATION_AS_OF = date(2000, 6, 15)


@dataclass(frozen=True)
class Model:
    """One supervision model: its header, raw SQL and effective parameter values."""

    header: Header
    sql: str
    path: Path
    parameters: dict[str, Any]
    tables: tuple[str, ...]
    file_hash: str = ""  # SHA-256 of the file as read

    @property
    def id(self) -> str:
        return self.header.id

    @property
    def version(self) -> str:
        return str(self.header.version)

    @property
    def title(self) -> str:
        return self.header.title

    @property
    def domain(self) -> str:
        return self.header.domain

    @property
    def description(self) -> str:
        return self.header.description

    @property
    def excludes(self) -> tuple[str, ...]:
        """What the model does not flag, and why (the header's ``excludes``)."""
        return tuple(self.header.excludes)

    @property
    def legal_basis(self) -> tuple[LegalBasis, ...]:
        return tuple(LegalBasis(b.law, b.article, b.text) for b in self.header.legal_basis)

    @property
    def parameter_specs(self) -> dict[str, ParameterSpec]:
        return dict(self.header.parameters)

    def render(self, as_of: date, *, linked: bool = False) -> str:
        """The model as DuckDB SQL for the evaluation date ``as_of``."""
        try:
            values = {**self.parameters, "as_of": as_of}
            return sqlrender.render(self.sql, values, linked=linked)
        except sqlrender.RenderError as exc:
            raise ModelError(f"模型文件 {self.path}: {exc}") from None

    def to_spark(self, as_of: date) -> str:
        """The model as Spark SQL (transpiled by sqlglot)."""
        from jiancha.models.sqltree import to_spark

        return to_spark(self.render(as_of))


@dataclass
class Catalogue:
    models: dict[str, Model] = field(default_factory=dict)

    def get(self, model_id: str) -> Model:
        try:
            return self.models[model_id]
        except KeyError:
            raise ModelError(f"未知的模型 “{model_id}”") from None

    def __iter__(self) -> Iterator[Model]:
        return iter(self.models.values())

    def __len__(self) -> int:
        return len(self.models)


def library_dir() -> Path:
    """The folder of shipped models."""
    return Path(str(resources.files("jiancha.models").joinpath("library")))


def load_catalogue(
    extra_dirs: Iterable[Path] = (),
    overrides: Mapping[str, Mapping[str, Any]] | None = None,
    *,
    cache: Path | None = None,
) -> Catalogue:
    """Every model of the library and of ``extra_dirs``, with ``overrides`` applied.

    ``cache``: a file keeping what parsing each model's SQL found, by the file's hash (see
    :mod:`jiancha.models.cache`), so that only new or changed files are parsed."""
    parsed = ParsedModels(cache)
    found: dict[str, Model] = {}
    for folder in (library_dir(), *extra_dirs):
        for path in sorted(Path(folder).rglob("*.sql")):
            model = load_model(path, parsed)
            if model.id in found:
                other = found[model.id].path
                raise ModelError(f"模型编号 {model.id} 重复：{other} 与 {path}")
            found[model.id] = model
    parsed.save({m.file_hash for m in found.values()})
    return Catalogue(apply_overrides(found, overrides or {}))


def load_model(path: Path, parsed: ParsedModels | None = None) -> Model:
    """Parse and validate one model file; ModelError names the file and the problem."""
    text = path.read_text("utf-8")
    header_text, sql = split_header(text, path)
    try:
        raw = load_yaml(header_text)
    except yaml.YAMLError as exc:
        raise ModelError(f"模型文件 {path}: 头部 YAML 无法解析（{_first_line(exc)}）") from None
    if not isinstance(raw, dict):
        raise ModelError(f"模型文件 {path}: 头部应为 YAML 映射")
    digest = text_hash(text)
    tables = parsed.get(digest) if parsed is not None else None
    # a file whose hash is kept passed every check before: its templates are not parsed again
    context = {TEMPLATES_CHECKED: tables is not None}
    try:
        header = Header.model_validate(raw, context=context)
    except ValidationError as exc:
        raise ModelError(f"模型文件 {path}: 头部{_pydantic_problem(exc)}") from None
    parameters = {}
    for name, spec in header.parameters.items():
        try:
            parameters[name] = coerce_parameter(spec, spec.default)
        except ValueError as exc:
            raise ModelError(f"模型文件 {path}: 参数 {name} 的默认值{exc}") from None
    if tables is None:
        tables = _check_sql(path, header, sql, parameters)
        if parsed is not None:
            parsed.put(digest, tables)
    return Model(header, sql, path, parameters, tables, file_hash=digest)


def split_header(text: str, path: Path) -> tuple[str, str]:
    body = text.lstrip("\ufeff").lstrip()
    if not body.startswith("/*"):
        raise ModelError(f"模型文件 {path}: 缺少开头的 /* YAML 头部 */ 注释")
    end = body.find("*/")
    if end < 0:
        raise ModelError(f"模型文件 {path}: 头部注释没有结束的 */")
    return body[2:end], body[end + 2 :].strip()


def _check_sql(path: Path, header: Header, sql: str, parameters: dict[str, Any]) -> tuple[str, ...]:
    import sqlglot

    from jiancha.models import sqltree

    try:
        rendered = sqlrender.render(sql, {**parameters, "as_of": _VALIDATION_AS_OF})
    except sqlrender.RenderError as exc:
        raise ModelError(f"模型文件 {path}: {exc}") from None
    try:
        tree = sqltree.parse(rendered)
    except sqlglot.errors.SqlglotError as exc:
        raise ModelError(f"模型文件 {path}: SQL 无法解析（{_first_line(exc)}）") from None
    outputs = sqltree.output_columns(tree)
    if outputs is not None:
        missing = sorted(header.output_columns() - set(outputs))
        if missing:
            raise ModelError(f"模型文件 {path}: 头部列出的列 SQL 没有输出：{'、'.join(missing)}")
    return sqltree.tables_read(tree)


def apply_overrides(
    models: dict[str, Model], overrides: Mapping[str, Mapping[str, Any]]
) -> dict[str, Model]:
    """Models with parameter values from jiancha.toml; ConfigError names the bad key."""
    result = dict(models)
    for model_id, values in overrides.items():
        if model_id not in models:
            raise ConfigError(f'jiancha.toml: 未知的模型 models."{model_id}"')
        model = models[model_id]
        if not isinstance(values, Mapping):
            raise ConfigError(f'jiancha.toml: models."{model_id}" 应为参数表')
        params = dict(model.parameters)
        for name, value in values.items():
            key = f'models."{model_id}".{name}'
            spec = model.header.parameters.get(name)
            if spec is None:
                known = "、".join(model.header.parameters) or "无"
                raise ConfigError(f"jiancha.toml: {key} 不是该模型的参数（可用参数：{known}）")
            try:
                params[name] = coerce_parameter(spec, value)
            except ValueError as exc:
                raise ConfigError(f"jiancha.toml: {key} {exc}") from None
        result[model_id] = replace(model, parameters=params)
    return result


def _pydantic_problem(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"])
    if err["type"] == "extra_forbidden":
        return f"有未知的键 {where}"
    if err["type"] == "missing":
        return f"缺少 {where}"
    return f" {where}: {err['msg']}" if where else f": {err['msg']}"


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
