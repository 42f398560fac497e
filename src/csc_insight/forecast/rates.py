"""Entry, exit and move rates estimated from a reference window, with a bootstrap over children.

Rates are hazards per model month: events in the window divided by the days children spent in
each state in it (× days per month). A state seen for few days borrows strength from its
category over all bands, and that from the group (a prior worth ``PRIOR_DAYS`` of exposure),
so an empty cell gives the pooled rate, not zero or infinity. Leaving care at 18 is not an exit
rate: the simulation ages children out, so exits within ``AGE_OUT_SLACK_DAYS`` of the 18th
birthday are left out of the rates.

The bootstrap resamples children (Poisson weights, one per child per draw): each draw is the
rates a reference window of other children like these could have given, so the forecast's
intervals carry the uncertainty of the estimated rates as well as the randomness of moves.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from csc_insight.forecast import states
from csc_insight.forecast.history import FloatArray, Spells

PRIOR_DAYS = 30.0
AGE_OUT_SLACK_DAYS = 7.0

G, K, C = len(states.GROUPS), len(states.BANDS), len(states.CATEGORIES)


@dataclass(frozen=True)
class Rates:
    """Rates per model month; the leading axis holds the draws (1 for the point estimate).

    entries (D, G); leave (D, G, K, C); move (D, G, K, C, C), zero on the diagonal.
    Entrants' age at entry (days) and category are drawn from those seen in the window
    (``pool_age[g]``, ``pool_cat[g]``)."""

    entries: FloatArray
    leave: FloatArray
    move: FloatArray
    pool_age: tuple[FloatArray, ...]
    pool_cat: tuple[npt.NDArray[np.int64], ...]
    window: tuple[float, float]

    @property
    def draws(self) -> int:
        return int(self.entries.shape[0])

    def point(self) -> Rates:
        """The mean over draws, as one draw."""
        return Rates(
            self.entries.mean(0, keepdims=True), self.leave.mean(0, keepdims=True),
            self.move.mean(0, keepdims=True), self.pool_age, self.pool_cat, self.window,
        )  # fmt: skip


@dataclass(frozen=True)
class Counts:
    """Each child's contribution in the window: exposure days, exits, moves and entries,
    flattened over (G, K, C) states so a bootstrap draw is one matrix product."""

    exposure: FloatArray  # (N, G*K*C)
    leaves: FloatArray  # (N, G*K*C)
    moves: FloatArray  # (N, G*K*C*C)
    entries: FloatArray  # (N, G)
    months: float


def window_counts(spells: Spells, w0: float, w1: float) -> Counts:
    """Exposure and events in the window (w0, w1], per child."""
    n = int(spells.child.max()) + 1 if len(spells) else 0
    lo, hi = states.band_limits_days()
    end = np.where(np.isnan(spells.end), np.inf, spells.end)
    a0 = np.maximum(spells.start, w0)
    a1 = np.minimum(end, w1)
    # exposure per band: overlap of the spell in the window with the band's ages
    b0 = np.maximum(a0[:, None], spells.dob[:, None] + lo[None, :])
    b1 = np.minimum(a1[:, None], spells.dob[:, None] + hi[None, :])
    expo_k = np.clip(b1 - b0, 0.0, None)  # (S, K)
    state = (spells.group * K)[:, None] * C + np.arange(K)[None, :] * C + spells.cat[:, None]
    exposure = np.zeros((n, G * K * C))
    np.add.at(exposure, (np.repeat(spells.child, K), state.ravel()), expo_k.ravel())

    ended = (end > w0) & (end <= w1)
    age_end = end - spells.dob
    band_end = np.minimum(states.band_of(np.where(ended, age_end, 0.0)), K - 1)
    s_end = (spells.group * K + band_end) * C + spells.cat
    aged_out = age_end >= states.AGE_OUT_YEARS * states.DAYS_PER_YEAR - AGE_OUT_SLACK_DAYS
    leaving = ended & spells.leaves & ~aged_out
    leaves = np.zeros((n, G * K * C))
    np.add.at(leaves, (spells.child[leaving], s_end[leaving]), 1.0)
    moving = ended & ~spells.leaves & (spells.next_cat >= 0) & (spells.next_cat != spells.cat)
    moves = np.zeros((n, G * K * C * C))
    np.add.at(moves, (spells.child[moving], s_end[moving] * C + spells.next_cat[moving]), 1.0)

    entering = spells.enters & (spells.start > w0) & (spells.start <= w1)
    entries = np.zeros((n, G))
    np.add.at(entries, (spells.child[entering], spells.group[entering]), 1.0)
    return Counts(exposure, leaves, moves, entries, (w1 - w0) / states.DAYS_PER_MONTH)


def _hazard(events: FloatArray, exposure: FloatArray) -> FloatArray:
    """Monthly hazard per state with shrinkage to the category's and the group's pooled rate.
    ``events`` (D, G, K, C, ...) and ``exposure`` (D, G, K, C)."""
    extra = events.ndim - exposure.ndim
    ex = exposure.reshape(exposure.shape + (1,) * extra)
    g_ev, g_ex = events.sum((2, 3), keepdims=True), ex.sum((2, 3), keepdims=True)
    group_rate = g_ev / np.maximum(g_ex, 1.0)
    c_ev, c_ex = events.sum(2, keepdims=True), ex.sum(2, keepdims=True)
    cat_rate = (c_ev + PRIOR_DAYS * group_rate) / (c_ex + PRIOR_DAYS)
    rate = (events + PRIOR_DAYS * cat_rate) / (ex + PRIOR_DAYS)
    return rate * states.DAYS_PER_MONTH


def rates_from_counts(
    counts: Counts, weights: FloatArray, spells: Spells, window: tuple[float, float]
) -> Rates:
    """Rates for each row of ``weights`` (D, N): Poisson bootstrap weights, or ones."""
    d = weights.shape[0]
    exposure = (weights @ counts.exposure).reshape(d, G, K, C)
    leave = _hazard((weights @ counts.leaves).reshape(d, G, K, C), exposure)
    move = _hazard((weights @ counts.moves).reshape(d, G, K, C, C), exposure)
    move[..., np.arange(C), np.arange(C)] = 0.0
    entries = (weights @ counts.entries) / max(counts.months, 1e-9)
    ages, cats = _entrant_pool(spells, *window)
    return Rates(entries, leave, move, ages, cats, window)


def _entrant_pool(
    spells: Spells, w0: float, w1: float
) -> tuple[tuple[FloatArray, ...], tuple[npt.NDArray[np.int64], ...]]:
    entering = spells.enters & (spells.start > w0) & (spells.start <= w1)
    ages, cats = [], []
    for g in range(G):
        m = entering & (spells.group == g)
        ages.append(spells.start[m] - spells.dob[m])
        cats.append(spells.cat[m])
    return tuple(ages), tuple(cats)


def estimate(spells: Spells, w0: float, w1: float, draws: int = 0, seed: int = 0) -> Rates:
    """Point rates (``draws`` = 0) or ``draws`` bootstrap draws from the window (w0, w1]."""
    counts = window_counts(spells, w0, w1)
    n = counts.exposure.shape[0]
    if draws <= 0:
        weights = np.ones((1, n))
    else:
        weights = np.random.default_rng(seed).poisson(1.0, size=(draws, n)).astype(float)
    return rates_from_counts(counts, weights, spells, (w0, w1))
