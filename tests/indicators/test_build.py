"""The results table as compute() builds it in SQL (build.py), held against the rows the Python
path (engine.indicator_rows, engine.week_rows) gives one indicator at a time, on the tiny
borough: the weekly indicators' months, which compute adds up from their days, against their
months evaluated as months."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pytest

from csc_insight.indicators import catalogue, engine, periods, settings
from csc_insight.store import db

NUMBERS = ("value", "numerator", "denominator", "spc_centre", "spc_lower", "spc_upper")


@pytest.fixture(scope="module")
def store(tiny_borough_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("build") / "store.duckdb"
    shutil.copy(tiny_borough_store, copy)
    return copy


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)
    return a == b


def test_every_row_compute_writes_is_the_row_the_python_path_gives(store: Path) -> None:
    con = db.connect(store)
    written = {
        (r[0], r[1]): dict(zip(engine.RESULTS_COLUMNS, r, strict=True))
        for r in con.execute(f"SELECT {', '.join(engine.RESULTS_COLUMNS)} FROM results").fetchall()
    }
    values = settings.defaults()
    lo, hi = engine.data_range(con)
    every = periods.all_periods(lo, hi)
    months = [p for p in every if p.period_type == "month"]
    weeks = periods.weeks(lo, hi, str(values["week_ends_on"]))
    expected: list[engine.Row] = []
    for ind in catalogue.load():
        expected += engine.indicator_rows(con, ind, months, every, values, history_from=lo)
    engine.prepare(con, weeks, values)
    for ind in [i for i in catalogue.load() if i.weekly]:
        got = engine.evaluate(con, ind)
        expected += engine.week_rows(ind, weeks, got, engine.full_history_from(ind, lo))
    con.close()

    assert len(expected) == len(written)
    differ = []
    for r in expected:
        row = written[(r.indicator_id, r.period.period_id)]
        want = {
            "period_type": r.period.period_type,
            "period_start": r.period.period_start,
            "period_end": r.period.period_end,
            "value": r.value,
            "numerator": r.numerator,
            "denominator": r.denominator,
            "subjects": r.subjects,
            "target": r.target,
            "rag": r.rag,
            "signal": r.signal,
            "assurance": r.assurance,
            "spc_centre": r.limits[0] if r.limits else None,
            "spc_lower": r.limits[1] if r.limits else None,
            "spc_upper": r.limits[2] if r.limits else None,
            "full_history": r.full_history,
            "special_causes": r.special_causes,
        }
        differ += [
            (r.indicator_id, r.period.period_id, k, v, row[k])
            for k, v in want.items()
            if not _same(v, row[k])
        ]
    assert differ == []
    # Every kind of period and the awkward rows are in what was compared.
    kinds = {r.period.period_type for r in expected}
    assert kinds == {"month", "quarter", "year", "fytd", "r12", "week"}
    assert any(r.subjects == 0 for r in expected)  # an empty period: 0, not missing
    assert any(r.special_causes for r in expected)


def test_the_passes_two_at_a_time_give_what_one_after_another_gives(
    store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A council's store runs its passes two at a time (engine.run_passes): every figure, the
    borough's and each team's, is the one the passes give one after another."""
    serial = tmp_path / "serial.duckdb"
    shutil.copy(store, serial)
    monkeypatch.setattr(engine, "SMALL_STORE_CHILDREN", -1)  # every store "national": serial
    engine.compute(serial)
    con = db.connect(serial)
    con.execute(f"ATTACH '{store}' AS parallel (READ_ONLY)")
    for table, columns in (
        ("results", [c for c in engine.RESULTS_COLUMNS if c != "computed_at"]),
        ("results_by_team", ("indicator_id", "period_id", "level", "name", "value",
                             "numerator", "denominator", "subjects", "target", "rag")),
    ):  # fmt: skip
        cols = ", ".join(columns)
        (n,) = con.execute(f"SELECT count(*) FROM {table}").fetchone() or (0,)
        assert n > 1000
        differ = con.execute(
            f"""SELECT count(*) FROM (
                    (SELECT {cols} FROM {table} EXCEPT ALL SELECT {cols} FROM parallel.{table})
                    UNION ALL
                    (SELECT {cols} FROM parallel.{table} EXCEPT ALL SELECT {cols} FROM {table}))"""
        ).fetchone()
        assert differ == (0,), table
    con.close()
