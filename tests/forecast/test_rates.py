"""Rates estimated from hand-built histories, and forecast intervals that hold the truth."""

from __future__ import annotations

from datetime import timedelta

import numpy as np

from csc_insight.forecast import states
from csc_insight.forecast.history import Spells, day
from csc_insight.forecast.rates import estimate
from csc_insight.forecast.simulate import Start, simulate
from tests.forecast.helpers import ORIGIN

M = states.DAYS_PER_MONTH


def _history(lam: float, h: float, t0: float, t1: float, rng: np.random.Generator) -> Spells:
    """Children entering at ``lam`` a month over (t0, t1] aged 6, each staying Exp(h) months:
    one local in-house fostering spell each, its true end recorded even after t1."""
    n = rng.poisson(lam * (t1 - t0) / M)
    start = np.sort(t0 + rng.random(n) * (t1 - t0))
    end = start + rng.exponential(M / h, n)
    z = np.zeros(n, dtype=np.int64)
    return Spells(
        child=np.arange(n), group=z, dob=start - 6 * states.DAYS_PER_YEAR, start=start, end=end,
        cat=z, enters=np.ones(n, bool), leaves=np.ones(n, bool), next_cat=z - 1,
        records_from=t0, records_to=t1,
    )  # fmt: skip


def test_a_constant_exit_rate_and_entry_rate_are_recovered() -> None:
    rng = np.random.default_rng(5)
    t0, t1 = day(ORIGIN) - 20 * 365.25, day(ORIGIN)
    sp = _history(30.0, 0.05, t0 - 10 * 365.25, t1, rng)
    r = estimate(sp, t0, t1)
    assert abs(r.entries[0, 0] - 30.0) < 1.5  # 240 months of Poisson(30): se 0.35
    leave = r.leave[0, 0, 2, 0]  # 5-9 band, in-house fostering
    assert abs(leave - 0.05) < 0.005, leave
    assert r.leave[0, 0, :, 1:].max() < 0.06  # categories never seen take the pooled rate
    assert r.move.max() == 0.0


def test_bootstrap_draws_spread_around_the_point_rate() -> None:
    rng = np.random.default_rng(6)
    t1 = day(ORIGIN)
    sp = _history(10.0, 0.1, t1 - 24 * M, t1, rng)
    r = estimate(sp, t1 - 24 * M, t1, draws=400, seed=1)
    point = estimate(sp, t1 - 24 * M, t1)
    draws = r.entries[:, 0]
    assert abs(draws.mean() - point.entries[0, 0]) < 0.3
    # Poisson count over 24 months: sd of the monthly rate ≈ sqrt(rate / 24)
    assert 0.6 < draws.std() / np.sqrt(point.entries[0, 0] / 24) < 1.4


def test_the_80_percent_interval_holds_the_truth_about_80_percent_of_the_time() -> None:
    """Data generated from known rates (entries 8 a month, leaving 0.08 a month): fit on 24
    months, forecast 12, and count how often the 80% interval holds what happened. 80
    replicates: a binomial standard error of 4.5 points, so 3 of them either side is honest."""
    rng = np.random.default_rng(11)
    origin_day = day(ORIGIN)
    target = ORIGIN + timedelta(days=365)
    covered, reps = 0, 80
    for rep in range(reps):
        sp = _history(8.0, 0.08, origin_day - 60 * M, origin_day + 13 * M, rng)
        window = (origin_day - 24 * M, origin_day)
        seen = Spells(**{**sp.__dict__, "records_to": origin_day})
        r = estimate(seen, *window, draws=200, seed=rep)
        f = simulate(Start.from_spells(seen, ORIGIN), r, ORIGIN, 12, sims=200, seed=rep)
        truth = int(sp.in_care(day(f.months[12])).sum())
        lo, hi = np.percentile(f.series(0)[:, 12], [10, 90])
        covered += lo <= truth <= hi
        assert f.months[12] <= target
    share = covered / reps
    assert 0.8 - 3 * 0.045 <= share <= 0.8 + 3 * 0.045, share
