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
    scoped: bool = False  # the path names a clue (or its document, a register's entry) of a unit


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
    "dashboard": Rule(ALL),  # 我的工作 (the overview for those who work no clue)
    "overview": Rule(ALL),
    "home_badge": Rule(CASE_READERS),
    "search_page": Rule(CASE_READERS),
    "person_page": Rule(CASE_READERS, scoped=True),
    "inbox": Rule(CASE_READERS),
    "inbox_filter_save": Rule(CASE_READERS),
    "inbox_filter_delete": Rule(CASE_READERS),
    "inbox_export": Rule(CASE_READERS),
    "bulk_assign": _r(R.LEADER),
    "clue_page": Rule(CASE_READERS, scoped=True),
    "clue_unmask": Rule(UNMASKERS, scoped=True),
    "clue_move": Rule(CASE_WORKERS, scoped=True),
    "clue_undo": Rule(CASE_WORKERS, scoped=True),
    "clue_assign": _r(R.LEADER, scoped=True),
    "clue_issue_document": Rule(CASE_WORKERS, scoped=True),
    "clue_download": Rule(CASE_WORKERS, scoped=True),
    "document_draft_new": Rule(CASE_WORKERS, scoped=True),
    "document_draft_create": Rule(CASE_WORKERS, scoped=True),
    "document_draft_page": Rule(CASE_WORKERS, scoped=True),
    "document_draft_save": Rule(CASE_WORKERS, scoped=True),
    "clue_serve": Rule(CASE_WORKERS, scoped=True),
    "clue_serve_revoke": Rule(CASE_WORKERS, scoped=True),
    "deadlines": Rule(CASE_WORKERS),
    "models_page": Rule(frozenset({R.ANALYST, R.PROSECUTOR, R.LEADER, R.ADMIN})),
    "model_page": Rule(frozenset({R.ANALYST, R.PROSECUTOR, R.LEADER, R.ADMIN})),
    "model_run": _r(R.ANALYST),
    "model_run_status": _r(R.ANALYST),
    "imports_page": _r(R.ANALYST),
    "imports_upload": _r(R.ANALYST),
    # the quarantine's raw content in full: the analyst who fixes the file, for a reason
    "imports_unmask": _r(R.ANALYST),
    "stats_page": _r(R.ANALYST, R.LEADER),
    "audit_page": _r(R.AUDITOR),
    "ledger_page": _r(R.AUDITOR),
    "users_page": _r(R.ADMIN),
    "users_passwd": _r(R.ADMIN),
    "users_reset": _r(R.ADMIN),
    "users_unlock": _r(R.ADMIN),
    "users_enable": _r(R.ADMIN),
    "users_add": _r(R.ADMIN),
    "users_disable": _r(R.ADMIN),
    "users_role": _r(R.ADMIN),
    # 类案检索: the user's units' judgments only
    "similar_page": Rule(CASE_READERS),
    "similar_search": Rule(CASE_READERS),
    "clue_similar": Rule(CASE_READERS, scoped=True),
    # the registers (登记簿, web.routes.registers): who sees which entries is the register's rule
    "registers_page": Rule(ALL),
    "interference_page": Rule(ALL),
    "interference_record": Rule(ALL),
    "interference_report": _r(R.LEADER, R.AUDITOR),
    "supervisors_page": _r(R.PROSECUTOR, R.LEADER, R.AUDITOR),
    "supervisor_add": _r(R.LEADER),
    "hearing_add": Rule(CASE_WORKERS),
    "hearing_page": _r(R.PROSECUTOR, R.LEADER, R.AUDITOR, scoped=True),
    "hearing_draw": Rule(CASE_WORKERS, scoped=True),
    "hearing_record": Rule(CASE_WORKERS, scoped=True),
    "remote_page": _r(R.PROSECUTOR, R.LEADER, R.AUDITOR),
    "remote_book": Rule(CASE_WORKERS),
    "remote_session_page": _r(R.PROSECUTOR, R.LEADER, R.AUDITOR, scoped=True),
    "remote_record": Rule(CASE_WORKERS, scoped=True),
    "remote_cancel": Rule(CASE_WORKERS, scoped=True),
    "quality_page": _r(R.LEADER, R.AUDITOR),
    "quality_sample": _r(R.LEADER),
    "quality_review_page": _r(R.LEADER, R.AUDITOR, scoped=True),
    "quality_review_fill": _r(R.LEADER, scoped=True),
    "quality_file_page": _r(R.PROSECUTOR, R.LEADER, R.AUDITOR),
    # minors' records: those who handle the cases only (sealed records, 刑诉法第286条)
    "minors_page": Rule(CASE_WORKERS),
    "minors_probation_add": Rule(CASE_WORKERS),
    "minors_probation_page": Rule(CASE_WORKERS, scoped=True),
    "minors_checkin": Rule(CASE_WORKERS, scoped=True),
    "minors_decide": Rule(CASE_WORKERS, scoped=True),
    "minors_seal": Rule(CASE_WORKERS),
    "minors_report_add": Rule(CASE_WORKERS),
    "minors_report_step": Rule(CASE_WORKERS, scoped=True),
    "aid_page": _r(R.PROSECUTOR, R.LEADER, R.AUDITOR),
    "aid_apply": Rule(CASE_WORKERS),
    "aid_decide": _r(R.LEADER, scoped=True),
    "aid_pay": Rule(CASE_WORKERS, scoped=True),
    # the JSON API for other agencies' systems
    "api_me": Rule(ALL),
    "api_clues": Rule(CASE_READERS),
    "api_clue": Rule(CASE_READERS, scoped=True),
    "api_transfer": Rule(CASE_WORKERS, scoped=True),
    "api_feedback": Rule(CASE_WORKERS, scoped=True),
    # push intake: the agency's key is the credential, checked by the routes themselves
    "intake_push": PUBLIC,
    "intake_batch": PUBLIC,
    "intake_page": PUBLIC,
    "intake_batch_page": PUBLIC,
    "intake_login": PUBLIC,
    "intake_logout": PUBLIC,
}


def rule_for(route_name: str | None) -> Rule | None:
    return RULES.get(route_name or "")
