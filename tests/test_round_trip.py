"""Round trip: one synthetic borough, two routes into the store, the same facts.

Route A loads the SSD extract. Route B loads the SSDA903 return, the CIN census and Annex A
together. For every table those formats carry, the counts must agree.
"""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from csc_insight.store.load import ingest
from csc_insight.synth.outputs import write_outputs

pytestmark = pytest.mark.slow

END = date(2021, 3, 31)
WINDOW_START = date(2020, 4, 1)  # Annex A: the 12 months to END


@pytest.fixture(scope="module")
def stores(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[duckdb.DuckDBPyConnection, duckdb.DuckDBPyConnection]:
    root = tmp_path_factory.mktemp("round_trip")
    write_outputs(
        root,
        size="tiny",
        years=3,
        seed=11,
        end=END,
        formats=["ssd", "ssda903", "cin_census", "annex_a"],
        regimes=[],
    )
    ingest([root / "ssd"], root / "a.duckdb")
    ingest([root / "ssda903", root / "cin_census", root / "annex_a"], root / "b.duckdb")
    return duckdb.connect(str(root / "a.duckdb"), read_only=True), duckdb.connect(
        str(root / "b.duckdb"), read_only=True
    )


def count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    return con.execute(sql).fetchall()[0][0]


# (table, filter in SQL that picks the facts the returns carry)
CARRIED = [
    # SSDA903
    ("ssd_cla_episodes", "TRUE"),
    ("ssd_cla_placement", "TRUE"),
    ("ssd_legal_status", "TRUE"),
    ("ssd_missing", "TRUE"),
    ("ssd_immigration_status", "immi_immigration_status = 'UASC'"),
    ("ssd_care_leavers", "TRUE"),
    (
        "ssd_cla_reviews",
        "clar_cla_review_cancelled IS DISTINCT FROM 'Y'",
    ),  # the return holds reviews held
    # CIN census
    ("ssd_cin_episodes", "TRUE"),
    ("ssd_cin_assessments", "TRUE"),
    ("ssd_cin_plans", "TRUE"),
    ("ssd_s47_enquiry", "TRUE"),
    ("ssd_initial_cp_conference", "TRUE"),
    ("ssd_cp_plans", "TRUE"),
    ("ssd_cp_reviews", "TRUE"),
    # Annex A, for its 12-month window
    ("ssd_contacts", f"cont_contact_date BETWEEN DATE '{WINDOW_START}' AND DATE '{END}'"),
    (
        "ssd_early_help_episodes",
        f"earl_episode_start_date BETWEEN DATE '{WINDOW_START}' AND DATE '{END}'",
    ),
]


@pytest.mark.parametrize(("table", "where"), CARRIED, ids=[t for t, _ in CARRIED])
def test_counts_agree(
    stores: tuple[duckdb.DuckDBPyConnection, duckdb.DuckDBPyConnection], table: str, where: str
) -> None:
    ssd, returns = stores
    n = count(ssd, f"SELECT count(*) FROM {table} WHERE {where}")
    assert n > 0, f"the synthetic borough should have some {table}"
    assert count(returns, f"SELECT count(*) FROM {table} WHERE {where}") == n


def test_every_child_in_the_returns_is_in_the_extract(
    stores: tuple[duckdb.DuckDBPyConnection, duckdb.DuckDBPyConnection],
) -> None:
    ssd, returns = stores
    ids = {r[0] for r in returns.execute("SELECT pers_person_id FROM ssd_person").fetchall()}
    known = {r[0] for r in ssd.execute("SELECT pers_person_id FROM ssd_person").fetchall()}
    assert ids and ids <= known


def test_looked_after_at_year_end_agrees(
    stores: tuple[duckdb.DuckDBPyConnection, duckdb.DuckDBPyConnection],
) -> None:
    """A figure, not just a count of rows: children looked after at 31 March by both routes."""
    sql = f"""SELECT count(DISTINCT clae_person_id) FROM ssd_cla_episodes
              WHERE clae_cla_episode_start_date <= DATE '{END}'
                AND (clae_cla_episode_ceased_date IS NULL OR clae_cla_episode_ceased_date > DATE '{END}')"""
    ssd, returns = stores
    assert count(ssd, sql) == count(returns, sql) > 0
