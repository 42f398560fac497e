"""Budget monitoring: variance, movement, totals, the quarter-by-quarter trend and forecast
accuracy, all computed from the budget lines (never typed). Signs: see money/model.py.

Variance = projected expenditure − budget (an overspend is positive); movement in a quarter =
its variance − the previous quarter's (seed 000 Table 2: Children's Social Care 25,599 at Q2,
25,078 at Q3, a movement of -521). A quarter's total is given only when every line of the year
has a projection for it: a total of some services would read as the directorate's. Forecast
accuracy: each quarter's projection against the final outturn (error = projected − outturn, so
a positive error is a forecast that was too high).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from csc_insight.money.model import QUARTERS, BudgetLine, same_name


def variance(line: BudgetLine, quarter: int) -> Decimal | None:
    """Projected expenditure − budget in ``quarter``; None when the quarter is not projected."""
    p = line.projected_in(quarter)
    return None if p is None else p - line.budget


def movement(line: BudgetLine, quarter: int) -> Decimal | None:
    """The change in variance since the quarter before (None for Q1, or when either is blank)."""
    if quarter == 1:
        return None
    now, before = variance(line, quarter), variance(line, quarter - 1)
    return None if now is None or before is None else now - before


def years(lines: Sequence[BudgetLine]) -> list[str]:
    return sorted({line.year for line in lines})


def of_year(lines: Sequence[BudgetLine], year: str) -> list[BudgetLine]:
    return [line for line in lines if line.year == year]


def find(lines: Sequence[BudgetLine], year: str, service: str) -> BudgetLine | None:
    """The year's line for a service (its name matched ignoring case and punctuation)."""
    return next((x for x in of_year(lines, year) if same_name(x.service, service)), None)


@dataclass(frozen=True)
class QuarterTotals:
    """A quarter's totals over the year's lines; None where a line is not yet projected
    (``missing`` names those services)."""

    quarter: int
    budget: Decimal
    projected: Decimal | None
    variance: Decimal | None
    movement: Decimal | None
    missing: tuple[str, ...]


def total_budget(lines: Sequence[BudgetLine], year: str) -> Decimal:
    return sum((x.budget for x in of_year(lines, year)), Decimal(0))


def _sum(values: Sequence[Decimal | None]) -> Decimal | None:
    if not values or any(v is None for v in values):
        return None
    return sum((v for v in values if v is not None), Decimal(0))


def quarter_totals(lines: Sequence[BudgetLine], year: str, quarter: int) -> QuarterTotals:
    mine = of_year(lines, year)
    budget = total_budget(mine, year)
    projected = _sum([x.projected_in(quarter) for x in mine])
    missing = tuple(x.service for x in mine if x.projected_in(quarter) is None)
    before = _sum([x.projected_in(quarter - 1) for x in mine]) if quarter > 1 else None
    var = None if projected is None else projected - budget
    moved = None if var is None or before is None else var - (before - budget)
    return QuarterTotals(quarter, budget, projected, var, moved, missing)


def trend(lines: Sequence[BudgetLine], year: str) -> list[QuarterTotals]:
    """The year quarter by quarter: Q1 to Q4, a quarter not yet projected left blank."""
    return [quarter_totals(lines, year, q) for q in QUARTERS]


def latest_quarter(lines: Sequence[BudgetLine], year: str) -> int | None:
    """The last quarter every line of the year has a projection for."""
    done = [t.quarter for t in trend(lines, year) if t.projected is not None]
    return max(done) if done else None


@dataclass(frozen=True)
class Accuracy:
    """One quarter's projection against the final outturn (``service`` None: the total)."""

    service: str | None
    quarter: int
    projected: Decimal
    outturn: Decimal
    error: Decimal  # projected − outturn


def forecast_accuracy(lines: Sequence[BudgetLine], year: str) -> list[Accuracy]:
    """Each line's projections against its outturn, then the totals', where both are known."""
    mine = of_year(lines, year)
    out: list[Accuracy] = []
    for x in mine:
        for q in QUARTERS:
            p = x.projected_in(q)
            if p is not None and x.outturn is not None:
                out.append(Accuracy(x.service, q, p, x.outturn, p - x.outturn))
    outturn = _sum([x.outturn for x in mine])
    for t in trend(mine, year):
        if t.projected is not None and outturn is not None:
            out.append(Accuracy(None, t.quarter, t.projected, outturn, t.projected - outturn))
    return out
