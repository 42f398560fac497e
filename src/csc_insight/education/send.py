"""SEND placements in and out of borough (seed 003, Table 1) and the EHCP reduction scenarios
(Table 2), computed from what was entered: the totals from the two locations, the cost per
pupil from the cost and the pupils, and each scenario's saving as the plans reduced times the
unit cost. Nothing here is a typed total."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from csc_insight.education.model import LOCATION_WORDS, EhcpScenario, Location, Placement


@dataclass(frozen=True)
class PlacementRow:
    label: str
    establishments: int | None  # None on the total row: a school may take pupils from both
    pupils: int
    cost: int

    @property
    def cost_per_pupil(self) -> float | None:
        return self.cost / self.pupils if self.pupils else None


@dataclass(frozen=True)
class ScenarioRow:
    reduced: int
    unit_cost: int

    @property
    def saving(self) -> int:
        return self.reduced * self.unit_cost


def latest_year(placements: Sequence[Placement]) -> str | None:
    return max((p.year for p in placements), default=None)


def placement_table(placements: Iterable[Placement], year: str | None = None) -> list[PlacementRow]:
    """In borough, out of borough and the total, for ``year`` (default: the latest)."""
    chosen = list(placements)
    year = year or latest_year(chosen)
    mine: dict[str, Placement] = {p.location: p for p in chosen if p.year == year}
    rows = []
    for location, label in LOCATION_WORDS.items():
        p = mine.get(location)
        if p is not None:
            rows.append(PlacementRow(label, p.establishments, p.pupils, p.cost))
    if rows:
        rows.append(
            PlacementRow("Total", None, sum(r.pupils for r in rows), sum(r.cost for r in rows))
        )
    return rows


def share_out_of_borough(rows: Sequence[PlacementRow]) -> float | None:
    """Percentage of placed pupils educated out of borough (the inclusion strategy's measure)."""
    out = next((r for r in rows if r.label == "Out of borough"), None)
    total = next((r for r in rows if r.label == "Total"), None)
    if out is None or total is None or not total.pupils:
        return None
    return 100 * out.pupils / total.pupils


def scenario_table(scenarios: Iterable[EhcpScenario]) -> list[ScenarioRow]:
    return sorted(
        (ScenarioRow(s.reduced, s.unit_cost) for s in scenarios),
        key=lambda r: (r.unit_cost, r.reduced),
    )


def location_of(word: str) -> Location | None:
    w = " ".join(word.lower().replace("-", " ").split())
    if w in ("in", "in borough", "in croydon", "inside"):
        return "in"
    if w in ("out", "out of borough", "out of croydon", "outside"):
        return "out"
    return None
