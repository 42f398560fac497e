"""Faults on demand: an SSD extract of the synthetic borough with the faults real extracts have.

The synthetic borough writes clean files. A load must be tried on what councils really send, so
``csc synth --faults N`` spoils about N records in every thousand of the SSD extract it writes,
each in one of the ways real extracts go wrong, and lists every fault in ``faults.csv`` in the
folder above the extract (so that loading the extract's folder does not take it): the file, the record's key, the row, and the rule the load should hold it back under.
A test loads the spoiled extract and checks that exactly those records are held back, and that
the store holds exactly the clean records less those (tests/store/test_faults.py).
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from csc_insight.store import record_rules, schema

#: The kinds of fault, each as the rule the load holds the record back under.
KINDS = ("value-date", "value-code", "date-future", "key-conflict", "row-duplicate", "overlap")


@dataclass(frozen=True)
class Fault:
    file: str  # the file's name
    table: str
    key: str  # the spoiled record's key
    rule: str


def spoil(folder: Path, per_thousand: float, *, seed: int = 1) -> list[Fault]:
    """Spoil the SSD extract in ``folder`` in place; returns the faults, also written to
    ``faults.csv`` beside ``folder``. Each table file gets its share, at least one when it has a record."""
    rng = random.Random(seed)
    faults: list[Fault] = []
    for t in schema.tables().values():
        path = folder / f"{t.name}.csv"
        if not path.exists() or len(t.key) != 1:
            continue
        with path.open(newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
        header, records = rows[0], rows[1:]
        if not records:
            continue
        n = max(1, round(len(records) * per_thousand / 1000))
        chosen = rng.sample(range(len(records)), min(n, len(records)))
        extra: list[list[str]] = []
        key_at = header.index(t.key[0])
        for i in chosen:
            kind = _spoil_one(t, header, records, i, extra, rng)
            faults.append(Fault(path.name, t.name, records[i][key_at], kind))
            if kind == "overlap":  # the added copy is held back too
                faults.append(Fault(path.name, t.name, extra[-1][key_at], kind))
        with path.open("w", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows([header, *records, *extra])
    with (folder.parent / "faults.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["file", "table", "key", "rule"])
        w.writerows([x.file, x.table, x.key, x.rule] for x in faults)
    return faults


def _spoil_one(
    t: schema.Table,
    header: list[str],
    records: list[list[str]],
    i: int,
    extra: list[list[str]],
    rng: random.Random,
) -> str:
    """Spoil record ``i`` (or add a row that clashes with it); the rule it now breaks."""
    row = records[i]
    at = {name: j for j, name in enumerate(header)}
    dates = [
        f.name
        for f in t.fields
        if f.type == "DATE" and row[at[f.name]] and f.name not in record_rules.PLANNED_DATES
    ]
    codes = [f.name for f in t.fields if f.codes and row[at[f.name]]]
    options = ["row-duplicate", "key-conflict"]
    if dates:
        options += ["value-date", "date-future"]
    if codes:
        options.append("value-code")
    span = record_rules.NO_OVERLAP.get(t.name)
    if span and _long_closed(row, at, span):
        options.append("overlap")
    kind = rng.choice(options)
    if kind == "row-duplicate":
        extra.append(list(row))
    elif kind == "key-conflict":
        other = list(row)
        changed = next(j for j, name in enumerate(header) if name not in t.key)
        other[changed] = (other[changed] or "") + "X"
        extra.append(other)
    elif kind == "value-date":
        day = date.fromisoformat(row[at[dates[0]]][:10])
        row[at[dates[0]]] = f"{day.year}-02-30"  # a day February never has
    elif kind == "date-future":
        # The record's last event is moved past any day a test runs on: every other date
        # stays, so no other rule is broken.
        last = max(dates, key=lambda d: row[at[d]])
        row[at[last]] = "2099-01-01"
    elif kind == "value-code":
        row[at[codes[0]]] = "ZZ"
    elif kind == "overlap":
        # A second copy of the episode or plan under a new id, starting a day later: the two
        # overlap, so both are held back.
        start, _ = span  # type: ignore[misc]
        other = list(row)
        other[at[t.key[0]]] = row[at[t.key[0]]] + "-COPY"
        other[at[start]] = (date.fromisoformat(row[at[start]][:10]) + timedelta(days=1)).isoformat()
        extra.append(other)
    return kind


def _long_closed(row: list[str], at: dict[str, int], span: tuple[str, str]) -> bool:
    start, end = (row[at[s]] for s in span)
    if not start or not end:
        return False
    return (date.fromisoformat(end[:10]) - date.fromisoformat(start[:10])).days > 2


def read_manifest(folder: Path) -> list[Fault]:
    """The faults listed beside the spoiled extract in ``folder``."""
    with (folder.parent / "faults.csv").open(newline="", encoding="utf-8") as f:
        return [Fault(r["file"], r["table"], r["key"], r["rule"]) for r in csv.DictReader(f)]
