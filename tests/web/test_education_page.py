"""The Education page against the real web database: the figures `csc education load` keeps,
laid out with "not published" for a month or year without a figure (never 0 or a blank), a
sparkline with a gap there, arrows with their words, SEND, the EHCP scenarios and the
high-needs block."""

from __future__ import annotations

import re
from datetime import date

import pytest

from csc_insight.education import demo
from csc_insight.education.figures import NOT_PUBLISHED
from csc_insight.education.model import EducationRecords, MonthlyFigure, Source
from csc_insight.store import web_db
from tests.web.conftest import Site
from tests.web.test_access import signed_in


def _empty(site: Site) -> None:
    with web_db.connect(site.store, write=True) as con:
        con.execute("DELETE FROM csc_web_educationfigure")  # a test's clean slate


def _page(role: str = "viewer") -> str:
    return signed_in(role).get("/education/").content.decode()


def _words(page: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


@pytest.fixture
def seeded(site: Site) -> Site:
    _empty(site)
    web_db.load_education(site.store, demo.records(), "loader", "csc education load the demo")
    return site


def test_the_demo_s_tables_are_on_the_page(seeded: Site) -> None:
    page = _page()
    text = _words(page)
    for heading in ("Monthly figures", "Annual figures", "SEND placements",
                    "EHCP reduction scenarios", "DSG high-needs block"):  # fmt: skip
        assert heading in text, heading
    assert page.count("<svg") >= 2 and "<script" not in page.split("</head>")[1]
    assert "(better)" in text or "(worse)" in text
    assert "app-tone--better" in page or "app-tone--worse" in page


def test_a_missing_month_reads_not_published_never_0(site: Site) -> None:
    """Issue 22: a month without a figure is "not published" on the page, never 0 or blank."""
    _empty(site)
    from csc_insight.education.measures import of

    m = of("monthly")[0]
    months = [date(2020, 9, 1), date(2020, 10, 1), date(2020, 11, 1)]
    figures = (
        MonthlyFigure(m.id, months[0], 12.0, Source("a test")),
        # October 2020 is not given at all; November is given as not published
        MonthlyFigure(m.id, months[2], NOT_PUBLISHED, Source("a test")),
    )
    web_db.load_education(site.store, EducationRecords(monthly=figures), "loader", "a test")
    text = _words(_page())
    assert "Sep 2020: 12" in text
    assert "Oct 2020: not published" in text and "Nov 2020: not published" in text
    assert "Oct 2020: 0" not in text and "Nov 2020: 0" not in text
    assert "Oct 2020: :" not in text


def test_the_figures_come_back_as_loaded(seeded: Site) -> None:
    assert web_db.entered_education(seeded.store).monthly == demo.records().monthly


def test_nothing_loaded_says_how(site: Site) -> None:
    _empty(site)
    assert "csc education load" in _words(_page("finance"))
