"""Reading a template file: parsed, typed, checked, keyed, staged (formats/template.py declares
the templates this reads).

The CSV is parsed by csv_table.stage_csv with every value as text (a row of the wrong shape
refuses the file; a value too long is held back there). The values are then typed and checked
in SQL over the whole file, so a file's problems of every kind are found together:

- a problem with the file (a required column missing, no records, a column whose filled values
  mostly fail their type or list) refuses it: ReaderError, the load is refused;
- a row copied exactly is loaded once and noted (``row-duplicate``);
- a row with a bad value, failing a rule across its values, or sharing its key with a row that
  differs (``key-conflict``: neither is loaded) is held back, with its rule id;
- a row whose parent (its post, its team, in another file of the same load) is held back is
  held back too (``depends``).
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from functools import partial
from itertools import groupby
from pathlib import Path
from typing import Any, TypeVar

import duckdb

from csc_insight.errors import Problem, ProblemList, Refusals, quoted
from csc_insight.formats.base import SourceFile, Staged
from csc_insight.formats.csv_table import (
    MOSTLY_WRONG_MIN,
    MOSTLY_WRONG_SHARE,
    Column,
    RecordLines,
    RecordProblems,
    reader_error_for,
    stage_csv,
)
from csc_insight.formats.template import (
    TYPE_RULES,
    Parent,
    Reason,
    Template,
    TemplateColumn,
    key_part,
    source_headers,
    typed_sql,
    value_checks,
)
from csc_insight.formats.template_xlsx import find_sheet, sheet_names, sheet_to_csv
from csc_insight.store.sql import scalar


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _fixed(reason: str) -> Reason:
    return lambda _text: reason


class _FileReader:
    """One template file: parsed, typed and checked (``read``), then staged (``stage``)."""

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        path: Path,
        t: Template,
        tag: str,
        read_from: tuple[Path, str] | None = None,
    ):
        self.con, self.path, self.t, self.tag = con, path, t, tag
        # A workbook's sheet is read from a CSV copy (formats/template_xlsx.py), named as the sheet.
        self.source_path, self.label = read_from or (path, str(path))
        self.raw, self.typed = f"_tpl_raw_{tag}", f"_tpl_typed_{tag}"
        self.records = RecordProblems(t.table)  # what stage_csv holds back, and the notes
        self.lines = RecordLines(self.source_path)
        self.found: list[tuple[int, int, Problem]] = []  # (record row, column order, problem)
        self.held_rows: set[int] = set()

    def read(self) -> None:
        self.source = source_headers(self.source_path, self.t)
        columns = [
            Column(self.source[c.name], optional_column=not c.required) for c in self.t.columns
        ]
        # Every value is read as text (too-long ones held back there); typing and checks follow
        # in SQL, so a file's problems of every kind are found together.
        stage_csv(
            self.con, self.source_path, columns, self.raw, label=self.label, held=self.records
        )
        if self._type() == 0 and not self.records.held:
            raise reader_error_for(
                self.label, "no records below the header (is this the blank template?)", 2
            )
        self._collapse_duplicates()
        self._check_values()
        self._refuse_if_mostly_wrong()
        self._check_keys()
        for a, b in self.t.same_for:
            self._check_same(a, b)
        self._mark_held()

    def _type(self) -> int:
        cols = self.t.columns
        texts = ", ".join(f"{_quote(self.source[c.name])} AS _t_{c.name}" for c in cols)
        typed = ", ".join(typed_sql(c, f"_t_{c.name}") + f" AS {c.name}" for c in cols)
        nonblank = " OR ".join(f"_t_{c.name} IS NOT NULL" for c in cols)
        self.con.execute(
            f"""CREATE OR REPLACE TEMP TABLE {self.typed} AS
                SELECT *, {self._key_sql()} AS _key, false AS _held FROM (
                    SELECT _row, {", ".join(f"_t_{c.name}" for c in cols)}, {typed}
                    FROM (SELECT _row, {texts} FROM {self.raw}) WHERE {nonblank})"""
        )
        self.con.execute(f"DROP TABLE {self.raw}")
        return int(scalar(self.con, f"SELECT count(*) FROM {self.typed}"))

    def _key_sql(self) -> str:
        given = f"_t_{self.t.key_id}"
        if self.t.key_from is None:
            return given
        parts = " || '-' || ".join(key_part(self.t.column(n)) for n in self.t.key_from)
        return f"coalesce({given}, {parts})"

    def _hold(self, row: int, col: TemplateColumn, reason: str, rule: str, value: Any) -> None:
        text = None if value is None else str(value)
        p = Problem(
            self.label,
            self.lines.line(row),
            self.source[col.name],
            reason,
            rule,
            text,
            self.t.table,
        )
        self.found.append((row, self.t.columns.index(col), p))
        self.held_rows.add(row)

    def _collapse_duplicates(self) -> None:
        """A row copied exactly is loaded once, and noted: a spreadsheet pasted twice."""
        every = ", ".join(f"_t_{c.name}" for c in self.t.columns)
        dups = self.con.execute(
            f"""SELECT _row, first_row FROM (
                    SELECT _row, min(_row) OVER (PARTITION BY {every}) AS first_row FROM {self.typed})
                WHERE _row <> first_row ORDER BY _row"""
        ).fetchall()
        for row, first in dups:
            self.records.note(
                Problem(
                    self.label,
                    self.lines.line(int(row)),
                    None,
                    f"the same record as row {self.lines.line(int(first))}: loaded once",
                    "row-duplicate",
                )
            )
        if dups:
            rows = [int(r) for r, _ in dups]
            self.con.execute(f"DELETE FROM {self.typed} WHERE list_contains(?, _row)", [rows])

    def _check_values(self) -> None:
        checks: list[tuple[str, str, Reason, TemplateColumn]] = [
            (cond, rule, reason, c)
            for c in self.t.columns
            for cond, rule, reason in value_checks(c)
        ]
        checks += [
            (r.condition, r.rule, _fixed(r.reason), self.t.by_header(r.column))
            for r in self.t.rules
        ]
        flags = ", ".join(f"CASE WHEN {c[0]} THEN {i} END" for i, c in enumerate(checks))
        where = " OR ".join(f"({c[0]})" for c in checks)
        names = [c.name for c in self.t.columns]
        failing = self.con.execute(
            f"""SELECT _row, list_filter([{flags}], lambda x: x IS NOT NULL),
                    {", ".join(f"_t_{n}" for n in names)}
                FROM {self.typed} WHERE {where} ORDER BY _row"""
        ).fetchall()
        for row, hits, *values in failing:
            text = dict(zip(names, values, strict=True))
            for i in hits:
                _, rule, reason, col = checks[i]
                self._hold(int(row), col, reason(text[col.name]), rule, text[col.name])

    def _refuse_if_mostly_wrong(self) -> None:
        """A column whose values mostly fail their type or list is the wrong file or layout
        (US dates, hours as FTE), not faulty rows: the file is refused, as csv_table does."""
        failing: dict[int, list[Problem]] = {}
        for _, order, p in self.found:
            if p.rule in TYPE_RULES:
                failing.setdefault(order, []).append(p)
        problems = ProblemList(self.label)
        for order, ps in failing.items():
            col = self.t.columns[order]
            filled = int(scalar(self.con, f"SELECT count(_t_{col.name}) FROM {self.typed}"))
            if len(ps) >= MOSTLY_WRONG_MIN and len(ps) > MOSTLY_WRONG_SHARE * filled:
                examples = "; ".join(f"row {p.row}: {p.reason}" for p in ps[:3])
                problems.add(
                    None,
                    self.source[col.name],
                    f"{len(ps):,} of its {filled:,} values are wrong ({examples}): is this the "
                    "right file, in the right layout?",
                )
        problems.raise_if_any()

    def _check_keys(self) -> None:
        """Rows sharing a key but not their values: neither is loaded, as there is no telling
        which is right (exact copies were collapsed before)."""
        id_col = self.t.column(self.t.key_id)
        rows = self.con.execute(
            f"""SELECT _key, _row, _t_{id_col.name} FROM {self.typed} WHERE _key IN (
                    SELECT _key FROM {self.typed} GROUP BY _key HAVING count(*) > 1)
                ORDER BY _key, _row"""
        ).fetchall()
        for _, group in groupby(rows, key=lambda r: r[0]):
            same = [(int(row), given) for _, row, given in group]
            for i, (row, given) in enumerate(same):
                other = self.lines.line(same[1 if i == 0 else 0][0])
                if given is not None or self.t.key_from is None:
                    reason = f"duplicate {id_col.header}: same as row {other} with different values"
                else:
                    *first, last = (self.t.column(n).header for n in self.t.key_from)
                    reason = (
                        f"same {', '.join(first)} and {last} as row {other}, and no "
                        f"{id_col.header} to tell them apart"
                    )
                self._hold(row, id_col, reason + "; neither is loaded", "key-conflict", given)

    def _check_same(self, a: str, b: str) -> None:
        """Rows sharing ``a`` must share ``b`` (a case-system worker is one member of staff)."""
        ca, cb = self.t.column(a), self.t.column(b)
        rows = self.con.execute(
            f"""SELECT {a}, _row, {b} FROM {self.typed} WHERE {b} IS NOT NULL AND {a} IN (
                    SELECT {a} FROM {self.typed} GROUP BY {a} HAVING count(DISTINCT {b}) > 1)
                ORDER BY {a}, _row"""
        ).fetchall()
        for value, group in groupby(rows, key=lambda r: r[0]):
            clash = list(group)
            for _, row, b_value in clash:
                _, other_row, other_b = next(g for g in clash if g[2] != b_value)
                self._hold(
                    int(row),
                    ca,
                    f"this {ca.header} is given to {cb.header} {quoted(other_b)} in row "
                    f"{self.lines.line(int(other_row))}; neither is loaded",
                    "key-conflict",
                    value,
                )

    def _mark_held(self) -> None:
        if self.held_rows:
            rows = sorted(self.held_rows)
            self.con.execute(
                f"UPDATE {self.typed} SET _held = true WHERE list_contains(?, _row)", [rows]
            )

    def values(self, column: str, *, held: bool) -> list[tuple[Any, int]]:
        """(value, its first row) of a column, in the rows held back or in those kept."""
        return self.con.execute(
            f"""SELECT {column}, min(_row) FROM {self.typed}
                WHERE {"" if held else "NOT "}_held AND {column} IS NOT NULL GROUP BY ALL"""
        ).fetchall()

    def hold_dependants(self, p: Parent, held: Mapping[Any, str]) -> None:
        """Hold back the rows whose ``p.column`` is a parent held back (``held``: where)."""
        col = self.t.column(p.column)
        rows = self.con.execute(
            f"""SELECT _row, {col.name} FROM {self.typed}
                WHERE NOT _held AND list_contains(?, {col.name}) ORDER BY _row""",
            [list(held)],
        ).fetchall()
        for row, value in rows:
            reason = (
                f"{col.header} {quoted(value)} is held back ({held[value]}): this row depends on it"
            )
            self._hold(int(row), col, reason, "depends", value)
        self._mark_held()

    def held(self) -> list[Problem]:
        """The problems of the rows held back, by row and column, each with the row's key."""
        keys = dict(self.con.execute(f"SELECT _row, _key FROM {self.typed} WHERE _held").fetchall())
        mine = [
            replace(p, key=keys.get(row)) for row, _, p in sorted(self.found, key=lambda x: x[:2])
        ]
        return sorted([*self.records.held, *mine], key=lambda p: p.row or 0)

    def stage(self, staged: Staged) -> int:
        for i, tb in enumerate(self.t.tables):
            select = ", ".join(
                f"{'_key' if c.name == self.t.key_id else c.name} AS {f}"
                for f, c in self.t.fields(tb.name)
            )
            where = "WHERE NOT _held" + (f" AND ({tb.where})" if tb.where else "")
            body = f"SELECT {select} FROM {self.typed} {where}"
            if tb.one_per is not None:
                body = f"""SELECT * EXCLUDE (_pick) FROM (
                    SELECT {select}, row_number() OVER (PARTITION BY {tb.one_per} ORDER BY {tb.prefer}) AS _pick
                    FROM {self.typed} {where}) WHERE _pick = 1"""
            temp = f"stage_{self.tag}_{i}"
            self.con.execute(f"CREATE OR REPLACE TEMP TABLE {temp} AS {body}")
            staged.add(tb.name, temp)
        return int(scalar(self.con, f"SELECT count(*) FROM {self.typed} WHERE NOT _held"))

    def drop(self) -> None:
        # Fails only when a file DuckDB could not parse aborted the transaction; it rolls back.
        with contextlib.suppress(duckdb.Error):
            self.con.execute(f"DROP TABLE IF EXISTS {self.raw}; DROP TABLE IF EXISTS {self.typed}")


