"""Ofsted outcomes counted from Ofsted's school-level file (education/ofsted.py and `csc
education ofsted`): a hand-built file of 18 schools in three authorities, every phase, an academy
judged through its predecessor, schools with no judgement (blank, 9, NULL), one in special measures and one with
serious weaknesses, with the counts and percentages worked out by hand; files refused (a column
missing, a file after overall effectiveness ended, a faulty grade or phase, a school inspected
after the date); and the written CSVs read back by the template reader and ingested clean."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from csc_insight.cli import main
from csc_insight.education import ofsted, template_read
from csc_insight.education.figures import published
from csc_insight.education.model import EducationRecords
from csc_insight.errors import CscError, ReaderError
from csc_insight.store.load import ingest

HEADER = [
    "URN",
    "LAESTAB",
    "School name",
    "Ofsted phase",
    "Local authority",
    "Does the latest full inspection relate to the URN of the current school?",
    "Inspection start date",
    "Overall effectiveness",
    "Category of concern",
]
#: (URN, phase, authority, relates to this URN, grade, concern). Invented schools.
SCHOOLS = [
    ("100001", "Primary", "Croydon", "Yes", "1", ""),
    ("100002", "Primary", "Croydon", "Yes", "2", ""),
    ("100003", "Primary", "Croydon", "No", "2", ""),  # a new academy: its predecessor's
    ("100004", "Primary", "Croydon", "Yes", "3", ""),
    ("100005", "Primary", "Croydon", "Yes", "4", "SM"),
    ("100006", "Primary", "Croydon", "", "", ""),  # a new school: no judgement, left out
    ("100007", "Secondary", "Croydon", "Yes", "2", ""),
    ("100008", "Secondary", "Croydon", "Yes", "4", "SWK"),
    ("100009", "Special", "Croydon", "Yes", "1", ""),
    ("100010", "PRU", "Croydon", "Yes", "2", ""),
    ("100011", "Nursery", "Croydon", "", "9", "NULL"),  # 9: no judgement
    ("200001", "Primary", "Ealing", "Yes", "1", ""),
    ("200002", "Primary", "Ealing", "Yes", "2", ""),
    ("200003", "Primary", "Ealing", "Yes", "3", ""),
    ("200004", "Secondary", "Ealing", "Yes", "2", ""),
    ("200005", "Secondary", "Ealing", "Yes", "3", ""),
    ("300001", "Special", "Bromley", "Yes", "3", ""),
    ("300002", "Primary", "Bromley", "", "NULL", ""),  # NULL: no judgement, in no count
]
NEIGHBOURS = """authorities:
  E09000008:
    name: Croydon
    region: London
    neighbours: [E09000009, E09000010]
  E09000009:
    name: Ealing
    region: London
