"""The money and delivery figures a page test starts from: the dashboard's tables emptied (a
shared PostgreSQL database may hold an earlier run's), then filled as `csc money load --demo`
and `csc delivery load --demo` fill them, through store/web_db.py."""

from __future__ import annotations

from datetime import date, timedelta

from csc_insight.delivery import demo as delivery_demo
from csc_insight.delivery.model import DeliveryRecords, Guardrail, Milestone, Project
from csc_insight.money import demo as money_demo
from csc_insight.money.model import Entry, Source
from csc_insight.store import web_db
from tests.web.conftest import Site

#: A project of the test's own: one milestone, not started, due in 30 days: nothing is due, so
#: its delivery RAG is Grey until the milestone is marked slipped (Amber).
PROJECT = "TEST SAV01"
MILESTONE = "Consult on the new front door"


def empty(site: Site) -> None:
    """Every money and delivery row, and their changes, deleted (with SQL, not Django's ORM: a
    browser test's thread runs Playwright's event loop, where Django refuses to query)."""
    from csc_insight.delivery import stored as delivery_stored
    from csc_insight.money import stored as money_stored

    tables = [*money_stored.TABLES, *delivery_stored.TABLES, "csc_web_enteredchange"]
    with web_db.connect(site.store, write=True) as con:
        for table in tables:
            con.execute(f"DELETE FROM {table}")  # a test's clean slate, never a page's


def load_demo(site: Site) -> None:
    empty(site)
    web_db.load_money(site.store, money_demo.seed_records(), "loader", "csc money load the demo")
    web_db.load_delivery(
        site.store, delivery_demo.seed_records(), "loader", "csc delivery load the demo"
    )


def load_one_project(site: Site, guardrails: tuple[Guardrail, ...] = ()) -> None:
    empty(site)
    entry, source = Entry("loader", date.today()), Source("a test")
    due = date.today() + timedelta(days=30)
    records = DeliveryRecords(
        projects=(
            Project(PROJECT, "Front door", "A manager", None, {}, None, None, None, entry, source),
        ),
        milestones=(Milestone(PROJECT, MILESTONE, None, due, "not started", None, entry, source),),
        guardrails=guardrails,
    )
    web_db.load_delivery(site.store, records, "loader", "a test")


def guardrail(threshold: float) -> Guardrail:
    """CP 13 (repeat child protection plans, %) at most ``threshold``: above it, breached."""
    return Guardrail(
        PROJECT, "CP 13", "at most", threshold, "repeat plans", Entry("loader", date.today()),
        Source("a test"),
    )  # fmt: skip
