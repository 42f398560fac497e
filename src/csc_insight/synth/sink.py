"""Hand simulated rows to DuckDB.

Modules fill a ``Rows`` with numpy columns (days, integer codes, person numbers); identifiers and
JSON text are built by DuckDB in the INSERT (fast and multi-threaded), never string by string in
Python. Only the canonical columns given are set; the others stay NULL.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import numpy as np
import pyarrow as pa

from csc_insight.store import schema
from csc_insight.synth.workdays import ymd

#: Person numbers are written with 7 digits.
MAX_PERSON = 10**7


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _unless_null(raw: str, expr: str, null: np.ndarray | None) -> str:
    """DuckDB's concat() skips NULLs: keep a NULL input NULL."""
    return expr if null is None else f"CASE WHEN {raw} IS NOT NULL THEN {expr} END"


def _digits(col: str, width: int) -> str:
    """Zero-padded decimal of a non-negative integer column: 2-3x faster than printf."""
    return f"substr(CAST({col} + {10**width} AS VARCHAR), 2)"


class Rows:
    """Columns of one canonical table, ready to insert."""

    def __init__(self, table: str, n: int, prefix: str) -> None:
        self.table = schema.table(table)
        self.n = int(n)
        self.prefix = prefix
        self.raw: dict[str, pa.Array] = {}
        self.exprs: dict[str, str] = {}
        self.people: list[np.ndarray] = []

    def _add_raw(self, values: pa.Array) -> str:
        if len(values) != self.n:
            raise ValueError(f"{self.table.name}: column of {len(values)} rows, expected {self.n}")
        name = f"r{len(self.raw)}"
        self.raw[name] = values
        return name

    def _set(self, col: str, expr: str) -> None:
        self.table.field(col)  # fails early on a misspelt column
        self.exprs[col] = expr

    def date(self, col: str, days: np.ndarray, null: np.ndarray | None = None) -> Rows:
        arr = pa.array(np.asarray(days, dtype=np.int32), type=pa.date32(), mask=null)
        self._set(col, self._add_raw(arr))
        return self

    def num(self, col: str, values: np.ndarray, null: np.ndarray | None = None) -> Rows:
        self._set(col, self._add_raw(pa.array(np.asarray(values), mask=null)))
        return self

    def code(
        self, col: str, labels: Sequence[str], idx: np.ndarray, null: np.ndarray | None = None
    ) -> Rows:
        """Column from a list of labels and an index into it per row (``null`` rows empty)."""
        allowed = self.table.field(col).codes
        if allowed is not None and not set(labels) <= set(allowed):
            raise ValueError(f"{col}: {sorted(set(labels) - set(allowed))} not in schema codes")
        idx = np.asarray(idx, dtype=np.int32)
        if null is None:
            null = idx < 0
        arr = pa.DictionaryArray.from_arrays(
            pa.array(idx, mask=null), pa.array(list(labels), pa.string())
        )
        self._set(col, f"CAST({self._add_raw(arr)} AS VARCHAR)")
        return self

    def const(self, col: str, value: str | float | None) -> Rows:
        if value is None:
            self._set(col, "NULL")
        elif isinstance(value, str):
            self._set(col, _sql_text(value))
        else:
            self._set(col, repr(float(value)))
        return self

    def text(self, col: str, values: Sequence[str | None]) -> Rows:
        """Free strings (small tables only: names, team names)."""
        self._set(col, self._add_raw(pa.array(list(values), pa.string())))
        return self

    def person(self, col: str, person: np.ndarray, null: np.ndarray | None = None) -> Rows:
        """A person id ``<prefix>P0001234`` from the person number."""
        p = np.asarray(person, dtype=np.int64)
        if p.size and p.max() >= MAX_PERSON:
            raise ValueError("more people than 7-digit person ids allow")
        self.people.append(p if null is None else p[~null])
        raw = self._add_raw(pa.array(p, mask=null))
        self._set(col, _unless_null(raw, f"concat('{self.prefix}P', {_digits(raw, 7)})", null))
        return self

    def record(
        self, col: str, person: np.ndarray, days: np.ndarray, null: np.ndarray | None = None
    ) -> Rows:
        """A record id ``<person id>-<yyyymmdd>`` (the convention readers also follow)."""
        p = self._add_raw(pa.array(np.asarray(person, dtype=np.int64), mask=null))
        d = self._add_raw(pa.array(ymd(days), mask=null))
        expr = f"concat('{self.prefix}P', {_digits(p, 7)}, '-', CAST({d} AS VARCHAR))"
        self._set(col, _unless_null(p, expr, null))
        return self

    def ident(
        self, col: str, letter: str, number: np.ndarray, width: int, null: np.ndarray | None = None
    ) -> Rows:
        """A numbered id such as ``<prefix>W00012`` (workers, teams, posts)."""
        number = np.asarray(number, dtype=np.int64)
        if number.size and number.max() >= 10**width:
            raise ValueError(f"{col}: numbers do not fit {width} digits")
        n = self._add_raw(pa.array(number, mask=null))
        expr = f"concat('{self.prefix}{letter}', {_digits(n, width)})"
        self._set(col, _unless_null(n, expr, null))
        return self

    def sql(self, col: str, expr: str, **columns: pa.Array | np.ndarray) -> Rows:
        """Any SQL expression; ``{name}`` in it refers to the arrays passed by keyword."""
        names = {
            k: self._add_raw(v if isinstance(v, pa.Array) else pa.array(v))
            for k, v in columns.items()
        }
        self._set(col, expr.format(**names))
        return self


class Emitter:
    """Inserts Rows into the connection and remembers who they are about."""

    def __init__(self, con: duckdb.DuckDBPyConnection, prefix: str) -> None:
        self.con = con
        self.prefix = prefix
        self.people: list[np.ndarray] = []
        self.counts: dict[str, int] = {}

    def rows(self, table: str, n: int) -> Rows:
        return Rows(table, n, self.prefix)

    def write(self, rows: Rows) -> None:
        self.people.extend(rows.people)
        self.counts[rows.table.name] = self.counts.get(rows.table.name, 0) + rows.n
        if rows.n == 0:
            return
        cols = list(rows.exprs)
        raw = pa.table(rows.raw) if rows.raw else pa.table({"r": pa.nulls(rows.n, pa.int8())})
        name = "__synth_rows"
        self.con.register(name, raw)
        try:
            self.con.execute(
                f"INSERT INTO {rows.table.name} ({', '.join(cols)}) "
                f"SELECT {', '.join(rows.exprs[c] for c in cols)} FROM {name}"
            )
        finally:
            self.con.unregister(name)

    def used_people(self) -> np.ndarray:
        """Person numbers that some written row refers to."""
        if not self.people:
            return np.zeros(0, dtype=np.int64)
        return np.unique(np.concatenate(self.people))
