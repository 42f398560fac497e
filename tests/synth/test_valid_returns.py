"""The synthetic borough's returns pass the readers' checks for their collection year.

A small borough is written as SSDA903 returns and CIN censuses (every year they cover, the last
2020-21), and every file is staged through its reader: nothing may be held back or noted, since
the borough writes faults only when asked for (``csc synth --faults``). The readers check the
DfE validation rules that change figures (903-364, 903-371, 903-378, cin-2990, cin-8897, ...)
and each year's code lists, so this is the test that the borough satisfies them.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path
from types import ModuleType

import duckdb
import pytest

from csc_insight.errors import Problem
from csc_insight.formats import cin_census, ssda903
from csc_insight.formats.base import LoadOptions, SourceFile, Staged
from csc_insight.store import db
from csc_insight.synth.outputs import write_outputs

pytestmark = pytest.mark.slow

END = date(2021, 3, 31)
LATEST = 2021  # 2020-21


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    root = tmp_path_factory.mktemp("valid_returns")
    return write_outputs(
        root, size="tiny", years=3, seed=7, end=END, formats=["ssda903", "cin_census"], regimes=[]
    )


def _stage(
    tmp: Path, module: ModuleType, paths: list[Path], options: LoadOptions
) -> tuple[Staged, duckdb.DuckDBPyConnection]:
    con = db.connect(tmp / "s.duckdb")
    files = [SourceFile(p, module.FORMAT, module.recognise(p) or "") for p in paths]
    assert all(f.kind for f in files), "every written file is recognised"
    return module.stage(con, files, options), con


def _summary(problems: list[Problem]) -> str:
    rules = Counter(p.rule for p in problems)
    first = "\n".join(f"  {p}" for p in problems[:5])
    return f"{len(problems)} records by rule {dict(rules.most_common())}; the first:\n{first}"


def _assert_clean(staged: Staged, con: duckdb.DuckDBPyConnection, tables: list[str]) -> None:
    assert not staged.held, "held back: " + _summary(staged.held)
    assert not staged.notes, "noted: " + _summary(staged.notes)
    for table in tables:
        temps = staged.tables.get(table, [])
        rows = sum(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in temps)  # type: ignore[index]
        assert rows > 0, f"the returns should stage some {table}"


SSDA903_TABLES = ["ssd_cla_episodes", "ssd_cla_placement", "ssd_legal_status", "ssd_cla_reviews"]
CIN_TABLES = ["ssd_cin_episodes", "ssd_cin_assessments", "ssd_s47_enquiry", "ssd_cp_plans"]


def test_every_year_of_the_903_is_valid(written: dict[str, list[Path]], tmp_path: Path) -> None:
    paths = written["ssda903"]
    assert {p.parent.name for p in paths} >= {"2019", "2020", "2021"}
    staged, con = _stage(tmp_path, ssda903, paths, LoadOptions())
    try:
        _assert_clean(staged, con, SSDA903_TABLES)
    finally:
        con.close()


def test_every_census_year_is_valid(written: dict[str, list[Path]], tmp_path: Path) -> None:
    paths = written["cin_census"]
    names = {p.stem for p in paths}
    assert {"cin_census_2019", "cin_census_2020", "cin_census_2021"} <= names
    # No census before the first one (2008-09).
    assert min(names) >= "cin_census_2009"
    staged, con = _stage(tmp_path, cin_census, paths, LoadOptions())
    try:
        _assert_clean(staged, con, CIN_TABLES)
    finally:
        con.close()


@pytest.mark.parametrize(
    ("fmt", "module", "tables"),
    [("ssda903", ssda903, SSDA903_TABLES), ("cin_census", cin_census, CIN_TABLES)],
    ids=["ssda903", "cin_census"],
)
def test_the_latest_year_on_its_own_is_valid(
    written: dict[str, list[Path]],
    tmp_path: Path,
    fmt: str,
    module: ModuleType,
    tables: list[str],
) -> None:
    """2020-21 alone, as a council would check the return it is about to send."""
    paths = [p for p in written[fmt] if str(LATEST) in (p.parent.name, p.stem[-4:])]
    assert paths
    staged, con = _stage(tmp_path, module, paths, LoadOptions(year=LATEST))
    try:
        _assert_clean(staged, con, tables)
    finally:
        con.close()
