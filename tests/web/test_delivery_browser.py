"""The Finance, Delivery and Improvement plan pages in a real browser (Debian's Chromium through
Playwright) against `csc serve`: an analyst marks a milestone slipped and sees the project's
delivery RAG change; a viewer is shown no form; the pages fit a phone and a desktop under the
real CSP, and axe-core finds no serious accessibility problem.

Skipped only where /usr/bin/chromium is absent (CI installs it with apt).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import CHROMIUM
from tests.web.conftest import Site
from tests.web.entered_figures import MILESTONE, PROJECT, load_demo, load_one_project
from tests.web.test_browser import AXE, _sign_in, _too_wide, server  # noqa: F401 - a fixture
from tests.web.test_browser import _axe as _axe_run

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason=f"{CHROMIUM} is absent: install Debian's chromium package to run browser tests",
    ),
]


def _axe(page: Any) -> None:
    """axe-core's check, where its package is installed (scripts/test installs it)."""
    if AXE.exists():
        _axe_run(page)


def _rag(page: Any) -> str:
    return str(page.locator(f"[data-rag-of='{PROJECT}'] .app-rag").inner_text())


def test_an_analyst_marks_a_milestone_slipped_and_the_rag_changes(
    server: str,  # noqa: F811 - the fixture imported above
    browser: Any,
    site: Site,
) -> None:
    load_one_project(site)
    page = _sign_in(browser, server, "analyst", axe=True)
    page.click("a[href='/delivery/']")
    assert page.locator("h1").inner_text() == "Delivery"
    assert _rag(page) == "Grey"
    _axe(page)
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
    _axe(page)
    assert page.problems == [], page.problems


def test_a_viewer_sees_the_figures_and_no_form(
    server: str,  # noqa: F811
    browser: Any,
    site: Site,
) -> None:
    load_demo(site)
    page = _sign_in(browser, server, "viewer")
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
    server: str,  # noqa: F811
    browser: Any,
    site: Site,
    width: int,
) -> None:
    load_demo(site)
    page = _sign_in(browser, server, "finance", width=width, axe=False)
    for path in ("/finance/", "/delivery/?as_at=2021-06-30", "/plan/?as_at=2021-06-30"):
        page.goto(server + path)
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= width + 1, (path, wide, _too_wide(page, width))
    assert page.problems == [], page.problems
    page = _sign_in(browser, server, "finance", width=width, axe=True)
    for path in ("/finance/", "/delivery/?as_at=2021-06-30", "/plan/?as_at=2021-06-30"):
        page.goto(server + path)
        _axe(page)
