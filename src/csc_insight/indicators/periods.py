"""Reporting periods: months, quarters, financial year to date, rolling 12 months, year to 31 March.

Indicator SQL is evaluated for months only. Longer periods are built from months by the engine:
a flow indicator adds its monthly numerators and denominators (an event falls in exactly one
month); a snapshot indicator takes its value at the period's last month end. An indicator whose
figure is not additive over months (e.g. distinct children over a year) says ``aggregate:
recompute`` and its SQL is evaluated for every period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from csc_insight import financial_year

PERIOD_TYPES = ("month", "quarter", "fytd", "r12", "year", "week")

#: The days a week may end on (a council's weekly report: week ending Friday, or Sunday).
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class Period:
    period_id: str
    period_type: str
    period_start: date
    period_end: date


def month_end(d: date) -> date:
    nxt = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def add_months(d: date, n: int) -> date:
    m = d.month - 1 + n
    return date(d.year + m // 12, m % 12 + 1, 1)


#: The financial year's rule lives in one place (csc_insight.financial_year).
fy_start = financial_year.start
fy_label = financial_year.label


def months(first: date, last: date) -> list[Period]:
    """Every calendar month from the one holding ``first`` to the one holding ``last``."""
    out = []
    m = first.replace(day=1)
    while m <= last:
        out.append(Period(f"{m:%Y-%m}", "month", m, month_end(m)))
        m = add_months(m, 1)
    return out


def all_periods(first: date, last: date) -> list[Period]:
    """Months, and each longer period that ends at a month end in range and starts within it."""
    ms = months(first, last)
    out = list(ms)
    start = ms[0].period_start if ms else first
    for m in ms:
        end = m.period_end
        fs = fy_start(end)
        if fs >= start:
            out.append(Period(f"{fy_label(end)} YTD {end:%Y-%m}", "fytd", fs, end))
        r12 = add_months(m.period_start, -11)
        if r12 >= start:
            out.append(Period(f"R12 {end:%Y-%m}", "r12", r12, end))
        if end.month in (3, 6, 9, 12):
            qs = add_months(m.period_start, -2)
            if qs >= start:
                q = (end.month - 4) % 12 // 3 + 1
                out.append(Period(f"{fy_label(end)} Q{q}", "quarter", qs, end))
        if end.month == 3 and fs >= start:
            out.append(Period(fy_label(end), "year", fs, end))
    return out


def weeks(first: date, last: date, ends_on: str = "sunday") -> list[Period]:
    """Every whole week (seven days ending on ``ends_on``) from ``first`` to ``last``: a week
    starting before ``first`` or ending after ``last`` is left out, not shown part-counted.
    Weekly figures are for the indicators marked ``weekly`` (flows counted by event date), so
    a week's figure adds up with the others over the same days."""
    end_day = WEEKDAYS.index(ends_on)
    end = first + timedelta(days=(end_day - first.weekday()) % 7)
    out = []
    while end <= last:
        start = end - timedelta(days=6)
        if start >= first:
            out.append(Period(f"W/E {end:%Y-%m-%d}", "week", start, end))
        end += timedelta(days=7)
    return out


def days(first: date, last: date) -> list[Period]:
    """Every day from ``first`` to ``last`` as a period (id yyyy-mm-dd): the day pass of the
    weekly indicators, whose months and weeks are the sums of their days (build.add_up_days)."""
    return [
        Period(f"{d:%Y-%m-%d}", "day", d, d)
        for d in (first + timedelta(days=n) for n in range((last - first).days + 1))
    ]


def columns(periods: list[Period]) -> list[list[object]]:
    """period_id, period_type, period_start, period_end as lists, for ``unnest`` in DuckDB."""
    return [
        [p.period_id for p in periods],
        [p.period_type for p in periods],
        [p.period_start for p in periods],
        [p.period_end for p in periods],
    ]


