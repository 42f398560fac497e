"""Where commentary edits are kept: the dashboard's database (SQLite here), written by `csc report
--edits` without Django and set up by the dashboard's own migrations if it never ran; edits an
earlier version kept in the store are read, then moved across once."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from csc_insight.errors import CscError, ReaderError
from csc_insight.reports import edits
from csc_insight.store import web_db
from tests.reports.test_commentary import EDITS, write

_made: dict[str, Path] = {}


def dashboard_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A dashboard database set up by its migrations (once a session, then copied), named by
    CSC_WEB_DB."""
    if "db" not in _made:
        where = Path(str(tmp_path)).parent / "web-template.sqlite3"
        with monkeypatch.context() as mp:
            mp.setenv("CSC_WEB_DB", str(where))
            mp.delenv("CSC_DATABASE_URL", raising=False)
            web_db.create_tables(tmp_path / "store.duckdb")
        _made["db"] = where
    path = tmp_path / "web.sqlite3"
    shutil.copy(_made["db"], path)
    monkeypatch.setenv("CSC_WEB_DB", str(path))
    monkeypatch.delenv("CSC_DATABASE_URL", raising=False)
    return path


def _rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as con:
        return con.execute(sql).fetchall()


def test_edits_are_kept_per_period_and_saving_twice_does_not_duplicate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = dashboard_db(tmp_path, monkeypatch)
    con = duckdb.connect()
    march = write(tmp_path, EDITS)
    feb = write(tmp_path, "period: 2021-02\nremove: [{indicator: FD 8}]\n", "feb.yaml")
    edits.save_edits(con, "2021-03", march, "alice")
    edits.save_edits(con, "2021-03", march, "alice")
    edits.save_edits(con, "2021-02", feb, "bob")
    assert edits.load_edits(con, "2021-03") == edits.parse(march, "2021-03")
    assert edits.load_edits(con, "2021-02") == [edits.Edit("remove", indicator_id="FD 8")]
    assert edits.load_edits(con, "2021-01") == []
    counts = _rows(
        path,
        f"SELECT period, count(*), min(edited_by) FROM {edits.TABLE} GROUP BY period ORDER BY period",
    )
    assert counts == [("2021-02", 1, "bob"), ("2021-03", 4, "alice")]
    # a later file for the month replaces the month's edits; February is untouched
    edits.save_edits(con, "2021-03", {"period": "2021-03"}, "carol")
    assert edits.load_edits(con, "2021-03") == []
    assert len(edits.load_edits(con, "2021-02")) == 1
    # each save is in the audit log, the month's history
    saved = _rows(
        path, "SELECT user_name, action, period_id, count FROM csc_web_auditentry ORDER BY id"
    )
    assert saved[-1] == ("carol", "commentary-file", "2021-03", 0)
    assert len(saved) == 4


