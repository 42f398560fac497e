"""The Costs page: the placement and package cost tracker (costs/) over the cost rows the
dashboard holds (`csc costs load`, this page's form) and the store's placements in the latest
published copy: cost by period, totals by budget line against the budget on the Finance page,
the high-cost placements, overdue reviews, spot purchases and the reconciliation with the case
records. Every figure is computed by costs/tracker.py, panel.py and reconcile.py; the page lays
them out.

Who sees which child: an analyst or an admin every child id; a manager the ids of the children
allocated to their own teams on the "as at" day (a child whose team is not known, or another
team's, is withheld); a viewer and a finance officer no child at all, only counts and costs.
Every child id the page shows is written to the audit log first, as the children's pages do.
A finance officer, an analyst or an admin changes a row's weekly cost, last day paid and next
review (roles.needs_money_entry), kept with who and when. Plain forms: no JavaScript.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import duckdb
from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from csc_insight.costs import panel
from csc_insight.costs.model import KIND_WORDS, CostRow, StoreFacts
from csc_insight.costs.periods import pounds, quarters, rest_of_year, to_date
from csc_insight.costs.reconcile import Issue
from csc_insight.costs.render import k1
from csc_insight.costs.store import read
from csc_insight.costs.template_read import weekly
from csc_insight.costs.tracker import Tracked, by_line, total
from csc_insight.costs.view import View, build
from csc_insight.entry.read import BadValue, day
from csc_insight.errors import CscError
from csc_insight.indicators.children import allocations
from csc_insight.money.model import Entry, Source
from csc_insight.reports.formatting import day as shown_day
from csc_insight.web import data, entered
from csc_insight.web.models import AuditEntry
from csc_insight.web.roles import can_enter_money, has, needs, needs_money_entry, teams_of

PAGE = "Costs"
#: The audit log's action for the child ids the Costs page showed.
SHOWN = "costs"
WITHHELD = "withheld"


class CostChangeForm(forms.Form):
    """A cost row's weekly cost, last day paid and next review (blank: still paid; none)."""

    row = forms.IntegerField(min_value=1)
    weekly = forms.CharField(max_length=40, strip=True)
    cost_to = forms.CharField(max_length=40, required=False, strip=True)
    next_review = forms.CharField(max_length=40, required=False, strip=True)


def _facts() -> tuple[StoreFacts, duckdb.DuckDBPyConnection | None]:
    """The store's placements in the latest published copy and a cursor on it (none, and no
    cursor, when nothing is published yet)."""
    try:
        _, con = data.cursor()
    except CscError:
        return StoreFacts({}, frozenset(), None), None
    return read(con), con


def _of_teams(
    con: duckdb.DuckDBPyConnection | None, ids: list[str], on: date, teams: list[str]
) -> set[str]:
    """The children allocated on ``on`` to one of ``teams`` (ids; the allocation gives the
    team's name where the department has one, as the children's listings match it)."""
    if con is None or not teams or not ids:
        return set()
    named = con.execute(
        "SELECT dept_team_name FROM ssd_department WHERE dept_team_id IN (SELECT unnest(?))",
        [teams],
    ).fetchall()
    allowed = set(teams) | {n for (n,) in named}
    return {c for c, (team, _, _) in allocations(con, ids, on).items() if team in allowed}


class _Who:
    """Which child ids the signed-in user may see, and the ones the page has shown."""

    def __init__(
        self, request: HttpRequest, view: View, con: duckdb.DuckDBPyConnection | None
    ) -> None:
        self.all = has(request.user, "analyst")
        self.some = not self.all and has(request.user, "manager")
        self.allowed: set[str] = set()
        if self.some:
            ids = sorted({t.row.child_id for t in view.tracked})
            self.allowed = _of_teams(con, ids, view.as_at, teams_of(request.user) or [])
        self.shown: set[str] = set()

    @property
    def any(self) -> bool:
        return self.all or self.some

    def child(self, child_id: str) -> str:
        if self.all or child_id in self.allowed:
            self.shown.add(child_id)
            return child_id
        return WITHHELD

    def may(self, child_id: str) -> bool:
        return self.all or child_id in self.allowed


def _line(t: Tracked, who: _Who, view: View) -> dict[str, Any]:
    p, r = t.placement, t.row
    status = "" if p is None else f"{p.placement_type or '?'} {p.legal_status or ''}".strip()
    if p is not None and p.uasc:
        status += " UASC"
    child = who.child(r.child_id) if who.any else ""
    placement = r.placement_id or (p.placement_id if p else "") or ""
    return {
        "child": child,
        "placement": placement if child not in ("", WITHHELD) else "",
        "kind": KIND_WORDS[r.kind],
        "status": status,
        "provider": r.provider,
        "weekly": pounds(r.weekly),
        "year": pounds(t.cost_in(view.year)),
        "review": shown_day(r.next_review) if r.next_review else "",
        "late": (view.as_at - r.next_review).days if r.next_review else None,
    }


