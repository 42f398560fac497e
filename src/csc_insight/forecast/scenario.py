"""Scenarios: rates multiplied or added to, checked, saved by name beside the store.

A scenario changes the entry rate (children a month), the leaving rate and the move rates (per
child a month) of one group or both: new = old × multiply + add. A multiplier must be 0 or
more and the changed rate may not fall below zero (a scenario that would make one negative is
refused, naming the rate). Outgoing rates are renormalised by construction: the simulation
draws a state's next event from the total of its leaving and move hazards and splits it in
proportion to them, so the chances of leaving and of each move always sum to one whatever a
scenario does to the rates.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from csc_insight.errors import CscError
from csc_insight.forecast import states
from csc_insight.forecast.rates import Rates

LEVERS = ("entries", "leave", "move")


@dataclass(frozen=True)
class Change:
    """new = old × multiply + add (add in children a month for entries, per child a month
    otherwise)."""

    multiply: float = 1.0
    add: float = 0.0


@dataclass(frozen=True)
class Scenario:
    name: str
    group: str = "both"  # local, uasc or both
    changes: dict[str, Change] = field(default_factory=dict)
    note: str = ""

    def __post_init__(self) -> None:
        problems = validate(self)
        if problems:
            raise CscError(f"scenario {self.name!r}: " + "; ".join(problems))


def validate(s: Scenario) -> list[str]:
    """What is wrong with a scenario, in words (empty when nothing is)."""
    out: list[str] = []
    if not s.name.strip():
        out.append("a scenario needs a name")
    if s.group not in ("both", *states.GROUPS):
        out.append(f"group {s.group!r} is not one of both, {', '.join(states.GROUPS)}")
    for lever, ch in s.changes.items():
        if lever not in LEVERS:
            out.append(f"{lever!r} is not a rate a scenario changes ({', '.join(LEVERS)})")
        if not (np.isfinite(ch.multiply) and ch.multiply >= 0):
            out.append(f"{lever} multiplier {ch.multiply} must be a number of 0 or more")
        if not np.isfinite(ch.add):
            out.append(f"{lever} addition {ch.add} must be a number")
    return out


def apply(s: Scenario, rates: Rates) -> Rates:
    """The rates under the scenario; refused if a changed rate would be negative."""
    groups = range(len(states.GROUPS)) if s.group == "both" else [states.GROUPS.index(s.group)]
    arrays = {
        "entries": rates.entries.copy(),
        "leave": rates.leave.copy(),
        "move": rates.move.copy(),
    }
    for lever, ch in s.changes.items():
        a = arrays[lever]
        for g in groups:
            a[:, g] = a[:, g] * ch.multiply + ch.add
            if lever == "move":
                c = len(states.CATEGORIES)
                a[:, g, :, np.arange(c), np.arange(c)] = 0.0
            if (a[:, g] < 0).any():
                raise CscError(
                    f"scenario {s.name!r}: {lever} × {ch.multiply} + {ch.add} makes the "
                    f"{states.GROUPS[g]} {lever} rate negative (lowest "
                    f"{float(a[:, g].min()):.3f}); use a smaller reduction"
                )
    return replace(rates, entries=arrays["entries"], leave=arrays["leave"], move=arrays["move"])


def scenario_file(store: Path) -> Path:
    """Saved scenarios live beside the store: they are the analyst's, not the records'."""
    return store.with_name(store.stem + ".scenarios.json")


def load_all(path: Path) -> dict[str, Scenario]:
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {name: _from_dict(name, d) for name, d in data.items()}
    except (ValueError, TypeError, AttributeError, KeyError) as e:
        raise CscError(f"{path}: not a scenarios file ({e})") from e


def _from_dict(name: str, d: dict[str, Any]) -> Scenario:
    changes = {k: Change(**v) for k, v in dict(d.get("changes", {})).items()}
    return Scenario(name, str(d.get("group", "both")), changes, str(d.get("note", "")))


def save(path: Path, s: Scenario) -> None:
    """Add or replace one scenario in the file."""
    all_ = load_all(path)
    all_[s.name] = s
    data = {n: {k: v for k, v in asdict(x).items() if k != "name"} for n, x in all_.items()}
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def parse_changes(text: str) -> dict[str, Change]:
    """The command-line form ``entries=x0.8,leave=+0.01,move=x1.1``: x multiplies, +/- adds."""
    out: dict[str, Change] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        lever, eq, value = part.partition("=")
        lever, value = lever.strip(), value.strip()
        if not eq or not value:
            raise CscError(f"{part!r}: expected lever=xN (multiply) or lever=+N / -N (add)")
        try:
            if value[0] in "x*":
                change = Change(multiply=float(value[1:]))
            elif value.endswith("%"):
                change = Change(multiply=1.0 + float(value[:-1]) / 100)
            else:
                change = Change(add=float(value))
        except ValueError as e:
            raise CscError(f"{part!r}: {value!r} is not a number") from e
        prev = out.get(lever, Change())
        out[lever] = Change(prev.multiply * change.multiply, prev.add + change.add)
    return out
