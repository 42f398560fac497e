"""A tiny synthetic borough, loaded and computed, shared by the pack's tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from csc_insight.comparators import store as comparator_store
from csc_insight.indicators.engine import compute
from csc_insight.store import db
from csc_insight.store.load import ingest
from csc_insight.synth.outputs import write_outputs


@pytest.fixture(scope="session")
def computed_store(tmp_path_factory: pytest.TempPathFactory) -> Callable[[int], Path]:
    """seed -> a store with the tiny borough (2 years to 31/03/2021), results and comparators."""
    made: dict[int, Path] = {}

    def make(seed: int) -> Path:
        if seed not in made:
            root = tmp_path_factory.mktemp(f"pack_store_{seed}")
            write_outputs(
                root / "sources",
                size="tiny",
                years=2,
                seed=seed,
                end=date(2021, 3, 31),
                formats=["ssd"],
                regimes=[],
            )
            store = root / "store.duckdb"
            ingest([root / "sources" / "ssd"], store)
            compute(store)
            con = db.connect(store)
            try:
                comparator_store.load_bundled(con)
            finally:
                con.close()
            made[seed] = store
        return made[seed]

    return make
