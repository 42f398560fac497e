"""What the results were computed from, and whether they still stand.

Each compute writes one row per indicator to ``results_provenance``: when, the last load in the
store at the time, the settings used, and a fingerprint of the indicator's definition (its SQL,
the shared SQL it may read, unit, aggregation, targets, tolerance, look-back). Results are stale
when a load has landed since, when the catalogue an indicator is judged by has changed (a new
target, a corrected SQL), or when an indicator has never been computed. ``csc status`` prints
the check; ``csc show``, ``csc children`` and ``csc report`` refuse stale results and name the
command that brings them up to date (recomputing silently inside a report would hide a 30-second
national compute, and a view never computes a figure).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache

import duckdb

from csc_insight.errors import CscError
from csc_insight.indicators import catalogue, targets
from csc_insight.indicators.catalogue import Indicator
from csc_insight.store.sql import table_exists

DDL = """CREATE TABLE IF NOT EXISTS results_provenance (
    indicator_id VARCHAR, computed_at TIMESTAMP, load_id INTEGER, settings VARCHAR,
    fingerprint VARCHAR)"""


@cache
def _shared_text() -> str:
    return "\n".join(sql for _, sql in catalogue.shared_sql())


def fingerprint(ind: Indicator) -> str:
    """A digest of everything that decides the indicator's figures, RAG and signals."""
    parts = [
        ind.id,
        ind.unit,
        ind.kind,
        ind.aggregate,
        ind.polarity,
        json.dumps(ind.targets, sort_keys=True),
        repr(ind.tolerance),
        *([json.dumps(ind.tolerances, sort_keys=True)] if ind.tolerances else []),
        str(ind.history_months),
        ind.sql,
        _shared_text(),
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


def last_load_id(con: duckdb.DuckDBPyConnection) -> int | None:
    if not table_exists(con, "loads"):
        return None
    found = con.execute("SELECT max(load_id) FROM loads").fetchall()
    return found[0][0] if found else None


def record(
    con: duckdb.DuckDBPyConnection,
    inds: Iterable[Indicator],
    values: dict[str, str | int],
    computed_at: datetime,
) -> None:
    """Stamp these indicators' results, in the caller's transaction."""
    con.execute(DDL)
    chosen = list(inds)
    con.execute(
        "DELETE FROM results_provenance WHERE indicator_id IN (SELECT unnest(?))",
        [[i.id for i in chosen]],
    )
    load = last_load_id(con)
    settings = json.dumps(values, sort_keys=True)
    con.executemany(
        "INSERT INTO results_provenance VALUES (?, ?, ?, ?, ?)",
        [[i.id, computed_at, load, settings, fingerprint(i)] for i in chosen],
    )


@dataclass(frozen=True)
class LoadSince:
    load_id: int
    finished: datetime
    user: str
    note: str


@dataclass
class Freshness:
    """The state of the results against the store and the catalogue."""

    computed_at: datetime | None = None  # the latest compute
    earliest: datetime | None = None  # the oldest results still in the table
    #: each distinct set of settings used (JSON) -> the indicators computed with it
    settings: dict[str, list[str]] = field(default_factory=dict)
    loads_since: list[LoadSince] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)  # definitions changed since computed
    missing: list[str] = field(default_factory=list)  # never computed
    no_results: bool = False
    unstamped: bool = False  # results from a version that kept no provenance

    @property
    def stale(self) -> bool:
        return bool(
            self.no_results or self.unstamped or self.loads_since or self.changed or self.missing
        )

    def reasons(self) -> list[str]:
        if self.no_results:
            return ["no results have been computed"]
        if self.unstamped:
            return ["the results were computed by an earlier version of csc-insight"]
        out = []
        if self.loads_since:
            first = self.loads_since[0]
            out.append(
                f"{_count(len(self.loads_since), 'load')} since the results were computed "
                f"(load {first.load_id} at {first.finished:%d/%m/%Y %H:%M} by {first.user})"
            )
        if self.changed:
            out.append("definitions changed since computed: " + _ids(self.changed))
        if self.missing:
            out.append("never computed: " + _ids(self.missing))
        return out


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _ids(ids: Sequence[str], most: int = 8) -> str:
    shown = ", ".join(ids[:most])
    return shown + (f" and {len(ids) - most} more" if len(ids) > most else "")


def check(con: duckdb.DuckDBPyConnection, ids: Iterable[str] | None = None) -> Freshness:
    """The freshness of the results for these indicators (default: the whole catalogue)."""
    wanted = {i.id: i for i in targets.catalogue_for_con(con)}
    if ids is not None:
        wanted = {i: wanted[i] for i in ids if i in wanted}
    if not table_exists(con, "results"):
        return Freshness(no_results=True)
    if not table_exists(con, "results_provenance"):
        return Freshness(unstamped=True)
    stamps = {
        r[0]: r[1:]
        for r in con.execute(
            "SELECT indicator_id, computed_at, load_id, settings, fingerprint FROM results_provenance"
        ).fetchall()
    }
    mine = [stamps[i] for i in wanted if i in stamps]
    fresh = Freshness(
        computed_at=max((s[0] for s in mine), default=None),
        earliest=min((s[0] for s in mine), default=None),
        settings=_by_settings({i: stamps[i][2] for i in wanted if i in stamps}),
        changed=[
            i for i, ind in wanted.items() if i in stamps and stamps[i][3] != fingerprint(ind)
        ],
        missing=[i for i in wanted if i not in stamps],
    )
    oldest_load = min((s[1] or 0 for s in mine), default=None)
    if oldest_load is not None and table_exists(con, "loads"):
        fresh.loads_since = [
            LoadSince(*r)
            for r in con.execute(
                "SELECT load_id, load_finished_at, load_user, load_note FROM loads "
                "WHERE load_id > ? ORDER BY load_id",
                [oldest_load],
            ).fetchall()
        ]
    return fresh


def _by_settings(used: dict[str, str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for ident, settings in used.items():
        out.setdefault(settings, []).append(ident)
    return out


def require_fresh(con: duckdb.DuckDBPyConnection, ids: Iterable[str] | None = None) -> None:
    """Refuse stale results, naming why and the command that brings them up to date."""
    fresh = check(con, ids)
    if fresh.stale:
        raise CscError(
            "the results are out of date: "
            + "; ".join(fresh.reasons())
            + ". Run `csc compute` first (csc status shows what has changed)."
        )
