"""schemathesis against ``/api/openapi.json``: generated requests never cause a server error.

Every operation is called with a prosecutor's API token (inside the home unit), so the
generated requests reach the handlers, not only the authentication gate.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from web_support import HOME, WebProject

from jiancha.casebook.accounts import Role

openapi = pytest.importorskip("schemathesis.openapi")
from_asgi = openapi.from_asgi

TOKEN_USER = f"{Role.PROSECUTOR.value}_in"  # see web_support.username


def test_api_has_no_server_error(web: WebProject) -> None:
    # schemathesis' own pytest plugin (from_fixture) does not run under pytest 9, so each
    # operation's strategy drives a plain hypothesis test here
    schema = from_asgi("/api/openapi.json", web.app)
    auth = {"Authorization": f"Bearer {web.tokens[TOKEN_USER]}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 5
    errors: list[str] = []
    statuses: set[int] = set()
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, database=None, derandomize=True)
        def call(case) -> None:  # type: ignore[no-untyped-def]
            response = case.call(headers=auth)
            statuses.add(response.status_code)
            if response.status_code >= 500:
                errors.append(f"{case.method} {case.formatted_path}: {response.status_code}")

        call()
    assert not errors, errors
    assert 200 in statuses  # the token was accepted: handlers ran, not only the gate


def test_api_schema_lists_the_exchange_operations(web: WebProject) -> None:
    paths = web.client().get("/api/openapi.json").json()["paths"]
    assert {"/api/clues", "/api/clues/{clue_id}/transfer", "/api/clues/{clue_id}/feedback"} <= set(
        paths
    )
    assert HOME  # the token user's unit: generated ids mostly miss it, real ones are tried below


def test_api_real_clue_of_the_token_user_is_served(web: WebProject) -> None:
    client = web.client()
    client.headers["Authorization"] = f"Bearer {web.tokens[TOKEN_USER]}"
    assert client.get(f"/api/clues/{web.clue}").status_code == 200
    assert client.get(f"/api/clues/{web.other_clue}").status_code == 404
