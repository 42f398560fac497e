"""Red / Amber / Green against a target, by polarity; Grey where there is no target or no value.

Green when the value meets the target. Amber when it misses by no more than the tolerance,
relative to the target (default 10%: a smaller-is-better target of 22% is Amber up to 24.2%).
Red beyond that. An indicator with no polarity is always Grey: it is context, not a target.
"""

from __future__ import annotations

from typing import Literal

Polarity = Literal["BIB", "SIB", "none"]
Rag = Literal["Green", "Amber", "Red", "Grey"]

DEFAULT_TOLERANCE = 0.10


def rag(
    value: float | None,
    target: float | None,
    polarity: Polarity,
    tolerance: float = DEFAULT_TOLERANCE,
) -> Rag:
    if value is None or target is None or polarity == "none":
        return "Grey"
    margin = abs(target) * tolerance
    if polarity == "BIB":
        if value >= target:
            return "Green"
        return "Amber" if value >= target - margin else "Red"
    if value <= target:
        return "Green"
    return "Amber" if value <= target + margin else "Red"
