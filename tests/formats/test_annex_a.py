"""Annex A workbook: writer -> reader round trip, tolerant reading, bad input, mangled bytes."""

from __future__ import annotations

import io
import random
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csc_insight.errors import LoadError, ReaderError
from csc_insight.formats import annex_a
from csc_insight.formats import annex_a_lists as codes
from csc_insight.formats.annex_a_lists import BY_NUMBER, LISTS
from csc_insight.formats.base import SourceFile
from csc_insight.formats.rules import RULES
from csc_insight.store import db
from csc_insight.store.checksum import store_checksums
from csc_insight.store.load import ingest

D = date.fromisoformat
PERIOD_END = D("2020-03-31")  # window: 2019-04-01 .. 2020-03-31, leap day inside


# ---------------------------------------------------------------------------------------------
# A small canonical store, by hand


#: The canonical store the workbook is written from: a few children and the awkward cases
#: (leap days, window edges, same-day events, episodes still open, events after the period end).
SOURCE: dict[str, list[dict[str, Any]]] = {
    "ssd_person": [
        {"pers_person_id": "P0000001", "pers_sex": "M", "pers_ethnicity": "WBRI", "pers_dob": D("2008-02-29")},
        {"pers_person_id": "P0000002", "pers_sex": "F", "pers_ethnicity": "BAFR", "pers_dob": D("2003-12-31")},
        {"pers_person_id": "P0000003", "pers_sex": "U", "pers_ethnicity": "NOBT", "pers_dob": D("2019-04-01")},
        {"pers_person_id": "P0000004", "pers_sex": "F", "pers_ethnicity": "AIND", "pers_dob": D("2001-03-31")},
        {"pers_person_id": "P0000005", "pers_sex": "M", "pers_ethnicity": "WBRI", "pers_dob": D("2001-01-01")},
    ],
    "ssd_disability": [{"disa_table_id": "D1", "disa_person_id": "P0000001", "disa_disability_code": "LD"}],
    "ssd_contacts": [
        {"cont_contact_id": "P0000001-20190331", "cont_person_id": "P0000001", "cont_contact_date": D("2019-03-31"), "cont_contact_source_code": "6"},
        {"cont_contact_id": "P0000001-20190401", "cont_person_id": "P0000001", "cont_contact_date": D("2019-04-01"), "cont_contact_source_code": "6"},
        {"cont_contact_id": "P0000001-20200229", "cont_person_id": "P0000001", "cont_contact_date": D("2020-02-29"), "cont_contact_source_code": "2A"},
        {"cont_contact_id": "P0000002-20200229", "cont_person_id": "P0000002", "cont_contact_date": D("2020-02-29"), "cont_contact_source_desc": "Neighbour"},
        {"cont_contact_id": "P0000003-20200331", "cont_person_id": "P0000003", "cont_contact_date": D("2020-03-31"), "cont_contact_source_code": "10"},
        {"cont_contact_id": "P0000003-20200401", "cont_person_id": "P0000003", "cont_contact_date": D("2020-04-01"), "cont_contact_source_code": "10"},
    ],
    "ssd_early_help_episodes": [
        {"earl_episode_id": "P0000001-20190301", "earl_person_id": "P0000001", "earl_episode_start_date": D("2019-03-01"), "earl_episode_end_date": D("2019-05-01")},
        {"earl_episode_id": "P0000003-20190601", "earl_person_id": "P0000003", "earl_episode_start_date": D("2019-06-01"), "earl_episode_end_date": D("2019-12-31"), "earl_episode_organisation": "School"},
        {"earl_episode_id": "P0000002-20200331", "earl_person_id": "P0000002", "earl_episode_start_date": D("2020-03-31"), "earl_episode_organisation": "Family hub"},
    ],
    "ssd_cin_episodes": [
        # referred on the window's first day, the day of a contact; closed after the period end
        {"cine_referral_id": "P0000001-20190401", "cine_person_id": "P0000001", "cine_referral_date": D("2019-04-01"), "cine_referral_source_code": "6", "cine_referral_nfa": "N", "cine_cin_primary_need_code": "N1", "cine_close_date": D("2020-04-15"), "cine_close_reason": "RC1", "cine_referral_team": "T1", "cine_referral_worker_id": "W1"},
        # referred before the window and still open: in List 6 only
        {"cine_referral_id": "P0000002-20190115", "cine_person_id": "P0000002", "cine_referral_date": D("2019-01-15"), "cine_referral_source_code": "8", "cine_cin_primary_need_code": "N5", "cine_referral_team": "T2"},
        # leap day, closed the same day
        {"cine_referral_id": "P0000002-20200229", "cine_person_id": "P0000002", "cine_referral_date": D("2020-02-29"), "cine_referral_source_code": "2A", "cine_referral_nfa": "Y", "cine_cin_primary_need_code": "N9", "cine_close_date": D("2020-02-29"), "cine_close_reason": "RC8"},
        # closed the day before the window
        {"cine_referral_id": "P0000003-20190301", "cine_person_id": "P0000003", "cine_referral_date": D("2019-03-01"), "cine_close_date": D("2019-03-31"), "cine_close_reason": "RC8"},
    ],
    "ssd_cin_assessments": [
        {"cina_assessment_id": "P0000001-20190402", "cina_person_id": "P0000001", "cina_assessment_start_date": D("2019-04-02"), "cina_assessment_child_seen": "Y", "cina_assessment_auth_date": D("2019-05-31"), "cina_assessment_outcome_nfa": "N", "cina_assessment_team": "T1", "cina_assessment_worker_id": "W1"},
        {"cina_assessment_id": "P0000002-20200229", "cina_person_id": "P0000002", "cina_assessment_start_date": D("2020-02-29"), "cina_assessment_child_seen": "N"},
        {"cina_assessment_id": "P0000001-20200401", "cina_person_id": "P0000001", "cina_assessment_start_date": D("2020-04-01")},
    ],
    "ssd_s47_enquiry": [
        {"s47e_s47_enquiry_id": "P0000001-20190410", "s47e_person_id": "P0000001", "s47e_s47_start_date": D("2019-04-10"), "s47e_s47_nfa": "N", "s47e_s47_completed_by_team": "T1"},
        {"s47e_s47_enquiry_id": "P0000002-20191231", "s47e_person_id": "P0000002", "s47e_s47_start_date": D("2019-12-31"), "s47e_s47_nfa": "Y"},
        {"s47e_s47_enquiry_id": "P0000003-20200330", "s47e_person_id": "P0000003", "s47e_s47_start_date": D("2020-03-30"), "s47e_s47_nfa": "N"},
    ],
    "ssd_initial_cp_conference": [
        {"icpc_icpc_id": "P0000001-20190501", "icpc_s47_enquiry_id": "P0000001-20190410", "icpc_person_id": "P0000001", "icpc_icpc_date": D("2019-05-01"), "icpc_icpc_outcome_cp_flag": "Y"},
        # after the period end: not in this return
        {"icpc_icpc_id": "P0000003-20200415", "icpc_s47_enquiry_id": "P0000003-20200330", "icpc_person_id": "P0000003", "icpc_icpc_date": D("2020-04-15"), "icpc_icpc_outcome_cp_flag": "N"},
    ],
    "ssd_cp_plans": [
        {"cppl_cp_plan_id": "P0000001-20190501", "cppl_person_id": "P0000001", "cppl_cp_plan_start_date": D("2019-05-01"), "cppl_cp_plan_initial_category": "NEG", "cppl_cp_plan_latest_category": "EMO"},
        # ended on the window's first day: open in the window
        {"cppl_cp_plan_id": "P0000002-20180101", "cppl_person_id": "P0000002", "cppl_cp_plan_start_date": D("2018-01-01"), "cppl_cp_plan_end_date": D("2019-04-01"), "cppl_cp_plan_initial_category": "PHY", "cppl_cp_plan_latest_category": "PHY"},
        {"cppl_cp_plan_id": "P0000003-20170101", "cppl_person_id": "P0000003", "cppl_cp_plan_start_date": D("2017-01-01"), "cppl_cp_plan_end_date": D("2019-03-31")},
    ],
    "ssd_cla_episodes": [
        {"clae_cla_episode_id": "P0000001-20190601", "clae_person_id": "P0000001", "clae_cla_placement_id": "P0000001-20190601", "clae_cla_episode_start_date": D("2019-06-01"), "clae_cla_episode_start_reason": "S", "clae_cla_primary_need_code": "N1", "clae_cla_episode_ceased_date": D("2019-09-01"), "clae_cla_episode_ceased_reason": "X1", "clae_cla_id": "P0000001-20190601", "clae_entered_care_date": D("2019-06-01")},
        # a change of legal status only: the latest episode starts with it, in the same placement
        {"clae_cla_episode_id": "P0000001-20190901", "clae_person_id": "P0000001", "clae_cla_placement_id": "P0000001-20190601", "clae_cla_episode_start_date": D("2019-09-01"), "clae_cla_episode_start_reason": "L", "clae_cla_primary_need_code": "N1", "clae_cla_id": "P0000001-20190601", "clae_entered_care_date": D("2019-06-01"), "clae_cla_last_iro_contact_date": D("2020-01-15")},
        # entered care on a leap day, left on the period's last day
        {"clae_cla_episode_id": "P0000002-20200229", "clae_person_id": "P0000002", "clae_cla_placement_id": "P0000002-20200229", "clae_cla_episode_start_date": D("2020-02-29"), "clae_cla_episode_start_reason": "S", "clae_cla_primary_need_code": "N4", "clae_cla_episode_ceased_date": D("2020-03-31"), "clae_cla_episode_ceased_reason": "E4A", "clae_cla_id": "P0000002-20200229", "clae_entered_care_date": D("2020-02-29")},
        {"clae_cla_episode_id": "P0000003-20190301", "clae_person_id": "P0000003", "clae_cla_episode_start_date": D("2019-03-01"), "clae_cla_episode_ceased_date": D("2019-03-31"), "clae_cla_episode_ceased_reason": "E13", "clae_cla_id": "P0000003-20190301"},
    ],
    "ssd_cla_placement": [
        {"clap_cla_placement_id": "P0000001-20190601", "clap_cla_id": "P0000001-20190601", "clap_person_id": "P0000001", "clap_cla_placement_start_date": D("2019-06-01"), "clap_cla_placement_type": "U1", "clap_cla_placement_provider": "PR1", "clap_cla_placement_postcode": "AB1", "clap_cla_placement_urn": "SC123456"},
        {"clap_cla_placement_id": "P0000002-20200229", "clap_cla_id": "P0000002-20200229", "clap_person_id": "P0000002", "clap_cla_placement_start_date": D("2020-02-29"), "clap_cla_placement_type": "K2", "clap_cla_placement_provider": "PR4", "clap_cla_placement_end_date": D("2020-03-31")},
    ],
    "ssd_legal_status": [
        {"lega_legal_status_id": "P0000001-20190601", "lega_person_id": "P0000001", "lega_legal_status": "V2", "lega_legal_status_start_date": D("2019-06-01"), "lega_legal_status_end_date": D("2019-09-01")},
        {"lega_legal_status_id": "P0000001-20190901", "lega_person_id": "P0000001", "lega_legal_status": "C1", "lega_legal_status_start_date": D("2019-09-01")},
        {"lega_legal_status_id": "P0000002-20200229", "lega_person_id": "P0000002", "lega_legal_status": "V2", "lega_legal_status_start_date": D("2020-02-29")},
    ],
    "ssd_immigration_status": [
        {"immi_immigration_status_id": "P0000001-UASC", "immi_person_id": "P0000001", "immi_immigration_status": "UASC", "immi_immigration_status_start_date": D("2019-06-01")},
    ],
    "ssd_care_leavers": [
        {"clea_table_id": "P0000004-20190415", "clea_person_id": "P0000004", "clea_care_leaver_eligibility": "Relevant", "clea_care_leaver_in_touch": "YES", "clea_care_leaver_latest_contact": D("2019-04-15"), "clea_care_leaver_accommodation": "B1", "clea_care_leaver_accom_suitable": "Y", "clea_care_leaver_activity": "F2"},
        # the latest record in the window is the one written
        {"clea_table_id": "P0000004-20200331", "clea_person_id": "P0000004", "clea_care_leaver_eligibility": "Former relevant", "clea_care_leaver_in_touch": "NO", "clea_care_leaver_latest_contact": D("2020-03-31"), "clea_care_leaver_accommodation": "K2", "clea_care_leaver_accom_suitable": "N", "clea_care_leaver_activity": "G6", "clea_care_leaver_personal_advisor": "PA1", "clea_pathway_plan_review_date": D("2020-03-01"), "clea_care_leaver_allocated_team": "LC", "clea_care_leaver_worker_id": "W9"},
        {"clea_table_id": "P0000005-20200401", "clea_person_id": "P0000005", "clea_care_leaver_latest_contact": D("2020-04-01"), "clea_care_leaver_in_touch": "YES"},
    ],
}  # fmt: skip


