"""The stock-and-flow simulation: every child in care and every entrant, in continuous time.

Each simulation follows children one by one (their dates of birth age them through the bands
and out of care at 18) but all simulations and children at once, as arrays. Leaving and moving
compete: a child's next event comes after an exponential time at the state's total hazard, and
is leaving or a move to each destination in proportion to its hazard; a new state (a move, a
birthday into the next band) draws a new time, which the exponential's lack of memory makes
exact. Counts are taken at each month end. Entrants arrive as a Poisson number a month on
uniform days, each with the age and category of an entrant drawn from the reference window.
With rate draws (rates.estimate(draws=...)), simulation s uses draw s mod D: the spread then
holds the uncertainty of the rates as well as the randomness of moves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt

from csc_insight.forecast import states
from csc_insight.forecast.history import FloatArray, Spells, day
from csc_insight.forecast.rates import Rates

G, K, C = len(states.GROUPS), len(states.BANDS), len(states.CATEGORIES)
MAX_HORIZON_MONTHS = 180  # the UASC run-off looks further than a forecast's 5 years


def month_ends(origin: date, months: int) -> list[date]:
    """``origin`` and the ends of the ``months`` calendar months after it."""
    out = [origin]
    y, m = origin.year, origin.month
    for _ in range(months):
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        nxt = date(y + 1, 1, 1) if m == 12 else date(y, m + 1, 1)
        out.append(nxt - timedelta(days=1))
    return out


@dataclass(frozen=True)
class Forecast:
    """Children in care at each month end: counts (simulations, months + 1, G, K, C)."""

    origin: date
    months: list[date]
    counts: npt.NDArray[np.int32]

    def series(
        self, group: int | None = None, category: int | None = None
    ) -> npt.NDArray[np.int64]:
        """(simulations, months + 1) totals, for one group and/or category or all."""
        c = self.counts.astype(np.int64)
        c = c if group is None else c[:, :, group : group + 1]
        c = c if category is None else c[..., category : category + 1]
        return c.sum(axis=(2, 3, 4))

    def days_from_origin(self) -> npt.NDArray[np.float64]:
        return np.array([float((m - self.origin).days) for m in self.months])

    def at(self, when: date) -> int:
        """Index of the month end on or before ``when``."""
        i = max(i for i, m in enumerate(self.months) if m <= when)
        return i


@dataclass(frozen=True)
class Start:
    """Children in care at the origin, per group: dates of birth (days) and categories."""

    dob: tuple[FloatArray, ...]
    cat: tuple[npt.NDArray[np.int64], ...]

    @classmethod
    def from_spells(cls, spells: Spells, origin: date) -> Start:
        at = day(origin)
        open_ = spells.in_care(at) & (at - spells.dob < states.AGE_OUT_YEARS * states.DAYS_PER_YEAR)
        return cls(
            tuple(spells.dob[open_ & (spells.group == g)] for g in range(G)),
            tuple(spells.cat[open_ & (spells.group == g)] for g in range(G)),
        )


def _tables(rates: Rates, g: int) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Per draw, flattened over (K, C): total hazard, leaving's share of it, and the cumulative
    distribution of a move's destination."""
    leave, move = rates.leave[:, g], rates.move[:, g]  # (D, K, C), (D, K, C, C)
    total = leave + move.sum(-1)
    share = np.divide(leave, total, out=np.ones_like(total), where=total > 0)
    msum = move.sum(-1, keepdims=True)
    cdf = np.cumsum(np.divide(move, msum, out=np.zeros_like(move), where=msum > 0), -1)
    d = leave.shape[0]
    return total.reshape(d, K * C), share.reshape(d, K * C), cdf.reshape(d, K * C, C)


