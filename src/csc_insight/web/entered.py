"""The money and delivery figures as the pages read and change them: the same tables, rows and
records as `csc money load` and `csc delivery load` (store/web_db.py, through Django's own
connection, in its transaction), so the pages, the command line and the pack read one home.

A page's change is one row replaced (its key unchanged), kept in EnteredChange with the values
before and after, who and how, and one row of the audit log, as every edit in the dashboard.
"""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction

from csc_insight.costs import stored as costs_stored
from csc_insight.costs.model import CostRow
from csc_insight.delivery import stored as delivery_stored
from csc_insight.delivery.model import DeliveryRecords
from csc_insight.education import stored as education_stored
from csc_insight.education.model import EducationRecords
from csc_insight.entry.rows import as_row
from csc_insight.money import stored as money_stored
from csc_insight.money.model import MoneyRecords
from csc_insight.store import web_db
from csc_insight.web.models import AuditEntry, EnteredChange

#: The audit log's action for a change to the money or delivery figures.
CHANGED = "figures-changed"


def _con() -> web_db.Connection:
    connection.ensure_connection()
    return web_db.Connection(connection.connection, postgres=connection.vendor == "postgresql")


def money() -> MoneyRecords:
    """The money figures the dashboard holds."""
    return money_stored.records_of(web_db.read_rows(_con(), list(money_stored.TABLES)))


def delivery() -> DeliveryRecords:
    """The delivery records the dashboard holds."""
    return delivery_stored.records_of(web_db.read_rows(_con(), list(delivery_stored.TABLES)))


def costs() -> list[tuple[int, CostRow]]:
    """The cost rows the dashboard holds, each with its row number (the table's id: how the
    Costs page names a row, its key holding the child's id)."""
    found = web_db.read_rows(_con(), [costs_stored.TABLE])
    records = costs_stored.records_of(found)
    return [(int(r["id"]), x) for r, x in zip(found[costs_stored.TABLE], records, strict=True)]


def education() -> EducationRecords:
    """The education records the dashboard holds."""
    return education_stored.records_of(web_db.read_rows(_con(), [education_stored.TABLE]))


def change(record: Any, who: str, page: str, detail: str, reason: str | None = None) -> bool:
    """Replace the row ``record`` is (by its key) with it, kept with ``who`` and the ``page``
    (and the ``reason`` given for it, after the page: "the Improvement plan page: REASON");
    False when nothing changed."""
    if type(record) in money_stored.TABLES.values():
        stored: Any = money_stored
    elif isinstance(record, CostRow):
        stored = costs_stored
    else:
        stored = delivery_stored
    table = next(t for t, cls in stored.TABLES.items() if cls is type(record))
    rows = {table: [as_row(record, stored.key(record))]}
    with transaction.atomic():
        how = f"the {page} page" + (f": {reason}" if reason else "")
        n = web_db.save_rows(_con(), rows, who, how, stored.TABLES)
        if n:
            AuditEntry.objects.create(user_name=who, action=CHANGED, count=n, detail=detail)
    return bool(n)


#: What a row of each table is, as the History lists it.
LABELS = {
    "csc_web_budgetline": "budget line",
    "csc_web_mtfsproposal": "MTFS proposal",
    "csc_web_projectprofile": "project profile",
    "csc_web_printedtotal": "printed total",
    "csc_web_project": "project",
    "csc_web_milestone": "milestone",
    "csc_web_risk": "risk",
    "csc_web_guardrail": "guardrail",
    "csc_web_workstream": "workstream",
    "csc_web_action": "action",
    "csc_web_costline": "cost row",
    "csc_web_educationfigure": "education figure",
}


def history(tables: list[str], limit: int = 25) -> list[dict[str, Any]]:
    """The latest changes to the tables, newest first: when, who, what (added or changed, which
    row) and how."""
    return [
        {
            "changed_at": c.changed_at,
            "changed_by": c.changed_by,
            "what": f"{'changed' if c.before else 'added'} {LABELS.get(c.table, c.table)} {c.key}",
            "how": c.how,
        }
        for c in EnteredChange.objects.filter(table__in=tables)[:limit]
    ]


def state() -> int:
    """A number that changes whenever the figures do (the newest change's id): part of the key
    of a cached page that shows them (pagecache.py)."""
    last = EnteredChange.objects.order_by("-id").values_list("id", flat=True).first()
    return last or 0
