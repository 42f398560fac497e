"""Order-independent checksums of the store's tables, to show a failed load changed nothing."""

from __future__ import annotations

import os

import duckdb

from csc_insight.store import db, schema
from csc_insight.store.sql import table_exists

STORE_TABLES = ("loads", "load_files", "load_problems")


def table_checksums(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, int]]:
    """(row count, sum of row hashes) per canonical and bookkeeping table."""
    out: dict[str, tuple[int, int]] = {}
    for name in [*schema.tables(), *STORE_TABLES]:
        if not table_exists(con, name):
            continue
        rows = con.execute(
            f"SELECT count(*), coalesce(sum(hash(t)::HUGEINT), 0) FROM {name} t"
        ).fetchall()
        out[name] = (int(rows[0][0]), int(rows[0][1]))
    return out


def store_checksums(path: str | os.PathLike[str]) -> dict[str, tuple[int, int]]:
    con = db.connect(path, read_only=True)
    try:
        return table_checksums(con)
    finally:
        con.close()
