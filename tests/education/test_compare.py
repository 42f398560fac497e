"""Arrows and their tone by polarity, as a table of cases; "not published" is never a 0."""

from __future__ import annotations

import pytest

from csc_insight.education.compare import change, gap
from csc_insight.education.figures import NOT_PUBLISHED, Figure, show
from csc_insight.education.measures import Measure, Polarity


def _m(polarity: Polarity, decimals: int = 0, series_break: int | None = None) -> Measure:
    return Measure(
        "T 1",
        "Test",
        "Test",
        polarity,
        "percent",
        "annual",
        "hand-made",
        decimals,
        series_break,
    )


CASES = [
    # polarity, own, other, arrow, word, tone
    ("BIB", 91, 88, "↑", "above", "better"),
    ("BIB", 91, 92, "↓", "below", "worse"),
    ("SIB", 4.7, 4.9, "↓", "below", "better"),
    ("SIB", 12.7, 11.6, "↑", "above", "worse"),
    ("BIB", 83, 83, "→", "level", "same"),
    ("none", 31, 23, "↑", "above", "none"),
]


@pytest.mark.parametrize(("polarity", "own", "other", "arrow", "word", "tone"), CASES)
def test_gap_arrows(
    polarity: Polarity, own: float, other: float, arrow: str, word: str, tone: str
) -> None:
    g = gap(own, other, _m(polarity, 1))
    assert (g.arrow, g.word, g.tone) == (arrow, word, tone)


def test_a_difference_that_rounds_away_is_level() -> None:
    g = gap(4.74, 4.71, _m("SIB", 1))
    assert (g.arrow, g.word, g.text()) == ("→", "level", "→ 0.0 level")


@pytest.mark.parametrize(
    ("own", "other"), [(NOT_PUBLISHED, 50.2), (48.9, NOT_PUBLISHED), (None, 3.0)]
)
def test_no_difference_with_a_figure_not_published(
    own: Figure | None, other: Figure | None
) -> None:
    for movement in (gap(own, other, _m("BIB")), change(own, other, _m("BIB"))):
        assert movement.difference is None
        assert movement.text() == "not published"


def test_the_change_into_a_series_break_is_not_comparable() -> None:
    m = _m("BIB", 1, series_break=2020)
    assert change(48.9, 45.5, m, 2020).text() == "not comparable"
    assert change(45.5, 45.8, m, 2019).text() == "↓ -0.3 down (worse)"


def test_show_writes_not_published_and_never_0() -> None:
    assert show(NOT_PUBLISHED) == "not published"
    assert show(None, 1) == "not published"
    assert show(0.0) == "0"
    assert show(-0.04, 1, signed=True) == "+0.0"
    assert show(20484571) == "20,484,571"
