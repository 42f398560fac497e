"""Workforce rows held back: copies collapsed, conflicting keys, and rows whose team, post or
member of staff is held back in the same load."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from csc_insight.formats import workforce
from csc_insight.formats.template import Table, column
from tests.formats.test_workforce import STAFF_HEADER, staff_file, stage_files

TEAMS = "Team ID,Team name,Service ID,Service name\n"
POSTS = "Post ID,Team ID,Job title,Role,Grade,FTE,Case holding (Y/N),Start date,End date\n"
SUPERVISION = "Supervision ID,Staff ID,Supervision date,Supervisor staff ID\n"


def write(tmp_path: Path, name: str, header: str, rows: list[str]) -> Path:
    path = tmp_path / name
    path.write_text(header + "".join(r + "\n" for r in rows), "utf-8")
    return path


def test_an_exact_copy_is_loaded_once_and_noted(tmp_path: Path) -> None:
    row = "A1,E1,W1,Alex,PST1,T1,SW,N,N,1,01/09/2021,,,Y"
    path = staff_file(tmp_path, [row, "A2,E2,W2,,,T1,SW,N,N,1,01/09/2021,,,Y", row, row])
    got = stage_files([(path, "staff")])
    assert got.staged.held == []
    assert [(p.row, p.column, p.rule, p.reason) for p in got.staged.notes] == [
        (4, None, "row-duplicate", "the same record as row 2: loaded once"),
        (5, None, "row-duplicate", "the same record as row 2: loaded once"),
    ]
    assert got.column("ext_workforce_staff", "wstaf_assignment_id") == ["A1", "A2"]
    assert got.staged.rows == {path: 2}


def test_a_copied_faulty_row_is_held_once_and_noted(tmp_path: Path) -> None:
    bad = "A1,E1,W1,,,T1,Wizard,N,N,1,01/09/2021,,,Y"
    got = stage_files([(staff_file(tmp_path, [bad, bad]), "staff")])
    assert [(p.row, p.rule) for p in got.staged.held] == [(2, "value-code")]
    assert [(p.row, p.rule) for p in got.staged.notes] == [(3, "row-duplicate")]


def test_rows_sharing_a_derived_key_with_other_values_are_both_held(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "audits.csv",
        "Audit ID,Person ID,Audit date,Grade\n",
        [
            "AU1,P0000001,01/02/2021,Good",
            ",P0000002,01/02/2021,Good",
            ",P0000002,01/02/2021,Inadequate",
        ],
    )
    got = stage_files([(path, "case_audits")])
    assert [(p.row, p.column, p.rule, p.value, p.key, p.reason) for p in got.staged.held] == [
        (
            3,
            "Audit ID",
            "key-conflict",
            None,
            "P0000002-20210201",
            "same Person ID and Audit date as row 4, and no Audit ID to tell them apart; "
            "neither is loaded",
        ),
        (
            4,
            "Audit ID",
            "key-conflict",
            None,
            "P0000002-20210201",
            "same Person ID and Audit date as row 3, and no Audit ID to tell them apart; "
            "neither is loaded",
        ),
    ]
    assert got.column("ext_case_audits", "caud_audit_id") == ["AU1"]


def test_one_worker_id_for_two_members_of_staff_holds_back_their_rows(tmp_path: Path) -> None:
    path = staff_file(
        tmp_path,
        [
            "A1,E1,W1,,,T1,SW,N,N,1,01/09/2020,31/08/2021,,Y",
            "A2,E1,W1,,,T1,SW,N,N,1,01/09/2021,,,Y",
            "A3,E3,W1,,,T1,SW,N,N,1,01/09/2021,,,Y",
            "A4,E4,W4,,,T1,SW,N,N,1,01/09/2021,,,Y",
        ],
    )
    got = stage_files([(path, "staff")])
    assert [(p.row, p.column, p.rule, p.value, p.reason) for p in got.staged.held] == [
        (
            2,
            "Worker ID",
            "key-conflict",
            "W1",
            "this Worker ID is given to Staff ID 'E3' in row 4; neither is loaded",
        ),
        (
            3,
            "Worker ID",
            "key-conflict",
            "W1",
            "this Worker ID is given to Staff ID 'E3' in row 4; neither is loaded",
        ),
        (
            4,
            "Worker ID",
            "key-conflict",
            "W1",
            "this Worker ID is given to Staff ID 'E1' in row 2; neither is loaded",
        ),
    ]
    assert got.column("ext_workforce_staff", "wstaf_assignment_id") == ["A4"]
    assert got.column("ssd_professionals", "prof_professional_id") == ["W4"]


def test_rows_depend_on_their_team_post_and_member_of_staff(tmp_path: Path) -> None:
    """T2 is held (two rows, two names), so its post PST2 and the staff in it are; PST1 is held
    (an FTE in hours), so its assignment A1 is, and E1 (with no other assignment) loses their
    supervision; E3's assignment and supervision load."""
    teams = write(tmp_path, "teams.csv", TEAMS, ["T1,Team one,,", "T2,Team two,,", "T2,Team 2,,"])
    posts = write(
        tmp_path,
        "posts.csv",
        POSTS,
        [
            "PST1,T1,,SW,,37,Y,01/04/2019,",
            "PST2,T2,,SW,,1,Y,01/04/2019,",
            "PST3,T1,,SW,,1,Y,01/04/2019,",
        ],
    )
    staff = write(
        tmp_path,
        "staff.csv",
        STAFF_HEADER + "\n",
        [
            "A1,E1,W1,,PST1,T1,SW,N,N,1,01/09/2021,,,Y",
            "A2,E2,W2,,,T2,SW,N,N,1,01/09/2021,,,Y",
            "A3,E3,W3,,PST3,T1,SW,N,N,1,01/09/2021,,,Y",
        ],
    )
    sup = write(tmp_path, "sup.csv", SUPERVISION, [",E1,01/10/2021,", ",E3,01/10/2021,"])
    # In any order: parents are settled first.
    got = stage_files(
        [(sup, "staff_supervision"), (staff, "staff"), (posts, "posts"), (teams, "teams")]
    )
    assert [(f, row, col, rule, value) for f, row, col, rule, value in got.held()] == [
        ("sup.csv", 2, "Staff ID", "depends", "E1"),
        ("staff.csv", 2, "Post ID", "depends", "PST1"),
        ("staff.csv", 3, "Team ID", "depends", "T2"),
        ("posts.csv", 2, "FTE", "fte-range", "37"),
        ("posts.csv", 3, "Team ID", "depends", "T2"),
        ("teams.csv", 3, "Team ID", "key-conflict", "T2"),
        ("teams.csv", 4, "Team ID", "key-conflict", "T2"),
    ]
    reasons = {(Path(p.file).name, p.row): p.reason for p in got.staged.held}
    assert reasons[("staff.csv", 2)] == (
        "Post ID 'PST1' is held back (posts.csv, row 2): this row depends on it"
    )
    assert reasons[("sup.csv", 2)] == (
        "Staff ID 'E1' is held back (staff.csv, row 2): this row depends on it"
    )
    assert {p.table for p in got.staged.held if p.rule == "depends"} == {
        "ext_staff_supervision",
        "ext_workforce_staff",
        "ext_workforce_posts",
    }
    assert got.column("ssd_department", "dept_team_id") == ["T1"]
    assert got.column("ext_workforce_posts", "wpost_post_id") == ["PST3"]
    assert got.column("ext_workforce_staff", "wstaf_assignment_id") == ["A3"]
    assert got.column("ext_staff_supervision", "ssup_staff_id") == ["E3"]


