"""The Improvement plan page's forms against the real web database (SQLite, or PostgreSQL under
scripts/with_postgres): an analyst marks an overdue action completed with evidence and the
month's overdue count falls, kept with who, when, before and after and audited, and `csc
delivery show` reads the same change; a workstream's progress is set with a reason; viewers
and managers are shown no form and get 403; bad input is 400 with a message and changes
nothing."""

from __future__ import annotations

import re
from typing import Any

import pytest
from click.testing import CliRunner

from csc_insight.money.model import name_key
from csc_insight.store import web_db
from tests.web.conftest import Site
from tests.web.entered_figures import load_demo
from tests.web.fields import shown
from tests.web.plan_figures import LATER, OVERDUE, OVERDUE_KEY, WS_KEY, load_plan
from tests.web.test_access import signed_in

#: plan_page's limits (it cannot be imported before Django is set up, at collection).
EVIDENCE_MAX, REASON_MAX = 2000, 200


def _count(page: str, standing: str) -> int:
    """The workstream's count of actions standing so, as the monthly view shows it."""
    found = re.search(rf'data-count="{WS_KEY}\|{standing}">(\d+)<', page)
    assert found, standing
    return int(found.group(1))


def _counts(page: str) -> tuple[int, int, int]:
    return (_count(page, "overdue"), _count(page, "completed"), _count(page, "not started"))


def _action(**given: str) -> dict[str, str]:
    return {"action": OVERDUE_KEY, "status": "in progress", "due": "", "evidence": ""} | given


def _changes() -> int:
    from csc_insight.web.models import AuditEntry, EnteredChange

    return (
        EnteredChange.objects.count() + AuditEntry.objects.filter(action="figures-changed").count()
    )


def test_the_demo_plan_is_shown_with_no_form_to_a_viewer(site: Site) -> None:
    load_demo(site)
    plan = " ".join(signed_in("viewer").get("/plan/?as_at=2021-06-30").content.decode().split())
    assert "Improvement plan" in plan and "June 2021" in plan and "People and Performance" in plan
    assert 'name="action"' not in plan and 'name="workstream"' not in plan
    assert "Set the progress" not in plan
    analyst = signed_in("analyst").get("/plan/?as_at=2021-06-30").content.decode()
    assert "Set the progress" in analyst and "Change the status, due date or evidence" in analyst


def test_an_overdue_action_marked_completed_leaves_the_overdue_count(site: Site) -> None:
    from csc_insight.web.models import AuditEntry, EnteredChange

    load_plan(site)
    c = signed_in("analyst")
    page = c.get("/plan/").content.decode()
    assert _counts(page) == (1, 0, 1)  # overdue, completed, not started
    due = web_db.entered_delivery().actions[0].due
    evidence = "Audit of 40 cases, minuted at the board of 3 December"
    r = c.post(
        "/plan/",
        _action(status="completed", due=f"{due:%d/%m/%Y}", evidence=f"  {evidence} "),
    )
    assert r.status_code == 302, r.content[:800]
    assert r["Location"].endswith(f"saved=1#a-{OVERDUE_KEY}")
    page = c.get(r["Location"]).content.decode()
    assert _counts(page) == (0, 1, 1)  # overdue, completed, not started
    assert f'data-evidence-of="{OVERDUE_KEY}">{evidence}<' in page
    assert f'data-standing-of="{OVERDUE_KEY}">completed<' in page
    # kept where `csc delivery show` reads it, with who and when
    a = web_db.entered_delivery().actions[0]
    assert (a.ref, a.status, a.evidence, a.due, a.entry.by) == (
        OVERDUE,
        "completed",
        evidence,
        due,
        "analyst",
    )
    assert a.completed_on is not None and a.completed_on == a.entry.on
    change = EnteredChange.objects.filter(table="csc_web_action").first()
    assert change is not None and change.changed_by == "analyst" and change.key == OVERDUE_KEY
    assert isinstance(change.before, dict) and isinstance(change.after, dict)
    assert (change.before["status"], change.after["status"]) == ("in progress", "completed")
    assert (change.before["evidence"], change.after["evidence"]) == (None, evidence)
    assert change.how == "the Improvement plan page"
    audit = AuditEntry.objects.filter(action="figures-changed").order_by("-id").first()
    assert audit is not None and audit.user_name == "analyst" and "action 1.1" in audit.detail
    assert "status completed (was in progress)" in audit.detail
    # one home: the command line shows the same standing
    from csc_insight.cli import main

    shown = CliRunner().invoke(main, ["delivery", "show", "--store", str(site.store)])
    assert shown.exit_code == 0, shown.output
    lines = [x.strip() for x in shown.output.splitlines()]
    assert any(x.startswith(f"{OVERDUE} ") and x.endswith(": completed") for x in lines), lines
    assert any(x.startswith(f"{LATER} ") and x.endswith(": not started") for x in lines), lines


def test_a_workstream_s_progress_is_set_with_its_reason(site: Site) -> None:
    from csc_insight.web.models import AuditEntry, EnteredChange

    load_plan(site)
    c = signed_in("finance")
    reason = "Two actions late; the practice audit was deferred"
    r = c.post("/plan/", {"workstream": WS_KEY, "progress": "Some concerns", "reason": reason})
    assert r.status_code == 302, r.content[:800]
    page = c.get(r["Location"]).content.decode()
    assert f'data-progress-of="{WS_KEY}">Some concerns<' in page
    assert f'data-reason-of="{WS_KEY}">{reason}<' in page and "set by finance" in page
    (w,) = web_db.entered_delivery().workstreams
    assert (w.progress, w.entry.by) == ("Some concerns", "finance")
    change = EnteredChange.objects.filter(table="csc_web_workstream").first()
    assert change is not None and change.changed_by == "finance"
    assert isinstance(change.before, dict) and isinstance(change.after, dict)
    assert (change.before["progress"], change.after["progress"]) == ("On track", "Some concerns")
    assert change.how == f"the Improvement plan page: {reason}"
    audit = AuditEntry.objects.filter(action="figures-changed").order_by("-id").first()
    assert audit is not None and reason in audit.detail and "(was On track)" in audit.detail


