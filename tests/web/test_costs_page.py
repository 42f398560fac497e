"""The Costs page against the real web database and the tiny borough's published copy: the
tracker's figures (worked out here by hand: £7,000 a week is £1,000 a day), who sees which child
(an analyst every one, a manager only their teams', a viewer and a finance officer none) with
every child id shown written to the audit log, and a finance officer's change to a cost row
kept with who and when; viewers and managers refused; bad input named and nothing changed."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from csc_insight.costs.periods import year_of
from csc_insight.store import web_db
from tests.web.conftest import Site
from tests.web.cost_figures import UNKNOWN_CHILD, Costs, load
from tests.web.entered_figures import load_demo
from tests.web.fields import shown
from tests.web.test_access import signed_in


@pytest.fixture
def costs(site: Site) -> Costs:
    load_demo(site)  # the Finance page's budget lines
    return load(site)


def _text(role: str) -> str:
    """The page's words, tags taken out."""
    page = signed_in(role).get("/costs/").content.decode()
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def _audited(role: str) -> list[str]:
    from csc_insight.web.models import AuditEntry

    e = AuditEntry.objects.filter(user_name=role, action="costs").order_by("-id").first()
    return [] if e is None or not e.children else e.children.split(",")


def _row_id() -> int:
    from csc_insight.web.models import CostLine

    return int(CostLine.objects.get(weekly=Decimal(7000)).pk)


def test_the_figures_are_the_tracker_s(costs: Costs) -> None:
    p, year = costs.placement, year_of(costs.as_at)
    first = max(p.start, year.first)
    last = year.last if p.end is None else min(year.last, p.end - timedelta(days=1))
    in_year = 1000 * ((last - first).days + 1) + 700  # and the one week of the package
    to_date = 1000 * ((costs.as_at - first).days + 1) + 700
    text = _text("finance")
    assert f"Projected year {year.first:%d/%m/%Y} to {year.last:%d/%m/%Y} £{in_year:,}.00" in text
    assert f"To date {year.first:%d/%m/%Y} to {costs.as_at:%d/%m/%Y} £{to_date:,}.00" in text
    # against the Finance page's budget for the line in that year (seed 000: the line's budget)
    assert "High-cost placements and packages: 1, over £5,000.00 a week" in text
    assert "Spot purchases paid on" in text and ": 1, £7,000.00 a week" in text
    assert "Reviews overdue on" in text
    assert "child unknown to the store" in text
    days_late = (costs.as_at - date(costs.as_at.year - 1, 1, 1)).days
    assert (
        f"Residential provider (test) {date(costs.as_at.year - 1, 1, 1):%d/%m/%Y} {days_late}"
        in text
    )


@pytest.mark.parametrize("role", ["viewer", "finance"])
def test_a_viewer_or_finance_officer_sees_no_child(costs: Costs, role: str) -> None:
    text = _text(role)
    assert costs.placement.child_id not in text and UNKNOWN_CHILD not in text
    assert costs.placement.placement_id not in text
    assert "Counts and costs only" in text
    assert _audited(role) == []


@pytest.mark.parametrize("role", ["analyst", "admin"])
def test_an_analyst_sees_every_child_and_each_is_audited(
    costs: Costs, site: Site, role: str
) -> None:
    text = _text(role)
    assert costs.placement.child_id in text and UNKNOWN_CHILD in text
    # every child the page names (the rows', and the open placements no row pays for) is in
    # the audit log's entry for it, and no other
    shown = set(re.findall(r"\b\w+\b", text)) & {*site.people, UNKNOWN_CHILD}
    assert {costs.placement.child_id, UNKNOWN_CHILD} <= shown
    assert set(_audited(role)) == shown


def _team_of(site: Site, child: str, on: date) -> str:
    """The team id the child is allocated to on ``on`` (the allocation gives its name)."""
    from csc_insight.indicators.children import allocations
    from csc_insight.store import db

    con = db.connect(site.store, read_only=True)
    try:
        team = allocations(con, [child], on)[child][0]
        assert team is not None
        found = con.execute(
            "SELECT dept_team_id FROM ssd_department WHERE dept_team_name = ?", [team]
        ).fetchone()
        return str(found[0]) if found else team
    finally:
        con.close()


