"""The finance and delivery section in the pack's workbook: a sheet per table.

Each figure is stored as a number with a number format that prints it as the pack does (£k
whole, the MTFS's savings in brackets and nil as "-", £ per child to the penny, whole
percentages); totals are stored as the numbers reports/finance.py computed, never as formulas
typed here that could come to disagree with the lines. A status word (RAG, breached, on track)
is the word in the cell, coloured by conditional formatting on that word, as the section sheets
colour RAG.
"""

from __future__ import annotations

from decimal import Decimal

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from csc_insight.reports.finance import Cell, FinanceSection, Table
from csc_insight.reports.html import STATUS_COLOURS
from csc_insight.reports.model import Pack

#: Number formats by cell kind.
FORMATS = {
    "k": "#,##0;-#,##0;0",
    "mtfs": '#,##0;(#,##0);"-"',
    "pounds": "#,##0.00",
    "pct": '0"%"',
    "int": "#,##0",
    "date": "dd/mm/yyyy",
    "share": "0%",
    "times": '"× "0.00',
    "dec1": "#,##0.0",
}
#: Fills for the status words, by colour (Excel's good / neutral / bad, and a grey).
FILLS = {
    "green": ("#C6EFCE", "#006100"),
    "amber": ("#FFEB9C", "#7F4700"),
    "red": ("#FFC7CE", "#9C0006"),
}
TITLE_ROW, NOTE_ROW, HEADER_ROW = 0, 1, 3
HEADER_BLUE, BORDER_GREY = "#1F3864", "#BFBFBF"


class _Formats:
    def __init__(self, wb: Workbook) -> None:
        cell = {"border": 1, "border_color": BORDER_GREY, "valign": "top"}
        self.title = wb.add_format({"bold": True, "font_size": 12})
        self.note = wb.add_format({"italic": True, "text_wrap": True, "valign": "top"})
        self.header = wb.add_format(
            {
                **cell,
                "bold": True,
                "text_wrap": True,
                "font_color": "#FFFFFF",
                "bg_color": HEADER_BLUE,
            }
        )
        self.formats: dict[tuple[str, bool, bool], Format] = {}
        self.colours = {
            colour: wb.add_format({"bg_color": bg, "font_color": fg})
            for colour, (bg, fg) in FILLS.items()
        }
        self._wb, self._cell = wb, cell

    def of(self, kind: str, total: bool, wrap: bool) -> Format:
        key = (kind, total, wrap)
        if key not in self.formats:
            props: dict[str, object] = dict(self._cell)
            if kind in FORMATS:
                props["num_format"] = FORMATS[kind]
            if total:
                props.update({"bold": True, "top": 2, "top_color": HEADER_BLUE})
            if wrap:
                props["text_wrap"] = True
            if kind == "rag":
                props.update({"bold": True, "align": "center"})
            self.formats[key] = self._wb.add_format(props)
        return self.formats[key]


def write_sheets(wb: Workbook, pack: Pack, section: FinanceSection, names: list[str]) -> None:
    """One sheet per table of ``section``, named by ``names`` (same order)."""
    write_tables(wb, pack, section.tables(), names)


def write_tables(wb: Workbook, pack: Pack, tables: list[Table], names: list[str]) -> None:
    """One sheet per table, named by ``names`` (same order)."""
    from csc_insight.reports.excel import _print_setup

    fm = _Formats(wb)
    for table, name in zip(tables, names, strict=True):
        ws = wb.add_worksheet(name)
        _table(ws, table, fm)
        _print_setup(ws, pack, repeat=HEADER_ROW)


def _table(ws: Worksheet, table: Table, fm: _Formats) -> None:
    ws.write_string(TITLE_ROW, 0, table.title, fm.title)
    if table.note:
        ws.merge_range(NOTE_ROW, 0, NOTE_ROW, max(len(table.header) - 1, 0), table.note, fm.note)
        ws.set_row(NOTE_ROW, 15 * max(1, len(table.note) // (12 * len(table.header)) + 1))
    for c, h in enumerate(table.header):
        ws.write_string(HEADER_ROW, c, h, fm.header)
    widths = [len(h) for h in table.header]
    for i, row in enumerate(table.rows):
        r = HEADER_ROW + 1 + i
        for c, cell in enumerate(row.cells):
            wrap = c in table.prose
            kind = cell.kind if cell.numeric or cell.kind in ("rag", "date") else "text"
            _cell(ws, r, c, cell, fm.of(kind, row.total, wrap))
            widths[c] = max(widths[c], min(len(cell.text), 60 if wrap else 40))
    for c, w in enumerate(widths):
        ws.set_column(c, c, min(max(w + 2, 8), 62))
    if table.rows:
        last = HEADER_ROW + len(table.rows)
        for c in (i for i, cell in enumerate(table.rows[0].cells) if cell.kind == "rag"):
            for word, colour in STATUS_COLOURS.items():
                ws.conditional_format(
                    HEADER_ROW + 1,
                    c,
                    last,
                    c,
                    {
                        "type": "text",
                        "criteria": "begins with",
                        "value": word,
                        "format": fm.colours[colour],
                    },
                )
    ws.freeze_panes(HEADER_ROW + 1, 1)


def _cell(ws: Worksheet, r: int, c: int, cell: Cell, fmt: Format) -> None:
    v = cell.value
    if v is None or v == "":
        ws.write_blank(r, c, None, fmt)
    elif cell.numeric and isinstance(v, Decimal | int):
        ws.write_number(r, c, float(v), fmt)
    elif cell.kind == "date" and not isinstance(v, str | Decimal | int):
        ws.write_datetime(r, c, v, fmt)
    else:
        ws.write_string(r, c, cell.text, fmt)
