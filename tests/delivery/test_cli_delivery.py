"""`csc delivery`: the template written and checked, the demo's projects shown, the fortnightly
return written and read back, a bad file refused with where and why."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from csc_insight.cli import main


@pytest.fixture(autouse=True)
def no_default_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CSC_STORE", str(tmp_path / "none.duckdb"))


def test_the_template_with_the_demo_is_checked_back(tmp_path: Path) -> None:
    runner = CliRunner()
    book = tmp_path / "delivery.xlsx"
    r = runner.invoke(main, ["delivery", "template", "--out", str(book), "--demo"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(main, ["delivery", "check", str(book)])
    assert r.exit_code == 0, r.output
    assert "projects" in r.output and "4 workstreams" in r.output


def test_the_demo_shows_each_project_s_rag_without_a_store() -> None:
    r = CliRunner().invoke(main, ["delivery", "show", "--demo", "--as-at", "2021-06-30"])
    assert r.exit_code == 0, r.output
    assert "guardrails were not read" in r.output
    assert "CFE SAV02" in r.output and "90 days late" in r.output  # due 01/04/2021
    assert "Improvement plan at June 2021" in r.output


def test_the_return_is_a_workbook_of_one_row_per_project(tmp_path: Path) -> None:
    out = tmp_path / "return.xlsx"
    r = CliRunner().invoke(
        main, ["delivery", "return", "--demo", "--as-at", "2021-06-30", "--out", str(out)]
    )
    assert r.exit_code == 0, r.output
    sheet = openpyxl.load_workbook(out, read_only=True).worksheets[0]
    refs = [row[0] for row in sheet.iter_rows(values_only=True)]
    assert "CFE SAV02" in refs and "CFE SAV14" in refs


def test_a_bad_date_and_a_missing_finance_file_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CSC_WEB_DB", str(tmp_path / "none.sqlite3"))  # no profiles there either
    monkeypatch.delenv("CSC_DATABASE_URL", raising=False)
    runner = CliRunner()
    r = runner.invoke(main, ["delivery", "show", "--demo", "--as-at", "30/06/2021"])
    assert r.exit_code == 2 and "is not a date" in r.output
    book = tmp_path / "delivery.xlsx"
    runner.invoke(main, ["delivery", "template", "--out", str(book), "--demo"])
    r = runner.invoke(main, ["delivery", "show", str(book)])
    assert r.exit_code == 2 and "--money" in r.output
