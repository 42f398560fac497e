"""The forecast the pack presents, run once by its caller (`csc report --forecast`, `csc demo`):
the baseline of children looked after with the defaults `csc forecast` uses, the target's
probability and the rate changes that meet it, the saved scenarios, the UASC run-off and the
caseloads under a vacancy rate. Everything here is forecast/'s API; the result holds only
aggregates (quantiles, probabilities, dates), never a child, so a published pack may carry it.

A fixed seed makes the pack reproducible: the same store gives the same figures. The pack uses
fewer simulations than the command line where a search repeats them (see SEARCH_SIMS).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import numpy.typing as npt

from csc_insight.forecast import caseloads, demand, history, model, states, targets
from csc_insight.forecast import scenario as sc
from csc_insight.forecast.simulate import Forecast, simulate
from csc_insight.store import db

SEED = 1
#: Bootstrap draws of the rates, as `csc forecast`: the intervals carry the rates' uncertainty.
DRAWS = 200
#: Simulations of the baseline and each scenario, as `csc forecast cla` (an 80% interval's end
#: within about 1.5 children).
SIMS = 500
#: Simulations at each trial of the target search (2 rates × 2 chances × about 11 trials). On
#: the demo borough 150 gave entries × 0.88 and × 0.83, leaving × 1.19 and × 1.31, where 500
#: gave × 0.88, × 0.82, × 1.19, × 1.31: within 0.01, in under a third of the time (3.4 s against
#: 10 s). The chance the pack prints is the 500-simulation baseline's, not the search's.
SEARCH_SIMS = 150
RUNOFF_SIMS = 300
RUNOFF_MONTHS = 180
#: Arrivals of UASC as a share of the window's rate: none, and half (seed 003's claim is "if no
#: new UASC arrived").
RUNOFF_ARRIVALS = (0.0, 0.5)
#: Seeds 000 and 003: local children in care from 484 (January 2021) to 430 by March 2024.
TARGET_BY, TARGET_AT_MOST = date(2024, 3, 31), 430.0
#: Seed 002: holding 7% of social-work posts vacant, rejected as a risk to caseloads.
VACANCY = 0.07
MIN_MONTHS = 24
INTERVAL = 0.8

Quantiles = npt.NDArray[np.float64]  # (3, months + 1): 10th percentile, median, 90th


@dataclass(frozen=True)
class GroupFan:
    group: str  # "local" or "UASC"
    q: Quantiles
    actual: list[tuple[date, int]]  # children in care at each month end of the window


@dataclass(frozen=True)
class ScenarioResult:
    name: str
    group: str
    changes: str  # in words, e.g. "entries × 0.9"
    note: str
    at_horizon: dict[str, tuple[float, float, float]]  # local, UASC, all: (10th, median, 90th)
    probability: float | None  # of the target under the scenario (None: not in range)


@dataclass(frozen=True)
class CaseloadRow:
    service: str
    cases: int
    posts_fte: float
    workers: float
    now: float
    low: float
    median: float
    high: float
    target: float | None
    breach: float | None  # P(above the target at the horizon)
    driver: str


@dataclass(frozen=True)
class ForecastRun:
    origin: date
    window_from: date
    months: list[date]  # the origin, then each month end to the horizon
    sims: int
    draws: int
    search_sims: int
    seed: int
    fans: tuple[GroupFan, ...]  # local, then UASC
    by: date
    at_most: float
    #: The search (its own baseline at search_sims); None: the target date is not after the
    #: origin, so there is nothing to forecast for it.
    target: targets.TargetResult | None
    probability: float | None  # P(target) under the baseline shown in the fan (sims)
    trajectory: list[tuple[date, float]]  # targets.trajectory from today's local children
    scenarios: list[ScenarioResult]
    population: int | None
    runoff: list[targets.RunOff]
    vacancy: float
    caseloads: list[CaseloadRow]

    @property
    def horizon(self) -> date:
        return self.months[-1]


def run(
    store: str | Path | None,
    origin: date | None = None,
    *,
    sims: int = SIMS,
    draws: int = DRAWS,
    search_sims: int = SEARCH_SIMS,
    by: date = TARGET_BY,
    at_most: float = TARGET_AT_MOST,
    vacancy: float = VACANCY,
) -> ForecastRun:
    """Fit the model to ``store`` (the origin: ``origin`` or the last month end the records
    reach; the window: the two years before) and run everything the pack's section shows."""
    path = db.store_path(store)
    con = db.open_existing(path)
    try:
        spells = model.read(con, path)
        fitted = model.fit(spells, origin, draws=draws, seed=SEED)
        population = history.under18_population(con)
        referrals = demand.read_monthly(con, "referrals").up_to(fitted.origin)
        services = caseloads.read_services(con, fitted.origin)
    finally:
        con.close()
    o = fitted.origin
    horizon = min(max(MIN_MONTHS, targets.months_between(o, by)), 60)
    base = simulate(fitted.start, fitted.rates, o, horizon, sims, seed=SEED)
    actual = model.in_care_by_month(fitted)
    fans = tuple(
        GroupFan(name, _quantiles(base.series(g)), [(d, (lo, ua)[g]) for d, lo, ua in actual])
        for g, name in ((states.LOCAL, "local"), (states.UASC, "UASC"))
    )
    local_now = float(base.series(states.LOCAL)[0, 0])
    in_range = o < by <= base.months[-1]
    result = (
        targets.assess_target(
            fitted.start, fitted.rates, o, by, at_most, states.LOCAL, sims=search_sims, seed=SEED
        )
        if in_range
        else None
    )
    saved = sc.load_all(sc.scenario_file(path))
    scenarios = [
        _scenario(s, simulate(fitted.start, sc.apply(s, fitted.rates), o, horizon, sims, SEED), by,
                  at_most)
        for s in saved.values()
    ]  # fmt: skip
    runoff: list[targets.RunOff] = []
    if population:  # seed 0, as `csc forecast uasc`: the pack and the command give the same dates
        runoff = targets.uasc_runoff(
            fitted.start, fitted.rates, o, population, arrivals=RUNOFF_ARRIVALS,
            horizon=RUNOFF_MONTHS, sims=RUNOFF_SIMS, seed=0,
        )  # fmt: skip
    loads: list[CaseloadRow] = []
    if services and len(referrals.months) >= 13:
        refs = demand.forecast(demand.fit(referrals), o, horizon, sims, seed=SEED)
        loads = [_caseload(r) for r in caseloads.project(services, base, refs, referrals, vacancy)]
    return ForecastRun(
        origin=o,
        window_from=fitted.window_from,
        months=base.months,
        sims=sims,
        draws=draws,
        search_sims=search_sims,
        seed=SEED,
        fans=fans,
        by=by,
        at_most=at_most,
        target=result,
        probability=targets.probability(base, states.LOCAL, by, at_most) if in_range else None,
        trajectory=targets.trajectory(local_now, at_most, o, by) if in_range else [],
        scenarios=scenarios,
        population=population,
        runoff=runoff,
        vacancy=vacancy,
        caseloads=loads,
    )


