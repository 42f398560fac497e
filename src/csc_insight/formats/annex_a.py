"""Ofsted's Annex A workbook (ILACS): one sheet per list, read into the canonical tables.

Follows the Annex A lists and columns of Ofsted's ILACS inspection framework as councils fill them
for inspections from 2023-24 (the template whose List 9 adds UASC, personal adviser, pathway plan
review and latest contact); the older List 9 without those columns is read too. Codes follow the
DfE's 2024-25 CIN census and SSDA903 specifications. The mapping, the decisions where the template
is ambiguous, and the writer's window rules are in docs/formats/annex_a.md.

Annex A rows carry no record ids, so each record gets the id every reader gives it
(``<child>-<yyyymmdd>``, docs/dev/readers.md), and an Annex A row merges with the CIN census,
SSDA903 and SSD rows for the same record (MODE = "merge").
"""

from __future__ import annotations

import calendar
import html
import re
import warnings
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import openpyxl
import pyarrow as pa
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils.datetime import from_excel

from csc_insight.errors import MAX_PROBLEMS_PER_FILE, Problem, ReaderError
from csc_insight.formats import keys
from csc_insight.formats.annex_a_lists import (
    BY_NUMBER,
    LISTS,
    REFERRAL_SOURCE,
    AnnexList,
    Codes,
    ListColumn,
    header_variants,
    list_number,
)
from csc_insight.formats.base import Mode, SourceFile, Staged
from csc_insight.formats.csv_table import header_key
from csc_insight.formats.dates import DAY_FIRST, FIRST, ISO, LAST, date_problem
from csc_insight.store import schema
from csc_insight.store.sql import scalar

FORMAT = "annex_a"
MODE: Mode = "merge"

#: The header row is looked for in this many rows at the top of a sheet (title rows above it).
HEADER_SEARCH_ROWS = 10
#: Columns looked at in a row; a template has at most ~35.
MAX_COLUMNS = 200
_EXCEL_LAST_SERIAL = 73415  # 2100-12-31
_DATE_FORMAT = "dd/mm/yyyy"

Record = dict[str, Any]


# ---------------------------------------------------------------------------------------------
# Recognising a workbook


def recognise(path: Path) -> str | None:
    """``workbook`` for an .xlsx whose sheets include two or more Annex A lists.

    An .xlsx that is not a readable workbook at all (truncated, or a CSV renamed) is claimed too
    (kind ``unreadable``), so that the person loading it hears why rather than "not a format"."""
    if path.suffix.lower() != ".xlsx":
        return None
    names = _peek_sheet_names(path)
    if names is None:
        return "unreadable"
    found = {list_number(n) for n in names} - {None}
    return "workbook" if len(found) >= 2 else None


_SHEET_TAG = re.compile(rb"<(?:\w+:)?sheet\b[^>]*?\bname=\"([^\"]*)\"")


def _peek_sheet_names(path: Path) -> list[str] | None:
    """Sheet names from xl/workbook.xml without opening the workbook; None if unreadable."""
    try:
        with zipfile.ZipFile(path) as z, z.open("xl/workbook.xml") as f:
            head = f.read(1 << 20)
    except Exception:  # any failure to open the zip means the bytes are not a workbook
        return None
    return [html.unescape(m.decode("utf-8", "replace")) for m in _SHEET_TAG.findall(head)]


# ---------------------------------------------------------------------------------------------
# Problems, one budget per workbook


class _Problems:
    """Problems in one workbook, each naming the sheet with the file ("book.xlsx [List 3]")."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.items: list[Problem] = []
        self.truncated = False

    def add(self, sheet: str | None, row: int | None, column: str | None, reason: str) -> None:
        if self.full:
            self.truncated = True
            return
        where = f"{self.path} [{sheet}]" if sheet else str(self.path)
        self.items.append(Problem(where, row, column, reason))

    @property
    def full(self) -> bool:
        return len(self.items) >= MAX_PROBLEMS_PER_FILE


class _Unreadable(Exception):
    """openpyxl failed part-way through a sheet: the bytes are not a sound workbook."""


# ---------------------------------------------------------------------------------------------
# Reading cells


def _filled(v: object) -> bool:
    return v is not None and not (isinstance(v, str) and not v.strip())


def cell_text(v: object) -> str | None:
    """A cell as text: numbers typed into text columns come as floats (1234.0 -> "1234")."""
    if v is None:
        return None
    if isinstance(v, bool):
        return "Y" if v else "N"
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    if isinstance(v, datetime):
        return v.date().isoformat()
    text = str(v).strip()
    return text or None


_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s.*)?$")
_YMD = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?$")
#: What a date column accepts, as messages name it: a date cell first, as the template has it.
_DATE_FORMATS, _DATE_CELL = (DAY_FIRST, ISO), ("a date cell",)


def to_date(v: object) -> tuple[date | None, str | None]:
    """(date, None), or (None, reason) when the cell holds something that is not a date; the
    reason quotes the cell as Excel shows it (a date cell day first)."""
    if not _filled(v):
        return None, None
    d: date | None = None
    if isinstance(v, datetime):
        d = v.date()
    elif isinstance(v, date):
        d = v
    elif isinstance(v, (int, float)) and not isinstance(v, bool):
        # A date typed into a cell formatted as a number arrives as its Excel serial.
        if 1 <= v <= _EXCEL_LAST_SERIAL:
            d = from_excel(float(v)).date()
    elif isinstance(v, str):
        d = _text_date(v.strip())
    if d is None or not FIRST <= d <= LAST:
        return None, date_problem(_as_found(v, d), _DATE_FORMATS, _DATE_CELL)
    return d, None


def _as_found(v: object, d: date | None) -> str:
    """A bad date cell as the person filling the workbook sees it."""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, date) and d is not None:
        return f"{d.day:02}/{d.month:02}/{d.year:04}"  # strftime leaves years < 1000 unpadded
    return cell_text(v) or str(v)


def _text_date(text: str) -> date | None:
    for pattern, order in ((_DMY, (2, 1, 0)), (_YMD, (0, 1, 2))):
        m = pattern.match(text)
        if m:
            y, mo, d = (int(m.group(i + 1)) for i in order)
            try:
                return date(y, mo, d)
            except ValueError:
                return None
    return None


_YES = {"Y", "YES", "TRUE"}
_NO = {"N", "NO", "FALSE"}


def to_yn(v: object) -> tuple[str | None, str | None]:
    text = cell_text(v)
    if text is None:
        return None, None
    upper = text.upper()
    if upper in _YES:
        return "Y", None
    if upper in _NO:
        return "N", None
    return None, "not Y or N"


def to_source(v: object) -> tuple[tuple[str | None, str | None] | None, str | None]:
    """(code, description) of a contact or referral source; never a problem: a source that is
    not a CIN census code is kept as its description."""
    text = cell_text(v)
    if text is None:
        return None, None
    code = REFERRAL_SOURCE.translate(text)
    return (code, None if code == text.upper() else text), None


def convert(kind: object, v: object) -> tuple[Any, str | None]:
    """A cell read as its column's kind: (value, None) or (None, reason)."""
    if kind == "date":
        return to_date(v)
    if kind == "yn":
        return to_yn(v)
    if kind == "source":
        return to_source(v)
    text = cell_text(v)
    if isinstance(kind, Codes) and text is not None:
        code = kind.translate(text)
        return (code, None) if code is not None else (None, kind.expected())
    return text, None


