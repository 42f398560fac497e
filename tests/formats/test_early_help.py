"""The early-help template: round trip, closure rules, friendly words, bad input, mangled files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csc_insight.errors import LoadError, ReaderError
from csc_insight.formats import early_help, registry, rules
from csc_insight.store import db
from csc_insight.store.load import ingest
from tests.formats.bad_input import assert_refused_and_store_unchanged, store_holding
from tests.formats.test_workforce import Result, stage_files

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


def stage_eh(path: Path) -> Result:
    """Stage one early-help file (rolled back after)."""
    return stage_files([(path, "episodes")], early_help)


def stage_one(path: Path) -> dict[str, list[tuple]]:
    """The staged rows per table of one file that holds nothing back."""
    got = stage_eh(path)
    assert got.staged.held == []
    return {t: [tuple(r.values()) for r in rs] for t, rs in got.rows.items()}


def stage_rows(tmp_path: Path, lines: list[str]) -> dict[str, list[tuple]]:
    path = tmp_path / "eh.csv"
    path.write_bytes(eh_csv(lines))
    return stage_one(path)


def held_rows(tmp_path: Path, lines: list[str]) -> Result:
    path = tmp_path / "eh.csv"
    path.write_bytes(eh_csv(lines))
    return stage_eh(path)


# -- round trip ---------------------------------------------------------------------------------


def test_round_trip(tmp_path: Path) -> None:
    """Written and read back, the template gives the same rows (its columns declared once)."""
    src = canonical()
    written = early_help.write(src, tmp_path / "out")
    assert [p.name for p in written] == ["early_help_episodes.csv"]
    assert registry.recognise(written[0]) == ("early_help", "episodes")
    got = stage_eh(written[0])
    assert got.staged.held == [] and got.staged.notes == []
    assert got.staged.scopes == {written[0]: "early_help:episodes"}
    for table in ("ssd_early_help_episodes", "ext_early_help_closures"):
        assert sorted(tuple(r.values()) for r in got.rows[table]) == rows(src, table), table


def test_round_trip_through_the_store(tmp_path: Path) -> None:
    src = canonical()
    written = early_help.write(src, tmp_path / "out")
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
    got = held_rows(
        tmp_path,
        [
            "EH1,P0000001,01/01/2021,31/03/2021,,,,,",
            "EH2,P0000002,01/01/2021,,,Family disengaged,,,",
            "EH3,P0000003,01/01/2021,31/03/2021,,Outcomes met,,,",
        ],
    )
    assert [(p.row, p.column, p.rule, p.value, p.reason) for p in got.staged.held] == [
        (
            2,
            "Closure reason",
            "eh-end-without-closure",
            None,
            "the episode has an end date but no closure reason",
        ),
        (
            3,
            "End date",
            "eh-closure-without-end",
            None,
            "a closure reason is given but no end date",
        ),
    ]
    assert got.column("ssd_early_help_episodes", "earl_episode_id") == ["EH3"]
    assert got.column("ext_early_help_closures", "ehcl_episode_id") == ["EH3"]


def test_end_before_start(tmp_path: Path) -> None:
    got = held_rows(tmp_path, ["EH1,P0000001,01/04/2021,31/03/2021,,Outcomes met,,,"])
    (p,) = got.staged.held
    assert (p.row, p.column, p.reason, p.rule, p.value, p.table, p.key) == (
        2,
        "End date",
        "the end date is before the start date",
        "date-order",
        "31/03/2021",
        "ssd_early_help_episodes",
        "EH1",
    )
    assert got.rows == {"ssd_early_help_episodes": [], "ext_early_help_closures": []}


def test_example_file_loads(tmp_path: Path) -> None:
    staged = stage_one(EXAMPLE)
    assert sorted(r[3] for r in staged["ext_early_help_closures"]) == [
        "DISENGAGED",
        "OUTCOMES_MET",
        "STEP_UP_CSC",
    ]
    assert len(staged["ssd_early_help_episodes"]) == 4


# -- a faulty row is held back; a faulty file is refused ----------------------------------------

#: (content, the held problems' (row, column, rule, value), words of the first reason, the
#: episodes staged).
HELD = {
    "unparseable date": (
        eh_csv([ROWS[0], ROWS[1].replace("2021-01-01", "2021-01-32")]),
        [(3, "Start date", "value-date", "2021-01-32")],
        "'2021-01-32' is not a date: 32 January does not exist (expected dd/mm/yyyy or yyyy-mm-dd)",
        ["EH1"],
    ),
    "two-digit year": (
        eh_csv([ROWS[0], ROWS[1].replace("2021-01-01", "05/05/19")]),
        [(3, "Start date", "value-date", "05/05/19")],
        "'05/05/19' is not a date: a two-digit year is ambiguous (expected dd/mm/yyyy, e.g. 05/05/2019)",
        ["EH1"],
    ),
    "day the month lacks": (
        eh_csv([ROWS[0], ROWS[1].replace("2021-01-01", "31/02/2020")]),
        [(3, "Start date", "value-date", "31/02/2020")],
        "'31/02/2020' is not a date: 31 February does not exist (expected dd/mm/yyyy or yyyy-mm-dd)",
        ["EH1"],
    ),
    "conflicting duplicate key": (
        eh_csv([*ROWS, ROWS[2].replace("P0000003", "P0000009")]),
        [(4, "Episode ID", "key-conflict", "EH3"), (5, "Episode ID", "key-conflict", "EH3")],
        "duplicate Episode ID: same as row 5 with different values; neither is loaded",
        ["EH1", "P0000002-20210101"],
    ),
    "conflicting derived key": (
        eh_csv([*ROWS, ROWS[1].replace("School attendance", "Housing")]),
        [(3, "Episode ID", "key-conflict", None), (5, "Episode ID", "key-conflict", None)],
        "same Person ID and Start date as row 5, and no Episode ID to tell them apart; "
        "neither is loaded",
        ["EH1", "EH3"],
    ),
    "wrong code": (
        eh_csv([ROWS[0].replace("Family disengaged", "Went fishing"), ROWS[1]]),
        [(2, "Closure reason", "value-code", "Went fishing")],
        "'Went fishing' is not a closure reason",
        ["P0000002-20210101"],
    ),
    "required value missing": (
        eh_csv([ROWS[0].replace("P0000001", ""), ROWS[1]]),
        [(2, "Person ID", "value-missing", None)],
        "value missing",
        ["P0000002-20210101"],
    ),
    "value too long": (
        eh_csv([ROWS[0].replace("Parenting", "P" * 1001), ROWS[1]]),
        [(2, "Reason for early help", "value-too-long", "P" * 1001)],
        "longer than any real value (1,000 bytes)",
        ["P0000002-20210101"],
    ),
}


@pytest.mark.parametrize("case", list(HELD))
def test_a_faulty_row_is_held_back_with_its_rule(tmp_path: Path, case: str) -> None:
    content, held, reason, staged = HELD[case]
    path = tmp_path / "early_help_episodes.csv"
    path.write_bytes(content)
    got = stage_eh(path)
    assert [(p.row, p.column, p.rule, p.value) for p in got.staged.held] == held
    first = got.staged.held[0]
    assert reason in first.reason
    assert (first.file, first.table) == (str(path), "ssd_early_help_episodes")
    assert got.column("ssd_early_help_episodes", "earl_episode_id") == staged
    assert got.staged.rows == {path: len(staged)}


def test_an_exact_copy_is_loaded_once_and_noted(tmp_path: Path) -> None:
    got = held_rows(tmp_path, [*ROWS, ROWS[1]])
    assert got.staged.held == []
    assert [(p.row, p.rule, p.reason) for p in got.staged.notes] == [
        (5, "row-duplicate", "the same record as row 3: loaded once")
    ]
    assert got.column("ssd_early_help_episodes", "earl_episode_id") == [
        "EH1",
        "EH3",
        "P0000002-20210101",
    ]


REFUSED = {
    "missing column": (
        eh_csv(header=HEADER.replace("Person ID", "Client")),
        1,
        "Person ID",
        "column missing",
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
    "US dates": (
        eh_csv([f"EH{i},P000000{i},12/{13 + i}/2020,,,,,," for i in range(6)]),
        None,
        "Start date",
        "6 of its 6 values are wrong",
    ),
}


@pytest.fixture(scope="module")
def good_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return store_holding(tmp_path_factory.mktemp("good"), "early_help_episodes.csv", GOOD)


@pytest.mark.parametrize("case", list(REFUSED))
def test_a_faulty_file_is_refused_naming_file_row_column_and_leaves_store_unchanged(
    tmp_path: Path, good_store: Path, case: str
) -> None:
    content, row, column, reason = REFUSED[case]
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


def test_many_problems_held_back_together(tmp_path: Path) -> None:
    got = held_rows(
        tmp_path,
        [
            "EH1,,31/02/2021,,,,,,",
            "EH2,P0000002,01/01/2021,2020-12-31,,Lost,,,",
            "EH2,P0000003,2021-01-01,,,,,,",
            "EH4,P0000004,2021-01-01,,,,,,",
        ],
    )
    assert [(p.row, p.column, p.rule) for p in got.staged.held] == [
        (2, "Person ID", "value-missing"),
        (2, "Start date", "value-date"),
        (3, "Episode ID", "key-conflict"),  # EH2 again in row 4
        (3, "End date", "date-order"),  # before the start
        (3, "Closure reason", "value-code"),
        (4, "Episode ID", "key-conflict"),
    ]
    assert got.column("ssd_early_help_episodes", "earl_episode_id") == ["EH4"]


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
def test_mangled_files_are_refused_or_accounted_for(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "mangled.csv"
    path.write_bytes(content)
    early_help.recognise(path)  # never raises
    try:
        got = stage_eh(path)
    except ReaderError as e:
        assert e.problems and all(p.file == str(path) for p in e.problems)
        return
    known = rules.all_rules()
    problems = [*got.staged.held, *got.staged.notes]
    assert all(p.file == str(path) and p.row and p.rule in known for p in problems)
    held, noted = {p.row for p in got.staged.held}, {p.row for p in got.staged.notes}
    assert not held & noted
    assert got.staged.rows[path] + len(held) + len(noted) <= content.count(b"\n")
    assert len(got.rows["ssd_early_help_episodes"]) == got.staged.rows[path]
    # A closure only for an episode staged, with its end date.
    episodes = {r["earl_episode_id"]: r for r in got.rows["ssd_early_help_episodes"]}
    for c in got.rows["ext_early_help_closures"]:
        assert episodes[c["ehcl_episode_id"]]["earl_episode_end_date"] == c["ehcl_closure_date"]
