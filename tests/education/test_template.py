"""The education template: written, filled, read back as the same figures; bad input named by
file, sheet, row, column and reason, and nothing loaded."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from csc_insight.education import demo, template_read
from csc_insight.education.columns import SHEETS
from csc_insight.education.figures import NOT_PUBLISHED
from csc_insight.education.model import EducationRecords
from csc_insight.education.template import write_csv_templates, write_template


def _facts(r: EducationRecords) -> dict[str, set[tuple[Any, ...]]]:
    """The records' figures without where they came from."""
    return {
        "monthly": {(f.measure, f.month, f.value) for f in r.monthly},
        "annual": {(f.measure, f.year, f.area, f.value) for f in r.annual},
        "placements": {
            (p.year, p.location, p.establishments, p.pupils, p.cost) for p in r.placements
        },
        "scenarios": {(s.reduced, s.unit_cost) for s in r.scenarios},
        "high_needs": {
            (
                h.year,
                h.allocation,
                h.spend,
                h.opening_overspend,
                h.dsg_deficit,
                h.printed_overspend,
                h.plan_deficit,
            )
            for h in r.high_needs
        },
    }


def test_the_demo_round_trips_through_the_workbook(tmp_path: Path) -> None:
    book = write_template(tmp_path / "education.xlsx", demo.records())
    wb = openpyxl.load_workbook(book)
    assert [s.name for s in SHEETS] == wb.sheetnames[1:6]
    read, problems = template_read.read_files([book])
    assert problems == []
    assert _facts(read) == _facts(demo.records())
    # "not published" went out as words and came back as the value, not 0 or a blank.
    assert ("EXC 1", demo.records().monthly[0].month.replace(2020, 4), NOT_PUBLISHED) in {
        (f.measure, f.month, f.value) for f in read.monthly
    }


def test_a_blank_template_filled_by_hand_is_read(tmp_path: Path) -> None:
    book = write_template(tmp_path / "blank.xlsx")
    wb = openpyxl.load_workbook(book)
    wb["Monthly figures"].append(["cme 1", "Mar-21", 23, "Capita One", None])
    wb["Monthly figures"].append(["EXC 1", "May 2020", "not published", None, None])
    wb["EHCP scenarios"].append([326, "£17,031"])
    wb.save(book)
    read, problems = template_read.read_files([book])
    assert problems == []
    assert {(f.measure, f"{f.month:%Y-%m}", f.value) for f in read.monthly} == {
        ("CME 1", "2021-03", 23.0),
        ("EXC 1", "2020-05", NOT_PUBLISHED),
    }
    assert [(s.reduced, s.unit_cost) for s in read.scenarios] == [(326, 17031)]


def test_the_csv_sheets_round_trip(tmp_path: Path) -> None:
    files = write_csv_templates(tmp_path, demo.records())
    read, problems = template_read.read_files(files)
    assert problems == [] and _facts(read) == _facts(demo.records())


Edit = Callable[[Any], None]


def _set(sheet: str, row: int, column: str, value: object) -> Edit:
    def edit(wb: Any) -> None:
        ws = wb[sheet]
        header = [c.value for c in ws[1]]
        ws.cell(row=row, column=header.index(column) + 1).value = value

    return edit


# (edit, sheet, row, column, words of the reason)
BAD_INPUTS = [
    (_set("Monthly figures", 2, "Value", "lots"), "Monthly figures", 2, "Value", "is not a figure"),
    (_set("Monthly figures", 3, "Value", -4), "Monthly figures", 3, "Value", "below 0"),
    (
        _set("Monthly figures", 2, "Month", "Smarch 2021"),
        "Monthly figures",
        2,
        "Month",
        "is not a month",
    ),
    (
        _set("Monthly figures", 2, "Measure", "KS4 1"),
        "Monthly figures",
        2,
        "Measure",
        "annual measure",
    ),
    (
        _set("Monthly figures", 2, "Measure", "ZZZ 9"),
        "Monthly figures",
        2,
        "Measure",
        "not a measure id",
    ),
    (_set("Annual figures", 2, "Area", "Mars"), "Annual figures", 2, "Area", "not an area"),
    (
        _set("Annual figures", 2, "Year", "2019/21"),
        "Annual figures",
        2,
        "Year",
        "not an academic year",
    ),
    (
        _set("SEND placements", 2, "Pupils", 16.5),
        "SEND placements",
        2,
        "Pupils",
        "not a whole number",
    ),
    (
        _set("EHCP scenarios", 2, "Unit cost £", None),
        "EHCP scenarios",
        2,
        "Unit cost £",
        "value missing",
    ),
    (
        _set("High needs", 2, "Overspend brought forward £k", None),
        "High needs",
        2,
        "Overspend brought forward £k",
        "first year entered",
    ),
    (_set("High needs", 3, "Spend £k", "-5"), "High needs", 3, "Spend £k", "below 0"),
]


