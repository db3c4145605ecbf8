"""The audit log: who saw personal data, who downloaded what, who logged in or was refused.

Entries are only inserted. They name the clue or document, never the personal data itself,
so the auditor can read them without seeing any.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
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


# the names of the details entries carry, and the codes some of them hold, in Chinese
DETAIL_LABELS: dict[str, str] = {
    "reason": "事由",
    "via": "途径",
    "why": "原因",
    "user": "账号",
    "step": "操作",
    "role": "角色",
    "units": "单位",
    "file": "文件",
    "format": "格式",
    "count": "条数",
    "clues": "线索",
    "masked": "已脱敏",
    "models": "模型",
    "job": "任务编号",
    "to": "交由",
    "bulk": "批量",
    "document": "文书",
    "link": "送达链接",
    "transfer": "移送机关",
    "feedback": "反馈机关",
    "agency": "推送机关",
    "register": "登记簿",
    "draw": "抽选",
    "note": "备注",
    "assignee": "承办人",
    "previous_assignee": "原承办人",
    "to_unit": "移交单位",
    "files": "文件",
    "rung": "层级",
    "due": "期限",
}
DETAIL_VALUES: dict[str, str] = {
    "api": "接口",
    "csrf": "表单校验失败（CSRF）",
    "role": "角色无权访问",
    "sealed": "涉及封存记录",
    "agency_key": "推送密钥错误",
    "passwd": "设置密码",
    "reset": "重置密码",
    "unlock": "解除登录限制",
    "enable": "启用账号",
    "disable": "停用账号",
    "add": "创建账号",
    "role_units": "更改角色和单位",
    "interference": "干预司法登记",
    "remote": "远程提讯",
    "minors": "未成年人",
    "aid": "司法救助",
    "analyst": "数据分析员",
    "prosecutor": "检察官",
    "leader": "部门负责人/检察长",
    "auditor": "审计",
    "admin": "管理员",
}


def _detail_value(value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list | tuple):
        return "、".join(_detail_value(v) for v in value)
    if isinstance(value, dict):
        return "，".join(f"{DETAIL_LABELS.get(k, k)} {_detail_value(v)}" for k, v in value.items())
    text = "" if value is None else str(value)
    return DETAIL_VALUES.get(text, text)


def detail_text(detail: dict[str, Any]) -> str:
    """An entry's details as a person reads them: ``事由：核查需要；途径：接口``."""
    return "；".join(f"{DETAIL_LABELS.get(k, k)}：{_detail_value(v)}" for k, v in detail.items())


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

    @property
    def detail_text(self) -> str:
        return detail_text(self.detail)


@dataclass(frozen=True)
class AuditQuery:
    """Which entries to list: by user, action and a range of days (both ends included)."""

    username: str | None = None
    action: str | None = None
    since: date | None = None
    until: date | None = None


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
    query: AuditQuery | None = None,
) -> tuple[list[AuditView], int]:
    """Entries about the given units (and those about no unit, e.g. logins), newest first,
    with their total count; of one user, action and range of days when ``query`` says."""
    asked = query or AuditQuery(action=action)
    where = [or_(AuditEntry.unit_code.is_(None), scope_clause(AuditEntry.unit_code, units))]
    if asked.action:
        where.append(AuditEntry.action == asked.action)
    if asked.username:
        where.append(AuditEntry.username == asked.username)
    if asked.since:
        where.append(AuditEntry.at >= datetime.combine(asked.since, time()))
    if asked.until:
        where.append(AuditEntry.at < datetime.combine(asked.until + timedelta(days=1), time()))
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
        self,
        units: Sequence[str],
        *,
        action: str | None = None,
        offset: int = 0,
        query: AuditQuery | None = None,
    ) -> tuple[list[AuditView], int]:
        """One page of entries about ``units`` with the total (see :func:`entries`)."""
        with self.book.session("查询审计日志") as session:
            return entries(session, units, action=action, offset=offset, query=query)
