"""Statistical process control: XmR charts and special-cause rules.

Follows NHS England's "Making Data Count" convention:
- centre line = mean of the points; moving range = |x(i) - x(i-1)|;
- natural process limits = mean ± 2.66 × mean moving range;
- special cause: a point beyond a limit; a shift (7 or more consecutive points on one side of
  the mean); a trend (6 or more consecutive points each rising, or each falling); two of three
  consecutive points beyond 2/3 of the way to a limit (the "2-sigma" band), on the same side.
The latest point is classed as improving or deteriorating special cause (by polarity), or
common cause. Assurance compares the target with the limits: a target between the limits will
be hit and missed at random ("hit and miss"); beyond the favourable limit it will consistently
be met ("pass"); beyond the unfavourable limit it cannot be met without a change ("fail").
At least 12 points are needed; fewer gives "insufficient data".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from csc_insight.indicators.rag import Polarity

MIN_POINTS = 12
SHIFT_RUN = 7
TREND_RUN = 6
LIMIT_FACTOR = 2.66

Signal = Literal["improving", "deteriorating", "common cause", "no polarity", "insufficient data"]
Assurance = Literal["pass", "fail", "hit and miss", "no target", "insufficient data"]


@dataclass(frozen=True)
class Xmr:
    centre: float
    lower: float
    upper: float
    # For each point: +1 special cause high, -1 special cause low, 0 none.
    flags: tuple[int, ...]


def xmr(values: list[float], lim: Limits | None = None) -> Xmr | None:
    """The chart's limits and every point's flag; ``lim``: the series' limits, when the caller
    has them (the engine's running sums), so the flags are judged on the very same limits."""
    if len(values) < MIN_POINTS:
        return None
    n = len(values)
    centre, lower, upper = lim or limits(values)
    flags = [0] * n
    for i, v in enumerate(values):
        if v > upper:
            flags[i] = 1
        elif v < lower:
            flags[i] = -1
    _mark_runs(values, centre, flags)
    _mark_trends(values, flags)
    _mark_two_of_three(values, centre, (upper - centre) * 2 / 3, flags)
    return Xmr(centre, lower, upper, tuple(flags))


def _mark_runs(values: list[float], centre: float, flags: list[int]) -> None:
    """Shift: SHIFT_RUN or more consecutive points on one side of the mean (a point on it breaks the run)."""
    side = [1 if v > centre else -1 if v < centre else 0 for v in values]
    i = 0
    while i < len(values):
        j = i
        while j + 1 < len(values) and side[j + 1] == side[i] != 0:
            j += 1
        if side[i] != 0 and j - i + 1 >= SHIFT_RUN:
            for k in range(i, j + 1):
                flags[k] = flags[k] or side[i]
        i = j + 1


def _mark_trends(values: list[float], flags: list[int]) -> None:
    """Trend: TREND_RUN or more consecutive points each higher (or each lower) than the one before."""
    n = len(values)
    i = 0
    while i < n - 1:
        direction = (values[i + 1] > values[i]) - (values[i + 1] < values[i])
        j = i + 1
        while (
            direction
            and j + 1 < n
            and ((values[j + 1] > values[j]) - (values[j + 1] < values[j])) == direction
        ):
            j += 1
        if direction and j - i + 1 >= TREND_RUN:
            for k in range(i, j + 1):
                flags[k] = flags[k] or direction
        i = max(j, i + 1)


def _mark_two_of_three(values: list[float], centre: float, band: float, flags: list[int]) -> None:
    """Two of three consecutive points beyond two thirds of the way to a limit, same side."""
    if band <= 0:
        return
    for side in (1, -1):
        # One pass over a window of three, with each point's "beyond the band" worked out once:
        # the engine asks this of every month of every indicator (61 x 60 series a compute).
        beyond = [side * (v - centre) > band for v in values]
        for i in range(len(values) - 2):
            if beyond[i] + beyond[i + 1] + beyond[i + 2] >= 2:
                for k in (i, i + 1, i + 2):
                    if beyond[k]:
                        flags[k] = flags[k] or side


Limits = tuple[float, float, float]


def limits(values: list[float]) -> Limits:
    """Centre line and natural process limits (lower, upper)."""
    n = len(values)
    total = sum(values)
    moving = sum(abs(values[i] - values[i - 1]) for i in range(1, n))
    return limits_of(total, moving, n)


def limits_of(total: float, moving: float, n: int) -> Limits:
    """limits() from the sum of n points and the sum of their n - 1 moving ranges, so a month-by-month
    history can keep running sums (added in the same order, they give the same floats)."""
    centre = total / n
    mr = moving / (n - 1)
    return centre, centre - LIMIT_FACTOR * mr, centre + LIMIT_FACTOR * mr


def _sign(x: float) -> int:
    return (x > 0) - (x < 0)


def latest_flag(values: list[float], lim: Limits | None = None) -> int:
    """The special-cause flag of the last point alone: the same answer as xmr(values).flags[-1],
    without marking every point, so a month-by-month history costs O(n) per month. ``lim``: the
    series' limits, when the caller has them."""
    n = len(values)
    centre, lower, upper = lim or limits(values)
    v = values[-1]
    if v > upper:
        return 1
    if v < lower:
        return -1
    side = _sign(v - centre)
    if side:
        k = n - 1
        while k >= 0 and _sign(values[k] - centre) == side:
            k -= 1
        if n - 1 - k >= SHIFT_RUN:
            return side
    direction = _sign(values[-1] - values[-2])
    if direction:
        k = n - 1
        while k > 0 and _sign(values[k] - values[k - 1]) == direction:
            k -= 1
        if n - k >= TREND_RUN:
            return direction
    band = (upper - centre) * 2 / 3
    if band > 0:
        for s in (1, -1):
            if s * (v - centre) > band and sum(s * (x - centre) > band for x in values[-3:]) >= 2:
                return s
    return 0


def signal(values: list[float], polarity: Polarity, lim: Limits | None = None) -> Signal:
    """The latest point's signal, judged with the series up to it."""
    if len(values) < MIN_POINTS:
        return "insufficient data"
    flag = latest_flag(values, lim)
    if flag == 0:
        return "common cause"
    if polarity == "none":
        return "no polarity"
    good = 1 if polarity == "BIB" else -1
    return "improving" if flag == good else "deteriorating"


def assurance(
    values: list[float], target: float | None, polarity: Polarity, lim: Limits | None = None
) -> Assurance:
    if len(values) < MIN_POINTS:
        return "insufficient data"
    if target is None or polarity == "none":
        return "no target"
    _, lower, upper = lim or limits(values)
    if lower <= target <= upper:
        return "hit and miss"
    meets = target <= lower if polarity == "BIB" else target >= upper
    return "pass" if meets else "fail"


def prefix_flags(values: Sequence[float], limits: Sequence[Limits]) -> list[tuple[int, ...]]:
    """xmr(values[:m], limits[k]).flags for every prefix m = MIN_POINTS + k: each month's chart
    as it stood at that month (the engine keeps them all). See prefix_flags_many."""
    return prefix_flags_many([values], [limits])[0]


def prefix_flags_many(
    series: Sequence[Sequence[float]], limits: Sequence[Sequence[Limits]]
) -> list[list[tuple[int, ...]]]:
    """prefix_flags for many series at once: every prefix chart of every series is a row of one
    matrix, so a borough's 89 indicators cost a few array operations, not 89 times as many (the
    compute's process views: 0.15 s one indicator at a time, a few ms together). The same rules as
    xmr, in the same order (beyond a limit, then a shift, then a trend, then two of three);
    tests hold it equal to xmr on every prefix."""
    import numpy as np

    shapes = [(len(v), len(lim)) for v, lim in zip(series, limits, strict=True)]
    if not any(p for _, p in shapes):
        return [[] for _ in series]
    width = max(n for n, p in shapes if p)
    # One row per prefix chart: its series' values (padded past the series' end), its limits
    # and how many points it holds.
    v = np.zeros((sum(p for _, p in shapes), width))
    lims = np.zeros((v.shape[0], 3))
    lengths = np.zeros(v.shape[0], dtype=int)
    row = 0
    for values, lim, (n, p) in zip(series, limits, shapes, strict=True):
        if p:
            v[row : row + p, :n] = values
            lims[row : row + p] = lim
            lengths[row : row + p] = MIN_POINTS + np.arange(p)
            row += p
    c, lo, hi = lims[:, :1], lims[:, 1:2], lims[:, 2:3]
    length = lengths[:, None]
    valid = np.arange(width)[None, :] < length
    flags = np.where(v > hi, 1, np.where(v < lo, -1, 0)) * valid

    def runs(x: np.ndarray) -> np.ndarray:
        """Each cell's length of the run of equal values along its row it belongs to."""
        start = np.ones(x.shape, dtype=bool)
        start[:, 1:] = x[:, 1:] != x[:, :-1]
        ids = np.cumsum(start, axis=1) + np.arange(x.shape[0])[:, None] * (x.shape[1] + 1)
        return np.asarray(np.bincount(ids.ravel())[ids])

    # Shift: SHIFT_RUN or more points on one side of the mean (a point on it, or past the
    # prefix, breaks the run).
    side = np.sign(v - c).astype(int) * valid
    shift = np.where((side != 0) & (runs(side) >= SHIFT_RUN), side, 0)
    flags = np.where(flags != 0, flags, shift)
    # Trend: TREND_RUN or more points, each step the same way: a run of TREND_RUN - 1 equal
    # steps. Steps past the prefix get a value no run shares; where two runs meet, the earlier
    # one's flag holds (xmr marks runs left to right).
    if width > 1:
        inside = np.arange(width - 1)[None, :] < length - 1
        step = np.where(inside, np.sign(np.diff(v, axis=1)).astype(int), 9)
        counts = runs(step)
        trend_steps = np.where((step != 0) & (step != 9) & (counts >= TREND_RUN - 1), step, 0)
        ending = np.zeros(v.shape, dtype=int)
        ending[:, 1:] = trend_steps  # the run a point ends (or continues)
        starting = np.zeros(v.shape, dtype=int)
        starting[:, :-1] = trend_steps  # the run a point starts
        trend = np.where(ending != 0, ending, starting) * valid
        flags = np.where(flags != 0, flags, trend)
    # Two of three consecutive points beyond two thirds of the way to a limit, same side.
    band = (hi - c) * 2 / 3
    for s in (1, -1):
        beyond = ((s * (v - c) > band) & (band > 0) & valid).astype(int)
        window = beyond.copy()
        window[:, :-1] += beyond[:, 1:]
        window[:, :-2] += beyond[:, 2:]
        hit = window >= 2  # the window starting at each point
        covered = hit.copy()
        covered[:, 1:] |= hit[:, :-1]
        covered[:, 2:] |= hit[:, :-2]
        flags = np.where(flags != 0, flags, np.where((beyond == 1) & covered, s, 0))
    rows: list[list[int]] = flags.tolist()
    out: list[list[tuple[int, ...]]] = []
    row = 0
    for _, p in shapes:
        out.append([tuple(rows[row + k][: MIN_POINTS + k]) for k in range(p)])
        row += p
    return out
