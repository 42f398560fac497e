"""A path is a path: DuckDB's glob characters in a file name read that file, never another."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from csc_insight.formats.csv_table import Column, stage_csv, stage_csv_fast


@pytest.mark.parametrize("name", ["extract[1].csv", "ex*t.csv", "ex?t.csv", "a[b]*?.csv"])
@pytest.mark.parametrize("stage", [stage_csv, stage_csv_fast])
def test_glob_characters_in_a_file_name(tmp_path: Path, name: str, stage: object) -> None:
    (tmp_path / name).write_text("who\nthe named file\n", "utf-8")
    # Files the name would match as a pattern, each holding something else.
    for decoy in ("extract1.csv", "exat.csv", "exxt.csv", "ab.csv", "abzz.csv", "b.csv"):
        (tmp_path / decoy).write_text("who\na decoy\n", "utf-8")
    con = duckdb.connect()
    n = stage(con, tmp_path / name, [Column("who")], "t")  # type: ignore[operator]
    assert n == 1
    assert con.execute("SELECT who FROM t").fetchall() == [("the named file",)]