# ---------------------------------------------------------------------------------------------
# Reading sheets


@dataclass
class _Sheet:
    lst: AnnexList
    name: str
    records: list[Record] = field(default_factory=list)


@dataclass
class _Book:
    path: Path
    sheets: dict[int, _Sheet]
    rows: int
    latest: date


def _rows(ws: Any) -> Iterator[tuple[Any, ...]]:
    """Rows of a sheet as values; openpyxl's own failures become _Unreadable."""
    try:
        ws.reset_dimensions()  # a wrong <dimension> would pad every row to its width
        it = ws.iter_rows(min_row=1, values_only=True)
    except Exception as e:
        raise _Unreadable(e) from e
    while True:
        try:
            row = next(it)
        except StopIteration:
            return
        except Exception as e:
            raise _Unreadable(e) from e
        yield row[:MAX_COLUMNS]


def _match_header(row: tuple[Any, ...], lst: AnnexList) -> dict[str, list[int]]:
    """Column name -> positions in ``row`` of the cells whose text matches its header.

    A header spelled exactly (bar case, spacing and punctuation) beats one that matches only
    without its bracketed text, so "Allocated Team (previous)" beside "Allocated Team" is extra."""
    exact = {c.name: {header_key(h) for h in (c.header, *c.aliases)} for c in lst.columns}
    loose = {c.name: c.keys() for c in lst.columns}
    hits: dict[str, tuple[list[int], list[int]]] = {}
    for i, v in enumerate(row):
        text = cell_text(v)
        if text is None:
            continue
        key, variants = header_key(text), header_variants(text)
        name = next((n for n, ks in exact.items() if key in ks), None)
        if name is not None:
            hits.setdefault(name, ([], []))[0].append(i)
            continue
        name = next((n for n, ks in loose.items() if variants & ks), None)
        if name is not None:
            hits.setdefault(name, ([], []))[1].append(i)
    return {name: exact_hits or loose_hits for name, (exact_hits, loose_hits) in hits.items()}


def _find_header(
    head: list[tuple[Any, ...]], lst: AnnexList
) -> tuple[int, dict[str, list[int]]] | None:
    """(index in ``head``, matches) of the row matching most of the list's headers (at least two)."""
    best: tuple[int, dict[str, list[int]]] | None = None
    for i, row in enumerate(head):
        hits = _match_header(row, lst)
        if len(hits) >= 2 and (best is None or len(hits) > len(best[1])):
            best = (i, hits)
    return best


def _read_sheet(ws: Any, lst: AnnexList, sheet: str, problems: _Problems) -> _Sheet | None:
    def add(row: int | None, column: str | None, reason: str) -> None:
        problems.add(sheet, row, column, reason)

    rows = _rows(ws)
    head: list[tuple[Any, ...]] = []
    for row in rows:
        head.append(row)
        if len(head) == HEADER_SEARCH_ROWS:
            break
    key_headers = [c.header for c in lst.columns if c.need == "key"]
    if not any(_filled(v) for r in head for v in r):
        add(None, None, "sheet is empty (no header row)")
        return None
    found = _find_header(head, lst)
    if found is None:
        add(
            None,
            key_headers[0],
            f"no header row in the first {HEADER_SEARCH_ROWS} rows (expected {', '.join(key_headers)}, ...)",
        )
        return None
    at, hits = found
    header_row = at + 1
    columns = _columns(head[at], lst, hits, header_row, add)
    if columns is None:
        return None
    out = _Sheet(lst, sheet)
    data = (r for r in head[at + 1 :])
    for rownum, row in enumerate(_chain(data, rows), start=header_row + 1):
        if problems.full:
            problems.truncated = True  # stop reading: the report says it stopped
            break
        record = _record(row, lst, columns, rownum, add)
        if record is not None:
            out.records.append(record)
    _check_duplicates(out, add)
    return out


def _chain(
    first: Iterator[tuple[Any, ...]], rest: Iterator[tuple[Any, ...]]
) -> Iterator[tuple[Any, ...]]:
    yield from first
    yield from rest


Columns = list[tuple[ListColumn, int, str]]  # (column, position, header as the file spells it)


def _columns(
    header: tuple[Any, ...],
    lst: AnnexList,
    hits: dict[str, list[int]],
    header_row: int,
    add: Callable[[int | None, str | None, str], None],
) -> Columns | None:
    """The columns to read, with their positions; None (problems added) if one is missing."""
    out: Columns = []
    missing = False
    for col in lst.columns:
        where = hits.get(col.name, [])
        if not where:
            if col.need != "optional":
                add(header_row, col.header, "column missing from the header")
                missing = True
            continue
        label = cell_text(header[where[0]]) or col.header
        if len(where) > 1 and col.kind != "skip":
            add(header_row, label, "column appears twice in the header")
            missing = True
        if col.kind != "skip":
            out.append((col, where[0], label))
    return None if missing else out


