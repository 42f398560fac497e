"""Importing the DfE's published local-authority tables (explore-education-statistics CSV).

Each file has one row per area, period and filter combination: ``time_period``,
``time_identifier``, ``geographic_level`` (National, Regional, Local authority), ``region_name``,
``old_la_code``, ``new_la_code``, ``la_name``, then filter columns, then value columns. An
indicator's YAML maps it to a value column, with filters where the file has them:

    comparators: {dfe: "re_referral_pct"}
    comparators: {dfe: "percent; social_care_group=Assessments completed within 45 days"}

A file may carry several indicators' columns; columns no indicator maps to are ignored.

School-level files (``read_file(..., schools=True)``) carry rows of geographic_level ``School``
in the same layout, with the LA columns of the school's authority and the school's own
``school_urn``, ``school_laestab`` and ``school_name``: the column names of the DfE's open data
standards for explore-education-statistics files (analysts' guide, "Open data standards",
https://dfe-analytical-services.github.io/analysts-guide/statistics-production/ud.html; the EES
API gives a school location as its URN and LAESTAB, reference-v1 LocationSchoolOptionViewModel).
Only the authority's own schools are read, each by its URN; the rest are ignored, and by default
(``schools=False``, as `csc comparators load` reads) every School row is.
"""

from __future__ import annotations

import csv
import difflib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import yaml

from csc_insight.comparators import store
from csc_insight.errors import CscError, ProblemList
from csc_insight.formats.csv_table import header_key
from csc_insight.indicators import catalogue

#: Symbols the government statistical service uses in place of a number.
SYMBOLS = {"c", "k", "x", "z", "low", "u", ":", "..", "~", "*"}
REQUIRED = ("time_period", "geographic_level")
#: A new (ONS) LA code, as DfE files' new_la_code and the neighbours YAML hold it.
LA_CODE = re.compile(r"E\d{8}")
#: Known codes an error lists when none is near the one given.
MAX_CODES_LISTED = 10
#: A school's unique reference number (URN): six digits.
URN = re.compile(r"\d{6}")
#: Filter columns that describe a school rather than split its pupils: a School row is the whole
#: school, of one type, so a mapping's ``school_type=Total`` takes it whatever its type (no
#: school has a "Total" row of its own), while ``school_type=Special`` still takes special
#: schools only.
SCHOOL_DESCRIBED = frozenset(
    header_key(c) for c in ("school_type", "phase_type_grouping", "education_phase")
)


@dataclass(frozen=True)
class Authority:
    code: str
    name: str
    region: str
    neighbours: tuple[str, ...]


@dataclass(frozen=True)
class Mapping:
    indicator_id: str
    column: str
    filters: tuple[tuple[str, str], ...]


def authority(code: str, neighbours_file: Path | None = None) -> Authority:
    """The authority and its statistical neighbours, from a neighbours YAML (default: bundled).
    Raises CscError for a code that is not of the form E + 8 digits, or that the YAML does not
    list, naming the nearest codes it does list: a typo would otherwise match no row of a DfE
    file and load nothing for the authority, without a word."""
    where = str(neighbours_file) if neighbours_file else "the bundled neighbours list"
    known = _known_authorities(neighbours_file, where)
    code = code.strip()
    if not LA_CODE.fullmatch(code):
        raise CscError(
            f"LA code {code!r} is malformed: an LA code is E followed by 8 digits, e.g. "
            f"E09000008, and must be one of the authorities in {where}" + _nearest(code, known)
        )
    entry = known.get(code)
    if not entry:
        raise CscError(
            f"no statistical neighbours for {code}: the LA code must be one of the authorities"
            f" in {where}, or in a neighbours YAML you give" + _nearest(code, known)
        )
    neighbours = tuple(str(n).strip() for n in entry.get("neighbours", ()))
    bad = [n for n in neighbours if not LA_CODE.fullmatch(n)]
    if bad:
        raise CscError(
            f"{where}: neighbours of {code} include {', '.join(map(repr, bad))}, not new LA codes"
            " (E followed by 8 digits, e.g. E09000008)"
        )
    return Authority(code, entry.get("name", code), entry.get("region", ""), neighbours)


