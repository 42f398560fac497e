"""The cost rows a Costs page test starts from, built on the tiny borough's own placements: the
dashboard's cost table emptied (a shared PostgreSQL database may hold an earlier run's), then
filled through store/web_db.py as `csc costs load` fills it.

- HIGH: the store's latest-starting placement open at the store's reach, paid at £7,000 a week
  by spot purchase, its review due on 1 January of the year before the reach: high-cost, spot,
  and overdue;
- UNKNOWN: a package for a child the store does not know, paid for exactly one week at £700
  in the reach's financial year: listed by the reconciliation (and never a placement).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from csc_insight.costs.model import CostRow, Placement
from csc_insight.costs.periods import year_of
from csc_insight.costs.store import read_store
from csc_insight.money.model import Entry, Source
from csc_insight.store import web_db
from tests.web.conftest import Site

LINE = "Children's Social Care (includes Asylum Seekers)"
UNKNOWN_CHILD = "NOSUCHCHILD9"


@dataclass(frozen=True)
class Costs:
    placement: Placement
    as_at: date
    high: CostRow
    unknown: CostRow


def empty(site: Site) -> None:
    with web_db.connect(site.store, write=True) as con:
        con.execute("DELETE FROM csc_web_costline")  # a test's clean slate, never a page's
        con.execute("DELETE FROM csc_web_enteredchange WHERE \"table\" = 'csc_web_costline'")


def load(site: Site) -> Costs:
    empty(site)
    facts = read_store(site.store)
    assert facts.reach is not None
    open_ = [
        p for p in facts.placements.values()
        if p.start <= facts.reach and (p.end is None or p.end > facts.reach)
    ]  # fmt: skip
    p = max(open_, key=lambda p: (p.start, p.placement_id))
    year = year_of(facts.reach)
    entry, source = Entry("loader", date(2021, 3, 31)), Source("a test")
    high = CostRow(
        p.child_id, p.placement_id, "placement", "Residential provider (test)", "external",
        "spot", Decimal(7000), p.start, None, date(facts.reach.year - 1, 1, 1), LINE, entry,
        source,
    )  # fmt: skip
    unknown = CostRow(
        UNKNOWN_CHILD, None, "cwd package", "Short breaks (test)", "in-house", None,
        Decimal(700), year.first, year.first + timedelta(days=6), None, LINE, entry, source,
    )  # fmt: skip
    web_db.load_costs(site.store, [high, unknown], "loader", "a test")
    return Costs(p, facts.reach, high, unknown)
