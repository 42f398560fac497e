"""The Education page (issue 22): the monthly and annual tables of the education dashboard and
the authority's schools against the borough and England,
each measure's trend as a small inline SVG sparkline (drawn here: no JavaScript, no CDN), the
change and the gaps to England and the neighbours with an arrow coloured by the measure's
polarity and a word saying whether it is better or worse, the SEND placements, the EHCP
scenarios and the high-needs block.

The monthly figures are the catalogue's education indicators as `csc compute` left them in the
store (loaded by `csc ingest`); the annual table, the SEND placements, the EHCP scenarios and
the high-needs block are the ones the dashboard holds (`csc education load FILES|--demo`).
Every figure is computed by education/tables.py, compare.py, send.py and high_needs.py, and written by
figures.show, so a month or year without one reads "not published", never 0 or a blank. No
child is named on the page: anyone signed in reads it; a viewer sees the monthly counts of
children as a published pack shows them, those from 1 to the threshold suppressed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from csc_insight.education import computed, high_needs, send, tables
from csc_insight.education.commands import first_month
from csc_insight.education.compare import Movement
from csc_insight.education.figures import NOT_PUBLISHED_TEXT, show
from csc_insight.education.measures import measure_key
from csc_insight.education.model import EducationRecords, MonthlyFigure
from csc_insight.reports import education_section
from csc_insight.reports.suppression import DEFAULT_THRESHOLD
from csc_insight.web import data, entered
from csc_insight.web.roles import has, needs

WIDTH, HEIGHT, PAD = 120, 28, 3


def sparkline(points: Sequence[float | None], label: str) -> SafeString:
    """The trend as an inline SVG: a line through the published points, broken where a figure
    is not published (a gap, never a drop to 0), the last point marked. ``label`` is what a
    screen reader says."""
    shown = [p for p in points if p is not None]
    if not shown:
        return format_html('<span class="app-spark-none">{}</span>', NOT_PUBLISHED_TEXT)
    low, high = min(shown), max(shown)
    span = (high - low) or 1.0
    step = (WIDTH - 2 * PAD) / max(len(points) - 1, 1)

    def xy(i: int, v: float) -> str:
        y = HEIGHT - PAD - (v - low) / span * (HEIGHT - 2 * PAD)
        return f"{PAD + i * step:.1f},{y:.1f}"

    runs: list[list[str]] = [[]]
    for i, v in enumerate(points):
        if v is None:
            runs.append([])
        else:
            runs[-1].append(xy(i, v))
    lines = format_html_join(
        "", '<polyline points="{}" fill="none" stroke="currentColor" stroke-width="1.5"/>',
        ((" ".join(r),) for r in runs if len(r) > 1),
    )  # fmt: skip
    dots = format_html_join(
        "", '<circle cx="{}" cy="{}" r="1.5" fill="currentColor"/>',
        (tuple(r[0].split(",")) for r in runs if len(r) == 1),
    )  # fmt: skip
    last = next((i, v) for i, v in reversed(list(enumerate(points))) if v is not None)
    end = xy(*last).split(",")
    return format_html(
        '<svg class="app-spark" width="{}" height="{}" viewBox="0 0 {} {}" role="img" '
        'aria-label="{}">{}{}<circle cx="{}" cy="{}" r="2.5" fill="currentColor"/></svg>',
        WIDTH, HEIGHT, WIDTH, HEIGHT, label, lines, dots, end[0], end[1],
    )  # fmt: skip


def movement(m: Movement) -> dict[str, str]:
    """An arrow and its words, and the colour its tone gives (better green, worse red)."""
    return {"text": m.text(), "tone": m.tone}


def _month(d: date) -> str:
    return f"{d:%b %Y}"


def _monthly(
    rows: Sequence[tables.MonthlyRow], records: EducationRecords, suppressed: bool
) -> list[dict[str, Any]]:
    """The monthly table's rows. ``suppressed`` (a viewer, who sees what a published pack
    shows): each count of children from 1 to the threshold reads ``c``, is left out of the
    sparkline (whose height would tell it) and hides the change it is part of, as
    education_section.suppress does for the published pack."""
    out = []
    defined = _definitions()
    for r in rows:
        m = r.measure
        first, last = _month(r.months[0]), _month(r.months[-1])
        before = next(
            (
                f.value
                for f in records.monthly
                if measure_key(f.measure) == measure_key(m.id)
                and f.month == tables.year_before(r.months[-1])
            ),
            None,
        )
        line = education_section.suppress(r, before, suppressed, DEFAULT_THRESHOLD)
        definition = defined.get(measure_key(m.id), [])
        texts = line.texts()
        out.append(
            {
                "m": m,
                "spark": sparkline(line.points(), f"{m.title}, {first} to {last}"),
                "latest": texts[-1] if texts else show(r.latest, m.decimals),
                "change": {"text": line.change_text, "tone": ""}
                if line.change_hidden
                else movement(r.change),
                "months": [(_month(d), t) for d, t in zip(r.months, texts, strict=True)],
                "definition": definition,
            }
        )
    return out


def _definitions() -> dict[str, list[tuple[str, str]]]:
    """Each education measure's definition, from the catalogue (a computed indicator's or a
    published figure's): what the page's "Definition" under a measure shows."""
    from csc_insight.indicators import catalogue
    from csc_insight.reports.html import PART_LABELS

    found = [(i.id, i.area, i.definition) for i in catalogue.load()]
    found += [(p.id, p.area, p.definition) for p in catalogue.published_figures()]
    return {
        measure_key(ident): [(PART_LABELS[k], v) for k, v in parts.items() if k in PART_LABELS]
        for ident, area, parts in found
        if area == "education"
    }


def _annual(rows: Sequence[tables.AnnualRow]) -> list[dict[str, Any]]:
    defined = _definitions()
    return [
        {
            "m": r.measure,
            "definition": defined.get(measure_key(r.measure.id), []),
            "values": [show(v, r.measure.decimals) for v in r.values],
            "spark": sparkline(r.trend, f"{r.measure.title}, {r.years[0]} to {r.years[-1]}"),
            "latest_year": r.latest_year,
            "change": movement(r.change),
            "england": show(r.england, r.measure.decimals),
            "vs_england": movement(r.vs_england),
            "neighbours": show(r.neighbours, r.measure.decimals),
            "vs_neighbours": movement(r.vs_neighbours),
        }
        for r in rows
    ]


def _schools(found: Sequence[tables.SchoolTable]) -> list[dict[str, Any]]:
    """Each measure's schools in its latest year, worst against England first. Rates and
    scores, not counts of children: a viewer sees them whole, nothing to suppress."""
    return [
        {
            "m": t.measure,
            "year": t.year,
            "year_before": t.year - 1,
            "borough": show(t.borough, t.measure.decimals),
            "england": show(t.england, t.measure.decimals),
            "series_break": t.series_break,
            "rows": [
                {
                    "name": r.name,
                    "urn": r.urn,
                    "value": show(r.value, t.measure.decimals),
                    "change": movement(r.change),
                    "vs_borough": movement(r.vs_borough),
                    "vs_england": movement(r.vs_england),
                }
                for r in t.rows
            ],
        }
        for t in found
    ]


def _k(v: float | None) -> str:
    return "" if v is None else f"{v:,.0f}"


def _high_needs(rows: Sequence[high_needs.HighNeedsRow]) -> list[dict[str, str]]:
    return [
        {
            "year": r.year,
            "allocation": _k(r.allocation),
            "spend": _k(r.spend),
            "overspend": _k(r.overspend),
            "cumulative": _k(r.cumulative),
            "plan": _k(r.plan_deficit),
            "vs_plan": _k(r.against_plan),
            "dsg": _k(r.dsg_deficit),
        }
        for r in rows
    ]


def _computed_monthly() -> tuple[MonthlyFigure, ...]:
    """The monthly figures as `csc compute` left them in the published store (the catalogue's
    education indicators); none before anything is computed."""
    try:
        _, cur = data.cursor()
    except data.NoResults:
        return ()
    try:
        return computed.monthly_figures(cur)
    finally:
        cur.close()


@needs("viewer")
def page(request: HttpRequest) -> HttpResponse:
    records = entered.education().with_monthly(_computed_monthly())
    monthly = tables.monthly_table(records.monthly, since=first_month(records))
    annual = tables.annual_table(records.annual)
    schools = tables.school_table(records)
    placements = send.placement_table(records.placements)
    share = send.share_out_of_borough(placements)
    hn = high_needs.table(records.high_needs)
    context = {
        "empty": not (monthly or annual or schools or placements or records.scenarios or hn),
        "monthly": _monthly(monthly, records, suppressed=not has(request.user, "manager")),
        "monthly_span": f"{_month(monthly[0].months[0])} to {_month(monthly[0].months[-1])}"
        if monthly
        else "",
        "latest_month": _month(monthly[0].months[-1]) if monthly else "",
        "annual": _annual(annual),
        "years": annual[0].years if annual else (),
        "schools": _schools(schools),
        "placements_year": send.latest_year(records.placements),
        "placements": [
            {
                "label": r.label,
                "establishments": "" if r.establishments is None else f"{r.establishments:,}",
                "pupils": f"{r.pupils:,}",
                "cost": f"£{r.cost:,}",
                "per_pupil": "" if r.cost_per_pupil is None else f"£{r.cost_per_pupil:,.0f}",
            }
            for r in placements
        ],
        "share": None if share is None else f"{share:.1f}%",
        "scenarios": [
            {"reduced": f"{r.reduced:,}", "unit": f"£{r.unit_cost:,}", "saving": f"£{r.saving:,}"}
            for r in send.scenario_table(records.scenarios)
        ],
        "high_needs": _high_needs(hn),
        "disagreements": high_needs.disagreements(hn),
    }
    return render(request, "web/education.html", context)
