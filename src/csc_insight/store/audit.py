"""The audit log: who looked at child-level detail, when, and what they saw.

Every listing of the children behind a figure (``csc children``, and later the web dashboard's
drill-down) adds one row to the ``audit_log`` table in the store: who, when, the action
(``children``), the indicator and period, how many children (or workers) were listed, whether
they were those outside the numerator (``not_met``), and a free-text detail.

The log is append-only. This module only ever creates the table (if it is missing) and inserts
rows into it: it never updates, deletes, replaces or drops anything, and no other module writes
to the table. A row once written stays as it was written; tests/store/test_audit.py checks it.

DuckDB lets one process write a store at a time, so recording needs a connection opened for
writing (``db.connect(store)``, not ``read_only=True``); ``entries`` works on either.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import duckdb

from csc_insight.errors import CscError
from csc_insight.store.sql import table_exists

#: The action a listing of the children behind a figure is recorded under.
CHILDREN = "children"
#: The action a listing of the records loads held back (`csc problems`) is recorded under.
PROBLEMS = "problems"

DDL = """CREATE TABLE IF NOT EXISTS audit_log (
    audit_id BIGINT NOT NULL, recorded_at TIMESTAMP NOT NULL, user_name VARCHAR NOT NULL,
    action VARCHAR NOT NULL, indicator_id VARCHAR, period_id VARCHAR, children BIGINT,
    not_met BOOLEAN, detail VARCHAR)"""

_COLUMNS = (
    "audit_id, recorded_at, user_name, action, indicator_id, period_id, children, not_met, detail"
)


@dataclass(frozen=True)
class Entry:
    """One row of the audit log. ``children``: how many were listed (workers or posts for a
    workforce figure)."""

    audit_id: int
    recorded_at: datetime
    user: str
    action: str
    indicator_id: str | None
    period_id: str | None
    children: int | None
    not_met: bool | None
    detail: str


def ensure(con: duckdb.DuckDBPyConnection) -> None:
    """Create the audit_log table if it is missing; never alters one that exists."""
    con.execute(DDL)


def record(
    con: duckdb.DuckDBPyConnection,
    user: str,
    indicator_id: str | None,
    period_id: str | None,
    count: int,
    detail: str = "",
    *,
    action: str = CHILDREN,
    not_met: bool = False,
) -> Entry:
    """Append one row to the audit log and return it. Only ever an INSERT (see the module)."""
    if not user or not user.strip():
        raise CscError("the audit log needs to know who is looking: give a user name")
    try:
        ensure(con)
        # One statement takes the next id and inserts, so the id cannot be taken twice.
        rows = con.execute(
            f"""INSERT INTO audit_log ({_COLUMNS})
                SELECT coalesce(max(audit_id), 0) + 1, ?, ?, ?, ?, ?, ?, ?, ? FROM audit_log
                RETURNING {_COLUMNS}""",
            [datetime.now(), user.strip(), action, indicator_id, period_id, count, not_met, detail],
        ).fetchall()
    except duckdb.Error as e:
        # Nothing is shown that is not recorded: the caller's listing fails with this.
        raise CscError(
            "could not write to the audit log (the store must be open for writing): "
            + str(e).splitlines()[0]
        ) from e
    return _entry(rows[0])


def entries(con: duckdb.DuckDBPyConnection, limit: int | None = None) -> list[Entry]:
    """The log, newest first; ``limit``: at most that many. Empty when nothing was recorded."""
    if not table_exists(con, "audit_log"):
        return []  # a read-only connection cannot create it, and there is nothing to show
    sql = f"SELECT {_COLUMNS} FROM audit_log ORDER BY audit_id DESC"
    params: list[object] = []
    if limit is not None:
        sql += " LIMIT ?"
        params.append(max(limit, 0))
    return [_entry(r) for r in con.execute(sql, params).fetchall()]


def _entry(row: tuple[Any, ...]) -> Entry:
    audit_id, at, user, action, ind, period, children, not_met, detail = row
    return Entry(
        audit_id=int(audit_id),
        recorded_at=at,
        user=str(user),
        action=str(action),
        indicator_id=None if ind is None else str(ind),
        period_id=None if period is None else str(period),
        children=None if children is None else int(children),
        not_met=None if not_met is None else bool(not_met),
        detail="" if detail is None else str(detail),
    )


def os_user() -> str:
    """Who is at the keyboard, for a load, an edit or a listing that names no user."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (a container, a service account)
        return "unknown"
