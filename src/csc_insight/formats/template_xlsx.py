"""A template as a workbook: its sheet read through a CSV copy, and the documented workbook written.

A template (formats/template.py) is read from CSV. An analyst often keeps it in Excel, so a
template may also come as an .xlsx with the template's rows on one named sheet. ``sheet_to_csv``
copies that sheet, row for row, to a CSV the template reader reads as it reads any CSV; its
problems name the workbook and sheet (``figures.xlsx [Figures]``) and the sheet's own row numbers
(a blank sheet row is a blank CSV line, and line breaks inside a cell become spaces, so a row
keeps its number). The workbook is checked for soundness and size first (xlsx_limits), as
every workbook csc reads.

``write_workbook`` writes the template as a workbook people can fill: the rows sheet (its header,
lists to pick from where a column has them), a sheet per list, and a "Read me" sheet describing
each column, all from the template's declaration.
"""

from __future__ import annotations

import csv
import warnings
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from csc_insight.errors import Problem, ReaderError
from csc_insight.formats import xlsx_limits
from csc_insight.formats.csv_read import header_key
from csc_insight.formats.template import Template

#: How a date or month cell shows in a written workbook, by the template column's kind.
NUMBER_FORMATS = {"date": "dd/mm/yyyy", "month": "mmm yyyy"}
#: Columns read from a sheet at most (a stray cell far to the right does not widen every row).
MAX_COLUMNS = 50


def sheet_names(path: Path) -> list[str] | None:
    """A workbook's sheet names without opening it; None when it is not a readable workbook."""
    try:
        parts = xlsx_limits.zip_parts(path)
        if parts is None or parts > xlsx_limits.MAX_PARTS:
            return None
        with zipfile.ZipFile(path) as z:
            if "xl/workbook.xml" not in z.namelist():
                return None
            return [name for name, _ in xlsx_limits.sheet_parts(z)]
    except Exception:  # any failure to open the zip means the bytes are not a workbook
        return None


def find_sheet(names: Sequence[str], wanted: Sequence[str]) -> str | None:
    """The first sheet named one of ``wanted`` (matched ignoring case, spaces and punctuation)."""
    keys = {header_key(w) for w in wanted}
    return next((n for n in names if header_key(n) in keys), None)


def cell_text(value: Any) -> str:
    """A cell as the CSV reader expects it: a date as ISO, a whole number without '.0'."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "Y" if value else "N"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return " ".join(str(value).split()) if "\n" in str(value) else str(value).strip()


def sheet_to_csv(path: Path, sheet: str, out: Path) -> str:
    """Copy ``sheet`` of the workbook at ``path`` to the CSV ``out``; returns the label its
    problems name. Raises ReaderError when the workbook cannot be read."""
    label = f"{path} [{sheet}]"
    reason = xlsx_limits.check_workbook(path)
    if reason is not None:
        raise ReaderError([Problem(str(path), None, None, reason)])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns of extensions it does not read
            import openpyxl  # here, not at the top: a load without workbooks need not import it

            wb = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
            try:
                _write_rows(_rows(wb[sheet]), out)
            finally:
                wb.close()
    except ReaderError:
        raise
    except Exception as e:
        text = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise ReaderError(
            [Problem(label, None, None, f"not a readable xlsx workbook ({text[:200]})")]
        ) from e
    return label


def _rows(ws: Any) -> Iterator[list[str]]:
    ws.reset_dimensions()  # a wrong <dimension> would pad every row to its width
    width: int | None = None
    for row in ws.iter_rows(min_row=1, max_col=MAX_COLUMNS, values_only=True):
        texts = [cell_text(v) for v in row]
        if width is None:  # the header: as wide as its last heading
            width = max((i + 1 for i, t in enumerate(texts) if t), default=0)
        yield texts[:width] + [""] * (width - len(texts))


def _write_rows(rows: Iterable[list[str]], out: Path) -> None:
    with out.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        for texts in rows:
            if any(texts):
                w.writerow(texts)
            else:
                f.write("\n")  # a blank sheet row stays a line, so later rows keep their number


# -- writing ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ListSheet:
    """A sheet listing the values a column takes (its first column), with what each means."""

    name: str
    column: str  # the template column's name
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class ColumnDoc:
    header: str
    required: str  # "yes", or when it is needed
    meaning: str


def write_workbook(
    path: Path,
    t: Template,
    sheet: str,
    rows: Sequence[Sequence[Any]],
    lists: Sequence[ListSheet],
    docs: Sequence[ColumnDoc],
    about: Sequence[str],
) -> Path:
    """Write the template ``t`` as a workbook: ``rows`` (in the template's column order) on
    ``sheet``, each list on its own sheet (and offered in its column), and a "Read me" sheet:
    ``about`` (paragraphs) and the table of ``docs``."""
    import openpyxl
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = openpyxl.Workbook()
    ws = wb.worksheets[0]
    ws.title = sheet
    ws.append([c.header for c in t.columns])
    for row in rows:
        ws.append(list(row))
    ws.freeze_panes = "A2"
    for i, c in enumerate(t.columns, start=1):
        letter = get_column_letter(i)
        ws.cell(1, i).font = Font(bold=True)
        ws.column_dimensions[letter].width = max(14, len(c.header) + 4)
        shown = NUMBER_FORMATS.get(c.kind)
        if shown:  # a date cell shows as the template writes it; any cell of it may be typed
            for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                cell.number_format = shown
    names = [c.name for c in t.columns]
    for lst in lists:
        ls = wb.create_sheet(lst.name)
        ls.append(list(lst.header))
        for r in lst.rows:
            ls.append(list(r))
        for i in range(1, len(lst.header) + 1):
            ls.cell(1, i).font = Font(bold=True)
            ls.column_dimensions[get_column_letter(i)].width = 28 if i == 1 else 60
        letter = get_column_letter(names.index(lst.column) + 1)
        dv = DataValidation(
            type="list",
            formula1=f"='{lst.name}'!$A$2:$A${len(lst.rows) + 1}",
            allow_blank=True,
            showErrorMessage=False,  # a value typed otherwise is still read (and checked) by csc
        )
        ws.add_data_validation(dv)
        dv.add(f"{letter}2:{letter}5000")
    readme = wb.create_sheet("Read me")
    for para in about:
        readme.append([para])
        r = readme.max_row
        readme.merge_cells(start_row=r, start_column=1, end_row=r, end_column=3)
        readme.cell(r, 1).alignment = Alignment(wrap_text=True, vertical="top")
        readme.row_dimensions[r].height = 15 * (1 + len(para) // 120)
    readme.append([])
    readme.append(["Column", "Required", "What to enter"])
    for i in range(1, 4):
        readme.cell(readme.max_row, i).font = Font(bold=True)
    for d in docs:
        readme.append([d.header, d.required, d.meaning])
        readme.cell(readme.max_row, 3).alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in (("A", 24), ("B", 18), ("C", 90)):
        readme.column_dimensions[letter].width = width
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
