"""Made-up costs for the synthetic borough: a cost row for each placement of a store that is
paid in the financial year the store reaches into, and a few children with disabilities care
packages, at weekly costs drawn (seeded, so the same store always gives the same rows) from
ranges by placement type. The costs are made up: they are not any council's prices.

A few discrepancies are made on purpose, so the reconciliation has something to show: one
placement the store has ended is still being paid, one cost row names a child the store does
not know, and placed-with-parents and adoption placements (P1, A3–A6) get no row.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import duckdb

from csc_insight.costs.model import CostRow, Placement, Provision, Purchase
from csc_insight.costs.periods import DAY, year_of
from csc_insight.costs.store import read
from csc_insight.money.model import Entry, Source
from csc_insight.store import db

LINE = "Children's Social Care (includes Asylum Seekers)"
WHO = "demo (made-up costs)"
SOURCE = "made-up demo costs (csc costs template --demo)"
#: Made-up weekly ranges (pounds) by placement type group and in-house (PR1) or not.
_RANGES: dict[tuple[str, bool], tuple[int, int]] = {
    ("kinship", True): (250, 400),
    ("foster", True): (400, 600),
    ("foster", False): (800, 1100),
    ("residential", True): (3000, 4200),
    ("residential", False): (4200, 7800),
    ("supported", True): (500, 800),
    ("supported", False): (900, 1800),
}
_GROUPS = {
    **dict.fromkeys(("U1", "U2", "U3"), "kinship"),
    **dict.fromkeys(("U4", "U5", "U6"), "foster"),
    **dict.fromkeys(("K1", "K2", "R1", "R2", "S1"), "residential"),
    **dict.fromkeys(("H5", "P2", "Z1"), "supported"),
}
_PROVIDERS = {
    "kinship": "Connected carers (in-house)",
    "foster": "Agency fostering (made up)",
    "residential": "Residential provider (made up)",
    "supported": "Supported accommodation (made up)",
}


def rows_from_store(path: Path | None, seed: int = 1) -> list[CostRow]:
    """The made-up cost rows for a store's placements (read-only)."""
    con = db.open_existing(path)
    try:
        return rows(con, seed)
    finally:
        con.close()


def rows(con: duckdb.DuckDBPyConnection, seed: int = 1) -> list[CostRow]:
    facts = read(con)
    as_at = facts.reach or date.today()
    year = year_of(as_at)
    rng = random.Random(seed)
    out: list[CostRow] = []
    paid = [
        p for p in sorted(facts.placements.values(), key=lambda p: (p.child_id, p.start))
        if p.start <= year.last and (p.end is None or p.end > year.first)
    ]  # fmt: skip
    for p in paid:
        row = _placement_row(p, rng, as_at)
        if row is not None:
            out.append(row)
    out = _still_paid_after_end(out, facts.placements)
    out += _packages(con, rng, year.first, as_at)
    if out:
        out.append(_unknown_child(out[0], rng))
    return out


def _placement_row(p: Placement, rng: random.Random, as_at: date) -> CostRow | None:
    group = _GROUPS.get((p.placement_type or "").upper())
    if group is None:
        return None  # placed with parents, placed for adoption: not paid as a placement
    own = (p.provider_code or "").upper() == "PR1" or group == "kinship"
    low, high = _RANGES[(group, own)]
    provision: Provision = "in-house" if own else "external"
    purchase: Purchase | None = None if own else ("spot" if rng.random() < 0.3 else "framework")
    provider = "In-house fostering" if own and group == "foster" else _PROVIDERS[group]
    if own and group != "foster":
        provider = f"{group.capitalize()} (in-house)"
    return CostRow(
        p.child_id, p.placement_id, "placement", provider, provision, purchase,
        Decimal(rng.randrange(low, high, 5)), p.start, None if p.end is None else p.end - DAY,
        as_at + timedelta(days=rng.randrange(-90, 180)), LINE, Entry(WHO, as_at),
        Source(SOURCE),
    )  # fmt: skip


def _still_paid_after_end(rows: list[CostRow], placements: dict[str, Placement]) -> list[CostRow]:
    """The first row of an ended placement left open, as if finance was never told."""
    for i, r in enumerate(rows):
        p = placements.get(r.placement_id or "")
        if p is not None and p.end is not None:
            rows[i] = replace(r, cost_to=None, note="made up: still paid after the placement ended")
            break
    return rows


def _packages(
    con: duckdb.DuckDBPyConnection, rng: random.Random, first: date, as_at: date
) -> list[CostRow]:
    children = [
        str(c) for (c,) in con.execute(
            "SELECT DISTINCT disa_person_id FROM ssd_disability "
            "WHERE disa_disability_code <> 'NONE' ORDER BY 1 LIMIT 8"
        ).fetchall()
    ]  # fmt: skip
    out = []
    for child in children:
        spot = rng.random() < 0.4
        out.append(
            CostRow(
                child,
                None,
                "cwd package",
                "Short breaks provider (made up)" if spot else "Home care framework (made up)",
                "external",
                "spot" if spot else "framework",
                Decimal(rng.randrange(150, 950, 5)),
                first + timedelta(days=rng.randrange(0, 120)),
                None,
                as_at + timedelta(days=rng.randrange(-150, 120)),
                LINE,
                Entry(WHO, as_at),
                Source(SOURCE),
            )
        )
    return out


def _unknown_child(like: CostRow, rng: random.Random) -> CostRow:
    return replace(
        like, child_id=f"X{rng.randrange(10**6):06d}", placement_id=None, kind="other package",
        provider="Care package provider (made up)",
        note="made up: a child the store does not know",
    )  # fmt: skip
