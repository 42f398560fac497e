"""Loading: one transaction, all files or none; the same files twice change nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from csc_insight.errors import LoadError, ReaderError
from csc_insight.store import db
from csc_insight.store.checksum import store_checksums
from csc_insight.store.load import ingest
from tests.conftest import write_ssd_table


def rows(store: Path, sql: str) -> list[tuple]:
    con = db.connect(store, read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_ssd_extract_loads(tmp_path: Path, ssd_extract: Callable[..., Path]) -> None:
    store = tmp_path / "store.duckdb"
    report = ingest([ssd_extract()], store, user="analyst")
    assert report.load_id == 1
    assert report.rows_read == 4
    assert (
        rows(store, "SELECT pers_person_id, pers_dob FROM ssd_person ORDER BY 1")[1][1].isoformat()
        == "2012-02-29"
    )
    assert rows(store, "SELECT load_user, load_files, load_rows FROM loads") == [("analyst", 2, 4)]
    files = rows(
        store,
        "SELECT file_format, file_kind, file_rows, length(file_sha256) FROM load_files ORDER BY 2",
    )
    assert files == [("ssd", "ssd_cin_episodes", 2, 64), ("ssd", "ssd_person", 2, 64)]


def test_same_files_twice_change_nothing(tmp_path: Path, ssd_extract: Callable[..., Path]) -> None:
    store = tmp_path / "store.duckdb"
    folder = ssd_extract()
    ingest([folder], store)
    before = store_checksums(store)
    again = ingest([folder], store)
    assert again.already_loaded
    assert store_checksums(store) == before


def test_same_rows_in_new_files_change_no_data(
    tmp_path: Path, ssd_extract: Callable[..., Path]
) -> None:
    """A re-extract with identical rows (new file bytes: other column order) leaves the data as it was."""
    store = tmp_path / "store.duckdb"
    ingest([ssd_extract()], store)
    before = store_checksums(store)
    other = tmp_path / "reordered"
    other.mkdir()
    lines = (tmp_path / "extract" / "ssd_person.csv").read_text().splitlines()
    header = lines[0].split(",")
    order = list(reversed(range(len(header))))
    (other / "ssd_person.csv").write_text(
        "\n".join(",".join(line.split(",")[i] for i in order) for line in lines) + "\n"
    )
    ingest([other], store)
    after = store_checksums(store)
    assert {k: v for k, v in after.items() if not k.startswith("load")} == {
        k: v for k, v in before.items() if not k.startswith("load")
    }


def test_snapshot_replaces_the_table(tmp_path: Path, ssd_extract: Callable[..., Path]) -> None:
    store = tmp_path / "store.duckdb"
    ingest([ssd_extract("first", extra_person=True)], store)
    ingest([ssd_extract("second")], store)
    assert rows(store, "SELECT count(*) FROM ssd_person") == [(2,)]
    assert rows(store, "SELECT count(*) FROM loads") == [(2,)]


def test_one_bad_file_loads_nothing(tmp_path: Path, ssd_extract: Callable[..., Path]) -> None:
    """A file that cannot be read as its format (its key column missing) refuses the load."""
    store = tmp_path / "store.duckdb"
    ingest([ssd_extract("first")], store)
    before = store_checksums(store)
    folder = ssd_extract("second", extra_person=True)
    (folder / "ssd_cp_plans.csv").write_text(
        "cppl_person_id,cppl_cp_plan_start_date\nP1,2021-02-03\n"
    )
    with pytest.raises(ReaderError) as e:
        ingest([folder], store)
    assert (e.value.problems[0].row, e.value.problems[0].column) == (1, "cppl_cp_plan_id")
    assert store_checksums(store) == before


def test_one_bad_record_is_held_back_and_the_rest_loads(
    tmp_path: Path, ssd_extract: Callable[..., Path]
) -> None:
    store = tmp_path / "store.duckdb"
    ingest([ssd_extract("first")], store)
    before = store_checksums(store)
    folder = ssd_extract("second", extra_person=True)
    write_ssd_table(
        folder,
        "ssd_cp_plans",
        [
            {
                "cppl_cp_plan_id": "X",
                "cppl_person_id": "P0000001",
                "cppl_cp_plan_start_date": "2021-02-30",
            },
            {
                "cppl_cp_plan_id": "Y",
                "cppl_person_id": "P0000001",
                "cppl_cp_plan_start_date": "2021-02-03",
            },
        ],
    )
    # --strict: refused, naming the record, and the store is as it was.
    with pytest.raises(ReaderError) as e:
        ingest([folder], store, strict=True)
    assert (e.value.problems[0].row, e.value.problems[0].column) == (2, "cppl_cp_plan_start_date")
    assert store_checksums(store) == before
    # Otherwise: the load lands without plan X, which is listed with its rule.
    report = ingest([folder], store)
    assert rows(store, "SELECT cppl_cp_plan_id FROM ssd_cp_plans") == [("Y",)]
    assert rows(store, "SELECT count(*) FROM ssd_person") == [(3,)]
    assert [(p.row, p.column, p.rule, p.value, p.key) for p in report.held] == [
        (2, "cppl_cp_plan_start_date", "value-date", "2021-02-30", "X")
    ]
    assert rows(
        store,
        "SELECT load_id, problem_row, problem_rule, problem_table, problem_held FROM load_problems",
    ) == [(2, 2, "value-date", "ssd_cp_plans", True)]


@pytest.mark.parametrize(
    ("content", "row", "column", "reason"),
    [
        (b"pers_sex,pers_dob\nM,2020-01-01\n", 1, "pers_person_id", "column missing"),
        (b"pers_person_id,pers_dob\nP1,2020-13-01\n", 2, "pers_dob", "not a date"),
        (
            b"pers_person_id,pers_dob\nP1,2020-01-01\nP1,2020-01-02\n",
            2,
            "pers_person_id",
            "duplicate key",
        ),
        (b"pers_person_id,pers_sex\nP1,X\n", 2, "pers_sex", "not a valid code"),
        (
            b"pers_person_id,pers_sex,pers_dob\nP1,M,2020-01-01\nP2,F\n",
            3,
            "pers_dob",
            "too few values",
        ),
        # An unquoted comma in a value, and the row's last value empty: DuckDB would take the
        # row with its values shifted one column.
        (
            b"pers_person_id,pers_sex,pers_nationality,pers_dob\nP1,M,British,2020-01-01\n"
            b"P2,F,Brit,ish,\n",
            3,
            None,
            "too many values in this row (a comma inside a value not in quotes?)",
        ),
        (b"pers_person_id,pers_sex\nP1,M\nP\xe92,F\n", 3, "pers_person_id", "not UTF-8"),
        (b"", None, None, "empty"),
    ],
)
def test_bad_input_names_file_row_column(
    tmp_path: Path,
    ssd_extract: Callable[..., Path],
    content: bytes,
    row: int | None,
    column: str | None,
    reason: str,
) -> None:
    store = tmp_path / "store.duckdb"
    ingest([ssd_extract()], store)
    before = store_checksums(store)
    bad = tmp_path / "bad" / "ssd_person.csv"
    bad.parent.mkdir()
    bad.write_bytes(content)
    with pytest.raises(ReaderError) as e:
        ingest([bad], store, strict=True)
    p = e.value.problems[0]
    assert p.file.endswith("ssd_person.csv")
    assert (p.row, p.column) == (row, column)
    assert reason in p.reason
    assert str(bad) in str(e.value)
    assert store_checksums(store) == before


def test_optional_columns_may_be_absent(tmp_path: Path) -> None:
    f = tmp_path / "x" / "ssd_person.csv"
    f.parent.mkdir()
    f.write_text("pers_person_id,pers_sex\nP1,m\n")
    ingest([f], tmp_path / "store.duckdb")
    assert rows(
        tmp_path / "store.duckdb", "SELECT pers_person_id, pers_sex, pers_dob FROM ssd_person"
    ) == [("P1", "M", None)]


def test_a_column_mostly_wrong_refuses_the_file(tmp_path: Path) -> None:
    """Most values of a column failing is a wrong file or layout, not 30 faulty records."""
    folder = tmp_path / "bad"
    write_ssd_table(
        folder,
        "ssd_person",
        [{"pers_person_id": f"P{i}", "pers_dob": "12/31/2020"} for i in range(30)]
        + [{"pers_person_id": "P99", "pers_dob": "01/01/2020"}],
    )
    with pytest.raises(ReaderError) as e:
        ingest([folder], tmp_path / "store.duckdb")
    [p] = e.value.problems
    assert (p.row, p.column, p.rule) == (None, "pers_dob", None)
    assert p.reason.startswith("30 of its 31 values are wrong (row 2: '12/31/2020' is not a date")
    assert p.reason.endswith("is this the right file, in the right layout?")
    assert not (tmp_path / "store.duckdb").exists() or rows(
        tmp_path / "store.duckdb", "SELECT count(*) FROM ssd_person"
    ) == [(0,)]


def test_many_problems_reported_together(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    write_ssd_table(
        folder,
        "ssd_person",
        [{"pers_person_id": f"P{i}", "pers_dob": "31/02/2020", "pers_sex": "Q"} for i in range(30)]
        + [
            {"pers_person_id": f"G{i}", "pers_dob": "2020-02-01", "pers_sex": "F"}
            for i in range(40)
        ],
    )
    with pytest.raises(ReaderError) as e:
        ingest([folder], tmp_path / "store.duckdb", strict=True)
    assert len(e.value.problems) == 50  # the limit: 30 rows x 2 problems, cut at 50
    assert e.value.truncated
    assert {p.column for p in e.value.problems} == {"pers_dob", "pers_sex"}


def test_unrecognised_file_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "notes.csv"
    f.write_text("a,b\n1,2\n")
    with pytest.raises(LoadError, match="not a format"):
        ingest([f], tmp_path / "store.duckdb")
    assert not (tmp_path / "store.duckdb").exists()


def test_rows_are_file_lines_even_after_blank_lines(tmp_path: Path) -> None:
    f = tmp_path / "x" / "ssd_person.csv"
    f.parent.mkdir()
    f.write_text(
        'pers_person_id,pers_dob\nP1,2020-01-01\n\nP2,"2020-\n01-01"\nP3,2020-02-30\nP1,2020-01-01\n'
    )
    with pytest.raises(ReaderError) as e:
        ingest([f], tmp_path / "store.duckdb", strict=True)
    found = {(p.row, p.column, p.reason.split(":")[0]) for p in e.value.problems}
    # line 3 is blank; P2's date spans lines 4-5; P3 is on line 6; the duplicate P1 on line 7
    assert (
        4,
        "pers_dob",
        "'2020-\\n01-01' is not a date (expected yyyy-mm-dd or dd/mm/yyyy)",
    ) in found
    assert (6, "pers_dob", "'2020-02-30' is not a date") in found
    # An exact copy of row 2: loaded once, and noted (so --strict lists it too).
    assert (7, "pers_person_id", "the same record as row 2") in found


def test_problems_in_several_files_are_reported_together(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    write_ssd_table(folder, "ssd_person", [{"pers_person_id": "P1", "pers_dob": "2020-02-30"}])
    write_ssd_table(
        folder,
        "ssd_cp_plans",
        [{"cppl_cp_plan_id": "X", "cppl_person_id": "P1", "cppl_cp_plan_start_date": "yesterday"}],
    )
    with pytest.raises(ReaderError) as e:
        ingest([folder], tmp_path / "store.duckdb", strict=True)
    assert {Path(p.file).name for p in e.value.problems} == {"ssd_person.csv", "ssd_cp_plans.csv"}


def test_a_value_with_a_line_break_in_quotes_loads(tmp_path: Path) -> None:
    """DuckDB's parallel reader cannot take such a file with the row-shape check: the load is
    made again reading it with one thread, and the store holds every record."""
    f = tmp_path / "x" / "ssd_person.csv"
    f.parent.mkdir()
    f.write_text('pers_person_id,pers_nationality\nP1,"British\nIrish"\nP2,French\n')
    report = ingest([f], tmp_path / "store.duckdb")
    assert report.rows_read == 2 and not report.held
    assert rows(tmp_path / "store.duckdb", "SELECT * FROM ssd_person ORDER BY 1")[0][0] == "P1"
    assert rows(
        tmp_path / "store.duckdb", "SELECT pers_nationality FROM ssd_person ORDER BY 1"
    ) == [("British\nIrish",), ("French",)]


def test_a_damaged_id_is_held_back(tmp_path: Path) -> None:
    """A NUL byte past the first 4 KB (where the file is taken for UTF-16) or a line break
    inside quotes in an id: the record is held back, not stored with a broken id."""
    f = tmp_path / "x" / "ssd_person.csv"
    f.parent.mkdir()
    good = "".join(f"P{i:04d},M\n" for i in range(600))
    f.write_bytes(("pers_person_id,pers_sex\n" + good).encode() + b'P\x00X,F\n"P\nY",F\nPZ,F\n')
    report = ingest([f], tmp_path / "store.duckdb")
    assert [(p.row, p.rule) for p in report.held] == [
        (602, "value-control"),
        (603, "value-control"),
    ]
    assert rows(tmp_path / "store.duckdb", "SELECT count(*) FROM ssd_person") == [(601,)]
