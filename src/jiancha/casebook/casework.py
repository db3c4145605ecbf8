"""Casework: everything people do with clues, and the one way the command line, the
workbench, the demo and the reports (period reports, typical cases) reach the casebook.

A :class:`Casework` holds one casebook (its connection pool), the project's ledger and file
store, and a reader of the warehouse rows that feed deadlines and statistics. Each verb is
one transaction. ``units`` is the reader's unit prefixes: None for every unit (the command
line), a workbench user's units otherwise — a clue outside them is not found, and a list or
a figure counts nothing of another unit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from jiancha.casebook.actions import KIND_TITLES, SERVED_KINDS
from jiancha.casebook.filestore import FileStore
from jiancha.casebook.inbox import (
    ClueFilter,
    InboxPage,
    clue_in_scope,
    clue_list,
    dashboard_counts,
    document_in_scope,
    inbox_page,
    scoped_ids,
)
from jiancha.casebook.store import Casebook, evidence_in, history_in, run_parameters_in
from jiancha.casebook.views import ClueEventView, ClueView, EvidenceSnapshot, RunView, display_id
from jiancha.errors import CasebookError, NotFound, WarehouseError

if TYPE_CHECKING:
    # what only some verbs need is imported by them (a list of clues needs no docx,
    # cryptography or holiday calendar)
    from jiancha.casebook.accounts import Accounts
    from jiancha.casebook.audit import AuditLog
    from jiancha.casebook.custody import CustodyEventView, DossierFileView
    from jiancha.casebook.deadlines import DueItem, WorkCalendar
    from jiancha.casebook.documents import DocumentView, DraftView
    from jiancha.casebook.escalation import Escalation
    from jiancha.casebook.finding import Finding
    from jiancha.casebook.home import ReplyView, SavedFilterView, UnitOutcome
    from jiancha.casebook.inbox import InboxRow
    from jiancha.casebook.intake import IntakeQueue
    from jiancha.casebook.ledger import Ledger, LedgerEntryView, LedgerHeadView, LedgerReport
    from jiancha.casebook.registers import Registers
    from jiancha.casebook.service import ServiceDesk, ServiceLinkView
    from jiancha.casebook.stats import CaseRatio, ModelPrecision, PeriodWork, StageDuration
    from jiancha.casebook.webhooks import Webhooks
    from jiancha.casebook.workflow import ActionSpec, Workflow, WorkflowState
    from jiancha.link.review import MentionMatch
    from jiancha.models.spec import Header
    from jiancha.text.similar import SimilarResult


KEYS_DIR = "keys"
FILES_DIR = "files"
TEMPLATES_DIR = "templates"
SERVICE_PATH = "/service/"

# Warehouse tables whose rows have deadlines (casebook.deadlines reads them).
DEADLINE_TABLES = ("recommendation", "petition", "supervisory_transfer")
# The warehouse table the 案-件比 is counted from.
CASE_EVENTS = "procedural_event"


@dataclass(frozen=True)
class CaseworkConfig:
    """Where a project keeps its casework files, and its working days: the project's own
    holiday lists (``[calendar]`` in jiancha.toml) before the State Council's."""

    root: Path  # the project folder: keys/, files/ and templates/ are in it
    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()

    @property
    def calendar(self) -> WorkCalendar:
        from jiancha.casebook.deadlines import WorkCalendar

        return WorkCalendar(self.holidays, self.workdays)

    @property
    def keys_dir(self) -> Path:
        return self.root / KEYS_DIR

    @property
    def files_dir(self) -> Path:
        return self.root / FILES_DIR

    @property
    def templates_dir(self) -> Path:
        return self.root / TEMPLATES_DIR


class WarehouseReader(Protocol):
    """What casework reads from the warehouse: agencies' rows (deadlines, 案-件比)."""

    def scoped_rows(
        self, tables: Sequence[str], units: Sequence[str] | None
    ) -> dict[str, list[dict[str, Any]]]:
        """The rows of ``tables`` whose unit starts with one of ``units`` (None: every
        row), as dicts; a table the warehouse does not have is left out."""
        ...


