"""The next milestone of a project and an action's standing at a month end."""

from __future__ import annotations

from datetime import date

import pytest

from csc_insight.delivery import plan, status
from csc_insight.delivery.model import Action
from tests.delivery.cases import ENTRY, SOURCE, milestone

END = date(2021, 6, 30)


def test_the_next_milestone_is_the_first_not_done_a_late_one_first() -> None:
    late, soon, done = (
        milestone(date(2021, 5, 1)),
        milestone(date(2021, 7, 1)),
        milestone(date(2021, 4, 1), "completed", date(2021, 4, 1)),
    )
    assert status.next_milestone([soon, done, late], END) is late
    assert status.next_milestone([soon, done], END) is soon
    assert status.next_milestone([done, milestone(None)], END) is None


def action(due: date | None, state: str | None, completed_on: date | None = None) -> Action:
    return Action(
        "1.1", "Practice", "an action", None, due, state, None, ENTRY, SOURCE, completed_on
    )  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("a", "expected"),
    [
        (action(date(2021, 6, 29), "in progress"), "overdue"),
        (action(END, "in progress"), "in progress"),  # due on the month's last day: not late
        (action(date(2021, 7, 1), None), "not entered"),
        (action(date(2021, 5, 1), "completed", date(2021, 5, 9)), "completed"),
        (action(date(2021, 9, 1), "completed", date(2021, 7, 2)), "in progress"),  # done later
        (action(date(2021, 9, 1), "slipped"), "slipped"),
        (action(None, "not started"), "not started"),
    ],
)
def test_an_actions_standing_at_a_month_end(a: Action, expected: str) -> None:
    assert plan.standing(a, END) == expected
