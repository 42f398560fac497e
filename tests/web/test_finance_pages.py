"""The Finance page against the real web database: Tables 1, 2 and 8 computed from the lines
the dashboard holds, every disagreement shown; a finance officer's change to a quarter's
projection kept with who and when, read the same by the command line; viewers and managers see
but cannot change (403, no form, nothing changed); bad input named and nothing changed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from csc_insight.money import stored
from csc_insight.store import web_db
from tests.web.conftest import Site
from tests.web.entered_figures import load_demo
from tests.web.test_access import signed_in

DIRECTORATE = "2020-21|cfedirectorate"


@pytest.fixture
def demo(site: Site) -> Site:
    load_demo(site)
    return site


def _changes() -> int:
    from csc_insight.web.models import EnteredChange

    return EnteredChange.objects.count()


@pytest.mark.parametrize("role", ["viewer", "finance", "manager", "analyst", "admin"])
def test_every_role_reads_the_committee_s_tables(demo: Site, role: str) -> None:
    page = signed_in(role).get("/finance/").content.decode()
    text = " ".join(page.split())
    # Table 1 at Q3 (seed 000) and Table 8 (seed 003), computed from the lines
    for figure in ("105,683", "128,902", "23,219", "-1,048", "(9,433)", "20,433", "(4,609)"):
        assert figure in text, figure
    # the papers' own disagreements, both figures and where each came from
    assert "8,341" in text and "8,211" in text and "6,447" in text and "6,477" in text
    assert ('name="amount"' in page) == (role in ("finance", "analyst", "admin"))


@pytest.mark.parametrize("role", ["viewer", "manager"])
def test_a_viewer_or_manager_cannot_change_a_projection(demo: Site, role: str) -> None:
    before, changes = web_db.entered_money(demo.store), _changes()
    r = signed_in(role).post("/finance/", {"line": DIRECTORATE, "quarter": "3", "amount": "9000"})
    assert r.status_code == 403
    assert web_db.entered_money(demo.store) == before and _changes() == changes


def test_a_finance_officer_s_projection_is_kept_with_who_and_when(demo: Site) -> None:
    from csc_insight.web.models import AuditEntry, EnteredChange

    c = signed_in("finance")
    r = c.post("/finance/", {"line": DIRECTORATE, "quarter": "3", "amount": "9,150"})
    assert r.status_code == 302, r.content[:500]
    # the command line reads the figure the page saved: one home
    line = next(
        x for x in web_db.entered_money(demo.store).budget_lines if stored.key(x) == DIRECTORATE
    )
    assert line.projected[2] == Decimal(9150) and line.entry.by == "finance"
    # the variance and the total are computed from it: 9,150 - 9,050 = 100; 23,219 + 367
    text = " ".join(c.get("/finance/?saved=1").content.decode().split())
    assert "Saved" in text and "23,586" in text and "23,219" not in text.split("Disagree")[0]
    history = text.split('id="history"')[1]
    assert f"changed budget line {DIRECTORATE}" in history and "the Finance page" in history
    change = EnteredChange.objects.filter(table="csc_web_budgetline").first()
    assert change is not None and change.changed_by == "finance"
    before, after = change.before, change.after  # JSON, read by Django as dicts
    assert isinstance(before, dict) and isinstance(after, dict)
    assert before["q3"] == "8783" and after["q3"] == "9150" and "Finance page" in change.how
    audit = AuditEntry.objects.filter(action="figures-changed").first()
    assert audit is not None and audit.user_name == "finance" and "was 8,783" in audit.detail


def test_a_projection_that_is_not_an_amount_changes_nothing(demo: Site) -> None:
    before, changes = web_db.entered_money(demo.store), _changes()
    r = signed_in("analyst").post(
        "/finance/", {"line": DIRECTORATE, "quarter": "3", "amount": "nine thousand"}
    )
    assert r.status_code == 400
    page = r.content.decode()
    assert "There is a problem" in page and "is not an amount" in page and 'href="#amount"' in page
    assert web_db.entered_money(demo.store) == before and _changes() == changes


def test_a_finance_officer_sees_no_child(demo: Site) -> None:
    c = signed_in("finance")
    assert c.get("/indicator/cp_13/children/").status_code == 403
    assert c.get("/targets/").status_code == 403 and c.get("/commentary/").status_code == 403
    assert c.get("/delivery/").status_code == 200 and c.get("/plan/").status_code == 200