def _record(
    row: tuple[Any, ...],
    lst: AnnexList,
    columns: Columns,
    rownum: int,
    add: Callable[[int | None, str | None, str], None],
) -> Record | None:
    """One row's values by column name (None for a blank row), adding a problem per bad cell."""
    if not any(_filled(v) for v in row):
        return None
    record: Record = {c.name: None for c in lst.columns if c.kind != "skip"}
    record["_row"] = rownum
    for col, i, label in columns:
        v = row[i] if i < len(row) else None
        value, reason = convert(col.kind, v)
        if reason:
            add(rownum, label, reason)
        elif value is None and col.need == "key":
            add(rownum, label, "value missing")
        record[col.name] = value
    return record


def _check_duplicates(sheet: _Sheet, add: Callable[[int | None, str | None, str], None]) -> None:
    key_of = _RECORD_KEYS.get(sheet.lst.number)
    if key_of is None:
        return
    keys_named = "+".join(c.header for c in sheet.lst.columns if c.need == "key")
    column, what = _KEY_LABELS.get(sheet.lst.number, (keys_named, "duplicate key: same as row"))
    first: dict[tuple[Any, ...], int] = {}
    for r in sheet.records:
        k = key_of(r)
        if k is None or None in k:
            continue
        if k in first:
            add(r["_row"], column, f"{what} {first[k]}")
        else:
            first[k] = r["_row"]


#: Where a list's key is not simply its key columns: (column named, reason).
_KEY_LABELS = {
    8: (
        "Child Unique ID",
        "duplicate key: the same child and latest episode (the latest of the dates started to be"
        " looked after, of the most recent placement and of the current legal status) as row",
    ),
    9: ("Child Unique ID+Latest Date of Contact", "duplicate key: same as row"),
}


def cla_episode_start(r: Record) -> date | None:
    """The start (DECOM) of the child's latest episode: a new episode begins when the child
    enters care, at each change of placement and at each change of legal status."""
    dates = [d for d in (r.get("entered_care"), r.get("placement_start"), r.get("ls_start")) if d]
    return max(dates) if dates else None


_RECORD_KEYS: dict[int, Callable[[Record], tuple[Any, ...] | None]] = {
    1: lambda r: (r.get("child"), r.get("contact_date")),
    2: lambda r: (r.get("child"), r.get("eh_start")),
    3: lambda r: (r.get("child"), r.get("referral_date")),
    4: lambda r: (r.get("child"), r.get("asmt_start")),
    5: lambda r: (r.get("child"), r.get("s47_start")),
    6: lambda r: (r.get("child"), r.get("cin_start")),
    7: lambda r: (r.get("child"), r.get("cpp_start")),
    8: lambda r: (r.get("child"), cla_episode_start(r)),
    9: lambda r: (r.get("child"), r.get("latest_contact")) if r.get("latest_contact") else None,
}


def _read_book(path: Path, problems: _Problems) -> _Book | None:
    if not path.exists() or path.stat().st_size == 0:
        problems.add(None, None, None, "file is empty")
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns of extensions it does not read
            wb = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
            names = list(wb.sheetnames)
    except Exception as e:
        problems.add(None, None, None, _unreadable_book(path, e))
        return None
    try:
        return _read_sheets(wb, names, path, problems)
    except _Unreadable as e:
        problems.add(None, None, None, f"not a readable xlsx workbook ({_brief(e.__cause__ or e)})")
        return None
    finally:
        wb.close()


#: The first bytes of an OLE compound file: Excel 97-2003 (.xls), and every workbook protected
#: with a password, which Excel stores encrypted inside one.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _unreadable_book(path: Path, e: BaseException) -> str:
    with path.open("rb") as f:
        head = f.read(8)
    if head == _OLE_MAGIC:
        return (
            "not a readable xlsx workbook: it is an Excel 97-2003 file (.xls) or a workbook "
            "protected with a password; open it in Excel, remove any password and save it as "
            "Excel Workbook (.xlsx)"
        )
    if not zipfile.is_zipfile(path):
        return (
            "not a readable xlsx workbook: the file is not the zip archive an .xlsx is (damaged, "
            "cut short, or another kind of file renamed .xlsx)"
        )
    return f"not a readable xlsx workbook ({_brief(e)})"


def _read_sheets(wb: Any, names: list[str], path: Path, problems: _Problems) -> _Book | None:
    chosen: dict[int, str] = {}
    for name in names:
        n = list_number(name)
        if n is None:
            continue
        if n in chosen:
            problems.add(
                name, None, None, f"a second sheet for List {n} (the first is '{chosen[n]}')"
            )
            continue
        chosen[n] = name
    if not chosen:
        problems.add(
            None, None, None, "no Annex A list sheets (expected sheets named List 1 … List 11)"
        )
        return None
    sheets: dict[int, _Sheet] = {}
    for n, name in sorted(chosen.items()):
        try:
            ws = wb[name]
        except Exception as e:
            raise _Unreadable(e) from e
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                sheet = _read_sheet(ws, BY_NUMBER[n], name, problems)
        except _Unreadable as e:
            problems.add(
                name, None, None, f"not a readable xlsx workbook ({_brief(e.__cause__ or e)})"
            )
            continue
        if sheet is not None:
            sheets[n] = sheet
    rows = sum(len(s.records) for s in sheets.values())
    return _Book(path, sheets, rows, _latest_date(sheets))


def _latest_date(sheets: dict[int, _Sheet]) -> date:
    """The latest date in a workbook: when two returns hold one record, the later return wins."""
    dates = [
        v for s in sheets.values() for r in s.records for v in r.values() if isinstance(v, date)
    ]
    return max(dates, default=date.min)


def _brief(e: BaseException) -> str:
    text = str(e).splitlines()[0] if str(e) else ""
    return f"{type(e).__name__}: {text}"[:200] if text else type(e).__name__


# ---------------------------------------------------------------------------------------------
# From list rows to canonical rows

