"""The finance and delivery section's cost part: the placement and package cost tracker
(costs/, issue 20 item 6) as a committee reads it, in aggregate.

The costs by budget line against the line's budget (with the difference), the cost by quarter,
to date and projected to the year end, the care panel's lists as counts and costs (high-cost
placements, reviews overdue, spot purchases) and the reconciliation with the case records as
counts by kind. Every figure is computed by costs/ (tracker.py, panel.py, reconcile.py); this
module only chooses and orders them.

A committee pack is aggregate: no child id, placement id, provider or row of one child is
written here, in either version (the care panel's own lists are `csc costs show`). In a
published pack a count of 1 to the threshold is ``c``, and so is the money of so few rows
(what two placements cost says what each costs); a total beside a hidden figure is hidden too,
so it cannot be worked out by subtraction, and a budget's difference beside a hidden cost.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import duckdb

from csc_insight.costs import panel
from csc_insight.costs import store as cost_store
from csc_insight.costs.model import CostRow
from csc_insight.costs.periods import Period, quarters, rest_of_year, to_date
from csc_insight.costs.tracker import LineTotal, Tracked, by_line, total
from csc_insight.costs.view import View, build
from csc_insight.money.model import MoneyRecords, name_key
from csc_insight.reports import formatting
from csc_insight.reports.finance_tables import Cell, Part, Row, Table, k, text
from csc_insight.reports.suppression import small

HIDDEN = "c"
THOUSAND = Decimal(1000)


def view_for(
    rows: Sequence[CostRow],
    con: duckdb.DuckDBPyConnection,
    as_at: date,
    money: MoneyRecords | None,
) -> View:
    """The tracker as at ``as_at`` (the pack's month end): the rows joined to the store's
    placements, the budgets those of the money records' lines."""
    facts = cost_store.read(con, as_at)
    return build(rows, facts, as_at, money.budget_lines if money else ())


@dataclass(frozen=True)
class _Hide:
    """Disclosure control for one part: on in a published pack."""

    published: bool
    threshold: int

    def hides(self, n: int) -> bool:
        return self.published and small(n, self.threshold)

    def count(self, n: int) -> Cell:
        return text(HIDDEN) if self.hides(n) else Cell(n, "int")

    def money_k(self, pounds: Decimal, n: int) -> Cell:
        """Pounds as £k, hidden with the count of rows it is the cost of."""
        return text(HIDDEN) if self.hides(n) else k(pounds / THOUSAND)


def costs_part(view: View, published: bool, threshold: int) -> Part:
    hide = _Hide(published, threshold)
    tables = (
        _lines_table(view, hide),
        _periods_table(view, hide),
        _panel_table(view, hide),
        _reconciliation_table(view, hide),
    )
    n = len(view.tracked)
    rows = "" if hide.hides(n) else f": {n:,} cost rows"
    return Part(
        "costs",
        "Placement and package costs",
        f"The cost tracker as at {formatting.day(view.as_at)}, {view.year.label}{rows}. A row "
        "costs its weekly cost × the days it is paid ÷ 7; the projection to the year end has "
        "the rows paid today carrying on at their current cost. Counts and costs only: the "
        "care panel's lists by child are `csc costs show`.",
        tables,
    )


def _paid_in(tracked: Sequence[Tracked], period: Period) -> int:
    """The rows paid for at least one day of ``period``: the children a cost is the cost of."""
    return sum(1 for t in tracked if t.span is not None and t.span.days_in(period) > 0)


def _lines_table(view: View, hide: _Hide) -> Table:
    done = to_date(view.year, view.as_at)
    rows: list[Row] = []
    lines = by_line(view.tracked, view.year, view.budgets)
    for line in lines:
        mine = _of_line(view.tracked, line.line)
        n = _paid_in(mine, view.year)
        hidden = hide.hides(n)
        difference = line.difference_k
        rows.append(
            Row(
                (
                    text(line.line),
                    hide.count(n),
                    hide.money_k(total(mine, done), n),
                    hide.money_k(line.cost, n),
                    k(line.budget_k) if line.budget_k is not None else text("no such line"),
                    text(HIDDEN) if hidden and difference is not None else k(difference),
                )
            )
        )
    if len(lines) > 1:
        rows.append(_lines_total(view, lines, hide, rows))
    return Table(
        "Costs by line",
        f"Placement and package costs by budget line, {view.year.label}",
        (
            "Budget line",
            "Placements and packages",
            f"Cost to {formatting.day(view.as_at)}",
            "Projected to year end",
            "Budget",
            "Difference",
        ),
        tuple(rows),
        "£k. Difference = the line's budget less the tracked costs projected to the year end: "
        "positive, what the line has left for what the tracker does not hold; negative, the "
        "placements and packages alone overspend it. The budget is the money records' line of "
        "the same name for the year; 'no such line' when they hold none.",
        prose=(0,),
    )


def _lines_total(view: View, lines: Sequence[LineTotal], hide: _Hide, rows: list[Row]) -> Row:
    """The lines' total; hidden beside a hidden line, which it would give away."""
    n = _paid_in(view.tracked, view.year)
    whole = total(view.tracked, view.year)
    budgets = [x.budget_k for x in lines]
    known = None not in budgets
    budget = sum((b for b in budgets if b is not None), Decimal(0))
    if hide.hides(n) or any(r.cells[1].value == HIDDEN for r in rows):
        figures = (text(HIDDEN),) * 3
        difference = text(HIDDEN) if known else text("")
    else:
        figures = (
            hide.count(n),
            hide.money_k(total(view.tracked, to_date(view.year, view.as_at)), n),
            hide.money_k(whole, n),
        )
        difference = k(budget - whole / THOUSAND) if known else text("")
    return Row((text("Total"), *figures, k(budget) if known else text(""), difference), total=True)


def _of_line(tracked: Sequence[Tracked], line: str) -> list[Tracked]:
    """The rows feeding ``line``, matched as tracker.by_line matches them."""
    return [t for t in tracked if name_key(t.row.budget_line) == name_key(line)]


def _periods_table(view: View, hide: _Hide) -> Table:
    done, rest = to_date(view.year, view.as_at), rest_of_year(view.year, view.as_at)
    periods = [
        *((q, f"{q.label}: {formatting.day(q.first)} to {formatting.day(q.last)}", False)
          for q in quarters(view.year)),
        (done, f"To date: {formatting.day(done.first)} to {formatting.day(done.last)}", True),
        (rest, f"Rest of the year: to {formatting.day(rest.last)}", False),
        (view.year, f"Projected year, {view.year.label}", True),
    ]  # fmt: skip
    counts = [_paid_in(view.tracked, p) if p.days > 0 else 0 for p, _, _ in periods]
    # The quarters add up to the year, as do the year to date and the rest of it, and the year
    # is the lines' total (its count too): one hidden figure here or in the lines table could
    # be worked out from the others, so then every figure here is hidden.
    lines = by_line(view.tracked, view.year, view.budgets)
    hidden = any(hide.hides(n) for n in counts) or any(
        hide.hides(_paid_in(_of_line(view.tracked, x.line), view.year)) for x in lines
    )
    rows = []
    for (period, label, bold), n in zip(periods, counts, strict=True):
        if hidden:  # the year's count is the lines' too
            rows.append(Row((text(label), text(HIDDEN), text(HIDDEN)), total=bold))
        else:
            cost = hide.money_k(total(view.tracked, period), n)
            rows.append(Row((text(label), hide.count(n), cost), total=bold))
    return Table(
        "Costs by period",
        f"Placement and package costs to date and projected, {view.year.label}",
        ("Period", "Placements and packages paid", "Cost"),
        tuple(rows),
        "£k. A quarter after the 'as at' day is projected, as the rest of the year is.",
    )


def _panel_table(view: View, hide: _Hide) -> Table:
    on = view.as_at
    high = panel.high_cost(view.tracked, on, view.threshold)
    late = panel.overdue(view.tracked, on)
    none = panel.no_review(view.tracked, on)
    spot = panel.spot(view.tracked, on)

    def weekly(found: Sequence[Tracked]) -> Cell:
        pounds = sum((t.row.weekly for t in found), Decimal(0))
        return text(HIDDEN) if hide.hides(len(found)) else Cell(pounds, "pounds")

    def year(found: Sequence[Tracked]) -> Cell:
        return hide.money_k(total(found, view.year), len(found))

    rows = (
        Row(
            (
                text(f"High-cost: over £{view.threshold:,.0f} a week"),
                hide.count(len(high)),
                weekly(high),
                year(high),
            )
        ),
        Row((text("Reviews overdue"), hide.count(len(late)), weekly(late), year(late))),
        Row((text("No review date"), hide.count(len(none)), weekly(none), year(none))),
        Row((text("Spot purchases"), hide.count(len(spot)), weekly(spot), year(spot))),
    )
    return Table(
        "Care panel",
        f"For the care panel: placements and packages paid on {formatting.day(on)}",
        ("List", "Placements and packages", "Weekly cost (£)", f"Cost {view.year.label}"),
        rows,
        f"Counts and costs of the rows paid on {formatting.day(on)}; weekly in pounds, the "
        f"year's cost (projected) in £k. A row can be on more than one list.",
    )


def _reconciliation_table(view: View, hide: _Hide) -> Table:
    counts = Counter(i.what for i in view.issues)
    kinds = list(dict.fromkeys(i.what for i in view.issues))  # first seen first, as listed
    rows = [Row((text(what[:1].upper() + what[1:]), hide.count(counts[what]))) for what in kinds]
    every = len(view.issues)
    hidden = any(hide.hides(counts[w]) for w in kinds)
    rows.append(Row((text("Total"), text(HIDDEN) if hidden else hide.count(every)), total=True))
    return Table(
        "Reconciliation",
        f"Reconciliation of the costs with the case records at {formatting.day(view.as_at)}",
        ("Discrepancy", "Number"),
        tuple(rows),
        "Each place the cost rows and the store's placements disagree, counted by kind; "
        "`csc costs show` lists each with its record for the analyst to follow up. Days paid "
        "beyond a placement's end, or before its start, are not counted in the costs above.",
    )
