"""The money template: written by csc, filled in a spreadsheet (openpyxl here), read back as the
same figures; a workbook or CSV with any bad row reported by file and sheet, row, column and
reason, and nothing in it loaded; a file that is not a workbook refused by name."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from csc_insight.entry.read import BadValue
from csc_insight.money import checks, demo, template, template_read
from csc_insight.money.columns import BUDGET, MTFS, PROFILES, SHEETS
from csc_insight.money.model import MoneyRecords, Source
from csc_insight.money.template_read import read_files, read_template

YEARS = ("2021-22", "2022-23", "2023-24")
TODAY = date(2021, 6, 1)


def taken(source: Source) -> str:
    return str(source)


def _k(values: Iterable[Decimal | None]) -> list[int | None]:
    return [None if v is None else int(v) for v in values]


def _who(source: Source, on: date = date(2021, 2, 28)) -> list[Any]:
    return ["A. Finance", on, taken(source), None]


def seed_rows() -> dict[str, list[list[Any]]]:
    """The seed's figures as a finance officer would type them, sheet by sheet."""
    seed = demo.seed_records()
    budget = [
        [
            x.year,
            x.service,
            int(x.budget),
            *_k(x.projected),
            None,
            *_who(x.source, date(2021, 3, 2)),
        ]
        for x in seed.budget_lines
    ]
    budget.append(
        [
            "2020-21",
            "Total",
            105683,
            None,
            129950,
            128902,
            None,
            None,
            None,
            None,
            "seed 000 Tables 1 and 2",
            None,
        ]
    )
    mtfs = [
        [
            p.ref,
            p.name,
            p.owner,
            p.category.title(),
            *_k(p.amounts.get(y) for y in YEARS),
            *_who(p.source),
        ]
        for p in seed.proposals
    ]
    mtfs += [
        [
            None,
            "Children, Families & Education - Efficiencies",
            None,
            "Total savings",
            9433,
            4694,
            2296,
            None,
            None,
            "Table 8",
            None,
        ],
        [
            None,
            "Children, Families & Education - Growth",
            None,
            "Total growth",
            20433,
            85,
            77,
            None,
            None,
            "Table 8",
            None,
        ],
        [
            None,
            "Children, Families & Education - Net",
            None,
            "Net",
            11000,
            "(4,609)",
            "(2,219)",
            None,
            None,
            "Table 8",
            None,
        ],
    ]
    profiles = [
        [p.ref, p.name, None, *_k(p.amounts.get(y) for y in YEARS), *_who(p.source)]
        for p in seed.profiles
    ]
    return {BUDGET.name: budget, MTFS.name: mtfs, PROFILES.name: profiles}


def filled(tmp_path: Path, change: Callable[[openpyxl.Workbook], None] | None = None) -> Path:
    """The blank template, filled with the seed's figures in openpyxl (and ``change`` made)."""
    path = template.write_template(tmp_path / "money.xlsx", YEARS)
    wb = openpyxl.load_workbook(path)
    for name, rows in seed_rows().items():
        for r in rows:
            wb[name].append(r)
    if change:
        change(wb)
    wb.save(path)
    return path


def figures(r: MoneyRecords) -> dict[str, Any]:
    """The figures of the records, without who entered them or where from."""
    return {
        "lines": [(x.year, x.service, x.budget, x.projected, x.outturn) for x in r.budget_lines],
        "proposals": [(p.ref, p.name, p.owner, p.category, dict(p.amounts)) for p in r.proposals],
        "profiles": [(p.ref, dict(p.amounts)) for p in r.profiles],
    }


def test_the_blank_template_documents_every_column(tmp_path: Path) -> None:
    path = template.write_template(tmp_path / "money.xlsx", YEARS)
    wb = openpyxl.load_workbook(path, read_only=True)
    assert wb.sheetnames == ["Read me", *(s.name for s in SHEETS), "Lists"]
    documented = {row[0] for row in wb["Read me"].iter_rows(values_only=True) if row and row[0]}
    for sheet in SHEETS:
        header = next(wb[sheet.name].iter_rows(values_only=True))
        assert [h for h in header if h] == template.headers(sheet, YEARS)
        assert {c.header for c in sheet.columns} <= documented
    assert "2021-22 £k, 2022-23 £k, 2023-24 £k" in documented
    records, problems = read_template(path, TODAY)
    assert not records and "no records below the headers" in problems[0].reason


