"""SSDA903, the children looked after return: its CSV tables and its XML layout, read and written.

The jobs are split by module: ssda903_tables (the tables and recognising a CSV file),
ssda903_xml (the XML layout), ssda903_read (reading either into temporary tables, holding
faulty records back), ssda903_years (each file's collection year), ssda903_codes (code lists
by year), ssda903_checks and ssda903_rules (the checks that need the year, the DfE validation
rules, and what depends on a held record), ssda903_derive (canonical rows in SQL) and
ssda903_write (the CSV writer). Mapping and decisions: docs/formats/ssda903.md.

A faulty record is held back (Staged.held, with its rule) and the return loads without it; a
file that cannot be read as a 903 table, a folder whose files imply different years, or a column
that mostly fails is refused (ReaderError).
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from csc_insight.errors import Problem, Refusals
from csc_insight.formats.base import LoadOptions, Mode, SourceFile, Staged
from csc_insight.formats.ssda903_checks import check_codes, hold_dependants
from csc_insight.formats.ssda903_derive import (
    CARE_LEAVERS_SQL,
    MISSING_SQL,
    PERSON_SQL,
    SW_SQL,
    UASC_SQL,
    stage_episodes,
    stage_reviews,
    stage_sql,
    stitch,
)
from csc_insight.formats.ssda903_read import Reading, read_csv, read_records
from csc_insight.formats.ssda903_rules import RULES as _RULES
from csc_insight.formats.ssda903_rules import check_rules
from csc_insight.formats.ssda903_tables import TABLES, Table, recognise_csv
from csc_insight.formats.ssda903_write import WRITTEN, covered_years, write
from csc_insight.formats.ssda903_xml import KIND as XML_KIND
from csc_insight.formats.ssda903_xml import read_xml, recognise_xml, write_xml
from csc_insight.formats.ssda903_years import (
    Read,
    assign_years,
    collection_year,
    year_from_name,
)

FORMAT = "ssda903"
MODE: Mode = "merge"
RULES: dict[str, str] = dict(_RULES)

__all__ = [
    "FORMAT",
    "MODE",
    "RULES",
    "TABLES",
    "WRITTEN",
    "collection_year",
    "covered_years",
    "recognise",
    "stage",
    "write",
    "write_xml",
    "year_from_name",
]


def recognise(path: Path) -> str | None:
    """The 903 table a CSV file holds (by its columns), or ``xml`` for a return in the XML
    layout."""
    return recognise_xml(path) if path.suffix.lower() == ".xml" else recognise_csv(path)


def stage(
    con: duckdb.DuckDBPyConnection,
    files: list[SourceFile],
    options: LoadOptions = LoadOptions(),  # noqa: B008 - frozen, so one shared default is safe
) -> Staged:
    staged = Staged()
    reading = Reading()
    refusals = Refusals()
    reads: list[Read] = []
    con.execute("DROP TABLE IF EXISTS _s903_held_eps")
    for i, f in enumerate(sorted(files, key=lambda s: str(s.path))):
        staged.rows[f.path] = 0
        with refusals.of_file():
            try:
                for table, records in _tables_of(f):
                    temp = f"_s903_file{i}_{table.name}"
                    if records is None:
                        r, n = read_csv(con, f, table, temp, i, reading)
                    else:
                        r, n = read_records(con, f, table, records, temp, i, reading)
                    staged.rows[f.path] += n
                    reads.append(r)
            except (duckdb.Error, ValueError, OSError) as e:
                refusals.add(
                    Problem(str(f.path), None, None, f"could not be read: {_first_line(e)}")
                )
    for p in assign_years(con, reads, options):
        refusals.add(p)
    refusals.raise_if_any()
    check_codes(con, reads, reading)
    check_rules(con, reads, reading)
    hold_dependants(con, reads, reading)
    staged.held, staged.notes = reading.held, reading.notes
    staged.scopes = _scopes(files, reads, options)
    _derive(con, staged, reads)
    return staged


def _tables_of(f: SourceFile) -> list[tuple[Table, list[tuple[int, dict[str, str]]] | None]]:
    """The tables a file holds: one CSV table (records None: read from the file), or those of
    an XML return (with their records)."""
    if f.kind == XML_KIND:
        found = read_xml(f.path)
        return [(TABLES[name], records) for name, records in found.items()]
    table = TABLES.get(f.kind)
    return [(table, None)] if table is not None and table.read else []


def _first_line(e: BaseException) -> str:
    text = str(e).strip()
    return text.splitlines()[0] if text else type(e).__name__


def _scopes(files: list[SourceFile], reads: list[Read], options: LoadOptions) -> dict[Path, str]:
    """``ssda903:<kind>:<year>`` per file, so that loading a corrected return of the same year
    supersedes the problems of the old one."""
    year_of: dict[Path, int | None] = {}
    unit_year: dict[Path, int] = {}
    for r in reads:
        year_of.setdefault(r.file.path, r.year)
        if r.year is not None:
            unit_year.setdefault(r.unit, r.year)
    scopes = {}
    for f in files:
        year = options.year or year_of.get(f.path)
        if year is None:
            year = year_from_name(f.path.stem) or year_from_name(f.path.parent.name)
            year = year or unit_year.get(f.path.parent)
        scopes[f.path] = f"{FORMAT}:{f.kind}:{year}" if year else f"{FORMAT}:{f.kind}"
    return scopes


def _derive(con: duckdb.DuckDBPyConnection, staged: Staged, reads: list[Read]) -> None:
    by_table: dict[str, list[Read]] = {}
    for r in reads:
        by_table.setdefault(r.table.name, []).append(r)
    stitched = {name: stitch(con, name, rs) for name, rs in by_table.items()}
    for r in reads:
        con.execute(f"DROP TABLE IF EXISTS {r.temp}")
    simple = {
        "Header": ("ssd_person", PERSON_SQL),
        "UASC": ("ssd_immigration_status", UASC_SQL),
        "Missing": ("ssd_missing", MISSING_SQL),
        "OC3": ("ssd_care_leavers", CARE_LEAVERS_SQL),
        "SWEpisodes": ("ssd_involvements", SW_SQL),
    }
    for name, (canonical, sql) in simple.items():
        if name in stitched:
            stage_sql(con, staged, canonical, sql.format(t=stitched[name]))
    if "Episodes" in stitched:
        stage_episodes(con, staged, stitched["Episodes"])
    if "Reviews" in stitched:
        stage_reviews(con, staged, stitched["Reviews"], "Episodes" in stitched)
    for temp in stitched.values():
        con.execute(f"DROP TABLE IF EXISTS {temp}")
    con.execute("DROP TABLE IF EXISTS _s903_chain")
