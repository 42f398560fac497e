"""The pack's education section (issue 22): a missing period reads "not published", never 0, in
every output (the HTML, the PDF's text and the workbook's cell); the arrows of the issue's
examples (Attainment 8 48.9 against England's 50.2 is below and worse; primary schools good or
outstanding 91 against 88 is above and better), coloured and in words; the EHCP scenarios'
figures as numbers in the workbook; the commentary from the arrows; no records, no section;
`csc report --education` refuses a faulty file before any work."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from csc_insight.cli import main
from csc_insight.education.figures import NOT_PUBLISHED, Figure
from csc_insight.education.model import (
    AnnualFigure,
    EducationRecords,
    EhcpScenario,
    HighNeedsYear,
    MonthlyFigure,
    Placement,
    Source,
)
from csc_insight.indicators.catalogue import slug
from csc_insight.indicators.engine import compute
from csc_insight.reports import education_section
from csc_insight.reports.excel import render_excel
from csc_insight.reports.html import render_html
from csc_insight.reports.model import Pack
from csc_insight.reports.pdf import render_pdf
from csc_insight.reports.report import Written, write_pack
from csc_insight.store import db
from csc_insight.store.load import ingest
from tests.reports.test_finance_section import pack_of

AS_AT = date(2021, 3, 31)
SRC = Source("education.xlsx [Monthly]", 2)
MONTHS = [date(2020, m, 1) for m in range(4, 13)] + [date(2021, m, 1) for m in (1, 2, 3)]
#: Children missing education each month, April 2020 to March 2021; None: not published (the
#: months schools were shut). A 0 in March 2021 is a real nought, printed as 0.
CME: list[float | None] = [34, None, None, 61, 22, 230, 184, 88, 6, 59, 52, 0]


def monthly() -> tuple[MonthlyFigure, ...]:
    out = []
    for m, v in zip(MONTHS, CME, strict=True):
        value: Figure = NOT_PUBLISHED if v is None else v
        out.append(MonthlyFigure("CME 1", m, value, SRC))
    out.append(MonthlyFigure("CME 1", date(2020, 3, 1), 111, SRC))
    return tuple(out)


def annual() -> tuple[AnnualFigure, ...]:
    out = []
    for measure, own, england, neighbours in (
        ("KS4 1", [45.1, 45.8, 45.5, 48.9], 50.2, 50.8),  # Attainment 8
        ("OFS 1", [81, 78, 83, 91], 88, 92),  # primary good or outstanding
        ("EYFS 1", [72.0, 73.1, 74.6, None], 71.8, 73.3),  # 2020: assessments cancelled
    ):
        for year, v in zip((2017, 2018, 2019, 2020), own, strict=True):
            value: Figure = NOT_PUBLISHED if v is None else v
            out.append(AnnualFigure(measure, year, "own", value, SRC))
        latest = 2020 if own[-1] is not None else 2019
        out.append(AnnualFigure(measure, latest, "england", england, SRC))
        out.append(AnnualFigure(measure, latest, "neighbours", neighbours, SRC))
    return tuple(out)


def records() -> EducationRecords:
    return EducationRecords(
        monthly(),
        annual(),
        (
            Placement("2019-20", "in", 40, 900, 18_000_000, SRC),
            Placement("2019-20", "out", 60, 300, 12_000_000, SRC),
        ),
        (EhcpScenario(50, 20_000, SRC), EhcpScenario(100, 20_000, SRC)),
        (HighNeedsYear("2019-20", 60_000, 65_000, 13_500, 14_600, None, 17_000, SRC),),
    )


def pack(published: bool = False) -> Pack:
    p = pack_of(None, published=published)
    p.education = education_section.build(records(), AS_AT, published=published)
    return p


def row_html(html: str, measure_id: str) -> str:
    found = re.search(rf'<tr id="ed-{slug(measure_id)}">(.*?)</tr>', html, re.S)
    assert found, measure_id
    return found.group(1)


def cells(row: str) -> list[str]:
    no_svg = re.sub(r"<svg.*?</svg>", "", row, flags=re.S)
    return [
        re.sub(r"<[^>]+>", "", c).strip()
        for c in re.findall(r"<t[dh][^>]*>.*?</t[dh]>", no_svg, re.S)
    ]


# -- "not published", never 0, in every output ---------------------------------------------------


def test_html_shows_a_missing_month_as_not_published_never_0() -> None:
    html = render_html(pack())
    got = cells(row_html(html, "CME 1"))
    figures = got[3:15]
    assert figures[1] == figures[2] == "not published"  # May and June 2020
    assert figures[0] == "34" and figures[-1] == "0"  # a real 0 is still 0
    assert figures.count("0") == 1
    assert '<td class="num np">not published</td>' in row_html(html, "CME 1")


def test_html_shows_a_cancelled_year_as_not_published() -> None:
    got = cells(row_html(render_html(pack()), "EYFS 1"))
    assert got[3:7] == ["72.0", "73.1", "74.6", "not published"]  # 2017 to 2020
    # The latest year is then 2019's, against the year before and 2019's comparators.
    assert got[7:12] == ["↑ +1.5 up (better)", "71.8", "↑ +2.8 above (better)", "73.3",
                         "↑ +1.3 above (better)"]  # fmt: skip


def test_pdf_text_shows_not_published(tmp_path: Path) -> None:
    out = tmp_path / "pack.pdf"
    render_pdf(pack(), out)
    text = " ".join(p.extract_text() for p in PdfReader(out).pages)
    text = re.sub(r"\s+", " ", text)
    assert "Number of children missing education" in text
    # April 34, then May and June not published, then July 61: in the row's order.
    assert re.search(r"34 not published not published 61 22 230", text), text[:3000]


def test_excel_cell_holds_not_published_text_not_0_or_blank(tmp_path: Path) -> None:
    out = tmp_path / "pack.xlsx"
    render_excel(pack(), out)
    ws = openpyxl.load_workbook(out)["Education monthly"]
    rows = list(ws.iter_rows(values_only=True))
    header = rows[2]
    cme = next(r for r in rows if r[0] == "CME 1")
    may = header.index("May-20")
    assert cme[may] == "not published" and cme[may + 1] == "not published"
    assert cme[header.index("Apr-20")] == 34  # a number, not text
    assert cme[header.index("Mar-21")] == 0  # the real nought
    annual_rows = list(openpyxl.load_workbook(out)["Education annual"].iter_rows(values_only=True))
    eyfs = next(r for r in annual_rows if r[0] == "EYFS 1")
    assert eyfs[annual_rows[2].index("2020")] == "not published"


def test_a_published_pack_hides_a_small_count_of_children_but_not_a_nought_or_a_gap(
    tmp_path: Path,
) -> None:
    got = cells(row_html(render_html(pack(published=True)), "CME 1"))
    figures = got[3:15]
    # Nothing of 1 to 5 here: Dec-20's 6 is shown, "not published" stays so, a true 0 is 0.
    assert figures[8] == "6"
    assert figures[1:3] == ["not published", "not published"] and figures[-1] == "0"
    records_ = records()
    small = tuple(
        MonthlyFigure(f.measure, f.month, 3, f.source) if f.month == date(2020, 12, 1) else f
        for f in records_.monthly
    )
    section = education_section.build(EducationRecords(small), AS_AT, published=True, threshold=5)
    assert section is not None
    [cme] = section.monthly
    assert cme.texts()[8] == "c" and cme.points()[8] is None  # Dec-20: 3 children
    assert cme.texts()[11] == "0"  # a true nought is shown, as the DfE shows one
    internal = education_section.build(EducationRecords(small), AS_AT)
    assert internal is not None and internal.monthly[0].texts()[8] == "3"
    p = pack_of(None, published=True)
    p.education = section
    render_excel(p, tmp_path / "pack.xlsx")
    rows = list(
        openpyxl.load_workbook(tmp_path / "pack.xlsx")["Education monthly"].iter_rows(
            values_only=True
        )
    )
    row = next(r for r in rows if r[0] == "CME 1")
    assert row[rows[2].index("Dec-20")] == "c" and 3 not in row[3:15]


def test_a_change_from_a_hidden_month_is_hidden_and_not_commented() -> None:
    small = tuple(
        MonthlyFigure(f.measure, f.month, 4, f.source) if f.month == date(2020, 3, 1) else f
        for f in monthly()
    )  # March 2020, the month the last month is compared with: 4 children
    section = education_section.build(EducationRecords(small), AS_AT, published=True)
    assert section is not None
    [cme] = section.monthly
    assert cme.change_text == "c"  # 0 - 4 would say it
    assert not any(
        b.indicator_id == "CME 1" for _k, _h, bs in section.commentary.groups() for b in bs
    )


def test_schools_are_not_children() -> None:
    f = MonthlyFigure("SCH 1", date(2021, 3, 1), 4, SRC)
    section = education_section.build(EducationRecords((f,)), AS_AT, published=True)
    assert section is not None and section.monthly[0].texts()[-1] == "4"


# -- the arrows --------------------------------------------------------------------------------


def test_attainment_8_below_england_is_a_red_down_arrow_worded_worse() -> None:
    row = row_html(render_html(pack()), "KS4 1")
    gap = re.search(r'<td class="move move-(\w+)">(↓ -1.3 below \(worse\))</td>', row)
    assert gap and gap.group(1) == "worse"


def test_primary_good_or_outstanding_above_england_is_a_green_up_arrow_worded_better() -> None:
    row = row_html(render_html(pack()), "OFS 1")
    assert '<td class="move move-better">↑ +3 above (better)</td>' in row
    assert '<td class="move move-worse">↓ -1 below (worse)</td>' in row  # neighbours: 92
    assert '<td class="move move-better">↑ +8 up (better)</td>' in row  # on 2019's 83


def test_the_arrows_are_coloured_in_the_workbook(tmp_path: Path) -> None:
    out = tmp_path / "pack.xlsx"
    render_excel(pack(), out)
    ws = openpyxl.load_workbook(out)["Education annual"]
    row = next(r for r in ws.iter_rows() if r[0].value == "KS4 1")
    gap = next(c for c in row if c.value == "↓ -1.3 below (worse)")
    assert gap.fill.fgColor.rgb.endswith("FFC7CE")  # red
    ofs = next(r for r in ws.iter_rows() if r[0].value == "OFS 1")
    up = next(c for c in ofs if c.value == "↑ +3 above (better)")
    assert up.fill.fgColor.rgb.endswith("C6EFCE")  # green


# -- SEND, EHCP, high needs ---------------------------------------------------------------------


def test_the_ehcp_scenarios_are_numbers_in_the_workbook(tmp_path: Path) -> None:
    out = tmp_path / "pack.xlsx"
    render_excel(pack(), out)
    book = openpyxl.load_workbook(out)
    rows = list(book["EHCP scenarios"].iter_rows(values_only=True))
    assert (50, 20000, 1_000_000) in rows and (100, 20000, 2_000_000) in rows
    send = list(book["SEND placements"].iter_rows(values_only=True))
    assert ("Total", None, 1200, 30_000_000, 25_000) in send  # £30m / 1,200 pupils
    high = list(book["High needs"].iter_rows(values_only=True))
    # 65,000 - 60,000 = 5,000 overspent, on 13,500 brought forward: 18,500; plan 17,000.
    assert ("2019-20", 60000, 65000, 5000, 18500, 17000, 1500, 14600) in high


def test_the_scenarios_in_the_html() -> None:
    html = render_html(pack())
    table = re.search(r'id="ed-table-ehcp-scenarios">(.*?)</table>', html, re.S)
    assert table and "2,000,000" in table.group(1)


# -- the commentary -----------------------------------------------------------------------------


def test_the_commentary_comes_from_the_arrows() -> None:
    section = education_section.build(records(), AS_AT)
    assert section is not None
    c = section.commentary
    assert [b.indicator_id for b in c.do_better] == ["KS4 1"]  # below both
    assert "48.9 in 2020, below England (50.2) and below statistical neighbours (50.8)" in (
        c.do_better[0].text
    )
    assert [b.indicator_id for b in c.to_watch] == ["OFS 1"]  # above England, below neighbours
    assert "EYFS 1" in [b.indicator_id for b in c.going_well]  # 2019: above both
    html = render_html(pack())
    assert 'href="#ed-ks4_1"' in html


def test_a_monthly_change_into_a_nought_is_not_commented_as_missing() -> None:
    section = education_section.build(records(), AS_AT)
    assert section is not None
    [cme] = section.monthly
    assert cme.change_text == "↓ -111 down (better)"  # 0 in March 2021 against 111


# -- absent, and the command -------------------------------------------------------------------


def test_no_records_no_section(tmp_path: Path) -> None:
    assert education_section.build(EducationRecords(), AS_AT) is None
    p = pack_of(None)
    html = render_html(p)
    assert 'id="education"' not in html and 'href="#education"' not in html
    render_excel(p, tmp_path / "pack.xlsx")
    assert not any(
        n.startswith("Education") for n in openpyxl.load_workbook(tmp_path / "pack.xlsx").sheetnames
    )


def test_report_refuses_a_faulty_education_file_before_any_work(tmp_path: Path) -> None:
    bad = tmp_path / "monthly_figures.csv"
    bad.write_text("Measure,Month,Value,Taken from,Note\nNOPE 9,2021-13,x,,\n", encoding="utf-8")
    out = tmp_path / "pack"
    result = CliRunner().invoke(
        main,
        ["report", "--education", str(bad), "--out", str(out), "--store", str(tmp_path / "no")],
    )
    assert result.exit_code != 0
    assert "monthly_figures.csv" in result.output
    assert not out.exists()


@pytest.mark.parametrize("flags", [["--education-demo"]])
def test_education_demo_and_files_are_not_both_given(tmp_path: Path, flags: list[str]) -> None:
    f = tmp_path / "monthly_figures.csv"
    f.write_text("Measure,Month,Value,Taken from,Note\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["report", *flags, "--education", str(f), "--out", str(tmp_path / "p")]
    )
    assert result.exit_code != 0 and "not both" in result.output


# -- the monthly figures as indicators: the store's computed results --------------------------

#: The council's CME 1 for April 2020 to March 2021 as entered in the template's CSV: May 2020
#: as "n/a" and February 2021 as "not published" (no figure, never 0), March 2021 with a comma.
CME_ENTERED = ["34", "n/a", "52", "61", "22", "230", "184", "88", "6", "59", "not published",
               '"4,052"']  # fmt: skip
CME_SHOWN = ["34", "not published", "52", "61", "22", "230", "184", "88", "6", "59",
             "not published", "4,052"]  # fmt: skip


@pytest.fixture(scope="module")
def store_with_education(
    computed_store: Callable[[int], Path], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The tiny borough's store (copied) with only these education figures, computed again."""
    root = tmp_path_factory.mktemp("education_store")
    store = root / "store.duckdb"
    shutil.copy(computed_store(1), store)
    con = db.connect(store)
    try:
        con.execute("DELETE FROM ext_education_figures")  # the synthetic borough's demo figures
    finally:
        con.close()
    lines = ["Measure,Month,Value,Taken from,Note"] + [
        f"CME 1,{m:%Y-%m},{v},a test," for m, v in zip(MONTHS, CME_ENTERED, strict=True)
    ]
    csv = root / "monthly_figures.csv"
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert ingest([csv], store).held == []
    compute(store)
    return store


