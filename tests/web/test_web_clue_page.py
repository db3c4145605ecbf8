"""The clue page in process: the finding on the page and in the API, masked; a step the
rules refuse comes back with its reason beside the form and the input kept; undo."""

from __future__ import annotations

import re

from web_support import HOME, WebProject, username

from jiancha.casebook.accounts import Role
from jiancha.casebook.inbox import ClueFilter


def _new_clue(web: WebProject) -> str:
    clues = web.app.state.bench.work.clues(ClueFilter(unit=HOME, status="new"))
    return str(clues[-2].id)


def test_the_page_opens_on_the_conclusion_with_ids_masked(web: WebProject) -> None:
    client = web.client(username(Role.PROSECUTOR, True))
    page = client.get(f"/clues/{web.clue}").text
    conclusion = re.search(r'<p class="conclusion" id="conclusion">([^<]+)</p>', page)
    assert conclusion is not None and "{{" not in conclusion.group(1)
    assert page.index('id="conclusion"') < page.index('id="comparison"') < page.index('id="next"')
    # no id number in full anywhere on a masked page
    assert not re.search(r"(?<!\d)\d{17}[\dX](?!\d)", page)
    assert "核实要点" in page and 'id="suggested-document"' in page


def _clue_with_conclusion(web: WebProject) -> str:
    bench = web.app.state.bench
    templated = {m.id for m in bench.catalogue if m.header.conclusion and m.header.document}
    clues = bench.work.clues(ClueFilter(unit=HOME))
    return str(next(c.id for c in clues if c.model_id in templated))


def test_the_api_carries_the_same_finding(web: WebProject) -> None:
    client = web.client()
    token = web.tokens[username(Role.PROSECUTOR, True)]
    clue = _clue_with_conclusion(web)
    body = client.get(f"/api/clues/{clue}", headers={"Authorization": f"Bearer {token}"})
    assert body.status_code == 200
    finding = body.json()["finding"]
    assert finding["conclusion"] and finding["actions"] and finding["document"]["title"]
    assert all(f["label"] and f["value"] for f in finding["comparison"])
    assert not re.search(r"(?<!\d)\d{17}[\dX](?!\d)", body.text)


def test_a_refused_step_keeps_the_input_and_says_why(web: WebProject) -> None:
    client = web.client(username(Role.PROSECUTOR, True))
    clue = _new_clue(web)
    refused = client.post(f"/clues/{clue}/move", data={"to": "dismissed", "reason": "重复线索甲"})
    assert refused.status_code == 422
    assert "排除线索须选择一种排除理由" in refused.text
    assert 'value="重复线索甲"' in refused.text
    # the workflow's own refusal, in Chinese and without a status code
    wrong = client.post(f"/clues/{clue}/move", data={"to": "closed"})
    assert wrong.status_code == 422 and "不能从“新线索”转为“已结案”" in wrong.text
    assert "closed" not in re.sub(r"<[^>]+>", "", wrong.text)


def test_a_step_then_undo_each_with_a_message(web: WebProject) -> None:
    client = web.client(username(Role.PROSECUTOR, True))
    clue = _new_clue(web)
    moved = client.post(f"/clues/{clue}/move", data={"to": "assigned"})
    assert moved.status_code == 303 and moved.headers["location"].endswith("?done=assigned")
    page = client.get(moved.headers["location"]).text
    assert "已办理：线索转为“已分派”" in page and 'id="undo-form"' in page
    assert client.post(f"/clues/{clue}/undo", data={"reason": ""}).status_code == 422
    undone = client.post(f"/clues/{clue}/undo", data={"reason": "分派有误"})
    assert undone.status_code == 303
    page = client.get(undone.headers["location"]).text
    assert "已撤回上一步办理" in page and '<strong id="status">新线索</strong>' in page


def test_each_step_asks_only_for_its_own_fields(web: WebProject) -> None:
    client = web.client(username(Role.PROSECUTOR, True))
    clue = _new_clue(web)
    dismiss = client.get(f"/clues/{clue}?step=dismissed").text
    form = dismiss[
        dismiss.index('id="step-form"') : dismiss.index("</form>", dismiss.index('id="step-form"'))
    ]
    assert 'name="reason_code"' in form and 'name="recipient"' not in form
    assign = client.get(f"/clues/{clue}?step=assigned").text
    form = assign[
        assign.index('id="step-form"') : assign.index("</form>", assign.index('id="step-form"'))
    ]
    assert 'name="reason_code"' not in form and 'name="recipient"' not in form


def test_a_step_that_issues_a_document_offers_its_drafts(web: WebProject) -> None:
    client = web.client(username(Role.PROSECUTOR, True))
    clue = web.app.state.bench.work.clues(ClueFilter(unit=HOME, status="new"))[-3].id
    for status in ("assigned", "verifying", "opened"):
        assert client.post(f"/clues/{clue}/move", data={"to": status}).status_code == 303
    page = client.get(f"/clues/{clue}?step=recommended").text
    start = page.index('id="step-form"')
    step = page[start : page.index("</div>", start)]
    assert "<form" not in step and "确认定稿" in step
    assert f'href="/clues/{clue}/documents/new?kind=recommendation"' in step
    assert "起草检察建议书" in step and "起草再审检察建议书" in step


def test_the_comparison_shows_the_excess_as_a_decisive_row(web: WebProject) -> None:
    """A clue of a model that compares a value with a limit: the row after the limit says
    how far past it, marked 关键, on the page and in the API."""
    from jiancha.casebook.finding import excesses

    bench = web.app.state.bench
    headers = {m.id: m.header for m in bench.catalogue}
    clue = next(
        c
        for c in bench.work.clues(ClueFilter(unit=HOME))
        if c.model_id in headers and excesses(c.facts, headers[c.model_id])
    )
    (excess,) = excesses(clue.facts, headers[clue.model_id])
    page = web.client(username(Role.PROSECUTOR, True)).get(f"/clues/{clue.id}").text
    comparison = page[page.index('id="comparison"') : page.index('id="records"')]
    row = f'<tr class="decisive"><th>{excess.line.label}</th><td>{excess.line.value} '
    assert row in comparison and re.match(r"(超出|超过|低于|早于)", excess.line.label)
    token = web.tokens[username(Role.PROSECUTOR, True)]
    body = web.client().get(f"/api/clues/{clue.id}", headers={"Authorization": f"Bearer {token}"})
    shown = {f["name"]: f for f in body.json()["finding"]["comparison"]}
    assert shown[excess.line.name]["decisive"] is True


def test_the_evidence_names_a_records_unit_by_its_area(web: WebProject) -> None:
    """Issue 12's walk: the records' 单位代码 stood as a bare code; units are shown by name."""
    page = web.client(username(Role.PROSECUTOR, True)).get(f"/clues/{web.clue}").text
    cells = re.findall(r"<td[^>]*>\s*([^<]*\(?3506\d*\)?[^<]*)</td>", page)
    assert any(
        re.fullmatch(r"漳州市\S+区（3506\d*）|\S+县（3506\d*）", c.strip()) for c in cells
    ), cells
    assert not any(re.fullmatch(r"3506\d*", c.strip()) for c in cells), cells
