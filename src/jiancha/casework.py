"""Casework on a project: the verbs of ``jiancha clues …``, ``due``, ``ledger``, ``property``,
``dossier`` and ``stats``, over the project's casebook, ledger and file store.

The casebook modules work on one database; this module opens them for a project folder
(the ledger key in ``keys/``, documents and dossier files in ``files/``, unit templates in
``templates/``) and reads the warehouse rows that feed deadlines and statistics.
``demo_lifecycle`` takes a few clues of a fresh demo project through the whole workflow.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from jiancha.casebook import Casebook, ClueEventView, ClueStatus
from jiancha.casebook.custody import (
    CustodyEventView,
    DossierFileView,
    add_dossier_file,
    custody_history,
    custody_items,
    dossier_files,
    record_custody,
    share_dossier,
)
from jiancha.casebook.deadlines import DueItem, WorkCalendar, due_items
from jiancha.casebook.documents import (
    KIND_ABBREVIATIONS,
    UNIT_ABBREVIATIONS,
    DocumentView,
    _longest_prefix,
    documents_of,
    issue_document,
)
from jiancha.casebook.escalation import Escalation, escalate_overdue
from jiancha.casebook.filestore import FileStore
from jiancha.casebook.ledger import Ledger, LedgerHeadView, LedgerReport
from jiancha.casebook.service import DEFAULT_TTL, ServiceDesk, load_or_create_secret
from jiancha.casebook.stats import (
    CaseRatio,
    ModelPrecision,
    StageDuration,
    case_ratio,
    model_precision,
    parse_period,
    stage_durations,
)
from jiancha.casebook.workflow import (
    ActionSpec,
    Workflow,
    WorkflowState,
    parse_status,
    state_in,
)
from jiancha.console import Console
from jiancha.errors import CasebookError, WarehouseError
from jiancha.project import Project

KEYS_DIR = "keys"
FILES_DIR = "files"
TEMPLATES_DIR = "templates"
SERVICE_PATH = "/service/"

# Warehouse tables whose rows have deadlines (deadlines._READERS knows how to read them).
DEADLINE_TABLES = ("recommendation", "petition", "supervisory_transfer")
# Tables whose rows are kept to a unit scope by a key, not one by one: a case counts for
# the unit it entered, but its later steps may be recorded by another unit (复议、抗诉…).
_SCOPED_BY_KEY = {"procedural_event": "case_id"}


@dataclass
class Casework:
    """A project's casebook with its ledger, file store and workflow, open together."""

    project: Project
    book: Casebook
    ledger: Ledger
    files: FileStore

    @property
    def workflow(self) -> Workflow:
        return Workflow(self.book, self.ledger)

    @property
    def desk(self) -> ServiceDesk:
        secret = load_or_create_secret(self.project.root / KEYS_DIR)
        return ServiceDesk(self.book, self.ledger, self.files, secret)

    @property
    def templates(self) -> Path:
        return self.project.root / TEMPLATES_DIR


@contextmanager
def open_casework(project: Project) -> Iterator[Casework]:
    files = FileStore(project.root / FILES_DIR)
    ledger = Ledger(project.root / KEYS_DIR, files)
    with project.casebook() as book:
        yield Casework(project, book, ledger, files)


# -- clues ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClueDetail:
    """Everything ``clues show`` prints about one clue."""

    state: WorkflowState
    history: list[ClueEventView]
    documents: list[DocumentView]
    dossier: list[DossierFileView]


def clue_detail(project: Project, clue_id: str) -> ClueDetail:
    with open_casework(project) as work, work.book.session("查询线索") as session:
        return ClueDetail(
            state=state_in(session, clue_id),
            history=work.book.clue_history(clue_id),
            documents=documents_of(session, clue_id),
            dossier=dossier_files(session, clue_id),
        )


def assign_clue(
    project: Project, clue_id: str, person: str, *, actor: str, reason: str | None = None
) -> WorkflowState:
    with open_casework(project) as work:
        return work.workflow.assign(clue_id, person, actor=actor, reason=reason)


def move_clue(
    project: Project,
    clue_id: str,
    to: str,
    *,
    actor: str,
    reason: str | None = None,
    reason_code: str | None = None,
    recipient: str | None = None,
    urgent: bool = False,
    reply_days: int | None = None,
) -> WorkflowState:
    """Move a clue; ``to`` is a status value or its Chinese label."""
    target = parse_status(to)
    action = ActionSpec(recipient, urgent, reply_days) if recipient else None
    with open_casework(project) as work:
        return work.workflow.move(
            clue_id, target, actor=actor, reason=reason, reason_code=reason_code, action=action
        )