Row = dict[str, Any]


def _rid(child: str, d: date) -> str:
    return keys.record_id(child, d)


def _list1(r: Record) -> Iterator[tuple[str, Row]]:
    code, desc = r["contact_source"] or (None, None)
    yield (
        "ssd_contacts",
        {
            "cont_contact_id": _rid(r["child"], r["contact_date"]),
            "cont_person_id": r["child"],
            "cont_contact_date": r["contact_date"],
            "cont_contact_source_code": code,
            "cont_contact_source_desc": desc,
        },
    )


def _list2(r: Record) -> Iterator[tuple[str, Row]]:
    yield (
        "ssd_early_help_episodes",
        {
            "earl_episode_id": _rid(r["child"], r["eh_start"]),
            "earl_person_id": r["child"],
            "earl_episode_start_date": r["eh_start"],
            "earl_episode_end_date": r["eh_end"],
            "earl_episode_organisation": r["eh_org"],
        },
    )


def _list3(r: Record) -> Iterator[tuple[str, Row]]:
    code, desc = r["referral_source"] or (None, None)
    yield (
        "ssd_cin_episodes",
        {
            "cine_referral_id": _rid(r["child"], r["referral_date"]),
            "cine_person_id": r["child"],
            "cine_referral_date": r["referral_date"],
            "cine_referral_source_code": code,
            "cine_referral_source_desc": desc,
            "cine_referral_nfa": r["referral_nfa"],
            "cine_referral_team": r["team"],
            "cine_referral_worker_id": r["worker"],
        },
    )


def _invert(yn: str | None) -> str | None:
    return {"Y": "N", "N": "Y"}.get(yn or "")


def _list4(r: Record) -> Iterator[tuple[str, Row]]:
    yield (
        "ssd_cin_assessments",
        {
            "cina_assessment_id": _rid(r["child"], r["asmt_start"]),
            "cina_person_id": r["child"],
            "cina_assessment_start_date": r["asmt_start"],
            "cina_assessment_child_seen": r["child_seen"],
            "cina_assessment_auth_date": r["asmt_auth"],
            # "Requiring support? N" is the assessment's no-further-action outcome.
            "cina_assessment_outcome_nfa": _invert(r["requires_support"]),
            "cina_assessment_team": r["team"],
            "cina_assessment_worker_id": r["worker"],
        },
    )


def _list5(r: Record) -> Iterator[tuple[str, Row]]:
    s47_id = _rid(r["child"], r["s47_start"])
    yield (
        "ssd_s47_enquiry",
        {
            "s47e_s47_enquiry_id": s47_id,
            "s47e_person_id": r["child"],
            "s47e_s47_start_date": r["s47_start"],
            "s47e_s47_nfa": r["icpc_unnecessary"],
            "s47e_s47_completed_by_team": r["team"],
            "s47e_s47_completed_by_worker_id": r["worker"],
        },
    )
    if r["icpc_date"] is not None:
        yield (
            "ssd_initial_cp_conference",
            {
                "icpc_icpc_id": _rid(r["child"], r["icpc_date"]),
                "icpc_s47_enquiry_id": s47_id,
                "icpc_person_id": r["child"],
                "icpc_icpc_date": r["icpc_date"],
                "icpc_icpc_outcome_cp_flag": r["icpc_plan"],
            },
        )


def _list6(r: Record) -> Iterator[tuple[str, Row]]:
    # The CIN start date is the referral date, so the row merges with List 3's for the referral.
    yield (
        "ssd_cin_episodes",
        {
            "cine_referral_id": _rid(r["child"], r["cin_start"]),
            "cine_person_id": r["child"],
            "cine_referral_date": r["cin_start"],
            "cine_cin_primary_need_code": r["primary_need"],
            "cine_close_date": r["cin_close"],
            "cine_close_reason": r["close_reason"],
        },
    )


def _list7(r: Record) -> Iterator[tuple[str, Row]]:
    yield (
        "ssd_cp_plans",
        {
            "cppl_cp_plan_id": _rid(r["child"], r["cpp_start"]),
            "cppl_person_id": r["child"],
            "cppl_cp_plan_start_date": r["cpp_start"],
            "cppl_cp_plan_end_date": r["cpp_end"],
            "cppl_cp_plan_initial_category": r["initial_category"],
            "cppl_cp_plan_latest_category": r["latest_category"],
        },
    )


def _list8(r: Record) -> Iterator[tuple[str, Row]]:
    child, start = r["child"], cla_episode_start(r)
    if start is None:
        return
    period = _rid(child, r["entered_care"])
    placement = _rid(child, r["placement_start"]) if r["placement_start"] else None
    yield (
        "ssd_cla_episodes",
        {
            "clae_cla_episode_id": _rid(child, start),
            "clae_person_id": child,
            "clae_cla_placement_id": placement,
            "clae_cla_episode_start_date": start,
            "clae_cla_primary_need_code": r["cla_need"],
            "clae_cla_episode_ceased_date": r["ceased_date"],
            "clae_cla_episode_ceased_reason": r["ceased_reason"],
            "clae_cla_id": period,
            "clae_cla_last_iro_contact_date": r.get("last_iro"),
            "clae_entered_care_date": r["entered_care"],
        },
    )
    if placement:
        yield (
            "ssd_cla_placement",
            {
                "clap_cla_placement_id": placement,
                "clap_cla_id": period,
                "clap_person_id": child,
                "clap_cla_placement_start_date": r["placement_start"],
                "clap_cla_placement_type": r["placement_type"],
                "clap_cla_placement_urn": r["placement_urn"],
                "clap_cla_placement_provider": r["placement_provider"],
                "clap_cla_placement_postcode": r["placement_postcode"],
            },
        )
    if r["ls_start"] and r["legal_status"]:
        yield (
            "ssd_legal_status",
            {
                "lega_legal_status_id": _rid(child, r["ls_start"]),
                "lega_person_id": child,
                "lega_legal_status": r["legal_status"],
                "lega_legal_status_start_date": r["ls_start"],
            },
        )
    if r["uasc"] == "Y":
        yield (
            "ssd_immigration_status",
            {
                "immi_immigration_status_id": keys.uasc_id(child),
                "immi_person_id": child,
                "immi_immigration_status": "UASC",
            },
        )


