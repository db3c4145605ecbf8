"""The draft page: a document written from the clue, edited, saved, confirmed with its number
and its workflow step; a refused confirmation keeps what was typed."""

from __future__ import annotations

import html
import io
import re

import docx
from web_support import HOME, WebProject, username

from jiancha.casebook.accounts import Role
from jiancha.casebook.documents import document_text
from jiancha.casebook.inbox import ClueFilter


def _opened_clue(web: WebProject) -> str:
    work = web.app.state.bench.work
    clue = work.clues(ClueFilter(unit=HOME, status="new"))[0].id
    work.assign(clue, "检察官甲", actor="部门负责人")
    for status in ("verifying", "opened"):
        work.move(clue, status, actor="检察官甲")
    return str(clue)


def _status(page: str) -> str:
    found = re.search(r'id="status">([^<]+)<', page)
    assert found is not None
    return found.group(1)


def _sections(page: str) -> dict[str, str]:
    found = re.findall(r'name="(section_\w+)"[^>]*>([^<]*)</textarea>', page)
    return {name: html.unescape(text) for name, text in found}


def test_a_draft_is_written_edited_and_confirmed_with_its_step(web: WebProject) -> None:
    clue = _opened_clue(web)
    client = web.client(username(Role.PROSECUTOR, True))
    new = client.get(f"/clues/{clue}/documents/new?kind=recommendation")
    assert new.status_code == 200
    assert "检察建议书（草稿）" in new.text and "确认后取得文号" in new.text
    assert "<script>" not in new.text and " onclick=" not in new.text  # CSP: no inline script
    sections = _sections(new.text)
    names = ("facts", "evidence", "legal_basis", "request", "closing")
    assert set(sections) == {f"section_{n}" for n in names}
    assert sections["section_facts"].startswith("本院在履行法律监督职责中，通过比对")
    assert "两个月内" in sections["section_closing"]
    assert not re.search(r"\d{4}-\d{2}-\d{2}|[a-z]+_[a-z]+", "".join(sections.values()))

    saved = client.post(
        f"/clues/{clue}/documents/new",
        data={"kind": "recommendation", "recipient": "", **sections,
              "section_request": "建议你单位立即依法复查并书面回复。"},
    )  # fmt: skip
    assert saved.status_code == 303
    draft_url = saved.headers["location"].split("?")[0]
    assert re.fullmatch(rf"/clues/{clue}/documents/drafts/\d+", draft_url)
    page = client.get(saved.headers["location"])
    assert "草稿已保存" in page.text and "建议你单位立即依法复查并书面回复。" in page.text
    assert _status(client.get(f"/clues/{clue}").text) == "已立案监督"  # a draft is no step

    refused = client.post(draft_url, data={**_sections(page.text), "confirm": "1"})
    assert refused.status_code == 409 and "须写明主送单位" in refused.text
    assert "建议你单位立即依法复查并书面回复。" in refused.text  # the text is kept

    edited = {**_sections(page.text), "section_facts": "经查，罪犯某某的病情复查材料缺失。"}
    confirmed = client.post(
        draft_url, data={**edited, "recipient": "漳州监狱", "urgent": "true", "confirm": "1"}
    )
    assert confirmed.status_code == 303 and confirmed.headers["location"].endswith("#documents")
    clue_page = client.get(f"/clues/{clue}").text
    assert _status(clue_page) == "已制发检察建议"
    link = re.search(rf'href="(/clues/{clue}/documents/\d+)"', clue_page)
    assert link is not None
    data = client.get(link.group(1)).content
    text = document_text(data)
    assert "经查，罪犯某某的病情复查材料缺失。" in text and "漳州监狱：" in text
    assert "收到本检察建议书之日起十五日内" in text  # urgent, the closing follows it
    number = docx.Document(io.BytesIO(data)).paragraphs[2].text
    assert re.fullmatch(r"漳芗检建〔\d{4}〕\d+号", number)
    done = client.get(draft_url)
    assert f"文号 {number}" in done.text and "<fieldset disabled>" in done.text


def test_drafts_are_the_units_and_the_kinds_are_known(web: WebProject) -> None:
    clue = _opened_clue(web)
    stranger = web.client(username(Role.PROSECUTOR, False))
    assert stranger.get(f"/clues/{clue}/documents/new?kind=recommendation").status_code == 404
    analyst = web.client(username(Role.ANALYST, True))
    assert analyst.get(f"/clues/{clue}/documents/new?kind=recommendation").status_code == 403
    client = web.client(username(Role.PROSECUTOR, True))
    unknown = client.get(f"/clues/{clue}/documents/new?kind=letter")
    assert unknown.status_code == 400 and "可制作的文书" in unknown.text
    assert client.get(f"/clues/{clue}/documents/drafts/999999").status_code == 404
    reminder = client.get(f"/clues/{clue}/documents/new?kind=reply_reminder")
    assert reminder.status_code == 400 and "无需督促回复" in reminder.text