def undo_clue(project: Project, clue_id: str, *, actor: str, reason: str) -> WorkflowState:
    with open_casework(project) as work:
        return work.workflow.undo(clue_id, actor=actor, reason=reason)


def issue_clue_document(
    project: Project, clue_id: str, kind: str | None, *, actor: str, request: str = ""
) -> DocumentView:
    """Generate the clue's document of ``kind`` (default: that of its latest action)."""
    with open_casework(project) as work, work.book.session("制作文书") as session:
        chosen = kind or _latest_action_kind(session, clue_id)
        return issue_document(
            session,
            work.ledger,
            work.files,
            clue_id,
            chosen,
            actor=actor,
            request=request,
            project_templates=work.templates,
        )


def _latest_action_kind(session: Any, clue_id: str) -> str:
    actions = state_in(session, clue_id).actions
    if not actions:
        raise CasebookError(
            f"线索 {clue_id} 还没有监督措施：请写明文书种类（{'、'.join(KIND_ABBREVIATIONS)}）"
        )
    return actions[-1].kind


def document_path(project: Project, document: DocumentView) -> Path:
    """Where a document's file is in the project's file store."""
    return FileStore(project.root / FILES_DIR).path(document.sha256)


@dataclass(frozen=True)
class ServiceIssued:
    document: DocumentView
    token: str
    expires_in: timedelta

    def url(self, base_url: str) -> str:
        return f"{base_url.rstrip('/')}{SERVICE_PATH}{self.token}"


def serve_clue(
    project: Project,
    clue_id: str,
    *,
    actor: str,
    document_id: int | None = None,
    ttl: timedelta = DEFAULT_TTL,
) -> ServiceIssued:
    """Issue an e-service link for the clue's newest served-kind document (or the one given)."""
    with open_casework(project) as work:
        with work.book.session("查询文书") as session:
            documents = [d for d in documents_of(session, clue_id) if d.kind in KIND_ABBREVIATIONS]
        chosen = _choose_document(clue_id, documents, document_id)
        token = work.desk.issue_link(chosen.id, actor=actor, ttl=ttl)
    return ServiceIssued(chosen, token, ttl)


def _choose_document(
    clue_id: str, documents: list[DocumentView], document_id: int | None
) -> DocumentView:
    if document_id is not None:
        for document in documents:
            if document.id == document_id:
                return document
        raise CasebookError(f"线索 {clue_id} 没有编号为 {document_id} 的送达文书")
    if not documents:
        raise CasebookError(f"线索 {clue_id} 还没有可送达的文书：先运行 jiancha clues document")
    return documents[-1]


# -- deadlines and escalation -------------------------------------------------------------


def warehouse_rows(
    project: Project, tables: Sequence[str], *, units: Sequence[str] | None = None
) -> dict[str, list[dict[str, Any]]]:
    """The rows of ``tables`` as dicts; a table the warehouse does not have is left out.

    ``units``: only rows whose ``unit_code`` starts with one of these prefixes are read
    (None: every row; empty: none); for a table of ``_SCOPED_BY_KEY``, every row sharing
    its key with such a row."""
    found: dict[str, list[dict[str, Any]]] = {}
    if not project.warehouse_path.exists():
        return found
    with project.warehouse(read_only=True) as wh:
        listed = wh.con.execute("SELECT table_name FROM information_schema.tables")
        present = {name for (name,) in listed.fetchall()}
        for table in tables:
            if table not in present:
                continue
            where, params = _unit_filter(table, units)
            cursor = wh.con.execute(f'SELECT * FROM "{table}"{where}', params)
            columns = [c[0] for c in cursor.description]
            found[table] = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    return found


def _unit_filter(table: str, units: Sequence[str] | None) -> tuple[str, list[str]]:
    """The WHERE clause (DuckDB) and its parameters that keep ``table`` to ``units``."""
    if units is None:
        return "", []
    if not units:
        return " WHERE false", []
    # starts_with, not LIKE: a prefix needs no escaping
    test = " OR ".join("starts_with(unit_code, ?)" for _ in units)
    key = _SCOPED_BY_KEY.get(table)
    if key is None:
        return f" WHERE {test}", list(units)
    return f' WHERE "{key}" IN (SELECT "{key}" FROM "{table}" WHERE {test})', list(units)


def _scope(units: Sequence[str] | None, prefix: str | None) -> tuple[str, ...] | None:
    """The prefixes a unit code must start with to be both in ``units`` and under
    ``prefix``: None, no restriction; empty, nothing is in scope."""
    if not prefix:
        return None if units is None else tuple(units)
    if units is None:
        return (prefix,)
    # under both: the longer of two prefixes where one extends the other
    kept = {max(u, prefix, key=len) for u in units if u.startswith(prefix) or prefix.startswith(u)}
    return tuple(sorted(kept))


