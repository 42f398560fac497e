"""Reading the figures for the pages: the store's latest published copy (store/published.py).

Each process keeps one read-only DuckDB connection to the newest copy and moves to a newer one
when `csc compute` publishes it; a request takes its own cursor. So a page shows the last
complete results, and never waits for, or sees half of, a compute. The committee pack's model
(reports/model.py) is built from the copy once per copy, month and audience and kept in
memory: the pages show the same table, commentary and signals as the pack, read, not recomputed.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Hashable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import duckdb
from django.conf import settings

from csc_insight.errors import CscError
from csc_insight.formats import rules
from csc_insight.indicators import children, rag, results, targets
from csc_insight.indicators.catalogue import Indicator
from csc_insight.reports import commentary, edits, model
from csc_insight.store import db, problems, published


class NoResults(CscError):
    """Nothing published yet: `csc compute` has not run since the dashboard was set up."""


@dataclass
class _Open:
    path: Path
    con: duckdb.DuckDBPyConnection


_lock = threading.Lock()
_current: _Open | None = None


def copy_path() -> Path:
    found = published.latest(settings.STORE)
    if found is None:
        raise NoResults(
            f"no results published for the dashboard from {settings.STORE}: run `csc compute`"
        )
    return found


def cursor() -> tuple[Path, duckdb.DuckDBPyConnection]:
    """A cursor on the newest published copy, and the copy's path."""
    global _current
    path = copy_path()
    with _lock:
        if _current is None or _current.path != path:
            # As every reader opens a store (db.connect): DuckDB refuses a second connection
            # to the same file with another configuration (the pack writer opens it too).
            con = db.connect(path, read_only=True)
            old, _current = _current, _Open(path, con)
            if old is not None:
                old.con.close()
        return path, _current.con.cursor()


def pack(month: str | None = None, *, published_view: bool) -> model.Pack:
    """The pack's model for ``month`` (default the latest), suppressed for a viewer, rated
    against the targets as they stand, with the month's commentary edits as they stand."""
    return pack_keyed(month, published_view=published_view)[0]


def pack_keyed(month: str | None = None, *, published_view: bool) -> tuple[model.Pack, Hashable]:
    """pack(), and what it was made from (the published copy, month, audience, targets and
    edits): the same key, the same pack. The pages cache what they render from it by this key."""
    path = copy_path()
    period = _pack(path, month, published_view).period
    key = (
        path, month, published_view, state_key(current_targets()), tuple(current_edits(period))
    )  # fmt: skip
    return _edited(*key), key


def generated(month: str | None = None, *, published_view: bool) -> model.Pack:
    """The pack's model with the commentary as generated, before any analyst's edit (the
    Commentary page's starting point). Shared: not to be changed."""
    return _pack(copy_path(), month, published_view)


def state_key(found: targets.Overrides) -> tuple[tuple[Any, Any], ...]:
    return tuple(sorted(found.items()))


@lru_cache(maxsize=32)
def _edited(
    path: Path,
    month: str | None,
    published_view: bool,
    found: tuple[tuple[Any, Any], ...],
    saved: tuple[edits.Edit, ...],
) -> model.Pack:
    built = rated(_copy(_pack(path, month, published_view)), dict(found))
    titles = {r.indicator.id: r.title for r in built.rows()}
    built.commentary = commentary.shortened(edits.apply(built.commentary, saved), titles=titles)
    return built


def _copy(built: model.Pack) -> model.Pack:
    """A copy of the pack to rate and edit, the generated one left as it is. What rating and
    editing never change (each row's indicator, comparators and history: most of the pack) is
    shared, not copied: a whole copy took 0.2-0.9 s, this one about 15 ms."""
    import copy

    shared: dict[int, Any] = {}
    for r in built.rows():
        for kept in (r.indicator, *r.comparators.values(), *r.history):
            shared[id(kept)] = kept
    return copy.deepcopy(built, shared)


@lru_cache(maxsize=32)
def _pack(path: Path, month: str | None, published_view: bool) -> model.Pack:
    _, con = cursor()
    try:
        built = model.build_from(con, month, published=published_view)
        built.commentary = commentary.generate(built)
        edits.move_from_store(con)  # edits an earlier version kept in the store, once
        return built
    finally:
        con.close()


