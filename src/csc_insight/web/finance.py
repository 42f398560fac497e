"""The Finance page: budget monitoring (seed 000 Tables 1 and 2, each year at its latest
quarter, with the quarter-by-quarter trend), the MTFS (seed 003 Table 8), every disagreement
between figures (a printed total against its lines, a project's own profile against the
summary, each naming both figures and where each came from), and a form to change a budget
line's projected expenditure for a quarter.

Every figure is computed by money/budget.py and mtfs.py from the lines the dashboard holds
(web/entered.py): the page lays them out. Anyone signed in reads it (no child is on it); a
finance officer, an analyst or an admin changes a projection (roles.needs_money_entry), kept
with who and when. Plain forms: it works without JavaScript.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from csc_insight.entry.read import BadValue
from csc_insight.money import budget, checks, mtfs, stored
from csc_insight.money.model import QUARTERS, BudgetLine, Entry, MoneyRecords, Source
from csc_insight.money.template_read import money
from csc_insight.reports.formatting import amount_k
from csc_insight.web import entered
from csc_insight.web.roles import can_enter_money, needs, needs_money_entry

PAGE = "Finance"


class ProjectionForm(forms.Form):
    """A budget line's projected expenditure for a quarter (blank: not yet projected)."""

    line = forms.CharField(max_length=500)  # the line's key (stored.key)
    quarter = forms.TypedChoiceField(choices=[(q, f"Q{q}") for q in QUARTERS], coerce=int)
    amount = forms.CharField(max_length=40, required=False, strip=True)


def _k(v: Decimal | None) -> str:
    return amount_k(v)


def _mtfs(v: Decimal | None, negate: bool) -> str:
    """As Table 8 prints it: a saving in brackets, a nil as '-', a year not stated blank."""
    return "" if v is None else amount_k(-v if negate else v, brackets=True, nil="-")


def _budget_tables(lines: tuple[BudgetLine, ...]) -> list[dict[str, Any]]:
    out = []
    for year in budget.years(lines):
        q = budget.latest_quarter(lines, year) or 1
        mine = budget.of_year(lines, year)
        now = budget.quarter_totals(lines, year, q)
        before = budget.quarter_totals(lines, year, q - 1) if q > 1 else None
        out.append(
            {
                "year": year,
                "quarter": q,
                "rows": [
                    {
                        "line": x,
                        "key": stored.key(x),
                        "budget": _k(x.budget),
                        "projected": _k(x.projected_in(q)),
                        "variance": _k(budget.variance(x, q)),
                        "before": _k(budget.variance(x, q - 1)) if q > 1 else "",
                        "movement": _k(budget.movement(x, q)) if q > 1 else "",
                        "quarters": [_k(p) for p in x.projected],
                    }
                    for x in mine
                ],
                "total": {
                    "budget": _k(now.budget),
                    "projected": _k(now.projected),
                    "variance": _k(now.variance),
                    "before": _k(before.variance) if before else "",
                    "movement": _k(now.movement) if q > 1 else "",
                    "missing": now.missing,
                },
                "trend": [
                    {
                        "quarter": t.quarter,
                        "projected": _k(t.projected),
                        "variance": _k(t.variance),
                        "movement": _k(t.movement),
                        "missing": t.missing,
                    }
                    for t in budget.trend(lines, year)
                ],
            }
        )
    return out


def _table_8(records: MoneyRecords) -> dict[str, Any] | None:
    proposals = records.proposals
    if not proposals:
        return None
    ys = mtfs.years(proposals)
    totals = mtfs.totals(proposals, ys)
    parts = []
    for category, label in (("saving", "Total savings"), ("growth", "Total growth")):
        negate = category == "saving"
        rows = [
            {"p": p, "cells": [_mtfs(p.amounts.get(y), negate) for y in ys]}
            for p in proposals
            if p.category == category
        ]
        figures = [t.savings if negate else t.growth for t in totals]
        parts.append({"rows": rows, "label": label, "total": [_mtfs(v, negate) for v in figures]})
    return {
        "years": [y.replace("-", "/") for y in ys],
        "parts": parts,
        "net": [_mtfs(t.net, False) for t in totals],
    }


def _find(records: MoneyRecords, key: str) -> BudgetLine | None:
    return next((x for x in records.budget_lines if stored.key(x) == key), None)


def _change(request: HttpRequest, records: MoneyRecords) -> list[tuple[str, str]]:
    """Make the posted change; its problems (the field's id, the message), none when made."""
    form = ProjectionForm(request.POST)
    if not form.is_valid():
        return [("line", "This change could not be read: try again from the page.")]
    c = form.cleaned_data
    line = _find(records, c["line"])
    if line is None:
        return [("line", "That budget line is not in the figures any more: reload the page.")]
    try:
        amount = money(c["amount"]) if c["amount"] else None
    except BadValue as e:
        return [("amount", e.reason[0].upper() + e.reason[1:] + ".")]
    q: int = c["quarter"]
    projected = list(line.projected)
    was, projected[q - 1] = projected[q - 1], amount
    who = request.user.get_username()
    new = dataclasses.replace(
        line,
        projected=(projected[0], projected[1], projected[2], projected[3]),
        entry=Entry(who, date.today()),
        source=Source(f"the dashboard's {PAGE} page"),
    )
    detail = f"{line.service} {line.year}: projected expenditure Q{q} {_k(amount)} (was {_k(was)})"
    entered.change(new, who, PAGE, detail)
    return []


@needs("viewer")
@needs_money_entry
@require_http_methods(["GET", "POST"])
def page(request: HttpRequest) -> HttpResponse:
    records = entered.money()
    errors: list[tuple[str, str]] = []
    posted: dict[str, Any] = {}
    if request.method == "POST":
        errors = _change(request, records)
        if not errors:
            return redirect(reverse("finance") + "?saved=1#budget")
        posted = dict(request.POST.items())
    history = entered.history(list(stored.TABLES))
    lines = [
        {"key": stored.key(x), "label": f"{x.year}: {x.service}"} for x in records.budget_lines
    ]
    context = {
        "records": records,
        "tables": _budget_tables(records.budget_lines),
        "table_8": _table_8(records),
        "disagreements": [str(p) for p in checks.problems(records)],
        "history": history,
        "lines": lines,
        "quarters": QUARTERS,
        "errors": errors,
        "posted": posted,
        "saved": request.GET.get("saved") == "1",
        "can_edit": can_enter_money(request.user),
    }
    return render(request, "web/finance.html", context, status=400 if errors else 200)
