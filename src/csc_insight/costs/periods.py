"""What a cost row costs in a period: its weekly cost pro rata by calendar days.

**Days paid.** A placement or package is paid for every calendar day from its first day paid
to its last, both included; weekends and bank holidays are days like any other (a placement is
paid for the nights a child is there, not for working days). A day costs the weekly cost ÷ 7,
so a full week costs the weekly cost and a financial year of 366 days (one holding 29
February) costs 366/7 weeks.

**The first and last day paid** are the template's Cost from and Cost to (the last day paid
for, inclusive; blank while it is still being paid), cut to the store's placement when the row
is for one: not before the placement's start, and not on or after its end. The store's end
date of a placement is the day the child left it, which is the first day of the next
placement: finance pays a placement to that day (the nights before it) and the next placement
from it, so no day is paid twice. A placement ended in the store therefore stops costing from
its end date, whatever the cost row says; what the row would pay beyond it is listed by the
reconciliation, not counted.

**Periods.** A financial year (1 April to 31 March), its quarters, the year to date (1 April
to the "as at" day, inclusive) and the projection to the year end: the year to date plus, for
each row, the days from the day after "as at" to its last day paid, or to 31 March while it
has none (a row still being paid is assumed to carry on at its current weekly cost). Amounts
are kept exact (to the penny when shown) and summed before rounding.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from csc_insight import financial_year

DAY = timedelta(days=1)
WEEK = Decimal(7)


@dataclass(frozen=True)
class Period:
    """A run of calendar days, both ends included."""

    label: str
    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


@dataclass(frozen=True)
class Span:
    """The days a cost row is paid for, both ends included; ``last`` None: still being paid."""

    first: date
    last: date | None

    def days_in(self, period: Period) -> int:
        first = max(self.first, period.first)
        last = period.last if self.last is None else min(self.last, period.last)
        return max(0, (last - first).days + 1)

    def paid_on(self, day: date) -> bool:
        return self.first <= day and (self.last is None or day <= self.last)


def cost(weekly: Decimal, days: int) -> Decimal:
    """The weekly cost for a number of days: weekly × days ÷ 7 (exact, before rounding)."""
    return weekly * days / WEEK


def pounds(v: Decimal) -> str:
    """Pounds to the penny, rounded half up: £4,285.71."""
    return f"£{v.quantize(Decimal('0.01'), ROUND_HALF_UP):,.2f}"


def year_of(as_at: date) -> Period:
    """The financial year holding ``as_at``."""
    start = financial_year.start(as_at)
    return Period(financial_year.label(as_at), start, date(start.year + 1, 3, 31))


def quarters(year: Period) -> list[Period]:
    """Q1 April–June, Q2 July–September, Q3 October–December, Q4 January–March."""
    y = year.first.year
    starts = [date(y, 4, 1), date(y, 7, 1), date(y, 10, 1), date(y + 1, 1, 1)]
    ends = [s - DAY for s in starts[1:]] + [year.last]
    return [Period(f"Q{i + 1}", s, e) for i, (s, e) in enumerate(zip(starts, ends, strict=True))]


def to_date(year: Period, as_at: date) -> Period:
    """1 April to ``as_at``; before the year starts, no days (last before first)."""
    return Period("to date", year.first, min(as_at, year.last))


def rest_of_year(year: Period, as_at: date) -> Period:
    """The day after ``as_at`` to 31 March (no days once the year is over)."""
    return Period("rest of year", max(as_at + DAY, year.first), year.last)
