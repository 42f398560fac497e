"""One fact, one record: a return's record that the store holds under another id takes that id."""

from __future__ import annotations

from pathlib import Path

from csc_insight.store import db
from csc_insight.store.reconcile import reconcile


def _store(tmp_path: Path):  # type: ignore[no-untyped-def]
    con = db.connect(tmp_path / "s.duckdb")
    con.execute(
        """INSERT INTO ssd_cin_episodes (cine_referral_id, cine_person_id, cine_referral_date)
           VALUES ('CASE-77', 'P1', DATE '2021-01-05'), ('CASE-78', 'P2', DATE '2021-02-01'),
                  ('CASE-90', 'P3', DATE '2021-03-01'), ('CASE-91', 'P3', DATE '2021-03-01')"""
    )
    con.execute(
        """CREATE TEMP TABLE _s_ref AS SELECT * FROM (VALUES
             ('P1-20210105', 'P1', DATE '2021-01-05'),  -- the same referral as CASE-77
             ('P2-20210202', 'P2', DATE '2021-02-02'),  -- another day: another referral
             ('P3-20210301', 'P3', DATE '2021-03-01')   -- two stored referrals match: unsure
           ) t(cine_referral_id, cine_person_id, cine_referral_date)"""
    )
    con.execute(
        """CREATE TEMP TABLE _s_asm AS SELECT * FROM (VALUES
             ('A1', 'P1', 'P1-20210105', DATE '2021-01-06'),
             ('A2', 'P2', 'P2-20210202', DATE '2021-02-03')
           ) t(cina_assessment_id, cina_person_id, cina_referral_id, cina_assessment_start_date)"""
    )
    return con


def test_a_return_record_takes_the_id_the_store_holds_it_under(tmp_path: Path) -> None:
    con = _store(tmp_path)
    staged = {"ssd_cin_episodes": ["_s_ref"], "ssd_cin_assessments": ["_s_asm"]}
    assert reconcile(con, staged) == 1
    assert con.execute("SELECT cine_referral_id FROM _s_ref ORDER BY 1").fetchall() == [
        ("CASE-77",),
        ("P2-20210202",),
        ("P3-20210301",),
    ]
    # The assessment that belongs to it follows it.
    assert con.execute("SELECT cina_referral_id FROM _s_asm ORDER BY 1").fetchall() == [
        ("CASE-77",),
        ("P2-20210202",),
    ]


def test_twice_changes_nothing_more(tmp_path: Path) -> None:
    con = _store(tmp_path)
    staged = {"ssd_cin_episodes": ["_s_ref"], "ssd_cin_assessments": ["_s_asm"]}
    reconcile(con, staged)
    assert reconcile(con, staged) == 0