def canonical() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    db.create_schema(con)
    for table, rows in SOURCE.items():
        for r in rows:
            marks = ", ".join("?" for _ in r)
            con.execute(f"INSERT INTO {table} ({', '.join(r)}) VALUES ({marks})", list(r.values()))
    return con


# What the store holds after loading the written workbook: the window's facts, as at its end.
EXPECTED: dict[str, tuple[list[str], list[tuple[Any, ...]]]] = {
    "ssd_person": (
        ["pers_person_id", "pers_sex", "pers_ethnicity", "pers_dob"],
        [
            ("P0000001", "M", "WBRI", D("2008-02-29")),
            ("P0000002", "F", "BAFR", D("2003-12-31")),
            ("P0000003", "U", "NOBT", D("2019-04-01")),
            ("P0000004", "F", "AIND", D("2001-03-31")),
        ],
    ),
    "ssd_contacts": (
        ["cont_contact_id", "cont_person_id", "cont_contact_date", "cont_contact_source_code", "cont_contact_source_desc"],
        [
            ("P0000001-20190401", "P0000001", D("2019-04-01"), "6", None),
            ("P0000001-20200229", "P0000001", D("2020-02-29"), "2A", None),
            ("P0000002-20200229", "P0000002", D("2020-02-29"), None, "Neighbour"),
            ("P0000003-20200331", "P0000003", D("2020-03-31"), "10", None),
        ],
    ),
    "ssd_early_help_episodes": (
        ["earl_episode_id", "earl_person_id", "earl_episode_start_date", "earl_episode_end_date", "earl_episode_organisation"],
        [
            ("P0000002-20200331", "P0000002", D("2020-03-31"), None, "Family hub"),
            ("P0000003-20190601", "P0000003", D("2019-06-01"), D("2019-12-31"), "School"),
        ],
    ),
    "ssd_cin_episodes": (
        [
            "cine_referral_id", "cine_person_id", "cine_referral_date", "cine_referral_source_code",
            "cine_referral_nfa", "cine_cin_primary_need_code", "cine_close_date", "cine_close_reason",
            "cine_referral_team", "cine_referral_worker_id",
        ],
        [
            ("P0000001-20190401", "P0000001", D("2019-04-01"), "6", "N", "N1", None, None, "T1", "W1"),
            ("P0000002-20190115", "P0000002", D("2019-01-15"), None, None, "N5", None, None, None, None),
            ("P0000002-20200229", "P0000002", D("2020-02-29"), "2A", "Y", "N9", D("2020-02-29"), "RC8", None, None),
        ],
    ),
    "ssd_cin_assessments": (
        [
            "cina_assessment_id", "cina_person_id", "cina_assessment_start_date", "cina_assessment_child_seen",
            "cina_assessment_auth_date", "cina_assessment_outcome_nfa", "cina_assessment_team", "cina_assessment_worker_id",
        ],
        [
            ("P0000001-20190402", "P0000001", D("2019-04-02"), "Y", D("2019-05-31"), "N", "T1", "W1"),
            ("P0000002-20200229", "P0000002", D("2020-02-29"), "N", None, None, None, None),
        ],
    ),
    "ssd_s47_enquiry": (
        ["s47e_s47_enquiry_id", "s47e_person_id", "s47e_s47_start_date", "s47e_s47_nfa", "s47e_s47_completed_by_team"],
        [
            ("P0000001-20190410", "P0000001", D("2019-04-10"), "N", "T1"),
            ("P0000002-20191231", "P0000002", D("2019-12-31"), "Y", None),
            ("P0000003-20200330", "P0000003", D("2020-03-30"), "N", None),
        ],
    ),
    "ssd_initial_cp_conference": (
        ["icpc_icpc_id", "icpc_s47_enquiry_id", "icpc_person_id", "icpc_icpc_date", "icpc_icpc_outcome_cp_flag"],
        [("P0000001-20190501", "P0000001-20190410", "P0000001", D("2019-05-01"), "Y")],
    ),
    "ssd_cp_plans": (
        [
            "cppl_cp_plan_id", "cppl_person_id", "cppl_cp_plan_start_date", "cppl_cp_plan_end_date",
            "cppl_cp_plan_initial_category", "cppl_cp_plan_latest_category",
        ],
        [
            ("P0000001-20190501", "P0000001", D("2019-05-01"), None, "NEG", "EMO"),
            ("P0000002-20180101", "P0000002", D("2018-01-01"), D("2019-04-01"), "PHY", "PHY"),
        ],
    ),
    "ssd_cla_episodes": (
        [
            "clae_cla_episode_id", "clae_person_id", "clae_cla_placement_id", "clae_cla_episode_start_date",
            "clae_cla_primary_need_code", "clae_cla_episode_ceased_date", "clae_cla_episode_ceased_reason",
            "clae_cla_id", "clae_entered_care_date", "clae_cla_last_iro_contact_date",
        ],
        [
            ("P0000001-20190901", "P0000001", "P0000001-20190601", D("2019-09-01"), "N1", None, None, "P0000001-20190601", D("2019-06-01"), D("2020-01-15")),
            ("P0000002-20200229", "P0000002", "P0000002-20200229", D("2020-02-29"), "N4", D("2020-03-31"), "E4A", "P0000002-20200229", D("2020-02-29"), None),
        ],
    ),
    "ssd_cla_placement": (
        [
            "clap_cla_placement_id", "clap_cla_id", "clap_person_id", "clap_cla_placement_start_date",
            "clap_cla_placement_type", "clap_cla_placement_provider", "clap_cla_placement_postcode", "clap_cla_placement_urn",
        ],
        [
            ("P0000001-20190601", "P0000001-20190601", "P0000001", D("2019-06-01"), "U1", "PR1", "AB1", "SC123456"),
            ("P0000002-20200229", "P0000002-20200229", "P0000002", D("2020-02-29"), "K2", "PR4", None, None),
        ],
    ),
    "ssd_legal_status": (
        ["lega_legal_status_id", "lega_person_id", "lega_legal_status", "lega_legal_status_start_date"],
        [
            ("P0000001-20190901", "P0000001", "C1", D("2019-09-01")),
            ("P0000002-20200229", "P0000002", "V2", D("2020-02-29")),
        ],
    ),
    "ssd_immigration_status": (
        ["immi_immigration_status_id", "immi_person_id", "immi_immigration_status"],
        [("P0000001-UASC", "P0000001", "UASC")],
    ),
    "ssd_care_leavers": (
        [
            "clea_table_id", "clea_person_id", "clea_care_leaver_eligibility", "clea_care_leaver_in_touch",
            "clea_care_leaver_latest_contact", "clea_care_leaver_accommodation", "clea_care_leaver_accom_suitable",
            "clea_care_leaver_activity", "clea_pathway_plan_review_date", "clea_care_leaver_personal_advisor",
            "clea_care_leaver_allocated_team", "clea_care_leaver_worker_id",
        ],
        [
            ("P0000004-20200331", "P0000004", "Former relevant", "NO", D("2020-03-31"), "K2", "N", "G6", D("2020-03-01"), "PA1", "LC", "W9"),
        ],
    ),
}  # fmt: skip


