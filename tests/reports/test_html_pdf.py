"""The pack as HTML and PDF, read back and checked against the Pack it was drawn from.

One tiny synthetic borough (two years to March 2021) is built, computed and given the bundled
comparators once per module. The internal pack is rendered whole; the published pack only for its
first sections (enough to hold suppressed small numbers), to keep the file fast. The PDF is read
with pypdf; the HTML with html.parser.
"""

from __future__ import annotations

import ast
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
from csc_insight.reports import charts, formatting, glossary, model
from csc_insight.reports.html import BETTER_IF, INCOMPLETE_MARK, render_html
from csc_insight.reports.model import Bullet, Commentary, Figure, Pack, PackRow, Point, Section
from csc_insight.reports.pdf import render_pdf

ROOT = Path(__file__).resolve().parents[2]
PERIOD = "2021-03"
PUBLISHED_SECTIONS = 3  # early help, front door, assessment: small counts to suppress


@dataclass
class Rendered:
    pack: Pack
    html: str
    pages: list[str]  # each PDF page's text, whitespace collapsed
    pdf: Path

    @property
    def text(self) -> str:
        return " ".join(self.pages)


def _squash(text: str) -> str:
    """Whitespace collapsed; a word broken after its hyphen ("non-|UASC") joined again."""
    return re.sub(r"\s+", " ", re.sub(r"(?<=\S-)\n", "", text)).strip()


def _render(pack: Pack, pdf: Path) -> Rendered:
    render_pdf(pack, pdf)
    pages = [_squash(p.extract_text()) for p in PdfReader(pdf).pages]
    return Rendered(pack, render_html(pack), pages, pdf)


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


def _text(fig: Figure) -> str:
    """A figure as the table prints it: marked when its history is incomplete."""
    return fig.text + (INCOMPLETE_MARK if fig.incomplete and fig.text else "")


def _cells(row: PackRow) -> str:
    """What the table prints for a row from "Better if" to the YTD, as pypdf reads it back."""
    ind = row.indicator
    parts = [
        BETTER_IF[ind.polarity],
        *(_text(f) for f in row.months),
        ind.owner,
        formatting.target(row.target, ind.unit),
        row.rag,
        _text(row.latest),
    ]
    return " ".join(p for p in parts if p)


# --- the PDF -------------------------------------------------------------------------------


def test_every_section_and_indicator_is_in_the_pdf_by_its_short_title(internal: Rendered) -> None:
    text = internal.text
    assert len(internal.pack.rows()) > 40
    for section in internal.pack.sections:
        assert section.title in text
    for row in internal.pack.rows():
        assert f"{row.indicator.id} {row.indicator.short_title}" in text
        if len(row.indicator.title) > 30 and row.indicator.title != row.indicator.short_title:
            assert row.indicator.title not in text  # the full title is the appendix's
    assert "Appendix A: Trend charts" in text
    # The paper leaves the full definitions to the HTML page and the workbook, and says so.
    assert "Appendix B: Definitions" not in text
    assert "Full definitions: in the HTML pack and the workbook's Definitions sheet" in text


def test_every_rows_months_ytd_and_rag_print_as_the_results_table_formats_them(
    internal: Rendered,
) -> None:
    for row in internal.pack.rows():
        assert _cells(row) in internal.text, row.indicator.id
    rags = {r.rag for r in internal.pack.rows()}
    assert rags >= {"Green", "Red", "Grey"}


def test_comparators_and_their_year_are_printed(internal: Rendered) -> None:
    (fd8,) = [r for r in internal.pack.rows() if r.indicator.id == "FD 8"]
    assert fd8.comparator_year
    assert f"{_cells(fd8)} {fd8.comparator_year}" in internal.text  # the Year column
    for kind, c in fd8.comparators.items():
        text = formatting.value(c.value, "percent")
        # A figure for another period than the row's Year prints its own period beneath it.
        shown = text if c.time_period == fd8.comparator_year else f"{text} {c.time_period}"
        assert shown in internal.text, kind
    assert "Year Own (DfE)" in internal.text


def test_a_comparator_later_than_the_report_month_is_not_shown(pack_store: Path) -> None:
    for period in ("2020-06", "2021-03"):
        pack = model.build(pack_store, period)
        for row in pack.rows():
            for c in row.comparators.values():
                assert c.period_end is None or c.period_end <= pack.period_end, (period, c)


