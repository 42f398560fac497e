"""One fact, one record: every format of a borough loaded together gives, for every indicator
and period, the figures of its SSD extract alone (issue: 7,085 allocations were counted twice)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from csc_insight.indicators.engine import compute
from csc_insight.store.load import ingest
from csc_insight.synth.outputs import write_outputs

pytestmark = pytest.mark.slow

FORMATS = ["ssd", "ssda903", "cin_census", "annex_a", "workforce", "early_help"]
# Not yet csww: the census loaded over the SSD changes WF 1 (leavers) in some months (its
# dates and reasons differ from the HR record's); see docs/formats/csww.md.


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("one_fact")
    write_outputs(root, size="tiny", years=3, seed=7, formats=FORMATS, regimes=[])
    alone, together = root / "alone.duckdb", root / "together.duckdb"
    ingest([root / "ssd"], alone)
    ingest([root / f for f in FORMATS], together)
    compute(alone)
    compute(together)
    return alone, together


def test_every_table_holds_the_same_records(stores: tuple[Path, Path]) -> None:
    from csc_insight.store import schema

    con = duckdb.connect(str(stores[1]), read_only=True)
    con.execute(f"ATTACH '{stores[0]}' AS alone (READ_ONLY)")
    try:
        for t in schema.tables():
            key = ", ".join(schema.table(t).key)
            only = con.execute(
                f"SELECT count(*) FROM (SELECT {key} FROM {t} EXCEPT SELECT {key} FROM alone.{t})"
            ).fetchall()[0][0]
            assert only == 0, f"{t}: {only} records the SSD extract does not hold"
    finally:
        con.close()


def test_every_figure_is_the_figure_of_the_ssd_extract_alone(stores: tuple[Path, Path]) -> None:
    sql = """SELECT indicator_id, period_type, period_id, numerator, denominator, value
             FROM results ORDER BY ALL"""
    a = duckdb.connect(str(stores[0]), read_only=True)
    b = duckdb.connect(str(stores[1]), read_only=True)
    try:
        alone, together = a.execute(sql).fetchall(), b.execute(sql).fetchall()
    finally:
        a.close()
        b.close()
    assert len(alone) > 1000
    differ = [(x, y) for x, y in zip(alone, together, strict=True) if x != y]
    assert not differ, differ[:5]
