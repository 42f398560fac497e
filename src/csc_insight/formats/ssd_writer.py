"""Write the canonical tables as an SSD extract: one CSV per table, named ``<table>.csv``.

Header = the schema's field names in schema order; dates ISO (YYYY-MM-DD); an empty cell for
NULL; UTF-8; rows in key order so that the same store always gives the same bytes. DuckDB writes
the files itself (COPY ... TO), so a national store streams out without passing through Python.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from csc_insight.store import schema


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def write(con: duckdb.DuckDBPyConnection, out_dir: Path) -> list[Path]:
    """Write every canonical table in ``con`` to ``out_dir``; returns the files written."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for t in schema.tables().values():
        path = out_dir / f"{t.name}.csv"
        cols = ", ".join(t.columns)
        order = ", ".join(t.key)
        con.execute(
            f"COPY (SELECT {cols} FROM {t.name} ORDER BY {order}) TO {_literal(str(path))} "
            "(FORMAT CSV, HEADER, DELIMITER ',', DATEFORMAT '%Y-%m-%d', NULLSTR '')"
        )
        written.append(path)
    return written
