"""The dashboard's database (what people type: users, targets, commentary edits, the audit log),
opened from the command line without starting Django.

It is SQLite beside the store (``csc-web.sqlite3``, or CSC_WEB_DB), or the shared PostgreSQL
named by CSC_DATABASE_URL (docs/deploy.md). Django's migrations (web/migrations) own its tables;
``create_tables`` runs them in a child process when the command line must write to a database
the dashboard has never set up, so the tables are the dashboard's own, never a hand-made copy.

SQL here is written with ``?`` placeholders; for PostgreSQL they become ``%s``.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from csc_insight.errors import CscError
from csc_insight.store import db


def url() -> str | None:
    """The shared PostgreSQL database's URL, if one is set."""
    return os.environ.get("CSC_DATABASE_URL") or None


def sqlite_path(store: str | os.PathLike[str] | None = None) -> Path:
    """The dashboard's SQLite database for a store: CSC_WEB_DB, else csc-web.sqlite3 beside it."""
    return Path(os.environ.get("CSC_WEB_DB") or db.store_path(store).with_name("csc-web.sqlite3"))


class NotSetUp(CscError):
    """The database, or the table asked for, does not exist yet (the dashboard never ran)."""


class Connection:
    """A DB-API connection with ``?`` placeholders whichever database it is."""

    def __init__(self, raw: Any, postgres: bool) -> None:
        self.raw, self.postgres = raw, postgres

    def _params(self, params: Sequence[Any]) -> tuple[Any, ...]:
        """A time as Django keeps it in SQLite: text, in UTC, without the offset."""
        if self.postgres:
            return tuple(params)
        return tuple(
            p.astimezone(UTC).replace(tzinfo=None).isoformat(" ") if isinstance(p, datetime) else p
            for p in params
        )

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        if self.postgres:
            sql = sql.replace("?", "%s")
        cur = self.raw.cursor()
        try:
            cur.execute(sql, self._params(params))
            return list(cur.fetchall()) if cur.description else []
        except Exception as e:
            if _is_missing_table(e):
                raise NotSetUp(f"the dashboard's database has no such table: {e}") from e
            raise
        finally:
            cur.close()

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if self.postgres:
            sql = sql.replace("?", "%s")
        cur = self.raw.cursor()
        try:
            cur.executemany(sql, [self._params(r) for r in rows])
        finally:
            cur.close()


def _is_missing_table(e: Exception) -> bool:
    if isinstance(e, sqlite3.OperationalError):
        return "no such table" in str(e)
    return type(e).__name__ == "UndefinedTable"


@contextmanager
def connect(
    store: str | os.PathLike[str] | None = None, *, write: bool = False
) -> Iterator[Connection]:
    """The dashboard's database, in one transaction committed when the block ends (rolled back
    on an error). Raises NotSetUp when an SQLite database does not exist yet (it is never
    created by reading). ``write``: take the write lock at once (SQLite BEGIN IMMEDIATE), so
    a read-then-write in the block cannot be overtaken by another writer."""
    if (found := url()) is not None:
        import psycopg

        with psycopg.connect(found) as raw:  # commits at the end of the block, or rolls back
            yield Connection(raw, postgres=True)
        return
    path = sqlite_path(store)
    if not path.exists():
        raise NotSetUp(f"no dashboard database at {path} yet")
    mode = "rw" if write else "ro"
    lite = sqlite3.connect(f"file:{path}?mode={mode}", uri=True, timeout=20, isolation_level=None)
    try:
        lite.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        yield Connection(lite, postgres=False)
        lite.execute("COMMIT")
    except BaseException:
        if lite.in_transaction:
            lite.execute("ROLLBACK")
        raise
    finally:
        lite.close()


def create_tables(store: str | os.PathLike[str] | None = None) -> None:
    """Set the dashboard's database up as `csc serve` would (Django's migrations), in a child
    process so that this one never starts Django."""
    code = (
        "import sys; from pathlib import Path; from csc_insight.web.setup import django_for; "
        "django_for(Path(sys.argv[1]) if sys.argv[1] else None)"
    )
    where = "" if store is None else str(db.store_path(store).resolve())
    done = subprocess.run(  # noqa: S603 - this interpreter, our own module
        [sys.executable, "-c", code, where], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise CscError(f"could not set up the dashboard's database: {done.stderr.strip()[-500:]}")
