"""The committee pack as an Excel workbook: a sheet per section, definitions and native charts.

Sheets: Summary (marking, commentary, contents, key), one per section in the pack's order,
Definitions, Charts, and a hidden "Chart data" sheet that the charts and sparklines plot.
Figures are stored as numbers with the Excel number formats of ``reports.formatting`` so an
analyst can reuse them; a suppressed figure is the text ``c`` and a missing one an empty cell.
RAG is the word in the cell, coloured by conditional formatting on that word: the colour always
follows the word and never stands alone. The section sheets and charts name each indicator by
its short title, as the pack does; the Definitions sheet keeps the full title. A figure without
the history its measure needs, and a published count for a whole year, carry a cell note saying
so. The workbook formats what the Pack holds; it computes nothing.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date

import xlsxwriter
from xlsxwriter.chart import Chart
from xlsxwriter.format import Format
from xlsxwriter.utility import quote_sheetname, xl_range_abs
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from csc_insight.comparators.store import Comparator
from csc_insight.indicators import catalogue, periods
from csc_insight.reports import formatting, glossary
from csc_insight.reports.excel_finance import write_sheets, write_tables
from csc_insight.reports.model import (
    COMPARATOR_KINDS,
    COMPARATOR_LABELS,
    MONTHS_SHOWN,
    Figure,
    Pack,
    PackRow,
    Section,
)

SUMMARY, DEFINITIONS, CHARTS, CHART_DATA = "Summary", "Definitions", "Charts", "Chart data"
#: Excel refuses these in sheet names; "History" is reserved by Excel itself.
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_RESERVED = {SUMMARY, DEFINITIONS, CHARTS, CHART_DATA, "History"}
SHEET_NAME_MAX = 31

#: Excel's own Good / Neutral / Bad cell styles (dark text on a light fill) plus a grey.
RAG_STYLES = {
    "Green": ("#C6EFCE", "#006100"),
    "Amber": ("#FFEB9C", "#7F4700"),
    "Red": ("#FFC7CE", "#9C0006"),
    "Grey": ("#D9D9D9", "#262626"),
}
UNIT_LABELS = {
    "percent": "Percentage",
    "count": "Count",
    "rate_per_10k": "Rate per 10,000 children",
    "average": "Average",
    "money_k": "£ thousands",
}
POLARITY_LABELS = {"BIB": "Bigger is better", "SIB": "Smaller is better", "none": "No polarity"}

# Section sheet layout: a title row, the header row, then one row per indicator.
TITLE_ROW, HEADER_ROW, FIRST_ROW = 0, 1, 2
ID_COL, TITLE_COL, POLARITY_COL, FIRST_MONTH_COL = 0, 1, 2, 3
TREND_COL = FIRST_MONTH_COL + MONTHS_SHOWN
RO_COL, TARGET_COL, RAG_COL, LATEST_COL, FIRST_COMPARATOR_COL = range(TREND_COL + 1, TREND_COL + 6)

# Charts sheet layout: two charts side by side, each CHART_ROWS rows tall.
CHART_WIDTH, CHART_HEIGHT, CHART_ROWS, CHART_COLS = 560, 280, 15, 9

HEADER_BLUE = "#1F3864"
INCOMPLETE_NOTE = (
    "Incomplete history: the data loaded does not reach back as far as this measure looks, so "
    "the figure is too low or too high to rely on (see the glossary on the Summary sheet)."
)
BORDER_GREY = "#BFBFBF"


def render_excel(pack: Pack, path: str | os.PathLike[str]) -> None:
    """Write the pack as an .xlsx workbook at ``path``."""
    # In memory: the workbook is small, and XlsxWriter's temporary files cost more than the work.
    # Text is always text: with its defaults XlsxWriter's write() makes a string beginning with
    # '=' a live formula and one that looks like an address a link, so commentary typed by a
    # person ('=HYPERLINK(...)', "=cmd|' /C calc'!A0") could run when the workbook is opened.
    wb = xlsxwriter.Workbook(
        str(path),
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    # The marking in the file's own properties too (File > Info), not only on its sheets.
    kind = "published" if pack.published else "internal"
    wb.set_properties(
        {
            "title": f"{pack.authority}: Children's Social Care performance, {pack.period}",
            "subject": pack.marking,
            "keywords": f"{kind}, {pack.marking}",
            "category": pack.marking,
            "comments": _marking_note(pack),
        }
    )
    try:
        st = _Styles(wb)
        taken = {n.lower() for n in _RESERVED}
        summary = wb.add_worksheet(SUMMARY)
        named = [(s, wb.add_worksheet(sheet_name(s.title, taken))) for s in pack.sections]
        finance: list[tuple[str, str]] = []  # each finance sheet's name, and its table's title
        if pack.finance is not None:  # a sheet per table of the finance and delivery section
            tables = pack.finance.tables()
            finance = [(sheet_name(t.key, taken), t.title) for t in tables]
            write_sheets(wb, pack, pack.finance, [name for name, _ in finance])
        if pack.education is not None:  # its own sheets, then a sheet per SEND table
            from csc_insight.reports import excel_education

            own = excel_education.sheet_names(pack.education)
            taken.update(name.lower() for name, _ in own)
            tables = pack.education.tables()
            ed_tables = [(sheet_name(t.key, taken), t.title) for t in tables]
            excel_education.write(wb, pack, pack.education, [name for name, _ in ed_tables])
            finance += own + ed_tables
        if pack.forecast is not None:  # a sheet per table, the figures as numbers
            fc_tables = pack.forecast.sheet_tables()
            fc = [(sheet_name(t.key, taken), t.title) for t in fc_tables]
            write_tables(wb, pack, fc_tables, [name for name, _ in fc])
            finance += fc
        definitions = wb.add_worksheet(DEFINITIONS)
        charts = wb.add_worksheet(CHARTS)
        data_ws = wb.add_worksheet(CHART_DATA)
        data = _ChartData.of(pack)
        _summary(summary, pack, st, [(s, ws.name) for s, ws in named], finance)
        for section, ws in named:
            _section(ws, pack, section, st, data)
        _definitions(definitions, pack, st)
        _charts(wb, charts, pack, st, data)
        _chart_data(data_ws, pack, st, data)
        summary.activate()
    finally:
        wb.close()


def sheet_name(title: str, taken: set[str]) -> str:
    """A legal, unique (case-insensitive) sheet name for ``title``; records it in ``taken``."""
    base = _BAD_SHEET_CHARS.sub("-", title).strip("' ")[:SHEET_NAME_MAX].rstrip("' ") or "Section"
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name = base[: SHEET_NAME_MAX - len(suffix)].rstrip() + suffix
        n += 1
    taken.add(name.lower())
    return name


class _Styles:
    """Every cell format, made once per workbook (XlsxWriter shares them by object)."""

    def __init__(self, wb: Workbook) -> None:
        cell = {"border": 1, "border_color": BORDER_GREY, "valign": "top"}
        self._wb, self._cell = wb, cell
        self.title = wb.add_format({"bold": True, "font_size": 14})
        self.subtitle = wb.add_format({"bold": True, "font_size": 12})
        self.marking = wb.add_format({"bold": True, "font_color": "#9C0006"})
        self.label = wb.add_format({"bold": True, "valign": "top"})
        self.wrap = wb.add_format({"text_wrap": True, "valign": "top"})
        self.note = wb.add_format({"italic": True, "text_wrap": True, "valign": "top"})
        self.group = wb.add_format({"bold": True, "bg_color": "#D9E1F2", "valign": "top"})
        self.header = wb.add_format(
            {
                **cell,
                "bold": True,
                "text_wrap": True,
                "font_color": "#FFFFFF",
                "bg_color": HEADER_BLUE,
            }
        )
        self.text = wb.add_format(cell)
        self.text_wrap = wb.add_format({**cell, "text_wrap": True})
        self.centre = wb.add_format({**cell, "align": "center"})
        self.blank = wb.add_format(cell)
        self.suppressed = wb.add_format({**cell, "align": "right"})
        self.rag = wb.add_format({**cell, "align": "center", "bold": True})
        self.date = wb.add_format({"num_format": "mmm-yy"})
        self.numbers = {
            unit: wb.add_format({**cell, "num_format": fmt})
            for unit, fmt in formatting.EXCEL_FORMATS.items()
        }
        # Conditional formats (dxf) colour a RAG cell by its word; static ones for the key.
        self.rag_colours = {
            word: wb.add_format({"bg_color": bg, "font_color": fg})
            for word, (bg, fg) in RAG_STYLES.items()
        }
        self.rag_key = {
            word: wb.add_format({**cell, "bold": True, "bg_color": bg, "font_color": fg})
            for word, (bg, fg) in RAG_STYLES.items()
        }

    def number(self, unit: str, places: int | None = None) -> Format:
        """The unit's number format; with ``places``, that many decimal places instead."""
        if places is None or places == formatting.PLACES.get(unit):
            return self.numbers.get(unit, self.text)
        key = f"{unit}:{places}"
        if key not in self.numbers:
            self.numbers[key] = self._wb.add_format(
                {**self._cell, "num_format": formatting.excel_format(unit, places)}
            )
        return self.numbers[key]


