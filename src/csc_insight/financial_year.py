"""The financial year, 1 April to 31 March: one rule for the whole package.

The pack and the calendar label a year by both its ends (``2020-21``). The DfE's returns name
their collection year by the year it ends: the 2020-21 SSDA903 and CIN census are "2021".

>>> start(date(2021, 3, 31)), start(date(2021, 4, 1))
(datetime.date(2020, 4, 1), datetime.date(2021, 4, 1))
>>> label(date(2021, 3, 31)), collection_year(date(2021, 3, 31)), collection_year(date(2021, 4, 1))
('2020-21', 2021, 2022)
>>> bounds(2021)
(datetime.date(2020, 4, 1), datetime.date(2021, 3, 31))
"""

from __future__ import annotations

from datetime import date


def start(d: date) -> date:
    """1 April that starts the financial year holding ``d``."""
    return date(d.year if d.month >= 4 else d.year - 1, 4, 1)


def label(d: date) -> str:
    """``2020-21`` for any day from 1 April 2020 to 31 March 2021."""
    s = start(d).year
    return f"{s}-{(s + 1) % 100:02d}"


def collection_year(d: date) -> int:
    """The year a return names the financial year holding ``d`` by: the year it ends."""
    return start(d).year + 1


def bounds(year: int) -> tuple[date, date]:
    """First and last day of the collection year ``year`` (2021: 1 April 2020 to 31 March 2021)."""
    return date(year - 1, 4, 1), date(year, 3, 31)