def _table(store: Path, table: str, cols: list[str]) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(store), read_only=True)
    try:
        key = cols[0]
        return con.execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY {key}").fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The workbook written from the canonical store above (shared: writing it once is enough)."""
    out = tmp_path_factory.mktemp("annex_a")
    con = canonical()
    (path,) = annex_a.write(con, out, period_end=PERIOD_END)
    con.close()
    return path


@pytest.fixture(scope="module")
def loaded_once(tmp_path_factory: pytest.TempPathFactory, written: Path) -> Path:
    store = tmp_path_factory.mktemp("store") / "store.duckdb"
    ingest([written], store)
    return store


@pytest.fixture
def good_store(tmp_path: Path, loaded_once: Path) -> Path:
    """A store holding the written workbook (a copy per test: some tests load more into it)."""
    store = tmp_path / "store.duckdb"
    shutil.copy(loaded_once, store)
    return store


# ---------------------------------------------------------------------------------------------
# 1. Round trip


def test_round_trip_holds_exactly_the_windows_facts(good_store: Path) -> None:
    for table, (cols, rows) in EXPECTED.items():
        assert _table(good_store, table, cols) == rows, table


def test_round_trip_stages_nothing_else(good_store: Path) -> None:
    con = duckdb.connect(str(good_store), read_only=True)
    try:
        for table in (
            "ssd_cp_visits",
            "ssd_cp_reviews",
            "ssd_cin_visits",
            "ssd_disability",
            "ssd_cin_plans",
            "ssd_missing",
        ):
            assert con.execute(f"SELECT count(*) FROM {table}").fetchall() == [(0,)], table
    finally:
        con.close()