def _depth(kind: str, templates: Mapping[str, Template]) -> int:
    """How many generations of parents a kind has (teams 0, posts 1, staff 2, ...)."""
    t = templates.get(kind)
    return max((1 + _depth(p.kind, templates) for p in t.parents), default=0) if t else 0


def _cascade(readers: Sequence[_FileReader], templates: Mapping[str, Template]) -> None:
    """Hold back the rows whose parent (a post, a team) is held back in this load and not
    given by another of its files, parents first so a team's hold reaches its staff."""
    by_kind: dict[str, list[_FileReader]] = {}
    for r in readers:
        by_kind.setdefault(r.t.kind, []).append(r)
    for r in sorted(readers, key=lambda r: _depth(r.t.kind, templates)):
        for p in r.t.parents:
            parents = by_kind.get(p.kind, [])
            kept = {v for pr in parents for v, _ in pr.values(p.parent_column, held=False)}
            held: dict[Any, str] = {}
            for pr in parents:
                for v, row in pr.values(p.parent_column, held=True):
                    if v not in kept:
                        held.setdefault(v, f"{Path(pr.label).name}, row {pr.lines.line(int(row))}")
            if held:
                r.hold_dependants(p, held)


T = TypeVar("T")


def _safely(label: str, step: Callable[[], T]) -> T:
    """A safety net: no input should make DuckDB fail here, but none may escape as anything else."""
    try:
        return step()
    except duckdb.Error as e:
        reason = f"could not be read: {str(e).splitlines()[0] if str(e) else type(e).__name__}"
        raise reader_error_for(label, reason) from e