def test_round_trip_filled_in_a_spreadsheet(tmp_path: Path) -> None:
    records, problems = read_template(filled(tmp_path), TODAY)
    assert problems == []
    assert figures(records) == figures(demo.seed_records())
    assert records.budget_lines[0].entry.by == "A. Finance"
    assert records.budget_lines[0].source.row == 2
    # The printed totals typed on the Total rows are checked, and agree; GRO01 and GRO03 do not.
    assert len(records.printed) == 3 + 9  # budget, Q2 and Q3 projected; 3 years of 3 totals
    found = checks.problems(records)
    assert [p.rule for p in found] == ["money-sources-disagree"] * 4
    assert found[0].file == f"{tmp_path / 'money.xlsx'} [MTFS proposals]"
    assert "row 13" in found[0].reason and "[Project profiles]" in found[0].reason


def test_round_trip_written_by_csc(tmp_path: Path) -> None:
    seed = demo.seed_records()
    path = template.write_template(tmp_path / "seed.xlsx", records=seed)
    records, problems = read_template(path, TODAY)
    assert problems == []
    assert figures(records) == figures(seed)
    assert {(t.what, t.year, t.quarter, t.figure) for t in records.printed} == {
        (t.what, t.year, t.quarter, t.figure)
        for t in seed.printed
        if t.service is None and t.what in ("budget", "projected", "savings", "growth", "net")
    }
    assert [p.value for p in checks.problems(records)] == ["8,341", "77", "85", "6,447"]


def cell(sheet: str, ref: str, value: Any) -> Callable[[openpyxl.Workbook], None]:
    def change(wb: openpyxl.Workbook) -> None:
        wb[sheet][ref] = value

    return change


B, M, P = BUDGET.name, MTFS.name, PROFILES.name

#: (sheet, cell, value typed there) -> the problems: (sheet, row, column, words of the reason).
BAD_INPUTS: list[tuple[str, str, Any, list[tuple[str, int, str | None, str]]]] = [
    (B, "C3", "about 900", [(B, 3, "Budget £k", "'about 900' is not an amount")]),
    (B, "C3", -5, [(B, 3, "Budget £k", "'-5' is below 0")]),
    (B, "E4", "n/a", [(B, 4, "Projected Q2 £k", "'n/a' is not an amount")]),
    (B, "C2", 9050000000, [(B, 2, "Budget £k", "more than £10bn: amounts are in £ thousands")]),
    (
        B,
        "B3",
        "CFE directorate",
        [
            (B, 2, "Service", "the same Financial year and Service as row 3: entered twice"),
            (B, 3, "Service", "the same Financial year and Service as row 2: entered twice"),
        ],
    ),
    (B, "A2", "2020-22", [(B, 2, "Financial year", "'2020-22' is not a financial year")]),
    (B, "I2", None, [(B, 2, "Entered by", "value missing")]),
    (B, "J2", date(2021, 6, 2), [(B, 2, "Entered on", "is after today")]),
    (B, "J2", "31/02/2021", [(B, 2, "Entered on", "'31/02/2021' is not a date")]),
    (B, "H1", "Projectd Q4 £k", [(B, 1, "Projectd Q4 £k", "not a column of this sheet")]),
    (B, "B1", None, [(B, 1, "Service", "column missing")]),
    (
        M,
        "E2",
        "(424)",
        [(M, 2, "2021-22 £k", "'(424)' is below 0: enter the amount as a positive")],
    ),
    (M, "D2", "Savingz", [(M, 2, "Category", "'Savingz' is not a category")]),
    (
        M,
        "A3",
        "cfe  sav02",
        [
            (M, 2, "Reference", "the same Reference as row 3: entered twice"),
            (M, 3, "Reference", "the same Reference as row 2: entered twice"),
        ],
    ),
    (M, "B2", None, [(M, 2, "Proposal", "value missing")]),
    (P, "A2", None, [(P, 2, "Reference", "value missing")]),
]


@pytest.mark.parametrize(("sheet", "ref", "value", "expected"), BAD_INPUTS)
def test_bad_input_is_reported_and_nothing_is_loaded(
    tmp_path: Path,
    sheet: str,
    ref: str,
    value: Any,
    expected: list[tuple[str, int, str | None, str]],
) -> None:
    path = filled(tmp_path, cell(sheet, ref, value))
    records, problems = read_template(path, TODAY)
    assert records == MoneyRecords() and not records
    got = [(p.file, p.row, p.column) for p in problems]
    assert got == [(f"{path} [{s}]", row, column) for s, row, column, _ in expected]
    for p, (_, _, _, words) in zip(problems, expected, strict=True):
        assert words in p.reason
        assert str(p).startswith(f"{path} [{p.file.split('[')[1]}, row {p.row}")


