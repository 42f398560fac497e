"""Targets and the UASC run-off on populations whose answers are known."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from csc_insight.forecast import states
from csc_insight.forecast.rates import Rates
from csc_insight.forecast.simulate import Start
from csc_insight.forecast.targets import assess_target, trajectory, uasc_runoff
from tests.forecast.helpers import ORIGIN, rates, start

G, K, C = len(states.GROUPS), len(states.BANDS), len(states.CATEGORIES)


def _uasc(ages: list[float], arrivals: float) -> tuple[Start, Rates]:
    """UASC only, who never leave before 18; arrivals aged 16."""
    st = start(ages, [states.SUPPORTED] * len(ages), uasc=states.UASC)
    z = np.zeros((1, G, K, C))
    r = Rates(
        np.array([[0.0, arrivals]]), z, np.zeros((1, G, K, C, C)),
        (np.zeros(0), np.array([16 * states.DAYS_PER_YEAR])),
        (np.zeros(0, dtype=np.int64), np.array([states.SUPPORTED])), (0.0, 1.0),
    )  # fmt: skip
    return st, r


def test_with_no_arrivals_uasc_run_off_as_they_turn_18() -> None:
    # 100 aged 17 and a quarter: all turn 18 nine months on; 0.07% of 10,000 is 7
    st, r = _uasc([17.25] * 100, arrivals=2.0)
    none, half = uasc_runoff(
        st, r, ORIGIN, 10_000, shares=(0.0007,), arrivals=(0.0, 1.0), horizon=36, sims=20
    )
    assert none.arrivals == 0.0 and none.threshold == pytest.approx(7.0)
    # 17¼ on 31/03/2020: 18 in late December 2020, so none left at the end of December
    assert none.median_date == none.early == none.late == date(2020, 12, 31)
    # two arrivals a month, staying two years: about 48 in care, never below 7
    assert half.median_date is None and half.late is None


def test_the_target_result_reports_baseline_and_needed_changes() -> None:
    st, r = start([8.0] * 450, [0] * 450), rates(leave=0.04, entries=15.0)
    # expected in two years: 375 + (450 − 375) e^(−0.04 × 24) ≈ 404, so ≤ 390 is unlikely
    res = assess_target(st, r, ORIGIN, date(2022, 3, 31), 390, sims=100)
    assert 0 <= res.baseline <= 1 and res.group == "local"
    cut50, cut80 = res.needed[("entries", 0.5)], res.needed[("entries", 0.8)]
    assert cut50 is not None and cut80 is not None and cut80 <= cut50
    assert res.baseline < 0.2 and abs(res.median - 404) < 8
    more50 = res.needed[("leave", 0.5)]
    assert cut50 < 1.0 and more50 is not None and more50 > 1.0


def test_the_trajectory_runs_straight_from_now_to_the_target() -> None:
    path = trajectory(484.0, 430.0, date(2021, 1, 31), date(2024, 3, 31))
    assert path[0] == (date(2021, 1, 31), 484.0) and path[-1] == (date(2024, 3, 31), 430.0)
    assert len(path) == 39  # January 2021 and the 38 month ends after it
    assert path[1][0] == date(2021, 2, 28) and path[1][1] == pytest.approx(484 - 54 / 38)
