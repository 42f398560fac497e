"""The unit-cost workbook written, filled and read back; spend worked out by hand."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from openpyxl import load_workbook

from csc_insight.errors import ReaderError
from csc_insight.forecast import cost_template as ct
from csc_insight.forecast import costs, states
from csc_insight.forecast.simulate import Forecast, month_ends
from tests.forecast.helpers import ORIGIN

UNIT = "category,provision,weekly cost,inflation %\n" + "".join(
    f"{c},in-house,{100 * (i + 1)},0\n" for i, c in enumerate(states.CATEGORIES)
)
UASC = "financial year,staffing,running costs,home office weekly rate\n2020-21,1200,600,700\n"


def test_the_demo_workbook_is_written_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "costs.xlsx"
    ct.write_template(path, demo=True)
    wb = load_workbook(path)
    assert wb.sheetnames == ["Read me", "Unit costs", "UASC", "Lists"]
    # the category column offers the placement categories as a drop-down (entry/write.py)
    [rule] = wb["Unit costs"].data_validations.dataValidation
    assert (str(rule.sqref).split(":")[0], rule.formula1) == ("A2", "'Lists'!$A$2:$A$7")
    assert [c.value for c in wb["Lists"]["A"][1:]] == list(states.CATEGORIES)
    assert [c.value for c in wb["Unit costs"][1]] == [
        "category",
        "provision",
        "weekly cost",
        "inflation %",
    ]
    book = ct.read_files([path])
    assert book.unit[states.RESIDENTIAL].weekly == 4500.0
    assert book.unit[states.AGENCY].inflation == pytest.approx(0.03)
    assert book.uasc["2021-22"] == ct.UascYear("2021-22", 4279.0, 2566.0, 798.0)


BAD = [  # (unit-cost CSV, where, reason)
    (
        UNIT.replace("residential,in-house,400", "residential,in-house,lots"),
        (5, "weekly cost"),
        "'lots' is not a number",
    ),
    (
        UNIT.replace("kinship,in-house,300,0", "kinship,in-house,-300,0"),
        (4, "weekly cost"),
        "-300 is below 0",
    ),
    (UNIT.replace("other,", "others,"), (7, "category"), "'others' is not a placement category"),
    (UNIT + "kinship,in-house,5,0\n", (8, "category"), "the same category as row 4: entered twice"),
    (UNIT + "kinship,in-house,5,0\n", (4, "category"), "the same category as row 8: entered twice"),
    (UNIT.replace(",inflation %", ",inflation %,colour"), (1, "colour"), "not a column of"),
    (UNIT.replace(",inflation %", ""), (1, "inflation %"), "column missing"),
    (
        UNIT.replace("kinship,in-house,300,0", "kinship,in-house,,0"),
        (4, "weekly cost"),
        "value missing",
    ),
    (UNIT.replace("other,in-house,600,0\n", ""), (None, "category"), "no weekly cost for other"),
]


@pytest.mark.parametrize(("text", "where", "reason"), BAD)
def test_a_bad_cost_file_is_refused_naming_row_column_and_reason(
    tmp_path: Path, text: str, where: tuple[int | None, str], reason: str
) -> None:
    path = tmp_path / "unit.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ReaderError) as e:
        ct.read_files([path])
    got = [(p.row, p.column, p.reason) for p in e.value.problems]
    assert any((r, c) == where and reason in why for r, c, why in got), got
    assert all(p.file == str(path) or p.file == "the files given" for p in e.value.problems)


def test_a_workbook_sheet_names_its_sheet(tmp_path: Path) -> None:
    path = tmp_path / "costs.xlsx"
    ct.write_template(path, demo=True)
    wb = load_workbook(path)
    wb["UASC"]["B3"] = "many"
    wb.save(path)
    with pytest.raises(ReaderError) as e:
        ct.read_files([path])
    (p,) = e.value.problems
    assert (p.file, p.row, p.column) == (f"{path} [UASC]", 3, "staffing")


def test_spend_is_children_times_weekly_cost_less_the_home_office_grant(tmp_path: Path) -> None:
    (tmp_path / "u.csv").write_text(UNIT, encoding="utf-8")
    (tmp_path / "a.csv").write_text(UASC.replace("2020-21", "2021-22"), encoding="utf-8")
    book = ct.read_files([tmp_path / "u.csv", tmp_path / "a.csv"])
    months = month_ends(ORIGIN, 12)  # April 2020 to March 2021: 2020-21
    counts = np.zeros((2, 13, 2, 5, 6), dtype=np.int32)
    counts[:, :, states.LOCAL, 2, states.IN_HOUSE] = 10  # 10 children at £100 a week
    counts[:, :, states.UASC, 4, states.SUPPORTED] = 2  # 2 UASC at £500 a week
    f = Forecast(ORIGIN, months, counts)
    (year,) = costs.spend_by_year(f, ct.CostBook(book.unit, {"2020-21": book.uasc["2021-22"]}))
    weeks = 365 / 7
    assert year.year == "2020-21" and year.months == 12
    assert year.local[0] == pytest.approx(10 * 100 * weeks / 1000)
    assert year.uasc_placements[0] == pytest.approx(2 * 500 * weeks / 1000)
    assert year.home_office[0] == pytest.approx(2 * 700 * weeks / 1000)
    assert year.uasc_net[0] == pytest.approx((2 * 500 - 2 * 700) * weeks / 1000 + 1200 + 600)
