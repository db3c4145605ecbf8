"""The analyst's, leader's, auditor's and admin's pages: models and runs, imports,
statistics, the audit log, ledger verification and the user list."""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from jiancha.casebook.accounts import ROLE_LABELS, UserView, temporary_password
from jiancha.casebook.audit import ACTION_LABELS, AuditQuery
from jiancha.casebook.ledger import PROBLEM_LABELS
from jiancha.casebook.views import RunView
from jiancha.errors import JianchaError, NotFound
from jiancha.project import Project
from jiancha.runs import RunReport
from jiancha.web.deps import UserDep, Workbench, WorkbenchDep
from jiancha.web.errors import Forbidden, TooLarge, WebError
from jiancha.web.jobs import JobConsole
from jiancha.web.masking import Masker
from jiancha.web.routes.render import page
from jiancha.web.stats_charts import stats_charts

router = APIRouter(include_in_schema=False)
UPLOAD_DIR = "uploads"
MAX_UPLOAD = 200 * 1024 * 1024
_SAFE_NAME = re.compile(r"[^\w.\-]+")


def _last_runs(bench: Workbench) -> dict[str, tuple[RunView, dict[str, int]]]:
    """Each model's newest run: when and how many hits."""
    latest: dict[str, tuple[RunView, dict[str, int]]] = {}
    for run in bench.work.runs():
        for model_id in run.models:
            latest[model_id] = (run, run.summary.get(model_id, {}))
    return latest


@router.get("/models")
def models_page(request: Request, bench: WorkbenchDep, domain: str | None = None) -> Response:
    """The catalogue grouped by the four procuratorial functions and minors' protection;
    ``?domain=`` (a domain, a function or its Chinese name) keeps one of them."""
    from jiancha.models.spec import FUNCTION_LABELS, domains_named, function_of

    chosen = domains_named(domain) if domain else None
    models = [m for m in bench.catalogue if chosen is None or m.domain in chosen]
    groups = [
        (code, label, [m for m in models if function_of(m.domain) == code])
        for code, label in FUNCTION_LABELS.items()
    ]
    return page(
        request,
        "models.html",
        models=models,
        groups=[g for g in groups if g[2]],
        functions=FUNCTION_LABELS,
        chosen=domain if chosen else None,
        last=_last_runs(bench),
    )


@router.get("/models/{model_id}")
def model_page(request: Request, bench: WorkbenchDep, model_id: str) -> Response:
    try:
        model = bench.catalogue.get(model_id)
    except JianchaError as exc:
        raise NotFound(str(exc)) from None
    return page(request, "model.html", model=model, last=_last_runs(bench).get(model_id))


@router.post("/models/run")
def model_run(
    request: Request,
    bench: WorkbenchDep,
    user: UserDep,
    models: Annotated[list[str] | None, Form()] = None,
    as_of: Annotated[date | None, Form()] = None,
) -> Response:
    """Start a run in the server process; the page polls its progress."""
    chosen = [m for m in (models or []) if m]
    unknown = [m for m in chosen if m not in bench.catalogue.models]
    if unknown:
        raise NotFound(f"没有模型 {'、'.join(unknown)}")

    def run(console: JobConsole) -> Any:
        project = Project(bench.project.root, bench.project.config, console)
        # the user's units only: another unit's clues are neither made nor resolved
        result = project.run(chosen or None, as_of or date.today(), units=user.units)
        console.job.outcome = run_outcome(result)
        console.info("运行完成")
        return result

    job = bench.jobs.start("运行模型", user.username, run)
    bench.audit(
        request,
        "run",
        detail={"models": chosen or "全部", "job": job.id, "units": list(user.units)},
    )
    return RedirectResponse(f"/models/runs/{job.id}", status_code=303)


def run_outcome(report: RunReport) -> dict[str, Any]:
    """A run's counts for its job page: hits, clues new and resolved, and its id."""
    return {
        "run_id": report.run_id,
        "hits": report.hits,
        "new": sum(line.new for line in report.lines),
        "resolved": sum(line.resolved for line in report.lines),
        "failed": sum(1 for line in report.lines if line.error),
        "note": report.note,
    }


