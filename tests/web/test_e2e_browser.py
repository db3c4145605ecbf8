"""The workbench in headless Chromium: a prosecutor's day, another unit's view, screenshots.

The app is served by uvicorn in a thread on a demo-like project (the small jurisdiction,
its model run, the demo's workflow histories and logins). Playwright drives Debian's
``chromium`` (never a downloaded browser); screenshots of the main pages go to
``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pytest
from docx import Document as DocxDocument
from web_support import launched_chromium, served_app

from english_support import english_codes, iso_dates
from jiancha.casebook.inbox import ClueFilter
from jiancha.casebook.views import ClueView
from jiancha.console import SilentConsole
from jiancha.demo import DEMO_PASSWORD, demo_lifecycle, demo_users
from jiancha.project import Project

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
PROSECUTOR = "zhangzhou"  # the demo's city prosecutor, units 3506
OTHER_UNIT = "xiangcheng"  # the demo's 芗城区 prosecutor, units 350602
LEADER = "leader_e2e"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium"
)
sync_api = pytest.importorskip("playwright.sync_api")


@dataclass
class Served:
    base: str
    project: Project
    clue: str  # an opened clue of 3506 outside 350602: the one the prosecutor recommends
    facts: dict[str, object]  # its facts
    phone_clue: str  # another: the one walked to served and replied on a phone


def _demo_project(master: Project, small_data, root: Path) -> Project:  # type: ignore[no-untyped-def]
    shutil.copytree(master.root, root)
    project = Project.open(root)
    project.run(as_of=small_data.as_of)
    with project.casework() as work:
        demo_lifecycle(work, SilentConsole())
        demo_users(work)
        work.accounts.add(LEADER, DEMO_PASSWORD, "leader", ["3506"], display_name="分管领导")
    return project


@pytest.fixture(scope="module")
def served(small_project_master, small_data, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    master, _ = small_project_master
    project = _demo_project(master, small_data, tmp_path_factory.mktemp("e2e") / "p")
    with project.casework() as work:
        # a clue opened for supervision in 3506 outside 350602: the prosecutor recommends on
        # it and 芗城's prosecutor must not see it (opened here if the demo left none)
        def outside(status: str) -> list[ClueView]:
            return [
                c
                for c in work.clues(ClueFilter(status=status))
                if c.unit_code and not c.unit_code.startswith("350602")
            ]

        while len(outside("opened")) < 2:  # two, opened here if the demo left fewer
            clue = outside("new")[0].id
            work.assign(clue, PROSECUTOR, actor="分管领导")
            for status in ("verifying", "opened"):
                work.move(clue, status, actor="检察官")
        opened = outside("opened")
    with served_app(project.root) as base:
        yield Served(base, project, opened[0].id, opened[0].facts, opened[1].id)


@pytest.fixture(scope="module")
def browser(served: Served) -> Iterator[object]:
    with launched_chromium(CHROMIUM, CHROMIUM_ARGS) as chromium:
        yield chromium


@pytest.fixture
def page(browser, served: Served):  # type: ignore[no-untyped-def]
    context = browser.new_context(
        base_url=served.base, locale="zh-CN", viewport={"width": 1280, "height": 900}
    )
    yield context.new_page()
    context.close()


def _log_in(page, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/")
    assert (
        page.locator("header form.who")
        .inner_text()
        .startswith(next(label for name, label in _users() if name == username))
    )


def _users() -> list[tuple[str, str]]:
    from jiancha.demo import DEMO_USERS

    return [(n, label) for n, label, _, _ in DEMO_USERS] + [(LEADER, "分管领导")]


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_recommend_download_and_other_unit_cannot_see(page, served: Served, tmp_path: Path):  # type: ignore[no-untyped-def]
    clue = served.clue
    _log_in(page, PROSECUTOR)

    page.goto("/clues")
    page.select_option("select[name=status]", "opened")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**status=opened**")
    row = page.locator(f"#inbox tr:has(a:text-is('{clue}'))")
    assert row.count() == 1
    statuses = page.locator("#inbox tbody tr td.status").all_inner_texts()
    assert statuses and set(statuses) == {"已立案监督"}

    row.locator(f"a:text-is('{clue}')").click()
    page.wait_for_url(f"**/clues/{clue}")
    page.goto(f"/clues/{clue}/documents/new?kind=recommendation")
    page.fill("#recipient", "某县公安局")
    page.fill("#section-request", "依法纠正并书面回复")
    page.click("form.draft button[name=save]")
    page.wait_for_url(f"**/clues/{clue}/documents/drafts/**")
    assert page.locator("#draft-saved").count() == 1
    _shot(page, "document_draft")
    page.click("#confirm")
    page.wait_for_url(f"**/clues/{clue}#documents")
    assert page.locator("#status").inner_text() == "已制发检察建议"
    with page.expect_download() as download_info:
        page.locator("#documents a.download").first.click()
    saved = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(saved)
    text = "\n".join(p.text for p in DocxDocument(str(saved)).paragraphs)
    assert "检察建议书" in text and "某县公安局" in text and "依法纠正并书面回复" in text
    assert "一、发现的问题" in text and "本院在履行法律监督职责中" in text
    assert served.facts and not re.search(r"\d{4}-\d{2}-\d{2}", text)  # dates as 2024年10月30日

    page.click("header form.who button[type=submit]")
    page.wait_for_url("**/login")

    _log_in(page, OTHER_UNIT)
    page.goto("/clues?status=recommended")
    assert page.locator(f"#inbox a:text-is('{clue}')").count() == 0
    response = page.goto(f"/clues/{clue}")
    assert response is not None and response.status == 404
    assert "不在您的管辖单位内" in page.content()


@pytest.mark.parametrize(
    ("username", "pages"),
    [
        (
            PROSECUTOR,
            {"dashboard": "/", "inbox": "/clues", "deadlines": "/deadlines", "models": "/models"},
        ),
        (LEADER, {"statistics": "/stats"}),
        ("auditor", {"audit": "/audit"}),
    ],
)
def test_main_pages_render_and_are_saved(page, served: Served, username: str, pages):  # type: ignore[no-untyped-def]
    _log_in(page, username)
    for name, path in pages.items():
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        assert page.locator("main h1").count() == 1
        _shot(page, name)
    if username == PROSECUTOR:
        page.goto(f"/clues/{served.clue}")
        _shot(page, "clue_detail")
        _similar_by_facts(page)


def _similar_by_facts(page) -> None:  # type: ignore[no-untyped-def]
    """类案检索 from the navigation: pasted facts give cases and an estimate with its interval."""
    page.click("header nav >> text=类案检索")
    page.fill(
        "textarea[name=text]",
        "被告人窃取他人手机一部，价值人民币5000元，构成盗窃罪，到案后如实供述。",
    )
    page.click("form.facts button[type=submit]")
    page.wait_for_selector("#estimate")
    assert "估计区间" in page.locator("#estimate").inner_text()
    assert page.locator("table.matches tbody tr").count() > 0
    _shot(page, "similar")


def test_htmx_works_under_the_content_security_policy(page, served: Served):  # type: ignore[no-untyped-def]
    """Issue 18: the CSP allows no inline script or style; HTMX still filters the inbox
    in place, and the browser reports no violation."""
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    _log_in(page, PROSECUTOR)
    response = page.goto("/clues")
    assert (
        response is not None and "script-src 'self'" in response.headers["content-security-policy"]
    )
    with page.expect_response(
        lambda r: "/clues?" in r.url and r.request.headers.get("hx-request") == "true"
    ) as fragment:
        page.select_option("select[name=status]", "opened")
    assert fragment.value.status == 200 and "<html" not in fragment.value.text()
    page.wait_for_url("**/clues?*status=opened*")
    assert page.locator("main h1").count() == 1  # swapped into #inbox, not a new page
    assert "共" in page.locator("#inbox").inner_text()
    assert violations == []


def _no_horizontal_overflow(page) -> bool:  # type: ignore[no-untyped-def]
    """Neither the page nor any element on it (a table in a scrolling box included) is
    wider than the window."""
    wide = page.evaluate(
        "Array.from(document.querySelectorAll('body *')).filter(e => "
        "e.getBoundingClientRect().right > window.innerWidth + 1).map(e => e.tagName)"
    )
    fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    return bool(fits) and not wide


@pytest.mark.parametrize("width", [1440, 390])
def test_my_work_inbox_and_deadlines_fit_the_screen(browser, served: Served, width: int):  # type: ignore[no-untyped-def]
    """我的工作 (the landing page, its badge), the inbox and the deadlines at desktop and
    phone widths: nothing wider than the screen; screenshots saved."""
    with served.project.casework() as work:
        user = next(u for u in work.accounts.users() if u.username == PROSECUTOR)
        # a visit long ago: every clue of the units is new to the user
        work.my_work(
            user.id, [PROSECUTOR], user.units, as_of=date.today(), now=datetime(2000, 1, 1)
        )
    context = browser.new_context(
        base_url=served.base, locale="zh-CN", viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    try:
        page.goto("/clues")  # the login sends the prosecutor on to the inbox
        page.wait_for_url("**/login**")
        page.fill("input[name=username]", PROSECUTOR)
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url("**/clues")
        badge = page.locator("#new-badge")
        badge.wait_for(state="visible")
        assert int(badge.inner_text().rstrip("+")) > 0
        assert _no_horizontal_overflow(page), "the inbox is wider than the screen"
        assert iso_dates(page.locator("body").inner_text()) == []
        _shot(page, f"inbox_{width}")
        page.goto("/")
        assert page.locator("main h1").inner_text().startswith("我的工作")
        assert page.locator("main h2").count() >= 3
        assert _no_horizontal_overflow(page), "我的工作 is wider than the screen"
        assert iso_dates(page.locator("body").inner_text()) == []
        _shot(page, f"my_work_{width}")
        # opened, 我的工作 starts the count again: the badge disappears
        page.goto("/deadlines?within=3650")
        page.wait_for_function("document.getElementById('new-badge').hidden === true")
        assert _no_horizontal_overflow(page), "the deadlines are wider than the screen"
        assert "已逾期" in page.content() or "剩余" in page.content()
        assert iso_dates(page.locator("body").inner_text()) == []
        _shot(page, f"deadlines_{width}")
        # the search from the navigation
        page.fill("header .quick-search input[name=q]", served.clue)
        page.press("header .quick-search input[name=q]", "Enter")
        page.wait_for_url(f"**/search?q={served.clue}")
        assert page.locator(f"main table.clues a:text-is('{served.clue}')").count() == 1
        assert _no_horizontal_overflow(page), "the search is wider than the screen"
        _shot(page, f"search_{width}")
    finally:
        context.close()


def _fill_registers(project: Project) -> None:
    """A probation, a report, an application for aid and a hearing of 漳州市芗城区 (once)."""
    from jiancha.casebook.registers import COMMAND_LINE
    from jiancha.casebook.registers.aid import ApplicationInput
    from jiancha.casebook.registers.minors import ProbationInput, ReportInput
    from jiancha.casebook.registers.supervisors import HearingInput

    with project.casework() as work:
        registers = work.registers
        if registers.minors.probations(COMMAND_LINE):
            return
        registers.minors.add_probation(COMMAND_LINE, ProbationInput(
            "350602", "（2026）闽0602刑诉12号", "小明", date(2010, 1, 1), date(2026, 1, 5),
            "盗窃罪", date(2026, 3, 1), 6, "漳州市院检察官（演示）",
        ))  # fmt: skip
        report = ReportInput("350602", date(2026, 3, 2), "某小学", "school", "小华", "疑似受伤")
        registers.minors.add_report(COMMAND_LINE, report)
        registers.aid.add(COMMAND_LINE, ApplicationInput(
            "350602", "张母", "张某", "母子", "death", "（2025）闽0602刑初88号", "无收入", 50000,
            date(2026, 3, 2), "漳州市院检察官（演示）",
        ))  # fmt: skip
        registers.supervisors.add_hearing(COMMAND_LINE, HearingInput(
            "350602", "（2026）闽0602刑诉9号", "non_prosecution", date(2026, 3, 20), "本院听证室",
            ("张三",), 2,
        ))  # fmt: skip


@pytest.mark.parametrize("width", [1440, 390])
def test_register_pages_fit_and_read_in_chinese(browser, served: Served, width: int):  # type: ignore[no-untyped-def]
    """Issue 12's walk: the registers wrote 至 2026-09-01 届满; each register page the
    prosecutor opens reads in Chinese (no ISO date, no code) and fits the screen."""
    _fill_registers(served.project)
    context = browser.new_context(
        base_url=served.base, locale="zh-CN", viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    try:
        _log_in(page, PROSECUTOR)
        pages = {"minors": "/registers/minors", "aid": "/registers/aid",
                 "supervisors": "/registers/supervisors?year=2026"}  # fmt: skip
        page.goto(pages["minors"])
        pages["probation"] = page.locator("main table a[href*='/probations/']").first.get_attribute(
            "href"
        )
        for name, path in pages.items():
            response = page.goto(path)
            assert response is not None and response.status == 200, path
            shown = page.locator("body").inner_text()
            assert english_codes(shown) == [] and iso_dates(shown) == [], (path, iso_dates(shown))
            assert _fits_the_phone(page), f"{path} is wider than the screen"
            _shot(page, f"register_{name}_{width}")
    finally:
        context.close()


PHONE = {"width": 390, "height": 844}
# a written reply as the recipient uploads it: a (tiny) PDF
REPLY_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _fits_the_phone(page) -> bool:  # type: ignore[no-untyped-def]
    """No horizontal overflow: the page is no wider than the window, and nothing on it
    reaches past the window's edge but inside a scrolling box (a wide evidence table scrolls
    in its own box, which fits)."""
    wide = page.evaluate(
        "Array.from(document.querySelectorAll('body *')).filter(e => "
        "e.getBoundingClientRect().right > window.innerWidth + 1 "
        "&& !(e.parentElement && e.parentElement.closest('.scroll'))).map(e => e.tagName)"
    )
    fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    return bool(fits) and not wide


def _fits_and_speaks_chinese(page, name: str) -> None:  # type: ignore[no-untyped-def]
    """The page at 390 px: nothing wider than the screen, no English code in what a person
    reads; its screenshot saved."""
    assert _fits_the_phone(page), f"{name} is wider than the phone"
    shown = page.locator("body").inner_text()
    assert english_codes(shown) == [] and iso_dates(shown) == [], name
    _shot(page, f"phone_{name}")


def test_a_phone_walk_to_served_and_replied(browser, served: Served):  # type: ignore[no-untyped-def]
    """At 390 px: 我的工作 → the clue → its 检察建议书 drafted and confirmed → the e-service
    link → the recipient (on their phone) opens, signs for it and uploads the reply → the
    clue is 已送达, then 已回复."""
    clue = served.phone_clue
    desk = browser.new_context(base_url=served.base, locale="zh-CN", viewport=PHONE)
    recipient = browser.new_context(base_url=served.base, locale="zh-CN", viewport=PHONE)
    try:
        page = desk.new_page()
        _log_in(page, PROSECUTOR)
        _fits_and_speaks_chinese(page, "my_work")
        page.goto(f"/clues/{clue}?step=recommended#next")
        _fits_and_speaks_chinese(page, "clue_opened")
        page.click("#draft-link")
        page.wait_for_url(f"**/clues/{clue}/documents/new?kind=recommendation")
        page.fill("#recipient", "某县公安局")
        page.fill("#section-request", "依法纠正并书面回复")
        page.click("form.draft button[name=save]")
        page.wait_for_url(f"**/clues/{clue}/documents/drafts/**")
        _fits_and_speaks_chinese(page, "draft")
        page.click("#confirm")
        page.wait_for_url(f"**/clues/{clue}#documents")
        assert page.locator("#status").inner_text() == "已制发检察建议"
        page.click("form[action$='/service'] button[type=submit]")
        page.wait_for_selector("#service-url")
        _fits_and_speaks_chinese(page, "service_link_issued")
        link = re.search(r"/service/\S+", page.locator("#service-url").inner_text())
        assert link is not None

        office = recipient.new_page()
        office.goto(link.group(0))
        _fits_and_speaks_chinese(office, "eservice_opened")
        office.click("form[action$='/open'] button[type=submit]")
        office.fill("form[action$='/confirm'] input[name=by]", "收发室王某")
        office.click("form[action$='/confirm'] button[type=submit]")
        assert office.locator("#confirmed").inner_text() != "未签收"
        _fits_and_speaks_chinese(office, "eservice_served")
        page.goto(f"/clues/{clue}")
        assert page.locator("#status").inner_text() == "已送达"
        _fits_and_speaks_chinese(page, "clue_served")

        office.fill("form[action$='/reply'] input[name=by]", "法制科李某")
        office.set_input_files(
            "input[name=reply]",
            files=[{"name": "回复.pdf", "mimeType": "application/pdf", "buffer": REPLY_PDF}],
        )
        office.click("form[action$='/reply'] button[type=submit]")
        office.wait_for_selector("form[action$='/reply']", state="detached")
        # the link is used up by the reply: a receipt, not the used-up link's refusal
        receipt = office.locator("main").inner_text()
        assert "已收到书面回复" in receipt and "回复.pdf" in receipt and "无法使用" not in receipt
        _fits_and_speaks_chinese(office, "eservice_replied")
        page.goto(f"/clues/{clue}")
        assert page.locator("#status").inner_text() == "已回复"
        assert "书面回复" in page.locator("main").inner_text()
        _fits_and_speaks_chinese(page, "clue_replied")
    finally:
        desk.close()
        recipient.close()
