"""Spend against London and England: per child, the gap, the MTFS path, and the analyst's file
read (or refused with file, row, column and reason)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from csc_insight.errors import ReaderError
from csc_insight.money import demo, spend
from csc_insight.money.model import Source
from csc_insight.reports.finance_inputs import read_inputs

HEADER = ",".join(spend.COLUMNS)


def line(
    council: int, children: int, london: str | None, england: str | None, counted: bool = True
) -> spend.SpendLine:
    return spend.SpendLine(
        "2019-20",
        "a line",
        Decimal(council),
        children,
        None if london is None else Decimal(london),
        None if england is None else Decimal(england),
        counted,
        Source("hand-built"),
    )


def test_per_child_and_the_gap_by_hand() -> None:
    # 1,000 children; the council spends £500k (£500 a child); London £400 a child, England £600.
    x = line(500, 1000, "400", "600")
    assert x.council_per_child == Decimal("500.00")
    assert x.london_k == Decimal(400) and x.england_k == Decimal(600)
    assert x.gap_london_k == Decimal(100) and x.gap_england_k == Decimal(-100)
    left_out = line(900, 1000, "100", "100", counted=False)
    g = spend.gap([x, left_out], "2019-20")
    assert (g.council_k, g.gap_london_k, g.gap_england_k) == (
        Decimal(500),
        Decimal(100),
        Decimal(-100),
    )
    assert g.left_out == ("a line",)


def test_a_line_without_an_average_leaves_the_gap_unknown() -> None:
    g = spend.gap([line(500, 1000, "400", None), line(10, 1000, "1", "1")], "2019-20")
    assert g.gap_london_k == Decimal(109)
    assert g.gap_england_k is None  # not 0: a line lacks England's figure


def test_the_seed_gap_to_london_is_11192() -> None:
    """Seed 003 5.1: "Benchmarking against London for 2019-20 the gap in spend is £11.192m"
    (Table 7: 86,413 against 75,222, asylum seekers left out; its lines sum to 86,414, the
    paper's figures being rounded from pounds)."""
    g = spend.gap(spend.demo_lines(), "2019-20")
    assert g.council_k == Decimal(86414)
    assert g.london_k == Decimal(75222)
    assert g.gap_london_k == Decimal(11192)
    assert g.left_out == ("Asylum seekers",)


def test_the_mtfs_path_takes_the_savings_year_by_year() -> None:
    steps = spend.path(Decimal(11192), demo.seed_records().proposals)
    assert [(s.year, s.savings_k, s.gap_left_k) for s in steps] == [
        ("2021-22", Decimal(9433), Decimal(1759)),
        ("2022-23", Decimal(4694), Decimal(-2935)),
        ("2023-24", Decimal(2296), Decimal(-5231)),
    ]


def test_the_report_text_names_the_gap_and_the_path() -> None:
    text = spend.report(spend.demo_lines(), demo.seed_records().proposals)
    assert "Gap to the London average: 11,192" in text
    assert "2023-24: savings 2,296, gap left -5,231" in text


def write(tmp_path: Path, *rows: str) -> Path:
    f = tmp_path / "spend.csv"
    f.write_text("# a comment\n" + "\n".join([HEADER, *rows]) + "\n", "utf-8")
    return f


def test_a_file_is_read(tmp_path: Path) -> None:
    f = write(tmp_path, '2019/20,Children looked after,"1,200",1000,900.50,,yes')
    lines, problems = spend.read_spend(f)
    assert problems == []
    (x,) = lines
    assert (x.year, x.council_k, x.london_per_child, x.england_per_child) == (
        "2019-20",
        Decimal(1200),
        Decimal("900.50"),
        None,
    )
    assert x.source.row == 3  # the comment is line 1, the header line 2


def test_bad_rows_are_named_and_nothing_is_read(tmp_path: Path) -> None:
    f = write(
        tmp_path,
        "2019-20,Children looked after,1200,1000,900,800,yes",
        "2019-21,Youth justice,lots,0,-5,800,maybe",
        "2019-20,children looked after,1,1,1,1,no",
    )
    lines, problems = spend.read_spend(f)
    assert lines == ()
    where = {(p.row, p.column) for p in problems}
    assert where == {
        (4, "financial_year"),
        (4, "council_net_expenditure_k"),
        (4, "children_0_17"),
        (4, "london_per_child"),
        (4, "in_gap"),
        (5, "service_line"),  # given twice
    }
    assert all(p.file == str(f) for p in problems)
    twice = next(p for p in problems if p.row == 5)
    assert "first on row 3" in twice.reason


def test_a_missing_column_is_named(tmp_path: Path) -> None:
    f = tmp_path / "spend.csv"
    f.write_text("financial_year,service_line\n2019-20,x\n", "utf-8")
    _, problems = spend.read_spend(f)
    assert {p.column for p in problems} == set(spend.COLUMNS[2:])


def test_a_faulty_file_refuses_every_input_with_every_problem(tmp_path: Path) -> None:
    bad = write(tmp_path, "2019-20,x,1,1,1,1,perhaps")
    with pytest.raises(ReaderError) as e:
        read_inputs(spend_paths=[bad])
    assert [(p.row, p.column) for p in e.value.problems] == [(3, "in_gap")]


def test_the_demo_file_is_read_without_problems() -> None:
    assert len(spend.demo_lines()) == 8


def test_the_layout_document_is_up_to_date() -> None:
    root = Path(__file__).resolve().parents[2]
    committed = (root / "docs" / "formats" / "spend.md").read_text("utf-8")
    assert committed == spend.markdown(), "docs/formats/spend.md is out of date"
