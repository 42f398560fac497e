"""`csc show` and `csc report` through the command line, on the tiny computed borough."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb
from click.testing import CliRunner

from csc_insight.cli import main
from csc_insight.reports import formatting


def test_show_prints_the_results_table_figure(computed_store: Callable[[int], Path]) -> None:
    store = computed_store(1)
    con = duckdb.connect(str(store), read_only=True)
    value, num, den, rag = con.execute(
        "SELECT value, numerator, denominator, rag FROM results WHERE indicator_id = 'FD 8' AND period_id = '2021-03'"
    ).fetchall()[0]
    con.close()
    r = CliRunner().invoke(main, ["show", "FD 8", "--period", "2021-03", "--store", str(store)])
    assert r.exit_code == 0, r.output
    assert f"Value:       {formatting.value(value, 'percent')}" in r.output
    assert f"Numerator:   {num:,.0f}   Denominator: {den:,.0f}" in r.output
    assert f"RAG: {rag}" in r.output
    assert "Denominator: All referrals in the period." in r.output  # the definition follows


def test_show_unknown_period_is_a_one_line_error(computed_store: Callable[[int], Path]) -> None:
    r = CliRunner().invoke(
        main, ["show", "FD 8", "--period", "1999-01", "--store", str(computed_store(1))]
    )
    assert r.exit_code == 1
    assert r.output == (
        "csc: error: no results for '1999-01' (month 1999-01): "
        "the results hold the months 2019-04 to 2021-03\n"
    )


def test_report_writes_three_files(computed_store: Callable[[int], Path], tmp_path: Path) -> None:
    r = CliRunner().invoke(
        main, ["report", "--store", str(computed_store(1)), "--out", str(tmp_path), "--published"]
    )
    assert r.exit_code == 0, r.output
    assert "PUBLISHED" in r.output
    for name in ("pack.html", "pack.pdf", "pack.xlsx"):
        assert (tmp_path / name).stat().st_size > 1000
