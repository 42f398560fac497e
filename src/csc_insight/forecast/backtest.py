"""Back-test: fit on the records up to an origin, forecast, and compare with what happened.

For each origin the rates come from the reference window before it only (events after the
origin are not seen), the forecast starts from the children in care on the origin, and the
forecast at 12 and 24 months is set against the children actually in care then. Reported per
horizon: the mean absolute percentage error of the median and the share of actual values
inside the 80% interval, over origins and series (local and UASC totals, and local children by
placement category).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from csc_insight.forecast import states
from csc_insight.forecast.history import Spells, day, from_day
from csc_insight.forecast.rates import estimate
from csc_insight.forecast.simulate import Start, month_ends, simulate

LEVEL = 0.8


@dataclass(frozen=True)
class Point:
    origin: date
    horizon: int
    series: str
    actual: int
    median: float
    low: float
    high: float

    @property
    def ape(self) -> float:
        return abs(self.median - self.actual) / max(self.actual, 1)

    @property
    def covered(self) -> bool:
        return self.low <= self.actual <= self.high


@dataclass(frozen=True)
class Summary:
    horizon: int
    series: str
    mape: float
    coverage: float
    n: int


def default_origins(spells: Spells, horizon: int, count: int = 3) -> list[date]:
    """``count`` year-end origins (31 March) a year apart, the last ``horizon`` months before
    the records end, so every forecast has an outcome to compare."""
    end = from_day(spells.records_to)
    year = end.year if end >= date(end.year, 3, 31) else end.year - 1
    year -= (horizon + 11) // 12
    return [date(year - i, 3, 31) for i in reversed(range(count))]


def run(
    spells: Spells, origins: list[date], horizons: tuple[int, ...] = (12, 24),
    window_months: int = 24, draws: int = 200, sims: int = 400, seed: int = 0,
) -> list[Point]:  # fmt: skip
    """Forecast from each origin and compare with the children in care at each horizon."""
    points: list[Point] = []
    for origin in origins:
        w1 = day(origin)
        w0 = max(w1 - window_months * states.DAYS_PER_MONTH, spells.records_from)
        rates = estimate(spells, w0, w1, draws=draws, seed=seed)
        reach = [h for h in horizons if day(month_ends(origin, h)[-1]) <= spells.records_to]
        if not reach:
            continue
        f = simulate(Start.from_spells(spells, origin), rates, origin, max(reach), sims, seed)
        for h in reach:
            actual = spells.stock(day(f.months[h]))
            for name, sim, act in _series(f.counts[:, h], actual):
                lo, med, hi = np.percentile(sim, [50 - LEVEL * 50, 50, 50 + LEVEL * 50])
                points.append(Point(origin, h, name, int(act), float(med), float(lo), float(hi)))
    return points


def _series(
    counts: npt.NDArray[np.int32], actual: npt.NDArray[np.int64]
) -> list[tuple[str, npt.NDArray[np.int64], int]]:
    out = [
        (f"{states.GROUPS[g]} total", counts[:, g].sum((1, 2)), int(actual[g].sum()))
        for g in range(len(states.GROUPS))
    ]
    for c, name in enumerate(states.CATEGORIES):
        out.append((f"local {name}", counts[:, 0, :, c].sum(1), int(actual[0, :, c].sum())))
    return out


def summarise(points: list[Point]) -> list[Summary]:
    """MAPE and coverage per horizon: for the totals, and over every series."""
    out: list[Summary] = []
    for h in sorted({p.horizon for p in points}):
        at = [p for p in points if p.horizon == h]
        for label, chosen in (
            ("local total", [p for p in at if p.series == "local total"]),
            ("uasc total", [p for p in at if p.series == "uasc total"]),
            ("all series", at),
        ):
            if chosen:
                out.append(Summary(
                    h, label, float(np.mean([p.ape for p in chosen])),
                    float(np.mean([p.covered for p in chosen])), len(chosen),
                ))  # fmt: skip
    return out
