"""A load interrupted at any step leaves the store exactly as it was: deterministic, step by step.

The loader marks each step (store.load.checkpoint): a format staged, each table stored, the load
recorded, the commit next. Each test interrupts a load at every step in turn, on a new store and
on one holding an earlier load, and compares every table with the store before.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from csc_insight.store import db, load
from csc_insight.store.checksum import store_checksums
from csc_insight.synth.outputs import write_outputs

SSD_TABLES = ("ssd_person", "ssd_contacts", "ssd_cin_episodes", "ssd_involvements")


class Interrupted(Exception):
    """Stands for a crash, a kill or a full disk in the middle of a load."""


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], list[Path]]:
    """(an earlier load, a later one mixing a snapshot with a merging format)."""
    root = tmp_path_factory.mktemp("atomic")
    write_outputs(
        root / "synth",
        size="tiny",
        years=1,
        seed=4,
        end=date(2021, 3, 31),
        formats=["ssd", "early_help"],
        regimes=[],
    )
    first, later = root / "first", root / "later"
    for folder, tables in ((first, SSD_TABLES[:2]), (later, SSD_TABLES)):
        folder.mkdir()
        for t in tables:
            shutil.copy(root / "synth" / "ssd" / f"{t}.csv", folder)
    shutil.copy(root / "synth" / "early_help" / "early_help_episodes.csv", later)
    # Each load holds a record back (a contact dated 30 February), so the problems table is
    # written, and the later load supersedes the earlier one's problems: all of it must roll back.
    for folder in (first, later):
        contacts = folder / "ssd_contacts.csv"
        header, last = contacts.read_text().splitlines()[0], contacts.read_text().splitlines()[-1]
        cells = dict(zip(header.split(","), last.split(","), strict=True))
        cells["cont_contact_id"] = f"BAD-{folder.name}"
        cells["cont_contact_date"] = "2020-02-30"
        with contacts.open("a") as f:
            f.write(",".join(cells[c] for c in header.split(",")) + "\n")
    return [first], [later]


def _steps(sources: list[Path], store: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    monkeypatch.setattr(load, "checkpoint", seen.append)
    load.ingest(sources, store)
    return seen


def _interrupt_each_step(
    make: Callable[[Path], None], later: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> list[str]:
    dry = tmp_path / "dry.duckdb"
    make(dry)
    steps = _steps(later, dry, monkeypatch)
    assert steps[-1] == "before commit" and any(s.startswith("stored ") for s in steps)
    con = db.connect(dry, read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM load_problems").fetchall()[0][0] >= 1
    finally:
        con.close()
    for n, name in enumerate(steps):
        store = tmp_path / f"s{n}.duckdb"
        monkeypatch.setattr(load, "checkpoint", lambda _step: None)
        make(store)
        before = store_checksums(store)

        def fail_at(step: str, at: str = name) -> None:
            if step == at:
                raise Interrupted(step)

        monkeypatch.setattr(load, "checkpoint", fail_at)
        with pytest.raises(Interrupted):
            load.ingest(later, store)
        assert store_checksums(store) == before, f"interrupted at {name!r}"
        store.unlink()
    return steps


def test_every_step_of_a_first_load(
    sources: tuple[list[Path], list[Path]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def new_store(path: Path) -> None:
        db.connect(path).close()  # the tables and calendar, no load

    steps = _interrupt_each_step(new_store, sources[1], tmp_path, monkeypatch)
    assert "staged ssd" in steps and "staged early_help" in steps


def test_every_step_of_a_load_over_an_earlier_one(
    sources: tuple[list[Path], list[Path]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, later = sources

    def loaded_store(path: Path) -> None:
        load.ingest(first, path)

    steps = _interrupt_each_step(loaded_store, later, tmp_path, monkeypatch)
    assert "stored ssd_person" in steps and "recorded the load" in steps