def test_who_and_when_come_back_as_saved(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dashboard_db(tmp_path, monkeypatch)
    before = datetime.now().astimezone()
    edits.save_edits(duckdb.connect(), "2021-03", {"period": "2021-03", "add": [{"list": "to_watch", "text": "x"}]}, "jo")  # fmt: skip
    (e,) = edits.load_edits(duckdb.connect(), "2021-03")
    assert e.edited_by == "jo" and e.edited_at is not None
    assert before <= e.edited_at <= datetime.now().astimezone()


def test_a_bad_file_leaves_the_kept_edits_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dashboard_db(tmp_path, monkeypatch)
    con = duckdb.connect()
    edits.save_edits(con, "2021-03", write(tmp_path, EDITS), "alice")
    with pytest.raises(ReaderError):
        edits.save_edits(con, "2021-03", write(tmp_path, "period: 2021-03\nadd: [{}]\n"), "bob")
    assert len(edits.load_edits(con, "2021-03")) == 4


def test_no_dashboard_database_yet_means_no_edits_and_a_read_creates_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CSC_WEB_DB", raising=False)
    store = tmp_path / "store.duckdb"
    duckdb.connect(str(store)).close()
    con = duckdb.connect(str(store), read_only=True)
    assert edits.load_edits(con, "2021-03") == []
    assert not (tmp_path / "csc-web.sqlite3").exists()


def test_saving_sets_up_a_dashboard_database_that_never_ran(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Beside the store, by the dashboard's own migrations: `csc serve` then finds it ready."""
    monkeypatch.delenv("CSC_WEB_DB", raising=False)
    monkeypatch.delenv("CSC_DATABASE_URL", raising=False)
    store = tmp_path / "store.duckdb"
    duckdb.connect(str(store)).close()
    con = duckdb.connect(str(store), read_only=True)  # the store itself is only read
    edits.save_edits(con, "2021-03", write(tmp_path, EDITS), "alice")
    web = tmp_path / "csc-web.sqlite3"
    applied = {n for (n,) in _rows(web, "SELECT name FROM django_migrations WHERE app = 'csc_web'")}
    assert "0003_commentary_edit" in applied
    assert len(edits.load_edits(con, "2021-03")) == 4


def test_a_store_in_memory_never_writes_the_default_store_s_database(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CSC_WEB_DB", raising=False)
    monkeypatch.delenv("CSC_DATABASE_URL", raising=False)
    with pytest.raises(CscError, match="CSC_WEB_DB"):
        edits.save_edits(duckdb.connect(), "2021-03", {"period": "2021-03"}, "alice")
    assert edits.load_edits(duckdb.connect(), "2021-03") == []


LEGACY_DDL = """CREATE TABLE commentary_edits (
    period VARCHAR NOT NULL, seq INTEGER NOT NULL, action VARCHAR NOT NULL, list VARCHAR,
    indicator_id VARCHAR, rule VARCHAR, text VARCHAR, edited_by VARCHAR, edited_at TIMESTAMP)"""


def _legacy_store(tmp_path: Path) -> Path:
    """A store as an earlier version left it: two months' edits in its own table."""
    store = tmp_path / "store.duckdb"
    con = duckdb.connect(str(store))
    con.execute(LEGACY_DDL)
    con.execute(
        """INSERT INTO commentary_edits VALUES
           ('2021-02', 1, 'remove', NULL, 'FD 8', NULL, NULL, 'bob', TIMESTAMP '2021-03-02 09:00:00'),
           ('2021-03', 1, 'add', 'do_better', NULL, NULL, 'Recruit.', 'alice', TIMESTAMP '2021-04-02 09:00:00'),
           ('2021-03', 2, 'remove', NULL, 'CIN 8', 'amber', NULL, 'alice', TIMESTAMP '2021-04-02 09:00:00')"""
    )
    con.close()
    return store


def test_edits_kept_in_the_store_are_read_then_moved_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _legacy_store(tmp_path)
    con = duckdb.connect(str(store), read_only=True)
    monkeypatch.setenv("CSC_WEB_DB", str(tmp_path / "none-yet.sqlite3"))
    # No dashboard database yet: read from the store, nothing lost.
    assert [e.action for e in edits.load_edits(con, "2021-03")] == ["add", "remove"]
    assert edits.load_edits(con, "2021-02")[0].edited_by == "bob"
    # Once there is one, the first read moves them across, with who and when.
    path = dashboard_db(tmp_path, monkeypatch)
    march = edits.load_edits(con, "2021-03")
    assert [(e.action, e.edited_by) for e in march] == [("add", "alice"), ("remove", "alice")]
    assert _rows(path, f"SELECT count(*) FROM {edits.TABLE}") == [(3,)]
    moved = _rows(
        path, "SELECT count, detail FROM csc_web_auditentry WHERE action = 'commentary-moved'"
    )
    assert moved == [
        (3, "commentary edits moved from the store's commentary_edits table for 2021-02, 2021-03")
    ]
    # Moved once: a month cleared afterwards stays cleared, and nothing is copied twice.
    edits.save_edits(con, "2021-03", {"period": "2021-03"}, "carol")
    assert edits.load_edits(con, "2021-03") == []
    edits.move_from_store(con)
    assert _rows(path, f"SELECT count(*) FROM {edits.TABLE}") == [(1,)]
    assert edits.load_edits(con, "2021-02") == [edits.Edit("remove", indicator_id="FD 8")]


def test_a_month_already_edited_on_the_dashboard_keeps_its_edits_when_the_store_s_move(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _legacy_store(tmp_path)
    dashboard_db(tmp_path, monkeypatch)
    edits.save_edits(store, "2021-03", {"period": "2021-03", "add": [{"list": "to_watch", "text": "Mine."}]}, "dana")  # fmt: skip
    con = duckdb.connect(str(store), read_only=True)
    assert [e.text for e in edits.load_edits(con, "2021-03")] == ["Mine."]
    assert len(edits.load_edits(con, "2021-02")) == 1