def test_a_row_with_no_amount(tmp_path: Path) -> None:
    def clear(wb: openpyxl.Workbook) -> None:
        for col in "DEF":
            wb[P][f"{col}2"] = None

    records, problems = read_template(filled(tmp_path, clear), TODAY)
    assert not records
    assert [(p.row, p.reason) for p in problems] == [(2, "no amount in any year column")]


def write_csv(path: Path, rows: list[list[Any]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        for r in rows:
            w.writerow(
                [
                    "" if v is None else v.strftime("%d/%m/%Y") if isinstance(v, date) else v
                    for v in r
                ]
            )
    return path


def csv_files(folder: Path) -> list[Path]:
    folder.mkdir(exist_ok=True)
    rows = seed_rows()
    return [
        write_csv(folder / s.csv_name, [template.headers(s, YEARS), *rows[s.name]]) for s in SHEETS
    ]


def test_csv_files_read_as_the_workbook(tmp_path: Path) -> None:
    records, problems = read_files(csv_files(tmp_path / "csv"), TODAY)
    assert problems == []
    assert figures(records) == figures(demo.seed_records())
    assert records.proposals[0].source == Source(
        str(tmp_path / "csv" / "mtfs_proposals.csv"),
        taken(demo.seed_records().proposals[0].source),
        2,
    )
    blank = template.write_csv_templates(tmp_path / "blank", YEARS)
    assert [p.read_text().splitlines() for p in blank][1][0].startswith(
        "Reference,Proposal,Owner,Category,2021-22 £k"
    )


def test_a_bad_csv_row_is_named_and_nothing_is_loaded(tmp_path: Path) -> None:
    files = csv_files(tmp_path / "csv")
    budget = files[0]
    lines = budget.read_text(encoding="utf-8").splitlines()
    # A note over two lines: the rows after it keep the line they start on.
    lines[1] = lines[1][: -len(",")] + ',"a note\nover two lines"'
    lines[2] = lines[2].replace(",881,", ",eight hundred,")
    budget.write_text("\n".join(lines) + "\n", encoding="utf-8")
    records, problems = read_files(files, TODAY)
    assert not records
    assert [(p.file, p.row, p.column) for p in problems] == [(str(budget), 4, "Budget £k")]
    assert "'eight hundred' is not an amount" in problems[0].reason


def test_keys_are_checked_across_files(tmp_path: Path) -> None:
    files = csv_files(tmp_path / "a")
    again = write_csv(
        tmp_path / "more_budget.csv",
        [template.headers(BUDGET, YEARS), seed_rows()[BUDGET.name][0]],
    )
    records, problems = read_files([*files, again], TODAY)
    assert not records
    assert [(Path(p.file).name, p.row) for p in problems] == [
        ("budget_lines.csv", 2),
        ("more_budget.csv", 2),
    ]
    assert f"as {again}, row 2" in problems[0].reason


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("money.xlsx", b"this is not a workbook", "not a readable xlsx workbook"),
        ("money.xlsx", b"", "file is empty"),
        ("money.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "Excel 97-2003"),
        ("money.pdf", b"%PDF-1.4", "not a money template: expected an .xlsx workbook or a .csv"),
        ("money.csv", b"", "file is empty"),
        ("money.csv", "Service,Budget £k\n".encode("utf-16"), "holds NUL bytes"),
        ("money.csv", b"Service,Budget \xa3k\n", "not UTF-8 text"),
        ("money.csv", b"Name,Date of birth\nA,2010-01-01\n", "not a money template sheet"),
    ],
)
def test_a_file_that_is_not_a_template_is_refused_by_name(
    tmp_path: Path, name: str, content: bytes, words: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    records, problems = read_template(path, TODAY)
    assert not records
    assert [(p.file, p.row, p.column) for p in problems] == [(str(path), None, None)]
    assert words in problems[0].reason


def test_a_workbook_without_the_sheets_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Figures"  # type: ignore[union-attr]
    wb.save(path)
    records, problems = read_template(path, TODAY)
    assert not records and "no sheet named 'Budget lines'" in problems[0].reason


def test_amounts_as_people_type_them() -> None:
    money = template_read.money
    assert money("9,050") == money("£9,050") == money(" 9050 ") == Decimal(9050)
    assert money("-") == 0 and money("424.5") == Decimal("424.5")
    assert money("(4,609)", signed=True) == money("-4609", signed=True) == Decimal(-4609)
    assert money("0.30000000000000004") == Decimal("0.300")
    for bad in ("(424", "4,60,9", "1e5", "£", "NaN", "12k"):
        with pytest.raises(BadValue):
            money(bad)
