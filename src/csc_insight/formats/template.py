"""The template engine: csc-insight's own CSV templates, each declared once, read and written.

A template is a CSV file an analyst fills for records the SSD extract does not hold (HR, an
early-help module). Its ``Template`` declares each column once: the header people see, the kind
of value, and the canonical fields it fills. Reading (formats/template_read.py) and writing
(``write_template``, below) are both derived from that declaration, so a file csc writes reads
back as the same rows, and a column added to a template is read and written at once.

This module holds the declaration, the value kinds and their checks, recognising a file by its
header, and writing; formats/workforce.py and formats/early_help.py declare the templates.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

import duckdb

from csc_insight.education.figures import NOT_PUBLISHED_TEXT, NOT_PUBLISHED_WORDS
from csc_insight.errors import quoted
from csc_insight.formats.csv_table import date_expr, header_key, read_header
from csc_insight.formats.dates import DAY_FIRST, EARLIEST, ISO, LATEST, date_problem
from csc_insight.store import schema

ValueKind = Literal["text", "date", "fte", "choice", "number", "month", "figure"]

#: Spreadsheets save dates day first, sometimes with a midnight time; systems export ISO.
DATE_FORMATS = (ISO, DAY_FIRST, f"{DAY_FIRST} %H:%M", f"{DAY_FIRST} %H:%M:%S")
#: As messages name them: day first, the spelling people type in a spreadsheet.
DATE_SHOWN = (DAY_FIRST, ISO)

#: FTE above 1 happens (overtime contracts); above 1.5 is a typing error (hours, or a percentage).
FTE_MAX = 1.5
FTE_RULE = "fte-range"
#: A month as people write it: 2024-05, 05/2024, May 2024, May-24, or any date in it (a workbook's
#: date cell, 01/05/2024): read as the month's first day.
MONTH_FORMATS = ("%Y-%m", "%m/%Y", "%b %Y", "%B %Y", "%b-%y", "%b-%Y", "%B-%Y", *DATE_FORMATS)
MONTH_SHOWN = "yyyy-mm, e.g. 2024-05 (also May 2024, 05/2024 or a date in the month)"
#: Failures of these, in most of a column's filled values, mean the wrong file or layout.
TYPE_RULES = frozenset({"value-date", "value-number", "value-code", FTE_RULE})


def words(mapping: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """{code: [words]} -> {normalised word: code}; each code also stands for itself."""
    out: dict[str, str] = {}
    for code, spellings in mapping.items():
        for w in (code, *spellings):
            out[header_key(w)] = code
    return out


YES_NO = words({"Y": ["yes", "true", "1"], "N": ["no", "false", "0"]})
YES_NO_HINT = "not Y or N (Yes/No and 1/0 are accepted too)"


@dataclass(frozen=True)
class TemplateColumn:
    """A column of a template: its name in the reader's SQL, the header an analyst sees, and
    the canonical fields it fills (read) and is written from (the first of them with a value)."""

    name: str
    header: str
    kind: ValueKind = "text"
    required: bool = False  # a value in every row (so the column must be in the file)
    aliases: tuple[str, ...] = ()  # other headers accepted for it
    choices: Mapping[str, str] | None = None  # normalised word -> stored code
    hint: str = ""  # for a choice: what the reason says when the value is not one of them
    fills: tuple[str, ...] = ()
    #: (column, value): written as ``value`` when blank while ``column`` is filled, so a file
    #: csc writes keeps the template's rules (an ended early-help episode needs a closure reason).
    written_blank_as: tuple[str, str] | None = None

    @property
    def headers(self) -> tuple[str, ...]:
        return (self.header, *self.aliases)


def column(
    name: str,
    header: str,
    *fills: str,
    kind: ValueKind = "text",
    required: bool = False,
    aliases: tuple[str, ...] = (),
    choices: Mapping[str, str] | None = None,
    hint: str = "",
    written_blank_as: tuple[str, str] | None = None,
) -> TemplateColumn:
    """A column as a template lists it: ``column("fte", "FTE", "wpost_fte", kind="fte")``."""
    return TemplateColumn(
        name, header, kind, required, aliases, choices, hint, fills, written_blank_as
    )


def yes_no(
    name: str, header: str, *fills: str, required: bool = False, aliases: tuple[str, ...] = ()
) -> TemplateColumn:
    """A Y/N column (Yes/No, True/False and 1/0 accepted, stored as Y or N)."""
    return column(
        name,
        header,
        *fills,
        kind="choice",
        required=required,
        aliases=aliases,
        choices=YES_NO,
        hint=YES_NO_HINT,
    )


@dataclass(frozen=True)
class Rule:
    """A check across a row's values: SQL over the reader's names, true when the row is wrong.

    ``name`` is a column's typed value, ``_t_name`` its text as written (NULL when blank).
    """

    condition: str
    column: str  # header of the column blamed
    reason: str
    rule: str  # the rule id (formats/rules.py, or the reader's RULES)


@dataclass(frozen=True)
class Table:
    """A canonical table a template fills. The first is the template's own; a later one (the
    worker's case-system record, a coded closure) is written back joined to it ``joined_by``
    a column that fills a field of both."""

    name: str
    where: str | None = None  # only rows where this holds (SQL over the reader's names)
    one_per: str | None = None  # several rows may give this key: keep one ...
    prefer: str = "_row DESC"  # ... the first in this order
    joined_by: str | None = None


@dataclass(frozen=True)
class Parent:
    """A row depends on a row of another template in the same load: held back with it."""

    column: str
    kind: str
    parent_column: str


@dataclass(frozen=True)
class Template:
    """One template file: its columns, the tables they fill, and the checks across rows."""

    kind: str
    file_name: str
    columns: tuple[TemplateColumn, ...]
    tables: tuple[Table, ...]
    signature: tuple[str, ...]  # columns whose headers identify the file
    key_id: str  # the id column; it fills each table's key with the row's key
    order: tuple[str, ...]  # columns the writer sorts rows by
    #: Columns deriving a blank id, joined by '-' (a date as yyyymmdd, a month as yyyymm):
    #: (who, date) for most templates.
    key_from: tuple[str, ...] | None = None
    rules: tuple[Rule, ...] = ()
    excludes: tuple[str, ...] = ()  # headers that mean another kind
    same_for: tuple[tuple[str, str], ...] = ()  # (a, b): rows sharing a must share b
    parents: tuple[Parent, ...] = ()

    def __post_init__(self) -> None:
        _validate(self)

    def column(self, name: str) -> TemplateColumn:
        return next(c for c in self.columns if c.name == name)

    def by_header(self, header: str) -> TemplateColumn:
        return next(c for c in self.columns if c.header == header)

    def fields(self, table: str) -> list[tuple[str, TemplateColumn]]:
        """(field, column) for the fields of ``table`` the template fills, in schema order."""
        return [(f, c) for f in schema.table(table).columns for c in self.columns if f in c.fills]

    @property
    def table(self) -> str:
        return self.tables[0].name


def _validate(t: Template) -> None:
    """A declaration that cannot be read or written fails at import, naming what is wrong."""
    names = [c.name for c in t.columns]
    table_of: dict[str, str] = {}
    for tb in t.tables:
        table_of.update(dict.fromkeys(schema.table(tb.name).columns, tb.name))
    wrong = [f"{c.name}: {f}" for c in t.columns for f in c.fills if f not in table_of]
    wrong += [f"{c.name} fills nothing" for c in t.columns if not c.fills]
    used = [*t.signature, t.key_id, *t.order, *(t.key_from or ()), *(p.column for p in t.parents)]
    wrong += [f"no column {n}" for n in used if n not in names]
    for tb in t.tables[1:]:
        link = tb.joined_by
        if link not in names or not {table_of.get(f) for f in t.column(link).fills} >= {
            t.table,
            tb.name,
        }:
            wrong.append(f"{tb.name} is not joined by a column filling both tables")
    if wrong:
        raise ValueError(f"template {t.kind}: " + "; ".join(wrong))


def lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


#: The reason a row fails a check, from the failing column's text as written.
Reason = Callable[[Any], str]


def not_published_sql(txt: str) -> str:
    """True when the text says a figure is not published ("not published", "n/a", a DfE symbol
    such as x or z: education/figures.py's words)."""
    words = ", ".join(lit(w) for w in sorted(NOT_PUBLISHED_WORDS))
    return f"lower(trim({txt})) IN ({words})"


def typed_sql(col: TemplateColumn, txt: str) -> str:
    if col.kind == "figure":
        # A published figure as people copy it (85.7%, 4,052): the number; "not published"
        # (or a DfE symbol): NULL, which the value check below tells from a typing error.
        return (
            f"CASE WHEN {not_published_sql(txt)} THEN NULL "
            f"ELSE try_cast(regexp_replace({txt}, '[%,£\\s]', '', 'g') AS DOUBLE) END"
        )
    if col.kind == "date":
        return date_expr(txt, DATE_FORMATS)
    if col.kind in ("fte", "number"):
        return f"try_cast({txt} AS DOUBLE)"
    if col.kind == "month":
        return f"CAST(date_trunc('month', {date_expr(txt, MONTH_FORMATS)}) AS DATE)"
    if col.kind == "choice":
        assert col.choices is not None
        whens = " ".join(f"WHEN {lit(k)} THEN {lit(v)}" for k, v in col.choices.items())
        # Matched as header_key matches headers: blind to case, spaces and punctuation.
        return f"CASE regexp_replace(lower({txt}), '[^0-9a-z]+', '', 'g') {whens} END"
    return txt


def value_checks(col: TemplateColumn) -> list[tuple[str, str, Reason]]:
    """(condition, rule, reason) for one column's values."""
    t, v, hint = f"_t_{col.name}", col.name, col.hint
    checks: list[tuple[str, str, Reason]] = []
    if col.required:
        checks.append((f"{t} IS NULL", "value-missing", lambda _: "value missing"))
    if col.kind == "date":
        # Unparseable and out of range in one check: the reason tells them apart.
        checks.append(
            (
                f"{t} IS NOT NULL AND ({v} IS NULL OR "
                f"{v} NOT BETWEEN DATE '{EARLIEST}' AND DATE '{LATEST}')",
                "value-date",
                lambda text: date_problem(str(text), DATE_SHOWN),
            )
        )
    elif col.kind == "fte":
        checks.append(
            (
                f"{t} IS NOT NULL AND {v} IS NULL",
                "value-number",
                lambda x: f"{quoted(x)} is not a number",
            )
        )
        checks.append(
            (
                f"NOT ({v} BETWEEN 0 AND {FTE_MAX})",
                FTE_RULE,
                lambda x: (
                    f"{quoted(x)} is not a valid FTE: it must be between 0 and {FTE_MAX} "
                    "(1 = full time)"
                ),
            )
        )
    elif col.kind == "number":
        checks.append(
            (
                f"{t} IS NOT NULL AND {v} IS NULL",
                "value-number",
                lambda x: f"{quoted(x)} is not a number",
            )
        )
    elif col.kind == "figure":
        checks.append(
            (
                f"{t} IS NOT NULL AND {v} IS NULL AND NOT {not_published_sql(t)}",
                "value-number",
                lambda x: f"{quoted(x)} is not a number, nor '{NOT_PUBLISHED_TEXT}'",
            )
        )
    elif col.kind == "month":
        checks.append(
            (
                f"{t} IS NOT NULL AND ({v} IS NULL OR "
                f"{v} NOT BETWEEN DATE '{EARLIEST}' AND DATE '{LATEST}')",
                "value-date",
                lambda x: f"{quoted(x)} is not a month (expected {MONTH_SHOWN})",
            )
        )
    elif col.kind == "choice":
        checks.append(
            (f"{t} IS NOT NULL AND {v} IS NULL", "value-code", lambda x: f"{quoted(x)} is {hint}")
        )
    return checks


def key_part(col: TemplateColumn) -> str:
    """SQL for one column's part of a derived id: a date as yyyymmdd, a month as yyyymm, a
    choice as its stored code, other values as written."""
    if col.kind == "date":
        return f"strftime({col.name}, '%Y%m%d')"
    if col.kind == "month":
        return f"strftime({col.name}, '%Y%m')"
    if col.kind == "choice":
        return col.name
    return f"_t_{col.name}"


def _present(col: TemplateColumn, keys: set[str]) -> str | None:
    """The header under which the file carries the column, or None."""
    return next((h for h in col.headers if header_key(h) in keys), None)


def source_headers(path: Path, t: Template) -> dict[str, str]:
    """Per column, the header the file gives it (its template header when it is absent)."""
    keys = {header_key(h) for h in read_header(path) or []}
    return {c.name: _present(c, keys) or c.header for c in t.columns}


def recognise_template(path: Path, templates: Sequence[Template]) -> str | None:
    """The kind a CSV file holds, by its header, or None.

    The first kind (in order) whose signature columns are all there, with at least half of its
    required columns; failing that, the kind with most of its columns there (two thirds or more),
    so that a file with one key column misspelt is still read and the reader names the column.
    A file whose first line cannot be read (empty, or not UTF-8) is claimed by its name when that
    is the template's (``workforce_staff.csv``), so the reader can say what is wrong.
    """
    if path.suffix.lower() != ".csv":
        return None
    header = read_header(path)
    if not header:
        stem = header_key(path.stem)
        named = [t for t in templates if t.file_name and header_key(Path(t.file_name).stem) in stem]
        return max(named, key=lambda t: len(t.file_name)).kind if named else None
    keys = {header_key(h) for h in header}
    candidates = [t for t in templates if not any(header_key(h) in keys for h in t.excludes)]
    for t in candidates:
        required = [c for c in t.columns if c.required]
        if all(_present(t.column(n), keys) for n in t.signature) and sum(
            _present(c, keys) is not None for c in required
        ) * 2 >= len(required):
            return t.kind
    best: tuple[float, str] | None = None
    for t in candidates:
        hits = sum(_present(c, keys) is not None for c in t.columns)
        share = hits / len(t.columns)
        if hits >= 3 and share * 3 >= 2 and (best is None or share > best[0]):
            best = (share, t.kind)
    return best[1] if best else None


# -- writing ----------------------------------------------------------------------------------


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)  # shortest text that reads back as the same number
    return str(value)


