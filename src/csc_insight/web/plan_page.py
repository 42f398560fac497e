"""The Improvement plan page: each workstream with its senior responsible officer and progress,
and its actions counted by where they stand at the end of the month (delivery/plan.py); a form
per action to change its status, due date and evidence, and a form per workstream to set its
progress RAG with a short reason.

The records are the dashboard's (web/entered.py), the same `csc delivery show` reads, so the
monthly view is worked out again from the changed actions on the next request. Anyone signed
in reads the page (no child is on it); a finance officer, an analyst or an admin changes it
(roles.needs_money_entry: others get 403 and are shown no form). Each change replaces one row,
kept in EnteredChange with who, when, before and after, and one audit row. A workstream's
reason is kept with its change (the change's "how"), as the reason is why that change was
made, not part of the workstream; the page shows the latest one beside the progress.

Bad input (a status not in the plan's list, a date that is not one, evidence or a reason
longer than the limits here) is answered 400 with a message saying which, and changes nothing.
The form posted is shown open again with what was typed and each message beside its field, as
GOV.UK forms do: the stored values would throw away the evidence someone has just written.
"""

from __future__ import annotations

import dataclasses
from calendar import monthrange
from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from csc_insight.delivery import plan, stored
from csc_insight.delivery.model import ACTION_STATUSES, PROGRESS_RAGS, Action, DeliveryRecords
from csc_insight.entry.read import BadValue, day
from csc_insight.money.model import Entry, Source
from csc_insight.web import entered, refused
from csc_insight.web.delivery_pages import day_asked
from csc_insight.web.models import EnteredChange
from csc_insight.web.refused import Problems  # (the field's id, the message)
from csc_insight.web.roles import can_enter_money, needs, needs_money_entry

PAGE = "Improvement plan"
#: Evidence is a sentence or a paragraph naming where the proof is (a report, a minute), not
#: the document itself; a reason is a line.
EVIDENCE_MAX = 2000
REASON_MAX = 200
#: How a workstream's change is kept when it comes with a reason (the reason follows).
REASON_HOW = f"the {PAGE} page: "


def _change_action(request: HttpRequest, records: DeliveryRecords) -> Problems:
    """Make the posted change to an action; its problems (nothing changed when there are any)."""
    post = request.POST
    wanted = post.get("action", "")
    a = next((x for x in records.actions if stored.key(x) == wanted), None)
    if a is None:
        return [("actions", "That action is not in the plan any more: reload the page.")]
    problems: Problems = []
    new_status = post.get("status", "").strip() or None
    if new_status is not None and new_status not in ACTION_STATUSES:
        problems.append(
            (
                f"status-{wanted}",
                f"The status of action {a.ref}: '{new_status[:40]}' is not one of the plan's "
                f"statuses ({', '.join(ACTION_STATUSES)}).",
            )
        )
    due_text = post.get("due", "").strip()
    due = None
    if due_text:
        try:
            due = day(due_text, date.today(), past=False)
        except BadValue as e:
            problems.append((f"due-{wanted}", f"The due date of action {a.ref}: {e.reason}."))
    evidence = post.get("evidence", "").strip() or None
    if evidence is not None and len(evidence) > EVIDENCE_MAX:
        problems.append(
            (
                f"evidence-{wanted}",
                f"The evidence for action {a.ref} is {len(evidence):,} characters: at most "
                f"{EVIDENCE_MAX:,} (name where the proof is rather than pasting it).",
            )
        )
    if problems:
        return problems
    today = date.today()
    who = request.user.get_username()
    new: Action = dataclasses.replace(
        a,
        status=new_status,  # type: ignore[arg-type] # checked against ACTION_STATUSES above
        due=due,
        evidence=evidence,
        # Completed today unless it already was: the monthly view counts it from this day.
        completed_on=(a.completed_on or today) if new_status == "completed" else None,
        entry=Entry(who, today),
        source=Source(f"the dashboard's {PAGE} page"),
    )
    detail = (
        f"improvement plan action {a.ref}: status {new_status or 'not entered'} "
        f"(was {a.status or 'not entered'}), due {due or 'none'} (was {a.due or 'none'}), "
        f"evidence {'changed' if evidence != a.evidence else 'unchanged'}"
    )
    entered.change(new, who, PAGE, detail)
    return []


