"""Small-number suppression in published packs (DfE practice), on hand-built rows."""

from __future__ import annotations

from datetime import date, datetime

from csc_insight.indicators.catalogue import Indicator
from csc_insight.reports import suppression
from csc_insight.reports.model import Figure, Pack, PackRow, Point, Section

MONTHS = [date(2020, m, 28) for m in (4, 5, 6, 7, 8, 9, 10, 11, 12)] + [
    date(2021, m, 28) for m in (1, 2, 3)
]


def indicator(ident: str, unit: str, kind: str = "flow") -> Indicator:
    return Indicator(
        id=ident,
        title=ident,
        area="front_door",
        polarity="none",
        unit=unit,
        kind=kind,
        aggregate="sum",
        subject="child",
        sql="",
        definition={},
        tables=(),
    )


def row(ind: Indicator, figures: list[Figure], latest: Figure) -> PackRow:
    return PackRow(
        indicator=ind,
        months=figures,
        latest=latest,
        target=None,
        rag="Grey",
        signal=None,
        assurance=None,
        limits=None,
        history=[Point(m, f) for m, f in zip(MONTHS, figures, strict=True)],
    )


def pack(*rows: PackRow) -> Pack:
    return Pack(
        period="2021-03",
        period_end=date(2021, 3, 31),
        months=MONTHS,
        financial_year="2020-21",
        sections=[Section("front_door", "Front door", list(rows))],
        published=True,
        generated_at=datetime(2021, 4, 1),
    )


def counts(values: list[float | None]) -> list[Figure]:
    return [Figure(v, v, None, "count") for v in values]


def test_counts_of_one_to_five_are_suppressed_zero_is_not() -> None:
    figs = counts([0, 1, 5, 6, 12, 30, 40, 50, 60, 70, 80, 90])
    r = row(indicator("FD contacts", "count"), figs, Figure(444, 444, None, "count"))
    suppression.apply(pack(r))
    assert [f.text for f in r.months[:4]] == ["0", "c", "c", "6"]


def test_secondary_suppression_hides_a_second_month_of_the_year() -> None:
    # One month of the year suppressed (3), the YTD (sum) shown: the next smallest month (7) goes too,
    # otherwise 3 = YTD - the other months.
    values = [3, 7, 9, 10, 10, 10, 10, 10, 10, 10, 10, 10]
    r = row(
        indicator("FD contacts", "count"),
        counts(values),
        Figure(sum(values), sum(values), None, "count"),
    )
    suppression.apply(pack(r))
    assert [f.text for f in r.months[:3]] == ["c", "c", "9"]
    assert r.latest.text == "109"


def test_two_suppressed_months_need_no_secondary() -> None:
    values = [3, 4, 9, 10, 10, 10, 10, 10, 10, 10, 10, 10]
    r = row(indicator("FD contacts", "count"), counts(values), Figure(96, 96, None, "count"))
    suppression.apply(pack(r))
    assert [f.text for f in r.months[:3]] == ["c", "c", "9"]


def test_a_snapshot_count_has_no_year_total_to_protect() -> None:
    values = [3, 7, 9, 10, 10, 10, 10, 10, 10, 10, 10, 10]
    r = row(
        indicator("CLA 4", "count", kind="snapshot"), counts(values), Figure(10, 10, None, "count")
    )
    suppression.apply(pack(r))
    assert [f.text for f in r.months[:2]] == ["c", "7"]


def test_percentages_follow_their_numerator_and_denominator() -> None:
    figs = [
        Figure(40.0, 2, 5, "percent"),  # both small
        Figure(50.0, 10, 20, "percent"),  # fine
        Figure(80.0, 4, 5, "percent"),
        Figure(0.0, 0, 12, "percent"),  # zero of twelve: shown
    ] + [Figure(50.0, 10, 20, "percent")] * 8
    r = row(indicator("FD 8", "percent"), figs, Figure(30.0, 30, 100, "percent"))
    suppression.apply(pack(r))
    assert [f.text for f in r.months[:4]] == ["c", "50%", "c", "0%"]
    assert r.latest.text == "30%"


def test_a_suppressed_latest_figure_is_not_rated() -> None:
    figs = counts([10] * 12)
    r = row(indicator("CLA 4", "count", kind="snapshot"), figs, Figure(4, 4, None, "count"))
    r.rag = "Red"
    suppression.apply(pack(r))
    assert (r.latest.text, r.rag) == ("c", "Grey")


def test_averages_are_not_suppressed() -> None:
    figs = [Figure(3.0, 3, 1, "average")] * 12
    r = row(indicator("W1", "average", kind="snapshot"), figs, Figure(3.0, 3, 1, "average"))
    suppression.apply(pack(r))
    assert r.months[0].text == "3.0"


def test_threshold_is_configurable() -> None:
    figs = counts([8, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20])
    r = row(indicator("FD contacts", "count", kind="snapshot"), figs, Figure(20, 20, None, "count"))
    suppression.apply(pack(r), threshold=10)
    assert r.months[0].text == "c"