def _known_authorities(neighbours_file: Path | None, where: str) -> dict[str, dict]:
    if neighbours_file is None:
        from importlib import resources

        text = (
            resources.files("csc_insight.comparators")
            .joinpath("data", "neighbours.yaml")
            .read_text("utf-8")
        )
    else:
        text = neighbours_file.read_text("utf-8")
    data = yaml.safe_load(text) or {}
    authorities = (data.get("authorities") if isinstance(data, dict) else None) or {}
    if not isinstance(authorities, dict) or not all(
        isinstance(v, dict | None) for v in authorities.values()
    ):
        raise CscError(f"{where}: `authorities` must map each LA code to its name and neighbours")
    return {str(k): v or {} for k, v in authorities.items()}


def _nearest(code: str, known: dict[str, dict]) -> str:
    """The known codes nearest the one given (or the first few, if none is near), so that the
    correction of a typo is in the message."""

    def named(c: str) -> str:
        return f"{c} ({known[c]['name']})" if known[c].get("name") else c

    if not known:
        return ", which lists none"
    near = difflib.get_close_matches(code.upper(), list(known), n=3, cutoff=0.6)
    if near:
        return f"; did you mean {' or '.join(map(named, near))}?"
    shown = sorted(known)[:MAX_CODES_LISTED]
    more = len(known) - len(shown)
    return ": " + ", ".join(map(named, shown)) + (f" and {more} more" if more else "")


def mappings() -> list[Mapping]:
    out = []
    for ind in catalogue.load():
        spec = ind.comparators.get("dfe")
        if not spec:
            continue
        column, *rest = [part.strip() for part in spec.split(";")]
        filters = tuple(tuple(x.strip() for x in f.split("=", 1)) for f in rest if "=" in f)
        out.append(Mapping(ind.id, column, filters))  # type: ignore[arg-type]
    return out


def period_label(time_period: str, identifier: str = "") -> str:
    """202021 -> 2020-21; a reporting year 2021 (at 31 March 2021) -> 2020-21."""
    tp = time_period.strip()
    if len(tp) == 6 and tp.isdigit():
        return f"{tp[:4]}-{tp[4:]}"
    if len(tp) == 4 and tp.isdigit():
        year = int(tp)
        return f"{year - 1}-{year % 100:02d}"
    return tp


def parse_value(text: str) -> tuple[float | None, str | None]:
    """(number, None) or (None, symbol); raises ValueError for anything else."""
    t = text.strip().replace(",", "")
    if t.lower() in SYMBOLS or t == "":
        return None, t.lower() or "x"
    return float(t.rstrip("%")), None


def read_file(
    path: Path, who: Authority, maps: list[Mapping], *, schools: bool = False
) -> list[tuple]:
    """Comparator rows from one DfE file; raises ReaderError naming file, row and column.

    Each row is (indicator, period, kind, code, name, value, symbol). With ``schools``, the
    authority's own schools' rows too, as kind "school", code the URN and name the school's."""
    problems = ProblemList(str(path))
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            return _rows(csv.reader(f), who, maps, problems, schools)
    except (OSError, UnicodeDecodeError) as e:
        problems.add(None, None, f"cannot be read as UTF-8 text ({e.__class__.__name__})")
    except csv.Error as e:
        problems.add(None, None, f"not valid CSV: {e}")
    problems.raise_if_any()
    return []


