"""The financial year's one rule (csc_insight.financial_year), by its examples."""

from __future__ import annotations

import doctest
from datetime import date

from csc_insight import financial_year


def test_the_examples_hold() -> None:
    assert doctest.testmod(financial_year).failed == 0


def test_leap_day_and_the_year_ends() -> None:
    assert financial_year.label(date(2020, 2, 29)) == "2019-20"
    assert financial_year.collection_year(date(2020, 2, 29)) == 2020
    assert financial_year.start(date(2000, 1, 1)) == date(1999, 4, 1)
    assert financial_year.label(date(2099, 12, 31)) == "2099-00"
