"""RAG: the seed's own outcomes are the test cases."""

from __future__ import annotations

import pytest

from csc_insight.indicators.rag import rag


@pytest.mark.parametrize(
    ("what", "value", "target", "polarity", "tolerance", "expected"),
    [
        ("FD 8 re-referrals", 26, 22, "SIB", 0.10, "Red"),
        ("AMT 2 assessments in 45 days", 77, 85, "BIB", 0.10, "Amber"),
        ("CIN 8 up-to-date plans", 90, 95, "BIB", 0.10, "Amber"),
        ("CIN visits in 4 weeks", 81, 95, "BIB", 0.10, "Red"),
        ("CP 13 visits", 99, 95, "BIB", 0.10, "Green"),
        ("W1 caseload", 16.7, 17, "SIB", 0.10, "Green"),
        ("W1 c caseload CIC", 17.3, 16, "SIB", 0.10, "Amber"),
        ("care leavers in EET", 57, 85, "BIB", 0.10, "Red"),
        ("CP 5 ICPC in 15 days, seed tolerance", 69, 77, "BIB", 0.15, "Amber"),
        ("exactly on target", 85, 85, "BIB", 0.10, "Green"),
        ("exactly at the amber edge, BIB", 76.5, 85, "BIB", 0.10, "Amber"),
        ("exactly at the amber edge, SIB", 24.2, 22, "SIB", 0.10, "Amber"),
        ("target of zero: any miss is Red", 3, 0, "SIB", 0.10, "Red"),
        ("no target", 50, None, "BIB", 0.10, "Grey"),
        ("no polarity", 481, None, "none", 0.10, "Grey"),
        ("no value", None, 85, "BIB", 0.10, "Grey"),
    ],
)
def test_rag(
    what: str,
    value: float | None,
    target: float | None,
    polarity: str,
    tolerance: float,
    expected: str,
) -> None:
    assert rag(value, target, polarity, tolerance) == expected, what  # type: ignore[arg-type]
