"""The Delivery and Improvement plan pages against the real web database: each project's
delivery RAG, completion, assurance, savings against profile and guardrails (read from the
published results copy); a milestone marked slipped changes the project's RAG at once, kept
with who and when; a viewer cannot change one (403, nothing changed); the plan's monthly view."""

from __future__ import annotations

import pytest

from csc_insight.delivery import stored
from csc_insight.store import web_db
from tests.web.conftest import Site
from tests.web.entered_figures import (
    MILESTONE,
    PROJECT,
    guardrail,
    load_demo,
    load_one_project,
)
from tests.web.fields import shown
from tests.web.test_access import signed_in


def _key() -> str:
    (m,) = web_db.entered_delivery().milestones
    return stored.key(m)


def _rag(page: str) -> str:
    """The delivery RAG the page shows for the test's project."""
    at = page.index(f'data-rag-of="{PROJECT}"')
    return page[at:].split("app-rag--", 1)[1].split('"', 1)[0]


def test_the_demo_s_projects_and_plan_are_shown(site: Site) -> None:
    load_demo(site)
    c = signed_in("viewer")
    page = " ".join(c.get("/delivery/?as_at=2021-06-30").content.decode().split())
    assert "CFE SAV02" in page and "Delivery RAG" in page and "Guardrails" in page
    assert "Change the status" not in page  # a viewer is shown no form
    plan = " ".join(c.get("/plan/?as_at=2021-06-30").content.decode().split())
    assert "Improvement plan" in plan and "June 2021" in plan


def test_a_milestone_marked_slipped_turns_the_project_amber(site: Site) -> None:
    from csc_insight.web.models import AuditEntry, EnteredChange

    load_one_project(site)
    c = signed_in("analyst")
    assert _rag(c.get("/delivery/").content.decode()) == "grey"
    key = _key()
    due = web_db.entered_delivery().milestones[0].due
    from csc_insight.web import entered

    state = entered.state()
    r = c.post("/delivery/", {"milestone": key, "status": "slipped", "due": f"{due:%d/%m/%Y}"})
    assert r.status_code == 302, r.content[:500]
    page = c.get(r["Location"]).content.decode()
    assert _rag(page) == "amber" and f"&#x27;{MILESTONE}&#x27; is marked slipped" in page
    # the command line reads what the page saved
    (m,) = web_db.entered_delivery().milestones
    assert m.status == "slipped" and m.entry.by == "analyst"
    change = EnteredChange.objects.filter(table="csc_web_milestone").first()
    assert change is not None and change.changed_by == "analyst"
    before, after = change.before, change.after  # JSON, read by Django as dicts
    assert isinstance(before, dict) and isinstance(after, dict)
    assert before["status"] == "not started" and after["status"] == "slipped"
    assert AuditEntry.objects.filter(action="figures-changed", user_name="analyst").exists()
    # the pages with these figures are never served from the page cache
    from csc_insight.web import pagecache

    assert entered.state() > state  # a cached page keyed on it would be made again
    assert not any("/delivery/" in str(k) for k in pagecache.kept())


@pytest.mark.parametrize("role", ["viewer", "manager"])
def test_a_viewer_or_manager_cannot_change_a_milestone(site: Site, role: str) -> None:
    from csc_insight.web.models import EnteredChange

    load_one_project(site)
    before, changes = web_db.entered_delivery(), EnteredChange.objects.count()
    r = signed_in(role).post("/delivery/", {"milestone": _key(), "status": "slipped", "due": ""})
    assert r.status_code == 403
    assert web_db.entered_delivery() == before and EnteredChange.objects.count() == changes


def test_a_due_date_that_is_not_one_changes_nothing(site: Site) -> None:
    load_one_project(site)
    before = web_db.entered_delivery()
    r = signed_in("finance").post(
        "/delivery/", {"milestone": _key(), "status": "completed", "due": "31/02/2021"}
    )
    assert r.status_code == 400 and "There is a problem" in r.content.decode()
    assert web_db.entered_delivery() == before


def _guardrails(page: str) -> str:
    """The project's guardrail line: its status and at which month."""
    at = page.index("Guardrails</dt>")
    return " ".join(page[at:].split("</dd>", 1)[0].split())


def test_a_guardrail_beyond_its_threshold_is_breached_on_the_page(site: Site) -> None:
    """The same project and results: CP 13 at most 100% holds; at most 0%, every month with a
    figure above 0 breaches it, and the page says so, with the months that changed it."""
    c = signed_in("viewer")
    load_one_project(site, (guardrail(100),))
    held = _guardrails(c.get("/delivery/").content.decode())
    assert "<strong>holds</strong>" in held and "CP 13 (at most 100" in held
    load_one_project(site, (guardrail(0),))
    breached = _guardrails(c.get("/delivery/").content.decode())
    assert "<strong>breached</strong>" in breached and "CP 13 (at most 0" in breached
    page = c.get("/delivery/").content.decode()
    assert 'Assurance</dt><dd class="govuk-summary-list__value">limited' in page  # rag.py's rule


def test_a_refused_milestone_shows_what_was_typed_beside_the_message(site: Site) -> None:
    load_one_project(site)
    key = _key()
    r = signed_in("finance").post(
        "/delivery/", {"milestone": key, "status": "slipped", "due": "31/02/2021"}
    )
    assert r.status_code == 400
    page = r.content.decode()
    due = shown(page, f"due-{key}")
    assert (due.value, due.open, due.described_by) == ("31/02/2021", True, f"due-{key}-error")
    assert due.error is not None and due.error.startswith(f"The due date of '{MILESTONE}'")
    assert shown(page, f"status-{key}").value == "slipped"
