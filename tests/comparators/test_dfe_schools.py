"""DfE school-level tables (explore-education-statistics rows of geographic_level School): the
authority's own schools read by URN only when asked for, other authorities' ignored, a symbol
kept as a symbol, a missing URN named by file, row and column, and `csc comparators load`
storing no school rows."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from csc_insight.comparators import dfe
from csc_insight.errors import ReaderError

WHO = dfe.Authority("E09000008", "Croydon", "London", ("E09000001",))
MAPS = [
    dfe.Mapping("KS4 1", "avg_att8", (("gender", "Total"),)),
    dfe.Mapping("ABS 1", "sess_overall_percent", (("school_type", "Total"),)),
    dfe.Mapping("ABS 3", "sess_overall_percent", (("school_type", "Special"),)),
]
HEADER = (
    "time_period,time_identifier,geographic_level,region_name,old_la_code,new_la_code,la_name,"
    "school_urn,school_laestab,school_name,school_type,gender,avg_att8,sess_overall_percent"
)
LA = "London,306,E09000008,Croydon"


def csv_file(tmp_path: Path, lines: list[str], header: str = HEADER) -> Path:
    p = tmp_path / "schools.csv"
    p.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return p


ROWS = [
    "201920,Academic year,National,,,,,,,,Total,Total,50.2,4.9",
    f"201920,Academic year,Local authority,{LA},,,,Total,Total,48.9,4.7",
    f"201920,Academic year,School,{LA},900101,3064001,Northside Academy,"
    "State-funded secondary,Total,46.2,5.1",
    f"201920,Academic year,School,{LA},900301,3067001,Greenway Special School,Special,Total,x,9.1",
    # Another authority's school (a neighbour's): never read.
    "201920,Academic year,School,London,201,E09000001,A,900999,2014999,Elsewhere School,"
    "State-funded secondary,Total,60.0,3.0",
]


def test_own_schools_by_urn_and_symbols_kept(tmp_path: Path) -> None:
    got = dfe.read_file(csv_file(tmp_path, ROWS), WHO, MAPS, schools=True)
    schools = {(r[0], r[3]): r for r in got if r[2] == "school"}
    assert schools == {
        ("KS4 1", "900101"): ("KS4 1", "2019-20", "school", "900101", "Northside Academy", 46.2, None),
        # school_type=Total takes a school's row whatever its type: the row is the whole school.
        ("ABS 1", "900101"): ("ABS 1", "2019-20", "school", "900101", "Northside Academy", 5.1, None),
        ("KS4 1", "900301"): ("KS4 1", "2019-20", "school", "900301", "Greenway Special School", None, "x"),
        ("ABS 1", "900301"): ("ABS 1", "2019-20", "school", "900301", "Greenway Special School", 9.1, None),
        ("ABS 3", "900301"): ("ABS 3", "2019-20", "school", "900301", "Greenway Special School", 9.1, None),
    }  # fmt: skip
    # The areas are read as before, beside the schools.
    areas = {(r[0], r[2]): r[5] for r in got if r[2] != "school"}
    assert areas[("KS4 1", "own")] == 48.9 and areas[("KS4 1", "england")] == 50.2


def test_a_filter_picks_the_school_s_row(tmp_path: Path) -> None:
    """A key stage 4 table's rows by gender: the mapping's gender=Total picks the school's."""
    boys = (
        f"201920,Academic year,School,{LA},900101,3064001,Northside Academy,"
        "State-funded secondary,Boys,44.0,"
    )
    got = dfe.read_file(csv_file(tmp_path, [*ROWS, boys]), WHO, MAPS[:1], schools=True)
    assert [r[5] for r in got if r[3] == "900101"] == [46.2]


def test_school_rows_are_ignored_unless_asked_for(tmp_path: Path) -> None:
    got = dfe.read_file(csv_file(tmp_path, ROWS), WHO, MAPS)
    assert {r[2] for r in got} == {"own", "england"}
    # Even a school row without a URN: not read, so not a problem.
    bad = [f"201920,Academic year,School,{LA},,3064001,Nameless,State-funded secondary,Total,1,1"]
    assert dfe.read_file(csv_file(tmp_path, ROWS + bad), WHO, MAPS) == got


@pytest.mark.parametrize(("urn", "says"), [("", "URN missing"), ("90010", "'90010' is not a URN")])
def test_an_own_school_without_a_urn_is_named(tmp_path: Path, urn: str, says: str) -> None:
    bad = (
        f"201920,Academic year,School,{LA},{urn},3064001,Nameless,State-funded secondary,Total,1,1"
    )
    f = csv_file(tmp_path, [*ROWS, bad])
    with pytest.raises(ReaderError) as e:
        dfe.read_file(f, WHO, MAPS, schools=True)
    (problem,) = e.value.problems
    assert (problem.file, problem.row, problem.column) == (str(f), len(ROWS) + 2, "school_urn")
    assert says in problem.reason


def test_a_school_file_without_a_urn_column_says_so(tmp_path: Path) -> None:
    header = HEADER.replace("school_urn,", "")
    line = f"201920,Academic year,School,{LA},3064001,Northside Academy,x,Total,46.2,5.1"
    with pytest.raises(ReaderError) as e:
        dfe.read_file(csv_file(tmp_path, [line], header), WHO, MAPS, schools=True)
    assert "the header has no school_urn column" in e.value.problems[0].reason


def test_comparators_load_stores_no_school_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`csc comparators load` (dfe.load, as the catalogue's mappings would): the LA and national
    rows only."""
    monkeypatch.setattr(dfe, "mappings", lambda: MAPS)
    con = duckdb.connect()
    n = dfe.load(con, [csv_file(tmp_path, ROWS)], WHO)
    kinds = {k for (k,) in con.execute("SELECT DISTINCT area_kind FROM comparators").fetchall()}
    assert kinds == {"own", "england"}
    assert n == con.execute("SELECT count(*) FROM comparators").fetchone()[0] == 4  # type: ignore[index]
