"""Helpers of the web tests: the served project and its users."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import FastAPI
from fastapi.testclient import TestClient

from jiancha.casebook.accounts import Role
from jiancha.project import Project
from jiancha.web.security import CSRF_HEADER, SESSION_COOKIE

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


def username(role: Role, inside: bool) -> str:
    return f"{role.value}_{'in' if inside else 'out'}"


def login(client: TestClient, name: str, password: str = PASSWORD) -> int:
    response = client.post("/login", data={"username": name, "password": password})
    return response.status_code
