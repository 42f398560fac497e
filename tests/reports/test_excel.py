"""The Excel workbook, opened again with openpyxl and checked against the results table.

One tiny synthetic borough (two years to March 2021) is built, computed and given the bundled
comparators once per session; the internal and the published workbooks are written from it.
"""

from __future__ import annotations

import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from csc_insight.reports import formatting, model
from csc_insight.reports.excel import (
    CHART_DATA,
    CHARTS,
    DEFINITIONS,
    FIRST_ROW,
    HEADER_ROW,
    SUMMARY,
    render_excel,
    sheet_name,
)
from csc_insight.store import db

PERIOD = "2021-03"
RAG_WORDS = {"Green", "Amber", "Red", "Grey"}


@pytest.fixture(scope="session")
def tiny_store(computed_store: Callable[[int], Path]) -> Path:
    return computed_store(3)


@dataclass
class Written:
    pack: model.Pack
    path: Path
    wb: Workbook


def _write(store: Path, folder: Path, *, published: bool) -> Written:
    pack = model.build(store, PERIOD, published=published)
    path = folder / ("published.xlsx" if published else "internal.xlsx")
    render_excel(pack, path)
    with warnings.catch_warnings():
        # openpyxl cannot read sparklines; it drops them from its copy, not from the file.
        warnings.filterwarnings("ignore", "Sparkline Group extension is not supported")
        wb = load_workbook(path)
    return Written(pack, path, wb)


