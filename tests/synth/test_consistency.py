"""The rules every reader of the synthetic tables relies on."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import duckdb
import pytest

from csc_insight.store import schema
from csc_insight.synth.engine import run
from csc_insight.synth.options import SynthOptions
from tests.synth import checks
from tests.synth.conftest import BOROUGH, TINY


@pytest.mark.parametrize("check", checks.ALL, ids=lambda c: c.__name__)
def test_borough(
    borough: duckdb.DuckDBPyConnection, check: Callable[[duckdb.DuckDBPyConnection], list[str]]
) -> None:
    assert check(borough) == []


def test_borough_window(borough: duckdb.DuckDBPyConnection) -> None:
    assert checks.within_window(borough, BOROUGH.start, BOROUGH.end) == []


def test_tiny(tiny: duckdb.DuckDBPyConnection) -> None:
    assert checks.problems(tiny, TINY.start, TINY.end) == []


def test_every_table_filled(borough: duckdb.DuckDBPyConnection) -> None:
    empty = [
        t
        for t in schema.tables()
        if borough.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] == 0
    ]
    assert empty == []


def test_no_person_without_records(tiny: duckdb.DuckDBPyConnection) -> None:
    person_cols = [
        (t.name, f.name)
        for t in schema.tables().values()
        for f in t.fields
        if f.name.endswith("_person_id") and t.name not in ("ssd_person", "ssd_disability")
    ]
    used = " UNION ".join(f"SELECT {c} FROM {t}" for t, c in person_cols)
    n = tiny.execute(
        f"SELECT count(*) FROM ssd_person WHERE pers_person_id NOT IN ({used})"
    ).fetchall()[0][0]
    assert n == 0


def test_ids_follow_the_convention(borough: duckdb.DuckDBPyConnection) -> None:
    """``<person id>-<yyyymmdd of the start>`` so that records from other formats merge."""
    pairs = [
        ("ssd_cin_episodes", "cine_referral_id", "cine_person_id", "cine_referral_date"),
        ("ssd_cin_assessments", "cina_assessment_id", "cina_person_id",
         "cina_assessment_start_date"),
        ("ssd_cp_plans", "cppl_cp_plan_id", "cppl_person_id", "cppl_cp_plan_start_date"),
        ("ssd_cla_episodes", "clae_cla_episode_id", "clae_person_id",
         "clae_cla_episode_start_date"),
        ("ssd_cla_episodes", "clae_cla_id", "clae_person_id", "clae_entered_care_date"),
        ("ssd_missing", "miss_table_id", "miss_person_id", "miss_missing_episode_start_date"),
        ("ssd_care_leavers", "clea_table_id", "clea_person_id", "clea_care_leaver_latest_contact"),
        ("ssd_contacts", "cont_contact_id", "cont_person_id", "cont_contact_date"),
    ]  # fmt: skip
    for table, key, person, day in pairs:
        n = borough.execute(
            f"SELECT count(*) FROM {table} "
            f"WHERE {key} <> {person} || '-' || strftime({day}, '%Y%m%d')"
        ).fetchall()[0][0]
        assert n == 0, table
    bad = borough.execute(
        "SELECT count(*) FROM ssd_person WHERE NOT regexp_full_match(pers_person_id, 'P[0-9]{7}')"
    ).fetchall()[0][0]
    assert bad == 0


def test_upn_check_letters(borough: duckdb.DuckDBPyConnection) -> None:
    upns = [r[0] for r in borough.execute(
        "SELECT pers_upn FROM ssd_person WHERE pers_upn IS NOT NULL LIMIT 500"
    ).fetchall()]  # fmt: skip
    assert upns
    for upn in upns:
        total = sum(int(c) * (i + 2) for i, c in enumerate(upn[1:]))
        assert "ABCDEFGHJKLMNPQRTUVWXYZ"[total % 23] == upn[0], upn


def test_authorities_have_their_own_ids() -> None:
    """At national level ids carry the LA code, so several authorities share one store."""
    opts = SynthOptions(size="tiny", years=1, seed=5)
    con = run(opts, [("101", "101", 0.03), ("102", "102", 0.03)])
    assert checks.keys_unique(con) == []
    assert checks.people_exist(con) == []
    prefixes = con.execute(
        "SELECT DISTINCT left(pers_person_id, 4) FROM ssd_person ORDER BY 1"
    ).fetchall()
    assert prefixes == [("101P",), ("102P",)]
    areas = con.execute("SELECT count(DISTINCT pop_area_code) FROM ext_population").fetchall()
    assert areas[0][0] == 2
    assert checks.problems(con, opts.start, opts.end) == []


def test_open_records_stay_open(borough: duckdb.DuckDBPyConnection) -> None:
    end = BOROUGH.end
    for sql in (
        "SELECT count(*) FROM ssd_cla_episodes WHERE clae_cla_episode_ceased_date IS NULL",
        "SELECT count(*) FROM ssd_cp_plans WHERE cppl_cp_plan_end_date IS NULL",
        "SELECT count(*) FROM ssd_cin_episodes WHERE cine_close_date IS NULL",
    ):
        assert borough.execute(sql).fetchall()[0][0] > 0
    n = borough.execute(
        "SELECT count(*) FROM ssd_cin_episodes WHERE cine_close_date IS NULL "
        "AND cine_close_reason IS NOT NULL"
    ).fetchall()[0][0]
    assert n == 0
    assert date(2021, 3, 31) == end


def test_appeal_rights_exhausted_from_18(borough: duckdb.DuckDBPyConnection) -> None:
    """ARE statuses (for CL ARE) belong to formerly UASC care leavers: each starts between the
    18th and the 20th birthday, after any UASC status has ended, and is one per young person."""
    n, early, late, while_uasc, people = borough.execute(
        """SELECT count(*),
                  count(*) FILTER (WHERE a.immi_immigration_status_start_date
                                         < p.pers_dob + INTERVAL 18 YEAR - INTERVAL 1 DAY),
                  count(*) FILTER (WHERE a.immi_immigration_status_start_date
                                         > p.pers_dob + INTERVAL 20 YEAR + INTERVAL 1 DAY),
                  count(*) FILTER (WHERE EXISTS (
                      SELECT 1 FROM ssd_immigration_status u
                      WHERE u.immi_person_id = a.immi_person_id
                        AND u.immi_immigration_status = 'UASC'
                        AND coalesce(u.immi_immigration_status_end_date, DATE '9999-12-31')
                            > a.immi_immigration_status_start_date)),
                  count(DISTINCT a.immi_person_id)
           FROM ssd_immigration_status a JOIN ssd_person p ON p.pers_person_id = a.immi_person_id
           WHERE a.immi_immigration_status = 'ARE'"""
    ).fetchall()[0]
    assert n > 0
    assert (early, late, while_uasc, people) == (0, 0, 0, n)
