"""The committee pack as data: built once from the results table, drawn by every renderer.

The HTML page, the PDF and the Excel workbook all draw the same ``Pack``: sections in the seed
pack's order, a row per indicator with its last 12 monthly values, target, RAG, year-to-date or
latest figure, its own 12-month figure, comparators, SPC signal and the monthly history for its
chart. Renderers format with ``reports.formatting`` and never compute a figure: not even a process
limit or a special cause, which the results table holds (``special_causes``, ``spc_*``).

Months without the look-back history their measure needs (``results.full_history``) are marked
``Figure.incomplete``: shown as incomplete history, not rated and left out of the commentary.

A published pack is passed through ``reports.suppression`` before any renderer sees it: hidden
figures lose their numbers (only ``suppressed`` remains) and, where the results table's process
limits took in a hidden month, they are recomputed from the months shown (the one exception to
"never recompute", for disclosure control; ``PackRow.spc_months``).
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, ClassVar

import duckdb

from csc_insight.comparators import store as comparator_store
from csc_insight.comparators.store import Comparator
from csc_insight.errors import CscError
from csc_insight.formats import rules
from csc_insight.indicators import catalogue, targets
from csc_insight.indicators.catalogue import Indicator
from csc_insight.indicators.periods import fy_label
from csc_insight.reports import formatting, suppression
from csc_insight.store import db, problems
from csc_insight.store.sql import table_exists

if TYPE_CHECKING:
    from csc_insight.reports.education_section import EducationSection
    from csc_insight.reports.finance import FinanceSection
    from csc_insight.reports.forecast_section import ForecastSection

MONTHS_SHOWN = 12
COMPARATOR_KINDS = ("own", "stat_neighbours", "region", "england")
COMPARATOR_LABELS = {
    "own": "Published (own)",
    "stat_neighbours": "Stat. neighbours",
    "region": "London",
    "england": "England",
}


@dataclass
class Figure:
    """One cell: a value with the counts behind it, and whether it is suppressed when published."""

    value: float | None
    numerator: float | None
    denominator: float | None
    unit: str
    suppressed: bool = False
    target: float | None = None  # the target a RAG rates this figure against, if any
    #: The period starts before the history its measure looks back over was loaded, so the
    #: figure is too low or too high to rely on (results.full_history is false).
    incomplete: bool = False

    @property
    def text(self) -> str:
        return formatting.value(
            self.value, self.unit, suppressed=self.suppressed, against=self.target
        )

    @property
    def shown(self) -> float | None:
        """The number a renderer may show (None when missing or suppressed)."""
        return None if self.suppressed else self.value


@dataclass
class Point:
    period_end: date
    figure: Figure


@dataclass
class PackRow:
    indicator: Indicator
    months: list[Figure]  # the last MONTHS_SHOWN months, oldest first
    latest: Figure  # the financial year to date (flow) or the latest month end (snapshot)
    target: float | None
    rag: str  # of ``latest`` against the target, as the seed pack rates "YTD or latest"
    signal: str | None
    assurance: str | None
    limits: tuple[float, float, float] | None  # SPC centre, lower, upper at the report month
    history: list[Point]  # every month up to the report month, for the trend chart; the last
    # MONTHS_SHOWN of them hold the same Figure objects as ``months``, so suppression applies once
    comparators: dict[str, Comparator] = field(default_factory=dict)
    #: The report month's special-cause marks, one character per month of ``history`` from its
    #: first month: '+' high, '-' low, '.' common cause, ' ' not judged (see ``marks``).
    special_causes: str | None = None
    #: The indicator's own figure for the 12 months to the report month (the year to 31 March in
    #: March), to set beside a published annual count.
    annual: Figure | None = None
    #: Published packs only: the mean, limits and special causes were recomputed from this many
    #: months shown, because the results table's took in a suppressed month (see
    #: suppression.spc_from_shown); None when they are the results table's own.
    spc_months: int | None = None

    @property
    def latest_label(self) -> str:
        return "YTD" if self.indicator.kind == "flow" else "Latest"

    @property
    def title(self) -> str:
        """The short title the tables, charts and commentary print."""
        return self.indicator.short_title or self.indicator.title

    @property
    def comparator_year(self) -> str:
        """The period most of the row's published figures are for (the latest when two tie):
        the table's Year column. A figure for another period shows its own beneath it."""
        periods = Counter(c.time_period for c in self.comparators.values())
        return max(periods, key=lambda p: (periods[p], p), default="")

    @property
    def annual_comparators(self) -> bool:
        """A count over a period has comparators: published for a whole year, so they are set
        beside the 12-month figure, never the year to date (like with like)."""
        ind = self.indicator
        return ind.unit == "count" and ind.kind == "flow" and bool(self.comparators)

    def marks(self) -> list[str | None]:
        """For each month of ``history``: '+' or '-' for a special cause high or low, None for
        common cause or a month not judged. Read from the results table, never recomputed."""
        text = self.special_causes or ""
        n = len(self.history)
        text = text[-n:].rjust(n)  # the string ends at the report month, as history does
        return [c if c in "+-" else None for c in text]

    @property
    def first_complete(self) -> date | None:
        """The first month of the history with full history, if any month lacks it."""
        if not any(p.figure.incomplete for p in self.history):
            return None
        return next((p.period_end for p in self.history if not p.figure.incomplete), None)