class NoWarehouse:
    """A reader for a casebook without a warehouse: no agency rows at all."""

    def scoped_rows(
        self, tables: Sequence[str], units: Sequence[str] | None
    ) -> dict[str, list[dict[str, Any]]]:
        return {}


class ModelHeaders(Protocol):
    """The catalogue as casework reads it: a model's header and effective parameters by id
    ((None, {}): not in it)."""

    def __call__(self, model_id: str) -> tuple[Header | None, Mapping[str, Any]]: ...


class PersonMatcher(Protocol):
    """The link stage as casework reads it: how the people of evidence rows were matched."""

    def person_matches(self, evidence: Sequence[tuple[str, str]]) -> list[MentionMatch]: ...


@dataclass(frozen=True)
class ClueDetail:
    """One clue as ``clues show``, the clue page and the API show it."""

    finding: Finding  # the conclusion, the comparison, the records and what to do next
    state: WorkflowState
    history: list[ClueEventView]
    documents: list[DocumentView]
    dossier: list[DossierFileView]
    evidence: list[EvidenceSnapshot]  # the rows as the runs found them, oldest first
    proof: list[LedgerEntryView]  # the ledger entries about the clue

    @property
    def clue(self) -> ClueView:
        return self.state.clue


@dataclass(frozen=True)
class MyWork:
    """我的工作: one user's clues by status and still to work, what is due and overdue,
    the clues new in their units since their visit before, and the replies received."""

    since: datetime | None  # the visit before this one (None: the first)
    by_status: list[tuple[str, int]]
    open_clues: list[InboxRow]
    due: list[DueItem]  # soonest first, overdue included
    new_clues: list[InboxRow]
    new_total: int  # at most home.BADGE_CAP + 1
    replies: list[ReplyView]

    @property
    def overdue(self) -> int:
        return sum(1 for item in self.due if item.overdue)


@dataclass(frozen=True)
class ServiceIssued:
    document: DocumentView
    token: str
    expires_in: timedelta

    def url(self, base_url: str) -> str:
        return f"{base_url.rstrip('/')}{SERVICE_PATH}{self.token}"


@dataclass(frozen=True)
class QualityStats:
    period: str
    start: date
    end: date
    ratios: list[CaseRatio]
    models: list[ModelPrecision]
    stages: list[StageDuration]
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PeriodReview:
    """The work of several periods (a period report's), and what could not be counted."""

    periods: list[PeriodWork]  # in the order asked
    has_case_data: bool  # the warehouse had procedural events to count the 案-件比 from
    notes: list[str] = field(default_factory=list)


