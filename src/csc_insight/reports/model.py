"""The committee pack as data: built once from the results table, drawn by every renderer.

The HTML page, the PDF and the Excel workbook all draw the same ``Pack``: sections in the seed
pack's order, a row per indicator with its last 12 monthly values, target, RAG, year-to-date or
latest figure, comparators, SPC signal and the monthly history for its chart. Renderers format
with ``reports.formatting`` and never compute a figure.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import ClassVar

import duckdb

from csc_insight.comparators import store as comparator_store
from csc_insight.comparators.store import Comparator
from csc_insight.errors import CscError
from csc_insight.indicators import catalogue
from csc_insight.indicators.catalogue import Indicator
from csc_insight.indicators.periods import fy_label
from csc_insight.reports import formatting, suppression
from csc_insight.store import db
from csc_insight.store.sql import table_exists

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

    @property
    def latest_label(self) -> str:
        return "YTD" if self.indicator.kind == "flow" else "Latest"


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

    @property
    def marking(self) -> str:
        """Protective marking: internal packs carry every figure, so they are sensitive."""
        return "PUBLISHED: small numbers suppressed" if self.published else "OFFICIAL-SENSITIVE"

    def rows(self) -> list[PackRow]:
        return [r for s in self.sections for r in s.rows]


def build(
    store: str | os.PathLike[str] | None,
    period: str | None = None,
    *,
    published: bool = False,
    threshold: int = suppression.DEFAULT_THRESHOLD,
) -> Pack:
    con = db.connect(store, read_only=True)
    try:
        return build_from(con, period, published=published, threshold=threshold)
    finally:
        con.close()


def build_from(
    con: duckdb.DuckDBPyConnection,
    period: str | None = None,
    *,
    published: bool = False,
    threshold: int = suppression.DEFAULT_THRESHOLD,
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
    results = _results(con, period_end)
    months = sorted({pe for pe in results.months if pe <= period_end})[-MONTHS_SHOWN:]
    sections = []
    for area, title in catalogue.AREAS.items():
        rows = [
            _row(ind, results, months, period_end, comparator_store.latest(con, ind.id))
            for ind in catalogue.load()
            if ind.area == area and ind.id in results.by_indicator
        ]
        if rows:
            sections.append(Section(area, title, rows))
    pack = Pack(
        period=period,
        period_end=period_end,
        months=months,
        financial_year=fy_label(period_end),
        sections=sections,
        published=published,
        generated_at=datetime.now(),
        threshold=threshold,
    )
    if published:
        suppression.apply(pack, threshold)
    return pack


@dataclass
class _Results:
    by_indicator: dict[str, dict[tuple[str, date], tuple]]
    months: set[date]


def _results(con: duckdb.DuckDBPyConnection, period_end: date) -> _Results:
    rows = con.execute(
        """SELECT indicator_id, period_type, period_end, value, numerator, denominator, target, rag,
                  signal, assurance, spc_centre, spc_lower, spc_upper
           FROM results
           WHERE period_type = 'month' AND period_end <= ?
              OR period_type = 'fytd' AND period_end = ?""",
        [period_end, period_end],
    ).fetchall()
    by: dict[str, dict[tuple[str, date], tuple]] = {}
    months: set[date] = set()
    for r in rows:
        by.setdefault(r[0], {})[(r[1], r[2])] = r[3:]
        if r[1] == "month":
            months.add(r[2])
    return _Results(by, months)


def _row(
    ind: Indicator,
    results: _Results,
    months: list[date],
    period_end: date,
    comparators: dict[str, Comparator],
) -> PackRow:
    mine = results.by_indicator[ind.id]

    def figure(kind: str, end: date) -> Figure:
        r = mine.get((kind, end))
        if r is None:
            return Figure(None, None, None, ind.unit)
        return Figure(r[0], r[1], r[2], ind.unit)

    now = mine.get(("month", period_end))
    ytd = mine.get(("fytd", period_end)) or now
    history = [
        Point(end, figure("month", end)) for end in sorted(e for k, e in mine if k == "month")
    ]
    by_end = {p.period_end: p.figure for p in history}
    latest = (
        figure("fytd", period_end) if ("fytd", period_end) in mine else figure("month", period_end)
    )
    latest.target = ytd[3] if ytd else None
    return PackRow(
        indicator=ind,
        months=[by_end.get(m) or Figure(None, None, None, ind.unit) for m in months],
        latest=latest,
        target=latest.target,
        rag=ytd[4] if ytd else "Grey",
        signal=now[5] if now else None,
        assurance=now[6] if now else None,
        limits=(now[7], now[8], now[9]) if now and now[7] is not None else None,
        history=history,
        comparators={k: v for k, v in comparators.items() if k in COMPARATOR_KINDS},
    )
