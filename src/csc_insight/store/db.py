"""Opening the store and creating its tables."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from csc_insight.errors import CscError
from csc_insight.store import calendar, schema

#: Where the store lives unless --store or CSC_STORE says otherwise.
DEFAULT_STORE = Path("csc-data") / "store.duckdb"

#: DuckDB's memory ceiling (CSC_MEMORY_LIMIT); past it, big loads and queries spill to a
#: temporary folder beside the store. Without one DuckDB takes 80% of the machine's memory.
DEFAULT_MEMORY_LIMIT = "3GB"

STORE_DDL = [
    """CREATE TABLE IF NOT EXISTS loads (
        load_id INTEGER, load_started_at TIMESTAMP, load_finished_at TIMESTAMP,
        load_user VARCHAR, load_files INTEGER, load_rows BIGINT, load_note VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS load_files (
        load_id INTEGER, file_path VARCHAR, file_format VARCHAR, file_kind VARCHAR,
        file_sha256 VARCHAR, file_bytes BIGINT, file_rows BIGINT)""",
]


def store_path(path: str | os.PathLike[str] | None = None) -> Path:
    if path is not None:
        return Path(path)
    return Path(os.environ.get("CSC_STORE", DEFAULT_STORE))


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every canonical table (idempotent). Used by the store and by the synthetic borough."""
    for t in schema.tables().values():
        con.execute(t.ddl())


def connect(
    path: str | os.PathLike[str] | None = None, read_only: bool = False
) -> duckdb.DuckDBPyConnection:
    """Open (creating if need be) the store with every table and the calendar present."""
    p = store_path(path)
    # Typed as duckdb.connect takes it (a dict, so invariant: dict[str, str] would not do).
    config: dict[str, str | bool | int | float | list[str]] = {
        "memory_limit": os.environ.get("CSC_MEMORY_LIMIT", DEFAULT_MEMORY_LIMIT)
    }
    if read_only:
        return duckdb.connect(str(p), read_only=True, config=config)
    p.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(p), config=config)
    if _complete(con):
        return con  # the usual case: one query, not one statement per table
    con.execute("BEGIN")
    create_schema(con)
    for ddl in STORE_DDL:
        con.execute(ddl)
    calendar.ensure(con)
    con.execute("COMMIT")
    return con


def open_existing(path: str | os.PathLike[str] | None = None) -> duckdb.DuckDBPyConnection:
    """Open a store that must already exist, read-only; a missing one is named, with how to
    make it (DuckDB would otherwise create an empty file, or fail with its own words)."""
    p = store_path(path)
    if not p.exists():
        raise CscError(missing_store_message(p))
    return connect(p, read_only=True)


def missing_store_message(p: Path) -> str:
    return (
        f"no store at {p}: load files into it first (`csc ingest PATH --store {p}`), or name "
        "another store with --store or CSC_STORE"
    )


def _complete(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the store already holds every table connect() would create."""
    wanted = {*schema.tables(), "loads", "load_files", "calendar"}
    present = {
        name
        for (name,) in con.execute(
            "SELECT table_name FROM duckdb_tables() "
            "WHERE database_name = current_database() AND schema_name = 'main'"
        ).fetchall()
    }
    return wanted <= present