def _list9(r: Record) -> Iterator[tuple[str, Row]]:
    if r.get("latest_contact") is None:
        return  # the older List 9 gives no date to key the record on (see the docs)
    accommodation, suitable = _accommodation(r["accommodation"], r["suitability"])
    yield (
        "ssd_care_leavers",
        {
            "clea_table_id": _rid(r["child"], r["latest_contact"]),
            "clea_person_id": r["child"],
            "clea_care_leaver_eligibility": r["eligibility"],
            "clea_care_leaver_in_touch": r["in_touch"],
            "clea_care_leaver_latest_contact": r["latest_contact"],
            "clea_care_leaver_accommodation": accommodation,
            "clea_care_leaver_accom_suitable": suitable,
            "clea_care_leaver_activity": r["activity"],
            "clea_pathway_plan_review_date": r.get("pathway_review"),
            "clea_care_leaver_personal_advisor": r.get("personal_advisor"),
            "clea_care_leaver_allocated_team": r["team"],
            "clea_care_leaver_worker_id": r["worker"],
        },
    )


def _accommodation(kind: str | None, suitable: str | None) -> tuple[str | None, str | None]:
    """SSDA903 codes accommodation and its suitability together (B1 suitable, B2 unsuitable);
    Annex A gives them in two columns."""
    if kind is None:
        return None, suitable
    if len(kind) == 2:
        return kind, suitable or ("Y" if kind[1] == "1" else "N")
    if suitable is None:
        return kind, None
    return kind + ("1" if suitable == "Y" else "2"), suitable


_MAPPERS: dict[int, Callable[[Record], Iterator[tuple[str, Row]]]] = {
    1: _list1,
    2: _list2,
    3: _list3,
    4: _list4,
    5: _list5,
    6: _list6,
    7: _list7,
    8: _list8,
    9: _list9,
}

_PERSON_FIELDS = {"gender": "pers_sex", "ethnicity": "pers_ethnicity", "dob": "pers_dob"}


def _people(book: _Book) -> dict[str, Row]:
    """ssd_person from every list: the first value given for a child, List 1 first."""
    people: dict[str, Row] = {}
    for n in sorted(book.sheets):
        if n not in _MAPPERS:
            continue
        for r in book.sheets[n].records:
            if r.get("child") is None:
                continue
            person = people.setdefault(r["child"], {"pers_person_id": r["child"]})
            for source, target in _PERSON_FIELDS.items():
                if person.get(target) is None and r.get(source) is not None:
                    person[target] = r[source]
    return people


def _canonical(books: list[_Book]) -> dict[tuple[str, str], dict[Any, Row]]:
    """Rows per (canonical table, source list) by key. Books come oldest first, and a later
    return's values replace an earlier one's value by value (an empty value keeps the earlier),
    as the loader's merge does between loads."""
    out: dict[tuple[str, str], dict[Any, Row]] = {}
    for book in books:
        people = out.setdefault(("ssd_person", "people"), {})
        for pid, person in _people(book).items():
            _fill(people, pid, person)
        for n, sheet in sorted(book.sheets.items()):
            mapper = _MAPPERS.get(n)
            if mapper is None:
                continue  # Lists 10 and 11: no canonical table yet
            for r in sheet.records:
                for table, row in mapper(r):
                    key = tuple(row[k] for k in schema.table(table).key)
                    _fill(out.setdefault((table, f"list{n}"), {}), key, row)
    return out


def _fill(rows: dict[Any, Row], key: Any, row: Row) -> None:
    merged = rows.setdefault(key, dict.fromkeys(row))
    merged.update({k: v for k, v in row.items() if v is not None})


_ARROW_TYPES = {
    "DATE": pa.date32(),
    "DOUBLE": pa.float64(),
    "INTEGER": pa.int64(),
    "BIGINT": pa.int64(),
}


def _create_temp(con: duckdb.DuckDBPyConnection, name: str, table: str, rows: list[Row]) -> None:
    t = schema.table(table)
    fields = [f for f in t.fields if any(f.name in r for r in rows)]
    arrow = pa.table(
        {
            f.name: pa.array([r.get(f.name) for r in rows], _ARROW_TYPES.get(f.type, pa.string()))
            for f in fields
        }
    )
    view = f"_arrow_{name}"
    con.register(view, arrow)
    try:
        con.execute(f"DROP TABLE IF EXISTS {name}")
        con.execute(f"CREATE TEMP TABLE {name} AS SELECT * FROM {view}")
    finally:
        con.unregister(view)


def stage(con: duckdb.DuckDBPyConnection, files: list[SourceFile]) -> Staged:
    staged = Staged()
    books: list[_Book] = []
    problems: list[Problem] = []
    truncated = False
    for f in files:
        found = _Problems(f.path)
        book = _read_book(f.path, found)
        problems += found.items
        truncated = truncated or found.truncated
        if book is not None:
            books.append(book)
            staged.rows[f.path] = book.rows
    if problems:
        raise ReaderError(problems, truncated)
    books.sort(key=lambda b: b.latest)
    for (table, source), rows in _canonical(books).items():
        if not rows:
            continue
        temp = f"stage_annex_a_{source}_{table}"
        _create_temp(con, temp, table, list(rows.values()))
        staged.add(table, temp)
    return staged


# ---------------------------------------------------------------------------------------------
# Writing a workbook


def window(period_end: date, months: int = 12) -> tuple[date, date]:
    """The ``months`` months ending on ``period_end``: from the day after ``period_end``,
    ``months`` months back (the 1st of the next month when that day does not exist), to
    ``period_end``. 12 months to 31/03/2020 start 01/04/2019; to 28/02/2021, 01/03/2020."""
    if months < 1:
        raise ValueError("months must be at least 1")
    after = period_end + timedelta(days=1)
    y, m = divmod(after.year * 12 + after.month - 1 - months, 12)
    m += 1
    if after.day > calendar.monthrange(y, m)[1]:
        y, m = (y, m + 1) if m < 12 else (y + 1, 1)
        return date(y, m, 1), period_end
    return date(y, m, after.day), period_end


