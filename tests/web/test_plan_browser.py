"""The Improvement plan page in a real browser (Debian's Chromium through Playwright) against
`csc serve`: an analyst marks an overdue action completed with evidence and sees the
workstream's count of overdue actions fall; the page fits a phone under the real CSP, and
axe-core finds no serious accessibility problem with its forms.

Skipped only where /usr/bin/chromium is absent (CI installs it with apt).
"""

from __future__ import annotations

from typing import Any

from tests.web.browser import NEEDS_CHROMIUM, assert_fits, axe_where_installed, follow, sign_in
from tests.web.conftest import Site
from tests.web.plan_figures import OVERDUE_KEY, WS_KEY, load_plan

pytestmark = NEEDS_CHROMIUM


def _count(page: Any, standing: str) -> str:
    return str(page.locator(f"[data-count='{WS_KEY}|{standing}']").inner_text())


def test_an_analyst_completes_an_overdue_action_and_the_overdue_count_falls(
    server: str, browser: Any, site: Site
) -> None:
    load_plan(site)
    page = sign_in(browser, server, "analyst", axe=True)
    follow(page, "/plan/", "Improvement plan")
    assert (_count(page, "overdue"), _count(page, "completed")) == ("1", "0")
    item = page.locator(f"#a-{OVERDUE_KEY}")
    item.locator("summary").click()
    axe_where_installed(page)  # with a form open
    item.locator("select[name=status]").select_option("completed")
    item.locator("textarea[name=evidence]").fill("Audit of 40 cases, minuted 3 December")
    item.locator("button:has-text('Save')").click()
    page.wait_for_url(f"**/plan/?saved=1#a-{OVERDUE_KEY}")
    assert (_count(page, "overdue"), _count(page, "completed")) == ("0", "1")
    assert page.locator(f"[data-standing-of='{OVERDUE_KEY}']").inner_text() == "completed"
    assert "minuted 3 December" in page.locator(f"#a-{OVERDUE_KEY}").inner_text()
    history = page.locator("#history").locator("..").inner_text()
    assert "analyst" in history and f"changed action {OVERDUE_KEY}" in history
    axe_where_installed(page)
    assert page.problems == [], page.problems


def test_the_page_with_its_forms_fits_a_phone_under_the_csp(
    server: str, browser: Any, site: Site
) -> None:
    load_plan(site)
    page = sign_in(browser, server, "finance", width=390)
    page.goto(server + "/plan/")
    for summary in page.locator("summary").all():
        summary.click()
    assert_fits(page, 390)
    assert page.problems == [], page.problems


def test_a_refused_action_keeps_the_evidence_typed(server: str, browser: Any, site: Site) -> None:
    """A due date that is not one: the form comes back open, the evidence as typed, the message
    beside the due date, and the error summary's link reaches the field."""
    load_plan(site)
    page = sign_in(browser, server, "analyst", axe=True)
    page.goto(server + "/plan/")
    item = page.locator(f"#a-{OVERDUE_KEY}")
    item.locator("summary").click()
    item.locator("input[name=due]").fill("soon")
    item.locator("textarea[name=evidence]").fill("Audit of 40 cases, minuted 3 December")
    item.locator("button:has-text('Save')").click()
    assert "There is a problem" in page.locator(".govuk-error-summary").inner_text()
    item = page.locator(f"#a-{OVERDUE_KEY}")
    assert item.locator("details").get_attribute("open") is not None
    assert item.locator("textarea[name=evidence]").input_value() == (
        "Audit of 40 cases, minuted 3 December"
    )
    assert item.locator("input[name=due]").input_value() == "soon"
    assert "The due date of action 1.1" in page.locator(f"#due-{OVERDUE_KEY}-error").inner_text()
    page.locator(".govuk-error-summary a").first.click()
    assert page.locator(f"#due-{OVERDUE_KEY}").is_visible()
    axe_where_installed(page)  # with the errors beside the fields
    assert page.problems == [] or all("400" in p for p in page.problems), page.problems