def write_sql(t: Template) -> str:
    """The query giving a template's rows from the canonical tables, one column per header:
    each column from the fields it fills (the first with a value), the later tables joined."""
    alias = {tb.name: f"t{i}" for i, tb in enumerate(t.tables)}

    def field_in(col: TemplateColumn, table: str) -> str:
        return next(f for f in col.fills if f in schema.table(table).columns)

    def qualified(f: str) -> str:
        return next(f"{a}.{f}" for tb, a in alias.items() if f in schema.table(tb).columns)

    source = f"{t.table} t0"
    for tb in t.tables[1:]:
        assert tb.joined_by is not None  # _validate made sure
        link = t.column(tb.joined_by)
        source += (
            f" LEFT JOIN {tb.name} {alias[tb.name]} ON {alias[tb.name]}.{field_in(link, tb.name)}"
            f" = t0.{field_in(link, t.table)}"
        )
    exprs: dict[str, str] = {}
    for c in t.columns:
        fields = [qualified(f) for f in c.fills]
        exprs[c.name] = fields[0] if len(fields) == 1 else f"coalesce({', '.join(fields)})"
    for c in t.columns:
        if c.written_blank_as is not None:
            other, value = c.written_blank_as
            # as text, so that a number's column can be written with words when blank
            e = f"CAST({exprs[c.name]} AS VARCHAR)"
            exprs[c.name] = (
                f"CASE WHEN {e} IS NULL AND {exprs[other]} IS NOT NULL THEN {lit(value)} ELSE {e} END"
            )
    select = ", ".join(exprs[c.name] for c in t.columns)
    order = ", ".join(exprs[n] for n in t.order)
    return f"SELECT {select} FROM {source} ORDER BY {order}"


def write_template(con: duckdb.DuckDBPyConnection, out_dir: Path, t: Template) -> Path | None:
    """Write ``t``'s file (named ``t.file_name``) in ``out_dir``; None if there are no rows."""
    rows = con.execute(write_sql(t)).fetchall()
    if not rows:
        return None
    path = Path(out_dir) / t.file_name
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow([c.header for c in t.columns])
        out.writerows([_cell(v) for v in row] for row in rows)
    return path