def simulate(
    start: Start, rates: Rates, origin: date, horizon: int, sims: int = 1000, seed: int = 0,
    only: int | None = None,
) -> Forecast:  # fmt: skip
    """Simulate ``sims`` futures for ``horizon`` months from ``origin``; ``only``: one group,
    the others left at zero (the UASC run-off needs no local children, who cost twice as much)."""
    if not 1 <= horizon <= MAX_HORIZON_MONTHS:
        raise ValueError(f"horizon must be 1 to {MAX_HORIZON_MONTHS} months")
    ends = month_ends(origin, horizon)
    days = np.array([day(m) for m in ends])
    counts = np.zeros((sims, horizon + 1, G, K, C), dtype=np.int32)
    rng = np.random.default_rng(seed)
    for g in range(G) if only is None else [only]:
        counts[:, :, g] = _simulate_group(start, rates, g, days, sims, rng)
    return Forecast(origin, ends, counts)


def _simulate_group(
    start: Start, rates: Rates, g: int, days: FloatArray, sims: int, rng: np.random.Generator
) -> npt.NDArray[np.int32]:
    """One group's counts (sims, horizon + 1, K, C), simulated in continuous time.

    Each child carries three numbers over all simulations at once: ``skey``, the simulation and
    state in one (sim × K·C + band × C + category); ``nxt``, the day their band next changes (or
    they turn 18); and ``evt``, the day of their next event (leaving or moving), drawn from the
    state's total hazard when they enter it. Hazards are constant within a state and the
    exponential has no memory, so redrawing ``evt`` whenever the state changes (a move, a new
    band) is exact. A month then costs two comparisons over the children and a count; only the
    few children with something due are worked on. Leavers are marked (state ``dead``, counted
    nowhere) and removed once a year, which costs less than copying the arrays every month."""
    horizon = len(days) - 1
    kc = K * C
    total, share, cdf = _tables(rates, g)
    draw = np.arange(sims) % rates.draws
    per_day = np.append(total[draw].ravel(), 0.0) / states.DAYS_PER_MONTH  # dead: no events
    share_s = share[draw].ravel()
    cdf_s = cdf[draw].reshape(-1, C)
    dead = sims * kc
    band0 = _band(days[0] - start.dob[g])
    key0 = band0 * C + start.cat[g]
    n = sims * len(key0)
    kids = _Children(n + 32 * sims)
    kids.skey[:n] = (np.arange(sims, dtype=np.int64)[:, None] * kc + key0[None, :]).ravel()
    kids.nxt[:n] = np.tile(start.dob[g] + _NEXT[band0], sims)
    kids.evt[:n] = days[0] + _wait(rng, per_day[kids.skey[:n]])
    entrants = _Entrants(rates, g, sims, rng)
    out = np.zeros((sims, horizon + 1, kc), dtype=np.int32)
    out[:, 0] = np.bincount(kids.skey[:n], minlength=dead + 1)[:dead].reshape(sims, kc)
    for t in range(1, horizon + 1):
        e_sim, e_day, e_dob, e_cat = entrants.month(days[t - 1], days[t])
        e_band = _band(e_day - e_dob)
        m = len(e_sim)
        kids.reserve(n + m)
        kids.skey[n : n + m] = e_sim * kc + e_band * C + e_cat
        kids.nxt[n : n + m] = e_dob + _NEXT[e_band]
        kids.evt[n : n + m] = e_day + _wait(rng, per_day[kids.skey[n : n + m]])
        n += m
        skey, nxt, evt = kids.skey[:n], kids.nxt[:n], kids.evt[:n]
        due = np.nonzero(np.minimum(evt, nxt) <= days[t])[0]
        while len(due):
            _settle(due, skey, nxt, evt, days[t], per_day, share_s, cdf_s, dead, rng)
            due = due[np.minimum(evt[due], nxt[due]) <= days[t]]
        out[:, t] = np.bincount(skey, minlength=dead + 1)[:dead].reshape(sims, kc)
        if t % 12 == 0:
            n = kids.compact(n, dead)
    return out.reshape(sims, horizon + 1, K, C)


def _wait(rng: np.random.Generator, rate: FloatArray) -> FloatArray:
    """Days to the next event at ``rate`` events a day (infinite where the rate is 0)."""
    with np.errstate(divide="ignore"):
        return rng.standard_exponential(len(rate)) / rate


