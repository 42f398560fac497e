"""The pack as one self-contained HTML page: inline CSS and inline SVG, no script, no requests.

The PDF is printed from this same page (``reports.pdf``): ``print.css`` (its @page rules and an
@media print block) is inlined after ``pack.css``, so a browser prints the same A4 landscape
pages. Every figure is formatted by ``reports.formatting``; the template only lays them out. On a
screen the page reads from a phone (390 px: lists stacked, tables scrolling sideways with the RAG
and year-to-date columns kept in view, charts one across) to a desktop.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import cache
from importlib import resources

import jinja2
from markupsafe import Markup, escape

from csc_insight.comparators.store import Comparator
from csc_insight.education.figures import NOT_PUBLISHED_TEXT
from csc_insight.education.measures import Measure as EdMeasure
from csc_insight.indicators.catalogue import DEFINITION_PARTS, slug
from csc_insight.indicators.periods import fy_label
from csc_insight.reports import (
    charts,
    education_section,
    finance,
    forecast_section,
    formatting,
    glossary,
)
from csc_insight.reports.forecast_run import GroupFan
from csc_insight.reports.forecast_section import ForecastSection
from csc_insight.reports.model import COMPARATOR_KINDS, Figure, Pack, PackRow, Section

#: The "Better if" column: polarity in words (the seed pack's BIB and SIB are in the glossary).
BETTER_IF = {"BIB": "Higher", "SIB": "Lower", "none": ""}
POLARITY_WORDS = {"BIB": "bigger is better", "SIB": "smaller is better", "none": "no polarity"}
PART_LABELS = {p: p.replace("_", " ").capitalize() for p in DEFINITION_PARTS}
#: Comparator column headings, short enough for a 10 mm column at 8 pt.
COMPARATOR_HEADINGS = {
    "own": "Own (DfE)",
    "stat_neighbours": "Stat. neigh\u00adbours",  # a soft hyphen: one word too wide for 10 mm
    "region": "London",
    "england": "England",
}
#: Charts per row of the appendix: four across an A4 landscape page keeps their type at 8 pt
#: and three rows to a page.
CHARTS_PER_ROW = 4
INCOMPLETE_MARK = "*"
ANNUAL_MARK = "†"


@cache
def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("csc_insight.reports", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals.update(
        month=formatting.month,
        slug=slug,
        target=target,
        comparator=comparator,
        year_groups=year_groups,
        sparkline=sparkline,
        trend_chart=trend_chart,
        legend=charts.legend,
        caption=charts.caption,
        chart_key=charts.KEY,
        incomplete=incomplete,
        annual_notes=annual_notes,
        BETTER_IF=BETTER_IF,
        POLARITY_WORDS=POLARITY_WORDS,
        PART_LABELS=PART_LABELS,
        COMPARATOR_KINDS=COMPARATOR_KINDS,
        COMPARATOR_HEADINGS=COMPARATOR_HEADINGS,
        CHARTS_PER_ROW=CHARTS_PER_ROW,
        GLOSSARY=glossary.TERMS,
        INCOMPLETE_MARK=INCOMPLETE_MARK,
        ANNUAL_MARK=ANNUAL_MARK,
        FINANCE_TITLE=finance.TITLE,
        EDUCATION_TITLE=education_section.TITLE,
        NOT_PUBLISHED=NOT_PUBLISHED_TEXT,
        ed_figure=education_section.figure,
        ed_polarity=education_section.polarity,
        tone_class=education_section.tone_class,
        ed_spark=ed_sparkline,
        ed_points=education_section.points,
        cell_class=cell_class,
        FORECAST_TITLE=forecast_section.TITLE,
        forecast_chart=forecast_chart,
        trajectory_text=charts.trajectory_text,
        forecast_limits=forecast_section.LIMITS,
    )
    return env


@cache
def _stylesheet() -> Markup:
    """pack.css then print.css, inlined; our own files, so not escaped (quotes would break)."""
    folder = resources.files("csc_insight.reports").joinpath("templates")
    text = "\n".join(folder.joinpath(n).read_text("utf-8") for n in ("pack.css", "print.css"))
    return Markup(text)  # noqa: S704


def render_html(pack: Pack) -> str:
    return (
        _env()
        .get_template("pack.html.j2")
        .render(
            pack=pack,
            css=_stylesheet(),
            charted={r.indicator.id for r in pack.rows()},  # a bullet links to its chart
            area_titles={s.area: s.title for s in pack.sections},
            report_month=f"{pack.period_end:%B %Y}",
            generated=f"{formatting.day(pack.generated_at.date())} {pack.generated_at:%H:%M}",
        )
    )


def target(row: PackRow) -> str:
    return formatting.target(row.target, row.indicator.unit)


def comparator(row: PackRow, kind: str) -> Markup:
    """A comparator's figure (or the publication's symbol); marked when it is a count for a
    whole year, which the year to date beside it is not; with its own period beneath it when
    that is not the row's Year."""
    c: Comparator | None = row.comparators.get(kind)
    if c is None:
        return Markup("")
    text = formatting.value(c.value, row.indicator.unit) if c.value is not None else c.symbol or ""
    if row.annual_comparators and c.value is not None:
        text += ANNUAL_MARK
    if c.time_period == row.comparator_year:
        return escape(text)
    return escape(text) + Markup('<span class="yr">') + escape(c.time_period) + Markup("</span>")


