"""The education measures (data/measures.yaml), loaded and checked: unique ids, known
polarity, unit and frequency, a title and source for each. A problem names the file and the
measure, as the indicator catalogue's loader does."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml

from csc_insight.errors import CscError

Polarity = Literal["BIB", "SIB", "none"]
Frequency = Literal["monthly", "annual"]
POLARITIES: tuple[Polarity, ...] = ("BIB", "SIB", "none")
FREQUENCIES: tuple[Frequency, ...] = ("monthly", "annual")
UNITS = ("count", "percent", "score")
#: The seed's words for polarity.
SEED_POLARITY = {"High": "BIB", "Low": "SIB", "": "none"}
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
    if problems:
        raise CscError("; ".join(problems))
    return tuple(out)


def _measure(e: Any, label: str, problems: list[str]) -> Measure | None:
    if not isinstance(e, dict):
        problems.append(f"{label}: not a mapping")
        return None
    missing = [
        k
        for k in ("id", "title", "section", "polarity", "unit", "frequency", "source")
        if not str(e.get(k) or "").strip()
    ]
    if missing:
        problems.append(f"{label}: {', '.join(missing)} missing")
        return None
    checks = (("polarity", POLARITIES), ("unit", UNITS), ("frequency", FREQUENCIES))
    bad = [f"{k} {e[k]!r} is not one of {', '.join(v)}" for k, v in checks if e[k] not in v]
    if bad:
        problems.append(f"{label}: {'; '.join(bad)}")
        return None
    return Measure(
        id=str(e["id"]).strip(),
        title=str(e["title"]).strip(),
        section=str(e["section"]).strip(),
        polarity=e["polarity"],
        unit=e["unit"],
        frequency=e["frequency"],
        source=str(e["source"]).strip(),
        decimals=int(e.get("decimals", 0)),
        series_break=int(e["series_break"]) if e.get("series_break") else None,
        dfe=str(e["dfe"]) if e.get("dfe") else None,
    )


def by_id() -> dict[str, Measure]:
    return {measure_key(m.id): m for m in load()}


def find(text: str) -> Measure | None:
    return by_id().get(measure_key(text))


def of(frequency: Frequency) -> tuple[Measure, ...]:
    return tuple(m for m in load() if m.frequency == frequency)
