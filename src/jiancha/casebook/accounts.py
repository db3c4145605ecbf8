"""Users of the workbench: roles, unit scopes, argon2 passwords (at least 12 characters,
not common, leaked or built on the username), pauses after failed logins, and API tokens.

A user sees only clues whose ``unit_code`` starts with one of their unit prefixes; every
casebook query made for them carries :func:`~jiancha.casebook.scope.scope_clause`.
:class:`Accounts` is what the command line and the workbench hold: each call one transaction.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import (
    and_,
    delete,
    or_,
    select,
)
from sqlalchemy.orm import Session

from jiancha.casebook.store import Casebook
from jiancha.casebook.tables import EndedSession, WebUser
from jiancha.errors import AccessDenied, CasebookError

# Wrong passwords in a row before the account asks for a pause between attempts; each one
# after doubles the pause, up to ``MAX_PAUSE``. A pause, not a lock: a stranger who types
# wrong passwords at an account can slow its owner by a minute at most (the web adds a
# longer pause per account and address, web.security.LoginThrottle).
FREE_FAILED_LOGINS = 5
MAX_PAUSE = timedelta(minutes=1)
# one message for every refusal: unknown, disabled, paused or a wrong password are alike
LOGIN_REFUSED = "用户名或密码错误（连续输错后须稍候再试）"
# how long a workbench session cookie is honoured (web.security signs it with this age)
SESSION_LIFETIME = timedelta(hours=8)
MIN_PASSWORD_LENGTH = 12
MIN_STRENGTH = 3  # zxcvbn's score (0-4): 3 resists an offline attack on a slow hash
_USERNAME = re.compile(r"^[A-Za-z0-9_.\-]{2,64}$")
_UNIT = re.compile(r"^[0-9]{2,12}$")

_hasher = PasswordHasher()


@cache
def _dummy_hash() -> str:
    """Verified against when the user does not exist, so a wrong name costs as much as a
    wrong password (made on first use: hashing takes a tenth of a second)."""
    return _hasher.hash("jiancha-dummy-password")


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


def parse_role(value: str) -> Role:
    text = value.strip()
    for role in Role:
        if text in (role.value, ROLE_LABELS[role]):
            return role
    choices = "、".join(f"{r.value}（{ROLE_LABELS[r]}）" for r in Role)
    raise CasebookError(f"没有 “{value}” 这个角色；可选：{choices}")


@cache
def _common_passwords() -> frozenset[str]:
    """The 30,000 passwords most common in leaked password lists (zxcvbn ships them)."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


