"""Change from the previous year and gaps to England and the neighbours, with their arrows.

An arrow shows the direction of the difference (↑ more, ↓ less, → the same once rounded to
the places the measure prints); its tone says whether that is better or worse, by the measure's
polarity: ↑ is better for a bigger-is-better measure (the seed's "High") and worse for a
smaller-is-better one ("Low"). The tone is what the pack and the web page colour (green,
red); the terminal writes it as a word. When either figure is not published there is no
difference, and the movement says so ("not published"), never 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from csc_insight.education.figures import NOT_PUBLISHED_TEXT, Figure, published, show
from csc_insight.education.measures import Measure

Tone = Literal["better", "worse", "same", "none"]
ARROWS = {1: "↑", -1: "↓", 0: "→"}
NOT_COMPARABLE = "not comparable"


@dataclass(frozen=True)
class Movement:
    """A difference between two figures (None when there is none to take) and its arrow."""

    difference: float | None
    arrow: str
    tone: Tone
    word: str
    decimals: int

    def text(self) -> str:
        """``↑ +3 above (better)``, ``→ 0 same``, or why there is no difference."""
        if self.difference is None:
            return self.word
        figure = show(self.difference, self.decimals, signed=self.difference != 0)
        tail = "" if self.tone in ("none", "same") else f" ({self.tone})"
        return f"{self.arrow} {figure} {self.word}{tail}"


def _between(a: Figure | None, b: Figure | None, measure: Measure, why: str) -> Movement:
    x, y = published(a), published(b)
    if x is None or y is None:
        return Movement(None, "", "none", why, measure.decimals)
    difference = round(x - y, measure.decimals)
    direction = (difference > 0) - (difference < 0)
    return Movement(
        difference,
        ARROWS[direction],
        tone(direction, measure),
        {1: "up", -1: "down", 0: "same"}[direction],
        measure.decimals,
    )


def tone(direction: int, measure: Measure) -> Tone:
    """Better or worse, for a move of ``direction`` (1 up, -1 down, 0 none) in ``measure``."""
    if measure.polarity == "none":
        return "none"
    if direction == 0:
        return "same"
    good = 1 if measure.polarity == "BIB" else -1
    return "better" if direction == good else "worse"


def change(
    latest: Figure | None, previous: Figure | None, measure: Measure, year: int | None = None
) -> Movement:
    """The change from the previous year (or the same month a year before). Into a year the
    measure marks as a series break (exams cancelled in 2020) there is none: "not comparable"."""
    if year is not None and measure.series_break == year:
        return Movement(None, "", "none", NOT_COMPARABLE, measure.decimals)
    return _between(latest, previous, measure, NOT_PUBLISHED_TEXT)


def gap(own: Figure | None, other: Figure | None, measure: Measure) -> Movement:
    """The borough's figure less England's or the neighbours' (positive: above them)."""
    m = _between(own, other, measure, NOT_PUBLISHED_TEXT)
    if m.difference is None:
        return m
    side = {"up": "above", "down": "below", "same": "level"}[m.word]
    return Movement(m.difference, m.arrow, m.tone, side, m.decimals)
