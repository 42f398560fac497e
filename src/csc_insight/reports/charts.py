"""SVG charts for the pack: a sparkline per table row and a trend chart per indicator.

Drawn as SVG text, not with a plotting library: a few KB each, no script, byte-identical for the
same pack, and the HTML page and the PDF embed the same strings. Charts plot ``Figure.shown``, so
a figure suppressed in a published pack is a gap, never a point. Every number printed goes through
``reports.formatting``. Independent of Excel: the workbook draws its own native charts.

Nothing here is computed from the figures: the process limits are the report month's in the
results table and the special-cause points are read from its ``special_causes`` marks (in a
published pack, where those took in a suppressed month, reports.suppression has already put
limits and marks from the months shown in their place, and the caption says so). Months
without the history their measure looks back over sit in a grey band, drawn grey, with the
limits drawn only over the months they were computed from.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape
from typing import TYPE_CHECKING

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
INCOMPLETE = "#ebebeb"  # the band behind months without full history
INCOMPLETE_INK = "#9a9a9a"  # their values: grey, so the eye does not read a start-up ramp
#: Special-cause points, coloured as NHS England's "Making Data Count" charts colour them.
MARKS = {"improving": "#2e75b6", "concerning": "#e46c0a", "special": "#7030a0"}
#: The legend's words for them: plain, as the glossary explains "unusual" (special cause).
MARK_TEXT = {
    "improving": "Better than usual",
    "concerning": "Worse than usual",
    "special": "Unusually high or low",
}
#: How each line is drawn: colour, dash pattern, width. The legend uses the same keys.
STYLES = {
    "value": (INK, "", 1.5),
    "target": (TARGET, "6 3", 1.4),
    "trajectory": (TARGET, "2 2", 1.4),
    "centre": (CENTRE, "", 1.0),
    "lower": (LIMIT, "3 2", 1.0),
    "upper": (LIMIT, "3 2", 1.0),
    "limits": (LIMIT, "3 2", 1.0),
    "incomplete": (INCOMPLETE_INK, "", 1.2),
    "note": ("none", "", 0),
}
#: The key to every line and mark a chart may draw, in legend() order: the pack prints it
#: once a page of charts, each chart's own values beneath it.
KEY = (
    ("value", "Monthly figure"),
    ("target", "Target"),
    ("centre", "Average"),
    ("limits", "Usual range"),
    ("improving", MARK_TEXT["improving"]),
    ("concerning", MARK_TEXT["concerning"]),
    ("special", MARK_TEXT["special"]),
    ("incomplete", "Incomplete history"),
)
#: A chart's size in SVG units and its type size: the pack prints four across the page
#: (about 62 mm each), where 10.6 units is just over 8 pt; a screen scales it to its column.
WIDTH, HEIGHT, FONT_SIZE = 240, 110, 10.6
#: Units whose axis starts at zero: a count drawn from any other baseline exaggerates change.
FROM_ZERO = ("count", "money_k")

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
    """The chart in words, for a screen reader: the same facts as the legend and caption."""
    unit = row.indicator.unit
    parts = [f"Monthly figures from {formatting.month(ends[0])} to {formatting.month(ends[-1])}"]
    if shown[-1] is not None:
        parts.append(f"{formatting.month(ends[-1])}: {formatting.value(shown[-1], unit)}")
    parts += [text for key, text in legend(row) if key not in ("value", "note")]
    if hidden := sum(p.figure.suppressed for p in row.history):
        parts.append(f"{hidden} month(s) with small numbers are suppressed and not plotted")
    if note := spc_note(row):
        parts.append(note.removesuffix("."))
    if better := BETTER.get(row.indicator.polarity):
        parts.append(better)
    return ". ".join(parts) + "."


BETTER = {"BIB": "Higher is better", "SIB": "Lower is better"}


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


def trend_chart(
    row: PackRow,
    *,
    width: int = WIDTH,
    height: int = HEIGHT,
    titled: bool = True,
    points: bool = False,
    trajectory: Sequence[tuple[date, float]] = (),
) -> str:
    """The indicator's monthly history with its target, centre line and natural process limits.

    ``titled=False`` leaves out the visible title and legend, for a page that prints them as
    HTML (see ``legend``): WeasyPrint lays out SVG text one letter at a time, so a pack of 60
    charts would spend much of its PDF time on them. The <title> and <desc> are always there.
    ``points``: for the dashboard, a focusable point per month shown, carrying its month, value,
    numerator and denominator (see ``_points``), which the page's script shows on hover or focus.
    ``trajectory``: a forecast target's path (month end, value in the indicator's unit; see
    reports/forecast_section.py), drawn dotted, the chart's months running on to its end.
    """
    ind, unit = row.indicator, row.indicator.unit
    heading = f"{ind.id}: {row.title}"
    parts = [
        f'<svg xmlns="{SVG_NS}" class="trend" width="{width}" height="{height}"'
        f' viewBox="0 0 {width} {height}" role="img" font-family="{FONT}"'
        f' font-size="{FONT_SIZE}" fill="{AXIS}"><title>{escape(heading)}</title>'
    ]
    ends = [p.period_end for p in row.history]
    if not ends:
        return parts[0] + "<desc>No monthly results.</desc></svg>"
    shown = [p.figure.shown for p in row.history]
    desc = _description(row, ends, shown) + _trajectory_words(trajectory, unit)
    parts.append(f"<desc>{escape(desc)}</desc>")
    title = _wrap(heading, round(width / 6), 2) if titled else []
    parts += [
        f'<text x="1" y="{11 + 13 * i}" font-weight="bold" fill="#1a1a1a">{escape(line)}</text>'
        for i, line in enumerate(title)
    ]
    lines = reference_lines(row)
    # The months run on to the trajectory's end: the history, then the months to the target.
    future = [d for d, _ in trajectory if d > ends[-1]]
    months = ends + future
    path = [(d, v) for d, v in trajectory if d >= ends[0]]
    extent = [v for v in [*shown, *lines.values(), *(v for _, v in path)] if v is not None]
    low = 0.0 if unit in FROM_ZERO else min(extent, default=0)
    ticks = nice_ticks(low, max(extent, default=1), min_step=MIN_STEP.get(unit, 0.0))
    plot = _Plot(
        34, width - 6, 8 + 13 * len(title), height - (34 if titled else 16),
        ticks[0], ticks[-1], len(months),
    )  # fmt: skip
    pad = [None] * len(future)
    complete = [not p.figure.incomplete for p in row.history] + [True] * len(future)
    shown_all: list[float | None] = [*shown, *pad]
    parts += _incomplete_band(plot, complete)
    parts += _axes(plot, ticks, months, unit) + _reference(plot, lines, complete)
    parts += _series(plot, shown_all, complete)
    parts += _marks(plot, shown_all, [*special_causes(row), *pad])
    parts += _trajectory(plot, months, path)
    if points:
        parts += _points(plot, row, ends)
    if titled:
        parts.append(_svg_legend(legend(row), height - 6))
    return "".join(parts) + "</svg>"


def _trajectory(plot: _Plot, months: list[date], path: Sequence[tuple[date, float]]) -> list[str]:
    """The forecast target's trajectory, dotted, ending in a dot on the target."""
    index = {d: i for i, d in enumerate(months)}
    xy = [(plot.x(index[d]), plot.y(v)) for d, v in path if d in index]
    if len(xy) < 2:
        return []
    colour, dash, stroke = STYLES["trajectory"]
    x, y = xy[-1]
    return [
        f'<path d="{_path([xy])}" fill="none" stroke="{colour}" stroke-width="{stroke}"'
        f' stroke-dasharray="{dash}" data-series="trajectory"/>'
        f'<circle cx="{_n(x)}" cy="{_n(y)}" r="2.4" fill="{colour}"/>'
    ]