@dataclass
class _ChartData:
    """Where each indicator's monthly values sit on the hidden Chart data sheet.

    Row 0 holds the series names; one row per month follows, oldest first; each indicator has
    two columns (its values, then its target).
    """

    months: list[date]
    row_of: dict[date, int]
    col_of: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, pack: Pack) -> _ChartData:
        months = sorted({p.period_end for r in pack.rows() for p in r.history} | set(pack.months))
        data = cls(months, {m: i + 1 for i, m in enumerate(months)})
        for i, row in enumerate(pack.rows()):
            data.col_of[row.indicator.id] = 1 + 2 * i
        return data

    def span(self, row: PackRow) -> tuple[int, int] | None:
        """First and last data row of the indicator's history."""
        if not row.history:
            return None
        return self.row_of[row.history[0].period_end], self.row_of[row.history[-1].period_end]


def _print_setup(
    ws: Worksheet, pack: Pack, *, landscape: bool = True, repeat: int | None = None
) -> None:
    """A4, one page wide, the protective marking in the header and the footer of every page."""
    mark = _hf(pack.marking)
    ws.set_paper(9)
    if landscape:
        ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.set_header(f"&L{_hf(pack.authority)}&C&B{mark}&R{_hf(formatting.month(pack.period_end))}")
    ws.set_footer(f"&L&A&C&B{mark}&RPage &P of &N")
    if repeat is not None:
        ws.repeat_rows(0, repeat)


