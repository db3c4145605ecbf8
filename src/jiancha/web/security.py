"""Sessions, CSRF tokens and login throttling.

The session is a signed cookie (itsdangerous, HMAC-SHA1 over the payload with the
project's own secret) holding the user id, a CSRF token and when it was issued; it is
HttpOnly and SameSite=Strict, and expires after ``SESSION_TTL`` whatever the browser does.
The user is read from the casebook on every request, so a revoked account stops at once.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from itsdangerous import BadSignature, URLSafeTimedSerializer

SESSION_COOKIE = "jiancha_session"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
SESSION_TTL = 8 * 3600
SECRET_FILE = "web_session.secret"


def load_or_create_secret(key_dir: Path) -> str:
    """The project's session secret (``keys/web_session.secret``), made on first use."""
    path = key_dir / SECRET_FILE
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    key_dir.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    path.write_text(secret, encoding="ascii")
    path.chmod(0o600)
    return secret


@dataclass(frozen=True)
class SessionData:
    user_id: int
    csrf: str


class Sessions:
    """Signs and reads session cookies."""

    def __init__(self, secret: str, ttl: int = SESSION_TTL) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt="jiancha.session")
        self.ttl = ttl

    def issue(self, user_id: int) -> tuple[str, SessionData]:
        data = SessionData(user_id, secrets.token_urlsafe(24))
        return self._serializer.dumps({"u": user_id, "c": data.csrf}), data

    def read(self, cookie: str | None) -> SessionData | None:
        if not cookie:
            return None
        try:
            payload = self._serializer.loads(cookie, max_age=self.ttl)
        except BadSignature:  # also SignatureExpired
            return None
        if not isinstance(payload, dict):
            return None
        user_id, csrf = payload.get("u"), payload.get("c")
        if not isinstance(user_id, int) or not isinstance(csrf, str):
            return None
        return SessionData(user_id, csrf)


def csrf_matches(expected: str, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(expected, given or "")


class LoginThrottle:
    """At most ``limit`` login attempts per client address in ``window`` seconds.

    The per-account lockout (accounts.authenticate) stops guessing one password; this
    stops one address from trying many accounts.
    """

    def __init__(self, limit: int = 20, window: float = 300.0) -> None:
        self.limit = limit
        self.window = window
        self._attempts: dict[str, deque[float]] = {}
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
