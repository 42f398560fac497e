"""`csc costs load`: a checked cost workbook put into the dashboard's database as one load and
read back as the same rows; a file with a problem loads nothing (named by file, sheet, row,
column and reason); a second load of a changed weekly cost keeps who changed it, and the row
before and after."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from csc_insight.cli import main
from csc_insight.costs import template_read
from csc_insight.costs.template import write_template
from csc_insight.store import web_db
from tests.costs.conftest import cost


@pytest.fixture
def web(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A dashboard database of its own (SQLite, set up by the first load)."""
    monkeypatch.setenv("CSC_WEB_DB", str(tmp_path / "web.sqlite3"))
    monkeypatch.delenv("CSC_DATABASE_URL", raising=False)
    yield tmp_path / "store.duckdb"


@pytest.fixture
def book(tmp_path: Path) -> Path:
    path = tmp_path / "costs.xlsx"
    package = cost("C", None, "300", "2019-05-01", kind="cwd package", provision="in-house",
                   purchase=None, review=None, provider="Short breaks")  # fmt: skip
    write_template(
        path,
        [
            cost("A", "PA1", "850", "2019-04-01"),
            cost("B", "PB1", "4200.50", "2019-06-01", "2019-09-30", purchase="spot"),
            package,
        ],
    )
    return path


def run(*args: str, code: int = 0) -> str:
    r = CliRunner().invoke(main, list(args))
    assert r.exit_code == code, r.output
    return r.output


def _weekly_cell(path: Path, row: int, value: str | int) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb["Costs"]
    header = [c.value for c in ws[1]]
    ws.cell(row=row, column=header.index("Weekly cost £") + 1, value=value)
    wb.save(path)


def test_a_workbook_loaded_reads_back_as_the_same_rows(web: Path, book: Path) -> None:
    out = run("costs", "load", str(book), "--store", str(web), "--by", "fo1")
    assert out.startswith("3 cost rows added")
    rows, problems = template_read.read_files([book])
    assert not problems and web_db.entered_costs(web) == rows
    assert run("costs", "load", str(book), "--store", str(web), "--by", "fo1").startswith("0 ")


def test_a_bad_file_loads_nothing(web: Path, book: Path) -> None:
    _weekly_cell(book, 3, "four thousand")
    out = run("costs", "load", str(book), "--store", str(web), code=2)
    assert "Costs" in out and "row 3" in out and "four thousand" in out
    assert web_db.entered_costs(web) == []


def test_a_changed_weekly_cost_is_kept_with_who_and_before_and_after(
    web: Path, book: Path, tmp_path: Path
) -> None:
    run("costs", "load", str(book), "--store", str(web), "--by", "first")
    _weekly_cell(book, 2, 900)
    assert run("costs", "load", str(book), "--store", str(web), "--by", "second").startswith("1 ")
    assert web_db.entered_costs(web)[0].weekly == Decimal(900)
    con = sqlite3.connect(tmp_path / "web.sqlite3")
    by, before, after, how = con.execute(
        "SELECT changed_by, before, after, how FROM csc_web_enteredchange ORDER BY id DESC"
    ).fetchone()
    assert by == "second" and how == f"csc costs load {book}"
    assert json.loads(before)["weekly"] == "850" and json.loads(after)["weekly"] == "900"
