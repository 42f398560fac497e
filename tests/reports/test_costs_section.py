"""The cost tracker in the pack's finance and delivery section: its totals are the tracker's
(a hand-built year with known answers), a published pack hides small counts and the money of so
few rows, nothing of one child reaches the HTML, the PDF or the workbook, no cost rows means no
part, and `csc report --costs` refuses a faulty file before any work."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from csc_insight.cli import main
from csc_insight.costs import demo as costs_demo
from csc_insight.costs.model import CostRow, Placement, StoreFacts
from csc_insight.costs.periods import year_of
from csc_insight.costs.tracker import by_line, total
from csc_insight.costs.view import View, build
from csc_insight.money.model import BudgetLine, Entry, MoneyRecords, Source
from csc_insight.reports import finance
from csc_insight.reports.html import render_html
from csc_insight.reports.report import write_pack
from tests.reports.test_finance_section import pack_of, text_of

AS_AT = date(2021, 3, 31)
LINE = "Looked after children placements"
WHO = Entry("test", AS_AT)


def row(
    child: str,
    weekly: int,
    placement: str | None = None,
    *,
    start: date = date(2020, 4, 1),
    end: date | None = None,
    review: date | None = date(2021, 6, 1),
    spot: bool = False,
    line: str = LINE,
) -> CostRow:
    return CostRow(
        child, placement, "placement" if placement else "cwd package", "Provider",
        "external", "spot" if spot else "framework", Decimal(weekly), start, end, review,
        line, WHO, Source("costs.xlsx [Costs]", None, 2),
    )  # fmt: skip


def placement(pid: str, child: str, start: date = date(2019, 1, 1)) -> Placement:
    return Placement(pid, child, start, None, "U4", "PR2", "C2", False)


def budget(k: int, line: str = LINE) -> BudgetLine:
    return BudgetLine("2020-21", line, Decimal(k), (None,) * 4, None, WHO, Source("money.xlsx"))


def hand_built(n: int = 8) -> View:
    """``n`` children each placed the whole year at £7,000 a week (365 days: £365,000 each), one
    of them spot-purchased and overdue its review, and one child paid who is unknown to the
    store, against a budget of £4,000k."""
    rows = [row(f"C{i}", 7000, f"P{i}") for i in range(n)]
    rows[0] = row("C0", 7000, "P0", spot=True, review=date(2021, 1, 1))
    facts = StoreFacts(
        {f"P{i}": placement(f"P{i}", f"C{i}") for i in range(n)},
        frozenset(f"C{i}" for i in range(n)),
        AS_AT,
    )
    rows.append(row("X1", 700))  # a package for a child the store does not know
    return build(rows, facts, AS_AT, [budget(4000)])


def cells(section: finance.FinanceSection, key: str) -> list[list[str]]:
    return [[c.text for c in r.cells] for r in section.table(key).rows]


def section_of(view: View, published: bool = False) -> finance.FinanceSection:
    s = finance.build(None, None, AS_AT, costs=view, published=published)
    assert s is not None
    return s


def test_the_totals_are_the_trackers_with_known_answers() -> None:
    view = hand_built()
    s = section_of(view)
    # 8 × £365,000 + £700 × 365 / 7 (£36,500) = £2,956,500: £2,957k against £4,000k.
    year = year_of(AS_AT)
    assert total(view.tracked, year) == Decimal(2_956_500)
    [line] = by_line(view.tracked, year, view.budgets)
    assert cells(s, "Costs by line") == [[LINE, "9", "2,957", "2,957", "4,000", "1,044"]]
    assert line.difference_k == Decimal("1043.5")  # rounds half up to 1,044, as printed
    periods = {r[0].split(":")[0].split(",")[0]: r[1:] for r in cells(s, "Costs by period")}
    assert periods["Projected year"] == ["9", "2,957"]
    assert periods["To date"] == ["9", "2,957"]  # as at 31 March: the whole year is to date
    # Q1: 91 days: 8 × 7000 × 91/7 + 700 × 91/7 = 728,000 + 9,100.
    assert periods["Q1"] == ["9", "737"]
    panel = {r[0]: r[1:] for r in cells(s, "Care panel")}
    assert panel["High-cost: over £5,000 a week"] == ["8", "56,000.00", "2,920"]
    assert panel["Spot purchases"] == ["1", "7,000.00", "365"]
    assert panel["Reviews overdue"] == ["1", "7,000.00", "365"]
    assert cells(s, "Reconciliation") == [["Child unknown to the store", "1"], ["Total", "1"]]


def test_two_lines_have_a_total_and_a_line_with_no_budget_says_so() -> None:
    view = hand_built()
    extra = row("C1", 350, line="Short breaks")
    view = build([*(t.row for t in view.tracked), extra], _facts(view), AS_AT, [budget(4000)])
    rows = cells(section_of(view), "Costs by line")
    assert rows[0][0] == LINE and rows[1][0] == "Short breaks"
    assert rows[1][4] == "no such line"
    assert rows[2][0] == "Total" and rows[2][3] == "2,975"  # 2,956.5 + 350 × 365 / 7 (18.25)


def _facts(view: View) -> StoreFacts:
    placements = {t.placement.placement_id: t.placement for t in view.tracked if t.placement}
    return StoreFacts(placements, frozenset(p.child_id for p in placements.values()), AS_AT)


def test_a_published_pack_hides_small_counts_and_their_money() -> None:
    internal, published = section_of(hand_built()), section_of(hand_built(), published=True)
    panel = {r[0]: r[1:] for r in cells(published, "Care panel")}
    assert panel["Spot purchases"] == ["c", "c", "c"]  # one placement: its count and its cost
    assert panel["High-cost: over £5,000 a week"] == ["8", "56,000.00", "2,920"]
    assert panel["No review date"] == ["0", "0.00", "0"]  # a true zero is shown
    assert cells(published, "Reconciliation") == [["Child unknown to the store", "c"],
                                                  ["Total", "c"]]  # fmt: skip
    assert {r[0]: r[1:] for r in cells(internal, "Care panel")}["Spot purchases"][0] == "1"


def test_a_line_of_few_rows_hides_its_cost_its_difference_and_the_years_costs() -> None:
    s = section_of(hand_built(n=3), published=True)  # 3 placements and a package: 4 rows
    assert cells(s, "Costs by line") == [[LINE, "c", "c", "c", "4,000", "c"]]
    # The year is the line's total, so the periods' costs would give it away.
    assert all(r[1:] == ["c", "c"] for r in cells(s, "Costs by period"))


def test_no_cost_rows_no_part() -> None:
    assert finance.build(None, None, AS_AT) is None
    assert finance.build(None, None, AS_AT, costs=None) is None
    html = render_html(pack_of(None))
    assert "Placement and package costs" not in html
    only = section_of(hand_built())
    assert [p.key for p in only.parts] == ["costs"]


# -- a real pack: nothing of one child in any output --------------------------------------------


@pytest.fixture(scope="module")
def published_pack(
    computed_store: Callable[[int], Path], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, list[CostRow]]:
    store = computed_store(1)
    rows = costs_demo.rows_from_store(store)
    out = tmp_path_factory.mktemp("costs_pack") / "pack"
    money = MoneyRecords(budget_lines=(budget(80_000, costs_demo.LINE),))
    write_pack(store, out, published=True, costs=rows, money=money)
    return out, rows


def _child_level(rows: list[CostRow]) -> set[str]:
    """Every id of a child or a placement the cost rows name."""
    return {r.child_id for r in rows} | {r.placement_id for r in rows if r.placement_id}


def test_the_published_pack_names_no_child_or_placement(
    published_pack: tuple[Path, list[CostRow]],
) -> None:
    out, rows = published_pack
    ids = _child_level(rows)
    assert len(ids) > 20
    html = (out / "pack.html").read_text()
    assert 'id="fin-costs"' in html
    pdf = " ".join(p.extract_text() for p in PdfReader(out / "pack.pdf").pages)
    assert "Placement and package costs" in pdf
    book = openpyxl.load_workbook(out / "pack.xlsx")
    cells_text = " ".join(
        str(v) for ws in book.worksheets for r in ws.iter_rows(values_only=True) for v in r if v
    )
    assert "Costs by line" in book.sheetnames and "Care panel" in book.sheetnames
    for where, body in (("html", html), ("pdf", pdf), ("xlsx", cells_text)):
        found = sorted(i for i in ids if re.search(rf"\b{re.escape(i)}\b", body))
        assert not found, (where, found[:5])


def test_the_packs_totals_are_the_trackers(
    published_pack: tuple[Path, list[CostRow]], computed_store: Callable[[int], Path]
) -> None:
    out, rows = published_pack
    from csc_insight.costs.store import read_store

    view = build(rows, read_store(computed_store(1), AS_AT), AS_AT)
    year = year_of(AS_AT)
    whole = total(view.tracked, year) / 1000
    text = text_of((out / "pack.html").read_text())
    assert re.search(rf"Projected year, 2020-21 \d+ {whole:,.0f} ", text), text[:200]
    book = openpyxl.load_workbook(out / "pack.xlsx")
    projected = next(r for r in book["Costs by period"].iter_rows(values_only=True)
                     if str(r[0]).startswith("Projected year"))  # fmt: skip
    assert projected[2] == pytest.approx(float(whole))  # the number, to the pound


# -- csc report --costs --------------------------------------------------------------------------


def test_report_refuses_a_faulty_cost_file_before_any_work(tmp_path: Path) -> None:
    bad = tmp_path / "costs.csv"
    bad.write_text("Child ID,Weekly cost\nC1,lots\n", encoding="utf-8")
    out = tmp_path / "pack"
    result = CliRunner().invoke(
        main, ["report", "--costs", str(bad), "--out", str(out), "--store", str(tmp_path / "no")]
    )
    assert result.exit_code != 0
    assert "costs.csv" in result.output
    assert not out.exists()
