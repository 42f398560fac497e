"""What the tracker reads from the store, read-only (it never writes it): the placements
(ssd_cla_placement) with each child's legal status and UASC flag, and the children the store
knows (ssd_person)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

import duckdb

from csc_insight.costs.model import Placement, StoreFacts
from csc_insight.store import db

_PLACEMENTS = """
    SELECT clap_cla_placement_id, clap_person_id, clap_cla_placement_start_date,
           clap_cla_placement_end_date, clap_cla_placement_type, clap_cla_placement_provider
    FROM ssd_cla_placement WHERE clap_cla_placement_id IS NOT NULL
    ORDER BY clap_person_id, clap_cla_placement_start_date, clap_cla_placement_id
"""
_LEGAL = """
    SELECT lega_person_id, lega_legal_status, lega_legal_status_start_date,
           lega_legal_status_end_date
    FROM ssd_legal_status ORDER BY lega_person_id, lega_legal_status_start_date
"""
_UASC = "SELECT DISTINCT immi_person_id FROM ssd_immigration_status WHERE immi_immigration_status = 'UASC'"


def read_store(path: Path | None, as_at: date | None = None) -> StoreFacts:
    """The store's placements and children; legal status as at ``as_at`` (or the placement's
    end, if earlier; default the store's reach)."""
    con = db.open_existing(path)
    try:
        return read(con, as_at)
    finally:
        con.close()


def read(con: duckdb.DuckDBPyConnection, as_at: date | None = None) -> StoreFacts:
    rows = con.execute(_PLACEMENTS).fetchall()
    children = frozenset(
        str(r[0]) for r in con.execute("SELECT pers_person_id FROM ssd_person").fetchall()
    )
    reach = max((d for r in rows for d in (r[2], r[3]) if d is not None), default=None)
    legal = _legal_statuses(con)
    uasc = {str(r[0]) for r in con.execute(_UASC).fetchall()}
    when = as_at or reach or date.today()
    placements: dict[str, Placement] = {}
    for pid, child, start, end, ptype, provider in rows:
        on = min(when, end) if end is not None else when
        placements[str(pid)] = Placement(
            str(pid), str(child), start, end, ptype, provider,
            _status_on(legal.get(str(child), []), on), str(child) in uasc,
        )  # fmt: skip
    return StoreFacts(placements, children, reach)


Status = tuple[str, date, date | None]


def _legal_statuses(con: duckdb.DuckDBPyConnection) -> dict[str, list[Status]]:
    out: dict[str, list[Status]] = defaultdict(list)
    for child, status, start, end in con.execute(_LEGAL).fetchall():
        out[str(child)].append((str(status), start, end))
    return out


def _status_on(statuses: list[Status], on: date) -> str | None:
    """The legal status in force on a day: the latest to start by then and not ended before."""
    held = [s for s, start, end in statuses if start <= on and (end is None or end >= on)]
    return held[-1] if held else None
