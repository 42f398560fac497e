"""The Education page against the real web database and the published store: the monthly
figures from the store's results (the catalogue's education indicators), the others those
`csc education load` keeps, laid out with "not published" for a month or year without a figure (never 0 or a blank), a
sparkline with a gap there, arrows with their words, SEND, the EHCP scenarios and the
high-needs block."""

from __future__ import annotations

import re
from datetime import date

import pytest

from csc_insight.education import computed, demo
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


def test_a_missing_month_reads_not_published_never_0(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
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
    # The monthly figures are the store's results (education/computed.py): these, as it would
    # give them; a monthly row in the web database is not shown.
    monkeypatch.setattr(computed, "monthly_figures", lambda cur: figures)
    stale = (MonthlyFigure(m.id, months[1], 0.0, Source("not shown")),)
    web_db.load_education(site.store, EducationRecords(monthly=stale), "loader", "a test")
    text = _words(_page())
    assert "Sep 2020: 12" in text
    assert "Oct 2020: not published" in text and "Nov 2020: not published" in text
    assert "Oct 2020: 0" not in text and "Nov 2020: 0" not in text
    assert "Oct 2020: :" not in text


def test_the_figures_come_back_as_loaded(seeded: Site) -> None:
    assert web_db.entered_education(seeded.store).monthly == demo.records().monthly


def test_nothing_loaded_says_how(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    _empty(site)
    monkeypatch.setattr(computed, "monthly_figures", lambda cur: ())  # nothing computed either
    assert "csc education load" in _words(_page("finance"))


def _monthly_row(page: str, measure: str) -> str:
    """The words of a measure's row of the monthly table."""
    table = page.split('id="monthly"', 1)[1].split("</table>", 1)[0]
    rows = [r for r in table.split("<tr")[1:] if f'<span class="app-id">{measure}</span>' in r]
    assert len(rows) == 1, measure
    return _words("<tr" + rows[0])


def test_the_monthly_figures_are_the_published_store_s_results(site: Site) -> None:
    """The monthly figures are the catalogue's education indicators as `csc compute` left them
    in the published store: the synthetic borough's extract carries the demo's (seed 003's)
    figures, so with nothing loaded by `csc education load` the page shows them."""
    _empty(site)
    page = _page()
    # Seed 003: exclusions (EXC 1) 111 in March 2021; from April to August 2020, schools shut,
    # not published. Permanent exclusions (EXC 2): a true nought in December 2020.
    exc_1 = _monthly_row(page, "EXC 1")
    assert "Mar 2021: 111" in exc_1 and "Feb 2021: 10" in exc_1
    assert "Apr 2020: not published" in exc_1 and "Aug 2020: not published" in exc_1
    assert "Apr 2020: 0" not in exc_1
    assert "Dec 2020: 0 " in _monthly_row(page, "EXC 2") + " "
    # and those are the published store's results, which the page read
    from csc_insight.web import data

    _, cur = data.cursor()
    try:
        got = cur.execute(
            """SELECT period_start, value FROM results WHERE indicator_id = 'EXC 1'
               AND period_type = 'month' AND period_start IN ('2020-04-01', '2021-03-01')
               ORDER BY 1"""
        ).fetchall()
    finally:
        cur.close()
    assert got == [(date(2020, 4, 1), None), (date(2021, 3, 1), 111)]


def test_a_viewer_sees_small_counts_of_children_suppressed_as_a_published_pack_does(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Children missing education is a count of children: a viewer (who sees the published
    view) reads c for 1 to 5, and the change it is part of is hidden too; a manager sees the
    numbers. A true 0 is shown: it identifies no one."""
    _empty(site)
    cme = [
        (date(2020, 3, 1), 3.0),  # a year before the last month: small
        (date(2021, 1, 1), 0.0),
        (date(2021, 2, 1), 2.0),
        (date(2021, 3, 1), 40.0),
    ]
    figures = tuple(MonthlyFigure("CME 1", m, v, Source("a test")) for m, v in cme)
    monkeypatch.setattr(computed, "monthly_figures", lambda cur: figures)
    viewer = _words(_page("viewer"))
    assert "Feb 2021: c" in viewer and "Mar 2020: c" in viewer
    assert "Feb 2021: 2" not in viewer and "Mar 2020: 3" not in viewer
    assert "Jan 2021: 0" in viewer and "Mar 2021: 40" in viewer
    assert "+37" not in viewer  # 40 against 3 a year before would tell the 3
    manager = _words(_page("manager"))
    assert "Feb 2021: 2" in manager and "Mar 2020: 3" in manager and "+37" in manager


def test_the_schools_follow_the_annual_table_worst_first_not_published_never_0(site: Site) -> None:
    """Each measure's schools as `csc education load` keeps them, after the annual table: the
    worst against England first, a school without a figure "not published" (never 0) and last,
    a series-break year's change "not comparable". A viewer sees them whole: no counts."""
    from tests.education.test_schools import school_records

    _empty(site)
    web_db.load_education(site.store, school_records(), "loader", "a test")
    page = _page("viewer")
    schools = page.split('id="schools"', 1)[1].split('id="send"', 1)[0]
    assert page.index('id="annual"') < page.index('id="schools"')
    ks4 = _words(schools.split('id="schools-1"', 1)[1].split('id="schools-2"', 1)[0])
    assert "KS4 1 Average Attainment 8 score per pupil, 2019 Borough 48.9, England 50.2." in ks4
    assert (
        "Ashgrove Academy 100001 45.0 ↑ +1.0 up (better) ↓ -3.9 below (worse) ↓ -5.2 below (worse)"
    ) in ks4
    assert "Elm Tree Academy 100005 not published not published not published not published" in ks4
    assert "100005 0" not in ks4 and "100003 0" not in ks4
    assert ks4.index("Ashgrove") < ks4.index("Dale Park") < ks4.index("Brook Lane")
    assert ks4.index("Brook Lane") < ks4.index("Cedar High") < ks4.index("Elm Tree")
    assert "app-tone--worse" in schools and "app-tone--better" in schools
    absence = _words(schools.split('id="schools-2"', 1)[1])
    assert "2020 is not comparable with 2019 (a series break)" in absence
    assert "Fern Primary 200001 4.5 not comparable ↑ +0.3 above (worse)" in absence


def test_each_measure_s_definition_is_the_catalogue_s(seeded: Site) -> None:
    """The education indicators are defined in the catalogue as every indicator is: the page
    gives each measure's definition under it, the monthly ones' and the published annual ones'."""
    from html import unescape

    from csc_insight.indicators import catalogue

    text = unescape(_words(_page()))
    exc1 = catalogue.get("EXC 1").definition["numerator"]
    ks41 = next(p for p in catalogue.published_figures() if p.id == "KS4 1").definition
    assert "Definition" in text
    assert _words(exc1) in text and _words(ks41["denominator"]) in text
