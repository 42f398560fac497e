"""The education section in the pack's workbook: its commentary, the monthly and annual tables,
the schools, and a sheet each for SEND placements, the EHCP scenarios and the high-needs block.

A figure is stored as a number with the measure's decimal places as its number format; a
period without one is the text "not published" (education.figures.show), never a 0 or a blank
cell a sum would take as one. A change or gap is its text with the arrow and the word (better,
worse), filled green or red by its tone, so it reads without colour too. The SEND, EHCP and
high-needs sheets are written by the finance section's table writer (excel_finance.py).
"""

from __future__ import annotations

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from csc_insight.education.compare import Movement
from csc_insight.education.figures import Figure, published, show
from csc_insight.education.measures import Measure
from csc_insight.reports import formatting
from csc_insight.reports.education_section import EducationSection, polarity
from csc_insight.reports.excel_finance import FILLS, HEADER_BLUE, write_tables
from csc_insight.reports.model import Pack

SUMMARY, MONTHLY, ANNUAL = "Education summary", "Education monthly", "Education annual"
SCHOOLS = "Education schools"
HEADER_ROW = 2
_TONE_FILL = {"better": "green", "worse": "red"}


class _Formats:
    def __init__(self, wb: Workbook) -> None:
        cell = {"border": 1, "border_color": "#BFBFBF", "valign": "top"}
        self.title = wb.add_format({"bold": True, "font_size": 12})
        self.note = wb.add_format({"italic": True, "text_wrap": True, "valign": "top"})
        self.header = wb.add_format(
            {**cell, "bold": True, "text_wrap": True, "font_color": "#FFFFFF",
             "bg_color": HEADER_BLUE}
        )  # fmt: skip
        self.text = wb.add_format(cell)
        self.wrap = wb.add_format({**cell, "text_wrap": True})
        self.group = wb.add_format({"bold": True, "bottom": 1})
        self.not_published = wb.add_format(
            {**cell, "italic": True, "font_color": "#555555", "align": "center"}
        )
        self.numbers = {
            d: wb.add_format({**cell, "num_format": "#,##0" + ("." + "0" * d if d else "")})
            for d in range(4)
        }
        self.moves = {
            tone: wb.add_format(
                {**cell, "bg_color": FILLS[colour][0], "font_color": FILLS[colour][1]}
            )
            for tone, colour in _TONE_FILL.items()
        }
        self.move_none = wb.add_format({**cell, "italic": True, "font_color": "#555555"})

    def number(self, decimals: int) -> Format:
        return self.numbers[min(max(decimals, 0), 3)]

    def move(self, m: Movement) -> Format:
        if m.difference is None:
            return self.move_none
        return self.moves.get(m.tone, self.text)


def sheet_names(section: EducationSection) -> list[tuple[str, str]]:
    """Each sheet's name and what it holds, for the workbook's contents (excel.py)."""
    out = [(SUMMARY, "Education: going well, ones to watch, things to do better.")]
    if section.monthly:
        out.append((MONTHLY, "Education monthly figures, with the change on a year before."))
    if section.annual:
        out.append((ANNUAL, "Education annual figures: change, gaps to England and neighbours."))
    if section.schools:
        out.append((SCHOOLS, "Education: each school against the borough and England."))
    return out


def write(wb: Workbook, pack: Pack, section: EducationSection, table_names: list[str]) -> None:
    """The education sheets; ``table_names``: the SEND, EHCP and high-needs sheets' names."""
    from csc_insight.reports.excel import _print_setup

    fm = _Formats(wb)
    ws = wb.add_worksheet(SUMMARY)
    _summary(ws, section, fm)
    _print_setup(ws, pack, landscape=False)
    if section.monthly:
        ws = wb.add_worksheet(MONTHLY)
        _monthly(ws, section, fm)
        _print_setup(ws, pack, repeat=HEADER_ROW)
    if section.annual:
        ws = wb.add_worksheet(ANNUAL)
        _annual(ws, section, fm)
        _print_setup(ws, pack, repeat=HEADER_ROW)
    if section.schools:
        ws = wb.add_worksheet(SCHOOLS)
        _schools(ws, section, fm)
        _print_setup(ws, pack, repeat=HEADER_ROW)
    write_tables(wb, pack, section.tables(), table_names)


def _summary(ws: Worksheet, section: EducationSection, fm: _Formats) -> None:
    ws.set_column(0, 0, 12)
    ws.set_column(1, 1, 100)
    ws.write_string(0, 0, f"Education, {formatting.month_long(section.as_at)}", fm.title)
    r = 2
    for _key, heading, bullets in section.commentary.groups():
        ws.write_string(r, 0, heading, fm.group)
        ws.write_blank(r, 1, None, fm.group)
        r += 1
        if not bullets:
            ws.write_string(r, 1, "Nothing to report.", fm.note)
            r += 1
        for b in bullets:
            ws.write_string(r, 0, b.indicator_id or "")
            ws.write_string(r, 1, b.text, fm.note)
            r += 1
        r += 1
    for note in section.notes:
        ws.write_string(r, 1, note, fm.note)
        r += 1


