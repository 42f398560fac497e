"""Targets and claims: the chance of meeting a target, the change in rates needed to meet it
with a given chance, and the date the UASC population falls below a share of the children.

Every search uses the same random numbers at each trial rate (common random numbers), so the
probability is a monotone step function of the multiplier and bisection finds its crossing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from csc_insight.forecast import states
from csc_insight.forecast.rates import Rates
from csc_insight.forecast.scenario import Change, Scenario, apply
from csc_insight.forecast.simulate import Forecast, Start, month_ends, simulate


def months_between(origin: date, when: date) -> int:
    return (when.year - origin.year) * 12 + when.month - origin.month


def probability(f: Forecast, group: int, when: date, threshold: float) -> float:
    """P(children in care of ``group`` at ``when`` ≤ threshold)."""
    return float(np.mean(f.series(group)[:, f.at(when)] <= threshold))


@dataclass(frozen=True)
class TargetResult:
    group: str
    when: date
    threshold: float
    baseline: float  # probability of meeting it under the rates as estimated
    median: float  # median children in care at ``when``
    needed: dict[tuple[str, float], float | None]  # (lever, probability) -> multiplier


def assess_target(
    start: Start, rates: Rates, origin: date, when: date, threshold: float, group: int = 0,
    chances: tuple[float, ...] = (0.5, 0.8), sims: int = 500, seed: int = 0,
) -> TargetResult:  # fmt: skip
    """The baseline probability and, for each chance, the entry multiplier (≤ 1) and the
    leaving multiplier (≥ 1) that would meet the target with it (None: not within range)."""
    horizon = months_between(origin, when)
    if horizon < 1:
        raise ValueError("the target date must be after the forecast's origin")
    # the target's group alone, as every trial of the search: the other group would not change
    # the answer, and the baseline stays the search's multiplier 1 (the same random numbers)
    f = simulate(start, rates, origin, horizon, sims, seed, only=group)
    base = probability(f, group, when, threshold)
    median = float(np.median(f.series(group)[:, -1]))
    needed: dict[tuple[str, float], float | None] = {}
    for chance in chances:
        for lever, lo, hi in (("entries", 0.0, 2.0), ("leave", 0.25, 6.0)):
            needed[(lever, chance)] = solve(
                start, rates, origin, when, threshold, group, lever, chance, lo, hi, sims, seed
            )
    return TargetResult(states.GROUPS[group], when, threshold, base, median, needed)


def chance_with(
    start: Start, rates: Rates, origin: date, when: date, threshold: float, group: int,
    lever: str, multiplier: float, sims: int = 500, seed: int = 0,
) -> float:  # fmt: skip
    """P(meeting the target) with one lever of one group multiplied. Only that group is
    simulated: the groups do not interact, and a search's trials then cost a third (local) to
    three fifths (UASC) less (BENCHMARKS.md)."""
    s = Scenario(f"{lever} x{multiplier:g}", states.GROUPS[group], {lever: Change(multiplier)})
    horizon = months_between(origin, when)
    f = simulate(start, apply(s, rates), origin, horizon, sims, seed, only=group)
    return probability(f, group, when, threshold)


def solve(
    start: Start, rates: Rates, origin: date, when: date, threshold: float, group: int,
    lever: str, chance: float, lo: float, hi: float, sims: int = 500, seed: int = 0,
    steps: int = 9,
) -> float | None:  # fmt: skip
    """The multiplier of ``lever`` at which P(meeting the target) reaches ``chance``:
    probability falls as entries rise and rises as leaving rises."""
    rising = lever == "leave"

    def p(m: float) -> float:
        return chance_with(start, rates, origin, when, threshold, group, lever, m, sims, seed)

    good, bad = (hi, lo) if rising else (lo, hi)
    if p(good) < chance:
        return None
    if p(bad) >= chance:
        return bad
    for _ in range(steps):
        mid = (good + bad) / 2
        if p(mid) >= chance:
            good = mid
        else:
            bad = mid
    return good


def trajectory(start: float, target: float, origin: date, when: date) -> list[tuple[date, float]]:
    """The straight line from the children in care at the origin to the target, at each month
    end: the path a chart draws beside the forecast to show whether it is on course."""
    ends = month_ends(origin, months_between(origin, when))
    step = (target - start) / max(len(ends) - 1, 1)
    return [(d, start + i * step) for i, d in enumerate(ends)]


@dataclass(frozen=True)
class RunOff:
    """When UASC in care fall below a share of the under-18 population."""

    share: float
    population: int
    threshold: float
    arrivals: float  # arrivals multiplier (0 = none)
    median_date: date | None  # first month end the median is below the threshold
    early: date | None  # 10th percentile of each simulation's first month below
    late: date | None  # 90th percentile (None: some never fell below within the horizon)


def uasc_runoff(
    start: Start, rates: Rates, origin: date, population: int,
    shares: tuple[float, ...] = (0.0007, 0.001), arrivals: tuple[float, ...] = (0.0, 0.5, 1.0),
    horizon: int = 180, sims: int = 300, seed: int = 0,
) -> list[RunOff]:  # fmt: skip
    """The run-off dates for each share and arrivals multiplier (1 = arrivals as in the window)."""
    out: list[RunOff] = []
    for mult in arrivals:
        s = Scenario(f"arrivals x{mult:g}", "uasc", {"entries": Change(mult)})
        f = simulate(start, apply(s, rates), origin, horizon, sims, seed, only=states.UASC)
        series = f.series(states.UASC)
        ends = month_ends(origin, horizon)
        for share in shares:
            threshold = share * population
            below = series < threshold
            first = np.where(below.any(1), below.argmax(1), horizon + 1)
            med = np.median(series, axis=0) < threshold
            out.append(
                RunOff(
                    share,
                    population,
                    threshold,
                    mult,
                    ends[int(med.argmax())] if med.any() else None,
                    _when(ends, np.percentile(first, 10)),
                    _when(ends, np.percentile(first, 90)),
                )
            )
    return out


def _when(ends: list[date], index: float) -> date | None:
    i = int(np.ceil(index))
    return ends[i] if i < len(ends) else None
