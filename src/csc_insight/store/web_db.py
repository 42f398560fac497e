"""The dashboard's database (what people type: users, targets, commentary edits, the money and
delivery figures, the audit log), opened from the command line without starting Django.

It is SQLite beside the store (``csc-web.sqlite3``, or CSC_WEB_DB), or the shared PostgreSQL
named by CSC_DATABASE_URL (docs/deploy.md). Django's migrations (web/migrations) own its tables;
``create_tables`` runs them in a child process when the command line must write to a database
the dashboard has never set up, so the tables are the dashboard's own, never a hand-made copy.

SQL here is written with ``?`` placeholders; for PostgreSQL they become ``%s``.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from csc_insight.errors import CscError
from csc_insight.store import db

if TYPE_CHECKING:
    from csc_insight.costs.model import CostRow
    from csc_insight.delivery.model import DeliveryRecords
    from csc_insight.education.model import EducationRecords
    from csc_insight.money.model import MoneyRecords


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
        return tuple(_sqlite_value(p) for p in params)

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


def _sqlite_value(p: Any) -> Any:
    """A value as Django keeps it in SQLite: a time as text in UTC without the offset, a day as
    its ISO text, an amount as its text (SQLite's NUMERIC column keeps the number)."""
    if isinstance(p, datetime):
        return p.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
    if isinstance(p, date):
        return p.isoformat()
    if isinstance(p, Decimal):
        return str(p)
    return p


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


# -- money and delivery figures (web/models.py; the records' rows: entry/rows.py) --------------

Rows = Mapping[str, Sequence[Mapping[str, Any]]]


def read_rows(con: Connection, tables: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    """Every row of each table, in the order they were first entered."""
    out: dict[str, list[dict[str, Any]]] = {}
    for table in tables:
        cur = con.raw.cursor()
        try:
            cur.execute(f"SELECT * FROM {table} ORDER BY id")
            names = [d[0] for d in cur.description]
            out[table] = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
        except Exception as e:
            if _is_missing_table(e):
                raise NotSetUp(f"the dashboard's database has no such table: {e}") from e
            raise
        finally:
            cur.close()
    return out


def save_rows(con: Connection, tables: Rows, by: str, how: str, classes: Mapping[str, type]) -> int:
    """Write the rows (by table) in the open transaction: a row whose key a row of its table
    has replaces that row's values, any other is added; each change is kept in the changes
    table with the values before and after, ``by`` whom and ``how``. Rows the tables hold and
    ``tables`` does not give are kept. ``classes``: each table's record class (rows are
    compared as its records write them). The number of rows changed or added."""
    from csc_insight.entry.rows import canonical, jsonable

    at = datetime.now(UTC)
    changed = 0
    for table, given in tables.items():
        existing = {r["key"]: r for r in read_rows(con, [table])[table]}
        for row in given:
            old = existing.get(row["key"])
            before = None if old is None else jsonable(canonical(classes[table], old))
            after = jsonable(row)
            if before is not None and {k: before.get(k) for k in after} == after:
                continue  # the same figures: no change to keep
            names = list(row)
            values = [_db_value(row[n]) for n in names]
            quoted = [f'"{n}"' for n in names]  # "column" is a word of SQL
            if old is None:
                con.execute(
                    f"INSERT INTO {table} ({', '.join(quoted)}) "
                    f"VALUES ({', '.join('?' for _ in names)})",
                    values,
                )
            else:
                con.execute(
                    f'UPDATE {table} SET {", ".join(f"{n} = ?" for n in quoted)} WHERE "key" = ?',
                    [*values, row["key"]],
                )
            con.execute(
                "INSERT INTO csc_web_enteredchange "
                '(changed_at, changed_by, "table", "key", before, after, how) '
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    at,
                    by,
                    table,
                    row["key"],
                    None if before is None else json.dumps(before),
                    json.dumps(after),
                    how,
                ],
            )
            existing[row["key"]] = dict(row)  # a later row of the same key changes this one
            changed += 1
    return changed


def _db_value(v: Any) -> Any:
    """A mapping (amounts by year) as JSON text; the rest as it is."""
    return json.dumps(v) if isinstance(v, Mapping) else v


def read_or_none(
    store: str | os.PathLike[str] | None, tables: Sequence[str]
) -> dict[str, list[dict[str, Any]]] | None:
    """The tables' rows, or None when the dashboard's database (or its tables) is not set up."""
    try:
        with connect(store) as con:
            return read_rows(con, tables)
    except NotSetUp:
        return None


def write(
    store: str | os.PathLike[str] | None,
    tables: Rows,
    by: str,
    how: str,
    classes: Mapping[str, type],
) -> int:
    """Write the rows in one transaction (setting the database up first if the dashboard never
    ran); the number of rows changed or added."""
    try:
        with connect(store, write=True) as con:
            read_rows(con, list(tables)[:1])  # the tables exist, or set them up
    except NotSetUp:
        create_tables(store)
    with connect(store, write=True) as con:
        return save_rows(con, tables, by, how, classes)


def entered_money(store: str | os.PathLike[str] | None = None) -> MoneyRecords:
    """The money figures the dashboard holds (a MoneyRecords; empty when it holds none)."""
    from csc_insight.money import stored

    found = read_or_none(store, list(stored.TABLES))
    return stored.records_of(found or {})


def entered_delivery(store: str | os.PathLike[str] | None = None) -> DeliveryRecords:
    """The delivery figures the dashboard holds (a DeliveryRecords; empty when none)."""
    from csc_insight.delivery import stored

    found = read_or_none(store, list(stored.TABLES))
    return stored.records_of(found or {})


def load_money(
    store: str | os.PathLike[str] | None, records: MoneyRecords, by: str, how: str
) -> int:
    """Put checked money records into the dashboard's database, as one transaction."""
    from csc_insight.money import stored

    return write(store, stored.rows(records), by, how, stored.TABLES)


def load_delivery(
    store: str | os.PathLike[str] | None, records: DeliveryRecords, by: str, how: str
) -> int:
    """Put checked delivery records into the dashboard's database, as one transaction."""
    from csc_insight.delivery import stored

    return write(store, stored.rows(records), by, how, stored.TABLES)


def entered_costs(store: str | os.PathLike[str] | None = None) -> list[CostRow]:
    """The cost rows the dashboard holds (none: an empty list)."""
    from csc_insight.costs import stored

    return stored.records_of(read_or_none(store, list(stored.TABLES)) or {})


def load_costs(
    store: str | os.PathLike[str] | None, records: Sequence[CostRow], by: str, how: str
) -> int:
    """Put checked cost rows into the dashboard's database, as one transaction."""
    from csc_insight.costs import stored

    return write(store, stored.rows(records), by, how, stored.TABLES)


def entered_education(store: str | os.PathLike[str] | None = None) -> EducationRecords:
    """The education records the dashboard holds (empty records when none)."""
    from csc_insight.education import stored

    return stored.records_of(read_or_none(store, list(stored.TABLES)) or {})


def load_education(
    store: str | os.PathLike[str] | None, records: EducationRecords, by: str, how: str
) -> int:
    """Put checked education records into the dashboard's database, as one transaction: each
    row kept as loaded by ``by`` today."""
    from csc_insight.education import stored
    from csc_insight.money.model import Entry

    rows = stored.rows(records, Entry(by, date.today()))
    # A figure loaded again as it stands keeps who loaded it and when: no change to keep.
    held = {r["key"]: r for r in (read_or_none(store, [stored.TABLE]) or {}).get(stored.TABLE, [])}
    same = ("kind", "data", "source_document", "source_where", "source_row")
    for row in rows[stored.TABLE]:
        old = held.get(row["key"])
        if old is not None and all(old[c] == row[c] for c in same):
            row["entered_by"], row["entered_on"] = old["entered_by"], old["entered_on"]
    return write(store, rows, by, how, stored.TABLES)


def load_demo(
    store: str | os.PathLike[str] | None,
    money: MoneyRecords | None,
    delivery: DeliveryRecords | None,
    costs: Sequence[CostRow],
    education: EducationRecords,
) -> int:
    """`csc demo`: the seed papers' finance, projects and plan, the made-up costs and the demo
    education figures into the dashboard's database, by "demo", so the demo dashboard's Finance,
    Delivery, Improvement plan, Costs and Education pages have figures. The rows changed."""
    how = "csc demo"
    return (
        (0 if money is None else load_money(store, money, "demo", how))
        + (0 if delivery is None else load_delivery(store, delivery, "demo", how))
        + load_costs(store, costs, "demo", how)
        + load_education(store, education, "demo", how)
    )