def test_written_workbook_layout(written: Path) -> None:
    wb = openpyxl.load_workbook(written, read_only=True)
    assert wb.sheetnames == [lst.sheet_title for lst in LISTS]
    contacts = list(wb["List 1 - Contacts"].iter_rows(values_only=True))
    assert list(contacts[0]) == [c.header for c in BY_NUMBER[1].columns]
    # real Excel dates, age at the period end (a leap-day birthday counts on 1 March)
    assert contacts[1][:6] == (
        "P0000001",
        "Male",
        "WBRI",
        datetime(2008, 2, 29),
        12,
        datetime(2019, 4, 1),
    )
    assert len(contacts) == 5
    cla = {c.name: i for i, c in enumerate(BY_NUMBER[8].columns)}
    rows = list(wb["List 8 - Children looked after"].iter_rows(values_only=True))[1:]
    assert [
        (r[cla["child"]], r[cla["uasc"]], r[cla["second_period"]], r[cla["disability"]])
        for r in rows
    ] == [
        ("P0000001", "Y", "N", "Y"),
        ("P0000002", "N", "N", None),
    ]
    adoption = list(wb["List 10 - Adoption"].iter_rows(values_only=True))
    assert len(adoption) == 1  # headers only
    wb.close()


def test_contact_count_matches_the_window(good_store: Path) -> None:
    """What the lead's borough test checks: contacts in the window, no more, no fewer."""
    con = canonical()
    start, end = annex_a.window(PERIOD_END)
    want = con.execute(
        "SELECT count(*) FROM ssd_contacts WHERE cont_contact_date BETWEEN ? AND ?", [start, end]
    ).fetchall()[0][0]
    assert len(_table(good_store, "ssd_contacts", ["cont_contact_id"])) == want == 4


@pytest.mark.parametrize(
    ("period_end", "months", "start"),
    [
        ("2020-03-31", 12, "2019-04-01"),
        ("2020-02-29", 12, "2019-03-01"),
        ("2020-02-28", 12, "2019-03-01"),  # 29/02/2019 does not exist: roll on to 1 March
        ("2021-02-28", 12, "2020-03-01"),
        ("2019-12-31", 12, "2019-01-01"),
        ("2020-06-15", 12, "2019-06-16"),
        ("2020-03-30", 1, "2020-03-01"),
        ("2020-01-30", 1, "2019-12-31"),
        ("2020-12-31", 6, "2020-07-01"),
    ],
)
def test_window(period_end: str, months: int, start: str) -> None:
    assert annex_a.window(D(period_end), months) == (D(start), D(period_end))


def test_default_period_end_is_the_latest_contact(tmp_path: Path) -> None:
    con = canonical()
    (path,) = annex_a.write(con, tmp_path, months=1)  # latest contact 01/04/2020: from 02/03/2020
    wb = openpyxl.load_workbook(path, read_only=True)
    rows = list(wb["List 1 - Contacts"].iter_rows(values_only=True))[1:]
    wb.close()
    assert [(r[0], r[5]) for r in rows] == [
        ("P0000003", datetime(2020, 3, 31)),
        ("P0000003", datetime(2020, 4, 1)),
    ]


def test_loading_twice_changes_nothing(good_store: Path, written: Path) -> None:
    before = store_checksums(good_store)
    assert ingest([written], good_store).already_loaded
    assert store_checksums(good_store) == before


# ---------------------------------------------------------------------------------------------
# Building workbooks by hand, as councils fill them


def book(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    wb = openpyxl.Workbook(write_only=True)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
    wb.save(path)
    return path


C = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)"]
L1 = [*C, "Date of Contact", "Contact Source"]
L3 = [
    *C,
    "Date of referral",
    "Referral Source",
    "Referral NFA?",
    "Number of Referrals in Last 12 Months",
    "Allocated Team",
    "Allocated Worker",
]
L6 = [*C, "Does the Child have a Disability", "CIN Start Date", "Primary Need Code", "Date Child Was Last Seen", "CIN Closure Date", "Reason for Closure", "Case Status", "Allocated Team", "Allocated Worker"]  # fmt: skip


def minimal(path: Path, **changes: list[list[Any]]) -> Path:
    """A valid two-list workbook; keyword arguments replace a sheet's rows (list1, list3)."""
    sheets = {
        "List 1": changes.get(
            "list1", [L1, ["P0000001", "Male", "WBRI", "29/02/2008", 12, "01/04/2019", "6"]]
        ),
        "List 3": changes.get(
            "list3",
            [
                L3,
                [
                    "P0000001",
                    "Male",
                    "WBRI",
                    "29/02/2008",
                    12,
                    "01/04/2019",
                    "6",
                    "N",
                    1,
                    "T1",
                    "W1",
                ],
            ],
        ),
    }
    return book(path, sheets)


