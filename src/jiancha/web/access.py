"""Who may use which route: one table, checked before every handler runs.

Every route of the app has an entry in ``RULES`` keyed by its name; a route without one is
refused (fail closed) and the authorisation-matrix test fails. ``scoped`` routes take a
clue id whose unit the user must hold: the handlers check that in the query itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from jiancha.casebook.accounts import Role

R = Role
ALL = frozenset(Role)
CASE_READERS = frozenset({R.ANALYST, R.PROSECUTOR, R.LEADER})
CASE_WORKERS = frozenset({R.PROSECUTOR, R.LEADER})
# roles that may see personal data unmasked, after asking for it explicitly
UNMASKERS = CASE_WORKERS


@dataclass(frozen=True)
class Rule:
    roles: frozenset[Role]
    public: bool = False
    scoped: bool = False  # the path names a clue (or its document) of a unit


PUBLIC = Rule(frozenset(), public=True)


def _r(*roles: Role, scoped: bool = False) -> Rule:
    return Rule(frozenset(roles), scoped=scoped)


RULES: dict[str, Rule] = {
    # sign-in and the public e-service pages (the token in the link is the credential)
    "login_form": PUBLIC,
    "login": PUBLIC,
    "logout": Rule(ALL),
    "service_page": PUBLIC,
    "service_open": PUBLIC,
    "service_document": PUBLIC,
    "service_confirm": PUBLIC,
    "service_reply": PUBLIC,
    # pages
    "dashboard": Rule(ALL),
    "inbox": Rule(CASE_READERS),
    "bulk_assign": _r(R.LEADER),
    "clue_page": Rule(CASE_READERS, scoped=True),
    "clue_unmask": Rule(UNMASKERS, scoped=True),
    "clue_move": Rule(CASE_WORKERS, scoped=True),
    "clue_assign": _r(R.LEADER, scoped=True),
    "clue_issue_document": Rule(CASE_WORKERS, scoped=True),
    "clue_download": Rule(CASE_WORKERS, scoped=True),
    "clue_serve": Rule(CASE_WORKERS, scoped=True),
    "clue_serve_revoke": Rule(CASE_WORKERS, scoped=True),
    "deadlines": Rule(CASE_WORKERS),
    "models_page": Rule(frozenset({R.ANALYST, R.PROSECUTOR, R.LEADER, R.ADMIN})),
    "model_page": Rule(frozenset({R.ANALYST, R.PROSECUTOR, R.LEADER, R.ADMIN})),
    "model_run": _r(R.ANALYST),
    "model_run_status": _r(R.ANALYST),
    "imports_page": _r(R.ANALYST),
    "imports_upload": _r(R.ANALYST),
    "stats_page": _r(R.ANALYST, R.LEADER),
    "audit_page": _r(R.AUDITOR),
    "ledger_page": _r(R.AUDITOR),
    "users_page": _r(R.ADMIN),
    "users_passwd": _r(R.ADMIN),
    "users_reset": _r(R.ADMIN),
    "users_unlock": _r(R.ADMIN),
    "users_enable": _r(R.ADMIN),
    # 类案检索: the user's units' judgments only
    "similar_page": Rule(CASE_READERS),
    "similar_search": Rule(CASE_READERS),
    "clue_similar": Rule(CASE_READERS, scoped=True),
    # the JSON API for other agencies' systems
    "api_me": Rule(ALL),
    "api_clues": Rule(CASE_READERS),
    "api_clue": Rule(CASE_READERS, scoped=True),
    "api_transfer": Rule(CASE_WORKERS, scoped=True),
    "api_feedback": Rule(CASE_WORKERS, scoped=True),
}


def rule_for(route_name: str | None) -> Rule | None:
    return RULES.get(route_name or "")
