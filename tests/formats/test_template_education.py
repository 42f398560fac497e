"""The education template's monthly figures loaded by `csc ingest` (formats/template_education.py):
values as people copy them (85.7%, 4,052) stored as numbers, "not published" and the DfE's
symbols stored with no value (never 0), a reload of a measure's month replacing it, faulty rows
held back with file, row, column and reason while the good ones load, and the education workbook
of `csc education template --demo` recognised with only its Monthly figures sheet loaded."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
from click.testing import CliRunner

from csc_insight.cli import main
from csc_insight.education import template as education_template
from csc_insight.formats import registry, rules, template_education, template_figures
from csc_insight.formats.template import write_template
from csc_insight.formats.template_figures import FIGURES
from csc_insight.store import db
from csc_insight.store.load import LoadReport, ingest
from csc_insight.store.sql import table_exists

HEADER = "Measure,Month,Value,Taken from,Note"
#: ATT 2 is a percentage, CME 1 and EXC 1 and 2 counts (catalogue/education.yaml).
ROWS = [
    "ATT 2,2021-01,85.7%,seed 003,",
    'CME 1,Jan 2021,"4,052",a report,copied with its comma',
    "EXC 1,2020-04,not published,seed 003,schools shut",
    "EXC 1,2020-05,n/a,,",
    "EXC 2,2020-04,x,,",
    "EXC 2,2020-05,–,,",
]


def monthly_csv(tmp_path: Path, rows: list[str], name: str = "monthly_figures.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def stored(store: Path) -> list[tuple[Any, ...]]:
    con = db.connect(store)
    try:
        return con.execute(
            """SELECT edu_figure_id, edu_measure_id, edu_month, edu_value, edu_taken_from, edu_note
               FROM ext_education_figures ORDER BY ALL"""
        ).fetchall()
    finally:
        con.close()


def held(report: LoadReport) -> list[tuple[str, int | None, str | None, str, str | None]]:
    return [(Path(p.file).name, p.row, p.column, p.reason, p.rule) for p in report.held]


def test_the_format_is_registered() -> None:
    assert template_education in registry.FORMATS


def test_figures_as_copied_are_numbers_and_not_published_has_no_value(tmp_path: Path) -> None:
    report = ingest([monthly_csv(tmp_path, ROWS)], tmp_path / "s.duckdb")
    assert report.held == [] and report.rows_read == 6
    assert stored(tmp_path / "s.duckdb") == [
        ("ATT 2-202101", "ATT 2", date(2021, 1, 1), 85.7, "seed 003", None),
        ("CME 1-202101", "CME 1", date(2021, 1, 1), 4052.0, "a report", "copied with its comma"),
        ("EXC 1-202004", "EXC 1", date(2020, 4, 1), None, "seed 003", "schools shut"),
        ("EXC 1-202005", "EXC 1", date(2020, 5, 1), None, None, None),
        ("EXC 2-202004", "EXC 2", date(2020, 4, 1), None, None, None),
        ("EXC 2-202005", "EXC 2", date(2020, 5, 1), None, None, None),
    ]


def test_through_the_command_too(tmp_path: Path) -> None:
    store = tmp_path / "s.duckdb"
    r = CliRunner().invoke(
        main, ["ingest", str(monthly_csv(tmp_path, ROWS)), "--store", str(store)]
    )
    assert r.exit_code == 0, r.output
    assert len(stored(store)) == 6


def test_a_reload_of_a_measure_s_month_replaces_it(tmp_path: Path) -> None:
    store = tmp_path / "s.duckdb"
    ingest([monthly_csv(tmp_path, ROWS, "first.csv")], store)
    # CME 1's January revised; EXC 1's April published after all.
    later = [
        "CME 1,2021-01,4100,a later report,revised",
        "EXC 1,2020-04,12,seed 003,published late",
    ]
    assert ingest([monthly_csv(tmp_path, later, "second.csv")], store).held == []
    assert stored(store) == [
        ("ATT 2-202101", "ATT 2", date(2021, 1, 1), 85.7, "seed 003", None),
        ("CME 1-202101", "CME 1", date(2021, 1, 1), 4100.0, "a later report", "revised"),
        ("EXC 1-202004", "EXC 1", date(2020, 4, 1), 12.0, "seed 003", "published late"),
        ("EXC 1-202005", "EXC 1", date(2020, 5, 1), None, None, None),
        ("EXC 2-202004", "EXC 2", date(2020, 4, 1), None, None, None),
        ("EXC 2-202005", "EXC 2", date(2020, 5, 1), None, None, None),
    ]


def test_a_month_reloaded_as_not_published_loses_its_figure(tmp_path: Path) -> None:
    store = tmp_path / "s.duckdb"
    ingest([monthly_csv(tmp_path, ROWS, "first.csv")], store)
    later = ["ATT 2,Jan-21,not published,,withdrawn"]
    assert ingest([monthly_csv(tmp_path, later, "second.csv")], store).held == []
    assert stored(store)[0] == ("ATT 2-202101", "ATT 2", date(2021, 1, 1), None, None, "withdrawn")


def _next_month() -> str:
    today = date.today()
    return f"{today.year + today.month // 12}-{today.month % 12 + 1:02d}"


#: (row, [(row number, column, rule)], reason of the first problem): each holds back the faulty
#: row only; the good first row loads. No two rows are for the same measure and month, nor for
#: one of ROWS', so that all can be loaded in one file too.
GOOD = "CME 1,2021-03,23,seed 003,"
BAD: dict[str, tuple[str, list[tuple[int, str, str]], str]] = {
    "unknown measure": (
        "NOPE 9,2021-03,3,,",
        [(3, "Measure", "value-code")],
        "'NOPE 9' is not a monthly education measure (expected SCH 1, SCH 2,",
    ),
    "value not a number": (
        "CME 1,2021-02,abc,,",
        [(3, "Value", "value-number")],
        "'abc' is not a number, nor 'not published'",
    ),
    "percentage above 100": (
        "ATT 2,2021-02,101,,",
        [(3, "Value", "education-range")],
        "a percentage must be from 0 to 100",
    ),
    "percentage below 0": (
        "ATT 2,2020-12,-0.5%,,",
        [(3, "Value", "education-range")],
        "a percentage must be from 0 to 100",
    ),
    "negative count": (
        "SCH 1,2021-02,-1,,",
        [(3, "Value", "education-range")],
        "a count must be a whole number of 0 or more",
    ),
    "count not whole": (
        "SCH 1,2020-12,2.5,,",
        [(3, "Value", "education-range")],
        "a count must be a whole number of 0 or more",
    ),
    "month after today": (
        f"CME 1,{_next_month()},3,,",
        [(3, "Month", "education-early")],
        "the month has not begun: a figure is entered after its month",
    ),
    "month not a month": (
        "CME 1,Maytember,3,,",
        [(3, "Month", "value-date")],
        "'Maytember' is not a month",
    ),
    "value missing": (
        "CME 1,2020-12,,,",
        [(3, "Value", "value-missing")],
        "value missing",
    ),
}


def test_each_faulty_row_is_held_back_with_file_row_column_and_reason(tmp_path: Path) -> None:
    for case, (row, expected, reason) in BAD.items():
        folder = tmp_path / case.replace(" ", "_")
        folder.mkdir()
        report = ingest([monthly_csv(folder, [GOOD, row])], folder / "s.duckdb")
        got = held(report)
        assert [(r, c, rule) for _, r, c, _, rule in got] == expected, case
        assert got[0][0] == "monthly_figures.csv" and got[0][3].startswith(reason), (case, got)
        assert all(rule in rules.all_rules() for *_, rule in got), case
        assert [r[0] for r in stored(folder / "s.duckdb")] == ["CME 1-202103"], case


def test_faulty_rows_of_one_file_are_all_listed_and_the_good_ones_load(tmp_path: Path) -> None:
    bad = [row for row, _, _ in BAD.values()]
    report = ingest([monthly_csv(tmp_path, [*ROWS, *bad])], tmp_path / "s.duckdb")
    assert [(r, c) for _, r, c, _, _ in held(report)] == [
        (8 + i, expected[0][1]) for i, (_, expected, _) in enumerate(BAD.values())
    ]
    assert len(stored(tmp_path / "s.duckdb")) == len(ROWS)


def test_a_zero_is_a_figure_and_a_percentage_of_100_is_allowed(tmp_path: Path) -> None:
    rows = ["EXC 2,2020-12,0,seed 003,", "ATT 2,2020-12,100,,", "ATT 2,2020-11,0%,,"]
    report = ingest([monthly_csv(tmp_path, rows)], tmp_path / "s.duckdb")
    assert report.held == []
    assert [(r[0], r[3]) for r in stored(tmp_path / "s.duckdb")] == [
        ("ATT 2-202011", 0.0),
        ("ATT 2-202012", 100.0),
        ("EXC 2-202012", 0.0),
    ]


def test_a_faulty_row_of_the_workbook_names_the_sheet_and_its_row(tmp_path: Path) -> None:
    path = tmp_path / "education.xlsx"
    education_template.write_template(path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Monthly figures"]
    ws.append(["CME 1", "2021-03", 23, "seed 003", None])
    ws.append(["CME 1", "2021-02", "lots", None, None])
    wb.save(path)
    wb.close()
    report = ingest([path], tmp_path / "s.duckdb")
    (p,) = report.held
    assert (p.file, p.row, p.column, p.reason, p.rule) == (
        f"{path} [Monthly figures]",
        3,
        "Value",
        "'lots' is not a number, nor 'not published'",
        "value-number",
    )
    assert [r[0] for r in stored(tmp_path / "s.duckdb")] == ["CME 1-202103"]


def test_the_demo_workbook_loads_its_monthly_figures_and_no_other_sheet(tmp_path: Path) -> None:
    book = tmp_path / "education.xlsx"
    r = CliRunner().invoke(main, ["education", "template", "--demo", "--out", str(book)])
    assert r.exit_code == 0, r.output
    names = openpyxl.load_workbook(book, read_only=True).sheetnames
    assert {"Monthly figures", "Annual figures", "SEND placements", "High needs"} <= set(names)
    assert registry.recognise(book) == ("education_monthly", "education_monthly")
    store = tmp_path / "s.duckdb"
    r = CliRunner().invoke(main, ["ingest", str(book), "--store", str(store)])
    assert r.exit_code == 0, r.output
    rows = stored(store)
    assert len(rows) == 644  # the demo's monthly_figures.csv
    by_id = {row[0]: row[3] for row in rows}
    assert by_id["EXC 1-202004"] is None  # schools shut: not published, not 0
    assert by_id["EXC 2-202012"] == 0.0  # a real nought
    assert by_id["ATT 1-202010"] == 87.6 and by_id["CME 1-202103"] == 23.0
    assert sum(v is None for v in by_id.values()) == 31
    con = db.connect(store)
    try:
        # Nothing of the annual table, SEND, the scenarios or high needs went anywhere.
        counts = {
            t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]  # type: ignore[index]
            for (t,) in con.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_name LIKE 'ssd\\_%' ESCAPE '\\' OR table_name LIKE 'ext\\_%' ESCAPE '\\'"
            ).fetchall()
        }
        assert {t for t, n in counts.items() if n} == {"ext_education_figures"}
        assert not table_exists(con, "results")
    finally:
        con.close()


def _other_sheets_as_csv(folder: Path) -> dict[str, tuple[str, str] | None]:
    """What ingest takes each of the demo workbook's sheets saved as CSV for, but the monthly."""
    from csc_insight.education import demo

    paths = education_template.write_csv_templates(folder, demo.records())
    kinds = {p.name: registry.recognise(p) for p in paths}
    assert kinds.pop("monthly_figures.csv") == ("education_monthly", "education_monthly")
    return kinds


