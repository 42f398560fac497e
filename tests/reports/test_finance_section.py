"""The pack's finance and delivery section: the seed papers' printed totals in the HTML, the
workbook (opened again with openpyxl) and the PDF's text; the GRO01 and GRO03 disagreements with
both figures; a guardrail indicator turning Red changing its saving's status in the pack; forecast
accuracy; no records, no section.

Most tests draw a Pack holding only the section (no performance tables), which is quick; the
guardrails are judged from a hand-built results table, as tests/delivery/test_guardrails.py does.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import openpyxl
import pytest
from pypdf import PdfReader

from csc_insight.delivery import demo as delivery_demo
from csc_insight.delivery.model import DeliveryRecords, Project
from csc_insight.indicators.engine import RESULTS_DDL
from csc_insight.indicators.periods import month_end
from csc_insight.money import demo as money_demo
from csc_insight.money import spend
from csc_insight.money.model import BudgetLine, Entry, MoneyRecords, Source
from csc_insight.reports import finance
from csc_insight.reports.excel import render_excel
from csc_insight.reports.html import render_html
from csc_insight.reports.model import Pack
from csc_insight.reports.pdf import render_pdf
from tests.delivery.cases import guardrail

AS_AT = date(2021, 3, 31)
MONTHS = ["2021-01", "2021-02", "2021-03"]
#: Seed 000 Tables 1 and 2 and seed 003 Table 8: the totals the papers print.
SEED_TOTALS = ["105,683", "128,902", "23,219", "24,267", "-1,048", "(9,433)", "(4,694)",
               "(2,296)", "20,433", "11,000", "(4,609)", "(2,219)"]  # fmt: skip


def results(rows: list[tuple[str, str, float | None, str]]) -> duckdb.DuckDBPyConnection:
    """An in-memory results table of (indicator, month, value, rag) rows."""
    con = duckdb.connect()
    con.execute(RESULTS_DDL)
    for ident, month, value, rating in rows:
        start = date(int(month[:4]), int(month[5:]), 1)
        con.execute(
            "INSERT INTO results (indicator_id, period_id, period_type, period_start, period_end, "
            "value, rag, signal, full_history, computed_at) VALUES (?, ?, 'month', ?, ?, ?, ?, "
            "'common cause', true, ?)",
            [ident, month, start, month_end(start), value, rating, datetime(2021, 4, 1)],
        )
    return con


def pack_of(section: finance.FinanceSection | None, published: bool = False) -> Pack:
    """A pack holding only the finance section (no performance tables)."""
    return Pack(
        period="2021-03",
        period_end=AS_AT,
        months=[],
        financial_year="2020-21",
        sections=[],
        published=published,
        generated_at=datetime(2021, 4, 6, 9, 0),
        finance=section,
    )


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#39;", "'")


def seed_section(con: duckdb.DuckDBPyConnection | None = None) -> finance.FinanceSection:
    s = finance.build(
        money_demo.seed_records(),
        delivery_demo.seed_records(),
        AS_AT,
        con=con,
        month="2021-03" if con else None,
        spend_lines=spend.demo_lines(),
    )
    assert s is not None
    return s


def sheet_values(path: Path) -> dict[str, list[tuple[object, ...]]]:
    wb = openpyxl.load_workbook(path)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}


# -- the seed totals in each output -------------------------------------------------------------


def test_the_seed_totals_are_in_the_html() -> None:
    html = render_html(pack_of(seed_section()))
    text = text_of(html)
    assert 'id="finance"' in html and 'href="#finance"' in html
    for figure in SEED_TOTALS:
        assert f" {figure} " in text, figure
    # Table 1's total row, in order, as the paper prints it.
    assert re.search(r"Total 105,683 128,902 23,219", text)
    assert "11,192" in text  # the gap to London, seed 003 5.1
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids))  # every anchor once (a part and its table are apart)


def test_the_seed_totals_are_numbers_in_the_workbook(tmp_path: Path) -> None:
    out = tmp_path / "pack.xlsx"
    render_excel(pack_of(seed_section()), out)
    sheets = sheet_values(out)
    budget = sheets["Budget Q3 2020-21"]
    total = next(r for r in budget if r[0] == "Total")
    assert total[1:4] == (105683, 128902, 23219)
    assert all(isinstance(v, int | float) for v in total[1:4])  # numbers, not text
    movement = next(r for r in sheets["Movement Q3 2020-21"] if r[0] == "Total")
    assert movement[2:5] == (24267, 23219, -1048)
    mtfs = sheets["MTFS"]
    assert next(r for r in mtfs if r[0] == "Total savings")[1:4] == (-9433, -4694, -2296)
    assert next(r for r in mtfs if r[0] == "Total growth")[1:4] == (20433, 85, 77)
    net = next(r for r in mtfs if r[0] == "Net (growth − savings)")
    assert net[1:4] == (11000, -4609, -2219)
    gap = next(r for r in sheets["Spend 2019-20"] if r[0] == "Total counted in the gap")
    assert gap[6] == 11192
    # The brackets are the number format's, not typed text.
    wb = openpyxl.load_workbook(out)
    cell = next(c for row in wb["MTFS"].iter_rows() for c in row if c.value == -9433)
    assert cell.number_format == finance_format("mtfs")


def finance_format(kind: str) -> str:
    from csc_insight.reports.excel_finance import FORMATS

    return FORMATS[kind]


def test_the_seed_totals_are_in_the_pdf(tmp_path: Path) -> None:
    out = tmp_path / "pack.pdf"
    render_pdf(pack_of(seed_section()), out)
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(out).pages))
    for figure in SEED_TOTALS:
        assert figure in text, figure
    assert "GRO01" in text and "8,341" in text and "8,211" in text


# -- disagreements ------------------------------------------------------------------------------


def test_gro01_and_gro03_are_named_with_both_figures_and_their_sources() -> None:
    table = seed_section().table("Disagreements")
    rows = [[c.text for c in r.cells] for r in table.rows]
    gro01 = next(r for r in rows if "CFE GRO01" in r[0] and r[1] == "2021-22")
    assert gro01[2] == "8,211" and "Table 8" in gro01[3]
    assert gro01[4] == "8,341" and "project overview CFE GRO01" in gro01[5]
    gro03 = next(r for r in rows if "CFE GRO03" in r[0])
    assert (gro03[2], gro03[4]) == ("6,477", "6,447")
    html = text_of(render_html(pack_of(seed_section())))
    assert "8,211" in html and "8,341" in html and "6,477" in html and "6,447" in html


def test_a_printed_total_that_disagrees_is_shown_with_the_computed_one() -> None:
    money = money_demo.seed_records()
    wrong = replace(money.printed[-1], figure=Decimal(9999))  # the MTFS's printed 2023-24 net
    section = finance.build(replace(money, printed=(*money.printed[:-1], wrong)), None, AS_AT)
    assert section is not None
    rows = [[c.text for c in r.cells] for r in section.table("Disagreements").rows]
    row = next(r for r in rows if r[2] == "9,999")
    assert row[4] == "-2,219"  # what the proposals give
    assert "printed" in row[0]


# -- guardrails ---------------------------------------------------------------------------------


def one_project(*guardrails: object) -> DeliveryRecords:
    seed = delivery_demo.seed_records()
    sav02 = next(p for p in seed.projects if p.ref == "CFE SAV02")
    return DeliveryRecords(projects=(sav02,), guardrails=tuple(guardrails))  # type: ignore[arg-type]


def guardrail_rows(section: finance.FinanceSection) -> list[list[str]]:
    return [[c.text for c in r.cells] for r in section.table("Guardrails").rows]


@pytest.mark.parametrize("march", ["Green", "Red"])
def test_an_indicator_turning_red_breaches_the_saving_in_the_pack(
    march: str, tmp_path: Path
) -> None:
    con = results(
        [("EH 9", m, 10.0, r) for m, r in zip(MONTHS, ["Green", "Green", march], strict=True)]
    )
    delivery = one_project(guardrail("EH 9", "no adverse signal"))
    section = finance.build(money_demo.seed_records(), delivery, AS_AT, con=con, month="2021-03")
    assert section is not None
    rows = guardrail_rows(section)
    delivery_row = [c.text for c in section.table("Delivery").rows[0].cells]
    html = render_html(pack_of(section))
    out = tmp_path / "pack.xlsx"
    render_excel(pack_of(section), out)
    sheet = sheet_values(out)["Guardrails"]
    if march == "Green":
        assert rows[0][2] == "holds" and delivery_row[-1] == "holds"
        assert '<td class="rag rag-green">holds</td>' in html
        assert ">breached" not in html
        return
    assert rows[0][2] == "breached"  # the saving's status, its worst guardrail's
    assert rows[0][6] == "2021-03: holds to breached"  # the month that changed it
    assert rows[1][2] == "breached" and rows[1][4] == "Red" and "rated Red" in rows[1][5]
    assert delivery_row[-1] == "breached since 2021-03"  # beside the saving in the tracker
    assert '<td class="rag rag-red">breached since 2021-03</td>' in html
    assert any(r[2] == "breached" for r in sheet if r and r[0] == "CFE SAV02")


def test_a_threshold_guardrail_shows_its_value_and_a_missing_figure_is_no_figure() -> None:
    con = results(
        [("CLA 3", m, v, "Grey") for m, v in zip(MONTHS, [470.0, 480.0, 490.0], strict=True)]
    )
    delivery = one_project(guardrail("CLA 3", "at most", 484), guardrail("FD 8", "at most", 22))
    section = finance.build(money_demo.seed_records(), delivery, AS_AT, con=con, month="2021-03")
    assert section is not None
    rows = guardrail_rows(section)
    cla = next(r for r in rows if r[1] == "CLA 3 at most 484")
    assert (cla[2], cla[3]) == ("breached", "490")
    fd8 = next(r for r in rows if r[1] == "FD 8 at most 22")
    assert (fd8[2], fd8[3]) == ("no figure", "no figure")


def test_a_published_pack_hides_a_small_guardrail_count() -> None:
    con = results([("CL ARE", m, 3.0, "Grey") for m in MONTHS])
    delivery = one_project(guardrail("CL ARE", "at most", 60))
    section = finance.build(
        None, delivery, AS_AT, con=con, month="2021-03", published=True, threshold=5
    )
    assert section is not None
    row = next(r for r in guardrail_rows(section) if r[1].startswith("CL ARE"))
    assert row[3] == "c" and "3" not in row[5]


def test_without_results_the_guardrails_are_not_checked() -> None:
    section = finance.build(None, one_project(guardrail("EH 9", "no adverse signal")), AS_AT)
    assert section is not None
    assert [c.text for c in section.table("Delivery").rows[0].cells][-1] == "not checked"
    assert section.table("Guardrails").rows == ()


# -- forecast accuracy --------------------------------------------------------------------------

ENTRY = Entry("tester", date(2021, 5, 1))


def line(service: str, budget: int, projected: list[int], outturn: int | None) -> BudgetLine:
    q = tuple(Decimal(p) for p in projected)
    return BudgetLine(
        "2020-21", service, Decimal(budget), q, None if outturn is None else Decimal(outturn),  # type: ignore[arg-type]
        ENTRY, Source("hand-built"),
    )  # fmt: skip


def test_forecast_accuracy_quarter_by_quarter() -> None:
    money = MoneyRecords(
        budget_lines=(
            line("A", 100, [110, 108, 104, 101], 100),
            line("B", 50, [50, 60, 55, 55], 55),
        )
    )
    section = finance.build(money, None, AS_AT)
    assert section is not None
    rows = [[c.text for c in r.cells] for r in section.table("Accuracy 2020-21").rows]
    assert ["A", "Q1", "110", "100", "10", "10%"] in rows
    assert ["B", "Q2", "60", "55", "5", "9%"] in rows
    # The totals: Q1 160 against 155 (3% too high), Q4 156 against 155.
    assert ["Total", "Q1", "160", "155", "5", "3%"] in rows
    assert ["Total", "Q4", "156", "155", "1", "1%"] in rows


def test_no_outturn_says_so() -> None:
    table = seed_section().table("Accuracy 2020-21")
    assert table.rows == ()
    assert "No final outturn is entered for 2020-21" in table.note


# -- no records, no section ---------------------------------------------------------------------


def test_absent_records_give_no_section(tmp_path: Path) -> None:
    assert finance.build(None, None, AS_AT) is None
    assert finance.build(MoneyRecords(), DeliveryRecords(), AS_AT) is None
    pack = pack_of(None)
    html = render_html(pack)
    assert 'id="finance"' not in html and "Finance and delivery" not in html
    out = tmp_path / "pack.xlsx"
    render_excel(pack, out)
    assert "MTFS" not in openpyxl.load_workbook(out).sheetnames


def test_delivery_alone_gives_its_parts_only() -> None:
    only = DeliveryRecords(
        projects=(Project("X1", "A project", None, None, {}, None, None, None, ENTRY, Source("t")),)
    )
    section = finance.build(None, only, AS_AT)
    assert section is not None
    assert [p.key for p in section.parts] == ["delivery"]
    assert [c.text for c in section.table("Delivery").rows[0].cells][2] == "Grey"