def _usable(con: duckdb.DuckDBPyConnection) -> bool:
    try:
        con.execute("SELECT 1").fetchall()
        return True
    except duckdb.Error:
        return False


def stage_templates(
    con: duckdb.DuckDBPyConnection,
    files: list[SourceFile],
    templates: Mapping[str, Template],
    fmt: str,
    read_from: Mapping[Path, tuple[Path, str]] | None = None,
) -> Staged:
    """Stage each file in order (a later file updates what an earlier one gave, by key).

    Every file is read even when an earlier one is refused, so one run reports them all; the
    rows held back are in ``held``, and each file's problems are scoped ``<format>:<kind>``.
    ``read_from``: for a file read through a CSV copy (a workbook's sheet), the copy and the
    label its problems name.
    """
    staged = Staged()
    readers: list[_FileReader] = []
    refusals = Refusals()
    try:
        for i, f in enumerate(files):
            with refusals.of_file():
                t = templates.get(f.kind)
                if t is None:
                    raise reader_error_for(str(f.path), f"not a {fmt} template kind: {f.kind}")
                copy = (read_from or {}).get(f.path)
                readers.append(_FileReader(con, f.path, t, f"{fmt}_{t.kind}_{i}", copy))
                _safely(str(f.path), readers[-1].read)
            if refusals and not _usable(con):
                break  # a parse error aborted the load's transaction: report what we have
        refusals.raise_if_any()
        _safely(str(files[0].path) if files else "", lambda: _cascade(readers, templates))
        for r in readers:
            staged.rows[r.path] = _safely(r.label, partial(r.stage, staged))
            staged.scopes[r.path] = f"{fmt}:{r.t.kind}"
            staged.held += r.held()
            staged.notes += r.records.notes
    finally:
        for r in readers:
            r.drop()
    return staged


def stage_sheets(
    con: duckdb.DuckDBPyConnection,
    files: list[SourceFile],
    templates: Mapping[str, Template],
    fmt: str,
    sheets: Sequence[str],
) -> Staged:
    """stage_templates for files that may be workbooks: a workbook is read through a CSV copy of
    its sheet named one of ``sheets`` (the first when none is found, whose absence the reader
    then names), a CSV file as it is."""
    with tempfile.TemporaryDirectory(prefix=f"csc-{fmt}-") as tmp:
        copies: dict[Path, tuple[Path, str]] = {}
        for i, f in enumerate(files):
            if f.path.suffix.lower() == ".xlsx":
                sheet = find_sheet(sheet_names(f.path) or [], sheets) or sheets[0]
                out = Path(tmp) / f"sheet_{i}.csv"
                copies[f.path] = (out, sheet_to_csv(f.path, sheet, out))
        return stage_templates(con, files, templates, fmt, copies)