class Casework:
    """A project's casebook with its ledger, file store, workflow and e-service desk."""

    def __init__(
        self,
        config: CaseworkConfig,
        book: Casebook,
        warehouse: WarehouseReader | None = None,
        *,
        models: ModelHeaders | None = None,
        people: PersonMatcher | None = None,
    ) -> None:
        self.config = config
        self.book = book
        self.warehouse: WarehouseReader = warehouse or NoWarehouse()
        self.models = models
        self.people = people
        self.files = FileStore(config.files_dir)

    @cached_property
    def ledger(self) -> Ledger:
        from jiancha.casebook.ledger import Ledger

        return Ledger(self.config.keys_dir, self.files)

    @cached_property
    def workflow(self) -> Workflow:
        from jiancha.casebook.workflow import Workflow

        return Workflow(self.book, self.ledger)

    @cached_property
    def accounts(self) -> Accounts:
        """The workbench's users."""
        from jiancha.casebook.accounts import Accounts

        return Accounts(self.book)

    @cached_property
    def audit(self) -> AuditLog:
        from jiancha.casebook.audit import AuditLog

        return AuditLog(self.book)

    @cached_property
    def registers(self) -> Registers:
        """The registers the measures ask for (干预司法记录, 人民监督员, 远程提审…)."""
        from jiancha.casebook.registers import Registers

        return Registers(self.book, self.ledger, self.config.calendar, self.warehouse)

    @cached_property
    def service(self) -> ServiceDesk:
        """The e-service desk (its signing secret is made on first use)."""
        from jiancha.casebook.service import ServiceDesk, load_or_create_secret

        secret = load_or_create_secret(self.config.keys_dir)
        return ServiceDesk(self.book, self.ledger, self.files, secret)

    @cached_property
    def intake(self) -> IntakeQueue:
        """Agency keys and the queue of pushed batches (``jiancha.intake``)."""
        from jiancha.casebook.intake import IntakeQueue

        return IntakeQueue(self.book, self.ledger)

    @cached_property
    def webhooks(self) -> Webhooks:
        """The units' webhooks for new clues (``jiancha webhooks``)."""
        from jiancha.casebook.webhooks import Webhooks

        return Webhooks(self.book, self.config.keys_dir)

    def close(self) -> None:
        self.book.close()

    def __enter__(self) -> Casework:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- finding clues ----------------------------------------------------------------

    def clues(
        self,
        filters: ClueFilter | None = None,
        *,
        units: Sequence[str] | None = None,
        limit: int | None = None,
    ) -> list[ClueView]:
        """The matching clues in full, by id."""
        with self.book.session("查询线索") as session:
            return clue_list(session, filters or ClueFilter(), units, limit=limit)

    def inbox(self, filters: ClueFilter, units: Sequence[str] | None) -> InboxPage:
        with self.book.session("查询线索") as session:
            return inbox_page(session, filters, units)

    def dashboard(self, units: Sequence[str] | None) -> dict[str, list[tuple[str, int]]]:
        with self.book.session("统计线索") as session:
            return dashboard_counts(session, units)

    # -- 我的工作, saved filters, search --------------------------------------------------

    def my_work(
        self,
        user_id: int,
        names: Sequence[str],
        units: Sequence[str] | None,
        *,
        as_of: date,
        within: timedelta = timedelta(days=7),
        everyone: bool = False,
        now: datetime | None = None,
    ) -> MyWork:
        """The user's 我的工作, and their visit recorded (the badge starts again from now).

        ``names``: the names clues are assigned to the user by (username, display name);
        ``everyone``: a leader's page, whose due items and replies are their units' all."""
        from jiancha.casebook import home

        with self.book.session("我的工作") as session:
            since = home.record_visit(session, user_id, now or datetime.now())
            by_status = home.my_status_counts(session, names, units)
            open_clues = home.my_open_clues(session, names, units)
            new_clues = home.new_clues(session, since, units)
            new_total = home.new_count(session, since, units)
            replies = home.replies(session, None if everyone else names, units, since)
        due = self.due(within, as_of, units=units)
        if not everyone:
            due = [item for item in due if item.person in names]
        return MyWork(since, by_status, open_clues, due, new_clues, new_total, replies)

    def new_since_visit(self, user_id: int, units: Sequence[str] | None) -> int:
        """How many clues of ``units`` were found since the user last opened 我的工作."""
        from jiancha.casebook import home

        with self.book.session("查询新线索") as session:
            return home.new_count(session, home.last_visit(session, user_id), units)

    def saved_filters(self, user_id: int) -> list[SavedFilterView]:
        from jiancha.casebook import home

        with self.book.session("查询已保存筛选") as session:
            return home.saved_filters(session, user_id)

    def save_filter(
        self, user_id: int, name: str, query: dict[str, str], *, at: datetime | None = None
    ) -> SavedFilterView:
        from jiancha.casebook import home

        with self.book.session("保存筛选条件") as session:
            return home.save_filter(session, user_id, name, query, at or datetime.now())

    def delete_filter(self, user_id: int, filter_id: int) -> bool:
        """Delete one of the user's saved filters; whether it was there."""
        from jiancha.casebook import home

        with self.book.session("删除筛选条件") as session:
            return home.delete_filter(session, user_id, filter_id)

    def search(self, text: str, units: Sequence[str] | None) -> list[ClueView]:
        """Clues whose id, title, names, id numbers, case numbers or facts hold ``text``."""
        from jiancha.casebook import home

        with self.book.session("检索线索") as session:
            return home.search_clues(session, text, units)

    def clues_about(
        self, records: Sequence[tuple[str, str]], units: Sequence[str] | None
    ) -> list[ClueView]:
        """The clues of ``units`` whose evidence includes one of ``records``."""
        from jiancha.casebook import home

        with self.book.session("查询人员线索") as session:
            return home.clues_with_evidence(session, records, units)

    def clue(self, clue_id: int | str, *, units: Sequence[str] | None = None) -> ClueDetail:
        from jiancha.casebook.custody import dossier_files
        from jiancha.casebook.documents import documents_of
        from jiancha.casebook.finding import finding
        from jiancha.casebook.workflow import state_in

        with self.book.session("查询线索") as session:
            clue = clue_in_scope(session, clue_id, units)
            number = clue.id
            state = state_in(session, number)
            evidence = evidence_in(session, number)
            parameters = run_parameters_in(session, clue.last_seen_run, clue.model_id)
            history = history_in(session, number)
            documents = documents_of(session, number)
            dossier = dossier_files(session, number)
            proof = self.ledger.entries(session, subject=f"clue:{display_id(number)}")
        view = state.clue
        header, _ = self.model_header(view.model_id) if self.models is not None else (None, {})
        rows = [(e.table, e.record_id) for e in view.evidence]
        matches: list[MentionMatch] | None = []
        try:
            matches = self.people.person_matches(rows) if self.people is not None else []
        except WarehouseError:  # the records are the casebook's copies: shown all the same
            matches = None
        return ClueDetail(
            finding=finding(view, header, parameters, evidence, matches),
            state=state,
            history=history,
            documents=documents,
            dossier=dossier,
            evidence=evidence,
            proof=proof,
        )

    def runs(self) -> list[RunView]:
        """Every model run recorded, oldest first."""
        return self.book.runs()

    # -- the workflow -----------------------------------------------------------------

    def assign(
        self,
        clue_id: int | str,
        person: str,
        *,
        actor: str,
        reason: str | None = None,
        units: Sequence[str] | None = None,
        at: datetime | None = None,
    ) -> WorkflowState:
        return self.workflow.assign(clue_id, person, actor=actor, reason=reason, at=at, units=units)

    def assign_many(
        self,
        clue_ids: Sequence[int | str],
        person: str,
        *,
        actor: str,
        units: Sequence[str] | None = None,
    ) -> list[WorkflowState]:
        """Assign several clues; refused before any moves if one is outside ``units``."""
        with self.book.session("分派线索") as session:
            numbers = scoped_ids(session, clue_ids, units)
        return [self.workflow.assign(n, person, actor=actor, units=units) for n in numbers]

    def move(
        self,
        clue_id: int | str,
        to: str,
        *,
        actor: str,
        reason: str | None = None,
        reason_code: str | None = None,
        action: ActionSpec | None = None,
        units: Sequence[str] | None = None,
        at: datetime | None = None,
    ) -> WorkflowState:
        """Move a clue; ``to`` is a status value or its Chinese label."""
        from jiancha.casebook.workflow import parse_status

        return self.workflow.move(
            clue_id,
            parse_status(to),
            actor=actor,
            reason=reason,
            reason_code=reason_code,
            action=action,
            units=units,
            at=at,
        )

    def undo(
        self,
        clue_id: int | str,
        *,
        actor: str,
        reason: str,
        units: Sequence[str] | None = None,
        at: datetime | None = None,
    ) -> WorkflowState:
        return self.workflow.undo(clue_id, actor=actor, reason=reason, units=units, at=at)

    # -- documents and e-service ------------------------------------------------------

    def issue_document(
        self,
        clue_id: int | str,
        kind: str | None = None,
        *,
        actor: str,
        request: str = "",
        recipient: str = "",
        urgent: bool = False,
        reply_days: int | None = None,
        reason: str | None = None,
        units: Sequence[str] | None = None,
        at: datetime | None = None,
    ) -> DocumentView:
        """Write and issue the clue's document of ``kind`` (default: that of its latest
        action) as written, without a draft to edit: numbered, and its workflow step taken."""
        from jiancha.casebook.documents import issue_document
        from jiancha.casebook.workflow import state_in

        with self.book.session("制作文书") as session:
            clue = clue_in_scope(session, clue_id, units)
            number = clue.id
            return issue_document(
                session,
                self.ledger,
                self.files,
                number,
                kind or _latest_action_kind(state_in(session, number)),
                actor=actor,
                at=at,
                request=request,
                recipient=recipient,
                urgent=urgent,
                reply_days=reply_days,
                reason=reason,
                project_templates=self.config.templates_dir,
                headers=self.model_header,
            )

    # -- document drafts: written from the clue, edited, numbered when confirmed --------

    def model_header(self, model_id: str) -> tuple[Header | None, Mapping[str, Any]]:
        """The header and effective parameters of a model: the project's catalogue (its own
        ``models/`` and jiancha.toml's overrides) when casework has one, else the shipped
        models'; (None, {}) for a model no longer there."""
        if self.models is not None:
            return self.models(model_id)
        from jiancha.casebook.documents import shipped_header

        return shipped_header(model_id)

    def new_draft(
        self,
        clue_id: int | str,
        kind: str,
        *,
        actor: str,
        recipient: str = "",
        urgent: bool = False,
        reply_days: int | None = None,
        units: Sequence[str] | None = None,
        at: datetime | None = None,
        similar: SimilarResult | None = None,
        sections: dict[str, str] | None = None,
    ) -> DraftView:
        """A stored draft of ``kind``: its 正文 written from the clue's facts, or
        ``sections`` as edited."""
        from jiancha.casebook.documents import new_draft

        with self.book.session("起草文书") as session:
            clue = clue_in_scope(session, clue_id, units)
            return new_draft(
                session, clue.id, kind, actor=actor, recipient=recipient, urgent=urgent,
                reply_days=reply_days, at=at, headers=self.model_header, similar=similar,
                sections=sections,
            )  # fmt: skip

    def compose_draft(
        self,
        clue_id: int | str,
        kind: str,
        *,
        actor: str,
        recipient: str = "",
        urgent: bool = False,
        reply_days: int | None = None,
        units: Sequence[str] | None = None,
        at: datetime | None = None,
        similar: SimilarResult | None = None,
    ) -> DraftView:
        """The draft of ``kind`` as written from the clue, not stored."""
        from jiancha.casebook.documents import compose_draft

        with self.book.session("起草文书") as session:
            clue = clue_in_scope(session, clue_id, units)
            return compose_draft(
                session, clue.id, kind, actor=actor, recipient=recipient, urgent=urgent,
                reply_days=reply_days, at=at, headers=self.model_header, similar=similar,
            )  # fmt: skip

    def draft(
        self, clue_id: int | str, draft_id: int, *, units: Sequence[str] | None = None
    ) -> DraftView:
        from jiancha.casebook.documents import draft_row, draft_view

        with self.book.session("查看文书草稿") as session:
            clue = clue_in_scope(session, clue_id, units)
            return draft_view(session, draft_row(session, clue.id, draft_id))

    def drafts(self, clue_id: int | str, *, units: Sequence[str] | None = None) -> list[DraftView]:
        from jiancha.casebook.documents import drafts_of

        with self.book.session("查看文书草稿") as session:
            return drafts_of(session, clue_in_scope(session, clue_id, units).id)

    def save_draft(
        self,
        clue_id: int | str,
        draft_id: int,
        *,
        actor: str,
        recipient: str,
        sections: dict[str, str],
        urgent: bool = False,
        reply_days: int | None = None,
        units: Sequence[str] | None = None,
        at: datetime | None = None,
    ) -> DraftView:
        from jiancha.casebook.documents import save_draft

        with self.book.session("修改文书草稿") as session:
            clue = clue_in_scope(session, clue_id, units)
            return save_draft(
                session, clue.id, draft_id, actor=actor, recipient=recipient,
                sections=sections, urgent=urgent, reply_days=reply_days, at=at,
            )  # fmt: skip

    def confirm_draft(
        self,
        clue_id: int | str,
        draft_id: int,
        *,
        actor: str,
        units: Sequence[str] | None = None,
        at: datetime | None = None,
    ) -> DocumentView:
        """Number the draft and issue it (taking its workflow step)."""
        from jiancha.casebook.documents import confirm_draft

        with self.book.session("确认文书") as session:
            clue = clue_in_scope(session, clue_id, units)
            return confirm_draft(
                session, self.ledger, self.files, clue.id, draft_id, actor=actor, at=at,
                project_templates=self.config.templates_dir,
            )  # fmt: skip

    def document(
        self, clue_id: int | str, document_id: int, *, units: Sequence[str] | None = None
    ) -> tuple[DocumentView, bytes]:
        """A document of the clue and its file."""
        from jiancha.casebook.documents import document_view

        with self.book.session("下载文书") as session:
            document = document_view(document_in_scope(session, clue_id, document_id, units))
        return document, self.files.get(document.sha256)

    def document_path(self, document: DocumentView) -> Path:
        """Where a document's file is in the project's file store."""
        return self.files.path(document.sha256)

    def serve(
        self,
        clue_id: int | str,
        *,
        actor: str,
        document_id: int | None = None,
        ttl: timedelta | None = None,
        units: Sequence[str] | None = None,
        at: datetime | None = None,
    ) -> ServiceIssued:
        """Issue an e-service link for the clue's newest served-kind document (or the one
        given), valid for ``ttl`` (the desk's default: seven days)."""
        from jiancha.casebook.documents import documents_of
        from jiancha.casebook.service import DEFAULT_TTL

        with self.book.session("查询文书") as session:
            clue = clue_in_scope(session, clue_id, units)
            number = clue.id
            documents = [d for d in documents_of(session, number) if d.kind in SERVED_KINDS]
        chosen = _choose_document(display_id(number), documents, document_id)
        life = ttl or DEFAULT_TTL
        token = self.service.issue_link(chosen.id, actor=actor, ttl=life, now=at)
        return ServiceIssued(chosen, token, life)

    def service_links(
        self, clue_id: int | str, *, units: Sequence[str] | None = None
    ) -> list[ServiceLinkView]:
        """The e-service links issued for the clue's documents, newest first."""
        from jiancha.casebook.documents import documents_of

        with self.book.session("查询文书") as session:
            number = clue_in_scope(session, clue_id, units).id
            ids = [d.id for d in documents_of(session, number)]
        return self.service.links_of(ids)

    def revoke_service(
        self,
        clue_id: int | str,
        token_or_id: str,
        *,
        actor: str,
        units: Sequence[str] | None = None,
        at: datetime | None = None,
    ) -> ServiceLinkView:
        """Withdraw one of the clue's e-service links (the link or its id)."""
        token_id = token_or_id.strip().rstrip("/").rsplit("/", 1)[-1].split(".")[0]
        if token_id not in {link.token_id for link in self.service_links(clue_id, units=units)}:
            raise CasebookError(f"线索 {clue_id} 没有编号为 {token_id} 的送达链接")
        return self.service.revoke(token_id, actor=actor, now=at)

    # -- deadlines ----------------------------------------------------------------------

    def due(
        self,
        within: timedelta | None,
        as_of: date,
        *,
        unit_prefix: str | None = None,
        person: str | None = None,
        units: Sequence[str] | None = None,
    ) -> list[DueItem]:
        """What is due by ``as_of + within``, overdue included: the casebook's actions and
        the agencies' imported recommendation, petition and supervisory_transfer rows.

        ``units`` and ``unit_prefix`` restrict the queries themselves: nothing of another
        unit is read."""
        from jiancha.casebook.deadlines import due_items

        scope = narrowed(units, unit_prefix)
        records = self.warehouse.scoped_rows(DEADLINE_TABLES, scope)
        with self.book.session("查询期限") as session:
            items = due_items(
                session, within, as_of, records, units=scope, calendar=self.config.calendar
            )
        # the registers' own (remote sessions to hold and record, probation ends…)
        items += self.registers.due(as_of, None if within is None else as_of + within, scope)
        items.sort(key=lambda i: (i.due, i.unit_code or "", i.ref))
        return [i for i in items if not person or i.person == person]

    def escalate(
        self, as_of: date, *, actor: str = "system", at: datetime | None = None
    ) -> list[Escalation]:
        """Move every clue whose reply period passed without rectification up the ladder."""
        from jiancha.casebook.escalation import escalate_overdue

        with self.book.session("逾期督促") as session:
            return escalate_overdue(
                session, self.ledger, as_of, actor, at=at, calendar=self.config.calendar
            )

    # -- the ledger -----------------------------------------------------------------------

    def verify_ledger(self, anchored_head: str | None = None) -> LedgerReport:
        from jiancha.casebook.registers import ledger_sources

        with self.book.session("校验账本") as session:
            return self.ledger.verify(session, anchored_head, ledger_sources())

    def ledger_head(self) -> LedgerHeadView:
        with self.book.session("读取账本") as session:
            return self.ledger.head(session)

    # -- seized property and dossiers -----------------------------------------------------

    def record_property(
        self,
        item_ref: str,
        state: str,
        *,
        actor: str,
        clue_id: str | None = None,
        detail: dict[str, Any] | None = None,
        at: datetime | None = None,
    ) -> CustodyEventView:
        from jiancha.casebook.custody import record_custody

        with self.book.session("登记涉案财物") as session:
            return record_custody(
                session,
                self.ledger,
                item_ref,
                state,
                actor=actor,
                clue_id=clue_id,
                at=at,
                detail=detail,
            )

    def property_history(self, item_ref: str | None = None) -> list[CustodyEventView]:
        """One item's custody chain, or (without ``item_ref``) every item's newest step."""
        from jiancha.casebook.custody import custody_history, custody_items

        with self.book.session("查询涉案财物") as session:
            if item_ref is None:
                return list(custody_items(session).values())
            history = custody_history(session, item_ref)
        if not history:
            raise NotFound(f"没有涉案财物 {item_ref} 的保管记录")
        return history

    def add_to_dossier(
        self,
        clue_id: int | str,
        files: Sequence[tuple[str, bytes]],
        *,
        actor: str,
        at: datetime | None = None,
    ) -> list[DossierFileView]:
        """Put files (name, content) into the clue's dossier, all or none."""
        from jiancha.casebook.custody import add_dossier_file

        with self.book.session("添加卷宗文件") as session:
            return [
                add_dossier_file(
                    session, self.ledger, self.files, clue_id, name, data, actor=actor, at=at
                )
                for name, data in files
            ]

    def dossier(self, clue_id: int | str) -> list[DossierFileView]:
        from jiancha.casebook.custody import dossier_files

        with self.book.session("查询卷宗") as session:
            return dossier_files(session, clue_id)

    def share_dossier(
        self,
        clue_id: int | str,
        to_unit: str,
        *,
        actor: str,
        reason: str | None = None,
        at: datetime | None = None,
    ) -> int:
        """Share the dossier; returns how many files were shared."""
        from jiancha.casebook.custody import share_dossier

        with self.book.session("共享卷宗") as session:
            event = share_dossier(
                session, self.ledger, clue_id, to_unit, actor=actor, reason=reason, at=at
            )
            return len(event.detail["files"])

    # -- statistics ---------------------------------------------------------------------

    def stats(
        self, period: str, *, unit_prefix: str = "", units: Sequence[str] | None = None
    ) -> QualityStats:
        """案-件比 per unit (warehouse procedural_event), outcomes per model, days per stage.

        ``units`` restricts every figure in the queries: nothing of another unit is read;
        ``unit_prefix`` narrows them further."""
        from jiancha.casebook.stats import (
            case_ratio,
            model_precision,
            parse_period,
            stage_durations,
        )

        start, end = parse_period(period)
        scope = narrowed(units, unit_prefix)
        rows, notes = self._agency_rows([CASE_EVENTS], scope, "未计算案-件比")
        events = rows.get(CASE_EVENTS)
        if events is None and not notes:
            notes.append("数据仓库没有诉讼环节（procedural_event）数据，未计算案-件比")
        ratios = case_ratio(events or [], start, end, units=scope)
        with self.book.session("统计") as session:
            models = model_precision(session, start, end, units=scope)
            stages = stage_durations(session, start, end, units=scope)
        return QualityStats(period, start, end, ratios, models, stages, notes)

    def unit_outcomes(
        self, period: str, *, units: Sequence[str] | None = None
    ) -> list[UnitOutcome]:
        """Per unit, the clues first found in ``period`` and what became of them."""
        from jiancha.casebook.home import unit_outcomes
        from jiancha.casebook.stats import parse_period

        start, end = parse_period(period)
        with self.book.session("统计") as session:
            return unit_outcomes(
                session, datetime.combine(start, time()), datetime.combine(end, time()), units
            )

    def period_work(
        self, spans: Sequence[tuple[date, date]], *, as_of: date, units: Sequence[str] | None = None
    ) -> PeriodReview:
        """Clues found, verified, acted on and rectified, the 案-件比 and the reply periods
        met and missed in each [start, end) of ``spans``, judged on ``as_of``: the casebook
        and the agencies' rows read once, nothing of a unit outside ``units``."""
        from jiancha.casebook.stats import period_work

        tables = [CASE_EVENTS, *DEADLINE_TABLES]
        rows, notes = self._agency_rows(tables, units, "案-件比和导入数据中的期限未统计")
        events = rows.get(CASE_EVENTS)
        if events is None and not notes:
            notes.append("数据仓库没有诉讼环节数据，未计算案-件比。")
        with self.book.session("统计报告") as session:
            periods = period_work(
                session,
                spans,
                as_of=as_of,
                procedural_events=events or (),
                records=rows,
                units=units,
                calendar=self.config.calendar,
            )
        return PeriodReview(periods, events is not None, notes)

    def model_titles(self) -> dict[str, str]:
        """The title each model's clues were found under, by model id."""
        from jiancha.casebook.stats import model_titles

        with self.book.session("查询模型名称") as session:
            return model_titles(session)

    def _agency_rows(
        self, tables: Sequence[str], units: Sequence[str] | None, unread: str
    ) -> tuple[dict[str, list[dict[str, Any]]], list[str]]:
        """The warehouse's rows of ``tables``; when it cannot be read, none and a note
        saying what was not counted (``unread``)."""
        try:
            return self.warehouse.scoped_rows(tables, units), []
        except WarehouseError as exc:
            return {}, [f"数据仓库不可读，{unread}：{exc}"]


