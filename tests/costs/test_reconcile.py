"""The reconciliation of the cost rows with the store's placements: each discrepancy listed
with the child, the placement, the cost row and what to do about it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from csc_insight.costs.model import CostRow
from csc_insight.costs.periods import year_of
from csc_insight.costs.reconcile import Issue, reconcile
from csc_insight.costs.store import read_store
from csc_insight.costs.tracker import track
from tests.costs.conftest import cost

AS_AT = date(2020, 3, 31)


def _issues(store: Path, rows: list[CostRow]) -> list[Issue]:
    facts = read_store(store, AS_AT)
    return reconcile(track(rows, facts), facts, AS_AT, year_of(AS_AT))


def _whats(issues: list[Issue]) -> list[tuple[str, str, str | None]]:
    return [(i.what, i.child_id, i.placement_id) for i in issues]


def test_everything_paid_and_placed_agrees(store: Path) -> None:
    rows = [
        cost("A", "PA1", "700", "2019-04-01"),
        cost("B", "PB1", "7000", "2019-06-01", "2019-09-30"),  # paid to the day before it ended
        cost("B", "PB2", "450", "2019-10-01", provision="in-house", purchase=None),
    ]
    assert _issues(store, rows) == []


def test_an_open_placement_with_no_cost_row_is_listed(store: Path) -> None:
    issues = _issues(store, [cost("A", "PA1", "700", "2019-04-01")])
    assert _whats(issues) == [("open placement, no cost row", "B", "PB2")]
    assert "placed 01/10/2019 (type U6, provider PR1), open on 31/03/2020" in issues[0].reason
    assert issues[0].where is None
    # a cost row that stops before the placement does leaves it unpaid on the day
    rows = [
        cost("A", "PA1", "700", "2019-04-01", "2020-03-30"),
        cost("B", "PB2", "450", "2019-10-01"),
    ]
    (i,) = _issues(store, rows)
    assert (i.child_id, i.placement_id) == ("A", "PA1")
    assert i.reason.endswith("open on 31/03/2020: its cost rows stop before it")
    # ended before the day: not open, so not listed (PD1 ended in 2019, PB1 on 1 October)
    assert all(i.placement_id not in ("PD1", "PB1") for i in issues)


def test_a_placement_ended_but_still_paid_is_listed_with_what_is_not_counted(store: Path) -> None:
    rows = [cost("A", "PA1", "700", "2019-04-01"), cost("B", "PB2", "450", "2019-10-01"),
            cost("B", "PB1", "7000", "2019-06-01", row=7)]  # fmt: skip
    (i,) = _issues(store, rows)
    assert (i.what, i.child_id, i.placement_id) == ("paid after the placement ended", "B", "PB1")
    assert i.where == "costs.xlsx [Costs], row 7"
    assert i.reason == (
        "ended 01/10/2019 in the store, still being paid: 183 days from 01/10/2019 to 31/03/2020 "
        "in 2019-20, £183,000.00, not counted"
    )
    # paid to a day on or after the end: listed too, with the days beyond it
    rows[2] = cost("B", "PB1", "7000", "2019-06-01", "2019-10-02")
    (i,) = _issues(store, rows)
    assert "paid to 02/10/2019: 2 days from 01/10/2019 to 02/10/2019" in i.reason


def test_cost_rows_the_store_cannot_account_for(store: Path) -> None:
    rows = [
        cost("A", "PA1", "700", "2019-04-01"),
        cost("B", "PB2", "450", "2019-10-01"),
        cost("Z", None, "300", "2019-05-01", kind="other package", row=4),  # unknown child
        cost("A", "PX9", "900", "2019-05-01", row=5),  # unknown placement id
        cost("C", None, "900", "2019-05-01", row=6),  # a placement row: C has no placement
        cost("C", "PA1", "900", "2019-05-01", "2019-05-31", row=8),  # A's placement
        cost("A", "PA1", "650", "2019-03-01", "2019-03-31", row=9),  # before it started
    ]
    got = _whats(_issues(store, rows))
    assert got == [
        ("child unknown to the store", "Z", None),
        ("placement not in the store", "A", "PX9"),
        ("placement not found", "C", None),
        ("another child's placement", "C", "PA1"),
        ("paid before the placement started", "A", "PA1"),
    ]
    reasons = [i.reason for i in _issues(store, rows)]
    assert reasons[0] == "child Z is not in the store's records"
    assert reasons[2].startswith("no single placement of child C in the store holds 01/05/2019")
    assert reasons[3] == "placement PA1 is child A's"
    assert reasons[4] == ("Cost from 01/03/2019, placement started 01/04/2019: 31 days not counted")