"""
AUGUST = date(2020, 8, 31)


def line(cells: list[str]) -> str:
    return ",".join(f'"{c}"' if "," in c or "?" in c else c for c in cells)


def write(tmp_path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    path = tmp_path / "ofsted.csv"
    path.write_text("\n".join(line(r) for r in [header, *rows]) + "\n", encoding="utf-8")
    return path


def rows(
    schools: Sequence[tuple[str, ...]] = SCHOOLS, started: str = "01/03/2019"
) -> list[list[str]]:
    return [
        [urn, f"306{urn[-4:]}", f"School {urn}", phase, la, current, started, grade, concern]
        for urn, phase, la, current, grade, concern in schools
    ]


@pytest.fixture
def neighbours(tmp_path: Path) -> Path:
    path = tmp_path / "neighbours.yaml"
    path.write_text(NEIGHBOURS, encoding="utf-8")
    return path


def values(records: EducationRecords) -> dict[tuple[str, str], float | None]:
    got = {(f.measure, f"{f.month:%Y-%m}"): published(f.value) for f in records.monthly}
    return got | {(f.measure, f"{f.year} {f.area}"): published(f.value) for f in records.annual}


def test_the_counts_and_percentages_worked_out_by_hand(tmp_path: Path, neighbours: Path) -> None:
    got = ofsted.outcomes(write(tmp_path, rows()), AUGUST, "E09000008", neighbours)
    counts = {k: (c.numerator, c.denominator) for k, c in got.counts.items()}
    assert counts == {
        # Croydon: 9 schools with a judgement (100006 and the nursery have none); 100005 in
        # special measures (100008's serious weaknesses are not special measures)
        "SCH 1": (1, 9),
        "SCH 2": (1, 9),
        # primaries judged: 100001-100005, 100003 through its predecessor; good or better 3
        "SCH 3": (3, 5),
        "SCH 5": (1, 2),
        "SCH 7": (1, 1),
        "OFS 1 own": (3, 5),
        "OFS 1 england": (5, 8),  # Croydon 3 of 5, Ealing 2 of 3
        "OFS 1 Ealing": (2, 3),
        "OFS 2 own": (1, 2),
        "OFS 2 england": (2, 4),
        "OFS 2 Ealing": (1, 2),
    }
    assert values(got.records) == {
        ("SCH 1", "2020-08"): 1,
        ("SCH 2", "2020-08"): 11,  # 11.1
        ("SCH 3", "2020-08"): 60,
        ("SCH 5", "2020-08"): 50,
        ("SCH 7", "2020-08"): 100,
        ("OFS 1", "2020 own"): 60,
        ("OFS 1", "2020 england"): 63,  # 62.5 rounded half up, as Ofsted rounds (not to 62)
        ("OFS 1", "2020 neighbours"): 67,  # Ealing's 66.7
        ("OFS 2", "2020 own"): 50,
        ("OFS 2", "2020 england"): 50,
        ("OFS 2", "2020 neighbours"): 50,
    }
    assert any("E09000010" in n for n in got.notes)  # the neighbour the list does not name
    assert "1 of Croydon's schools with a judgement counted through their predecessor" in (
        " ".join(got.notes)
    )
    source = got.records.monthly[0].source.where
    assert source.startswith("Ofsted management information as at 31/08/2020 (")


def test_a_school_judged_through_its_predecessor_counts(tmp_path: Path) -> None:
    schools = ofsted.read(write(tmp_path, rows()), AUGUST)
    academy = next(s for s in schools if s.urn == "100003")
    assert academy.predecessor and academy.grade == 2
    without = [s for s in schools if s.urn != "100003"]
    assert ofsted.count([s for s in without if s.la == "Croydon"], "primary").numerator == 2


def test_another_date_gives_its_month_and_no_annual_figures(tmp_path: Path) -> None:
    got = ofsted.outcomes(write(tmp_path, rows()), date(2021, 3, 31), "E09000008")
    assert {f.month for f in got.records.monthly} == {date(2021, 3, 1)}
    assert got.records.annual == ()
    assert any("OFS 1 and OFS 2 not written" in n for n in got.notes)


def test_no_pru_writes_no_sch_7_rather_than_0(tmp_path: Path) -> None:
    schools = [s for s in SCHOOLS if s[1] != "PRU"]
    got = ofsted.outcomes(write(tmp_path, rows(schools)), AUGUST, "E09000008")
    assert "SCH 7" not in {f.measure for f in got.records.monthly}
    assert any(n.startswith("SCH 7 not written") for n in got.notes)


def refused(path: Path, as_at: date = AUGUST) -> list[tuple[int | None, str | None, str]]:
    with pytest.raises(ReaderError) as e:
        ofsted.outcomes(path, as_at, "E09000008")
    assert all(p.file == str(path) for p in e.value.problems)
    return [(p.row, p.column, p.reason) for p in e.value.problems]


def test_a_file_without_overall_effectiveness_is_refused(tmp_path: Path) -> None:
    header = [h for h in HEADER if h != "Overall effectiveness"]
    body = [r[:7] + r[8:] for r in rows()]
    [(row, column, reason)] = refused(write(tmp_path, body, header))
    assert (row, column) == (1, "Overall effectiveness")
    assert "column missing" in reason and "good or outstanding" in reason


def test_a_file_after_overall_effectiveness_ended_is_refused(tmp_path: Path) -> None:
    # the report-card layout: no "Overall effectiveness", a "Latest OEIF ..." one instead
    header = [*HEADER[:7], "Latest OEIF overall effectiveness", HEADER[8]]
    problems = refused(write(tmp_path, rows(), header))
    assert any("1 September 2024" in reason for _, _, reason in problems)
    not_judged = rows()
    not_judged[3][7] = "Not judged"
    [(row, column, reason)] = refused(write(tmp_path, not_judged))
    assert (row, column) == (5, "Overall effectiveness") and "1 September 2024" in reason
    with pytest.raises(CscError, match="1 September 2024"):
        ofsted.outcomes(write(tmp_path, rows()), date(2024, 10, 31), "E09000008")


def test_faulty_rows_are_named_and_nothing_is_returned(tmp_path: Path) -> None:
    bad = rows()
    bad[0][7] = "5"
    bad[1][3] = "Middle"
    bad[2][8] = "Special"
    bad[3][6] = "01/09/2020"
    bad[4][0] = "100001"
    assert sorted(refused(write(tmp_path, bad))) == [
        (2, "Overall effectiveness", "'5' is not an overall effectiveness grade (1 to 4, or "
         "blank, 9 or NULL for none)"),
        (3, "Ofsted phase", "'Middle' is not an Ofsted phase (Nursery, Primary, Secondary, "
         "Special, PRU)"),
        (4, "Category of concern", "'Special' is not a category of concern (SM, SWK, or blank "
         "for none)"),
        (5, "Inspection start date", "inspected on 01/09/2020, after the as-at date 31/08/2020: "
         "the file is later than the date asked for"),
        (6, "URN", "URN 100001 is on row 2 too"),
    ]  # fmt: skip


def test_an_authority_not_in_the_file_is_named(tmp_path: Path) -> None:
    schools = [s for s in SCHOOLS if s[2] != "Croydon"] + [
        ("400001", "Primary", "Croydn", "", "2", "")
    ]
    with pytest.raises(
        CscError, match="no school's Local authority is 'Croydon'; did you mean Croydn"
    ):
        ofsted.outcomes(write(tmp_path, rows(schools)), AUGUST, "E09000008")


def run(*args: str, code: int = 0) -> str:
    r = CliRunner().invoke(main, list(args))
    assert r.exit_code == code, r.output
    return r.output


def test_the_command_writes_the_template_csvs_that_load_clean(
    tmp_path: Path, neighbours: Path
) -> None:
    out = tmp_path / "out"
    file = write(tmp_path, rows())
    said = run(
        "education", "ofsted", str(file), "--as-at", "2020-08-31", "--la", "E09000008",
        "--neighbours", str(neighbours), "--out", str(out),
    )  # fmt: skip
    assert "SCH 1: 1 in special measures (9 with a judgement)" in said
    assert "SCH 3: 3 of 5 schools with a judgement = 60%" in said
    assert "OFS 1 england: 5 of 8 schools with a judgement = 63%" in said
    assert "OFS 1 Ealing: 2 of 3" in said
    assert "OFS 1 neighbours: 67%, the average of 1 of 2 neighbours' percentages" in said
    assert sorted(p.name for p in out.iterdir()) == ["annual_figures.csv", "monthly_figures.csv"]
    records, problems = template_read.read_files(sorted(out.iterdir()))
    assert problems == []
    assert values(records) == values(ofsted.outcomes(file, AUGUST, "E09000008", neighbours).records)
    taken = (out / "monthly_figures.csv").read_text(encoding="utf-8")
    assert f"Ofsted management information as at 31/08/2020 ({file})" in taken
    report = ingest([out / "monthly_figures.csv"], tmp_path / "store.duckdb")
    assert report.held == [] and report.rows_read == 5


def test_the_command_refuses_a_faulty_file_and_writes_nothing(tmp_path: Path) -> None:
    bad = rows()
    bad[0][7] = "5"
    out = tmp_path / "out"
    said = run(
        "education", "ofsted", str(write(tmp_path, bad)), "--as-at", "2020-08-31",
        "--la", "E09000008", "--out", str(out), code=2,
    )  # fmt: skip
    assert "row 2, column Overall effectiveness: '5' is not an overall effectiveness" in said
    assert not out.exists()
