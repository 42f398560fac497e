"""entry/'s additions for the education and forecast templates: the usual header-to-sheet
choice (sheet_by_header), reference sheets written beside the data sheets, and CSV files
written with rows as well as headers, each read back through entry/read.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import openpyxl

from csc_insight.entry import read, write
from csc_insight.entry.columns import Column, Sheet, Workbook
from csc_insight.entry.read import Row, SheetReader

FRUIT = Sheet(
    "Fruit",
    "fruit.csv",
    (
        Column("name", "Name", "text", "yes", "The fruit."),
        Column("count", "Count", "count", "yes", "How many."),
        Column("picked", "Picked", "date", "yes", "When."),
        Column("note", "Note", "text", "no", "Anything."),
    ),
    None,
    "One row per fruit.",
)
VEG = Sheet(
    "Veg",
    "veg.csv",
    (
        Column("name", "Name", "text", "yes", "The vegetable."),
        Column("weight", "Weight", "number", "yes", "Grams."),
    ),
    None,
    "One row per vegetable.",
)
BOOK = Workbook("Produce", ("A test workbook.",), (FRUIT, VEG), "", "", "produce book", "none")
TODAY = date(2026, 1, 31)


@dataclass
class _Reader(SheetReader):
    got: list[tuple[int, str, str]] = field(default_factory=list)

    def row(self, row: Row) -> None:
        name = row.get("name", str)
        day = row.get("picked", lambda t: read.day(t, TODAY)) if self.sheet is FRUIT else None
        if not row.bad:
            self.got.append((row.n, name, "" if day is None else day.isoformat()))


def test_sheet_by_header_takes_the_sheet_with_most_of_its_required_columns() -> None:
    sheet_of = read.sheet_by_header((FRUIT, VEG))
    assert sheet_of(["Name", "Count", "Picked"]) is FRUIT
    assert sheet_of(["name", "WEIGHT"]) is VEG  # headers match as entry's columns match them
    # two of FRUIT's three required columns: FRUIT, so the missing one is named as missing
    assert sheet_of(["Name", "Count"]) is FRUIT
    assert sheet_of(["Colour", "Shape"]) is None
    assert sheet_of([]) is None


def test_a_reference_sheet_stands_between_the_data_sheets_and_the_lists(tmp_path: Path) -> None:
    path = tmp_path / "p.xlsx"
    table = [["Id", "Title"], ["A 1", "Apples picked"], ["B 2", "Beans sown"]]
    write.write_workbook(path, BOOK, (), {}, {"Names": ("Apple",)}, lambda s, c: None,
                         {"Codes": table})  # fmt: skip
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Read me", "Fruit", "Veg", "Codes", "Lists"]
    assert [[c.value for c in r] for r in wb["Codes"].iter_rows()] == table
    assert wb["Codes"]["A1"].font.bold and not wb["Codes"]["A2"].font.bold
    # without a reference sheet the workbook is as money's and delivery's
    write.write_workbook(path, BOOK, (), {}, {}, lambda s, c: None)
    assert openpyxl.load_workbook(path).sheetnames == ["Read me", "Fruit", "Veg", "Lists"]


def test_csv_files_are_written_with_their_rows_and_read_back(tmp_path: Path) -> None:
    rows = {FRUIT.name: [["Apple", 3, date(2026, 1, 2), None], ["Pear, conference", 1,
                         date(2025, 12, 31), "ripe"]]}  # fmt: skip
    fruit, veg = write.write_csv_headers(tmp_path, BOOK, (), rows)
    assert fruit.read_text("utf-8").splitlines() == [
        "Name,Count,Picked,Note",
        "Apple,3,02/01/2026,",
        '"Pear, conference",1,31/12/2025,ripe',
    ]
    assert veg.read_text("utf-8") == "Name,Weight\n"  # no rows given: the header alone
    readers, problems = read.read_load([fruit], BOOK, read.sheet_by_header(BOOK.sheets),
                                       _Reader, TODAY)  # fmt: skip
    assert problems == []
    assert readers[0].got == [(2, "Apple", "2026-01-02"), (3, "Pear, conference", "2025-12-31")]