def test_tolerant_of_real_workbooks(tmp_path: Path) -> None:
    path = book(
        tmp_path / "Annex A 2020.xlsx",
        {
            "Notes": [["Read me first"]],
            "L1 Contacts": [
                ["Annex A - List 1: Contacts"],
                ["Period: 01/04/2019 to 31/03/2020"],
                [],
                [
                    "CHILD UNIQUE ID",
                    "gender",
                    "Ethnicity ",
                    "Date of birth (dd/mm/yyyy)",
                    "Age",
                    "Date of Contact",
                    "Contact source",
                    "Local notes",
                ],
                [
                    1234.0,
                    "female",
                    "White British",
                    datetime(2010, 5, 6),
                    9,
                    "2019-04-01",
                    6.0,
                    "x",
                ],
                [1235, "2", "wbri", "6/5/2010", None, datetime(2019, 4, 2, 13, 45), "Police", None],
                [None, None, None, None, None, None, None, None],
                ["P0000009", "Male", "AOTH", 40304, None, 43558, "Neighbour", None],
            ],
            "list_3 - referrals": [
                [
                    "Child ID",
                    "Gender",
                    "Ethnicity",
                    "DOB",
                    "Referral date",
                    "Source of referral",
                    "Referral NFA",
                    "Team",
                    "Worker",
                    "Allocated Team (previous)",
                ],
                [
                    "1234",
                    "F",
                    "WBRI",
                    "06/05/2010",
                    "01/04/2019",
                    "6 - Police",
                    "y",
                    "T1",
                    77.0,
                    "T0",
                ],
            ],
            "List 6 - children in need": [
                L6,
                [
                    "1234",
                    "F",
                    "WBRI",
                    "06/05/2010",
                    9,
                    "N",
                    "01/04/2019",
                    "n1",
                    None,
                    None,
                    None,
                    "Open",
                    "T1",
                    "W1",
                ],
            ],
        },
    )
    assert annex_a.recognise(path) == "workbook"
    store = tmp_path / "store.duckdb"
    report = ingest([path], store)
    assert report.rows_read == 5
    assert _table(
        store,
        "ssd_contacts",
        ["cont_contact_id", "cont_contact_source_code", "cont_contact_source_desc"],
    ) == [
        ("1234-20190401", "6", None),
        ("1235-20190402", "6", "Police"),
        ("P0000009-20190403", None, "Neighbour"),
    ]
    assert _table(
        store, "ssd_person", ["pers_person_id", "pers_sex", "pers_ethnicity", "pers_dob"]
    ) == [
        ("1234", "F", "WBRI", D("2010-05-06")),
        ("1235", "F", "WBRI", D("2010-05-06")),
        ("P0000009", "M", "AOTH", D("2010-05-06")),
    ]
    # List 3 and List 6 describe one referral: one row
    assert _table(
        store,
        "ssd_cin_episodes",
        [
            "cine_referral_id",
            "cine_referral_nfa",
            "cine_cin_primary_need_code",
            "cine_referral_worker_id",
        ],
    ) == [
        ("1234-20190401", "Y", "N1", "77"),
    ]


CELLS = [
    # (kind, cell, value, problem)
    ("date", datetime(2020, 2, 29, 13, 5), D("2020-02-29"), None),
    ("date", D("2020-02-29"), D("2020-02-29"), None),
    ("date", "29/02/2020", D("2020-02-29"), None),
    ("date", "1/3/2020", D("2020-03-01"), None),
    ("date", "29/02/2020 00:00:00", D("2020-02-29"), None),
    ("date", "2020-02-29T10:00:00", D("2020-02-29"), None),
    ("date", 43890, D("2020-02-29"), None),  # a date in a cell formatted as a number
    ("date", "29/02/2019", None, "'29/02/2019' is not a date: 2019 is not a leap year, so 29 February 2019 does not exist (expected a date cell, dd/mm/yyyy or yyyy-mm-dd)"),
    ("date", "2020-13-01", None, "'2020-13-01' is not a date: there is no month 13"),
    ("date", "12/31/2020", None, "'12/31/2020' is not a date: there is no month 31; are the day and month the wrong way round?"),  # US order
    ("date", "05/05/19", None, "'05/05/19' is not a date: a two-digit year is ambiguous (expected dd/mm/yyyy, e.g. 05/05/2019)"),
    ("date", "31/02/2020", None, "'31/02/2020' is not a date: 31 February does not exist (expected a date cell, dd/mm/yyyy or yyyy-mm-dd)"),
    ("date", True, None, "'TRUE' is not a date (expected a date cell, dd/mm/yyyy or yyyy-mm-dd)"),
    ("date", 99999, None, "'99999' is not a date (expected a date cell"),  # past the last Excel serial
    ("date", "01/01/2101", None, "'01/01/2101' is out of range: only dates from 1900 to 2100 are accepted (expected a date cell, dd/mm/yyyy or yyyy-mm-dd)"),
    ("date", datetime(1850, 1, 1), None, "'01/01/1850' is out of range"),  # a date cell, shown as Excel shows it
    ("date", "  ", None, None),
    ("yn", "y", "Y", None),
    ("yn", "No", "N", None),
    ("yn", True, "Y", None),
    ("yn", "maybe", None, "not Y or N"),
    ("id", 1234.0, "1234", None),
    ("id", " P0000001 ", "P0000001", None),
    ("text", 77.5, "77.5", None),
    ("source", "6", ("6", None), None),
    ("source", 6.0, ("6", None), None),
    ("source", "Police", ("6", "Police"), None),
    ("source", "1A - Family member", ("1A", "1A - Family member"), None),
    ("source", "Neighbour", (None, "Neighbour"), None),
    (codes.SEX, "Female", "F", None),
    (codes.SEX, 1, "M", None),
    (codes.SEX, "not known", "U", None),
    (codes.SEX, "X", None, "not a valid sex"),
    (codes.ETHNICITY, "Black or Black British - African", "BAFR", None),
    (codes.ETHNICITY, "mwbc", "MWBC", None),
    (codes.ETHNICITY, "Martian", None, "not a valid DfE ethnicity code"),
    (codes.CIN_NEED, "N1 - Abuse or neglect", "N1", None),
    (codes.CIN_NEED, "Absent parenting", "N8", None),
    (codes.CLA_NEED, "N9", None, "not a valid category of need"),
    (codes.CP_CATEGORY, "Neglect", "NEG", None),
    (codes.LEGAL_STATUS, "Full care order", "C2", None),
    (codes.PROVIDER, "Private provision", "PR4", None),
    (codes.IN_TOUCH, "Y", "YES", None),
    (codes.ELIGIBILITY, "former relevant", "Former relevant", None),
    (codes.SUITABILITY, "Unsuitable", "N", None),
    (codes.ACTIVITY, 0, "0", None),
]  # fmt: skip


@pytest.mark.parametrize(("kind", "cell", "value", "problem"), CELLS)
def test_reading_a_cell(kind: Any, cell: Any, value: Any, problem: str | None) -> None:
    got, reason = annex_a.convert(kind, cell)
    assert got == value
    assert (
        (reason is None) if problem is None else (reason is not None and reason.startswith(problem))
    )


