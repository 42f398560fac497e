"""What to simulate: size, window, seed and regime changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

#: Keys a regime may scale; each multiplies an arrival rate or a probability from its start date.
EFFECT_KEYS = (
    "referrals",  # new and repeat referrals
    "contacts",  # contacts that do not become referrals
    "cla_entries",  # local children entering care (not UASC)
    "cp_plans",  # section 47 enquiries going to conference (so CP plans)
    "s47",  # referrals leading to a section 47 enquiry
    "uasc_arrivals",
    "early_help",  # contacts decided EARLY_HELP
    "missing",  # missing episodes
)

#: Size multipliers relative to a London borough (~95,000 under-18s, ~5,000 referrals a year).
SIZES = {"tiny": 0.05, "borough": 1.0, "county": 4.0}

#: Boroughs in the national simulation; their size multipliers average 1 (≈ 750,000 referrals).
NATIONAL_BOROUGHS = 150


@dataclass(frozen=True)
class Regime:
    """A step change in rates from ``start`` onward: ``effects`` maps a key to a multiplier."""

    start: date
    effects: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for key, value in self.effects.items():
            if key not in EFFECT_KEYS:
                raise ValueError(
                    f"unknown regime effect {key!r}; expected one of {', '.join(EFFECT_KEYS)}"
                )
            if not value >= 0:
                raise ValueError(f"regime effect {key}={value} must be a number >= 0")

    @classmethod
    def parse(cls, text: str) -> Regime:
        """Parse the CLI form ``2020-09-01:cla_entries=0.8,referrals=1.2``."""
        try:
            when, _, rest = text.partition(":")
            start = date.fromisoformat(when.strip())
        except ValueError as exc:
            raise ValueError(f"regime {text!r}: expected YYYY-MM-DD:key=value,...") from exc
        effects: dict[str, float] = {}
        for part in filter(None, (p.strip() for p in rest.split(","))):
            key, eq, value = part.partition("=")
            if not eq:
                raise ValueError(f"regime {text!r}: {part!r} is not key=value")
            try:
                effects[key.strip()] = float(value)
            except ValueError as exc:
                raise ValueError(f"regime {text!r}: {value!r} is not a number") from exc
        if not effects:
            raise ValueError(f"regime {text!r}: no effects given")
        return cls(start, effects)


@dataclass(frozen=True)
class SynthOptions:
    """Options of one simulation.

    ``size`` is "tiny" (≈ 1/20 of a borough, for tests), "borough", "county" (≈ 4 boroughs) or
    "national" (150 boroughs of varied size, ids prefixed with each borough's 3-digit code).
    The window is ``years`` financial years ending at ``end``; records are simulated from 18
    years before it (so that stocks are steady when it opens) and kept when they overlap it.
    ``regimes`` multiply rates from their start dates (see EFFECT_KEYS); they stack.
    """

    size: str = "borough"
    years: int = 5
    seed: int = 1
    end: date = date(2021, 3, 31)
    regimes: list[Regime] = field(default_factory=list)
    la_code: str = "001"  # 3-digit code of a single simulated authority (national numbers its own)

    def __post_init__(self) -> None:
        if self.size not in (*SIZES, "national"):
            raise ValueError(f"size must be one of {', '.join([*SIZES, 'national'])}")
        if self.years < 1:
            raise ValueError("years must be at least 1")
        if not (len(self.la_code) == 3 and self.la_code.isdigit()):
            raise ValueError("la_code must be 3 digits")

    @property
    def start(self) -> date:
        """First day of the window: 1 April ``years`` financial years before ``end``'s year."""
        fy_end_year = self.end.year if self.end.month >= 4 else self.end.year - 1
        return date(fy_end_year - self.years + 1, 4, 1)
