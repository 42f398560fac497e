"""`csc children` and `csc audit` through the command line, on the tiny computed borough."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner, Result

from csc_insight.cli import main


def csc(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def _shown_counts(store: Path, ident: str, period: str) -> tuple[int, int]:
    r = csc("show", ident, "--period", period, "--store", str(store))
    assert r.exit_code == 0, r.output
    m = re.search(r"Numerator:\s+([\d,]+)\s+Denominator: ([\d,]+)", r.output)
    assert m, r.output
    return int(m[1].replace(",", "")), int(m[2].replace(",", ""))


def test_children_lists_the_figure_show_prints_and_each_listing_is_audited(
    computed_store: Callable[[int], Path], tmp_path: Path
) -> None:
    store = tmp_path / "copy.duckdb"
    shutil.copy(computed_store(1), store)
    for ident, period in (("FD 8", "2021-03"), ("CP 13", "2021-03"), ("FD 8", "2020-21 Q4")):
        numerator, denominator = _shown_counts(store, ident, period)
        met = csc("children", ident, "--period", period, "--store", str(store), "--user", "jo")
        assert met.exit_code == 0, met.output
        assert met.output.startswith("OFFICIAL-SENSITIVE")
        assert f"{numerator} listed: the numerator, {numerator} of {denominator}" in met.output
        not_met = csc("children", ident, "--period", period, "--not-met", "--store", str(store))
        assert not_met.exit_code == 0, not_met.output
        assert f"{denominator - numerator} listed" in not_met.output
    audit = csc("audit", "--store", str(store))
    assert audit.exit_code == 0, audit.output
    rows = [line for line in audit.output.splitlines()[1:] if line.strip()]
    assert len(rows) == 6
    assert " jo " in audit.output


def test_children_writes_a_marked_csv(
    computed_store: Callable[[int], Path], tmp_path: Path
) -> None:
    store = tmp_path / "copy.duckdb"
    shutil.copy(computed_store(1), store)
    out = tmp_path / "fd8.csv"
    r = csc("children", "fd8", "--store", str(store), "--csv", str(out))
    assert r.exit_code == 0, r.output
    lines = out.read_text("utf-8").splitlines()
    assert lines[0].startswith("# OFFICIAL-SENSITIVE")
    assert lines[1].startswith("period_id,subject_id,person_id,referral_date")


def test_children_refuses_what_it_cannot_list(
    computed_store: Callable[[int], Path], tmp_path: Path
) -> None:
    store = tmp_path / "copy.duckdb"
    shutil.copy(computed_store(1), store)
    r = csc("children", "FD 88", "--store", str(store))
    assert r.exit_code == 1 and "did you mean 'FD 8'" in r.output
    r = csc("children", "FD 8", "--period", "2030-01", "--store", str(store))
    assert r.exit_code == 1 and "the results hold the months 2019-04 to 2021-03" in r.output
    missing = tmp_path / "none.duckdb"
    r = csc("children", "FD 8", "--store", str(missing))
    assert r.exit_code == 1 and "no store at" in r.output and not missing.exists()
