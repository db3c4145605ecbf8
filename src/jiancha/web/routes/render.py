"""Rendering a page with what every template needs: the user and the CSRF token."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import Response


def page(request: Request, template: str, status_code: int = 200, **context: Any) -> Response:
    templates: Jinja2Templates = request.app.state.templates
    context.setdefault("user", getattr(request.state, "user", None))
    context.setdefault("csrf", getattr(request.state, "csrf", ""))
    return templates.TemplateResponse(request, template, context, status_code=status_code)


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"
