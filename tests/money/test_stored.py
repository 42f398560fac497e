"""A record as the dashboard's database keeps it, and back (entry/rows.py, money/stored.py,
delivery/stored.py): amounts exact to the pound however the database returns them, a blank
kept blank (never 0), dates as dates; and through a real SQLite dashboard database."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from csc_insight.delivery import stored as delivery_stored
from csc_insight.delivery.model import DeliveryRecords, Milestone, Project
from csc_insight.entry.rows import as_row, record
from csc_insight.money import stored
from csc_insight.money.model import BudgetLine, Entry, MoneyRecords, MtfsProposal, Source
from csc_insight.store import web_db

ENTRY, SOURCE = Entry("fo1", date(2021, 6, 1)), Source("money.xlsx [Budget lines]", "Q1", 2)
LINE = BudgetLine(
    "2021-22", "CFE Directorate", Decimal("9050.5"), (Decimal("8783.125"), None, None, None),
    None, ENTRY, SOURCE, None,
)  # fmt: skip
PROPOSAL = MtfsProposal(
    "CFE SAV02", "Early help", "A. Owner", "saving",
    {"2021-22": Decimal("424.5"), "2022-23": Decimal(0)}, ENTRY, SOURCE,
)  # fmt: skip


@pytest.fixture
def web(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("CSC_WEB_DB", str(tmp_path / "web.sqlite3"))
    monkeypatch.delenv("CSC_DATABASE_URL", raising=False)
    yield tmp_path / "store.duckdb"


def test_a_row_as_sqlite_returns_it_reads_as_the_record() -> None:
    row = as_row(LINE, stored.key(LINE))
    assert row["key"] == "2021-22|cfedirectorate" and row["q2"] is None
    # SQLite's NUMERIC column gives a float or an int back; a DateField gives text
    raw = {**row, "budget": 9050.5, "q1": 8783.125, "entered_on": "2021-06-01"}
    assert record(BudgetLine, raw) == LINE
    amounts = as_row(PROPOSAL, stored.key(PROPOSAL))["amounts"]
    assert amounts == {"2021-22": "424.5", "2022-23": "0"}  # text: exact, and a nil kept
    assert record(MtfsProposal, {**as_row(PROPOSAL, "k"), "amounts": amounts}) == PROPOSAL


def test_records_round_trip_through_the_dashboard_s_database(web: Path) -> None:
    money = MoneyRecords((LINE,), (PROPOSAL,))
    assert web_db.load_money(web, money, "fo1", "a test") == 2
    assert web_db.entered_money(web) == money
    project = Project("CFE SAV02", "Early help", None, None, {"2021-22": Decimal("100.25")},
                      "in progress", None, None, ENTRY, SOURCE)  # fmt: skip
    milestone = Milestone("CFE SAV02", "Consult", None, date(2021, 9, 30), None, None, ENTRY,
                          SOURCE)  # fmt: skip
    delivery = DeliveryRecords((project,), (milestone,))
    web_db.load_delivery(web, delivery, "fo1", "a test")
    assert web_db.entered_delivery(web) == delivery
    assert delivery_stored.key(milestone) == "cfesav02|consult"
    # the same figures again: nothing changed, no change kept
    assert web_db.load_money(web, money, "fo1", "a test") == 0
