"""The delivery template: written by csc, filled in a spreadsheet (openpyxl here), read back as
the same records; a workbook or CSV with any bad row reported by sheet, row, column and reason,
and nothing in it loaded."""

from __future__ import annotations

import csv
import dataclasses
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from csc_insight.delivery import demo, template
from csc_insight.delivery.columns import SHEETS
from csc_insight.delivery.model import DeliveryRecords, Milestone, Project, Risk
from csc_insight.delivery.template_read import read_files, read_template
from csc_insight.money.model import Entry, Source

TODAY = date(2021, 7, 1)
ENTRY = Entry("A. Analyst", date(2021, 6, 30))
SOURCE = Source("test")


def hand_built() -> DeliveryRecords:
    """The demo with what it leaves blank filled: achieved savings, scores, a completion date."""
    seed = demo.seed_records()
    p0 = dataclasses.replace(
        seed.projects[0], achieved={"2021-22": Decimal("100.5")}, entry=ENTRY, source=SOURCE
    )
    m = Milestone(
        "CFE SAV02",
        "Done early",
        "Lain Low",
        date(2021, 9, 1),
        "completed",
        date(2021, 6, 1),
        ENTRY,
        SOURCE,
    )
    r = Risk("CFE SAV02", "A scored risk", 3, 5, "weekly review", "Lain Low", ENTRY, SOURCE)
    return dataclasses.replace(
        seed,
        projects=(p0, *seed.projects[1:]),
        milestones=(*seed.milestones, m),
        risks=(*seed.risks, r),
    )


def same(a: DeliveryRecords, b: DeliveryRecords) -> None:
    """The same records, apart from where each was read from."""
    for field in dataclasses.fields(DeliveryRecords):
        left = [dataclasses.replace(x, source=SOURCE) for x in getattr(a, field.name)]
        right = [dataclasses.replace(x, source=SOURCE) for x in getattr(b, field.name)]
        assert left == right, field.name


def test_round_trip_of_the_demo(tmp_path: Path) -> None:
    records = hand_built()
    path = template.write_template(tmp_path / "delivery.xlsx", records=records)
    back, problems = read_template(path, TODAY)
    assert problems == []
    same(back, records)
    assert back.projects[0].achieved == {"2021-22": Decimal("100.5")}
    assert back.risks[-1].score == 15
    assert str(back.milestones[0].source).startswith(
        f"{path} [Milestones], row 2 (taken from seed 003"
    )


def test_the_blank_template_has_every_sheet_and_reads_as_no_records(tmp_path: Path) -> None:
    path = template.write_template(tmp_path / "blank.xlsx", years=["2021-22"])
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Read me", *(s.name for s in SHEETS), "Lists"]
    assert "2021-22 achieved £k" in [c.value for c in wb["Projects"][1]]
    back, problems = read_template(path, TODAY)
    assert not back
    assert [p.reason for p in problems] == [
        "no records below the headers (is this the blank template?)"
    ]


def _csv_of(path: Path, sheet: str, out: Path) -> Path:
    ws = openpyxl.load_workbook(path, data_only=True)[sheet]
    with out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        for row in ws.iter_rows(values_only=True):
            w.writerow(
                ["" if v is None else (f"{v:%d/%m/%Y}" if hasattr(v, "year") else v) for v in row]
            )
    return out


def test_csv_files_of_the_same_columns_read_as_the_workbook(tmp_path: Path) -> None:
    records = hand_built()
    path = template.write_template(tmp_path / "delivery.xlsx", records=records)
    files = [_csv_of(path, s.name, tmp_path / s.csv_name) for s in SHEETS]
    back, problems = read_files(files, TODAY)
    assert problems == []
    same(back, records)
    header = template.write_csv_templates(tmp_path / "blank")
    assert [p.name for p in header] == [s.csv_name for s in SHEETS]


def _edit(path: Path, sheet: str, row: int, header: str, value: Any) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    col = next(c.column for c in ws[1] if c.value == header)
    ws.cell(row=row, column=col).value = value  # cell(value=None) would leave it as it was
    wb.save(path)


