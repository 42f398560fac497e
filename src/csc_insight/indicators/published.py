"""Published indicators: figures the DfE or Ofsted publish once a year for the authority, for
England and for its statistical neighbours (the education dashboard's annual table: Ofsted
outcomes, the EYFSP, key stages 2 and 4, absence and exclusions).

They are entries of the indicator catalogue (``frequency: annual``) with a definition, polarity
and unit like every indicator, and the DfE column that holds them (``comparators: {dfe: ...}``,
as comparators/dfe.py reads it). `csc compute` does not compute them: there are no records of
pupils in the store to compute them from, and an academic year is not made of the months the
engine evaluates. Their figures are read as published: from the DfE's local-authority CSV
(education/dfe.py, through the comparators' reader) or typed from a published table into the
education template's Annual figures sheet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from csc_insight.indicators.rag import Polarity

#: A published figure's units: a score (Attainment 8) besides a percentage or a count.
UNITS = ("percent", "count", "score")
POLARITIES = ("BIB", "SIB", "none")
FREQUENCY = "annual"


@dataclass(frozen=True)
class Published:
    id: str
    title: str
    area: str
    polarity: Polarity
    unit: str
    definition: dict[str, str]
    comparators: dict[str, str] = field(default_factory=dict)
    short_title: str = ""
    file: str = ""
    line: int = 0

    @property
    def slug(self) -> str:
        return re.sub(r"[^0-9a-z]+", "_", self.id.lower()).strip("_")

    @property
    def dfe(self) -> str | None:
        """The DfE CSV column (with filters) that holds it, when the DfE publishes it so."""
        return self.comparators.get("dfe")


def definition_of(
    entry: dict[str, Any], where: str, parts: tuple[str, ...], problems: list[str]
) -> dict[str, Any]:
    """An entry's definition mapping, each of ``parts`` in it or named missing in ``problems``:
    the same rule for a computed indicator's entry (catalogue.py) and a published one's."""
    definition = entry.get("definition") or {}
    if not isinstance(definition, dict):
        problems.append(f"{where}: definition must be a mapping")
        definition = {}
    for part in parts:
        if not str(definition.get(part, "")).strip():
            problems.append(f"{where}: definition.{part} missing")
    return definition


def is_published(entry: Any) -> bool:
    return isinstance(entry, dict) and entry.get("frequency") == FREQUENCY


def parse(
    entry: dict[str, Any],
    file: str,
    where: str,
    areas: tuple[str, ...],
    parts: tuple[str, ...],
    problems: list[str],
) -> Published | None:
    """A published entry from its YAML mapping; None, with each problem named, when it is
    faulty. ``areas``: the catalogue's areas; ``parts``: the definition's parts, every one
    needed as for a computed indicator."""
    before = len(problems)
    for key in ("id", "title", "area", "polarity", "unit"):
        if not str(entry.get(key) or "").strip():
            problems.append(f"{where}: {key} missing")
    checks = (("area", areas), ("polarity", POLARITIES), ("unit", UNITS))
    for key, allowed in checks:
        value = entry.get(key)
        if value and value not in allowed:
            problems.append(f"{where}: {key} {value!r} is not one of {', '.join(allowed)}")
    for key in ("sql", "kind", "target", "team", "weekly", "tables"):
        if key in entry:
            problems.append(f"{where}: {key} given, but a published figure is not computed")
    definition = definition_of(entry, where, parts, problems)
    comparators = entry.get("comparators") or {}
    if not isinstance(comparators, dict):
        problems.append(f"{where}: comparators must be a mapping")
        comparators = {}
    if len(problems) > before:
        return None
    return Published(
        id=str(entry["id"]).strip(),
        title=str(entry["title"]).strip(),
        area=str(entry["area"]),
        polarity=entry["polarity"],
        unit=str(entry["unit"]),
        definition={k: str(v).strip() for k, v in definition.items() if k != "__line__"},
        comparators={k: str(v) for k, v in comparators.items() if k != "__line__"},
        short_title=str(entry.get("short_title") or entry["title"]).strip(),
        file=file,
        line=int(entry.get("__line__", 0)),
    )