POSTS: list[dict[str, str]] = [
    _action(status="completed", evidence="done"),
    {"workstream": WS_KEY, "progress": "Off track", "reason": "late"},
]


@pytest.mark.parametrize("role", ["viewer", "manager"])
@pytest.mark.parametrize("post", POSTS)
def test_a_viewer_or_manager_cannot_change_the_plan(
    site: Site, role: str, post: dict[str, str]
) -> None:
    load_plan(site)
    before, changes = web_db.entered_delivery(), _changes()
    c = signed_in(role)
    assert c.post("/plan/", post).status_code == 403
    assert web_db.entered_delivery() == before and _changes() == changes
    assert "Set the progress" not in c.get("/plan/").content.decode()


BAD: list[tuple[dict[str, str], str]] = [
    (_action(status="done"), "&#x27;done&#x27; is not one of the plan&#x27;s statuses"),
    (_action(due="31/02/2021"), "The due date of action 1.1"),
    (_action(due="soon"), "The due date of action 1.1"),
    (_action(evidence="x" * (EVIDENCE_MAX + 1)), f"at most {EVIDENCE_MAX:,}"),
    (_action(action="nosuch"), "That action is not in the plan any more"),
    ({"workstream": WS_KEY, "progress": "Green", "reason": "fine"}, "is not one of On track"),
    ({"workstream": WS_KEY, "progress": "Off track", "reason": "  "}, "Give a short reason"),
    (
        {"workstream": WS_KEY, "progress": "Off track", "reason": "y" * (REASON_MAX + 1)},
        f"at most {REASON_MAX}",
    ),
    ({"workstream": "nosuch", "progress": "Off track", "reason": "x"}, "not in the plan any"),
]


@pytest.mark.parametrize(("post", "message"), BAD)
def test_bad_input_is_refused_and_changes_nothing(
    site: Site, post: dict[str, Any], message: str
) -> None:
    load_plan(site)
    before, changes = web_db.entered_delivery(), _changes()
    r = signed_in("analyst").post("/plan/", post)
    page = r.content.decode()
    assert r.status_code == 400 and "There is a problem" in page
    assert message in page, page[page.find("govuk-error-summary") :][:600]
    assert web_db.entered_delivery() == before and _changes() == changes


def test_a_completion_counts_from_its_day_not_in_an_earlier_month(site: Site) -> None:
    """Completed today, the action stands overdue at the end of the month before (if it was
    due by then), as the monthly view is of the plan as it stood."""
    from datetime import date, timedelta

    load_plan(site)
    c = signed_in("analyst")
    assert c.post("/plan/", _action(status="completed", evidence="e")).status_code == 302
    a = web_db.entered_delivery().actions[0]
    assert a.due is None and a.completed_on == date.today()  # the due date was cleared
    last_month = date.today().replace(day=1) - timedelta(days=1)
    page = c.get(f"/plan/?as_at={last_month}").content.decode()
    assert _count(page, "completed") == 0 and _count(page, "not entered") == 0
    assert _count(page, "in progress") == 1  # completed after that month's end


def test_a_refused_action_shows_what_was_typed_with_the_message_beside_the_field(
    site: Site,
) -> None:
    """The evidence someone has written is not thrown away by a date that is not one: the form
    comes back open with what they typed, and the message beside the due date."""
    load_plan(site)
    evidence = "Audit of 40 cases, minuted at the board of 3 December"
    r = signed_in("analyst").post(
        "/plan/", _action(status="completed", due="soon", evidence=evidence)
    )
    assert r.status_code == 400
    page = r.content.decode()
    due = shown(page, f"due-{OVERDUE_KEY}")
    assert (due.value, due.open, due.described_by) == ("soon", True, f"due-{OVERDUE_KEY}-error")
    assert due.error is not None and due.error.startswith("The due date of action 1.1")
    assert shown(page, f"evidence-{OVERDUE_KEY}").value == evidence
    status = shown(page, f"status-{OVERDUE_KEY}")
    assert (status.value, status.error) == ("completed", None)  # stored: in progress
    later = shown(page, f"evidence-{name_key(LATER)}")  # the other action's form as stored
    assert (later.value, later.open) == ("", False)
    assert web_db.entered_delivery().actions[0].evidence is None


def test_a_refused_progress_shows_the_reason_typed_beside_its_message(site: Site) -> None:
    load_plan(site)
    reason = "y" * (REASON_MAX + 1)
    r = signed_in("analyst").post(
        "/plan/", {"workstream": WS_KEY, "progress": "Off track", "reason": reason}
    )
    assert r.status_code == 400
    page = r.content.decode()
    typed = shown(page, f"reason-{WS_KEY}")
    assert (typed.value, typed.open) == (reason, True)
    assert typed.error is not None and f"at most {REASON_MAX}" in typed.error
    progress = shown(page, f"progress-{WS_KEY}")
    assert (progress.value, progress.error) == ("Off track", None)  # stored: On track