@pytest.fixture(scope="module")
def written(store_with_education: Path, tmp_path_factory: pytest.TempPathFactory) -> Written:
    return write_pack(store_with_education, tmp_path_factory.mktemp("pack") / "pack", "2021-03")


def test_the_monthly_table_comes_from_the_store_s_results(written: Written) -> None:
    html = written.files["html"].read_text(encoding="utf-8")
    figures = cells(row_html(html, "CME 1"))[3:15]
    assert figures == CME_SHOWN
    assert figures.count("0") == 0
    assert 'id="ed-sch_1"' not in html  # no figure entered for it: no row


def test_a_month_entered_not_published_is_not_published_in_the_workbook(written: Written) -> None:
    ws = openpyxl.load_workbook(written.files["xlsx"])["Education monthly"]
    rows = list(ws.iter_rows(values_only=True))
    header = rows[2]
    cme = next(r for r in rows if r[0] == "CME 1")
    assert cme[header.index("Feb-21")] == "not published"
    assert cme[header.index("May-20")] == "not published"
    assert cme[header.index("Mar-21")] == 4052  # a number, not text
    assert [r[0] for r in rows[3:] if r[0] and str(r[0])[:3] in ("SCH", "ATT", "EXC")] == []


def test_the_kpi_sections_have_no_education_area(written: Written) -> None:
    pack = written.pack
    assert pack.education is not None
    assert [line.measure.id for line in pack.education.monthly] == ["CME 1"]
    assert pack.sections and "education" not in {s.area for s in pack.sections}
    assert not any(r.indicator.area == "education" for r in pack.rows())


