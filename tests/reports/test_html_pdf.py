"""The pack as HTML and PDF, read back and checked against the Pack it was drawn from.

One tiny synthetic borough (two years to March 2021) is built, computed and given the bundled
comparators once per module. The internal pack is rendered whole; the published pack only for its
first sections (enough to hold suppressed small numbers), to keep the file fast. The PDF is read
with pypdf; the HTML with html.parser.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markupsafe import escape
from pypdf import PdfReader

from csc_insight.errors import CscError
from csc_insight.indicators import catalogue
from csc_insight.reports import charts, formatting, model
from csc_insight.reports.html import render_html
from csc_insight.reports.model import Bullet, Commentary, Figure, Pack, PackRow, Point, Section
from csc_insight.reports.pdf import render_pdf

PERIOD = "2021-03"
PUBLISHED_SECTIONS = 3  # early help, front door, assessment: small counts to suppress


@dataclass
class Rendered:
    pack: Pack
    html: str
    pages: list[str]  # each PDF page's text, whitespace collapsed

    @property
    def text(self) -> str:
        return " ".join(self.pages)


def _squash(text: str) -> str:
    """Whitespace collapsed; a word broken after its hyphen ("non-|UASC") joined again."""
    return re.sub(r"\s+", " ", re.sub(r"(?<=\S-)\n", "", text)).strip()


def _render(pack: Pack, pdf: Path) -> Rendered:
    render_pdf(pack, pdf)
    pages = [_squash(p.extract_text()) for p in PdfReader(pdf).pages]
    return Rendered(pack, render_html(pack), pages)


@pytest.fixture(scope="module")
def pack_store(computed_store: Callable[[int], Path]) -> Path:
    return computed_store(1)


@pytest.fixture(scope="module")
def internal(pack_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    pack = model.build(pack_store, PERIOD)
    first = pack.rows()[0].indicator.id
    pack.commentary = Commentary(
        going_well=[Bullet(f"{first} & friends are <improving>", first)],
        do_better=[Bullet("Something to do better"), Bullet("Not in this pack", "XX 9")],
    )
    return _render(pack, tmp_path_factory.mktemp("internal") / "pack.pdf")


@pytest.fixture(scope="module")
def published(pack_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    pack = model.build(pack_store, PERIOD, published=True)
    pack.sections = pack.sections[:PUBLISHED_SECTIONS]
    return _render(pack, tmp_path_factory.mktemp("published") / "pack.pdf")


def _cells(row: PackRow) -> str:
    """What the table prints for a row from the polarity to the YTD, as pypdf reads it back."""
    ind = row.indicator
    parts = [
        "" if ind.polarity == "none" else ind.polarity,
        *(f.text for f in row.months),
        ind.owner,
        formatting.target(row.target, ind.unit),
        row.rag,
        row.latest.text,
    ]
    return " ".join(p for p in parts if p)


# --- the PDF -------------------------------------------------------------------------------


def test_every_section_and_indicator_is_in_the_pdf(internal: Rendered) -> None:
    text = internal.text
    assert len(internal.pack.rows()) > 40
    for section in internal.pack.sections:
        assert section.title in text
    for row in internal.pack.rows():
        assert f"{row.indicator.id} {row.indicator.title}" in text
    assert "Appendix A: Trend charts" in text
    # The paper leaves the full definitions to the HTML page and the workbook, and says so.
    assert "Appendix B: Definitions" not in text
    assert "Full definitions are in Appendix B of the HTML pack" in text


def test_every_rows_months_ytd_and_rag_print_as_the_results_table_formats_them(
    internal: Rendered,
) -> None:
    for row in internal.pack.rows():
        assert _cells(row) in internal.text, row.indicator.id
    rags = {r.rag for r in internal.pack.rows()}
    assert rags >= {"Green", "Red", "Grey"}


def test_comparators_and_their_year_are_printed(internal: Rendered) -> None:
    (fd8,) = [r for r in internal.pack.rows() if r.indicator.id == "FD 8"]
    england = fd8.comparators["england"]
    assert f"England {england.time_period}" in internal.text
    assert formatting.value(england.value, "percent") in internal.text


def test_pages_are_numbered_and_marked_official_sensitive(internal: Rendered) -> None:
    pages = internal.pages
    assert len(pages) > 1
    for n, page in enumerate(pages, 1):
        assert f"Page {n} of {len(pages)}" in page
        assert page.count("OFFICIAL-SENSITIVE") >= 2  # header and footer


def test_table_headers_repeat_on_every_table_page(internal: Rendered) -> None:
    rows = [f"{r.indicator.id} {r.indicator.title}" for r in internal.pack.rows()]
    table_pages = [p for p in internal.pages if any(row in p for row in rows)]
    assert len(table_pages) > 1
    for page in table_pages:
        assert "Indicator Title Polarity Apr-20" in page


def test_published_pdf_suppresses_small_numbers_and_is_not_marked_sensitive(
    internal: Rendered, published: Rendered
) -> None:
    by_id = {r.indicator.id: r for r in internal.pack.rows()}
    hidden = [
        (row, i)
        for row in published.pack.rows()
        for i, f in enumerate(row.months)
        if f.suppressed and row.indicator.unit == "count" and 1 <= (f.value or 0) <= 5
    ]
    assert hidden, "the tiny borough should have a count of 1-5 to suppress"
    for row, i in hidden:
        original = by_id[row.indicator.id]
        assert row.months[i].text == "c"
        assert original.months[i].text == formatting.value(row.months[i].value, "count")
        assert _cells(row) in published.text  # prints c where the internal pack prints 1-5
        assert _cells(original) in internal.text
    for n, page in enumerate(published.pages, 1):
        assert "OFFICIAL-SENSITIVE" not in page
        assert "PUBLISHED: small numbers suppressed" in page
        assert f"Page {n} of {len(published.pages)}" in page


# --- the HTML ------------------------------------------------------------------------------


class _Refs(HTMLParser):
    """Every src/href attribute and every url( in a style, and the number of <svg>."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.svgs = 0
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.svgs += tag == "svg"
        self._in_style = tag == "style"
        self.refs += [v or "" for k, v in attrs if k in ("src", "href", "xlink:href", "srcset")]
        self.refs += re.findall(
            r"url\(([^)]*)\)", " ".join(v or "" for k, v in attrs if k == "style")
        )

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False if tag == "style" else self._in_style

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.refs += re.findall(r"url\(([^)]*)\)", data) + re.findall(r"@import", data)


def test_html_is_self_contained(internal: Rendered) -> None:
    parser = _Refs()
    parser.feed(internal.html)
    assert parser.refs, "the tables link to the charts"
    assert all(ref.startswith("#") for ref in parser.refs), {
        r for r in parser.refs if not r.startswith("#")
    }
    assert "http://" not in internal.html and "https://" not in internal.html
    assert "<script" not in internal.html
    anchors = set(re.findall(r'id="([^"]+)"', internal.html))
    assert {ref[1:] for ref in parser.refs} <= anchors  # every link lands


def test_html_has_a_sparkline_per_row_and_a_chart_per_indicator(internal: Rendered) -> None:
    parser = _Refs()
    parser.feed(internal.html)
    rows = len(internal.pack.rows())
    assert parser.svgs == 2 * rows
    assert internal.html.count('<svg class="spark"') == rows
    assert internal.html.count('<svg class="trend"') == rows


def test_html_layout_follows_the_seed(internal: Rendered) -> None:
    html, pack = internal.html, internal.pack
    headings = ["Going well or better", "Ones to watch", "Things to do better"]
    positions = [html.index(h) for h in headings]
    sections = [html.index(f"<h2>{s.title}</h2>") for s in pack.sections]
    assert positions == sorted(positions) and positions[-1] < sections[0]
    assert sections == sorted(sections)
    assert html.index("Appendix A: Trend charts") > sections[-1]
    assert html.count("OFFICIAL-SENSITIVE") >= 2  # header and footer
    for m in pack.months:
        assert f">{formatting.month(m)}</th>" in html
    for row in pack.rows():
        assert f'<td class="rag rag-{row.rag.lower()}">{row.rag}</td>' in html


def test_html_defines_every_indicator_in_its_appendix(internal: Rendered) -> None:
    html = internal.html
    appendix = html[html.index("Appendix B: Definitions") :]
    for row in internal.pack.rows():
        ind = row.indicator
        entry = appendix[appendix.index(f'id="def-{ind.slug}"') :]
        entry = entry[: entry.index("</td>")]
        for part, text in ind.definition.items():
            label = part.replace("_", " ").capitalize()
            assert f"<b>{label}:</b> {escape(text)}" in entry, (ind.id, part)


def test_html_escapes_text_and_links_bullets_to_charts(internal: Rendered) -> None:
    html = internal.html
    first = internal.pack.rows()[0].indicator
    assert "&amp; friends are &lt;improving&gt;" in html
    assert f'href="#chart-{first.slug}"' in html
    assert '<span class="ref">XX 9</span>' in html  # no chart to link to
    assert "Nothing to report this month." in html  # "Ones to watch" is empty


def test_published_html_says_small_numbers_are_suppressed(published: Rendered) -> None:
    assert "OFFICIAL-SENSITIVE" not in published.html
    assert "small numbers are suppressed" in published.html
    assert '<td class="num c">c</td>' in published.html


# --- the charts ----------------------------------------------------------------------------


def _row(values: list[float | None], *, suppressed: frozenset[int] = frozenset()) -> PackRow:
    ind = replace(catalogue.get("FD 8"), title='Re-referrals <within> 12 months & "more"')
    ends = [date(2019 + (m + 3) // 12, (m + 3) % 12 + 1, 28) for m in range(len(values))]
    history = [
        Point(e, Figure(v, None, None, "percent", i in suppressed))
        for i, (e, v) in enumerate(zip(ends, values, strict=True))
    ]
    return PackRow(
        indicator=ind,
        months=[p.figure for p in history[-12:]],
        latest=history[-1].figure,
        target=22.0,
        rag="Red",
        signal="common cause",
        assurance="hit and miss",
        limits=(25.0, -3.0, 40.0),
        history=history,
    )


def _points_in(path_d: str) -> int:
    return len(re.findall(r"[ML]\d", path_d))


def _series_paths(svg: str) -> Iterator[str]:
    return (m for m in re.findall(r'<path d="([^"]+)" fill="none"', svg))


def test_sparkline_breaks_at_gaps_and_is_empty_without_values() -> None:
    svg = charts.sparkline([1, 2, None, 4, 5, 6])
    (d,) = _series_paths(svg)
    assert d.count("M") == 2 and _points_in(d) == 5
    assert charts.sparkline([None, None]).count("<path") == 0
    assert charts.sparkline([3, 3, 3]).startswith("<svg")


def test_trend_chart_leaves_suppressed_months_out_and_escapes_its_title() -> None:
    values = [20.0 + i % 5 for i in range(24)]
    svg = charts.trend_chart(_row(values, suppressed=frozenset({5})))
    (d,) = _series_paths(svg)
    assert d.count("M") == 2 and _points_in(d) == 23  # 24 months, one suppressed
    assert (
        "<title>FD 8: Re-referrals &lt;within&gt; 12 months &amp; &quot;more&quot;</title>" in svg
    )
    assert "<desc>Monthly values from Apr-19 to Mar-21. Mar-21: 23%. Target 22%." in svg
    assert "1 month(s) with small numbers are suppressed and not plotted. Smaller is better." in svg
    assert "c: suppressed, not plotted" in svg  # the legend says so too
    assert ">Apr-19</text>" in svg and ">Apr-20</text>" in svg  # Mon-yy, via formatting.month
    assert ">20%</text>" in svg  # values via formatting.value
    assert "Target 22%" in svg and "Upper process limit 40%" in svg  # a limit below 0 is not drawn
    assert len(svg) < 5000


def test_trend_chart_for_the_pack_has_no_visible_title_but_keeps_title_and_desc() -> None:
    svg = charts.trend_chart(_row([10.0, 12.0, 11.0]), titled=False)
    assert "<title>" in svg and "<desc>" in svg
    assert "font-weight" not in svg and ">Monthly value<" not in svg


@pytest.mark.parametrize(
    ("lo", "hi", "min_step", "expected"),
    [
        (11.1, 28.1, 1, [10, 20, 30]),
        (98.0, 100.0, 1, [98, 99, 100]),
        (16.4, 18.3, 0.1, [16, 17, 18, 19]),
        (0, 0, 1, [0, 1]),
        (0.2, 0.9, 0.1, [0, 0.5, 1]),
        (16.02, 16.1, 0.1, [16, 16.1]),  # not 16.05, which would print as 16.1 twice
    ],
)
def test_nice_ticks(lo: float, hi: float, min_step: float, expected: list[float]) -> None:
    assert charts.nice_ticks(lo, hi, min_step=min_step) == expected


def _hand_built_pack() -> Pack:
    row = _row([5.0, None, 7.0])
    return Pack(
        period="2019-06",
        period_end=date(2019, 6, 28),
        months=[p.period_end for p in row.history],
        financial_year="2019-20",
        sections=[Section("front_door", "Front door", [row])],
        published=False,
        generated_at=datetime(2021, 4, 1, 9, 30),
    )


def test_a_hand_built_pack_renders_without_comparators_or_commentary(tmp_path: Path) -> None:
    pack = _hand_built_pack()
    html = render_html(pack)
    assert "Generated 01/04/2021 09:30" in html
    assert html.count("Nothing to report this month.") == 3
    pages = _render(pack, tmp_path / "pack.pdf").pages
    assert 'Re-referrals <within> 12 months & "more"' in " ".join(pages)


def _set_collector(on: bool) -> None:
    if on:
        gc.enable()
    else:
        gc.disable()


@pytest.mark.parametrize("collector_on", [True, False])
def test_pdf_prints_the_page_it_is_given_and_leaves_the_collector_as_it_was(
    tmp_path: Path, collector_on: bool
) -> None:
    pack = _hand_built_pack()
    page = render_html(pack).replace("Front door", "Front door, as given")
    was_on = gc.isenabled()
    try:
        _set_collector(collector_on)
        render_pdf(pack, tmp_path / "pack.pdf", html=page)
        assert gc.isenabled() is collector_on  # paused only while WeasyPrint works
    finally:
        _set_collector(was_on)
    text = " ".join(p.extract_text() for p in PdfReader(tmp_path / "pack.pdf").pages)
    assert "Front door, as given" in text


@pytest.mark.parametrize(
    ("reference", "url"),
    [
        ('<img src="https://cdn.example.org/logo.png" alt="">', "https://cdn.example.org/logo.png"),
        (
            '<link rel="stylesheet" href="http://example.org/font.css">',
            "http://example.org/font.css",
        ),
        ("<style>body { background: url(file:///etc/hostname) }</style>", "file:///etc/hostname"),
    ],
)
def test_pdf_refuses_any_outside_reference(tmp_path: Path, reference: str, url: str) -> None:
    # A template change that pulls in a logo, a web font or a local file must stop the print
    # with the reference named, not fetch it (offline, and no leak of where the pack was made).
    pack = _hand_built_pack()
    page = render_html(pack).replace("</head>", f"{reference}</head>", 1)
    out = tmp_path / "pack.pdf"
    with pytest.raises(CscError, match="self-contained, but it refers to") as caught:
        render_pdf(pack, out, html=page)
    assert url in str(caught.value)
    assert not out.exists()


def _with_polarity(row: PackRow, polarity: str) -> PackRow:
    return replace(row, indicator=replace(row.indicator, polarity=polarity))


def test_special_cause_points_are_marked_by_polarity() -> None:
    # Twelve months alternating 20 and 24, a month missing, then 40. XmR over the 13 values with
    # a value: mean 23.38, mean moving range (11 x 4 + 16) / 12 = 5, upper limit 23.38 + 13.3 =
    # 36.68, so 40 is beyond it; the others alternate about the mean, so no run or trend.
    values: list[float | None] = [20.0, 24.0] * 6 + [None, 40.0]
    row = _row(values)  # FD 8: smaller is better, so a high point is concerning
    kinds = charts.special_causes(row)
    assert kinds == [None] * 13 + ["concerning"]  # the missing month stays aligned
    svg = charts.trend_chart(row)
    assert svg.count(f'fill="{charts.MARKS["concerning"]}"') == 2  # the point and its legend key
    assert "Special cause, concerning (1 month)" in svg
    assert charts.special_causes(_with_polarity(row, "BIB"))[-1] == "improving"
    assert charts.special_causes(_with_polarity(row, "none"))[-1] == "special"
    # Suppressed in a published pack: judged all the same, but not drawn or counted.
    hidden = _row(values, suppressed=frozenset({13}))
    assert charts.special_causes(hidden)[-1] == "concerning"
    assert charts.MARKS["concerning"] not in charts.trend_chart(hidden)


def test_too_short_a_history_marks_nothing() -> None:
    row = _row([20.0, 22.0] * 5 + [40.0])  # 11 months: fewer than spc.MIN_POINTS
    assert charts.special_causes(row) == [None] * 11
    assert "Special cause" not in charts.trend_chart(row)
