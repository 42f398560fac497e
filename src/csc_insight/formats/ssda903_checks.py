"""Record checks that need a return's collection year, and the records that depend on others.

Once each file's year is known (ssda903_years.py), a record is held back when:

- a code is not in its year's list (``value-code``; lists in ssda903_codes.py);
- it breaks one of the DfE's SSDA903 validation rules that change figures (``903-<rule>``,
  ssda903_rules.py), or a date rule (``903-after-year``, ``date-before-birth``, ``date-order``,
  ``overlap``).

Then what depends on a held record is held too (``depends``), the smallest unit that stays true:

- a held Header row: the child's records in every table of that year's return;
- a held episode: every episode of the same period of care (the episodes from the child's
  RNE S episode before it to the next RNE S), in every return of the load, because the
  periods, placements and legal statuses are worked out by chaining the episodes, and a gap in
  the chain would make them wrong; an episode whose start cannot be read holds all of the
  child's episodes in its file;
- a held period of care: the reviews dated within it.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from csc_insight.errors import Problem, ReaderError
from csc_insight.formats.csv_table import MOSTLY_WRONG_MIN, MOSTLY_WRONG_SHARE
from csc_insight.formats.ssda903_codes import list_for, year_label
from csc_insight.formats.ssda903_read import Reading
from csc_insight.formats.ssda903_tables import CANONICAL, YEAR_CODED
from csc_insight.formats.ssda903_years import Read


def insert(
    con: duckdb.DuckDBPyConnection,
    table: str,
    columns: dict[str, pa.Array],
    *,
    replace: bool = False,
) -> None:
    """Rows from Python into a temporary table in one statement (``replace``: make it anew)."""
    data = pa.table(columns)  # noqa: F841 - read by DuckDB by its name
    if replace:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT * FROM data")
    else:
        con.execute(f"INSERT INTO {table} SELECT * FROM data")


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


#: A record to hold: its ``_row``, the column, the reason, the rule and the value found.
Hit = tuple[int, str | None, str, str, str | None]


def hold(con: duckdb.DuckDBPyConnection, r: Read, hits: list[Hit], reading: Reading) -> None:
    """List the records of ``hits`` in ``reading.held`` and take them out of the read. Held
    episodes are remembered, with their keys, for what depends on them."""
    if not hits:
        return
    for row, column, reason, rule, value in hits:
        reading.held.append(
            Problem(
                str(r.file.path), r.line(row), column, reason, rule, value,
                CANONICAL.get(r.table.name),
            )
        )  # fmt: skip
    rows = sorted({h[0] for h in hits})
    insert(con, "_s903_rows", {"r": pa.array(rows, pa.int64())}, replace=True)
    if r.table.name == "Episodes":
        _remember_episodes(con, r, f"SELECT CHILD, DECOM, RNE, _row FROM {r.temp} "
                           "WHERE _row IN (SELECT r FROM _s903_rows)")  # fmt: skip
    con.execute(f"DELETE FROM {r.temp} WHERE _row IN (SELECT r FROM _s903_rows)")
    r.held_rows |= {r.line(x) for x in rows}


def _remember_episodes(con: duckdb.DuckDBPyConnection, r: Read, rows_sql: str) -> None:
    con.execute(
        """CREATE TEMP TABLE IF NOT EXISTS _s903_held_eps
           (CHILD VARCHAR, DECOM DATE, RNE VARCHAR, file VARCHAR, line BIGINT, whole BOOLEAN)"""
    )
    found = con.execute(rows_sql).fetchall()
    insert(
        con,
        "_s903_held_eps",
        {
            "CHILD": pa.array([f[0] for f in found], pa.string()),
            "DECOM": pa.array([f[1] for f in found], pa.date32()),
            "RNE": pa.array([f[2] for f in found], pa.string()),
            "file": pa.array([str(r.file.path)] * len(found), pa.string()),
            "line": pa.array([r.line(int(f[3])) for f in found], pa.int64()),
            "whole": pa.array([False] * len(found), pa.bool_()),
        },
    )


def check_codes(con: duckdb.DuckDBPyConnection, reads: list[Read], reading: Reading) -> None:
    """Hold back codes not in the list of the return's year; refuse a file whose column mostly
    fails (a return of another year or layout)."""
    for r in reads:
        hits: list[Hit] = []
        for column in YEAR_CODED.get(r.table.name, ()):
            codes = list_for(column, r.year)
            if codes is None:
                continue
            allowed = ", ".join(f"'{c}'" for c in sorted(codes.codes))
            found = con.execute(
                f"""SELECT _row, {column} FROM {r.temp}
                    WHERE {column} IS NOT NULL AND upper({column}) NOT IN ({allowed})"""
            ).fetchall()
            which = f"the {year_label(r.year)} list" if r.year else "the latest list"
            shown = ", ".join(sorted(codes.codes))
            if len(found) >= MOSTLY_WRONG_MIN:
                filled = con.execute(f"SELECT count({column}) FROM {r.temp}").fetchone()
                if filled and len(found) > MOSTLY_WRONG_SHARE * filled[0]:
                    raise ReaderError(
                        [
                            Problem(
                                str(r.file.path),
                                None,
                                column,
                                f"{len(found):,} of its {filled[0]:,} codes are not in {which} "
                                f"({shown}): is this the right year's return?",
                            )
                        ]
                    )
            hits += [
                (row, column, f"'{value}' is not a code in {which} (expected one of {shown})",
                 "value-code", value)
                for row, value in found
            ]  # fmt: skip
        hold(con, r, hits, reading)


def hold_dependants(con: duckdb.DuckDBPyConnection, reads: list[Read], reading: Reading) -> None:
    """Hold what depends on held Headers and episodes (see the module docstring)."""
    con.execute(
        """CREATE TEMP TABLE IF NOT EXISTS _s903_held_eps
           (CHILD VARCHAR, DECOM DATE, RNE VARCHAR, file VARCHAR, line BIGINT, whole BOOLEAN)"""
    )
    _stage_held_episodes(con, reads, reading)
    _header_dependants(con, reads, reading)
    _period_dependants(con, reads, reading)
    con.execute("DROP TABLE IF EXISTS _s903_held_eps")
    con.execute("DROP TABLE IF EXISTS _s903_rows")


def _stage_held_episodes(
    con: duckdb.DuckDBPyConnection, reads: list[Read], reading: Reading
) -> None:
    """The keys of the episodes held when the files were read (a bad value, a key conflict)."""
    for r in reads:
        if r.table.name != "Episodes" or not r.held_rows:
            continue
        raw = reading.raw[r.temp](r.held_rows)
        insert(
            con,
            "_s903_raw",
            {
                "c": pa.array([v.get("CHILD", "") for v in raw.values()], pa.string()),
                "d": pa.array([v.get("DECOM", "") for v in raw.values()], pa.string()),
                "rne": pa.array([v.get("RNE", "") for v in raw.values()], pa.string()),
                "line": pa.array(list(raw), pa.int64()),
            },
            replace=True,
        )
        con.execute(
            f"""INSERT INTO _s903_held_eps SELECT NULLIF(trim(c), ''),
                coalesce(try_strptime(trim(d), '%d/%m/%Y'), try_strptime(trim(d), '%Y-%m-%d'))::DATE,
                NULLIF(trim(rne), ''), {_literal(str(r.file.path))}, line, false FROM _s903_raw"""
        )
        con.execute("DROP TABLE _s903_raw")


def _header_dependants(con: duckdb.DuckDBPyConnection, reads: list[Read], reading: Reading) -> None:
    for h in reads:
        if h.table.name != "Header" or not h.held_rows:
            continue
        raw = reading.raw[h.temp](h.held_rows)
        children = {(v.get("CHILD") or "").strip(): line for line, v in raw.items()}
        children.pop("", None)
        if not children:
            continue
        con.execute("CREATE OR REPLACE TEMP TABLE _s903_kids (c VARCHAR, line BIGINT)")
        con.executemany(
            "INSERT INTO _s903_kids VALUES (?, ?)", [[c, n] for c, n in children.items()]
        )
        for r in reads:
            if r is h or r.year != h.year or r.table.name == "Header" or not r.table.read:
                continue
            found = con.execute(
                f"SELECT _row, CHILD, k.line FROM {r.temp} JOIN _s903_kids k ON k.c = CHILD"
            ).fetchall()
            hold(con, r, [
                (row, "CHILD", f"the child's Header row ({h.file.path.name} row {line}) is held "
                 "back", "depends", child)
                for row, child, line in found
            ], reading)  # fmt: skip
        con.execute("DROP TABLE _s903_kids")


def _period_dependants(con: duckdb.DuckDBPyConnection, reads: list[Read], reading: Reading) -> None:
    episodes = [r for r in reads if r.table.name == "Episodes"]
    if not episodes:
        return
    loaded = " UNION ALL ".join(
        f"SELECT CHILD, DECOM, upper(RNE) AS RNE, {i} AS src, _row, false AS held, "
        "NULL::VARCHAR AS why FROM " + r.temp
        for i, r in enumerate(episodes)
    )
    # A held episode without a readable start holds all of its child's episodes in its file.
    files = {str(r.file.path): i for i, r in enumerate(episodes)}
    insert(
        con,
        "_s903_srcs",
        {
            "file": pa.array(list(files), pa.string()),
            "src": pa.array(list(files.values()), pa.int32()),
        },
        replace=True,
    )
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE _s903_eps AS
        WITH held AS (SELECT h.*, s.src FROM _s903_held_eps h JOIN _s903_srcs s USING (file)
                      WHERE h.CHILD IS NOT NULL),
        loaded AS ({loaded}),
        whole AS (SELECT l.* EXCLUDE (held, why), true AS held,
                         'an episode of the child held back at row ' || min(h.line) OVER (PARTITION BY l.CHILD, l.src) AS why
                  FROM loaded l JOIN held h ON h.CHILD = l.CHILD AND h.src = l.src AND h.DECOM IS NULL),
        all_eps AS (
            SELECT l.* FROM loaded l ANTI JOIN whole w USING (CHILD, src, _row)
            UNION ALL SELECT * FROM whole
            UNION ALL SELECT CHILD, DECOM, upper(RNE), src, NULL, true,
                   'the episode held back at ' || file || ' row ' || line FROM held WHERE DECOM IS NOT NULL)
        SELECT *, sum((RNE = 'S')::INTEGER) OVER (PARTITION BY CHILD ORDER BY DECOM, held
                  ROWS UNBOUNDED PRECEDING) AS g
        FROM all_eps"""
    )
    con.execute(
        """CREATE OR REPLACE TEMP TABLE _s903_held_periods AS
           SELECT CHILD, g, min(DECOM) AS p_start, min(why) FILTER (WHERE held) AS why
           FROM _s903_eps GROUP BY CHILD, g HAVING bool_or(held)"""
    )
    con.execute(
        """CREATE OR REPLACE TEMP TABLE _s903_held_periods AS
           SELECT p.*, (SELECT min(e.DECOM) FROM _s903_eps e
                        WHERE e.CHILD = p.CHILD AND e.g > p.g) AS p_next
           FROM _s903_held_periods p"""
    )
    for i, r in enumerate(episodes):
        found = con.execute(
            f"""SELECT e._row, e.CHILD, coalesce(e.why, p.why) FROM _s903_eps e
                JOIN _s903_held_periods p USING (CHILD, g)
                WHERE e.src = {i} AND e._row IS NOT NULL"""
        ).fetchall()
        hold(con, r, [
            (row, "CHILD", f"in the same period of care as {why}", "depends", child)
            for row, child, why in found
        ], reading)  # fmt: skip
    for r in reads:
        if r.table.name != "Reviews":
            continue
        found = con.execute(
            f"""SELECT v._row, v.CHILD, p.why FROM {r.temp} v JOIN _s903_held_periods p
                ON p.CHILD = v.CHILD AND v.REVIEW >= p.p_start
               AND (p.p_next IS NULL OR v.REVIEW < p.p_next)"""
        ).fetchall()
        hold(con, r, [
            (row, "REVIEW", f"dated within a period of care held back ({why})", "depends", child)
            for row, child, why in found
        ], reading)  # fmt: skip
    for t in ("_s903_eps", "_s903_held_periods", "_s903_srcs"):
        con.execute(f"DROP TABLE IF EXISTS {t}")
