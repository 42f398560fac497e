"""An SSD extract with realistic faults (synth --faults): exactly the faulty records are held
back, with the right rules, and every figure equals the figure from the clean extract less
those records."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from csc_insight.indicators.engine import compute
from csc_insight.store import db, record_rules, schema
from csc_insight.store.load import ingest
from csc_insight.synth.faults import read_manifest, spoil
from csc_insight.synth.outputs import write_outputs

TODAY = date(2026, 12, 7)


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("faults")
    write_outputs(base / "clean", size="tiny", years=3, seed=5, formats=["ssd"], regimes=[])
    shutil.copytree(base / "clean" / "ssd", base / "spoiled" / "ssd")
    spoil(base / "spoiled" / "ssd", 4, seed=5)
    clean, spoiled = base / "clean.duckdb", base / "spoiled.duckdb"
    ingest([base / "clean" / "ssd"], clean, today=TODAY)
    ingest([base / "spoiled" / "ssd"], spoiled, today=TODAY)
    return {"clean": clean, "spoiled": spoiled, "folder": base / "spoiled" / "ssd"}


def _held(store: Path) -> dict[tuple[str, str], set[str]]:
    con = db.connect(store, read_only=True)
    try:
        rows = con.execute(
            "SELECT problem_table, problem_record, problem_rule FROM load_problems WHERE problem_held"
        ).fetchall()
    finally:
        con.close()
    out: dict[tuple[str, str], set[str]] = {}
    for table, record, rule in rows:
        out.setdefault((table, record), set()).add(rule)
    return out


def _descendants(store: Path, roots: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """The records that belong to ``roots`` in the clean store, following the load's links."""
    con = db.connect(store, read_only=True)
    found = set(roots)
    frontier = set(roots)
    try:
        while frontier:
            nxt: set[tuple[str, str]] = set()
            for e in record_rules.edges():
                keys = [k for t, k in frontier if t == e.parent]
                if not keys:
                    continue
                child_key = schema.table(e.child).key[0]
                for (k,) in con.execute(
                    f"SELECT {child_key} FROM {e.child} WHERE {e.field} IN (SELECT unnest(?))",
                    [keys],
                ).fetchall():
                    if (e.child, k) not in found:
                        nxt.add((e.child, k))
            found |= nxt
            frontier = nxt
    finally:
        con.close()
    return found


def test_exactly_the_faulty_records_are_held_back_with_their_rules(
    stores: dict[str, Path],
) -> None:
    faults = read_manifest(stores["folder"])
    assert {f.rule for f in faults} >= {
        "value-date",
        "date-future",
        "key-conflict",
        "row-duplicate",
    }
    held = _held(stores["spoiled"])
    spoiled = {(f.table, f.key) for f in faults if f.rule != "row-duplicate"}
    for f in faults:
        if f.rule == "row-duplicate":
            continue
        assert f.rule in held.get((f.table, f.key), set()), f
    # Nothing else is held back than the spoiled records and what belongs to them.
    assert set(held) == _descendants(stores["clean"], spoiled) | {
        k for k in spoiled if k[1].endswith("-COPY")
    }
    # An exact duplicate is loaded once, and noted.
    con = db.connect(stores["spoiled"], read_only=True)
    try:
        noted = {
            (t, k)
            for t, k in con.execute(
                "SELECT problem_table, problem_record FROM load_problems WHERE NOT problem_held"
            ).fetchall()
        }
    finally:
        con.close()
    duplicated = {(f.table, f.key) for f in faults if f.rule == "row-duplicate"}
    assert noted == duplicated - set(held)


def test_every_figure_is_the_clean_figure_less_the_held_records(
    stores: dict[str, Path], tmp_path: Path
) -> None:
    # The clean store less the records held back, by hand...
    less = tmp_path / "less.duckdb"
    shutil.copy(stores["clean"], less)
    held = _held(stores["spoiled"])
    con = db.connect(less)
    try:
        for (table, record), _ in held.items():
            key = schema.table(table).key[0]
            con.execute(f"DELETE FROM {table} WHERE {key} = ?", [record])
    finally:
        con.close()
    # ...holds exactly what the spoiled load stored,
    a, b = db.connect(less, read_only=True), db.connect(stores["spoiled"], read_only=True)
    try:
        for t in schema.tables():
            assert sorted(a.execute(f"SELECT * FROM {t}").fetchall(), key=repr) == sorted(
                b.execute(f"SELECT * FROM {t}").fetchall(), key=repr
            ), t
    finally:
        a.close()
        b.close()
    # ...and gives the same figure for every indicator and period.
    compute(less)
    compute(stores["spoiled"])
    sql = "SELECT indicator_id, period_id, numerator, denominator, value FROM results ORDER BY ALL"
    a, b = db.connect(less, read_only=True), db.connect(stores["spoiled"], read_only=True)
    try:
        assert a.execute(sql).fetchall() == b.execute(sql).fetchall()
    finally:
        a.close()
        b.close()
