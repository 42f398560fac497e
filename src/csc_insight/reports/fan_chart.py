"""A forecast's fan chart, for the Forecast page and the pack's forecast section, drawn as SVG
text as charts.py draws the indicators': children in care month by month over the reference
window, then the baseline's median and 80% interval, a scenario's beside it, and the target's
trajectory. No script, no style attribute (the CSP), a <title> and a <desc> saying what it
shows; the legend is the page's HTML.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

import numpy as np
import numpy.typing as npt

from csc_insight.reports import charts, formatting

#: Drawn at 640 units wide and scaled to its column (about 460 px beside the other chart, 360 on
#: a phone): type of 14 units stays at least 8 px.
WIDTH, HEIGHT, FONT_SIZE = 640, 280, 14
LEFT, RIGHT, TOP, BOTTOM = 50, WIDTH - 12, 12, HEIGHT - 30
ACTUAL = "#0b0c0c"
BASELINE, BASELINE_BAND = charts.INK, "#9fb6d9"
SCENARIO, SCENARIO_BAND = "#00703c", "#85c7a5"


@dataclass(frozen=True)
class Fan:
    """A forecast's 10th percentile, median and 90th percentile at each month end from the origin."""

    label: str
    q: npt.NDArray[np.float64]  # (3, months + 1)


def _n(x: float) -> str:
    return f"{x:.1f}".removesuffix(".0")


def fan_chart(
    title: str,
    months: Sequence[date],
    actual: Sequence[tuple[date, int]],
    fans: Sequence[Fan],
    trajectory: Sequence[tuple[date, float]] = (),
) -> str:
    """The chart for one group. ``months`` are the forecast's month ends (the origin first);
    ``fans`` the baseline then at most one scenario; ``trajectory`` the target's path."""
    ends = [d for d, _ in actual if d < months[0]] + list(months)
    index = {d: i for i, d in enumerate(ends)}
    top = max(
        [float(v) for _, v in actual] + [float(f.q[2].max()) for f in fans]
        + [v for d, v in trajectory if d in index] + [1.0]
    )  # fmt: skip
    ticks = charts.nice_ticks(0.0, top, count=4, min_step=1.0)
    step = (RIGHT - LEFT) / max(len(ends) - 1, 1)

    def x(i: int) -> float:
        return LEFT + i * step

    def y(v: float) -> float:
        return BOTTOM - (BOTTOM - TOP) * v / ticks[-1]

    parts = [
        f'<svg xmlns="{charts.SVG_NS}" class="app-fan" width="{WIDTH}" height="{HEIGHT}"'
        f' viewBox="0 0 {WIDTH} {HEIGHT}" role="img" font-family="{charts.FONT}" font-size="{FONT_SIZE}"'
        f' fill="{charts.AXIS}"><title>{escape(title)}</title>'
        f"<desc>{escape(_description(title, actual, months, fans, trajectory))}</desc>"
    ]
    grid = " ".join(f"M{LEFT} {_n(y(t))} H{RIGHT}" for t in ticks)
    parts.append(f'<path d="{grid}" stroke="{charts.GRID}"/>')
    parts += [
        f'<text x="{LEFT - 5}" y="{_n(y(t) + 5)}" text-anchor="end">{formatting.count(t)}</text>'
        for t in ticks
    ]
    labelled = [i for i, d in enumerate(ends) if d.month == 3]  # each financial year's end
    if len(labelled) > 6:
        labelled = labelled[len(labelled) % 2 :: 2]
    marks = " ".join(f"M{_n(x(i))} {BOTTOM} v4" for i in labelled)
    parts.append(f'<path d="{marks} M{LEFT} {BOTTOM} H{RIGHT}" stroke="{charts.AXIS}"/>')
    parts += [
        f'<text x="{_n(x(i))}" y="{BOTTOM + 20}" text-anchor="{_anchor(x(i))}">'
        f"{formatting.month(ends[i])}</text>"
        for i in labelled
    ]
    o = index[months[0]]
    parts.append(
        f'<path d="M{_n(x(o))} {TOP} V{BOTTOM}" stroke="{charts.LIMIT}" stroke-dasharray="2 3"/>'
    )
    styles = ((BASELINE, BASELINE_BAND), (SCENARIO, SCENARIO_BAND))
    for fan, (line, band) in zip(fans, styles, strict=False):  # a baseline, perhaps a scenario
        xs = [x(o + i) for i in range(fan.q.shape[1])]
        upper = " L".join(f"{_n(a)} {_n(y(v))}" for a, v in zip(xs, fan.q[2], strict=True))
        lower = " L".join(
            f"{_n(a)} {_n(y(v))}" for a, v in zip(reversed(xs), fan.q[0][::-1], strict=True)
        )
        parts.append(f'<path d="M{upper} L{lower} Z" fill="{band}" fill-opacity="0.45"/>')
        median = " L".join(f"{_n(a)} {_n(y(v))}" for a, v in zip(xs, fan.q[1], strict=True))
        dash = ' stroke-dasharray="6 3"' if line == SCENARIO else ""
        parts.append(
            f'<path d="M{median}" fill="none" stroke="{line}" stroke-width="2"{dash}'
            f' data-series="{escape(fan.label)}"/>'
        )
    if len(actual) > 1:
        path = " L".join(f"{_n(x(index[d]))} {_n(y(v))}" for d, v in actual if d in index)
        parts.append(f'<path d="M{path}" fill="none" stroke="{ACTUAL}" stroke-width="1.5"/>')
    shown = [(d, v) for d, v in trajectory if d in index]
    if len(shown) > 1:
        path = " L".join(f"{_n(x(index[d]))} {_n(y(v))}" for d, v in shown)
        colour, dash, width = charts.STYLES["target"]
        parts.append(
            f'<path d="M{path}" fill="none" stroke="{colour}" stroke-width="{width}"'
            f' stroke-dasharray="{dash}"/>'
        )
        d, v = shown[-1]
        parts.append(f'<circle cx="{_n(x(index[d]))}" cy="{_n(y(v))}" r="4" fill="{colour}"/>')
    return "".join(parts) + "</svg>"


def _anchor(at: float) -> str:
    """A month label's anchor: kept inside the chart at either end."""
    return "start" if at - LEFT < 20 else "end" if RIGHT - at < 20 else "middle"


def _description(
    title: str, actual: Sequence[tuple[date, int]], months: Sequence[date], fans: Sequence[Fan],
    trajectory: Sequence[tuple[date, float]],
) -> str:  # fmt: skip
    """The chart in words, for a screen reader: where it starts and where each forecast ends."""
    end = formatting.month_long(months[-1])
    words = [f"{title}."]
    if actual:
        words.append(f"{actual[-1][1]:,} in care at {formatting.month_long(actual[-1][0])}.")
    for f in fans:
        lo, med, hi = f.q[:, -1]
        words.append(f"{f.label}: median {med:,.0f} at {end}, 80% interval {lo:,.0f} to {hi:,.0f}.")
    if trajectory:
        d, v = trajectory[-1]
        words.append(f"Target: {v:,.0f} by {formatting.day(d)}.")
    return " ".join(words)
