"""The early-help template: round trip, closure rules, friendly words, bad input, mangled files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csc_insight.errors import LoadError, ReaderError
from csc_insight.formats import early_help, registry
from csc_insight.formats.base import SourceFile
from csc_insight.store import db
from csc_insight.store.load import ingest
from tests.formats.bad_input import assert_refused_and_store_unchanged, store_holding

EXAMPLE = Path(early_help.__file__).parent / "templates" / "early_help_episodes.example.csv"

HEADER = (
    "Episode ID,Person ID,Start date,End date,Reason for early help,Closure reason,"
    "Closure notes,Organisation,Lead worker ID"
)
ROWS = [
    "EH1,P0000001,29/02/2020,31/12/2020,Parenting,Family disengaged,Stopped attending,EH North,W1",
    ",P0000002,2021-01-01,,School attendance,,,EH North,W2",
    "EH3,P0000003,01/03/2021,01/03/2021,Domestic abuse,Stepped up to CSC,,EH South,",
]


def eh_csv(rows: list[str] | None = None, header: str = HEADER) -> bytes:
    return ("\n".join([header, *(ROWS if rows is None else rows)]) + "\n").encode()


GOOD = eh_csv()


def canonical() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    db.create_schema(con)
    con.execute(
        """INSERT INTO ssd_early_help_episodes VALUES
            ('EH1', 'P0000001', DATE '2020-02-29', DATE '2020-12-31', 'Parenting', 'Stopped, "mostly"', 'EH North', 'W1'),
            ('P0000002-20210101', 'P0000002', DATE '2021-01-01', NULL, NULL, NULL, NULL, NULL),
            ('EH3', 'P0000003', DATE '2021-03-31', DATE '2021-03-31', 'Domestic abuse', NULL, 'EH South', 'W2'),
            ('EH4', 'P0000003', DATE '2019-12-31', DATE '2020-01-31', NULL, NULL, NULL, NULL),
            ('EH5', 'P0000004', DATE '2020-04-01', DATE '2021-02-28', 'Housing', NULL, 'EH North', 'W1'),
            ('EH6', 'P0000005', DATE '2020-06-30', DATE '2020-07-31', NULL, NULL, NULL, NULL),
            ('EH7', 'P0000006', DATE '2020-06-30', DATE '2020-09-30', NULL, NULL, NULL, NULL),
            ('EH8', 'P0000007', DATE '2020-06-30', DATE '2020-10-31', NULL, NULL, NULL, NULL)"""
    )
    con.execute(
        """INSERT INTO ext_early_help_closures VALUES
            ('EH1', 'P0000001', DATE '2020-12-31', 'DISENGAGED'),
            ('EH3', 'P0000003', DATE '2021-03-31', 'STEP_UP_CSC'),
            ('EH4', 'P0000003', DATE '2020-01-31', 'OUTCOMES_MET'),
            ('EH5', 'P0000004', DATE '2021-02-28', 'STEP_DOWN_UNIVERSAL'),
            ('EH6', 'P0000005', DATE '2020-07-31', 'MOVED_AWAY'),
            ('EH7', 'P0000006', DATE '2020-09-30', 'DECLINED'),
            ('EH8', 'P0000007', DATE '2020-10-31', 'OTHER')"""
    )
    return con


def rows(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple]:
    return con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()


_CON: list[duckdb.DuckDBPyConnection] = []


def stage_one(path: Path) -> dict[str, list[tuple]]:
    """Stage one file on a shared in-memory database, rolled back after: staged rows per table."""
    if not _CON:
        _CON.append(duckdb.connect())
        db.create_schema(_CON[0])
    con = _CON[0]
    con.execute("BEGIN TRANSACTION")
    try:
        staged = early_help.stage(con, [SourceFile(path, early_help.FORMAT, "episodes")])
        return {
            table: [r for t in temps for r in con.execute(f"SELECT * FROM {t}").fetchall()]
            for table, temps in staged.tables.items()
        }
    finally:
        con.execute("ROLLBACK")


def stage_rows(tmp_path: Path, lines: list[str]) -> dict[str, list[tuple]]:
    path = tmp_path / "eh.csv"
    path.write_bytes(eh_csv(lines))
    return stage_one(path)


# -- round trip ---------------------------------------------------------------------------------


def test_round_trip(tmp_path: Path) -> None:
    src = canonical()
    written = early_help.write(src, tmp_path / "out")
    assert [p.name for p in written] == ["early_help_episodes.csv"]
    assert registry.recognise(written[0]) == ("early_help", "episodes")
    store = tmp_path / "store.duckdb"
    ingest(written, store)
    con = db.connect(store, read_only=True)
    try:
        for table in ("ssd_early_help_episodes", "ext_early_help_closures"):
            assert rows(con, table) == rows(src, table), table
    finally:
        con.close()


def test_writer_gives_an_ended_episode_without_closure_reason_other(tmp_path: Path) -> None:
    con = duckdb.connect()
    db.create_schema(con)
    con.execute(
        """INSERT INTO ssd_early_help_episodes VALUES
            ('EH1', 'P0000001', DATE '2020-01-01', DATE '2020-02-01', NULL, NULL, NULL, NULL)"""
    )
    (path,) = early_help.write(con, tmp_path)
    assert stage_one(path)["ext_early_help_closures"] == [
        ("EH1", "P0000001", date(2020, 2, 1), "OTHER")
    ]
    empty = duckdb.connect()
    db.create_schema(empty)
    assert early_help.write(empty, tmp_path / "none") == []


# -- friendly words and closure rules -----------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Family disengaged", "DISENGAGED"),
        ("disengaged", "DISENGAGED"),
        ("Stepped up to CSC", "STEP_UP_CSC"),
        ("Stepped up to children's social care", "STEP_UP_CSC"),
        ("step_up_csc", "STEP_UP_CSC"),
        ("Stepped down to universal services", "STEP_DOWN_UNIVERSAL"),
        ("Outcomes met", "OUTCOMES_MET"),
        ("MOVED AWAY", "MOVED_AWAY"),
        ("Consent withdrawn", "DECLINED"),
        ("Other", "OTHER"),
    ],
)
def test_friendly_closure_words_map_to_codes(tmp_path: Path, written: str, code: str) -> None:
    staged = stage_rows(tmp_path, [f"EH1,P0000001,01/01/2021,31/03/2021,,{written},,,"])
    assert staged["ext_early_help_closures"] == [("EH1", "P0000001", date(2021, 3, 31), code)]


def test_episode_id_derived_when_blank(tmp_path: Path) -> None:
    staged = stage_rows(tmp_path, [",P0000001,29/02/2020,,,,,,", "EH2,P0000001,01/03/2020,,,,,,"])
    ids = sorted(r[0] for r in staged["ssd_early_help_episodes"])
    assert ids == ["EH2", "P0000001-20200229"]
    assert staged["ext_early_help_closures"] == []


def test_end_date_and_closure_reason_go_together(tmp_path: Path) -> None:
    with pytest.raises(ReaderError) as e:
        stage_rows(
            tmp_path,
            [
                "EH1,P0000001,01/01/2021,31/03/2021,,,,,",
                "EH2,P0000002,01/01/2021,,,Family disengaged,,,",
                "EH3,P0000003,01/01/2021,31/03/2021,,Outcomes met,,,",
            ],
        )
    got = [(p.row, p.column, p.reason) for p in e.value.problems]
    assert got == [
        (2, "Closure reason", "the episode has an end date but no closure reason"),
        (3, "End date", "a closure reason is given but no end date"),
    ]


def test_end_before_start(tmp_path: Path) -> None:
    with pytest.raises(ReaderError) as e:
        stage_rows(tmp_path, ["EH1,P0000001,01/04/2021,31/03/2021,,Outcomes met,,,"])
    (p,) = e.value.problems
    assert (p.row, p.column, p.reason) == (2, "End date", "the end date is before the start date")


def test_example_file_loads(tmp_path: Path) -> None:
    staged = stage_one(EXAMPLE)
    assert sorted(r[3] for r in staged["ext_early_help_closures"]) == [
        "DISENGAGED",
        "OUTCOMES_MET",
        "STEP_UP_CSC",
    ]
    assert len(staged["ssd_early_help_episodes"]) == 4


# -- bad input ---------------------------------------------------------------------------------

BAD_INPUTS = {
    "missing column": (
        eh_csv(header=HEADER.replace("Person ID", "Client")),
        1,
        "Person ID",
        "column missing",
    ),
    "unparseable date": (
        eh_csv([ROWS[0], ROWS[1].replace("2021-01-01", "2021-01-32")]),
        3,
        "Start date",
        "'2021-01-32' is not a date: 32 January does not exist (expected dd/mm/yyyy or yyyy-mm-dd)",
    ),
    "two-digit year": (
        eh_csv([ROWS[0], ROWS[1].replace("2021-01-01", "05/05/19")]),
        3,
        "Start date",
        "'05/05/19' is not a date: a two-digit year is ambiguous (expected dd/mm/yyyy, e.g. 05/05/2019)",
    ),
    "day the month lacks": (
        eh_csv([ROWS[0], ROWS[1].replace("2021-01-01", "31/02/2020")]),
        3,
        "Start date",
        "'31/02/2020' is not a date: 31 February does not exist (expected dd/mm/yyyy or yyyy-mm-dd)",
    ),
    "duplicate key": (
        eh_csv([*ROWS, ROWS[2].replace("P0000003", "P0000009")]),
        5,
        "Episode ID",
        "duplicate Episode ID: same as row 4",
    ),
    "duplicate derived key": (
        eh_csv([*ROWS, ROWS[1]]),
        5,
        "Episode ID",
        "same Person ID and Start date as row 3",
    ),
    "wrong code": (
        eh_csv([ROWS[0].replace("Family disengaged", "Went fishing")]),
        2,
        "Closure reason",
        "'Went fishing' is not a closure reason",
    ),
    "empty file": (b"", None, None, "file is empty"),
    "header only": (eh_csv([]), 2, None, "no records"),
    "truncated": (GOOD[: GOOD.index(b"School") + 3], 3, None, "truncated"),
    "wrong encoding": (
        eh_csv([ROWS[0].replace("Parenting", "Caf\u00e9 group")]).decode().encode("cp1252"),
        2,
        "Reason for early help",
        "UTF-8",
    ),
}


@pytest.fixture(scope="module")
def good_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return store_holding(tmp_path_factory.mktemp("good"), "early_help_episodes.csv", GOOD)


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_names_file_row_column_and_leaves_store_unchanged(
    tmp_path: Path, good_store: Path, case: str
) -> None:
    content, row, column, reason = BAD_INPUTS[case]
    assert_refused_and_store_unchanged(
        tmp_path,
        good_store,
        "early_help_episodes.csv",
        content,
        (row, column, reason),
        ("ssd_early_help_episodes", len(ROWS)),
    )


def test_empty_unnamed_file_is_not_claimed(tmp_path: Path) -> None:
    path = tmp_path / "anything.csv"
    path.write_bytes(b"")
    assert early_help.recognise(path) is None
    with pytest.raises(LoadError):
        ingest([path], tmp_path / "store.duckdb")


def test_many_problems_reported_together(tmp_path: Path) -> None:
    with pytest.raises(ReaderError) as e:
        stage_rows(
            tmp_path,
            [
                "EH1,,31/02/2021,,,,,,",
                "EH2,P0000002,01/01/2021,2020-12-31,,Lost,,,",
                "EH2,P0000003,2021-01-01,,,,,,",
            ],
        )
    got = [(p.row, p.column) for p in e.value.problems]
    assert got == [
        (2, "Person ID"),  # missing
        (2, "Start date"),  # not a date
        (3, "End date"),  # before the start
        (3, "Closure reason"),  # not a code
        (4, "Episode ID"),  # duplicate
    ]


def test_recognised_by_header_not_name(tmp_path: Path) -> None:
    path = tmp_path / "export 2021.csv"
    path.write_bytes(b"child id,START DATE,End Date,Closure Reason\nP0000001,01/01/2021,,\n")
    assert registry.recognise(path) == ("early_help", "episodes")
    assert stage_one(path)["ssd_early_help_episodes"][0][:3] == (
        "P0000001-20210101",
        "P0000001",
        date(2021, 1, 1),
    )


# -- mangled files ------------------------------------------------------------------------------


@st.composite
def mangled(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from([GOOD, EXAMPLE.read_bytes()])))
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
    return bytes(data)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(content=mangled())
def test_mangled_files_raise_only_reader_errors(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "mangled.csv"
    path.write_bytes(content)
    early_help.recognise(path)  # never raises
    try:
        stage_one(path)
    except ReaderError as e:
        assert e.problems and all(p.file == str(path) for p in e.problems)