def trajectory_text(trajectory: Sequence[tuple[date, float]], unit: str) -> str:
    """The legend's words for a trajectory: where it ends ("" when there is none)."""
    if not trajectory:
        return ""
    d, v = trajectory[-1]
    return f"Forecast target trajectory to {formatting.value(v, unit)} by {formatting.day(d)}"


def _trajectory_words(trajectory: Sequence[tuple[date, float]], unit: str) -> str:
    words = trajectory_text(trajectory, unit)
    return f" {words}." if words else ""


def _incomplete_band(plot: _Plot, complete: list[bool]) -> list[str]:
    """A grey band behind the months without full history, from the chart's left edge."""
    if all(complete):
        return []
    last = max(i for i, ok in enumerate(complete) if not ok)
    step = (plot.right - plot.left) / max(plot.months - 1, 1)
    right = min(plot.x(last) + step / 2, plot.right)
    return [
        f'<rect x="{plot.left}" y="{_n(plot.top)}" width="{_n(right - plot.left)}"'
        f' height="{_n(plot.bottom - plot.top)}" fill="{INCOMPLETE}"/>'
    ]


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
    # A label on the first month starts at the axis, clear of the lowest value label beside it.
    out += [
        f'<text x="{_n(plot.x(i))}" y="{plot.bottom + 13}"'
        f' text-anchor="{"start" if i == 0 else "middle"}">{formatting.month(ends[i])}</text>'
        for i in _month_ticks(ends, labels=True)
    ]
    return out