def narrowed(units: Sequence[str] | None, prefix: str | None) -> tuple[str, ...] | None:
    """The prefixes a unit code must start with to be both in ``units`` and under
    ``prefix``: None, no restriction; empty, nothing is in scope."""
    if not prefix:
        return None if units is None else tuple(units)
    if units is None:
        return (prefix,)
    # under both: the longer of two prefixes where one extends the other
    kept = {max(u, prefix, key=len) for u in units if u.startswith(prefix) or prefix.startswith(u)}
    return tuple(sorted(kept))


def _latest_action_kind(state: WorkflowState) -> str:
    if not state.actions:
        raise CasebookError(
            f"线索 {state.clue.id} 还没有监督措施：请写明文书种类"
            f"（{'、'.join(f'{k}（{t}）' for k, t in KIND_TITLES.items())}）"
        )
    return state.actions[-1].kind


def _choose_document(
    clue_id: str, documents: list[DocumentView], document_id: int | None
) -> DocumentView:
    if document_id is not None:
        for document in documents:
            if document.id == document_id:
                return document
        raise NotFound(f"线索 {clue_id} 没有编号为 {document_id} 的送达文书")
    if not documents:
        raise CasebookError(f"线索 {clue_id} 还没有可送达的文书：先运行 jiancha clues document")
    return documents[-1]
