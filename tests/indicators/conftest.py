"""The tiny synthetic borough, loaded and computed once for the indicator tests that read it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from csc_insight.indicators import engine
from csc_insight.store.load import ingest
from csc_insight.synth.outputs import write_outputs


@pytest.fixture(scope="session")
def tiny_borough_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny synthetic borough (2 years to 31/03/2021), loaded and computed. Tests list its
    children (adding audit rows) but never compute it again."""
    root = tmp_path_factory.mktemp("tiny_borough")
    write_outputs(
        root / "sources", size="tiny", years=2, seed=1, end=date(2021, 3, 31),
        formats=["ssd"], regimes=[],
    )  # fmt: skip
    store = root / "store.duckdb"
    ingest([root / "sources" / "ssd"], store)
    engine.compute(store)
    return store
