"""The DfE's school-level tables read as the borough's schools' figures (SchoolFigure): own
schools only, a symbol not published (never 0), a missing URN named; `csc education load --dfe`
puts them, and the LA-level figures, into the dashboard's database with the template's files
in one load (a fault in any file loads nothing); `csc report --education` takes a DfE CSV;
the demo's schools come through the same reader."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from csc_insight.cli import main
from csc_insight.education import demo, dfe, inputs
from csc_insight.education.figures import NOT_PUBLISHED
from csc_insight.education.model import EducationRecords, SchoolFigure, Source
from csc_insight.errors import CscError, ReaderError
from csc_insight.reports.education_inputs import read_education
from csc_insight.store import web_db

HERE = Path(__file__).parent
HEADER = (
    "time_period,time_identifier,geographic_level,country_code,country_name,region_code,"
    "region_name,old_la_code,new_la_code,la_name,school_urn,school_laestab,school_name,"
    "establishment_type,gender,avg_att8,pt_l2basics_95,pt_ebacc_e_ptq_ee"
)
OWN = "E92000001,England,E12000007,London,306,E09000008,Croydon"
LINES = [
    f"201920,Academic year,School,{OWN},900101,3064001,Northside Academy,All state-funded,"
    "Total,46.2,41.5,38.0",
    f"201920,Academic year,School,{OWN},900101,3064001,Northside Academy,All state-funded,"
    "Boys,44.0,39.0,35.0",
    f"201819,Academic year,School,{OWN},900111,3064011,Riverside Free School,All state-funded,"
    "Total,x,x,c",
    # Ealing's school: another authority's, never read.
    "201920,Academic year,School,E92000001,England,E12000007,London,307,E09000009,Ealing,"
    "900999,3074999,Elsewhere School,All state-funded,Total,60.0,60.0,60.0",
]


def ks4(tmp_path: Path, lines: list[str] = LINES, name: str = "ks4_schools.csv") -> Path:
    p = tmp_path / name
    p.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return p


def test_own_schools_read_by_urn_a_symbol_not_published(tmp_path: Path) -> None:
    f = ks4(tmp_path)
    got = dfe.read_files([f], "E09000008").schools
    source = Source(f"{f} (DfE)")
    assert set(got) == {
        SchoolFigure("KS4 1", 2020, "900101", "Northside Academy", 46.2, source),
        SchoolFigure("KS4 2", 2020, "900101", "Northside Academy", 41.5, source),
        SchoolFigure("KS4 3", 2020, "900101", "Northside Academy", 38.0, source),
        SchoolFigure("KS4 1", 2019, "900111", "Riverside Free School", NOT_PUBLISHED, source),
        SchoolFigure("KS4 2", 2019, "900111", "Riverside Free School", NOT_PUBLISHED, source),
        SchoolFigure("KS4 3", 2019, "900111", "Riverside Free School", NOT_PUBLISHED, source),
    }
    assert len(got) == 6
    assert all(f.value != 0 for f in got)


def test_a_missing_urn_is_named_and_nothing_read(tmp_path: Path) -> None:
    bad = f"201920,Academic year,School,{OWN},,3064002,Southfield High School,All,Total,51,52,55"
    f = ks4(tmp_path, [*LINES, bad])
    with pytest.raises(ReaderError) as e:
        dfe.read_files([f, HERE / "ks4_la.csv"], "E09000008")
    (problem,) = e.value.problems
    assert str(problem).startswith(f"{f}, row 6, column school_urn: URN missing")


def test_the_demo_schools_come_through_the_reader() -> None:
    schools = demo.records().schools
    assert len(schools) == 96
    assert len({f.urn for f in schools}) == 16
    assert all(f.urn.startswith("9") and len(f.urn) == 6 for f in schools)
    count = Counter((f.measure, f.year) for f in schools)
    assert {k: count[k] for k in [("KS4 1", 2019), ("KS4 3", 2020), ("ABS 1", 2020)]} == {
        ("KS4 1", 2019): 12,
        ("KS4 3", 2020): 12,
        ("ABS 1", 2020): 4,
    }
    assert count[("ABS 3", 2019)] == 2  # the two special schools
    missing = {(f.measure, f.year, f.name) for f in schools if f.value is NOT_PUBLISHED}
    assert ("KS4 3", 2020, "Riverside Free School") in missing
    assert ("ABS 2", 2020, "Greenway Special School") in missing
    assert "made up" in demo.NOTE and "no real school" in demo.NOTE


# -- csc education load / check --dfe ---------------------------------------------------------


@pytest.fixture
def web(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("CSC_WEB_DB", str(tmp_path / "web.sqlite3"))
    monkeypatch.delenv("CSC_DATABASE_URL", raising=False)
    yield tmp_path / "store.duckdb"


def run(*args: str, code: int = 0) -> str:
    r = CliRunner().invoke(main, list(args))
    assert r.exit_code == code, r.output
    return r.output


def test_load_dfe_round_trips_with_the_template(web: Path, tmp_path: Path) -> None:
    f = ks4(tmp_path)
    files = [str(p) for p in demo.files()]
    dfe_args = ["--dfe", str(f), "--dfe", str(HERE / "ks4_la.csv"), "--la", "E09000008"]
    said = run("education", "load", *files, *dfe_args, "--store", str(web), "--by", "loader")
    got = web_db.entered_education(web)
    assert set(got.schools) == set(dfe.read_files([f], "E09000008").schools)
    held = {(a.measure, a.year, a.area): a for a in got.annual}
    # The template and the DfE's table agree on the borough's 48.9, England's 50.2 and the
    # neighbours' 50.8 (Ealing's 50.6 and Enfield's 51.0): one record each, the template's.
    assert held[("KS4 1", 2020, "own")].value == 48.9
    assert held[("KS4 1", 2020, "england")].value == 50.2
    # Every figure of ks4_la.csv is the seed's, so the template's: nothing added.
    assert len(got.annual) == len(demo.records().annual)
    assert said.split()[0].isdigit()
    assert run("education", "load", *files, *dfe_args, "--store", str(web)).startswith("0 ")


def test_a_faulty_dfe_file_loads_nothing(web: Path, tmp_path: Path) -> None:
    bad = f"201920,Academic year,School,{OWN},900102,3064002,Southfield High School,All,Total,many,1,1"
    f = ks4(tmp_path, [*LINES, bad])
    files = [str(p) for p in demo.files()]
    out = run(
        "education", "load", *files, "--dfe", str(f), "--la", "E09000008", "--store", str(web),
        code=2,
    )  # fmt: skip
    assert f"{f}, row 6, column avg_att8" in out and "many" in out
    assert web_db.entered_education(web) == EducationRecords()


def test_dfe_needs_la_and_check_reads_it(web: Path, tmp_path: Path) -> None:
    f = ks4(tmp_path)
    out = run("education", "load", "--dfe", str(f), "--store", str(web), code=1)
    assert "--la" in out
    said = run("education", "check", "--dfe", str(f), "--la", "E09000008")
    assert "6 figures of 2 schools: no problems" in said


def test_two_files_that_disagree_are_named(tmp_path: Path) -> None:
    lines = LINES[:1]
    one, two = (
        ks4(tmp_path, lines, "a.csv"),
        ks4(tmp_path, [lines[0].replace("46.2", "47.0")], "b.csv"),
    )
    with pytest.raises(ReaderError) as e:
        inputs.read_load([], [one, two], "E09000008")
    (problem,) = e.value.problems
    assert "KS4 1 2020 for school 900101 (Northside Academy) is 47.0" in problem.reason
    assert f"{one} (DfE) gives 46.2" in problem.reason


# -- the pack's --education ---------------------------------------------------------------------


def test_the_pack_takes_a_dfe_csv_among_its_education_files(tmp_path: Path) -> None:
    f = ks4(tmp_path)
    got = read_education([*demo.files(), f], la="E09000008")
    assert got is not None and len(got.schools) == 6 and got.placements
    with pytest.raises(CscError, match="--la"):
        read_education([f])
    assert inputs.is_dfe_file(f) and not inputs.is_dfe_file(demo.files()[0])
    # `csc report` reads its files before any work: a DfE file without --la, or with a fault,
    # refuses the pack, naming it.
    out = str(tmp_path / "pack")
    assert "--la" in run("report", "--out", out, "--education", str(f), code=1)
    bad = ks4(tmp_path, [*LINES, LINES[0].replace("46.2", "many")], "bad.csv")
    said = run("report", "--out", out, "--education", str(bad), "--la", "E09000008", code=2)
    assert f"{bad}, row 6, column avg_att8" in said


def test_the_demo_load_keeps_its_schools(web: Path) -> None:
    run("education", "load", "--demo", "--store", str(web), "--by", "loader")
    assert web_db.entered_education(web).schools == demo.records().schools
