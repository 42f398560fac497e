"""The Finance, Delivery and Improvement plan pages in a real browser (Debian's Chromium through
Playwright) against `csc serve`: an analyst marks a milestone slipped and sees the project's
delivery RAG change; a viewer is shown no form; the pages fit a phone and a desktop under the
real CSP, and axe-core finds no serious accessibility problem.

Skipped only where /usr/bin/chromium is absent (CI installs it with apt).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.browser import NEEDS_CHROMIUM, assert_fits, axe_where_installed, follow, sign_in
from tests.web.conftest import Site
from tests.web.entered_figures import MILESTONE, PROJECT, load_demo, load_one_project

pytestmark = NEEDS_CHROMIUM


def _rag(page: Any) -> str:
    return str(page.locator(f"[data-rag-of='{PROJECT}'] .app-rag").inner_text())


def test_an_analyst_marks_a_milestone_slipped_and_the_rag_changes(
    server: str, browser: Any, site: Site
) -> None:
    load_one_project(site)
    page = sign_in(browser, server, "analyst", axe=True)
    follow(page, "/delivery/", "Delivery")
    assert _rag(page) == "Grey"
    axe_where_installed(page)
    page.click("text=Change the status or due date")
    page.select_option("select[name=status]", "slipped")
    page.click("button:has-text('Save')")
    page.wait_for_url("**/delivery/?saved=1**")
    assert _rag(page) == "Amber"
    assert (
        f"'{MILESTONE}' is marked slipped"
        in page.locator(f"[data-rag-of='{PROJECT}']").inner_text()
    )
    assert page.locator("[data-status-of]").inner_text() == "slipped"
    assert "analyst" in page.locator("#history").locator("..").inner_text()
    axe_where_installed(page)
    assert page.problems == [], page.problems


def test_a_viewer_sees_the_figures_and_no_form(server: str, browser: Any, site: Site) -> None:
    load_demo(site)
    page = sign_in(browser, server, "viewer")
    for path in ("/finance/", "/delivery/", "/plan/"):
        page.goto(server + path)
        assert (
            page.locator("form[method=post] select, form[method=post] input[name=amount]").count()
            == 0
        )
    page.goto(server + "/finance/")
    assert "105,683" in page.content()


@pytest.mark.parametrize("width", [1280, 390])
def test_the_pages_fit_the_screen_and_obey_the_csp(
    server: str, browser: Any, site: Site, width: int
) -> None:
    load_demo(site)
    page = sign_in(browser, server, "finance", width=width, axe=False)
    for path in ("/finance/", "/delivery/?as_at=2021-06-30", "/plan/?as_at=2021-06-30"):
        page.goto(server + path)
        assert_fits(page, width, path)
    assert page.problems == [], page.problems
    page = sign_in(browser, server, "finance", width=width, axe=True)
    for path in ("/finance/", "/delivery/?as_at=2021-06-30", "/plan/?as_at=2021-06-30"):
        page.goto(server + path)
        axe_where_installed(page)
