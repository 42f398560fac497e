"""Hand-built starts and rates with answers known in closed form."""

from __future__ import annotations

from datetime import date

import numpy as np

from csc_insight.forecast import states
from csc_insight.forecast.history import day
from csc_insight.forecast.rates import Rates
from csc_insight.forecast.simulate import Start

G, K, C = len(states.GROUPS), len(states.BANDS), len(states.CATEGORIES)
ORIGIN = date(2020, 3, 31)


def start(ages_years: list[float], cats: list[int], uasc: int = 0) -> Start:
    """Local children (or none) in care at ORIGIN of the given ages and categories."""
    dob = np.array([day(ORIGIN) - a * states.DAYS_PER_YEAR for a in ages_years])
    local = (dob, np.array(cats, dtype=np.int64))
    empty = (np.zeros(0), np.zeros(0, dtype=np.int64))
    groups = [empty, empty]
    groups[uasc] = local
    return Start((groups[0][0], groups[1][0]), (groups[0][1], groups[1][1]))


def rates(
    leave: float = 0.0, moves: dict[tuple[int, int], float] | None = None,
    entries: float = 0.0, entry_age_years: float = 6.0, entry_cat: int = 0,
) -> Rates:  # fmt: skip
    """The same rates in every band, for local children; UASC none."""
    lv = np.zeros((1, G, K, C))
    lv[:, 0] = leave
    mv = np.zeros((1, G, K, C, C))
    for (a, b), h in (moves or {}).items():
        mv[:, 0, :, a, b] = h
    en = np.array([[entries, 0.0]])
    pool_age = (np.array([entry_age_years * states.DAYS_PER_YEAR]), np.zeros(0))
    pool_cat = (np.array([entry_cat], dtype=np.int64), np.zeros(0, dtype=np.int64))
    return Rates(en, lv, mv, pool_age, pool_cat, (0.0, 1.0))