# -- the authority's schools --------------------------------------------------------------------


def school_pack(published: bool = False) -> Pack:
    """The pack with tests/education/test_schools.py's schools: Attainment 8 in 2019 (Ashgrove
    45.0, Dale Park 48.9, Brook Lane 52.3; Cedar High and Elm Tree not published), and overall
    absence in 2020, a series break."""
    from tests.education.test_schools import school_records

    p = pack_of(None, published=published)
    p.education = education_section.build(records() + school_records(), AS_AT, published=published)
    return p


def _schools_html(html: str, measure_id: str) -> str:
    part = html.split(f'id="ed-schools-{slug(measure_id)}"', 1)[1]
    return part.split("</table>", 1)[0]


def test_html_schools_after_the_annual_table_worst_first_and_not_published_as_such() -> None:
    html = render_html(school_pack())
    assert html.index('id="ed-annual"') < html.index('id="ed-schools"') < html.index('id="ed-send"')
    table = _schools_html(html, "KS4 1")
    assert "2019:\n    borough 48.9, England 50.2" in table
    rows = [cells(r) for r in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1], re.S)]
    assert [r[:3] for r in rows] == [
        ["Ashgrove Academy", "100001", "45.0"],
        ["Dale Park School", "100004", "48.9"],
        ["Brook Lane School", "100002", "52.3"],
        ["Cedar High School", "100003", "not published"],
        ["Elm Tree Academy", "100005", "not published"],
    ]
    assert rows[-1][3:] == ["not published"] * 3  # no change or gap taken from a 0
    assert rows[0][5] == "↓ -5.2 below (worse)"
    assert '<td class="move move-worse">↓ -5.2 below (worse)</td>' in table
    assert '<td class="num np">not published</td>' in table
    absence = _schools_html(html, "ABS 1")
    assert "not comparable with 2019 (a series break)" in html
    assert '<td class="move move-np">not comparable</td>' in absence


