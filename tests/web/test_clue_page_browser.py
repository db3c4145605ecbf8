"""The clue page a prosecutor acts on, in headless Chromium at desk and phone widths: the
conclusion first, the comparison, the sources found empty, how the people were matched and
the next step; and no English code or column name on the clue page, the inbox, the deadlines
or the statistics.

The forbidden words are read from the data contract (every column name and enum code) and
the casebook's own codes (statuses, events, action kinds), not typed by hand
(``english_support``, which the demo's document test shares).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from web_support import launched_chromium, served_app

from english_support import english_codes, forbidden_words, iso_dates
from jiancha.casebook.inbox import ClueFilter
from jiancha.console import SilentConsole
from jiancha.demo import DEMO_PASSWORD, demo_lifecycle, demo_users
from jiancha.project import Project

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run"]
PROSECUTOR = "zhangzhou"  # the demo's city prosecutor, units 3506
LEADER = "leader_clue"
MODEL = "execution.medical_parole_without_hospital"  # a finding with a source found empty
WIDTHS = (1440, 390)

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium"
)
sync_api = pytest.importorskip("playwright.sync_api")


@dataclass
class Served:
    base: str
    clue: str  # a clue of MODEL the prosecutor can open


@pytest.fixture(scope="module")
def served(  # type: ignore[no-untyped-def]
    small_project_master, small_data, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Served]:
    """A demo-like project: the small jurisdiction linked (as the demo does), run, worked."""
    master, _ = small_project_master
    root = tmp_path_factory.mktemp("clue-page") / "p"
    shutil.copytree(master.root, root)
    project = Project.open(root)
    project.link()
    project.run(as_of=small_data.as_of)
    with project.casework() as work:
        demo_lifecycle(work, SilentConsole())
        demo_users(work)
        work.accounts.add(LEADER, DEMO_PASSWORD, "leader", ["3506"], display_name="分管领导")
        found = work.clues(ClueFilter(model=MODEL, status="new"))
    assert found, f"the small jurisdiction has a new clue of {MODEL}"
    with served_app(project.root) as base:
        yield Served(base, found[0].id)


@pytest.fixture(scope="module")
def browser(served: Served) -> Iterator[object]:
    with launched_chromium(CHROMIUM, CHROMIUM_ARGS) as chromium:
        yield chromium


def _page(browser, served: Served, width: int, username: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(
        base_url=served.base, locale="zh-CN", viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    page.goto("/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/")
    return page


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def _visible(page) -> str:  # type: ignore[no-untyped-def]
    text: str = page.locator("body").inner_text()
    return text


@pytest.mark.parametrize("width", WIDTHS)
def test_the_clue_page_leads_with_the_finding(browser, served: Served, width: int) -> None:  # type: ignore[no-untyped-def]
    page = _page(browser, served, width, PROSECUTOR)
    response = page.goto(f"/clues/{served.clue}")
    assert response is not None and response.status == 200
    conclusion = page.locator("#conclusion")
    assert conclusion.is_visible()
    sentence = conclusion.inner_text()
    assert "以患有严重疾病为由被裁定暂予监外执行" in sentence and "无任何住院记录" in sentence
    assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日", sentence)
    # the conclusion comes before the comparison, the records and everything else
    order = page.evaluate(
        "['#conclusion', '#comparison', '#records', '#checked', '#matching', '#next', "
        "'#evidence'].map(s => document.querySelector(s).getBoundingClientRect().top)"
    )
    assert order == sorted(order)
    comparison = page.locator("#comparison")
    assert comparison.is_visible() and "裁定日期" in comparison.inner_text()
    assert page.locator("#comparison tr.decisive").count() == 2  # ruled_at, window_end
    checked = page.locator("#checked").inner_text()
    assert re.search(
        r"医保住院结算记录（医疗保障局），核查期间 \d{4}年\d+月\d+日至\d{4}年\d+月\d+日：无记录",
        checked,
    )
    assert "刑罚变更执行" in page.locator("#records").inner_text()
    matching = page.locator("#matching")
    assert matching.is_visible()
    assert re.search(r"身份证号一致|匹配概率 0\.\d{4}|无需跨来源比对", matching.inner_text())
    assert page.locator("#next ol.checklist li").count() >= 2
    assert "检察建议书" in page.locator("#suggested-document").inner_text()
    # phone width: nothing wider than the screen but the evidence tables' own scroll boxes
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    assert english_codes(_visible(page)) == []
    _shot(page, f"clue_finding_{width}")


def test_a_step_form_keeps_the_input_and_undo_takes_it_back(browser, served: Served) -> None:  # type: ignore[no-untyped-def]
    page = _page(browser, served, 1440, LEADER)
    page.goto(f"/clues/{served.clue}")
    # only the chosen step's fields: dismissing asks for the reason, nothing else
    page.click("nav.steps >> text=已排除")
    form = page.locator("#step-form")
    assert form.locator("select[name=reason_code]").count() == 1
    assert form.locator("input[name=recipient]").count() == 0
    # the browser's own check is bypassed to see the server's: the input comes back
    page.evaluate("document.querySelector('#step-form').noValidate = true")
    form.locator("input[name=reason]").fill("与另一线索为同一裁定")
    form.locator("button[type=submit]").click()
    assert "排除线索须选择一种排除理由" in page.locator("#form-error").inner_text()
    assert page.locator("#step-form input[name=reason]").input_value() == "与另一线索为同一裁定"
    assert english_codes(_visible(page)) == []
    _shot(page, "clue_step_error")
    # a good step, its message, and undo
    page.click("nav.steps >> text=已分派")
    page.locator("#step-form button[type=submit]").click()
    page.wait_for_url("**done=assigned**")
    assert "已办理" in page.locator("#done").inner_text()
    assert page.locator("#status").inner_text() == "已分派"
    page.fill("#undo-form input[name=reason]", "分派有误")
    page.locator("#undo-form button[type=submit]").click()
    page.wait_for_url("**done=undo**")
    assert page.locator("#status").inner_text() == "新线索"
    assert "已撤回上一步" in page.locator("#done").inner_text()


def test_an_action_step_links_to_the_draft_page(browser, served: Served) -> None:  # type: ignore[no-untyped-def]
    page = _page(browser, served, 1440, PROSECUTOR)
    page.goto("/clues?status=opened")
    opened = page.locator("#inbox tbody a").first.inner_text()
    page.goto(f"/clues/{opened}?step=recommended")
    # no form to submit: the step is taken by confirming the draft
    assert page.locator("#step-form button[type=submit]").count() == 0
    link = page.locator("#step-form a.draft[href$='kind=recommendation']")
    assert link.get_attribute("href") == f"/clues/{opened}/documents/new?kind=recommendation"
    assert link.inner_text() == "起草检察建议书"
    assert page.locator("#draft-link").count() == 1  # the model's suggested kind first


@pytest.mark.parametrize(
    ("username", "path"),
    [
        (PROSECUTOR, "/clues"),
        (PROSECUTOR, "/clues?status=opened"),
        (PROSECUTOR, "/deadlines?within=3650"),
        (LEADER, "/stats?period=2025"),
    ],
)
def test_daily_pages_show_no_english_code(
    browser, served: Served, username: str, path: str
) -> None:  # type: ignore[no-untyped-def]
    page = _page(browser, served, 1440, username)
    response = page.goto(path)
    assert response is not None and response.status == 200
    shown = _visible(page)
    assert english_codes(shown) == [] and iso_dates(shown) == [], path


def test_every_clue_of_the_demo_speaks_chinese(browser, served: Served) -> None:  # type: ignore[no-untyped-def]
    """One clue of each model the prosecutor has: the page holds no code, column name or ISO
    date."""
    page = _page(browser, served, 1440, PROSECUTOR)
    seen: dict[str, list[str]] = {}
    for number in range(1, 200):
        response = page.goto(f"/clues/C{number:06d}")
        if response is None or response.status != 200:
            continue
        shown = _visible(page)
        found = english_codes(shown) + iso_dates(shown)
        if found:
            seen[f"C{number:06d}"] = found
    assert seen == {}


def test_the_forbidden_words_come_from_the_contract() -> None:
    words = forbidden_words()
    assert {"fixed_term", "summary", "person_id", "judgment", "medical_parole", "False"} <= words
    assert english_codes("主刑 fixed_term；circumstances：plea;confession") == [
        "circumstances",
        "confession",
        "fixed_term",
        "plea",
    ]
    assert english_codes("案件AJ00000419，2024年10月30日，SHA-256") == []
