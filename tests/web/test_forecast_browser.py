"""The Forecast page in a real browser (Debian's Chromium through Playwright) against `csc serve`:
an analyst raises the entry multiplier and sees the chance of the target fall beside the
baseline's; the page fits a phone and a desktop under the real CSP, and axe-core finds no serious
accessibility problem.

Skipped only where /usr/bin/chromium is absent (CI installs it with apt).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.browser import NEEDS_CHROMIUM, assert_fits, axe_where_installed, follow, sign_in
from tests.web.conftest import Site

pytestmark = NEEDS_CHROMIUM


def _chance(page: Any, which: str) -> float:
    return float(page.locator(f"[data-probability={which}]").inner_text().rstrip("%"))


def test_an_analyst_raises_entries_and_the_chance_of_the_target_falls(
    server: str, browser: Any, site: Site
) -> None:
    page = sign_in(browser, server, "analyst", axe=True)
    follow(page, "/forecast/", "Forecast: children looked after")
    assert page.locator("[data-probability=scenario]").count() == 0
    axe_where_installed(page)
    # A target the baseline meets about half the time, so that a change shows.
    median = page.locator("[data-row=baseline] td").first.inner_text()
    page.fill("#target", median.replace(",", ""))
    page.fill("#by", "2023-03-31")
    page.click("button:has-text('Run the scenario')")
    before = _chance(page, "baseline")
    assert 20 <= before <= 90, before
    page.fill("#entries", "2")
    page.click("button:has-text('Run the scenario')")
    page.wait_for_url("**entries=2**")
    assert _chance(page, "baseline") == before
    after = _chance(page, "scenario")
    assert after < before, (before, after)
    assert page.locator("svg.app-fan path[data-series=Scenario]").count() == 2  # local and UASC
    axe_where_installed(page)
    page.fill("#entries", "-1")
    page.click("button:has-text('Run the scenario')")
    assert "cannot be negative" in page.locator(".govuk-error-summary").inner_text()
    assert page.problems == [] or all("400" in p for p in page.problems), page.problems


@pytest.mark.parametrize("width", [1280, 390])
def test_the_forecast_page_fits_the_screen_and_obeys_the_csp(
    server: str, browser: Any, width: int
) -> None:
    page = sign_in(browser, server, "analyst", width=width)
    page.goto(server + "/forecast/?entries=1.2&leave=0.9&group=local")
    assert page.locator("[data-probability=scenario]").count() == 1
    assert_fits(page, width)
    box = page.locator("svg.app-fan").first.bounding_box()
    assert box is not None and box["width"] <= width
    assert page.problems == [], page.problems
