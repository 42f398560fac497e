"""One authority's simulation context: window, random streams, rates, calendar."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from csc_insight.synth.options import Regime
from csc_insight.synth.workdays import WorkCalendar, add_years, calendar, day

#: Years of history simulated before the window for referral journeys: long enough for children
#: who came into care as babies to be in the stock when the window opens.
BURN_IN_YEARS = 18

#: Months' relative demand (school terms: fewer contacts in August and at Christmas).
MONTH_FACTOR = np.array([1.0, 1.02, 1.05, 0.95, 1.05, 1.05, 1.0, 0.72, 1.0, 1.1, 1.1, 0.9])

#: Lockdowns of 2020-21 (schools closed to most children: fewer contacts from schools).
LOCKDOWNS = [
    (date(2020, 3, 23), date(2020, 5, 31), 0.72),
    (date(2020, 6, 1), date(2020, 7, 19), 0.9),
    (date(2021, 1, 5), date(2021, 3, 7), 0.9),
]

#: Fewer unaccompanied children arrived while travel was restricted.
UASC_COVID = (date(2020, 3, 23), date(2021, 12, 31), 0.62)


@dataclass
class Ctx:
    seed: int
    index: int  # the authority's number within the run (0 for a single authority)
    la_code: str
    prefix: str  # "" for a single authority, the LA code at national level
    scale: float  # size relative to a London borough
    w0: int  # first day of the window
    w1: int  # last day of the window (the extract date)
    regimes: list[Regime] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.t0 = int(add_years(np.array([self.w0]), -BURN_IN_YEARS)[0])
        self.cal: WorkCalendar = calendar(self.t0 - 400, self.w1 + 6 * 366)

    def rng(self, name: str) -> np.random.Generator:
        """An independent stream per purpose, so that changing one module leaves others alone."""
        return np.random.default_rng([self.seed, self.index, zlib.crc32(name.encode())])

    def effect(self, key: str, days: np.ndarray) -> np.ndarray:
        """Product of the regime multipliers for ``key`` in force on each day."""
        days = np.asarray(days, dtype=np.int64)
        out = np.ones(days.shape)
        for r in self.regimes:
            if key in r.effects:
                out = np.where(days >= day(r.start), out * r.effects[key], out)
        return out

    def season(self, days: np.ndarray) -> np.ndarray:
        days = np.asarray(days, dtype=np.int64)
        out = MONTH_FACTOR[self.cal.month[self.cal._i(days)]]
        for a, b, f in LOCKDOWNS:
            out = np.where((days >= day(a)) & (days <= day(b)), out * f, out)
        return out

    def arrivals(
        self,
        rng: np.random.Generator,
        per_year: float,
        first: int,
        last: int,
        key: str | None = None,
        seasonal: bool = True,
        working_only: bool = False,
        weekend_weight: float = 0.3,
    ) -> np.ndarray:
        """Days of a Poisson process, binned by day: ``per_year`` at borough size × scale,
        shaped by season, regime effects and the working week. Sorted."""
        days = np.arange(first, last + 1)
        if days.size == 0:
            return np.zeros(0, dtype=np.int64)
        w = np.ones(days.size)
        if seasonal:
            w = w * self.season(days)
        if key is not None:
            w = w * self.effect(key, days)
        working = self.cal.is_working(days)
        w = w * np.where(working, 1.0, 0.0 if working_only else weekend_weight)
        # normalise so that per_year is the rate of an ordinary working-and-weekend mix
        base = np.where(working, 1.0, 0.0 if working_only else weekend_weight)
        mean_w = base.mean() if base.mean() > 0 else 1.0
        expected = per_year * self.scale * w.sum() / mean_w / 365.25
        n = rng.poisson(expected)
        if n == 0 or w.sum() == 0:
            return np.zeros(0, dtype=np.int64)
        out = rng.choice(days, size=n, p=w / w.sum())
        out.sort()
        return out.astype(np.int64)

    def uasc_factor(self, days: np.ndarray) -> np.ndarray:
        a, b, f = UASC_COVID
        days = np.asarray(days, dtype=np.int64)
        return np.where((days >= day(a)) & (days <= day(b)), f, 1.0)

    def keep(self, start: np.ndarray, end: np.ndarray) -> np.ndarray:
        """Records to keep: they start by the extract date and do not end before the window."""
        return (np.asarray(start) <= self.w1) & (np.asarray(end) >= self.w0)

    def is_open(self, end: np.ndarray) -> np.ndarray:
        """Ends after the extract date are not known yet: the record is open (NULL end)."""
        return np.asarray(end) > self.w1
