"""Reading the results table: one figure, the months computed, and periods as people type them.

Every view (the command line, the pack, the dashboard) asks here, so a period is read one way
everywhere and an unknown one gets the same answer: what was wrong, how periods are written and
which months the results hold.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import duckdb

from csc_insight.errors import CscError
from csc_insight.indicators import periods
from csc_insight.indicators.catalogue import Indicator
from csc_insight.store.sql import table_exists


@dataclass(frozen=True)
class Result:
    """One row of the results table."""

    indicator_id: str
    period: periods.Period
    value: float | None
    numerator: float | None
    denominator: float | None
    subjects: int
    target: float | None
    rag: str
    signal: str | None
    assurance: str | None
    limits: tuple[float, float, float] | None
    full_history: bool
    computed_at: datetime


_COLUMNS = """indicator_id, period_id, period_type, period_start, period_end, value, numerator,
    denominator, subjects, target, rag, signal, assurance, spc_centre, spc_lower, spc_upper,
    full_history, computed_at"""


def _result(row: tuple) -> Result:
    (ident, pid, ptype, start, end, value, num, den, subjects, target, rag, signal, assurance) = (
        row[:13]
    )
    centre, lower, upper, full, at = row[13:]
    return Result(
        ident,
        periods.Period(pid, ptype, start, end),
        value,
        num,
        den,
        int(subjects or 0),
        target,
        rag,
        signal,
        assurance,
        None if centre is None else (centre, lower, upper),
        bool(full),
        at,
    )


def require_results(con: duckdb.DuckDBPyConnection) -> None:
    if not table_exists(con, "results"):
        raise CscError("no results yet: run `csc compute` (after `csc ingest`)")


def months_computed(con: duckdb.DuckDBPyConnection) -> tuple[str, str] | None:
    """The first and last month ids in the results, or None when there are none."""
    found = con.execute(
        "SELECT min(period_id), max(period_id) FROM results WHERE period_type = 'month'"
    ).fetchall()
    first, last = found[0] if found else (None, None)
    return None if first is None else (first, last)


def loaded_range_text(con: duckdb.DuckDBPyConnection) -> str:
    span = months_computed(con)
    if span is None:
        return "the results hold no months"
    return f"the results hold the months {span[0]} to {span[1]}"


def resolve_period(
    con: duckdb.DuckDBPyConnection, text: str | None, *, types: tuple[str, ...] | None = None
) -> periods.Period:
    """The period ``text`` names (default: the latest month), as the results table holds it.

    A malformed period, a kind not wanted here (``types``) or one outside the results is
    refused with the forms periods take and the months the results hold."""
    require_results(con)
    if text is None:
        span = months_computed(con)
        if span is None:
            raise CscError("the results hold no months: run `csc compute`")
        text = span[1]
    try:
        period_id, period_type = periods.parse(text)
    except periods.PeriodError as e:
        raise CscError(f"{e}. {loaded_range_text(con).capitalize()}.") from None
    if types is not None and period_type not in types:
        raise CscError(
            f"{text!r} is a {_kind(period_type)}; this command takes "
            + " or ".join(_kind(t) for t in types)
            + f". {loaded_range_text(con).capitalize()}."
        )
    found = con.execute(
        "SELECT period_id, period_type, period_start, period_end FROM results "
        "WHERE period_id = ? AND period_type = ? LIMIT 1",
        [period_id, period_type],
    ).fetchall()
    if not found:
        raise CscError(_outside(con, text, period_id, period_type))
    return periods.Period(*found[0])


def _kind(period_type: str) -> str:
    names = dict(zip(periods.PERIOD_TYPES, (f[0] for f in periods.FORMS), strict=True))
    return names.get(period_type, period_type)


def _outside(con: duckdb.DuckDBPyConnection, text: str, period_id: str, period_type: str) -> str:
    span = con.execute(
        "SELECT min(period_end), max(period_end) FROM results WHERE period_type = ?", [period_type]
    ).fetchall()[0]
    base = f"no results for {text!r} ({_kind(period_type)} {period_id}): {loaded_range_text(con)}"
    if period_type == "month":
        return base
    if span[0] is None:
        return base + f"; none is a whole {_kind(period_type)} yet"
    ids = con.execute(
        "SELECT arg_min(period_id, period_end), arg_max(period_id, period_end) FROM results "
        "WHERE period_type = ?",
        [period_type],
    ).fetchall()[0]
    return base + f"; the {_kind(period_type)} periods run from {ids[0]} to {ids[1]}"


def figure(con: duckdb.DuckDBPyConnection, ind: Indicator, period: periods.Period) -> Result:
    found = con.execute(
        f"SELECT {_COLUMNS} FROM results WHERE indicator_id = ? AND period_id = ? AND period_type = ?",
        [ind.id, period.period_id, period.period_type],
    ).fetchall()
    if not found:
        raise CscError(
            f"no result for {ind.id} in {period.period_id}: run `csc compute` (it has not been "
            f"computed for this indicator)"
        )
    return _result(found[0])


def at_month_end(con: duckdb.DuckDBPyConnection, month_end: date) -> list[Result]:
    """Every indicator's month and financial-year-to-date rows ending on ``month_end``."""
    return [
        _result(r)
        for r in con.execute(
            f"SELECT {_COLUMNS} FROM results WHERE period_end = ? AND period_type IN ('month', 'fytd')",
            [month_end],
        ).fetchall()
    ]
