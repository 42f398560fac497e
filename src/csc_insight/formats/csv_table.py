"""Reading one CSV file into a typed DuckDB table, validating as it reads.

Shared by every CSV format (SSD extract, SSDA903, the workforce and early-help templates). DuckDB
parses the file (fast, and its rejects table gives the line of every malformed record); the checks
on each value run as one SQL pass over the parsed text. Every problem names the file, the row
(header = row 1) and the column, and all problems in a file are reported together, up to a limit.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import duckdb

from csc_insight.errors import MAX_PROBLEMS_PER_FILE, Problem, ProblemList, ReaderError
from csc_insight.formats.csv_checks import (
    MOSTLY_WRONG_MIN,
    MOSTLY_WRONG_SHARE,
    Column,
    ColumnType,
    RecordProblems,
    _Check,
    _check,
    _quote,
    _typed,
    date_expr,
)
from csc_insight.formats.csv_read import (
    SERIAL,
    RecordLines,
    SerialReadNeeded,
    _column_label,
    _Layout,
    _layout,
    _read_csv,
    _reject_reason,
    _serial_needed,
    _shape_sql,
    header_key,
    key_rows,
    literal_path,
    read_header,
)
from csc_insight.formats.dates import ISO
from csc_insight.store.sql import scalar

#: What the readers import from here (the column, check and file helpers live beside it).
__all__ = [
    "MOSTLY_WRONG_MIN",
    "MOSTLY_WRONG_SHARE",
    "SERIAL",
    "Column",
    "ColumnType",
    "RecordLines",
    "RecordProblems",
    "SerialReadNeeded",
    "date_expr",
    "header_key",
    "key_rows",
    "literal_path",
    "read_header",
    "reader_error_for",
    "stage_csv",
    "stage_csv_fast",
]


def _values(
    columns: Sequence[Column], layout: _Layout, date_formats: Sequence[str]
) -> tuple[dict[str, str], dict[str, str], list[tuple[_Check, str]]]:
    """(text SQL, typed SQL) per column, and every check with its column."""
    values = {
        c.name: (
            f"NULLIF(trim({layout.source_of[c.name]}), '')" if layout.source_of[c.name] else "NULL"
        )
        for c in columns
    }
    typed = {c.name: _typed(c, values[c.name], date_formats) for c in columns}
    conditions: list[tuple[_Check, str]] = []
    for col in columns:
        if layout.source_of[col.name] is None:
            continue
        for check in _check(col, values[col.name], typed[col.name], date_formats):
            conditions.append((check, col.name))
    return values, typed, conditions


def stage_csv_fast(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    columns: Sequence[Column],
    into: str,
    *,
    key: Sequence[str] = (),
    date_formats: Sequence[str] = (ISO,),
    label: str | None = None,
    ddl: str | None = None,
    held: RecordProblems | None = None,
) -> int:
    """Like stage_csv, in one pass over the file: for big files that are usually right.

    The file is parsed, typed and checked in a single query into ``into`` (a persistent table
    made by ``ddl`` with exactly ``columns``, or a temporary one); any problem found (a malformed
    record, a bad value, a duplicate key) sends the file through stage_csv, which finds every
    problem with its row and raises. No ``_row`` column.
    """
    problems = ProblemList(label or str(path))
    layout = _layout(path, columns, problems)
    # Three nested SELECTs so that each value is trimmed once and typed once: the text (v*),
    # then the typed value (t*), then the checks on both.
    present = [(i, c) for i, c in enumerate(columns) if layout.source_of[c.name]]
    short, long = _shape_sql(layout)
    text = ", ".join(
        [
            *(f"NULLIF(trim({layout.source_of[c.name]}), '') AS v{i}" for i, c in present),
            f"({short}) OR ({long}) AS _shape",
        ]
    )
    typed = ", ".join(
        [*(f"v{i}, {_typed(c, f'v{i}', date_formats)} AS t{i}" for i, c in present), "_shape"]
    )
    conditions = [
        "_shape",
        *(
            check.condition
            for i, c in present
            for check in _check(c, f"v{i}", f"t{i}", date_formats)
        ),
    ]
    if len(conditions) > 62:  # the flags are bits of a BIGINT
        return stage_csv(
            con, path, columns, into, key=key, date_formats=date_formats, label=label, held=held
        )
    flags = (
        " | ".join(f"(CASE WHEN {c} THEN {1 << n} ELSE 0 END)" for n, c in enumerate(conditions))
        or "0"
    )
    out = {c.name: f"t{i}" for i, c in present}
    select = ", ".join(f"{out.get(c.name, 'NULL')} AS {_quote(c.name)}" for c in columns)
    rejects = f"_rej_{into}"
    source = f"SELECT {typed} FROM (SELECT {text} FROM {_read_csv(path, layout, rejects)})"
    con.execute(f"DROP TABLE IF EXISTS {into}")
    try:
        if ddl:
            con.execute(ddl)
            con.execute(f"ALTER TABLE {into} ADD COLUMN _err BIGINT")
            con.execute(f"INSERT INTO {into} SELECT {select}, {flags} FROM ({source})")
        else:
            con.execute(
                f"CREATE TEMP TABLE {into} AS SELECT {select}, {flags} AS _err FROM ({source})"
            )
    except duckdb.Error as e:
        _serial_needed(e, path)
        problems.add(None, None, f"could not be read as CSV: {str(e).splitlines()[0]}")
        problems.raise_if_any()
    bad = scalar(con, f"SELECT count(*) FROM {rejects}")
    con.execute(f"DROP TABLE IF EXISTS {rejects}")
    con.execute(f"DROP TABLE IF EXISTS {rejects}_scan")
    wrong = bad or scalar(con, f"SELECT count(*) FROM {into} WHERE _err <> 0")
    if not wrong and key:
        keys = ", ".join(_quote(k) for k in key)
        wrong = scalar(
            con,
            f"SELECT count(*) FROM (SELECT {keys} FROM {into} GROUP BY ALL HAVING count(*) > 1)",
        )
    if wrong:
        con.execute(f"DROP TABLE {into}")
        check = f"_check_{into}"
        n = stage_csv(
            con, path, columns, check, key=key, date_formats=date_formats, label=label, held=held
        )
        if held is None:
            con.execute(f"DROP TABLE IF EXISTS {check}")
            problems.add(None, None, "could not be read consistently (please report this)")
            problems.raise_if_any()
        # The records that passed, in the table the caller asked for.
        cols = ", ".join(_quote(c.name) for c in columns)
        if ddl:
            con.execute(ddl)
            con.execute(f"INSERT INTO {into} SELECT {cols} FROM {check}")
        else:
            con.execute(f"CREATE TEMP TABLE {into} AS SELECT {cols} FROM {check}")
        con.execute(f"DROP TABLE {check}")
        return n
    con.execute(f"ALTER TABLE {into} DROP COLUMN _err")
    return int(scalar(con, f"SELECT count(*) FROM {into}"))


def stage_csv(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    columns: Sequence[Column],
    into: str,
    *,
    key: Sequence[str] = (),
    date_formats: Sequence[str] = (ISO,),
    label: str | None = None,
    held: RecordProblems | None = None,
) -> int:
    """Read ``path`` into the temporary table ``into`` (columns named as ``columns``, typed, plus
    ``_row``, the row number as a spreadsheet shows it). Returns the number of records staged.

    Problems with the file (not CSV, a column missing, a malformed row) raise ReaderError. So do
    problems with records when ``held`` is None; with ``held``, each faulty record is left out
    of ``into`` and listed there, unless most of a column's values fail (then it is the wrong
    file or layout, and the file is refused). An exact duplicate row is staged once and noted;
    rows sharing a key with different values are all held back."""
    problems = ProblemList(label or str(path))
    layout = _layout(path, columns, problems)
    header, file_names = layout.header, layout.file_names

    raw = f"_raw_{into}"
    rejects = f"_rej_{into}"
    con.execute(f"DROP TABLE IF EXISTS {raw}")
    try:
        con.execute(
            f"CREATE TEMP TABLE {raw} AS SELECT row_number() OVER () + 1 AS _row, * FROM {_read_csv(path, layout, rejects)}"
        )
    except duckdb.Error as e:
        _serial_needed(e, path)
        problems.add(None, None, f"could not be read as CSV: {str(e).splitlines()[0]}")
        problems.raise_if_any()
    bad = con.execute(
        f"SELECT line, column_name, error_type, error_message FROM {rejects} ORDER BY line LIMIT {MAX_PROBLEMS_PER_FILE}"
    ).fetchall()
    con.execute(f"DROP TABLE IF EXISTS {rejects}; DROP TABLE IF EXISTS {rejects}_scan")
    if bad:
        # A row of the wrong shape cannot be trusted to say which value is which: the file is
        # refused (a truncated file, a stray unquoted comma).
        for line, column, kind, message in bad:
            problems.add(
                int(line),
                _column_label(column, header, file_names),
                _reject_reason(str(kind), str(message)),
            )
        con.execute(f"DROP TABLE {raw}")
        problems.raise_if_any()
    short, long = _shape_sql(layout)
    shapes = con.execute(
        f"SELECT _row, {long}, [{', '.join(file_names)}] FROM {raw} WHERE ({short}) OR ({long}) "
        f"ORDER BY _row LIMIT {MAX_PROBLEMS_PER_FILE + 1}"
    ).fetchall()
    if shapes:
        lines = RecordLines(path)
        for row, too_many, got in shapes:
            # A short row: the first column it has no value for (padded, so NULL).
            first_missing = next((header[i] for i, v in enumerate(got) if v is None), None)
            problems.add(
                lines.line(int(row)),
                None if too_many else first_missing,
                _reject_reason("TOO MANY COLUMNS" if too_many else "MISSING COLUMNS", ""),
            )
        con.execute(f"DROP TABLE {raw}")
        problems.raise_if_any()

    lines = RecordLines(path)
    found: list[Problem] = []
    held_rows: set[int] = set()
    values, typed, conditions = _values(columns, layout, date_formats)
    limit = "" if held is not None else f"LIMIT {MAX_PROBLEMS_PER_FILE + 1}"
    key_of = "concat_ws('|', " + ", ".join(values[k] for k in key) + ")" if key else "NULL::VARCHAR"
    if conditions:
        flags = ", ".join(
            f"CASE WHEN {c.condition} THEN {i} END" for i, (c, _) in enumerate(conditions)
        )
        where = " OR ".join(f"({c.condition})" for c, _ in conditions)
        # Each failing check's value too, for the reasons that quote it (dates).
        texts_sql = ", ".join(values[name] for _, name in conditions)
        failing = con.execute(
            f"SELECT _row, list_filter([{flags}], lambda x: x IS NOT NULL), [{texts_sql}], {key_of} FROM {raw} WHERE {where} ORDER BY _row {limit}"
        ).fetchall()
        for row, hits, texts, record in failing:
            held_rows.add(int(row))
            for i in hits:
                check, name = conditions[i]
                found.append(
                    Problem(
                        problems.file,
                        lines.line(int(row)),
                        name,
                        check.reason_for(texts[i]),
                        check.rule,
                        texts[i],
                        key=record,
                    )
                )
        if held is not None:
            _refuse_if_mostly_wrong(con, raw, values, found, problems)
    if key:
        key_sql = ", ".join(values[k] for k in key)
        every = ", ".join(values[c.name] for c in columns)
        # Per key: the first row, and whether a later row differs from it in any value.
        dups = con.execute(
            f"""SELECT dup_row, first_row, same, record FROM (
                    SELECT _row AS dup_row, min(_row) OVER k AS first_row, {key_of} AS record,
                           count(DISTINCT [{every}]::VARCHAR) OVER k = 1 AS same
                    FROM {raw} WHERE {" AND ".join(f"{values[k]} IS NOT NULL" for k in key)}
                    WINDOW k AS (PARTITION BY {key_sql}))
                WHERE dup_row <> first_row OR NOT same ORDER BY dup_row {limit}"""
        ).fetchall()
        label_key = "+".join(key)
        for dup_row, first_row, same, record in dups:
            if int(dup_row) in held_rows:
                continue  # held back for its values already
            if same and held is not None:
                if dup_row != first_row:
                    held.note(
                        Problem(
                            problems.file,
                            lines.line(int(dup_row)),
                            label_key,
                            f"the same record as row {lines.line(int(first_row))}: loaded once",
                            "row-duplicate",
                            key=record,
                        )
                    )
                    held_rows.add(int(dup_row))  # left out; the first copy is loaded
                continue
            if dup_row == first_row and held is None:
                continue
            other = "another row" if dup_row == first_row else f"row {lines.line(int(first_row))}"
            found.append(
                Problem(
                    problems.file,
                    lines.line(int(dup_row)),
                    label_key,
                    f"duplicate key: same as {other}"
                    + ("" if held is None else " with different values; neither is loaded"),
                    "key-conflict",
                    key=record,
                )
            )
            held_rows.add(int(dup_row))
    if held is None:
        for p in found[: MAX_PROBLEMS_PER_FILE + 1]:
            problems.add(p.row, p.column, p.reason)
        if problems:
            con.execute(f"DROP TABLE {raw}")
            problems.raise_if_any()
    else:
        held.hold(found)

    select = ", ".join(f"{typed[c.name]} AS {_quote(c.name)}" for c in columns)
    con.execute(f"DROP TABLE IF EXISTS {into}")
    keep = ""
    if held_rows:
        con.execute("CREATE OR REPLACE TEMP TABLE _held_rows (r BIGINT)")
        con.executemany("INSERT INTO _held_rows VALUES (?)", [[r] for r in sorted(held_rows)])
        keep = "WHERE _row NOT IN (SELECT r FROM _held_rows)"
    con.execute(f"CREATE TEMP TABLE {into} AS SELECT _row, {select} FROM {raw} {keep}")
    con.execute(f"DROP TABLE {raw}")
    con.execute("DROP TABLE IF EXISTS _held_rows")
    return int(scalar(con, f"SELECT count(*) FROM {into}"))


def _refuse_if_mostly_wrong(
    con: duckdb.DuckDBPyConnection,
    raw: str,
    values: dict[str, str],
    found: list[Problem],
    problems: ProblemList,
) -> None:
    """Refuse the file when a column's values mostly fail their type or code list: a file in
    another layout (US dates, another year's codes, columns in the wrong order) is a wrong
    file, and holding back all its records would hide that."""
    failing: dict[str, list[Problem]] = {}
    for p in found:
        if p.rule in ("value-date", "value-number", "value-code") and p.column:
            failing.setdefault(p.column, []).append(p)
    for column, ps in failing.items():
        if len(ps) < MOSTLY_WRONG_MIN:
            continue
        filled = int(scalar(con, f"SELECT count({values[column]}) FROM {raw}"))
        if len(ps) > MOSTLY_WRONG_SHARE * filled:
            examples = "; ".join(f"row {p.row}: {p.reason}" for p in ps[:3])
            problems.add(
                None,
                column,
                f"{len(ps):,} of its {filled:,} values are wrong ({examples}): is this the "
                "right file, in the right layout?",
            )
    if problems:
        con.execute(f"DROP TABLE {raw}")
        problems.raise_if_any()


def reader_error_for(
    file: str, reason: str, row: int | None = None, column: str | None = None
) -> ReaderError:
    """A one-problem ReaderError, for readers that find a whole-file problem."""
    problems = ProblemList(file)
    problems.add(row, column, reason)
    return ReaderError(problems.items)