def _hf(text: str) -> str:
    """Header/footer text: '&' starts a control code, so a literal one is doubled."""
    return text.replace("&", "&&")


# Summary ------------------------------------------------------------------------------------


def _summary(
    ws: Worksheet,
    pack: Pack,
    st: _Styles,
    sheets: list[tuple[Section, str]],
    finance: list[tuple[str, str]],  # the finance section's sheets and their titles
) -> None:
    ws.set_column(0, 0, 24)
    ws.set_column(1, 1, 100)
    ws.write(0, 0, "Children's social care performance pack", st.title)
    ws.write(1, 0, pack.authority, st.subtitle)
    ws.write(2, 0, pack.marking, st.marking)
    ws.write(2, 1, _marking_note(pack), st.wrap)
    r = 4
    for label, text in (
        ("Report month", formatting.month(pack.period_end)),
        ("Financial year", pack.financial_year),
        ("Generated", formatting.day(pack.generated_at)),
        ("Data", pack.data_note),
        *((("Covers", pack.scope),) if pack.scope else ()),
    ):
        ws.write(r, 0, label, st.label)
        ws.write_string(r, 1, text, st.wrap)
        r += 1
    r = _commentary(ws, r + 1, pack, st)
    r = _contents(ws, r + 1, sheets, st, finance)
    _key(ws, r + 1, st)
    _print_setup(ws, pack, landscape=False)


