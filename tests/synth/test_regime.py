from __future__ import annotations

from datetime import date

import duckdb

from csc_insight.synth import Regime, SynthOptions, simulate
from tests.synth.conftest import BOROUGH


def referrals(con: duckdb.DuckDBPyConnection, a: date, b: date) -> int:
    return con.execute(
        "SELECT count(*) FROM ssd_cin_episodes WHERE cine_referral_date BETWEEN ? AND ?", [a, b]
    ).fetchall()[0][0]


def test_referrals_step_up(borough: duckdb.DuckDBPyConnection) -> None:
    """A 1.2× regime from 1 October 2020 lifts referrals after it ~1.2× against the baseline."""
    change = date(2020, 10, 1)
    opts = SynthOptions(
        size=BOROUGH.size, years=BOROUGH.years, seed=BOROUGH.seed,
        regimes=[Regime(change, {"referrals": 1.2})],
    )  # fmt: skip
    shifted = simulate(opts)
    before = (date(2019, 10, 1), date(2020, 9, 30))
    after = (change, date(2021, 3, 31))
    base_ratio = referrals(borough, *after) / referrals(borough, *before)
    ratio = referrals(shifted, *after) / referrals(shifted, *before)
    assert 1.1 <= ratio / base_ratio <= 1.32
    # before the change nothing moves beyond noise
    assert abs(referrals(shifted, *before) / referrals(borough, *before) - 1) < 0.05
