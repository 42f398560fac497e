"""XmR charts and special-cause rules (NHS 'Making Data Count') on hand-built series."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csc_insight.indicators import spc

STEADY = [50, 52, 49, 51, 50, 48, 52, 50, 49, 51, 50, 52]  # mean 50.33, no pattern


def test_limits_by_hand() -> None:
    values = [10, 12, 11, 13, 12, 10, 11, 12, 13, 11, 12, 11]
    chart = spc.xmr(values)
    assert chart is not None
    mean = sum(values) / 12  # 11.5
    mr = (2 + 1 + 2 + 1 + 2 + 1 + 1 + 1 + 2 + 1 + 1) / 11  # 15 / 11
    assert chart.centre == pytest.approx(mean)
    assert chart.upper == pytest.approx(mean + 2.66 * mr)
    assert chart.lower == pytest.approx(mean - 2.66 * mr)


def test_too_few_points() -> None:
    assert spc.xmr(STEADY[:11]) is None
    assert spc.signal(STEADY[:11], "BIB") == "insufficient data"


def test_common_cause() -> None:
    assert spc.signal(STEADY, "BIB") == "common cause"


def test_point_beyond_upper_limit_is_improving_when_bigger_is_better() -> None:
    values = [*STEADY, 75]
    assert spc.xmr(values).flags[-1] == 1
    assert spc.signal(values, "BIB") == "improving"
    assert spc.signal(values, "SIB") == "deteriorating"
    assert spc.signal(values, "none") == "no polarity"


def test_shift_of_seven_below_the_mean() -> None:
    values = [55, 56, 54, 55, 56, 55, 54, 53, 52, 53, 52, 53, 52, 53]
    chart = spc.xmr(values)
    # mean = 53.64; the last 7 points (53, 52, 53, 52, 53, 52, 53) all lie below it
    assert chart.flags[-7:] == (-1,) * 7
    assert spc.signal(values, "SIB") == "improving"


def test_six_of_a_shift_is_not_enough() -> None:
    values = [55, 54, 56, 55, 54, 56, 55, 54, 56, 52, 53, 52, 53, 52, 53, 56]
    # the run below the mean is 6 long and then broken by the last point
    assert spc.signal(values, "BIB") == "common cause"


def test_trend_of_six_rising() -> None:
    values = [50, 52, 49, 51, 50, 48, 52, 49, 50, 51, 52, 53, 54]
    # 49 < 50 < 51 < 52 < 53 < 54: six points each higher than the one before
    chart = spc.xmr(values)
    assert chart.flags[-6:] == (1,) * 6
    assert spc.signal(values, "SIB") == "deteriorating"


def test_two_of_three_near_the_limit() -> None:
    base = [50, 51, 49, 50, 51, 49, 50, 51, 49, 50, 51, 49] * 2
    values = [*base, 53.5, 51, 53.5]
    chart = spc.xmr(values)
    # centre 50.30, upper limit 54.44, two-thirds band from 53.06: 53.5 is near the limit, not beyond
    band = chart.centre + (chart.upper - chart.centre) * 2 / 3
    assert band < 53.5 < chart.upper
    assert chart.flags[-1] == 1
    assert spc.signal(values, "BIB") == "improving"


def test_assurance_against_target() -> None:
    chart = spc.xmr(STEADY)
    assert chart.lower < 50 < chart.upper
    assert spc.assurance(STEADY, 50, "BIB") == "hit and miss"
    assert spc.assurance(STEADY, 40, "BIB") == "pass"  # below the lower limit: always met
    assert (
        spc.assurance(STEADY, 60, "BIB") == "fail"
    )  # above the upper limit: cannot be met without change
    assert spc.assurance(STEADY, 40, "SIB") == "fail"
    assert spc.assurance(STEADY, None, "BIB") == "no target"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 20), min_size=12, max_size=40))
def test_latest_flag_agrees_with_the_whole_chart(values: list[int]) -> None:
    """The fast month-by-month rule gives the same answer as marking the whole chart."""
    series = [float(v) for v in values]
    assert spc.latest_flag(series) == spc.xmr(series).flags[-1]


def _running_limits(values: list[float]) -> list[spc.Limits]:
    """Each prefix's limits from running sums, as the engine keeps them."""
    out, total, moving = [], 0.0, 0.0
    for i, v in enumerate(values):
        if i:
            moving += abs(v - values[i - 1])
        total += v
        if i + 1 >= spc.MIN_POINTS:
            out.append(spc.limits_of(total, moving, i + 1))
    return out


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.one_of(st.integers(0, 6).map(float), st.floats(0, 100, allow_nan=False)),
        min_size=spc.MIN_POINTS,
        max_size=70,
    )
)
def test_every_prefix_s_flags_at_once_are_xmr_s(values: list[float]) -> None:
    """prefix_flags (one matrix) gives exactly the flags xmr gives prefix by prefix: ties,
    flat runs, runs cut by the prefix's end, trends meeting at a point."""
    lims = _running_limits(values)
    expected = []
    for k, lim in enumerate(lims):
        chart = spc.xmr(values[: spc.MIN_POINTS + k], lim)
        assert chart is not None
        expected.append(chart.flags)
    assert spc.prefix_flags(values, lims) == expected


@pytest.mark.parametrize(
    "values",
    [
        [1.0] * 6 + [2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 7.0, 6.0, 5.0, 4.0, 3.0, 2.0],  # flat top
        # A peak shared by a rising and a falling trend, inside the limits and too short a
        # run above the mean for a shift: the rising trend, marked first, holds it.
        [0, 10, 0, 10, 10, 10, 10, 0, 3, 4, 5, 6, 7, 8, 7, 6, 5, 4, 3, 2, 10],
    ],
)
def test_prefix_flags_on_hand_made_series(values: list[float]) -> None:
    values = [float(v) for v in values]
    lims = _running_limits(values)
    charts = [spc.xmr(values[: spc.MIN_POINTS + k], lim) for k, lim in enumerate(lims)]
    assert spc.prefix_flags(values, lims) == [c.flags for c in charts if c is not None]
    assert spc.prefix_flags(values, []) == []


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.lists(
            st.one_of(st.integers(0, 6).map(float), st.floats(0, 100, allow_nan=False)),
            max_size=40,
        ),
        max_size=6,
    )
)
def test_many_series_at_once_are_each_series_alone(many: list[list[float]]) -> None:
    """prefix_flags_many (every series' charts in one matrix, rows of different lengths, series
    too short for a chart among them) gives each series exactly what xmr gives it alone."""
    lims = [_running_limits(values) for values in many]
    expected = [
        [
            chart.flags
            for k, lim in enumerate(series_lims)
            if (chart := spc.xmr(values[: spc.MIN_POINTS + k], lim)) is not None
        ]
        for values, series_lims in zip(many, lims, strict=True)
    ]
    assert spc.prefix_flags_many(many, lims) == expected