def _settle(
    due: npt.NDArray[np.intp], skey: npt.NDArray[np.int64], nxt: FloatArray, evt: FloatArray,
    until: float, per_day: FloatArray, share: FloatArray, cdf: FloatArray, dead: int,
    rng: np.random.Generator,
) -> None:  # fmt: skip
    """Work out, for the children ``due``, whichever comes first of their event and their next
    band; each then has a new state and a new event day (which may also fall before ``until``:
    the caller asks again)."""
    e, x = evt[due], nxt[due]
    first = e <= x
    event, older = due[first & (e <= until)], due[~first & (x <= until)]
    if len(event):
        row = skey[event]
        leaving = rng.random(len(event)) < share[row]
        gone = event[leaving]
        skey[gone], nxt[gone], evt[gone] = dead, np.inf, np.inf
        stay = ~leaving
        movers, row = event[stay], row[stay]
        if len(movers):
            u = rng.random(len(movers))[:, None]
            new_row = row - row % C + np.minimum((u > cdf[row]).sum(1), C - 1)
            skey[movers] = new_row
            evt[movers] += _wait(rng, per_day[new_row])
    if len(older):
        row = skey[older]
        b = row % (K * C) // C
        last = b == K - 1
        adults = older[last]
        skey[adults], nxt[adults], evt[adults] = dead, np.inf, np.inf  # 18: ageing out
        grow, gb, new_row = older[~last], b[~last], row[~last] + C
        skey[grow] = new_row
        when = nxt[grow]
        evt[grow] = when + _wait(rng, per_day[new_row])
        nxt[grow] = when + (_NEXT[gb + 1] - _NEXT[gb])


class _Children:
    """The children's arrays with room to grow: leavers are marked dead rather than removed, and
    removed once a year."""

    def __init__(self, size: int) -> None:
        self.skey = np.empty(size, dtype=np.int64)
        self.nxt = np.empty(size)
        self.evt = np.empty(size)

    def reserve(self, size: int) -> None:
        if size > len(self.skey):
            grown = max(size, 2 * len(self.skey))
            self.skey = np.resize(self.skey, grown)
            self.nxt = np.resize(self.nxt, grown)
            self.evt = np.resize(self.evt, grown)

    def compact(self, n: int, dead: int) -> int:
        alive = self.skey[:n] != dead
        k = int(alive.sum())
        for a in (self.skey, self.nxt, self.evt):
            a[:k] = a[:n][alive]
        return k


_EDGES = np.asarray(states.BAND_FLOOR_YEARS[1:], dtype=float) * states.DAYS_PER_YEAR
#: Age (days) at which each band ends: the next band's floor, and 18 for the last.
_NEXT = np.append(_EDGES, states.AGE_OUT_YEARS * states.DAYS_PER_YEAR)


def _band(age: FloatArray) -> npt.NDArray[np.int64]:
    """states.band_of by comparisons: four passes over the array beat a binary search."""
    b = (age >= _EDGES[0]).astype(np.int64)
    for edge in _EDGES[1:]:
        b += age >= edge
    return b


class _Entrants:
    """Each month's entrants: a Poisson number per simulation (at its draw's rate), each on a
    uniform day of the month, with the age and category of an entrant seen in the window."""

    def __init__(self, rates: Rates, g: int, sims: int, rng: np.random.Generator) -> None:
        self.age, self.cat = rates.pool_age[g], rates.pool_cat[g]
        lam = rates.entries[np.arange(sims) % rates.draws, g]
        # no entrant seen in the window: none to model one on
        self.lam = np.clip(lam, 0.0, None) if len(self.age) else np.zeros_like(lam)
        self.rng = rng

    def month(
        self, first: float, last: float
    ) -> tuple[npt.NDArray[np.int64], FloatArray, FloatArray, npt.NDArray[np.int64]]:
        n = self.rng.poisson(self.lam)
        sim = np.repeat(np.arange(len(n)), n)
        when = first + self.rng.random(len(sim)) * (last - first)
        pick = self.rng.integers(0, max(len(self.age), 1), size=len(sim))
        if not len(self.age):
            return sim, when, when, np.zeros(len(sim), dtype=np.int64)
        return sim, when, when - self.age[pick], self.cat[pick]
