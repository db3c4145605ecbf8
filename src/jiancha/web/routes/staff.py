"""The analyst's, leader's, auditor's and admin's pages: models and runs, imports,
statistics, the audit log, ledger verification and the user list."""

from __future__ import annotations

import re
import secrets
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from jiancha.casebook.audit import ACTION_LABELS
from jiancha.casebook.ledger import PROBLEM_LABELS
from jiancha.casebook.views import RunView
from jiancha.errors import JianchaError, NotFound
from jiancha.project import Project
from jiancha.runs import RunReport
from jiancha.web.deps import UserDep, Workbench, WorkbenchDep
from jiancha.web.errors import TooLarge
from jiancha.web.jobs import JobConsole
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


@router.get("/imports")
def imports_page(request: Request, bench: WorkbenchDep, file: str | None = None) -> Response:
    try:
        quarantined = bench.project.quarantine(file=file, limit=200) if file else []
    except JianchaError as exc:
        quarantined, file = [], f"{file}（{exc}）"
    return page(request, "imports.html", reports=None, quarantined=quarantined, file=file)


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
    return page(request, "imports.html", reports=reports, quarantined=quarantined, file=name)


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
    action: str | None = None,
    page_no: Annotated[int, Query(alias="page", ge=1, le=1_000_000)] = 1,
) -> Response:
    rows, total = bench.work.audit.entries(user.units, action=action, offset=(page_no - 1) * 100)
    return page(
        request,
        "audit.html",
        rows=rows,
        total=total,
        page_no=page_no,
        action=action,
        actions=ACTION_LABELS,
    )


@router.get("/ledger")
def ledger_page(request: Request, bench: WorkbenchDep) -> Response:
    report = bench.work.verify_ledger()
    runs = len(bench.work.runs())
    return page(request, "ledger.html", report=report, labels=PROBLEM_LABELS, runs=runs)


@router.get("/users")
def users_page(request: Request, bench: WorkbenchDep) -> Response:
    return page(request, "users.html", users=bench.work.accounts.users())


def _user_done(
    request: Request, bench: Workbench, username: str, step: str, **shown: Any
) -> Response:
    bench.audit(request, "user_admin", detail={"user": username, "step": step})
    return page(request, "users.html", users=bench.work.accounts.users(), done=step, **shown)


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
    return _user_done(request, bench, user.username, "unlock", target=user.username)


@router.post("/users/{username}/enable")
def users_enable(request: Request, bench: WorkbenchDep, username: str) -> Response:
    user = bench.work.accounts.enable(username)
    return _user_done(request, bench, user.username, "enable", target=user.username)