def due(
    project: Project,
    within: timedelta | None,
    as_of: date,
    *,
    unit_prefix: str | None = None,
    person: str | None = None,
    units: Sequence[str] | None = None,
) -> list[DueItem]:
    """What is due by ``as_of + within``, overdue included: the casebook's actions and the
    agencies' imported recommendation, petition and supervisory_transfer rows.

    ``units`` (a user's unit prefixes; None: every unit) and ``unit_prefix`` restrict the
    queries themselves: nothing of another unit is read."""
    scope = _scope(units, unit_prefix)
    records = warehouse_rows(project, DEADLINE_TABLES, units=scope)
    with project.casebook() as book, book.session("查询期限") as session:
        items = due_items(
            session, within, as_of, records, units=scope, calendar=work_calendar(project)
        )
    return [i for i in items if not person or i.person == person]


def escalate(project: Project, as_of: date, *, actor: str = "system") -> list[Escalation]:
    """Move every clue whose reply period passed without rectification up the ladder."""
    calendar = work_calendar(project)
    with open_casework(project) as work, work.book.session("逾期督促") as session:
        return escalate_overdue(session, work.ledger, as_of, actor, calendar=calendar)


def work_calendar(project: Project) -> WorkCalendar:
    """The package's holidays with the project's own lists (``[calendar]`` in jiancha.toml)."""
    listed = project.config.calendar
    return WorkCalendar(frozenset(listed.holidays), frozenset(listed.workdays))


# -- ledger -------------------------------------------------------------------------------


def verify_ledger(project: Project, anchored_head: str | None = None) -> LedgerReport:
    with open_casework(project) as work, work.book.session("校验账本") as session:
        return work.ledger.verify(session, anchored_head)


def ledger_head(project: Project) -> LedgerHeadView:
    with open_casework(project) as work, work.book.session("读取账本") as session:
        return work.ledger.head(session)


# -- seized property and dossiers ---------------------------------------------------------


def record_property(
    project: Project,
    item_ref: str,
    state: str,
    *,
    actor: str,
    clue_id: str | None = None,
    detail: dict[str, Any] | None = None,
) -> CustodyEventView:
    with open_casework(project) as work, work.book.session("登记涉案财物") as session:
        return record_custody(
            session, work.ledger, item_ref, state, actor=actor, clue_id=clue_id, detail=detail
        )


def property_history(project: Project, item_ref: str | None = None) -> list[CustodyEventView]:
    with project.casebook() as book, book.session("查询涉案财物") as session:
        if item_ref is None:
            return list(custody_items(session).values())
        history = custody_history(session, item_ref)
    if not history:
        raise CasebookError(f"没有涉案财物 {item_ref} 的保管记录")
    return history


def add_to_dossier(
    project: Project, clue_id: str, paths: Sequence[Path], *, actor: str
) -> list[DossierFileView]:
    added = []
    with open_casework(project) as work, work.book.session("添加卷宗文件") as session:
        for path in paths:
            if not path.is_file():
                raise CasebookError(f"卷宗文件 {path} 不存在或不是文件")
            data = path.read_bytes()
            added.append(
                add_dossier_file(
                    session, work.ledger, work.files, clue_id, path.name, data, actor=actor
                )
            )
    return added


def list_dossier(project: Project, clue_id: str) -> list[DossierFileView]:
    with project.casebook() as book, book.session("查询卷宗") as session:
        return dossier_files(session, clue_id)


def share_clue_dossier(
    project: Project, clue_id: str, to_unit: str, *, actor: str, reason: str | None = None
) -> int:
    """Share the dossier; returns how many files were shared."""
    with open_casework(project) as work, work.book.session("共享卷宗") as session:
        event = share_dossier(session, work.ledger, clue_id, to_unit, actor=actor, reason=reason)
        return len(event.detail["files"])


# -- statistics ---------------------------------------------------------------------------


@dataclass(frozen=True)
class QualityStats:
    period: str
    start: date
    end: date
    ratios: list[CaseRatio]
    models: list[ModelPrecision]
    stages: list[StageDuration]
    notes: list[str] = field(default_factory=list)


