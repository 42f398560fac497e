"""The entered-figures template: written and read back (CSV and a real workbook), faulty rows
held back with file, row, column and reason, and a later entry superseding an earlier one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import openpyxl
import pytest

from csc_insight.formats import registry, rules, template_figures
from csc_insight.formats.template import write_template
from csc_insight.formats.template_figures import FIGURES, write_figures_workbook
from csc_insight.formats.template_figures_demo import demo_figures, insert_demo_figures
from csc_insight.store import db
from csc_insight.store.load import LoadReport, ingest

HEADER = "Entry ID,Measure ID,Month,Value,Numerator,Denominator,Source,Entered by,Entered on,Note"
ROWS = [
    ",SYV_VICTIMS,2024-05,38,,,Police,A. Analyst,05/06/2024,MPS return",
    ",RAPID_REVIEWS,May 2024,1,,,CSCP,A. Analyst,05/06/2024,",
    ",RAPID_REVIEWS_15WD,2024-05,,1,1,Safeguarding partnership,A. Analyst,05/06/2024,",
]


@pytest.fixture(autouse=True)
def registered(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The format as the lead registers it (formats/registry.py)."""
    if template_figures not in registry.FORMATS:
        monkeypatch.setattr(registry, "FORMATS", [*registry.FORMATS, template_figures])
    yield


