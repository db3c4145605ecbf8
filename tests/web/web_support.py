"""Helpers of the web tests: the served project and its users."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI
from fastapi.testclient import TestClient

from jiancha.casebook.accounts import Role
from jiancha.project import Project
from jiancha.web.security import CSRF_FIELD, CSRF_HEADER, SESSION_COOKIE

PASSWORD = "correct-horse-battery"
HOME = "350602"
ELSEWHERE = "350699"


@dataclass
class WebProject:
    project: Project
    app: FastAPI
    clue: str  # a new clue of HOME
    doc_clue: str  # a clue of HOME with a recommendation document
    document_id: int
    other_clue: str  # a clue outside HOME
    cookies: dict[str, tuple[str, str]]  # username -> (session cookie, csrf token)
    tokens: dict[str, str]  # username -> API token

    def client(self, username: str | None = None) -> TestClient:
        client = TestClient(self.app, raise_server_exceptions=False, follow_redirects=False)
        if username is not None:
            cookie, csrf = self.cookies[username]
            client.cookies.set(SESSION_COOKIE, cookie)
            client.headers[CSRF_HEADER] = csrf
        return client

    def fresh_client(self, username: str) -> TestClient:
        """A client signed in anew: a session of its own, which a test may end."""
        client = TestClient(self.app, raise_server_exceptions=False, follow_redirects=False)
        assert login(client, username) == 303
        data = self.app.state.bench.sessions.read(client.cookies[SESSION_COOKIE])
        client.headers[CSRF_HEADER] = data.csrf
        return client


def username(role: Role, inside: bool) -> str:
    return f"{role.value}_{'in' if inside else 'out'}"


_LOGIN_TOKEN = re.compile(rf'id="login-csrf" name="{CSRF_FIELD}" value="([^"]+)"')


def login_token(client: TestClient) -> str:
    """The login form's CSRF token, as a browser gets it (its cookie is now in ``client``)."""
    found = _LOGIN_TOKEN.search(client.get("/login").text)
    assert found is not None, "the login form has no CSRF token"
    return found.group(1)


def post_login(client: TestClient, name: str, password: str = PASSWORD) -> httpx.Response:
    data = {"username": name, "password": password, CSRF_FIELD: login_token(client)}
    return client.post("/login", data=data)


def login(client: TestClient, name: str, password: str = PASSWORD) -> int:
    return post_login(client, name, password).status_code


def free_port() -> int:
    """A port nobody listens on, for a server a test starts."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def served_app(root: Path) -> Iterator[str]:
    """The workbench of the project at ``root`` served by uvicorn in a thread (for a browser);
    yields its base URL."""
    import uvicorn

    from jiancha.web import create_app

    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(root), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def launched_chromium(executable: Path, args: list[str]) -> Iterator[Any]:
    """Debian's Chromium, headless, driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(executable), headless=True, args=args
        )
        yield chromium
        chromium.close()