@pytest.mark.parametrize("own", [True, False])
def test_a_manager_sees_only_the_children_of_their_teams(
    costs: Costs, site: Site, own: bool
) -> None:
    """A manager of the HIGH child's team sees that child, and no other (the unknown child has
    no team); a manager of another team sees none."""
    from django.contrib.auth import get_user_model

    from csc_insight.web import users
    from tests.web.conftest import PASSWORD

    team = _team_of(site, costs.placement.child_id, costs.as_at)
    name = f"costs-manager-{own}"
    users.add(name, "manager", PASSWORD, [team if own else "NO SUCH TEAM"])
    try:
        text = _text(name)
        assert UNKNOWN_CHILD not in text  # no team known: withheld
        assert "withheld" in text
        assert (costs.placement.child_id in text) == own
        shown = set(re.findall(r"\b\w+\b", text)) & set(site.people)
        assert set(_audited(name)) == shown and (costs.placement.child_id in shown) == own
    finally:
        get_user_model().objects.filter(username=name).delete()


def test_a_finance_officer_changes_a_cost_row_kept_with_who_and_when(costs: Costs) -> None:
    from csc_insight.web.models import AuditEntry, EnteredChange

    n, review = _row_id(), costs.as_at + timedelta(days=30)
    c = signed_in("finance")
    assert 'name="weekly"' in c.get(f"/costs/?edit={n}").content.decode()
    r = c.post("/costs/", {"row": n, "weekly": "7,500", "cost_to": "",
                           "next_review": f"{review:%d/%m/%Y}"})  # fmt: skip
    assert r.status_code == 302, r.content[:800]
    row = next(x for x in web_db.entered_costs(costs_store(costs)) if x.provider.endswith("(test)")
               and x.kind == "placement")  # fmt: skip
    assert row.weekly == Decimal(7500) and row.next_review == review
    assert row.entry.by == "finance" and row.cost_from == costs.high.cost_from
    change = EnteredChange.objects.filter(table="csc_web_costline").first()
    assert change is not None and change.before is not None
    assert change.changed_by == "finance" and change.before["weekly"] == "7000"
    assert AuditEntry.objects.filter(user_name="finance", action="figures-changed").exists()
    text = _text("finance")
    assert f"changed cost row {n}" in text and "Reviews overdue on" in text
    assert costs.placement.child_id not in text  # the history names the row, not the child


def costs_store(costs: Costs) -> Path:
    """The store whose dashboard database the pages use."""
    from django.conf import settings

    return Path(settings.STORE)


@pytest.mark.parametrize("role", ["viewer", "manager"])
def test_a_viewer_or_manager_cannot_change_a_cost_row(costs: Costs, role: str) -> None:
    before = web_db.entered_costs(costs_store(costs))
    r = signed_in(role).post("/costs/", {"row": _row_id(), "weekly": "1"})
    assert r.status_code == 403
    assert web_db.entered_costs(costs_store(costs)) == before


@pytest.mark.parametrize(
    ("weekly", "cost_to", "message"),
    [
        ("seven", "", "is not an amount in pounds"),
        ("-5", "", "is below 0"),
        ("700", "31/02/2021", "31/02/2021"),
        ("700", "01/01/1999", "before the first"),
    ],
)
def test_bad_input_is_named_and_nothing_changes(
    costs: Costs, weekly: str, cost_to: str, message: str
) -> None:
    before = web_db.entered_costs(costs_store(costs))
    r = signed_in("analyst").post("/costs/", {"row": _row_id(), "weekly": weekly,
                                              "cost_to": cost_to})  # fmt: skip
    assert r.status_code == 400
    assert message in r.content.decode()
    assert web_db.entered_costs(costs_store(costs)) == before


def test_a_refused_change_shows_what_was_typed_with_the_message_beside_the_field(
    costs: Costs,
) -> None:
    r = signed_in("finance").post(
        "/costs/", {"row": _row_id(), "weekly": "7,250", "cost_to": "31/02/2021",
                    "next_review": "01/09/2031"}
    )  # fmt: skip
    assert r.status_code == 400
    page = r.content.decode()
    to = shown(page, "cost_to")
    assert (to.value, to.described_by) == ("31/02/2021", "cost_to-error")
    assert to.error is not None and "31/02/2021" in to.error
    weekly, review = shown(page, "weekly"), shown(page, "next_review")
    assert (weekly.value, weekly.error) == ("7,250", None)  # stored: 7000
    assert (review.value, review.error) == ("01/09/2031", None)
