"""England working days as arrays, so that working-day arithmetic is vectorised.

Days are integers counted from 1970-01-01 (DuckDB's and Arrow's DATE), throughout the synth.
The working-day number follows the store's calendar: wdn(b) - wdn(a) is the working days from a
to b (b counts if it is a working day, a does not).
"""

from __future__ import annotations

from datetime import date
from functools import cache

import holidays
import numpy as np

EPOCH = date(1970, 1, 1)


def day(d: date) -> int:
    return (d - EPOCH).days


def to_date(n: int) -> date:
    return date.fromordinal(EPOCH.toordinal() + int(n))


class WorkCalendar:
    """Working-day lookups for every day from ``first`` to ``last`` (inclusive)."""

    def __init__(self, first: int, last: int) -> None:
        self.first = first
        self.last = last
        days = np.arange(first, last + 1)
        weekday = (days + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
        years = range(to_date(first).year, to_date(last).year + 1)
        bank = holidays.country_holidays("GB", subdiv="ENG", years=years)
        bank_days = np.array([day(d) for d in bank], dtype=np.int64)
        self.working = (weekday < 5) & ~np.isin(days, bank_days)
        self.wdn = np.cumsum(self.working)  # working days up to and including the day
        self.working_days = days[self.working]
        self.month = (days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)) % 12

    def _i(self, d: np.ndarray) -> np.ndarray:
        return np.clip(np.asarray(d, dtype=np.int64) - self.first, 0, self.last - self.first)

    def is_working(self, d: np.ndarray) -> np.ndarray:
        return self.working[self._i(d)]

    def number(self, d: np.ndarray) -> np.ndarray:
        """Working-day number of each day."""
        return self.wdn[self._i(d)]

    def add(self, d: np.ndarray, n: np.ndarray | int) -> np.ndarray:
        """The day ``n`` working days after ``d`` (n >= 0; n = 0 gives ``d`` itself)."""
        d = np.asarray(d, dtype=np.int64)
        n = np.asarray(n, dtype=np.int64)
        target = self.wdn[self._i(d)] + n
        out = self.working_days[np.clip(target - 1, 0, len(self.working_days) - 1)]
        return np.where(n == 0, d, out)

    def sub(self, d: np.ndarray, n: np.ndarray | int) -> np.ndarray:
        """The working day ``n`` working days before working day ``d`` (n = 0 gives ``d``)."""
        d = np.asarray(d, dtype=np.int64)
        n = np.asarray(n, dtype=np.int64)
        target = self.wdn[self._i(d)] - n
        out = self.working_days[np.clip(target - 1, 0, len(self.working_days) - 1)]
        return np.where(n == 0, d, out)

    def on_or_after(self, d: np.ndarray) -> np.ndarray:
        """The first working day on or after ``d``."""
        d = np.asarray(d, dtype=np.int64)
        return np.where(self.is_working(d), d, self.add(d, 1))

    def from_number(self, wdn: np.ndarray) -> np.ndarray:
        """The working day with working-day number ``wdn``."""
        i = np.clip(np.asarray(wdn, dtype=np.int64) - 1, 0, len(self.working_days) - 1)
        return self.working_days[i]


@cache
def calendar(first: int, last: int) -> WorkCalendar:
    return WorkCalendar(first, last)


def ymd(d: np.ndarray) -> np.ndarray:
    """yyyymmdd as an integer, for ids."""
    dt = np.asarray(d, dtype=np.int64).astype("datetime64[D]")
    y = dt.astype("datetime64[Y]").astype(np.int64) + 1970
    m = dt.astype("datetime64[M]").astype(np.int64) % 12 + 1
    dd = (dt - dt.astype("datetime64[M]")).astype(np.int64) + 1
    return y * 10000 + m * 100 + dd


def add_years(d: np.ndarray, years: np.ndarray | int) -> np.ndarray:
    """The same day-of-month ``years`` later (29 February becomes 1 March in common years)."""
    dt = np.asarray(d, dtype=np.int64).astype("datetime64[D]")
    months = dt.astype("datetime64[M]")
    dom = (dt - months).astype(np.int64)
    new_month = months + np.asarray(years, dtype=np.int64) * 12
    return (new_month.astype("datetime64[D]") + dom).astype(np.int64)


def add_months(d: np.ndarray, months: np.ndarray | int) -> np.ndarray:
    """Calendar months later, the day of month clipped to the month's last day."""
    dt = np.asarray(d, dtype=np.int64).astype("datetime64[D]")
    m0 = dt.astype("datetime64[M]")
    dom = (dt - m0).astype(np.int64)
    m1 = m0 + np.asarray(months, dtype=np.int64)
    length = ((m1 + 1).astype("datetime64[D]") - m1.astype("datetime64[D]")).astype(np.int64)
    return (m1.astype("datetime64[D]") + np.minimum(dom, length - 1)).astype(np.int64)


def month_starts(first: int, last: int) -> np.ndarray:
    """First day of each month from the month of ``first`` to that of ``last``."""
    m0 = np.int64(first).astype("datetime64[D]").astype("datetime64[M]")
    m1 = np.int64(last).astype("datetime64[D]").astype("datetime64[M]")
    return np.arange(m0, m1 + 1).astype("datetime64[D]").astype(np.int64)
