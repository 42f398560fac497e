"""The columns a CSV reader expects and the checks on their values, as SQL.

Each check is a SQL condition true when a value is wrong, with the reason and the rule id a
held-back record is listed under (formats/rules.py). csv_table runs them all in one pass.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from csc_insight.errors import Problem
from csc_insight.formats.dates import EARLIEST, ISO, LATEST, date_problem

ColumnType = Literal["text", "date", "int", "float", "code"]


@dataclass(frozen=True)
class Column:
    """A column a reader expects: its name in the file, type, and whether it must be present."""

    name: str
    type: ColumnType = "text"
    required: bool = False  # the value must be filled in every row
    optional_column: bool = False  # the column may be missing from the file altogether
    codes: tuple[str, ...] | None = None
    #: Longer values are held back: no real id, code or name comes near it, and a damaged or
    #: hostile file cannot fill the store with megabyte "ids".
    max_length: int = 1000
    #: An identifier (the record's key): a NUL byte or a line break in it is damage.
    identifier: bool = False


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def date_expr(v: str, formats: Sequence[str]) -> str:
    """SQL turning text into a DATE (NULL if it matches no format)."""
    tries = []
    for fmt in formats:
        if fmt == ISO:
            # 2021-03-04, or with a time after a space or T as SQL Server exports write it; a
            # plain cast is several times faster than pattern matching on big files. A time
            # must be a time: 2021-03-04T25:99 is not a date.
            tries.append(
                f"CASE WHEN length({v}) = 10 THEN try_cast({v} AS DATE) "
                f"WHEN substr({v}, 11, 1) IN (' ', 'T') "
                f"THEN CAST(try_cast(replace({v}, 'T', ' ') AS TIMESTAMP) AS DATE) END"
            )
        else:
            tries.append(f"try_strptime({v}, {_literal(fmt)})")
    return f"CAST(coalesce({', '.join(tries)}) AS DATE)"


def _typed(col: Column, v: str, date_formats: Sequence[str]) -> str:
    if col.type == "date":
        return date_expr(v, date_formats)
    if col.type == "int":
        return f"try_cast({v} AS BIGINT)"
    if col.type == "float":
        return f"try_cast({v} AS DOUBLE)"
    if col.type == "code":
        return f"upper({v})"
    return v


@dataclass(frozen=True)
class _Check:
    """A SQL condition that is true when a column's value is wrong, and the reason to give."""

    condition: str
    reason: str
    rule: str
    #: Set for the date check, whose reason is worked out from the value (``date_problem``).
    date_formats: Sequence[str] | None = None

    def reason_for(self, value: str | None) -> str:
        if self.date_formats is None or value is None:
            return self.reason
        return date_problem(value, self.date_formats)


def _check(col: Column, v: str, typed: str, date_formats: Sequence[str]) -> list[_Check]:
    """The checks on a column's values."""
    checks: list[_Check] = []
    if col.required:
        checks.append(_Check(f"{v} IS NULL", "value missing", "value-missing"))
    if col.identifier and col.type == "text":
        # Two cheap searches, not a pattern: keys are in every row of the biggest files.
        found = " OR ".join(f"contains({v}, chr({c}))" for c in (0, 10))
        checks.append(
            _Check(
                f"{v} IS NOT NULL AND ({found})",
                "holds a NUL byte or a line break: a damaged file?",
                "value-control",
            )
        )
    if col.type in ("text", "code"):
        checks.append(
            _Check(
                # strlen (bytes) is free in DuckDB; length (characters) reads the text.
                f"strlen({v}) > {col.max_length}",
                f"longer than any real value ({col.max_length:,} bytes)",
                "value-too-long",
            )
        )
    if col.type == "date":
        # One check for unparseable and out-of-range dates: the reason, worked out from the
        # value only for the rows that fail, tells them apart.
        checks.append(
            _Check(
                f"{v} IS NOT NULL AND ({typed} IS NULL OR "
                f"{typed} NOT BETWEEN DATE '{EARLIEST}' AND DATE '{LATEST}')",
                "not a date",
                "value-date",
                date_formats,
            )
        )
    elif col.type == "int":
        checks.append(
            _Check(f"{v} IS NOT NULL AND {typed} IS NULL", "not a whole number", "value-number")
        )
    elif col.type == "float":
        checks.append(
            _Check(f"{v} IS NOT NULL AND {typed} IS NULL", "not a number", "value-number")
        )
    if col.codes is not None:
        allowed = ", ".join(_literal(c.upper()) for c in col.codes)
        shown = (
            ", ".join(col.codes) if len(col.codes) <= 20 else ", ".join(col.codes[:20]) + ", ..."
        )
        checks.append(
            _Check(
                f"{v} IS NOT NULL AND upper({v}) NOT IN ({allowed})",
                f"not a valid code (expected one of {shown})",
                "value-code",
            )
        )
    return checks


#: A column is taken to be the wrong layout, not faulty records, when more than this share of
#: its filled values fail their type (at least MOSTLY_WRONG_MIN of them).
MOSTLY_WRONG_SHARE = 0.5
MOSTLY_WRONG_MIN = 5


class RecordProblems:
    """The records a reader holds back (and the duplicates it collapses), for one file or
    many: ``hold`` the problems of records left out, ``note`` what was done to loaded ones."""

    def __init__(self, table: str | None = None) -> None:
        self.table = table
        self.held: list[Problem] = []
        self.notes: list[Problem] = []

    def _tag(self, p: Problem) -> Problem:
        if p.table is None and self.table is not None:
            return replace(p, table=self.table)
        return p

    def hold(self, problems: Iterable[Problem]) -> None:
        self.held += [self._tag(p) for p in problems]

    def note(self, problem: Problem) -> None:
        self.notes.append(self._tag(problem))