def incomplete(section: Section) -> bool:
    """Whether any figure the section's table prints lacks the history its measure needs."""
    return any(f.incomplete for r in section.rows for f in [*r.months, r.latest])


def annual_notes(section: Section, pack: Pack) -> list[str]:
    """A footnote per count whose comparators are annual: the published figures are for a
    whole year, so the council's own 12 months are given beside them (like with like)."""
    return [_annual_note(r, pack) for r in section.rows if r.annual_comparators]


def _annual_note(row: PackRow, pack: Pack) -> str:
    own = _annual_text(row.annual)
    to = formatting.month_long(pack.period_end)
    years = sorted({c.time_period for c in row.comparators.values()})
    whole = f"the whole year {years[0]}" if len(years) == 1 else f"whole years ({', '.join(years)})"
    return (
        f"{ANNUAL_MARK} {row.indicator.id} ({row.title}): the published figures are counts for "
        f"{whole}; the council's own count for the 12 months to {to} is {own}."
    )


def _annual_text(fig: Figure | None) -> str:
    if fig is not None and fig.suppressed:
        return fig.text  # c: a published pack holds no number for it (reports.suppression)
    if fig is None or fig.value is None:
        return "not available (fewer than 12 months loaded)"
    if fig.incomplete and not fig.suppressed:
        return f"{fig.text} (incomplete history)"
    return fig.text


def year_groups(months: list[date]) -> list[tuple[str, int]]:
    """(financial year, number of months) spanned by the month columns, for the header row."""
    groups: list[tuple[str, int]] = []
    for m in months:
        fy = fy_label(m)
        if groups and groups[-1][0] == fy:
            groups[-1] = (fy, groups[-1][1] + 1)
        else:
            groups.append((fy, 1))
    return groups


def _inline(svg: str) -> Markup:
    """An SVG string for inline use: the HTML parser gives <svg> its namespace, so the page need
    not carry the namespace URL. The charts escape their own text."""
    return Markup(svg.replace(f' xmlns="{charts.SVG_NS}"', "", 1))  # noqa: S704


def sparkline(row: PackRow) -> Markup:
    label = f"{row.title}, last {len(row.months)} months"
    return _inline(charts.sparkline([f.shown for f in row.months], label=label))


def ed_sparkline(measure: EdMeasure, points: list[float | None], what: str) -> Markup:
    """The pack's sparkline for an education row: a gap where a figure is not published (or,
    in a published pack, suppressed)."""
    label = f"{measure.id} {measure.title}, {what}"
    return _inline(charts.sparkline(points, label=label))


def trend_chart(row: PackRow, trajectory: Sequence[tuple[date, float]] = ()) -> Markup:
    return _inline(charts.trend_chart(row, titled=False, trajectory=trajectory))


def forecast_chart(section: ForecastSection, fan: GroupFan, title: str) -> Markup:
    """A fan chart of the forecast section: the dashboard's (web/forecast_chart.py), so the page
    and the pack draw a forecast alike; the local chart carries the target's trajectory."""
    from csc_insight.reports.fan_chart import Fan, fan_chart

    path = section.run.trajectory if fan.group == "local" else []
    return _inline(
        fan_chart(title, section.run.months, section.actual(fan), [Fan("baseline", fan.q)], path)
    )


def interactive_chart(row: PackRow) -> Markup:
    """The dashboard's trend chart: larger, with a focusable point per month (charts._points)."""
    return _inline(charts.trend_chart(row, width=480, height=220, points=True))


#: A status word's colour in the finance section: the pack's RAG colours, the word always beside.
STATUS_COLOURS = {
    "red": "red", "breached": "red", "off track": "red", "overdue": "red", "limited": "red",
    "amber": "amber", "watch": "amber", "some concerns": "amber", "slipped": "amber",
    "green": "green", "holds": "green", "on track": "green", "completed": "green",
}  # fmt: skip


def cell_class(cell: finance.Cell, prose: bool) -> str:
    """A finance cell's classes: figures right-aligned, prose allowed to wrap, a status word
    coloured by its first word (``breached since 2021-03`` is red)."""
    if cell.kind == "rag":
        word = str(cell.value or "").split(" since ")[0].lower()
        return f"rag rag-{STATUS_COLOURS.get(word, 'grey')}"
    if cell.numeric:
        return "num"
    return "prose" if prose else "text"
