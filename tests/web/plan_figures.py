"""The improvement plan a page test starts from: one workstream with two actions, one of them
overdue, put in the dashboard's tables as `csc delivery load` puts them (store/web_db.py), beside
the demo's money figures (`csc delivery show` reads the savings profiles from them)."""

from __future__ import annotations

from datetime import date, timedelta

from csc_insight.delivery import stored
from csc_insight.delivery.model import Action, DeliveryRecords, Workstream
from csc_insight.money import demo as money_demo
from csc_insight.money.model import Entry, Source, name_key
from csc_insight.store import web_db
from tests.web.conftest import Site
from tests.web.entered_figures import empty

WORKSTREAM = "Practice"
#: In progress and due 20 days ago: overdue at the end of this month until it is completed.
OVERDUE = "1.1"
#: Not started, due in 40 days: not overdue this month.
LATER = "1.2"
WS_KEY = name_key(WORKSTREAM)
OVERDUE_KEY = name_key(OVERDUE)


def load_plan(site: Site) -> DeliveryRecords:
    empty(site)
    entry, source = Entry("loader", date.today()), Source("a test")
    today = date.today()
    records = DeliveryRecords(
        workstreams=(Workstream(WORKSTREAM, "An officer", "On track", entry, source),),
        actions=(
            Action(
                OVERDUE, WORKSTREAM, "Strengthen oversight of practice quality", "A lead",
                today - timedelta(days=20), "in progress", None, entry, source,
            ),
            Action(
                LATER, WORKSTREAM, "Review return home interviews", None,
                today + timedelta(days=40), "not started", None, entry, source,
            ),
        ),
    )  # fmt: skip
    web_db.load_money(site.store, money_demo.seed_records(), "loader", "a test")
    web_db.load_delivery(site.store, records, "loader", "a test")
    assert stored.key(records.actions[0]) == OVERDUE_KEY
    return records
