"""`csc costs` as people run it, on the tiny synthetic borough: made-up costs for its
placements, the template written and checked, the tracker shown; the store is only read."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from csc_insight.cli import main
from csc_insight.costs import demo
from csc_insight.store.load import ingest
from csc_insight.synth.outputs import write_outputs


@pytest.fixture(scope="module")
def tiny_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("costs_tiny")
    write_outputs(
        root / "src", size="tiny", years=3, seed=1, end=date(2021, 3, 31),
        formats=["ssd"], regimes=[],
    )  # fmt: skip
    store = root / "store.duckdb"
    ingest([root / "src" / "ssd"], store)
    return store


def _sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def _run(*args: str) -> str:
    r = CliRunner().invoke(main, list(args))
    assert r.exit_code == 0, r.output
    return r.output


def test_show_demo_on_the_tiny_borough_reads_the_store_only(tiny_store: Path) -> None:
    before = _sha(tiny_store)
    text = _run("costs", "show", "--demo", "--store", str(tiny_store))
    assert _sha(tiny_store) == before
    assert "Placement and package costs, 2020-21, as at" in text
    for heading in (
        "Cost by period",
        "By budget line, 2020-21",
        "High-cost placements",
        "Reviews overdue",
        "Spot purchases",
        "Reconciliation with the case records",
    ):
        assert heading in text  # fmt: skip
    assert "Children's Social Care (includes Asylum Seekers)" in text and "83,853" in text
    assert "paid after the placement ended" in text and "child unknown to the store" in text


def test_the_demo_costs_are_the_same_each_time(tiny_store: Path) -> None:
    first = demo.rows_from_store(tiny_store)
    assert first == demo.rows_from_store(tiny_store)
    assert len(first) > 10 and {r.kind for r in first} == {"placement", "cwd package",
                                                          "other package"}  # fmt: skip


def test_template_check_and_show_from_the_file(tiny_store: Path, tmp_path: Path) -> None:
    book, money = tmp_path / "costs.xlsx", tmp_path / "money.xlsx"
    assert "made-up cost rows" in _run(
        "costs", "template", "--out", str(book), "--demo", "--store", str(tiny_store)
    )
    n = len(demo.rows_from_store(tiny_store))
    assert _run("costs", "check", str(book)) == f"read {n} cost rows: no problems\n"
    _run("money", "template", "--demo", "--out", str(money))
    text = _run("costs", "show", str(book), "--store", str(tiny_store), "--money", str(money),
                "--as-at", "2020-12-31", "--high-cost", "1000")  # fmt: skip
    assert "as at 31/12/2020" in text and "over £1,000.00 a week on 31/12/2020" in text
    assert "83,853" in text


def test_bad_input_at_the_command_line(tiny_store: Path, tmp_path: Path) -> None:
    r = CliRunner().invoke(main, ["costs", "show", "--store", str(tiny_store)])
    assert r.exit_code != 0 and "give the cost files to show, or --demo" in r.output
    bad = tmp_path / "costs.csv"
    bad.write_text("Child ID,Kind\nA,Foster\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["costs", "check", str(bad)])
    assert r.exit_code != 0 and "not a cost template sheet" in r.output
    bad.write_text(
        "Child ID,Kind,Provider,Weekly cost £,Cost from,Budget line,Entered by,"
        "Entered on\nA,Foster,X,1,01/04/2020,L,me,01/04/2020\n",
        encoding="utf-8",
    )
    r = CliRunner().invoke(main, ["costs", "check", str(bad)])
    assert r.exit_code != 0, r.output
    assert f"{bad}, row 1, column In-house or external: column missing" in r.output

    r = CliRunner().invoke(main, ["costs", "template", "--out", str(tmp_path / "c.csv")])
    assert r.exit_code != 0 and "name it .xlsx" in r.output