def _marking_note(pack: Pack) -> str:
    if pack.published:
        return (
            "Small numbers are suppressed and shown as c, following the DfE's practice: counts "
            "of 1 to the threshold, and percentages and rates whose numerator, denominator or "
            "remainder is such a count. Further months, year-to-date and 12-month figures are "
            "withheld where a total less the months shown would reveal one, and a chart's "
            "average and usual range use only the months shown. No hidden figure is held "
            "anywhere in this workbook."
        )
    return "Internal pack: every figure is shown, including small numbers. Do not publish."


def _commentary(ws: Worksheet, r: int, pack: Pack, st: _Styles) -> int:
    ws.write(r, 0, "Commentary", st.subtitle)
    r += 1
    for _key_name, heading, bullets in pack.commentary.groups():
        ws.write(r, 0, heading, st.group)
        ws.write_blank(r, 1, None, st.group)
        r += 1
        if not bullets:
            ws.write(r, 1, "Nothing this month.", st.note)
            r += 1
        for b in bullets:
            ws.write(r, 0, b.indicator_id or "", st.label)
            ws.write(r, 1, b.text, st.wrap)
            r += 1
    return r


def _contents(
    ws: Worksheet,
    r: int,
    sheets: list[tuple[Section, str]],
    st: _Styles,
    finance: list[tuple[str, str]],
) -> int:
    ws.write(r, 0, "Sections", st.subtitle)
    r += 1
    about = {**_ABOUT, **dict(finance)}
    rows = [*sheets, *((None, name) for name, _ in finance), (None, DEFINITIONS), (None, CHARTS)]
    for section, name in rows:
        ws.write_url(r, 0, f"internal:{quote_sheetname(name)}!A1", string=name)
        what = f"{len(section.rows)} indicators" if section else ""
        ws.write_string(r, 1, what or about[name])
        r += 1
    return r


_ABOUT = {
    DEFINITIONS: "How each indicator is counted: numerator, denominator, dates, exclusions, source.",
    CHARTS: "A trend chart per indicator: monthly values with the target (dashed).",
}


def _key(ws: Worksheet, r: int, st: _Styles) -> None:
    ws.write(r, 0, "Key", st.subtitle)
    r += 1
    for word, meaning in (
        ("Green", "Meets the target."),
        ("Amber", "Misses the target by no more than its tolerance (usually 10% of the target)."),
        ("Red", "Misses the target by more than its tolerance."),
        ("Grey", "Not rated: no target, no figure, or no polarity (a context measure)."),
    ):
        ws.write(r, 0, word, st.rag_key[word])
        ws.write(r, 1, meaning)
        r += 1
    for term, meaning in (
        ("BIB / SIB", "Polarity: bigger is better / smaller is better."),
        (formatting.SUPPRESSED, "Suppressed: a small number withheld in published packs."),
        ("(empty)", "No figure for the period."),
        ("Percentages", "Stored as numbers of percent: 26 means 26% (the cell shows 26%)."),
    ):
        ws.write(r, 0, term, st.label)
        ws.write(r, 1, meaning, st.wrap)
        r += 1
    _glossary(ws, r + 1, st)


def _glossary(ws: Worksheet, r: int, st: _Styles) -> None:
    """The pack's glossary, word for word (reports.glossary)."""
    ws.write(r, 0, "Glossary", st.subtitle)
    for term, meaning in glossary.TERMS:
        r += 1
        ws.write(r, 0, term, st.label)
        ws.write(r, 1, meaning, st.wrap)


