"""The DfE's published LA-level absence table (explore-education-statistics layout), read as
annual figures: the borough, England and the neighbours' average; a GSS symbol is not
published; a bad cell is named and nothing is read."""

from __future__ import annotations

from pathlib import Path

import pytest

from csc_insight.education import dfe, tables
from csc_insight.education.figures import NOT_PUBLISHED
from csc_insight.errors import ReaderError

HERE = Path(__file__).parent


def _figures() -> dict[tuple[str, int, str], object]:
    records = dfe.read_files([HERE / "absence_la.csv"], "E09000008")
    return {(f.measure, f.year, f.area): f.value for f in records.annual}


def test_the_borough_england_and_the_neighbours_average() -> None:
    got = _figures()
    assert got[("ABS 1", 2020, "own")] == 4.7
    assert got[("ABS 1", 2020, "england")] == 4.9
    # Ealing 4.4, Enfield 4.6, Hillingdon 4.5: Barking and Dagenham is not a neighbour.
    assert got[("ABS 1", 2020, "neighbours")] == pytest.approx(4.5)
    # Hillingdon's persistent absence is suppressed (x): the average is of the other two.
    assert got[("ABS 2", 2020, "neighbours")] == pytest.approx(11.6)
    assert got[("ABS 3", 2020, "own")] == 9.7 and got[("ABS 4", 2020, "england")] == 30.0


def test_a_symbol_is_not_published_never_0() -> None:
    got = _figures()
    assert got[("ABS 2", 2019, "own")] is NOT_PUBLISHED
    assert got[("ABS 2", 2019, "england")] is NOT_PUBLISHED


def test_the_file_gives_the_annual_rows_and_arrows() -> None:
    records = dfe.read_files([HERE / "absence_la.csv"], "E09000008")
    row = next(r for r in tables.annual_table(records.annual) if r.measure.id == "ABS 2")
    assert row.values == (NOT_PUBLISHED, 12.7)
    assert row.vs_england.text() == "↓ -0.4 below (better)"
    assert row.vs_neighbours.text() == "↑ +1.1 above (worse)"


def test_a_bad_cell_is_named_and_nothing_read(tmp_path: Path) -> None:
    text = (HERE / "absence_la.csv").read_text("utf-8").replace(",4.7,12.7", ",four,12.7")
    bad = tmp_path / "absence.csv"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(ReaderError) as e:
        dfe.read_files([bad], "E09000008")
    [p] = e.value.problems
    assert (p.file, p.row, p.column) == (str(bad), 5, "sess_overall_percent")


def test_key_stage_4_gives_the_seeds_attainment_8_arrows() -> None:
    """A KS4 LA file (gender filter: the Total rows only): 48.9 against England 50.2 and the
    neighbours' 50.8, both below."""
    records = dfe.read_files([HERE / "ks4_la.csv"], "E09000008")
    row = next(r for r in tables.annual_table(records.annual) if r.measure.id == "KS4 1")
    assert (row.latest_year, row.latest, row.england) == (2020, 48.9, 50.2)
    assert row.neighbours == pytest.approx(50.8)
    assert (row.vs_england.text(), row.vs_neighbours.text()) == (
        "↓ -1.3 below (worse)",
        "↓ -1.9 below (worse)",
    )