def current_edits(period: str) -> list[edits.Edit]:
    """The month's commentary edits as they stand, in the order they apply (one plain query:
    every page asks)."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            f"""SELECT action, list, indicator_id, rule, text, edited_by, edited_at
                FROM {edits.TABLE} WHERE period = %s ORDER BY seq""",
            [period],
        )
        rows = cur.fetchall()
    return [
        edits.Edit(a, lst, ind, rule, text, edited_by=by, edited_at=at)
        for a, lst, ind, rule, text, by, at in rows
    ]


def warm() -> None:
    """Build the latest month's pack for both audiences, rated and edited as the targets and
    commentary stand, in the server's first process, before
    gunicorn forks its workers (--preload): each worker starts with them, instead of spending
    its first requests on them. The DuckDB and database connections are closed first, so no
    worker shares one."""
    global _current
    from django.db import connections

    try:
        for published_view in (True, False):
            pack_keyed(None, published_view=published_view)  # rated and edited as they stand
    except CscError:
        pass  # nothing published yet: the pages say so
    finally:
        if _current is not None:
            _current.con.close()
            _current = None
        connections.close_all()


def rated(built: model.Pack, found: targets.Overrides) -> model.Pack:
    """The pack with each row rated against the targets as they stand (an analyst's change in
    the dashboard shows at once; `csc compute` then rates the results table the same way)."""
    for row in built.rows():
        set_ = found.get((row.indicator.id, built.financial_year))
        if set_ is None or row.latest.shown is None or row.latest.incomplete:
            continue
        value, tolerance = set_
        ind = row.indicator
        row.target = row.latest.target = value
        row.rag = rag.rag(row.latest.value, value, ind.polarity, tolerance or ind.tolerance)
    return built


def current_targets() -> targets.Overrides:
    """The analysts' targets as they stand (one plain query: every page asks)."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(f"SELECT indicator_id, financial_year, value, tolerance FROM {targets.TABLE}")
        rows = cur.fetchall()
    return {(i, fy): (v, None if tol is None else tol / 100) for i, fy, v, tol in rows}


def listing(
    ind: Indicator,
    period: str | None,
    *,
    user: str,
    not_met: bool,
    teams: list[str] | None,
    action: str,
) -> children.Listing:
    """The children behind a figure, from the same copy as the figures, each listing recorded in
    the dashboard's audit log (who, when, which figure and period, which children) before it is
    returned; a manager's only for the children of their teams."""
    from csc_insight.web.models import AuditEntry

    def record(
        who: str, ident: str, period_id: str, ids: list[str], detail: str, not_met: bool
    ) -> tuple[str, int]:
        entry = AuditEntry.objects.create(
            user_name=who,
            action=action + (" (not met)" if not_met else ""),
            indicator_id=ident,
            period_id=period_id,
            children=",".join(ids),
            count=len(ids),
            detail=detail,
        )
        return who, entry.pk

    _, con = cursor()
    try:
        p = results.resolve_period(con, period)
        return children.listing(
            con, ind, p, user=user, not_met=not_met, record=record, only_teams=teams
        )
    finally:
        con.close()


def data_summary() -> dict[str, object]:
    """The Data page: loads, records held back by reason, the months computed and when."""
    path, con = cursor()
    try:
        loads = con.execute(
            """SELECT load_id, load_started_at, load_finished_at, load_user, load_files, load_rows
               FROM loads ORDER BY load_id DESC LIMIT 50"""
        ).fetchall()
        held = [(rules.label(rule), n, notes) for rule, (n, notes) in problems.counts(con).items()]
        computed = con.execute(
            "SELECT min(computed_at), max(computed_at) FROM results_provenance"
        ).fetchone()
        months = results.months_computed(con)
        return {
            "loads": loads,
            "held": held,
            "held_total": problems.held_records(con),
            "computed_at": computed[1] if computed else None,
            "months": months,
            "copy": path.name,
        }
    finally:
        con.close()


def pack_file(month: str | None, *, published_view: bool, suffix: str = "pdf") -> Path:
    """The committee pack's PDF or workbook (``suffix`` pdf or xlsx) for the copy and month,
    written once into a folder beside the dashboard's database and kept while the copy is
    current."""
    from csc_insight.reports.report import write_pack

    path = copy_path()
    built = _pack(path, month, published_view)
    saved = current_edits(built.period)
    # The commentary's edits are in the pack: a change to them is another pack.
    version = hashlib.sha256(edits.dump(built.period, saved).encode()).hexdigest()[:12]
    out = (
        settings.WEB_DB.with_name("csc-web-packs")
        / path.stem
        / built.period
        / ("published" if published_view else "internal")
        / version
    )
    with _lock:
        if not (out / "pack.pdf").exists():
            write_pack(path, out, built.period, published=published_view)
    return out / f"pack.{suffix}"
