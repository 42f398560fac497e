"""`csc money load` and `csc delivery load`: a checked workbook put into the dashboard's
database as one load, read back the same by `csc money show`, `csc delivery show` and
web_db.entered_money / entered_delivery; a bad file loads nothing; a second load of a changed
figure keeps who changed it, and the figures before and after."""

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
from csc_insight.delivery import demo as delivery_demo
from csc_insight.money import demo as money_demo
from csc_insight.store import web_db


@pytest.fixture
def web(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A dashboard database of its own (SQLite, set up by the first load)."""
    monkeypatch.setenv("CSC_WEB_DB", str(tmp_path / "web.sqlite3"))
    monkeypatch.delenv("CSC_DATABASE_URL", raising=False)
    yield tmp_path / "store.duckdb"


def run(*args: str) -> str:
    r = CliRunner().invoke(main, list(args))
    assert r.exit_code == 0, r.output
    return r.output


def test_a_workbook_loaded_reads_back_as_the_same_records(web: Path, tmp_path: Path) -> None:
    money = tmp_path / "money.xlsx"
    delivery = tmp_path / "delivery.xlsx"
    run("money", "template", "--out", str(money), "--demo")
    run("delivery", "template", "--out", str(delivery), "--demo")
    assert "rows added" in run("money", "load", str(money), "--store", str(web), "--by", "fo1")
    run("delivery", "load", str(delivery), "--store", str(web), "--by", "fo1")
    from csc_insight.delivery.template_read import read_template as read_delivery
    from csc_insight.money.template_read import read_template as read_money

    assert web_db.entered_money(web) == read_money(money)[0]
    assert web_db.entered_delivery(web) == read_delivery(delivery)[0]
    # the same tables, and disagreements naming the same rows, from the database as the file
    shown = run("money", "show", "--store", str(web))
    assert shown == run("money", "show", str(money))
    assert "Total 105,683" in " ".join(shown.split())


def test_the_demo_round_trips_and_a_second_load_changes_nothing(web: Path) -> None:
    run("money", "load", "--demo", "--store", str(web))
    run("delivery", "load", "--demo", "--store", str(web))
    assert web_db.entered_money(web) == money_demo.seed_records()
    assert web_db.entered_delivery(web) == delivery_demo.seed_records()
    assert run("money", "load", "--demo", "--store", str(web)).startswith("0 rows")


def test_a_changed_figure_is_kept_with_who_and_before_and_after(web: Path, tmp_path: Path) -> None:
    book = tmp_path / "money.xlsx"
    run("money", "template", "--out", str(book), "--demo")
    run("money", "load", str(book), "--store", str(web), "--by", "first")
    wb = openpyxl.load_workbook(book)
    ws = wb["Budget lines"]
    header = [c.value for c in ws[1]]
    ws.cell(row=2, column=header.index("Budget £k") + 1, value=9100)
    wb.save(book)
    assert run("money", "load", str(book), "--store", str(web), "--by", "second").startswith(
        "1 rows"
    )
    line = web_db.entered_money(web).budget_lines[0]
    assert line.budget == Decimal(9100)
    con = sqlite3.connect(tmp_path / "web.sqlite3")
    (by, before, after, how), *_ = con.execute(
        "SELECT changed_by, before, after, how FROM csc_web_enteredchange ORDER BY id DESC"
    ).fetchall()
    con.close()
    assert by == "second" and str(book) in how
    assert json.loads(before)["budget"] == "9050" and json.loads(after)["budget"] == "9100"


def test_a_bad_workbook_loads_nothing(web: Path, tmp_path: Path) -> None:
    book = tmp_path / "money.xlsx"
    run("money", "template", "--out", str(book), "--demo")
    wb = openpyxl.load_workbook(book)
    wb["Budget lines"].cell(row=3, column=3, value="nine thousand")
    wb.save(book)
    r = CliRunner().invoke(main, ["money", "load", str(book), "--store", str(web)])
    assert r.exit_code != 0 and "row 3" in r.output and "nine thousand" in r.output
    assert not web_db.entered_money(web)


def test_show_without_files_needs_figures_in_the_dashboard(web: Path) -> None:
    r = CliRunner().invoke(main, ["money", "show", "--store", str(web)])
    assert r.exit_code == 2 and "csc money load" in r.output


def test_delivery_show_and_return_read_the_dashboard_s_records(
    web: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CSC_STORE", str(web))  # no store on disk: guardrails not read
    run("money", "load", "--demo", "--store", str(web))
    run("delivery", "load", "--demo", "--store", str(web))
    shown = run("delivery", "show", "--as-at", "2021-06-30")
    assert shown == run("delivery", "show", "--demo", "--as-at", "2021-06-30")
    assert "CFE SAV02" in shown
    out = tmp_path / "return.xlsx"
    run("delivery", "return", "--as-at", "2021-06-30", "--out", str(out))
    assert out.exists()
