"""Ofsted outcomes counted from Ofsted's published school-level file: the monthly SCH 1, 2, 3, 5
and 7 and the annual OFS 1 and 2 (indicators/catalogue/education.yaml), as the education
template holds them.

The file is Ofsted's "State-funded schools inspections and outcomes: management information"
(monthly), or the official statistics' provider-level CSV: one row per open state-funded school
with its most recent inspection. What was confirmed of its layout, and from where:

- Column headers "URN", "LAESTAB", "School name", "Ofsted phase", "Local authority", "Overall
  effectiveness", "Category of concern", "Does the latest full inspection relate to the URN of
  the current school?", "Inspection start date", "Publication date": the DfE's own model of the
  management-information table (DFE-Digital/find-information-about-academies-and-trusts,
  DfE.FindInformationAcademiesTrusts.Data.AcademiesDb/Contexts/
  AcademiesDbContext.MisEstablishments.cs), and a Trafford Data Lab script reading
  State_funded_schools_inspections_and_outcomes_as_at_31_December_2018.csv, whose phase column
  is headed "Phase of education" (hence that alias) and whose dates are dd/mm/yyyy.
- Overall effectiveness 1 outstanding, 2 good, 3 requires improvement, 4 inadequate: the same
  script and Ofsted's school inspection handbook. A school not yet inspected in its present form
  is given its predecessor's latest inspection ("If an open school has not yet been inspected,
  we will include the inspection outcome of its predecessor school", Ofsted, Methodology:
  state-funded schools inspections and outcomes as at 31 August 2020, gov.uk), which the flag
  column says with "No".
- "From September 2024, graded inspections of state-funded schools no longer include an overall
  effectiveness judgement" (Ofsted, Main findings: state-funded schools inspections and outcomes
  as at 31 August 2024, gov.uk): a file of that time is refused here, never read as zeros.

Not confirmed, and so assumptions: the codes for "no judgement" (blank, 9 or NULL are read as
none; any other value is a faulty row), "SM" and "SWK" for the categories of concern (the words
"Special measures" and "Serious weaknesses" are read too), and the words of "Ofsted phase"
(Nursery, Primary, Secondary, Special, PRU; "Pupil referral unit" and "Alternative provision"
read as PRU). The authority is matched by its name as the neighbours list gives it, against
"Local authority" (case, spaces and punctuation ignored), not by LAESTAB: the neighbours list
holds no old (three-digit) LA numbers to match LAESTAB's first digits with.
"""

from __future__ import annotations

import csv
import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Literal

from csc_insight.comparators import dfe
from csc_insight.education.model import (
    AnnualFigure,
    Area,
    EducationRecords,
    MonthlyFigure,
    Source,
)
from csc_insight.errors import CscError, ProblemList
from csc_insight.formats.csv_read import header_key

Phase = Literal["nursery", "primary", "secondary", "special", "pru"]
#: "Ofsted phase" as written, by its key (header_key of the words).
PHASES: dict[str, Phase] = {
    "nursery": "nursery",
    "primary": "primary",
    "secondary": "secondary",
    "special": "special",
    "pru": "pru",
    "pupilreferralunit": "pru",
    "alternativeprovision": "pru",
}
#: Overall effectiveness: 1 and 2 are good or outstanding, 4 inadequate.
GRADES = {"1": 1, "2": 2, "3": 3, "4": 4}
NO_GRADE = frozenset({"", "9", "null"})
Concern = Literal["SM", "SWK"]
CONCERNS: dict[str, Concern] = {
    "sm": "SM",
    "specialmeasures": "SM",
    "swk": "SWK",
    "seriousweaknesses": "SWK",
}
NO_CONCERN = frozenset({"", "null", "9", "none"})
#: The first day no overall effectiveness judgement was made.
UNGRADED_FROM = date(2024, 9, 1)
#: The percentages the monthly measures are, by phase (None: every school).
PERCENT_MEASURES: dict[str, Phase | None] = {
    "SCH 2": None,
    "SCH 3": "primary",
    "SCH 5": "secondary",
    "SCH 7": "pru",
}
ANNUAL_MEASURES: dict[str, Phase] = {"OFS 1": "primary", "OFS 2": "secondary"}


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    aliases: tuple[str, ...]
    needed_for: str | None  # None: optional

    def header_keys(self) -> set[str]:
        return {header_key(h) for h in (self.header, *self.aliases)}


