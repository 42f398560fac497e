"""pack.html in a real browser: Debian's Chromium, driven by Playwright, at a phone's width
(390 px) and a desktop's (1280 px). What a reader sees: no page wider than the screen, the
summary's lists stacked, tables that scroll sideways inside their own box with the RAG and
year-to-date columns kept in view, charts one across; on a desktop, readable titles and the Trend
column in full.

Skipped, with the reason, only where /usr/bin/chromium is absent (CI installs it with apt).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from csc_insight.reports import commentary, model
from csc_insight.reports.html import render_html
from tests.conftest import CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason=f"{CHROMIUM} is absent: install Debian's chromium package to run browser tests",
    ),
]


@pytest.fixture(scope="module")
def page_file(
    computed_store: Callable[[int], Path], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    pack = model.build(computed_store(1), "2021-03")
    pack.commentary = commentary.shortened(commentary.generate(pack))
    path = tmp_path_factory.mktemp("browser") / "pack.html"
    path.write_text(render_html(pack), encoding="utf-8")
    return path


def _open(browser: Any, page_file: Path, width: int) -> Any:
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(page_file.as_uri())
    return page


def _rects(page: Any, selector: str) -> list[dict[str, float]]:
    return page.evaluate(
        """s => Array.from(document.querySelectorAll(s)).map(e => {
             const r = e.getBoundingClientRect();
             return {left: r.left, right: r.right, top: r.top + scrollY, width: r.width};
           })""",
        selector,
    )


def test_at_390px_nothing_is_wider_than_the_screen(browser: Any, page_file: Path) -> None:
    page = _open(browser, page_file, 390)
    width = page.evaluate("[document.documentElement.scrollWidth, document.body.scrollWidth]")
    assert width == [390, 390]
    # The tables are wider than the screen, and scroll inside their own box instead.
    boxes = page.evaluate(
        "Array.from(document.querySelectorAll('.scroll')).map(e => [e.scrollWidth, e.clientWidth])"
    )
    assert boxes and all(scroll > client for scroll, client in boxes)
    assert all(r["right"] <= 390 for r in _rects(page, ".scroll"))


def test_at_390px_the_summary_lists_are_stacked(browser: Any, page_file: Path) -> None:
    page = _open(browser, page_file, 390)
    groups = _rects(page, ".commentary .group")
    assert len(groups) == 3
    assert len({round(g["left"]) for g in groups}) == 1
    assert groups[0]["top"] < groups[1]["top"] < groups[2]["top"]
    assert all(g["right"] <= 390 for g in groups)


def test_at_390px_charts_are_one_across(browser: Any, page_file: Path) -> None:
    page = _open(browser, page_file, 390)
    charts = _rects(page, "figure.trend")
    assert len(charts) > 40
    assert len({round(c["left"]) for c in charts}) == 1
    assert all(c["width"] > 300 for c in charts)  # not three across at 110 px
    tops = [c["top"] for c in charts]
    assert tops == sorted(tops) and len(set(tops)) == len(tops)


@pytest.mark.parametrize("where", ["start", "middle", "end"])
def test_at_390px_rag_and_ytd_stay_in_view_while_a_table_scrolls(
    browser: Any, page_file: Path, where: str
) -> None:
    page = _open(browser, page_file, 390)
    box = page.query_selector("#area-front_door .scroll")
    box.scroll_into_view_if_needed()
    box.evaluate(
        "(e, where) => e.scrollLeft = {start: 0, middle: (e.scrollWidth - e.clientWidth) / 2,"
        " end: e.scrollWidth}[where]",
        where,
    )
    frame = box.bounding_box()
    for selector in ("tbody tr:first-child td.rag", "tbody tr:first-child td.ytd", "th.rag"):
        cell = box.query_selector(selector).bounding_box()
        assert frame["x"] - 1 <= cell["x"], (where, selector)
        assert cell["x"] + cell["width"] <= frame["x"] + frame["width"] + 1, (where, selector)
    # and the cell on top at the RAG's place is the RAG cell, not a month scrolled over it
    rag = box.query_selector("tbody tr:first-child td.rag").bounding_box()
    on_top = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).className",
        [rag["x"] + rag["width"] / 2, rag["y"] + rag["height"] / 2],
    )
    assert "rag" in on_top


def test_at_1280px_titles_are_readable_and_the_trend_is_whole(
    browser: Any, page_file: Path
) -> None:
    page = _open(browser, page_file, 1280)
    assert page.evaluate("document.documentElement.scrollWidth") == 1280
    boxes = page.evaluate(
        "Array.from(document.querySelectorAll('.scroll')).map(e => [e.scrollWidth, e.clientWidth])"
    )
    assert all(scroll <= client for scroll, client in boxes), "a table is clipped at 1280 px"
    titles = _rects(page, "td.title")
    assert min(t["width"] for t in titles) >= 150  # was about 70 px, 8-13 lines a title
    lines = page.evaluate(
        """Array.from(document.querySelectorAll('td.title')).map(e =>
             Math.round(e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight)))"""
    )
    assert max(lines) <= 4
    trend = _rects(page, "td.spark")
    assert all(t["right"] <= 1280 - 24 + 1 for t in trend)
    summary = _rects(page, ".commentary .group")
    assert len({round(g["top"]) for g in summary}) == 1  # three lists side by side


def test_the_contents_link_to_every_part(browser: Any, page_file: Path) -> None:
    page = _open(browser, page_file, 390)
    targets = page.evaluate(
        "Array.from(document.querySelectorAll('nav.contents a')).map(a => a.getAttribute('href'))"
    )
    assert {"#summary", "#glossary", "#tables", "#trend-charts", "#definitions"} <= set(targets)
    assert sum(t.startswith("#area-") for t in targets) >= 10
    for target in targets:
        assert page.query_selector(target) is not None, target


def test_the_page_asks_for_nothing_outside_itself(browser: Any, page_file: Path) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 900})
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url))
    page.goto(page_file.as_uri())
    assert asked == [page_file.as_uri()]
