"""Sessions, CSRF tokens and login throttling.

The session is a signed cookie (itsdangerous, HMAC-SHA1 over the payload with the
project's own secret) holding the user id, a session id, a CSRF token and when it was
issued; it is HttpOnly and SameSite=Strict, and expires after ``SESSION_TTL`` whatever the
browser does. The user is read from the casebook on every request, so a revoked account
stops at once, and so does a session ended by logging out (the casebook lists it).

The login form, posted before there is a session, carries its own token: the same random
value in a hidden field and in a signed, short-lived cookie of the login page (double
submit), so another site cannot sign a victim in to an account of its choosing.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from itsdangerous import BadSignature, URLSafeTimedSerializer

from jiancha.casebook.accounts import SESSION_LIFETIME
from jiancha.filemodes import write_secret

SESSION_COOKIE = "jiancha_session"
LOGIN_COOKIE = "jiancha_login"
LOGIN_PATH = "/login"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
SESSION_TTL = int(SESSION_LIFETIME.total_seconds())
# long enough for a login page left open over lunch; a stale form is refused, not lost
LOGIN_TOKEN_TTL = 4 * 3600
SECRET_FILE = "web_session.secret"


def load_or_create_secret(key_dir: Path) -> str:
    """The project's session secret (``keys/web_session.secret``), made on first use."""
    path = key_dir / SECRET_FILE
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    secret = secrets.token_urlsafe(48)
    try:  # mode 0600 from creation: never readable by others, not even for a moment
        write_secret(path, secret.encode("ascii"))
    except FileExistsError:  # another worker made it first
        return path.read_text(encoding="ascii").strip()
    return secret


@dataclass(frozen=True)
class SessionData:
    user_id: int
    csrf: str
    session_id: str  # what logging out ends (the casebook keeps only its hash)
    issued_at: datetime  # naive UTC, to the microsecond


class Sessions:
    """Signs and reads session cookies and the login form's pre-session tokens."""

    def __init__(self, secret: str, ttl: int = SESSION_TTL) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt="jiancha.session")
        self._login = URLSafeTimedSerializer(secret, salt="jiancha.login")
        self.ttl = ttl

    def issue(self, user_id: int) -> tuple[str, SessionData]:
        data = SessionData(
            user_id,
            secrets.token_urlsafe(24),
            secrets.token_urlsafe(24),
            datetime.now(UTC).replace(tzinfo=None),
        )
        # the issue time to the microsecond: the signature's own stamp is to the second,
        # and a session signed in the second its user's sessions were ended (a new role,
        # a new password) must not count as ended
        cookie = self._serializer.dumps(
            {"u": user_id, "c": data.csrf, "s": data.session_id, "t": data.issued_at.isoformat()}
        )
        return cookie, data

    def read(self, cookie: str | None) -> SessionData | None:
        """The session of a cookie signed here and not expired; None otherwise (a cookie
        from before sessions had ids, too: its session could not be ended)."""
        if not cookie:
            return None
        try:
            payload, signed = self._serializer.loads(
                cookie, max_age=self.ttl, return_timestamp=True
            )
        except BadSignature:  # also SignatureExpired
            return None
        if not isinstance(payload, dict):
            return None
        user_id, csrf, session_id = payload.get("u"), payload.get("c"), payload.get("s")
        if not isinstance(user_id, int) or not isinstance(csrf, str):
            return None
        if not isinstance(session_id, str) or not session_id:
            return None
        return SessionData(user_id, csrf, session_id, _issued_at(payload.get("t"), signed))

    def expires_at(self, data: SessionData) -> datetime:
        """When the session's cookie stops being honoured anyway (naive UTC)."""
        return data.issued_at + timedelta(seconds=self.ttl)

    def login_token(self, cookie: str | None) -> tuple[str, str]:
        """(cookie, token) for a login form: the token of a still-valid login cookie, so
        that two open login pages both work, else a new one; the cookie is signed anew."""
        token = self.read_login_token(cookie) or secrets.token_urlsafe(24)
        return self._login.dumps(token), token

    def read_login_token(self, cookie: str | None) -> str | None:
        if not cookie:
            return None
        try:
            token = self._login.loads(cookie, max_age=LOGIN_TOKEN_TTL)
        except BadSignature:
            return None
        return token if isinstance(token, str) and token else None

    def login_token_matches(self, cookie: str | None, given: str | None) -> bool:
        """Whether the login form's field carries the token of this browser's login cookie."""
        expected = self.read_login_token(cookie)
        return expected is not None and csrf_matches(expected, given)


def _issued_at(stamp: object, signed: datetime) -> datetime:
    """The issue time a cookie carries, else (an older cookie) its signature's second."""
    if isinstance(stamp, str):
        try:
            issued = datetime.fromisoformat(stamp)
        except ValueError:
            return _naive_utc(signed)
        if abs(issued - _naive_utc(signed)) <= timedelta(seconds=2):
            return issued
    return _naive_utc(signed)


def _naive_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


def csrf_matches(expected: str, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(expected, given or "")


class LoginThrottle:
    """Two brakes on guessing, in memory of this process.

    Per client address: at most ``limit`` attempts in ``window`` seconds, whatever the
    account (one address trying many accounts). Per account *and* address: after
    ``free`` failures in a row, each attempt must wait twice as long as the last (from two
    seconds), up to
    ``max_pause`` seconds — the guesser slows down, the owner at another address does not,
    and nobody can lock an account by typing wrong passwords at it. Unknown names are
    counted like known ones, so the answer tells nothing about which exist.
    """

    def __init__(
        self,
        limit: int = 20,
        window: float = 300.0,
        free: int = 3,
        max_pause: float = 900.0,
    ) -> None:
        self.limit = limit
        self.window = window
        self.free = free
        self.max_pause = max_pause
        self._attempts: dict[str, deque[float]] = {}
        self._failures: dict[tuple[str, str], tuple[int, float]] = {}  # → (count, next try)
        self._lock = threading.Lock()

    def allow(self, client: str) -> bool:
        now = time.monotonic()
        with self._lock:
            attempts = self._attempts.setdefault(client, deque())
            while attempts and now - attempts[0] > self.window:
                attempts.popleft()
            if len(attempts) >= self.limit:
                return False
            attempts.append(now)
            return True

    def wait(self, client: str, username: str) -> float:
        """Seconds this address must still wait before trying ``username`` again."""
        with self._lock:
            _count, next_try = self._failures.get((client, username.casefold()), (0, 0.0))
        return max(0.0, next_try - time.monotonic())

    def failed(self, client: str, username: str) -> None:
        key = (client, username.casefold())
        with self._lock:
            count = self._failures.get(key, (0, 0.0))[0] + 1
            doubling = 2.0 ** min(count - self.free + 1, 30)
            pause = 0.0 if count < self.free else min(doubling, self.max_pause)
            self._failures[key] = (count, time.monotonic() + pause)
            if len(self._failures) > 100_000:  # a flood of names: forget the oldest half
                for old in list(self._failures)[:50_000]:
                    del self._failures[old]

    def succeeded(self, client: str, username: str) -> None:
        with self._lock:
            self._failures.pop((client, username.casefold()), None)

    def forget(self, username: str) -> None:
        """Lift the pauses on ``username`` from every address (an admin unlocked it)."""
        name = username.casefold()
        with self._lock:
            for key in [k for k in self._failures if k[1] == name]:
                del self._failures[key]
