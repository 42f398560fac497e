"""The audit log: one row per record(), newest first, and never rewritten."""

from __future__ import annotations

import ast
import inspect
import re
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from csc_insight.errors import CscError
from csc_insight.store import audit, db
from csc_insight.store.sql import scalar


def table_oid(con: duckdb.DuckDBPyConnection) -> int:
    """The table's identity: a table dropped or replaced, even with the same rows, gets a new one."""
    return int(scalar(con, "SELECT table_oid FROM duckdb_tables() WHERE table_name = 'audit_log'"))


def all_rows(con: duckdb.DuckDBPyConnection) -> list[tuple[object, ...]]:
    return con.execute("SELECT * FROM audit_log ORDER BY audit_id").fetchall()


def test_record_appends_one_row_and_entries_are_newest_first() -> None:
    con = duckdb.connect()
    assert audit.entries(con) == []  # no table yet: nothing recorded, nothing created
    first = audit.record(con, "alice", "FD 8", "2021-03", 7, "")
    second = audit.record(con, "bob", "CLA 10", "2020-21 Q4", 2, "csv out.csv", not_met=True)
    assert (first.audit_id, second.audit_id) == (1, 2)
    got = audit.entries(con)
    assert got == [second, first]
    assert (second.user, second.action, second.indicator_id, second.period_id) == (
        "bob",
        "children",
        "CLA 10",
        "2020-21 Q4",
    )
    assert (second.children, second.not_met, second.detail) == (2, True, "csv out.csv")
    assert first.recorded_at <= second.recorded_at <= datetime.now()
    assert audit.entries(con, limit=1) == [second]


def test_a_user_is_required() -> None:
    con = duckdb.connect()
    with pytest.raises(CscError, match="user"):
        audit.record(con, "  ", "FD 8", "2021-03", 1)
    assert audit.entries(con) == []


def test_the_table_is_never_rewritten() -> None:
    """Appending leaves every earlier row as it was, keeps rows other writers added (the web
    dashboard will record through the same table), and never replaces the table itself."""
    con = duckdb.connect()
    audit.record(con, "alice", "FD 8", "2021-03", 7)
    oid = table_oid(con)
    # A row written by another writer, with an id and a time record() would not choose.
    con.execute(
        "INSERT INTO audit_log VALUES (10, TIMESTAMP '2021-04-01 09:00', 'web', 'children', "
        "'CP 13', '2021-03', 3, false, 'dashboard')"
    )
    before = all_rows(con)
    audit.record(con, "bob", "CP 13", "2021-03", 0)
    after = all_rows(con)
    assert after[:-1] == before
    assert after[-1][0] == 11  # the next id after the highest
    assert table_oid(con) == oid


def sql_strings(module: object) -> str:
    """Every string literal in a module but its docstrings: the SQL it can run."""
    tree = ast.parse(inspect.getsource(module))  # type: ignore[arg-type]
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    return "\n".join(
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    )


def test_the_module_only_creates_and_inserts() -> None:
    sql = sql_strings(audit)
    assert "INSERT INTO audit_log" in sql and "CREATE TABLE IF NOT EXISTS audit_log" in sql
    for word in ("UPDATE", "DELETE", "DROP", "REPLACE", "TRUNCATE", "ALTER", "OR REPLACE"):
        assert not re.search(rf"\b{word}\b", sql, re.IGNORECASE), word


def test_the_log_outlives_the_connection_and_reads_read_only(tmp_path: Path) -> None:
    store = tmp_path / "store.duckdb"
    con = db.connect(store)
    audit.record(con, "alice", "FD 8", "2021-03", 7)
    con.close()
    con = db.connect(store)
    audit.record(con, "bob", "FD 8", "2021-03", 7)
    con.close()
    con = db.connect(store, read_only=True)
    try:
        assert [e.user for e in audit.entries(con)] == ["bob", "alice"]
    finally:
        con.close()


def test_a_read_only_store_refuses_to_record_with_a_clear_error(tmp_path: Path) -> None:
    store = tmp_path / "store.duckdb"
    db.connect(store).close()
    con = db.connect(store, read_only=True)
    try:
        with pytest.raises(CscError, match="could not write to the audit log"):
            audit.record(con, "alice", "FD 8", "2021-03", 7)
        assert audit.entries(con) == []
    finally:
        con.close()
