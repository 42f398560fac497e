"""A figure of the education dashboard: a number, or "not published".

A period with no figure (the months of 2020 when schools were shut and no exclusions were
recorded, the summer 2020 exams that were cancelled, a year the DfE has not yet published) is
``NOT_PUBLISHED``: a value of its own, never 0 and never a blank a sum would skip. Every output
writes it with ``show``, so the words are the same in the terminal, the pack and the web page.
"""

from __future__ import annotations

from enum import Enum
from typing import Final

NOT_PUBLISHED_TEXT: Final = "not published"
#: What people type, or the DfE prints, for a figure there is none of (GSS symbols included).
NOT_PUBLISHED_WORDS: Final = frozenset(
    {"not published", "n/p", "np", "-", "–", "—", "n/a", "na", "x", "c", "z", "u", ":", ".."}
)


class NotPublished(Enum):
    """The one "not published" value (an Enum member, so mypy can tell it from a number)."""

    NOT_PUBLISHED = NOT_PUBLISHED_TEXT

    def __str__(self) -> str:
        return NOT_PUBLISHED_TEXT


NOT_PUBLISHED: Final = NotPublished.NOT_PUBLISHED

Figure = float | NotPublished


def published(value: Figure | None) -> float | None:
    """The number, or None when there is none: for arithmetic, which must never take 0."""
    return None if value is None or isinstance(value, NotPublished) else value


def is_not_published_word(text: str) -> bool:
    return " ".join(text.lower().split()) in NOT_PUBLISHED_WORDS


def show(value: Figure | None, decimals: int = 0, *, signed: bool = False) -> str:
    """A figure as every output writes it: "not published" for a missing one (None too: a
    period the figures do not reach is not published either), else rounded to ``decimals``
    with thousands separators."""
    number = published(value)
    if number is None:
        return NOT_PUBLISHED_TEXT
    if round(number, decimals) == 0:
        number = 0.0  # no "-0.0": a difference that rounds away is none
    return f"{number:+,.{decimals}f}" if signed else f"{number:,.{decimals}f}"
