"""The csc command: exit codes and one-line reasons."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from csc_insight.cli import main


def test_ingest_then_status(tmp_path: Path, ssd_extract: Callable[..., Path]) -> None:
    store = tmp_path / "s.duckdb"
    runner = CliRunner()
    r = runner.invoke(
        main, ["ingest", str(ssd_extract()), "--store", str(store), "--user", "tester"]
    )
    assert r.exit_code == 0, r.output
    assert "Load 1: 2 files, 4 records read." in r.output
    r = runner.invoke(main, ["ingest", str(tmp_path / "extract"), "--store", str(store)])
    assert "nothing changed" in r.output
    r = runner.invoke(main, ["status", "--store", str(store)])
    assert r.exit_code == 0
    assert "by tester" in r.output
    assert "ssd_cin_episodes" in r.output
    assert "29/02/2020" in r.output  # the period of the referrals starts on the leap day


def test_bad_input_exits_non_zero_with_a_reason(tmp_path: Path) -> None:
    bad = tmp_path / "ssd_person.csv"
    bad.write_text("pers_person_id,pers_dob\nP1,2021-02-29\n")
    r = CliRunner().invoke(main, ["ingest", str(bad), "--store", str(tmp_path / "s.duckdb")])
    assert r.exit_code == 2
    first = r.output.splitlines()[0]
    assert first.startswith("csc: bad input:")
    assert "row 2, column pers_dob: not a date" in first


def test_unreadable_store_is_an_error_not_a_traceback(
    tmp_path: Path, ssd_extract: Callable[..., Path]
) -> None:
    store = tmp_path / "s.duckdb"
    store.write_bytes(b"this is not a DuckDB file" * 100)
    r = CliRunner().invoke(main, ["ingest", str(ssd_extract()), "--store", str(store)])
    assert r.exit_code == 1
    assert r.output.startswith("csc: error:")


def test_status_of_an_empty_store(tmp_path: Path) -> None:
    r = CliRunner().invoke(main, ["status", "--store", str(tmp_path / "none.duckdb")])
    assert r.exit_code == 0
    assert "Nothing loaded yet." in r.output