@dataclass
class Section:
    area: str
    title: str
    rows: list[PackRow]


@dataclass
class Bullet:
    """One line of the pack's opening commentary, with the rule (or analyst) that wrote it."""

    text: str
    indicator_id: str | None = None
    rule: str = "analyst"


@dataclass
class Commentary:
    going_well: list[Bullet] = field(default_factory=list)
    to_watch: list[Bullet] = field(default_factory=list)
    do_better: list[Bullet] = field(default_factory=list)

    HEADINGS: ClassVar[dict[str, str]] = {
        "going_well": "Going well or better",
        "to_watch": "Ones to watch",
        "do_better": "Things to do better",
    }

    def groups(self) -> list[tuple[str, str, list[Bullet]]]:
        """(key, heading, bullets) in the order the pack prints them."""
        return [(k, h, getattr(self, k)) for k, h in self.HEADINGS.items()]


@dataclass(frozen=True)
class Unit:
    """A service or a team a pack is for: results_by_team's level and name."""

    level: str  # "service" or "team"
    name: str

    @property
    def label(self) -> str:
        return f"{self.name} ({self.level})"


@dataclass
class Pack:
    period: str  # the report month, yyyy-mm
    period_end: date
    months: list[date]  # month ends of the columns, oldest first
    financial_year: str
    sections: list[Section]
    published: bool
    generated_at: datetime
    authority: str = "Synthetic borough"
    commentary: Commentary = field(default_factory=Commentary)
    threshold: int = suppression.DEFAULT_THRESHOLD  # largest count suppressed when published
    #: What the figures were computed from: the records loads held back (csc problems).
    data_note: str = ""
    #: A pack for one service or team (``Unit``), from results_by_team; None: the borough's.
    unit: Unit | None = None
    #: The service areas chosen (``--sections``); empty: every area.
    chosen: tuple[str, ...] = ()
    #: The finance and delivery section (reports/finance.py); None: no money or delivery
    #: records were given, and the pack has no such section.
    finance: FinanceSection | None = None
    #: The education dashboard (reports/education_section.py); None: no education records.
    education: EducationSection | None = None
    #: The forecast (reports/forecast_section.py); None: no forecast was run for the pack.
    forecast: ForecastSection | None = None

    @property
    def marking(self) -> str:
        """Protective marking: internal packs carry every figure, so they are sensitive."""
        return "PUBLISHED: small numbers suppressed" if self.published else "OFFICIAL-SENSITIVE"

    def rows(self) -> list[PackRow]:
        return [r for s in self.sections for r in s.rows]

    @property
    def scope(self) -> str:
        """What the pack covers when it is not the borough's whole pack, for its title block."""
        parts = []
        if self.unit is not None:
            parts.append(
                f"Figures for the {self.unit.level} {self.unit.name} only: the measures whose "
                "records name a team, each child or event counted under its team"
            )
        if self.chosen:
            titles = [catalogue.AREAS[a] for a in self.chosen]
            parts.append(f"Sections: {', '.join(titles)}")
        return ". ".join(parts)


def build(
    store: str | os.PathLike[str] | None,
    period: str | None = None,
    *,
    published: bool = False,
    threshold: int = suppression.DEFAULT_THRESHOLD,
    sections: tuple[str, ...] = (),
    unit: Unit | None = None,
) -> Pack:
    con = db.connect(store, read_only=True)
    try:
        return build_from(
            con, period, published=published, threshold=threshold, sections=sections, unit=unit
        )
    finally:
        con.close()


def choose_sections(text: str) -> tuple[str, ...]:
    """Service areas as typed (``cla,care_leavers``; names or titles, any case), in the
    catalogue's order; an unknown one is refused with the list."""
    by_key = {
        k: area
        for area, title in catalogue.AREAS.items()
        for k in (area, title.lower(), title.lower().replace(" ", "_"))
    }
    chosen = []
    for part in (p.strip().lower() for p in text.split(",")):
        if not part:
            continue
        if part not in by_key:
            raise CscError(f"no section {part!r}; sections: {', '.join(catalogue.AREAS)}")
        chosen.append(by_key[part])
    if not chosen:
        raise CscError(f"no sections chosen; sections: {', '.join(catalogue.AREAS)}")
    return tuple(a for a in catalogue.AREAS if a in chosen)


