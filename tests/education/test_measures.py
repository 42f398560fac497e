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
        ([{"id": "KS4 1", "frequency": "annual"}], "measure 1 (KS4 1): section missing"),
        ([{"id": "KS4 1", "section": "s", "frequency": "yearly"}], "frequency 'yearly' is not"),
        (
            [{"id": "KS4 1", "section": "s", "frequency": "monthly"}],
            "(KS4 1): not a computed (monthly) indicator of the catalogue's education area",
        ),
        (
            [{"id": "EXC 1", "section": "s", "frequency": "annual"}],
            "(EXC 1): not a published (annual) indicator of the catalogue's education area",
        ),
        ([{"id": "KS4 1", "section": "s", "frequency": "annual"}] * 2, "id used twice"),
    ],
)
def test_a_bad_entry_is_named(entries: list[dict[str, str]], words: str) -> None:
    with pytest.raises(CscError, match=re.escape(words)):
        measures.parse(entries, "measures.yaml")


def test_the_monthly_measures_are_the_catalogue_s_education_indicators() -> None:
    from csc_insight.indicators import catalogue

    monthly = {m.id: m for m in measures.of("monthly")}
    education = {i.id: i for i in catalogue.load() if i.area == "education"}
    assert set(monthly) == set(education) and len(monthly) == 20
    for ident, m in monthly.items():
        ind = education[ident]
        assert (m.title, m.polarity, m.unit) == (ind.title, ind.polarity, ind.unit)
        assert ind.definition["source"].startswith(m.source) and m.source
        assert ind.empty_month == "missing"  # a month not entered is no figure, never 0
    assert monthly["SCH 4"].decimals == 1 and monthly["SCH 4"].section == "Quality"


def test_a_monthly_measure_must_be_in_the_catalogue_and_every_one_listed() -> None:
    listed = [{"id": "SCH 1", "section": "Quality", "frequency": "monthly"}]
    with pytest.raises(CscError) as e:
        measures.parse([*listed, {"id": "SCH 99", "section": "Q", "frequency": "monthly"}], "m")
    assert "m: measure 2 (SCH 99): not a computed (monthly) indicator of the catalogue's" in str(
        e.value
    )
    # Every education indicator but SCH 1 is missing from this list: each is named.
    assert "the catalogue's education indicator EXC 1 is not listed" in str(e.value)
    assert "indicator SCH 1 is not listed" not in str(e.value)
    with pytest.raises(CscError, match=r"not a computed .monthly. indicator of the catalogue's"):
        measures.parse([{"id": "CLA 1", "section": "Q", "frequency": "monthly"}], "m")


def test_the_annual_measures_are_the_catalogue_s_published_figures() -> None:
    from csc_insight.indicators import catalogue

    annual = {m.id: m for m in measures.of("annual")}
    published = {p.id: p for p in catalogue.published_figures() if p.area == "education"}
    assert set(annual) == set(published) and len(annual) == 13
    for ident, m in annual.items():
        p = published[ident]
        assert (m.title, m.polarity, m.unit, m.dfe) == (p.title, p.polarity, p.unit, p.dfe)
    ks4 = annual["KS4 1"]
    assert (ks4.unit, ks4.dfe, ks4.series_break, ks4.decimals) == (
        "score", "avg_att8; gender=Total", 2020, 1
    )  # fmt: skip
    assert annual["OFS 1"].dfe is None  # typed from Ofsted's tables, not a DfE CSV column
