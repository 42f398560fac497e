"""Targets and the UASC run-off on populations whose answers are known."""

from __future__ import annotations

from datetime import date
from typing import Any

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


def _both_groups(locals_: int) -> tuple[Start, Rates]:
    """``locals_`` local children aged 8 and 200 UASC aged 15, both leaving at 4% a month, with
    15 and 5 entrants a month (local at 6, UASC at 16)."""
    years = states.DAYS_PER_YEAR
    local = start([8.0] * locals_, [0] * locals_)
    uasc = start([15.0] * 200, [0] * 200, uasc=states.UASC)
    st = Start((local.dob[0], uasc.dob[1]), (local.cat[0], uasc.cat[1]))
    r = rates(leave=0.04, entries=15.0)
    leave = r.leave.copy()
    leave[:, states.UASC] = 0.04
    return st, Rates(
        np.array([[15.0, 5.0]]), leave, r.move, (r.pool_age[0], np.array([16 * years])),
        (r.pool_cat[0], np.array([0])), r.window,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("group", "locals_", "threshold", "sims"),
    [(states.LOCAL, 450, 390.0, 200), (states.UASC, 50, 140.0, 1000)],
)
def test_the_search_simulates_the_target_group_alone_and_finds_the_same_multipliers(
    monkeypatch: pytest.MonkeyPatch, group: int, locals_: int, threshold: float, sims: int
) -> None:
    from csc_insight.forecast import simulate as sim_module
    from csc_insight.forecast import targets

    st, r = _both_groups(locals_)
    when = date(2022, 3, 31)
    calls: list[int | None] = []
    real = sim_module.simulate

    def spy(*args: Any, **kwargs: Any) -> sim_module.Forecast:
        calls.append(kwargs.get("only"))
        return real(*args, **kwargs)

    monkeypatch.setattr(targets, "simulate", spy)
    alone = assess_target(st, r, ORIGIN, when, threshold, group, sims=sims)
    assert calls and set(calls) == {group}  # every trial: the target's group, never both

    def both(*args: Any, **kwargs: Any) -> sim_module.Forecast:
        kwargs.pop("only", None)
        return real(*args, **kwargs)

    monkeypatch.setattr(targets, "simulate", both)
    full = assess_target(st, r, ORIGIN, when, threshold, group, sims=sims)
    assert alone.needed.keys() == full.needed.keys() and None not in alone.needed.values()
    if group == states.LOCAL:  # simulated first in a full run: the same random numbers
        assert alone == full
    else:
        # other random numbers: the same answer within the search's sampling error. At 1000
        # simulations a probability near 50% is within ±1.6 points (one standard error) and
        # moves about 2.6 points for 0.01 on the entry multiplier: two runs' multipliers differ
        # by about 0.009 (one standard error), so 0.03 is more than three
        for k, m in alone.needed.items():
            other = full.needed[k]
            assert m is not None and other is not None and abs(m - other) < 0.03, k
        assert abs(alone.median - full.median) < 3