def test_a_parent_held_in_one_file_but_given_in_another_holds_nothing_back(tmp_path: Path) -> None:
    old = write(tmp_path, "posts_old.csv", POSTS, ["PST1,T1,,SW,,37,Y,01/04/2019,"])
    new = write(tmp_path, "posts_new.csv", POSTS, ["PST1,T1,,SW,,1,Y,01/04/2019,"])
    staff = staff_file(tmp_path, ["A1,E1,W1,,PST1,T1,SW,N,N,1,01/09/2021,,,Y"])
    got = stage_files([(old, "posts"), (new, "posts"), (staff, "staff")])
    assert got.held() == [("posts_old.csv", 2, "FTE", "fte-range", "37")]
    assert got.column("ext_workforce_staff", "wstaf_assignment_id") == ["A1"]


def test_a_template_declared_wrongly_fails_at_import() -> None:
    """Each column names the fields it fills; one that names no field of the template's
    tables, or a second table not joined by a column filling both, cannot be read or written."""
    with pytest.raises(ValueError, match="team_name: wpost_team_name"):
        replace(
            workforce.TEAMS,
            columns=(*workforce.TEAMS.columns, column("team_name", "X", "wpost_team_name")),
        )
    with pytest.raises(ValueError, match="ssd_professionals is not joined"):
        replace(
            workforce.STAFF,
            tables=(workforce.STAFF.tables[0], Table("ssd_professionals", joined_by="name")),
        )
