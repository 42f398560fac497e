"""``csc problems``: the records loads held back, as a table on screen or a CSV file."""

from __future__ import annotations

import csv
import os
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from csc_insight.errors import quoted
from csc_insight.reports.children_text import MARKING, csv_cell
from csc_insight.store.problems import ProblemRow


def as_text(rows: Sequence[ProblemRow], *, history: bool = False) -> str:
    """One line per problem (file, row, column: reason [rule]), then the count per rule."""
    if not rows:
        return (
            "No problems recorded."
            if history
            else "No records are held back: every record of the current loads is in the store."
        )
    lines = [MARKING, ""]
    for r in rows:
        where = [r.file]
        if r.row is not None:
            where.append(f"row {r.row}")
        if r.column:
            where.append(f"column {r.column}")
        value = f" {quoted(r.value)}" if r.value is not None and r.value not in r.reason else ""
        state = "" if r.held else " (loaded once; noted)"
        old = f" [superseded by load {r.superseded_by}]" if r.superseded_by is not None else ""
        lines.append(
            f"load {r.load_id}  {', '.join(where)}:{value} {r.reason} [{r.rule}]{state}{old}"
        )
    held = {(r.file, r.row, r.table, r.record) for r in rows if r.held}
    by_rule = Counter(r.rule for r in rows)
    lines += [
        "",
        f"{len(rows):,} problems; {len(held):,} records held back. By rule: "
        + ", ".join(f"{rule} {n:,}" for rule, n in by_rule.most_common()),
    ]
    return "\n".join(lines)


def write_csv(rows: Sequence[ProblemRow], path: str | os.PathLike[str]) -> Path:
    """The problems as CSV: the marking as a first comment line, then the header and rows."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="", encoding="utf-8") as f:
        f.write(f"# {MARKING}\n")
        writer = csv.writer(f)
        writer.writerow(ProblemRow.HEADER)
        writer.writerows([csv_cell(v) for v in r.cells()] for r in rows)
    return out
