"""The calendar table: England working days and a running working-day number.

"Within 45 working days" becomes ``wdn(b) - wdn(a) <= 45``: a subtraction, never a loop.
Bank holidays come from the ``holidays`` package (England subdivision of the UK), which knows the
one-off days that hand-kept lists miss: 2020-05-08 (VE day, moved May bank holiday), 2022-06-02/03
(jubilee), 2022-09-19 (state funeral), 2023-05-08 (coronation).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

import duckdb

from csc_insight import financial_year as fy
from csc_insight.store.sql import table_exists

if TYPE_CHECKING:
    import pyarrow as pa

FIRST = date(2010, 1, 1)
LAST = date(2035, 12, 31)


def england_bank_holidays(first: date = FIRST, last: date = LAST) -> dict[date, str]:
    import holidays  # only when the calendar is built: `csc compute` need not import it

    years = range(first.year, last.year + 1)
    return dict(holidays.country_holidays("GB", subdiv="ENG", years=years).items())


#: The financial year's label (csc_insight.financial_year: one rule for the package).
financial_year = fy.label


def build(first: date = FIRST, last: date = LAST) -> pa.Table:
    import pyarrow as pa  # only when the calendar is built: `csc compute` need not import it

    """One row per day with the working-day flag and running working-day number."""
    bank = england_bank_holidays(first, last)
    days, working, names, numbers, months, fys, fy_starts = [], [], [], [], [], [], []
    n = 0
    d = first
    while d <= last:
        is_working = d.weekday() < 5 and d not in bank
        n += is_working
        days.append(d)
        working.append(is_working)
        names.append(bank.get(d))
        numbers.append(n)
        months.append(d.replace(day=1))
        fys.append(financial_year(d))
        fy_starts.append(fy.start(d))
        d += timedelta(days=1)
    return pa.table(
        {
            "cal_date": pa.array(days, pa.date32()),
            "cal_is_working_day": working,
            "cal_bank_holiday": pa.array(names, pa.string()),
            "cal_working_day_number": pa.array(numbers, pa.int32()),
            "cal_month_start": pa.array(months, pa.date32()),
            "cal_financial_year": fys,
            "cal_financial_year_start": pa.array(fy_starts, pa.date32()),
        }
    )


def ensure(con: duckdb.DuckDBPyConnection) -> None:
    """Create the calendar table once; a store keeps the calendar it was made with."""
    if table_exists(con, "calendar"):
        return
    cal = build()  # noqa: F841 - read by DuckDB's replacement scan below
    con.execute("CREATE TABLE calendar AS SELECT * FROM cal ORDER BY cal_date")
