"""The Forecast page's parts on hand-built forecasts with known answers: the chance of a target
read from the simulations, the quantiles, and the fan chart's geometry and words."""

from __future__ import annotations

import re
from datetime import date

import numpy as np
import pytest

from csc_insight.forecast.simulate import Forecast, month_ends
from csc_insight.reports.fan_chart import Fan, fan_chart
from csc_insight.web.forecast_runs import Run

ORIGIN = date(2021, 3, 31)


def _run(local: list[list[int]], uasc: list[list[int]]) -> Run:
    """A Run from counts per simulation and month end (the origin first)."""
    counts = np.stack([np.array(local), np.array(uasc)], axis=2)[..., None, None]
    return Run(Forecast(ORIGIN, month_ends(ORIGIN, counts.shape[1] - 1), counts.astype(np.int32)))


def test_the_chance_of_a_target_is_the_share_of_simulations_at_or_under_it() -> None:
    r = _run([[5, 6, 1], [5, 6, 2], [5, 6, 3], [5, 6, 4]], [[9, 9, 9]] * 4)
    assert r.months == [ORIGIN, date(2021, 4, 30), date(2021, 5, 31)]
    assert r.probability(2, date(2021, 5, 31)) == 0.5  # 1 and 2 of 1, 2, 3, 4
    assert r.probability(2.5, date(2021, 6, 15)) is None  # after the horizon
    assert r.probability(6, date(2021, 5, 30)) == 1.0  # the month end before: April's 6s
    assert r.probability(5, ORIGIN) is None  # not after the origin: nothing to forecast
    assert r.probability(0, date(2021, 5, 31)) == 0.0  # UASC not counted: local only


def test_quantiles_are_the_10th_50th_and_90th_percentiles() -> None:
    r = _run([[0, v] for v in range(11)], [[0, 2 * v] for v in range(11)])
    np.testing.assert_allclose(r.quantiles(0)[:, 1], [1, 5, 9])
    np.testing.assert_allclose(r.quantiles(1)[:, 1], [2, 10, 18])
    np.testing.assert_allclose(r.quantiles(None)[:, 1], [3, 15, 27])


def test_the_fan_chart_puts_each_value_where_the_axis_says() -> None:
    months = [ORIGIN, date(2021, 4, 30)]
    q = np.array([[0.0, 0.0], [5.0, 10.0], [10.0, 20.0]])
    svg = fan_chart("Local", months, [], [Fan("Baseline", q)])
    # axis 0 to 20 (ticks 0, 5, ... 20) over y 250 (bottom) to 12 (top); x from 50 to 628
    assert '<path d="M50 190.5 L628 131" fill="none"' in svg
    assert ">20</text>" in svg and ">25</text>" not in svg
    assert "median 10 at April 2021, 80% interval 0 to 20" in svg
    assert " style=" not in svg and "<script" not in svg


def test_the_trajectory_ends_at_the_target_and_history_leads_in() -> None:
    months = [ORIGIN, date(2021, 4, 30)]
    q = np.array([[8.0, 8.0], [10.0, 10.0], [12.0, 12.0]])
    actual = [(date(2021, 2, 28), 10), (ORIGIN, 10)]
    svg = fan_chart(
        "Local", months, actual, [Fan("Baseline", q)], [(ORIGIN, 10.0), (months[1], 6.0)]
    )
    # three month ends: x 50, 339, 628; axis 0 to 15
    assert re.search(r'<path d="M50 91.3 L339 91.3" fill="none" stroke="#0b0c0c"', svg), svg
    assert '<circle cx="628" cy="154.8" r="4"' in svg  # the target, 6, at the last month end
    assert "Target: 6 by 30/04/2021" in svg


@pytest.mark.parametrize("n", [1, 3])
def test_a_scenario_is_drawn_dashed_beside_the_baseline(n: int) -> None:
    months = month_ends(ORIGIN, 12)
    q = np.tile(np.array([[1.0], [2.0], [3.0]]), (1, 13))
    fans = [Fan("Baseline", q), Fan("Scenario", q * n)]
    svg = fan_chart("UASC", months, [], fans)
    assert svg.count('data-series="Scenario"') == 1 and 'stroke-dasharray="6 3"' in svg
