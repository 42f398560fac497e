"""Small vectorised helpers: draws from code lists, repeated events, de-duplication."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

Rng = np.random.Generator
GapFn = Callable[[Rng, tuple[int, ...]], np.ndarray]


def pick(rng: Rng, weights: npt.ArrayLike, n: int) -> np.ndarray:
    """Indices drawn with the given (unnormalised) weights."""
    p = np.asarray(weights, dtype=float)
    return rng.choice(len(p), size=n, p=p / p.sum())


def between(rng: Rng, lo: np.ndarray | int, hi: np.ndarray | int, n: int) -> np.ndarray:
    """Uniform integers in [lo, hi] (inclusive)."""
    return rng.integers(lo, np.asarray(hi) + 1, size=n)


def lognormal_days(rng: Rng, median: float, sigma: float, n: int) -> np.ndarray:
    return np.maximum(1, np.round(median * np.exp(sigma * rng.standard_normal(n)))).astype(np.int64)


def renewal(
    rng: Rng,
    start: np.ndarray,
    stop: np.ndarray,
    first_gap: GapFn,
    gap: GapFn,
    chunk: int = 12,
) -> tuple[np.ndarray, np.ndarray]:
    """Repeated events in each interval: start + first_gap, then + gap, ... while <= stop.

    Returns (interval index, event time), grouped by interval and in time order. Works in
    whatever unit the inputs use (days or working-day numbers); gaps must be >= 1.
    """
    start = np.asarray(start, dtype=np.int64)
    stop = np.asarray(stop, dtype=np.int64)
    active = np.arange(start.size)
    cur = start + first_gap(rng, (start.size,))
    ok = cur <= stop
    idx_parts = [active[ok]]
    t_parts = [cur[ok]]
    active, cur = active[ok], cur[ok]
    while active.size:
        times = cur[:, None] + np.cumsum(gap(rng, (active.size, chunk)), axis=1)
        ok = times <= stop[active][:, None]
        idx_parts.append(np.broadcast_to(active[:, None], times.shape)[ok])
        t_parts.append(times[ok])
        go_on = ok[:, -1]
        active, cur = active[go_on], times[go_on, -1]
    idx = np.concatenate(idx_parts)
    t = np.concatenate(t_parts)
    order = np.lexsort((t, idx))
    return idx[order], t[order]


def first_per_key(*keys: np.ndarray) -> np.ndarray:
    """Mask of the first row (in input order) of each distinct combination of ``keys``."""
    n = keys[0].size
    if n == 0:
        return np.zeros(0, dtype=bool)
    order = np.lexsort((np.arange(n), *reversed(keys)))
    sorted_keys = [k[order] for k in keys]
    new = np.ones(n, dtype=bool)
    same = np.ones(n - 1, dtype=bool)
    for k in sorted_keys:
        same &= k[1:] == k[:-1]
    new[1:] = ~same
    mask = np.zeros(n, dtype=bool)
    mask[order[new]] = True
    return mask


def next_in_group(group: np.ndarray, values: np.ndarray, fill: int) -> np.ndarray:
    """For rows sorted by group: the next row's value within the same group, else ``fill``."""
    out = np.full(values.size, fill, dtype=np.int64)
    if values.size > 1:
        same = group[1:] == group[:-1]
        out[:-1] = np.where(same, values[1:], fill)
    return out


def prev_in_group(group: np.ndarray, values: np.ndarray, fill: int) -> np.ndarray:
    """For rows sorted by group: the previous row's value within the same group, else ``fill``."""
    out = np.full(values.size, fill, dtype=np.int64)
    if values.size > 1:
        same = group[1:] == group[:-1]
        out[1:] = np.where(same, values[:-1], fill)
    return out


def rank_in_group(group: np.ndarray) -> np.ndarray:
    """0, 1, 2, ... within runs of equal ``group`` values (rows sorted by group)."""
    n = group.size
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    starts = np.r_[True, group[1:] != group[:-1]]
    start_pos = np.maximum.accumulate(np.where(starts, np.arange(n), 0))
    return np.arange(n) - start_pos


def is_last_in_group(group: np.ndarray) -> np.ndarray:
    n = group.size
    return np.r_[group[1:] != group[:-1], True] if n else np.zeros(0, dtype=bool)
