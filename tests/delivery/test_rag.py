"""The delivery RAG, completion score and assurance: hand-built cases on each edge of the rule."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from csc_insight.delivery import rag
from tests.delivery.cases import milestone, risk

D = Decimal
AS_AT = date(2021, 6, 30)


@pytest.mark.parametrize(
    ("milestones", "as_at", "expected"),
    [
        ([], AS_AT, "Grey"),  # a project with no milestones and no profile
        ([milestone(date(2021, 7, 1))], AS_AT, "Grey"),  # nothing due yet
        ([milestone(None)], AS_AT, "Grey"),  # no due date: never due
        ([milestone(AS_AT)], AS_AT, "Green"),  # due today: not late
        ([milestone(date(2021, 6, 29))], AS_AT, "Amber"),  # one day late
        ([milestone(date(2021, 6, 2))], AS_AT, "Amber"),  # 28 days late
        ([milestone(date(2021, 6, 1))], AS_AT, "Red"),  # 29 days late
        ([milestone(date(2021, 6, 1), "completed", date(2021, 6, 1))], AS_AT, "Green"),  # on day
        (
            [milestone(date(2021, 6, 1), "completed", date(2021, 6, 20))],
            AS_AT,
            "Green",
        ),  # late, done
        ([milestone(date(2021, 6, 1), "completed", date(2021, 7, 5))], AS_AT, "Red"),  # done later
        ([milestone(date(2021, 6, 1), None)], AS_AT, "Red"),  # status not entered: not done
        ([milestone(date(2021, 9, 1), "slipped")], AS_AT, "Amber"),  # slipped before it is due
        ([milestone(date(2021, 4, 1), "slipped")], AS_AT, "Red"),  # slipped and 90 days late
        # a leap day: 29 February 2024 to 28 March 2024 is 28 days; to 29 March, 29
        ([milestone(date(2024, 2, 29))], date(2024, 3, 28), "Amber"),
        ([milestone(date(2024, 2, 29))], date(2024, 3, 29), "Red"),
        # a year end: due 31 March, as at 31 March is due today; 1 April is a day late
        ([milestone(date(2021, 3, 31))], date(2021, 3, 31), "Green"),
        ([milestone(date(2021, 3, 31))], date(2021, 4, 1), "Amber"),
    ],
)
def test_milestone_rag(milestones: list, as_at: date, expected: str) -> None:
    assert rag.delivery_rag(milestones, {}, {}, as_at).rag == expected


def test_days_late_across_the_leap_day() -> None:
    assert rag.days_late(milestone(date(2024, 2, 28)), date(2024, 3, 1)) == 2
    assert rag.days_late(milestone(date(2023, 2, 28)), date(2023, 3, 1)) == 1


@pytest.mark.parametrize(
    ("as_at", "months"),
    [
        (date(2021, 3, 31), 0),  # the day before the year starts
        (date(2021, 4, 29), 0),
        (date(2021, 4, 30), 1),  # April ends on its last day
        (date(2022, 2, 28), 11),  # 2022 is not a leap year: February has ended
        (date(2022, 3, 30), 11),
        (date(2022, 3, 31), 12),  # year end: the whole year is due
        (date(2023, 1, 1), 12),
    ],
)
def test_months_ended(as_at: date, months: int) -> None:
    assert rag.months_ended("2021-22", as_at) == months


def test_leap_february_ends_on_the_29th() -> None:
    assert rag.months_ended("2023-24", date(2024, 2, 28)) == 10
    assert rag.months_ended("2023-24", date(2024, 2, 29)) == 11


PROFILE = {"2021-22": D(1200), "2022-23": D(600)}


@pytest.mark.parametrize(
    ("achieved", "as_at", "expected", "due"),
    [
        ({}, date(2021, 3, 31), "Grey", D(0)),  # nothing profiled yet
        ({"2021-22": D(300)}, date(2021, 6, 30), "Green", D(300)),  # 100%
        ({"2021-22": D(285)}, date(2021, 6, 30), "Green", D(300)),  # 95%: on the line
        ({"2021-22": D("284.9")}, date(2021, 6, 30), "Amber", D(300)),  # just under 95%
        ({"2021-22": D(225)}, date(2021, 6, 30), "Amber", D(300)),  # 75%: on the line
        ({"2021-22": D(224)}, date(2021, 6, 30), "Red", D(300)),  # under 75%
        ({"2021-22": D(1200)}, date(2022, 3, 31), "Green", D(1200)),  # year end: all of it
        ({"2021-22": D(1100)}, date(2022, 3, 31), "Amber", D(1200)),
        # the next year begun: 1,200 + 50 due by 30 April 2022
        ({"2021-22": D(1200), "2022-23": D(50)}, date(2022, 4, 30), "Green", D(1250)),
        ({"2021-22": D(1200)}, date(2022, 4, 30), "Green", D(1250)),  # 96%
        ({"2021-22": D(900)}, date(2022, 4, 30), "Red", D(1250)),  # 72%
    ],
)
def test_savings_rag(achieved: dict, as_at: date, expected: str, due: Decimal) -> None:
    r = rag.delivery_rag([], PROFILE, achieved, as_at)
    assert (r.rag, r.profile_to_date) == (expected, due)


def test_savings_not_entered_is_not_a_shortfall_and_is_said() -> None:
    r = rag.delivery_rag([milestone(date(2021, 5, 1), "completed")], PROFILE, {}, AS_AT)
    assert r.rag == "Green"
    assert r.achieved_to_date is None
    assert any("not entered" in x for x in r.reasons)


def test_savings_due_but_not_entered_and_nothing_else_due_is_grey_not_green() -> None:
    r = rag.delivery_rag([milestone(date(2021, 9, 1))], PROFILE, {}, AS_AT)
    assert r.rag == "Grey"
    assert r.reasons == (
        "nothing due yet",
        "savings achieved to date not entered (profile to date 300)",
    )


def test_reasons_name_the_late_milestone() -> None:
    r = rag.delivery_rag([milestone(date(2021, 6, 1))], {}, {}, AS_AT)
    assert r.reasons == ("'a milestone' is 29 days late (due 01/06/2021)",)


@pytest.mark.parametrize(
    ("milestones", "score"),
    [
        ([], None),
        ([milestone(date(2021, 7, 1))], None),  # nothing due or done
        ([milestone(AS_AT, "completed", AS_AT)], 100),  # completed on the due day
        ([milestone(date(2021, 6, 1), "completed", date(2021, 6, 2))], 0),  # a day late
        ([milestone(date(2021, 9, 1), "completed", date(2021, 6, 1))], 100),  # done early
        ([milestone(date(2021, 6, 1), "completed")], 100),  # no completion date: as entered
        (
            [
                milestone(date(2021, 4, 1), "completed", date(2021, 4, 1)),
                milestone(date(2021, 5, 1), "completed", date(2021, 5, 9)),
                milestone(date(2021, 6, 1)),
                milestone(date(2021, 12, 1)),
            ],
            33,
        ),
    ],
)
def test_completion_score(milestones: list, score: int | None) -> None:
    assert rag.completion_score(milestones, AS_AT) == score


@pytest.mark.parametrize(
    ("rating", "risks", "guardrails", "expected"),
    [
        ("Green", [], None, "substantial"),
        ("Green", [risk(2, 5)], "holds", "substantial"),  # 10: not high
        ("Grey", [], None, "reasonable"),  # nothing rated yet
        ("Green", [risk(3, 5)], None, "reasonable"),  # 15, mitigated
        ("Green", [risk(3, 5, None)], None, "limited"),  # 15, no mitigation
        ("Amber", [], None, "reasonable"),
        ("Green", [], "watch", "reasonable"),
        ("Green", [], "no figure", "reasonable"),
        ("Green", [], "breached", "limited"),
        ("Red", [], "holds", "limited"),
        ("Green", [risk(2, 2), risk(None, 4)], None, "reasonable"),  # a risk not yet scored
    ],
)
def test_assurance(rating: rag.Rag, risks: list, guardrails: str | None, expected: str) -> None:
    assert rag.assurance(rating, risks, guardrails) == expected
