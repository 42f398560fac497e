from __future__ import annotations

import csv
from pathlib import Path

import duckdb

from csc_insight.formats import ssd_writer
from csc_insight.store import schema


def test_writes_one_file_per_table(tiny: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    paths = ssd_writer.write(tiny, tmp_path / "ssd")
    assert sorted(p.name for p in paths) == sorted(f"{t}.csv" for t in schema.tables())
    for path in paths:
        table = schema.table(path.stem)
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        assert rows[0] == list(table.columns), path.name
        n = tiny.execute(f"SELECT count(*) FROM {table.name}").fetchall()[0][0]
        assert len(rows) - 1 == n, path.name


def test_values_as_specified(tiny: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    ssd_writer.write(tiny, tmp_path)
    with (tmp_path / "ssd_cin_episodes.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    dates = [r["cine_referral_date"] for r in rows]
    assert all(len(d) == 10 and d[4] == "-" and d[7] == "-" for d in dates)
    # NULL is an empty cell: open referrals have no close date
    assert any(r["cine_close_date"] == "" for r in rows)
    assert all(r["cine_referral_id"] for r in rows)
