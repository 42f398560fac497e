"""SVG charts for the pack: a sparkline per table row and a trend chart per indicator.

Drawn as SVG text, not with a plotting library: a few KB each, no script, byte-identical for the
same pack, and the HTML page and the PDF embed the same strings. Charts plot ``Figure.shown``, so
a figure suppressed in a published pack is a gap, never a point. Every number printed goes through
``reports.formatting``. Independent of Excel: the workbook draws its own native charts.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape
from typing import TYPE_CHECKING

from csc_insight.indicators import spc
from csc_insight.reports import formatting

if TYPE_CHECKING:
    from csc_insight.reports.model import PackRow

SVG_NS = "http://www.w3.org/2000/svg"
FONT = "'DejaVu Sans Condensed', 'Arial Narrow', Arial, sans-serif"  # as print.css, condensed first
INK = "#1f3864"  # the series: dark blue
TARGET = "#b34700"  # burnt orange, distinct from the blue in greyscale too
CENTRE = "#6b6b6b"
LIMIT = "#9a9a9a"
GRID = "#e3e3e3"
AXIS = "#4d4d4d"
#: Special-cause points, coloured as NHS England's "Making Data Count" charts colour them.
MARKS = {"improving": "#2e75b6", "concerning": "#e46c0a", "special": "#7030a0"}
MARK_TEXT = {
    "improving": "Special cause, improving",
    "concerning": "Special cause, concerning",
    "special": "Special cause",
}
#: How each line is drawn: colour, dash pattern, width. The legend uses the same keys.
STYLES = {
    "value": (INK, "", 1.5),
    "target": (TARGET, "6 3", 1.4),
    "centre": (CENTRE, "", 1.0),
    "lower": (LIMIT, "3 2", 1.0),
    "upper": (LIMIT, "3 2", 1.0),
    "limits": (LIMIT, "3 2", 1.0),
    "note": ("none", "", 0),
}

#: The finest axis step each unit's format can print (whole numbers, or one decimal place).
MIN_STEP = {"percent": 1.0, "count": 1.0, "rate_per_10k": 0.1, "average": 0.1, "money_k": 1000.0}
#: Where a unit's values can physically lie; a process limit outside it is not drawn.
BOUNDS = {"percent": (0.0, 100.0)}
DEFAULT_BOUNDS = (0.0, math.inf)


def _n(x: float) -> str:
    """A coordinate, short: one decimal place, no trailing zero."""
    return f"{x:.1f}".removesuffix(".0")


def _runs(xy: Sequence[tuple[float, float] | None]) -> list[list[tuple[float, float]]]:
    """Consecutive plotted points, split where a value is missing or suppressed."""
    runs: list[list[tuple[float, float]]] = [[]]
    for p in xy:
        if p is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append(p)
    return [r for r in runs if r]


def _path(runs: list[list[tuple[float, float]]]) -> str:
    return " ".join(
        "M" + " L".join(f"{_n(x)} {_n(y)}" for x, y in run) for run in runs if len(run) > 1
    )


def sparkline(
    points: Sequence[float | None],
    *,
    width: int = 60,
    height: int = 16,
    label: str = "Last 12 months",
) -> str:
    """A tiny line for a row's months (oldest first); None (missing or suppressed) is a gap.

    Always returns an ``<svg>``, empty when nothing can be plotted, so every row has one.
    """
    pad = 2.0
    head = (
        f'<svg xmlns="{SVG_NS}" class="spark" width="{width}" height="{height}"'
        f' viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}">'
        f"<title>{escape(label)}</title>"
    )
    known = [v for v in points if v is not None]
    if not known:
        return head + "</svg>"
    lo, hi = min(known), max(known)
    span = hi - lo

    def xy(i: int, v: float | None) -> tuple[float, float] | None:
        if v is None:
            return None
        x = pad + (width - 2 * pad) * (i / max(len(points) - 1, 1))
        y = height / 2 if span == 0 else height - pad - (height - 2 * pad) * (v - lo) / span
        return x, y

    runs = _runs([xy(i, v) for i, v in enumerate(points)])
    parts = [head]
    if path := _path(runs):
        parts.append(f'<path d="{path}" fill="none" stroke="{INK}" stroke-width="1.1"/>')
    # Lone points (a month between two gaps) and the latest point get a dot.
    dots = [run[0] for run in runs if len(run) == 1] + [runs[-1][-1]]
    parts += [f'<circle cx="{_n(x)}" cy="{_n(y)}" r="1.5" fill="{INK}"/>' for x, y in dots]
    return "".join(parts) + "</svg>"


def nice_ticks(lo: float, hi: float, *, count: int = 3, min_step: float = 0.0) -> list[float]:
    """Round axis values covering lo..hi in about ``count`` steps of 1, 2 or 5 x 10^k, never
    finer than ``min_step`` (the formatter's precision, so no two labels print the same)."""
    if hi <= lo:
        hi = lo + 1
    raw = (hi - lo) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    step = max(step, min_step)
    first = math.floor(lo / step) * step
    last = math.ceil(hi / step) * step
    n = round((last - first) / step)
    return [round(first + i * step, 10) for i in range(n + 1)]


def _month_ticks(ends: Sequence[date], *, labels: bool) -> list[int]:
    """Indexes of the months to mark: months or quarters on a short chart, else every April (the
    start of the financial year); a long chart labels every other April, so labels never crowd."""
    n = len(ends)
    if n <= 30:
        every = 1 if n <= 6 else 3 if n <= 15 else 6
        return [i for i, d in enumerate(ends) if (d.month - 4) % every == 0]
    aprils = [i for i, d in enumerate(ends) if d.month == 4]
    return aprils[::-2][::-1] if labels and n > 48 else aprils


def _wrap(text: str, width: int, lines: int) -> list[str]:
    out: list[str] = []
    words = text.split()
    while words and len(out) < lines:
        line = words.pop(0)
        while words and len(line) + 1 + len(words[0]) <= width:
            line += " " + words.pop(0)
        out.append(line)
    if words:
        out[-1] = out[-1][: width - 1].rstrip() + "…"
    return out


def _description(row: PackRow, ends: list[date], shown: list[float | None]) -> str:
    """The chart in words, for a screen reader: the same facts as the legend."""
    unit = row.indicator.unit
    parts = [f"Monthly values from {formatting.month(ends[0])} to {formatting.month(ends[-1])}"]
    if shown[-1] is not None:
        parts.append(f"{formatting.month(ends[-1])}: {formatting.value(shown[-1], unit)}")
    parts += [text for key, text in legend(row) if key not in ("value", "note")]
    if hidden := sum(p.figure.suppressed for p in row.history):
        parts.append(f"{hidden} month(s) with small numbers are suppressed and not plotted")
    if row.indicator.polarity != "none":
        parts.append("Bigger is better" if row.indicator.polarity == "BIB" else "Smaller is better")
    return ". ".join(parts) + "."


@dataclass(frozen=True)
class _Plot:
    """The plotting area of a trend chart and its scales."""

    left: float
    right: float
    top: float
    bottom: float
    y0: float
    y1: float
    months: int

    def x(self, i: int) -> float:
        return self.left + (self.right - self.left) * (i / max(self.months - 1, 1))

    def y(self, v: float) -> float:
        return self.bottom - (self.bottom - self.top) * (v - self.y0) / (self.y1 - self.y0)


def trend_chart(row: PackRow, *, width: int = 360, height: int = 170, titled: bool = True) -> str:
    """The indicator's monthly history with its target, centre line and natural process limits.

    ``titled=False`` leaves out the visible title and legend, for a page that prints them as
    HTML (see ``legend``): WeasyPrint lays out SVG text one letter at a time, so a pack of 60
    charts would spend much of its PDF time on them. The <title> and <desc> are always there.
    """
    ind, unit = row.indicator, row.indicator.unit
    heading = f"{ind.id}: {ind.title}"
    parts = [
        f'<svg xmlns="{SVG_NS}" class="trend" width="{width}" height="{height}"'
        f' viewBox="0 0 {width} {height}" role="img" font-family="{FONT}" font-size="10"'
        f' fill="{AXIS}"><title>{escape(heading)}</title>'
    ]
    ends = [p.period_end for p in row.history]
    if not ends:
        return parts[0] + "<desc>No monthly results.</desc></svg>"
    shown = [p.figure.shown for p in row.history]
    parts.append(f"<desc>{escape(_description(row, ends, shown))}</desc>")
    title = _wrap(heading, round(width / 6), 2) if titled else []
    parts += [
        f'<text x="1" y="{11 + 13 * i}" font-weight="bold" fill="#1a1a1a">{escape(line)}</text>'
        for i, line in enumerate(title)
    ]
    lines = reference_lines(row)
    extent = [v for v in [*shown, *lines.values()] if v is not None]
    ticks = nice_ticks(
        min(extent, default=0), max(extent, default=1), min_step=MIN_STEP.get(unit, 0.0)
    )
    plot = _Plot(
        40, width - 6, 8 + 13 * len(title), height - (34 if titled else 18),
        ticks[0], ticks[-1], len(ends),
    )  # fmt: skip
    parts += _axes(plot, ticks, ends, unit) + _reference(plot, lines)
    parts += _series(plot, shown) + _marks(plot, shown, special_causes(row))
    if titled:
        parts.append(_svg_legend(legend(row), height - 6))
    return "".join(parts) + "</svg>"


def _axes(plot: _Plot, ticks: list[float], ends: list[date], unit: str) -> list[str]:
    """Grid lines and value labels; month tick marks and labels. One path each for the grid
    and the marks: fewer elements print faster."""
    grid = " ".join(f"M{plot.left} {_n(plot.y(t))} H{plot.right}" for t in ticks)
    marks = " ".join(f"M{_n(plot.x(i))} {plot.bottom} v3" for i in _month_ticks(ends, labels=False))
    out = [
        f'<path d="{grid}" stroke="{GRID}"/>'
        f'<path d="{marks} M{plot.left} {plot.bottom} H{plot.right}" stroke="{AXIS}"/>'
    ]
    out += [
        f'<text x="{plot.left - 3}" y="{_n(plot.y(t) + 3.5)}" text-anchor="end">'
        f"{escape(formatting.value(t, unit))}</text>"
        for t in ticks
    ]
    out += [
        f'<text x="{_n(plot.x(i))}" y="{plot.bottom + 13}" text-anchor="middle">'
        f"{formatting.month(ends[i])}</text>"
        for i in _month_ticks(ends, labels=True)
    ]
    return out


def _reference(plot: _Plot, lines: dict[str, float | None]) -> list[str]:
    out = []
    for name, v in lines.items():
        if v is not None:
            colour, dash, stroke = STYLES[name]
            dashes = f' stroke-dasharray="{dash}"' if dash else ""
            out.append(
                f'<path d="M{plot.left} {_n(plot.y(v))} H{plot.right}" stroke="{colour}"'
                f' stroke-width="{stroke}"{dashes}/>'
            )
    return out


def _series(plot: _Plot, shown: list[float | None]) -> list[str]:
    """The monthly values as a line, broken where a month is missing or suppressed; a dot on
    the latest point and on any point standing alone between gaps."""
    runs = _runs([None if v is None else (plot.x(i), plot.y(v)) for i, v in enumerate(shown)])
    if not runs:
        return []
    path = _path(runs)
    out = [f'<path d="{path}" fill="none" stroke="{INK}" stroke-width="1.5"/>'] if path else []
    dots = [run[0] for run in runs if len(run) == 1] + [runs[-1][-1]]
    out += [f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="2.4" fill="{INK}"/>' for cx, cy in dots]
    return out


def special_causes(row: PackRow) -> list[str | None]:
    """For each month of the history, the kind of special cause it is (a key of MARKS), judged
    as the results table's limits are: XmR over every month with a value up to the report month.
    None for common cause, a month without a value, or too few months to judge."""
    return list(_kinds(tuple(p.figure.value for p in row.history), row.indicator.polarity))


@functools.lru_cache(maxsize=256)  # the chart, its legend and its description all ask
def _kinds(values: tuple[float | None, ...], polarity: str) -> tuple[str | None, ...]:
    chart = spc.xmr([v for v in values if v is not None])
    if chart is None:
        return (None,) * len(values)
    flags = iter(chart.flags)
    out: list[str | None] = []
    for v in values:
        flag = 0 if v is None else next(flags)
        if not flag:
            out.append(None)
        elif polarity == "none":
            out.append("special")
        else:
            out.append("improving" if flag == (1 if polarity == "BIB" else -1) else "concerning")
    return tuple(out)


def _marks(plot: _Plot, shown: list[float | None], kinds: list[str | None]) -> list[str]:
    """A coloured diamond on each special-cause point the chart shows: one path per kind, since
    WeasyPrint's time grows with the number of SVG elements (and arcs cost more than lines)."""
    dots: dict[str, list[str]] = {}
    for i, (v, k) in enumerate(zip(shown, kinds, strict=True)):
        if k is not None and v is not None:
            x, y = plot.x(i), plot.y(v) - 3.5
            dots.setdefault(k, []).append(f"M{_n(x)} {_n(y)}l3.5 3.5l-3.5 3.5l-3.5 -3.5z")
    return [f'<path d="{"".join(d)}" fill="{MARKS[k]}"/>' for k, d in dots.items()]


def reference_lines(row: PackRow) -> dict[str, float | None]:
    """Target, centre and the process limits that can physically occur (a lower limit below 0
    for a count says nothing, so it is not drawn)."""
    lo_ok, hi_ok = BOUNDS.get(row.indicator.unit, DEFAULT_BOUNDS)
    centre, lower, upper = row.limits or (None, None, None)
    return {
        "target": row.target,
        "centre": centre,
        "lower": lower if lower is not None and lower >= lo_ok else None,
        "upper": upper if upper is not None and upper <= hi_ok else None,
    }


def legend(row: PackRow) -> list[tuple[str, str]]:
    """(style key, text) for each line the chart draws, values formatted for the reader."""
    unit = row.indicator.unit
    lines = reference_lines(row)
    items = [("value", "Monthly value")]
    if lines["target"] is not None:
        items.append(("target", f"Target {formatting.value(lines['target'], unit)}"))
    if lines["centre"] is not None:
        items.append(("centre", f"Mean {formatting.value(lines['centre'], unit)}"))
    lower, upper = (formatting.value(lines[k], unit) for k in ("lower", "upper"))
    if lower and upper:
        items.append(("limits", f"Process limits {lower} to {upper}"))
    elif lower or upper:
        items.append(("limits", f"{'Lower' if lower else 'Upper'} process limit {lower or upper}"))
    shown = [p.figure.shown for p in row.history]
    for kind in MARKS:
        n = sum(
            k == kind and v is not None for k, v in zip(special_causes(row), shown, strict=True)
        )
        if n:
            items.append((kind, f"{MARK_TEXT[kind]} ({n} {'month' if n == 1 else 'months'})"))
    if any(p.figure.suppressed for p in row.history):
        items.append(("note", f"{formatting.SUPPRESSED}: suppressed, not plotted"))
    return items


def _svg_legend(items: list[tuple[str, str]], baseline: float) -> str:
    out, cursor = [], 1.0
    for key, text in items:
        if key in MARKS:
            x, y = cursor + 7, baseline - 6.5
            out.append(
                f'<path d="M{_n(x)} {_n(y)}l3.5 3.5l-3.5 3.5l-3.5 -3.5z" fill="{MARKS[key]}"/>'
                f'<text x="{_n(cursor + 17)}" y="{_n(baseline)}" font-size="8">{escape(text)}</text>'
            )
            cursor += 24 + 4.4 * len(text)
            continue
        colour, dash, stroke = STYLES[key]
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(
            f'<path d="M{_n(cursor)} {_n(baseline - 3)} h14" stroke="{colour}"'
            f' stroke-width="{stroke}"{dashes}/>'
            f'<text x="{_n(cursor + 17)}" y="{_n(baseline)}" font-size="8">{escape(text)}</text>'
        )
        cursor += 24 + 4.4 * len(text)
    return "".join(out)
