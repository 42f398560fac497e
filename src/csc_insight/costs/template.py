"""The cost workbook a finance officer fills: written by csc (XlsxWriter, through the shared
entry-workbook writer) from the declaration in columns.py, read back by template_read.py.

Sheets: "Read me" (what the workbook is, and every column), "Costs" and "Lists" (the choices
offered in the Kind, In-house or external, and Spot or framework columns).
``write_template(path)`` writes it blank; with ``rows`` it holds them (the demo's made-up
costs), rows that read back as the same cost rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from csc_insight.costs.columns import BOOK, COSTS, KIND_LIST, PROVISION_LIST, PURCHASE_LIST
from csc_insight.costs.model import KIND_WORDS, CostRow
from csc_insight.entry import write
from csc_insight.entry.columns import Column, Sheet

_LISTS = {
    "Kind": KIND_LIST,
    "In-house or external": PROVISION_LIST,
    "Spot or framework": PURCHASE_LIST,
}


def write_template(path: Path, rows: Sequence[CostRow] = ()) -> Path:
    """Write the workbook at ``path``: blank, or holding ``rows``."""
    cells = {COSTS.name: [_cells(r) for r in rows]}
    return write.write_workbook(path, BOOK, (), cells, _LISTS, _list_of)


def _list_of(sheet: Sheet, column: Column) -> str | None:
    return column.header if column.header in _LISTS else None


def _cells(r: CostRow) -> list[Any]:
    return [
        r.child_id, r.placement_id, KIND_WORDS[r.kind], r.provider,
        "In-house" if r.provision == "in-house" else "External",
        None if r.purchase is None else r.purchase.capitalize(),
        r.weekly, r.cost_from, r.cost_to, r.next_review, r.budget_line,
        r.entry.by, r.entry.on, r.note,
    ]  # fmt: skip


#: The problems a cost file can have, by rule id (besides entry/read.py's checks).
RULES: dict[str, str] = {
    "value-number": "a weekly cost that is not an amount in pounds, is below 0, or is over "
    "£100,000 a week",
    "value-code": "a Kind, In-house or external, or Spot or framework that is not one of the "
    "column's choices",
    "value-date": "a date that is not one, or Cost to before Cost from",
    "value-missing": "a required value missing (Spot or framework is required of an External row)",
    "date-future": "an Entered on date after today",
    "key-conflict": "two rows for the same child and placement (a package: the same kind and "
    "provider) from the same Cost from day",
}


def markdown() -> str:
    """docs/formats/costs.md: the workbook's sheet and columns, from their declaration."""
    from csc_insight.costs import panel, periods, reconcile, tracker

    how = [
        "## How the costs are worked out",
        "",
        *((m.__doc__ or "").strip() + "\n" for m in (periods, tracker, panel, reconcile)),
    ]
    return (
        write.markdown(
            BOOK,
            (),
            generated_from="src/csc_insight/costs/columns.py, template.py and the tracker's modules",
            after_about=(
                "Made by `csc costs template --out F.xlsx` (with `--demo --store S`: filled with "
                "made-up costs for the synthetic borough's placements), checked by `csc costs check "
                "FILES`, and shown by `csc costs show FILES [--store S] [--as-at D] [--money F...] "
                "[--high-cost 5000]`.",
            ),
            rules=RULES,
        )
        + "\n"
        + "\n".join(how)
    )
