"""Errors that name what exists: periods, indicator ids, stale results (issue 15).

On the tiny computed borough: two years of months, 2019-04 to 2021-03.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner, Result

from csc_insight.cli import main

LOADED = "the results hold the months 2019-04 to 2021-03"


def csc(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.mark.parametrize(
    ("period", "says"),
    [
        ("2021-13", "there is no month 13"),
        ("Foo-21", "'foo' is not a month"),
        ("sometime", "is not a period"),
        ("2020-22", "there is no month 22"),
    ],
)
def test_a_malformed_period_names_the_forms_and_the_loaded_range(
    computed_store: Callable[[int], Path], period: str, says: str
) -> None:
    r = csc("show", "FD 8", "--period", period, "--store", str(computed_store(1)))
    assert r.exit_code == 1
    assert says in r.output
    for form in ("2021-03", "2020-21 Q4", "YTD 2021-03", "R12 2021-03", "2020-21"):
        assert form in r.output
    assert LOADED.capitalize() in r.output


@pytest.mark.parametrize(
    ("period", "says"),
    [
        ("2025-03", f"no results for '2025-03' (month 2025-03): {LOADED}"),
        ("R12 2019-05", "the rolling 12 months periods run from R12 2020-03 to R12 2021-03"),
        ("2018-19 Q4", "quarter periods run from 2019-20 Q1 to 2020-21 Q4"),
    ],
)
def test_a_period_outside_the_results_names_what_there_is(
    computed_store: Callable[[int], Path], period: str, says: str
) -> None:
    r = csc("show", "FD 8", "--period", period, "--store", str(computed_store(1)))
    assert r.exit_code == 1
    assert says in r.output


@pytest.mark.parametrize("period", ["Mar-21", "March 2021", "2021-03"])
def test_a_month_is_read_as_people_write_it(
    computed_store: Callable[[int], Path], period: str
) -> None:
    r = csc("show", "FD 8", "--period", period, "--store", str(computed_store(1)))
    assert r.exit_code == 0, r.output
    assert "Period:      2021-03 (01/03/2021 to 31/03/2021)" in r.output


@pytest.mark.parametrize("typed", ["FD8", "fd 8", "fd_8", " FD  8 "])
def test_an_id_is_read_with_spaces_and_case_ignored(
    computed_store: Callable[[int], Path], typed: str
) -> None:
    r = csc("show", typed, "--store", str(computed_store(1)))
    assert r.exit_code == 0, r.output
    assert r.output.startswith("FD 8: ")


def test_an_unknown_id_suggests_the_nearest(computed_store: Callable[[int], Path]) -> None:
    r = csc("show", "FD 88", "--store", str(computed_store(1)))
    assert r.exit_code == 1
    assert "no indicator 'FD 88' in the catalogue; did you mean 'FD 8'" in r.output
    assert "csc indicators" in r.output


def test_compute_refuses_an_unknown_id_and_changes_nothing(
    computed_store: Callable[[int], Path], tmp_path: Path
) -> None:
    store = tmp_path / "copy.duckdb"
    shutil.copy(computed_store(1), store)
    before = _results(store)
    r = csc("compute", "--only", "FD 8", "--only", "CP 111", "--store", str(store))
    assert r.exit_code == 1
    assert "no indicator 'CP 111'" in r.output
    assert "did you mean 'CP 11'" in r.output
    assert _results(store) == before


def test_compute_only_takes_ids_as_typed(
    computed_store: Callable[[int], Path], tmp_path: Path
) -> None:
    store = tmp_path / "copy.duckdb"
    shutil.copy(computed_store(1), store)
    r = csc("compute", "--only", "fd8", "--store", str(store))
    assert r.exit_code == 0, r.output
    assert "results for FD 8." in r.output
    assert "Computed 0 results" not in r.output


def test_indicators_lists_every_id_with_its_short_title() -> None:
    from csc_insight.indicators import catalogue

    r = csc("indicators")
    assert r.exit_code == 0, r.output
    for ind in catalogue.load():
        assert ind.id in r.output
    n, published = len(catalogue.load()), len(catalogue.published_figures())
    assert f"{n} indicators and {published} published annual figures." in r.output
    r = csc("indicators", "--area", "education")
    assert "KS4 1" in r.output and "Education: published annual figures" in r.output
    assert "20 indicators and 13 published annual figures" in r.output
    r = csc("indicators", "--area", "nowhere")
    assert r.exit_code == 2
    assert "front_door" in r.output


def test_report_takes_a_year_as_the_pack_for_its_last_month(
    computed_store: Callable[[int], Path], tmp_path: Path
) -> None:
    r = csc(
        "report", "--period", "2020-21", "--store", str(computed_store(1)), "--out", str(tmp_path)
    )
    assert r.exit_code == 0, r.output
    assert "2020-21 is the pack for 2021-03" in r.output
    assert "Committee pack for 2021-03" in r.output


def test_report_refuses_a_month_outside_the_results(
    computed_store: Callable[[int], Path], tmp_path: Path
) -> None:
    r = csc(
        "report", "--period", "2021-04", "--store", str(computed_store(1)), "--out", str(tmp_path)
    )
    assert r.exit_code == 1
    assert LOADED in r.output
    assert not (tmp_path / "pack.pdf").exists()


def test_stale_results_are_named_and_refused(
    computed_store: Callable[[int], Path], ssd_extract: Callable[..., Path], tmp_path: Path
) -> None:
    store = tmp_path / "copy.duckdb"
    shutil.copy(computed_store(1), store)
    assert "up to date with every load" in csc("status", "--store", str(store)).output

    assert csc("ingest", str(ssd_extract()), "--store", str(store)).exit_code == 0
    status = csc("status", "--store", str(store))
    assert "OUT OF DATE: 1 load since the results were computed (load 2 at" in status.output
    assert "run `csc compute`" in status.output
    for args in (["show", "FD 8"], ["report", "--out", str(tmp_path / "pack")]):
        r = csc(*args, "--store", str(store))
        assert r.exit_code == 1, r.output
        assert "the results are out of date: 1 load since the results were computed" in r.output
        assert "Run `csc compute` first" in r.output
    assert not (tmp_path / "pack").exists()

    assert csc("compute", "--store", str(store)).exit_code == 0
    assert "up to date with every load" in csc("status", "--store", str(store)).output
    assert csc("show", "FD 8", "--store", str(store)).exit_code == 0


def test_results_from_a_changed_definition_are_stale(
    computed_store: Callable[[int], Path], tmp_path: Path
) -> None:
    store = tmp_path / "copy.duckdb"
    shutil.copy(computed_store(1), store)
    con = duckdb.connect(str(store))
    con.execute("UPDATE results_provenance SET fingerprint = 'older' WHERE indicator_id = 'CP 11'")
    con.close()
    r = csc("show", "CP 11", "--store", str(store))
    assert r.exit_code == 1
    assert "definitions changed since computed: CP 11" in r.output
    assert csc("show", "FD 8", "--store", str(store)).exit_code == 0  # the others still stand


def _results(store: Path) -> list[tuple]:
    con = duckdb.connect(str(store), read_only=True)
    try:
        return con.execute("SELECT * FROM results ORDER BY ALL").fetchall()
    finally:
        con.close()


def test_comparators_refuses_a_mistyped_la_code(tmp_path: Path) -> None:
    store = tmp_path / "s.duckdb"
    r = csc("comparators", "--bundled", "--la", "E0900008", "--store", str(store))
    assert r.exit_code == 1
    assert "E followed by 8 digits" in r.output
    assert "did you mean E09000008" in r.output
    assert not store.exists()


def test_status_names_the_settings_results_were_computed_with(
    computed_store: Callable[[int], Path], tmp_path: Path
) -> None:
    store = tmp_path / "copy.duckdb"
    shutil.copy(computed_store(1), store)
    assert "  settings: the defaults" in csc("status", "--store", str(store)).output
    r = csc("compute", "--only", "CIN 4", "--set", "cin_visit_days=42", "--store", str(store))
    assert r.exit_code == 0, r.output
    status = csc("status", "--store", str(store)).output
    assert "computed with different settings" in status
    assert "  settings for CIN 4: cin_visit_days=42 (default 28)" in status
