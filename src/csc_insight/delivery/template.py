"""The delivery workbook a project manager or analyst fills: written by csc (XlsxWriter) from
the declaration in columns.py, read back by template_read.py.

Sheets: "Read me" (what the workbook is, and every column of every sheet), "Projects",
"Milestones", "Risks", "Guardrails", "Workstreams", "Actions" and "Lists" (the choices offered
in the status, test and EQIA columns). ``write_template(path)`` writes it blank; with
``records`` it holds them (the demo's, or what the dashboard holds), rows that read back as the
same records. ``write_csv_templates(folder)`` writes the same sheets as CSV files, header only.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from csc_insight.delivery.columns import (
    ACHIEVED_DOC,
    ACTIONS,
    GUARDRAILS,
    MILESTONES,
    PROJECTS,
    RISKS,
    SHEETS,
    WORKSTREAMS,
    Sheet,
    year_header,
)
from csc_insight.delivery.model import DeliveryRecords
from csc_insight.indicators import catalogue
from csc_insight.money.model import Entry, Source
from csc_insight.money.template import default_years

README = "Read me"
LISTS = "Lists"
#: Rows of a sheet offered the drop-down lists.
LIST_ROWS = 2000

ABOUT = (
    "The projects that deliver the MTFS savings (their milestones, risks and guardrail "
    "indicators) and the improvement plan (its workstreams and actions), entered by a project "
    "manager or analyst and read by csc.",
    "Each project is named by the reference of the MTFS proposal it delivers (CFE SAV02); its "
    "savings profile is the proposal's, from the money template. Enter what has been achieved so "
    "far, year by year. csc computes each project's delivery RAG from its milestones and its "
    "savings achieved against the profile (the rule: docs/delivery.md), and shows beside each "
    "saving whether its guardrail indicators hold, from the indicators' results.",
    "A blank is not entered: a milestone's status left blank is read as not completed, a year's "
    "achieved savings left blank are not a shortfall and not a success.",
    "Check it with `csc delivery check FILE.xlsx`. A row with a problem (a date that is not one, "
    "a status not in the list, an indicator not in the catalogue, a project not on the Projects "
    "sheet, a row entered twice, who or when missing) is reported with its sheet, row, column "
    "and reason, and nothing in the file is loaded until every problem is put right. Each sheet "
    "may also be given as a CSV file of the same columns (projects.csv, milestones.csv, ...).",
)

#: The problems a delivery file can have, by rule id, besides formats/rules.py's value-missing,
#: value-number, value-date, value-code, key-conflict and date-future.
RULES: dict[str, str] = {
    "value-code": "also: a status, test or EQIA status not in its list; an indicator not in the "
    "catalogue; a project or workstream not on its sheet of the same load; a threshold where "
    "the test takes none; a completion date on a row not completed",
}


def headers(sheet: Sheet, years: Sequence[str]) -> list[str]:
    """A sheet's headers in order, the year columns after ``sheet.years_after``."""
    out: list[str] = []
    for c in sheet.columns:
        out.append(c.header)
        if c.name == sheet.years_after:
            out += [year_header(y) for y in years]
    return out


def write_template(
    path: Path, years: Sequence[str] | None = None, records: DeliveryRecords | None = None
) -> Path:
    """Write the workbook at ``path``: blank, or holding ``records``. ``years``: the achieved
    savings columns (default: those ``records`` give, else the current year and two after)."""
    import xlsxwriter  # here, not at the top: only writing a workbook needs it

    records = records or DeliveryRecords()
    years = list(years or _years(records) or default_years())
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path))
    try:
        f = _Formats(wb)
        _readme(wb.add_worksheet(README), f, years)
        lists = _lists()
        for sheet in SHEETS:
            rows = [_row(sheet, values, years) for values in _values(sheet, records)]
            _data_sheet(wb.add_worksheet(sheet.name), f, sheet, years, rows, lists)
        ws = wb.add_worksheet(LISTS)
        for i, (name, items) in enumerate(lists.items()):
            ws.write(0, i, name, f.bold)
            ws.write_column(1, i, items)
            ws.set_column(i, i, 30)
    finally:
        wb.close()
    return path


