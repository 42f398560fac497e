"""One home for each target: the catalogue's value is the default; an analyst's, set in the
dashboard for a financial year (with a tolerance if they choose), overrides it.

The dashboard keeps what analysts set in its database (web/models.py Target: SQLite beside the
store, or the shared PostgreSQL named by CSC_DATABASE_URL). `csc compute` rates every figure
against the targets as they stand (``catalogue_for``), and the results' provenance counts them
as part of each indicator's definition, so after an analyst's change `csc status` says the
results are out of date and `csc show` and `csc report` ask for a compute: the pack never rates
against a target the dashboard no longer shows. The dashboard itself rates its figures against
the targets as they stand at once (web/data.py).

Read with the standard library (sqlite3) or psycopg, so the command line never starts Django.
"""

from __future__ import annotations

import dataclasses
import os
import sqlite3
from pathlib import Path

import duckdb

from csc_insight.indicators import catalogue
from csc_insight.indicators.catalogue import Indicator
from csc_insight.store import db, published

#: (indicator id, financial year) -> (target, tolerance as a fraction of it, or None: the
#: catalogue's tolerance).
Overrides = dict[tuple[str, str], tuple[float, float | None]]

TABLE = "csc_web_target"  # Django's name for web.models.Target (app label csc_web)
_QUERY = f"SELECT indicator_id, financial_year, value, tolerance FROM {TABLE}"


def web_db(store: str | os.PathLike[str] | None = None) -> Path:
    """The dashboard's SQLite database for a store: CSC_WEB_DB, else csc-web.sqlite3 beside it."""
    return Path(os.environ.get("CSC_WEB_DB") or db.store_path(store).with_name("csc-web.sqlite3"))


def overrides(store: str | os.PathLike[str] | None = None) -> Overrides:
    """The targets analysts have set; none when no dashboard database exists yet."""
    url = os.environ.get("CSC_DATABASE_URL")
    try:
        if url:
            import psycopg

            try:
                with psycopg.connect(url) as con:
                    rows = con.execute(_QUERY).fetchall()
            except psycopg.errors.UndefinedTable:
                return {}  # a dashboard database not yet set up
        else:
            path = web_db(store)
            if not path.exists():
                return {}
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as con:
                rows = con.execute(_QUERY).fetchall()
    except (sqlite3.OperationalError, ImportError) as e:
        if "no such table" in str(e):  # a dashboard database not yet set up
            return {}
        raise
    return {
        (str(i), str(fy)): (float(v), None if tol is None else float(tol) / 100)
        for i, fy, v, tol in rows
    }


def apply(inds: tuple[Indicator, ...], found: Overrides) -> tuple[Indicator, ...]:
    """The indicators with the analysts' targets and tolerances in place of the catalogue's."""
    if not found:
        return inds
    out = []
    for ind in inds:
        mine = {fy: t for (i, fy), t in found.items() if i == ind.id}
        if not mine:
            out.append(ind)
            continue
        out.append(
            dataclasses.replace(
                ind,
                targets={**ind.targets, **{fy: v for fy, (v, _) in mine.items()}},
                tolerances={
                    **ind.tolerances,
                    **{fy: tol for fy, (_, tol) in mine.items() if tol is not None},
                },
            )
        )
    return tuple(out)


def catalogue_for(store: str | os.PathLike[str] | None = None) -> tuple[Indicator, ...]:
    """The catalogue with the targets as they stand for this store."""
    return apply(catalogue.load(), overrides(store))


def catalogue_for_con(con: duckdb.DuckDBPyConnection) -> tuple[Indicator, ...]:
    """catalogue_for the store ``con`` has open (the plain catalogue for one in memory)."""
    store = store_of(con)
    return catalogue.load() if store is None else catalogue_for(store)


def store_of(con: duckdb.DuckDBPyConnection) -> Path | None:
    """The store a connection has open (None in memory); for a published copy, the store it
    was copied from, whose dashboard database holds the targets."""
    found = con.execute(
        "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchall()
    if not found or not found[0][0]:
        return None
    path = Path(found[0][0])
    if path.parent.name.endswith(published.SUFFIX):
        return path.parent.with_name(path.parent.name.removesuffix(published.SUFFIX))
    return path
