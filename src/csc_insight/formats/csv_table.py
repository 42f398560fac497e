"""Reading one CSV file into a typed DuckDB table, validating as it reads.

Shared by every CSV format (SSD extract, SSDA903, the workforce and early-help templates). DuckDB
parses the file (fast, and its rejects table gives the line of every malformed record); the checks
on each value run as one SQL pass over the parsed text. Every problem names the file, the row
(header = row 1) and the column, and all problems in a file are reported together, up to a limit.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

import duckdb

from csc_insight.errors import MAX_PROBLEMS_PER_FILE, Problem, ProblemList, ReaderError
from csc_insight.formats.dates import EARLIEST, ISO, LATEST, date_problem
from csc_insight.store.sql import scalar

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
    #: An identifier (a key, a person id): a NUL byte, tab or line break in it is damage.
    identifier: bool = False


def header_key(name: str) -> str:
    """Header matching is tolerant of case, spacing and punctuation, as real files vary."""
    return re.sub(r"[^0-9a-z]+", "", name.strip().lstrip("\ufeff").lower())


def read_header(path: Path) -> list[str] | None:
    """The header row, or None if the file is empty or not text."""
    try:
        with path.open("rb") as f:
            first = f.readline(1 << 20).decode("utf-8-sig")
    except (UnicodeDecodeError, OSError):
        return None
    if not first.strip():
        return None
    try:
        return next(csv.reader(io.StringIO(first)))
    except (csv.Error, StopIteration):
        return None


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
        # Four cheap searches, not a pattern: ids are in every row of the biggest files.
        found = " OR ".join(f"contains({v}, chr({c}))" for c in (0, 9, 10, 13))
        checks.append(
            _Check(
                f"{v} IS NOT NULL AND ({found})",
                "holds a control character (a NUL byte, tab or line break): a damaged file?",
                "value-control",
            )
        )
    if col.type in ("text", "code"):
        checks.append(
            _Check(
                f"length({v}) > {col.max_length}",
                f"longer than {col.max_length:,} characters",
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


@dataclass
class _Layout:
    """How a file's columns map to the expected ones."""

    header: list[str]
    file_names: list[str]  # c0, c1, ...: DuckDB's names for the file's columns
    source_of: dict[str, str | None]  # expected column -> file column (None: absent, optional)


def _layout(path: Path, columns: Sequence[Column], problems: ProblemList) -> _Layout:
    """Whole-file checks (empty, not text, header) and the column mapping; raises on problems."""
    if not path.exists() or path.stat().st_size == 0:
        problems.add(None, None, "file is empty")
        problems.raise_if_any()
    with path.open("rb") as f:
        if b"\x00" in f.read(4096):
            # UTF-8 never holds NUL bytes in text; UTF-16 (Excel's "Unicode Text") is full of them.
            problems.add(
                None,
                None,
                "holds NUL bytes: it is UTF-16 (Excel's 'Unicode Text') or not text at all; "
                "save it as CSV UTF-8",
            )
            problems.raise_if_any()
    header = read_header(path)
    if header is None:
        with path.open("rb") as f:
            head = f.readline(1 << 20)
        try:
            head.decode("utf-8")
            problems.add(1, None, "no header row")
        except UnicodeDecodeError as e:
            problems.add(
                1, None, f"not UTF-8 text (byte 0x{head[e.start]:02x}); save the file as UTF-8"
            )
        problems.raise_if_any()
    assert header is not None
    found: dict[str, int] = {}
    for i, name in enumerate(header):
        k = header_key(name)
        if k in found:
            problems.add(1, name, "column appears twice in the header")
        found[k] = i
    file_names = [f"c{i}" for i in range(len(header))]
    source_of: dict[str, str | None] = {}
    for col in columns:
        at = found.get(header_key(col.name))
        if at is None:
            if not col.optional_column:
                problems.add(1, col.name, "column missing from the header")
            source_of[col.name] = None
        else:
            source_of[col.name] = file_names[at]
    problems.raise_if_any()
    return _Layout(header, file_names, source_of)


def literal_path(path: Path) -> str:
    """A file path as DuckDB's readers take it, read as that one file: they expand glob
    patterns, so 'extract[1].csv' would read extract1.csv instead. Each pattern character is
    made a one-character class ('[' -> '[[]', '*' -> '[*]', '?' -> '[?]'), which matches only
    itself."""
    return _literal(re.sub(r"([\[*?])", r"[\1]", str(path)))


#: The file's columns are read with one more, TRAIL, and padding, and with no text read as
#: NULL (NO_NULL never occurs in a file): DuckDB takes a row with one value too many when that
#: value is empty ("P2,Jo,hn,2020-02-01," would load shifted one column). So a row of the
#: right shape has TRAIL NULL (padded) and its last column not NULL (an empty value is ''); a
#: row with a value too many has TRAIL ''; a row with too few has its last column NULL.
TRAIL = "c_trail"
NO_NULL = "\x01"