def test_list8_and_list9_translations(tmp_path: Path) -> None:
    l8 = [c.header for c in BY_NUMBER[8].columns]
    l9 = [c.header for c in BY_NUMBER[9].columns]
    row8 = dict.fromkeys(l8)
    row8.update(
        {
            "Child Unique ID": "P0000007",
            "Gender": "Male",
            "Ethnicity": "WBRI",
            "Date of Birth": "01/01/2010",
            "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)": "N",
            "Date Started to be Looked After": "01/01/2019",
            "Start date of current legal status": "01/01/2019",
            "Child's Legal Status": "Placement order",
            "Start Date of Most Recent Placement": "2020-03-01",
            "Placement Type": "A4",
            "Placement Provider": "PR1",
            "Placement postcode": None,
            "URN of Placement": 1234567.0,
        }
    )
    row9 = dict.fromkeys(l9)
    row9.update(
        {
            "Child Unique ID": "P0000008",
            "Gender": "F",
            "Ethnicity": "REFU",
            "Date of Birth": "31/03/2002",
            "Eligibility Category": "Qualifying",
            "LA in Touch": "refused",
            "Type of Accommodation": "D",
            "Suitability of Accommodation": "Suitable",
            "Activity Status": "F4",
            "Latest Date of Contact": "31/03/2020",
        }
    )
    older9 = [h for h in l9 if h not in ("Latest Date of Contact", "UASC or formerly UASC (Y/N)")]
    path = book(
        tmp_path / "annex_a.xlsx",
        {
            "List 8": [l8, list(row8.values())],
            "List 9": [l9, list(row9.values()), list(row9.values())],
        },
    )
    # an exact copy of a row is read once, and noted
    staged = annex_a.stage(duckdb.connect(), [SourceFile(path, "annex_a", "workbook")])
    assert staged.held == []
    assert [(p.file, p.row, p.column, p.rule) for p in staged.notes] == [
        (f"{path} [List 9]", 3, "Child Unique ID+Latest Date of Contact", "row-duplicate")
    ]
    assert staged.rows == {path: 2}
    path = book(
        tmp_path / "annex_a.xlsx",
        {
            "List 8": [l8, list(row8.values())],
            "List 9": [l9, list(row9.values())],
            "List 10": [["Adoption"], ["Child Unique ID", "Family identifier"], ["P0000009", "F1"]],
        },
    )
    store = tmp_path / "store.duckdb"
    assert ingest([path], store).rows_read == 3
    assert _table(
        store, "ssd_cla_episodes", ["clae_cla_episode_id", "clae_cla_placement_id", "clae_cla_id"]
    ) == [
        ("P0000007-20200301", "P0000007-20200301", "P0000007-20190101"),
    ]
    assert _table(
        store,
        "ssd_cla_placement",
        ["clap_cla_placement_id", "clap_cla_placement_type", "clap_cla_placement_urn"],
    ) == [
        ("P0000007-20200301", "A4", "1234567"),
    ]
    assert _table(store, "ssd_legal_status", ["lega_legal_status_id", "lega_legal_status"]) == [
        ("P0000007-20190101", "E1")
    ]
    assert _table(store, "ssd_immigration_status", ["immi_immigration_status_id"]) == []
    assert _table(
        store,
        "ssd_care_leavers",
        [
            "clea_table_id",
            "clea_care_leaver_eligibility",
            "clea_care_leaver_in_touch",
            "clea_care_leaver_accommodation",
            "clea_care_leaver_accom_suitable",
        ],
    ) == [
        ("P0000008-20200331", "Qualifying", "REFU", "D1", "Y"),
    ]
    # the older List 9, with no latest contact date, is read but gives no record to key
    path = book(
        tmp_path / "older.xlsx", {"List 8": [l8], "List 9": [older9, [row9[h] for h in older9]]}
    )
    store = tmp_path / "older.duckdb"
    assert ingest([path], store).rows_read == 1
    assert _table(store, "ssd_care_leavers", ["clea_table_id"]) == []
    assert _table(store, "ssd_person", ["pers_person_id"]) == [("P0000008",)]


def test_later_return_wins(tmp_path: Path) -> None:
    old = minimal(
        tmp_path / "2019.xlsx",
        list3=[
            L3,
            ["P0000001", "Male", "WBRI", "29/02/2008", 12, "01/04/2019", "6", "N", 1, "T1", "W1"],
        ],
    )
    new = minimal(
        tmp_path / "2020.xlsx",
        list1=[L1, ["P0000001", "Male", "WBRI", "29/02/2008", 12, "01/04/2020", "6"]],
        list3=[
            L3,
            ["P0000001", "Male", "WBRI", "29/02/2008", 12, "01/04/2019", "6", "Y", 1, "T2", None],
        ],
    )
    store = tmp_path / "store.duckdb"
    ingest([new, old], store)
    # value by value: the later return's NFA and team, the earlier return's worker
    cols = [
        "cine_referral_id",
        "cine_referral_nfa",
        "cine_referral_team",
        "cine_referral_worker_id",
    ]
    assert _table(store, "ssd_cin_episodes", cols) == [("P0000001-20190401", "Y", "T2", "W1")]
    one_by_one = tmp_path / "one_by_one.duckdb"
    ingest([old], one_by_one)
    ingest([new], one_by_one)
    assert _table(one_by_one, "ssd_cin_episodes", cols) == _table(store, "ssd_cin_episodes", cols)


def test_annex_a_fills_in_without_blanking(tmp_path: Path, good_store: Path) -> None:
    """A List 6 row with no closure reason keeps the reason an earlier load gave."""
    path = minimal(
        tmp_path / "later.xlsx",
        list1=[L1, ["P0000002", "Female", "BAFR", "31/12/2003", 16, "01/04/2020", "8"]],
        list3=[
            L3,
            [
                "P0000002",
                "Female",
                "BAFR",
                "31/12/2003",
                16,
                "29/02/2020",
                None,
                None,
                1,
                "T5",
                None,
            ],
        ],
    )
    ingest([path], good_store)
    assert _table(good_store, "ssd_cin_episodes", ["cine_referral_id", "cine_referral_source_code", "cine_referral_nfa", "cine_close_reason", "cine_referral_team"])[2] == (
        "P0000002-20200229", "2A", "Y", "RC8", "T5",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (b"", "unreadable"),
        (b"Child Unique ID,Date of Contact\nP1,01/04/2019\n", "unreadable"),
        (b"PK\x03\x04 truncated", "unreadable"),
    ],
)
def test_recognise_claims_broken_xlsx(tmp_path: Path, content: bytes, kind: str) -> None:
    path = tmp_path / "annex_a.xlsx"
    path.write_bytes(content)
    assert annex_a.recognise(path) == kind


def test_recognise_passes_over_other_files(tmp_path: Path) -> None:
    assert annex_a.recognise(book(tmp_path / "one.xlsx", {"List 1": [L1]})) is None
    assert (
        annex_a.recognise(book(tmp_path / "other.xlsx", {"Sheet1": [["a"]], "Budget": [["b"]]}))
        is None
    )
    csv = tmp_path / "list1.csv"
    csv.write_text(",".join(L1) + "\n", encoding="utf-8")
    assert annex_a.recognise(csv) is None


