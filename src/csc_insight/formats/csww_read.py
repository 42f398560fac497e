"""Reading one CSWW census file: the XML, safely, into raw worker records, and the header's
census year. What a file-level fault refuses is decided here; each worker's values are checked
in ``csww_check``.

The parser expands no entities, fetches nothing (no DTD, no network) and keeps lxml's limits on
huge text; the file's size is limited before it is opened, and each value's length after.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from lxml import etree

from csc_insight.errors import ProblemList, ReaderError, quoted
from csc_insight.formats.base import LoadOptions

#: A council's census is a few MB (about 1 KB a worker); anything far bigger is not a census.
MAX_FILE_BYTES = 64 * 1024 * 1024
#: Elements a worker may give more than once (the schema's maxOccurs="unbounded").
REPEATABLE = frozenset({"QualInst", "ContractWeeks", "Absat30Sept", "ReasonAbsence", "CFKSSstatus"})
#: Every element of a CSWWWorker, in the schema's order (the writer writes them in this order).
WORKER_ELEMENTS = (
    *("AgencyWorker", "SWENo", "FTE", "PersonBirthDate", "GenderCurrent", "Ethnicity"),
    *("QualInst", "QualLevel", "StepUpGrad", "OrgRole", "RoleStartDate", "StartOrigin"),
    *("RoleEndDate", "LeaverDestination", "ReasonLeave", "FTE30", "Cases30"),
    *("WorkingDaysLost", "ContractWeeks", "FrontlineGrad", "Absat30Sept", "ReasonAbsence"),
    "CFKSSstatus",
)
VACANCY_ELEMENTS = ("NumberOfVacancies", "NoAgencyFTE", "NoAgencyHeadcount")
_PEEK = 8192


@dataclass
class RawWorker:
    """One CSWWWorker as written: each element's texts (trimmed) and lines."""

    line: int
    texts: dict[str, list[str]] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)

    def text(self, name: str) -> str | None:
        values = self.texts.get(name)
        return values[0] if values else None

    def line_of(self, name: str) -> int:
        return self.lines.get(name, self.line)

    def signature(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Every value, to tell an exact duplicate from a conflicting one."""
        return tuple(sorted((k, tuple(v)) for k, v in self.texts.items()))


@dataclass
class CensusFile:
    path: Path
    year: int
    reference_date: date
    workers: list[RawWorker]
    vacancies: dict[str, str]


# -- Recognising ----------------------------------------------------------------------------------


def recognise(path: Path) -> bool:
    """A ``.xml`` file whose root is Message holding a CSWW collection (first 8 KB only), or an
    empty/cut-off one named as a workforce census (so the reader can say what is wrong)."""
    if path.suffix.lower() != ".xml":
        return False
    try:
        with path.open("rb") as f:
            head = f.read(_PEEK)
    except OSError:
        return False
    text = head.decode("utf-8", errors="ignore").replace("\x00", "")
    named = "csww" in path.stem.lower()
    if not text.strip():
        return named
    if not re.search(r"<(?:[\w.-]+:)?Message[\s>/]", text):
        return False
    collection = re.search(r"<(?:[\w.-]+:)?Collection\s*>\s*([^<]*?)\s*<", text)
    if collection:
        return collection.group(1).upper() == "CSWW"
    return named or bool(re.search(r"<(?:[\w.-]+:)?(?:CSWWWorker|LALevelVacancies)[\s>]", text))


# -- Reading --------------------------------------------------------------------------------------


def _local(tag: object) -> str:
    if not isinstance(tag, str):
        return ""  # a comment or processing instruction
    return tag.rsplit("}", 1)[-1]


def _value(el: Any) -> str:
    return "".join(el.itertext()).strip()


def read(path: Path, options: LoadOptions) -> CensusFile:
    """Read the file's header and raw workers; a ReaderError when it is not a census."""
    problems = ProblemList(str(path))
    _check_size(path, problems)
    reader = _Reader(path, problems)
    reader.parse()
    problems.raise_if_any()
    year, ref = reader.census_year(options)
    problems.raise_if_any()
    assert year is not None and ref is not None
    return CensusFile(path, year, ref, reader.workers, reader.vacancies)


def _check_size(path: Path, problems: ProblemList) -> None:
    try:
        size = path.stat().st_size
    except OSError as e:
        problems.add(None, None, f"could not be opened ({e.strerror or e})")
        problems.raise_if_any()
        return
    if size == 0:
        problems.add(None, None, "file is empty")
    elif size > MAX_FILE_BYTES:
        problems.add(
            None,
            None,
            f"{size:,} bytes is far more than a workforce census holds (at most "
            f"{MAX_FILE_BYTES:,}): is this the right file?",
        )
    problems.raise_if_any()


class _Reader:
    def __init__(self, path: Path, problems: ProblemList) -> None:
        self.path = path
        self.problems = problems
        self.workers: list[RawWorker] = []
        self.vacancies: dict[str, str] = {}
        self.header: dict[str, tuple[str, int]] = {}
        self.header_line: int | None = None

    def parse(self) -> None:
        try:
            context = etree.iterparse(
                str(self.path),
                events=("end",),
                tag=("{*}Header", "{*}LALevelVacancies", "{*}CSWWWorker"),
                resolve_entities=False,  # an entity stays a reference: nothing is expanded
                no_network=True,
                load_dtd=False,
                huge_tree=False,
                remove_comments=True,
            )
            for _, el in context:
                self._element(el)
                if self.problems.full:
                    return
            root: Any = context.root
        except etree.XMLSyntaxError as e:
            message = re.sub(r", line \d+, column \d+$", "", str(e.msg or e).splitlines()[0])
            hint = " (is the file cut short?)" if "end of data" in message.lower() else ""
            self.problems.add(e.lineno or None, None, f"not well-formed XML: {message}{hint}")
            return
        except (etree.Error, UnicodeError, LookupError, ValueError) as e:
            reason = str(e).splitlines()[0] if str(e) else type(e).__name__
            self.problems.add(None, None, f"could not be read as XML: {reason}")
            return
        if _local(root.tag) != "Message":
            self.problems.add(root.sourceline, _local(root.tag), "the root element must be Message")
        elif self.header_line is None:
            self.problems.add(root.sourceline, "Header", "required element missing from Message")

    def _element(self, el: Any) -> None:
        parent = el.getparent()
        name = _local(el.tag)
        if parent is None or _local(parent.tag) != "Message" or parent.getparent() is not None:
            where = _local(parent.tag) if parent is not None else "the root"
            self.problems.add(el.sourceline, name, f"element out of place: inside {where}")
            return
        if name == "Header":
            self._header(el)
        elif name == "LALevelVacancies":
            self.vacancies = {_local(c.tag): _value(c) for c in el.iter() if len(c) == 0}
        else:
            self.workers.append(self._worker(el))
            el.clear(keep_tail=True)  # keep memory flat: the values are copied out

    def _header(self, el: Any) -> None:
        self.header_line = el.sourceline
        for c in el.iter():
            name = _local(c.tag)
            if name in ("Collection", "Year", "ReferenceDate") and len(c) == 0:
                self.header[name] = (_value(c), c.sourceline)

    def _worker(self, el: Any) -> RawWorker:
        w = RawWorker(el.sourceline)
        for c in el:
            name = _local(c.tag)
            if not name:
                continue
            w.texts.setdefault(name, []).append(_value(c))
            w.lines.setdefault(name, c.sourceline)
        return w

    def census_year(self, options: LoadOptions) -> tuple[int | None, date | None]:
        """The census year (2022 for the year ending 30 September 2022) and its reference date,
        from ReferenceDate, else Year, else ``--year``."""
        collection = self.header.get("Collection")
        if collection and collection[0].upper() != "CSWW":
            self.problems.add(
                collection[1],
                "Collection",
                f"not a workforce census: Collection is {quoted(collection[0])} (expected CSWW)",
            )
        ref = self._reference_date()
        year = self._year()
        if options.year is not None:
            year, ref = options.year, date(options.year, 9, 30)
        elif ref is not None:
            of_ref = census_year_of(ref)
            if year is not None and year != of_ref:
                self.problems.add(
                    self.header["Year"][1],
                    "Year",
                    f"Year {year} does not match ReferenceDate {ref:%Y-%m-%d} (the census of "
                    f"{of_ref}): which year is this return? (--year says it)",
                )
            year = of_ref
        elif year is not None:
            ref = date(year, 9, 30)
        if ref is None or year is None:
            self.problems.add(
                self.header_line,
                "ReferenceDate",
                "the census year is not given (no ReferenceDate or Year in CollectionDetails): "
                "give it with --year",
            )
        return year, ref

    def _reference_date(self) -> date | None:
        given = self.header.get("ReferenceDate")
        if given is None or not given[0]:
            return None
        try:
            return date.fromisoformat(given[0][:10])
        except ValueError:
            self.problems.add(
                given[1], "ReferenceDate", f"{quoted(given[0])} is not a date (expected yyyy-mm-dd)"
            )
            return None

    def _year(self) -> int | None:
        given = self.header.get("Year")
        if given is None or not given[0]:
            return None
        if given[0].isascii() and given[0].isdigit() and len(given[0]) == 4:
            return int(given[0])
        self.problems.add(given[1], "Year", f"{quoted(given[0])} is not a year (expected yyyy)")
        return None


def census_year_of(day: date) -> int:
    """The census year a day falls in: the year of the 30 September that ends it."""
    return day.year if (day.month, day.day) <= (9, 30) else day.year + 1


def year_start(reference_date: date) -> date:
    """1 October before a 30 September reference date: the census year's first day."""
    return date(reference_date.year - 1, 10, 1)


def refuse(path: Path, column: str | None, reason: str) -> ReaderError:
    problems = ProblemList(str(path))
    problems.add(None, column, reason)
    return ReaderError(problems.items)
