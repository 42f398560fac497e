"""The pack as one self-contained HTML page: inline CSS and inline SVG, no script, no requests.

The PDF is printed from this same page (``reports.pdf``): ``print.css`` (its @page rules and an
@media print block) is inlined after ``pack.css``, so a browser prints the same A4 landscape
pages. Every figure is formatted by ``reports.formatting``; the template only lays them out.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from functools import cache
from importlib import resources

import jinja2
from markupsafe import Markup

from csc_insight.comparators.store import Comparator
from csc_insight.indicators.catalogue import DEFINITION_PARTS, slug
from csc_insight.indicators.periods import fy_label
from csc_insight.reports import charts, formatting
from csc_insight.reports.model import COMPARATOR_KINDS, COMPARATOR_LABELS, Pack, PackRow, Section

POLARITY = {"BIB": "BIB", "SIB": "SIB", "none": ""}
POLARITY_WORDS = {"BIB": "bigger is better", "SIB": "smaller is better", "none": "no polarity"}
PART_LABELS = {p: p.replace("_", " ").capitalize() for p in DEFINITION_PARTS}


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
        comparator_headers=comparator_headers,
        year_groups=year_groups,
        sparkline=sparkline,
        trend_chart=trend_chart,
        legend=charts.legend,
        POLARITY=POLARITY,
        POLARITY_WORDS=POLARITY_WORDS,
        PART_LABELS=PART_LABELS,
        COMPARATOR_KINDS=COMPARATOR_KINDS,
        COMPARATOR_LABELS=COMPARATOR_LABELS,
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
            report_month=f"{pack.period_end:%B %Y}",
            generated=f"{formatting.day(pack.generated_at.date())} {pack.generated_at:%H:%M}",
        )
    )


def target(row: PackRow) -> str:
    return formatting.target(row.target, row.indicator.unit)


def comparator(row: PackRow, kind: str, period: str) -> str:
    """A comparator's figure (or the publication's symbol), with its year when it differs from
    the column's."""
    c: Comparator | None = row.comparators.get(kind)
    if c is None:
        return ""
    text = formatting.value(c.value, row.indicator.unit) if c.value is not None else c.symbol or ""
    return text if c.time_period == period else f"{text} ({c.time_period})"


def comparator_headers(section: Section) -> dict[str, str]:
    """The time period each comparator column shows: the commonest among the section's rows."""
    out = {}
    for kind in COMPARATOR_KINDS:
        periods = Counter(
            r.comparators[kind].time_period for r in section.rows if kind in r.comparators
        )
        out[kind] = periods.most_common(1)[0][0] if periods else ""
    return out


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
    label = f"{row.indicator.id}, last {len(row.months)} months"
    return _inline(charts.sparkline([f.shown for f in row.months], label=label))


def trend_chart(row: PackRow) -> Markup:
    return _inline(charts.trend_chart(row, titled=False))