def write(
    con: duckdb.DuckDBPyConnection,
    out_dir: Path,
    *,
    period_end: date | None = None,
    months: int = 12,
) -> list[Path]:
    """Write ``out_dir/annex_a.xlsx``: Lists 1–9 for the window, Lists 10 and 11 headers only."""
    if period_end is None:
        period_end = scalar(con, "SELECT max(cont_contact_date) FROM ssd_contacts") or date.today()
    start, end = window(period_end, months)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "annex_a.xlsx"
    wb = openpyxl.Workbook(write_only=True)
    for lst in LISTS:
        ws = wb.create_sheet(lst.sheet_title)
        ws.append([_header_cell(ws, c.header) for c in lst.columns])
        sql = _LIST_SQL.get(lst.number)
        if sql is None:
            continue
        cur = con.execute(_with_person(sql), {"ws": start, "we": end})
        names = [d[0] for d in cur.description]
        for values in cur.fetchall():
            row = dict(zip(names, values, strict=True))
            ws.append([_cell(ws, row.get(c.name)) for c in lst.columns])
    wb.save(path)
    return [path]


_BOLD = Font(bold=True)


def _header_cell(ws: Any, text: str) -> Cell:
    cell = WriteOnlyCell(ws, value=text)
    cell.font = _BOLD
    return cell


def _cell(ws: Any, value: object) -> object:
    if isinstance(value, date):
        cell = WriteOnlyCell(ws)
        cell.value = value  # set, not passed: the stubs' WriteOnlyCell(value=) leaves out date
        cell.number_format = _DATE_FORMAT
        return cell
    return value


def _with_person(core: str) -> str:
    """A list's query with the child's columns every list starts with (age at the period end)."""
    return f"""
    WITH dis AS (
        SELECT disa_person_id AS pid,
               CASE WHEN bool_or(upper(disa_disability_code) <> 'NONE') THEN 'Y' ELSE 'N' END AS flag
        FROM ssd_disability GROUP BY 1),
    alloc AS (
        SELECT invo_person_id AS pid, invo_professional_team AS team, invo_professional_id AS worker
        FROM ssd_involvements
        WHERE invo_involvement_start_date <= $we
          AND (invo_involvement_end_date IS NULL OR invo_involvement_end_date >= $we)
        QUALIFY row_number() OVER (PARTITION BY invo_person_id
                                   ORDER BY invo_involvement_start_date DESC, invo_involvements_id) = 1)
    SELECT c.*,
        CASE p.pers_sex WHEN 'M' THEN 'Male' WHEN 'F' THEN 'Female' WHEN 'U' THEN 'Unknown'
                        WHEN 'I' THEN 'Indeterminate' END AS gender,
        p.pers_ethnicity AS ethnicity,
        p.pers_dob AS dob,
        CASE WHEN p.pers_dob <= $we THEN (CAST(strftime($we::DATE, '%Y%m%d') AS INTEGER)
             - CAST(strftime(p.pers_dob, '%Y%m%d') AS INTEGER)) // 10000 END AS age,
        dis.flag AS disability
    FROM ({core}) c
    LEFT JOIN ssd_person p ON p.pers_person_id = c.child
    LEFT JOIN dis ON dis.pid = c.child
    ORDER BY c._date, c.child
    """


def _one_per(child: str, day: str, order: str) -> str:
    """Annex A has one row per child per key date (the record id): keep one of same-day rows."""
    return f"QUALIFY row_number() OVER (PARTITION BY {child}, {day} ORDER BY {order}) = 1"


