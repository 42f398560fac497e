"""Reading the figures for the pages: the store's latest published copy (store/published.py).

Each process keeps one read-only DuckDB connection to the newest copy and moves to a newer one
when `csc compute` publishes it; a request takes its own cursor. So a page shows the last
complete results, and never waits for, or sees half of, a compute. The committee pack's model
(reports/model.py) is built from the copy once per copy, month and audience and kept in
memory: the pages show the same table, commentary and signals as the pack, read, not recomputed.
"""

from __future__ import annotations

import threading
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
    against the targets as they stand."""
    found = current_targets()
    return _rated(copy_path(), month, published_view, tuple(sorted(found.items())))


@lru_cache(maxsize=32)
def _rated(
    path: Path, month: str | None, published_view: bool, found: tuple[tuple[Any, Any], ...]
) -> model.Pack:
    import copy

    return rated(copy.deepcopy(_pack(path, month, published_view)), dict(found))


@lru_cache(maxsize=32)
def _pack(path: Path, month: str | None, published_view: bool) -> model.Pack:
    _, con = cursor()
    try:
        built = model.build_from(con, month, published=published_view)
        generated = commentary.generate(built)
        saved = edits.load_edits(con, built.period)
        titles = {r.indicator.id: r.title for r in built.rows()}
        built.commentary = commentary.shortened(edits.apply(generated, saved), titles=titles)
        return built
    finally:
        con.close()


def warm() -> None:
    """Build the latest month's pack for both audiences in the server's first process, before
    gunicorn forks its workers (--preload): each worker starts with them, instead of spending
    its first requests on them. The DuckDB and database connections are closed first, so no
    worker shares one."""
    global _current
    from django.db import connections

    try:
        path = copy_path()
        for published_view in (True, False):
            _pack(path, None, published_view)
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
    from csc_insight.web.models import Target

    return {
        (t.indicator_id, t.financial_year): (
            t.value,
            None if t.tolerance is None else t.tolerance / 100,
        )
        for t in Target.objects.all()
    }


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
    out = (
        settings.WEB_DB.with_name("csc-web-packs")
        / path.stem
        / built.period
        / ("published" if published_view else "internal")
    )
    with _lock:
        if not (out / "pack.pdf").exists():
            write_pack(path, out, built.period, published=published_view)
    return out / f"pack.{suffix}"
