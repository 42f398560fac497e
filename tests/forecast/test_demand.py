"""Front-door demand: a known seasonal pattern recovered, intervals that hold, read from a store."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np

from csc_insight.forecast import demand
from csc_insight.forecast.simulate import month_ends
from csc_insight.store import db

SEASON = 1 + 0.2 * np.sin(np.arange(12) / 12 * 2 * np.pi)  # January .. December


def _history(level: float, months: int, rng: np.random.Generator) -> demand.Monthly:
    ends = month_ends(date(2015, 12, 31), months)[1:]
    # demand arrives on working days: a month's count is in proportion to its working days
    mu = np.array([level * SEASON[m.month - 1] for m in ends]) * demand.working_days(ends)
    return demand.Monthly(ends, rng.poisson(mu).astype(float))


def test_a_known_seasonal_pattern_and_level_are_recovered() -> None:
    h = _history(500.0, 60, np.random.default_rng(1))
    m = demand.fit(h, window_months=60)
    assert abs(m.level - 500) < 15
    assert np.abs(m.season - SEASON).max() < 0.05
    assert m.sigma_extra < 0.03  # Poisson only: little beyond it


def test_monthly_intervals_hold_poisson_demand_about_80_percent_of_the_time() -> None:
    rng = np.random.default_rng(2)
    covered = total = 0
    for _ in range(20):
        h = _history(200.0, 48, rng)
        past = h.up_to(h.months[35])
        f = demand.forecast(demand.fit(past), past.months[-1], 12, 500, seed=1)
        lo, _, hi = f.interval()
        covered += int(((lo <= h.counts[36:]) & (h.counts[36:] <= hi)).sum())
        total += 12
    assert 0.7 <= covered / total <= 0.92, covered / total


def test_working_days_count_bank_holidays() -> None:
    # April 2020: 22 weekdays less Good Friday and Easter Monday; May 2020: 21 less two (the
    # VE Day holiday moved to Friday 8 May, and the spring bank holiday)
    got = demand.working_days([date(2020, 4, 30), date(2020, 5, 31)]) * 21
    assert got.tolist() == [20.0, 19.0]


def test_whole_months_are_read_from_the_store(tmp_path: Path) -> None:
    con = db.connect(tmp_path / "s.duckdb")
    days = ["2020-01-15", "2020-02-01", "2020-02-10", "2020-03-05", "2020-04-30", "2020-05-02"]
    con.executemany(
        "INSERT INTO ssd_contacts (cont_contact_id, cont_person_id, cont_contact_date) "
        "VALUES (?, 'P', ?)",
        [(str(i), d) for i, d in enumerate(days)],
    )
    h = demand.read_monthly(con, "contacts")
    # January starts on the 15th and May ends on the 2nd: part months, left out
    assert h.months == [date(2020, 2, 29), date(2020, 3, 31), date(2020, 4, 30)]
    assert h.counts.tolist() == [2.0, 1.0, 1.0]