def _figure(ws: Worksheet, r: int, c: int, value: Figure, m: Measure, fm: _Formats) -> None:
    number = published(value)
    if number is None:
        ws.write_string(r, c, show(value, m.decimals), fm.not_published)
    else:
        ws.write_number(r, c, round(number, m.decimals), fm.number(m.decimals))


def _move(ws: Worksheet, r: int, c: int, m: Movement, fm: _Formats) -> None:
    ws.write_string(r, c, m.text(), fm.move(m))


def _head(ws: Worksheet, title: str, header: list[str], fm: _Formats) -> None:
    ws.write_string(0, 0, title, fm.title)
    for c, h in enumerate(header):
        ws.write_string(HEADER_ROW, c, h, fm.header)
    ws.set_column(0, 0, 9)
    ws.set_column(1, 1, 48)
    ws.set_column(2, 2, 9)
    ws.freeze_panes(HEADER_ROW + 1, 2)


def _monthly(ws: Worksheet, section: EducationSection, fm: _Formats) -> None:
    months = [formatting.month(m) for m in section.months]
    _head(
        ws,
        f"Education monthly figures, {months[0]} to {months[-1]}",
        ["Id", "Measure", "Better if", *months, "On a year before"],
        fm,
    )
    for i, row in enumerate(section.monthly):
        r, m = HEADER_ROW + 1 + i, row.measure
        ws.write_string(r, 0, m.id, fm.text)
        ws.write_string(r, 1, m.title, fm.wrap)
        ws.write_string(r, 2, polarity(m), fm.text)
        for i in range(len(section.months)):
            number = row.number(i)
            if number is None:  # "not published", or c: text, never a 0 or a blank
                ws.write_string(r, 3 + i, row.text(i), fm.not_published)
            else:
                ws.write_number(r, 3 + i, round(number, m.decimals), fm.number(m.decimals))
        if row.change_hidden:
            ws.write_string(r, 3 + len(section.months), row.change_text, fm.move_none)
        else:
            _move(ws, r, 3 + len(section.months), row.row.change, fm)
    ws.set_column(3, 2 + len(months), 9)
    ws.set_column(3 + len(months), 3 + len(months), 24)


def _annual(ws: Worksheet, section: EducationSection, fm: _Formats) -> None:
    years = [str(y) for y in section.years]
    tail = ["Change on the year before", "England", "Gap to England", "Statistical neighbours",
            "Gap to neighbours"]  # fmt: skip
    _head(
        ws,
        f"Education annual figures, {years[0]} to {years[-1]} (academic years: 2020 is 2019/20)",
        ["Id", "Measure", "Better if", *years, *tail],
        fm,
    )
    for i, row in enumerate(section.annual):
        r, m = HEADER_ROW + 1 + i, row.measure
        ws.write_string(r, 0, m.id, fm.text)
        ws.write_string(r, 1, m.title, fm.wrap)
        ws.write_string(r, 2, polarity(m), fm.text)
        c = 3
        for v in row.values:
            _figure(ws, r, c, v, m, fm)
            c += 1
        _move(ws, r, c, row.change, fm)
        _figure(ws, r, c + 1, row.england, m, fm)
        _move(ws, r, c + 2, row.vs_england, fm)
        _figure(ws, r, c + 3, row.neighbours, m, fm)
        _move(ws, r, c + 4, row.vs_neighbours, fm)
    n = len(years)
    ws.set_column(3, 2 + n, 9)
    for c, width in enumerate((24, 10, 24, 12, 24), start=3 + n):
        ws.set_column(c, c, width)


def _schools(ws: Worksheet, section: EducationSection, fm: _Formats) -> None:
    """A row per school and measure, the measures one after another in the catalogue's order
    (a filter on Id gives one measure's): its latest year, worst against England first.
    Rates and scores, not counts of children: nothing to suppress in a published pack."""
    header = ["Id", "Measure", "Better if", "Year", "School", "URN", "Figure",
              "Change on the year before", "Borough", "Gap to the borough", "England",
              "Gap to England"]  # fmt: skip
    _head(ws, "Education: the authority's schools (the DfE's school-level tables)", header, fm)
    r = HEADER_ROW
    for t in section.schools:
        m = t.measure
        for row in t.rows:
            r += 1
            for c, label in enumerate((m.id, m.title, polarity(m), str(t.year))):
                ws.write_string(r, c, label, fm.wrap if c == 1 else fm.text)
            ws.write_string(r, 4, row.name, fm.text)
            ws.write_string(r, 5, row.urn, fm.text)  # text: a URN is a code, not a number
            _figure(ws, r, 6, row.value, m, fm)
            _move(ws, r, 7, row.change, fm)
            _figure(ws, r, 8, t.borough, m, fm)
            _move(ws, r, 9, row.vs_borough, fm)
            _figure(ws, r, 10, t.england, m, fm)
            _move(ws, r, 11, row.vs_england, fm)
    for c, width in enumerate((6, 36, 9, 10, 24, 10, 24, 10, 24), start=3):
        ws.set_column(c, c, width)
    ws.freeze_panes(HEADER_ROW + 1, 5)
