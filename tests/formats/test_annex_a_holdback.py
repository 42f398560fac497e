"""Annex A rows with faults are held back, each with its rule, row, column and value; the rest of
the workbook loads. Problems with the workbook itself still refuse it (issue 17)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import openpyxl
import pytest

from csc_insight.errors import Problem, ReaderError
from csc_insight.formats import annex_a
from csc_insight.formats.base import LoadOptions, SourceFile, Staged
from csc_insight.store import db

C = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)"]
L1 = [*C, "Date of Contact", "Contact Source"]
L3 = [*C, "Date of referral", "Referral Source", "Referral NFA?", "Number of Referrals in Last 12 Months", "Allocated Team", "Allocated Worker"]  # fmt: skip
L6 = [*C, "Does the Child have a Disability", "CIN Start Date", "Primary Need Code", "Date Child Was Last Seen", "CIN Closure Date", "Reason for Closure", "Case Status", "Allocated Team", "Allocated Worker"]  # fmt: skip


def book(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    wb = openpyxl.Workbook(write_only=True)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
    wb.save(path)
    return path


def contact(child: Any, day: Any = "01/04/2019", source: Any = "6", **cells: Any) -> list[Any]:
    row = {"gender": "Male", "ethnicity": "WBRI", "dob": "29/02/2008", **cells}
    return [child, row["gender"], row["ethnicity"], row["dob"], 12, day, source]


def referral(child: str, day: str, nfa: Any = "N", team: Any = "T1") -> list[Any]:
    return [child, "Male", "WBRI", "29/02/2008", 12, day, "6", nfa, 1, team, "W1"]


def cin(child: str, day: str, need: Any = "N1") -> list[Any]:
    return [child, "Male", "WBRI", "29/02/2008", 12, "N", day, need, None, None, None, "Open", "T1", "W1"]  # fmt: skip


@pytest.fixture
def con(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    c = db.connect(tmp_path / "s.duckdb")
    c.execute("BEGIN")
    yield c
    c.execute("ROLLBACK")
    c.close()


def stage(con: duckdb.DuckDBPyConnection, *paths: Path) -> Staged:
    files = [SourceFile(p, "annex_a", "workbook") for p in paths]
    return annex_a.stage(con, files, LoadOptions())


def staged_rows(
    con: duckdb.DuckDBPyConnection, staged: Staged, table: str, cols: list[str]
) -> list[tuple[Any, ...]]:
    """The rows staged for a canonical table, over every temporary table that supplies it."""
    out: list[tuple[Any, ...]] = []
    for temp in staged.tables.get(table, []):
        have = {r[0] for r in con.execute(f"DESCRIBE {temp}").fetchall()}
        select = ", ".join(c if c in have else "NULL" for c in cols)
        out += con.execute(f"SELECT {select} FROM {temp}").fetchall()
    return sorted(out, key=repr)


def held(staged: Staged) -> list[tuple[Any, ...]]:
    """(sheet, row, column, rule, value, table) of each held problem."""
    return [(p.file.rsplit("[", 1)[-1].rstrip("]"), p.row, p.column, p.rule, p.value, p.table) for p in staged.held]  # fmt: skip


# ---------------------------------------------------------------------------------------------
# A workbook with one of each fault


@pytest.fixture
def faulty(tmp_path: Path) -> Path:
    return book(
        tmp_path / "annex_a.xlsx",
        {
            "List 1": [
                L1,
                contact("P1"),  # 2: good
                contact("P2", gender="Dragon"),  # 3: not a code
                contact("P3", "31/02/2020"),  # 4: no such day
                contact(None),  # 5: no child
                contact("P1"),  # 6: an exact copy of row 2
                contact("P4", source="6"),  # 7 and 8: one key, two sources
                contact("P4", source="2A"),
                contact("X" * 1001),  # 9: too long for any id
                contact("P5", gender="b) Female", ethnicity="k) APKN"),  # 10: drop-down choices
                contact("P6", "01/04/1899"),  # 11: out of range
            ],
            "List 3": [
                L3,
                referral("P1", "01/04/2019", nfa="maybe"),  # 2: not Y or N
                referral("P6", "02/04/2019"),  # 3: good
            ],
            "List 6": [
                L6,
                cin("P1", "01/04/2019"),  # 2: the referral held in List 3: depends
                cin("P6", "02/04/2019"),  # 3: good, the same referral as List 3 row 3
            ],
        },
    )


def test_exactly_the_faulty_rows_are_held(con: duckdb.DuckDBPyConnection, faulty: Path) -> None:
    staged = stage(con, faulty)
    assert held(staged) == [
        ("List 1", 3, "Gender", "value-code", "Dragon", "ssd_contacts"),
        ("List 1", 4, "Date of Contact", "value-date", "31/02/2020", "ssd_contacts"),
        ("List 1", 5, "Child Unique ID", "value-missing", None, "ssd_contacts"),
        ("List 1", 7, "Child Unique ID+Date of Contact", "key-conflict", None, "ssd_contacts"),
        ("List 1", 8, "Child Unique ID+Date of Contact", "key-conflict", None, "ssd_contacts"),
        ("List 1", 9, "Child Unique ID", "value-too-long", "X" * 1000, "ssd_contacts"),
        ("List 1", 11, "Date of Contact", "value-date", "01/04/1899", "ssd_contacts"),
        ("List 3", 2, "Referral NFA?", "value-code", "maybe", "ssd_cin_episodes"),
        ("List 6", 2, "Child Unique ID+CIN Start Date", "depends", None, "ssd_cin_episodes"),
    ]
    # the id of the record each held row was for, so that the loader can hold what belongs to it
    assert [p.key for p in staged.held] == [
        "P2-20190401", None, None, "P4-20190401", "P4-20190401", None, None,
        "P1-20190401", "P1-20190401",
    ]  # fmt: skip
    assert [(p.row, p.column, p.rule) for p in staged.notes] == [
        (6, "Child Unique ID+Date of Contact", "row-duplicate")
    ]
    assert staged.scopes == {faulty: "annex_a:workbook"}
    assert staged.rows == {faulty: 4}  # List 1 rows 2 and 10, List 3 row 3, List 6 row 3


def test_what_is_staged_leaves_the_held_rows_out(
    con: duckdb.DuckDBPyConnection, faulty: Path
) -> None:
    staged = stage(con, faulty)
    assert staged_rows(con, staged, "ssd_contacts", ["cont_contact_id", "cont_contact_source_code"]) == [
        ("P1-20190401", "6"),
        ("P5-20190401", "6"),
    ]  # fmt: skip
    assert staged_rows(con, staged, "ssd_person", ["pers_person_id", "pers_sex", "pers_ethnicity"]) == [
        ("P1", "M", "WBRI"),  # from List 1 row 2; List 3 and 6 rows for P1 are held
        ("P5", "F", "APKN"),
        ("P6", "M", "WBRI"),
    ]  # fmt: skip
    # List 3 row 3 and List 6 row 3 are one referral; P1's referral is held in both lists
    assert staged_rows(con, staged, "ssd_cin_episodes", ["cine_referral_id", "cine_referral_nfa", "cine_cin_primary_need_code"]) == [
        ("P6-20190402", "N", None),
        ("P6-20190402", None, "N1"),
    ]  # fmt: skip


def test_messages_keep_file_row_column_and_reason(
    con: duckdb.DuckDBPyConnection, faulty: Path
) -> None:
    by_row = {(p.file, p.row): p for p in stage(con, faulty).held}
    sheet1, sheet6 = f"{faulty} [List 1]", f"{faulty} [List 6]"
    assert str(by_row[sheet1, 4]) == (
        f"{sheet1}, row 4, column Date of Contact: '31/02/2020' is not a date: 31 February does "
        "not exist (expected a date cell, dd/mm/yyyy or yyyy-mm-dd)"
    )
    assert by_row[sheet1, 3].reason.startswith(
        "not a valid sex (Male, Female, Unknown or Indeterminate) (expected"
    )
    assert by_row[sheet1, 7].reason == (
        "duplicate key: same as row 8 with different values; neither is loaded"
    )
    assert by_row[sheet1, 8].reason == (
        "duplicate key: same as row 7 with different values; neither is loaded"
    )
    assert by_row[sheet1, 9].reason == "longer than 1,000 characters"
    assert by_row[sheet6, 2].reason == (
        "the same referral as List 3 row 2, which is held back: a referral is loaded whole or "
        "not at all"
    )
    (note,) = stage(con, faulty).notes
    assert (note.file, note.reason) == (sheet1, "the same record as row 2: loaded once")


def test_a_clean_workbook_holds_nothing(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    path = book(
        tmp_path / "clean.xlsx",
        {"List 1": [L1, contact("P1")], "List 3": [L3, referral("P1", "01/04/2019")]},
    )
    staged = stage(con, path)
    assert (staged.held, staged.notes, staged.rows) == ([], [], {path: 2})


def test_a_faulty_copy_is_held_on_its_own(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    """Two copies of a faulty row: each is held for its fault, neither is noted as a copy."""
    path = book(
        tmp_path / "a.xlsx",
        {
            "List 1": [L1, contact("P1", gender="Dragon"), contact("P1", gender="Dragon")],
            "List 3": [L3, referral("P1", "01/04/2019")],
        },
    )
    staged = stage(con, path)
    assert [(p.row, p.rule) for p in staged.held] == [(2, "value-code"), (3, "value-code")]
    assert staged.notes == []


def test_a_faulty_row_with_a_good_one_of_its_key_is_a_conflict(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    path = book(
        tmp_path / "a.xlsx",
        {
            "List 1": [L1, contact("P1"), contact("P1", gender="Dragon")],
            "List 3": [L3, referral("P1", "01/04/2019")],
        },
    )
    staged = stage(con, path)
    assert [(p.row, p.rule) for p in staged.held] == [
        (2, "key-conflict"),
        (3, "value-code"),
        (3, "key-conflict"),
    ]
    assert staged_rows(con, staged, "ssd_contacts", ["cont_contact_id"]) == []


def test_a_referral_held_in_list_6_holds_list_3s_row(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    path = book(
        tmp_path / "a.xlsx",
        {
            "List 3": [L3, referral("P1", "01/04/2019"), referral("P2", "01/04/2019")],
            "List 6": [L6, cin("P1", "01/04/2019", need="N99")],
        },
    )
    staged = stage(con, path)
    assert held(staged) == [
        ("List 3", 2, "Child Unique ID+Date of referral", "depends", None, "ssd_cin_episodes"),
        ("List 6", 2, "Primary Need Code", "value-code", "N99", "ssd_cin_episodes"),
    ]
    assert staged_rows(con, staged, "ssd_cin_episodes", ["cine_referral_id"]) == [("P2-20190401",)]


def test_list8_held_row_leaves_out_its_placement_and_legal_status(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    from csc_insight.formats.annex_a_lists import BY_NUMBER

    l8 = [c.header for c in BY_NUMBER[8].columns]

    def row8(child: str, placement_type: str) -> list[Any]:
        r = dict.fromkeys(l8)
        r.update({
            "Child Unique ID": child, "Gender": "Male", "Ethnicity": "WBRI",
            "Date of Birth": "01/01/2010", "Date Started to be Looked After": "01/01/2019",
            "Start date of current legal status": "01/01/2019", "Child's Legal Status": "C2",
            "Start Date of Most Recent Placement": "01/03/2020", "Placement Type": placement_type,
        })  # fmt: skip
        return list(r.values())

    path = book(
        tmp_path / "a.xlsx",
        {"List 1": [L1], "List 8": [l8, row8("P7", "U1"), row8("P8", "Q9")]},
    )
    staged = stage(con, path)
    assert held(staged) == [
        ("List 8", 3, "Placement Type", "value-code", "Q9", "ssd_cla_episodes"),
    ]
    assert staged_rows(con, staged, "ssd_cla_episodes", ["clae_cla_episode_id"]) == [("P7-20200301",)]  # fmt: skip
    assert staged_rows(con, staged, "ssd_cla_placement", ["clap_cla_placement_id"]) == [("P7-20200301",)]  # fmt: skip
    assert staged_rows(con, staged, "ssd_legal_status", ["lega_legal_status_id"]) == [("P7-20190101",)]  # fmt: skip


def test_a_later_workbook_fills_in_what_an_earlier_one_held(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    """Two returns staged together: the record held in one comes from the other."""
    old = book(
        tmp_path / "2019.xlsx",
        {"List 1": [L1, contact("P1")], "List 3": [L3, referral("P1", "01/04/2019", team="T1")]},
    )
    new = book(
        tmp_path / "2020.xlsx",
        {
            "List 1": [L1, contact("P1", "01/04/2020")],
            "List 3": [L3, referral("P1", "01/04/2019", nfa="maybe", team="T2")],
        },
    )
    staged = stage(con, new, old)
    assert [(p.file, p.row, p.rule) for p in staged.held] == [(f"{new} [List 3]", 2, "value-code")]
    assert staged_rows(con, staged, "ssd_cin_episodes", ["cine_referral_id", "cine_referral_team"]) == [
        ("P1-20190401", "T1")
    ]  # fmt: skip
    assert staged.scopes == {new: "annex_a:workbook", old: "annex_a:workbook"}


# ---------------------------------------------------------------------------------------------
# A column whose values mostly fail is the wrong file, not faulty rows


@pytest.mark.parametrize(
    ("bad", "good", "refused"),
    [
        (5, 0, True),  # every value wrong, and enough of them
        (5, 4, True),  # more than half
        (4, 0, False),  # too few to judge: the rows are held
        (5, 5, False),  # half: the rows are held
    ],
)
def test_a_column_of_us_dates_is_refused(
    con: duckdb.DuckDBPyConnection, tmp_path: Path, bad: int, good: int, refused: bool
) -> None:
    rows = [contact(f"B{i}", f"04/{13 + i}/2019") for i in range(bad)]
    rows += [contact(f"G{i}", f"0{1 + i}/04/2019") for i in range(good)]
    path = book(tmp_path / "a.xlsx", {"List 1": [L1, *rows], "List 3": [L3]})
    if not refused:
        staged = stage(con, path)
        assert [(p.row, p.rule) for p in staged.held] == [(2 + i, "value-date") for i in range(bad)]
        assert staged.rows == {path: good}
        return
    with pytest.raises(ReaderError) as info:
        stage(con, path)
    (p,) = info.value.problems
    assert (p.file, p.row, p.column) == (f"{path} [List 1]", None, "Date of Contact")
    assert p.reason.startswith(
        f"{bad:,} of its {bad + good:,} values are wrong (row 2: '04/13/2019' is not a date: "
        "there is no month 13; are the day and month the wrong way round?"
    )
    assert p.reason.endswith("is this the right file, in the right layout?")


def test_missing_values_do_not_count_as_a_wrong_layout(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    """A key column left empty in many rows is faulty rows (value-missing), never a layout."""
    rows = [contact(f"P{i}", None) for i in range(8)]
    path = book(tmp_path / "a.xlsx", {"List 1": [L1, *rows], "List 3": [L3]})
    staged = stage(con, path)
    assert {p.rule for p in staged.held} == {"value-missing"}
    assert len(staged.held) == 8


# ---------------------------------------------------------------------------------------------
# Problems with the workbook still refuse it, all reported together


def test_workbook_problems_refuse_it_together(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    path = book(
        tmp_path / "a.xlsx",
        {
            "List 1": [L1[:5] + L1[6:], ["P1", "Male", "WBRI", "29/02/2008", 12, "6"]],
            "List 3": [],
            "List 6": [L6, cin("P1", "01/04/2019", need="N99")],  # a held row: not reported
            "Referrals": [L3],
        },
    )
    with pytest.raises(ReaderError) as info:
        stage(con, path)
    assert [(p.file, p.row, p.column, p.reason) for p in info.value.problems] == [
        (f"{path} [Referrals]", None, None, "a second sheet for List 3 (the first is 'List 3')"),
        (f"{path} [List 1]", 1, "Date of Contact", "column missing from the header"),
        (f"{path} [List 3]", None, None, "sheet is empty (no header row)"),
    ]
    assert all(p.rule is None for p in info.value.problems)


def test_rows_read_are_numbered_as_the_sheet_shows_them(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    """Title rows above the header and blank rows between records keep the sheet's numbering."""
    path = book(
        tmp_path / "a.xlsx",
        {
            "List 1": [["Annex A: List 1"], [], L1, contact("P1"), [], [None] * 7, contact("P2", "x")],
            "List 3": [L3],
        },
    )  # fmt: skip
    staged = stage(con, path)
    assert [(p.row, p.column, p.value) for p in staged.held] == [(7, "Date of Contact", "x")]


def test_held_problems_are_problems(con: duckdb.DuckDBPyConnection, faulty: Path) -> None:
    """One problem type for the whole package."""
    staged = stage(con, faulty)
    assert all(type(p) is Problem for p in staged.held + staged.notes)


def test_every_refused_workbook_is_reported(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    good = book(tmp_path / "good.xlsx", {"List 1": [L1, contact("P1")], "List 3": [L3]})
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    no_header = book(tmp_path / "b.xlsx", {"List 1": [["x"]], "List 3": [L3]})
    with pytest.raises(ReaderError) as info:
        stage(con, empty, good, no_header)
    assert [(p.file, p.reason[:30]) for p in info.value.problems] == [
        (str(empty), "file is empty"),
        (f"{no_header} [List 1]", "no header row in the first 10 "),
    ]
