"""``jiancha demo``: a whole jurisdiction generated, imported, linked, run and worked.

After the pipeline, a few new clues walk the workflow on a script (:class:`DemoCase`),
back-dated over the last 100 days so that deadlines and the escalation ladder have
something to show; one clue carries a seized item and a shared dossier. Then one clue of
each procuratorial function and of minors (:func:`demo_functions`) is taken to the document
its model suggests, confirmed, and its .docx written where the user can open it. Everything
goes through the project's façades, as a user's commands would.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from jiancha.casebook.actions import (
    DOCUMENT_STATUS,
    ENFORCEMENT_RECOMMENDATION,
    STATUS_ACTION,
    UNIT_ABBREVIATIONS,
    ActionKind,
    by_unit,
    document_title,
)
from jiancha.casebook.inbox import ClueFilter
from jiancha.casebook.status import ClueStatus
from jiancha.console import Console, SilentConsole
from jiancha.ingest.sources import GENERATOR_FILES
from jiancha.models.spec import FUNCTION_LABELS, FUNCTIONS
from jiancha.project import Project
from jiancha.reports.truth import ModelScore, lawful_lookalikes, planted_anomalies, score

if TYPE_CHECKING:
    from jiancha.casebook.casework import Casework
    from jiancha.casebook.intake import BatchView
    from jiancha.casebook.views import ClueView
    from jiancha.ingest.importer import ImportReport
    from jiancha.link import LinkReport
    from jiancha.runs import RunReport
    from jiancha.warehouse import TableCount


@dataclass
class DemoResult:
    project_dir: Path
    data_dir: Path
    imports: list[ImportReport]
    counts: list[TableCount]
    quarantined: dict[str, int]
    link: LinkReport | None = None
    run: RunReport | None = None
    scores: list[ModelScore] = field(default_factory=list)
    lifecycle: dict[str, int] = field(default_factory=dict)
    users: list[tuple[str, str]] = field(default_factory=list)
    intake: IntakeDemo | None = None
    walks: list[FunctionWalk] = field(default_factory=list)


def table_files(files: list[Path]) -> list[Path]:
    """The generated files that hold table records (not the ground truth or the manifest)."""
    return [f for f in files if f.name not in GENERATOR_FILES]


def run_demo(
    directory: Path, *, scale: str = "small", seed: int = 0, console: Console | None = None
) -> DemoResult:
    """Generate 漳州市 into ``directory/data``, make ``directory`` a project, import it,
    link, run every model and take a few clues through the workflow."""
    from jiancha.synth import generate

    console = console or SilentConsole()
    directory = directory.resolve()
    data_dir = directory / "data"
    console.info(f"生成模拟数据（{scale}，种子 {seed}）…")
    generated = generate(data_dir, scale=scale, seed=seed, console=console)  # type: ignore[arg-type]
    project = Project.init(directory, name="漳州市人民检察院（演示）", console=console)
    console.info("导入数据…")
    imports = project.import_paths(table_files(generated.files))
    counts, quarantined = project.counts()
    result = DemoResult(directory, data_dir, imports, counts, quarantined)
    console.info("关联各部门数据中的人员与单位…")
    result.link = project.link()
    console.info(f"运行监督模型（评估日期 {generated.as_of}）…")
    result.run = project.run(as_of=generated.as_of)
    planted = planted_anomalies(data_dir / "ground_truth.csv")
    ids = [line.model_id for line in result.run.lines]
    lawful = lawful_lookalikes(data_dir / "ground_truth.csv")
    result.scores = score(planted, result.run.hits_by_model, ids, lawful)
    console.info("演示线索处置流程（核查、检察建议、送达、回复、整改、结案）…")
    with project.casework() as work:
        result.walks = demo_functions(work, directory / DOCUMENTS_DIR, console)
        result.lifecycle = demo_lifecycle(work, console)
        result.users = demo_users(work)
    console.info("演示数据推送：漳州市公安局推送强制措施记录，入库后产生新线索…")
    result.intake = demo_intake(project, generated.as_of, console)
    return result


# -- the workbench's logins -----------------------------------------------------------------

# The demo's workbench logins (a demo folder only; never a real deployment's passwords).
# One login for every role: 部门负责人, 数据分析员, 检察官 (the city's and a district's),
# 审计 and 管理员.
DEMO_USERS = [
    ("admin", "管理员（演示）", "admin", ["3506"]),
    ("leader", "漳州市院部门负责人（演示）", "leader", ["3506"]),
    ("analyst", "漳州市院数据分析员（演示）", "analyst", ["3506"]),
    ("zhangzhou", "漳州市院检察官（演示）", "prosecutor", ["3506"]),
    ("xiangcheng", "芗城区院检察官（演示）", "prosecutor", ["350602"]),
    ("auditor", "审计员（演示）", "auditor", ["3506"]),
]
DEMO_PASSWORD = "jiancha-demo-2026"


def demo_users(work: Casework) -> list[tuple[str, str]]:
    """Workbench users of the demo (created once): (username, what they see)."""
    existing = {u.username for u in work.accounts.users()}
    for username, label, role, units in DEMO_USERS:
        if username not in existing:
            work.accounts.add(username, DEMO_PASSWORD, role, units, display_name=label)
    return [(username, label) for username, label, _, _ in DEMO_USERS]


# -- the scripted walk -------------------------------------------------------------------

# The scripted walk is the demo logins' own work: clues assigned to the city prosecutor's
# name (as the workbench shows it) are hers on 我的工作, and the leader assigned them.
DEMO_ACTOR = next(label for name, label, _, _ in DEMO_USERS if name == "zhangzhou")
DEMO_LEADER = next(label for name, label, _, _ in DEMO_USERS if name == "leader")
DEMO_RECIPIENT = "漳州市某执法机关（演示）"
DEMO_COMMISSION = "漳州市监察委员会"

# Each demo clue's path: (step, day) with days counted from 100 days ago. Steps are a
# status to move to (a status that issues a document, 已制发检察建议, by writing and
# confirming the document), "serve" (e-service link opened and receipt confirmed), "reply"
# (the recipient uploads its reply through the link).
_OPEN = (("assign", 1), (ClueStatus.VERIFYING.value, 2), (ClueStatus.OPENED.value, 8))
_RECOMMEND = (*_OPEN, (ClueStatus.RECOMMENDED.value, 10))
DEMO_PATHS: dict[str, tuple[tuple[str, int], ...]] = {
    "assigned": (("assign", 90),),
    "verifying": (("assign", 80), (ClueStatus.VERIFYING.value, 85)),
    "dismissed": (("assign", 1), (ClueStatus.VERIFYING.value, 3), (ClueStatus.DISMISSED.value, 9)),
    "opened": (*_OPEN[:2], (ClueStatus.DISMISSED.value, 5), ("undo", 6), _OPEN[2]),
    "recommended": _RECOMMEND,
    "correction_notified": (*_OPEN, (ClueStatus.CORRECTION_NOTIFIED.value, 9)),
    "pil_recommended": (*_OPEN, (ClueStatus.PIL_RECOMMENDED.value, 12)),
    "transferred": (*_OPEN, (ClueStatus.TRANSFERRED.value, 11)),
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


def demo_lifecycle(work: Casework, console: Console) -> dict[str, int]:
    """Take a few new clues through every workflow state; returns clues per status."""
    new = work.clues(ClueFilter(status=ClueStatus.NEW.value))
    clues = [c for c in new if c.unit_code and by_unit(UNIT_ABBREVIATIONS, c.unit_code)]
    paths = list(DEMO_PATHS.items())[: len(clues)]
    if len(paths) < len(DEMO_PATHS):
        console.warn(f"可演示的新线索只有 {len(clues)} 条，只演示 {len(paths)} 种状态")
    now = datetime.now().replace(microsecond=0)
    start = now - timedelta(days=100)
    console.info(f"演示办案流程：{len(paths)} 条线索走完各个环节…")
    for clue, (_, path) in zip(clues, paths, strict=False):
        DemoCase(work, clue.id, start).walk(path)
    work.escalate(now.date(), at=now)
    if paths:
        demo_property_and_dossier(work, clues[len(paths) - 1].id, start)
    counts = Counter(c.status for c in work.clues())
    return dict(sorted(counts.items()))


class DemoCase:
    """One demo clue walking its path."""

    def __init__(self, work: Casework, clue_id: str, start: datetime) -> None:
        self.work = work
        self.clue_id = clue_id
        self.start = start
        self.token: str | None = None

    def walk(self, path: Sequence[tuple[str, int]]) -> None:
        handlers = {
            "assign": self.assign,
            "undo": self.undo,
            "serve": self.serve,
            "reply": self.reply,
        }
        for step, day in path:
            at = self.start + timedelta(days=day, hours=9)
            handler = handlers.get(step)
            if handler is None:
                self.move(step, at)
            else:
                handler(at)

    def assign(self, at: datetime) -> None:
        self.work.assign(self.clue_id, DEMO_ACTOR, actor=DEMO_LEADER, at=at)

    def undo(self, at: datetime) -> None:
        self.work.undo(
            self.clue_id, actor=DEMO_LEADER, reason="部门负责人审核：排除理由不成立", at=at
        )

    def move(self, status: str, at: datetime) -> None:
        kind = STATUS_ACTION.get(status)
        if kind is not None:  # the step is the document: written from the clue, confirmed
            recipient = (
                DEMO_COMMISSION if kind == ActionKind.SUPERVISORY_TRANSFER else DEMO_RECIPIENT
            )
            self.work.issue_document(
                self.clue_id, kind.value, actor=DEMO_ACTOR, recipient=recipient, at=at
            )
            return
        self.work.move(
            self.clue_id,
            status,
            actor=DEMO_ACTOR,
            reason=_REASONS.get(status, "演示"),
            reason_code="data_error" if status == ClueStatus.DISMISSED else None,
            at=at,
        )

    def serve(self, at: datetime) -> None:
        issued = self.work.serve(self.clue_id, actor=DEMO_ACTOR, ttl=timedelta(days=30), at=at)
        self.token = issued.token
        desk = self.work.service
        desk.open_document(self.token, now=at + timedelta(hours=2))
        desk.confirm_receipt(self.token, by="收发室王某", now=at + timedelta(hours=3))

    def reply(self, at: datetime) -> None:
        assert self.token is not None, "a demo path replies only after serving"
        data = _reply_docx("关于检察建议的回复：已组织整改，并建立长效机制。")
        self.work.service.upload_reply(self.token, data, "整改情况回复.docx", by="法制科", now=at)


def _reply_docx(text: str) -> bytes:
    """A one-paragraph Word document: the agency's reply (the desk takes only the file
    types a court or agency sends)."""
    import io

    from docx import Document

    document = Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def demo_property_and_dossier(work: Casework, clue_id: str, start: datetime) -> None:
    """A seized item through its whole custody chain, and a dossier shared with the city."""
    item = f"{clue_id}-W1"
    detail = {"item": "涉案车辆一辆（演示）", "custodian": "漳州市公安局涉案财物管理中心"}
    for state, day in (("seized", 2), ("stored", 3), ("transferred", 20), ("confiscated", 70)):
        work.record_property(
            item,
            state,
            actor=DEMO_ACTOR,
            clue_id=clue_id,
            detail=detail,
            at=start + timedelta(days=day),
        )
    files = [("询问笔录.txt", "询问笔录（演示）"), ("调查报告.txt", "调查报告（演示）")]
    work.add_to_dossier(
        clue_id,
        [(name, text.encode()) for name, text in files],
        actor=DEMO_ACTOR,
        at=start + timedelta(days=25),
    )
    work.share_dossier(
        clue_id,
        "福建省漳州市人民检察院",
        actor=DEMO_ACTOR,
        reason="报上级院备案审查",
        at=start + timedelta(days=61),
    )


# -- one clue of every function, taken to its model's document --------------------------------

DOCUMENTS_DIR = "演示文书"  # in the demo folder: the .docx of every function's clue
# The document each function's demo shows when a new clue of a model suggesting it is there
# (else that of another of the function's models): the civil one is an enforcement
# recommendation, the criminal one a correction notice, as the catalogue suggests them most.
DEMO_KINDS: dict[str, str] = {
    "criminal": ActionKind.CORRECTION_NOTICE,
    "civil": ENFORCEMENT_RECOMMENDATION,
    "admin": ActionKind.RECOMMENDATION,
    "pil": ActionKind.PIL_PRE_LITIGATION,
    "minors": ActionKind.RECOMMENDATION,
}
# Who receives each function's demo document (a demo folder's names, no real agency).
DEMO_RECIPIENTS: dict[str, str] = {
    "criminal": "漳州市某执法司法机关（演示）",
    "civil": "漳州市某人民法院（演示）",
    "admin": "漳州市某行政机关（演示）",
    "pil": "漳州市某行政主管部门（演示）",
    "minors": "漳州市某未成年人保护主管部门（演示）",
}


@dataclass(frozen=True)
class FunctionWalk:
    """One function's demo clue, verified, opened and closed by its numbered document."""

    function: str  # a key of models.spec.FUNCTIONS
    clue_id: str
    model_title: str
    subject: str  # whom the clue is about (its subject's name)
    conclusion: str  # the finding in one sentence
    kind: str  # the document's kind: the model's suggested document
    title: str  # 纠正违法通知书
    number: str  # 漳芗检纠〔2026〕1号
    path: Path  # the .docx, written for the user to open

    @property
    def label(self) -> str:
        return FUNCTION_LABELS[self.function]


