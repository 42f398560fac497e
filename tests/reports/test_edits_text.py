"""Saved commentary edits in words, as ``csc report`` notes the ones that no longer match."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from csc_insight.reports.edits import Edit, load_edits, save_edits
from tests.reports.test_edits_store import dashboard_db

SAVED = {"edited_by": "jo", "edited_at": datetime(2026, 12, 7, 16, 45)}
LONG = "Percentage of referrals that were re-referrals within 12 months rose again"

DESCRIPTIONS = [
    (Edit("remove", indicator_id="FD 8", text=LONG, **SAVED),
     "remove the bullet 'Percentage of referrals that were re-referrals within 12 ...' (FD 8), saved by jo on 07/12/2026"),
    (Edit("remove", indicator_id="CIN 8", rule="amber"), "remove the amber bullet on CIN 8"),
    (Edit("remove", indicator_id="CIN 8"), "remove the bullet on CIN 8"),
    (Edit("remove", text="Referrals fell."), "remove the bullet 'Referrals fell.'"),
    (Edit("remove", list_key="to_watch", rule="amber"), "remove the amber bullet in 'Ones to watch'"),
    (Edit("remove", list_key="to_watch"), "remove every bullet in 'Ones to watch'"),
    (Edit("replace", indicator_id="FD 8", text="Referrals rose after schools reopened."),
     "replace the bullet on FD 8 with 'Referrals rose after schools reopened.'"),
    (Edit("replace", "do_better", "FD 8", "red", "Assessments slipped.", **SAVED),
     "replace the red bullet on FD 8 with 'Assessments slipped.' in 'Things to do better', saved by jo on 07/12/2026"),
    (Edit("add", "do_better", text="Recruit two team managers."),
     "add the bullet 'Recruit two team managers.' to 'Things to do better'"),
    (Edit("add", "going_well", "FD 8", text="Fewer re-referrals.", edited_by="jo"),
     "add the bullet 'Fewer re-referrals.' on FD 8 to 'Going well or better', saved by jo"),
]  # fmt: skip


@pytest.mark.parametrize(("edit", "words"), DESCRIPTIONS)
def test_an_edit_is_described_in_words(edit: Edit, words: str) -> None:
    assert edit.describe() == words


def test_no_description_reads_as_python() -> None:
    for edit, _ in DESCRIPTIONS:
        assert "Edit(" not in edit.describe() and "None" not in edit.describe()


def test_who_saved_an_edit_does_not_change_what_it_is() -> None:
    assert Edit("remove", indicator_id="FD 8", **SAVED) == Edit("remove", indicator_id="FD 8")


def test_edits_read_back_from_the_store_say_who_saved_them_and_when(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dashboard_db(tmp_path, monkeypatch)
    con = duckdb.connect()
    source = {"period": "2021-03", "remove": [{"indicator": "FD 8", "text": "Referrals fell."}]}
    save_edits(con, "2021-03", source, "jo", indicators=["FD 8"])
    (saved,) = load_edits(con, "2021-03")
    today = date.today()
    assert saved.describe() == (
        f"remove the bullet 'Referrals fell.' (FD 8), saved by jo on {today:%d/%m/%Y}"
    )