def _change_workstream(request: HttpRequest, records: DeliveryRecords) -> Problems:
    """Set the posted workstream's progress RAG, with its reason; the problems."""
    post = request.POST
    wanted = post.get("workstream", "")
    w = next((x for x in records.workstreams if stored.key(x) == wanted), None)
    if w is None:
        return [("workstreams", "That workstream is not in the plan any more: reload the page.")]
    problems: Problems = []
    progress = post.get("progress", "").strip()
    if progress not in PROGRESS_RAGS:
        problems.append(
            (
                f"progress-{wanted}",
                f"The progress of {w.name}: '{progress[:40]}' is not one of "
                f"{', '.join(PROGRESS_RAGS)}.",
            )
        )
    reason = " ".join(post.get("reason", "").split())
    if not reason:
        problems.append((f"reason-{wanted}", f"Give a short reason for the progress of {w.name}."))
    elif len(reason) > REASON_MAX:
        problems.append(
            (
                f"reason-{wanted}",
                f"The reason for the progress of {w.name} is {len(reason):,} characters: at most "
                f"{REASON_MAX} (a line; the detail belongs in the actions' evidence).",
            )
        )
    if problems:
        return problems
    who = request.user.get_username()
    new = dataclasses.replace(
        w,
        progress=progress,  # type: ignore[arg-type] # checked against PROGRESS_RAGS above
        entry=Entry(who, date.today()),
        source=Source(f"the dashboard's {PAGE} page"),
    )
    detail = (
        f"improvement plan workstream {w.name}: progress {progress} "
        f"(was {w.progress or 'not entered'}), because {reason}"
    )
    entered.change(new, who, PAGE, detail, reason=reason)
    return []


def _reasons() -> dict[str, dict[str, Any]]:
    """Each workstream's latest progress change made with a reason, by its key: who, when,
    the reason."""
    out: dict[str, dict[str, Any]] = {}
    changes = EnteredChange.objects.filter(table="csc_web_workstream", how__startswith=REASON_HOW)
    for c in changes:  # newest first (EnteredChange's ordering)
        out.setdefault(
            c.key, {"by": c.changed_by, "at": c.changed_at, "reason": c.how[len(REASON_HOW) :]}
        )
    return out


def _action_form(a: Action, key: str, posted: dict[str, str], errors: Problems) -> dict[str, Any]:
    stored_values = {
        "status": a.status or "",
        "due": "" if a.due is None else f"{a.due:%d/%m/%Y}",
        "evidence": a.evidence or "",
    }
    return refused.form("action", key, stored_values, posted, errors)


def _workstreams(
    records: DeliveryRecords, month_end: date, posted: dict[str, str], errors: Problems
) -> list[dict[str, Any]]:
    reasons = _reasons()
    out = []
    for w in plan.progress(records, month_end):
        key = stored.key(w.workstream)
        values: dict[str, str] = {"progress": w.workstream.progress or "", "reason": ""}
        out.append(
            {
                "w": w,
                "key": key,
                "counts": [(s, w.counts[s]) for s in plan.STANDINGS],
                "actions": [
                    {
                        "a": a,
                        "standing": s,
                        "key": stored.key(a),
                        "form": _action_form(a, stored.key(a), posted, errors),
                    }
                    for a, s in w.actions
                ],
                "reason": reasons.get(key),
                "form": refused.form("workstream", key, values, posted, errors),
            }
        )
    return out


@needs("viewer")
@needs_money_entry
@require_http_methods(["GET", "POST"])
def page(request: HttpRequest) -> HttpResponse:
    records = entered.delivery()
    errors: Problems = []
    posted: dict[str, str] = {}
    if request.method == "POST":
        if "workstream" in request.POST:
            errors, anchor = _change_workstream(request, records), "ws-"
        else:
            errors, anchor = _change_action(request, records), "a-"
        if not errors:
            query = request.GET.urlencode()
            anchor += request.POST.get("workstream") or request.POST.get("action", "")
            return redirect(reverse("plan") + f"?{query}{'&' if query else ''}saved=1#{anchor}")
        posted = {k: request.POST.get(k, "") for k in request.POST if k != "csrfmiddlewaretoken"}
    as_at = day_asked(request)
    month_end = as_at.replace(day=monthrange(as_at.year, as_at.month)[1])
    context = {
        "month_end": month_end,
        "workstreams": _workstreams(records, month_end, posted, errors),
        "standings": plan.STANDINGS,
        "statuses": ACTION_STATUSES,
        "rags": PROGRESS_RAGS,
        "evidence_max": EVIDENCE_MAX,
        "reason_max": REASON_MAX,
        "errors": errors,
        "saved": request.GET.get("saved") == "1",
        "can_edit": can_enter_money(request.user),
        "history": entered.history(["csc_web_workstream", "csc_web_action"]),
    }
    return render(request, "web/plan.html", context, status=400 if errors else 200)