def demo_functions(work: Casework, out_dir: Path, console: Console) -> list[FunctionWalk]:
    """For each of the four functions and minors, a new clue of one of its models taken
    through verification and a case to the document its model suggests, drafted from the
    clue and confirmed (numbered); the .docx is written into ``out_dir``."""
    new = [
        c
        for c in work.clues(ClueFilter(status=ClueStatus.NEW.value, sort="id"))
        if c.unit_code and by_unit(UNIT_ABBREVIATIONS, c.unit_code)
    ]
    kinds = _document_kinds(work, {c.model_id for c in new})
    out_dir.mkdir(parents=True, exist_ok=True)
    today = datetime.now().replace(microsecond=0)
    walks = []
    for function in FUNCTIONS:
        clue = _pick(new, kinds, function)
        if clue is None:
            console.warn(f"{FUNCTION_LABELS[function]}：没有可演示的新线索（其模型须建议制发文书）")
            continue
        walks.append(_walk_to_document(work, clue, kinds[clue.model_id], function, out_dir, today))
    return walks


def _document_kinds(work: Casework, models: set[str]) -> dict[str, str]:
    """The models whose suggested document is a workflow step, and that document's kind."""
    kinds: dict[str, str] = {}
    for model_id in sorted(models):
        header, _ = work.model_header(model_id)
        document = header.document if header is not None else None
        if document is not None and document.kind in DOCUMENT_STATUS:
            kinds[model_id] = document.kind
    return kinds


