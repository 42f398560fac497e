"""Standard Safeguarding Dataset extract: a folder of CSV files named after the SSD tables.

Field names and meanings follow SSD v1.4.5. The same reader takes csc-insight's extension tables
(``ext_*.csv``), so a council can add what the SSD lacks beside its extract. An extract is a full
snapshot: each table file replaces that table in the store (MODE = "replace").
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from csc_insight.errors import LoadError, Refusals
from csc_insight.formats.base import LoadOptions, Mode, SourceFile, Staged, column_for
from csc_insight.formats.csv_table import RecordProblems, header_key, read_header, stage_csv_fast
from csc_insight.formats.dates import DAY_FIRST, ISO
from csc_insight.store import schema

FORMAT = "ssd"
MODE: Mode = "replace"


def recognise(path: Path) -> str | None:
    if path.suffix.lower() != ".csv":
        return None
    tables = schema.tables()
    if path.stem.lower() in tables:
        return path.stem.lower()
    header = read_header(path)
    if not header:
        return None
    keys = {header_key(h) for h in header}
    for t in tables.values():
        if all(header_key(k) in keys for k in t.key) and sum(
            header_key(c) in keys for c in t.columns
        ) * 2 > len(t.columns):
            return t.name
    return None


def stage(
    con: duckdb.DuckDBPyConnection,
    files: list[SourceFile],
    options: LoadOptions = LoadOptions(),  # noqa: B008 - frozen, so one shared default is safe
) -> Staged:
    staged = Staged()
    seen: dict[str, Path] = {}
    refusals = Refusals()
    for f in files:
        if f.kind in seen:
            raise LoadError(f"{f.path}: a second file for {f.kind} (the first is {seen[f.kind]})")
        seen[f.kind] = f.path
        t = schema.table(f.kind)
        # A persistent staging table with the canonical columns: the loader swaps it in for
        # the table it replaces, so a big extract is written to the store once.
        temp = f"_stage_{t.name}"
        held = RecordProblems(t.name)
        with refusals.of_file():  # go on: every file's problems are reported together
            staged.rows[f.path] = stage_csv_fast(
                con,
                f.path,
                [column_for(fld) for fld in t.fields],
                temp,
                key=t.key,
                date_formats=(ISO, DAY_FIRST),
                label=str(f.path),
                ddl=t.ddl().replace(
                    f"CREATE TABLE IF NOT EXISTS {t.name}", f"CREATE TABLE {temp}", 1
                ),
                held=held,
            )
            staged.add(t.name, temp)
            staged.held += held.held
            staged.notes += held.notes
    refusals.raise_if_any()
    return staged


def write(con: duckdb.DuckDBPyConnection, out_dir: Path) -> list[Path]:
    from csc_insight.formats import ssd_writer

    return ssd_writer.write(con, out_dir)