_LIST_SQL: dict[int, str] = {
    1: f"""
        SELECT cont_person_id AS child, cont_contact_date AS _date, cont_contact_date AS contact_date,
               coalesce(cont_contact_source_code, cont_contact_source_desc) AS contact_source
        FROM ssd_contacts WHERE cont_contact_date BETWEEN $ws AND $we
        {_one_per("cont_person_id", "cont_contact_date", "cont_contact_id")}""",
    2: f"""
        SELECT earl_person_id AS child, earl_episode_start_date AS _date,
               earl_episode_start_date AS eh_start,
               CASE WHEN earl_episode_end_date <= $we THEN earl_episode_end_date END AS eh_end,
               earl_episode_organisation AS eh_org
        FROM ssd_early_help_episodes WHERE earl_episode_start_date BETWEEN $ws AND $we
        {_one_per("earl_person_id", "earl_episode_start_date", "earl_episode_id")}""",
    3: f"""
        SELECT r.cine_person_id AS child, r.cine_referral_date AS _date,
               r.cine_referral_date AS referral_date,
               coalesce(r.cine_referral_source_code, r.cine_referral_source_desc) AS referral_source,
               r.cine_referral_nfa AS referral_nfa,
               (SELECT count(*) FROM ssd_cin_episodes o
                WHERE o.cine_person_id = r.cine_person_id
                  AND o.cine_referral_date > r.cine_referral_date - INTERVAL 12 MONTH
                  AND o.cine_referral_date <= r.cine_referral_date) AS referrals_12m,
               r.cine_referral_team AS team, r.cine_referral_worker_id AS worker
        FROM ssd_cin_episodes r WHERE r.cine_referral_date BETWEEN $ws AND $we
        {_one_per("r.cine_person_id", "r.cine_referral_date", "r.cine_referral_id")}""",
    4: f"""
        SELECT cina_person_id AS child, cina_assessment_start_date AS _date,
               cina_assessment_start_date AS asmt_start,
               cina_assessment_child_seen AS child_seen,
               CASE WHEN cina_assessment_auth_date <= $we THEN cina_assessment_auth_date END AS asmt_auth,
               CASE WHEN cina_assessment_auth_date <= $we THEN
                    CASE cina_assessment_outcome_nfa WHEN 'Y' THEN 'N' WHEN 'N' THEN 'Y' END
               END AS requires_support,
               cina_assessment_team AS team, cina_assessment_worker_id AS worker
        FROM ssd_cin_assessments WHERE cina_assessment_start_date BETWEEN $ws AND $we
        {_one_per("cina_person_id", "cina_assessment_start_date", "cina_assessment_id")}""",
    5: f"""
        SELECT s.s47e_person_id AS child, s.s47e_s47_start_date AS _date,
               s.s47e_s47_start_date AS s47_start, s.s47e_s47_nfa AS icpc_unnecessary,
               i.icpc_icpc_date AS icpc_date, i.icpc_icpc_outcome_cp_flag AS icpc_plan,
               (SELECT count(*) FROM ssd_s47_enquiry o
                WHERE o.s47e_person_id = s.s47e_person_id
                  AND o.s47e_s47_start_date > s.s47e_s47_start_date - INTERVAL 12 MONTH
                  AND o.s47e_s47_start_date <= s.s47e_s47_start_date) AS s47_12m,
               (SELECT count(*) FROM ssd_initial_cp_conference o
                WHERE o.icpc_person_id = s.s47e_person_id
                  AND o.icpc_icpc_date > s.s47e_s47_start_date - INTERVAL 12 MONTH
                  AND o.icpc_icpc_date <= s.s47e_s47_start_date) AS icpc_12m,
               s.s47e_s47_completed_by_team AS team, s.s47e_s47_completed_by_worker_id AS worker
        FROM ssd_s47_enquiry s
        LEFT JOIN (SELECT * FROM ssd_initial_cp_conference WHERE icpc_icpc_date <= $we
                   QUALIFY row_number() OVER (PARTITION BY icpc_s47_enquiry_id
                                              ORDER BY icpc_icpc_date, icpc_icpc_id) = 1) i
               ON i.icpc_s47_enquiry_id = s.s47e_s47_enquiry_id
        WHERE s.s47e_s47_start_date BETWEEN $ws AND $we
        {_one_per("s.s47e_person_id", "s.s47e_s47_start_date", "s.s47e_s47_enquiry_id")}""",
    6: f"""
        SELECT e.cine_person_id AS child, e.cine_referral_date AS _date,
               e.cine_referral_date AS cin_start, e.cine_cin_primary_need_code AS primary_need,
               (SELECT max(v.cinv_cin_visit_date) FROM ssd_cin_visits v
                WHERE v.cinv_person_id = e.cine_person_id AND coalesce(v.cinv_cin_visit_seen, 'Y') = 'Y'
                  AND v.cinv_cin_visit_date BETWEEN e.cine_referral_date AND $we) AS last_seen,
               CASE WHEN e.cine_close_date <= $we THEN e.cine_close_date END AS cin_close,
               CASE WHEN e.cine_close_date <= $we THEN e.cine_close_reason END AS close_reason,
               CASE WHEN e.cine_close_date <= $we THEN 'Closed' ELSE 'Open' END AS case_status,
               e.cine_referral_team AS team, e.cine_referral_worker_id AS worker
        FROM ssd_cin_episodes e
        WHERE e.cine_referral_date <= $we AND (e.cine_close_date IS NULL OR e.cine_close_date >= $ws)
        {_one_per("e.cine_person_id", "e.cine_referral_date", "e.cine_referral_id")}""",
    7: f"""
        SELECT c.cppl_person_id AS child, c.cppl_cp_plan_start_date AS _date,
               c.cppl_cp_plan_start_date AS cpp_start,
               c.cppl_cp_plan_initial_category AS initial_category,
               c.cppl_cp_plan_latest_category AS latest_category,
               v.cppv_cp_visit_date AS last_visit, v.cppv_cp_visit_seen_alone AS seen_alone,
               (SELECT max(r.cppr_cp_review_date) FROM ssd_cp_reviews r
                WHERE r.cppr_cp_plan_id = c.cppl_cp_plan_id AND r.cppr_cp_review_date <= $we) AS latest_review,
               CASE WHEN c.cppl_cp_plan_end_date <= $we THEN c.cppl_cp_plan_end_date END AS cpp_end,
               (SELECT count(*) FROM ssd_cp_plans o
                WHERE o.cppl_person_id = c.cppl_person_id
                  AND o.cppl_cp_plan_start_date < c.cppl_cp_plan_start_date) AS previous_cpps,
               a.team, a.worker
        FROM ssd_cp_plans c
        LEFT JOIN (SELECT * FROM ssd_cp_visits WHERE cppv_cp_visit_date <= $we
                   QUALIFY row_number() OVER (PARTITION BY cppv_cp_plan_id
                                              ORDER BY cppv_cp_visit_date DESC, cppv_cp_visit_id) = 1) v
               ON v.cppv_cp_plan_id = c.cppl_cp_plan_id
        LEFT JOIN alloc a ON a.pid = c.cppl_person_id
        WHERE c.cppl_cp_plan_start_date <= $we
          AND (c.cppl_cp_plan_end_date IS NULL OR c.cppl_cp_plan_end_date >= $ws)
        {_one_per("c.cppl_person_id", "c.cppl_cp_plan_start_date", "c.cppl_cp_plan_id")}""",
    8: """
        WITH ep AS (
            SELECT * FROM ssd_cla_episodes
            WHERE clae_cla_episode_start_date <= $we
              AND (clae_cla_episode_ceased_date IS NULL OR clae_cla_episode_ceased_date >= $ws)),
        latest AS (
            SELECT e.*,
                   coalesce(e.clae_entered_care_date,
                            (SELECT min(o.clae_cla_episode_start_date) FROM ssd_cla_episodes o
                             WHERE o.clae_cla_id = e.clae_cla_id),
                            e.clae_cla_episode_start_date) AS entered,
                   least($we::DATE, coalesce(e.clae_cla_episode_ceased_date, $we::DATE)) AS as_at
            FROM ep e
            QUALIFY row_number() OVER (PARTITION BY e.clae_person_id
                                       ORDER BY e.clae_cla_episode_start_date DESC,
                                                e.clae_cla_episode_id DESC) = 1),
        pl AS (
            SELECT e.clae_person_id AS pid, c.*
            FROM latest e JOIN ssd_cla_placement c
              ON c.clap_person_id = e.clae_person_id AND c.clap_cla_placement_start_date <= e.as_at
            QUALIFY row_number() OVER (
                PARTITION BY e.clae_person_id
                ORDER BY (c.clap_cla_placement_id = e.clae_cla_placement_id) DESC NULLS LAST,
                         c.clap_cla_placement_start_date DESC) = 1),
        ls AS (
            SELECT e.clae_person_id AS pid, l.*
            FROM latest e JOIN ssd_legal_status l
              ON l.lega_person_id = e.clae_person_id
             AND l.lega_legal_status_start_date BETWEEN e.entered AND e.as_at
            QUALIFY row_number() OVER (PARTITION BY e.clae_person_id
                                       ORDER BY l.lega_legal_status_start_date DESC) = 1),
        miss AS (
            SELECT miss_person_id AS pid,
                   count(*) FILTER (WHERE miss_missing_episode_type = 'M'
                                    AND miss_missing_episode_start_date >= $ws) AS missing_12m,
                   count(*) FILTER (WHERE miss_missing_episode_type = 'A'
                                    AND miss_missing_episode_start_date >= $ws) AS absent_12m,
                   arg_max(miss_missing_rhi_offered, miss_missing_episode_start_date)
                       FILTER (WHERE miss_missing_episode_type = 'M') AS rhi_offered,
                   arg_max(miss_missing_rhi_accepted, miss_missing_episode_start_date)
                       FILTER (WHERE miss_missing_episode_type = 'M') AS rhi_accepted
            FROM ssd_missing WHERE miss_missing_episode_start_date <= $we GROUP BY 1)
        SELECT e.clae_person_id AS child, e.clae_cla_episode_start_date AS _date,
               CASE WHEN EXISTS (
                   SELECT 1 FROM ssd_immigration_status u
                   WHERE u.immi_person_id = e.clae_person_id AND upper(u.immi_immigration_status) = 'UASC'
                     AND coalesce(u.immi_immigration_status_start_date, $we) <= $we
                     AND coalesce(u.immi_immigration_status_end_date, $ws) >= $ws)
                    THEN 'Y' ELSE 'N' END AS uasc,
               e.entered AS entered_care,
               e.clae_cla_primary_need_code AS cla_need,
               CASE WHEN (SELECT count(DISTINCT coalesce(o.clae_cla_id, o.clae_cla_episode_id)) FROM ep o
                          WHERE o.clae_person_id = e.clae_person_id) > 1 THEN 'Y' ELSE 'N' END AS second_period,
               ls.lega_legal_status_start_date AS ls_start, ls.lega_legal_status AS legal_status,
               (SELECT max(r.clar_cla_review_date) FROM ssd_cla_reviews r
                WHERE r.clar_person_id = e.clae_person_id AND r.clar_cla_review_date <= $we) AS latest_review,
               (SELECT max(v.clav_cla_visit_date) FROM ssd_cla_visits v
                WHERE v.clav_person_id = e.clae_person_id AND v.clav_cla_visit_date <= $we) AS last_visit,
               e.clae_cla_last_iro_contact_date AS last_iro,
               (SELECT count(*) FROM ssd_cla_placement o
                WHERE o.clap_person_id = e.clae_person_id AND o.clap_cla_placement_start_date <= $we
                  AND (o.clap_cla_placement_end_date IS NULL OR o.clap_cla_placement_end_date >= $ws)) AS placements_12m,
               CASE WHEN e.clae_cla_episode_ceased_date <= $we THEN e.clae_cla_episode_ceased_date END AS ceased_date,
               CASE WHEN e.clae_cla_episode_ceased_date <= $we THEN e.clae_cla_episode_ceased_reason END AS ceased_reason,
               pl.clap_cla_placement_start_date AS placement_start,
               pl.clap_cla_placement_type AS placement_type,
               pl.clap_cla_placement_provider AS placement_provider,
               pl.clap_cla_placement_postcode AS placement_postcode,
               pl.clap_cla_placement_urn AS placement_urn,
               miss.missing_12m, miss.absent_12m, miss.rhi_offered, miss.rhi_accepted,
               a.team, a.worker
        FROM latest e
        LEFT JOIN pl ON pl.pid = e.clae_person_id
        LEFT JOIN ls ON ls.pid = e.clae_person_id
        LEFT JOIN miss ON miss.pid = e.clae_person_id
        LEFT JOIN alloc a ON a.pid = e.clae_person_id""",
    9: """
        SELECT clea_person_id AS child, clea_care_leaver_latest_contact AS _date,
               clea_care_leaver_allocated_team AS team, clea_care_leaver_worker_id AS worker,
               clea_care_leaver_eligibility AS eligibility, clea_care_leaver_in_touch AS in_touch,
               regexp_replace(clea_care_leaver_accommodation, '^([A-Z])[12]$', '\\1') AS accommodation,
               CASE coalesce(clea_care_leaver_accom_suitable,
                             CASE right(clea_care_leaver_accommodation, 1) WHEN '1' THEN 'Y' WHEN '2' THEN 'N' END)
                    WHEN 'Y' THEN 'Suitable' WHEN 'N' THEN 'Unsuitable' END AS suitability,
               clea_care_leaver_activity AS activity,
               CASE WHEN EXISTS (SELECT 1 FROM ssd_immigration_status u
                                 WHERE u.immi_person_id = clea_person_id
                                   AND upper(u.immi_immigration_status) = 'UASC')
                    THEN 'Y' ELSE 'N' END AS uasc_ever,
               clea_care_leaver_personal_advisor AS personal_advisor,
               clea_pathway_plan_review_date AS pathway_review,
               clea_care_leaver_latest_contact AS latest_contact
        FROM ssd_care_leavers
        WHERE clea_care_leaver_latest_contact BETWEEN $ws AND $we
        QUALIFY row_number() OVER (PARTITION BY clea_person_id
                                   ORDER BY clea_care_leaver_latest_contact DESC, clea_table_id DESC) = 1""",
}
