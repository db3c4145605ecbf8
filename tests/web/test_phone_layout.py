"""The workbench on a phone: at 390 px no page is wider than the screen (a wide table scrolls
inside itself), in headless Chromium."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from web_support import served_app

from jiancha.demo import DEMO_PASSWORD, demo_users
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


@pytest.fixture(scope="module")
def base(
    small_project_master, small_data, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:  # type: ignore[no-untyped-def]
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
    with served_app(root) as url:
        yield url


def test_no_page_is_wider_than_a_phone(base: str) -> None:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        page = chromium.new_context(base_url=base, locale="zh-CN", viewport=PHONE).new_page()
        page.goto("/login")
        page.fill("input[name=username]", "leader_phone")
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url("**/")
        wide = {}
        for path in PAGES:
            response = page.goto(path)
            assert response is not None and response.ok, path
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                wide[path] = width
        chromium.close()
    assert not wide, f"wider than {PHONE['width']} px: {wide}"
