"""The lists a care panel and a package review work from, as at a day:

- **high-cost placements**: rows paid on the day whose weekly cost is above the threshold the
  analyst sets (default £5,000 a week), dearest first;
- **reviews overdue**: rows paid on the day whose Next review is before it, oldest first, and
  rows paid on the day with no Next review at all (CFE SAV04's review of children with
  disabilities care packages: "reviews overdue");
- **spot purchases**: rows paid on the day that were spot-purchased rather than bought under
  a framework contract, dearest first, with their cost in the year.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from csc_insight.costs.tracker import Tracked

DEFAULT_HIGH_COST = Decimal(5000)


def current(tracked: Sequence[Tracked], as_at: date) -> list[Tracked]:
    return [t for t in tracked if t.paid_on(as_at)]


def high_cost(tracked: Sequence[Tracked], as_at: date, threshold: Decimal) -> list[Tracked]:
    """Paid on ``as_at`` at more than ``threshold`` pounds a week, dearest first."""
    found = [t for t in current(tracked, as_at) if t.row.weekly > threshold]
    return sorted(found, key=lambda t: (-t.row.weekly, t.row.child_id))


def overdue(tracked: Sequence[Tracked], as_at: date) -> list[Tracked]:
    """Paid on ``as_at`` with a Next review before it, oldest review first."""
    found = [
        t for t in current(tracked, as_at)
        if t.row.next_review is not None and t.row.next_review < as_at
    ]  # fmt: skip
    return sorted(found, key=lambda t: (t.row.next_review or as_at, t.row.child_id))


def no_review(tracked: Sequence[Tracked], as_at: date) -> list[Tracked]:
    """Paid on ``as_at`` with no Next review date."""
    return [t for t in current(tracked, as_at) if t.row.next_review is None]


def spot(tracked: Sequence[Tracked], as_at: date) -> list[Tracked]:
    """Spot purchases paid on ``as_at``, dearest first."""
    found = [t for t in current(tracked, as_at) if t.row.purchase == "spot"]
    return sorted(found, key=lambda t: (-t.row.weekly, t.row.child_id))
