"""The catalogue's short titles: what the tables, charts and commentary call each indicator."""

from __future__ import annotations

from csc_insight.indicators import catalogue

#: Two lines of the PDF table's Indicator column at 8 pt.
MAX_SHORT_TITLE = 60


def test_every_indicator_has_a_short_title_of_a_few_words() -> None:
    for ind in catalogue.load():
        assert ind.short_title, ind.id
        assert len(ind.short_title) <= MAX_SHORT_TITLE, (ind.id, ind.short_title)


def test_short_titles_are_unique_ignoring_case() -> None:
    titles = [ind.short_title.casefold() for ind in catalogue.load()]
    assert len(set(titles)) == len(titles), sorted(t for t in titles if titles.count(t) > 1)


def test_the_two_children_in_need_rates_cannot_be_confused() -> None:
    plan, dfe = catalogue.get("CIN 1").short_title, catalogue.get("CIN DfE rate").short_title
    assert plan.startswith("Children in need: rate per 10,000") and "plan" in plan
    assert dfe.startswith("Children in need: rate per 10,000") and "DfE" in dfe


def test_no_short_title_carries_the_jargon_a_councillor_stumbled_on() -> None:
    for ind in catalogue.load():
        for jargon in ("non-UASC", "ASYE", "NQSW", "CLA", "%"):
            if jargon == "%" and ind.unit == "percent" and ind.id == "WF 14":
                continue  # "Agency social workers (%)" beside WF 5's count of them
            assert jargon not in ind.short_title, (ind.id, jargon)
