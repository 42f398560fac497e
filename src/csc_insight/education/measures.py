"""The education dashboard's measures: the indicator catalogue's education area (its computed
monthly indicators and its published annual figures, indicators/published.py), each with the
dashboard's section, the decimals the seed prints and a series break (data/measures.yaml).
Title, polarity, unit, source and DfE column are the catalogue's. Every education indicator
must be listed in measures.yaml and every measure listed must be one, of the frequency given; a
problem names the file and the measure, as the catalogue's loader does."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml

from csc_insight.errors import CscError

Polarity = Literal["BIB", "SIB", "none"]
Frequency = Literal["monthly", "annual"]
FREQUENCIES: tuple[Frequency, ...] = ("monthly", "annual")
FILE = "education/data/measures.yaml"


@dataclass(frozen=True)
class Measure:
    id: str
    title: str
    section: str
    polarity: Polarity
    unit: str
    frequency: Frequency
    source: str
    decimals: int = 0
    series_break: int | None = None
    dfe: str | None = None

    @property
    def seed_polarity(self) -> str:
        return {"BIB": "High", "SIB": "Low"}.get(self.polarity, "")


def measure_key(text: str) -> str:
    """Ids are read with case and spaces ignored, as indicator ids are (``ks4 1`` = ``KS4 1``)."""
    return "".join(text.split()).upper()


@cache
def load() -> tuple[Measure, ...]:
    text = resources.files("csc_insight.education").joinpath("data", "measures.yaml").read_text()
    return parse(yaml.safe_load(text), FILE)


def parse(entries: Any, where: str) -> tuple[Measure, ...]:
    """Measures from the YAML's list; raises CscError naming every problem."""
    if not isinstance(entries, list):
        raise CscError(f"{where}: a list of measures expected")
    problems: list[str] = []
    out: list[Measure] = []
    seen: set[str] = set()
    for n, e in enumerate(entries, start=1):
        label = f"{where}: measure {n} ({e.get('id', '?') if isinstance(e, dict) else '?'})"
        m = _measure(e, label, problems)
        if m is None:
            continue
        if measure_key(m.id) in seen:
            problems.append(f"{label}: id used twice")
        seen.add(measure_key(m.id))
        out.append(m)
    for ident in _education_indicators():
        if measure_key(ident) not in seen:
            problems.append(f"{where}: the catalogue's education indicator {ident} is not listed")
    if problems:
        raise CscError("; ".join(problems))
    return tuple(out)


def _education_indicators() -> dict[str, tuple[Frequency, Any]]:
    """The catalogue's education indicators by id: the computed (monthly) and the published
    (annual) ones."""
    from csc_insight.indicators import catalogue

    found: dict[str, tuple[Frequency, Any]] = {
        i.id: ("monthly", i) for i in catalogue.load() if i.area == "education"
    }
    found |= {p.id: ("annual", p) for p in catalogue.published_figures() if p.area == "education"}
    return found


def _measure(e: Any, label: str, problems: list[str]) -> Measure | None:
    """A measure: the catalogue's education indicator of that id, with its section, decimals
    and series break."""
    if not isinstance(e, dict):
        problems.append(f"{label}: not a mapping")
        return None
    frequency = e.get("frequency")
    if frequency not in FREQUENCIES:
        problems.append(f"{label}: frequency {frequency!r} is not one of {', '.join(FREQUENCIES)}")
        return None
    found = _education_indicators().get(str(e.get("id", "")).strip())
    if found is None or found[0] != frequency:
        kind = "computed (monthly)" if frequency == "monthly" else "published (annual)"
        problems.append(f"{label}: not a {kind} indicator of the catalogue's education area")
        return None
    if not str(e.get("section") or "").strip():
        problems.append(f"{label}: section missing")
        return None
    ind = found[1]
    return Measure(
        id=ind.id,
        title=ind.title,
        section=str(e["section"]).strip(),
        polarity=ind.polarity,
        unit=ind.unit,
        frequency=frequency,
        # The system or publisher the figure comes from: the definition's first sentence.
        source=ind.definition.get("source", "").split(". ", 1)[0].rstrip("."),
        decimals=int(e.get("decimals", 0)),
        series_break=int(e["series_break"]) if e.get("series_break") else None,
        dfe=ind.comparators.get("dfe"),
    )


def by_id() -> dict[str, Measure]:
    return {measure_key(m.id): m for m in load()}


def find(text: str) -> Measure | None:
    return by_id().get(measure_key(text))


def of(frequency: Frequency) -> tuple[Measure, ...]:
    return tuple(m for m in load() if m.frequency == frequency)
