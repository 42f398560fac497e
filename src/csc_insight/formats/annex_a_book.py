"""Opening an Annex A workbook: the checks before openpyxl, the list sheets, and reading them.

Every problem with the workbook names the file, and the sheet with it where there is one
(``annex_a.xlsx [List 3]``); ``read_book`` raises them together as one ReaderError.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from csc_insight.errors import Problem, ProblemList, ReaderError
from csc_insight.formats.annex_a_lists import BY_NUMBER, list_number
from csc_insight.formats.annex_a_sheet import Sheet, Unreadable, read_sheet
from csc_insight.formats.xlsx_limits import check_workbook

#: The canonical table each list's rows are for (the first, where a row gives several), named
#: in the problems of rows held back. Lists 10 and 11 have none yet.
LIST_TABLES: dict[int, str] = {
    1: "ssd_contacts",
    2: "ssd_early_help_episodes",
    3: "ssd_cin_episodes",
    4: "ssd_cin_assessments",
    5: "ssd_s47_enquiry",
    6: "ssd_cin_episodes",
    7: "ssd_cp_plans",
    8: "ssd_cla_episodes",
    9: "ssd_care_leavers",
}


@dataclass
class Book:
    path: Path
    sheets: dict[int, Sheet]  # by list number

    @property
    def rows(self) -> int:
        """Rows to stage (held rows and collapsed copies left out)."""
        return sum(len(s.records) for s in self.sheets.values())

    @property
    def latest(self) -> date:
        """The latest date in the rows staged: when two returns hold one record, the later
        return wins."""
        dates = [
            v
            for s in self.sheets.values()
            for r in s.records
            for v in r.values()
            if isinstance(v, date)
        ]
        return max(dates, default=date.min)

    @property
    def held(self) -> list[Problem]:
        return [p for _, s in sorted(self.sheets.items()) for p in s.held]

    @property
    def notes(self) -> list[Problem]:
        return [p for _, s in sorted(self.sheets.items()) for p in s.notes]


def read_book(path: Path) -> Book:
    """The workbook's list sheets, read; raises ReaderError for any problem with the file."""
    reason = check_workbook(path)
    if reason is not None:
        raise ReaderError([Problem(str(path), None, None, reason)])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns of extensions it does not read
            import openpyxl  # here, not at the top: a load without workbooks need not import it

            wb = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
            names = list(wb.sheetnames)
    except Exception as e:
        raise ReaderError(
            [Problem(str(path), None, None, f"not a readable xlsx workbook ({brief(e)})")]
        ) from e
    try:
        return _read_sheets(wb, names, path)
    finally:
        wb.close()


def _read_sheets(wb: Any, names: list[str], path: Path) -> Book:
    problems: list[Problem] = []
    chosen: dict[int, str] = {}
    for name in names:
        n = list_number(name)
        if n is None:
            continue
        if n in chosen:
            second = f"a second sheet for List {n} (the first is '{chosen[n]}')"
            problems.append(Problem(f"{path} [{name}]", None, None, second))
            continue
        chosen[n] = name
    if not chosen:
        none = "no Annex A list sheets (expected sheets named List 1 … List 11)"
        raise ReaderError([Problem(str(path), None, None, none)])
    sheets: dict[int, Sheet] = {}
    truncated = False
    for n, name in sorted(chosen.items()):
        found = ProblemList(f"{path} [{name}]")
        try:
            ws = wb[name]
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                sheet = read_sheet(ws, BY_NUMBER[n], name, found, LIST_TABLES.get(n))
        except (Unreadable, KeyError) as e:
            cause = e.__cause__ or e
            found.add(None, None, f"not a readable xlsx workbook ({brief(cause)})")
            sheet = None
        problems += found.items
        truncated = truncated or found.truncated
        if sheet is not None:
            sheets[n] = sheet
    if problems:
        raise ReaderError(problems, truncated)
    return Book(path, sheets)


def brief(e: BaseException) -> str:
    text = str(e).splitlines()[0] if str(e) else ""
    return f"{type(e).__name__}: {text}"[:200] if text else type(e).__name__
