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
    r = CliRunner().invoke(
        main, ["ingest", str(bad), "--store", str(tmp_path / "s.duckdb"), "--strict"]
    )
    assert r.exit_code == 2
    # Progress lines (on stderr, as it is not a terminal) come first; then the reason.
    first = next(line for line in r.output.splitlines() if not line.startswith("ingest: "))
    assert first.startswith("csc: bad input:")
    assert "row 2, column pers_dob: '2021-02-29' is not a date" in first


def test_a_bad_record_is_held_back_and_listed(tmp_path: Path) -> None:
    bad = tmp_path / "ssd_person.csv"
    bad.write_text("pers_person_id,pers_dob\nP1,2021-02-29\nP2,2021-03-01\nP2,2021-03-01\n")
    store = str(tmp_path / "s.duckdb")
    r = CliRunner().invoke(main, ["ingest", str(bad), "--store", store])
    assert r.exit_code == 0, r.output
    assert "Held back: 1 records with problems, out of every figure (value-date 1)" in r.output
    assert "Noted: 1 exact duplicate records, each loaded once" in r.output
    listed = CliRunner().invoke(main, ["problems", "--store", store, "--user", "ana"])
    assert listed.exit_code == 0, listed.output
    lines = listed.output.splitlines()
    assert lines[0].startswith("OFFICIAL-SENSITIVE")
    assert any(
        f"{bad}, row 2, column pers_dob: '2021-02-29' is not a date" in line
        and "[value-date]" in line
        for line in lines
    )
    assert (
        "2 problems; 1 records held back. By rule: value-date 1, row-duplicate 1" in listed.output
    )
    csv_out = tmp_path / "held.csv"
    only = CliRunner().invoke(
        main, ["problems", "--store", store, "--rule", "value-date", "--csv", str(csv_out)]
    )
    assert only.exit_code == 0, only.output
    text = csv_out.read_text().splitlines()
    assert text[0].startswith("# OFFICIAL-SENSITIVE")
    assert text[1].startswith("load,file,row,column,value,rule")
    assert len(text) == 3 and ",2,pers_dob,2021-02-29,value-date," in text[2]
    audit = CliRunner().invoke(main, ["audit", "--store", store])
    assert "problems" in audit.output and "ana" in audit.output
    wrong = CliRunner().invoke(main, ["problems", "--store", store, "--rule", "value-dat"])
    assert wrong.exit_code == 1 and "did you mean value-date?" in wrong.output


def test_unreadable_store_is_an_error_not_a_traceback(
    tmp_path: Path, ssd_extract: Callable[..., Path]
) -> None:
    store = tmp_path / "s.duckdb"
    store.write_bytes(b"this is not a DuckDB file" * 100)
    r = CliRunner().invoke(main, ["ingest", str(ssd_extract()), "--store", str(store)])
    assert r.exit_code == 1
    assert "csc: error:" in r.output


def test_status_of_a_store_that_does_not_exist(tmp_path: Path) -> None:
    missing = tmp_path / "none.duckdb"
    r = CliRunner().invoke(main, ["status", "--store", str(missing)])
    assert r.exit_code == 1
    assert f"csc: error: no store at {missing}" in r.output
    assert "csc ingest" in r.output
    assert not missing.exists()  # asking does not create it


def test_a_header_only_snapshot_file_does_not_empty_a_table(
    tmp_path: Path, ssd_extract: Callable[..., Path]
) -> None:
    store = tmp_path / "s.duckdb"
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(ssd_extract()), "--store", str(store)]).exit_code == 0
    empty = tmp_path / "later" / "ssd_cin_episodes.csv"
    empty.parent.mkdir()
    header = (ssd_extract("again") / "ssd_cin_episodes.csv").read_text().splitlines()[0]
    empty.write_text(header + "\n")
    r = runner.invoke(main, ["ingest", str(empty), "--store", str(store)])
    assert r.exit_code == 2, r.output
    assert "holds no records: loading it would empty ssd_cin_episodes (2 rows)" in r.output
    assert "--allow-empty" in r.output
    status = runner.invoke(main, ["status", "--store", str(store)]).output
    assert "Loads: 1;" in status  # nothing changed
    r = runner.invoke(main, ["ingest", str(empty), "--store", str(store), "--allow-empty"])
    assert r.exit_code == 0, r.output
    assert "Loads: 2;" in runner.invoke(main, ["status", "--store", str(store)]).output


def test_the_entered_figures_template_is_written_filled_and_loaded_back(tmp_path: Path) -> None:
    """`csc template` writes the documented workbook; an analyst fills a row in Excel (here
    openpyxl) and `csc ingest` loads it, who and when kept; a wrong row is held back."""
    import openpyxl

    runner = CliRunner()
    book = tmp_path / "figures.xlsx"
    got = runner.invoke(main, ["template", "--out", str(book)])
    assert got.exit_code == 0, got.output
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames == ["Figures", "Measures", "Partners", "Read me"]
    ws = wb["Figures"]
    header = [c.value for c in ws[1]]
    row = dict.fromkeys(header, None) | {
        "Measure ID": "RAPID_REVIEWS",
        "Month": "2021-02",
        "Value": 2,
        "Source": "SAFEGUARDING_PARTNERSHIP",
        "Entered by": "A. Analyst",
        "Entered on": "2021-03-05",
    }
    ws.append([row[h] for h in header])
    ws.append([{**row, "Month": "2021-01", "Value": "two"}[h] for h in header])  # held back
    wb.save(book)
    store = tmp_path / "store.duckdb"
    loaded = runner.invoke(main, ["ingest", str(book), "--store", str(store)])
    assert loaded.exit_code == 0, loaded.output
    from csc_insight.store import db

    con = db.connect(store, read_only=True)
    try:
        rows = con.execute(
            "SELECT efig_measure_id, efig_value, efig_entered_by FROM ext_entered_figures"
        ).fetchall()
        held = con.execute("SELECT problem_column, problem_row FROM load_problems").fetchall()
    finally:
        con.close()
    assert rows == [("RAPID_REVIEWS", 2.0, "A. Analyst")]
    assert held == [("Value", 3)]
    refused = runner.invoke(main, ["template", "--out", str(tmp_path / "figures.csv")])
    assert refused.exit_code != 0 and ".xlsx" in refused.output
