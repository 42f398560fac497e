"""The reconciliation of case records with payments: each discrepancy between the cost rows
and the store's placements, listed with the record's ids and the file's row, as a problem an
analyst can act on.

- **open placement, no cost row**: a placement open in the store on the "as at" day that no
  cost row pays for that day (a child placed with nothing paid, a payment recorded elsewhere,
  or cost rows that stop before the placement does);
- **placement not in the store**: a cost row naming a Placement ID the store does not hold;
- **placement not found**: a Placement row without an ID for which no single placement of the
  child holds its Cost from date;
- **another child's placement**: a cost row whose placement belongs to another child;
- **paid after the placement ended**: a cost row still paid (Cost to blank, or on or after
  the end date) for a placement the store has ended; the days and the amount beyond the end
  are named (they are not counted in the tracker's totals);
- **paid before the placement started**: a cost row whose Cost from is before the
  placement's start (the days before it are not counted);
- **child unknown to the store**: a cost row whose Child ID is not in ssd_person.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from csc_insight.costs.model import StoreFacts
from csc_insight.costs.periods import Period, Span, cost, pounds
from csc_insight.costs.tracker import Tracked


@dataclass(frozen=True)
class Issue:
    """One discrepancy: what it is, the child and placement, the cost row, and why."""

    what: str
    child_id: str
    placement_id: str | None
    where: str | None  # the cost row (file, row); None for a placement with no row
    reason: str


def reconcile(
    tracked: Sequence[Tracked], facts: StoreFacts, as_at: date, year: Period
) -> list[Issue]:
    """Every discrepancy, placements first, then cost rows in file order."""
    issues = _unpaid_placements(tracked, facts, as_at)
    for t in tracked:
        issues += _row_issues(t, facts, year)
    return issues


def _unpaid_placements(tracked: Sequence[Tracked], facts: StoreFacts, as_at: date) -> list[Issue]:
    """Placements open on ``as_at`` that no cost row pays for that day."""
    joined = {t.placement.placement_id for t in tracked if t.placement is not None}
    paid = {t.placement.placement_id for t in tracked if t.placement and t.paid_on(as_at)}
    out = []
    for p in sorted(facts.placements.values(), key=lambda p: (p.child_id, p.start)):
        if not (p.start <= as_at and (p.end is None or p.end > as_at)) or p.placement_id in paid:
            continue
        why = "its cost rows stop before it" if p.placement_id in joined else "no cost row for it"
        out.append(
            Issue(
                "open placement, no cost row",
                p.child_id,
                p.placement_id,
                None,
                f"placed {p.start:%d/%m/%Y} (type {p.placement_type or '?'}, provider "
                f"{p.provider_code or '?'}), open on {as_at:%d/%m/%Y}: {why}",
            )
        )
    return out


def _row_issues(t: Tracked, facts: StoreFacts, year: Period) -> list[Issue]:
    r, p = t.row, t.placement
    out: list[Issue] = []

    placement_id = r.placement_id or (p.placement_id if p is not None else None)

    def add(what: str, reason: str) -> None:
        out.append(Issue(what, r.child_id, placement_id, r.where, reason))

    if r.child_id not in facts.children:
        add("child unknown to the store", f"child {r.child_id} is not in the store's records")
    if r.placement_id is not None and p is None:
        add("placement not in the store", f"placement {r.placement_id} is not in the store")
    elif r.kind == "placement" and p is None:
        add(
            "placement not found",
            f"no single placement of child {r.child_id} in the store holds "
            f"{r.cost_from:%d/%m/%Y} (Cost from): give its Placement ID",
        )
    if p is None:
        return out
    if p.child_id != r.child_id:
        add("another child's placement", f"placement {p.placement_id} is child {p.child_id}'s")
    if p.end is not None and (r.cost_to is None or r.cost_to >= p.end):
        add("paid after the placement ended", _beyond(t, p.end, year))
    if r.cost_from < p.start:
        days = (p.start - r.cost_from).days
        add(
            "paid before the placement started",
            f"Cost from {r.cost_from:%d/%m/%Y}, placement started {p.start:%d/%m/%Y}: "
            f"{days} days not counted",
        )
    return out


def _beyond(t: Tracked, end: date, year: Period) -> str:
    """The days in the year the row pays for on or after the placement's end, and their cost."""
    r = t.row
    paid_to = "still being paid" if r.cost_to is None else f"paid to {r.cost_to:%d/%m/%Y}"
    beyond = Period("beyond", max(end, r.cost_from), r.cost_to or year.last)
    days = Span(beyond.first, beyond.last).days_in(year)
    last = min(beyond.last, year.last)
    return (
        f"ended {end:%d/%m/%Y} in the store, {paid_to}: {days} days from "
        f"{max(beyond.first, year.first):%d/%m/%Y} to {last:%d/%m/%Y} in {year.label}, "
        f"{pounds(cost(r.weekly, days))}, not counted"
    )