@pytest.fixture(scope="module")
def internal(tiny_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Written:
    return _write(tiny_store, tmp_path_factory.mktemp("xlsx"), published=False)


@pytest.fixture(scope="module")
def published(tiny_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Written:
    return _write(tiny_store, tmp_path_factory.mktemp("xlsx"), published=True)


# Helpers ---------------------------------------------------------------------------------


def headers(ws: Worksheet) -> dict[str, int]:
    """Header text -> 1-based column."""
    return {c.value: c.column for c in ws[HEADER_ROW + 1] if c.value}


def id_column(ws: Worksheet) -> list[str]:
    return [c.value for c in ws["A"][FIRST_ROW:] if c.value is not None]


def sheet_row(ws: Worksheet, indicator_id: str) -> int:
    """1-based row of the indicator on its section sheet."""
    return FIRST_ROW + 1 + id_column(ws).index(indicator_id)


def results(store: Path, indicator_id: str) -> dict[tuple[str, date], float | None]:
    """(period_type, period_end) -> value, straight from the results table."""
    con = db.connect(store, read_only=True)
    try:
        rows = con.execute(
            "SELECT period_type, period_end, value FROM results WHERE indicator_id = ?",
            [indicator_id],
        ).fetchall()
    finally:
        con.close()
    return {(t, e): v for t, e, v in rows}


def one_row_per_unit(pack: model.Pack) -> list[tuple[model.Section, model.PackRow]]:
    seen: dict[str, tuple[model.Section, model.PackRow]] = {}
    for s in pack.sections:
        for r in s.rows:
            seen.setdefault(r.indicator.unit, (s, r))
    return list(seen.values())


def first_suppressed(pack: model.Pack, unit: str) -> tuple[model.Section, model.PackRow, int]:
    """A month figure the published pack suppresses, for an indicator of ``unit``."""
    for s in pack.sections:
        for r in s.rows:
            for i, f in enumerate(r.months):
                if f.suppressed and r.indicator.unit == unit:
                    return s, r, i
    raise AssertionError(f"the tiny borough should have a small {unit} figure to suppress")


# Tests -----------------------------------------------------------------------------------


def test_sheets(internal: Written) -> None:
    titles = [s.title for s in internal.pack.sections]
    assert internal.wb.sheetnames == [SUMMARY, *titles, DEFINITIONS, CHARTS, CHART_DATA]
    assert internal.wb[CHART_DATA].sheet_state == "hidden"


def test_each_section_sheet_lists_its_rows(internal: Written) -> None:
    for s in internal.pack.sections:
        assert id_column(internal.wb[s.title]) == [r.indicator.id for r in s.rows]


def test_values_are_numbers_equal_to_the_results_table(internal: Written, tiny_store: Path) -> None:
    pack = internal.pack
    checked = one_row_per_unit(pack)
    assert {r.indicator.unit for _, r in checked} >= {"percent", "count"}
    for section, row in checked:
        ws = internal.wb[section.title]
        cols, r = headers(ws), sheet_row(ws, row.indicator.id)
        want = results(tiny_store, row.indicator.id)
        expected_format = formatting.EXCEL_FORMATS[row.indicator.unit]
        cells = {m: ws.cell(r, cols[formatting.month(m)]) for m in pack.months}
        latest_kind = "fytd" if row.indicator.kind == "flow" else "month"
        cells[None] = ws.cell(r, cols[f"{pack.financial_year} YTD or latest"])
        for m, cell in cells.items():
            value = want.get((latest_kind, pack.period_end) if m is None else ("month", m))
            if value is None:
                assert cell.value is None
                continue
            assert isinstance(cell.value, int | float), (row.indicator.id, m, cell.value)
            # XlsxWriter writes 16 significant digits, so the last bit may differ. Percentages
            # are stored as the results table holds them (26.0, not 0.26).
            assert cell.value == pytest.approx(value, rel=1e-14), (row.indicator.id, m)
            assert cell.number_format == expected_format


def test_rag_is_the_word_coloured_by_conditional_formatting(internal: Written) -> None:
    for s in internal.pack.sections:
        ws = internal.wb[s.title]
        col = headers(ws)["RAG"]
        words = [ws.cell(FIRST_ROW + 1 + i, col).value for i in range(len(s.rows))]
        assert words == [r.rag for r in s.rows]
        assert set(words) <= RAG_WORDS
        letter = ws.cell(1, col).column_letter
        rules = [
            rule
            for cf in ws.conditional_formatting
            if str(cf.sqref) == f"{letter}{FIRST_ROW + 1}:{letter}{FIRST_ROW + len(s.rows)}"
            for rule in cf.rules
        ]
        assert {rule.formula[0] for rule in rules} == {f'"{w}"' for w in RAG_WORDS}


def test_header_rows_and_id_columns_frozen(internal: Written) -> None:
    for name in [*(s.title for s in internal.pack.sections), DEFINITIONS]:
        assert internal.wb[name].freeze_panes == "C3", name


def test_print_setup(internal: Written) -> None:
    for s in internal.pack.sections:
        ws = internal.wb[s.title]
        assert ws.page_setup.orientation == "landscape"
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.fitToWidth in (None, 1)  # 1 is the default, so it may be left out
        assert ws.print_title_rows == "$1:$2"  # the title and header rows


def test_internal_pack_is_marked_on_every_sheet(internal: Written) -> None:
    assert internal.wb[SUMMARY]["A3"].value == "OFFICIAL-SENSITIVE"
    for ws in internal.wb.worksheets:
        assert "OFFICIAL-SENSITIVE" in (ws.oddHeader.center.text or ""), ws.title
        assert "OFFICIAL-SENSITIVE" in (ws.oddFooter.center.text or ""), ws.title


def test_published_pack_says_small_numbers_are_suppressed(published: Written) -> None:
    summary = published.wb[SUMMARY]
    assert summary["A3"].value == published.pack.marking
    assert "suppressed" in summary["B3"].value
    assert not any("OFFICIAL-SENSITIVE" in (ws.oddHeader.center.text or "") for ws in published.wb)


@pytest.mark.parametrize("unit", ["count", "percent"])
def test_suppressed_in_published_shown_in_internal(
    unit: str, internal: Written, published: Written, tiny_store: Path
) -> None:
    """The tiny borough has small counts, so suppression picks real figures (no hand edits)."""
    section, row, i = first_suppressed(published.pack, unit)
    month = published.pack.months[i]
    pub, mine = published.wb[section.title], internal.wb[section.title]
    cell = (sheet_row(pub, row.indicator.id), headers(pub)[formatting.month(month)])
    shown = pub.cell(*cell)
    assert shown.value == formatting.SUPPRESSED
    assert shown.alignment.horizontal == "right"
    value = results(tiny_store, row.indicator.id)[("month", month)]
    assert mine.cell(*cell).value == pytest.approx(value, rel=1e-14)
    # Nor may the hidden chart data give the figure away.
    data = published.wb[CHART_DATA]
    col = [c.value for c in data[1]].index(row.indicator.id) + 1
    (data_row,) = [c.row for c in data["A"][1:] if c.value and c.value.date() == month]
    assert data.cell(data_row, col).value is None
    assert internal.wb[CHART_DATA].cell(data_row, col).value == pytest.approx(value, rel=1e-14)


def test_definitions_has_a_row_per_indicator(internal: Written) -> None:
    ws = internal.wb[DEFINITIONS]
    assert id_column(ws) == [r.indicator.id for r in internal.pack.rows()]
    cols = headers(ws)
    first = internal.pack.rows()[0].indicator
    r = FIRST_ROW + 1
    assert ws.cell(r, cols["Numerator"]).value == first.definition["numerator"]
    assert ws.cell(r, cols["Source"]).value == first.definition["source"]


def test_a_chart_per_indicator(internal: Written) -> None:
    n = len(internal.pack.rows())
    assert all(r.history for r in internal.pack.rows())
    with zipfile.ZipFile(internal.path) as z:
        charts = [f for f in z.namelist() if f.startswith("xl/charts/chart")]
    assert len(charts) == n
    assert len(internal.wb[CHARTS]._charts) == n


@pytest.mark.parametrize(
    ("title", "taken", "expected"),
    [
        ("Children in need", set(), "Children in need"),
        ("Front door: MASH [daily]", set(), "Front door- MASH -daily-"),
        ("A/B\\C*D?E", set(), "A-B-C-D-E"),
        (
            "Children looked after and care leavers aged 16+",
            set(),
            "Children looked after and care",  # cut at 31, then trimmed
        ),
        ("Summary", {"summary"}, "Summary (2)"),
        ("x" * 40, {"x" * 31}, "x" * 27 + " (2)"),
        ("'Quoted'", set(), "Quoted"),
    ],
)
def test_sheet_name(title: str, taken: set[str], expected: str) -> None:
    name = sheet_name(title, taken)
    assert name == expected
    assert len(name) <= 31
    assert name.lower() in taken