#: Files to read with one thread: DuckDB's parallel reader cannot pad rows when a value holds
#: a line break inside quotes. Rare (free text), so a load first reads every file in parallel;
#: a file that needs it raises SerialReadNeeded, and the load starts again with the file here
#: (the error has already ended the load's transaction).
SERIAL: set[str] = set()


class SerialReadNeeded(Exception):
    """A file holds a line break inside quotes: read it again with one thread."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path


def _serial_needed(e: duckdb.Error, path: Path) -> None:
    if "null_padding in conjunction with quoted new lines" in str(e) and str(path) not in SERIAL:
        raise SerialReadNeeded(path) from e


def _shape_sql(layout: _Layout) -> tuple[str, str]:
    """SQL conditions: (too few values in the row, too many)."""
    return f"{layout.file_names[-1]} IS NULL", f"{TRAIL} IS NOT NULL"


def _read_csv(path: Path, layout: _Layout, rejects: str | None) -> str:
    """The read_csv() call: every column as text, strict quoting; rejects kept if named."""
    names = [*layout.file_names, TRAIL]
    spec = "{" + ", ".join(f"'{n}': 'VARCHAR'" for n in names) + "}"
    keep = (
        f", store_rejects = true, rejects_table = '{rejects}', rejects_scan = '{rejects}_scan',"
        f" rejects_limit = {MAX_PROBLEMS_PER_FILE}"
        if rejects
        else ""
    )
    return f"""read_csv({literal_path(path)}, columns = {spec}, header = true, auto_detect = false,
        delim = ',', quote = '"', escape = '"', strict_mode = true, null_padding = true,
        nullstr = '{NO_NULL}'{", parallel = false" if str(path) in SERIAL else ""}{keep})"""


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


#: A column is taken to be the wrong layout, not faulty records, when more than this share of
#: its filled values fail their type (at least MOSTLY_WRONG_MIN of them).
MOSTLY_WRONG_SHARE = 0.5
MOSTLY_WRONG_MIN = 5


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


class RecordLines:
    """Maps a record's ordinal row (header = 1) to the file line it starts on.

    The two differ only when the file has blank lines (which the parser skips) or values with
    line breaks inside quotes. Built on the error path only, and only if it is needed.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._starts: list[int] | None = None

    def line(self, row: int) -> int:
        if self._starts is None:
            self._starts = self._scan()
        i = row - 2
        return self._starts[i] if 0 <= i < len(self._starts) else row

    def _scan(self) -> list[int]:
        starts: list[int] = []
        try:
            with self.path.open("r", encoding="utf-8-sig", newline="") as f:
                reader = csv.reader(f)
                next(reader, None)
                last = reader.line_num
                for record in reader:
                    if record:
                        starts.append(last + 1)
                    last = reader.line_num
        except (UnicodeDecodeError, csv.Error, OSError):
            return []
        return starts


def _column_label(column: object, header: list[str], file_names: list[str]) -> str | None:
    if isinstance(column, str) and column in file_names:
        return header[file_names.index(column)]
    return None


def _reject_reason(kind: str, message: str) -> str:
    reasons = {
        "MISSING COLUMNS": "too few values in this row (is the file truncated?)",
        "TOO MANY COLUMNS": "too many values in this row (a comma inside a value not in quotes?)",
        "INVALID ENCODING": "not UTF-8 text; save the file as UTF-8",
        "UNQUOTED VALUE": "a quote is not closed (is the file truncated?)",
        "INVALID UNICODE": "not UTF-8 text; save the file as UTF-8",
    }
    return reasons.get(kind, message.splitlines()[0] if message else kind.lower())


def reader_error_for(
    file: str, reason: str, row: int | None = None, column: str | None = None
) -> ReaderError:
    """A one-problem ReaderError, for readers that find a whole-file problem."""
    problems = ProblemList(file)
    problems.add(row, column, reason)
    return ReaderError(problems.items)


def key_rows(con: duckdb.DuckDBPyConnection, path: Path, key: str) -> dict[str, int]:
    """Each key value's row in a CSV (header = row 1): for naming the row of a record a rule
    across tables held back, after the fast path staged the file without row numbers."""
    problems = ProblemList(str(path))
    layout = _layout(path, [Column(key)], problems)
    source = layout.source_of[key]
    lines = RecordLines(path)
    sql = f"""SELECT NULLIF(trim({source}), ''), row_number() OVER () + 1
              FROM {_read_csv(path, layout, None)}"""
    try:
        rows = con.execute(sql).fetchall()
    except duckdb.Error as e:
        _serial_needed(e, path)
        raise
    return {str(k): lines.line(int(r)) for k, r in rows if k is not None}