def _quantiles(series: npt.NDArray[np.int64]) -> Quantiles:
    lo, hi = 50 - INTERVAL * 50, 50 + INTERVAL * 50
    return np.asarray(np.percentile(series, [lo, 50, hi], axis=0), dtype=np.float64)


def _scenario(s: sc.Scenario, f: Forecast, by: date, at_most: float) -> ScenarioResult:
    at: dict[str, tuple[float, float, float]] = {}
    for name, g in (("local", states.LOCAL), ("UASC", states.UASC), ("all", None)):
        lo, med, hi = _quantiles(f.series(g))[:, -1]
        at[name] = (float(lo), float(med), float(hi))
    changes = ", ".join(
        f"{lever} × {c.multiply:g}" + (f" {c.add:+g} a month" if c.add else "")
        for lever, c in s.changes.items()
    )
    p = targets.probability(f, states.LOCAL, by, at_most) if f.origin < by <= f.months[-1] else None
    return ScenarioResult(s.name, s.group, changes or "none", s.note, at, p)


def _caseload(r: caseloads.CaseloadResult) -> CaseloadRow:
    lo, med, hi = (float(x) for x in np.percentile(r.caseload[:, -1], [10, 50, 90]))
    t = r.service.target
    return CaseloadRow(
        r.service.name, r.service.cases, r.service.posts_fte, r.workers,
        float(r.caseload[0, 0]), lo, med, hi, t, None if t is None else r.breach(),
        r.driver,
    )  # fmt: skip


#: The demo's saved scenarios, so its pack shows the table with something in it: the entry and
#: leaving changes `csc forecast target` finds would meet the target with about even chances.
DEMO_SCENARIOS = (
    sc.Scenario("fewer entries", "local", {"entries": sc.Change(0.88)}, "edge-of-care work"),
    sc.Scenario("more leaving", "local", {"leave": sc.Change(1.2)}, "permanence planning"),
)


def save_demo_scenarios(store: str | Path | None) -> None:
    """Save the demo's scenarios beside ``store`` (the demo starts from an empty store)."""
    path = sc.scenario_file(db.store_path(store))
    for s in DEMO_SCENARIOS:
        sc.save(path, s)


def month_end(month: str) -> date:
    """The last day of a month given as yyyy-mm (the pack's month): the forecast's origin."""
    y, m = (int(x) for x in month.split("-"))
    return model.month_end_on_or_before(date(y + (m == 12), m % 12 + 1, 1) - timedelta(days=1))
