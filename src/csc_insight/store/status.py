"""What the store holds: loads, sources, and each table's rows and period."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from csc_insight.store import db, problems, schema
from csc_insight.store.sql import table_exists


@dataclass(frozen=True)
class LoadRow:
    load_id: int
    finished: datetime
    user: str
    files: int
    rows: int
    note: str


@dataclass(frozen=True)
class SourceRow:
    format: str
    files: int
    last_load: int


@dataclass(frozen=True)
class TableRow:
    name: str
    rows: int
    first: date | None
    last: date | None


@dataclass(frozen=True)
class StoreStatus:
    path: Path
    loads: list[LoadRow]
    sources: list[SourceRow]
    tables: list[TableRow]
    exists: bool = True
    held: int = 0  # records held back by the current loads (csc problems)
    problems_by_rule: dict[str, tuple[int, int]] = field(default_factory=dict)


def period_field(t: schema.Table) -> str | None:
    """The date that places a row in time: the first required date of the table."""
    for f in t.fields:
        if f.type == "DATE" and f.required:
            return f.name
    return None


def store_status(path: str | os.PathLike[str] | None = None) -> StoreStatus:
    p = db.store_path(path)
    if not p.exists():
        return StoreStatus(p, [], [], [], exists=False)
    con = db.connect(p, read_only=True)
    try:
        if not table_exists(con, "loads"):
            return StoreStatus(p, [], [], [])  # made, but its first load never finished
        loads = [
            LoadRow(*r)
            for r in con.execute(
                "SELECT load_id, load_finished_at, load_user, load_files, load_rows, load_note FROM loads ORDER BY load_id"
            ).fetchall()
        ]
        sources = [
            SourceRow(*r)
            for r in con.execute(
                "SELECT file_format, count(DISTINCT file_sha256), max(load_id) FROM load_files GROUP BY ALL ORDER BY 1"
            ).fetchall()
        ]
        tables = []
        for t in schema.tables().values():
            when = period_field(t)
            span = f"min({when}), max({when})" if when else "NULL, NULL"
            n, first, last = con.execute(f"SELECT count(*), {span} FROM {t.name}").fetchall()[0]
            tables.append(TableRow(t.name, int(n), first, last))
        return StoreStatus(
            p,
            loads,
            sources,
            tables,
            held=problems.held_records(con),
            problems_by_rule=problems.counts(con),
        )
    finally:
        con.close()
