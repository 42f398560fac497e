"""The education template's files and the DfE's published tables read as one load, for
`csc education load/check` and the pack's education section alike.

A DfE file is recognised by its header (explore-education-statistics files start with
``time_period`` and carry ``geographic_level``; the template's sheets have neither), so the
pack's --education can take both kinds. Every problem of every file is raised together
(ReaderError), and with any, nothing is returned: a fault in one file loads nothing. One fact
from two files (the template's annual figure and the DfE table's for the same measure, year and
area) is one record when they agree and a problem naming both when they do not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from csc_insight.comparators.dfe import REQUIRED
from csc_insight.education.model import AREA_WORDS, AnnualFigure, EducationRecords, SchoolFigure
from csc_insight.errors import CscError, Problem, ReaderError
from csc_insight.formats.csv_read import header_key, read_header


def is_dfe_file(path: Path) -> bool:
    """Whether ``path`` is a CSV whose header is a DfE explore-education-statistics one."""
    if path.suffix.lower() != ".csv":
        return False
    header = {header_key(h) for h in read_header(path) or []}
    return all(header_key(c) in header for c in REQUIRED)


def read_load(
    paths: Sequence[Path],
    dfe_files: Sequence[Path] = (),
    la: str | None = None,
    neighbours: Path | None = None,
) -> EducationRecords:
    """The records of the template's ``paths`` and the DfE's ``dfe_files`` (for the authority
    ``la``: its, England's and its neighbours' annual figures and its schools')."""
    from csc_insight.education import dfe, template_read

    if dfe_files and not la:
        names = ", ".join(str(p) for p in dfe_files)
        raise CscError(
            f"{names}: a DfE table is read for one authority: give its new LA code with --la "
            "(e.g. E09000008)"
        )
    records, problems = template_read.read_files(list(paths)) if paths else (EducationRecords(), [])
    found: list[Problem] = list(problems)
    if dfe_files and la:
        try:
            records = records + dfe.read_files(dfe_files, la, neighbours)
        except ReaderError as e:
            found += e.problems
    if not found:
        records, found = _one_each(records)
    if found:
        raise ReaderError(found)
    return records


def _one_each(records: EducationRecords) -> tuple[EducationRecords, list[Problem]]:
    """The records with each fact once, or the disagreements between files."""
    from csc_insight.education import stored

    first: dict[str, Any] = {}
    problems: list[Problem] = []
    for x in stored.every(records):
        key = stored.record_key(x)
        held = first.setdefault(key, x)
        if held is x or _agree(held, x):
            continue
        value = getattr(x, "value", x)
        problems.append(
            Problem(
                x.source.where,
                x.source.row,
                None,
                f"{_what(x)} is {value}, but {held.source} gives {getattr(held, 'value', held)}:"
                " one of the files is wrong",
            )
        )
    if problems:
        return EducationRecords(), problems
    kept = {id(x) for x in first.values()}
    return (
        replace(
            records,
            monthly=tuple(x for x in records.monthly if id(x) in kept),
            annual=tuple(x for x in records.annual if id(x) in kept),
            schools=tuple(x for x in records.schools if id(x) in kept),
        ),
        [],
    )


#: How far two files' figures for one fact may differ and agree: the DfE's tables and the seed
#: print one decimal place, and a neighbours' average computed from a table has more.
PRINTED = 0.05 + 1e-9


def _agree(held: Any, x: Any) -> bool:
    if replace(held, source=x.source) == x:
        return True
    a, b = getattr(held, "value", None), getattr(x, "value", None)
    return (
        isinstance(a, float)
        and isinstance(b, float)
        and abs(a - b) <= PRINTED
        and replace(held, source=x.source, value=b) == x
    )


def _what(x: Any) -> str:
    if isinstance(x, SchoolFigure):
        return f"{x.measure} {x.year} for school {x.urn} ({x.name})"
    if isinstance(x, AnnualFigure):
        return f"{x.measure} {x.year} for {AREA_WORDS[x.area]}"
    return type(x).__name__


def split(paths: Sequence[Path]) -> tuple[list[Path], list[Path]]:
    """The template's files and the DfE's, by their headers."""
    dfe_files = [p for p in paths if is_dfe_file(Path(p))]
    return [p for p in paths if p not in dfe_files], dfe_files
