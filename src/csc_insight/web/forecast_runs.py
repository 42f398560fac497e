"""The Forecast page's model runs, kept per published copy of the store so that a scenario costs
only its simulation.

Per copy, once: the spells read, the rates estimated from the reference window (with 200
bootstrap draws, as `csc forecast` does), the children in care month by month over the window,
the under-18 population, the referrals history and the services' cases and posts at the origin
(``Source``). Per copy and horizon, once: the baseline forecast, the referrals forecast and the
UASC run-off. Per copy, horizon and scenario: the scenario's forecast (an analyst flicking
between a few scenarios pays for each once). Every run uses the same seed and so the same
random numbers: a scenario's difference from the baseline is the scenario's, not chance's.

A forecast is kept summed over age bands and placement categories (local and UASC totals, all
simulations): what the page draws and tabulates, at a fiftieth of the full counts' memory.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from csc_insight.forecast import caseloads, demand, history, model, states, targets
from csc_insight.forecast import scenario as sc
from csc_insight.forecast.simulate import Forecast, simulate
from csc_insight.web import data

#: Simulations a run: at 500 an 80% interval's end is within about 1.5 children (BENCHMARKS.md).
SIMS = 500
#: Bootstrap draws of the rates: the intervals carry the rates' uncertainty, as the commands'.
DRAWS = 200
SEED = 1
RUNOFF_SIMS = 300
RUNOFF_MONTHS = 180


@dataclass(frozen=True, eq=False)  # kept by identity: one per published copy
class Source:
    """What the page reads from one published copy, and the model fitted to it."""

    copy: Path
    fitted: model.Fitted
    actual: list[tuple[date, int, int]]  # month end, local, UASC in care, over the window
    population: int | None
    referrals: demand.Monthly
    services: list[caseloads.Service]


@dataclass(frozen=True)
class Run:
    """One forecast, summed over bands and categories: counts (simulations, months + 1, G, 1, 1)."""

    forecast: Forecast

    @property
    def months(self) -> list[date]:
        return self.forecast.months

    def quantiles(self, group: int | None) -> npt.NDArray[np.float64]:
        """(3, months + 1): the 10th percentile, median and 90th percentile."""
        return np.asarray(np.percentile(self.forecast.series(group), [10, 50, 90], axis=0))

    def probability(self, threshold: float, when: date) -> float | None:
        """P(local children in care at ``when`` ≤ threshold); None when ``when`` is outside."""
        if not self.months[0] < when <= self.months[-1]:
            return None
        return targets.probability(self.forecast, states.LOCAL, when, threshold)


_lock = threading.Lock()
_sources: dict[Path, Source] = {}


def source() -> Source:
    """The newest published copy's Source, read and fitted on first use."""
    path = data.copy_path()
    with _lock:
        got = _sources.get(path)
    if got is not None:
        return got
    path, cur = data.cursor()
    try:
        fitted = model.fit(model.read(cur, "the published store"), draws=DRAWS, seed=SEED)
        got = Source(
            path,
            fitted,
            model.in_care_by_month(fitted),
            history.under18_population(cur),
            demand.read_monthly(cur, "referrals").up_to(fitted.origin),
            caseloads.read_services(cur, fitted.origin),
        )
    finally:
        cur.close()
    with _lock:
        _sources.clear()  # an older copy's model is not asked for again
        _sources[path] = got
    return got


def _summed(f: Forecast) -> Run:
    return Run(Forecast(f.origin, f.months, f.counts.sum(axis=(3, 4), keepdims=True)))


ScenarioKey = tuple[str, tuple[tuple[str, float, float], ...]]


def key(s: sc.Scenario) -> ScenarioKey:
    """What a scenario's forecast depends on (not its name or note)."""
    return s.group, tuple(sorted((k, c.multiply, c.add) for k, c in s.changes.items()))


@lru_cache(maxsize=8)
def baseline(src: Source, horizon: int) -> Run:
    f = src.fitted
    return _summed(simulate(f.start, f.rates, f.origin, horizon, SIMS, seed=SEED))


@lru_cache(maxsize=64)
def scenario_run(src: Source, horizon: int, k: ScenarioKey) -> Run:
    """The forecast under a scenario; CscError (naming the rate) if it makes a rate negative."""
    group, changes = k
    s = sc.Scenario("run", group, {lever: sc.Change(m, a) for lever, m, a in changes})
    f = src.fitted
    return _summed(simulate(f.start, sc.apply(s, f.rates), f.origin, horizon, SIMS, seed=SEED))


@lru_cache(maxsize=4)
def runoff(src: Source) -> list[targets.RunOff]:
    """UASC run-off under the baseline rates, with no, half and the window's arrivals."""
    if not src.population:
        return []
    f = src.fitted
    return targets.uasc_runoff(
        f.start, f.rates, f.origin, src.population, horizon=RUNOFF_MONTHS, sims=RUNOFF_SIMS,
        seed=0,  # as `csc forecast uasc`: the page and the command line give the same dates
    )  # fmt: skip


@lru_cache(maxsize=8)
def referrals(src: Source, horizon: int) -> demand.DemandForecast | None:
    """The referrals forecast driving the caseloads (None: under 13 whole months recorded)."""
    if len(src.referrals.months) < 13:
        return None
    return demand.forecast(demand.fit(src.referrals), src.fitted.origin, horizon, SIMS, seed=SEED)


def caseload(src: Source, run: Run, horizon: int, vacancy: float) -> list[caseloads.CaseloadResult]:
    """Each service's caseload under ``vacancy`` with the children in care of ``run``."""
    refs = referrals(src, horizon)
    if refs is None or not src.services:
        return []
    return caseloads.project(src.services, run.forecast, refs, src.referrals, vacancy)
