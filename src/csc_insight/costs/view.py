"""One run of the tracker: the cost rows joined to a store's placements as at a day, in the
financial year holding it, with the budgets of the lines they feed and the reconciliation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from csc_insight.costs.model import CostRow, StoreFacts
from csc_insight.costs.panel import DEFAULT_HIGH_COST
from csc_insight.costs.periods import Period, year_of
from csc_insight.costs.reconcile import Issue, reconcile
from csc_insight.costs.tracker import Tracked, track
from csc_insight.money.model import BudgetLine


@dataclass(frozen=True)
class View:
    """What the report shows: the rows tracked, the year and day, the budgets by line (£k),
    the high-cost threshold (pounds a week) and the reconciliation."""

    tracked: Sequence[Tracked]
    year: Period
    as_at: date
    budgets: dict[str, Decimal]
    threshold: Decimal
    issues: Sequence[Issue]


def build(
    rows: Sequence[CostRow],
    facts: StoreFacts,
    as_at: date,
    budget_lines: Sequence[BudgetLine] = (),
    threshold: Decimal = DEFAULT_HIGH_COST,
) -> View:
    """Track ``rows`` against ``facts`` as at ``as_at``; the budgets are those of the money
    template's lines for the financial year holding ``as_at``."""
    year = year_of(as_at)
    tracked = track(rows, facts)
    budgets = {x.service: x.budget for x in budget_lines if x.year == year.label}
    return View(tracked, year, as_at, budgets, threshold, reconcile(tracked, facts, as_at, year))
