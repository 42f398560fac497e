"""CSWW census XML written from a store and read back: the same assignments, for the fields the
census carries, whether read into a fresh store or over the store it came from."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest
from lxml import etree

from csc_insight.formats import csww
from csc_insight.formats.base import SourceFile
from csc_insight.store import db

REF = date(2022, 9, 30)

PROFESSIONALS = [
    # id, staff id, SWE number, department
    ("W1", "E1", "SW0000001", "T1"),
    ("W2", "E2", "SW0000002", "T1"),
    ("W3", "E3", "SW0000003", "T2"),
    ("W4", "E4", "SW0000004", "T1"),
    ("W5", "E5", "SW0000005", "T2"),
    ("W6", "E6", "SW0000006", "T2"),
    ("W7", "E7", None, "T3"),  # a personal adviser: no SWE number, not in the census
    ("W8", "E8", "SW0000008", "T1"),
]
STAFF = [
    # id, staff, worker, post, team, role, agency, nqsw, fte, start, end, reason, case holding
    ("A1", "E1", "W1", "POST1", "T1", "SOCIAL_WORKER", "N", "Y", 1.0, "2020-01-06", None, None, "Y"),
    ("A2", "E2", "W2", None, "T1", "SOCIAL_WORKER", "N", "N", 0.6, "2018-03-01", "2022-05-31",
     "RESIGNED", "Y"),  # a leaver in the year
    ("A3", "E3", "W3", None, "T2", "TEAM_MANAGER", "N", "N", 1.0, "2015-09-01", None, None,
     "N"),
    ("A4", "E4", "W4", "POST2", "T1", "SOCIAL_WORKER", "Y", None, 1.0, "2022-02-14", None, None,
     "Y"),  # an agency worker in a funded post: the post is vacant
    ("A5", "E5", "W5", None, "T2", "SOCIAL_WORKER", "N", "N", 0.8, "2017-01-01", "2021-12-31",
     None, "Y"),  # moved to another role within the council
    ("A6", "E5", "W5", None, "T2", "SENIOR_PRACTITIONER", "N", "N", 0.8, "2022-01-01", None,
     None, "Y"),
    ("A7", "E6", "W6", None, "T2", "SOCIAL_WORKER", "N", "N", 1.0, "2019-01-01", "2021-06-30",
     "RETIRED", "Y"),  # left before the census year
    ("A9", "E7", "W7", None, "T3", "PERSONAL_ADVISER", "N", None, 1.0, "2019-01-01", None, None,
     "Y"),
    ("A10", "E6", "W6", None, "T2", "SOCIAL_WORKER", "Y", None, 1.0, "2021-11-01", "2022-03-01",
     "END_OF_CONTRACT", "Y"),  # agency, gone by 30 September
    ("A11", "E2", "W2", None, "T1", "SERVICE_MANAGER", "N", "N", 1.0, "2022-08-01", None, None,
     "N"),  # came back as a manager
    ("A12", "E8", "W8", None, "T1", "SOCIAL_WORKER", "N", "N", 0.5, "2021-01-01", "2022-12-31",
     "RESIGNED", "Y"),  # leaves after the census date: in post on it
]  # fmt: skip
POSTS = [
    ("POST1", "T1", None, "SOCIAL_WORKER", None, 1.0, "Y", "2019-01-01", None),
    ("POST2", "T1", None, "SOCIAL_WORKER", None, 1.0, "Y", "2019-01-01", None),
    ("POST3", "T2", None, "TEAM_MANAGER", None, 0.5, "N", "2019-01-01", None),
]
ALLOCATIONS = [
    # id, worker, child, start, end
    ("I1", "W1", "C1", "2022-01-01", None),
    ("I2", "W1", "C2", "2022-09-01", "2022-10-15"),
    ("I3", "W4", "C3", "2022-03-01", None),
    ("I4", "W5", "C4", "2022-02-01", None),
    ("I5", "W1", "C5", "2022-01-01", "2022-09-29"),  # closed before the census date
]
WRITTEN = ["A1", "A11", "A12", "A2", "A3", "A4", "A5", "A6"]


@pytest.fixture
def store() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    db.create_schema(con)
    con.executemany(
        """INSERT INTO ssd_professionals (prof_professional_id, prof_staff_id,
               prof_social_worker_registration_no, prof_professional_department)
           VALUES (?, ?, ?, ?)""",
        PROFESSIONALS,
    )
    con.executemany(f"INSERT INTO ext_workforce_staff VALUES ({', '.join('?' * 13)})", STAFF)
    con.executemany(f"INSERT INTO ext_workforce_posts VALUES ({', '.join('?' * 9)})", POSTS)
    con.executemany(
        """INSERT INTO ssd_involvements (invo_involvements_id, invo_professional_id,
               invo_person_id, invo_involvement_start_date, invo_involvement_end_date)
           VALUES (?, ?, ?, ?, ?)""",
        ALLOCATIONS,
    )
    return con


def staged_rows(con: duckdb.DuckDBPyConnection, paths: list[Path]) -> dict[str, tuple]:
    staged = csww.stage(con, [SourceFile(p, "csww", "csww") for p in paths])
    assert staged.held == [] and staged.notes == []
    (temp,) = staged.tables["ext_workforce_staff"]
    rows = con.execute(f"SELECT {', '.join(csww.COLUMNS)} FROM {temp}").fetchall()
    return {r[0]: r for r in rows}


def test_written_census_holds_the_year_s_workers_and_vacancies(store, tmp_path: Path) -> None:
    (path,) = csww.write(store, tmp_path, years=[2022])
    root = etree.parse(str(path)).getroot()
    assert root.findtext("Header/CollectionDetails/ReferenceDate") == "2022-09-30"
    vacancies = {e.tag: e.text for e in root.find("LALevelVacancies")}
    # POST2 (agency worker only) and POST3 (empty) are vacant; A4 is the agency worker
    assert vacancies == {
        "NumberOfVacancies": "1.50",
        "NoAgencyFTE": "1.00",
        "NoAgencyHeadcount": "1",
    }
    workers = [{e.tag: e.text for e in w} for w in root.iter("CSWWWorker")]
    by_swe = {(w["SWENo"], w["RoleStartDate"]): w for w in workers}
    assert len(workers) == len(WRITTEN)
    assert by_swe["SW0000001", "2020-01-06"] == {
        "AgencyWorker": "0", "SWENo": "SW0000001", "FTE": "1.000000", "OrgRole": "5",
        "RoleStartDate": "2020-01-06", "Cases30": "2", "CFKSSstatus": "1",
    }  # fmt: skip
    assert by_swe["SW0000002", "2018-03-01"] == {
        "AgencyWorker": "0", "SWENo": "SW0000002", "FTE": "0.600000", "OrgRole": "5",
        "RoleStartDate": "2018-03-01", "RoleEndDate": "2022-05-31", "LeaverDestination": "8",
        "ReasonLeave": "1",
    }  # fmt: skip
    assert "RoleEndDate" not in by_swe["SW0000008", "2021-01-01"]  # leaves after 30 September
    assert by_swe["SW0000003", "2015-09-01"]["Cases30"] == "0"


def test_read_back_over_its_own_store_gives_the_same_assignments(store, tmp_path: Path) -> None:
    paths = csww.write(store, tmp_path, years=[2022])
    rows = staged_rows(store, paths)
    assert sorted(rows) == WRITTEN
    stored = {
        r[0]: r
        for r in store.execute(
            f"SELECT {', '.join(csww.COLUMNS)} FROM ext_workforce_staff"
        ).fetchall()
    }
    names = list(csww.COLUMNS)
    for aid, row in rows.items():
        for name, value, was in zip(names, row, stored[aid], strict=True):
            if value is not None:  # what the census carries equals what the store holds
                assert value == was, (aid, name)
        for name in ("wstaf_role", "wstaf_agency", "wstaf_fte", "wstaf_start_date"):
            assert row[names.index(name)] is not None
    # an end after the census date is not yet known to it; an ASYE worker stays one
    assert rows["A12"][names.index("wstaf_end_date")] is None
    assert rows["A1"][names.index("wstaf_nqsw")] == "Y"


def test_read_into_a_fresh_store_keys_workers_by_swe_number(store, tmp_path: Path) -> None:
    paths = csww.write(store, tmp_path, years=[2022])
    fresh = duckdb.connect()
    db.create_schema(fresh)
    rows = staged_rows(fresh, paths)
    swe = {staff: number for _, staff, number, _ in PROFESSIONALS}
    expected = set()
    for s in STAFF:
        if s[0] not in WRITTEN:
            continue
        _, staff, _, _, _, role, agency, nqsw, fte, start, end, reason, holding = s
        number = swe[staff]
        ended = end if end is not None and date.fromisoformat(end) <= REF else None
        expected.add(
            (f"{number}-{start.replace('-', '')}" + ("-A" if agency == "Y" else ""), number,
             role, agency, "Y" if nqsw == "Y" else None, fte, date.fromisoformat(start),
             ended and date.fromisoformat(ended), reason if ended else None, holding)
        )  # fmt: skip
    got = {(r[0], r[1], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11]) for r in rows.values()}
    assert got == expected
    assert {r[3] for r in rows.values()} == {csww.NO_TEAM}


def test_every_year_written_by_default_loads_without_problems(store, tmp_path: Path) -> None:
    # the earliest end recorded is 30 June 2021 (A7): the first whole census year is 2022
    paths = csww.write(store, tmp_path)
    assert [p.name for p in paths] == ["csww_2022.xml"]
    store.execute(
        "UPDATE ext_workforce_staff SET wstaf_end_date = DATE '2019-10-01' WHERE wstaf_assignment_id = 'A7'"
    )
    paths = csww.write(store, tmp_path)
    assert [p.name for p in paths] == [f"csww_{y}.xml" for y in range(2020, 2023)]
    for p in paths:
        staged = csww.stage(store, [SourceFile(p, "csww", "csww")])
        assert staged.held == [] and staged.notes == [], p.name
