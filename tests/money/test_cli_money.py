"""`csc money`: the template written, the demo's tables, a filled workbook checked, bad input
refused with where and why."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from csc_insight.cli import main


def test_the_demo_prints_the_papers_tables_and_their_disagreements() -> None:
    r = CliRunner().invoke(main, ["money", "show", "--demo"])
    assert r.exit_code == 0, r.output
    totals = [line.split() for line in r.output.splitlines() if line.startswith("Total ")]
    assert totals[0] == ["Total", "105,683", "128,902", "23,219"]  # Table 1
    assert totals[1] == ["Total", "105,683", "24,267", "23,219", "-1,048"]  # Table 2
    assert "-1,048" in r.output and "(9,433)" in r.output and "(4,609)" in r.output
    assert "4 disagreements:" in r.output and "8,341" in r.output and "6,447" in r.output


def test_a_filled_template_is_checked_and_a_bad_cell_refused(tmp_path: Path) -> None:
    runner = CliRunner()
    book = tmp_path / "money.xlsx"
    r = runner.invoke(main, ["money", "template", "--out", str(book), "--demo"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(main, ["money", "check", str(book)])
    assert r.exit_code == 0, r.output
    assert "105,683" in r.output
    # A budget typed as words: refused, naming the sheet, row and column; nothing shown.
    wb = openpyxl.load_workbook(book)
    ws = wb["Budget lines"]
    header = [c.value for c in ws[1]]
    column = next(i for i, h in enumerate(header, 1) if str(h).startswith("Budget"))
    ws.cell(row=2, column=column, value="nine thousand")
    wb.save(book)
    r = runner.invoke(main, ["money", "check", str(book)])
    assert r.exit_code != 0
    assert "Budget lines" in r.output and "row 2" in r.output and "nine thousand" in r.output
    assert "105,683" not in r.output


def test_show_needs_files_or_the_demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """... or figures in the dashboard's database: here there is none."""
    monkeypatch.setenv("CSC_WEB_DB", str(tmp_path / "none.sqlite3"))
    monkeypatch.delenv("CSC_DATABASE_URL", raising=False)
    r = CliRunner().invoke(main, ["money", "show"])
    assert r.exit_code == 2 and "--demo" in r.output
