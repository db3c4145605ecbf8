"""Push intake over HTTP: agencies' systems push batches of records with their key, and the
agency's own page shows its batches, their outcomes and the rows quarantined, with why.

These routes are public in the access table (jiancha.web.access): the credential is the
agency's key (``Authorization: Bearer``), or for the page a signed cookie set by signing
in with that key; it is checked here, on every request, so a revoked key stops at once.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, RedirectResponse
from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.responses import Response

from jiancha.errors import NotFound
from jiancha.intake import MAX_BYTES, MAX_RECORDS
from jiancha.schema import contract
from jiancha.web.deps import Workbench, WorkbenchDep
from jiancha.web.errors import Forbidden, LoginRequired, TooLarge, TooManyRequests, WebError
from jiancha.web.routes.render import client_ip, page
from jiancha.web.security import CSRF_FIELD, load_or_create_secret

if TYPE_CHECKING:
    from jiancha.casebook.intake import AgencyView, BatchView

router = APIRouter(tags=["intake"])

AGENCY_COOKIE = "jiancha_agency"
AGENCY_LOGIN_COOKIE = "jiancha_agency_login"
PAGE = "/intake"
AGENCY_TTL = 8 * 3600  # a working day
IDEMPOTENCY_MAX = 128


class BadRequest(WebError):
    status = 400
    code = "bad_request"


# -- the API ----------------------------------------------------------------------------


@router.post("/api/intake/{table}", status_code=202, name="intake_push")
async def intake_push(table: str, request: Request, bench: WorkbenchDep) -> JSONResponse:
    """推送一批记录（JSON：{"records": [...]}，每批至多 10000 条、20 MiB）。认证：
    Authorization: Bearer <机关推送密钥>；可带 Idempotency-Key 头，重复推送返回同一批次。
    答复 202：批次已排队，由入库进程按序写入；结果用 GET /api/intake/batches/{id} 查询。"""
    agency = await run_in_threadpool(_agency_of, request, bench)
    _check_table(agency, table)
    idempotency = request.headers.get("idempotency-key")
    if idempotency is not None and not 0 < len(idempotency.strip()) <= IDEMPOTENCY_MAX:
        raise BadRequest(f"Idempotency-Key 应为 1 至 {IDEMPOTENCY_MAX} 个字符")
    records = _records(await _read_body(request))
    text = json.dumps(records, ensure_ascii=False)
    batch, created = await run_in_threadpool(
        bench.work.intake.accept, agency, table, text, len(records), idempotency
    )
    body = {
        "status": "accepted",
        "batch_id": batch.id,
        "records": batch.record_count,
        "replayed": not created,  # the idempotency key named a batch already accepted
    }
    return JSONResponse(body, status_code=202)


@router.get("/api/intake/batches/{batch_id}", name="intake_batch")
def intake_batch(batch_id: int, request: Request, bench: WorkbenchDep) -> dict[str, Any]:
    """一个推送批次的状态与结果：入库、替换、隔离条数及被隔离记录的原因（仅限本机关的批次）。"""
    agency = _agency_of(request, bench)
    return _batch_json(bench.work.intake.batch(batch_id, agency_id=agency.id))


def _agency_of(request: Request, bench: Workbench) -> AgencyView:
    header = request.headers.get("authorization", "")
    key = header[7:].strip() if header.lower().startswith("bearer ") else ""
    agency = bench.work.intake.by_key(key) if key else None
    if agency is None:
        raise LoginRequired("推送密钥无效或已吊销（Authorization: Bearer <机关推送密钥>）")
    return agency


def _check_table(agency: AgencyView, table: str) -> None:
    tables = contract().tables
    if table not in tables:
        raise NotFound(f"没有名为 {table} 的数据表")
    if table not in agency.tables:
        raise Forbidden(f"本机关的推送密钥无权推送“{tables[table].label}”")


async def _read_body(request: Request) -> bytes:
    """The body, refused (413) as soon as it is known to exceed the limit: by its declared
    length before reading, else while it streams in."""
    declared = request.headers.get("content-length")
    limit = f"每批数据不能超过 {MAX_BYTES // (1024 * 1024)} MiB"
    if declared is not None and declared.isdigit() and int(declared) > MAX_BYTES:
        raise TooLarge(limit)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BYTES:
            raise TooLarge(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def _records(body: bytes) -> list[Any]:
    try:
        data = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BadRequest(f"请求体不是有效的 JSON：{getattr(exc, 'msg', exc)}") from None
    records = data.get("records") if isinstance(data, dict) else None
    if not isinstance(records, list):
        raise BadRequest('请求体应为 {"records": [记录, ...]}')
    if not records:
        raise BadRequest("records 为空：没有要推送的记录")
    if len(records) > MAX_RECORDS:
        raise TooLarge(f"每批至多 {MAX_RECORDS} 条记录（本批 {len(records)} 条），请分批推送")
    return records


def _batch_json(batch: BatchView) -> dict[str, Any]:
    return {
        "batch_id": batch.id,
        "table": batch.table,
        "status": batch.status,
        "status_label": batch.status_label,
        "records": batch.record_count,
        "received_at": batch.received_at.isoformat(),
        "finished_at": batch.finished_at.isoformat() if batch.finished_at else None,
        **{name: batch.counts.get(name) for name in ("stored", "new", "replaced", "unchanged")},
        "quarantined": batch.counts.get("quarantined"),
        "quarantined_rows": [
            {"row": r.row, "record_id": r.record_id, "field": r.field, "reason": r.reason}
            for r in batch.quarantined_rows
        ],
        "error": batch.error,
    }


# -- the agency's page --------------------------------------------------------------------


def _cookies(request: Request, bench: Workbench) -> URLSafeTimedSerializer:
    """The agency cookie's signer, made once per process with the project's secret."""
    signer: URLSafeTimedSerializer | None = getattr(request.app.state, "agency_cookies", None)
    if signer is None:
        secret = load_or_create_secret(bench.work.config.keys_dir)
        signer = URLSafeTimedSerializer(secret, salt="jiancha.agency")
        request.app.state.agency_cookies = signer
    return signer


def _signed_in_agency(request: Request, bench: Workbench) -> AgencyView | None:
    """The agency of a valid cookie whose key is still the agency's and not revoked."""
    cookie = request.cookies.get(AGENCY_COOKIE)
    if not cookie:
        return None
    try:
        data = _cookies(request, bench).loads(cookie, max_age=AGENCY_TTL)
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("a"), int):
        return None
    agency = bench.work.intake.agency(data["a"])
    if agency is None or not agency.active or agency.key_fingerprint != data.get("k"):
        return None
    return agency