def units(con: duckdb.DuckDBPyConnection) -> list[Unit]:
    """The services and teams results_by_team holds figures for."""
    if not table_exists(con, "results_by_team"):
        return []
    return [
        Unit(level, name)
        for level, name in con.execute(
            "SELECT DISTINCT level, name FROM results_by_team ORDER BY level DESC, name"
        ).fetchall()
    ]


def _check_unit(con: duckdb.DuckDBPyConnection, unit: Unit) -> None:
    known = [u for u in units(con) if u.level == unit.level]
    if unit not in known:
        import difflib

        near = difflib.get_close_matches(unit.name, [u.name for u in known], n=3, cutoff=0.5)
        hint = f"did you mean {' or '.join(repr(n) for n in near)}? " if near else ""
        raise CscError(
            f"no {unit.level} {unit.name!r} in the figures by team; {hint}"
            f"the {unit.level}s are: {', '.join(u.name for u in known) or 'none'}"
        )


def build_from(
    con: duckdb.DuckDBPyConnection,
    period: str | None = None,
    *,
    published: bool = False,
    threshold: int = suppression.DEFAULT_THRESHOLD,
    sections: tuple[str, ...] = (),
    unit: Unit | None = None,
) -> Pack:
    if not table_exists(con, "results"):
        raise CscError("no results yet: run `csc compute` before `csc report`")
    if period is None:
        period = con.execute(
            "SELECT max(period_id) FROM results WHERE period_type = 'month'"
        ).fetchall()[0][0]
    found = con.execute(
        "SELECT period_end FROM results WHERE period_type = 'month' AND period_id = ? LIMIT 1",
        [period],
    ).fetchall()
    if not found:
        raise CscError(f"no results for the month {period!r} (periods look like 2021-03)")
    period_end: date = found[0][0]
    if unit is not None:
        _check_unit(con, unit)
    results = _results(con, period_end, unit)
    months = sorted({pe for pe in results.months if pe <= period_end})[-MONTHS_SHOWN:]
    chosen = []
    inds = targets.catalogue_for_con(con)  # with an analyst's targets, as compute used them
    for area, title in catalogue.AREAS.items():
        if sections and area not in sections:
            continue
        if area in OWN_SECTION_AREAS:
            continue
        rows = [
            # A service's or team's figures have no published comparators: those are the
            # borough's, and set beside a team they would compare unlike with unlike.
            _row(
                ind,
                results,
                months,
                period_end,
                {} if unit else _comparators(con, ind.id, period_end),
            )
            for ind in inds
            if ind.area == area and ind.id in results.by_indicator
        ]
        if rows:
            chosen.append(Section(area, title, rows))
    pack = Pack(
        period=period,
        period_end=period_end,
        months=months,
        financial_year=fy_label(period_end),
        sections=chosen,
        published=published,
        generated_at=datetime.now(),
        threshold=threshold,
        data_note=data_note(con),
        unit=unit,
        chosen=sections,
    )
    if published:
        suppression.apply(pack, threshold)
    return pack


#: Areas whose indicators the pack shows in a section of their own, laid out as the seed lays
#: it, not as a KPI section: education's monthly figures (reports/education_section.py).
OWN_SECTION_AREAS = ("education",)


def data_note(con: duckdb.DuckDBPyConnection) -> str:
    """The records the loads held back, in a sentence for the pack's reader: they are in no
    figure, so a reader should know how many and why."""
    held = problems.held_records(con)
    if not held:
        return "Every record loaded passed the load checks: none was held back."
    by_rule = [(rule, n) for rule, (n, _) in problems.counts(con).items() if n]
    top = [f"{n:,} {rules.label(rule)}" for rule, n in by_rule[:3]]
    return (
        f"{held:,} record{'s' if held != 1 else ''} held back when loaded, because of "
        f"problems with {'them' if held != 1 else 'it'}, {'are' if held != 1 else 'is'} in no "
        f"figure ({'; '.join(top)}{'; ...' if len(by_rule) > 3 else ''}). The performance "
        "team lists them with `csc problems`; they count once the corrected files are loaded."
    )


def _comparators(
    con: duckdb.DuckDBPyConnection, indicator_id: str, period_end: date
) -> dict[str, Comparator]:
    """The latest published figures as at the report month: a figure for a later period was not
    known then, so a pack for an earlier month never compares with it. Kinds of area may come
    from different periods; each figure carries its own."""
    found = comparator_store.latest(con, indicator_id, as_of=period_end)
    return {k: v for k, v in found.items() if k in COMPARATOR_KINDS}


