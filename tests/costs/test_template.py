"""The cost template: written, filled, read back as the same rows; bad input named by file,
sheet, row, column and reason, and then nothing loaded."""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from csc_insight.costs.columns import COSTS
from csc_insight.costs.model import CostRow
from csc_insight.costs.template import write_template
from csc_insight.costs.template_read import read_files
from csc_insight.money.model import Source
from tests.costs.conftest import cost

TODAY = date(2021, 6, 1)
ROWS = [
    cost("A", "PA1", "4200.5", "2019-04-01"),
    cost("B", "PB2", "450", "2019-10-01", "2020-03-31", provision="in-house", purchase=None,
         review=None, line="Children's Social Care (includes Asylum Seekers)"),
    cost("C", None, "350", "2019-04-01", kind="cwd package", purchase="spot", provider="Breaks"),
]  # fmt: skip


def _plain(rows: list[CostRow]) -> list[CostRow]:
    return [replace(r, source=Source("-")) for r in rows]


def test_the_template_round_trip(tmp_path: Path) -> None:
    book = write_template(tmp_path / "costs.xlsx", ROWS)
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames == ["Read me", "Costs", "Lists"]
    assert [c.value for c in wb["Costs"][1]] == [c.header for c in COSTS.columns]
    rows, problems = read_files([book], TODAY)
    assert problems == []
    assert _plain(rows) == _plain(ROWS)
    assert [r.where for r in rows] == [f"{book} [Costs], row {n}" for n in (2, 3, 4)]


def _csv(path: Path, cells: list[list[str]], header: list[str] | None = None) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header or [c.header for c in COSTS.columns])
        w.writerows(cells)
    return path


GOOD = ["A", "PA1", "Placement", "Provider Ltd", "External", "Framework", "850", "01/04/2019",
        "", "30/06/2020", "Placements", "officer", "01/05/2021", ""]  # fmt: skip
_AT = {c.name: i for i, c in enumerate(COSTS.columns)}


def _with(**cells: str) -> list[str]:
    row = list(GOOD)
    for name, value in cells.items():
        row[_AT[name]] = value
    return row


BAD_ROWS = [  # cells changed, column named, words in the reason
    ({"weekly": "eight fifty"}, "Weekly cost £", "'eight fifty' is not an amount in pounds"),
    ({"weekly": "-850"}, "Weekly cost £", "is below 0"),
    ({"weekly": "850000"}, "Weekly cost £", "more than £100,000 a week"),
    ({"kind": "Foster"}, "Kind", "'Foster' is not a kind"),
    ({"provision": "Bought"}, "In-house or external", "not In-house or External"),
    ({"purchase": ""}, "Spot or framework", "value missing"),
    ({"cost_from": "31/02/2020"}, "Cost from", "31/02/2020"),
    ({"cost_to": "31/03/2019"}, "Cost to", "Cost to 31/03/2019 is before Cost from 01/04/2019"),
    ({"entered_on": "01/01/2030"}, "Entered on", "is after today"),
    ({"child_id": ""}, "Child ID", "value missing"),
    ({"budget_line": ""}, "Budget line", "value missing"),
]


@pytest.mark.parametrize(("cells", "column", "words"), BAD_ROWS)
def test_a_bad_cell_is_named_and_nothing_is_loaded(
    tmp_path: Path, cells: dict[str, str], column: str, words: str
) -> None:
    f = _csv(tmp_path / "costs.csv", [GOOD, _with(**cells)])
    rows, problems = read_files([f], TODAY)
    assert rows == []  # the good row is not loaded either
    assert [(p.file, p.row, p.column) for p in problems] == [(str(f), 3, column)]
    assert words in problems[0].reason


def test_an_in_house_row_needs_no_purchase_route(tmp_path: Path) -> None:
    f = _csv(tmp_path / "costs.csv", [_with(provision="In-house", purchase="")])
    rows, problems = read_files([f], TODAY)
    assert problems == [] and rows[0].purchase is None and rows[0].provision == "in-house"


def test_the_same_placement_from_the_same_day_twice_names_both_rows(tmp_path: Path) -> None:
    f = _csv(tmp_path / "costs.csv", [GOOD, _with(weekly="900")])
    rows, problems = read_files([f], TODAY)
    assert rows == []
    assert [(p.row, p.column) for p in problems] == [(2, "Cost from"), (3, "Cost from")]
    assert (
        "the same Child ID, Placement ID and Cost from as row 3: entered twice"
        in problems[0].reason
    )


def test_a_bad_cell_in_the_workbook_names_its_sheet(tmp_path: Path) -> None:
    book = write_template(tmp_path / "costs.xlsx", ROWS)
    wb = openpyxl.load_workbook(book)
    wb["Costs"].cell(row=3, column=_AT["weekly"] + 1, value="lots")
    wb.save(book)
    rows, problems = read_files([book], TODAY)
    assert rows == []
    (p,) = problems
    assert (p.file, p.row, p.column) == (f"{book} [Costs]", 3, "Weekly cost £")


def test_files_that_are_not_the_template_are_refused(tmp_path: Path) -> None:
    other = _csv(tmp_path / "other.csv", [["1", "2"]], header=["Name", "Amount"])
    pdf = tmp_path / "costs.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    latin = tmp_path / "latin.csv"
    latin.write_bytes(",".join(c.header for c in COSTS.columns).encode() + b"\nCaf\xe9\n")
    missing = _csv(tmp_path / "missing.csv", [GOOD[1:]], [c.header for c in COSTS.columns][1:])
    for f, words in [
        (other, "not a cost template sheet"),
        (pdf, "not a cost template: expected an .xlsx workbook or a .csv file"),
        (latin, "not UTF-8 text"),
    ]:
        rows, problems = read_files([f], TODAY)
        assert rows == [] and len(problems) == 1 and words in problems[0].reason, problems
    rows, problems = read_files([missing], TODAY)
    assert rows == [] and [(p.row, p.column, p.reason) for p in problems] == [
        (1, "Child ID", "column missing")
    ]
