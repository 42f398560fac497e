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
from tests.conftest import CHROMIUM
from tests.web.conftest import Site
from tests.web.cost_figures import UNKNOWN_CHILD, load
from tests.web.entered_figures import load_demo
from tests.web.test_browser import _sign_in, _too_wide, server  # noqa: F401 - a fixture

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason=f"{CHROMIUM} is absent: install Debian's chromium package to run browser tests",
    ),
]


def test_a_viewer_is_sent_no_child_id_and_an_analyst_sees_them(
    server: str,  # noqa: F811 - the fixture imported above
    browser: Any,
    site: Site,
) -> None:
    load_demo(site)
    costs = load(site)
    children = {*site.people, UNKNOWN_CHILD}
    page = _sign_in(browser, server, "viewer")
    bodies: list[str] = []
    page.on(
        "response",
        lambda r: (
            bodies.append(r.text()) if "text" in (r.headers.get("content-type") or "") else None
        ),
    )
    page.goto(server + "/costs/")
    assert page.locator("h1").inner_text() == "Placement and package costs"
    assert "High-cost placements and packages: 1" in page.content()
    words = set(re.findall(r"\b\w+\b", " ".join(bodies)))
    assert bodies and not words & children
    assert page.problems == [], page.problems

    page = _sign_in(browser, server, "analyst")
    page.goto(server + "/costs/")
    high = page.locator("#high-cost ~ div table").first.inner_text()
    assert costs.placement.child_id in high
    assert UNKNOWN_CHILD in page.locator("#reconciliation + ul").inner_text()
    assert page.problems == [], page.problems


@pytest.mark.parametrize("width", [1280, 390])
def test_the_costs_and_education_pages_fit_the_screen(
    server: str,  # noqa: F811
    browser: Any,
    site: Site,
    width: int,
) -> None:
    load_demo(site)
    load(site)
    web_db.load_education(site.store, demo.records(), "loader", "csc education load the demo")
    for role in ("analyst", "finance"):
        page = _sign_in(browser, server, role, width=width)
        for path in ("/costs/", "/education/"):
            page.goto(server + path)
            wide = page.evaluate("document.documentElement.scrollWidth")
            assert wide <= width + 1, (role, path, wide, _too_wide(page, width))
        assert page.problems == [], page.problems