def _periods(v: View) -> list[dict[str, str]]:
    done, rest = to_date(v.year, v.as_at), rest_of_year(v.year, v.as_at)
    out = [{"label": q.label, "days": f"{shown_day(q.first)} to {shown_day(q.last)}",
            "cost": pounds(total(v.tracked, q))} for q in quarters(v.year)]  # fmt: skip
    for label, p in (("To date", done), ("Rest of year", rest), ("Projected year", v.year)):
        out.append({"label": label, "days": f"{shown_day(p.first)} to {shown_day(p.last)}",
                    "cost": pounds(total(v.tracked, p))})  # fmt: skip
    return out


def _lines(v: View) -> list[dict[str, Any]]:
    return [
        {
            "line": x.line,
            "rows": x.rows,
            "cost": k1(x.cost_k),
            "budget": k1(x.budget_k) if x.budget_k is not None else None,
            "difference": k1(x.difference_k) if x.difference_k is not None else "",
            "over": x.difference_k is not None and x.difference_k < 0,
        }
        for x in by_line(v.tracked, v.year, v.budgets)
    ]


def _issues(issues: Sequence[Issue], who: _Who) -> dict[str, Any]:
    """The discrepancies: each in full for a child the user may see; for the others, how many
    of each kind (their reasons name children and placements)."""
    listed: list[dict[str, Any]] = []
    counted: dict[str, int] = {}
    for i in issues:
        if who.any and who.may(i.child_id):
            listed.append({"issue": i, "child": who.child(i.child_id)})
        else:
            counted[i.what] = counted.get(i.what, 0) + 1
    return {"listed": listed, "counted": sorted(counted.items()), "total": len(issues)}


#: Cost rows listed a page at a time: a borough pays for some 1,500 placements and packages,
#: and every child id shown is audited.
ROWS_PER_PAGE = 50


