"""The Improvement plan page in a real browser (Debian's Chromium through Playwright) against
`csc serve`: an analyst marks an overdue action completed with evidence and sees the
workstream's count of overdue actions fall; the page fits a phone under the real CSP, and
axe-core finds no serious accessibility problem with its forms.

Skipped only where /usr/bin/chromium is absent (CI installs it with apt).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import CHROMIUM
from tests.web.conftest import Site
from tests.web.plan_figures import OVERDUE_KEY, WS_KEY, load_plan
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


def _count(page: Any, standing: str) -> str:
    return str(page.locator(f"[data-count='{WS_KEY}|{standing}']").inner_text())


def test_an_analyst_completes_an_overdue_action_and_the_overdue_count_falls(
    server: str,  # noqa: F811 - the fixture imported above
    browser: Any,
    site: Site,
) -> None:
    load_plan(site)
    page = _sign_in(browser, server, "analyst", axe=True)
    page.click("a[href='/plan/']")
    assert page.locator("h1").inner_text() == "Improvement plan"
    assert (_count(page, "overdue"), _count(page, "completed")) == ("1", "0")
    item = page.locator(f"#a-{OVERDUE_KEY}")
    item.locator("summary").click()
    _axe(page)  # with a form open
    item.locator("select[name=status]").select_option("completed")
    item.locator("textarea[name=evidence]").fill("Audit of 40 cases, minuted 3 December")
    item.locator("button:has-text('Save')").click()
    page.wait_for_url(f"**/plan/?saved=1#a-{OVERDUE_KEY}")
    assert (_count(page, "overdue"), _count(page, "completed")) == ("0", "1")
    assert page.locator(f"[data-standing-of='{OVERDUE_KEY}']").inner_text() == "completed"
    assert "minuted 3 December" in page.locator(f"#a-{OVERDUE_KEY}").inner_text()
    history = page.locator("#history").locator("..").inner_text()
    assert "analyst" in history and f"changed action {OVERDUE_KEY}" in history
    _axe(page)
    assert page.problems == [], page.problems


def test_the_page_with_its_forms_fits_a_phone_under_the_csp(
    server: str,  # noqa: F811
    browser: Any,
    site: Site,
) -> None:
    load_plan(site)
    page = _sign_in(browser, server, "finance", width=390)
    page.goto(server + "/plan/")
    for summary in page.locator("summary").all():
        summary.click()
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= 391, (wide, _too_wide(page, 390))
    assert page.problems == [], page.problems