COLUMNS = (
    Column("urn", "URN", ("School URN",), "naming each school, once"),
    Column("name", "School name", (), None),
    Column("phase", "Ofsted phase", ("Phase of education", "Phase"), "the phase measures"),
    Column("la", "Local authority", ("LA name", "LA"), "finding the authority's schools"),
    Column(
        "grade",
        "Overall effectiveness",
        ("Overall effectiveness grade",),
        "good or outstanding, and which schools have a judgement",
    ),
    Column(
        "concern",
        "Category of concern",
        ("Most recent category of concern",),
        "schools in special measures (SCH 1, SCH 2)",
    ),
    Column(
        "current",
        "Does the latest full inspection relate to the URN of the current school?",
        (),
        None,
    ),
    Column("start", "Inspection start date", ("Inspection date",), None),
)


@dataclass(frozen=True)
class School:
    row: int
    urn: str
    la: str
    phase: Phase
    grade: int | None
    concern: Concern | None
    predecessor: bool


@dataclass(frozen=True)
class Count:
    """A percentage's count: schools meeting the measure of those with a judgement."""

    numerator: int
    denominator: int

    @property
    def percent(self) -> float | None:
        return None if not self.denominator else 100 * self.numerator / self.denominator


@dataclass(frozen=True)
class Outcomes:
    """What one reading gives: the records, and the counts behind them, for the printout."""

    records: EducationRecords
    counts: dict[str, Count]
    notes: tuple[str, ...] = field(default=())