def write_csv_templates(folder: Path, years: Sequence[str] | None = None) -> list[Path]:
    """Each sheet as a CSV file of its header, in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for sheet in SHEETS:
        p = folder / sheet.csv_name
        with p.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerow(
                headers(sheet, list(years or default_years()))
            )
        out.append(p)
    return out


def _years(records: DeliveryRecords) -> list[str]:
    return sorted({y for p in records.projects for y in p.achieved})


def _lists() -> dict[str, tuple[str, ...]]:
    """The drop-down lists, by the header of the column offering them (and the indicator ids)."""
    out: dict[str, tuple[str, ...]] = {}
    for sheet in SHEETS:
        for c in sheet.columns:
            if c.choices:
                out[f"{sheet.name}: {c.header}"] = c.choices
    out["Indicator"] = tuple(i.id for i in catalogue.load())
    return out


class _Formats:
    def __init__(self, wb: Any) -> None:
        self.bold = wb.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        self.wrap = wb.add_format({"text_wrap": True, "valign": "top"})
        self.date = wb.add_format({"num_format": "dd/mm/yyyy"})
        self.title = wb.add_format({"bold": True, "font_size": 14})


def _readme(ws: Any, f: _Formats, years: Sequence[str]) -> None:
    ws.set_column(0, 0, 26)
    ws.set_column(1, 1, 16)
    ws.set_column(2, 2, 100)
    ws.write(0, 0, "Projects, guardrails and the improvement plan: the delivery template", f.title)
    row = 2
    for para in ABOUT:
        ws.merge_range(row, 0, row, 2, para, f.wrap)
        ws.set_row(row, 15 * (2 + len(para) // 110))
        row += 1
    for sheet in SHEETS:
        row += 1
        ws.merge_range(row, 0, row, 2, f"Sheet '{sheet.name}': {sheet.about}", f.bold)
        ws.set_row(row, 30)
        row += 1
        ws.write_row(row, 0, ["Column", "Required", "What to enter"], f.bold)
        for c in sheet.columns:
            row += 1
            ws.write_row(row, 0, [c.header, c.required, c.doc], f.wrap)
            if c.name == sheet.years_after:
                row += 1
                shown = ", ".join(year_header(y) for y in years)
                ws.write_row(row, 0, [shown, "when known", ACHIEVED_DOC], f.wrap)


def _column_letter(i: int) -> str:
    letters = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def _data_sheet(
    ws: Any,
    f: _Formats,
    sheet: Sheet,
    years: Sequence[str],
    rows: list[list[Any]],
    lists: dict[str, tuple[str, ...]],
) -> None:
    names = headers(sheet, years)
    ws.write_row(0, 0, names, f.bold)
    ws.freeze_panes(1, 0)
    kinds = {c.header: c.kind for c in sheet.columns}
    for i, h in enumerate(names):
        fmt = f.date if kinds.get(h) == "date" else None
        ws.set_column(i, i, max(14, min(48, len(h) + 4)), fmt)
    for r, values in enumerate(rows, start=1):
        for i, v in enumerate(values):
            if v is None:
                continue
            if isinstance(v, date):
                ws.write_datetime(r, i, datetime(v.year, v.month, v.day), f.date)
            elif isinstance(v, Decimal | int | float):
                ws.write_number(r, i, float(v))
            else:
                ws.write_string(r, i, str(v))
    for c in sheet.columns:
        key = "Indicator" if c.kind == "indicator" else f"{sheet.name}: {c.header}"
        if key not in lists:
            continue
        at, items = list(lists).index(key), lists[key]
        letter = _column_letter(at)
        source = f"='{LISTS}'!${letter}$2:${letter}${len(items) + 1}"
        i = names.index(c.header)
        ws.data_validation(
            1, i, LIST_ROWS, i, {"validate": "list", "source": source, "show_error": False}
        )


# -- records as rows --------------------------------------------------------------------------


def _who(entry: Entry, source: Source) -> dict[str, Any]:
    """Who, when, taken from: a record read from a file keeps what its row said it was taken
    from; another (the demo's) names its document."""
    taken = source.where if source.row is not None else str(source)
    return {"entered_by": entry.by, "entered_on": entry.on, "taken_from": taken}


def _values(sheet: Sheet, records: DeliveryRecords) -> list[dict[str, Any]]:
    """Each record of the sheet as its columns' values (by column name)."""
    if sheet is PROJECTS:
        return [
            {
                **vars(p),
                "impact": p.impact_on_residents,
                **{year_header(y): a for y, a in p.achieved.items()},
                **_who(p.entry, p.source),
            }
            for p in records.projects
        ]
    of: dict[str, Sequence[Any]] = {
        MILESTONES.name: records.milestones,
        RISKS.name: records.risks,
        GUARDRAILS.name: records.guardrails,
        WORKSTREAMS.name: records.workstreams,
        ACTIONS.name: records.actions,
    }
    rename = {"indicator": "indicator_id"}
    out = []
    for x in of[sheet.name]:
        v = dict(vars(x))
        for column, attribute in rename.items():
            if attribute in v:
                v[column] = v[attribute]
        out.append({**v, **_who(x.entry, x.source)})
    return out


def _row(sheet: Sheet, values: dict[str, Any], years: Sequence[str]) -> list[Any]:
    out: list[Any] = []
    for c in sheet.columns:
        out.append(values.get(c.name))
        if c.name == sheet.years_after:
            out += [values.get(year_header(y)) for y in years]
    return out


def markdown(years: Sequence[str] = ("2021-22", "2022-23", "2023-24")) -> str:
    """docs/formats/delivery.md: the workbook's sheets and columns, from their declaration."""
    lines = [
        "# Projects, guardrails and the improvement plan: the delivery template",
        "",
        "<!-- Generated from src/csc_insight/delivery/columns.py and template.py. -->",
        "",
        *(f"{para}\n" for para in ABOUT),
    ]
    for sheet in SHEETS:
        lines += [
            f"## {sheet.name} (or `{sheet.csv_name}`)",
            "",
            sheet.about,
            "",
            "| column | required | what to enter |",
            "| --- | --- | --- |",
        ]
        for c in sheet.columns:
            lines.append(f"| {c.header} | {c.required} | {c.doc} |")
            if c.name == sheet.years_after:
                shown = ", ".join(year_header(y) for y in years)
                lines.append(f"| {shown}, ... | when known | {ACHIEVED_DOC} |")
        lines.append("")
    lines += ["## Problems", "", "| rule | meaning |", "| --- | --- |"]
    lines += [f"| `{k}` | {v} |" for k, v in RULES.items()]
    return "\n".join(lines) + "\n"
