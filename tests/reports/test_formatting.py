"""The one formatter: units, suppression, and a value that misses its target but would print the same."""

from __future__ import annotations

import pytest

from csc_insight.reports import formatting


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (26.4, "percent", "26%"),
        (16.66, "average", "16.7"),
        (1234.0, "count", "1,234"),
        (512.25, "rate_per_10k", "512.2"),
        (None, "percent", ""),
    ],
)
def test_units_print_as_the_seed_pack_prints_them(
    value: float | None, unit: str, text: str
) -> None:
    assert formatting.value(value, unit) == text


def test_suppressed_is_c_whatever_the_value() -> None:
    assert formatting.value(3.0, "count", suppressed=True) == "c"


@pytest.mark.parametrize(
    ("value", "target", "unit", "text"),
    [
        (89.6, 90.0, "percent", "89.6%"),  # would print 90% beside an Amber
        (89.96, 90.0, "percent", "89.96%"),
        (90.0, 90.0, "percent", "90%"),  # on target: as usual
        (90.4, 90.0, "percent", "90.4%"),
        (77.2, 85.0, "percent", "77%"),  # clearly apart: as usual
        (16.96, 17.0, "average", "16.96"),
        (16.7, 17.0, "average", "16.7"),
        (89.99991, 90.0, "percent", "90.000%"),  # three places at most
    ],
)
def test_a_value_that_prints_as_its_target_gets_the_places_that_tell_them_apart(
    value: float, target: float, unit: str, text: str
) -> None:
    assert formatting.value(value, unit, against=target) == text


@pytest.mark.parametrize(
    ("unit", "places", "fmt"),
    [
        ("percent", 1, '0.0"%"'),
        ("average", 2, "0.00"),
        ("count", 1, "#,##0.0"),
        ("percent", 0, '0"%"'),
    ],
)
def test_excel_formats_with_more_places_match_the_text(unit: str, places: int, fmt: str) -> None:
    assert formatting.excel_format(unit, places) == fmt
    assert formatting.excel_format(unit, formatting.PLACES[unit]) == formatting.EXCEL_FORMATS[unit]