def _pick(new: list[ClueView], kinds: dict[str, str], function: str) -> ClueView | None:
    """The first new clue of the function whose model suggests its demo document, else the
    first whose model suggests any document that is a step."""
    mine = [c for c in new if c.domain in FUNCTIONS[function] and c.model_id in kinds]
    preferred = [c for c in mine if kinds[c.model_id] == DEMO_KINDS[function]]
    return next(iter(preferred or mine), None)


def _walk_to_document(
    work: Casework, clue: ClueView, kind: str, function: str, out_dir: Path, today: datetime
) -> FunctionWalk:
    """Assign, verify, open a case, draft the document from the clue and confirm it (its
    number and its workflow step in one), over the last five days."""
    day = timedelta(days=1)
    at = today - 5 * day
    work.assign(clue.id, DEMO_ACTOR, actor=DEMO_LEADER, at=at)
    work.move(
        clue.id,
        ClueStatus.VERIFYING.value,
        actor=DEMO_ACTOR,
        reason="调取原始记录核实",
        at=at + day,
    )
    work.move(
        clue.id,
        ClueStatus.OPENED.value,
        actor=DEMO_ACTOR,
        reason="经核实，线索反映的情形属实",
        at=at + 2 * day,
    )
    recipient = DEMO_RECIPIENTS[function]
    draft = work.new_draft(clue.id, kind, actor=DEMO_ACTOR, recipient=recipient, at=at + 3 * day)
    document = work.confirm_draft(clue.id, draft.id, actor=DEMO_ACTOR, at=at + 4 * day)
    _, data = work.document(clue.id, document.id)
    path = out_dir / f"{FUNCTION_LABELS[function]}-{document.filename}"
    path.write_bytes(data)
    finding = work.clue(clue.id).finding
    return FunctionWalk(
        function=function,
        clue_id=clue.id,
        model_title=clue.title,
        subject=_subject_name(clue),
        conclusion=finding.conclusion or clue.title,
        kind=kind,
        title=document_title(kind),
        number=document.number,
        path=path,
    )


