"""The education workbook a council's performance team fills: written by csc (XlsxWriter)
from the declaration in columns.py, read back by template_read.py.

Sheets: "Read me" (what the workbook is, every column of every sheet), the five data sheets,
"Measures" (every measure's id, title, polarity, unit and frequency, which the Measure column
offers) and "Lists" (areas, locations). ``write_template(path)`` writes it blank; with
``records`` it holds them (the demo's figures), in rows that read back as the same records.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from csc_insight.education import measures
from csc_insight.education.columns import (
    ANNUAL,
    AREA_LIST,
    HIGH_NEEDS,
    LOCATION_LIST,
    MONTHLY,
    PLACEMENTS,
    SCENARIOS,
    SHEETS,
    Sheet,
)
from csc_insight.education.figures import NOT_PUBLISHED_TEXT, Figure, published
from csc_insight.education.model import AREA_WORDS, LOCATION_WORDS, EducationRecords

README = "Read me"
MEASURES = "Measures"
LISTS = "Lists"
LIST_ROWS = 5000

ABOUT = (
    "The education dashboard's figures (seed 003), entered by the council's performance team "
    "and read by csc: the council's own monthly figures, annual figures not read from a DfE "
    "file, SEND placements, the EHCP reduction scenarios and the DSG high-needs block.",
    "Enter what the sources give, figure by figure: csc computes every change, gap, arrow, "
    "total, cost per pupil, saving and cumulative overspend, and never reads one you type "
    "(except a cumulative overspend a paper prints, which is checked against the computed one).",
    "A period with no figure (schools closed, exams cancelled, not yet published) is entered as "
    "'not published' and shown so, never as 0. A period with no row at all is shown as 'not "
    "published' too.",
    "Check it with `csc education check FILE.xlsx`. A row with a problem is reported with its "
    "sheet, row, column and reason, and nothing in the file is loaded until every problem is put "
    "right. Each sheet may also be given as a CSV file of the same columns ("
    + ", ".join(s.csv_name for s in SHEETS)
    + "). The DfE's published LA-level tables "
    "(absence, exclusions, key stage 4) are read as they are downloaded: "
    "`csc education show --dfe FILE.csv`.",
)


def write_template(path: Path, records: EducationRecords | None = None) -> Path:
    import xlsxwriter  # here, not at the top: only writing a workbook needs it

    rows = sheet_rows(records or EducationRecords())
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path))
    try:
        bold = wb.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        wrap = wb.add_format({"text_wrap": True, "valign": "top"})
        _readme(wb.add_worksheet(README), bold, wrap)
        for sheet in SHEETS:
            _data_sheet(wb.add_worksheet(sheet.name), bold, sheet, rows[sheet.name])
        _measures(wb.add_worksheet(MEASURES), bold)
        lists = wb.add_worksheet(LISTS)
        lists.write_row(0, 0, ["Area", "Location"], bold)
        lists.write_column(1, 0, AREA_LIST)
        lists.write_column(1, 1, LOCATION_LIST)
        lists.set_column(0, 1, 24)
    finally:
        wb.close()
    return path


def write_csv_templates(folder: Path, records: EducationRecords | None = None) -> list[Path]:
    """Each sheet as a CSV file (its header, and the records' rows), in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = sheet_rows(records or EducationRecords())
    out = []
    for sheet in SHEETS:
        p = folder / sheet.csv_name
        with p.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow([c.header for c in sheet.columns])
            w.writerows([["" if v is None else v for v in r] for r in rows[sheet.name]])
        out.append(p)
    return out


def _readme(ws: Any, bold: Any, wrap: Any) -> None:
    ws.set_column(0, 0, 30)
    ws.set_column(1, 1, 16)
    ws.set_column(2, 2, 100)
    ws.write(0, 0, "Education dashboard: the education template", bold)
    row = 2
    for para in ABOUT:
        ws.merge_range(row, 0, row, 2, para, wrap)
        ws.set_row(row, 15 * (2 + len(para) // 110))
        row += 1
    for sheet in SHEETS:
        row += 1
        ws.merge_range(row, 0, row, 2, f"Sheet '{sheet.name}': {sheet.about}", bold)
        row += 1
        ws.write_row(row, 0, ["Column", "Required", "What to enter"], bold)
        for c in sheet.columns:
            row += 1
            ws.write_row(row, 0, [c.header, c.required, c.doc], wrap)


def _data_sheet(ws: Any, bold: Any, sheet: Sheet, rows: list[list[Any]]) -> None:
    names = [c.header for c in sheet.columns]
    ws.write_row(0, 0, names, bold)
    ws.freeze_panes(1, 0)
    for i, c in enumerate(sheet.columns):
        ws.set_column(i, i, 40 if c.kind == "text" else max(14, len(c.header) + 4))
    for r, values in enumerate(rows, start=1):
        for i, v in enumerate(values):
            if v is None:
                continue
            if isinstance(v, int | float):
                ws.write_number(r, i, v)
            else:
                ws.write_string(r, i, str(v))
    lists = {
        "measure": f"='{MEASURES}'!$A$2:$A$200",
        "area": f"='{LISTS}'!$A$2:$A$4",
        "location": f"='{LISTS}'!$B$2:$B$3",
    }
    for i, c in enumerate(sheet.columns):
        if c.kind in lists:
            ws.data_validation(
                1,
                i,
                LIST_ROWS,
                i,
                {"validate": "list", "source": lists[c.kind], "show_error": False},
            )


def _measures(ws: Any, bold: Any) -> None:
    ws.write_row(0, 0, ["Measure", "Title", "Polarity", "Unit", "Frequency", "Source"], bold)
    for r, m in enumerate(measures.load(), start=1):
        ws.write_row(r, 0, [m.id, m.title, m.seed_polarity, m.unit, m.frequency, m.source])
    ws.set_column(0, 0, 10)
    ws.set_column(1, 1, 80)
    ws.set_column(2, 4, 12)
    ws.set_column(5, 5, 60)


# -- records as rows --------------------------------------------------------------------------


def _figure(value: Figure) -> Any:
    number = published(value)
    return NOT_PUBLISHED_TEXT if number is None else number


def _taken(where: str, row: int | None) -> str:
    return where if row is None else f"{where}, row {row}"


def sheet_rows(records: EducationRecords) -> dict[str, list[list[Any]]]:
    """Each sheet's rows for ``records``, in the columns' order."""
    return {
        MONTHLY.name: [
            [
                f.measure,
                f"{f.month:%Y-%m}",
                _figure(f.value),
                _taken(f.source.where, f.source.row),
                None,
            ]
            for f in records.monthly
        ],
        ANNUAL.name: [
            [
                f.measure,
                f.year,
                AREA_WORDS[f.area],
                _figure(f.value),
                _taken(f.source.where, f.source.row),
                None,
            ]
            for f in records.annual
        ],
        PLACEMENTS.name: [
            [
                p.year,
                LOCATION_WORDS[p.location],
                p.establishments,
                p.pupils,
                p.cost,
                _taken(p.source.where, p.source.row),
            ]
            for p in records.placements
        ],
        SCENARIOS.name: [
            [s.reduced, s.unit_cost, _taken(s.source.where, s.source.row)]
            for s in records.scenarios
        ],
        HIGH_NEEDS.name: [
            [
                h.year,
                h.allocation,
                h.spend,
                h.opening_overspend,
                h.dsg_deficit,
                h.printed_overspend,
                h.plan_deficit,
                _taken(h.source.where, h.source.row),
            ]
            for h in records.high_needs
        ],
    }


# -- the reference document -------------------------------------------------------------------


def markdown(sheets: Sequence[Sheet] = SHEETS) -> str:
    """docs/formats/education.md: the sheets, their columns and the measures."""
    lines = [
        "# The education template",
        "",
        "<!-- Generated by `csc docs` from src/csc_insight/education/columns.py, template.py "
        "and data/measures.yaml. -->",
        "",
        *(f"{para}\n" for para in ABOUT),
    ]
    for sheet in sheets:
        lines += [
            f"## {sheet.name} (or `{sheet.csv_name}`)",
            "",
            sheet.about,
            "",
            "| column | required | what to enter |",
            "| --- | --- | --- |",
        ]
        lines += [f"| {c.header} | {c.required} | {c.doc} |" for c in sheet.columns]
        lines.append("")
    lines += [
        "## Measures",
        "",
        "Polarity as the seed prints it: High (bigger is better), Low (smaller is better).",
        "",
        "| id | title | polarity | unit | frequency | DfE column | source |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for m in measures.load():
        dfe = f"`{m.dfe}`" if m.dfe else ""
        lines.append(
            f"| {m.id} | {m.title} | {m.seed_polarity} | {m.unit} | {m.frequency} | "
            f"{dfe} | {m.source} |"
        )
    return "\n".join(lines) + "\n"
