"""The tracker: each cost row joined to the store's placement, the days it is paid for
(periods.py), its cost in a period, and the totals by the budget line it feeds.

A row is joined to its placement by the Placement ID it gives; a Placement row without one is
joined to the child's placement whose days hold its Cost from date, when exactly one does. A
row that cannot be joined (an unknown id, a child unknown to the store) is still costed by its
own dates and listed by the reconciliation (reconcile.py), so the totals are what finance pays
while the discrepancy is followed up.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from csc_insight.costs.model import CostRow, Placement, StoreFacts
from csc_insight.costs.periods import DAY, Period, Span, cost
from csc_insight.money.model import name_key


@dataclass(frozen=True)
class Tracked:
    """A cost row, the placement it is joined to (or None) and how, and the days paid."""

    row: CostRow
    placement: Placement | None
    joined: str  # "by id", "by date" or "" (not joined)
    span: Span | None  # None: no day is paid (the placement ended before the row starts)

    def cost_in(self, period: Period) -> Decimal:
        """Pounds paid in ``period``."""
        return Decimal(0) if self.span is None else cost(self.row.weekly, self.span.days_in(period))

    def paid_on(self, day: date) -> bool:
        return self.span is not None and self.span.paid_on(day)


def track(rows: Iterable[CostRow], facts: StoreFacts) -> list[Tracked]:
    """Every cost row, joined and with its days paid."""
    by_child: dict[str, list[Placement]] = defaultdict(list)
    for p in facts.placements.values():
        by_child[p.child_id].append(p)
    return [_track(r, facts, by_child) for r in rows]


def _track(row: CostRow, facts: StoreFacts, by_child: dict[str, list[Placement]]) -> Tracked:
    placement, joined = None, ""
    if row.placement_id is not None:
        placement = facts.placements.get(row.placement_id)
        joined = "by id" if placement else ""
    elif row.kind == "placement":
        held = [p for p in by_child.get(row.child_id, []) if _holds(p, row.cost_from)]
        if len(held) == 1:
            placement, joined = held[0], "by date"
    return Tracked(row, placement, joined, span(row, placement))


def _holds(p: Placement, day: date) -> bool:
    return p.start <= day and (p.end is None or day < p.end)


def span(row: CostRow, placement: Placement | None) -> Span | None:
    """The days paid: the row's Cost from to Cost to, cut to the placement's days (from its
    start, to the day before its end)."""
    first, last = row.cost_from, row.cost_to
    if placement is not None:
        first = max(first, placement.start)
        if placement.end is not None:
            end = placement.end - DAY
            last = end if last is None else min(last, end)
    if last is not None and last < first:
        return None
    return Span(first, last)


@dataclass(frozen=True)
class LineTotal:
    """What the tracker counts against one budget line in a period (pounds), and the money
    template's budget for the line that year (£k; None: no such line in the money files)."""

    line: str
    cost: Decimal
    budget_k: Decimal | None
    rows: int

    @property
    def cost_k(self) -> Decimal:
        return self.cost / 1000

    @property
    def difference_k(self) -> Decimal | None:
        """Budget − tracked cost, £k: positive, the line has that much left for what the tracker
        does not hold (or an underspend); negative, the tracked costs alone overspend it."""
        return None if self.budget_k is None else self.budget_k - self.cost_k


def by_line(
    tracked: Sequence[Tracked], period: Period, budgets: dict[str, Decimal] | None = None
) -> list[LineTotal]:
    """The cost in ``period`` by budget line (lines matched by name, ignoring case and
    punctuation), each with the budget ``budgets`` gives it (service name -> £k)."""
    budget_of = {name_key(k): v for k, v in (budgets or {}).items()}
    names: dict[str, str] = {}
    totals: dict[str, Decimal] = defaultdict(Decimal)
    counts: dict[str, int] = defaultdict(int)
    for t in tracked:
        key = name_key(t.row.budget_line)
        names.setdefault(key, t.row.budget_line)
        totals[key] += t.cost_in(period)
        counts[key] += 1
    return [LineTotal(names[k], totals[k], budget_of.get(k), counts[k]) for k in sorted(names)]


def total(tracked: Iterable[Tracked], period: Period) -> Decimal:
    return sum((t.cost_in(period) for t in tracked), Decimal(0))