def check_password(password: str, username: str) -> None:
    """Refuse a password that is short, common, built on the username, or easily guessed;
    the message says why and what to do."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise CasebookError(f"密码至少 {MIN_PASSWORD_LENGTH} 个字符")
    folded = password.casefold()
    if folded in _common_passwords():
        raise CasebookError("该密码在常见密码或已泄露密码列表中，请换一个")
    name = username.casefold()
    if len(name) >= 3 and name in folded:
        raise CasebookError("密码不能包含用户名")
    from zxcvbn import zxcvbn

    if zxcvbn(password[:100], user_inputs=[username])["score"] < MIN_STRENGTH:
        raise CasebookError(
            "密码太容易被猜中（如常见单词、键盘序列、日期或重复字符），"
            "请用几个不相关的词或更长的句子"
        )


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
    check_password(password, username)
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


def set_role(session: Session, username: str, role: str, units: Sequence[str]) -> UserView:
    """A new role and unit scope for ``username``; the user's sessions end, so the next
    page is served under the new rights."""
    row = _row(session, username)
    chosen = _check_units(units)
    if not chosen:
        raise CasebookError("至少要有一个管辖单位")
    row.role, row.units = parse_role(role).value, chosen
    end_user_sessions(session, row.id)
    return user_view(row)


def set_password(session: Session, username: str, password: str) -> UserView:
    """A new password for ``username``; every session of the user ends, the pause too."""
    row = _row(session, username)
    check_password(password, row.username)
    row.password_hash = _hasher.hash(password)
    row.failed_logins, row.locked_until = 0, None
    end_user_sessions(session, row.id)
    return user_view(row)


def temporary_password(username: str) -> str:
    """A random password that passes :func:`check_password` (16 characters)."""
    while True:
        password = secrets.token_urlsafe(12)
        try:
            check_password(password, username)
        except CasebookError:
            continue
        return password


def reset_password(session: Session, username: str) -> tuple[UserView, str]:
    """A random password (shown once to the admin, who hands it over); sessions end."""
    while True:
        password = secrets.token_urlsafe(12)  # 16 characters
        try:
            return set_password(session, username, password), password
        except CasebookError as exc:
            if "没有用户" in str(exc):
                raise


def unlock(session: Session, username: str) -> UserView:
    """Lift the pause that failed logins put on the account."""
    row = _row(session, username)
    row.failed_logins, row.locked_until = 0, None
    return user_view(row)


def enable(session: Session, username: str) -> UserView:
    """Enable a disabled account (its old sessions and API token stay ended)."""
    row = _row(session, username)
    row.active = True
    row.failed_logins, row.locked_until = 0, None
    return user_view(row)


def list_users(session: Session) -> list[UserView]:
    return [user_view(r) for r in session.scalars(select(WebUser).order_by(WebUser.username))]


def get_user(session: Session, user_id: int) -> UserView | None:
    row = session.get(WebUser, user_id)
    return user_view(row) if row is not None and row.active else None


def authenticate(session: Session, username: str, password: str, now: datetime) -> UserView:
    """The user, or AccessDenied with one message whatever the reason. The failed count is
    written even though this raises: the caller commits ``session`` first (see
    :func:`check_login`)."""
    user, refusal = check_login(session, username, password, now)
    if user is None:
        raise AccessDenied(refusal or LOGIN_REFUSED)
    return user


def check_login(
    session: Session, username: str, password: str, now: datetime
) -> tuple[UserView | None, str | None]:
    """(user, None) on success, (None, LOGIN_REFUSED) otherwise; counts failures and, past
    ``FREE_FAILED_LOGINS``, asks for a growing pause before the next attempt counts.

    Unknown, disabled and paused accounts cost a hash verification like a wrong password,
    and get the same answer, so a guesser learns nothing about which names exist. Returns
    instead of raising so that the caller's transaction commits the failure count.
    """
    row = session.scalar(select(WebUser).where(WebUser.username == username))
    if row is None or (row.locked_until is not None and now < row.locked_until):
        _verify(_dummy_hash(), password)
        return None, LOGIN_REFUSED
    if not row.active or not _verify(row.password_hash, password):
        row.failed_logins += 1
        row.locked_until = now + pause_after(row.failed_logins) if row.failed_logins else None
        return None, LOGIN_REFUSED
    row.failed_logins, row.locked_until = 0, None
    if _hasher.check_needs_rehash(row.password_hash):
        row.password_hash = _hasher.hash(password)
    return user_view(row), None


def pause_after(failures: int) -> timedelta:
    """The pause an account asks for after ``failures`` wrong passwords in a row."""
    if failures < FREE_FAILED_LOGINS:
        return timedelta(0)
    return min(timedelta(seconds=2 ** min(failures - FREE_FAILED_LOGINS, 16)), MAX_PAUSE)


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


# -- the façade ---------------------------------------------------------------------------


class Accounts:
    """The workbench's users on one casebook; each call is one transaction."""

    def __init__(self, book: Casebook) -> None:
        self.book = book

    def add(
        self,
        username: str,
        password: str,
        role: str,
        units: Sequence[str],
        *,
        display_name: str | None = None,
    ) -> UserView:
        with self.book.session("添加用户") as session:
            return add_user(session, username, password, role, units, display_name=display_name)

    def grant(self, username: str, units: Sequence[str]) -> UserView:
        with self.book.session("授权") as session:
            return grant(session, username, units)

    def revoke(self, username: str, units: Sequence[str] | None = None) -> UserView:
        with self.book.session("撤销授权") as session:
            return revoke(session, username, units)

    def set_role(self, username: str, role: str, units: Sequence[str]) -> UserView:
        with self.book.session("更改角色和单位") as session:
            return set_role(session, username, role, units)

    def disable(self, username: str) -> UserView:
        """Disable the account: its sessions and API token end (see :func:`revoke`)."""
        with self.book.session("停用账号") as session:
            return revoke(session, username)

    def set_password(self, username: str, password: str) -> UserView:
        with self.book.session("修改密码") as session:
            return set_password(session, username, password)

    def reset_password(self, username: str) -> tuple[UserView, str]:
        with self.book.session("重置密码") as session:
            return reset_password(session, username)

    def unlock(self, username: str) -> UserView:
        with self.book.session("解除登录限制") as session:
            return unlock(session, username)

    def enable(self, username: str) -> UserView:
        with self.book.session("启用账号") as session:
            return enable(session, username)

    def users(self) -> list[UserView]:
        with self.book.session("查询用户") as session:
            return list_users(session)

    def issue_token(self, username: str) -> str:
        with self.book.session("签发令牌") as session:
            return issue_api_token(session, username)

    def login(
        self, username: str, password: str, now: datetime
    ) -> tuple[UserView | None, str | None]:
        """See :func:`check_login`; a failure's count is committed."""
        with self.book.session("登录") as session:
            return check_login(session, username, password, now)

    def by_token(self, token: str) -> UserView | None:
        with self.book.session("验证令牌") as session:
            return user_by_token(session, token)

    def by_session(self, user_id: int, session_id: str, issued_at: datetime) -> UserView | None:
        with self.book.session("读取用户") as session:
            return session_user(session, user_id, session_id, issued_at)

    def end_session(self, user_id: int, session_id: str, expires_at: datetime) -> None:
        with self.book.session("退出登录") as session:
            end_session(session, user_id, session_id, expires_at)