def test_a_count_is_compared_with_an_annual_figure(internal: Rendered) -> None:
    # MIS 2's published figures are counts for a whole year: they are marked, and the
    # indicator's own 12-month figure is printed beneath the table, never the YTD alone.
    (mis2,) = [r for r in internal.pack.rows() if r.indicator.id == "MIS 2"]
    assert mis2.annual_comparators and mis2.annual is not None
    own = mis2.comparators["own"]
    assert f"{formatting.value(own.value, 'count')}†" in internal.text
    assert (
        f"† MIS 2 ({mis2.title}): the published figures are counts for the whole year "
        f"{own.time_period}; the council's own count for the 12 months to March 2021 is "
        f"{mis2.annual.text}."
    ) in internal.text
    # A percentage compares with its comparator's year as it is: no mark.
    (fd8,) = [r for r in internal.pack.rows() if r.indicator.id == "FD 8"]
    assert not fd8.annual_comparators


def test_pages_are_numbered_and_marked_official_sensitive(internal: Rendered) -> None:
    pages = internal.pages
    assert len(pages) > 1
    for n, page in enumerate(pages, 1):
        assert f"Page {n} of {len(pages)}" in page
        assert page.count("OFFICIAL-SENSITIVE") >= 2  # header and footer


def test_table_headers_repeat_on_every_table_page(internal: Rendered) -> None:
    rows = [f"{r.indicator.id} {r.title} {_cells(r)}" for r in internal.pack.rows()]
    table_pages = [p for p in internal.pages if any(row in p for row in rows)]
    assert len(table_pages) > 1
    for page in table_pages:
        assert "Id Indicator Better if Apr-20" in page


def test_published_pdf_suppresses_small_numbers_and_is_not_marked_sensitive(
    internal: Rendered, published: Rendered
) -> None:
    by_id = {r.indicator.id: r for r in internal.pack.rows()}
    hidden = [
        (row, i)
        for row in published.pack.rows()
        for i, f in enumerate(row.months)
        if f.suppressed
        and row.indicator.unit == "count"
        and 1 <= (by_id[row.indicator.id].months[i].value or 0) <= 5
    ]
    assert hidden, "the tiny borough should have a count of 1-5 to suppress"
    for row, i in hidden:
        original = by_id[row.indicator.id]
        assert row.months[i].text == "c"
        assert row.months[i].value is None  # the published Pack does not even hold it
        assert original.months[i].text == formatting.value(original.months[i].value, "count")
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
    assert html.index("<h2>Appendix A: Trend charts</h2>") > sections[-1]
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


