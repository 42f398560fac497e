"""The DfE's published LA-level tables (explore-education-statistics CSV: absence, exclusions,
key stage 4), read through the comparators' DfE reader (comparators/dfe.py) with the education
measures' ``dfe`` mappings, as annual figures for the borough, England and the statistical
neighbours' average.

The files are read as downloaded, never fetched: ``time_period`` (201920), ``geographic_level``
(National, Regional, Local authority), ``new_la_code``, ``la_name``, the filter columns a
mapping names (``school_type``, ``gender``) and the value columns (``sess_overall_percent``,
``avg_att8``...). A GSS symbol in place of a number (x, c, z, :) is "not published". A file the
reader refuses names its row, column and reason, and nothing of any file is returned.

School-level files (rows of geographic_level School, with ``school_urn`` and ``school_name``)
give the authority's own schools' figures by the same mappings, as SchoolFigure records; other
authorities' schools are not read. A school's symbol is "not published" as an area's is.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from csc_insight.comparators import dfe
from csc_insight.education import measures
from csc_insight.education.figures import NOT_PUBLISHED, Figure
from csc_insight.education.model import (
    AnnualFigure,
    Area,
    EducationRecords,
    SchoolFigure,
    Source,
)
from csc_insight.errors import Refusals

#: The comparators reader's kinds of area, as the dashboard's.
AREAS: dict[str, Area] = {"own": "own", "england": "england", "stat_neighbours": "neighbours"}


def mappings() -> list[dfe.Mapping]:
    out = []
    for m in measures.of("annual"):
        if not m.dfe:
            continue
        column, *rest = [part.strip() for part in m.dfe.split(";")]
        filters = tuple((k.strip(), v.strip()) for k, v in (f.split("=", 1) for f in rest))
        out.append(dfe.Mapping(m.id, column, filters))
    return out


def academic_year(period: str) -> int:
    """2019-20 (the reader's label for 201920) -> 2020, as the dashboard heads its columns."""
    return int(period[:4]) + 1 if len(period) == 7 and period[4] == "-" else int(period[:4])


def read_files(
    paths: Iterable[Path], la_code: str, neighbours: Path | None = None
) -> EducationRecords:
    """Annual figures from DfE files for the authority ``la_code``, and its schools' figures;
    raises ReaderError naming every problem of every file (nothing is returned then)."""
    who = dfe.authority(la_code, neighbours)
    maps = mappings()
    refusals = Refusals()
    figures: list[AnnualFigure] = []
    schools: list[SchoolFigure] = []
    for path in paths:
        with refusals.of_file():
            source = Source(f"{path} (DfE)")
            for row in dfe.read_file(Path(path), who, maps, schools=True):
                measure, period, kind, code, name, value, _symbol = row
                shown: Figure = NOT_PUBLISHED if value is None else float(value)
                year = academic_year(period)
                if kind == "school":
                    schools.append(SchoolFigure(measure, year, code, name or code, shown, source))
                    continue
                area = AREAS.get(kind)
                if area is None:
                    continue  # a single neighbour, or the region: the dashboard shows neither
                figures.append(AnnualFigure(measure, year, area, shown, source))
    refusals.raise_if_any()
    return EducationRecords(annual=tuple(figures), schools=tuple(schools))
