"""Users of the workbench: roles, unit scopes, argon2 passwords, lockout and API tokens.

A user sees only clues whose ``unit_code`` starts with one of their unit prefixes; the
web adds :func:`scope_clause` to every casebook query it makes for them.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import (
    Boolean,
    ColumnElement,
    Integer,
    String,
    and_,
    delete,
    false,
    or_,
    select,
    true,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from jiancha.casebook.tables import Base, EndedSession
from jiancha.errors import AccessDenied, CasebookError

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
# how long a workbench session cookie is honoured (web.security signs it with this age)
SESSION_LIFETIME = timedelta(hours=8)
MIN_PASSWORD_LENGTH = 10
_USERNAME = re.compile(r"^[A-Za-z0-9_.\-]{2,64}$")
_UNIT = re.compile(r"^[0-9]{2,12}$")
_DIGITS = re.compile(r"[0-9]+")

_hasher = PasswordHasher()
# verified against when the user does not exist, so a wrong name costs as much as a wrong password
_DUMMY_HASH = _hasher.hash("jiancha-dummy-password")


class Role(StrEnum):
    ANALYST = "analyst"
    PROSECUTOR = "prosecutor"
    LEADER = "leader"
    AUDITOR = "auditor"
    ADMIN = "admin"


ROLE_LABELS: dict[str, str] = {
    Role.ANALYST: "数据分析员",
    Role.PROSECUTOR: "检察官",
    Role.LEADER: "部门负责人/检察长",
    Role.AUDITOR: "审计",
    Role.ADMIN: "管理员",
}


class WebUser(Base):
    """A person who logs in to the workbench (or another agency's system using the API)."""

    __tablename__ = "web_user"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(128))
    role: Mapped[str] = mapped_column(String(32))
    units: Mapped[list[Any]]  # unit_code prefixes, e.g. ["350602"]
    password_hash: Mapped[str] = mapped_column(String(255))
    api_token_sha256: Mapped[str | None] = mapped_column(String(64), unique=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[datetime | None]
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    created_at: Mapped[datetime]


@dataclass(frozen=True)
class UserView:
    id: int
    username: str
    display_name: str
    role: str
    units: tuple[str, ...]
    active: bool
    locked_until: datetime | None

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)

    def in_scope(self, unit_code: str | None) -> bool:
        return bool(unit_code) and any((unit_code or "").startswith(p) for p in self.units)


def scope_clause(column: Any, units: Sequence[str], *, indexed: bool = True) -> ColumnElement[bool]:
    """``column`` starts with one of the unit prefixes; no units: nothing matches."""
    if not units:
        return false()
    return or_(*(prefix_clause(column, unit, indexed=indexed) for unit in units))


def prefix_clause(column: Any, prefix: str, *, indexed: bool = True) -> ColumnElement[bool]:
    """``column LIKE 'prefix%'``, and for a prefix of digits also the range it implies
    (``'3506' <= column < '3507'``): neither SQLite (whose LIKE ignores case) nor PostgreSQL
    outside the C collation can use an index for the LIKE, but both can for the range. The
    LIKE stays, so the range only narrows the search and never widens what matches.

    ``indexed=False`` leaves the range out, for a query that should not search by unit:
    when most clues are in scope, reading the newest clues and filtering beats sorting
    every clue of the range (SQLite's planner cannot tell the two cases apart)."""
    like = column.startswith(prefix, autoescape=True)
    if not indexed or not _DIGITS.fullmatch(prefix):
        return like
    bounds = [column >= prefix]
    following = str(int(prefix) + 1).zfill(len(prefix))
    if len(following) == len(prefix):  # "99" has no following prefix of its length
        bounds.append(column < following)
    return and_(*bounds, like)


def parse_role(value: str) -> Role:
    text = value.strip()
    for role in Role:
        if text in (role.value, ROLE_LABELS[role]):
            return role
    choices = "、".join(f"{r.value}（{ROLE_LABELS[r]}）" for r in Role)
    raise CasebookError(f"没有 “{value}” 这个角色；可选：{choices}")


def _check_units(units: Sequence[str]) -> list[str]:
    for unit in units:
        if not _UNIT.match(unit):
            raise CasebookError(f"单位代码 “{unit}” 应为 2 到 12 位数字（行政区划代码前缀）")
    return sorted(set(units))


def _row(session: Session, username: str) -> WebUser:
    row = session.scalar(select(WebUser).where(WebUser.username == username))
    if row is None:
        raise CasebookError(f"没有用户 “{username}”")
    return row


def user_view(row: WebUser) -> UserView:
    return UserView(
        id=row.id,
        username=row.username,
        display_name=row.display_name,
        role=row.role,
        units=tuple(row.units),
        active=row.active,
        locked_until=row.locked_until,
    )


def add_user(
    session: Session,
    username: str,
    password: str,
    role: str,
    units: Sequence[str],
    *,
    display_name: str | None = None,
    now: datetime | None = None,
) -> UserView:
    if not _USERNAME.match(username):
        raise CasebookError(f"用户名 “{username}” 只能用字母、数字和 _ . -（2 到 64 个字符）")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise CasebookError(f"密码至少 {MIN_PASSWORD_LENGTH} 个字符")
    if session.scalar(select(WebUser.id).where(WebUser.username == username)) is not None:
        raise CasebookError(f"用户 “{username}” 已存在")
    row = WebUser(
        username=username,
        display_name=display_name or username,
        role=parse_role(role).value,
        units=_check_units(units),
        password_hash=_hasher.hash(password),
        failed_logins=0,
        active=True,
        created_at=now or datetime.now(),
    )
    session.add(row)
    session.flush()
    return user_view(row)


