"""The unit-cost workbook: declared once here, written with a Read me and read back checked.

Two sheets. "Unit costs": one row per placement category, the weekly cost of a child in it
and the yearly inflation to apply from the forecast's origin. "UASC": one row per financial
year, the costs the seed papers report beside placements (staffing, running costs) and the
Home Office's weekly rate per UASC in care. The same sheets may come as CSV files (recognised
by their header). A load lands whole or not at all: every problem is named by file and sheet,
row (as the spreadsheet numbers it), column and reason, and then nothing is returned.

Kept in forecast/ for now; the money workbook's machinery (money/template*.py) is moving to a
shared module, and this declaration is meant to move onto it.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from csc_insight.errors import Problem, ReaderError
from csc_insight.forecast import states
from csc_insight.formats import xlsx_limits


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # text, category, money, percent, year
    doc: str
    required: bool = True


@dataclass(frozen=True)
class Sheet:
    name: str
    doc: str
    columns: tuple[Column, ...]
    key: str  # the column no two rows may share


UNIT_COSTS = Sheet(
    "Unit costs",
    "The weekly cost of a child in each placement category, for the cost forecast.",
    (
        Column("category", "category", f"Placement category: {'; '.join(states.CATEGORIES)}."),
        Column("provision", "text", "In-house or external (for the reader; not computed).", False),
        Column("weekly cost", "money", "Cost of one child for one week, in pounds, at the origin."),
        Column("inflation %", "percent", "Yearly increase from the origin, e.g. 3 for 3%."),
    ),
    "category",
)
UASC = Sheet(
    "UASC",
    "Costs of unaccompanied asylum-seeking children beside placements (seed 003 Table 4).",
    (
        Column("financial year", "year", "Financial year, e.g. 2021-22."),
        Column("staffing", "money", "Staffing for UASC in the year, in £ thousands."),
        Column("running costs", "money", "Other running costs in the year, in £ thousands."),
        Column("home office weekly rate", "money", "Home Office grant a UASC in care a week, £."),
    ),
    "financial year",
)
SHEETS = (UNIT_COSTS, UASC)


@dataclass(frozen=True)
class UnitCost:
    category: int
    provision: str
    weekly: float
    inflation: float  # a fraction: 0.03 for 3%


@dataclass(frozen=True)
class UascYear:
    year: str
    staffing: float  # £k
    running: float  # £k
    home_office_weekly: float  # £


@dataclass(frozen=True)
class CostBook:
    unit: dict[int, UnitCost]
    uasc: dict[str, UascYear]


#: The demo's figures. Unit costs are illustrative, not any council's; the UASC rows are seed
#: 003 Table 4's staffing and running costs and a Home Office rate of £114 a night.
DEMO_UNIT = {
    "in-house fostering": ("in-house", 450.0), "agency fostering": ("external", 850.0),
    "kinship": ("in-house", 300.0), "residential": ("external", 4500.0),
    "supported accommodation": ("external", 1100.0), "other": ("in-house", 400.0),
}  # fmt: skip
DEMO_UASC = {
    "2020-21": (4213.0, 3887.0), "2021-22": (4279.0, 2566.0),
    "2022-23": (4680.0, 3112.0), "2023-24": (4925.0, 3209.0),
}  # fmt: skip
DEMO_INFLATION = 3.0
HOME_OFFICE_WEEKLY = 114.0 * 7


def demo_rows() -> dict[str, list[list[object]]]:
    return {
        UNIT_COSTS.name: [[c, p, w, DEMO_INFLATION] for c, (p, w) in DEMO_UNIT.items()],
        UASC.name: [[y, s, r, HOME_OFFICE_WEEKLY] for y, (s, r) in DEMO_UASC.items()],
    }


def write_template(path: Path, demo: bool = False) -> None:
    """The workbook: a Read me describing every column, then each sheet (filled for the demo)."""
    from openpyxl import Workbook

    wb = Workbook()
    readme = wb.active
    assert readme is not None
    readme.title = "Read me"
    readme.append(["sheet", "column", "required", "what it holds"])
    for sheet in SHEETS:
        readme.append([sheet.name, "", "", sheet.doc])
        for col in sheet.columns:
            readme.append([sheet.name, col.name, "yes" if col.required else "no", col.doc])
    rows = demo_rows() if demo else {}
    for sheet in SHEETS:
        ws = wb.create_sheet(sheet.name)
        ws.append([c.name for c in sheet.columns])
        for row in rows.get(sheet.name, []):
            ws.append(row)
    wb.save(path)


def read_files(paths: list[Path]) -> CostBook:
    """The cost book from workbooks or CSV sheets; ReaderError naming every problem."""
    problems: list[Problem] = []
    found: dict[str, list[tuple[str, int, dict[str, str]]]] = {s.name: [] for s in SHEETS}
    for path in paths:
        for label, sheet, rows in _sheets(path, problems):
            found[sheet.name] += [(label, n, r) for n, r in rows]
    book = _parse(found, problems)
    if problems:
        raise ReaderError(problems)
    return book


def _sheets(
    path: Path, problems: list[Problem]
) -> list[tuple[str, Sheet, list[tuple[int, dict[str, str]]]]]:
    if path.suffix.lower() == ".xlsx":
        return _workbook(path, problems)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        problems.append(Problem(str(path), None, None, f"not a UTF-8 CSV file ({e})"))
        return []
    table = [r for r in csv.reader(text.splitlines())]
    sheet = _which(table[0] if table else [])
    if sheet is None:
        problems.append(Problem(str(path), 1, None, _unknown_header()))
        return []
    return [(str(path), sheet, _records(table, sheet, str(path), problems))]


def _workbook(
    path: Path, problems: list[Problem]
) -> list[tuple[str, Sheet, list[tuple[int, dict[str, str]]]]]:
    why = xlsx_limits.check_workbook(path)
    if why:
        problems.append(Problem(str(path), None, None, why))
        return []
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    out = []
    for sheet in SHEETS:
        if sheet.name not in wb.sheetnames:
            problems.append(Problem(str(path), None, None, f"no sheet {sheet.name!r}"))
            continue
        table = [
            ["" if v is None else str(v) for v in row]
            for row in wb[sheet.name].iter_rows(values_only=True)
        ]
        label = f"{path} [{sheet.name}]"
        out.append((label, sheet, _records(table, sheet, label, problems)))
    wb.close()
    return out


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower())


def _which(header: list[str]) -> Sheet | None:
    names = {_key(h) for h in header if h.strip()}
    for sheet in SHEETS:
        if {c.name for c in sheet.columns if c.required} <= names:
            return sheet
    return None


def _unknown_header() -> str:
    wanted = "; ".join(f"{s.name}: {', '.join(c.name for c in s.columns)}" for s in SHEETS)
    return f"the header is not one of the cost sheets ({wanted})"


def _records(
    table: list[list[str]], sheet: Sheet, label: str, problems: list[Problem]
) -> list[tuple[int, dict[str, str]]]:
    if not table:
        problems.append(Problem(label, None, None, "the sheet is empty: it needs its header"))
        return []
    header = [_key(h) for h in table[0]]
    known = {c.name for c in sheet.columns}
    for i, h in enumerate(header):
        if h and h not in known:
            problems.append(Problem(label, 1, table[0][i], "unknown column"))
    for c in sheet.columns:
        if c.required and c.name not in header:
            problems.append(Problem(label, 1, c.name, "missing column"))
    out = []
    for n, row in enumerate(table[1:], start=2):
        if not any(v.strip() for v in row):
            continue
        out.append((n, {h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(header)}))
    return out


def _number(label: str, n: int, col: Column, text: str, problems: list[Problem]) -> float | None:
    try:
        value = float(text.replace(",", "").replace("£", "").rstrip("%"))
    except ValueError:
        problems.append(Problem(label, n, col.name, f"{text!r} is not a number"))
        return None
    if not value >= 0:
        problems.append(Problem(label, n, col.name, f"{value:g} is below 0"))
        return None
    return value


def _f(values: dict[str, object], name: str) -> float:
    value = values[name]
    assert isinstance(value, float), name  # checked present and a number before
    return value


def _parse(
    found: dict[str, list[tuple[str, int, dict[str, str]]]], problems: list[Problem]
) -> CostBook:
    unit: dict[int, UnitCost] = {}
    uasc: dict[str, UascYear] = {}
    for sheet in SHEETS:
        seen: dict[str, tuple[str, int]] = {}
        for label, n, rec in found[sheet.name]:
            values: dict[str, object] = {}
            for col in sheet.columns:
                text = rec.get(col.name, "")
                if not text:
                    if col.required:
                        problems.append(Problem(label, n, col.name, "required, and empty"))
                    values[col.name] = None
                elif col.kind == "category":
                    key = _key(text)
                    if key not in states.CATEGORIES:
                        problems.append(
                            Problem(
                                label,
                                n,
                                col.name,
                                f"{text!r} is not a placement category "
                                f"({', '.join(states.CATEGORIES)})",
                            )
                        )
                    values[col.name] = key
                elif col.kind == "year":
                    if not re.fullmatch(r"\d{4}-\d{2}", text) or (int(text[:4]) + 1) % 100 != int(
                        text[5:]
                    ):
                        problems.append(
                            Problem(
                                label,
                                n,
                                col.name,
                                f"{text!r} is not a financial year such as 2021-22",
                            )
                        )
                    values[col.name] = text
                elif col.kind in ("money", "percent"):
                    values[col.name] = _number(label, n, col, text, problems)
                else:
                    values[col.name] = text
            k = str(values[sheet.key])
            if k in seen:
                first = seen[k]
                problems.append(
                    Problem(
                        label,
                        n,
                        sheet.key,
                        f"{k!r} is given twice (first at {first[0]} row {first[1]})",
                    )
                )
            seen.setdefault(k, (label, n))
            if any(values[c.name] is None for c in sheet.columns if c.required):
                continue
            if sheet is UNIT_COSTS and k in states.CATEGORIES:
                c = states.CATEGORIES.index(k)
                weekly, inflation = _f(values, "weekly cost"), _f(values, "inflation %") / 100
                unit[c] = UnitCost(c, str(values["provision"] or ""), weekly, inflation)
            elif sheet is UASC:
                uasc[k] = UascYear(
                    k,
                    _f(values, "staffing"),
                    _f(values, "running costs"),
                    _f(values, "home office weekly rate"),
                )
    missing = [c for i, c in enumerate(states.CATEGORIES) if i not in unit]
    if missing and not problems:
        rows = found[UNIT_COSTS.name]
        label = rows[0][0] if rows else "the files given"
        problems.append(
            Problem(label, None, "category", f"no weekly cost for {', '.join(missing)}")
        )
    return CostBook(unit, uasc)


def markdown() -> str:
    """docs/formats/forecast_costs.md: the workbook's sheets and columns, from the declaration."""
    lines = [
        "# Unit costs for the forecast (`csc forecast costs`)",
        "",
        "<!-- Generated by `csc docs` from forecast/cost_template.py. -->",
        "",
        "`csc forecast cost-template --out costs.xlsx [--demo]` writes this workbook; fill it and",
        "give it to `csc forecast costs costs.xlsx`. Each sheet may also come as a CSV file with",
        "the same header. A file with any problem is refused whole, each problem named by file,",
        "sheet, row, column and reason. The demo's unit costs are illustrative; its UASC rows are",
        "seed 003 Table 4's staffing and running costs and a Home Office rate of £114 a night.",
    ]
    for sheet in SHEETS:
        lines += ["", f"## {sheet.name}", "", sheet.doc, "", f"One row per {sheet.key}.", ""]
        lines += ["| column | required | what it holds |", "| --- | --- | --- |"]
        lines += [
            f"| {c.name} | {'yes' if c.required else 'no'} | {c.doc} |" for c in sheet.columns
        ]
    return "\n".join(lines) + "\n"