def figures_csv(tmp_path: Path, rows: list[str], name: str = "figures.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def stored(store: Path) -> list[tuple[Any, ...]]:
    con = db.connect(store)
    try:
        return con.execute(
            """SELECT efig_entry_id, efig_measure_id, efig_month, efig_value, efig_numerator,
                      efig_denominator, efig_source, efig_entered_by, efig_entered_on, efig_note
               FROM ext_entered_figures ORDER BY ALL"""
        ).fetchall()
    finally:
        con.close()


def held(report: LoadReport) -> list[tuple[str, int | None, str | None, str, str | None]]:
    return [(Path(p.file).name, p.row, p.column, p.reason, p.rule) for p in report.held]


def test_the_three_rows_are_stored_as_entered(tmp_path: Path) -> None:
    report = ingest([figures_csv(tmp_path, ROWS)], tmp_path / "s.duckdb")
    assert report.held == []
    assert stored(tmp_path / "s.duckdb") == [
        (
            "RAPID_REVIEWS-202405-20240605",
            "RAPID_REVIEWS",
            date(2024, 5, 1),
            1.0,
            None,
            None,
            "SAFEGUARDING_PARTNERSHIP",
            "A. Analyst",
            date(2024, 6, 5),
            None,
        ),
        (
            "RAPID_REVIEWS_15WD-202405-20240605",
            "RAPID_REVIEWS_15WD",
            date(2024, 5, 1),
            None,
            1.0,
            1.0,
            "SAFEGUARDING_PARTNERSHIP",
            "A. Analyst",
            date(2024, 6, 5),
            None,
        ),
        (
            "SYV_VICTIMS-202405-20240605",
            "SYV_VICTIMS",
            date(2024, 5, 1),
            38.0,
            None,
            None,
            "POLICE",
            "A. Analyst",
            date(2024, 6, 5),
            "MPS return",
        ),
    ]


def demo_store() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    db.create_schema(con)
    insert_demo_figures(con, date(2020, 4, 1), date(2021, 3, 31), seed=3, today=date(2021, 6, 1))
    return con


def test_the_workbook_is_written_opened_again_and_read_back(tmp_path: Path) -> None:
    con = demo_store()
    (path,) = template_figures.write(con, tmp_path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Figures", "Measures", "Partners", "Read me"]
    ws = wb["Figures"]
    assert [c.value for c in ws[1]] == HEADER.split(",")
    assert ws.max_row == 1 + con.execute("SELECT count(*) FROM ext_entered_figures").fetchone()[0]  # type: ignore[index]
    assert [r[0] for r in wb["Measures"].iter_rows(min_row=2, values_only=True)] == [
        "SYV_VICTIMS",
        "RAPID_REVIEWS",
        "RAPID_REVIEWS_15WD",
    ]
    assert any(r[0] == "Entered on" for r in wb["Read me"].iter_rows(values_only=True))
    assert ws.data_validations.dataValidation  # the lists offered in their columns
    wb.close()
    assert template_figures.recognise(path) == "figures"
    report = ingest([path], tmp_path / "s.duckdb")
    assert report.held == [] and report.rows_read == ws.max_row - 1
    expected = con.execute("SELECT * FROM ext_entered_figures ORDER BY ALL").fetchall()
    assert stored(tmp_path / "s.duckdb") == expected


def test_the_csv_is_written_and_read_back(tmp_path: Path) -> None:
    con = demo_store()
    path = write_template(con, tmp_path, FIGURES)
    assert path is not None and template_figures.recognise(path) == "figures"
    assert ingest([path], tmp_path / "s.duckdb").held == []
    expected = con.execute("SELECT * FROM ext_entered_figures ORDER BY ALL").fetchall()
    assert stored(tmp_path / "s.duckdb") == expected


def test_a_blank_workbook_is_the_documented_template(tmp_path: Path) -> None:
    path = write_figures_workbook(tmp_path / "blank.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb["Figures"].max_row == 1
    wb.close()


def test_the_demo_figures_are_entered_after_their_month_and_some_are_revised() -> None:
    rows = demo_figures(date(2019, 4, 1), date(2021, 3, 31), seed=1, today=date(2021, 6, 1))
    assert all(r["efig_entered_on"] > r["efig_month"].replace(day=28) for r in rows)
    syv = [r for r in rows if r["efig_measure_id"] == "SYV_VICTIMS"]
    assert len({r["efig_month"] for r in syv}) == 24 < len(syv)  # revisions kept beside
    assert 20 < sum(r["efig_value"] for r in syv) / 24 < 50  # the seed's 38 a month


#: (rows, [(row, column, rule)], reason of the first problem): each holds back the faulty row
#: only; the good first row loads.
GOOD = ROWS[0]
BAD: dict[str, tuple[list[str], list[tuple[int, str, str]], str]] = {
    "value not a number": (
        [GOOD, ROWS[1].replace(",1,,,", ",one,,,")],
        [(3, "Value", "value-number")],
        "'one' is not a number",
    ),
    "value not whole": (
        [GOOD, ROWS[1].replace(",1,,,", ",1.5,,,")],
        [(3, "Value", "figure-count")],
        "not a whole number of 0 or more",
    ),
    "negative value": (
        [GOOD, ROWS[1].replace(",1,,,", ",-2,,,")],
        [(3, "Value", "figure-count")],
        "not a whole number of 0 or more",
    ),
    "unknown measure id": (
        [GOOD, ROWS[1].replace("RAPID_REVIEWS", "KNIFE_CRIME")],
        [(3, "Measure ID", "value-code")],
        "'KNIFE_CRIME' is not a measure of the template (expected SYV_VICTIMS, RAPID_REVIEWS, "
        "RAPID_REVIEWS_15WD: the Measures sheet lists them)",
    ),
    "month in the future": (
        [GOOD, ",SYV_VICTIMS,2099-01,3,,,Police,A. Analyst,05/06/2024,"],
        [(3, "Month", "figure-early")],
        "the month has not begun: a figure is entered after its month",
    ),
    "entered before the month was over": (
        [GOOD, ",SYV_VICTIMS,2024-06,3,,,Police,A. Analyst,15/06/2024,"],
        [(3, "Entered on", "figure-early")],
        "entered before the end of the month the figure is for",
    ),
    "numerator above denominator": (
        [GOOD, ROWS[2].replace(",1,1,", ",3,2,")],
        [(3, "Numerator", "figure-ratio")],
        "the numerator is greater than the denominator",
    ),
    "ratio given as a value": (
        [GOOD, ROWS[2].replace(",,1,1,", ",50,,,")],
        [
            (3, "Value", "figure-shape"),
            (3, "Numerator", "figure-shape"),
            (3, "Denominator", "figure-shape"),
        ],
        "the measure is a ratio: give its Numerator and Denominator, not a Value",
    ),
    "count with no value": (
        [GOOD, ROWS[1].replace(",1,,,", ",,,,")],
        [(3, "Value", "figure-shape")],
        "the measure is a count: give its Value",
    ),
    "who missing": (
        [GOOD, ROWS[1].replace("A. Analyst", "")],
        [(3, "Entered by", "value-missing")],
        "value missing",
    ),
    "when missing": (
        [GOOD, ROWS[1].replace("05/06/2024", "")],
        [(3, "Entered on", "value-missing")],
        "value missing",
    ),
    "unknown partner": (
        [GOOD, ROWS[1].replace("CSCP", "The press")],
        [(3, "Source", "value-code")],
        "'The press' is not a partner",
    ),
    "month not a month": (
        [GOOD, ROWS[1].replace("May 2024", "Maytember")],
        [(3, "Month", "value-date")],
        "'Maytember' is not a month (expected yyyy-mm",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_faulty_row_is_held_back_with_file_row_column_and_reason(
    tmp_path: Path, case: str
) -> None:
    rows, expected, reason = BAD[case]
    report = ingest([figures_csv(tmp_path, rows)], tmp_path / "s.duckdb")
    got = held(report)
    assert [(r, c, rule) for _, r, c, _, rule in got] == expected
    assert got[0][0] == "figures.csv" and got[0][3].startswith(reason)
    assert all(rule in rules.all_rules() for *_, rule in got)
    assert [r[0] for r in stored(tmp_path / "s.duckdb")] == ["SYV_VICTIMS-202405-20240605"]


def test_a_faulty_row_of_a_workbook_names_the_sheet_and_its_row(tmp_path: Path) -> None:
    path = tmp_path / "figures.xlsx"
    good = ["", "SYV_VICTIMS", date(2024, 5, 1), 38, None, None, "Police", "A", date(2024, 6, 5)]
    bad = ["", "SYV_VICTIMS", "June 2024", "lots", None, None, "Police", "A", date(2024, 7, 5)]
    # a blank row between them: the bad row is the sheet's row 4
    write_figures_workbook(path, rows=[[*good, None], [None] * 10, [*bad, "multi\nline note"]])
    report = ingest([path], tmp_path / "s.duckdb")
    (p,) = report.held
    assert (p.file, p.row, p.column, p.reason, p.rule) == (
        f"{path} [Figures]",
        4,
        "Value",
        "'lots' is not a number",
        "value-number",
    )
    assert [r[0] for r in stored(tmp_path / "s.duckdb")] == ["SYV_VICTIMS-202405-20240605"]


def test_a_later_entry_supersedes_the_earlier_which_is_kept(tmp_path: Path) -> None:
    store = tmp_path / "s.duckdb"
    ingest([figures_csv(tmp_path, [GOOD], "first.csv")], store)
    later = ",SYV_VICTIMS,2024-05,41,,,Police,B. Analyst,20/06/2024,Revised by the police"
    ingest([figures_csv(tmp_path, [later], "second.csv")], store)
    assert [(r[0], r[3], r[7]) for r in stored(store)] == [
        ("SYV_VICTIMS-202405-20240605", 38.0, "A. Analyst"),
        ("SYV_VICTIMS-202405-20240620", 41.0, "B. Analyst"),
    ]
    # The same entry (measure, month, day) loaded again replaces it: who with the value.
    again = later.replace(",41,", ",42,").replace("B. Analyst", "C. Analyst")
    ingest([figures_csv(tmp_path, [again], "third.csv")], store)
    assert [(r[3], r[7]) for r in stored(store)] == [(38.0, "A. Analyst"), (42.0, "C. Analyst")]
    con = db.connect(store)
    try:
        files = con.execute("SELECT load_id, file_path FROM load_files ORDER BY 1").fetchall()
    finally:
        con.close()
    assert [Path(f).name for _, f in files] == ["first.csv", "second.csv", "third.csv"]


def test_two_rows_of_one_file_for_the_same_entry_are_both_held_back(tmp_path: Path) -> None:
    report = ingest([figures_csv(tmp_path, [GOOD, GOOD.replace(",38,", ",39,")])], tmp_path / "s")
    assert [(r, c, rule) for _, r, c, _, rule in held(report)] == [
        (2, "Entry ID", "key-conflict"),
        (3, "Entry ID", "key-conflict"),
    ]
    assert held(report)[0][3] == (
        "same Measure ID, Month and Entered on as row 3, and no Entry ID to tell them apart; "
        "neither is loaded"
    )


def test_the_measures_list_is_checked() -> None:
    ids = [m.id for m in template_figures.measures()]
    assert len(ids) == len(set(ids))
    assert {m.shape for m in template_figures.measures()} == {"count", "ratio"}


def test_the_example_file_loads_whole(tmp_path: Path) -> None:
    example = Path(template_figures.__file__).parent / "templates" / "entered_figures.example.csv"
    report = ingest([example], tmp_path / "s.duckdb")
    assert report.held == [] and len(stored(tmp_path / "s.duckdb")) == 6
