"""SSDA903 reader and writer: round trips, stitching of years, bad input, mangled input."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csc_insight.errors import ReaderError
from csc_insight.formats import ssda903
from csc_insight.formats.base import LoadOptions, SourceFile, Staged
from csc_insight.store import db
from csc_insight.store.checksum import store_checksums
from csc_insight.store.load import ingest

D = date

PERSONS = [
    # id, sex, dob, ethnicity, upn
    ("P0000001", "M", D(2008, 7, 14), "WBRI", "A123456789012"),
    ("P0000002", "F", D(2012, 2, 29), "BCRB", None),  # born on a leap day
    ("P0000003", "F", D(2004, 2, 29), "MWBC", "B123456789012"),  # care leaver, leap day
    ("P0000004", "M", D(2003, 4, 1), "AOTH", None),  # UASC; birthdays on 1 April
]

# id, person, placement, start, rne, need, ceased, ceased reason, period, entered care
EPISODES = [
    ("P0000001-20190510", "P0000001", "P0000001-20190510", D(2019, 5, 10), "S", "N1", D(2020, 2, 29), "X1", "P0000001-20190510", D(2019, 5, 10)),
    ("P0000001-20200229", "P0000001", "P0000001-20190510", D(2020, 2, 29), "L", "N1", D(2020, 3, 31), "X1", "P0000001-20190510", D(2019, 5, 10)),
    ("P0000001-20200331", "P0000001", "P0000001-20200331", D(2020, 3, 31), "P", "N1", D(2021, 3, 31), "X1", "P0000001-20190510", D(2019, 5, 10)),
    ("P0000001-20210331", "P0000001", "P0000001-20210331", D(2021, 3, 31), "T", "N1", None, None, "P0000001-20190510", D(2019, 5, 10)),
    # in and out on the first day of a year
    ("P0000002-20200401", "P0000002", "P0000002-20200401", D(2020, 4, 1), "S", "N2", D(2020, 4, 1), "E4A", "P0000002-20200401", D(2020, 4, 1)),
    ("P0000002-20201231", "P0000002", "P0000002-20201231", D(2020, 12, 31), "S", "N1", D(2021, 2, 1), "X1", "P0000002-20201231", D(2020, 12, 31)),
    ("P0000002-20210201", "P0000002", "P0000002-20201231", D(2021, 2, 1), "L", "N1", D(2021, 12, 31), "E13", "P0000002-20201231", D(2020, 12, 31)),
    ("P0000003-20190601", "P0000003", "P0000003-20190601", D(2019, 6, 1), "S", "N8", D(2020, 6, 30), "E5", "P0000003-20190601", D(2019, 6, 1)),
    ("P0000004-20191001", "P0000004", "P0000004-20191001", D(2019, 10, 1), "S", "N7", D(2021, 4, 1), "E8", "P0000004-20191001", D(2019, 10, 1)),
]  # fmt: skip

# id, period, person, start, type, urn, provider, postcode, end, change reason
PLACEMENTS = [
    ("P0000001-20190510", "P0000001-20190510", "P0000001", D(2019, 5, 10), "U1", "SC100001", "PR1", "AB1", D(2020, 3, 31), "CARPL"),
    ("P0000001-20200331", "P0000001-20190510", "P0000001", D(2020, 3, 31), "K2", "SC100002", "PR4", "CD2", D(2021, 3, 31), "CHILD"),
    ("P0000001-20210331", "P0000001-20190510", "P0000001", D(2021, 3, 31), "U4", None, "PR1", "AB1", None, None),
    ("P0000002-20200401", "P0000002-20200401", "P0000002", D(2020, 4, 1), "U1", None, "PR1", "EF3", D(2020, 4, 1), None),
    ("P0000002-20201231", "P0000002-20201231", "P0000002", D(2020, 12, 31), "U3", None, "PR2", "GH4", D(2021, 12, 31), None),
    ("P0000003-20190601", "P0000003-20190601", "P0000003", D(2019, 6, 1), "H5", None, "PR4", "JK5", D(2020, 6, 30), None),
    ("P0000004-20191001", "P0000004-20191001", "P0000004", D(2019, 10, 1), "R1", "SC100003", "PR5", "LM6", D(2021, 4, 1), None),
]  # fmt: skip

# id, person, status, start, end
LEGAL_STATUSES = [
    ("P0000001-20190510", "P0000001", "C1", D(2019, 5, 10), D(2020, 2, 29)),
    ("P0000001-20200229", "P0000001", "C2", D(2020, 2, 29), D(2021, 3, 31)),
    ("P0000001-20210331", "P0000001", "E1", D(2021, 3, 31), None),
    ("P0000002-20200401", "P0000002", "V2", D(2020, 4, 1), D(2020, 4, 1)),
    ("P0000002-20201231", "P0000002", "C1", D(2020, 12, 31), D(2021, 2, 1)),
    ("P0000002-20210201", "P0000002", "C2", D(2021, 2, 1), D(2021, 12, 31)),
    ("P0000003-20190601", "P0000003", "V2", D(2019, 6, 1), D(2020, 6, 30)),
    ("P0000004-20191001", "P0000004", "V2", D(2019, 10, 1), D(2021, 4, 1)),
]

# id, period, person, review date, participation
REVIEWS = [
    ("P0000001-20191110", "P0000001-20190510", "P0000001", D(2019, 11, 10), "PN1"),
    ("P0000001-20200331", "P0000001-20190510", "P0000001", D(2020, 3, 31), "PN2"),
    ("P0000002-20210115", "P0000002-20201231", "P0000002", D(2021, 1, 15), "PN0"),
    ("P0000004-20200401", "P0000004-20191001", "P0000004", D(2020, 4, 1), "PN3"),
]

# id, person, start, type, end
MISSING = [
    ("P0000001-20200229", "P0000001", D(2020, 2, 29), "M", D(2020, 3, 1)),
    ("P0000001-20210331", "P0000001", D(2021, 3, 31), "A", None),
    ("P0000002-20210615", "P0000002", D(2021, 6, 15), "M", D(2021, 6, 16)),
]

# id, person, in touch, latest contact (the birthday), accommodation, suitable, activity
CARE_LEAVERS = [
    ("P0000003-20210301", "P0000003", "YES", D(2021, 3, 1), "B1", "Y", "F2"),
    ("P0000003-20220301", "P0000003", "NO", D(2022, 3, 1), "X2", "N", "G6"),
    ("P0000004-20200401", "P0000004", "YES", D(2020, 4, 1), "S1", "Y", "P4"),
    ("P0000004-20210401", "P0000004", "YES", D(2021, 4, 1), "T2", "N", "F1"),
]

# id, worker, person, start, end, reason
INVOLVEMENTS = [
    ("P0000001-20190510", "SW001", "P0000001", D(2019, 5, 10), D(2020, 12, 31), "LEFTROLE"),
    ("P0000001-20201231", "SW002", "P0000001", D(2020, 12, 31), None, None),
    ("P0000002-20200401", "SW004", "P0000002", D(2020, 4, 1), D(2020, 4, 1), "MANAGE"),
    ("P0000004-20191001", "SW003", "P0000004", D(2019, 10, 1), D(2021, 4, 1), "OTHER"),
]

# What the format carries, table by table: the columns compared after a round trip.
CARRIED = {
    "ssd_person": "pers_person_id, pers_sex, pers_dob, pers_ethnicity, pers_upn",
    "ssd_cla_episodes": "clae_cla_episode_id, clae_person_id, clae_cla_placement_id, clae_cla_episode_start_date, clae_cla_episode_start_reason, clae_cla_primary_need_code, clae_cla_episode_ceased_date, clae_cla_episode_ceased_reason, clae_cla_id, clae_entered_care_date",
    "ssd_cla_placement": "clap_cla_placement_id, clap_cla_id, clap_person_id, clap_cla_placement_start_date, clap_cla_placement_type, clap_cla_placement_urn, clap_cla_placement_provider, clap_cla_placement_postcode, clap_cla_placement_end_date, clap_cla_placement_change_reason",
    "ssd_legal_status": "lega_legal_status_id, lega_person_id, lega_legal_status, lega_legal_status_start_date, lega_legal_status_end_date",
    "ssd_cla_reviews": "clar_cla_review_id, clar_cla_id, clar_person_id, clar_cla_review_date, clar_cla_review_participation",
    "ssd_missing": "miss_table_id, miss_person_id, miss_missing_episode_start_date, miss_missing_episode_type, miss_missing_episode_end_date",
    "ssd_care_leavers": "clea_table_id, clea_person_id, clea_care_leaver_in_touch, clea_care_leaver_latest_contact, clea_care_leaver_accommodation, clea_care_leaver_accom_suitable, clea_care_leaver_activity",
    "ssd_immigration_status": "immi_immigration_status_id, immi_person_id, immi_immigration_status_start_date, immi_immigration_status_end_date, immi_immigration_status",
    "ssd_involvements": "invo_involvements_id, invo_professional_id, invo_professional_role_id, invo_person_id, invo_involvement_start_date, invo_involvement_end_date, invo_worker_change_reason",
}


def canonical() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    db.create_schema(con)

    def put(sql: str, rows: list[tuple[object, ...]]) -> None:
        con.executemany(sql, [list(r) for r in rows])

    put(
        "INSERT INTO ssd_person (pers_person_id, pers_sex, pers_dob, pers_ethnicity, pers_upn) VALUES (?, ?, ?, ?, ?)",
        PERSONS,
    )
    put(
        f"INSERT INTO ssd_cla_episodes ({CARRIED['ssd_cla_episodes']}) VALUES ({', '.join('?' * 10)})",
        EPISODES,
    )
    put(
        f"INSERT INTO ssd_cla_placement ({CARRIED['ssd_cla_placement']}) VALUES ({', '.join('?' * 10)})",
        PLACEMENTS,
    )
    put(
        f"INSERT INTO ssd_legal_status ({CARRIED['ssd_legal_status']}) VALUES (?, ?, ?, ?, ?)",
        LEGAL_STATUSES,
    )
    put(
        f"INSERT INTO ssd_cla_reviews ({CARRIED['ssd_cla_reviews']}) VALUES (?, ?, ?, ?, ?)",
        REVIEWS,
    )
    put(f"INSERT INTO ssd_missing ({CARRIED['ssd_missing']}) VALUES (?, ?, ?, ?, ?)", MISSING)
    put(
        f"INSERT INTO ssd_care_leavers ({CARRIED['ssd_care_leavers']}) VALUES (?, ?, ?, ?, ?, ?, ?)",
        CARE_LEAVERS,
    )
    con.execute(
        "INSERT INTO ssd_immigration_status VALUES ('P0000004-UASC', 'P0000004', DATE '2003-04-01', DATE '2021-04-01', 'UASC')"
    )
    put(
        """INSERT INTO ssd_involvements (invo_involvements_id, invo_professional_id, invo_person_id,
           invo_involvement_start_date, invo_involvement_end_date, invo_worker_change_reason,
           invo_professional_role_id) VALUES (?, ?, ?, ?, ?, ?, 'SW')""",
        INVOLVEMENTS,
    )
    return con


def rows(con: duckdb.DuckDBPyConnection, table: str) -> set[tuple[object, ...]]:
    return set(con.execute(f"SELECT {CARRIED[table]} FROM {table}").fetchall())


def store_rows(store: Path, table: str) -> set[tuple[object, ...]]:
    con = duckdb.connect(str(store), read_only=True)
    try:
        return rows(con, table)
    finally:
        con.close()


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("ssda903") / "out"
    con = canonical()
    paths = ssda903.write(con, out)
    con.close()
    assert {p.parent.name for p in paths} == {"2020", "2021", "2022"}
    assert len(paths) == 21
    return out


def _file(folder: Path, name: str) -> list[str]:
    return (folder / f"{name}.csv").read_text("utf-8").splitlines()


# --- round trips --------------------------------------------------------------------------


def test_round_trip_holds_the_facts_the_format_carries(written: Path, tmp_path: Path) -> None:
    store = tmp_path / "store.duckdb"
    ingest([written], store)
    con = canonical()
    for table in CARRIED:
        assert store_rows(store, table) == rows(con, table), table


def test_loading_year_by_year_gives_the_same_store(written: Path, tmp_path: Path) -> None:
    """Each later return continues the periods, placements and legal statuses in the store."""
    store = tmp_path / "store.duckdb"
    for year in ("2020", "2021", "2022"):
        ingest([written / year], store)
    con = canonical()
    for table in CARRIED:
        assert store_rows(store, table) == rows(con, table), table


def test_year_from_content_when_names_carry_none(written: Path, tmp_path: Path) -> None:
    for year, folder in (("2020", "first"), ("2021", "second"), ("2022", "third")):
        shutil.copytree(written / year, tmp_path / "returns" / folder)
    store = tmp_path / "store.duckdb"
    ingest([tmp_path / "returns"], store)
    con = canonical()
    for table in CARRIED:
        assert store_rows(store, table) == rows(con, table), table


def test_written_return_as_the_return_holds_it(written: Path) -> None:
    episodes_2020 = _file(written / "2020", "Episodes")
    assert episodes_2020[0] == (
        "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN"
    )
    # Open at 31 March 2020: DEC, REC and the placement change reason wait for next year.
    assert "P0000001,31/03/2020,P,C2,N1,K2,PR4,,,,,CD2,SC100002" in episodes_2020
    assert "P0000001,29/02/2020,L,C2,N1,U1,PR1,31/03/2020,X1,CARPL,,AB1,SC100001" in episodes_2020
    assert "P0000001,31/03/2020,P,C2,N1,K2,PR4,31/03/2021,X1,CHILD,,CD2,SC100002" in _file(
        written / "2021", "Episodes"
    )
    # Ended on 1 April 2020: in the 2020-21 return, not in 2019-20's.
    assert not any(r.startswith("P0000002") for r in episodes_2020)
    assert "P0000002,01/04/2020,S,V2,N2,U1,PR1,01/04/2020,E4A,,,EF3," in _file(
        written / "2021", "Episodes"
    )
    assert _file(written / "2021", "OC3") == [
        "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM",
        "P0000003,29/02/2004,YES,F2,B1",
        "P0000004,01/04/2003,YES,P4,S1",
    ]
    assert _file(written / "2022", "UASC") == [
        "CHILD,SEX,DOB,DUC",
        "P0000004,1,01/04/2003,01/04/2021",
    ]
    assert "P0000002,2,29/02/2012,BCRB,,," in _file(written / "2021", "Header")
    assert _file(written / "2022", "SWEpisodes")[1:] == [
        "P0000001,14/07/2008,SW002,31/12/2020,,",
        "P0000004,01/04/2003,SW003,01/10/2019,01/04/2021,OTHER",
    ]


def test_every_written_file_is_recognised(written: Path) -> None:
    for path in (written / "2021").iterdir():
        assert ssda903.recognise(path) == path.stem


# --- stitching years ----------------------------------------------------------------------

EPISODE_HEADER = (
    "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN"
)


def _write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, str):
        path.write_text(text, "utf-8")
    else:
        path.write_bytes(text)
    return path


def test_the_later_return_wins_value_by_value(tmp_path: Path) -> None:
    # The 2020-21 return has the episode open; 2021-22's closes it and corrects the need code,
    # leaving the placement postcode empty, which keeps 2020-21's.
    _write(
        tmp_path / "r" / "903_episodes_2020-21.csv",
        f"{EPISODE_HEADER}\nP0000009,01/05/2020,S,C2,N1,U1,PR1,,,,,AB1,\n",
    )
    _write(
        tmp_path / "r" / "903_episodes_2021-22.csv",
        f"{EPISODE_HEADER}\nP0000009,2020-05-01,S,C2,N2,U1,PR1,01/05/2021,E4A,,,,\n",
    )
    store = tmp_path / "store.duckdb"
    ingest([tmp_path / "r"], store)
    con = duckdb.connect(str(store), read_only=True)
    assert con.execute(
        "SELECT clae_cla_episode_id, clae_cla_primary_need_code, clae_cla_episode_ceased_date, clae_cla_id FROM ssd_cla_episodes"
    ).fetchall() == [("P0000009-20200501", "N2", D(2021, 5, 1), "P0000009-20200501")]
    assert con.execute(
        "SELECT clap_cla_placement_postcode, clap_cla_placement_end_date FROM ssd_cla_placement"
    ).fetchall() == [("AB1", D(2021, 5, 1))]
    con.close()


def test_an_earlier_years_file_without_the_newer_columns(tmp_path: Path) -> None:
    _write(
        tmp_path / "2016" / "Episodes.csv",
        "CHILD,DECOM,RNE,LS,CIN,PLACE,DEC,REC\nP0000009,01/05/2015,S,C2,N1,U1,,\n",
    )
    _write(
        tmp_path / "2017" / "Episodes.csv",
        f"{EPISODE_HEADER}\nP0000009,01/05/2015,S,C2,N1,U1,PR1,01/05/2016,E4A,,,AB1,\n",
    )
    store = tmp_path / "store.duckdb"
    ingest([tmp_path / "2016"], store)
    assert store_rows(store, "ssd_cla_placement") == {
        (
            "P0000009-20150501",
            "P0000009-20150501",
            "P0000009",
            D(2015, 5, 1),
            "U1",
            None,
            None,
            None,
            None,
            None,
        )
    }
    ingest([tmp_path / "2016", tmp_path / "2017"], tmp_path / "both.duckdb")
    for s in (store, tmp_path / "both.duckdb"):
        ingest([tmp_path / "2017"], s)
        assert store_rows(s, "ssd_cla_placement") == {
            (
                "P0000009-20150501",
                "P0000009-20150501",
                "P0000009",
                D(2015, 5, 1),
                "U1",
                None,
                "PR1",
                "AB1",
                D(2016, 5, 1),
                None,
            )
        }


def test_a_year_with_nothing_in_it(tmp_path: Path) -> None:
    con = canonical()
    paths = ssda903.write(con, tmp_path / "out", years=[2018])
    assert all(len(p.read_text("utf-8").splitlines()) == 1 for p in paths)
    report = ingest([tmp_path / "out"], tmp_path / "store.duckdb")
    assert report.rows_read == 0
    empty = duckdb.connect()
    db.create_schema(empty)
    assert ssda903.write(empty, tmp_path / "none") == []


def test_groups_follow_rne_and_changes_of_value(tmp_path: Path) -> None:
    """A legal status that changes at RNE P still starts a new legal status; a return whose
    first episode for a child continues an unknown period names the period by that episode and
    leaves the date of entry to care empty."""
    _write(
        tmp_path / "2021" / "Episodes.csv",
        f"{EPISODE_HEADER}\n"
        "P0000008,01/05/2020,S,C1,N1,U1,PR1,01/06/2020,X1,CARPL,,,\n"
        "P0000008,01/06/2020,P,C2,N1,U2,PR1,,,,,,\n"
        "P0000007,01/03/2019,L,C2,N1,U1,PR1,,,,,,\n",
    )
    store = tmp_path / "store.duckdb"
    ingest([tmp_path / "2021"], store)
    assert {r[:4] for r in store_rows(store, "ssd_legal_status")} == {
        ("P0000008-20200501", "P0000008", "C1", D(2020, 5, 1)),
        ("P0000008-20200601", "P0000008", "C2", D(2020, 6, 1)),
        ("P0000007-20190301", "P0000007", "C2", D(2019, 3, 1)),
    }
    episodes = {r[0]: r for r in store_rows(store, "ssd_cla_episodes")}
    assert episodes["P0000007-20190301"][-2:] == ("P0000007-20190301", None)
    assert episodes["P0000008-20200601"][-2:] == ("P0000008-20200501", D(2020, 5, 1))
    placements = {r[0]: r for r in store_rows(store, "ssd_cla_placement")}
    assert placements["P0000008-20200501"][-2:] == (D(2020, 6, 1), "CARPL")


def test_two_tables_for_one_year_are_refused(tmp_path: Path) -> None:
    body = f"{EPISODE_HEADER}\nP0000009,01/05/2020,S,C2,N1,U1,PR1,,,,,,\n"
    first = _write(tmp_path / "2021" / "Episodes.csv", body)
    second = _write(tmp_path / "2021" / "Episodes (1).csv", body)
    with pytest.raises(ReaderError) as e:
        ingest([tmp_path / "2021"], tmp_path / "store.duckdb")
    [problem] = e.value.problems
    assert {problem.file, problem.reason.split("the first is ")[1][:-1]} == {
        str(first),
        str(second),
    }
    assert "a second Episodes table for the 2020-21 return" in problem.reason


def test_oc3_needs_a_year(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "leavers" / "OC3.csv",
        "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\nP0000003,29/02/2004,YES,F2,B1\n",
    )
    with pytest.raises(ReaderError) as e:
        ingest([path], tmp_path / "store.duckdb")
    assert e.value.problems[0].file == str(path)
    assert "cannot tell which year" in str(e.value)


def test_other_tables_are_recognised_and_pass_over(tmp_path: Path) -> None:
    folder = tmp_path / "2021"
    _write(
        folder / "OC2.csv",
        "CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED\nP0000001,14/07/2008,12,,0,1,1,1,1,0,,\n",
    )
    _write(
        folder / "AD1.csv",
        "CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR\n",
    )
    _write(
        folder / "PlacedAdoption.csv",
        "CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED\n",
    )
    _write(folder / "PrevPerm.csv", "CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM\n")
    _write(
        folder / "Header.csv",
        "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nP0000001,1,14/07/2008,WBRI,,,\n",
    )
    kinds = {p.name: ssda903.recognise(p) for p in folder.iterdir()}
    assert kinds == {f"{k}.csv": k for k in ("OC2", "AD1", "PlacedAdoption", "PrevPerm", "Header")}
    report = ingest([folder], tmp_path / "store.duckdb")
    assert report.table_rows["ssd_person"] == 1


@pytest.mark.parametrize(
    ("name", "year"),
    [
        ("2021", 2021),
        ("Episodes_2020-21", 2021),
        ("ssda903_202021", 2021),
        ("2020_2021", 2021),
        ("episodes", None),
    ],
)
def test_year_from_name(name: str, year: int | None) -> None:
    assert ssda903.year_from_name(name) == year


# --- bad input ----------------------------------------------------------------------------

GOOD = (
    f"{EPISODE_HEADER}\n"
    "P0000001,01/05/2020,S,C2,N1,U1,PR1,,,,,AB1,SC000001\n"
    "P0000002,15/06/2020,S,V2,N2,K2,PR4,01/07/2020,E4A,,,CD2,\n"
    "P0000003,31/03/2021,S,C1,N1,U3,PR1,,,,,EF3,\n"
)

BAD = {
    "missing column": (
        GOOD.replace(",LS,", ",").replace(",C2,N1", ",N1"),
        1,
        "LS",
        "column missing",
    ),
    "empty file": (b"", None, None, "empty"),
    "truncated file": (GOOD[: GOOD.index("P0000003") + 15], 4, "RNE", "truncated"),
    "wrong encoding": (GOOD.replace("EF3", "EF\xa33").encode("latin-1"), 4, "PL_POST", "UTF-8"),
}

#: A fault in one record: that record is held back (with its rule), the rest load.
HELD = {
    "unparseable date": (
        GOOD.replace("15/06/2020", "31/02/2020"),
        3,
        "DECOM",
        "value-date",
        "'31/02/2020' is not a date: 31 February does not exist (expected dd/mm/yyyy or yyyy-mm-dd)",
    ),
    "two-digit year": (
        GOOD.replace("15/06/2020", "05/05/19"),
        3,
        "DECOM",
        "value-date",
        "'05/05/19' is not a date: a two-digit year is ambiguous (expected dd/mm/yyyy, e.g. 05/05/2019)",
    ),
    "date out of range": (
        GOOD.replace("15/06/2020", "15/06/0202"),
        3,
        "DECOM",
        "value-date",
        "'15/06/0202' is out of range: only dates from 1900 to 2100 are accepted "
        "(expected dd/mm/yyyy or yyyy-mm-dd)",
    ),
    "wrong code": (
        GOOD.replace(",S,V2,", ",Q,V2,"),
        3,
        "RNE",
        "value-code",
        "'Q' is not a code in the 2020-21 list (expected one of B, L, P, S, T, U)",
    ),
}


def stage_files(tmp_path: Path, *paths: Path, options: LoadOptions = LoadOptions()) -> Staged:  # noqa: B008
    con = db.connect(tmp_path / "stage.duckdb")
    try:
        files = [SourceFile(p, "ssda903", ssda903.recognise(p) or "") for p in paths]
        return ssda903.stage(con, files, options)
    finally:
        con.close()


@pytest.mark.parametrize("case", list(HELD))
def test_a_faulty_record_is_held_back_and_the_rest_load(case: str, tmp_path: Path) -> None:
    text, row, column, rule, reason = HELD[case]
    path = _write(tmp_path / "2021" / "Episodes.csv", text)
    con = db.connect(tmp_path / "s.duckdb")
    staged = ssda903.stage(con, [SourceFile(path, "ssda903", "Episodes")])
    [problem] = staged.held
    assert (problem.file, problem.row, problem.column, problem.rule, problem.reason) == (
        str(path),
        row,
        column,
        rule,
        reason,
    )
    assert problem.table == "ssd_cla_episodes"
    [temp] = staged.tables["ssd_cla_episodes"]
    assert con.execute(f"SELECT clae_person_id FROM {temp} ORDER BY 1").fetchall() == [
        ("P0000001",),
        ("P0000003",),
    ]
    assert staged.scopes == {path: "ssda903:Episodes:2021"}
    con.close()


def test_a_conflicting_duplicate_holds_both_rows_and_an_exact_one_is_noted(
    tmp_path: Path,
) -> None:
    text = (
        GOOD
        + "P0000002,15/06/2020,P,V2,N2,K2,PR4,,,,,CD2,\n"  # row 5: same key, other values
        + "P0000001,01/05/2020,S,C2,N1,U1,PR1,,,,,AB1,SC000001\n"  # row 6: same as row 2
    )
    path = _write(tmp_path / "2021" / "Episodes.csv", text)
    staged = stage_files(tmp_path, path)
    assert sorted((p.row, p.rule) for p in staged.held) == [
        (3, "key-conflict"),
        (5, "key-conflict"),
    ]
    assert [(n.row, n.rule) for n in staged.notes] == [(6, "row-duplicate")]


@pytest.fixture
def loaded_store(tmp_path: Path) -> Path:
    store = tmp_path / "store.duckdb"
    _write(tmp_path / "good" / "2021" / "Episodes.csv", GOOD)
    ingest([tmp_path / "good"], store)
    return store


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_is_reported_and_changes_nothing(
    case: str, tmp_path: Path, loaded_store: Path
) -> None:
    text, row, column, reason = BAD[case]
    path = _write(tmp_path / "bad" / "2022" / "Episodes.csv", text)
    before = store_checksums(loaded_store)
    with pytest.raises(ReaderError) as e:
        ingest([path], loaded_store)
    problem = e.value.problems[0]
    assert problem.file == str(path)
    assert problem.row == row
    assert problem.column == column
    assert reason in problem.reason
    assert str(path) in str(problem) and (row is None or f"row {row}" in str(problem))
    assert store_checksums(loaded_store) == before


def test_several_problems_in_one_file_are_held_together(tmp_path: Path) -> None:
    text = (
        f"{EPISODE_HEADER}\n"
        "P0000001,01/13/2020,S,C2,N1,U1,PR1,,,,,,\n"  # row 2: bad DECOM
        "P0000002,15/06/2020,S,ZZ,N2,K2,PR9,,,,,,\n"  # row 3: bad LS and PLACE_PROVIDER
        ",15/07/2020,S,V2,N2,K2,PR4,,,,,,\n"  # row 4: no CHILD
        "P0000005,15/07/2020,S,V2,N2,K2,PR4,,,,,,\n"  # row 5: fine
    )
    path = _write(tmp_path / "2021" / "Episodes.csv", text)
    staged = stage_files(tmp_path, path)
    assert sorted((p.row, p.column, p.rule) for p in staged.held) == [
        (2, "DECOM", "value-date"),
        (3, "LS", "value-code"),
        (3, "PLACE_PROVIDER", "value-code"),
        (4, "CHILD", "value-missing"),
    ]
    assert (
        staged.rows[path] == 2
    )  # as read: rows 3 and 5 (row 3 is held later, on its year's codes)


def test_problems_in_several_files_are_held_together(tmp_path: Path) -> None:
    _write(tmp_path / "2021" / "Episodes.csv", GOOD.replace("01/05/2020", "1 May 2020"))
    _write(
        tmp_path / "2021" / "Reviews.csv",
        "CHILD,DOB,REVIEW,REVIEW_CODE\nP0000001,,32/01/2021,PN1\n",
    )
    staged = stage_files(tmp_path, *sorted((tmp_path / "2021").iterdir()))
    assert {(Path(p.file).name, p.row, p.column, p.rule) for p in staged.held} == {
        ("Episodes.csv", 2, "DECOM", "value-date"),
        ("Reviews.csv", 2, "REVIEW", "value-date"),
    }


# --- mangled input ------------------------------------------------------------------------


def _mangle(data: bytes, draw: st.DrawFn) -> bytes:
    how = draw(st.sampled_from(["flip", "truncate", "insert", "delete", "random"]))
    if how == "random":
        return draw(st.binary(max_size=300))
    if not data:
        return data
    at = draw(st.integers(0, len(data) - 1))
    if how == "flip":
        return data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1 :]
    if how == "truncate":
        return data[:at]
    if how == "insert":
        return data[:at] + draw(st.binary(min_size=1, max_size=5)) + data[at:]
    return data[:at] + data[at + draw(st.integers(1, 5)) :]


@st.composite
def mangled(draw: st.DrawFn) -> tuple[str, bytes]:
    name, text = draw(
        st.sampled_from(
            [
                ("Episodes", GOOD),
                (
                    "Header",
                    "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nP0000001,1,29/02/2008,WBRI,,,\n",
                ),
                ("OC3", "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\nP0000003,29/02/2004,YES,F2,B1\n"),
                (
                    "Missing",
                    "CHILD,DOB,MISSING,MIS_START,MIS_END\nP0000001,,M,29/02/2020,01/03/2020\n",
                ),
            ]
        )
    )
    data = text.encode("utf-8")
    for _ in range(draw(st.integers(1, 3))):
        data = _mangle(data, draw)
    return name, data


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(case=mangled())
def test_mangled_files_raise_only_reader_errors(case: tuple[str, bytes], tmp_path: Path) -> None:
    name, data = case
    path = _write(tmp_path / "2021" / f"{name}.csv", data)
    con = duckdb.connect()
    db.create_schema(con)
    try:
        kind = ssda903.recognise(path)
        if kind is None:
            return  # the loader raises LoadError: not a file it reads
        try:
            ssda903.stage(con, [SourceFile(path, "ssda903", kind)])
        except ReaderError as e:
            assert e.problems and all(p.file == str(path) for p in e.problems)
    finally:
        con.close()


OC3_ROW = "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\nP0000009,10/10/2002,YES,F2,B1\n"


def test_a_future_date_does_not_move_a_return_into_its_year(tmp_path: Path) -> None:
    """A review typed as 2030 in a 2020-21 return without years in its names: the return is
    still 2020-21 (from its Episodes), so OC3's birthday is the 19th, in 2020-21, not the 28th."""
    folder = tmp_path / "return"
    _write(folder / "Episodes.csv", GOOD)
    _write(
        folder / "Reviews.csv",
        "CHILD,DOB,REVIEW,REVIEW_CODE\nP0000001,,01/06/2020,PN1\nP0000002,,01/06/2030,PN1\n",
    )
    _write(folder / "OC3.csv", OC3_ROW)
    store = tmp_path / "store.duckdb"
    ingest([folder], store)
    con = duckdb.connect(str(store), read_only=True)
    try:
        birthdays = con.execute(
            "SELECT clea_care_leaver_latest_contact FROM ssd_care_leavers"
        ).fetchall()
    finally:
        con.close()
    assert birthdays == [(date(2020, 10, 10),)]