@pytest.mark.parametrize(("edit", "sheet", "row", "column", "reason"), BAD_INPUTS)
def test_bad_input_is_named_and_nothing_is_loaded(
    tmp_path: Path, edit: Edit, sheet: str, row: int, column: str, reason: str
) -> None:
    book = write_template(tmp_path / "education.xlsx", demo.records())
    wb = openpyxl.load_workbook(book)
    edit(wb)
    wb.save(book)
    read, problems = template_read.read_files([book])
    assert read == EducationRecords()
    [p] = problems
    assert (p.file, p.row, p.column) == (f"{book} [{sheet}]", row, column)
    assert reason in p.reason


def test_two_rows_for_one_measure_and_month_each_name_the_other(tmp_path: Path) -> None:
    book = write_template(tmp_path / "education.xlsx", demo.records())
    wb = openpyxl.load_workbook(book)
    first = [c.value for c in wb["Monthly figures"][2]]
    _set("Monthly figures", 3, "Month", first[1])(wb)  # row 3 now repeats row 2's month
    _set("Monthly figures", 3, "Measure", str(first[0]).lower())(wb)  # the same id, in lower case
    wb.save(book)
    read, problems = template_read.read_files([book])
    assert read == EducationRecords()
    label = f"{book} [Monthly figures]"
    assert [(p.file, p.row, p.column, p.reason, p.rule) for p in problems] == [
        (label, 2, "Measure", "the same Measure and Month as row 3: entered twice", "key-conflict"),
        (label, 3, "Measure", "the same Measure and Month as row 2: entered twice", "key-conflict"),
    ]


def test_a_column_the_template_does_not_have_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "ehcp_scenarios.csv"
    bad.write_text("EHCPs reduced,Unit cost £,Colour\n326,17031,red\n", encoding="utf-8")
    read, problems = template_read.read_files([bad])
    assert read == EducationRecords()
    [p] = problems
    assert (p.file, p.row, p.column) == (str(bad), 1, "Colour")
    assert p.reason.startswith("not a column of this sheet")


def test_a_missing_column_and_a_file_that_is_no_template(tmp_path: Path) -> None:
    bad = tmp_path / "monthly_figures.csv"
    bad.write_text("Measure,Month,Taken from\nCME 1,2021-03,x\n", encoding="utf-8")
    other = tmp_path / "notes.docx"
    other.write_bytes(b"PK not really")
    read, problems = template_read.read_files([bad, other])
    assert read == EducationRecords()
    assert [(p.file, p.row, p.column) for p in problems] == [
        (str(other), None, None),
        (str(bad), 1, "Value"),
    ]
    assert "expected an .xlsx" in problems[0].reason
    assert (problems[1].reason, problems[1].rule) == ("column missing", "value-missing")


def test_the_blank_template_alone_holds_nothing(tmp_path: Path) -> None:
    read, problems = template_read.read_files([write_template(tmp_path / "b.xlsx")])
    assert read == EducationRecords() and "blank template" in problems[0].reason


def test_the_workbook_lists_the_measures_and_offers_each_sheet_its_own(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(write_template(tmp_path / "e.xlsx"))
    assert wb.sheetnames == ["Read me", *(s.name for s in SHEETS), "Measures", "Lists"]
    measures = {r[0]: r[4] for r in wb["Measures"].iter_rows(min_row=2, values_only=True)}
    assert measures["CME 1"] == "monthly" and measures["KS4 1"] == "annual"
    lists = {c[0].value: [x.value for x in c[1:] if x.value] for c in wb["Lists"].iter_cols()}
    assert "KS4 1" in lists["Measure (annual)"] and "KS4 1" not in lists["Measure (monthly)"]
    assert lists["Area"] == ["Borough", "England", "Statistical neighbours"]

    def offered(sheet: str) -> set[str]:
        return {str(v.formula1) for v in wb[sheet].data_validations.dataValidation}

    assert offered("Monthly figures") == {f"'Lists'!$A$2:$A${len(lists['Measure (monthly)']) + 1}"}
    assert f"'Lists'!$B$2:$B${len(lists['Measure (annual)']) + 1}" in offered("Annual figures")