BAD = [
    # sheet, row, header, value, the reason's words
    (
        "Milestones",
        2,
        "Status",
        "done",
        "'done' is not one of: not started, in progress, completed, slipped",
    ),
    ("Milestones", 2, "Due date", "31/02/2021", "31/02/2021"),
    (
        "Milestones",
        2,
        "Project",
        "CFE SAV99",
        "'CFE SAV99' is not on the Projects sheet of this load",
    ),
    (
        "Milestones",
        2,
        "Completed on",
        date(2021, 5, 1),
        "a completion date, but the status is not completed",
    ),
    ("Milestones", 2, "Entered on", date(2021, 7, 2), "after today"),
    ("Milestones", 2, "Entered by", None, "value missing"),
    (
        "Milestones",
        3,
        "Milestone",
        "Remove vacant posts",
        "the same Project and Milestone as row 2: entered twice",
    ),
    ("Risks", 2, "Likelihood", 6, "'6' is not a whole number from 1 to 5"),
    ("Risks", 2, "Impact", "high", "'high' is not a whole number from 1 to 5"),
    ("Guardrails", 2, "Indicator", "FD 99", "no indicator 'FD 99' in the catalogue"),
    ("Guardrails", 2, "Threshold", 12, "a threshold, but the test is no adverse signal"),
    ("Guardrails", 3, "Threshold", None, "value missing: at most needs a threshold"),
    ("Guardrails", 3, "Threshold", "lots", "'lots' is not a number"),
    ("Projects", 2, "Equality impact assessment", "maybe", "is not one of: not started"),
    ("Projects", 2, "2021-22 achieved £k", -5, "below 0"),
    ("Projects", 3, "Reference", "CFE SAV02", "the same Reference as row 2: entered twice"),
    ("Actions", 2, "Workstream", "Pets", "'Pets' is not on the Workstreams sheet of this load"),
    ("Workstreams", 2, "Progress", "Sideways", "'Sideways' is not one of: On track"),
]


@pytest.mark.parametrize(("sheet", "row", "header", "value", "reason"), BAD)
def test_bad_input_is_named_and_nothing_is_loaded(
    tmp_path: Path, sheet: str, row: int, header: str, value: Any, reason: str
) -> None:
    path = template.write_template(tmp_path / "delivery.xlsx", records=hand_built())
    _edit(path, sheet, row, header, value)
    back, problems = read_template(path, TODAY)
    assert not back  # nothing loaded
    wanted = [p for p in problems if p.row == row and p.column == header]
    assert wanted, problems
    assert wanted[0].file == f"{path} [{sheet}]"
    assert reason in wanted[0].reason


def test_no_adverse_signal_needs_an_indicator_with_a_better_direction(tmp_path: Path) -> None:
    path = template.write_template(tmp_path / "delivery.xlsx", records=hand_built())
    _edit(path, "Guardrails", 2, "Indicator", "CLA 3")  # a count of context: no polarity
    back, problems = read_template(path, TODAY)
    assert not back
    assert [(p.row, p.column) for p in problems] == [(2, "Test")]
    assert "CLA 3 has no better direction" in problems[0].reason


def test_files_that_are_not_the_template_are_refused_by_name(tmp_path: Path) -> None:
    text = tmp_path / "notes.csv"
    text.write_text("a,b\n1,2\n", encoding="utf-8")
    other = tmp_path / "notes.docx"
    other.write_text("x", encoding="utf-8")
    back, problems = read_files([text, other], TODAY)
    assert not back
    assert [(p.file, p.row) for p in problems] == [(str(text), None), (str(other), None)]
    assert "not a delivery template sheet" in problems[0].reason


def test_the_docs_are_generated_from_the_declaration() -> None:
    text = template.markdown()
    for sheet in SHEETS:
        assert f"## {sheet.name} (or `{sheet.csv_name}`)" in text
        assert all(f"| {c.header} |" in text for c in sheet.columns)


def test_a_project_delivers_its_proposal_by_reference_or_name() -> None:
    p = Project(
        "Staffing Review", "Staffing Review", None, None, {}, None, None, None, ENTRY, SOURCE
    )
    assert p.delivers(None, "Staffing review")
    assert not p.delivers("CFE SAV02", "Staffing Review")
