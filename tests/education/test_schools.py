"""The schools table (issue 22): each measure's schools in its latest year with a published
school figure, against the borough's and England's figure that year, worst against England
first by the measure's polarity; a school without a figure "not published", never 0, and last;
a series-break year's change "not comparable", as in the annual table; and the text render."""

from __future__ import annotations

from dataclasses import replace

import pytest

from csc_insight.education import measures, render, tables
from csc_insight.education.figures import NOT_PUBLISHED, Figure
from csc_insight.education.model import AnnualFigure, EducationRecords, SchoolFigure, Source

SRC = Source("ks4_school.csv", 2)
NAMES = {
    "100001": "Ashgrove Academy",
    "100002": "Brook Lane School",
    "100003": "Cedar High School",
    "100004": "Dale Park School",
    "100005": "Elm Tree Academy",
}
#: Attainment 8 (bigger is better) by school and year; None: the school has no row that year.
#: Cedar High is in 2018's table and not 2019's; Elm Tree's 2019 row is "not published" (the
#: DfE's "x"); 2020's exams were cancelled, every school not published.
KS4: dict[str, tuple[Figure | None, Figure | None, Figure | None]] = {
    "100001": (44.0, 45.0, NOT_PUBLISHED),
    "100002": (50.0, 52.3, NOT_PUBLISHED),
    "100003": (47.0, None, None),
    "100004": (None, 48.9, NOT_PUBLISHED),
    "100005": (None, NOT_PUBLISHED, None),
}
#: Overall absence (smaller is better), 2019 and 2020 (a series break: part of the year only).
ABS = {"200001": ("Fern Primary", 4.0, 4.5), "200002": ("Grove Primary", 5.0, 3.9)}


def school_records() -> EducationRecords:
    schools = [
        SchoolFigure("KS4 1", year, urn, NAMES[urn], v, SRC)
        for urn, values in KS4.items()
        for year, v in zip((2018, 2019, 2020), values, strict=True)
        if v is not None
    ]
    for urn, (name, y2019, y2020) in ABS.items():
        schools += [
            SchoolFigure("ABS 1", 2019, urn, name, y2019, SRC),
            SchoolFigure("ABS 1", 2020, urn, name, y2020, SRC),
        ]
    schools.append(SchoolFigure("NOPE 1", 2019, "1", "Not a measure", 1.0, SRC))
    annual = (
        AnnualFigure("KS4 1", 2019, "own", 48.9, SRC),
        AnnualFigure("KS4 1", 2019, "england", 50.2, SRC),
        AnnualFigure("KS4 1", 2020, "own", NOT_PUBLISHED, SRC),
        AnnualFigure("ABS 1", 2020, "own", 4.2, SRC),
        AnnualFigure("ABS 1", 2020, "england", 4.6, SRC),
    )
    return EducationRecords(annual=annual, schools=tuple(schools))


def _by(measure: str) -> tables.SchoolTable:
    [t] = [t for t in tables.school_table(school_records()) if t.measure.id == measure]
    return t


def test_the_tables_in_the_catalogue_s_order_and_an_unknown_measure_left_out() -> None:
    assert [t.measure.id for t in tables.school_table(school_records())] == ["KS4 1", "ABS 1"]
    assert tables.school_table(EducationRecords()) == []


def test_the_latest_year_is_the_last_with_a_published_school_figure() -> None:
    t = _by("KS4 1")
    assert t.year == 2019  # 2020: every school not published (exams cancelled)
    assert (t.borough, t.england) == (48.9, 50.2)
    assert not t.series_break


def test_worst_against_england_first_and_not_published_last() -> None:
    t = _by("KS4 1")
    # fmt: off
    assert [(r.name, r.value, r.vs_england.text(), r.vs_borough.text(), r.change.text())
            for r in t.rows] == [
        ("Ashgrove Academy", 45.0, "↓ -5.2 below (worse)", "↓ -3.9 below (worse)",
         "↑ +1.0 up (better)"),
        ("Dale Park School", 48.9, "↓ -1.3 below (worse)", "→ 0.0 level", "not published"),
        ("Brook Lane School", 52.3, "↑ +2.1 above (better)", "↑ +3.4 above (better)",
         "↑ +2.3 up (better)"),
        # Cedar High: in 2018's table, not in 2019's; Elm Tree: given as not published.
        ("Cedar High School", NOT_PUBLISHED, "not published", "not published", "not published"),
        ("Elm Tree Academy", NOT_PUBLISHED, "not published", "not published", "not published"),
    ]
    # fmt: on
    assert [r.urn for r in t.rows] == ["100001", "100004", "100002", "100003", "100005"]
    assert all(r.vs_england.difference is None for r in t.rows[3:])  # no 0 taken for them


def test_smaller_is_better_puts_the_highest_first_and_a_series_break_is_not_comparable() -> None:
    t = _by("ABS 1")
    assert t.year == 2020 and t.series_break
    assert [r.name for r in t.rows] == ["Fern Primary", "Grove Primary"]  # 4.5 then 3.9
    fern, grove = t.rows
    assert fern.vs_england.text() == "↓ -0.1 below (better)"
    assert grove.vs_england.text() == "↓ -0.7 below (better)"
    assert fern.vs_borough.text() == "↑ +0.3 above (worse)"
    assert fern.change.text() == grove.change.text() == "not comparable"  # 2020 on 2019


def test_a_count_measure_is_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    """A count of children at one school would need disclosure control, which this table has
    not: a count measure is not shown."""
    counted = tuple(
        replace(m, unit="count") if m.id == "KS4 1" else m for m in measures.of("annual")
    )
    monkeypatch.setattr(measures, "of", lambda frequency: counted)
    assert [t.measure.id for t in tables.school_table(school_records())] == ["ABS 1"]


def test_the_text_shows_the_schools_after_the_annual_table_and_not_published_as_such() -> None:
    text = render.report(school_records())
    schools = text[text.index("Schools (") :]
    assert text.index("Annual figures") < text.index("Schools (")
    ks4 = schools[schools.index("KS4 1  ") : schools.index("ABS 1  ")]
    assert "  2019: borough 48.9, England 50.2\n" in ks4
    assert (
        "  Ashgrove Academy (URN 100001): 45.0\n    change on 2018: ↑ +1.0 up (better) | "
        "borough: ↓ -3.9 below (worse)\n    England: ↓ -5.2 below (worse)\n"
    ) in ks4
    assert "  Elm Tree Academy (URN 100005): not published\n" in ks4
    assert "  Cedar High School (URN 100003): not published\n" in ks4
    assert "(URN 100005): 0" not in ks4 and "(URN 100003): 0" not in ks4
    assert ks4.index("Brook Lane") < ks4.index("Cedar High") < ks4.index("Elm Tree")
    abs_ = schools[schools.index("ABS 1  ") :]
    assert "2020 is not comparable with 2019 (a series break)" in abs_
    assert "change on 2019: not comparable" in abs_
    assert all(len(line) <= render.WIDTH for line in text.splitlines())
