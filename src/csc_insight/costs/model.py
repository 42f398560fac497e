"""The records of the cost tracker: a cost row as the template gives it, and a placement as the
store holds it. Weekly costs are in pounds (as a placement is priced); totals set against a
budget line are in £ thousands, as the money template's budgets are."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from csc_insight.money.model import Entry, Source

CostKind = Literal["placement", "cwd package", "other package"]
#: How each kind is written in the template (and offered in its drop-down).
KIND_WORDS: dict[CostKind, str] = {
    "placement": "Placement",
    "cwd package": "CWD package",
    "other package": "Other care package",
}
Provision = Literal["in-house", "external"]
Purchase = Literal["spot", "framework"]


@dataclass(frozen=True)
class CostRow:
    """One placement or care package as finance pays for it.

    ``cost_to`` is the last day paid for (blank: still being paid). ``placement_id`` names the
    store's placement (ssd_cla_placement) when the row is for one; a package has none."""

    child_id: str
    placement_id: str | None
    kind: CostKind
    provider: str
    provision: Provision
    purchase: Purchase | None  # None: bought by neither route (an in-house placement)
    weekly: Decimal  # pounds a week
    cost_from: date
    cost_to: date | None
    next_review: date | None
    budget_line: str
    entry: Entry
    source: Source
    note: str | None = None

    @property
    def where(self) -> str:
        """The row in its file, for a list an analyst acts on."""
        return (
            f"{self.source.document}, row {self.source.row}"
            if self.source.row
            else str(self.source.document)
        )


@dataclass(frozen=True)
class Placement:
    """A placement as the store holds it, with the child's legal status and UASC flag at the
    date the tracker is run for. ``end`` is the day the child left it (None: open)."""

    placement_id: str
    child_id: str
    start: date
    end: date | None
    placement_type: str | None
    provider_code: str | None
    legal_status: str | None
    uasc: bool


@dataclass(frozen=True)
class StoreFacts:
    """What the tracker reads from the store: its placements by id and the children it knows."""

    placements: dict[str, Placement]
    children: frozenset[str]
    #: The last day the store's placements reach (a start or an end): the default "as at".
    reach: date | None