def quality_stats(
    project: Project,
    period: str,
    *,
    unit_prefix: str = "",
    units: Sequence[str] | None = None,
) -> QualityStats:
    """案-件比 per unit (warehouse procedural_event), outcomes per model, days per stage.

    ``units`` (a user's unit prefixes; None: every unit) restricts every figure, in the
    queries: nothing of another unit is read; ``unit_prefix`` narrows them further."""
    start, end = parse_period(period)
    scope = _scope(units, unit_prefix)
    notes: list[str] = []
    try:
        rows = warehouse_rows(project, ["procedural_event"], units=scope)
        events = rows.get("procedural_event")
    except WarehouseError as exc:
        events, notes = None, [f"数据仓库不可读，未计算案-件比：{exc}"]
    if events is None and not notes:
        notes.append("数据仓库没有诉讼环节（procedural_event）数据，未计算案-件比")
    ratios = case_ratio(events or [], start, end, units=scope)
    with project.casebook() as book, book.session("统计") as session:
        models = model_precision(session, start, end, units=scope)
        stages = stage_durations(session, start, end, units=scope)
    return QualityStats(period, start, end, ratios, models, stages, notes)


# -- the demo -----------------------------------------------------------------------------

DEMO_ACTOR = "林检察官（演示）"
DEMO_LEADER = "陈部长（演示）"
DEMO_RECIPIENT = "漳州市某执法机关（演示）"

# Each demo clue's path: (step, day) with days counted from 100 days ago. Steps are a
# status to move to, or "doc" (generate the document), "serve" (e-service link opened and
# receipt confirmed), "reply" (the recipient uploads its reply through the link).
_OPEN = (("assign", 1), (ClueStatus.VERIFYING.value, 2), (ClueStatus.OPENED.value, 8))
_RECOMMEND = (*_OPEN, (ClueStatus.RECOMMENDED.value, 10), ("doc", 10))
_DEMO_PATHS: dict[str, tuple[tuple[str, int], ...]] = {
    "assigned": (("assign", 90),),
    "verifying": (("assign", 80), (ClueStatus.VERIFYING.value, 85)),
    "dismissed": (("assign", 1), (ClueStatus.VERIFYING.value, 3), (ClueStatus.DISMISSED.value, 9)),
    "opened": (*_OPEN[:2], (ClueStatus.DISMISSED.value, 5), ("undo", 6), _OPEN[2]),
    "recommended": _RECOMMEND,
    "correction_notified": (*_OPEN, (ClueStatus.CORRECTION_NOTIFIED.value, 9), ("doc", 9)),
    "pil_recommended": (*_OPEN, (ClueStatus.PIL_RECOMMENDED.value, 12), ("doc", 12)),
    "transferred": (*_OPEN, (ClueStatus.TRANSFERRED.value, 11), ("doc", 11)),
    "served": (*_RECOMMEND, ("serve", 95)),
    "objected": (*_RECOMMEND, ("serve", 20), (ClueStatus.OBJECTED.value, 30)),
    "replied": (*_RECOMMEND, ("serve", 88), ("reply", 97)),
    "rectified": (*_RECOMMEND, ("serve", 15), ("reply", 40), (ClueStatus.RECTIFIED.value, 50)),
    "escalated": (*_RECOMMEND, ("serve", 12)),  # its reply period ends unanswered
    "closed": (
        *_RECOMMEND,
        ("serve", 14),
        ("reply", 30),
        (ClueStatus.RECTIFIED.value, 45),
        (ClueStatus.CLOSED.value, 60),
    ),
}
_REASONS: dict[str, str] = {
    ClueStatus.DISMISSED: "经调阅原始卷宗，数据录入有误，无违法情形",
    ClueStatus.OBJECTED: "被建议单位书面提出异议，认为已依法办理",
}


def demo_lifecycle(project: Project, console: Console) -> dict[str, int]:
    """Take a few new clues through every workflow state; returns clues per status.

    The histories are back-dated over the last 100 days so deadlines and the escalation
    ladder have something to show; one clue carries a seized item and a shared dossier.
    """
    clues = [c for c in project.clues(status=ClueStatus.NEW.value) if _numbered(c.unit_code)]
    paths = list(_DEMO_PATHS.items())[: len(clues)]
    if len(paths) < len(_DEMO_PATHS):
        console.warn(f"可演示的新线索只有 {len(clues)} 条，只演示 {len(paths)} 种状态")
    now = datetime.now().replace(microsecond=0)
    start = now - timedelta(days=100)
    console.info(f"演示办案流程：{len(paths)} 条线索走完各个环节…")
    with open_casework(project) as work:
        for clue, (_, path) in zip(clues, paths, strict=False):
            _DemoCase(work, clue.id, start).walk(path)
        with work.book.session("逾期督促") as session:
            escalate_overdue(session, work.ledger, now.date(), "system", at=now)
        if paths:
            _demo_property_and_dossier(work, clues[len(paths) - 1].id, start)
        counts = Counter(c.status for c in work.book.list_clues())
    return dict(sorted(counts.items()))