@router.get("/models/runs/{job_id}")
def model_run_status(request: Request, bench: WorkbenchDep, job_id: int) -> Response:
    job = bench.jobs.get(job_id)
    if job is None:
        raise NotFound(f"没有编号为 {job_id} 的运行任务")
    template = "_job.html" if request.headers.get("hx-request") else "job.html"
    return page(request, template, job=job)


@dataclass(frozen=True)
class QuarantineShown:
    """A quarantined row as the page shows it: its raw content masked (or, asked for with a
    reason, in full), or withheld when the row belongs to a unit outside the user's."""

    batch_id: int
    row: int | None
    table: str | None
    record_id: str | None
    field: str | None
    reason: str
    raw: str
    withheld: bool


_UNIT_IN_REASON = re.compile(r"所属单位 ([0-9]{2,12}) ")
_UNIT_KEY = re.compile(r"unit|单位", re.IGNORECASE)


def quarantine_unit(reason: str, raw: str | None) -> str | None:
    """The unit a quarantined row belongs to: named by the refusal, or by the row's own
    unit column (``unit_code``, 单位代码…); None when the row names none."""
    named = _UNIT_IN_REASON.search(reason)
    if named:
        return named.group(1)
    try:
        values = json.loads(raw or "")
    except ValueError:
        return None
    if not isinstance(values, dict):
        return None
    for key, value in values.items():
        text = str(value or "").strip()
        if _UNIT_KEY.search(str(key)) and re.fullmatch(r"[0-9]{2,12}", text):
            return text
    return None


def _raw_text(raw: str | None) -> tuple[Any, str]:
    """The raw row as values (a JSON object's: the file's headers and cells) and as text."""
    text = raw or ""
    try:
        return json.loads(text), text
    except ValueError:
        return text, text


def shown_quarantine(rows: list[Any], user: UserView, *, unmasked: bool) -> list[QuarantineShown]:
    """The rows of ``rows`` (QuarantineRow) as ``user`` may see them."""
    out = []
    for q in rows:
        unit = quarantine_unit(q.reason, q.raw)
        withheld = unit is not None and not user.in_scope(unit)
        values, text = _raw_text(q.raw)
        if withheld:
            shown = f"（所属单位 {unit} 不在您的管辖范围内，原始内容不予显示）"
        elif isinstance(values, dict):
            row = {k: v for k, v in values.items() if k != "_row" and v not in (None, "")}
            row = row if unmasked else Masker.over(row).mapping(row)
            shown = "；".join(f"{k}：{v}" for k, v in row.items())
        else:
            shown = text if unmasked else Masker.over(text).text(text)
        out.append(
            QuarantineShown(
                q.batch_id, q.row, q.table, q.record_id, q.field, q.reason, shown, withheld
            )
        )
    return out


@router.get("/imports")
def imports_page(
    request: Request, bench: WorkbenchDep, user: UserDep, file: str | None = None
) -> Response:
    return _imports(request, bench, user, file, unmasked=False)


def _imports(
    request: Request, bench: Workbench, user: UserView, file: str | None, *, unmasked: bool
) -> Response:
    try:
        quarantined = bench.project.quarantine(file=file, limit=200) if file else []
    except JianchaError as exc:
        quarantined, file = [], f"{file}（{exc}）"
    shown = shown_quarantine(quarantined, user, unmasked=unmasked)
    return page(
        request, "imports.html", reports=None, quarantined=shown, file=file, unmasked=unmasked
    )


