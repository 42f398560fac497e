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

PERIOD_TYPES = ("month", "quarter", "fytd", "r12", "year")


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


def fy_start(d: date) -> date:
    return date(d.year if d.month >= 4 else d.year - 1, 4, 1)


def fy_label(d: date) -> str:
    s = fy_start(d).year
    return f"{s}-{(s + 1) % 100:02d}"


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


def columns(periods: list[Period]) -> list[list[object]]:
    """period_id, period_type, period_start, period_end as lists, for ``unnest`` in DuckDB."""
    return [
        [p.period_id for p in periods],
        [p.period_type for p in periods],
        [p.period_start for p in periods],
        [p.period_end for p in periods],
    ]