# Section sheets -----------------------------------------------------------------------------


def _section(ws: Worksheet, pack: Pack, section: Section, st: _Styles, data: _ChartData) -> None:
    headers = _headers(pack, section)
    ws.write(
        TITLE_ROW,
        0,
        f"{section.title}: {formatting.month(pack.period_end)} · {pack.marking}",
        st.title,
    )
    for c, (text, width) in enumerate(headers):
        ws.write(HEADER_ROW, c, text, st.header)
        ws.set_column(c, c, width)
    ws.set_row(HEADER_ROW, 45)
    mixed = _mixed_periods(section)
    for i, row in enumerate(section.rows):
        _row(ws, FIRST_ROW + i, pack, row, st, data, mixed)
    last = FIRST_ROW + len(section.rows) - 1
    for word, fmt in st.rag_colours.items():
        rule = {"type": "cell", "criteria": "==", "value": f'"{word}"', "format": fmt}
        ws.conditional_format(FIRST_ROW, RAG_COL, last, RAG_COL, rule)
    ws.freeze_panes(FIRST_ROW, TITLE_COL + 1)
    ws.autofilter(HEADER_ROW, 0, last, len(headers) - 1)
    _print_setup(ws, pack, repeat=HEADER_ROW)


def _headers(pack: Pack, section: Section) -> list[tuple[str, float]]:
    """(text, width) per column, as the seed pack heads its tables."""
    fy = pack.financial_year
    cols = [("Indicator", 10.0), ("Title", 40.0), ("Polarity", 8.0)]
    cols += [(formatting.month(m), 8.0) for m in pack.months]
    cols += [("", 8.0)] * (MONTHS_SHOWN - len(pack.months))  # a store with under a year of data
    cols += [("Trend", 14.0), ("RO", 6.0), (f"{fy} Target", 9.0), ("RAG", 8.0)]
    cols += [(f"{fy} YTD or latest", 10.0)]
    for kind in COMPARATOR_KINDS:
        found = {r.comparators[kind].time_period for r in section.rows if kind in r.comparators}
        period = f" {found.pop()}" if len(found) == 1 else ""
        cols.append((COMPARATOR_LABELS[kind] + period, 11.0))
    return cols


def _mixed_periods(section: Section) -> set[str]:
    """Comparator kinds whose figures in this section come from more than one period."""
    return {
        kind
        for kind in COMPARATOR_KINDS
        if len({r.comparators[kind].time_period for r in section.rows if kind in r.comparators}) > 1
    }


def _row(
    ws: Worksheet,
    r: int,
    pack: Pack,
    row: PackRow,
    st: _Styles,
    data: _ChartData,
    mixed: set[str],
) -> None:
    ind = row.indicator
    ws.write(r, ID_COL, ind.id, st.text)
    ws.write(r, TITLE_COL, row.title, st.text_wrap)
    ws.write(r, POLARITY_COL, ind.polarity, st.centre)
    for i, fig in enumerate(row.months):
        _figure(ws, r, FIRST_MONTH_COL + i, fig, st)
    _sparkline(ws, r, pack, row, data)
    ws.write(r, RO_COL, ind.owner, st.centre)
    _number(ws, r, TARGET_COL, row.target, ind.unit, st)
    ws.write(r, RAG_COL, row.rag, st.rag)
    _figure(ws, r, LATEST_COL, row.latest, st)
    for i, kind in enumerate(COMPARATOR_KINDS):
        comp = row.comparators.get(kind)
        _comparator(ws, r, FIRST_COMPARATOR_COL + i, comp, ind.unit, st)
        if comp and (note := _comparator_note(pack, row, comp, kind in mixed)):
            ws.write_comment(r, FIRST_COMPARATOR_COL + i, note)


