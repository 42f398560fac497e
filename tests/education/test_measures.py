"""The education measures catalogue: loaded and checked."""

from __future__ import annotations

import re

import pytest

from csc_insight.education import measures
from csc_insight.errors import CscError


def test_the_catalogue_loads_with_unique_ids_and_both_frequencies() -> None:
    ms = measures.load()
    assert len({measures.measure_key(m.id) for m in ms}) == len(ms)
    assert {m.frequency for m in ms} == {"monthly", "annual"}
    assert measures.find("ks4 1") is not None and measures.find("KS41") is not None


def test_the_seeds_high_and_low_are_bigger_and_smaller_is_better() -> None:
    assert measures.find("KS4 1").polarity == "BIB"  # type: ignore[union-attr]
    assert measures.find("EXC 1").seed_polarity == "Low"  # type: ignore[union-attr]


def test_every_dfe_mapping_names_a_column_and_filters() -> None:
    from csc_insight.education import dfe

    maps = dfe.mappings()
    assert {m.indicator_id for m in maps} >= {"KS4 1", "ABS 1", "EXC 3"}
    assert all(m.column and all(k and v for k, v in m.filters) for m in maps)


@pytest.mark.parametrize(
    ("entries", "words"),
    [
        ([{"id": "A 1"}], "title, section, polarity, unit, frequency, source missing"),
        (
            [
                {
                    "id": "A 1",
                    "title": "t",
                    "section": "s",
                    "polarity": "High",
                    "unit": "count",
                    "frequency": "monthly",
                    "source": "x",
                }
            ],
            "polarity 'High' is not one of",
        ),
        (
            [
                {
                    "id": "A 1",
                    "title": "t",
                    "section": "s",
                    "polarity": "BIB",
                    "unit": "count",
                    "frequency": "monthly",
                    "source": "x",
                }
            ]
            * 2,
            "id used twice",
        ),
    ],
)
def test_a_bad_entry_is_named(entries: list[dict[str, str]], words: str) -> None:
    with pytest.raises(CscError, match=re.escape(words)):
        measures.parse(entries, "measures.yaml")