# ---------------------------------------------------------------------------------------------
# 2. Bad input: a faulty row is held back, a faulty workbook refused (the store unchanged);
#    every problem names file (and sheet), row and column


def _fails(store: Path, path: Path) -> ReaderError:
    before = store_checksums(store)
    with pytest.raises(ReaderError) as info:
        ingest([path], store)
    assert store_checksums(store) == before
    return info.value


BAD_CELLS = [
    # (sheet, rows, held row, column, rule, reason fragment)
    ("list1", [L1, ["P0000001", "Male", "WBRI", "29/02/2008", 12, "31/02/2020", "6"]], 2, "Date of Contact", "value-date", "'31/02/2020' is not a date: 31 February does not exist (expected a date cell, dd/mm/yyyy or yyyy-mm-dd)"),
    ("list1", [L1, ["P0000001", "Male", "WBRI", "29/02/2008", 12, "05/05/19", "6"]], 2, "Date of Contact", "value-date", "'05/05/19' is not a date: a two-digit year is ambiguous (expected dd/mm/yyyy, e.g. 05/05/2019)"),
    ("list1", [L1, ["P0000001", "Male", "WBRI", "29/02/2008", 12, "01/04/2019", "6"], ["P0000002", "Dragon", "WBRI", "29/02/2008", 12, "01/04/2019", "6"]], 3, "Gender", "value-code", "not a valid sex"),
    ("list1", [L1, ["P0000001", "Male", "WBRI", "29/02/2008", 12, "01/04/1899", "6"]], 2, "Date of Contact", "value-date", "'01/04/1899' is out of range: only dates from 1900 to 2100 are accepted (expected a date cell, dd/mm/yyyy or yyyy-mm-dd)"),
    ("list1", [L1, [None, "Male", "WBRI", "29/02/2008", 12, "01/04/2019", "6"]], 2, "Child Unique ID", "value-missing", "value missing"),
    ("list3", [L3, ["P0000001", "Male", "WBRI", "29/02/2008", 12, "01/04/2019", "6", "maybe", 1, "T1", "W1"]], 2, "Referral NFA?", "value-code", "not Y or N"),
]  # fmt: skip


@pytest.mark.parametrize(("sheet", "rows", "row", "column", "rule", "reason"), BAD_CELLS)
def test_bad_cell_holds_its_row(
    tmp_path: Path, sheet: str, rows: list[list[Any]], row: int, column: str, rule: str, reason: str
) -> None:
    path = minimal(tmp_path / "annex_a.xlsx", **{sheet: rows})
    staged = annex_a.stage(duckdb.connect(), [SourceFile(path, "annex_a", "workbook")])
    (p,) = staged.held
    label = "List 1" if sheet == "list1" else "List 3"
    assert (p.file, p.row, p.column, p.rule) == (f"{path} [{label}]", row, column, rule)
    assert reason in p.reason
    assert str(p).startswith(f"{path} [{label}], row {row}, column {column}: ")
    # every other row is staged: the two lists' rows less the one held
    assert staged.rows == {path: len(rows) - 2 + 1}


def test_a_key_shared_by_different_rows_holds_both(tmp_path: Path) -> None:
    rows: list[list[Any]] = [
        L1,
        ["P0000001", "Male", "WBRI", "29/02/2008", 12, "01/04/2019", "6"],
        ["P0000001", "Male", "WBRI", "29/02/2008", 12, datetime(2019, 4, 1), "7"],
    ]
    path = minimal(tmp_path / "annex_a.xlsx", list1=rows)
    staged = annex_a.stage(duckdb.connect(), [SourceFile(path, "annex_a", "workbook")])
    assert [(p.row, p.column, p.rule, p.key) for p in staged.held] == [
        (2, "Child Unique ID+Date of Contact", "key-conflict", "P0000001-20190401"),
        (3, "Child Unique ID+Date of Contact", "key-conflict", "P0000001-20190401"),
    ]
    assert staged.held[1].reason == (
        "duplicate key: same as row 2 with different values; neither is loaded"
    )


def test_a_missing_column_refuses_the_workbook(tmp_path: Path, good_store: Path) -> None:
    rows: list[list[Any]] = [["Annex A"], L3[:7] + L3[8:], ["P0000001", "Male", "WBRI", "29/02/2008", 12, "01/04/2019", "6", 1, "T1", "W1"]]  # fmt: skip
    path = minimal(tmp_path / "annex_a.xlsx", list3=rows)
    err = _fails(good_store, path)
    (p,) = err.problems
    assert str(p) == f"{path} [List 3], row 2, column Referral NFA?: column missing from the header"


@pytest.mark.parametrize(
    ("name", "make", "sheet", "reason"),
    [
        ("empty file", lambda p: p.write_bytes(b""), "", "file is empty"),
        ("truncated", lambda p: p.write_bytes(minimal(p).read_bytes()[:900]), "", "not a readable xlsx workbook"),
        ("csv renamed, latin-1", lambda p: p.write_bytes("Child Unique ID,Gender\nP1,Gar\xe7on\n".encode("latin-1")), "", "not a readable xlsx workbook"),
        ("sheet data broken", lambda p: _corrupt_member(minimal(p)), "", "not a readable xlsx workbook"),
        ("big sheet broken at the end", lambda p: _corrupt_member(_big(p)), " [List 1]", "not a readable xlsx workbook"),
    ],
)  # fmt: skip
def test_unreadable_file(
    tmp_path: Path, good_store: Path, name: str, make: Any, sheet: str, reason: str
) -> None:
    path = tmp_path / "annex_a.xlsx"
    make(path)
    err = _fails(good_store, path)
    assert len(err.problems) == 1, name
    p = err.problems[0]
    assert (p.file, p.row, p.column) == (f"{path}{sheet}", None, None)
    assert p.reason.startswith(reason)


def _big(path: Path) -> Path:
    """A List 1 big enough that openpyxl reads it in several chunks, made as Excel makes it (with
    a <dimension> up front, so opening the workbook reads only the sheet's first chunk)."""
    wb = openpyxl.Workbook()
    ws: Any = wb.active
    ws.title = "List 1"
    ws.append(L1)
    for i in range(4000):
        ws.append(
            [
                f"P{i:07d}",
                "Male",
                "WBRI",
                "29/02/2008",
                12,
                f"{1 + i % 28:02d}/{1 + i % 12:02d}/2019",
                str(i),
            ]
        )
    wb.create_sheet("List 3").append(L3)
    wb.save(path)
    return path


