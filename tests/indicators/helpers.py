"""Hand-built stores for indicator tests: a few children whose answers are worked out by hand."""

from __future__ import annotations

from datetime import date
from typing import Any

import duckdb

from csc_insight.indicators import catalogue, engine, periods, settings
from csc_insight.store import calendar, db, schema


def store_with(tables: dict[str, list[dict[str, Any]]]) -> duckdb.DuckDBPyConnection:
    """An in-memory store holding exactly these rows (unnamed fields are NULL)."""
    con = duckdb.connect()
    db.create_schema(con)
    calendar.ensure(con)
    for name, rows in tables.items():
        cols = schema.table(name).columns
        for r in rows:
            unknown = set(r) - set(cols)
            assert not unknown, f"{name} has no field(s) {unknown}"
            con.execute(
                f"INSERT INTO {name} ({', '.join(r)}) VALUES ({', '.join('?' * len(r))})",
                list(r.values()),
            )
    return con


def monthly(
    con: duckdb.DuckDBPyConnection, indicator_id: str, first: str, last: str, **overrides: str
) -> dict[str, tuple[float, float | None, float | None]]:
    """(numerator, denominator, value) per month from ``first`` to ``last`` (yyyy-mm)."""
    ind = catalogue.get(indicator_id)
    lo = date.fromisoformat(first + "-01")
    hi = periods.month_end(date.fromisoformat(last + "-01"))
    every = periods.all_periods(lo, hi)
    months = [p for p in every if p.period_type == "month"]
    values = settings.resolve({k: str(v) for k, v in overrides.items()})
    rows = engine.indicator_rows(con, ind, months, every, values)
    return {
        r.period.period_id: (r.numerator, r.denominator, r.value)
        for r in rows
        if r.period.period_type == "month"
    }


def period_value(
    con: duckdb.DuckDBPyConnection, indicator_id: str, first: str, last: str, period_id: str
) -> tuple[float, float | None, float | None]:
    ind = catalogue.get(indicator_id)
    lo = date.fromisoformat(first + "-01")
    hi = periods.month_end(date.fromisoformat(last + "-01"))
    every = periods.all_periods(lo, hi)
    months = [p for p in every if p.period_type == "month"]
    rows = engine.indicator_rows(con, ind, months, every, settings.defaults())
    (r,) = [r for r in rows if r.period.period_id == period_id]
    return r.numerator, r.denominator, r.value


def cla_episode(
    ident: str,
    person: str,
    start: str,
    ceased: str | None = None,
    *,
    entered: str | None = None,
    cla_id: str | None = None,
) -> dict[str, Any]:
    """A row of ssd_cla_episodes; the date the period of care began and its id may be empty."""
    return {
        "clae_cla_episode_id": ident,
        "clae_person_id": person,
        "clae_cla_episode_start_date": d(start),
        "clae_cla_episode_ceased_date": d(ceased) if ceased else None,
        "clae_cla_id": cla_id,
        "clae_entered_care_date": d(entered) if entered else None,
    }


def d(text: str) -> date:
    return date.fromisoformat(text)