def _comparator_note(pack: Pack, row: PackRow, comp: Comparator, mixed: bool) -> str | None:
    """Say where the column's year does not: a figure from another year than its neighbours,
    and a count for a whole year beside a year to date, with the indicator's own 12 months."""
    parts = [f"{comp.time_period} ({comp.source})"] if mixed else []
    if row.annual_comparators:
        annual = row.annual
        known = annual is not None and (annual.suppressed or annual.value is not None)
        own = annual.text if annual is not None and known else "not available"
        to = formatting.month(pack.period_end)
        parts.append(
            f"A count for the whole year {comp.time_period}. Own count for the 12 months to {to}: {own}."
        )
    return " ".join(parts) or None


def _figure(ws: Worksheet, r: int, c: int, fig: Figure, st: _Styles) -> None:
    if fig.incomplete and fig.value is not None:
        ws.write_comment(r, c, INCOMPLETE_NOTE)
    if fig.suppressed:
        ws.write_string(r, c, formatting.SUPPRESSED, st.suppressed)
    elif fig.value is not None and fig.target is not None and fig.unit in formatting.PLACES:
        # As the pack prints it: a value missing its target shows the places that tell them apart.
        places = formatting.places(fig.value, fig.unit, fig.target)
        ws.write_number(r, c, fig.value, st.number(fig.unit, places))
    else:
        _number(ws, r, c, fig.value, fig.unit, st)


def _number(ws: Worksheet, r: int, c: int, v: float | None, unit: str, st: _Styles) -> None:
    if v is None:
        ws.write_blank(r, c, None, st.blank)
    else:
        # Stored exactly as the results table holds it: a percentage is 26.0 (not 0.26) and the
        # format 0"%" shows it as 26%, so a reader can match any cell to the results table.
        ws.write_number(r, c, v, st.number(unit))


def _comparator(
    ws: Worksheet, r: int, c: int, comp: Comparator | None, unit: str, st: _Styles
) -> None:
    if comp is not None and comp.value is None and comp.symbol:
        ws.write_string(r, c, comp.symbol, st.suppressed)  # as published: c, x, z, low...
    else:
        _number(ws, r, c, comp.value if comp else None, unit, st)


def _sparkline(ws: Worksheet, r: int, pack: Pack, row: PackRow, data: _ChartData) -> None:
    """The 12 months as a sparkline, drawn from Chart data (where suppressed points are gaps)."""
    rows = [data.row_of[m] for m in pack.months]
    if not rows:
        return
    col = data.col_of[row.indicator.id]
    ref = f"{quote_sheetname(CHART_DATA)}!{xl_range_abs(rows[0], col, rows[-1], col)}"
    ws.add_sparkline(r, TREND_COL, {"range": ref, "markers": True, "empty_cells": "gaps"})


# Definitions --------------------------------------------------------------------------------


def _definitions(ws: Worksheet, pack: Pack, st: _Styles) -> None:
    parts = catalogue.DEFINITION_PARTS
    headers = [("Indicator", 10.0), ("Title", 40.0), ("Short title", 30.0), ("Area", 16.0)]
    headers += [("Polarity", 14.0)]
    headers += [("Unit", 14.0), ("Kind", 9.0), ("RO", 6.0)]
    headers += [(p.replace("_", " ").capitalize(), 45.0) for p in parts]
    ws.write(TITLE_ROW, 0, f"Indicator definitions · {pack.marking}", st.title)
    for c, (text, width) in enumerate(headers):
        ws.write(HEADER_ROW, c, text, st.header)
        ws.set_column(c, c, width)
    for i, row in enumerate(pack.rows()):
        ind = row.indicator
        values = [
            ind.id,
            ind.title,
            row.title,
            catalogue.AREAS.get(ind.area, ind.area),
            POLARITY_LABELS.get(ind.polarity, ind.polarity),
            UNIT_LABELS.get(ind.unit, ind.unit),
            ind.kind,
            ind.owner,
            *(ind.definition.get(p, "") for p in parts),
        ]
        for c, v in enumerate(values):
            ws.write_string(FIRST_ROW + i, c, v, st.text_wrap)
    ws.freeze_panes(FIRST_ROW, TITLE_COL + 1)
    ws.autofilter(HEADER_ROW, 0, FIRST_ROW + len(pack.rows()) - 1, len(headers) - 1)
    _print_setup(ws, pack, repeat=HEADER_ROW)