#: Columns read from the results table, by position in each row tuple after indicator, period
#: type and end; the last two are new (see ``_columns``) and read as NULL from an older table.
_COLUMNS = (
    "value", "numerator", "denominator", "target", "rag", "signal", "assurance",
    "spc_centre", "spc_lower", "spc_upper", "full_history", "special_causes",
)  # fmt: skip
_V, _N, _D, _TARGET, _RAG, _SIGNAL, _ASSURANCE, _CENTRE, _LOWER, _UPPER, _FULL, _MARKS = range(12)


@dataclass
class _Results:
    by_indicator: dict[str, dict[tuple[str, date], tuple]]
    months: set[date]


def _columns(con: duckdb.DuckDBPyConnection) -> str:
    """The select list: full_history and special_causes when the results table has them (it
    gained them in a later version; an older table reads as full history, no marks)."""
    present = {
        r[0]
        for r in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = 'results'"
            " AND database_name = current_database() AND schema_name = 'main'"
        ).fetchall()
    }
    return ", ".join(c if c in present else f"NULL AS {c}" for c in _COLUMNS)


#: results_by_team's columns in _COLUMNS' order: a unit has no process limits or signals (see
#: indicators/teams.py).
_UNIT_COLUMNS = (
    "value, numerator, denominator, target, rag, NULL AS signal, NULL AS assurance, "
    "NULL AS spc_centre, NULL AS spc_lower, NULL AS spc_upper, full_history, "
    "NULL AS special_causes"
)


def _results(
    con: duckdb.DuckDBPyConnection, period_end: date, unit: Unit | None = None
) -> _Results:
    # At the report month also the year to date, the 12 months to it and, in March, the
    # financial year (the annual figure prefers it: published figures are for years).
    when = """(period_type = 'month' AND period_end <= ?
               OR period_type IN ('fytd', 'r12', 'year') AND period_end = ?)"""
    if unit is None:
        rows = con.execute(
            f"SELECT indicator_id, period_type, period_end, {_columns(con)} FROM results WHERE {when}",
            [period_end, period_end],
        ).fetchall()
    else:
        rows = con.execute(
            f"""SELECT indicator_id, period_type, period_end, {_UNIT_COLUMNS}
                FROM results_by_team WHERE level = ? AND name = ? AND {when}""",
            [unit.level, unit.name, period_end, period_end],
        ).fetchall()
        # The borough's months: a month in which the unit had no one is shown, as empty.
        rows += [
            ("", "month", end) + (None,) * len(_COLUMNS)
            for (end,) in con.execute(
                "SELECT DISTINCT period_end FROM results WHERE period_type = 'month' AND period_end <= ?",
                [period_end],
            ).fetchall()
        ]
    by: dict[str, dict[tuple[str, date], tuple]] = {}
    months: set[date] = set()
    for r in rows:
        if r[0]:
            by.setdefault(r[0], {})[(r[1], r[2])] = r[3:]
        if r[1] == "month":
            months.add(r[2])
    return _Results(by, months)


def _figure(ind: Indicator, r: tuple | None) -> Figure:
    if r is None:
        return Figure(None, None, None, ind.unit)
    return Figure(r[_V], r[_N], r[_D], ind.unit, incomplete=r[_FULL] is False)


def _row(
    ind: Indicator,
    results: _Results,
    months: list[date],
    period_end: date,
    comparators: dict[str, Comparator],
) -> PackRow:
    mine = results.by_indicator[ind.id]
    now = mine.get(("month", period_end))
    ytd = mine.get(("fytd", period_end)) or now
    history = [
        Point(end, _figure(ind, mine[("month", end)]))
        for end in sorted(e for k, e in mine if k == "month")
    ]
    by_end = {p.period_end: p.figure for p in history}
    latest = _figure(ind, ytd)
    latest.target = ytd[_TARGET] if ytd else None
    if ind.kind == "snapshot" and now is not None:
        # A position at the month end: the "latest" is the report month's own figure, so it has
        # the history the month has, though its year-to-date row starts in April.
        latest.incomplete = now[_FULL] is False
    annual = mine.get(("year", period_end)) or mine.get(("r12", period_end))
    return PackRow(
        indicator=ind,
        months=[by_end.get(m) or Figure(None, None, None, ind.unit) for m in months],
        latest=latest,
        target=latest.target,
        # An incomplete year to date is not rated: a Green beside too low a re-referral rate
        # would mislead, as a Red beside a suppressed figure would disclose (see suppression).
        rag="Grey" if ytd is None or latest.incomplete else ytd[_RAG],
        signal=now[_SIGNAL] if now else None,
        assurance=now[_ASSURANCE] if now else None,
        limits=(now[_CENTRE], now[_LOWER], now[_UPPER])
        if now and now[_CENTRE] is not None
        else None,
        history=history,
        comparators=comparators,
        special_causes=now[_MARKS] if now else None,
        annual=_figure(ind, annual) if annual else None,
    )
