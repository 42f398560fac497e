"""The simulation against answers known in closed form."""

from __future__ import annotations

import numpy as np

from csc_insight.forecast import states
from csc_insight.forecast.simulate import simulate
from tests.forecast.helpers import ORIGIN, rates, start


def test_one_state_with_constant_exit_rate_decays_exponentially() -> None:
    n, h, sims = 1000, 0.1, 200
    f = simulate(start([11.0] * n, [0] * n), rates(leave=h), ORIGIN, 12, sims, seed=3)
    mean = f.series(0).mean(0)
    t = np.arange(13)
    p = np.exp(-h * (f.days_from_origin() / states.DAYS_PER_MONTH))
    se = np.sqrt(n * p * (1 - p) / sims)
    assert np.all(np.abs(mean - n * p) <= 4 * se + 1e-9), (mean, n * p)
    assert mean[12] < mean[6] < mean[0] == n
    assert len(t) == len(mean)


def test_no_entries_and_no_exits_keeps_the_stock_ageing_only() -> None:
    # a 4½-year-old reaches the 5-9 band and a 17½-year-old ages out within six months
    ages = [0.2, 4.5, 9.9, 12.0, 17.5]
    f = simulate(start(ages, [0, 1, 2, 3, 4]), rates(), ORIGIN, 12, sims=5, seed=1)
    c = f.counts
    assert (c == c[:1]).all()  # every simulation the same: nothing random happens
    assert f.series(0)[0].tolist()[:6] == [5, 5, 5, 5, 5, 5]
    assert f.series(0)[0, 7] == 4  # the 17½-year-old left at 18, in the seventh month
    first, last = c[0, 0, 0], c[0, -1, 0]
    assert first.sum(1).tolist() == [1, 1, 1, 1, 1]  # one child in each band
    # a year on: 1.2 (1-4), 5.5 and 10.9 (5-9 and 10-15), 13 (10-15); the 17½-year-old gone
    assert last.sum(1).tolist() == [0, 1, 1, 2, 0]
    assert last.sum(0).tolist() == [1, 1, 1, 1, 0, 0]  # categories never change


def test_a_known_transition_matrix_reaches_its_stationary_distribution() -> None:
    a, b, n, sims = 0.3, 0.1, 500, 200
    f = simulate(
        start([10.0] * n, [0] * n), rates(moves={(0, 1): a, (1, 0): b}), ORIGIN, 60, sims, seed=2
    )
    share = f.series(0, 1)[:, -1].mean() / n
    expected = a / (a + b)  # the continuous-time chain's stationary share of category 1
    se = np.sqrt(expected * (1 - expected) / (n * sims))
    assert abs(share - expected) < 5 * se, (share, expected)
    assert f.series(0)[:, -1].tolist() == [n] * sims  # moves only: nobody leaves


def test_entries_at_a_constant_rate_reach_the_steady_stock() -> None:
    lam, h = 20.0, 0.1
    f = simulate(start([], []), rates(leave=h, entries=lam), ORIGIN, 60, sims=100, seed=4)
    # Poisson arrivals with exponential stays, from empty: lam / h × (1 − exp(−h t))
    steady = lam / h * (1 - np.exp(-h * f.days_from_origin()[-1] / states.DAYS_PER_MONTH))
    assert abs(f.series(0)[:, -1].mean() - steady) < 0.05 * steady


def test_a_child_takes_the_rates_of_the_band_they_age_into() -> None:
    # nobody leaves at 1-4; at 5-9 children leave at 0.2 a month. Children of 4½ turn 5 half a
    # year on and then leave: survival exp(−0.2 × months since their fifth birthday)
    n, h, sims = 1000, 0.2, 100
    r = rates(leave=h)
    r.leave[:, 0, 1] = 0.0  # the 1-4 band
    f = simulate(start([4.5] * n, [0] * n), r, ORIGIN, 12, sims, seed=5)
    birthday = 0.5 * states.DAYS_PER_YEAR
    after = np.clip(f.days_from_origin() - birthday, 0, None) / states.DAYS_PER_MONTH
    p = np.exp(-h * after)
    se = np.sqrt(n * p * (1 - p) / sims)
    assert (f.series(0)[:, :6] == n).all()  # nobody leaves before their birthday
    assert np.all(np.abs(f.series(0).mean(0) - n * p) <= 4 * se + 1e-9)
