"""The Costs and Education pages in a real browser (Debian's Chromium through Playwright)
against `csc serve`: a viewer is sent no child id at all and an analyst sees them; both pages
fit a phone (390 px) and a desktop (1280 px) under the real CSP.

Skipped only where /usr/bin/chromium is absent (CI installs it with apt).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from csc_insight.education import demo
from csc_insight.store import web_db
from tests.web.browser import NEEDS_CHROMIUM, assert_fits, sign_in, text_bodies
from tests.web.conftest import Site
from tests.web.cost_figures import UNKNOWN_CHILD, load
from tests.web.entered_figures import load_demo

pytestmark = NEEDS_CHROMIUM


def test_a_viewer_is_sent_no_child_id_and_an_analyst_sees_them(
    server: str, browser: Any, site: Site
) -> None:
    load_demo(site)
    costs = load(site)
    children = {*site.people, UNKNOWN_CHILD}
    page = sign_in(browser, server, "viewer")
    bodies = text_bodies(page)
    page.goto(server + "/costs/")
    assert page.locator("h1").inner_text() == "Placement and package costs"
    assert "High-cost placements and packages: 1" in page.content()
    words = set(re.findall(r"\b\w+\b", " ".join(bodies)))
    assert bodies and not words & children
    assert page.problems == [], page.problems

    page = sign_in(browser, server, "analyst")
    page.goto(server + "/costs/")
    high = page.locator("#high-cost ~ div table").first.inner_text()
    assert costs.placement.child_id in high
    assert UNKNOWN_CHILD in page.locator("#reconciliation + ul").inner_text()
    assert page.problems == [], page.problems


@pytest.mark.parametrize("width", [1280, 390])
def test_the_costs_and_education_pages_fit_the_screen(
    server: str, browser: Any, site: Site, width: int
) -> None:
    load_demo(site)
    load(site)
    web_db.load_education(site.store, demo.records(), "loader", "csc education load the demo")
    for role in ("analyst", "finance"):
        page = sign_in(browser, server, role, width=width)
        for path in ("/costs/", "/education/"):
            page.goto(server + path)
            assert_fits(page, width, role, path)
        assert page.problems == [], page.problems