def _numbered(unit_code: str | None) -> bool:
    """Whether documents of this unit can be numbered (its abbreviation is known)."""
    return bool(unit_code) and _longest_prefix(UNIT_ABBREVIATIONS, unit_code or "") is not None


class _DemoCase:
    """One demo clue walking its path."""

    def __init__(self, work: Casework, clue_id: str, start: datetime) -> None:
        self.work = work
        self.clue_id = clue_id
        self.start = start
        self.token: str | None = None

    def walk(self, path: Sequence[tuple[str, int]]) -> None:
        handlers = {
            "assign": self._assign,
            "undo": self._undo,
            "doc": self._doc,
            "serve": self._serve,
            "reply": self._reply,
        }
        for step, day in path:
            at = self.start + timedelta(days=day, hours=9)
            handler = handlers.get(step)
            if handler is None:
                self._move(step, at)
            else:
                handler(at)

    def _assign(self, at: datetime) -> None:
        self.work.workflow.assign(self.clue_id, DEMO_ACTOR, actor=DEMO_LEADER, at=at)

    def _undo(self, at: datetime) -> None:
        self.work.workflow.undo(
            self.clue_id, actor=DEMO_LEADER, reason="部门负责人审核：排除理由不成立", at=at
        )

    def _move(self, status: str, at: datetime) -> None:
        kind = {
            ClueStatus.RECOMMENDED: "recommendation",
            ClueStatus.CORRECTION_NOTIFIED: "correction_notice",
            ClueStatus.PIL_RECOMMENDED: "pil_pre_litigation",
            ClueStatus.TRANSFERRED: "supervisory_transfer",
        }.get(ClueStatus(status))
        recipient = "漳州市监察委员会" if kind == "supervisory_transfer" else DEMO_RECIPIENT
        self.work.workflow.move(
            self.clue_id,
            status,
            actor=DEMO_ACTOR,
            reason=_REASONS.get(status, "演示"),
            reason_code="data_error" if status == ClueStatus.DISMISSED else None,
            action=ActionSpec(recipient) if kind else None,
            at=at,
        )

    def _doc(self, at: datetime) -> None:
        with self.work.book.session("制作文书") as session:
            kind = _latest_action_kind(session, self.clue_id)
            issue_document(
                session,
                self.work.ledger,
                self.work.files,
                self.clue_id,
                kind,
                actor=DEMO_ACTOR,
                at=at,
                request="请依法纠正，并对相关责任人员进行教育。",
                project_templates=self.work.templates,
            )

    def _serve(self, at: datetime) -> None:
        with self.work.book.session("查询文书") as session:
            document = documents_of(session, self.clue_id)[-1]
        desk = self.work.desk
        self.token = desk.issue_link(document.id, actor=DEMO_ACTOR, ttl=timedelta(days=30), now=at)
        desk.open_link(self.token, now=at + timedelta(hours=2))
        desk.confirm_receipt(self.token, by="收发室王某", now=at + timedelta(hours=3))

    def _reply(self, at: datetime) -> None:
        assert self.token is not None, "a demo path replies only after serving"
        text = "关于检察建议的回复：已组织整改，并建立长效机制。".encode()
        self.work.desk.upload_reply(self.token, text, "整改情况回复.txt", by="法制科", now=at)


def _demo_property_and_dossier(work: Casework, clue_id: str, start: datetime) -> None:
    """A seized item through its whole custody chain, and a dossier shared with the city."""
    item = f"{clue_id}-W1"
    steps = (("seized", 2), ("stored", 3), ("transferred", 20), ("confiscated", 70))
    with work.book.session("演示涉案财物与卷宗") as session:
        for state, day in steps:
            record_custody(
                session,
                work.ledger,
                item,
                state,
                actor=DEMO_ACTOR,
                clue_id=clue_id,
                at=start + timedelta(days=day),
                detail={
                    "item": "涉案车辆一辆（演示）",
                    "custodian": "漳州市公安局涉案财物管理中心",
                },
            )
        for name, text in (
            ("询问笔录.txt", "询问笔录（演示）"),
            ("调查报告.txt", "调查报告（演示）"),
        ):
            add_dossier_file(
                session,
                work.ledger,
                work.files,
                clue_id,
                name,
                text.encode(),
                actor=DEMO_ACTOR,
                at=start + timedelta(days=25),
            )
        share_dossier(
            session,
            work.ledger,
            clue_id,
            "福建省漳州市人民检察院",
            actor=DEMO_ACTOR,
            reason="报上级院备案审查",
            at=start + timedelta(days=61),
        )
