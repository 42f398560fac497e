"""The seed borough's finance figures as money records: the demo data and the tests' oracle.

Read from data/seed_finance.yaml (transcribed from the seed papers; its header names them): the
2020-21 budget monitoring of seed 000 (Tables 1 and 2), the 2021-24 MTFS proposals of seed 003
(Table 8) and each project's own profile from its overview, with every total the papers print
kept as a ``PrintedTotal`` to be checked against the lines (checks.py).

Table 2 gives each service's Q2 variance, not its Q2 projected expenditure; the template asks for
projected expenditure, so the demo derives it: projected = budget + variance.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

import yaml

from csc_insight.money.model import (
    BudgetLine,
    Category,
    Entry,
    MoneyRecords,
    MtfsProposal,
    PrintedTotal,
    ProjectProfile,
    Source,
    TotalKind,
)
from csc_insight.money.mtfs import year_column

SEED_000 = "seed 000 (scrutiny sub-committee report, 2 March 2021)"
SEED_003 = "seed 003 (CFE Delivery Plan 2021-24)"
TABLE_1 = "Table 1: Quarter 3 Budget Monitoring"
TABLE_2 = "Table 2: Overall movement between Q2 and Q3"
TABLES_1_2 = "Tables 1 and 2"
TABLE_8 = "Table 8"
#: Who "entered" the demo's figures, and when: the papers' dates.
ENTERED_BY = "csc demo (transcribed from the seed papers)"
ENTRY_000 = Entry(ENTERED_BY, date(2021, 3, 2))
ENTRY_003 = Entry(ENTERED_BY, date(2021, 2, 28))


@cache
def seed_facts() -> dict[str, Any]:
    """The data file as YAML gives it."""
    f = resources.files("csc_insight.money").joinpath("data", "seed_finance.yaml")
    facts: dict[str, Any] = yaml.safe_load(f.read_text("utf-8"))
    return facts


def k(value: Any) -> Decimal:
    """A figure of the data file as £k (YAML gives ints)."""
    return Decimal(str(value))


def year_key(year: str) -> str:
    """``2021-22`` -> the data file's key ``y2021_22``."""
    return "y" + year.replace("-", "_")


def seed_records() -> MoneyRecords:
    """Every seed figure: budget lines, proposals, profiles and the totals printed beside them."""
    lines, budget_printed = _budget()
    proposals, profiles, mtfs_printed = _mtfs()
    return MoneyRecords(lines, proposals, profiles, budget_printed + mtfs_printed)


# -- budget monitoring ------------------------------------------------------------------------


def _budget() -> tuple[tuple[BudgetLine, ...], tuple[PrintedTotal, ...]]:
    facts = seed_facts()["budget_monitoring_2020_21"]
    year = str(facts["year"])
    lines, printed = [], []
    for s in facts["services"]:
        budget = k(s["budget"])
        q2 = budget + k(s["q2_variance"])  # Table 2 gives the variance: see the docstring
        lines.append(
            BudgetLine(
                year,
                s["service"],
                budget,
                (None, q2, k(s["q3_projected_expenditure"]), None),
                None,
                ENTRY_000,
                Source(SEED_000, TABLES_1_2),
                "Q2 projected expenditure derived from Table 2's Q2 variance",
            )
        )
        printed += [
            _printed("variance", year, s["q3_variance"], TABLES_1_2, 3, s["service"]),
            _printed("movement", year, s["q2_to_q3_movement"], TABLE_2, 3, s["service"]),
        ]
    t = facts["printed_totals"]
    printed += [
        _printed("budget", year, t["budget"], TABLES_1_2),
        _printed("variance", year, t["q2_variance"], TABLE_2, 2),
        _printed("projected", year, t["q3_projected_expenditure"], TABLE_1, 3),
        _printed("variance", year, t["q3_variance"], TABLES_1_2, 3),
        _printed("movement", year, t["q2_to_q3_movement"], TABLE_2, 3),
    ]
    return tuple(lines), tuple(printed)


_BUDGET_COLUMNS = {
    "budget": "Current Budget £'000",
    "projected": "Projected Expenditure",
    "variance": "Projected Variance £'000",
    "movement": "Q2 to Q3 Cumulative Variance £'000",
}


def _printed(
    what: TotalKind,
    year: str,
    figure: Any,
    where: str,
    quarter: int | None = None,
    service: str | None = None,
) -> PrintedTotal:
    column = _BUDGET_COLUMNS[what]
    if what == "variance":
        column = f"Quarter {quarter} {column}"
    return PrintedTotal(what, year, k(figure), Source(SEED_000, where), quarter, service, column)


# -- MTFS -------------------------------------------------------------------------------------

#: The years of seed 003's MTFS, in the data file's keys.
MTFS_YEARS = ("2021-22", "2022-23", "2023-24")


def _amounts(entry: dict[str, Any]) -> dict[str, Decimal]:
    return {y: k(entry[year_key(y)]) for y in MTFS_YEARS if year_key(y) in entry}


def _mtfs() -> tuple[
    tuple[MtfsProposal, ...], tuple[ProjectProfile, ...], tuple[PrintedTotal, ...]
]:
    facts = seed_facts()["mtfs_proposals_2021_24"]
    summary = Source(SEED_003, TABLE_8)
    proposals: list[MtfsProposal] = []
    for key, category in (("savings", "saving"), ("growth", "growth")):
        cat: Category = "saving" if category == "saving" else "growth"
        proposals += [
            MtfsProposal(
                p.get("ref"), p["name"], p.get("owner"), cat, _amounts(p), ENTRY_003, summary
            )
            for p in facts[key]
        ]
    names = {p.ref: p.name for p in proposals if p.ref}
    profiles = tuple(
        ProjectProfile(
            o["ref"],
            names.get(o["ref"], o["ref"]),
            None,
            _amounts(o),
            ENTRY_003,
            Source(SEED_003, f"project overview {o['ref']} ({o['section']})"),
        )
        for o in facts["project_overviews"]
    )
    kinds: tuple[tuple[TotalKind, str], ...] = (
        ("savings", "printed_total_savings"),
        ("growth", "printed_total_growth"),
        ("net", "printed_net"),
    )
    printed = tuple(
        PrintedTotal(what, y, k(facts[key][year_key(y)]), summary, column=year_column(y))
        for what, key in kinds
        for y in MTFS_YEARS
    )
    return tuple(proposals), profiles, printed
