"""The workforce templates: round trip, bad input, friendly values, and mangled files."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import ModuleType

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csc_insight.errors import LoadError, ReaderError
from csc_insight.formats import registry, rules, workforce
from csc_insight.formats.base import SourceFile, Staged
from csc_insight.store import db
from csc_insight.store.load import ingest
from tests.formats.bad_input import assert_refused_and_store_unchanged, store_holding

TEMPLATES = Path(workforce.__file__).parent / "templates"

STAFF_HEADER = (
    "Assignment ID,Staff ID,Worker ID,Name,Post ID,Team ID,Role,Agency (Y/N),"
    "NQSW/ASYE (Y/N),FTE,Start date,End date,Leaving reason,Case holding (Y/N)"
)
STAFF_ROWS = [
    "A1,E1,W1,Alex Example,PST1,T1,Social worker,N,Y,1,01/09/2021,,,Y",
    "A2,E2,W2,Sam Sample,PST2,T1,Senior practitioner,N,N,0.8,29/02/2020,31/03/2021,Resignation,Y",
    "A3,AG1,W3,Jo Placeholder,,T1,SW,Y,N,1,2021-01-15,,,Y",
]


def staff_csv(rows: list[str] | None = None, header: str = STAFF_HEADER) -> bytes:
    return ("\n".join([header, *(STAFF_ROWS if rows is None else rows)]) + "\n").encode()


def canonical() -> duckdb.DuckDBPyConnection:
    """A hand-built canonical store covering the awkward cases the templates must carry."""
    con = duckdb.connect()
    db.create_schema(con)
    con.execute(
        """INSERT INTO ssd_department VALUES
            ('T1', 'Assessment 1', 'S1', 'Assessment'),
            ('T2', 'Children in Care', 'S2', 'Children in Care'),
            ('T3', 'Leaving Care', NULL, NULL)"""
    )
    con.execute(
        """INSERT INTO ext_workforce_posts VALUES
            ('PST1', 'T1', 'Social Worker', 'SOCIAL_WORKER', '11', 1.0, 'Y', DATE '2020-02-29', NULL),
            ('PST2', 'T1', 'Team Manager', 'TEAM_MANAGER', '14', 1.0, 'N', DATE '2019-04-01', DATE '2021-03-31'),
            ('PST3', 'T3', NULL, 'PERSONAL_ADVISER', NULL, 0.6, NULL, DATE '2020-12-31', DATE '2020-12-31')"""
    )
    con.execute(
        """INSERT INTO ext_workforce_staff VALUES
            -- an internal move at the year end: no leaving reason, then the current assignment
            ('A1', 'E1', 'W1', 'PST1', 'T1', 'SOCIAL_WORKER', 'N', 'Y', 1.0,
             DATE '2020-02-29', DATE '2020-12-31', NULL, 'Y'),
            ('A2', 'E1', 'W1', 'PST1', 'T2', 'SENIOR_PRACTITIONER', 'N', 'N', 0.8,
             DATE '2021-01-01', NULL, NULL, 'Y'),
            -- an agency worker who started and left on the same day
            ('A3', 'AG1', 'W3', NULL, 'T1', 'SOCIAL_WORKER', 'Y', NULL, 1.5,
             DATE '2021-03-31', DATE '2021-03-31', 'END_OF_CONTRACT', 'Y'),
            -- no case-system id: on maternity leave, holds no cases
            ('E4-20210201', 'E4', NULL, 'PST2', 'T1', 'SOCIAL_WORKER', 'N', 'Y', 0.0,
             DATE '2021-02-01', NULL, NULL, 'N'),
            ('A5', 'E5', 'W5', NULL, 'T3', 'PERSONAL_ADVISER', 'N', 'N', 0.75,
             DATE '2019-01-31', DATE '2021-01-31', 'CAREER_BREAK', NULL)"""
    )
    con.execute(
        """INSERT INTO ssd_professionals VALUES
            ('W1', 'E1', 'Alex Example', 'SW0000000001', 'N', 'Senior Practitioner', NULL, 'T2', 0.8),
            ('W3', 'AG1', 'Jo, "Locum" Placeholder', NULL, 'Y', NULL, NULL, 'T1', 1.5),
            ('W5', 'E5', NULL, NULL, 'N', 'Personal Adviser', NULL, 'T3', 0.75)"""
    )
    con.execute(
        """INSERT INTO ext_staff_supervision VALUES
            ('E1-20200229', 'E1', DATE '2020-02-29', 'E9'),
            ('S2', 'AG1', DATE '2021-03-31', NULL),
            ('S3', 'E5', DATE '2021-03-31', 'E9')"""
    )
    con.execute(
        """INSERT INTO ext_case_supervision VALUES
            ('P0000001-20201231', 'P0000001', DATE '2020-12-31', 'W9', 'W1', 'T1'),
            ('CS2', 'P0000002', DATE '2020-12-31', NULL, NULL, NULL)"""
    )
    con.execute(
        """INSERT INTO ext_case_audits VALUES
            ('AU1', 'P0000001', DATE '2020-02-29', 'OUTSTANDING', 'W9', 'T1'),
            ('AU2', 'P0000002', DATE '2021-03-31', 'GOOD', NULL, NULL),
            ('AU3', 'P0000003', DATE '2021-03-31', 'REQUIRES_IMPROVEMENT', 'W9', 'T2'),
            ('AU4', 'P0000004', DATE '2021-01-01', 'INADEQUATE', NULL, 'T3')"""
    )
    return con


CARRIED = [
    "ssd_department",
    "ext_workforce_posts",
    "ext_workforce_staff",
    "ssd_professionals",
    "ext_staff_supervision",
    "ext_case_supervision",
    "ext_case_audits",
]


def rows(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple]:
    return con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()


_CON: list[duckdb.DuckDBPyConnection] = []


def scratch() -> duckdb.DuckDBPyConnection:
    """One in-memory canonical database for staging tests; each use rolls back."""
    if not _CON:
        _CON.append(duckdb.connect())
        db.create_schema(_CON[0])
    return _CON[0]


@dataclass
class Result:
    """What staging gave: rows per canonical table (as dicts), and the Staged itself."""

    rows: dict[str, list[dict[str, object]]]
    staged: Staged

    def held(self) -> list[tuple[str, int | None, str | None, str | None, str | None]]:
        """(file name, row, column, rule, value) of each problem held back."""
        return [(Path(p.file).name, p.row, p.column, p.rule, p.value) for p in self.staged.held]

    def column(self, table: str, field: str) -> list[object]:
        return sorted(r[field] for r in self.rows[table])  # type: ignore[type-var]


def stage_files(files: list[tuple[Path, str]], module: ModuleType = workforce) -> Result:
    """Stage ``(path, kind)`` files together, rolled back after (ReaderError on a refused file)."""
    con = scratch()
    con.execute("BEGIN TRANSACTION")
    try:
        staged = module.stage(con, [SourceFile(p, module.FORMAT, k) for p, k in files])
        out: dict[str, list[dict[str, object]]] = {}
        for table, temps in staged.tables.items():
            for t in temps:
                cur = con.execute(f"SELECT * FROM {t}")
                names = [d[0] for d in cur.description]
                out.setdefault(table, []).extend(
                    dict(zip(names, r, strict=True)) for r in cur.fetchall()
                )
        return Result(out, staged)
    finally:
        con.execute("ROLLBACK")


def stage_one(path: Path, kind: str) -> dict[str, list[tuple]]:
    """Stage one file as ``kind``: the staged rows per canonical table (ReaderError on bad input)."""
    got = stage_files([(path, kind)])
    return {t: [tuple(r.values()) for r in rs] for t, rs in got.rows.items()}


def staff_file(tmp_path: Path, rows: list[str], name: str = "staff.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(staff_csv(rows))
    return path


def staged_staff(tmp_path: Path, row: str, field: str) -> list[object]:
    got = stage_files([(staff_file(tmp_path, [row]), "staff")])
    assert got.staged.held == []
    return [r[field] for r in got.rows["ext_workforce_staff"]]


def held_one(tmp_path: Path, row: str) -> list[tuple[int | None, str | None, str | None]]:
    """Stage a staff file of one row: (row, column, rule) of each problem, and nothing staged."""
    got = stage_files([(staff_file(tmp_path, [row]), "staff")])
    assert got.rows["ext_workforce_staff"] == []
    return [(p.row, p.column, p.rule) for p in got.staged.held]


# -- round trip ---------------------------------------------------------------------------------


def test_round_trip(tmp_path: Path) -> None:
    """Written from the canonical tables and read back, each template gives the same rows:
    its columns are declared once, and reading and writing both come from that."""
    src = canonical()
    written = workforce.write(src, tmp_path / "out")
    assert sorted(p.name for p in written) == sorted(
        t.file_name for t in workforce.TEMPLATES.values()
    )
    files = []
    for p in written:
        kind = p.stem.removeprefix("workforce_")
        assert registry.recognise(p) == ("workforce", kind)
        files.append((p, kind))
    got = stage_files(files)
    assert got.staged.held == [] and got.staged.notes == []
    for table in CARRIED:
        fields = list(got.rows[table][0])
        declared = {
            f
            for t in workforce.TEMPLATES.values()
            for tb in t.tables
            for f, _ in t.fields(tb.name)
            if tb.name == table
        }
        assert set(fields) == declared, table
        want = src.execute(f"SELECT {', '.join(fields)} FROM {table} ORDER BY ALL").fetchall()
        assert sorted(tuple(r.values()) for r in got.rows[table]) == want, table


def test_round_trip_through_the_store(tmp_path: Path) -> None:
    src = canonical()
    written = workforce.write(src, tmp_path / "out")
    store = tmp_path / "store.duckdb"
    ingest(written, store)
    con = db.connect(store, read_only=True)
    try:
        for table in CARRIED:
            assert rows(con, table) == rows(src, table), table
    finally:
        con.close()


def test_writer_skips_empty_tables(tmp_path: Path) -> None:
    con = duckdb.connect()
    db.create_schema(con)
    assert workforce.write(con, tmp_path) == []


# -- the example files and friendly values ------------------------------------------------------


def test_examples_load_and_map_friendly_words() -> None:
    examples = sorted(TEMPLATES.glob("workforce_*.example.csv"))
    assert len(examples) == 6
    files = []
    for p in examples:
        recognised = registry.recognise(p)
        assert recognised is not None and recognised[0] == "workforce"
        files.append((p, recognised[1]))
    got = stage_files(files)
    assert got.staged.held == [] and got.staged.notes == []
    assert {Path(p).name: s for p, s in got.staged.scopes.items()} == {
        p.name: f"workforce:{k}" for p, k in files
    }
    (e1002,) = [r for r in got.rows["ext_workforce_staff"] if r["wstaf_staff_id"] == "E1002"]
    # Assignment ID left blank: derived from Staff ID and Start date.
    assert (
        e1002["wstaf_assignment_id"],
        e1002["wstaf_role"],
        e1002["wstaf_agency"],
        e1002["wstaf_nqsw"],
        e1002["wstaf_leaving_reason"],
    ) == ("E1002-20190401", "SENIOR_PRACTITIONER", "N", "N", "RESIGNED")
    grades = {r["caud_person_id"]: r["caud_grade"] for r in got.rows["ext_case_audits"]}
    assert grades["P0000002"] == "REQUIRES_IMPROVEMENT"
    prof = [
        (r["prof_agency_worker_flag"], r["prof_professional_department"])
        for r in got.rows["ssd_professionals"]
        if r["prof_professional_id"] == "W103"
    ]
    assert prof == [("Y", "T01")]


@pytest.mark.parametrize(
    ("written", "stored"),
    [("yes", "Y"), ("no", "N"), ("Y", "Y"), ("n", "N"), ("TRUE", "Y"), ("0", "N"), (" Yes ", "Y")],
)
def test_yes_no_words(tmp_path: Path, written: str, stored: str) -> None:
    row = f"A1,E1,W1,,,T1,Social worker,{written},{written},1,01/09/2021,,,"
    assert staged_staff(tmp_path, row, "wstaf_agency") == [stored]
    assert staged_staff(tmp_path, row, "wstaf_nqsw") == [stored]


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("Social worker", "SOCIAL_WORKER"),
        ("social_worker", "SOCIAL_WORKER"),
        ("Team Manager", "TEAM_MANAGER"),
        ("Personal advisor", "PERSONAL_ADVISER"),
        ("4", "SENIOR_PRACTITIONER"),  # CSWW OrgRole 4
        ("First line manager", "TEAM_MANAGER"),
    ],
)
def test_role_words(tmp_path: Path, written: str, stored: str) -> None:
    row = f"A1,E1,,,,T1,{written},N,,1,01/09/2021,,,"
    assert staged_staff(tmp_path, row, "wstaf_role") == [stored]


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("Resignation", "RESIGNED"),
        ("1", "RESIGNED"),  # CSWW ReasonLeave 1
        ("retired", "RETIRED"),
        ("7", "MOVED_WITHIN_LA"),
        ("End of contract", "END_OF_CONTRACT"),
        ("CAREER_BREAK", "CAREER_BREAK"),
    ],
)
def test_leaving_reason_words(tmp_path: Path, written: str, stored: str) -> None:
    row = f"A1,E1,,,,T1,SW,N,,1,01/09/2021,31/03/2022,{written},"
    assert staged_staff(tmp_path, row, "wstaf_leaving_reason") == [stored]


@pytest.mark.parametrize("fte", ["1.6", "-0.1", "2", "37.5", "inf"])
def test_fte_out_of_range_is_held_back(tmp_path: Path, fte: str) -> None:
    got = stage_files(
        [(staff_file(tmp_path, [f"A1,E1,W1,,,T1,Social worker,N,,{fte},01/09/2021,,,"]), "staff")]
    )
    assert got.rows["ext_workforce_staff"] == [] and got.rows["ssd_professionals"] == []
    (p,) = got.staged.held
    assert (p.row, p.column, p.rule, p.value, p.table, p.key) == (
        2,
        "FTE",
        "fte-range",
        fte,
        "ext_workforce_staff",
        "A1",
    )
    assert "between 0 and 1.5" in p.reason and fte in p.reason


@pytest.mark.parametrize("fte", ["0", "1.5", "0.25"])
def test_fte_in_range(tmp_path: Path, fte: str) -> None:
    row = f"A1,E1,W1,,,T1,Social worker,N,,{fte},01/09/2021,,,"
    assert staged_staff(tmp_path, row, "wstaf_fte") == [float(fte)]


def test_later_assignment_sets_the_worker_record(tmp_path: Path) -> None:
    path = staff_file(
        tmp_path,
        [
            "A2,E1,W1,,,T2,Senior practitioner,N,,0.5,01/01/2021,,,Y",
            "A1,E1,W1,,,T1,Social worker,N,,1,01/01/2019,31/12/2020,,Y",
        ],
    )
    got = stage_files([(path, "staff")])
    assert [
        (r["prof_professional_department"], r["prof_full_time_equivalency"])
        for r in got.rows["ssd_professionals"]
    ] == [("T2", 0.5)]


# -- a faulty row is held back; a faulty file is refused ----------------------------------------

GOOD = staff_csv()

#: One faulty row among good ones: (file content, the held problems' (row, column, rule, value),
#: the words of the first reason, the assignments staged).
HELD = {
    "unparseable date": (
        staff_csv([STAFF_ROWS[0], STAFF_ROWS[1].replace("29/02/2020", "30/02/2020")]),
        [(3, "Start date", "value-date", "30/02/2020")],
        "'30/02/2020' is not a date: 30 February does not exist (expected dd/mm/yyyy or yyyy-mm-dd)",
        ["A1"],
    ),
    "two-digit year": (
        staff_csv([STAFF_ROWS[0], STAFF_ROWS[1].replace("29/02/2020", "05/05/19")]),
        [(3, "Start date", "value-date", "05/05/19")],
        "'05/05/19' is not a date: a two-digit year is ambiguous (expected dd/mm/yyyy, e.g. 05/05/2019)",
        ["A1"],
    ),
    "day the month lacks": (
        staff_csv([STAFF_ROWS[0], STAFF_ROWS[1].replace("29/02/2020", "31/02/2020")]),
        [(3, "Start date", "value-date", "31/02/2020")],
        "'31/02/2020' is not a date: 31 February does not exist (expected dd/mm/yyyy or yyyy-mm-dd)",
        ["A1"],
    ),
    "date out of range": (
        staff_csv([STAFF_ROWS[0], STAFF_ROWS[1].replace("29/02/2020", "01/01/1899")]),
        [(3, "Start date", "value-date", "01/01/1899")],
        "'01/01/1899' is out of range: only dates from 1900 to 2100 are accepted "
        "(expected dd/mm/yyyy or yyyy-mm-dd)",
        ["A1"],
    ),
    "conflicting duplicate key": (
        staff_csv([STAFF_ROWS[0], STAFF_ROWS[1], STAFF_ROWS[0].replace(",E1,W1,", ",E9,W9,")]),
        [(2, "Assignment ID", "key-conflict", "A1"), (4, "Assignment ID", "key-conflict", "A1")],
        "duplicate Assignment ID: same as row 4 with different values; neither is loaded",
        ["A2"],
    ),
    "wrong code": (
        staff_csv([STAFF_ROWS[0].replace("Social worker", "Wizard"), STAFF_ROWS[2]]),
        [(2, "Role", "value-code", "Wizard")],
        "'Wizard' is not a role",
        ["A3"],
    ),
    "required value missing": (
        staff_csv([STAFF_ROWS[0], STAFF_ROWS[1].replace(",T1,", ",,")]),
        [(3, "Team ID", "value-missing", None)],
        "value missing",
        ["A1"],
    ),
    "value too long": (
        staff_csv([STAFF_ROWS[0].replace("Alex Example", "A" * 1001), STAFF_ROWS[1]]),
        [(2, "Name", "value-too-long", "A" * 1001)],
        "longer than any real value (1,000 bytes)",
        ["A2"],
    ),
}


@pytest.mark.parametrize("case", list(HELD))
def test_a_faulty_row_is_held_back_with_its_rule(tmp_path: Path, case: str) -> None:
    content, held, reason, staged = HELD[case]
    path = tmp_path / "workforce_staff.csv"
    path.write_bytes(content)
    got = stage_files([(path, "staff")])
    assert [(p.row, p.column, p.rule, p.value) for p in got.staged.held] == held
    first = got.staged.held[0]
    assert reason in first.reason
    assert (first.file, first.table) == (str(path), "ext_workforce_staff")
    assert str(first).startswith(f"{path}, row {first.row}, column {first.column}: ")
    assert got.column("ext_workforce_staff", "wstaf_assignment_id") == staged
    assert got.staged.rows == {path: len(staged)}


REFUSED = {
    "missing column": (
        staff_csv(header=STAFF_HEADER.replace(",FTE,", ",Hours,")),
        1,
        "FTE",
        "column missing",
    ),
    "empty file": (b"", None, None, "file is empty"),
    "header only": (staff_csv([]), 2, None, "no records"),
    "truncated": (GOOD[: GOOD.index(b"PST2") + 2], 3, None, "truncated"),
    "wrong encoding": (
        staff_csv([STAFF_ROWS[0].replace("Alex", "Andr\u00e9")]).decode().encode("latin-1"),
        2,
        "Name",
        "UTF-8",
    ),
    "a column mostly wrong": (
        staff_csv(
            [
                f"A{i},E{i},W{i},,,T1,SW,N,N,{fte},01/09/2021,,,Y"
                for i, fte in enumerate(["37", "37", "1", "22.5", "37", "18.5", "1", "37"])
            ]
        ),
        None,
        "FTE",
        "6 of its 8 values are wrong (row 2: '37' is not a valid FTE",
    ),
}


@pytest.fixture(scope="module")
def good_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return store_holding(tmp_path_factory.mktemp("good"), "workforce_staff.csv", GOOD)


@pytest.mark.parametrize("case", list(REFUSED))
def test_a_faulty_file_is_refused_naming_file_row_column_and_leaves_store_unchanged(
    tmp_path: Path, good_store: Path, case: str
) -> None:
    content, row, column, reason = REFUSED[case]
    assert_refused_and_store_unchanged(
        tmp_path,
        good_store,
        "workforce_staff.csv",
        content,
        (row, column, reason),
        ("ext_workforce_staff", len(STAFF_ROWS)),
    )


def test_a_column_with_few_wrong_values_holds_them_back(tmp_path: Path) -> None:
    """Four bad FTEs of eight is below the refusal threshold (at least five, more than half)."""
    ftes = ["37", "37", "1", "1", "37", "1", "1", "37"]
    path = staff_file(
        tmp_path, [f"A{i},E{i},W{i},,,T1,SW,N,N,{f},01/09/2021,,,Y" for i, f in enumerate(ftes)]
    )
    got = stage_files([(path, "staff")])
    assert [(p.row, p.rule) for p in got.staged.held] == [(r, "fte-range") for r in (2, 3, 6, 9)]
    assert got.column("ext_workforce_staff", "wstaf_assignment_id") == ["A2", "A3", "A5", "A6"]


def test_empty_unnamed_file_is_not_claimed(tmp_path: Path) -> None:
    path = tmp_path / "anything.csv"
    path.write_bytes(b"")
    with pytest.raises(LoadError):
        ingest([path], tmp_path / "store.duckdb")
    with pytest.raises(ReaderError, match="file is empty"):
        stage_one(path, "staff")


def test_many_problems_held_back_together(tmp_path: Path) -> None:
    path = staff_file(
        tmp_path,
        [
            "A1,E1,W1,,,T1,Wizard,maybe,Y,1.6,31/02/2021,,Resigned,Y",
            "A2,E2,W2,,,,SW,N,N,1,2021-01-01,2020-12-31,,Y",
            "A1,E3,W1,,,T1,SW,N,N,1,01/01/2021,,,Y",
            "A4,E4,W4,,,T1,SW,N,N,1,01/01/2021,,,Y",
        ],
    )
    got = stage_files([(path, "staff")])
    assert [(p.row, p.column, p.rule) for p in got.staged.held] == [
        (2, "Assignment ID", "key-conflict"),  # A1 again in row 4
        (2, "Worker ID", "key-conflict"),  # W1 is E3's in row 4
        (2, "Role", "value-code"),
        (2, "Agency (Y/N)", "value-code"),
        (2, "FTE", "fte-range"),
        (2, "Start date", "value-date"),
        (2, "Leaving reason", "workforce-leaving-no-end"),  # a leaving reason without an end date
        (3, "Team ID", "value-missing"),
        (3, "End date", "date-order"),  # before the start
        (4, "Assignment ID", "key-conflict"),
        (4, "Worker ID", "key-conflict"),
    ]
    assert got.column("ext_workforce_staff", "wstaf_assignment_id") == ["A4"]
    assert got.staged.notes == []


def test_files_refused_together_and_files_with_held_rows_reported_together(
    tmp_path: Path,
) -> None:
    staff = staff_file(tmp_path, [STAFF_ROWS[0].replace("01/09/2021", "2021-13-01")])
    audits = tmp_path / "audits.csv"
    audits.write_bytes(b"Audit ID,Person ID,Audit date,Grade\nAU1,P0000001,01/02/2021,Brilliant\n")
    got = stage_files([(staff, "staff"), (audits, "case_audits")])
    assert got.held() == [
        ("staff.csv", 2, "Start date", "value-date", "2021-13-01"),
        ("audits.csv", 2, "Grade", "value-code", "Brilliant"),
    ]
    assert got.rows == {
        "ext_workforce_staff": [],
        "ssd_professionals": [],
        "ext_case_audits": [],
    }
    no_fte = tmp_path / "no_fte.csv"
    no_fte.write_bytes(staff_csv(header=STAFF_HEADER.replace(",FTE,", ",Hours,")))
    blank = tmp_path / "blank.csv"
    blank.write_bytes(b"Audit ID,Person ID,Audit date,Grade\n")
    with pytest.raises(ReaderError) as e:
        stage_files([(no_fte, "staff"), (audits, "case_audits"), (blank, "case_audits")])
    assert [(Path(p.file).name, p.row, p.column) for p in e.value.problems] == [
        ("no_fte.csv", 1, "FTE"),
        ("blank.csv", 2, None),
    ]


def test_recognised_by_header_not_name(tmp_path: Path) -> None:
    cases = {
        "a.csv": (b"Team ID,Team name\nT1,Team one\n", "teams"),
        "b.csv": (b"Post ID,Team ID,Role,FTE,Start date\nP1,T1,SW,1,01/01/2020\n", "posts"),
        "c.csv": (b"staff id,supervision date\nE1,01/01/2020\n", "staff_supervision"),
        "d.csv": (b"Child ID,Supervision Date\nP0000001,01/01/2020\n", "case_supervision"),
        "e.csv": (b"Person ID,Audit date,Grade\nP0000001,01/01/2020,Good\n", "case_audits"),
        "f.csv": (staff_csv(), "staff"),
    }
    for name, (content, kind) in cases.items():
        path = tmp_path / name
        path.write_bytes(content)
        assert registry.recognise(path) == ("workforce", kind), name
    other = tmp_path / "other.csv"
    other.write_bytes(b"Staff ID,Favourite colour\nE1,blue\n")
    assert workforce.recognise(other) is None


# -- mangled files ------------------------------------------------------------------------------

SEEDS = {
    "staff": GOOD,
    "case_audits": (TEMPLATES / "workforce_case_audits.example.csv").read_bytes(),
    "posts": (TEMPLATES / "workforce_posts.example.csv").read_bytes(),
}


@st.composite
def mangled(draw: st.DrawFn) -> tuple[str, bytes]:
    kind = draw(st.sampled_from(sorted(SEEDS)))
    data = bytearray(SEEDS[kind])
    how = draw(st.sampled_from(["flip", "truncate", "insert", "delete", "random"]))
    if how == "flip":
        for i in draw(st.lists(st.integers(0, len(data) - 1), min_size=1, max_size=8)):
            data[i] = draw(st.integers(0, 255))
    elif how == "truncate":
        data = data[: draw(st.integers(0, len(data)))]
    elif how == "insert":
        i = draw(st.integers(0, len(data)))
        data[i:i] = draw(st.binary(min_size=1, max_size=20) | st.text(max_size=20).map(str.encode))
    elif how == "delete":
        i = draw(st.integers(0, len(data) - 1))
        del data[i : i + draw(st.integers(1, 30))]
    else:
        data = bytearray(draw(st.binary(max_size=300) | st.text(max_size=300).map(str.encode)))
    return kind, bytes(data)


def assert_accounted_for(path: Path, got: Result, kind: str) -> None:
    """Each record of a file read is staged, held back or noted as a copy, never two of these;
    every problem names the file, a row, and a documented rule."""
    known = rules.all_rules()
    assert all(
        p.file == str(path) and p.row and p.rule in known
        for p in [*got.staged.held, *got.staged.notes]
    )
    assert got.staged.scopes == {path: f"{workforce.FORMAT}:{kind}"}
    held_rows = {p.row for p in got.staged.held}
    noted_rows = {p.row for p in got.staged.notes}
    assert not held_rows & noted_rows
    lines = path.read_bytes().count(b"\n") + 1
    assert got.staged.rows[path] + len(held_rows) + len(noted_rows) <= lines - 1
    assert len(got.rows[workforce.TEMPLATES[kind].table]) == got.staged.rows[path]


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(case=mangled())
def test_mangled_files_are_refused_or_accounted_for(
    tmp_path: Path, case: tuple[str, bytes]
) -> None:
    kind, content = case
    path = tmp_path / "mangled.csv"
    path.write_bytes(content)
    workforce.recognise(path)  # never raises
    try:
        got = stage_files([(path, kind)])
    except ReaderError as e:
        assert e.problems and all(p.file == str(path) for p in e.problems)
        return
    assert_accounted_for(path, got, kind)


def test_dates_day_first_and_iso_agree(tmp_path: Path) -> None:
    path = tmp_path / "sup.csv"
    path.write_bytes(
        b"Staff ID,Supervision date\nE1,29/02/2020\nE2,2020-02-29\nE3,1/3/2020\nE4,31/12/2020 00:00\n"
    )
    got = stage_files([(path, "staff_supervision")])
    assert sorted(
        (r["ssup_supervision_id"], r["ssup_supervision_date"])
        for r in got.rows["ext_staff_supervision"]
    ) == [
        ("E1-20200229", date(2020, 2, 29)),
        ("E2-20200229", date(2020, 2, 29)),
        ("E3-20200301", date(2020, 3, 1)),
        ("E4-20201231", date(2020, 12, 31)),
    ]


def test_staff_file_with_staff_id_misspelt_is_read_as_staff_not_posts(tmp_path: Path) -> None:
    path = tmp_path / "hr export.csv"
    path.write_bytes(staff_csv(header=STAFF_HEADER.replace("Staff ID", "Employee no")))
    assert registry.recognise(path) == ("workforce", "staff")
    with pytest.raises(ReaderError) as e:
        stage_one(path, "staff")
    assert [(p.row, p.column, p.reason) for p in e.value.problems] == [
        (1, "Staff ID", "column missing from the header")
    ]
