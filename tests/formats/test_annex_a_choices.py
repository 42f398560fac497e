"""Annex A's coded columns as the template's users fill them: the drop-down choices, lettered."""

from __future__ import annotations

import pytest

from csc_insight.formats.annex_a_lists import CIN_NEED, ETHNICITY, SEX, Codes


@pytest.mark.parametrize(
    ("codes", "cell", "code"),
    [
        (SEX, "a) Male", "M"),
        (SEX, "b) Female", "F"),
        (SEX, "c) Not stated/recorded", "U"),
        (SEX, "Not stated/recorded", "U"),
        (SEX, "  a)  Male ", "M"),
        (ETHNICITY, "a) WBRI", "WBRI"),
        (ETHNICITY, "k) APKN", "APKN"),
        (ETHNICITY, "aa) NOBT", "NOBT"),
        (CIN_NEED, "a) N1 - Abuse or neglect", "N1"),
        (SEX, "M", "M"),  # a bare code still reads
        (SEX, "Female", "F"),
        (SEX, "x) Martian", None),  # a lettered choice that is no choice stays refused
        (SEX, "a)Male", None),  # not the template's form: no space after the bracket
    ],
)
def test_drop_down_choices(codes: Codes, cell: str, code: str | None) -> None:
    assert codes.translate(cell) == code