def test_a_folder_whose_files_imply_different_years_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "return"
    _write(folder / "Episodes.csv", GOOD)
    _write(
        folder / "Reviews.csv",
        "CHILD,DOB,REVIEW,REVIEW_CODE\nP0000001,,01/06/2022,PN1\nP0000002,,01/07/2022,PN1\n",
    )
    _write(folder / "OC3.csv", OC3_ROW)
    with pytest.raises(ReaderError) as e:
        stage_files(tmp_path, *sorted(folder.iterdir()))
    (problem,) = e.value.problems
    assert problem.file == str(folder)
    assert (
        "its files imply different collection years "
        "(Episodes.csv (Episodes): 2020-21; Reviews.csv (Reviews): 2022-23)"
    ) in problem.reason


def test_a_date_after_the_year_is_held_back(tmp_path: Path) -> None:
    """One review typed into a later year: the return keeps its year; the review is held."""
    folder = tmp_path / "return"
    _write(folder / "Episodes.csv", GOOD)
    reviews = _write(
        folder / "Reviews.csv",
        "CHILD,DOB,REVIEW,REVIEW_CODE\nP0000001,,01/06/2020,PN1\nP0000002,,01/07/2020,PN1\n"
        "P0000003,,01/06/2022,PN1\n",
    )
    staged = stage_files(tmp_path, *sorted(folder.iterdir()))
    assert [(p.file, p.row, p.column, p.rule, p.value) for p in staged.held] == [
        (str(reviews), 4, "REVIEW", "903-after-year", "01/06/2022")
    ]
    assert staged.scopes[reviews] == "ssda903:Reviews:2021"
