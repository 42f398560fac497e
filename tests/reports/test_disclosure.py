"""An attacker against the published pack, kept beside the rules it tests (reports.suppression).

A tiny synthetic borough (two years, many small counts) is written as `csc report --published`
writes it. Then a script that reads ONLY the written files — pack.html (its tables, RAG,
notes, commentary, captions and the SVG geometry of its charts, read back to values through their
axis ticks), pack.xlsx (the section sheets' cells, the hidden Chart data sheet, the comments on
every sheet, the Summary's commentary, the Definitions, and the values cached inside its native
charts, from the zip's XML) and pack.pdf (its text: the charts' printed averages) — tries to
recover each suppressed figure:

- directly: a number at a suppressed place in a table, note, bullet, chart, cell or chart cache;
- from a chart's mean and process limits: mean × months less the months shown is the hidden
  months' sum, and the limits give the moving ranges through them as a second equation;
- by differencing a year to date or a 12-month figure against the months shown;
- from percentages with published denominators (AMT 2's is AMT completed) or numerators (CL 2's
  is CL 1): a numerator, or the children left out, of 1..threshold;
- from a hidden sum whose reading as counts of 1..threshold is unique (9 from two cells: 4 + 5).

It must recover nothing from the published pack. The same attacker pointed at the internal pack,
and at a published pack made with the old cell-by-cell rules, recovers figures: so it can fail.
"""

from __future__ import annotations

import math
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import combinations, product
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest
from pypdf import PdfReader

from csc_insight.indicators import spc
from csc_insight.reports import charts, commentary, model, suppression
from csc_insight.reports.excel import render_excel
from csc_insight.reports.html import render_html
from csc_insight.reports.model import Figure, PackRow
from csc_insight.reports.report import write_pack

PERIOD = "2021-03"
T = suppression.DEFAULT_THRESHOLD
Month = tuple[int, int]  # (year, month)
#: What a reader learns from the Definitions (e.g. AMT 2's denominator is "assessments completed
#: in the period"): the count published as a percentage's denominator, or as its numerator.
DENOMINATORS = {
    "AMT 2": "AMT completed",
    "FD 8": "FD referrals",
    "FD 2": "FD contacts",
    "CP 11": "CP starts",
    "QA 3": "QA 2",
    "QA 4": "QA 2",
    "QA 5": "QA 2",
}
NUMERATORS = {"CL 2": "CL 1", "WF 14": "WF 5", "WF 15 local": "WF 13"}


# --- what the files say --------------------------------------------------------------------


@dataclass
class Chart:
    """One trend chart as its SVG draws it: values read back from the geometry, each line's
    value and how far the 0.1-unit rounding of a coordinate leaves it uncertain."""

    months: list[Month]
    points: dict[int, float]
    lines: dict[str, float]  # centre, lower, upper
    tolerance: float
    first_complete: int
    from_shown: bool  # the caption says the average and range are from the months shown


@dataclass
class Files:
    """Everything one pack's files say, keyed by indicator id and month."""

    unit: dict[str, str] = field(default_factory=dict)
    additive: dict[str, bool] = field(default_factory=dict)
    shown: dict[str, dict[Month, float]] = field(default_factory=dict)  # Chart data: exact
    table: dict[str, dict[Month, float | None]] = field(default_factory=dict)  # workbook cells
    page: dict[str, dict[Month, str]] = field(default_factory=dict)  # HTML cells: 'c', '', '26%'
    ytd: dict[str, float | None] = field(default_factory=dict)
    rag: dict[str, str] = field(default_factory=dict)
    annual: dict[str, float | None] = field(default_factory=dict)
    cached: dict[str, dict[Month, float]] = field(default_factory=dict)
    charts: dict[str, Chart] = field(default_factory=dict)
    said: list[tuple[str, str, float]] = field(default_factory=list)  # (id, 'YTD'|'month', n)
    averages: dict[str, tuple[float, bool]] = field(default_factory=dict)  # PDF captions
    report_month: Month = (2021, 3)


def number(text: str) -> float | None:
    """'1,234' -> 1234, '26%' -> 26, '12.5' -> 12.5; 'c' or '' -> None."""
    m = re.fullmatch(r"\s*(-?[\d,]*\.?\d+)%?\s*", text or "")
    return float(m.group(1).replace(",", "")) if m else None


