"""Forecast spend: children in care by category × weekly unit cost, with inflation, per
financial year, and UASC costs net of the Home Office grant as seed 003 Table 4 sets them out.

A month's cost is the children in care at its end × the weekly cost × the month's days / 7,
so the spend carries the forecast's spread: its interval is the simulations' (the unit costs
themselves are taken as known). Inflation compounds from the origin by the day.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from csc_insight.financial_year import label as fy_label_for
from csc_insight.forecast import states
from csc_insight.forecast.cost_template import CostBook
from csc_insight.forecast.simulate import Forecast

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class YearSpend:
    """One financial year's spend in £ thousands: per simulation, so any interval can be read."""

    year: str
    months: int  # forecast months in the year (a part year at either end has fewer)
    local: FloatArray
    uasc_placements: FloatArray
    uasc_staffing: float
    uasc_running: float
    home_office: FloatArray  # the grant, positive

    @property
    def uasc_net(self) -> FloatArray:
        return self.uasc_placements + self.uasc_staffing + self.uasc_running - self.home_office


def monthly_cost(f: Forecast, book: CostBook) -> FloatArray:
    """£ per simulation, month (1..horizon), group and category (S, H, G, C)."""
    weekly = np.array([book.unit[c].weekly for c in range(len(states.CATEGORIES))])
    infl = np.array([book.unit[c].inflation for c in range(len(states.CATEGORIES))])
    years = f.days_from_origin()[1:] / states.DAYS_PER_YEAR
    weeks = np.diff(f.days_from_origin()) / 7
    price = weekly[None, :] * (1 + infl[None, :]) ** years[:, None]  # (H, C)
    counts = f.counts[:, 1:].sum(axis=3)  # (S, H, G, C)
    return np.asarray(counts * (price * weeks[:, None])[None, :, None, :], dtype=float)


def spend_by_year(f: Forecast, book: CostBook) -> list[YearSpend]:
    """Spend per financial year the forecast reaches (part years say how many months)."""
    cost = monthly_cost(f, book)
    weeks = np.diff(f.days_from_origin()) / 7
    uasc_in_care = f.series(states.UASC)[:, 1:]  # (S, H)
    years = [fy_label_for(m) for m in f.months[1:]]
    out: list[YearSpend] = []
    for y in dict.fromkeys(years):
        m = np.array([x == y for x in years])
        ua = book.uasc.get(y)
        rate = ua.home_office_weekly if ua else 0.0
        share = m.sum() / 12  # a part year carries its share of the year's fixed costs
        out.append(
            YearSpend(
                y,
                int(m.sum()),
                cost[:, m, states.LOCAL].sum((1, 2)) / 1000,
                cost[:, m, states.UASC].sum((1, 2)) / 1000,
                (ua.staffing if ua else 0.0) * share,
                (ua.running if ua else 0.0) * share,
                (uasc_in_care[:, m] * weeks[m]).sum(1) * rate / 1000,
            )
        )
    return out


def interval(x: FloatArray, level: float = 0.8) -> tuple[float, float, float]:
    lo, med, hi = np.percentile(x, [50 - level * 50, 50, 50 + level * 50])
    return float(lo), float(med), float(hi)
