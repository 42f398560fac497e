"""The problems table: the records each load held back, and why.

Every load adds the problems its readers and rules found: one row per problem, with the file,
row, column, value, reason and rule id, the canonical table and the record's key. A problem
stays *current* until a later load brings a file of the same scope (an SSD table, a return's
table for its year): then that load's own problems replace it, so loading the corrected file
clears what was held back. ``csc problems`` lists the current problems; ``--all`` the history.

The values are child-level data (ids, dates): ``csc problems`` marks its output
OFFICIAL-SENSITIVE and records each listing in the audit log.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import duckdb

from csc_insight.errors import Problem
from csc_insight.store.sql import table_exists

DDL = """CREATE TABLE IF NOT EXISTS load_problems (
    load_id INTEGER, problem_scope VARCHAR, problem_file VARCHAR, problem_row BIGINT,
    problem_column VARCHAR, problem_value VARCHAR, problem_reason VARCHAR,
    problem_rule VARCHAR, problem_table VARCHAR, problem_record VARCHAR,
    problem_held BOOLEAN, superseded_by INTEGER)"""

#: Values are cut to this length in the table: enough to recognise, never a megabyte "id".
VALUE_LIMIT = 200


@dataclass(frozen=True)
class Found:
    """A problem as a load records it: which scope it belongs to, and whether its record was
    held back (False: a note, e.g. an exact duplicate loaded once)."""

    problem: Problem
    scope: str
    held: bool = True


def record(
    con: duckdb.DuckDBPyConnection, load_id: int, scopes: Iterable[str], found: list[Found]
) -> None:
    """Supersede the current problems of the scopes this load brings, and add its own."""
    scopes = sorted(set(scopes))
    if scopes:
        marks = ", ".join("?" for _ in scopes)
        con.execute(
            f"UPDATE load_problems SET superseded_by = ? "
            f"WHERE superseded_by IS NULL AND problem_scope IN ({marks})",
            [load_id, *scopes],
        )
    if not found:
        return
    con.executemany(
        "INSERT INTO load_problems VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",
        [
            [
                load_id,
                f.scope,
                f.problem.file,
                f.problem.row,
                f.problem.column,
                None if f.problem.value is None else f.problem.value[:VALUE_LIMIT],
                f.problem.reason,
                f.problem.rule,
                f.problem.table,
                None if f.problem.key is None else f.problem.key[:VALUE_LIMIT],
                f.held,
            ]
            for f in found
        ],
    )


@dataclass(frozen=True)
class ProblemRow:
    load_id: int
    file: str
    row: int | None
    column: str | None
    value: str | None
    rule: str | None
    table: str | None
    record: str | None
    reason: str
    held: bool
    superseded_by: int | None

    HEADER = (
        "load",
        "file",
        "row",
        "column",
        "value",
        "rule",
        "table",
        "record",
        "reason",
        "held back",
        "superseded by load",
    )

    def cells(self) -> tuple[object, ...]:
        return (
            self.load_id,
            self.file,
            self.row,
            self.column,
            self.value,
            self.rule,
            self.table,
            self.record,
            self.reason,
            "yes" if self.held else "no (noted)",
            self.superseded_by,
        )


def listing(
    con: duckdb.DuckDBPyConnection,
    *,
    file: str | None = None,
    rule: str | None = None,
    table: str | None = None,
    history: bool = False,
) -> list[ProblemRow]:
    """The problems, current only unless ``history``; ``file`` matches part of the file name."""
    if not table_exists(con, "load_problems"):
        return []
    where, args = [], []
    if not history:
        where.append("superseded_by IS NULL")
    if file:
        where.append("contains(lower(problem_file), lower(?))")
        args.append(file)
    if rule:
        where.append("problem_rule = ?")
        args.append(rule)
    if table:
        where.append("problem_table = ?")
        args.append(table)
    sql = f"""SELECT load_id, problem_file, problem_row, problem_column, problem_value,
                     problem_rule, problem_table, problem_record, problem_reason, problem_held,
                     superseded_by
              FROM load_problems {"WHERE " + " AND ".join(where) if where else ""}
              ORDER BY load_id, problem_file, problem_row NULLS FIRST, problem_column"""
    return [ProblemRow(*r) for r in con.execute(sql, args).fetchall()]


def counts(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, int]]:
    """Current problems by rule: (records held back, notes)."""
    if not table_exists(con, "load_problems"):
        return {}
    rows = con.execute(
        """SELECT problem_rule,
                  count(DISTINCT CASE WHEN problem_held
                        THEN concat_ws('|', problem_file, problem_row, problem_table, problem_record) END),
                  count(*) FILTER (WHERE NOT problem_held)
           FROM load_problems WHERE superseded_by IS NULL GROUP BY ALL ORDER BY 2 DESC, 1"""
    ).fetchall()
    return {str(r[0]): (int(r[1]), int(r[2])) for r in rows}


def held_records(con: duckdb.DuckDBPyConnection) -> int:
    """Current records held back (a record with two problems counts once)."""
    if not table_exists(con, "load_problems"):
        return 0
    row = con.execute(
        """SELECT count(DISTINCT concat_ws('|', problem_file, problem_row, problem_table, problem_record))
           FROM load_problems WHERE superseded_by IS NULL AND problem_held"""
    ).fetchone()
    return int(row[0]) if row else 0