def whole(value: float) -> float:
    """A percentage as the seed prints it: a whole number, halves rounded up (as Ofsted
    rounds), not Python's round-half-to-even."""
    return float(Decimal(repr(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def name_key(name: str) -> str:
    """An authority's name for matching: case, spaces and punctuation ignored, "and" for "&"."""
    return header_key(name.replace("&", " and "))


# -- reading ----------------------------------------------------------------------------------


def read(path: Path, as_at: date) -> list[School]:
    """Every school of the file; raises ReaderError naming each problem (file, row, column,
    reason), so that nothing is returned from a faulty file."""
    problems = ProblemList(str(path))
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            schools = _schools(csv.reader(f), as_at, problems)
    except (OSError, UnicodeDecodeError) as e:
        problems.add(None, None, f"cannot be read as UTF-8 text ({e.__class__.__name__})")
        schools = []
    except csv.Error as e:
        problems.add(None, None, f"not valid CSV: {e}")
        schools = []
    problems.raise_if_any()
    return schools


def _index(header: list[str], problems: ProblemList) -> dict[str, int]:
    keys = {header_key(h): i for i, h in enumerate(header)}
    index: dict[str, int] = {}
    for c in COLUMNS:
        found = [keys[k] for k in c.header_keys() if k in keys]
        if found:
            index[c.key] = min(found)
        elif c.needed_for:
            problems.add(1, c.header, f"column missing from the header: needed for {c.needed_for}")
    if "grade" not in index and any(k.startswith("latestoeif") for k in keys):
        problems.add(
            1,
            "Overall effectiveness",
            "this file is of the time after 1 September 2024, when Ofsted stopped judging "
            "overall effectiveness: good or outstanding cannot be counted from it",
        )
    return index


def _schools(reader: Iterator[list[str]], as_at: date, problems: ProblemList) -> list[School]:
    header = next(reader, None)
    if not header:
        problems.add(None, None, "file is empty")
        return []
    index = _index(header, problems)
    if problems:
        return []
    labels = {c.key: header[index[c.key]].strip() for c in COLUMNS if c.key in index}
    out: list[School] = []
    first: dict[str, int] = {}
    for n, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = {k: (row[i].strip() if i < len(row) else "") for k, i in index.items()}
        # a school twice is named whatever else is wrong with either row
        seen = first.setdefault(cells["urn"], n) if cells["urn"] else n
        if seen != n:
            problems.add(n, labels["urn"], f"URN {cells['urn']} is on row {seen} too")
        school = _school(n, cells, labels, as_at, problems)
        if school is not None and seen == n:
            out.append(school)
    return out


def _school(
    n: int, cells: dict[str, str], labels: dict[str, str], as_at: date, problems: ProblemList
) -> School | None:
    before = len(problems.items)
    if not cells["urn"]:
        problems.add(n, labels["urn"], "URN missing")
    phase = PHASES.get(header_key(cells["phase"]))
    if phase is None:
        problems.add(
            n,
            labels["phase"],
            f"{cells['phase']!r} is not an Ofsted phase (Nursery, Primary, Secondary, Special, PRU)",
        )
    grade = _grade(n, cells["grade"], labels["grade"], problems)
    concern = _concern(n, cells["concern"], labels["concern"], problems)
    if concern == "SM" and grade not in (4, None):
        problems.add(
            n,
            labels["concern"],
            f"special measures with overall effectiveness {grade}: special measures is an "
            "inadequate (4) judgement",
        )
    started = _started(n, cells.get("start", ""), labels.get("start", ""), as_at, problems)
    if started is not None and started >= UNGRADED_FROM and grade is None:
        problems.add(
            n,
            labels["grade"],
            f"inspected on {started:%d/%m/%Y}, after Ofsted stopped judging overall "
            "effectiveness (1 September 2024): good or outstanding cannot be counted",
        )
    if len(problems.items) > before or problems.full or phase is None:
        return None
    predecessor = header_key(cells.get("current", "")) == "no"
    return School(n, cells["urn"], cells["la"], phase, grade, concern, predecessor)


def _grade(n: int, text: str, label: str, problems: ProblemList) -> int | None:
    if text.lower() in NO_GRADE:
        return None
    if text in GRADES:
        return GRADES[text]
    why = f"{text!r} is not an overall effectiveness grade (1 to 4, or blank, 9 or NULL for none)"
    if header_key(text) == "notjudged":
        why = (
            "'Not judged': Ofsted has made no overall effectiveness judgement since 1 September "
            "2024, so good or outstanding cannot be counted from this file"
        )
    problems.add(n, label, why)
    return None


def _concern(n: int, text: str, label: str, problems: ProblemList) -> Concern | None:
    if text.lower() in NO_CONCERN:
        return None
    concern = CONCERNS.get(header_key(text))
    if concern is None:
        problems.add(
            n, label, f"{text!r} is not a category of concern (SM, SWK, or blank for none)"
        )
    return concern


def _started(n: int, text: str, label: str, as_at: date, problems: ProblemList) -> date | None:
    if not text or text.lower() == "null":
        return None
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            started = datetime.strptime(text, fmt).date()
            break
        except ValueError:
            continue
    else:
        problems.add(n, label, f"{text!r} is not a date (dd/mm/yyyy)")
        return None
    if started > as_at:
        problems.add(
            n,
            label,
            f"inspected on {started:%d/%m/%Y}, after the as-at date {as_at:%d/%m/%Y}: the file "
            "is later than the date asked for",
        )
    return started


# -- counting ---------------------------------------------------------------------------------


def count(schools: Iterable[School], phase: Phase | None, *, concern: bool = False) -> Count:
    """Schools of ``phase`` (every phase: None) with a judgement, and of them the good or
    outstanding (``concern``: those in special measures). A school judged through its
    predecessor counts, as Ofsted's statistics count it; one with no judgement is left out."""
    judged = [s for s in schools if s.grade is not None and phase in (None, s.phase)]
    met = [s for s in judged if (s.concern == "SM" if concern else s.grade in (1, 2))]
    return Count(len(met), len(judged))


def year_ending(as_at: date) -> int | None:
    """The academic year the annual measures are for: the one ending on ``as_at``, a 31 August
    (the measures are as at 31 August); None for another date."""
    return as_at.year if (as_at.month, as_at.day) == (8, 31) else None


def authority_schools(schools: list[School], name: str, where: str) -> list[School]:
    """The schools of the authority named ``name``; raises CscError when no row names it."""
    mine = [s for s in schools if name_key(s.la) == name_key(name)]
    if mine:
        return mine
    names = sorted({s.la for s in schools})
    near = difflib.get_close_matches(name, names, n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(near)}?" if near else ""
    raise CscError(f"{where}: no school's Local authority is {name!r}{hint}")


def outcomes(path: Path, as_at: date, la_code: str, neighbours: Path | None = None) -> Outcomes:
    """The monthly and annual figures for the authority ``la_code`` from one Ofsted file."""
    if as_at >= UNGRADED_FROM:
        raise CscError(
            f"as at {as_at:%d/%m/%Y}: Ofsted has made no overall effectiveness judgement since "
            "1 September 2024, so schools good or outstanding cannot be counted after 31 August "
            "2024"
        )
    who = dfe.authority(la_code, neighbours)
    schools = read(path, as_at)
    mine = authority_schools(schools, who.name, str(path))
    source = Source(f"Ofsted management information as at {as_at:%d/%m/%Y} ({path})")
    counts: dict[str, Count] = {}
    notes: list[str] = []
    monthly = _monthly(mine, as_at, source, counts, notes)
    through = sum(1 for s in mine if s.predecessor and s.grade is not None)
    if through:
        notes.append(
            f"{through} of {who.name}'s schools with a judgement counted through their "
            "predecessor school's (not yet inspected in their present form)"
        )
    annual: list[AnnualFigure] = []
    year = year_ending(as_at)
    if year is None:
        notes.append(
            "OFS 1 and OFS 2 not written: they are as at 31 August (give --as-at YYYY-08-31 "
            "with a file as at that date)"
        )
    else:
        annual = _annual(schools, mine, who, neighbours, year, source, counts, notes)
    records = EducationRecords(monthly=tuple(monthly), annual=tuple(annual))
    return Outcomes(records, counts, tuple(notes))


def _monthly(
    mine: list[School],
    as_at: date,
    source: Source,
    counts: dict[str, Count],
    notes: list[str],
) -> list[MonthlyFigure]:
    month = as_at.replace(day=1)
    sm = count(mine, None, concern=True)
    counts["SCH 1"] = sm
    out = [MonthlyFigure("SCH 1", month, float(sm.numerator), source)]
    for measure, phase in PERCENT_MEASURES.items():
        c = count(mine, phase, concern=measure == "SCH 2")
        counts[measure] = c
        if c.percent is None:
            what = f"{phase} school" if phase else "school"
            notes.append(f"{measure} not written: no {what} with a judgement")
            continue
        out.append(MonthlyFigure(measure, month, whole(c.percent), source))
    return out


def _annual(
    schools: list[School],
    mine: list[School],
    who: dfe.Authority,
    neighbours: Path | None,
    year: int,
    source: Source,
    counts: dict[str, Count],
    notes: list[str],
) -> list[AnnualFigure]:
    areas: dict[str, list[School]] = {}
    for s in schools:
        areas.setdefault(name_key(s.la), []).append(s)
    named = _neighbour_names(who, neighbours, notes)
    absent = [n for n in named if name_key(n) not in areas]
    if absent:
        notes.append(f"neighbours with no school in the file: {', '.join(absent)}")
    out: list[AnnualFigure] = []
    for measure, phase in ANNUAL_MEASURES.items():
        whole_areas: tuple[tuple[Area, list[School]], ...] = (("own", mine), ("england", schools))
        for area, group in whole_areas:
            c = count(group, phase)
            counts[f"{measure} {area}"] = c
            if c.percent is not None:
                out.append(AnnualFigure(measure, year, area, whole(c.percent), source))
        # each neighbour's percentage as Ofsted publishes it (whole), then their average, as
        # the comparators' DfE reader averages the published figures of the neighbours
        values: list[float] = []
        for name in named:
            c = count(areas.get(name_key(name), []), phase)
            if c.percent is not None:
                counts[f"{measure} {name}"] = c
                values.append(whole(c.percent))
        if values:
            average = whole(sum(values) / len(values))
            notes.append(
                f"{measure} neighbours: {average:.0f}%, the average of {len(values)} of "
                f"{len(who.neighbours)} neighbours' percentages"
            )
            out.append(AnnualFigure(measure, year, "neighbours", average, source))
    return out


def _neighbour_names(who: dfe.Authority, neighbours: Path | None, notes: list[str]) -> list[str]:
    """The neighbours' names as the neighbours list gives them: the Ofsted file names
    authorities, it does not code them. A neighbour the list does not name is left out, and
    said."""
    named: list[str] = []
    unnamed: list[str] = []
    for code in who.neighbours:
        try:
            a = dfe.authority(code, neighbours)
        except CscError:
            unnamed.append(code)
            continue
        # authority() gives the code for the name of an authority listed without one
        (unnamed if a.name == code else named).append(a.name)
    if unnamed:
        notes.append(
            f"neighbours not named in the neighbours list, so not found in the Ofsted file: "
            f"{', '.join(unnamed)} (give --neighbours with each one's name)"
        )
    return named
