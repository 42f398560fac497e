"""The comparators table: published figures per indicator, period and kind of area.

One row per indicator, period (financial or collection year, e.g. 2019-20) and area: the
authority's own published figure (``own``), each statistical neighbour (``neighbour``), the
neighbours' average (``stat_neighbours``), the region (``region``) and England (``england``). A
value the publication withheld keeps its symbol (``c``, ``x``, ``z``, ``k``, ``low``, ``u``) and
has no number: a symbol is never read as 0.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import datetime
from importlib import resources

import duckdb

from csc_insight.store.sql import table_exists

AREA_KINDS = ("own", "stat_neighbours", "region", "england", "neighbour")

DDL = """CREATE TABLE IF NOT EXISTS comparators (
    indicator_id VARCHAR, time_period VARCHAR, area_kind VARCHAR, area_code VARCHAR,
    area_name VARCHAR, value DOUBLE, symbol VARCHAR, source VARCHAR, loaded_at TIMESTAMP)"""


@dataclass(frozen=True)
class Comparator:
    time_period: str
    value: float | None
    symbol: str | None
    source: str
    note: str | None = None


def ensure(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(DDL)


def replace(
    con: duckdb.DuckDBPyConnection,
    source: str,
    rows: list[tuple[str, str, str, str | None, str | None, float | None, str | None]],
) -> int:
    """Replace one source's figures for the (indicator, period) pairs in ``rows``, in the caller's
    transaction. Rows: (indicator_id, time_period, area_kind, area_code, area_name, value, symbol)."""
    ensure(con)
    pairs = sorted({(r[0], r[1]) for r in rows})
    con.executemany(
        "DELETE FROM comparators WHERE source = ? AND indicator_id = ? AND time_period = ?",
        [[source, i, p] for i, p in pairs],
    )
    now = datetime.now()
    con.executemany(
        "INSERT INTO comparators VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [[*r, source, now] for r in rows],
    )
    return len(rows)


def load_bundled(con: duckdb.DuckDBPyConnection) -> int:
    """The comparators the seed pack publishes (2019-20), so the demo compares out of the box."""
    text = (
        resources.files("csc_insight.comparators")
        .joinpath("data", "seed-2019-20.csv")
        .read_text("utf-8")
    )
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    rows = []
    for r in csv.DictReader(lines):
        rows.append(
            (
                r["indicator_id"],
                r["time_period"],
                r["area_kind"],
                None,
                None,
                float(r["value"]),
                None,
            )
        )
    con.execute("BEGIN TRANSACTION")
    n = replace(con, "seed pack", rows)
    con.execute("COMMIT")
    return n


def latest(con: duckdb.DuckDBPyConnection, indicator_id: str) -> dict[str, Comparator]:
    """The most recent period's figures for an indicator, by kind of area. Where two sources
    give the same period, the DfE's own files win over the bundled seed figures."""
    if not table_exists(con, "comparators"):
        return {}
    rows = con.execute(
        """SELECT area_kind, time_period, value, symbol, source, area_name FROM comparators
           WHERE indicator_id = ? AND area_kind <> 'neighbour'
           QUALIFY time_period = max(time_period) OVER ()
           ORDER BY source = 'dfe'""",
        [indicator_id],
    ).fetchall()
    out: dict[str, Comparator] = {}
    for kind, period, value, symbol, source, name in rows:
        out[kind] = Comparator(period, value, symbol, source, name)  # later (DfE) rows win
    return out
