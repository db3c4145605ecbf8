"""类案检索 on the workbench: by facts, by judgment and from a 类案不同判 clue, in the user's
units only, with the estimate, its interval and what moved it, all in Chinese."""

from __future__ import annotations

import re

from web_support import HOME, PASSWORD, WebProject, username

from jiancha.casebook.accounts import Role
from jiancha.casebook.inbox import ClueFilter

CITY = "3506"  # every unit of the small jurisdiction
OUTLIER = "trial.sentence_outlier"
# an English code or column name leaking onto the page (a CSS class or a URL is fine)
_CODE = re.compile(r">[^<]*\b(fixed_term|criminal_detention|plea|surrender|confession|None|null)\b")


def _city_user(web: WebProject, name: str = "prosecutor_city") -> str:
    accounts = web.app.state.bench.work.accounts
    if all(u.username != name for u in accounts.users()):
        accounts.add(name, PASSWORD, Role.PROSECUTOR, [CITY])
    return name


def _matched_units(web: WebProject, page: str) -> set[str]:
    records = re.findall(r'href="/similar\?record=([^"&]+)', page)
    assert records, "no similar case listed"
    with web.project.warehouse(read_only=True) as wh:
        rows = wh.rows(
            "SELECT unit_code FROM judgment WHERE record_id IN (SELECT unnest(?))", [records]
        )
    return {str(code) for (code,) in rows}


def test_the_navigation_leads_to_the_search_form(web: WebProject) -> None:
    client = web.client(username(Role.ANALYST, True))
    assert 'href="/similar"' in client.get("/").text
    form = client.get("/similar")
    assert form.status_code == 200 and 'name="text"' in form.text and 'name="record"' in form.text
    auditor = web.client(username(Role.AUDITOR, True))
    assert 'href="/similar"' not in auditor.get("/").text


def test_pasted_facts_give_cases_of_the_users_units_and_an_estimate(web: WebProject) -> None:
    client = web.client(username(Role.PROSECUTOR, True))
    facts = "被告人窃取他人手机、现金，价值人民币6000元，构成盗窃罪。到案后如实供述，认罪认罚。"
    page = client.post("/similar", data={"text": facts, "k": "10"})
    assert page.status_code == 200, page.text[:300]
    text = page.text
    assert "量刑估计" in text and "估计区间" in text and "第 25 至第 75 百分位" in text
    assert re.search(r"\d+\.\d 个月（起点）|一般水平（起点）", text)
    assert "盗窃" in text and "有期徒刑" in text
    assert all(u.startswith(HOME) for u in _matched_units(web, text))
    assert not _CODE.search(text), _CODE.search(text)


def test_a_judgment_outside_the_units_is_not_found(web: WebProject) -> None:
    with web.project.warehouse(read_only=True) as wh:
        ((inside,),) = wh.rows(
            "SELECT min(record_id) FROM judgment WHERE unit_code LIKE ?", [HOME + "%"]
        )
        ((outside,),) = wh.rows(
            "SELECT min(record_id) FROM judgment WHERE unit_code NOT LIKE ?", [HOME + "%"]
        )
    client = web.client(username(Role.PROSECUTOR, True))
    found = client.get(f"/similar?record={inside}")
    assert found.status_code == 200 and "本案实际判处" in found.text
    assert all(u.startswith(HOME) for u in _matched_units(web, found.text))
    refused = client.get(f"/similar?record={outside}")
    assert refused.status_code == 404 and outside in refused.text
    # the same judgment is found for a user of the whole city
    city = web.fresh_client(_city_user(web))
    assert city.get(f"/similar?record={outside}").status_code == 200


def test_a_sentence_outlier_clue_links_to_its_estimate(web: WebProject) -> None:
    clue = next(c for c in web.app.state.bench.work.clues(ClueFilter(model=OUTLIER)))
    judgment = clue.evidence[0].record_id
    client = web.fresh_client(_city_user(web))
    clue_page = client.get(f"/clues/{clue.id}").text
    assert f'href="/clues/{clue.id}/similar"' in clue_page
    page = client.get(f"/clues/{clue.id}/similar")
    assert page.status_code == 200
    text = page.text
    assert judgment in text and clue.id in text
    term = clue.facts["term_months"]
    assert f"本案实际判处：有期徒刑{term // 12}年" in text
    assert "高于估计区间上限" in text  # the planted outliers are far above what is usual
    assert "法定刑档次" in text and "数额" in text  # what moved the estimate
    assert not _CODE.search(text)
    # a clue without a judgment says so; another unit's clue is not found
    other = web.client(username(Role.PROSECUTOR, True))
    plain = other.get(f"/clues/{web.clue}/similar")
    assert plain.status_code == 200 and "不涉及判决" in plain.text
    assert other.get(f"/clues/{clue.id}/similar").status_code == 404


def test_empty_facts_are_refused_in_chinese(web: WebProject) -> None:
    client = web.client(username(Role.PROSECUTOR, True))
    page = client.post("/similar", data={"text": "   "})
    assert page.status_code == 422 and "请粘贴案情事实" in page.text