def grant(session: Session, username: str, units: Sequence[str]) -> UserView:
    row = _row(session, username)
    row.units = _check_units([*row.units, *units])
    return user_view(row)


def revoke(session: Session, username: str, units: Sequence[str] | None = None) -> UserView:
    """Take units away; without units the account is disabled altogether."""
    row = _row(session, username)
    if units:
        row.units = [u for u in row.units if u not in set(units)]
    else:
        row.active = False
        row.api_token_sha256 = None
        end_user_sessions(session, row.id)
    return user_view(row)


def list_users(session: Session) -> list[UserView]:
    return [user_view(r) for r in session.scalars(select(WebUser).order_by(WebUser.username))]


def get_user(session: Session, user_id: int) -> UserView | None:
    row = session.get(WebUser, user_id)
    return user_view(row) if row is not None and row.active else None


def authenticate(session: Session, username: str, password: str, now: datetime) -> UserView:
    """The user, or AccessDenied: wrong name or password, disabled, or locked out.

    ``MAX_FAILED_LOGINS`` wrong passwords in a row lock the account for ``LOCKOUT``. The
    failed count is written even though this raises: the caller commits ``session`` first
    (see :func:`check_login`).
    """
    user, refusal = check_login(session, username, password, now)
    if user is None:
        raise AccessDenied(refusal or "用户名或密码错误")
    return user


def check_login(
    session: Session, username: str, password: str, now: datetime
) -> tuple[UserView | None, str | None]:
    """(user, None) on success, (None, why) otherwise; counts failures and locks out.

    Returns instead of raising so that the caller's transaction commits the failure count.
    """
    row = session.scalar(select(WebUser).where(WebUser.username == username))
    if row is None:
        _verify(_DUMMY_HASH, password)
        return None, "用户名或密码错误"
    if row.locked_until is not None and now < row.locked_until:
        return None, f"账号已锁定，请于 {row.locked_until:%H:%M} 后再试或联系管理员"
    if not row.active or not _verify(row.password_hash, password):
        row.failed_logins += 1
        if row.failed_logins >= MAX_FAILED_LOGINS:
            row.locked_until, row.failed_logins = now + LOCKOUT, 0
        return None, "用户名或密码错误"
    row.failed_logins, row.locked_until = 0, None
    if _hasher.check_needs_rehash(row.password_hash):
        row.password_hash = _hasher.hash(password)
    return user_view(row), None


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def issue_api_token(session: Session, username: str) -> str:
    """A new API token for ``username`` (the old one stops working); only its hash is kept."""
    row = _row(session, username)
    token = secrets.token_urlsafe(32)
    row.api_token_sha256 = _token_hash(token)
    return token


def user_by_token(session: Session, token: str) -> UserView | None:
    row = session.scalar(select(WebUser).where(WebUser.api_token_sha256 == _token_hash(token)))
    return user_view(row) if row is not None and row.active else None


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# -- ended sessions -------------------------------------------------------------------------


def _utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def end_session(session: Session, user_id: int, session_id: str, expires_at: datetime) -> None:
    """Refuse the session ``session_id`` from now on (its cookie expires at ``expires_at``,
    naive UTC); rows of sessions that expired meanwhile are dropped."""
    now = _utcnow()
    prune_ended_sessions(session, now)
    session.add(
        EndedSession(
            session_hash=_token_hash(session_id),
            user_id=user_id,
            ended_at=now,
            expires_at=expires_at,
        )
    )


def end_user_sessions(session: Session, user_id: int) -> None:
    """Refuse every session of the user issued until now, wherever it was signed in: an
    account enabled again must not bring its old cookies back."""
    now = _utcnow()
    session.add(
        EndedSession(
            session_hash=None, user_id=user_id, ended_at=now, expires_at=now + SESSION_LIFETIME
        )
    )


def prune_ended_sessions(session: Session, now: datetime | None = None) -> int:
    """Forget ended sessions whose cookies have expired anyway; how many were forgotten."""
    cutoff = now or _utcnow()
    result = session.execute(delete(EndedSession).where(EndedSession.expires_at < cutoff))
    return int(getattr(result, "rowcount", 0) or 0)


def session_user(
    session: Session, user_id: int, session_id: str, issued_at: datetime
) -> UserView | None:
    """The active user of a session issued at ``issued_at`` (naive UTC), or None when the
    session was ended: logged out, or all the user's sessions ended after it was issued."""
    ended = session.scalar(
        select(EndedSession.id)
        .where(
            or_(
                EndedSession.session_hash == _token_hash(session_id),
                and_(
                    EndedSession.user_id == user_id,
                    EndedSession.session_hash.is_(None),
                    EndedSession.ended_at >= issued_at,
                ),
            )
        )
        .limit(1)
    )
    return None if ended is not None else get_user(session, user_id)