def _corrupt_member(path: Path) -> None:
    """Flip bytes near the end of List 1's compressed XML (past the dimension openpyxl reads on
    opening), leaving the zip's directory intact."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for i in range(start + info.compress_size - 20, start + info.compress_size - 2):
        data[i] ^= 0x55
    path.write_bytes(bytes(data))


def test_empty_list_sheets(tmp_path: Path, good_store: Path) -> None:
    path = book(tmp_path / "annex_a.xlsx", {"List 1": [], "List 2": [[None]]})
    err = _fails(good_store, path)
    assert [(p.file, p.row, p.reason) for p in err.problems] == [
        (f"{path} [List 1]", None, "sheet is empty (no header row)"),
        (f"{path} [List 2]", None, "sheet is empty (no header row)"),
    ]


def test_no_header_row(tmp_path: Path, good_store: Path) -> None:
    path = minimal(
        tmp_path / "annex_a.xlsx", list1=[["Contacts"]] * 3 + [["P0000001", "01/04/2019"]]
    )
    err = _fails(good_store, path)
    p = err.problems[0]
    assert (p.file, p.column) == (f"{path} [List 1]", "Child Unique ID")
    assert "no header row in the first 10 rows" in p.reason


def test_no_list_sheets_when_staged_directly(tmp_path: Path) -> None:
    path = book(tmp_path / "annex_a.xlsx", {"Sheet1": [["a"]]})
    con = duckdb.connect()
    with pytest.raises(ReaderError) as info:
        annex_a.stage(con, [SourceFile(path, "annex_a", "workbook")])
    assert "no Annex A list sheets" in str(info.value)


def test_unrecognised_file_is_a_load_error(tmp_path: Path, good_store: Path) -> None:
    path = book(tmp_path / "budget.xlsx", {"Sheet1": [["a"]]})
    before = store_checksums(good_store)
    with pytest.raises(LoadError):
        ingest([path], good_store)
    assert store_checksums(good_store) == before


# ---------------------------------------------------------------------------------------------
# 3. Several problems in one file are listed together


def test_many_problems_listed_together(tmp_path: Path) -> None:
    """Faulty rows in several lists are all held, in list and row order."""
    path = book(
        tmp_path / "annex_a.xlsx",
        {
            "List 1": [
                L1,
                ["P0000001", "Male", "WBRI", "29/02/2008", 12, "30/02/2020", "6"],
                ["P0000002", "Robot", "XXXX", "29/02/2008", 12, "01/04/2019", "6"],
            ],
            "List 3": [L3, ["P0000001", "Male", "WBRI", "29/02/2008", 12, "01/04/2019", "6", "N", 1, "T1", "W1"]],
            "List 6": [L6, ["P0000003", "Male", "WBRI", "29/02/2008", 12, "N", "01/04/2019", "N11", None, "tomorrow", "RC1", "Open", "T1", "W1"]],
        },
    )  # fmt: skip
    staged = annex_a.stage(duckdb.connect(), [SourceFile(path, "annex_a", "workbook")])
    got = [(p.file.rsplit(" ", 2)[-2:], p.row, p.column, p.rule) for p in staged.held]
    assert got == [
        (["[List", "1]"], 2, "Date of Contact", "value-date"),
        (["[List", "1]"], 3, "Gender", "value-code"),
        (["[List", "1]"], 3, "Ethnicity", "value-code"),
        (["[List", "6]"], 2, "Primary Need Code", "value-code"),
        (["[List", "6]"], 2, "CIN Closure Date", "value-date"),
    ]
    assert staged.rows == {path: 1}  # List 3's referral


def test_a_column_of_bad_dates_refuses_the_workbook(tmp_path: Path) -> None:
    """Not 80 rows held: a column whose values all fail is the wrong layout."""
    rows = [L1] + [
        ["P0000001", "Male", "WBRI", "29/02/2008", 12, "not a date", "6"] for _ in range(80)
    ]
    path = minimal(tmp_path / "annex_a.xlsx", list1=rows)
    con = duckdb.connect()
    with pytest.raises(ReaderError) as info:
        annex_a.stage(con, [SourceFile(path, "annex_a", "workbook")])
    (p,) = info.value.problems
    assert (p.file, p.row, p.column) == (f"{path} [List 1]", None, "Date of Contact")
    assert p.reason.startswith("80 of its 80 values are wrong (row 2: 'not a date' is not a date")


# ---------------------------------------------------------------------------------------------
# 4. Mangled bytes: only ReaderError (or LoadError for a file no reader claims)


def _mangle(data: bytes, how: str, seed: int) -> bytes:
    rng = random.Random(seed)
    b = bytearray(data)
    if how == "flip":
        for _ in range(rng.randint(1, 8)):
            i = rng.randrange(len(b))
            b[i] ^= 1 << rng.randrange(8)
    elif how == "truncate":
        del b[rng.randrange(len(b)) :]
    elif how == "insert":
        i = rng.randrange(len(b))
        b[i:i] = rng.randbytes(rng.randint(1, 16))
    elif how == "delete":
        i = rng.randrange(len(b))
        del b[i : i + rng.randint(1, 16)]
    else:
        b = bytearray(rng.randbytes(rng.randint(0, 2000)))
    return bytes(b)


def _mangle_inside(data: bytes, seed: int) -> bytes:
    """Mangle one XML part of the workbook and zip it up again soundly, so that the damage
    reaches openpyxl's parser and the reader's cell handling, not just the zip layer."""
    rng = random.Random(seed)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as zin,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout,
    ):
        names = zin.namelist()
        target = rng.choice(names)
        for n in names:
            part = zin.read(n)
            if n == target:
                part = _mangle(part, rng.choice(["flip", "truncate", "insert", "delete"]), seed)
            zout.writestr(n, part)
    return out.getvalue()


@pytest.fixture(scope="module")
def valid_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    out = tmp_path_factory.mktemp("fuzz")
    return minimal(out / "annex_a.xlsx").read_bytes()


@pytest.fixture(scope="module")
def scratch() -> Iterator[duckdb.DuckDBPyConnection]:
    """One connection for every example (stage only creates temporary tables, replacing its own)."""
    con = duckdb.connect()
    yield con
    con.close()


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    how=st.sampled_from(["flip", "truncate", "insert", "delete", "random", "inside"]),
    seed=st.integers(0, 2**32),
)
def test_mangled_workbooks_raise_only_reader_errors(
    valid_bytes: bytes, scratch: duckdb.DuckDBPyConnection, how: str, seed: int
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "annex_a.xlsx"
        mangled = (
            _mangle_inside(valid_bytes, seed)
            if how == "inside"
            else _mangle(valid_bytes, how, seed)
        )
        path.write_bytes(mangled)
        kind = annex_a.recognise(path)
        if kind is None:
            return  # no reader claims it: ingest would raise LoadError
        try:
            staged = annex_a.stage(scratch, [SourceFile(path, "annex_a", kind)])
        except ReaderError as e:
            assert e.problems
            return
        # What loads is at most what the workbook held (one row in each of its two lists), and
        # every row left out is accounted for by a rule
        assert staged.rows[path] + len({(p.file, p.row) for p in staged.held}) <= 2
        assert {p.rule for p in staged.held + staged.notes} <= set(RULES)
