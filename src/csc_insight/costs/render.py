"""The cost tracker as plain text for the terminal: the costs by period and by budget line
against its budget, the care panel's lists and the reconciliation. Every figure is computed by
tracker.py, panel.py and reconcile.py; nothing here is typed by anyone."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from csc_insight.costs import panel
from csc_insight.costs.model import KIND_WORDS
from csc_insight.costs.periods import Period, pounds, quarters, rest_of_year, to_date
from csc_insight.costs.reconcile import Issue
from csc_insight.costs.tracker import LineTotal, Tracked, by_line, total
from csc_insight.costs.view import View
from csc_insight.reports.formatting import amount_k, day


def k1(v: Decimal | None) -> str:
    return amount_k(None if v is None else v.quantize(Decimal("0.1"), ROUND_HALF_UP))


def report(v: View) -> str:
    joined = sum(t.placement is not None for t in v.tracked)
    parts = [
        f"Placement and package costs, {v.year.label}, as at {day(v.as_at)}: "
        f"{len(v.tracked)} cost rows, {joined} joined to a placement in the store.",
        _periods(v),
        _lines(by_line(v.tracked, v.year, v.budgets), v.year),
        _high_cost(v),
        _reviews(v),
        _spot(v),
        _issues(v.issues),
    ]
    return "\n\n".join(parts) + "\n"


def _table(title: str, header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    if not rows:
        return f"{title}\n  none"
    width = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    out = [title]
    for r in [header, *rows]:
        out.append("  " + "  ".join(c.ljust(w) for c, w in zip(r, width, strict=True)).rstrip())
    return "\n".join(out)


def _periods(v: View) -> str:
    done, rest = to_date(v.year, v.as_at), rest_of_year(v.year, v.as_at)
    rows = [[q.label, f"{day(q.first)} to {day(q.last)}", pounds(total(v.tracked, q))]
            for q in quarters(v.year)]  # fmt: skip
    rows += [
        ["to date", f"{day(done.first)} to {day(done.last)}", pounds(total(v.tracked, done))],
        ["rest of year", f"{day(rest.first)} to {day(rest.last)}", pounds(total(v.tracked, rest))],
        ["projected year", f"{day(v.year.first)} to {day(v.year.last)}",
         pounds(total(v.tracked, v.year))],
    ]  # fmt: skip
    return _table("Cost by period (weekly cost x days / 7)", ["period", "days", "cost"], rows)


def _lines(lines: Sequence[LineTotal], year: Period) -> str:
    rows = [
        [x.line, str(x.rows), k1(x.cost_k), k1(x.budget_k) if x.budget_k is not None else
         "no such budget line", k1(x.difference_k) if x.difference_k is not None else ""]
        for x in lines
    ]  # fmt: skip
    return _table(
        f"By budget line, {year.label} (£k; difference = budget - projected tracked cost)",
        ["budget line", "rows", "projected £k", "budget £k", "difference £k"],
        rows,
    )


def _who(t: Tracked) -> list[str]:
    p = t.placement
    status = "" if p is None else f"{p.placement_type or '?'} {p.legal_status or ''}".strip()
    if p is not None and p.uasc:
        status += " UASC"
    return [t.row.child_id, t.row.placement_id or (p.placement_id if p else "") or "",
            KIND_WORDS[t.row.kind], status, t.row.provider]  # fmt: skip


_WHO = ["child", "placement", "kind", "type/legal status", "provider"]


def _high_cost(v: View) -> str:
    found = panel.high_cost(v.tracked, v.as_at, v.threshold)
    rows = [[*_who(t), pounds(t.row.weekly), pounds(t.cost_in(v.year))] for t in found]
    return _table(
        f"High-cost placements and packages: over {pounds(v.threshold)} a week on "
        f"{day(v.as_at)}, for the care panel",
        [*_WHO, "weekly", f"cost {v.year.label}"],
        rows,
    )


def _reviews(v: View) -> str:
    late = panel.overdue(v.tracked, v.as_at)
    rows = [[*_who(t), day(t.row.next_review), str((v.as_at - t.row.next_review).days)]
            for t in late if t.row.next_review is not None]  # fmt: skip
    text = _table(f"Reviews overdue on {day(v.as_at)}", [*_WHO, "review due", "days late"], rows)
    missing = panel.no_review(v.tracked, v.as_at)
    if missing:
        text += f"\n  and {len(missing)} paid on {day(v.as_at)} with no review date: " + ", ".join(
            t.row.child_id for t in missing
        )
    return text


def _spot(v: View) -> str:
    found = panel.spot(v.tracked, v.as_at)
    rows = [[*_who(t), pounds(t.row.weekly), pounds(t.cost_in(v.year))] for t in found]
    weekly = sum((t.row.weekly for t in found), Decimal(0))
    title = f"Spot purchases paid on {day(v.as_at)}: {len(found)}, {pounds(weekly)} a week"
    return _table(title, [*_WHO, "weekly", f"cost {v.year.label}"], rows)


def _issues(issues: Sequence[Issue]) -> str:
    if not issues:
        return "Reconciliation with the case records: no discrepancies"
    out = [f"Reconciliation with the case records: {len(issues)} discrepancies"]
    for i in issues:
        where = f" [{i.where}]" if i.where else ""
        out.append(
            f"  {i.what}: child {i.child_id}, placement {i.placement_id or '-'}{where}: {i.reason}"
        )
    return "\n".join(out)
