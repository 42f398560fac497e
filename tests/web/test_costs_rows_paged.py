"""The Costs page's list of cost rows, a page at a time and searchable: a borough pays for some
1,500 placements and packages, and every child id a page shows is audited, so only the page's
rows are shown (and audited); a search by child id finds only a child the user may see."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import Site
from tests.web.cost_figures import UNKNOWN_CHILD, Costs, load
from tests.web.entered_figures import load_demo
from tests.web.test_access import signed_in


@pytest.fixture
def costs(site: Site, monkeypatch: pytest.MonkeyPatch) -> Costs:
    from csc_insight.web import costs_page

    load_demo(site)
    monkeypatch.setattr(costs_page, "ROWS_PER_PAGE", 1)  # the two test rows: two pages
    return load(site)


def _rows_part(role: str, query: str) -> str:
    """The words of the page's cost rows part, tags taken out."""
    page = signed_in(role).get("/costs/" + query).content.decode()
    part = page[page.index('id="rows"') :]
    return " ".join(re.sub(r"<[^>]+>", " ", part).split())


def test_the_rows_come_a_page_at_a_time(costs: Costs) -> None:
    first, second = _rows_part("analyst", "?page=1"), _rows_part("analyst", "?page=2")
    assert "Rows 1 to 1 of 2" in first and "Page 1 of 2" in first and "Next" in first
    assert "Rows 2 to 2 of 2" in second and "Previous" in second
    assert ("Residential provider (test)" in first) != ("Residential provider (test)" in second)
    # a page past the last, or not a number, is the nearest page there is
    assert "Rows 2 to 2 of 2" in _rows_part("analyst", "?page=9")
    assert "Rows 1 to 1 of 2" in _rows_part("analyst", "?page=x")


def test_a_search_finds_by_provider_and_by_a_child_the_user_may_see(costs: Costs) -> None:
    found = _rows_part("analyst", "?q=short+breaks")
    assert "Rows 1 to 1 of 1 matching “short breaks” (of 2)" in found
    assert "Short breaks (test)" in found and "Residential provider" not in found
    child = costs.placement.child_id
    assert "of 1 matching" in _rows_part("analyst", f"?q={child}")
    # a viewer sees no child: a child's id finds nothing, and says so without naming it twice
    viewer = _rows_part("viewer", f"?q={UNKNOWN_CHILD}")
    assert "No row matches" in viewer and "Short breaks (test)" not in viewer
