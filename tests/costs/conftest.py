"""A hand-built store: three children, their placements with known dates, a legal status and a
UASC flag, in the financial year 2019-20 (366 days: it holds 29 February 2020)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from csc_insight.costs.model import CostKind, CostRow, Provision, Purchase
from csc_insight.money.model import Entry, Source
from csc_insight.store import db

PLACEMENTS = [  # id, child, start, end, type, provider
    ("PA1", "A", "2019-04-01", None, "U4", "PR4"),  # agency fostering, open all year
    ("PB1", "B", "2019-06-01", "2019-10-01", "K2", "PR4"),  # children's home, left 1 Oct
    ("PB2", "B", "2019-10-01", None, "U6", "PR1"),  # then in-house fostering, no cost row
    ("PD1", "D", "2018-01-01", "2019-02-01", "U4", "PR1"),  # ended before the year
]


def make_store(path: Path) -> Path:
    con = db.connect(path)
    con.execute(
        "INSERT INTO ssd_person (pers_person_id, pers_dob) VALUES "
        "('A', '2010-05-01'), ('B', '2004-01-10'), ('C', '2012-02-02'), ('D', '2005-03-03')"
    )
    con.executemany(
        "INSERT INTO ssd_cla_placement (clap_cla_placement_id, clap_person_id, "
        "clap_cla_placement_start_date, clap_cla_placement_end_date, clap_cla_placement_type, "
        "clap_cla_placement_provider) VALUES (?, ?, ?, ?, ?, ?)",
        PLACEMENTS,
    )
    con.execute(
        "INSERT INTO ssd_legal_status (lega_legal_status_id, lega_person_id, lega_legal_status, "
        "lega_legal_status_start_date, lega_legal_status_end_date) VALUES "
        "('l1', 'A', 'C1', '2019-04-01', '2019-08-01'), ('l2', 'A', 'C2', '2019-08-02', NULL), "
        "('l3', 'B', 'V2', '2019-06-01', NULL)"
    )
    con.execute("INSERT INTO ssd_immigration_status VALUES ('i', 'B', '2019-06-01', NULL, 'UASC')")
    con.close()
    return path


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return make_store(tmp_path / "store.duckdb")


def cost(
    child: str,
    placement: str | None,
    weekly: str,
    first: str,
    last: str | None = None,
    *,
    kind: CostKind = "placement",
    line: str = "Placements",
    provision: Provision = "external",
    purchase: Purchase | None = "framework",
    review: str | None = "2020-06-30",
    provider: str = "Provider Ltd",
    row: int = 2,
) -> CostRow:
    return CostRow(
        child, placement, kind, provider, provision, purchase, Decimal(weekly),
        date.fromisoformat(first), None if last is None else date.fromisoformat(last),
        None if review is None else date.fromisoformat(review), line,
        Entry("finance officer", date(2020, 4, 1)), Source("costs.xlsx [Costs]", None, row),
    )  # fmt: skip