def _row(
    values: list[float | None],
    *,
    suppressed: frozenset[int] = frozenset(),
    marks: str | None = None,
    incomplete: int = 0,
    ident: str = "FD 8",
) -> PackRow:
    """A row of monthly values from Apr-19; ``incomplete``: how many first months lack the
    history the measure needs; ``marks``: the results table's special_causes at the last."""
    ind = replace(catalogue.get(ident), short_title='Re-referrals <within> 12 months & "more"')
    ends = [date(2019 + (m + 3) // 12, (m + 3) % 12 + 1, 28) for m in range(len(values))]
    history = [
        Point(e, Figure(v, None, None, ind.unit, i in suppressed, incomplete=i < incomplete))
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
        special_causes=marks,
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
    assert "<desc>Monthly figures from Apr-19 to Mar-21. Mar-21: 23%. Target 22%." in svg
    assert "1 month(s) with small numbers are suppressed and not plotted. Lower is better." in svg
    assert "c: small number, not plotted" in svg  # the legend says so too
    assert ">Apr-19</text>" in svg and ">Apr-20</text>" in svg  # Mon-yy, via formatting.month
    assert ">20%</text>" in svg  # values via formatting.value
    assert "Target 22%" in svg and "Usual range up to 40%" in svg  # a limit below 0 is not drawn
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


def test_special_cause_points_are_read_from_the_results_marks() -> None:
    # The results table's special_causes string at the report month: one character per month
    # from the first ('+' high, '-' low, '.' common cause, ' ' not judged). The chart draws those
    # marks and nothing else: the same values with other marks draw other points.
    values: list[float | None] = [20.0, 24.0] * 6 + [None, 40.0]
    row = _row(values, marks="............ +")  # FD 8: smaller is better, so high is concerning
    kinds = charts.special_causes(row)
    assert kinds == [None] * 13 + ["concerning"]  # the missing month stays aligned
    svg = charts.trend_chart(row)
    assert svg.count(f'fill="{charts.MARKS["concerning"]}"') == 2  # the point and its legend key
    assert "Worse than usual (1 month)" in svg
    assert charts.special_causes(_with_polarity(row, "BIB"))[-1] == "improving"
    assert charts.special_causes(_with_polarity(row, "none"))[-1] == "special"
    assert charts.special_causes(_row(values, marks="-" + "." * 13))[0] == "improving"
    # Suppressed in a published pack: judged all the same, but not drawn or counted.
    hidden = _row(values, suppressed=frozenset({13}), marks="............ +")
    assert charts.special_causes(hidden)[-1] == "concerning"
    assert charts.MARKS["concerning"] not in charts.trend_chart(hidden)


def test_no_marks_mark_nothing() -> None:
    # Fewer than 12 months could be judged: the results table holds NULL, and the chart marks
    # nothing, however far a value strays.
    row = _row([20.0, 22.0] * 5 + [40.0])
    assert charts.special_causes(row) == [None] * 11
    assert "than usual" not in charts.trend_chart(row)


def test_charts_and_reports_do_not_recompute_process_control() -> None:
    # The results table holds the limits and the special causes; a view never recomputes them.
    reports = ROOT / "src" / "csc_insight" / "reports"
    for module in ("charts", "commentary", "model", "html", "excel"):
        source = (reports / f"{module}.py").read_text("utf-8")
        assert "indicators import spc" not in source, module
        assert "spc." not in source, module
    # The one exception, for disclosure control: a published chart's limits without the
    # suppressed months, in one documented function.
    tree = ast.parse((reports / "suppression.py").read_text("utf-8"))
    users = {
        f.name
        for f in ast.walk(tree)
        if isinstance(f, ast.FunctionDef)
        for node in ast.walk(f)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "spc"
    }
    assert users == {"spc_from_shown"}


def _ticks(svg: str) -> list[str]:
    return re.findall(r'text-anchor="end">([^<]+)</text>', svg)


def test_count_axes_start_at_zero() -> None:
    # Contacts a month between 1,100 and 1,300: a count axis from 1,000 would make a 10% change
    # look like a doubling.
    row = _row([1100.0 + 20 * (i % 10) for i in range(24)], ident="FD contacts")
    row.target = None
    assert _ticks(charts.trend_chart(row))[0] == "0"
    # A percentage keeps the range its values need.
    percent = _row([96.0, 98.0, 99.0] * 8)
    percent.target, percent.limits = None, None
    assert _ticks(charts.trend_chart(percent))[0] != "0%"


def test_months_without_full_history_are_shaded_and_left_out_of_the_limits() -> None:
    # The first 12 months lack the look-back the measure needs (a re-referral's 12 months):
    # a grey band behind them, their line grey, the centre and limits drawn only from the first
    # complete month, a legend entry, and a caption that does not judge them.
    values = [2.0 + i for i in range(12)] + [25.0 + i % 3 for i in range(12)]
    row = _row(values, incomplete=12)
    row.limits = (26.0, 20.0, 32.0)
    svg = charts.trend_chart(row, titled=False)
    assert f'fill="{charts.INCOMPLETE}"' in svg
    assert f'stroke="{charts.INCOMPLETE_INK}"' in svg
    plot_left = 34
    centre = re.search(rf'<path d="M([\d.]+) [\d.]+ H[\d.]+" stroke="{charts.CENTRE}"', svg)
    assert centre and float(centre.group(1)) > plot_left + 80  # starts at Apr-20, not Apr-19
    assert ("incomplete", "Incomplete history before Apr-20") in charts.legend(row)
    assert row.first_complete == date(2020, 4, 28)
    everything_early = _row(values[:6], incomplete=6)
    assert charts.caption(everything_early) == (
        "September 2019: incomplete history, not judged. Lower is better."
    )


def test_caption_is_plain_words_without_column_names(internal: Rendered) -> None:
    html = internal.html
    captions = re.findall(r"<figcaption>(.*?)</figcaption>", html, re.S)
    assert len(captions) == len(internal.pack.rows())
    for values, caption in (
        re.match(r'<span class="values">(.*?)</span>\s*(.*)', c, re.S).groups() for c in captions
    ):  # type: ignore[union-attr]
        assert not re.search(r"\b[a-z]+_[a-z_]+\b", values), values
        assert not re.search(r"\b[a-z]+_[a-z_]+\b", caption), caption  # no column names
        assert re.match(r"March 2021: (within the usual range|better than usual|worse than usual"
                        r"|higher than usual|lower than usual|incomplete history, not judged"
                        r"|too few months to judge)\.", caption), caption  # fmt: skip
    # Nowhere before the full definitions of Appendix B, which keep the catalogue's words.
    reader = html[: html.index('id="definitions"')]
    for jargon in ("special cause (", "fallen significantly", "cinv_", "non-UASC", "worker (ASYE)"):
        assert jargon not in reader, jargon


# --- the paper as a councillor reads it ------------------------------------------------------


def _font_sizes(pdf: Path) -> list[list[float]]:
    """The printed size (points, after any scaling) of every visible character, page by page."""
    import pypdfium2
    import pypdfium2.raw as pdfium

    document = pypdfium2.PdfDocument(pdf)
    try:
        pages = []
        for page in document:
            text = page.get_textpage()
            sizes = []
            for i in range(text.count_chars()):
                if chr(pdfium.FPDFText_GetUnicode(text, i)).isspace():
                    continue
                m = pdfium.FS_MATRIX()
                pdfium.FPDFText_GetMatrix(text, i, m)
                scale = abs(m.a * m.d - m.b * m.c) ** 0.5
                sizes.append(pdfium.FPDFText_GetFontSize(text, i) * scale)
            pages.append(sizes)
        return pages
    finally:
        document.close()


def test_no_text_in_the_pdf_is_smaller_than_8_points(internal: Rendered) -> None:
    # Tables were printed at 6.8 pt and captions at 6.5 pt: every character, tables, captions,
    # chart axes and page margins included, is now 8 pt or more.
    pages = _font_sizes(internal.pdf)
    assert len(pages) == len(internal.pages)
    assert all(pages), "every page has text"
    smallest = min(min(sizes) for sizes in pages)
    assert smallest >= 7.95, smallest


def test_the_glossary_is_one_page_after_the_summary(internal: Rendered) -> None:
    (page,) = [p for p in internal.pages if "Glossary RAG (red, amber, green)" in p]
    number = internal.pages.index(page) + 1
    assert number == 2
    for term, meaning in glossary.TERMS:
        assert _squash(term) in page and _squash(meaning)[:60] in page, term
    for word in ("RAG", "olarity", "YTD", "tatistical neighbours", "special cause", "common cause",
                 "UASC", "CIN", "CP", "CLA", "ASYE", "NQSW", "section 47", "ICPC",
                 "Incomplete history", "Suppression"):  # fmt: skip
        assert word in page, word
    assert f"Glossary (page {number})" in internal.pages[0]  # the contents say where


def test_every_page_of_charts_has_a_legend(internal: Rendered) -> None:
    # The legend was printed once, before the first chart. Now the key to the lines and marks
    # heads every page that holds a chart (the charts table's head, repeated by the print), and
    # each chart's own values (target, average, usual range) are printed beneath it.
    key = "Key: " + " ".join(text for _key, text in charts.KEY)
    chart_pages = [p for p in internal.pages if "March 2021: " in p]
    assert len(chart_pages) >= 3
    for page in chart_pages:
        assert _squash(key).replace("◆ ", "") in page.replace("◆ ", "")
    for row in internal.pack.rows():
        values = " · ".join(text for _key, text in charts.legend(row)[1:])
        assert values in internal.html, row.indicator.id
    assert {k for k, _ in charts.KEY} >= {
        k for r in internal.pack.rows() for k, _ in charts.legend(r)
    } - {"note"}


def test_chart_titles_are_whole(internal: Rendered) -> None:
    # Chart titles were cut off at two lines; a short title prints in full under its id.
    for row in internal.pack.rows():
        assert f"{row.indicator.id} {row.title}" in internal.text
    assert "overflow: hidden" not in internal.html


def test_no_chart_page_is_left_half_empty(internal: Rendered) -> None:
    # The appendix follows on from the tables; four charts a row, three rows a page: a page of
    # charts that is not the last holds at least two rows (eight charts).
    pages = [p for p in internal.pages if "March 2021: " in p]
    for page in pages[1:-1]:
        assert page.count("March 2021: ") >= 8


def test_incomplete_history_is_marked_in_the_table(pack_store: Path, tmp_path: Path) -> None:
    # Reported for a month of the first year loaded, FD 8's re-referrals have no 12 months of
    # earlier referrals to repeat: marked in the table, not rated, and explained beneath it.
    pack = model.build(pack_store, "2019-09")
    (fd8,) = [r for r in pack.rows() if r.indicator.id == "FD 8"]
    if not fd8.months[-1].incomplete:
        pytest.skip("the results table has no full_history column yet")
    assert fd8.latest.incomplete and fd8.rag == "Grey"
    html = render_html(pack)
    assert f'title="Incomplete history">{fd8.latest.text}<span class="mark">*</span>' in html
    assert "* Incomplete history: the data loaded does not yet reach back" in html
    # A position at a month end shows the month's own figure, complete once the month is.
    (wf6,) = [r for r in pack.rows() if r.indicator.id == "WF 6"]
    assert wf6.latest.incomplete == wf6.months[-1].incomplete