def _rows(
    reader: Iterator[list[str]],
    who: Authority,
    maps: list[Mapping],
    problems: ProblemList,
    schools: bool = False,
) -> list[tuple]:
    header = next(reader, None)
    if not header:
        problems.add(None, None, "file is empty")
        problems.raise_if_any()
    assert header is not None
    index = {header_key(h): i for i, h in enumerate(header)}
    for col in REQUIRED:
        if header_key(col) not in index:
            problems.add(
                1,
                col,
                "column missing from the header (is this a DfE explore-education-statistics file?)",
            )
    used = [m for m in maps if header_key(m.column) in index]
    if not used and not problems:
        problems.add(1, None, "no column that any indicator's `comparators: {dfe: ...}` names")
    problems.raise_if_any()

    def cell(row: list[str], name: str) -> str:
        i = index.get(header_key(name))
        return row[i].strip() if i is not None and i < len(row) else ""

    out: list[tuple] = []
    neighbour_values: dict[tuple[str, str], list[float]] = {}
    seen: dict[tuple[str, str, str, str], int] = {}
    for row_no, row in enumerate(reader, start=2):
        if not any(row):
            continue
        level, la_code = cell(row, "geographic_level"), cell(row, "new_la_code")
        kind = _area_kind(level, cell(row, "region_name"), la_code, who)
        if schools and level.lower() == "school" and la_code == who.code:
            kind = "school"
        if kind is None:
            continue
        if kind == "school":
            urn = cell(row, "school_urn")
            if not URN.fullmatch(urn):
                why = (
                    f"{urn!r} is not a URN" if urn else "URN missing"
                ) + ": a school's row needs its unique reference number (six digits)"
                if header_key("school_urn") not in index:
                    why += " and the header has no school_urn column"
                problems.add(row_no, "school_urn", why)
                continue
        period = period_label(cell(row, "time_period"), cell(row, "time_identifier"))
        for m in used:
            if not _filters_match(m, row, cell, kind):
                continue
            try:
                value, symbol = parse_value(cell(row, m.column))
            except ValueError:
                problems.add(
                    row_no,
                    m.column,
                    f"{cell(row, m.column)!r} is neither a number nor a statistical symbol",
                )
                continue
            code: str | None
            if kind == "school":
                code, name = cell(row, "school_urn"), cell(row, "school_name") or None
            else:
                code, name = cell(row, "new_la_code") or None, cell(row, "la_name") or None
            first = seen.setdefault((m.indicator_id, period, kind, code or ""), row_no)
            if first != row_no:
                problems.add(
                    row_no,
                    m.column,
                    f"a second {m.indicator_id} figure for this area and period (first on row {first}): add a filter to its `comparators: {{dfe: ...}}` mapping",
                )
                continue
            out.append((m.indicator_id, period, kind, code, name, value, symbol))
            if kind == "neighbour" and value is not None:
                neighbour_values.setdefault((m.indicator_id, period), []).append(value)
    problems.raise_if_any()
    for (ind, period), values in neighbour_values.items():
        note = f"average of {len(values)} of {len(who.neighbours)} neighbours"
        out.append((ind, period, "stat_neighbours", None, note, sum(values) / len(values), None))
    return out


def _filters_match(
    m: Mapping, row: list[str], cell: Callable[[list[str], str], str], kind: str
) -> bool:
    """Whether the row is the one the mapping's filters pick; on a school's row a "Total" of a
    column that describes the school (SCHOOL_DESCRIBED) is the school itself."""
    for column, wanted in m.filters:
        if (
            kind == "school"
            and wanted.lower() == "total"
            and header_key(column) in SCHOOL_DESCRIBED
        ):
            continue
        if cell(row, column).lower() != wanted.lower():
            return False
    return True


def _area_kind(level: str, region: str, code: str, who: Authority) -> str | None:
    level = level.lower()
    if level == "national":
        return "england"
    if level == "regional" and region.lower() == who.region.lower():
        return "region"
    if level == "local authority" and code == who.code:
        return "own"
    if level == "local authority" and code in who.neighbours:
        return "neighbour"
    return None


def load(con: duckdb.DuckDBPyConnection, paths: Iterable[Path], who: Authority) -> int:
    """Import DfE files in one transaction: all files or none."""
    maps = mappings()
    rows: list[tuple] = []
    for p in paths:
        rows += read_file(Path(p), who, maps)
    con.execute("BEGIN TRANSACTION")
    try:
        n = store.replace(con, store.IMPORTED, rows)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return n
