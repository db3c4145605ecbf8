"""The workbench on a phone: at 390 px no page is wider than the screen (a wide table scrolls
inside itself), in headless Chromium."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from web_support import served_app

from jiancha.casebook.casework import Casework
from jiancha.casebook.registers import COMMAND_LINE
from jiancha.casebook.registers.aid import ApplicationInput
from jiancha.casebook.registers.minors import ProbationInput, ReportInput
from jiancha.casebook.registers.remote import BookingInput
from jiancha.casebook.registers.supervisors import HearingInput
from jiancha.demo import DEMO_PASSWORD, demo_users
from jiancha.intake import IntakeWorker
from jiancha.project import Project

CHROMIUM = Path("/usr/bin/chromium")
PHONE = {"width": 390, "height": 844}
PAGES = (
    "/",
    "/clues",
    "/deadlines",
    "/stats",
    "/models",
    "/models/execution.medical_parole_without_hospital",
    "/similar",
    "/registers",
    "/registers/interference",
    "/registers/supervisors",
    "/registers/remote",
    "/registers/quality",
    "/registers/minors",
    "/registers/aid",
    # a clue page (its evidence tables scroll in their own boxes) and the search
    "/clues/C000001",
    "/search?q=C000001",
    # a document's draft: its fieldset and 84-column text areas
    "/clues/C000001/documents/new?kind=recommendation",
)

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium"
)
sync_api = pytest.importorskip("playwright.sync_api")


@dataclass
class Served:
    url: str
    registers: tuple[str, ...]  # the registers' pages with a row each, and their entries'
    agency_key: str  # an agency's push key: its pages, with a batch and quarantined rows


@pytest.fixture(scope="module")
def served(
    small_project_master, small_data, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Served]:  # type: ignore[no-untyped-def]
    master, _ = small_project_master
    root = tmp_path_factory.mktemp("phone") / "p"
    shutil.copytree(master.root, root)
    project = Project.open(root)
    project.run(as_of=small_data.as_of)
    with project.casework() as work:
        demo_users(work)
        work.accounts.add(
            "leader_phone", DEMO_PASSWORD, "leader", ["3506"], display_name="分管领导"
        )
        registers = _register_entries(work)
        _, key = work.intake.add_agency("漳州市某公安分局", ["case_report"], ["350602"])
        agency = work.intake.by_key(key)
        assert agency is not None
        records = [_report(1, "350602"), _report(2, "350102"), _report(3, "350602", "不详")]
        work.intake.accept(agency, "case_report", json.dumps(records), len(records), None)
    with project.casework() as work:
        IntakeWorker(project, work).run(once=True)
    with served_app(root) as url:
        yield Served(url, registers, key)


@pytest.fixture(scope="module")
def base(served: Served) -> str:
    return served.url


def _register_entries(work: Casework) -> tuple[str, ...]:
    """One entry in each register (their lists are empty on a new project, and an empty
    table fits any screen), with long texts; the pages that show them."""
    long = "（2026）闽0602刑诉第12345号案件及其关联的另一件案件"
    hearing = work.registers.supervisors.add_hearing(COMMAND_LINE, HearingInput(
        "350602", long, "non_prosecution", date(2026, 3, 20), "本院第一听证室",
        ("张三", "漳州市芗城区某某建材有限责任公司"), 2,
    ))  # fmt: skip
    start = datetime(2099, 1, 1, 9)
    session = work.registers.remote.book_session(COMMAND_LINE, BookingInput(
        "350602", "interrogation", long, "漳州市看守所", "远程提审一室", "在押人员甲",
        ("检察官甲", "检察官乙"), start, start + timedelta(hours=1),
    ))  # fmt: skip
    probation = work.registers.minors.add_probation(COMMAND_LINE, ProbationInput(
        "350602", long, "小明", date(2010, 1, 1), date(2026, 1, 5), "盗窃罪",
        date(2026, 3, 1), 6, "zhangzhou",
    ))  # fmt: skip
    work.registers.minors.add_report(COMMAND_LINE, ReportInput(
        "350602", date(2026, 3, 2), "漳州市芗城区某某小学", "school", "小华", "疑似受伤" * 8,
    ))  # fmt: skip
    work.registers.aid.add(COMMAND_LINE, ApplicationInput(
        "350602", "张母", "张某", "母子", "death", long, "无收入，" * 6, 50000,
        date(2026, 3, 2), "zhangzhou",
    ))  # fmt: skip
    return (
        "/registers/aid",
        "/registers/minors",
        "/registers/supervisors",
        "/registers/remote",
        f"/registers/hearings/{hearing.id}",
        f"/registers/remote/{session.ref}",
        f"/registers/minors/probations/{probation.ref}",
    )


def _report(n: int, unit: str, received: str = "2026-03-01") -> dict[str, object]:
    return {
        "record_id": f"R{n:05d}",
        "unit_code": unit,
        "received_at": received,
        "case_kind": "criminal",
        "offense": "盗窃",
        "decision": "filed",
    }


def _signed_in(chromium, base: str):  # type: ignore[no-untyped-def]
    """A phone-sized page of the workbench, the demo's leader signed in."""
    page = chromium.new_context(base_url=base, locale="zh-CN", viewport=PHONE).new_page()
    page.goto("/login")
    page.fill("input[name=username]", "leader_phone")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/")
    return page


def test_no_page_is_wider_than_a_phone(base: str) -> None:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        page = _signed_in(chromium, base)
        wide = {}
        for path in PAGES:
            response = page.goto(path)
            assert response is not None and response.ok, path
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                wide[path] = width
        chromium.close()
    assert not wide, f"wider than {PHONE['width']} px: {wide}"


_OVERFLOW = (
    "Array.from(document.querySelectorAll('body *')).filter(e => "
    "e.getBoundingClientRect().right > window.innerWidth + 1 "
    "&& !(e.parentElement && e.parentElement.closest('.scroll'))).map(e => e.tagName)"
)


def _overflowing(page) -> list[str]:  # type: ignore[no-untyped-def]
    """What reaches past the window's edge outside a scrolling box (a wide table scrolls in
    its own box), and the page itself when it is wider than the window."""
    found: list[str] = page.evaluate(_OVERFLOW)
    if page.evaluate("document.documentElement.scrollWidth") > PHONE["width"]:
        found.append("页面")
    return found


def test_the_registers_with_entries_and_the_agency_pages_fit_a_phone(served: Served) -> None:
    """Issue 12's walk: the registers were only checked empty (an empty table fits), and
    the aid register's table, with one application, ran past a phone's edge; the agency's
    pages (its key form, its batches, a batch's quarantined rows) were not checked at all."""
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        page = _signed_in(chromium, served.url)
        wide = {}
        for path in served.registers:
            response = page.goto(path)
            assert response is not None and response.ok, path
            wide[path] = _overflowing(page)
        agency = chromium.new_context(base_url=served.url, locale="zh-CN", viewport=PHONE)
        office = agency.new_page()
        office.goto("/intake")
        wide["/intake（登录）"] = _overflowing(office)
        office.fill("input[name=key]", served.agency_key)
        office.click("button[type=submit]")
        office.wait_for_url("**/intake")
        assert "隔离" in office.locator("main").inner_text()
        wide["/intake"] = _overflowing(office)
        office.locator("main table a").first.click()
        office.wait_for_url("**/intake/batches/*")
        assert "不详" in office.locator("main").inner_text()
        wide[office.url] = _overflowing(office)
        chromium.close()
    assert {path: found for path, found in wide.items() if found} == {}
