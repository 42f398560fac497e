"""Which collection year each SSDA903 file belongs to.

A return's year is named by the year it ends (2021 is 2020-21, 1 April 2020 to 31 March 2021).
Each file's year comes from, in order:

1. ``LoadOptions.year``, when the person loading gives it: it overrides everything;
2. a year in the file's name or its folder's name (``2021``, ``2020-21``, ``202021``);
3. the return's own dates: the Episodes of its folder (or of its XML file), else the file's
   own. A return's dates say its year through the records that always fall within it: the
   episodes' ending dates (DEC), the reviews, the starts of missing episodes, the ends of
   social-worker episodes. The year that holds most of them is the return's year, so one date
   typed wrong (a review in 2030) does not move the return: that record is held back instead.
   Dates after the day of the load never count.

Files of one folder without a year in their names must agree: a folder whose files imply
different years is refused, naming each file and its year. The year is never taken from the
latest date found anywhere in a folder.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from csc_insight import financial_year
from csc_insight.errors import Problem
from csc_insight.formats.base import LoadOptions, SourceFile
from csc_insight.formats.ssda903_codes import year_label
from csc_insight.formats.ssda903_tables import Table

_YEAR_PAIR = re.compile(r"(?<!\d)(20\d\d)[-_ .]?(\d\d)(?!\d)")
_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


def year_from_name(name: str) -> int | None:
    """The year a return ends, from a name: 2021, 2020-21, 2020_21, 202021 and 2020-2021 all
    give 2021."""
    for m in _YEAR_PAIR.finditer(name):
        first, second = int(m[1]), int(m[2])
        if (first + 1) % 100 == second:
            return first + 1
    years = [int(m[1]) for m in _YEAR.finditer(name)]
    return max(years) if years else None


#: The collection year holding a date, named by the year it ends (csc_insight.financial_year).
collection_year = financial_year.collection_year


def year_end_sql(year: int) -> str:
    return f"DATE '{year}-03-31'"


@dataclass
class Read:
    """One table of one return as read into a temporary table (``_row``: its row in the
    file as the reader counts them; ``line``: that row as a person finds it)."""

    file: SourceFile
    table: Table
    temp: str
    order: int
    line: Callable[[int], int]
    unit: Path  # the return it belongs to: its folder (CSV files) or the XML file itself
    year: int | None = None
    held_rows: set[int] = field(default_factory=set)


def assign_years(
    con: duckdb.DuckDBPyConnection, reads: list[Read], options: LoadOptions
) -> list[Problem]:
    """Set each read's year; the problems that refuse the load (a folder whose files imply
    different years, an OC3 file whose year cannot be told, two files of one table and year)."""
    problems: list[Problem] = []
    named: dict[int, int] = {}
    implied: dict[int, int] = {}
    for i, r in enumerate(reads):
        path = r.file.path
        year = year_from_name(path.stem) or year_from_name(path.parent.name)
        if year is not None:
            named[i] = year
        elif r.table.dated and (found := _implied_year(con, r)) is not None:
            implied[i] = found
    if options.year is not None:
        for r in reads:
            r.year = options.year
    else:
        problems += _disagreements(reads, named, implied)
        unit_year: dict[Path, int] = {}
        for i, r in enumerate(reads):  # the Episodes set their return's year
            if i in implied and r.table.name == "Episodes":
                unit_year[r.unit] = implied[i]
        for i, r in enumerate(reads):
            if i not in named and i in implied:
                unit_year.setdefault(r.unit, implied[i])
        for i, r in enumerate(reads):
            r.year = named.get(i) or unit_year.get(r.unit)
    return problems + _unknown_or_twice(reads)


def _implied_year(con: duckdb.DuckDBPyConnection, r: Read) -> int | None:
    """The collection year holding most of the file's within-year dates (the latest on a tie),
    else the year of its latest start date; dates after today are left out."""
    within, start = r.table.dated[-1], r.table.dated[0]
    cy = "(year(d) + (month(d) >= 4)::INTEGER)"
    found = con.execute(
        f"""SELECT {cy} AS y, count(*) AS n FROM (SELECT {within} AS d FROM {r.temp})
            WHERE d <= current_date GROUP BY y ORDER BY n DESC, y DESC LIMIT 1"""
    ).fetchone()
    if found is None:
        found = con.execute(
            f"""SELECT max({cy}) FROM (SELECT {start} AS d FROM {r.temp})
                WHERE d <= current_date"""
        ).fetchone()
    return int(found[0]) if found and found[0] is not None else None


def _disagreements(
    reads: list[Read], named: dict[int, int], implied: dict[int, int]
) -> list[Problem]:
    """One problem per return whose files without a year in their names imply different years."""
    by_unit: dict[Path, list[tuple[Read, int]]] = {}
    for i, r in enumerate(reads):
        if i not in named and i in implied:
            by_unit.setdefault(r.unit, []).append((r, implied[i]))
    problems = []
    for unit, found in by_unit.items():
        years = {y for _, y in found}
        if len(years) > 1:
            listing = "; ".join(
                f"{r.file.path.name} ({r.table.name}): {year_label(y)}"
                for r, y in sorted(found, key=lambda f: str(f[0].file.path))
            )
            problems.append(
                Problem(
                    str(unit),
                    None,
                    None,
                    f"its files imply different collection years ({listing}): a later "
                    "return's file in this folder, or dates typed wrong; put each return in a "
                    "folder named by its year (2021 for 2020-21), or load with --year",
                )
            )
    return problems


def _unknown_or_twice(reads: list[Read]) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[tuple[str, int | None], Path] = {}
    for r in reads:
        if r.year is None and r.table.name == "OC3":
            problems.append(
                Problem(
                    str(r.file.path),
                    None,
                    None,
                    "cannot tell which year's return this is (OC3 gives no dates): put the year "
                    "in the file's or its folder's name (2021 for 2020-21), load it with the "
                    "return's Episodes, or give the year (--year)",
                )
            )
        other = seen.setdefault((r.table.name, r.year), r.file.path)
        if other != r.file.path:
            which = f"the {year_label(r.year)} return" if r.year else "a return"
            problems.append(
                Problem(
                    str(r.file.path),
                    None,
                    None,
                    f"a second {r.table.name} table for {which} (the first is {other})",
                )
            )
    return problems


def birthday_sql(dob: str, year: int) -> str:
    """The birthday falling in the collection year ending in ``year``. A 29 February birthday
    falls on 1 March in a common year (the day a person born on 29 February comes of age in
    England)."""
    y = f"(CASE WHEN month({dob}) >= 4 THEN {year - 1} ELSE {year} END)"
    leap = f"({y} % 4 = 0 AND ({y} % 100 <> 0 OR {y} % 400 = 0))"
    return (
        f"(CASE WHEN month({dob}) = 2 AND day({dob}) = 29 AND NOT {leap} THEN make_date({y}, 3, 1) "
        f"ELSE make_date({y}, month({dob}), day({dob})) END)"
    )
