"""``jiancha demo``: a whole jurisdiction generated, imported, linked, run and worked.

After the pipeline, a few new clues walk the workflow on a script (:class:`DemoCase`),
back-dated over the last 100 days so that deadlines and the escalation ladder have
something to show; one clue carries a seized item and a shared dossier. Everything goes
through the project's façades, as a user's commands would.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from jiancha.casebook.actions import STATUS_ACTION, UNIT_ABBREVIATIONS, ActionKind, by_unit
from jiancha.casebook.inbox import ClueFilter
from jiancha.casebook.status import ClueStatus
from jiancha.console import Console, SilentConsole
from jiancha.ingest.sources import GENERATOR_FILES
from jiancha.project import Project
from jiancha.reports.truth import ModelScore, lawful_lookalikes, planted_anomalies, score

if TYPE_CHECKING:
    from jiancha.casebook.casework import Casework
    from jiancha.casebook.intake import BatchView
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

DEMO_ACTOR = "林检察官（演示）"
DEMO_LEADER = "陈部长（演示）"
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