def _reference(plot: _Plot, lines: dict[str, float | None], complete: list[bool]) -> list[str]:
    """The target across the chart; the centre and limits over the months they were computed
    from (those with full history), as the engine leaves the others out of them."""
    start = plot.x(complete.index(True)) if True in complete else plot.right
    out = []
    for name, v in lines.items():
        if v is not None:
            colour, dash, stroke = STYLES[name]
            dashes = f' stroke-dasharray="{dash}"' if dash else ""
            left = plot.left if name == "target" else start
            out.append(
                f'<path d="M{_n(left)} {_n(plot.y(v))} H{plot.right}" stroke="{colour}"'
                f' stroke-width="{stroke}"{dashes}/>'
            )
    return out


def _series(plot: _Plot, shown: list[float | None], complete: list[bool]) -> list[str]:
    """The monthly values as a line, broken where a month is missing or suppressed; grey over
    the months without full history (the first months: a look-back fills up from the start),
    joined to the first complete month so the series reads as one line. A dot on the latest
    point and on any point standing alone between gaps."""
    first = complete.index(True) if True in complete else len(complete)
    grey = [v if i <= first else None for i, v in enumerate(shown)] if first else []
    ink = [v if ok else None for v, ok in zip(shown, complete, strict=True)]
    out = []
    for values, colour in ((grey, INCOMPLETE_INK), (ink, INK)):
        runs = _runs([None if v is None else (plot.x(i), plot.y(v)) for i, v in enumerate(values)])
        if path := _path(runs):
            out.append(f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="1.5"/>')
        dots = [run[0] for run in runs if len(run) == 1]
        if values is ink and runs:
            dots.append(runs[-1][-1])
        out += [f'<circle cx="{_n(x)}" cy="{_n(y)}" r="2.4" fill="{colour}"/>' for x, y in dots]
    return out


def _points(plot: _Plot, row: PackRow, ends: list[date]) -> list[str]:
    """A point per month with a figure shown: a circle a keyboard can reach, its words in a
    <title> (read by screen readers, and the browser's own tooltip without script) and in data-
    attributes for the page's tooltip. A suppressed month has none: nothing to disclose."""
    unit = row.indicator.unit
    out = []
    for i, (end, p) in enumerate(zip(ends, row.history, strict=True)):
        f = p.figure
        if f.shown is None:
            continue
        counts = (
            ""
            if not row.indicator.has_denominator
            else f"{formatting.count(f.numerator)} of {formatting.count(f.denominator)}"
        )
        words = f"{formatting.month(end)}: {formatting.value(f.shown, unit)}" + (
            f" ({counts})" if counts else ""
        )
        out.append(
            f'<circle class="point" cx="{_n(plot.x(i))}" cy="{_n(plot.y(f.shown))}" r="5" '
            f'fill="transparent" tabindex="0" data-month="{escape(formatting.month(end))}" '
            f'data-value="{escape(formatting.value(f.shown, unit))}" data-counts="{escape(counts)}">'
            f"<title>{escape(words)}</title></circle>"
        )
    return out


def special_causes(row: PackRow) -> list[str | None]:
    """For each month of the history, the kind of special cause it is (a key of MARKS), as the
    results table marks it at the report month. None for common cause, a month without a value
    or without full history, or too few months to judge."""
    polarity = row.indicator.polarity
    out: list[str | None] = []
    for mark in row.marks():
        if mark is None:
            out.append(None)
        elif polarity == "none":
            out.append("special")
        else:
            high_is_good = polarity == "BIB"
            out.append("improving" if (mark == "+") == high_is_good else "concerning")
    return out


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
    """(style key, text) for each thing the chart draws, in plain words with values formatted
    for the reader. Every chart carries its own, so every page of charts has a legend."""
    unit = row.indicator.unit
    lines = reference_lines(row)
    items = [("value", "Monthly figure")]
    if lines["target"] is not None:
        items.append(("target", f"Target {formatting.value(lines['target'], unit)}"))
    if lines["centre"] is not None:
        items.append(("centre", f"Average {formatting.value(lines['centre'], unit)}"))
    lower, upper = (formatting.value(lines[k], unit) for k in ("lower", "upper"))
    if lower and upper:
        items.append(("limits", f"Usual range {lower}–{upper}"))
    elif lower:  # the other limit lies where no figure can (below 0, above 100%)
        items.append(("limits", f"Usual range {lower} and above"))
    elif upper:
        items.append(("limits", f"Usual range up to {upper}"))
    shown = [p.figure.shown for p in row.history]
    kinds = special_causes(row)
    for kind in MARKS:
        n = sum(k == kind and v is not None for k, v in zip(kinds, shown, strict=True))
        if n:
            items.append((kind, f"{MARK_TEXT[kind]} ({n} {'month' if n == 1 else 'months'})"))
    if first := row.first_complete:
        items.append(("incomplete", f"Incomplete history before {formatting.month(first)}"))
    elif row.history and all(p.figure.incomplete for p in row.history):
        items.append(("incomplete", "Incomplete history"))
    if any(p.figure.suppressed for p in row.history):
        items.append(("note", f"{formatting.SUPPRESSED}: small number, not plotted"))
    return items


def caption(row: PackRow) -> str:
    """What the chart says about the report month, in plain words (the glossary explains
    "usual range" and "unusual"): where the month stands, what its average and usual range are
    from when a published pack left suppressed months out of them, and which way is better."""
    better = f" {BETTER[p]}." if (p := row.indicator.polarity) in BETTER else ""
    if not row.history:
        return better.strip()
    basis = f" {note}" if (note := spc_note(row)) else ""
    return f"{formatting.month_long(row.history[-1].period_end)}: {reading(row)}.{basis}{better}"


def spc_note(row: PackRow) -> str:
    """How a published chart's average and usual range were drawn when the results table's took
    in a suppressed month (see suppression.spc_from_shown); empty when they are the table's."""
    n = row.spc_months
    if n is None:
        return ""
    if row.limits is None:
        return f"No average or usual range: only {n} months are shown."
    return f"Average and usual range from the {n} months shown."


def reading(row: PackRow) -> str:
    """The report month against its usual range, from the results table's signal and marks."""
    last = row.history[-1] if row.history else None
    if last is not None and last.figure.suppressed:
        return "a small number, not shown or judged"
    if last is None or last.figure.incomplete:
        return "incomplete history, not judged"
    if row.signal in (None, "insufficient data") or row.limits is None:
        return "too few months to judge"
    kind = special_causes(row)[-1]
    if kind == "improving":
        return "better than usual"
    if kind == "concerning":
        return "worse than usual"
    if kind == "special":
        return "higher than usual" if row.marks()[-1] == "+" else "lower than usual"
    return "within the usual range"


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
