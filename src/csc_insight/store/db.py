"""Opening the store and creating its tables."""

from __future__ import annotations

import os
import re
from pathlib import Path

import duckdb

from csc_insight.errors import CscError
from csc_insight.store import calendar, problems, schema

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
    problems.DDL,
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
    try:
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
    except (duckdb.Error, OSError) as e:
        raise explain(e, p) from e


#: What DuckDB (or the system) says, and what it means for a person at the command line.
_EXPLAINED = (
    (
        re.compile(r"Could not set lock on file"),
        "the store {path} is in use by another process{pid} (an ingest or compute still "
        "running?): wait for it to finish, then try again",
    ),
    (
        re.compile(r"not a valid DuckDB database file|Corrupt|invalid .*(?:header|checksum)", re.I),
        "{path} is not a csc-insight store, or is damaged: name the right file with --store, or "
        "move this one aside and load the sources again with `csc ingest`",
    ),
    (
        re.compile(r"Permission denied|Read-only file system|read-only mode", re.I),
        "the store {path} cannot be written (no permission, or a read-only disk): reading "
        "commands (status, show, indicators) still work; run this one where the store is writable",
    ),
    (
        re.compile(r"No space left on device|disk is full|Could not write", re.I),
        "the disk holding {path} is full: free some space (DuckDB spills big work to a folder "
        "beside the store) and run the command again; the store is as it was before it",
    ),
)


def explain(e: BaseException, path: Path) -> CscError:
    """One line a person can act on for a store that cannot be opened or written."""
    text = str(e)
    for pattern, message in _EXPLAINED:
        if pattern.search(text):
            holder = re.search(r"PID (\d+)", text)
            pid = f" (PID {holder[1]})" if holder else ""
            return CscError(message.format(path=path, pid=pid))
    first = text.splitlines()[0] if text else type(e).__name__
    return CscError(f"the store {path} could not be used: {first}")


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
    wanted = {*schema.tables(), "loads", "load_files", "load_problems", "calendar"}
    present = {
        name
        for (name,) in con.execute(
            "SELECT table_name FROM duckdb_tables() "
            "WHERE database_name = current_database() AND schema_name = 'main'"
        ).fetchall()
    }
    return wanted <= present
