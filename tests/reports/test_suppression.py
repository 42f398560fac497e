"""Small-number suppression in published packs (DfE practice), on hand-built rows."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from csc_insight.indicators import spc
from csc_insight.indicators.catalogue import Indicator
from csc_insight.reports import charts, suppression
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


def row(
    ind: Indicator, figures: list[Figure], latest: Figure, months: list[date] = MONTHS
) -> PackRow:
    return PackRow(
        indicator=ind,
        months=figures,
        latest=latest,
        target=None,
        rag="Grey",
        signal=None,
        assurance=None,
        limits=None,
        history=[Point(m, f) for m, f in zip(months, figures, strict=True)],
    )


def pack(*rows: PackRow, months: list[date] = MONTHS) -> Pack:
    end = months[-1]
    return Pack(
        period=f"{end:%Y-%m}",
        period_end=date(end.year + end.month // 12, end.month % 12 + 1, 1) - timedelta(days=1),
        months=months,
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


def test_a_year_to_date_less_the_months_shown_never_pins_a_hidden_month() -> None:
    # April (3) is hidden, so the year to date less the other months would give it. Its own pack
    # (April's) cannot hide another month: April's year to date is withheld. May's pack hides
    # May (7) too, but 3 + 7 = 10 with May over 5 leaves April only 1..4: still withheld. June's
    # pack hides June (9): 19 leaves April any of 1..5, so the year to date is shown from June.
    values = [3, 7, 9, 10, 10, 10, 10, 10, 10, 10, 10, 10]
    r = row(
        indicator("FD contacts", "count"),
        counts(values),
        Figure(sum(values), sum(values), None, "count"),
    )
    suppression.apply(pack(r))
    assert [f.text for f in r.months[:4]] == ["c", "c", "c", "10"]
    assert r.latest.text == "109"
    assert r.annual is None


def test_two_small_months_whose_sum_has_one_reading_need_a_third() -> None:
    # 4 + 5 = 9: from two counts of at most 5 that can only be 4 and 5 (the EH starts).
    # June (9) is hidden as well, so the sum 18 could be 1 + 8 + 9 or 5 + 4 + 9 or ...
    values = [4, 5, 9, 10, 10, 10, 10, 10, 10, 10, 10, 10]
    r = row(indicator("FD contacts", "count"), counts(values), Figure(98, 98, None, "count"))
    suppression.apply(pack(r))
    assert [f.text for f in r.months[:4]] == ["c", "c", "c", "10"]
    assert r.latest.text == "98"


def test_two_small_months_with_many_readings_need_nothing_more() -> None:
    # 1 + 5 = 6 could as well be 2 + 4 or 3 + 3: each hidden month may be anything from 1 to 5.
    values = [1, 5, 9, 10, 10, 10, 10, 10, 10, 10, 10, 10]
    r = row(indicator("FD contacts", "count"), counts(values), Figure(95, 95, None, "count"))
    suppression.apply(pack(r))
    assert [f.text for f in r.months[:3]] == ["c", "c", "9"]


def test_a_small_report_month_withholds_its_year_to_date() -> None:
    # Last month's pack showed the year to date to February; this one's less it is March.
    values = [10] * 11 + [2]
    r = row(indicator("FD contacts", "count"), counts(values), Figure(112, 112, None, "count"))
    r.rag = "Red"
    suppression.apply(pack(r))
    assert (r.months[-1].text, r.latest.text, r.rag) == ("c", "c", "Grey")


def test_no_month_large_enough_withholds_the_year_to_date() -> None:
    values = [3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]  # a zero is shown, never hidden for cover
    r = row(indicator("FD contacts", "count"), counts(values), Figure(3, 3, None, "count"))
    suppression.apply(pack(r))
    assert [f.text for f in r.months[:2]] == ["c", "0"]
    assert r.latest.text == "c"


def test_a_percentage_year_to_date_is_shown_only_while_every_month_is() -> None:
    figs = [Figure(50.0, 10, 20, "percent")] * 5 + [Figure(40.0, 2, 5, "percent")]
    figs = [Figure(f.value, f.numerator, f.denominator, f.unit) for f in figs]
    figs += [Figure(50.0, 10, 20, "percent") for _ in range(6)]
    r = row(indicator("FD 8", "percent"), figs, Figure(48.0, 112, 235, "percent"))
    suppression.apply(pack(r))
    assert [f.text for f in r.months[4:7]] == ["50%", "c", "50%"]
    assert r.latest.text == "c"  # its numerator less the months' would give September's


def test_a_twelve_month_count_is_shown_only_whole() -> None:
    # In February the 12 months run from March 2020: they are shown only when none is hidden,
    # so no two (one a month) differ by a hidden month. In March they are the year itself.
    to_february = [date(2020, 3, 28), *MONTHS[:-1]]
    values = [3] + [10] * 11
    r = row(
        indicator("FD contacts", "count"),
        counts(values),
        Figure(100, 100, None, "count"),
        to_february,
    )
    r.annual = Figure(113, 113, None, "count")
    suppression.apply(pack(r, months=to_february))
    assert (r.months[0].text, r.latest.text, r.annual.text) == ("c", "100", "c")
    whole = row(
        indicator("FD contacts", "count"), counts([10] * 12), Figure(120, 120, None, "count")
    )
    whole.annual = Figure(120, 120, None, "count")
    suppression.apply(pack(whole))
    assert whole.annual.text == "120"


def test_a_snapshot_count_has_no_year_total_to_protect() -> None:
    values = [3, 7, 9, 10, 10, 10, 10, 10, 10, 10, 10, 10]
    r = row(
        indicator("CLA 4", "count", kind="snapshot"), counts(values), Figure(10, 10, None, "count")
    )
    suppression.apply(pack(r))
    assert [f.text for f in r.months[:2]] == ["c", "7"]


def test_percentages_follow_their_numerator_denominator_and_remainder() -> None:
    figs = [
        Figure(40.0, 2, 5, "percent"),  # both small
        Figure(50.0, 10, 20, "percent"),  # fine
        Figure(100.0, 2, 2, "percent"),  # 2 of 2: all of two children
        Figure(0.0, 0, 12, "percent"),  # none of twelve: shown
        Figure(96.0, 24, 25, "percent"),  # beside a published 25, 96% says 1 was not
        Figure(100.0, 25, 25, "percent"),  # all of 25: the remainder is 0, shown
    ] + [Figure(50.0, 10, 20, "percent") for _ in range(6)]
    r = row(indicator("FD 8", "percent", kind="snapshot"), figs, Figure(50.0, 10, 20, "percent"))
    suppression.apply(pack(r))
    assert [f.text for f in r.months[:6]] == ["c", "50%", "c", "0%", "c", "100%"]
    assert r.latest.text == "50%"


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


# --- the audit -----------------------------------------------------------------------------

INF = float("inf")


@pytest.mark.parametrize(
    ("cells", "narrowed", "why"),
    [
        ([3], True, "one hidden month: the total less the others is it"),
        ([4, 5], True, "9 from two counts of at most 5: only 4 and 5"),
        ([1, 2], True, "3: only 1 and 2"),
        ([3, 4], True, "7 rules out 1 for each: (2, 5) .. (5, 2)"),
        ([1, 5], False, "6: (1, 5), (2, 4), (3, 3) ... each any of 1..5"),
        ([2, 3, 1], True, "6 from three: none can be 5"),
        ([2, 3, 4], False, "9 from three: each any of 1..5 (1 + 3 + 5, 5 + 3 + 1, ...)"),
        ([3, "7s"], True, "3 + 7: the 7 is over 5, so the 3 is at most 4"),
        ([3, "7s", "9s"], False, "19 leaves the 3 any of 1..5"),
        ([1, "10s"], False, "11 leaves the 1 any of 1..5"),
        ([2, 3, "10s"], True, "15 reads as small counts one way only, 5 + 5 + 5"),
    ],
)
def test_narrowed(cells: list[int | str], narrowed: bool, why: str) -> None:
    hidden = [
        suppression.Hidden(float(str(c)[:-1]), 6, INF, small=False)
        if str(c).endswith("s")
        else suppression.Hidden(float(c), 1, 5, small=True)
        for c in cells
    ]
    assert suppression.narrowed(hidden) is narrowed, why


# --- what a published chart may draw -------------------------------------------------------

TWO_YEARS = [date(2019, m, 28) for m in range(4, 13)] + [date(2020, m, 28) for m in range(1, 13)]
TWO_YEARS += [date(2021, m, 28) for m in (1, 2, 3)]


def chart_row(values: list[float], *, incomplete: int = 0) -> PackRow:
    """A position at the month end (no year total), two years of it, with the results table's
    limits over every month with full history, as the engine computes them."""
    figs = [Figure(v, v, None, "count", incomplete=i < incomplete) for i, v in enumerate(values)]
    r = row(indicator("CLA 4", "count", kind="snapshot"), figs[-12:], figs[-1])
    r.history = [Point(m, f) for m, f in zip(TWO_YEARS, figs, strict=True)]
    judged = values[incomplete:]
    r.limits = spc.limits(judged)
    r.signal, r.assurance = "common cause", "no target"
    r.special_causes = " " * incomplete + "." * len(judged)
    return r


def test_a_charts_limits_leave_out_hidden_months_and_say_so() -> None:
    values = [20.0 + i % 4 for i in range(24)]
    values[5] = 3.0  # hidden: the results table's mean and ranges ran through it
    r = chart_row(values)
    suppression.apply(pack(r))
    shown = values[:5] + values[6:]
    assert r.limits == pytest.approx(spc.limits(shown))
    assert r.limits != pytest.approx(spc.limits(values))
    assert r.spc_months == 23
    assert r.special_causes is not None and r.special_causes[5] == " "
    assert charts.caption(r).endswith("Average and usual range from the 23 months shown.")


def test_a_chart_with_too_few_months_shown_has_no_limits() -> None:
    values = [3.0 if i % 2 else 20.0 for i in range(24)]  # every other month hidden: 12 shown
    values[-2] = 4.0
    r = chart_row(values)
    suppression.apply(pack(r))
    assert (r.limits, r.special_causes, r.spc_months) == (None, None, 11)
    assert "No average or usual range: only 11 months are shown." in charts.caption(r)
    assert "Average" not in " ".join(text for _key, text in charts.legend(r))


def test_limits_that_took_in_no_hidden_month_are_the_results_tables() -> None:
    values = [3.0] + [20.0 + i % 4 for i in range(23)]  # hidden, but before full history
    r = chart_row(values, incomplete=12)
    limits = r.limits
    suppression.apply(pack(r))
    assert (r.limits, r.spc_months) == (limits, None)
    assert "months shown" not in charts.caption(r)


def test_a_hidden_report_month_is_not_judged() -> None:
    values = [20.0 + i % 4 for i in range(23)] + [2.0]
    r = chart_row(values)
    suppression.apply(pack(r))
    assert r.signal is None and r.spc_months == 23
    assert charts.caption(r).startswith("March 2021: a small number, not shown or judged.")


def test_a_published_pack_holds_no_hidden_number() -> None:
    values = [3, 7, 9, 10, 10, 10, 10, 10, 10, 10, 10, 2]
    r = row(indicator("FD contacts", "count"), counts(values), Figure(91, 91, None, "count"))
    r.annual = Figure(91, 91, None, "count")
    suppression.apply(pack(r))
    hidden = [f for f in [*r.months, r.latest, r.annual] if f.suppressed]
    assert len(hidden) == 6  # April, May and June; March; the year to date and the year
    assert all((f.value, f.numerator, f.denominator) == (None, None, None) for f in hidden)
    assert all(f.text == "c" for f in hidden)