def month_of(label: str) -> Month:
    d = datetime.strptime(label, "%b-%y")
    return d.year, d.month


def months_between(first: Month, last: Month) -> list[Month]:
    out = [first]
    while out[-1] != last:
        y, m = out[-1]
        out.append((y + m // 12, m % 12 + 1))
    return out


def read_workbook(path: Path, files: Files) -> None:
    wb = openpyxl.load_workbook(path)  # every sheet, hidden ones too, with comments
    definitions = wb["Definitions"]
    head = [c.value for c in definitions[2]]
    for r in definitions.iter_rows(min_row=3, values_only=True):
        files.unit[r[0]] = r[head.index("Unit")]
        files.additive[r[0]] = "add" in (r[head.index("Period")] or "")
    data = wb["Chart data"]
    ids = [c.value for c in data[1]]
    months = [(c.value.year, c.value.month) for c in data["A"][1:] if c.value]
    for col, ident in enumerate(ids):
        if ident and ident not in ("Month", "Target"):
            files.shown[ident] = {
                m: data.cell(2 + i, col + 1).value
                for i, m in enumerate(months)
                if data.cell(2 + i, col + 1).value is not None
            }
    for ws in wb.worksheets:
        # The education section's sheets are laid out as the seed's dashboard, not as a KPI
        # section: its own tests hold its published counts of children suppressed
        # (tests/reports/test_education_section.py).
        if ws.title.startswith("Education"):
            continue
        if ws.title not in ("Summary", "Definitions", "Charts", "Chart data"):
            _section_sheet(ws, files)
        _comments(ws, files)
    _bullets(((r[0], r[1]) for r in wb["Summary"].iter_rows(values_only=True)), files)
    _chart_caches(path, ids, months, files)


def _section_sheet(ws: openpyxl.worksheet.worksheet.Worksheet, files: Files) -> None:
    head = [c.value or "" for c in ws[2]]
    month_cols = {i: month_of(h) for i, h in enumerate(head) if re.fullmatch(r"\w{3}-\d\d", h)}
    ytd_col = next(i for i, h in enumerate(head) if h.endswith("YTD or latest"))
    for r in ws.iter_rows(min_row=3, values_only=True):
        files.table[r[0]] = {m: _num(r[i]) for i, m in month_cols.items()}
        files.ytd[r[0]] = _num(r[ytd_col])


def _num(cell: object) -> float | None:
    return float(cell) if isinstance(cell, float | int) else None


def _comments(ws: openpyxl.worksheet.worksheet.Worksheet, files: Files) -> None:
    for row in ws.iter_rows():
        for cell in row:
            text = cell.comment.text if cell.comment else ""
            if m := re.search(r"Own count for the 12 months to [\w-]+: ([\d,]+|c)", text):
                files.annual[ws.cell(cell.row, 1).value] = number(m.group(1))


def _bullets(lines: Iterator[tuple[object, object]], files: Files) -> None:
    """Commentary: '<title> at 26% for the year to date' / '... at 14 in March 2021'."""
    for ident, text in lines:
        if not isinstance(ident, str) or not isinstance(text, str):
            continue
        if m := re.search(r" at ([\d,.]+%?) (for the year to date|in \w+ \d{4})", text):
            key = "YTD" if m.group(2).startswith("for") else "month"
            files.said.append((ident, key, number(m.group(1)) or 0.0))


def _chart_caches(path: Path, ids: list[str], months: list[Month], files: Files) -> None:
    """The values Excel shows before it recalculates: each native chart's numCache."""
    ns = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart"}
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if not name.startswith("xl/charts/chart"):
                continue
            root = ElementTree.fromstring(z.read(name))  # noqa: S314 (the workbook just written)
            for val in root.iterfind(".//c:val/c:numRef", ns):
                found = re.search(r"\$([A-Z]+)\$(\d+):", val.findtext("c:f", "", ns))
                assert found, "a chart series reads a range of Chart data"
                ident = ids[openpyxl.utils.column_index_from_string(found.group(1)) - 1]
                for pt in val.iterfind(".//c:pt", ns):
                    month = months[int(found.group(2)) - 2 + int(pt.get("idx", "0"))]
                    if (cached := number(pt.findtext("c:v", ""))) is not None:
                        files.cached.setdefault(ident, {})[month] = cached


def read_html(path: Path, files: Files) -> None:
    html = path.read_text("utf-8")
    heads = re.findall(r'<th scope="col" class="num">(\w{3}-\d\d)</th>', html)
    months = [month_of(m) for m in dict.fromkeys(heads)]  # each table has the same months
    rows = re.findall(r'<th scope="row" class="id"><a [^>]*>([^<]+)</a></th>(.*?)</tr>', html, re.S)
    for ident, row in rows:
        cells = re.findall(r'<td class="num(?: c)?(?: inc)?"[^>]*>(.*?)</td>', row)
        files.page[ident] = {m: _text(t) for m, t in zip(months, cells, strict=False)}
        ytd = re.search(r'<td class="num ytd[^"]*"[^>]*>(.*?)</td>', row)
        if rag := re.search(r'<td class="rag rag-\w+">(\w+)</td>', row):
            files.rag[ident] = rag.group(1)
        files.ytd[ident] = files.ytd.get(ident) or (number(_text(ytd.group(1))) if ytd else None)
    notes = r"† ([^(]+?) \(.*?own count for the 12 months to [^<]*? is ([\d,]+|c)"
    for ident, value in re.findall(notes, html):
        files.annual[ident] = files.annual.get(ident) or number(value)
    bullets = re.findall(r'<li>(.*?) <(?:a|span) class="ref"[^>]*>([^<]+)<', html)
    _bullets(((i, t) for t, i in bullets), files)
    figures = re.findall(
        r'<figure class="trend" id="chart-[^"]+">.*?<a href="#row-[^"]+">([^<]+)</a>.*?'
        r"(<svg.*?</svg>).*?<figcaption>(.*?)</figcaption>",
        html,
        re.S,
    )
    for ident, svg, caption in figures:
        files.charts[ident] = read_chart(svg, "months shown" in caption)


def _text(cell: str) -> str:
    """A table cell's printed text, without the incomplete-history mark."""
    return re.sub(r"<[^>]+>", "", re.sub(r'<span class="mark">.*?</span>', "", cell)).strip()


def read_chart(svg: str, from_shown: bool) -> Chart:
    """The chart's values from its geometry: y through the axis ticks, x through the months."""
    span = re.search(r"Monthly figures from (\w{3}-\d\d) to (\w{3}-\d\d)", svg)
    assert span, "every chart says which months it draws"
    months = months_between(month_of(span.group(1)), month_of(span.group(2)))
    ticks = re.findall(r'y="([\d.]+)" text-anchor="end">([^<]+)<', svg)
    (y0, v0), (y1, v1) = [(float(y) - 3.5, number(t) or 0.0) for y, t in (ticks[0], ticks[-1])]
    scale = (v1 - v0) / (y1 - y0)

    def value(y: str) -> float:
        return v0 + (float(y) - y0) * scale

    axis = re.search(r'<path d="M([\d.]+) [\d.]+ H([\d.]+)', svg)
    assert axis, "the grid gives the plot's left and right"
    left, right = float(axis.group(1)), float(axis.group(2))
    step = (right - left) / max(len(months) - 1, 1)
    points: dict[int, float] = {}
    for d in re.findall(r'<path d="([^"]+)" fill="none"', svg):
        for x, y in re.findall(r"[ML]([\d.]+) ([\d.]+)", d):
            points[round((float(x) - left) / step)] = value(y)
    for x, y in re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)"', svg):
        points[round((float(x) - left) / step)] = value(y)
    lines: dict[str, float] = {}
    limits: list[float] = []
    for y, colour in re.findall(r'<path d="M[\d.]+ ([\d.]+) H[\d.]+" stroke="(#\w+)"', svg):
        if colour == charts.CENTRE:
            lines["centre"] = value(y)
        elif colour == charts.LIMIT:
            limits.append(value(y))
    for v in limits:
        lines["upper" if v > lines.get("centre", -math.inf) else "lower"] = v
    band = re.search(rf'width="([\d.]+)"[^>]*fill="{charts.INCOMPLETE}"', svg)
    first_complete = math.floor((float(band.group(1)) - step / 2) / step + 0.5) + 1 if band else 0
    return Chart(months, points, lines, abs(scale) * 0.06, first_complete, from_shown)


def read_pdf(path: Path, files: Files) -> None:
    """The PDF prints the same page: its captions give each chart's average (to the unit's
    precision) and whether it is from the months shown."""
    text = " ".join(re.sub(r"\s+", " ", p.extract_text()) for p in PdfReader(path).pages)
    appendix = text[text.find("Appendix A: Trend charts") :]
    for ident in files.unit:
        at = appendix.find(f" {ident} ")
        segment = appendix[at : at + 700]
        if at >= 0 and (m := re.search(r"Average ([\d,.]+)%?", segment)):
            files.averages[ident] = (float(m.group(1).replace(",", "")), "months shown" in segment)


def read_pack(folder: Path) -> Files:
    files = Files()
    read_workbook(folder / "pack.xlsx", files)
    read_html(folder / "pack.html", files)
    if (folder / "pack.pdf").exists():
        read_pdf(folder / "pack.pdf", files)
    return files


# --- the attacks ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Found:
    """A figure the attacker claims: ``where`` a month, 'YTD', 'R12', or a group of months."""

    ident: str
    where: object
    value: object
    method: str


def direct(f: Files, targets: dict[tuple[str, object], float]) -> Iterator[Found]:
    """A number printed, plotted, stored or cached where the published pack has a c."""
    for (ident, where), _truth in targets.items():
        if isinstance(where, tuple):
            chart = f.charts.get(ident)
            at = chart.months.index(where) if chart and where in chart.months else -1
            sources = {
                "workbook table": f.table.get(ident, {}).get(where),
                "html table": number(f.page.get(ident, {}).get(where, "")),
                "chart data": f.shown.get(ident, {}).get(where),
                "chart cache": f.cached.get(ident, {}).get(where),
                "svg": chart.points.get(at) if chart else None,
            }
        elif where == "YTD":
            sources = {"table": f.ytd.get(ident)}
            if f.rag.get(ident, "Grey") != "Grey":  # says which side of its target it lies
                yield Found(ident, ("rag", where), f.rag[ident], "direct (a RAG beside a c)")
        else:
            sources = {"note": f.annual.get(ident)}
        for source, value in sources.items():
            if value is not None:
                yield Found(ident, where, value, f"direct ({source})")
    for ident, key, value in f.said:
        yield Found(ident, "YTD" if key == "YTD" else f.report_month, value, "direct (commentary)")


def _known(f: Files, ident: str, months: list[Month]) -> tuple[dict[Month, float], list[Month]]:
    """The months' shown values (exact, from Chart data) and the months with none (hidden)."""
    shown = f.shown.get(ident, {})
    return {m: shown[m] for m in months if m in shown}, [m for m in months if m not in shown]


def from_mean(f: Files, ident: str) -> Iterator[Found]:
    """A chart's centre line is the mean of its judged months and its limits give their mean
    moving range; unless its caption says otherwise, hidden judged months are in both."""
    chart = f.charts.get(ident)
    if chart is None or "centre" not in chart.lines or chart.from_shown:
        return
    judged = chart.months[chart.first_complete :]
    page = f.page.get(ident, {})
    judged = [m for m in judged if page.get(m, "c") != ""]  # a month with no figure is not in it
    shown, hidden = _known(f, ident, judged)
    count = f.unit.get(ident) == "Count"
    if not hidden or len(hidden) > (3 if count else 1):
        return
    n, tol = len(judged), chart.tolerance * len(judged)
    total = chart.lines["centre"] * n - sum(shown.values())
    if not count:
        if tol < 0.5:  # one hidden percentage, to within half a point
            yield Found(ident, hidden[0], total, "chart mean")
        return
    ranges = None
    if "upper" in chart.lines:
        ranges = (chart.lines["upper"] - chart.lines["centre"]) / 2.66 * (n - 1)
    top = int(max([T, *shown.values()]) * 2) if len(hidden) < 3 else T
    fits: list[tuple[int, ...]] = []
    for combo in product(range(1, top + 1), repeat=len(hidden)):
        if abs(sum(combo) - total) > tol:
            continue
        if ranges is not None:
            series = {**shown, **dict(zip(hidden, combo, strict=True))}
            values = [series[m] for m in judged]
            moving = sum(abs(a - b) for a, b in zip(values[1:], values[:-1], strict=True))
            if abs(moving - ranges) > tol:
                continue
        fits.append(combo)
    yield from _pinned(ident, hidden, fits, "chart mean and limits")
    small = {tuple(sorted(fit)) for fit in fits if max(fit) <= T}
    if len(hidden) > 1 and len(small) == 1:  # the hidden sum's only reading as small counts
        yield Found(ident, tuple(hidden), small.pop(), "chart mean and limits")


def _pinned(
    ident: str, cells: list[Month], fits: list[tuple[int, ...]], how: str
) -> Iterator[Found]:
    """A cell with one value in every fit; a group whose fits are all the same values (in
    some order) gives those values away too."""
    for i, m in enumerate(cells):
        if fits and len({fit[i] for fit in fits}) == 1:
            yield Found(ident, m, fits[0][i], how)
    if len(cells) > 1 and len({tuple(sorted(fit)) for fit in fits}) == 1:
        yield Found(ident, tuple(cells), tuple(sorted(fits[0])), how)


def small_readings(total: float, cells: int, top: int = T, limit: int = 2) -> list[tuple[int, ...]]:
    """Up to ``limit`` ways (as multisets) ``total`` splits into ``cells`` counts of 1..top."""
    out: list[tuple[int, ...]] = []

    def walk(left: float, n: int, cap: int, acc: tuple[int, ...]) -> None:
        if len(out) >= limit:
            return
        if n == 0:
            if left == 0:
                out.append(acc)
            return
        for v in range(int(min(cap, left - (n - 1))), 0, -1):
            if v * n < left:
                break  # the parts only get smaller: the rest cannot reach it
            walk(left - v, n - 1, v, (*acc, v))

    walk(total, cells, top, ())
    return out


def by_differencing(f: Files, ident: str) -> Iterator[Found]:
    """The year to date (or the 12-month figure) less the months shown is the hidden months'
    sum. Each hidden cell is a small count (1..T) or a larger secondary one; a cell with one
    possible value under every such reading is recovered, and so is a group whose only
    reading as small counts is unique (the issue's 9 = 4 + 5)."""
    if f.unit.get(ident) != "Count" or not f.additive.get(ident):
        return
    chart = f.charts.get(ident)
    if chart is None:
        return
    last = chart.months[-1]
    fy_start = (last[0] - (last[1] < 4), 4)
    groups = [("YTD", f.ytd.get(ident), months_between(fy_start, last))]
    groups.append(("R12", f.annual.get(ident), chart.months[-12:]))
    for name, total_value, months in groups:
        if total_value is None:
            continue
        shown, hidden = _known(f, ident, months)
        total = total_value - sum(shown.values())
        if not hidden or total < len(hidden):
            continue
        small = small_readings(total, len(hidden))
        if len(small) == 1:
            yield Found(ident, tuple(hidden), small[0], f"{name} less months shown")
        feasible = _feasible(total, len(hidden))
        for i, m in enumerate(hidden):
            if len(feasible[i]) == 1:
                yield Found(ident, m, next(iter(feasible[i])), f"{name} less months shown")


def _feasible(total: float, cells: int) -> list[set[int]]:
    """Each cell's possible values when each may be small (1..T) or a larger secondary one, at
    least one small: one cell is the total; more leave each 1..total - (cells - 1)."""
    if cells == 1:
        return [{int(total)}]
    return [set(range(1, int(total) - cells + 2)) for _ in range(cells)]


def from_percentages(f: Files, ident: str) -> Iterator[Found]:
    """A percentage with its denominator published as a count gives its numerator and the
    children it leaves out; with its numerator published, its denominator. A year to date of
    both gives the hidden months' numerators by differencing."""
    if ident in DENOMINATORS:
        dens = f.shown.get(DENOMINATORS[ident], {})
        pcts = f.shown.get(ident, {})
        for m, p in pcts.items():
            if m in dens:
                n = round(p * dens[m] / 100)
                for small_count in (n, dens[m] - n):
                    if 1 <= small_count <= T:
                        yield Found(ident, ("shown", m), small_count, "percentage × denominator")
        yield from _percentage_year(f, ident, dens)
    if ident in NUMERATORS:
        nums = f.shown.get(NUMERATORS[ident], {})
        for m, p in f.shown.get(ident, {}).items():
            if m in nums and p:
                d = round(nums[m] * 100 / p)
                if 1 <= d - nums[m] <= T or 1 <= d <= T:
                    yield Found(ident, ("shown", m), d - nums[m], "numerator ÷ percentage")


def _percentage_year(f: Files, ident: str, dens: dict[Month, float]) -> Iterator[Found]:
    """The year to date's numerator (percentage × the denominator's year to date) less the
    months shown is the hidden months' numerators; each lies in 0..its month's denominator."""
    ytd, ytd_den, chart = f.ytd.get(ident), f.ytd.get(DENOMINATORS[ident]), f.charts.get(ident)
    if ytd is None or ytd_den is None or chart is None:
        return
    last = chart.months[-1]
    shown, hidden = _known(f, ident, months_between((last[0] - (last[1] < 4), 4), last))
    if not hidden or not all(m in dens for m in [*shown, *hidden]):
        return
    total = round(ytd * ytd_den / 100) - sum(round(p * dens[m] / 100) for m, p in shown.items())
    room = sum(dens[m] for m in hidden)
    for m in hidden:
        lo, hi = max(0, total - (room - dens[m])), min(dens[m], total)
        if lo == hi and dens[m]:
            yield Found(ident, m, 100 * lo / dens[m], "YTD percentage less months")
    if len(hidden) > 1 and len(readings := small_readings(total, len(hidden))) == 1:
        yield Found(ident, ("numerators", *hidden), readings[0], "YTD percentage less months")


def from_pdf_captions(f: Files, ident: str) -> Iterator[Found]:
    """The PDF's printed average, to its unit's precision, with one hidden judged month."""
    chart = f.charts.get(ident)
    if ident not in f.averages or chart is None or f.averages[ident][1]:
        return
    judged = chart.months[chart.first_complete :]
    shown, hidden = _known(f, ident, judged)
    if len(hidden) == 1 and f.unit.get(ident) == "Count":
        lo = (f.averages[ident][0] - 0.5) * len(judged) - sum(shown.values())
        hi = (f.averages[ident][0] + 0.5) * len(judged) - sum(shown.values())
        whole = list(range(max(1, math.ceil(lo)), math.floor(hi) + 1))
        if len(whole) == 1:
            yield Found(ident, hidden[0], whole[0], "PDF caption average")


ATTACKS: tuple[Callable[[Files, str], Iterator[Found]], ...] = (
    from_mean,
    by_differencing,
    from_percentages,
    from_pdf_captions,
)


def attack(folder: Path, targets: dict[tuple[str, object], float]) -> list[Found]:
    files = read_pack(folder)
    found = list(direct(files, targets))
    for ident in files.unit:
        for method in ATTACKS:
            found += method(files, ident)
    return found


# --- judging the attacker's claims against the truth ---------------------------------------


def _key(d: date) -> Month:
    return d.year, d.month


def truth(pack: model.Pack) -> dict[tuple[str, object], Figure]:
    """Every figure of the internal pack, by (id, month), (id, 'YTD') and (id, 'R12')."""
    out: dict[tuple[str, object], Figure] = {}
    for row in pack.rows():
        ident = row.indicator.id
        out |= {(ident, _key(p.period_end)): p.figure for p in row.history}
        out[(ident, "YTD")] = row.latest
        if row.annual is not None:
            out[(ident, "R12")] = row.annual
    return out


def suppressed(
    pack: model.Pack, true: dict[tuple[str, object], Figure]
) -> dict[tuple[str, object], float]:
    """The published pack's hidden figures, with their true values (missing ones left out)."""
    hidden: dict[tuple[str, object], float] = {}
    for row in pack.rows():
        for key, fig in _figures(row):
            value = true[(row.indicator.id, key)].value
            if fig.suppressed and value is not None:
                hidden[(row.indicator.id, key)] = value
    return hidden


def _figures(row: PackRow) -> Iterator[tuple[object, Figure]]:
    yield from ((_key(p.period_end), p.figure) for p in row.history)
    yield "YTD", row.latest
    if row.annual is not None:
        yield "R12", row.annual


def disclosures(
    found: list[Found],
    targets: dict[tuple[str, object], float],
    true: dict[tuple[str, object], Figure],
) -> list[Found]:
    """The claims that give something away: a hidden figure's true value; a small count behind
    figures shown; a RAG beside a withheld figure; a group of hidden months whose only reading
    as small counts is unique (right or wrong, a reader would take it)."""
    out = []
    for claim in found:
        where = claim.where
        derived = isinstance(where, tuple) and bool(where) and not isinstance(where[0], int)
        if derived:  # ('shown'|'rag'|'numerators', ...) or a group of months
            out.append(claim)
        elif (claim.ident, where) in targets and isinstance(claim.value, int | float):
            close = 0.5 if true[(claim.ident, where)].unit in ("count", "percent") else 0.05
            if abs(claim.value - targets[(claim.ident, where)]) <= close:
                out.append(claim)
    return out


# --- the packs -------------------------------------------------------------------------------


@dataclass
class Borough:
    store: Path
    folder: Path
    targets: dict[tuple[str, object], float]  # the published pack's hidden figures: true values
    true: dict[tuple[str, object], Figure]


@pytest.fixture(scope="module")
def borough(
    computed_store: Callable[[int], Path], tmp_path_factory: pytest.TempPathFactory
) -> Borough:
    """The tiny borough, and its published pack written as `csc report --published` writes it."""
    store = computed_store(1)
    true = truth(model.build(store, PERIOD))
    targets = suppressed(model.build(store, PERIOD, published=True), true)
    folder = tmp_path_factory.mktemp("disclosure")
    write_pack(store, folder / "published", PERIOD, published=True)
    return Borough(store, folder, targets, true)


def _html_and_workbook(store: Path, folder: Path, *, published: bool) -> Path:
    """A pack's HTML and workbook, built as write_pack builds them (the PDF prints the same page
    and takes longest, so the attacker's control runs go without it)."""
    pack = model.build(store, PERIOD, published=published)
    titles = {r.indicator.id: r.title for r in pack.rows()}
    pack.commentary = commentary.shortened(commentary.generate(pack), titles=titles)
    folder.mkdir()
    (folder / "pack.html").write_text(render_html(pack), encoding="utf-8")
    render_excel(pack, folder / "pack.xlsx")
    return folder


def test_the_published_pack_gives_nothing_away(borough: Borough) -> None:
    assert len(borough.targets) > 100, "the tiny borough should have many small counts to attack"
    found = attack(borough.folder / "published", borough.targets)
    assert disclosures(found, borough.targets, borough.true) == []


def test_the_internal_pack_gives_them_all(borough: Borough) -> None:
    folder = _html_and_workbook(borough.store, borough.folder / "internal", published=False)
    found = disclosures(attack(folder, borough.targets), borough.targets, borough.true)
    months = {k for k in borough.targets if isinstance(k[1], tuple)}
    assert months <= {(c.ident, c.where) for c in found}  # each printed, plotted or stored
    assert "percentage × denominator" in {c.method for c in found}


def test_the_old_cell_by_cell_rules_give_figures_away(
    borough: Borough, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rules as they stood: primary suppression cell by cell, a second month only when one
    month of a year was hidden, the chart's limits over every month, hidden values kept."""
    monkeypatch.setattr(suppression, "primary", _old_primary)
    monkeypatch.setattr(suppression, "_protect_totals", _old_totals)
    monkeypatch.setattr(suppression, "spc_from_shown", lambda row: None)
    monkeypatch.setattr(suppression, "withhold", lambda fig: None)
    folder = _html_and_workbook(borough.store, borough.folder / "old", published=True)
    found = disclosures(attack(folder, borough.targets), borough.targets, borough.true)
    methods = {c.method for c in found}
    # EH starts: two hidden months (4 and 5) read back from the chart's mean and from the year
    # to date, as the issue found; and percentages whose remainder is small.
    assert {"chart mean and limits", "YTD less months shown", "percentage × denominator"} <= methods


@pytest.mark.parametrize("protected", [True, False])
def test_a_chart_with_one_small_month_keeps_it(
    borough: Borough, protected: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CLA 4 (children at a month end: no year total) with one month of 3 among months of 9 to
    14. The results table's mean, over every month, would give the 3 back: mean × 24 less the
    23 months shown. Drawn from the months shown, as the published pack draws them, it does not;
    drawn as the results table has it (the rule broken on purpose), it does."""
    if not protected:
        monkeypatch.setattr(suppression, "spc_from_shown", lambda row: None)
    pack = model.build(borough.store, PERIOD)
    row = next(r for r in pack.rows() if r.indicator.id == "CLA 4")
    small = row.history[7]
    small.figure.value = small.figure.numerator = 3.0
    chart = spc.xmr([p.figure.value or 0.0 for p in row.history])
    assert chart is not None
    row.limits = (chart.centre, chart.lower, chart.upper)  # as the engine would have them
    row.special_causes = "".join("+" if f > 0 else "-" if f < 0 else "." for f in chart.flags)
    pack.published = True
    suppression.apply(pack)
    folder = borough.folder / f"one-small-month-{protected}"
    folder.mkdir()
    (folder / "pack.html").write_text(render_html(pack), encoding="utf-8")
    render_excel(pack, folder / "pack.xlsx")
    where = ("CLA 4", _key(small.period_end))
    targets, true = {where: 3.0}, {where: Figure(3.0, 3.0, None, "count")}
    found = disclosures(attack(folder, targets), targets, true)
    if protected:
        assert found == []
    else:  # the rule broken for every chart gives CLA 4's 3 back (and other small months too)
        assert [(c.where, c.value, c.method) for c in found if c.ident == "CLA 4"] == [
            (where[1], 3, "chart mean and limits")
        ]


def test_a_year_of_monthly_packs_gives_nothing_away(borough: Borough) -> None:
    """Each monthly pack shows its own year to date and 12-month figure, so a reader with a
    year of them has every total the rules let through. A month once shown or hidden stays so
    in every later pack; no two years to date differ by hidden months a reader could pin or
    read one way only as small counts; a percentage's year to date and any 12-month figure
    are shown only whole."""
    ends = [date(2020, m, 1) for m in range(4, 13)] + [date(2021, m, 1) for m in (1, 2, 3)]
    packs = [model.build(borough.store, f"{d:%Y-%m}", published=True) for d in ends]
    for ident in [r.indicator.id for r in packs[-1].rows()]:
        rows = [next(r for r in p.rows() if r.indicator.id == ident) for p in packs]
        status: dict[date, bool] = {}
        for row in rows:
            for point in row.history:
                assert status.setdefault(point.period_end, point.figure.suppressed) == (
                    point.figure.suppressed
                ), (ident, point.period_end)
        _no_pinned_difference(ident, rows)


def _no_pinned_difference(ident: str, rows: list[PackRow]) -> None:
    ind = rows[-1].indicator
    if ind.kind != "flow" or ind.aggregate != "sum":
        return
    year = [p for p in rows[-1].history if p.period_end >= date(2020, 4, 1)]
    shown = {p.period_end: p.figure.value for p in year if not p.figure.suppressed}
    totals = {date(2020, 3, 31): 0.0}  # before April, the year to date is nothing
    for row in rows:
        end = row.history[-1].period_end
        if row.annual is not None and not row.annual.suppressed and end.month != 3:
            assert not any(f.suppressed for f in row.months), (ident, end, "12 months")
        if not row.latest.suppressed:
            totals[end] = row.latest.value or 0.0
            if ind.unit != "count":
                assert all(p.period_end in shown for p in year if p.period_end <= end), ident
    for a, b in combinations(sorted(totals), 2):
        between = [p.period_end for p in year if a < p.period_end <= b]
        hidden = [m for m in between if m not in shown]
        if ind.unit != "count" or not hidden:
            continue
        total = totals[b] - totals[a] - sum(shown[m] or 0.0 for m in between if m in shown)
        assert len(small_readings(total, len(hidden))) != 1, (ident, hidden, total)
        assert all(len(cell) > 1 for cell in _feasible(total, len(hidden))), (ident, hidden)


def _old_primary(fig: Figure, threshold: int) -> None:
    if fig.value is None:
        return
    if fig.unit == "count":
        fig.suppressed = suppression.small(fig.value, threshold)
    elif fig.unit in ("percent", "rate_per_10k"):
        fig.suppressed = suppression.small(fig.numerator, threshold) or suppression.small(
            fig.denominator, threshold
        )


def _old_totals(row: PackRow, pack: model.Pack, threshold: int) -> None:
    fy = int(pack.financial_year[:4])
    in_year = [
        f for m, f in zip(pack.months, row.months, strict=False) if (m.year, m.month) >= (fy, 4)
    ]
    if row.indicator.unit == "count" and row.indicator.kind == "flow" and not row.latest.suppressed:
        hidden = [f for f in in_year if f.suppressed]
        if len(hidden) == 1:
            others = [f for f in in_year if not f.suppressed and f.value]
            if others:
                min(others, key=lambda f: f.value or 0).suppressed = True
            else:
                row.latest.suppressed = True
    if row.annual is not None:
        row.annual.suppressed |= any(f.suppressed for f in row.months)