@router.get(PAGE, name="intake_page")
def intake_page(request: Request, bench: WorkbenchDep) -> Response:
    agency = _signed_in_agency(request, bench)
    if agency is None:
        return _key_form(request, bench, 200, None)
    batches = bench.work.intake.batches(agency.id, limit=100)
    return page(
        request, "intake.html", agency=agency, batches=batches, tables=_table_labels(agency)
    )


@router.get(PAGE + "/batches/{batch_id}", name="intake_batch_page")
def intake_batch_page(batch_id: int, request: Request, bench: WorkbenchDep) -> Response:
    agency = _signed_in_agency(request, bench)
    if agency is None:
        return RedirectResponse(PAGE, status_code=303)
    batch = bench.work.intake.batch(batch_id, agency_id=agency.id)
    return page(request, "intake_batch.html", agency=agency, batch=batch)


@router.post(PAGE + "/login", name="intake_login")
def intake_login(
    request: Request,
    bench: WorkbenchDep,
    key: Annotated[str, Form(max_length=256)],
    csrf_token: Annotated[str, Form(alias=CSRF_FIELD, max_length=128)] = "",
) -> Response:
    if not bench.throttle.allow(client_ip(request)):
        raise TooManyRequests("登录尝试过于频繁，请稍后再试")
    login_cookie = request.cookies.get(AGENCY_LOGIN_COOKIE)
    if not bench.sessions.login_token_matches(login_cookie, csrf_token):
        message = "表单已过期或来源不明（CSRF 校验失败），请重新输入"
        return _key_form(request, bench, 400, message)
    agency = bench.work.intake.by_key(key)
    if agency is None:
        bench.audit(request, "login_failed", username="agency", detail={"why": "agency_key"})
        return _key_form(request, bench, 401, "推送密钥无效或已吊销")
    bench.audit(request, "login", username=agency.name[:64], detail={"agency": agency.id})
    cookie = _cookies(request, bench).dumps({"a": agency.id, "k": agency.key_fingerprint})
    response = RedirectResponse(PAGE, status_code=303)
    _set_cookie(request, response, AGENCY_COOKIE, cookie, AGENCY_TTL)
    response.delete_cookie(AGENCY_LOGIN_COOKIE, path=PAGE)
    return response


@router.post(PAGE + "/logout", name="intake_logout")
def intake_logout() -> Response:
    response = RedirectResponse(PAGE, status_code=303)
    response.delete_cookie(AGENCY_COOKIE, path=PAGE)
    return response


def _key_form(request: Request, bench: Workbench, status: int, message: str | None) -> Response:
    cookie, token = bench.sessions.login_token(request.cookies.get(AGENCY_LOGIN_COOKIE))
    response = page(request, "intake_login.html", status, message=message, login_csrf=token)
    _set_cookie(request, response, AGENCY_LOGIN_COOKIE, cookie, 4 * 3600)
    return response


def _set_cookie(request: Request, response: Response, name: str, value: str, age: int) -> None:
    response.set_cookie(
        name,
        value,
        max_age=age,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path=PAGE,
    )


def _table_labels(agency: AgencyView) -> list[str]:
    tables = contract().tables
    return [tables[t].label if t in tables else t for t in agency.tables]
