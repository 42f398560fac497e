"""Writing a simulated borough in every chosen format, all from the same canonical tables.

Because each writer reads the same tables, a count taken from the SSD output equals the count
taken from the SSDA903, CIN census and Annex A outputs for the facts those formats carry.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import duckdb

from csc_insight.formats import registry
from csc_insight.synth import Regime, SynthOptions, simulate

Progress = Callable[[str, int, int], None]


def write_outputs(
    out_dir: Path,
    *,
    size: str = "borough",
    years: int = 5,
    seed: int = 1,
    end: date = date(2021, 3, 31),
    formats: list[str],
    regimes: list[str],
    progress: Progress | None = None,
) -> dict[str, list[Path]]:
    """Simulate, then write each format under ``out_dir/<format>/``."""
    opts = SynthOptions(
        size=size, years=years, seed=seed, end=end, regimes=[Regime.parse(r) for r in regimes]
    )
    with tempfile.TemporaryDirectory(prefix="csc-synth-") as scratch:
        # A file-backed scratch database lets national-size runs spill to disk.
        con = duckdb.connect(str(Path(scratch) / "synth.duckdb"))
        try:
            simulate(opts, con=con, progress=progress)
            written: dict[str, list[Path]] = {}
            for i, fmt in enumerate(formats):
                if progress:
                    progress(f"writing {fmt}", i, len(formats))
                written[fmt] = registry.module(fmt).write(con, out_dir / fmt)
            return written
        finally:
            con.close()
