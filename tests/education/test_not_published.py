"""A period without a figure is "not published" in every output, never 0: the tables the pack
and the web page will call, the text render, and the template written back."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from csc_insight.education import render, tables, template_read
from csc_insight.education.figures import NOT_PUBLISHED
from csc_insight.education.model import AnnualFigure, EducationRecords, MonthlyFigure, Source
from csc_insight.education.template import write_template

SRC = Source("hand-made")
# Exclusions entered for March and June 2020 only; April entered as not published, May has no
# row at all. KS4 1: 2019 and 2021 entered, 2020 has no row.
MONTHLY = (
    MonthlyFigure("EXC 1", date(2020, 3, 1), 141.0, SRC),
    MonthlyFigure("EXC 1", date(2020, 4, 1), NOT_PUBLISHED, SRC),
    MonthlyFigure("EXC 1", date(2020, 6, 1), 0.0, SRC),
)
ANNUAL = (
    AnnualFigure("KS4 1", 2019, "own", 45.5, SRC),
    AnnualFigure("KS4 1", 2021, "own", NOT_PUBLISHED, SRC),
    AnnualFigure("KS4 1", 2021, "england", 50.9, SRC),
)


def test_the_tables_hold_not_published_for_a_missing_or_unpublished_period() -> None:
    [m] = tables.monthly_table(MONTHLY)
    assert m.values == (141.0, NOT_PUBLISHED, NOT_PUBLISHED, 0.0)  # June's 0 is a real 0
    assert m.change.text() == "not published"  # no June 2019 to compare with
    assert m.trend == (141.0, None, None, 0.0)  # a sparkline's gap, not a drop to 0
    [a] = tables.annual_table(ANNUAL)
    assert a.values == (45.5, NOT_PUBLISHED, NOT_PUBLISHED)
    assert a.latest_year == 2019 and a.england is NOT_PUBLISHED
    assert a.vs_england.text() == "not published"


def test_the_text_says_not_published() -> None:
    text = render.report(EducationRecords(MONTHLY, ANNUAL))
    assert "Apr-20 not published | May-20 not published | Jun-20 0" in text
    assert "2020 not published | 2021 not published" in text
    assert "England not published: not published" in text


def test_the_template_writes_not_published_and_reads_it_back(tmp_path: Path) -> None:
    book = write_template(tmp_path / "e.xlsx", EducationRecords(MONTHLY, ANNUAL))
    read, problems = template_read.read_files([book])
    assert problems == []
    assert {f.month: f.value for f in read.monthly}[date(2020, 4, 1)] is NOT_PUBLISHED
    assert {(f.year, f.area): f.value for f in read.annual}[(2021, "own")] is NOT_PUBLISHED
