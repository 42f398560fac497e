"""`csc education load`: the demo and a filled workbook put into the dashboard's database and
read back as the same records ("not published" kept as itself, never 0); a second load changes
nothing; a file with a problem loads nothing."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from csc_insight.cli import main
from csc_insight.education import demo
from csc_insight.education.figures import NOT_PUBLISHED
from csc_insight.store import web_db


@pytest.fixture
def web(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("CSC_WEB_DB", str(tmp_path / "web.sqlite3"))
    monkeypatch.delenv("CSC_DATABASE_URL", raising=False)
    yield tmp_path / "store.duckdb"


def run(*args: str, code: int = 0) -> str:
    r = CliRunner().invoke(main, list(args))
    assert r.exit_code == code, r.output
    return r.output


def test_the_demo_round_trips_and_a_second_load_changes_nothing(web: Path, tmp_path: Path) -> None:
    said = run("education", "load", "--demo", "--store", str(web), "--by", "loader")
    got, given = web_db.entered_education(web), demo.records()
    assert (got.annual, got.placements, got.scenarios, got.high_needs) == (
        given.annual, given.placements, given.scenarios, given.high_needs
    )  # fmt: skip
    # The monthly figures are indicators: loaded into the store by `csc ingest`, not here.
    assert got.monthly == () and given.monthly
    assert f"{len(given.monthly)} monthly figures not loaded here" in said
    assert "csc ingest" in said
    missing = [f for f in got.annual if f.value is NOT_PUBLISHED]
    assert missing  # the cancelled 2020 assessments
    con = sqlite3.connect(tmp_path / "web.sqlite3")
    kept = [d for (d,) in con.execute("SELECT data FROM csc_web_educationfigure")]
    assert any('"value": "not published"' in d for d in kept)
    assert not any('"value": 0' in d and "not published" in d for d in kept)
    assert run("education", "load", "--demo", "--store", str(web)).startswith("0 ")


def test_a_bad_file_loads_nothing(web: Path, tmp_path: Path) -> None:
    book = tmp_path / "education.xlsx"
    run("education", "template", "--out", str(book), "--demo")
    wb = openpyxl.load_workbook(book)
    ws = wb["SEND placements"]
    header = [c.value for c in ws[1]]
    column = next(i for i, h in enumerate(header) if h and "upils" in str(h)) + 1
    ws.cell(row=2, column=column, value="many")
    wb.save(book)
    out = run("education", "load", str(book), "--store", str(web), code=2)
    assert "SEND placements" in out and "row 2" in out and "many" in out
    assert web_db.entered_education(web).placements == ()


def test_show_without_files_is_what_the_dashboard_holds(web: Path, tmp_path: Path) -> None:
    """`csc education show` with no files: the store's computed monthly figures (none here: no
    results) and the dashboard database's records; nothing held says how to load them."""
    said = run("education", "show", "--store", str(web))
    assert "No education figures held yet" in said and "csc ingest" in said
    run("education", "load", "--demo", "--store", str(web), "--by", "loader")
    said = run("education", "show", "--store", str(web))
    assert "Annual figures" in said and "SEND placements, 2020-21" in said
    assert "Monthly figures" not in said  # computed by `csc compute`: this store has none
    assert "not published" in said  # the cancelled 2020 assessments
