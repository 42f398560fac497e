"""`csc education`: the template written, a filled one checked, bad input refused with where
and why, and the dashboard shown with its arrows and "not published" where there is no figure."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from csc_insight.cli import main

HERE = Path(__file__).parent


def _show_demo() -> str:
    r = CliRunner().invoke(main, ["education", "show", "--demo"])
    assert r.exit_code == 0, r.output
    return r.output


def test_the_demo_prints_the_tables_arrows_send_and_high_needs() -> None:
    text = _show_demo()
    assert "Monthly figures, Sep-19 to Mar-21" in text
    assert "Mar-21 against Mar-20: ↓ -30 down (better)" in text  # fixed-term exclusions
    assert "England 50.2: ↓ -1.3 below (worse)" in text  # Attainment 8
    assert "neighbours 50.8: ↓ -1.9 below (worse)" in text
    assert "England 88: ↑ +3 above (better)" in text  # primary good or outstanding
    assert "£27,760,530" in text and "£36,303,397" in text
    assert re.search(r"2019-20 .* 18,500 .* 14,600", text)


def test_months_and_years_with_no_figure_read_not_published_never_0() -> None:
    text = _show_demo()
    exclusions = text[text.index("EXC 1  Number of fixed term") : text.index("EXC 2")]
    for month in ("Apr-20", "May-20", "Jun-20", "Jul-20", "Aug-20"):
        assert f"{month} not published" in exclusions
        assert f"{month} 0" not in exclusions
    eyfs = text[text.index("EYFS 1") : text.index("KS2 1")]
    assert "2020 not published" in eyfs and "2020 0" not in eyfs


def test_a_filled_template_is_checked_and_a_bad_cell_refused(tmp_path: Path) -> None:
    runner = CliRunner()
    book = tmp_path / "education.xlsx"
    r = runner.invoke(main, ["education", "template", "--out", str(book), "--demo"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(main, ["education", "check", str(book)])
    assert r.exit_code == 0 and "no problems" in r.output, r.output
    r = runner.invoke(main, ["education", "show", str(book)])
    assert r.exit_code == 0 and "Apr-20 not published" in r.output
    wb = openpyxl.load_workbook(book)
    wb["SEND placements"]["D2"] = "sixteen hundred"
    wb.save(book)
    for command in ("check", "show"):
        r = runner.invoke(main, ["education", command, str(book)])
        assert r.exit_code != 0
        assert "[SEND placements], row 2, column Pupils" in r.output
        assert "sixteen hundred" in r.output and "£36,303,397" not in r.output


def test_dfe_files_join_the_annual_table() -> None:
    r = CliRunner().invoke(
        main,
        ["education", "show", "--demo", "--dfe", str(HERE / "absence_la.csv"), "--la", "E09000008"],
    )
    assert r.exit_code == 0, r.output
    assert "neighbours 11.6: ↑ +1.1 above (worse)" in r.output


def test_show_takes_files_or_the_demo_not_both_and_the_template_an_xlsx(tmp_path: Path) -> None:
    book = tmp_path / "e.xlsx"
    assert CliRunner().invoke(main, ["education", "template", "--out", str(book)]).exit_code == 0
    r = CliRunner().invoke(main, ["education", "show", str(book), "--demo"])
    assert r.exit_code == 2 and "not both" in r.output
    r = CliRunner().invoke(main, ["education", "template", "--out", str(tmp_path / "a.csv")])
    assert r.exit_code == 2 and ".xlsx" in r.output


def test_show_in_a_terminal(tmp_path: Path) -> None:
    """As people run it: in a (pseudo-)terminal 100 columns wide, not only piped; no cell is
    split across lines."""
    from tests.test_terminal import run_in_terminal

    rc, output = run_in_terminal("education", "show", "--demo", cwd=tmp_path, timeout=60)
    assert rc == 0 and "Traceback" not in output, output
    assert "Apr-20 not published | May-20 not published" in output
    assert "England 50.2: ↓ -1.3 below (worse)" in output
