"""What every request and response passes through before any route: body limits and
security headers (plain ASGI, so that nothing is read or buffered on the way).

Body limits: each route has its own ceiling (``BODY_LIMITS``; everything else
``DEFAULT_BODY``). A declared ``Content-Length`` above it is refused with 413 before a byte
of the body is read; a body sent without one (chunked) is counted as it arrives and
refused the moment it passes the ceiling, so nothing larger is ever spooled to disk. The
reverse proxy in front sets its own, larger limit (docs/security.md); this one holds even
without it.

Headers: a Content-Security-Policy with no inline script or style (HTMX runs from
/static and is configured not to inject its indicator style nor to evaluate attributes),
no framing, nosniff, a same-origin referrer, and ``Cache-Control: no-store`` on everything
but the static files: clue pages, unmasked views, the API and downloads carry personal
data that must not stay in a shared browser's or proxy's cache.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import HTTPException

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MB = 1024 * 1024
DEFAULT_BODY = 1 * MB  # a form, a JSON request, a login
UPLOAD_BODY = 200 * MB  # an analyst's data file (staff.MAX_UPLOAD) and its multipart frame
REPLY_BODY = 20 * MB  # a court's written reply (routes.service.MAX_REPLY)
FRAME = 64 * 1024  # multipart boundaries and the small fields beside the file
# (method, path, ceiling, whether only a signed-in browser may send that much): the
# framework reads a form before any dependency runs, so the large ceiling of an upload is
INTAKE_BODY = 20 * MB + 1  # one byte over: the route answers over-limit in its own words
# granted only to a request carrying a validly signed session cookie; the reply route
# reads its body itself, after checking the link's token
BODY_LIMITS: tuple[tuple[str, re.Pattern[str], int, bool], ...] = (
    ("POST", re.compile(r"^/imports/?$"), UPLOAD_BODY + FRAME, True),
    ("POST", re.compile(r"^/service/[^/]+/reply/?$"), REPLY_BODY + FRAME, False),
    # an agency's pushed batch: its key is checked, and its own 20 MiB limit, by the route
    ("POST", re.compile(r"^/api/intake/[^/]+/?$"), INTAKE_BODY, False),
)

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
)
STATIC_PREFIX = "/static/"


def body_limit(method: str, path: str, signed_in: bool = True) -> int:
    """The largest body (bytes) the route at ``path`` takes (from a signed-in browser,
    or from anyone)."""
    for verb, pattern, limit, needs_session in BODY_LIMITS:
        if method == verb and pattern.match(path):
            return limit if signed_in or not needs_session else DEFAULT_BODY
    return DEFAULT_BODY


def _too_large_message(limit: int) -> str:
    return f"提交的内容超过 {limit // MB or 1} MB 的上限，已拒绝"


class BodyTooLarge(HTTPException):
    """Raised inside ``receive`` when a body passes its route's ceiling: an HTTP error, so
    that the form parser passes it on and the error page says 413, not "bad request"."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, _too_large_message(limit))


async def _send_413(scope: Scope, send: Send, limit: int) -> None:
    message = _too_large_message(limit)
    if scope["path"].startswith("/api"):
        body = json.dumps(
            {"error": {"code": "too_large", "message": message}}, ensure_ascii=False
        ).encode()
        kind = b"application/json"
    else:
        body = (
            '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>内容太大</title>'
            f"<p>{message}</p></html>"
        ).encode()
        kind = b"text/html; charset=utf-8"
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", kind),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class LimitBodies:
    """Refuse bodies above their route's ceiling, before reading them when declared.
    ``signed_in(cookie header)`` says whether a request carries a valid session cookie."""

    def __init__(self, app: ASGIApp, signed_in: Callable[[str], bool]) -> None:
        self.app = app
        self.signed_in = signed_in

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cookies = _header(scope, b"cookie")
        limit = body_limit(
            scope["method"], scope["path"], bool(cookies) and self.signed_in(cookies)
        )
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _send_413(scope, send, limit)
            return
        received = 0
        started = False

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except BodyTooLarge:
            if not started:
                await _send_413(scope, send, limit)


def _content_length(scope: Scope) -> int | None:
    value = _header(scope, b"content-length")
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", ()):
        if key == name:
            return str(value.decode("latin-1"))
    return ""


class SecurityHeaders:
    """Add the security headers to every response, and no-store outside /static."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cacheable = scope["path"].startswith(STATIC_PREFIX)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if cacheable or k.lower() != b"cache-control"
                ]
                present = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in SECURITY_HEADERS if k not in present]
                if not cacheable:
                    headers += [(b"cache-control", b"no-store"), (b"pragma", b"no-cache")]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


class TrustedHosts:
    """Answer only requests addressed to the workbench's own names (``[web] public_url``'s
    host, ``allowed_hosts``, localhost): a forged Host header cannot make a page or a
    link point elsewhere (DNS rebinding, cache poisoning). ``*.name`` allows subdomains."""

    def __init__(self, app: ASGIApp, hosts: list[str]) -> None:
        self.app = app
        self.exact = {h.lower() for h in hosts if not h.startswith("*.")}
        self.suffixes = tuple(h[1:].lower() for h in hosts if h.startswith("*."))

    def allowed(self, host: str) -> bool:
        name = _host_name(host)
        return name in self.exact or (bool(self.suffixes) and name.endswith(self.suffixes))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        if self.allowed(_header(scope, b"host")):
            await self.app(scope, receive, send)
            return
        body = "请求的主机名不属于本工作台（请使用管理员公布的地址访问）".encode()
        await send(
            {
                "type": "http.response.start",
                "status": 400,
                "headers": [
                    (b"content-type", b"text/plain; charset=utf-8"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


def _host_name(host: str) -> str:
    """``host`` without its port: ``[::1]:8000`` → ``::1``, ``a.cn:443`` → ``a.cn``."""
    text = host.strip().lower()
    if text.startswith("["):
        return text[1 : text.find("]")] if "]" in text else text
    return text.rsplit(":", 1)[0] if text.count(":") == 1 else text