#: How each kind of period is written, with an example, for messages and --help.
FORMS = (
    ("month", "2021-03 (or Mar-21, March 2021)"),
    ("quarter", "2020-21 Q4"),
    ("financial year to date", "2020-21 YTD 2021-03 (or YTD 2021-03)"),
    ("rolling 12 months", "R12 2021-03"),
    ("year to 31 March", "2020-21 (FY 2011-12 where the year could be read as a month)"),
    ("week", "W/E 2021-03-28 (week ending; or 'week ending 2021-03-28')"),
)

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


class PeriodError(ValueError):
    """A period that cannot be read; the message says what was wrong and how periods are written."""


def forms() -> str:
    return "; ".join(f"{name} {example}" for name, example in FORMS)


def parse(text: str) -> tuple[str, str]:
    """(period_id, period_type) for a period as a person types it; PeriodError if unreadable.

    Accepts the results table's ids (2021-03, '2020-21 Q4', '2020-21 YTD 2021-03', 'R12
    2021-03', 2020-21) and, for months and year to date, the forms of the seed pack (Mar-21,
    March 2021, YTD 2021-03)."""
    import re

    t = " ".join(text.split())
    low = t.lower()
    if m := re.fullmatch(r"(fy )?(\d{4})-(\d{2})", low):
        year, second = int(m[2]), int(m[3])
        # 2011-12 reads as December 2011; 'FY 2011-12' is the year to 31 March 2012.
        if m[1] or (not 1 <= second <= 12 and second == (year + 1) % 100):
            return _fy(year, second, text), "year"
        return _month(year, second, text), "month"
    if m := re.fullmatch(r"(\d{4})-(\d{2}) q([1-4])", low):
        return f"{_fy(int(m[1]), int(m[2]), text)} Q{m[3]}", "quarter"
    if m := re.fullmatch(r"(?:(\d{4})-(\d{2}) )?ytd (\d{4})-(\d{2})", low):
        month = _month(int(m[3]), int(m[4]), text)
        fy = fy_label(date(int(m[3]), int(m[4]), 1))
        if m[1] and _fy(int(m[1]), int(m[2]), text) != fy:
            raise PeriodError(
                f"{text!r}: {month} is not in the financial year {m[1]}-{m[2]} ({fy})"
            )
        return f"{fy} YTD {month}", "fytd"
    if m := re.fullmatch(r"(?:w/e|we|week ending|w/ending) (\d{4})-(\d{2})-(\d{2})", low):
        try:
            end = date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            raise PeriodError(
                f"{text!r} is not a period: there is no day {m[1]}-{m[2]}-{m[3]}"
            ) from None
        return f"W/E {end:%Y-%m-%d}", "week"
    if m := re.fullmatch(r"r12 (\d{4})-(\d{2})", low):
        return f"R12 {_month(int(m[1]), int(m[2]), text)}", "r12"
    if m := re.fullmatch(r"([a-z]{3})[a-z]*[ -](\d{2}|\d{4})", low):
        if m[1] not in _MONTHS:
            raise PeriodError(
                f"{text!r} is not a period: {m[1]!r} is not a month. Periods: {forms()}"
            )
        year = int(m[2]) + (2000 if len(m[2]) == 2 else 0)
        return _month(year, _MONTHS.index(m[1]) + 1, text), "month"
    raise PeriodError(f"{text!r} is not a period. Periods are written: {forms()}")


def _month(year: int, month: int, text: str) -> str:
    if not 1 <= month <= 12:
        raise PeriodError(
            f"{text!r} is not a period: there is no month {month}. Periods are written: {forms()}"
        )
    return f"{year}-{month:02d}"


def _fy(start: int, end: int, text: str) -> str:
    if end != (start + 1) % 100:
        raise PeriodError(
            f"{text!r} is not a financial year: {start}-{end:02d} should be {start}-{(start + 1) % 100:02d}"
        )
    return f"{start}-{end:02d}"
