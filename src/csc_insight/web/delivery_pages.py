"""The Delivery page (the Improvement plan page is plan_page.py).

Delivery: each project delivering an MTFS saving with its delivery RAG and the reasons for it,
completion score, assurance and savings achieved against the profile to date (delivery/rag.py's
rule, docs/delivery.md), its guardrails with the months that changed them (read from the
published results copy the other pages read: delivery/guardrails.py), its milestones (each
with a form to change its status or due date) and its risks.

The records are the dashboard's (web/entered.py), the same `csc delivery show` reads. Anyone
signed in reads the page (no child is on it); a finance officer, an analyst or an admin
changes a milestone (roles.needs_money_entry), kept with who and when. A change refused (400)
shows its form open again with what was typed and the message beside the field, as GOV.UK
forms do, rather than the stored values.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from csc_insight.delivery import guardrails, status, stored
from csc_insight.delivery.guardrails import ProjectGuardrails
from csc_insight.delivery.model import MILESTONE_STATUSES, DeliveryRecords, Milestone
from csc_insight.entry.read import BadValue, day
from csc_insight.errors import CscError
from csc_insight.money.model import Entry, Source
from csc_insight.reports.formatting import amount_k
from csc_insight.web import data, entered, refused
from csc_insight.web.roles import can_enter_money, needs, needs_money_entry

PAGE = "Delivery"


class MilestoneForm(forms.Form):
    milestone = forms.CharField(max_length=500)  # the milestone's key (stored.key)
    status = forms.ChoiceField(choices=[("", "Not entered"), *((s, s) for s in MILESTONE_STATUSES)])
    due = forms.CharField(max_length=20, required=False, strip=True)


def day_asked(request: HttpRequest) -> date:
    """The day the page rates projects and actions at: ?as_at=yyyy-mm-dd, else today."""
    text = request.GET.get("as_at")
    if not text:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise Http404(f"{text!r} is not a date (yyyy-mm-dd)") from None


def _guardrails(records: DeliveryRecords) -> dict[str, ProjectGuardrails] | None:
    """Each project's guardrails from the published results; None when none are published."""
    wanted = {p: gs for p, gs in records.guardrails_by_project().items() if gs}
    if not wanted:
        return {}
    try:
        _, con = data.cursor()
        return {p: guardrails.check_project(con, p, gs) for p, gs in wanted.items()}
    except CscError:
        return None


def _change(request: HttpRequest, records: DeliveryRecords) -> list[tuple[str, str]]:
    """Make the posted change to a milestone; its problems (the field's id, the message)."""
    form = MilestoneForm(request.POST)
    if not form.is_valid():
        return [("milestones", "This change could not be read: try again from the page.")]
    c = form.cleaned_data
    m = next((x for x in records.milestones if stored.key(x) == c["milestone"]), None)
    if m is None:
        return [("milestones", "That milestone is not in the records any more: reload the page.")]
    where = f"due-{c['milestone']}"
    try:
        due = day(c["due"], date.today(), past=False) if c["due"] else None
    except BadValue as e:
        return [(where, f"The due date of '{m.description}': {e.reason}.")]
    new_status = c["status"] or None
    today = date.today()
    completed = (m.completed_on or today) if new_status == "completed" else None
    who = request.user.get_username()
    new: Milestone = dataclasses.replace(
        m,
        status=new_status,
        due=due,
        completed_on=completed,
        entry=Entry(who, today),
        source=Source(f"the dashboard's {PAGE} page"),
    )
    detail = (
        f"{m.project} milestone '{m.description}': status {new_status or 'not entered'} "
        f"(was {m.status or 'not entered'}), due {due or 'none'} (was {m.due or 'none'})"
    )
    entered.change(new, who, PAGE, detail)
    return []


def _milestone_form(
    m: Milestone, key: str, posted: dict[str, str], errors: list[tuple[str, str]]
) -> dict[str, Any]:
    """The milestone's form: what was posted when it was this one and was refused, otherwise
    the stored values."""
    stored_values = {"status": m.status or "", "due": "" if m.due is None else f"{m.due:%d/%m/%Y}"}
    return refused.form("milestone", key, stored_values, posted, errors)


def _project(
    s: status.ProjectStatus,
    records: DeliveryRecords,
    posted: dict[str, str],
    errors: list[tuple[str, str]],
) -> dict[str, Any]:
    milestones, risks, _ = records.of(s.project)
    d = s.delivery
    return {
        "s": s,
        "profile_to_date": amount_k(d.profile_to_date.normalize()),
        "achieved_to_date": None
        if d.achieved_to_date is None
        else amount_k(d.achieved_to_date.normalize()),
        "milestones": [
            {
                "m": m,
                "key": stored.key(m),
                "form": _milestone_form(m, stored.key(m), posted, errors),
            }
            for m in milestones
        ],
        "risks": risks,
    }


@needs("viewer")
@needs_money_entry
@require_http_methods(["GET", "POST"])
def delivery(request: HttpRequest) -> HttpResponse:
    records = entered.delivery()
    errors: list[tuple[str, str]] = []
    posted: dict[str, str] = {}
    if request.method == "POST":
        errors = _change(request, records)
        if not errors:
            query = request.GET.urlencode()
            anchor = request.POST.get("milestone", "")
            return redirect(
                reverse("delivery") + f"?{query}{'&' if query else ''}saved=1#m-{anchor}"
            )
        posted = {k: request.POST.get(k, "") for k in ("milestone", "status", "due")}
    as_at = day_asked(request)
    checked = _guardrails(records)
    statuses = status.statuses(records, entered.money(), as_at, checked)
    context = {
        "as_at": as_at,
        "projects": [_project(s, records, posted, errors) for s in statuses],
        "checked": checked is not None,
        "statuses": MILESTONE_STATUSES,
        "errors": errors,
        "saved": request.GET.get("saved") == "1",
        "can_edit": can_enter_money(request.user),
        "history": entered.history(list(stored.TABLES)),
    }
    return render(request, "web/delivery.html", context, status=400 if errors else 200)
