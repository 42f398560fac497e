"""The load's rules across records, on a hand-built extract with a known answer for each."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from csc_insight.store import db
from csc_insight.store.load import ingest
from tests.conftest import write_ssd_table

TODAY = date(2021, 4, 6)


def _extract(folder: Path) -> Path:
    write_ssd_table(
        folder,
        "ssd_person",
        [
            {"pers_person_id": "A", "pers_dob": "2015-06-01"},
            {"pers_person_id": "B", "pers_dob": "2035-01-01"},  # born in the future
            {"pers_person_id": "C", "pers_dob": "2020-02-29"},  # a leap day
            {"pers_person_id": "U", "pers_dob": "2021-03-01"},
        ],
    )
    write_ssd_table(
        folder,
        "ssd_cin_episodes",
        [
            {"cine_referral_id": "R1", "cine_person_id": "A", "cine_referral_date": "2021-04-07"},
            {"cine_referral_id": "R2", "cine_person_id": "C", "cine_referral_date": "2021-04-06"},
            # Referred before birth (an unborn child): allowed.
            {"cine_referral_id": "R3", "cine_person_id": "U", "cine_referral_date": "2021-01-10"},
            {
                "cine_referral_id": "R4",
                "cine_person_id": "C",
                "cine_referral_date": "2021-03-01",
                "cine_close_date": "2021-02-28",  # closed before it was made
            },
        ],
    )
    write_ssd_table(
        folder,
        "ssd_cin_assessments",
        [
            {"cina_assessment_id": "S1", "cina_person_id": "A", "cina_referral_id": "R1",
             "cina_assessment_start_date": "2021-04-01"},
            {"cina_assessment_id": "S2", "cina_person_id": "C", "cina_referral_id": "R2",
             "cina_assessment_start_date": "2021-04-06"},
        ],
    )  # fmt: skip
    write_ssd_table(
        folder,
        "ssd_cla_episodes",
        [
            # In care before birth: not possible.
            {"clae_cla_episode_id": "E1", "clae_person_id": "A", "clae_cla_episode_start_date": "2015-05-31"},
            # Born on a leap day, in care the same day: fine.
            {"clae_cla_episode_id": "E2", "clae_person_id": "C", "clae_cla_episode_start_date": "2020-02-29",
             "clae_cla_episode_ceased_date": "2020-06-01"},
            # Two episodes of C at once (the second starts before the first ended) ...
            {"clae_cla_episode_id": "E3", "clae_person_id": "C", "clae_cla_episode_start_date": "2020-07-01",
             "clae_cla_episode_ceased_date": "2020-09-30"},
            {"clae_cla_episode_id": "E4", "clae_person_id": "C", "clae_cla_episode_start_date": "2020-09-01"},
            # ... while an episode that starts the day the last one ended does not overlap it.
            {"clae_cla_episode_id": "E5", "clae_person_id": "U", "clae_cla_episode_start_date": "2021-03-01",
             "clae_cla_episode_ceased_date": "2021-03-10"},
            {"clae_cla_episode_id": "E6", "clae_person_id": "U", "clae_cla_episode_start_date": "2021-03-10"},
        ],
    )  # fmt: skip
    return folder


def test_each_rule_holds_back_exactly_its_records(tmp_path: Path) -> None:
    store = tmp_path / "s.duckdb"
    report = ingest([_extract(tmp_path / "x")], store, today=TODAY)
    held = {(p.table, p.key, p.rule) for p in report.held}
    assert held == {
        ("ssd_cin_episodes", "R1", "date-future"),  # the day after the load
        ("ssd_cin_assessments", "S1", "depends"),  # belongs to R1
        ("ssd_person", "B", "date-future"),
        ("ssd_cin_episodes", "R4", "date-order"),
        ("ssd_cla_episodes", "E1", "date-before-birth"),
        ("ssd_cla_episodes", "E3", "overlap"),
        ("ssd_cla_episodes", "E4", "overlap"),
    }
    con = db.connect(store, read_only=True)
    try:
        assert con.execute(
            "SELECT cine_referral_id FROM ssd_cin_episodes ORDER BY 1"
        ).fetchall() == [
            ("R2",),
            ("R3",),
        ]
        assert con.execute(
            "SELECT clae_cla_episode_id FROM ssd_cla_episodes ORDER BY 1"
        ).fetchall() == [
            ("E2",),
            ("E5",),
            ("E6",),
        ]
    finally:
        con.close()
    # Each names the file and the row it came from.
    r1 = next(p for p in report.held if p.key == "R1")
    assert (Path(r1.file).name, r1.row, r1.column, r1.value) == (
        "ssd_cin_episodes.csv",
        2,
        "cine_referral_date",
        "07/04/2021",
    )


def test_the_corrected_file_replaces_what_was_held_back(tmp_path: Path) -> None:
    store = tmp_path / "s.duckdb"
    folder = _extract(tmp_path / "x")
    ingest([folder], store, today=TODAY)
    # The corrected extract: every record right.
    write_ssd_table(
        folder,
        "ssd_cin_episodes",
        [{"cine_referral_id": "R1", "cine_person_id": "A", "cine_referral_date": "2021-04-01"}],
    )
    report = ingest(
        [folder / "ssd_cin_episodes.csv", folder / "ssd_cin_assessments.csv"], store, today=TODAY
    )
    assert not report.held
    con = db.connect(store, read_only=True)
    try:
        current = con.execute(
            "SELECT problem_table, problem_record FROM load_problems WHERE superseded_by IS NULL ORDER BY ALL"
        ).fetchall()
        assert con.execute("SELECT count(*) FROM ssd_cin_assessments").fetchall() == [(2,)]
    finally:
        con.close()
    # The person and CLA problems stay: their files were not loaded again.
    assert current == [
        ("ssd_cla_episodes", "E1"),
        ("ssd_cla_episodes", "E3"),
        ("ssd_cla_episodes", "E4"),
        ("ssd_person", "B"),
    ]


def test_every_due_target_or_expected_date_may_lie_ahead() -> None:
    """A new table's due date must not be held back as 'in the future': the list is data, so
    this keeps it in step with the schema."""
    from csc_insight.store import record_rules, schema

    planned = {
        f.name
        for t in schema.tables().values()
        for f in t.fields
        if f.type == "DATE" and any(w in f.name for w in ("_due", "target", "expected"))
    }
    assert planned <= record_rules.PLANNED_DATES


def test_care_proceedings_that_conclude_before_they_start_are_held_back(tmp_path: Path) -> None:
    """ext_care_proceedings is a span: concluded before the application was issued is held back;
    concluded the day it was issued (a leap day here), or still running, is kept."""
    folder = tmp_path / "x"
    write_ssd_table(folder, "ssd_person", [{"pers_person_id": "A", "pers_dob": "2015-06-01"}])
    write_ssd_table(
        folder,
        "ext_care_proceedings",
        [
            {"cpro_proceedings_id": "K1", "cpro_person_id": "A", "cpro_application_date": "2020-03-02",
             "cpro_concluded_date": "2020-03-01"},  # concluded the day before it was issued
            {"cpro_proceedings_id": "K2", "cpro_person_id": "A", "cpro_application_date": "2020-02-29",
             "cpro_concluded_date": "2020-02-29"},  # the same day: fine
            {"cpro_proceedings_id": "K3", "cpro_person_id": "A", "cpro_application_date": "2021-01-04"},
        ],
    )  # fmt: skip
    store = tmp_path / "s.duckdb"
    report = ingest([folder], store, today=TODAY)
    held = {(p.table, p.key, p.rule, p.column) for p in report.held}
    assert held == {("ext_care_proceedings", "K1", "date-order", "cpro_concluded_date")}
    con = db.connect(store, read_only=True)
    try:
        kept = con.execute("SELECT cpro_proceedings_id FROM ext_care_proceedings ORDER BY 1")
        assert kept.fetchall() == [("K2",), ("K3",)]
    finally:
        con.close()
