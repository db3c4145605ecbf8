"""The façade users hold: a project folder, opened like a git repository.

Its methods are the verbs of the CLI (and of the web); commands stay thin.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jiancha.config import CONFIG_NAME, DEFAULT_TOML, JianchaConfig, load_config
from jiancha.console import Console, SilentConsole
from jiancha.errors import ConfigError
from jiancha.warehouse import TableCount, Warehouse

if TYPE_CHECKING:
    from jiancha.text.similar import SimilarResult


@dataclass(frozen=True)
class QuarantineRow:
    batch_id: int
    file: str
    sheet: str | None
    row: int | None
    table: str | None
    record_id: str | None
    field: str | None
    reason: str
    raw: str | None


class Project:
    """A jiancha project folder: ``jiancha.toml``, the warehouse and the casebook."""

    def __init__(self, root: Path, config: JianchaConfig, console: Console | None = None) -> None:
        self.root = root
        self.config = config
        self.console: Console = console or SilentConsole()

    # -- finding and creating -------------------------------------------------------------
    @classmethod
    def init(
        cls,
        root: Path,
        *,
        name: str | None = None,
        unit_code: str = "3506",
        console: Console | None = None,
    ) -> Project:
        """Create the folder, ``jiancha.toml`` and an empty warehouse; an existing one is kept."""
        root = root.resolve()
        if root.exists() and not root.is_dir():
            raise ConfigError(f"{root} 已存在且不是文件夹")
        root.mkdir(parents=True, exist_ok=True)
        (root / "models").mkdir(exist_ok=True)
        config_path = root / CONFIG_NAME
        if not config_path.exists():
            text = DEFAULT_TOML.format(name=name or root.name, unit_code=unit_code)
            config_path.write_text(text, encoding="utf-8")
        project = cls(root, load_config(config_path), console)
        with project.warehouse():
            pass
        return project

    @classmethod
    def open(cls, root: Path | None = None, console: Console | None = None) -> Project:
        """The project at ``root``, or the nearest one from the current directory upward."""
        found = find_project(root)
        return cls(found, load_config(found / CONFIG_NAME), console)

    # -- stores ---------------------------------------------------------------------------
    @property
    def warehouse_path(self) -> Path:
        return self.root / self.config.warehouse.path

    @contextmanager
    def warehouse(self, read_only: bool = False) -> Iterator[Warehouse]:
        cfg = self.config.warehouse
        store = Warehouse.open(
            self.warehouse_path,
            threads=cfg.threads,
            memory_limit=cfg.memory_limit,
            read_only=read_only and self.warehouse_path.exists(),
            lock_wait_seconds=cfg.lock_wait_seconds,
        )
        try:
            yield store
        finally:
            store.close()

    # -- verbs ----------------------------------------------------------------------------
    def import_paths(
        self,
        paths: Sequence[Path],
        *,
        table: str | None = None,
        mapping: Path | None = None,
    ) -> list[Any]:
        from jiancha.ingest.importer import Importer
        from jiancha.ingest.mapping import load_mapping

        profile = load_mapping(mapping) if mapping else None
        with self.warehouse() as wh:
            importer = Importer(wh, console=self.console, table=table, profile=profile)
            reports = importer.import_paths(paths)
        if any(r.table == "judgment" and (r.new or r.replaced) for r in reports):
            self.sync_sentence_estimates()
            if self.similar_index_dir.exists():
                self.sync_similar_index()  # the index follows the judgments once it exists
        return reports

    def sync_sentence_estimates(self) -> tuple[int, int]:
        """Bring the warehouse's sentence_estimate (the models' input) in line with the
        judgment table: (estimated, removed)."""
        from jiancha.text.estimates import sync_estimates

        with self.warehouse() as wh:
            return sync_estimates(wh.con)

    @property
    def similar_index_dir(self) -> Path:
        return self.root / "index" / "similar"

    def sync_similar_index(self) -> tuple[int, int]:
        """Bring the similar-case index in line with the judgment table: (indexed, removed)."""
        from jiancha.text.similar import sync_index

        with self.warehouse(read_only=True) as wh:
            return sync_index(wh.con, self.similar_index_dir)

    def similar(
        self,
        text: str | None = None,
        *,
        record_id: str | None = None,
        k: int = 10,
        explain: bool = False,
    ) -> SimilarResult:
        """类案检索: the k judgments most similar to a fact text or to a stored judgment, with
        the sentence estimate of the query."""
        from jiancha.text.similar import SimilarIndex, judgment_rows, sync_index

        with self.warehouse(read_only=True) as wh:
            sync_index(wh.con, self.similar_index_dir)
            row = next(judgment_rows(wh.con, [record_id]), None) if record_id else None
        if record_id and row is None:
            raise ConfigError(f"判决 {record_id} 不在数据仓库中")
        query: Any = row if row is not None else text
        index = SimilarIndex.open(self.similar_index_dir)
        return index.search(query, k=k, explain=explain).estimated()

    def counts(self) -> tuple[list[TableCount], dict[str, int]]:
        with self.warehouse(read_only=True) as wh:
            return wh.counts(), wh.quarantine_counts()

    # -- models and clues -------------------------------------------------------------------
    def catalogue(self) -> Any:
        """Shipped models plus the project's ``models/`` folder, with jiancha.toml overrides."""
        from jiancha.models import load_catalogue

        return load_catalogue(extra_dirs=[self.root / "models"], overrides=self.config.models)

    @property
    def casebook_url(self) -> str:
        return self.config.casebook.url or f"sqlite:///{self.root / 'casebook.sqlite'}"

    @contextmanager
    def casebook(self) -> Iterator[Any]:
        from jiancha.casebook import Casebook

        book = Casebook.open(self.casebook_url)
        try:
            yield book
        finally:
            book.close()

    def run(self, model_ids: Sequence[str] | None = None, as_of: date | None = None) -> Any:
        """Run models on the warehouse and record their hits as clues (see jiancha.runs)."""
        from jiancha.runs import run_and_record

        self.sync_sentence_estimates()  # a warehouse imported before estimates were kept
        return run_and_record(self, list(model_ids) if model_ids else None, as_of or date.today())

    def link(self) -> Any:
        """Link people and organisations across every table (jiancha.link)."""
        from jiancha.link import link_warehouse

        with self.warehouse() as wh:
            return link_warehouse(wh.con, config=self.config.link, console=self.console)

    def link_review(self, limit: int | None = None) -> list[Any]:
        from jiancha.link import review_pairs

        with self.warehouse(read_only=True) as wh:
            return review_pairs(wh.con, limit)

    def link_decide(self, number: int, match: bool, actor: str, reason: str) -> Any:
        """Decide the ``number``-th pair of the review list (1-based, as listed)."""
        from jiancha.link import decide, review_pairs

        with self.warehouse() as wh:
            pairs = review_pairs(wh.con)
            if not 1 <= number <= len(pairs):
                raise ConfigError(f"待复核列表中没有第 {number} 对（共 {len(pairs)} 对）")
            pair = pairs[number - 1]
            decide(wh.con, pair, match, actor, reason)
            return pair

    def link_explain(self, table: str, record_id: str, role: str) -> Any:
        from jiancha.link import explain

        with self.warehouse(read_only=True) as wh:
            return explain(wh.con, table, record_id, role)

    def publish(self, record_id: str) -> str:
        """A stored judgment de-identified for publication (检务公开)."""
        from jiancha.text.publish import publish

        with self.warehouse(read_only=True) as wh:
            row = wh.con.execute(
                "SELECT full_text FROM judgment WHERE record_id = ?", [record_id]
            ).fetchone()
        if row is None or not row[0]:
            raise ConfigError(f"判决 {record_id} 不存在或没有裁判文书全文")
        return publish(str(row[0]))

    def link_basis(self, evidence: Sequence[tuple[str, str]]) -> list[Any]:
        """The explanations of the probabilistic links a clue's evidence rows rely on."""
        from jiancha.link import explain, is_linked

        with self.warehouse(read_only=True) as wh:
            if not evidence or not is_linked(wh.con):
                return []
            cursor = wh.con.cursor()
            mentions = cursor.execute(
                "SELECT table_name, record_id, role FROM person_mention "
                "WHERE method IN ('probabilistic', 'review') AND (table_name, record_id) IN "
                f"(SELECT * FROM (VALUES {', '.join('(?, ?)' for _ in evidence)}))",
                [v for pair in evidence for v in pair],
            ).fetchall()
            cursor.close()
            return [explain(wh.con, str(t), str(r), str(role)) for t, r, role in mentions]

    def check_models(self) -> list[Any]:
        from jiancha.models import check_models

        catalogue = self.catalogue()
        with self.warehouse(read_only=True) as wh:
            return check_models(wh.con, catalogue)

    def clues(self, **filters: Any) -> list[Any]:
        with self.casebook() as book:
            return list(book.list_clues(**filters))

    def quarantine(
        self, *, table: str | None = None, file: str | None = None, limit: int = 100
    ) -> list[QuarantineRow]:
        sql = "SELECT * FROM _quarantine WHERE 1=1"
        params: list[Any] = []
        if table:
            sql += " AND table_name = ?"
            params.append(table)
        if file:
            sql += " AND file = ?"
            params.append(file)
        sql += ' ORDER BY batch_id, "row" LIMIT ?'
        params.append(limit)
        with self.warehouse(read_only=True) as wh:
            rows = wh.con.execute(sql, params).fetchall()
        return [QuarantineRow(*r) for r in rows]


def find_project(start: Path | None) -> Path:
    """``start`` if given (must hold jiancha.toml), else the nearest folder upward that does."""
    if start is not None:
        start = start.resolve()
        if (start / CONFIG_NAME).is_file():
            return start
        raise ConfigError(f"{start} 不是 jiancha 项目（没有 {CONFIG_NAME}）；先运行 jiancha init")
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise ConfigError(
        f"当前目录及其上级目录中没有 jiancha 项目（{CONFIG_NAME}）；先运行 jiancha init"
    )
