"""The comparators table: published figures per indicator, period and kind of area.

One row per indicator, period and area: the authority's own published figure (``own``), each
statistical neighbour (``neighbour``), the neighbours' average (``stat_neighbours``), the region
(``region``) and England (``england``). A value the publication withheld keeps its symbol (``c``,
``x``, ``z``, ``k``, ``low``, ``u``) and has no number: a symbol is never read as 0.

``time_period`` is the period as the publication names it ("2019-20" for the year to 31 March
2020, "2020" for the workforce census at 30 September 2020); ``period_end`` is the day it ends,
so a pack never compares a month with a figure for a period that had not ended by then. A
financial year's end is known from its label; a bare year's is not, so the bundled file states
every end date.

Where figures come from (``source``): ``dfe`` for the DfE files a user imports (``dfe.load``);
every other source is bundled with the package and replaced whole by ``load_bundled``: the seed
pack's 2019-20 figures (``seed pack``) and the DfE's published England and London figures, whose
source names the publication and file they were transcribed from.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from importlib import resources

import duckdb

from csc_insight import financial_year
from csc_insight.errors import CscError
from csc_insight.store.sql import scalar, table_exists

AREA_KINDS = ("own", "stat_neighbours", "region", "england", "neighbour")

#: Source of the figures imported from DfE files; they win over bundled ones for the same period.
IMPORTED = "dfe"
#: Source of the seed pack's own comparators; the DfE's published figures win over them.
SEED = "seed pack"
#: Bundled files, loaded in this order; a file without a ``source`` column is the seed pack's.
BUNDLED_FILES = ("seed-2019-20.csv", "dfe-published.csv")

DDL = """CREATE TABLE IF NOT EXISTS comparators (
    indicator_id VARCHAR, time_period VARCHAR, area_kind VARCHAR, area_code VARCHAR,
    area_name VARCHAR, value DOUBLE, symbol VARCHAR, source VARCHAR, loaded_at TIMESTAMP,
    period_end DATE)"""
# Stores made before period_end existed gain it (at the end, where ALTER puts it) on next write.
MIGRATE = "ALTER TABLE comparators ADD COLUMN IF NOT EXISTS period_end DATE"
# Columns named, so an insert does not depend on their order in a new or a migrated table.
INSERT = """INSERT INTO comparators (indicator_id, time_period, area_kind, area_code, area_name,
    value, symbol, source, loaded_at, period_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""

#: (indicator_id, time_period, area_kind, area_code, area_name, value, symbol)
Row = tuple[str, str, str, str | None, str | None, float | None, str | None]

_FINANCIAL_YEAR = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class Comparator:
    time_period: str
    value: float | None
    symbol: str | None
    source: str
    note: str | None = None
    #: The day the period ends (31 March for "2019-20", 30 September for a workforce census).
    period_end: date | None = None


def period_end(time_period: str) -> date | None:
    """The end of a period known from its label alone: "2019-20" -> 31 March 2020. A bare year
    ("2020") is a year to 31 March in one DfE publication and a census at 30 September in
    another, so it has no end here: the bundled file states it."""
    m = _FINANCIAL_YEAR.match(time_period.strip())
    if not m or (int(m[1]) + 1) % 100 != int(m[2]):
        return None
    return financial_year.bounds(int(m[1]) + 1)[1]


def ensure(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(DDL)
    con.execute(MIGRATE)
    # Rows loaded before period_end existed: a financial year's end is known from its label.
    con.execute(
        """UPDATE comparators
           SET period_end = make_date(TRY_CAST(left(time_period, 4) AS INTEGER) + 1, 3, 31)
           WHERE period_end IS NULL AND regexp_matches(time_period, '^[0-9]{4}-[0-9]{2}$')
             AND TRY_CAST(right(time_period, 2) AS INTEGER)
                 = (TRY_CAST(left(time_period, 4) AS INTEGER) + 1) % 100"""
    )


def replace(con: duckdb.DuckDBPyConnection, source: str, rows: list[Row]) -> int:
    """Replace one source's figures for the (indicator, period) pairs in ``rows``, in the caller's
    transaction. Each period's end comes from its label (see ``period_end``)."""
    ensure(con)
    pairs = sorted({(r[0], r[1]) for r in rows})
    con.executemany(
        "DELETE FROM comparators WHERE source = ? AND indicator_id = ? AND time_period = ?",
        [[source, i, p] for i, p in pairs],
    )
    _insert(con, [(r, source, period_end(r[1])) for r in rows])
    return len(rows)


def _insert(con: duckdb.DuckDBPyConnection, rows: Iterable[tuple[Row, str, date | None]]) -> None:
    now = datetime.now()
    con.executemany(INSERT, [[*r, source, now, end] for r, source, end in rows])


def load_bundled(con: duckdb.DuckDBPyConnection) -> int:
    """The bundled comparators, so a demo compares out of the box: the seed pack's (2019-20) and
    the DfE's published England and London figures. Replaces every bundled figure loaded before
    (figures imported from DfE files stay), in one transaction."""
    rows = [row for name in BUNDLED_FILES for row in bundled_rows(name)]
    con.execute("BEGIN TRANSACTION")
    try:
        ensure(con)
        con.execute("DELETE FROM comparators WHERE source <> ?", [IMPORTED])
        _insert(con, rows)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return len(rows)


def bundled_rows(name: str) -> list[tuple[Row, str, date | None]]:
    """One bundled file's rows, each with its source and end date; raises CscError naming the
    file and line of anything that does not read (a packaging mistake, caught by the tests)."""
    text = resources.files("csc_insight.comparators").joinpath("data", name).read_text("utf-8")
    numbered = [
        (n, line)
        for n, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.startswith("#")
    ]
    reader = csv.DictReader(line for _, line in numbered)
    out = []
    for (line_no, _), r in zip(numbered[1:], reader, strict=True):
        try:
            out.append(_bundled_row(r))
        except (KeyError, ValueError) as e:
            raise CscError(f"bundled comparators {name}, line {line_no}: {e}") from None
    return out


def _bundled_row(r: dict[str, str]) -> tuple[Row, str, date | None]:
    label, kind = r["time_period"].strip(), r["area_kind"].strip()
    if kind not in AREA_KINDS:
        raise ValueError(f"area_kind {kind!r} is not one of {', '.join(AREA_KINDS)}")
    end = _stated_end(label, (r.get("period_end") or "").strip())
    row: Row = (
        r["indicator_id"].strip(),
        label,
        kind,
        (r.get("area_code") or "").strip() or None,
        (r.get("area_name") or "").strip() or None,
        float(r["value"]),
        None,
    )
    return row, (r.get("source") or "").strip() or SEED, end


def _stated_end(label: str, stated: str) -> date | None:
    """The period's end: as stated, which must agree with the label; else from the label."""
    from_label = period_end(label)
    if not stated:
        if from_label is None:
            raise ValueError(f"period {label!r} needs a period_end: its label does not give one")
        return from_label
    end = date.fromisoformat(stated)
    if from_label is not None and end != from_label:
        raise ValueError(f"period_end {end} does not end period {label!r} ({from_label})")
    if from_label is None and label.isdigit() and end.year != int(label):
        raise ValueError(f"period_end {end} is not in {label}")
    return end


def latest(
    con: duckdb.DuckDBPyConnection, indicator_id: str, as_of: date | None = None
) -> dict[str, Comparator]:
    """Each kind of area's most recent figure for an indicator, from periods that ended on or
    before ``as_of`` when given (a 2020-21 figure is not shown in a pack for January 2021; a
    census at 30 September 2020 is, from that day on). Kinds may come from different periods:
    each Comparator carries its own. For the same period, figures imported from DfE files win
    over the bundled DfE figures, which win over the seed pack's."""
    if not table_exists(con, "comparators"):
        return {}
    best: dict[str, tuple[tuple[date, int, str], Comparator]] = {}
    for kind, period, value, symbol, source, name, stored_end in _rows(con, indicator_id):
        end = stored_end or period_end(period)
        if as_of is not None and (end is None or end > as_of):
            continue  # a figure with no known end might be later than as_of: never risk it
        key = (end or date.min, _precedence(source), source)
        if kind not in best or key > best[kind][0]:
            best[kind] = (key, Comparator(period, value, symbol, source, name, end))
    return {kind: comparator for kind, (_, comparator) in best.items()}


def _rows(con: duckdb.DuckDBPyConnection, indicator_id: str) -> list[tuple]:
    # A store written before period_end existed is read as it is (a report may open it
    # read-only, so it cannot be migrated here): ends then come from the labels.
    has_end = scalar(
        con,
        """SELECT count(*) FROM duckdb_columns()
           WHERE table_name = 'comparators' AND column_name = 'period_end'""",
    )
    sql = (
        "SELECT area_kind, time_period, value, symbol, source, area_name, period_end"
        if has_end
        else "SELECT area_kind, time_period, value, symbol, source, area_name, NULL::DATE"
    )
    return con.execute(
        sql + " FROM comparators WHERE indicator_id = ? AND area_kind <> 'neighbour'",
        [indicator_id],
    ).fetchall()


def _precedence(source: str) -> int:
    """For one period: a DfE file imported here > a bundled DfE publication > the seed pack."""
    return 2 if source == IMPORTED else 0 if source == SEED else 1