def _page_of(
    rows: Sequence[tuple[int, CostRow]], request: HttpRequest, who: _Who
) -> tuple[Sequence[tuple[int, CostRow]], dict[str, Any]]:
    """The rows matching the search (``q``: a provider, kind, budget line or way bought, or a
    child id the user may see) on the page asked for (``page``), and what the pager says."""
    q = request.GET.get("q", "").strip()[:100]
    wanted = q.casefold()
    if wanted:
        rows = [
            (n, r)
            for n, r in rows
            if any(
                wanted in str(x).casefold()
                for x in (r.provider, KIND_WORDS[r.kind], r.budget_line, r.purchase, r.provision)
            )
            or (who.any and who.may(r.child_id) and wanted == r.child_id.casefold())
        ]
    pages = max(1, -(-len(rows) // ROWS_PER_PAGE))
    try:
        number = min(max(1, int(request.GET.get("page", "1"))), pages)
    except ValueError:
        number = 1
    first = (number - 1) * ROWS_PER_PAGE
    shown = rows[first : first + ROWS_PER_PAGE]
    return shown, {
        "q": q,
        "number": number,
        "pages": pages,
        "first": first + 1 if shown else 0,
        "last": first + len(shown),
        "matching": len(rows),
        "previous": number - 1 if number > 1 else None,
        "next": number + 1 if number < pages else None,
    }


def _rows(rows: Sequence[tuple[int, CostRow]], who: _Who) -> list[dict[str, Any]]:
    return [
        {
            "id": n,
            "child": who.child(r.child_id) if who.any else "",
            "kind": KIND_WORDS[r.kind],
            "provider": r.provider,
            "purchase": r.purchase or r.provision,
            "weekly": pounds(r.weekly),
            "from": shown_day(r.cost_from),
            "to": shown_day(r.cost_to) if r.cost_to else "still paid",
            "review": shown_day(r.next_review) if r.next_review else "none",
            "line": r.budget_line,
        }
        for n, r in rows
    ]


def _date_or_none(text: str, field: str, errors: list[tuple[str, str]]) -> date | None:
    if not text:
        return None
    try:
        return day(text, date.today(), past=False)
    except BadValue as e:
        errors.append((field, e.reason[0].upper() + e.reason[1:] + "."))
        return None


def _change(request: HttpRequest, rows: Sequence[tuple[int, CostRow]]) -> list[tuple[str, str]]:
    """Make the posted change; its problems (the field's id, the message), none when made."""
    form = CostChangeForm(request.POST)
    if not form.is_valid():
        return [("row", "This change could not be read: give the weekly cost and try again.")]
    c = form.cleaned_data
    found = dict(rows).get(c["row"])
    if found is None:
        return [("row", "That cost row is not in the figures any more: reload the page.")]
    errors: list[tuple[str, str]] = []
    amount = Decimal(0)
    try:
        amount = weekly(c["weekly"])
    except BadValue as e:
        errors.append(("weekly", e.reason[0].upper() + e.reason[1:] + "."))
    last = _date_or_none(c["cost_to"], "cost_to", errors)
    review = _date_or_none(c["next_review"], "next_review", errors)
    if last is not None and last < found.cost_from:
        errors.append(("cost_to", f"The last day paid is before the first, "
                       f"{found.cost_from:%d/%m/%Y}."))  # fmt: skip
    if errors:
        return errors
    who = request.user.get_username()
    new = dataclasses.replace(
        found, weekly=amount, cost_to=last, next_review=review,
        entry=Entry(who, date.today()), source=Source(f"the dashboard's {PAGE} page"),
    )  # fmt: skip
    detail = (
        f"cost row {c['row']}: weekly {pounds(amount)} (was {pounds(found.weekly)}), paid to "
        f"{_d(last)} (was {_d(found.cost_to)}), next review {_d(review)} "
        f"(was {_d(found.next_review)})"
    )
    entered.change(new, who, PAGE, detail)
    return []


def _d(v: date | None) -> str:
    return "none" if v is None else f"{v:%d/%m/%Y}"


def _history(rows: Sequence[tuple[int, CostRow]]) -> list[dict[str, Any]]:
    """The latest changes to the cost rows, each named by its row number (its key holds the
    child's id, which not every reader may see)."""
    from csc_insight.costs import stored
    from csc_insight.web.models import EnteredChange

    number = {stored.key(r): n for n, r in rows}
    return [
        {
            "changed_at": c.changed_at,
            "changed_by": c.changed_by,
            "what": f"{'changed' if c.before else 'added'} cost row {number.get(c.key, '')}",
            "how": c.how,
        }
        for c in EnteredChange.objects.filter(table=stored.TABLE)[:25]
    ]


@needs("viewer")
@needs_money_entry
@require_http_methods(["GET", "POST"])
def page(request: HttpRequest) -> HttpResponse:
    rows = entered.costs()
    errors: list[tuple[str, str]] = []
    posted: dict[str, Any] = {}
    if request.method == "POST":
        errors = _change(request, rows)
        if not errors:
            return redirect(reverse("costs") + "?saved=1#rows")
        posted = dict(request.POST.items())
    facts, con = _facts()
    as_at = facts.reach or date.today()
    view = build([r for _, r in rows], facts, as_at, entered.money().budget_lines)
    try:
        who = _Who(request, view, con)
    finally:
        if con is not None:
            con.close()
    high = panel.high_cost(view.tracked, as_at, view.threshold)
    late = panel.overdue(view.tracked, as_at)
    spot = panel.spot(view.tracked, as_at)
    can_edit = can_enter_money(request.user)
    edit = _editing(request, rows, posted) if can_edit else None
    listed, pager = _page_of(rows, request, who)
    context = {
        "view": view,
        "joined": sum(t.placement is not None for t in view.tracked),
        "periods": _periods(view),
        "lines": _lines(view),
        "threshold": pounds(view.threshold),
        "high": [_line(t, who, view) for t in high],
        "high_weekly": pounds(sum((t.row.weekly for t in high), Decimal(0))),
        "late": [_line(t, who, view) for t in late],
        "no_review": len(panel.no_review(view.tracked, as_at)),
        "spot": [_line(t, who, view) for t in spot],
        "spot_weekly": pounds(sum((t.row.weekly for t in spot), Decimal(0))),
        "issues": _issues(view.issues, who),
        "rows": _rows(listed, who),
        "pager": pager,
        "all_rows": len(rows),
        "sees_children": who.any,
        "history": _history(rows),
        "errors": errors,
        "field_errors": dict(errors),  # each message beside its field, as GOV.UK forms show it
        "edit": edit,
        "saved": request.GET.get("saved") == "1",
        "can_edit": can_edit,
        "as_at": shown_day(as_at),
    }
    if who.shown:  # written before the page is: who saw which children, as the listings are
        AuditEntry.objects.create(
            user_name=request.user.get_username(),
            action=SHOWN,
            period_id=view.year.label,
            children=",".join(sorted(who.shown)),
            count=len(who.shown),
            detail=f"the Costs page as at {as_at:%d/%m/%Y}",
        )
    return render(request, "web/costs.html", context, status=400 if errors else 200)


def _editing(
    request: HttpRequest, rows: Sequence[tuple[int, CostRow]], posted: dict[str, Any]
) -> dict[str, Any] | None:
    """The row the form changes (?edit=N, or the one just posted) and its values."""
    try:
        n = int(posted.get("row") or request.GET.get("edit") or 0)
    except ValueError:
        return None
    found = dict(rows).get(n)
    if found is None:
        return None
    return {
        "row": n,
        "label": f"cost row {n}: {KIND_WORDS[found.kind]}, {found.provider}, from "
        f"{found.cost_from:%d/%m/%Y}",
        "weekly": posted.get("weekly", str(found.weekly)),
        "cost_to": posted.get("cost_to", _d(found.cost_to).replace("none", "")),
        "next_review": posted.get("next_review", _d(found.next_review).replace("none", "")),
    }