def test_the_sheets_without_a_month_as_csv_are_not_taken_for_monthly_figures(
    tmp_path: Path,
) -> None:
    kinds = _other_sheets_as_csv(tmp_path)
    assert {"send_placements.csv", "ehcp_scenarios.csv", "high_needs.csv"} <= set(kinds)
    assert all(kinds[n] is None for n in kinds if n != "annual_figures.csv"), kinds


def test_the_annual_figures_as_csv_are_not_taken_for_monthly_figures(tmp_path: Path) -> None:
    assert _other_sheets_as_csv(tmp_path)["annual_figures.csv"] is None


def test_entered_figures_and_education_figures_are_told_apart(tmp_path: Path) -> None:
    education = monthly_csv(tmp_path, ROWS)
    figures = tmp_path / "entered_figures.csv"
    con = db.connect(tmp_path / "demo.duckdb")
    try:
        con.execute(
            "INSERT INTO ext_entered_figures (efig_entry_id, efig_measure_id, efig_month, "
            "efig_value, efig_source, efig_entered_by, efig_entered_on) VALUES "
            "('SYV_VICTIMS-202405-20240605', 'SYV_VICTIMS', DATE '2024-05-01', 38, 'POLICE', "
            "'A. Analyst', DATE '2024-06-05')"
        )
        written = write_template(con, tmp_path, FIGURES)
    finally:
        con.close()
    assert written is not None
    written.rename(figures)
    assert template_education.recognise(figures) is None
    assert template_figures.recognise(education) is None
    assert registry.recognise(figures) == ("entered_figures", "figures")
    assert registry.recognise(education) == ("education_monthly", "education_monthly")
    # and the workbooks: the entered-figures one is not an education one
    book = template_figures.write_figures_workbook(tmp_path / "figures.xlsx")
    assert template_education.recognise(book) is None
    store = tmp_path / "s.duckdb"
    ingest([education, figures], store)
    con = db.connect(store)
    try:
        assert con.execute("SELECT count(*) FROM ext_entered_figures").fetchone() == (1,)
        assert con.execute("SELECT count(*) FROM ext_education_figures").fetchone() == (6,)
    finally:
        con.close()


def test_the_store_s_figures_are_written_as_the_sheet_and_read_back(tmp_path: Path) -> None:
    store = tmp_path / "s.duckdb"
    ingest([monthly_csv(tmp_path, ROWS, "first.csv")], store)
    con = db.connect(store)
    try:
        (path,) = template_education.write(con, tmp_path / "out")
    finally:
        con.close()
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "Figure ID,Measure,Month,Value,Taken from,Note"
    assert len(lines) == 1 + len(ROWS)
    # a figure with no value is written as entered, not as a blank or 0
    assert sum(",not published," in line for line in lines) == 4
    again = tmp_path / "again.duckdb"
    assert ingest([path], again).held == []
    assert stored(again) == stored(store)
