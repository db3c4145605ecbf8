"""The audit log: who saw personal data, who downloaded what, who logged in or was refused.

Entries are only inserted. They name the clue or document, never the personal data itself,
so the auditor can read them without seeing any.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from jiancha.casebook.scope import scope_clause
from jiancha.casebook.store import Casebook
from jiancha.casebook.tables import AuditEntry

ACTION_LABELS: dict[str, str] = {
    "login": "登录",
    "login_failed": "登录失败",
    "logout": "退出",
    "unmask": "查看未脱敏个人信息",
    "download": "下载文书",
    "denied": "越权访问被拒绝",
    "move": "办理线索",
    "assign": "分派线索",
    "document": "制作文书",
    "run": "运行模型",
    "import": "导入数据",
    "api": "接口调用",
    "serve": "签发电子送达链接",
    "serve_revoke": "撤销电子送达链接",
    "user_admin": "管理用户账号",
    "export": "导出线索",
    "register": "登记簿登记",
    "sealed_view": "查看涉及封存记录的线索",
}


@dataclass(frozen=True)
class AuditView:
    id: int
    at: datetime
    username: str
    role: str | None
    action: str
    subject: str | None
    unit_code: str | None
    ip: str | None
    detail: dict[str, Any]

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)


def record(
    session: Session,
    username: str,
    action: str,
    *,
    role: str | None = None,
    subject: str | None = None,
    unit_code: str | None = None,
    ip: str | None = None,
    detail: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> None:
    session.add(
        AuditEntry(
            at=at or datetime.now(),
            username=username,
            role=role,
            action=action,
            subject=subject,
            unit_code=unit_code,
            ip=ip,
            detail=detail or {},
        )
    )


def entries(
    session: Session,
    units: Sequence[str],
    *,
    action: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> tuple[list[AuditView], int]:
    """Entries about the given units (and those about no unit, e.g. logins), newest first,
    with their total count."""
    where = [or_(AuditEntry.unit_code.is_(None), scope_clause(AuditEntry.unit_code, units))]
    if action:
        where.append(AuditEntry.action == action)
    total = session.scalar(select(func.count(AuditEntry.id)).where(*where)) or 0
    rows = session.scalars(
        select(AuditEntry).where(*where).order_by(AuditEntry.id.desc()).offset(offset).limit(limit)
    )
    return [_view(r) for r in rows], total


def _view(row: AuditEntry) -> AuditView:
    return AuditView(
        id=row.id,
        at=row.at,
        username=row.username,
        role=row.role,
        action=row.action,
        subject=row.subject,
        unit_code=row.unit_code,
        ip=row.ip,
        detail=dict(row.detail),
    )


class AuditLog:
    """The audit log of one casebook: each entry written in its own transaction."""

    def __init__(self, book: Casebook) -> None:
        self.book = book

    def record(self, username: str, action: str, **fields: Any) -> None:
        """One entry (see :func:`record` for the fields)."""
        with self.book.session("写审计日志") as session:
            record(session, username, action, **fields)

    def entries(
        self, units: Sequence[str], *, action: str | None = None, offset: int = 0
    ) -> tuple[list[AuditView], int]:
        """One page of entries about ``units`` with the total (see :func:`entries`)."""
        with self.book.session("查询审计日志") as session:
            return entries(session, units, action=action, offset=offset)