# Charts -------------------------------------------------------------------------------------


def _chart_data(ws: Worksheet, pack: Pack, st: _Styles, data: _ChartData) -> None:
    """Numbers only; a suppressed point is left empty so no chart or sparkline reveals it."""
    ws.write(0, 0, "Month")
    ws.set_column(0, 0, 10)
    for m, r in data.row_of.items():
        ws.write_datetime(r, 0, m, st.date)
    for row in pack.rows():
        ind, col = row.indicator, data.col_of[row.indicator.id]
        ws.write(0, col, ind.id)
        ws.write(0, col + 1, "Target")
        for p in row.history:
            r = data.row_of[p.period_end]
            if p.figure.shown is not None:
                ws.write_number(r, col, p.figure.shown)
            # The target the engine rates each month against: the catalogue's for its year.
            target = ind.target_for(periods.fy_label(p.period_end))
            if target is not None:
                ws.write_number(r, col + 1, target)
    ws.hide()
    _print_setup(ws, pack)


def _charts(wb: Workbook, ws: Worksheet, pack: Pack, st: _Styles, data: _ChartData) -> None:
    ws.write(
        0, 0, f"Trend charts: monthly values with the target (dashed) · {pack.marking}", st.title
    )
    r = 2
    for section in pack.sections:
        ws.write(r, 0, section.title, st.subtitle)
        r += 1
        placed = 0
        for row in section.rows:
            chart = _chart(wb, row, data)
            if chart is None:
                continue
            col = (placed % 2) * CHART_COLS
            ws.insert_chart(r + (placed // 2) * CHART_ROWS, col, chart)
            placed += 1
        r += ((placed + 1) // 2) * CHART_ROWS + 1
    _print_setup(ws, pack, landscape=False)


def _chart(wb: Workbook, row: PackRow, data: _ChartData) -> Chart | None:
    span = data.span(row)
    if span is None:
        return None
    first, last = span
    ind, col = row.indicator, data.col_of[row.indicator.id]
    months = [CHART_DATA, first, 0, last, 0]
    chart = wb.add_chart({"type": "line"})
    chart.add_series(
        {
            "name": [CHART_DATA, 0, col],
            "categories": months,
            "values": [CHART_DATA, first, col, last, col],
            "line": {"color": HEADER_BLUE, "width": 2},
            "marker": {"type": "circle", "size": 3, "border": {"color": HEADER_BLUE}},
        }
    )
    if ind.targets:
        chart.add_series(
            {
                "name": [CHART_DATA, 0, col + 1],
                "categories": months,
                "values": [CHART_DATA, first, col + 1, last, col + 1],
                "line": {"color": "#C00000", "width": 1.5, "dash_type": "dash"},
                "marker": {"type": "none"},
            }
        )
    chart.set_title({"name": f"{ind.id}: {row.title}", "name_font": {"size": 10, "bold": True}})
    chart.set_x_axis(
        {
            "date_axis": True,
            "num_format": "mmm-yy",
            "base_unit": "months",
            "major_unit": 3,
            "major_unit_type": "months",
            "num_font": {"rotation": -45, "size": 8},
        }
    )
    chart.set_y_axis(
        {"num_format": formatting.EXCEL_FORMATS.get(ind.unit, "General"), "num_font": {"size": 8}}
    )
    chart.set_legend({"position": "bottom"})
    chart.show_blanks_as("gap")
    chart.set_size({"width": CHART_WIDTH, "height": CHART_HEIGHT})
    return chart
