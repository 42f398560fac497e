"""Simulations shared by the synth tests (each runs once per test session)."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from csc_insight.synth import SynthOptions, simulate

#: The window the calibration figures come from: the seed's year, 2020/21.
BOROUGH = SynthOptions(size="borough", years=5, seed=1)
TINY = SynthOptions(size="tiny", years=3, seed=7)


@pytest.fixture(scope="session")
def borough() -> duckdb.DuckDBPyConnection:
    return simulate(BOROUGH)


@pytest.fixture(scope="session")
def tiny() -> duckdb.DuckDBPyConnection:
    return simulate(TINY)


@pytest.fixture(scope="session")
def seed_year() -> date:
    return date(2020, 4, 1)