def test_a_published_pack_shows_the_schools_whole() -> None:
    """Rates and scores, not counts of children: nothing suppressed."""
    table = _schools_html(render_html(school_pack(published=True)), "ABS 1")
    assert ">4.5</td>" in table and ">3.9</td>" in table and ">c</td>" not in table


def test_pdf_text_shows_a_school_not_published(tmp_path: Path) -> None:
    out = tmp_path / "pack.pdf"
    render_pdf(school_pack(), out)
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(out).pages))
    assert re.search(r"Ashgrove Academy 100001 45\.0 ↑ \+1\.0 up \(better\)", text), text[-3000:]
    # Elm Tree given as not published; Cedar High in 2018's table and not in 2019's.
    assert re.search(r"Elm Tree Academy 100005 not published not published", text)
    assert re.search(r"Cedar High School 100003 not published not published", text)
    assert not re.search(r"(Elm Tree Academy 100005|Cedar High School 100003) 0", text)


def test_excel_schools_sheet_holds_not_published_text_not_0_or_blank(tmp_path: Path) -> None:
    out = tmp_path / "pack.xlsx"
    render_excel(school_pack(), out)
    ws = openpyxl.load_workbook(out)["Education schools"]
    rows = list(ws.iter_rows(values_only=True))
    header = rows[2]
    assert header[:7] == ("Id", "Measure", "Better if", "Year", "School", "URN", "Figure")
    ks4 = [r for r in rows[3:] if r[0] == "KS4 1"]
    assert [(r[4], r[5], r[6]) for r in ks4] == [
        ("Ashgrove Academy", "100001", 45.0),  # a number, the URN text
        ("Dale Park School", "100004", 48.9),
        ("Brook Lane School", "100002", 52.3),
        ("Cedar High School", "100003", "not published"),
        ("Elm Tree Academy", "100005", "not published"),
    ]
    elm = ks4[-1]
    assert elm[header.index("Gap to England")] == "not published"
    assert elm[header.index("England")] == 50.2 and elm[header.index("Year")] == "2019"
    assert 0 not in elm
    gap = next(r for r in ws.iter_rows() if r[4].value == "Ashgrove Academy")[11]
    assert gap.value == "↓ -5.2 below (worse)" and gap.fill.fgColor.rgb.endswith("FFC7CE")
    assert [r[7] for r in rows[3:] if r[0] == "ABS 1"] == ["not comparable"] * 2
