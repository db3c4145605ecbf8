"""A project's ``jiancha.toml``, read without pydantic when it has not changed.

Validating the configuration (:mod:`jiancha.config`) imports pydantic and builds its models:
0.15 s of a command that only counts rows. The answer depends only on the file's text, the
``JIANCHA__…`` overrides and the code that validates them, so a validated configuration's
store settings (where the warehouse and the casebook are) are kept in the project's
``.jiancha/config.json`` under a hash of those. A command whose configuration is known valid
reads them from there and validates the whole only when it asks for more
(:attr:`ProjectConfig.full`); a changed file, override or jiancha is validated at once, as
before, so a mistake is still reported by the first command that reads it.
"""

from __future__ import annotations

import hashlib
import json
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jiancha import codehash
from jiancha.errors import ConfigError

if TYPE_CHECKING:
    from jiancha.config import JianchaConfig

CONFIG_NAME = "jiancha.toml"
CACHE_NAME = "config.json"
FORMAT = 1
# the code whose judgement is kept: a change to it makes every kept answer stale
CODE = (Path(__file__).with_name("config.py"), Path(__file__).parent / "link" / "config.py")
# the settings read before any other: where the stores are and how to open them
KEPT: dict[str, tuple[str, ...]] = {
    "warehouse": ("path", "threads", "memory_limit", "lock_wait_seconds"),
    "casebook": ("url",),
}


class ProjectConfig:
    """A project's configuration: its store settings at once, the whole validated
    :class:`~jiancha.config.JianchaConfig` when first asked for."""

    def __init__(
        self,
        name: str,
        data: dict[str, Any],
        kept: Mapping[str, Mapping[str, Any]],
        full: JianchaConfig | None = None,
    ) -> None:
        self.name = name
        self.data = data
        self.kept = kept
        self._full = full

    @classmethod
    def of(cls, config: JianchaConfig) -> ProjectConfig:
        """A configuration already validated (the workbench's, a test's)."""
        return cls(CONFIG_NAME, {}, kept_settings(config), config)

    def setting(self, section: str, key: str) -> Any:
        return self.kept[section][key]

    @property
    def full(self) -> JianchaConfig:
        if self._full is None:
            from jiancha.config import validate

            self._full = validate(self.name, self.data)
        return self._full


def read_config(
    path: Path, cache_dir: Path | None, environ: Mapping[str, str] | None = None
) -> ProjectConfig:
    """``path`` with the environment's overrides; validated unless ``cache_dir`` holds the
    settings of this same text (written there when validated, if it can be)."""
    text = path.read_text("utf-8") if path.exists() else ""
    data = parse_toml(path.name, text, os.environ if environ is None else environ)
    key = _key(text, data)
    cached = None if cache_dir is None else _read(cache_dir / CACHE_NAME, key)
    if cached is not None:
        return ProjectConfig(path.name, data, cached)
    from jiancha.config import validate

    full = validate(path.name, data)
    kept = kept_settings(full)
    if cache_dir is not None:
        _write(cache_dir / CACHE_NAME, key, kept)
    return ProjectConfig(path.name, data, kept, full)


def load_config(path: Path, environ: Mapping[str, str] | None = None) -> JianchaConfig:
    """Read and validate ``jiancha.toml``, then apply ``JIANCHA__SECTION__KEY`` overrides."""
    return read_config(path, None, environ).full


def parse_toml(name: str, text: str, environ: Mapping[str, str]) -> dict[str, Any]:
    """The file's tables with the ``JIANCHA__SECTION__KEY`` overrides applied."""
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{name} 格式错误：{exc}") from None
    for key, value in environ.items():
        if not key.startswith("JIANCHA__"):
            continue
        parts = [p.lower() for p in key[len("JIANCHA__") :].split("__") if p]
        if len(parts) < 2:
            continue
        node = data
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return data


def kept_settings(config: JianchaConfig) -> dict[str, dict[str, Any]]:
    return {
        section: {key: getattr(getattr(config, section), key) for key in keys}
        for section, keys in KEPT.items()
    }


def code_hash() -> str:
    return codehash.code_hash(FORMAT, CODE)


def _key(text: str, data: dict[str, Any]) -> str:
    # the data (text and overrides) decides; the text too, as TOML's dates are not JSON
    digest = hashlib.sha256(code_hash().encode())
    digest.update(text.encode("utf-8"))
    digest.update(json.dumps(data, sort_keys=True, default=str, ensure_ascii=False).encode())
    return digest.hexdigest()


def _read(path: Path, key: str) -> dict[str, dict[str, Any]] | None:
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # none yet, or unreadable: validate
    if not isinstance(found, dict) or found.get("key") != key:
        return None
    kept = found.get("settings")
    if not isinstance(kept, dict) or any(
        not isinstance(kept.get(section), dict) or set(kept[section]) != set(keys)
        for section, keys in KEPT.items()
    ):
        return None
    return kept


def _write(path: Path, key: str, kept: dict[str, dict[str, Any]]) -> None:
    """Keep the settings for next time; a folder that cannot be written is no error."""
    codehash.keep_json(path, {"key": key, "settings": kept})
