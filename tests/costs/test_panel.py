"""The care panel's lists as at a day: high-cost placements over the analyst's threshold,
overdue reviews and spot purchases."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from csc_insight.costs import panel
from csc_insight.costs.store import read_store
from csc_insight.costs.tracker import Tracked, track
from tests.costs.conftest import cost

AS_AT = date(2020, 1, 15)


def _tracked(store: Path) -> list[Tracked]:
    rows = [
        cost("A", "PA1", "5000", "2019-04-01", review="2020-01-15", purchase="spot"),
        cost("B", "PB2", "5000.01", "2019-10-01", review="2020-01-14"),
        cost("B", "PB1", "9000", "2019-06-01", review="2019-07-01", purchase="spot"),  # ended
        cost("C", None, "420", "2019-04-01", kind="cwd package", review=None, purchase="spot"),
        cost("C", None, "6000", "2020-02-01", kind="other package", provider="P2"),  # not yet
    ]
    return track(rows, read_store(store, AS_AT))


def _children(found: list[Tracked]) -> list[tuple[str, str]]:
    return [(t.row.child_id, str(t.row.weekly)) for t in found]


def test_high_cost_is_above_the_threshold_and_paid_on_the_day(store: Path) -> None:
    found = panel.high_cost(_tracked(store), AS_AT, Decimal(5000))
    assert _children(found) == [("B", "5000.01")]  # £5,000 exactly is not above it
    found = panel.high_cost(_tracked(store), AS_AT, Decimal(400))
    assert _children(found) == [("B", "5000.01"), ("A", "5000"), ("C", "420")]  # dearest first
    # the ended placement and the package not yet started are not paid on the day
    later = panel.high_cost(_tracked(store), date(2020, 2, 1), Decimal(5000))
    assert _children(later) == [("C", "6000"), ("B", "5000.01")]


def test_a_review_is_overdue_from_the_day_after_it_was_due(store: Path) -> None:
    assert _children(panel.overdue(_tracked(store), AS_AT)) == [("B", "5000.01")]
    next_day = panel.overdue(_tracked(store), date(2020, 1, 16))
    assert _children(next_day) == [("B", "5000.01"), ("A", "5000")]  # oldest review first
    assert _children(panel.no_review(_tracked(store), AS_AT)) == [("C", "420")]


def test_spot_purchases_paid_on_the_day(store: Path) -> None:
    assert _children(panel.spot(_tracked(store), AS_AT)) == [("A", "5000"), ("C", "420")]
