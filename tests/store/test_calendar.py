"""The calendar: England working days, including the bank holidays other tools get wrong."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from csc_insight.store import calendar


@pytest.fixture(scope="module")
def con() -> duckdb.DuckDBPyConnection:
    c = duckdb.connect()
    calendar.ensure(c)
    return c


def working(con: duckdb.DuckDBPyConnection, d: str) -> bool:
    return con.execute(
        "SELECT cal_is_working_day FROM calendar WHERE cal_date = ?", [d]
    ).fetchall()[0][0]


def working_days(con: duckdb.DuckDBPyConnection, a: str, b: str) -> int:
    """Working days from a to b, as indicators compute them: wdn(b) - wdn(a)."""
    rows = con.execute(
        """SELECT y.cal_working_day_number - x.cal_working_day_number
           FROM calendar x, calendar y WHERE x.cal_date = ? AND y.cal_date = ?""",
        [a, b],
    ).fetchall()
    return rows[0][0]


@pytest.mark.parametrize(
    ("day", "why"),
    [
        ("2020-05-08", "VE day: the early May bank holiday moved from Monday 4 May"),
        ("2022-06-02", "Platinum jubilee: spring bank holiday moved"),
        ("2022-06-03", "Platinum jubilee"),
        ("2022-09-19", "State funeral of Queen Elizabeth II"),
        ("2022-12-27", "Christmas Day substitute (25 December was a Sunday)"),
        ("2023-05-08", "Coronation of King Charles III"),
        ("2023-12-26", "Boxing Day"),
        ("2020-12-28", "Boxing Day substitute (26 December was a Saturday)"),
        ("2021-04-02", "Good Friday"),
        ("2021-04-05", "Easter Monday"),
    ],
)
def test_bank_holidays_are_not_working_days(
    con: duckdb.DuckDBPyConnection, day: str, why: str
) -> None:
    assert not working(con, day), why


@pytest.mark.parametrize(
    "day",
    [
        "2020-05-04",  # an ordinary Monday in 2020: the bank holiday moved to the Friday
        "2022-05-30",  # the usual late-May Monday, not a holiday in jubilee year
    ],
)
def test_moved_holidays_leave_the_usual_day_working(
    con: duckdb.DuckDBPyConnection, day: str
) -> None:
    assert working(con, day)


def test_weekends_are_not_working_days(con: duckdb.DuckDBPyConnection) -> None:
    assert not working(con, "2021-03-27")  # Saturday
    assert not working(con, "2021-03-28")  # Sunday
    assert working(con, "2021-03-29")


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("2021-03-26", "2021-03-29", 1),  # Friday to Monday
        ("2021-03-29", "2021-03-29", 0),  # same day
        ("2020-05-07", "2020-05-11", 1),  # Thursday to Monday over VE day Friday
        ("2022-06-01", "2022-06-06", 1),  # over the jubilee Thursday and Friday
        ("2022-09-16", "2022-09-20", 1),  # Friday to Tuesday over the state funeral
        ("2020-02-28", "2020-03-02", 1),  # over the leap day (a Saturday)
        ("2021-03-31", "2021-04-06", 2),  # over Easter at the year end: Thu 1 Apr, Tue 6 Apr
        ("2020-12-24", "2021-01-04", 4),  # Christmas: 29, 30, 31 Dec and 4 Jan
        ("2023-05-05", "2023-05-09", 1),  # over the coronation Monday
    ],
)
def test_working_days_between(
    con: duckdb.DuckDBPyConnection, a: str, b: str, expected: int
) -> None:
    assert working_days(con, a, b) == expected


def test_range_and_financial_year(con: duckdb.DuckDBPyConnection) -> None:
    first, last, n = con.execute(
        "SELECT min(cal_date), max(cal_date), count(*) FROM calendar"
    ).fetchall()[0]
    assert (first, last) == (date(2010, 1, 1), date(2035, 12, 31))
    assert n == (last - first).days + 1
    fy = con.execute(
        "SELECT cal_financial_year, cal_financial_year_start FROM calendar WHERE cal_date IN ('2021-03-31', '2021-04-01') ORDER BY cal_date"
    ).fetchall()
    assert fy == [("2020-21", date(2020, 4, 1)), ("2021-22", date(2021, 4, 1))]


def test_leap_day_present(con: duckdb.DuckDBPyConnection) -> None:
    assert working(con, "2024-02-29")  # a Thursday
    assert (
        con.execute("SELECT count(*) FROM calendar WHERE cal_date = '2021-02-28'").fetchall()[0][0]
        == 1
    )
