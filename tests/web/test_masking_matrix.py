"""Masking as a matrix: role × page × kind of value.

One clue carries an id number, the birth date it holds, a phone number, an address and a
name — in its subject, its facts (``shared_values`` and a judgment excerpt), its evidence
row and the notes of its history (the reasons typed at each step, the recipient of its
document's e-service link). One linked person carries them in the records of three
registers (the birth date in one, the phone and address in another, free text in a third).
Every page that shows them (the clue page, the inbox, the search, the person page, the
API's JSON, the CLI's csv/xlsx/json exports) and the import quarantine (on the web and in
``jiancha quarantine list``) is asked by every role; each kind of value is then either
masked (the raw value nowhere, its masked form there) or, for those who may and said why,
shown in full, with the unmasking in the audit log.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from web_support import ELSEWHERE, HOME, PASSWORD, login

from jiancha.casebook.accounts import Role
from jiancha.casebook.audit import AuditQuery
from jiancha.cli import main
from jiancha.models.hit import Evidence, Hit, LegalBasis, RunInfo
from jiancha.project import Project
from jiancha.values import id_check_digit
from jiancha.web import create_app
from jiancha.web.security import CSRF_HEADER, SESSION_COOKIE, LoginThrottle

MODEL = "execution.medical_parole_employed"
FIRST17 = "35060219900304" + "123"
ID_NUMBER = FIRST17 + id_check_digit(FIRST17)
PHONE = "13912345678"
ADDRESS = "福建省漳州市芗城区胜利路12号3幢201室"
NAME = "王建国"

# each kind of value: how it may appear raw, and what its masked form shows
RAW: dict[str, tuple[str, ...]] = {
    "id": (ID_NUMBER,),
    "birth": ("1990-03-04", "1990年3月4日", "1990年03月04日", "19900304"),
    "phone": (PHONE, "139 1234 5678"),
    "address": ("胜利路12号", "3幢201室"),
}
MASKED: dict[str, str] = {
    "id": ID_NUMBER[:6] + "********" + ID_NUMBER[-4:],
    "birth": "1990-**-**",
    "phone": "139****5678",
    "address": "福建省漳州市芗城区****",
}
# the masked form a date said to be a birth date in Chinese takes (free text)
MASKED_CN_BIRTH = "1990年**月**日"
KINDS = [*RAW, "name"]
# a note typed at a step of the clue's workflow: every kind of value, in free text
NOTE = (
    f"电话核实：{NAME}（身份证号{ID_NUMBER}，1990年3月4日出生）现住{ADDRESS}，手机139 1234 5678。"
)
RECIPIENT = f"芗城区社区矫正机构（联系电话{PHONE}）"
# one person in three registers: the birth date, the phone and address, a free-text matter
PERSON_FILES = {
    # PR2, another person whose id number has a wrong check digit: linking fails on a
    # warehouse without any malformed id number (link.records, reported)
    "prisoner.csv": "record_id,unit_code,name,id_number,birth_date,admitted_at\n"
    f"PR1,{HOME},{NAME},{ID_NUMBER},1990-03-04,2024-01-02\n"
    f"PR2,{HOME},李四,350602198001011239,1980-01-01,2024-01-02\n",
    "civil_party.csv": "record_id,unit_code,case_id,role,party_type,name,id_number,address,phone\n"
    f"CP1,{HOME},MS1,plaintiff,person,{NAME},{ID_NUMBER},{ADDRESS},{PHONE}\n",
    "petition.csv": "record_id,unit_code,received_at,petitioner_name,petitioner_id_number,matter\n"
    f"PT1,{HOME},2024-05-06,{NAME},{ID_NUMBER},来电{PHONE}，住{ADDRESS}，1990年3月4日出生\n",
}


@dataclass
class Matrix:
    project: Project
    clients: dict[str, TestClient]
    clue: str
    person: str  # the linked person's id


def _hit() -> Hit:
    key = Evidence("execution_change", "BG0001")
    return Hit(
        model_id=MODEL,
        model_version="2",
        unit_code=HOME,
        subject={"name": NAME, "id_number": ID_NUMBER, "birth_date": "1990-03-04"},
        key=key,
        evidence=(key,),
        facts={
            "shared_values": f"电话 {PHONE}；住址 {ADDRESS}",
            "excerpt": f"罪犯{NAME}，男，1990年3月4日出生，住{ADDRESS}，联系电话139 1234 5678。",
            # a bare date, masked only because it completes the id number
            "other_date": "1990-03-04",
            "ruled_at": "2024-10-30",
        },
        legal_basis=(LegalBasis("刑事诉讼法", "第二百六十八条"),),
        domain="execution",
        title="暂予监外执行期间正常就业缴纳社保",
    )


SNAPSHOT = {
    "record_id": "BG0001",
    "person_name": NAME,
    "person_id_number": ID_NUMBER,
    "出生日期": "19900304",
    "contact": f"{PHONE}",
    "residence": ADDRESS,
}


@pytest.fixture(scope="module")
def matrix(tmp_path_factory: pytest.TempPathFactory) -> Matrix:
    root = tmp_path_factory.mktemp("masking") / "p"
    project = Project.init(root)
    at = datetime(2025, 1, 2, 9, 0)
    with project.casework() as work:
        info = RunInfo("R1", at, at.date(), {MODEL: "2"}, (1,))
        snapshots = {Evidence("execution_change", "BG0001"): SNAPSHOT}
        work.book.record_run(info, {MODEL: [_hit()]}, snapshots, at)
        clue = work.clues()[0].id
        for role in Role:
            work.accounts.add(role.value, PASSWORD, role, [HOME])
        work.accounts.add("analyst_out", PASSWORD, Role.ANALYST, [ELSEWHERE])
        _work_the_clue(work, clue)
    person = _linked_person(project, tmp_path_factory.mktemp("person-files"))
    app = create_app(root)
    app.state.bench.throttle = LoginThrottle(limit=10_000)
    clients = {}
    for name in [*(r.value for r in Role), "analyst_out"]:
        client = TestClient(app, raise_server_exceptions=False, follow_redirects=False)
        assert login(client, name) == 303
        client.headers[CSRF_HEADER] = app.state.bench.sessions.read(
            client.cookies[SESSION_COOKIE]
        ).csrf
        clients[name] = client
    return Matrix(project, clients, clue, person)


def _work_the_clue(work: Any, clue: str) -> None:
    """Notes with personal data in the clue's history, a document and its e-service link
    to a recipient typed with a phone number."""
    work.assign(clue, "prosecutor", actor="分管领导", reason=NOTE)
    work.move(clue, "verifying", actor="检察官", reason=NOTE)
    work.move(clue, "opened", actor="检察官", reason=NOTE)
    work.issue_document(clue, "recommendation", actor="检察官", recipient=RECIPIENT)
    work.serve(clue, actor="检察官")


def _linked_person(project: Project, folder: Path) -> str:
    """The person of PERSON_FILES, imported and linked across the three registers."""
    paths = []
    for name, text in PERSON_FILES.items():
        (folder / name).write_text(text, "utf-8")
        paths.append(folder / name)
    reports = project.import_paths(paths)
    assert [r.stored for r in reports] == [2, 1, 1]
    project.link()
    (person,) = project.people(NAME, [HOME])
    assert person.records == 3
    return person.person_id


def assert_masked(text: str, kind: str, *, shown: bool = True, masked: str | None = None) -> None:
    """No raw value of ``kind`` in ``text``; its masked form (``masked``, else the usual one)
    there too unless the page does not show that kind at all (``shown=False``)."""
    if kind == "name":
        assert NAME in text  # names are not masked on the workbench
        return
    for raw in RAW[kind]:
        assert raw not in text, f"{kind} shown unmasked: {raw}"
    form = masked or MASKED[kind]
    assert not shown or form in text, f"{kind}: masked form {form} missing"


def section(html: str, heading: str) -> str:
    """The part of a page from its ``<h2>heading`` to the next ``<section``."""
    start = html.index(f"<h2>{heading}")
    end = html.find("<section", start)
    return html[start : end if end != -1 else None]


def assert_shown(text: str, kind: str) -> None:
    if kind == "name":
        assert NAME in text
        return
    assert any(raw in text for raw in RAW[kind]), f"{kind} not shown in full"


def _audited(matrix: Matrix, username: str, since: int) -> list[Any]:
    with matrix.project.casework() as work:
        rows, _ = work.audit.entries([HOME], query=AuditQuery(username=username, action="unmask"))
    return rows[: len(rows) - since]


def _unmask_count(matrix: Matrix, username: str) -> int:
    with matrix.project.casework() as work:
        return work.audit.entries([HOME], query=AuditQuery(username=username, action="unmask"))[1]


# -- the clue page ----------------------------------------------------------------------------

READERS = ["prosecutor", "leader", "analyst"]
UNMASKERS = ["prosecutor", "leader"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("role", READERS)
def test_clue_page_is_masked_for_every_reader(matrix: Matrix, role: str, kind: str) -> None:
    response = matrix.clients[role].get(f"/clues/{matrix.clue}")
    assert response.status_code == 200
    assert_masked(response.text, kind)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("role", UNMASKERS)
def test_clue_page_unmasked_with_a_reason_is_audited(matrix: Matrix, role: str, kind: str) -> None:
    before = _unmask_count(matrix, role)
    response = matrix.clients[role].post(
        f"/clues/{matrix.clue}/unmask", data={"reason": "核查身份信息"}
    )
    assert response.status_code == 200
    assert_shown(response.text, kind)
    entries = _audited(matrix, role, before)
    assert len(entries) == 1 and entries[0].subject == matrix.clue
    assert entries[0].detail["reason"] == "核查身份信息"


@pytest.mark.parametrize("role", ["analyst", "auditor", "admin"])
def test_others_cannot_unmask_the_clue_page(matrix: Matrix, role: str) -> None:
    before = _unmask_count(matrix, role)
    response = matrix.clients[role].post(f"/clues/{matrix.clue}/unmask", data={"reason": "看看"})
    assert response.status_code == 403
    for kind in RAW:
        for raw in RAW[kind]:
            assert raw not in response.text
    assert _unmask_count(matrix, role) == before


@pytest.mark.parametrize("role", ["auditor", "admin"])
def test_roles_without_clues_see_none(matrix: Matrix, role: str) -> None:
    for path in (f"/clues/{matrix.clue}", f"/api/clues/{matrix.clue}", "/clues"):
        response = matrix.clients[role].get(path)
        assert response.status_code == 403
        assert ID_NUMBER not in response.text and PHONE not in response.text


# -- the clue's history: notes typed at each step, the service link's recipient ---------------


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("role", READERS)
def test_clue_history_notes_are_masked(matrix: Matrix, role: str, kind: str) -> None:
    response = matrix.clients[role].get(f"/clues/{matrix.clue}")
    assert response.status_code == 200
    history = section(response.text, "办理记录")
    assert history.count("电话核实") == 3  # the assignment and both steps
    assert_masked(history, kind, masked=MASKED_CN_BIRTH if kind == "birth" else None)


@pytest.mark.parametrize("role", UNMASKERS)
def test_clue_history_is_shown_in_full_when_unmasked(matrix: Matrix, role: str) -> None:
    response = matrix.clients[role].post(
        f"/clues/{matrix.clue}/unmask", data={"reason": "核查身份信息"}
    )
    assert NOTE in section(response.text, "办理记录")


@pytest.mark.parametrize("role", UNMASKERS)
def test_service_link_recipients_are_masked(matrix: Matrix, role: str) -> None:
    links = section(matrix.clients[role].get(f"/clues/{matrix.clue}").text, "电子送达链接")
    assert "芗城区社区矫正机构" in links
    assert_masked(links, "phone")


# -- the inbox --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", READERS)
def test_inbox_shows_no_personal_value(matrix: Matrix, role: str) -> None:
    response = matrix.clients[role].get("/clues")
    assert response.status_code == 200 and matrix.clue in response.text
    for kind in RAW:
        for raw in RAW[kind]:
            assert raw not in response.text


# -- the search and the person page -------------------------------------------------------------

SEARCHES = {"by_name": NAME, "by_id": ID_NUMBER, "by_phone": PHONE}
# what the search shows of a person and a clue: the id number (a person's birth year only,
# a clue's subject without its birth date, no phone or address)
SEARCH_SHOWS = {"id"}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("query", list(SEARCHES))
@pytest.mark.parametrize("role", READERS)
def test_search_results_are_masked(matrix: Matrix, role: str, query: str, kind: str) -> None:
    q = SEARCHES[query]
    response = matrix.clients[role].get("/search", params={"q": q})
    assert response.status_code == 200
    assert f'href="/clues/{matrix.clue}"' in response.text
    if query != "by_phone":  # people are found by name or id number
        assert f'href="/people/{matrix.person}"' in response.text
    # the search box keeps what the user typed; the rest of the page is masked
    text = response.text.replace(f'value="{q}"', "")
    assert_masked(text, kind, shown=kind in SEARCH_SHOWS)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("role", READERS)
def test_the_person_page_is_masked(matrix: Matrix, role: str, kind: str) -> None:
    response = matrix.clients[role].get(f"/people/{matrix.person}")
    assert response.status_code == 200
    assert response.text.count("<h3>") == 3  # the three registers
    assert_masked(response.text, kind)
    if kind == "birth":  # the matter's free text: 1990年3月4日出生
        assert MASKED_CN_BIRTH in response.text


@pytest.mark.parametrize("role", ["auditor", "admin", "analyst_out"])
def test_search_and_person_page_show_others_nothing(matrix: Matrix, role: str) -> None:
    client = matrix.clients[role]
    for q in (NAME, ID_NUMBER):
        found = client.get("/search", params={"q": q})
        assert found.status_code == (200 if role == "analyst_out" else 403)
        assert f"/people/{matrix.person}" not in found.text
        assert f"/clues/{matrix.clue}" not in found.text
    person = client.get(f"/people/{matrix.person}")
    assert person.status_code == (404 if role == "analyst_out" else 403)
    assert NAME not in person.text and ID_NUMBER not in person.text


# -- the API ----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("role", READERS)
def test_api_clue_is_masked(matrix: Matrix, role: str, kind: str) -> None:
    response = matrix.clients[role].get(f"/api/clues/{matrix.clue}")
    assert response.status_code == 200
    body = response.json()
    assert body["masked"] is True
    assert_masked(json.dumps(body, ensure_ascii=False), kind)


@pytest.mark.parametrize("how", ["query", "header"])
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("role", UNMASKERS)
def test_api_unmasks_with_a_reason_and_audits_it(
    matrix: Matrix, role: str, kind: str, how: str
) -> None:
    before = _unmask_count(matrix, role)
    client = matrix.clients[role]
    if how == "query":
        response = client.get(
            f"/api/clues/{matrix.clue}", params={"unmask": "true", "reason": "对接核查"}
        )
    else:
        from urllib.parse import quote

        response = client.get(
            f"/api/clues/{matrix.clue}?unmask=true", headers={"X-Unmask-Reason": quote("对接核查")}
        )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["masked"] is False
    assert_shown(json.dumps(body, ensure_ascii=False), kind)
    entries = _audited(matrix, role, before)
    assert [(e.subject, e.detail["reason"], e.detail["via"]) for e in entries] == [
        (matrix.clue, "对接核查", "api")
    ]


@pytest.mark.parametrize("role", UNMASKERS)
def test_api_refuses_to_unmask_without_a_reason(matrix: Matrix, role: str) -> None:
    before = _unmask_count(matrix, role)
    for params in ({"unmask": "true"}, {"unmask": "true", "reason": " "}):
        response = matrix.clients[role].get(f"/api/clues/{matrix.clue}", params=params)
        assert response.status_code == 400
        assert "事由" in response.json()["error"]["message"]
        assert ID_NUMBER not in response.text
    assert _unmask_count(matrix, role) == before


def test_api_refuses_an_analyst_who_asks_to_unmask(matrix: Matrix) -> None:
    response = matrix.clients["analyst"].get(
        f"/api/clues/{matrix.clue}", params={"unmask": "true", "reason": "核查"}
    )
    assert response.status_code == 403 and ID_NUMBER not in response.text


# -- the CLI's exports ------------------------------------------------------------------------


def _export(matrix: Matrix, tmp_path: Path, fmt: str, *extra: str) -> str:
    out = tmp_path / f"clues.{fmt}"
    args = ["-C", str(matrix.project.root), "clues", "list", "--format", fmt, "-o", str(out)]
    assert main.run([*args, "--reason", "专项报送", "--actor", "王分析员", *extra]) == 0
    if fmt != "xlsx":
        return out.read_text("utf-8")
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_filelike(io.BytesIO(out.read_bytes()))
    return "\n".join(
        str(cell)
        for name in book.sheet_names
        for row in book.get_sheet_by_name(name).to_python()
        for cell in row
    )


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_exports_are_masked(matrix: Matrix, tmp_path: Path, fmt: str, kind: str) -> None:
    assert_masked(_export(matrix, tmp_path, fmt), kind)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_exports_unmasked_with_a_reason_are_audited(
    matrix: Matrix, tmp_path: Path, fmt: str, kind: str
) -> None:
    before = _unmask_count(matrix, "王分析员")
    assert_shown(_export(matrix, tmp_path, fmt, "--unmask"), kind)
    entries = _audited(matrix, "王分析员", before)
    assert len(entries) == 1
    assert entries[0].detail["reason"] == "专项报送" and entries[0].subject == matrix.clue


def test_unmask_without_a_reason_is_refused_on_the_command_line(
    matrix: Matrix, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["-C", str(matrix.project.root), "clues", "list", "--unmask"]
    assert main.run(args) == 2
    assert "--reason" in capsys.readouterr().err


def test_the_terminal_list_is_masked(matrix: Matrix, capsys: pytest.CaptureFixture[str]) -> None:
    assert main.run(["-C", str(matrix.project.root), "clues", "list"]) == 0
    out = capsys.readouterr().out
    assert ID_NUMBER not in out and ID_NUMBER[:6] in out


# -- the import quarantine --------------------------------------------------------------------

QUARANTINED = (
    "record_id,unit_code,received_at,petitioner_name,petitioner_id_number,matter\n"
    # a phone number typed where the date belongs: the refusal quotes it
    f"Q1,{HOME},{PHONE},{NAME},{ID_NUMBER},来电{PHONE}，住{ADDRESS}\n"
    f"Q2,350603,2024-01-02,李四,{ID_NUMBER},来电{PHONE}\n"
).encode()


@pytest.fixture(scope="module")
def quarantine_file(matrix: Matrix) -> str:
    response = matrix.clients["analyst"].post(
        "/imports",
        files={"upload": ("petition_q.csv", QUARANTINED, "text/csv")},
        data={"table": ""},
    )
    assert response.status_code == 200, response.text
    return "petition_q.csv"


@pytest.mark.parametrize("kind", ["id", "phone", "address"])
def test_quarantine_raw_content_is_masked(matrix: Matrix, quarantine_file: str, kind: str) -> None:
    response = matrix.clients["analyst"].get("/imports", params={"file": quarantine_file})
    assert response.status_code == 200
    assert_masked(response.text, kind)


def test_quarantine_rows_of_other_units_are_withheld(matrix: Matrix, quarantine_file: str) -> None:
    text = matrix.clients["analyst"].get("/imports", params={"file": quarantine_file}).text
    assert "所属单位 350603 不在您的管辖范围内，原始内容不予显示" in text
    assert "李四" not in text.split("原始内容不予显示")[0].rsplit("<tr>", 1)[-1]
    other = matrix.clients["analyst_out"].get("/imports", params={"file": quarantine_file}).text
    # the row of 350602 is outside the other analyst's units: withheld, the name too
    assert "所属单位 350602 不在您的管辖范围内" in other and NAME not in other


@pytest.mark.parametrize("kind", ["id", "phone", "address"])
def test_quarantine_unmasked_with_a_reason_is_audited(
    matrix: Matrix, quarantine_file: str, kind: str
) -> None:
    before = _unmask_count(matrix, "analyst")
    response = matrix.clients["analyst"].post(
        "/imports/unmask", data={"file": quarantine_file, "reason": "修正导入文件"}
    )
    assert response.status_code == 200
    assert_shown(response.text, kind)
    assert "原始内容不予显示" in response.text  # the other unit's row stays withheld
    entries = _audited(matrix, "analyst", before)
    assert [(e.subject, e.detail["reason"]) for e in entries] == [(quarantine_file, "修正导入文件")]


def test_quarantine_unmask_needs_a_reason_and_an_analyst(
    matrix: Matrix, quarantine_file: str
) -> None:
    no_reason = matrix.clients["analyst"].post("/imports/unmask", data={"file": quarantine_file})
    assert no_reason.status_code == 400 and ID_NUMBER not in no_reason.text
    for role in ("prosecutor", "leader", "auditor", "admin"):
        response = matrix.clients[role].post(
            "/imports/unmask", data={"file": quarantine_file, "reason": "看看"}
        )
        assert response.status_code == 403 and ID_NUMBER not in response.text


@pytest.mark.parametrize("unmask", [False, True])
@pytest.mark.parametrize("kind", ["id", "phone", "address"])
def test_quarantine_list_on_the_command_line(
    matrix: Matrix,
    quarantine_file: str,
    kind: str,
    unmask: bool,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``jiancha quarantine list`` masks the raw content; ``--unmask --reason`` shows it in
    full, audited."""
    before = _unmask_count(matrix, "王分析员")
    args = ["-C", str(matrix.project.root), "quarantine", "list", "--file", quarantine_file]
    extra = ["--unmask", "--reason", "修正导入文件", "--actor", "王分析员"] if unmask else []
    assert main.run([*args, *extra]) == 0
    out = capsys.readouterr().out
    assert "原始内容" in out and "来电" in out
    entries = _audited(matrix, "王分析员", before)
    if unmask:
        assert_shown(out, kind)
        assert [(e.subject, e.detail["reason"]) for e in entries] == [
            (quarantine_file, "修正导入文件")
        ]
    else:
        assert_masked(out, kind)
        assert entries == []


def test_quarantine_list_unmask_needs_a_reason(
    matrix: Matrix, quarantine_file: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["-C", str(matrix.project.root), "quarantine", "list", "--unmask"]
    assert main.run(args) == 2
    captured = capsys.readouterr()
    assert "--reason" in captured.err and ID_NUMBER not in captured.out


# -- the matrix is complete ---------------------------------------------------------------------


def test_every_kind_is_planted_where_the_pages_read_it() -> None:
    """The planted values really are of their kind (else the matrix would prove nothing)."""
    from jiancha.text.masking import find

    kinds = {s.kind for s in find(_hit().facts["excerpt"])}
    assert kinds == {"birth_date", "address", "phone"}
    assert {s.kind for s in find(ID_NUMBER)} == {"id_number"}
    assert date(1990, 3, 4).strftime("%Y%m%d") in ID_NUMBER