@router.post("/imports/unmask")
def imports_unmask(
    request: Request,
    bench: WorkbenchDep,
    user: UserDep,
    file: Annotated[str, Form(min_length=1, max_length=300)],
    reason: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """The quarantined rows of ``file`` with their raw content in full (the user's units'
    rows only), for a reason that goes to the audit log like any other unmasking."""
    why = reason.strip()
    if len(why) < 2:
        raise WebError("查看未脱敏的原始内容须说明事由（至少 2 个字）")
    response = _imports(request, bench, user, file, unmasked=True)
    bench.audit(request, "unmask", subject=file, detail={"via": "导入隔离数据", "reason": why})
    return response


@router.post("/imports")
def imports_upload(
    request: Request,
    bench: WorkbenchDep,
    user: UserDep,
    upload: Annotated[UploadFile, File()],
    table: Annotated[str | None, Form(max_length=64)] = None,
) -> Response:
    """Import one uploaded file now and show its validation report and the rows this
    import quarantined (not those of earlier imports of a file of the same name)."""
    name = upload_name(upload.filename)
    data = upload.file.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        raise TooLarge(f"上传文件 {name} 超过 {MAX_UPLOAD // 1024 // 1024} MB")
    target = _unique_upload(bench.project.root / UPLOAD_DIR, name, data)
    with bench.jobs.warehouse():
        # rows of units outside the user's are quarantined, naming the unit
        reports = bench.project.import_paths(
            [target], table=table or None, allowed_units=user.units
        )
    bench.audit(request, "import", detail={"file": name})
    batches = [r.batch_id for r in reports if r.batch_id is not None and r.status == "imported"]
    quarantined = bench.project.quarantine(batches=batches, limit=200)
    shown = shown_quarantine(quarantined, user, unmasked=False)
    return page(request, "imports.html", reports=reports, quarantined=shown, file=name)


def upload_name(given: str | None) -> str:
    """The uploaded file's name, safe as a file name: no folder part, no leading dots (an
    upload named ``..`` or ``.env``), nothing but letters, digits, ``_ . -``."""
    base = Path((given or "").replace("\\", "/")).name
    name = _SAFE_NAME.sub("_", base).lstrip(".")[-120:]
    return name or "upload"


def _unique_upload(folder: Path, name: str, data: bytes) -> Path:
    """Store the upload in a folder of its own: two analysts uploading files of the same
    name at once each import their own (a shared name let one overwrite the other before
    the warehouse lock was taken)."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    own = folder / f"{stamp}-{secrets.token_hex(4)}"
    own.mkdir(parents=True)
    target = own / name
    with open(target, "xb") as handle:  # a fresh file, never one already there
        handle.write(data)
    return target


@router.get("/stats")
def stats_page(
    request: Request, bench: WorkbenchDep, user: UserDep, period: str | None = None
) -> Response:
    chosen = period or str(date.today().year)
    stats = bench.work.stats(chosen, units=user.units)
    outcomes = bench.work.unit_outcomes(chosen, units=user.units)
    charts = stats_charts(stats, outcomes, bench.model_title)
    return page(
        request, "stats.html", stats=stats, ratios=stats.ratios, period=chosen, charts=charts
    )


@router.get("/audit")
def audit_page(
    request: Request,
    bench: WorkbenchDep,
    user: UserDep,
    action: Annotated[str | None, Query(max_length=32)] = None,
    username: Annotated[str | None, Query(alias="user", max_length=64)] = None,
    since: Annotated[str | None, Query(max_length=10)] = None,
    until: Annotated[str | None, Query(max_length=10)] = None,
    page_no: Annotated[int, Query(alias="page", ge=1, le=1_000_000)] = 1,
) -> Response:
    """The audit log, newest first, of one user, action and range of days when asked."""
    query = AuditQuery(
        username=(username or "").strip() or None,
        action=action or None,
        since=_day(since, "起始日期"),
        until=_day(until, "截止日期"),
    )
    rows, total = bench.work.audit.entries(user.units, query=query, offset=(page_no - 1) * 100)
    return page(
        request,
        "audit.html",
        rows=rows,
        total=total,
        page_no=page_no,
        query=query,
        actions=ACTION_LABELS,
    )


def _day(text: str | None, what: str) -> date | None:
    if not (text or "").strip():
        return None
    try:
        return date.fromisoformat(str(text).strip())
    except ValueError:
        raise WebError(f"{what} “{text}” 应为 YYYY-MM-DD 格式的日期") from None


@router.get("/ledger")
def ledger_page(request: Request, bench: WorkbenchDep) -> Response:
    report = bench.work.verify_ledger()
    runs = len(bench.work.runs())
    return page(request, "ledger.html", report=report, labels=PROBLEM_LABELS, runs=runs)


@router.get("/users")
def users_page(request: Request, bench: WorkbenchDep) -> Response:
    return _users(request, bench)


def _users(request: Request, bench: Workbench, **shown: Any) -> Response:
    return page(
        request, "users.html", users=bench.work.accounts.users(), roles=ROLE_LABELS, **shown
    )


def _user_done(
    request: Request, bench: Workbench, username: str, step: str, **shown: Any
) -> Response:
    """Audit an admin's change to an account (what was done, to whom, with the new role and
    units where they changed) and show the user list with what was done."""
    detail: dict[str, Any] = {"user": username, "step": step}
    detail.update({k: shown.pop(k) for k in ("role", "units") if k in shown})
    bench.audit(request, "user_admin", detail=detail)
    return _users(request, bench, done=step, **shown)


_UNIT_SPLIT = re.compile(r"[\s,，、;；]+")


def _units(text: str) -> list[str]:
    return [u for u in _UNIT_SPLIT.split(text) if u]


@router.post("/users")
def users_add(
    request: Request,
    bench: WorkbenchDep,
    username: Annotated[str, Form(min_length=1, max_length=64)],
    role: Annotated[str, Form(min_length=1, max_length=32)],
    units: Annotated[str, Form(min_length=1, max_length=500)],
    display_name: Annotated[str, Form(max_length=128)] = "",
    password: Annotated[str, Form(max_length=256)] = "",
) -> Response:
    """A new account; without a password given, a random one shown once on the answer."""
    secret = None if password else temporary_password(username)
    user = bench.work.accounts.add(
        username.strip(),
        password or str(secret),
        role,
        _units(units),
        display_name=display_name.strip() or None,
    )
    return _user_done(
        request,
        bench,
        user.username,
        "add",
        target=user.username,
        secret=secret,
        role=user.role,
        units=list(user.units),
    )


@router.post("/users/{username}/disable")
def users_disable(request: Request, bench: WorkbenchDep, user: UserDep, username: str) -> Response:
    """Disable an account: its sessions and API token stop working at once."""
    if username == user.username:
        raise Forbidden("不能停用自己的账号")
    done = bench.work.accounts.disable(username)
    return _user_done(request, bench, done.username, "disable", target=done.username)


@router.post("/users/{username}/role")
def users_role(
    request: Request,
    bench: WorkbenchDep,
    user: UserDep,
    username: str,
    role: Annotated[str, Form(min_length=1, max_length=32)],
    units: Annotated[str, Form(min_length=1, max_length=500)],
) -> Response:
    """A new role and unit scope (the user's sessions end, to sign in under them)."""
    if username == user.username and role != user.role:
        raise Forbidden("不能更改自己的角色（请由另一位管理员办理）")
    done = bench.work.accounts.set_role(username, role, _units(units))
    return _user_done(
        request,
        bench,
        done.username,
        "role_units",
        target=done.username,
        role=done.role,
        units=list(done.units),
    )


@router.post("/users/{username}/passwd")
def users_passwd(
    request: Request,
    bench: WorkbenchDep,
    username: str,
    password: Annotated[str, Form(min_length=1, max_length=256)],
) -> Response:
    """The admin sets a user's new password (the user's sessions end)."""
    user = bench.work.accounts.set_password(username, password)
    return _user_done(request, bench, user.username, "passwd", target=user.username)


@router.post("/users/{username}/reset")
def users_reset(request: Request, bench: WorkbenchDep, username: str) -> Response:
    """A random password, shown once on the page that answers."""
    user, secret = bench.work.accounts.reset_password(username)
    return _user_done(request, bench, user.username, "reset", target=user.username, secret=secret)


@router.post("/users/{username}/unlock")
def users_unlock(request: Request, bench: WorkbenchDep, username: str) -> Response:
    user = bench.work.accounts.unlock(username)
    bench.throttle.forget(user.username)  # the web's own pause on the account ends too
    return _user_done(request, bench, user.username, "unlock", target=user.username)


@router.post("/users/{username}/enable")
def users_enable(request: Request, bench: WorkbenchDep, username: str) -> Response:
    user = bench.work.accounts.enable(username)
    return _user_done(request, bench, user.username, "enable", target=user.username)