def _subject_name(clue: ClueView) -> str:
    """Whom a clue is about as a reader names them: the first name in its subject (a
    person's, a party's, a holder's), else its first value (a case number)."""
    names = [v for k, v in clue.subject.items() if (k == "name" or k.endswith("_name")) and v]
    values = [v for v in clue.subject.values() if v]
    return str((names or values or [""])[0])


# -- push intake ------------------------------------------------------------------------------

DEMO_AGENCY = "漳州市公安局"
DEMO_PUSH_MODEL = "custody.bail_overdue"


@dataclass
class IntakeDemo:
    key: str | None  # the agency's push key (None: the folder had one already)
    batch: BatchView
    clues: list[str]  # the clues the pushed records caused, by id


def demo_intake(project: Project, as_of: date, console: Console) -> IntakeDemo:
    """漳州市公安局 pushes three bail decisions: one past the twelve months of 刑事诉讼法
    第七十九条, one within them, one of a unit outside its key (quarantined); the worker
    applies the batch and a run of the model that reads the table finds the first."""
    from jiancha.intake import IntakeWorker

    day = timedelta(days=1)
    records = [
        _bail("GA-TS-0001", "陈某（演示）", as_of - 400 * day, "350602"),  # past twelve months
        _bail("GA-TS-0002", "林某（演示）", as_of - 90 * day, "350603"),  # lawful: within them
        _bail("GA-TS-0003", "王某（演示）", as_of - 400 * day, "350102"),  # 福州: not its unit
    ]
    with project.casework() as work:
        known = {a.name: a for a in work.intake.agencies()}
        key = None
        if DEMO_AGENCY in known:
            agency = known[DEMO_AGENCY]
        else:
            tables = ["case_report", "criminal_case", "coercive_measure"]
            agency, key = work.intake.add_agency(DEMO_AGENCY, tables, ["3506"])
        text = json.dumps(records, ensure_ascii=False)
        accepted, _ = work.intake.accept(agency, "coercive_measure", text, len(records), "demo")
        IntakeWorker(project, work).run(once=True)
        batch = work.intake.batch(accepted.id)
    counts = batch.counts
    console.info(
        f"推送批次 {batch.id}：{batch.status_label}，入库 {counts.get('stored', 0)} 条，"
        f"隔离 {counts.get('quarantined', 0)} 条（"
        + "；".join(r.reason for r in batch.quarantined_rows)
        + "）"
    )
    report = project.run([DEMO_PUSH_MODEL], as_of=as_of)
    pushed = {r["record_id"] for r in records}
    fingerprints = {
        h.fingerprint
        for h in report.hits_by_model.get(DEMO_PUSH_MODEL, [])
        if h.key.record_id in pushed
    }
    with project.casework() as work:
        clues = [
            c.id
            for c in work.clues(ClueFilter(model=DEMO_PUSH_MODEL))
            if c.fingerprint in fingerprints
        ]
    console.info(f"推送数据产生的线索：{'、'.join(clues) or '无'}（取保候审超期）")
    if key is not None:
        console.info(f"{DEMO_AGENCY}的推送密钥（演示）：{key}；用它登录 /intake 查看推送结果")
    return IntakeDemo(key, batch, clues)


def _bail(record_id: str, name: str, start: date, unit: str) -> dict[str, object]:
    return {
        "record_id": record_id,
        "unit_code": unit,
        "source": "公安机关执法办案系统（推送）",
        "name": name,
        "measure": "取保候审",
        "start_at": start.isoformat(),
        "approving_unit": DEMO_AGENCY,
    }
