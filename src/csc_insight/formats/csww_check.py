"""Checking each CSWW worker record: its values against the census's types and code lists, and
the census's rules across them. A worker that breaks one is held back with the rule it broke.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from csc_insight.errors import Problem, quoted
from csc_insight.formats import csww_codes as codes
from csc_insight.formats.csww_read import REPEATABLE, CensusFile, RawWorker, year_start
from csc_insight.formats.dates import FIRST, ISO, LAST, date_problem

TABLE = "ext_workforce_staff"

#: The census rules this reader holds a worker back for (ids for Problem.rule).
RULES: dict[str, str] = {
    "csww-swe-number": "a worker's SWENo is not two letters and digits (a Social Work England "
    "registration number)",
    "csww-fte": "FTE or FTE30 outside 0 to 1 (1 = full time), as the census schema allows",
    "csww-start-after-census": "a worker's RoleStartDate is after the census's reference date "
    "(30 September): they had not started",
    "csww-end-outside-year": "a leaver's RoleEndDate is outside the census year (1 October to 30 "
    "September)",
    "csww-reason-without-end": "a ReasonLeave or LeaverDestination is given but no RoleEndDate",
    "csww-swe-conflict": "one SWENo is given two dates of birth or genders in one census: two "
    "people share a number, so none of its records is loaded",
}

#: Longest value accepted per element (the schema's QualInst allows 300); others 100.
MAX_LENGTH = {"QualInst": 300}
DEFAULT_MAX_LENGTH = 100

CODES: dict[str, tuple[str, ...]] = {
    "AgencyWorker": codes.YES_NO,
    "GenderCurrent": codes.GENDER,
    "Ethnicity": codes.ETHNICITY,
    "QualLevel": codes.QUAL_LEVEL,
    "StepUpGrad": codes.YES_NO,
    "OrgRole": tuple(codes.ORG_ROLE),
    "StartOrigin": codes.START_ORIGIN,
    "LeaverDestination": codes.LEAVER_DESTINATION,
    "ReasonLeave": tuple(codes.REASON_LEAVE),
    "FrontlineGrad": codes.YES_NO,
    "Absat30Sept": codes.YES_NO,
    "ReasonAbsence": codes.REASON_ABSENCE,
    "CFKSSstatus": codes.CFKSS_STATUS,
}
DATES = ("PersonBirthDate", "RoleStartDate", "RoleEndDate")
#: Decimal items and their range (None: no upper limit). FTEs break their own rule.
DECIMALS: dict[str, tuple[Decimal, Decimal | None]] = {
    "FTE": (Decimal(0), Decimal(1)),
    "FTE30": (Decimal(0), Decimal(1)),
    "WorkingDaysLost": (Decimal(0), None),
    "ContractWeeks": (Decimal(0), None),
}
WHOLE_NUMBERS = ("Cases30",)


@dataclass
class Worker:
    """A worker record that passed every check, in the store's terms."""

    line: int
    swe: str
    agency: str  # Y/N
    fte: float
    role: str
    case_holding: str | None
    nqsw: str | None
    start: date | None
    end: date | None
    leaving_reason: str | None


@dataclass
class Checked:
    workers: list[Worker] = field(default_factory=list)
    held: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    #: Per element, (values failing their type or code list, values given), to refuse a file
    #: whose element is mostly wrong (another layout or year).
    wrong: dict[str, list[Problem]] = field(default_factory=lambda: defaultdict(list))
    filled: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    held_workers: int = 0


def check(census: CensusFile) -> Checked:
    out = Checked()
    keep = _distinct(census, out)
    conflicted = _swe_conflicts(census, keep, out)
    for w in keep:
        if id(w) in conflicted:
            continue
        problems, worker = _WorkerCheck(census, w, out).run()
        if problems:
            out.held += problems
            out.held_workers += 1
        elif worker is not None:
            out.workers.append(worker)
    return out


def _problem(
    census: CensusFile, line: int, column: str | None, reason: str, rule: str, value: str | None
) -> Problem:
    return Problem(str(census.path), line, column, reason, rule, value, TABLE)


def _key(w: RawWorker) -> tuple[str, str, str]:
    """A worker record's identity: SWE number, footing and start date (one person may leave
    and come back, or be agency then direct, within a year)."""
    return (
        (w.text("SWENo") or "").upper(),
        w.text("AgencyWorker") or "",
        w.text("RoleStartDate") or "",
    )


def _distinct(census: CensusFile, out: Checked) -> list[RawWorker]:
    """Exact duplicates once (noted); records sharing a key with other values held (key-conflict)."""
    by_key: dict[tuple[str, str, str], list[RawWorker]] = defaultdict(list)
    for w in census.workers:
        by_key[_key(w)].append(w)
    keep: list[RawWorker] = []
    for key, group in by_key.items():
        if not key[0]:
            keep += group  # no SWENo: held as value-missing by the checks
            continue
        first = group[0]
        if all(w.signature() == first.signature() for w in group[1:]):
            keep.append(first)
            for w in group[1:]:
                out.notes.append(
                    _problem(
                        census,
                        w.line,
                        "SWENo",
                        f"the same worker record as line {first.line}: loaded once",
                        "row-duplicate",
                        key[0],
                    )
                )
            continue
        lines = ", ".join(str(w.line) for w in group)
        for w in group:
            out.held.append(
                _problem(
                    census,
                    w.line,
                    "SWENo",
                    f"SWENo {key[0]} with the same AgencyWorker and RoleStartDate is given "
                    f"different values at lines {lines}: none is loaded",
                    "key-conflict",
                    key[0],
                )
            )
            out.held_workers += 1
    return keep


def _swe_conflicts(census: CensusFile, keep: list[RawWorker], out: Checked) -> set[int]:
    """Records of SWE numbers given two dates of birth or genders (csww-swe-conflict)."""
    by_swe: dict[str, list[RawWorker]] = defaultdict(list)
    for w in keep:
        if w.text("SWENo"):
            by_swe[(w.text("SWENo") or "").upper()].append(w)
    held: set[int] = set()
    for swe, group in by_swe.items():
        for element in ("PersonBirthDate", "GenderCurrent"):
            given = {w.texts[element][0] for w in group if w.text(element)}
            if len(given) < 2:
                continue
            shown = " and ".join(sorted(given))
            for w in group:
                if id(w) in held:
                    continue
                held.add(id(w))
                out.held_workers += 1
                out.held.append(
                    _problem(
                        census,
                        w.line_of(element),
                        element,
                        f"SWENo {swe} is given {element} {shown} in this census: two people "
                        "cannot share a registration number, so none of its records is loaded",
                        "csww-swe-conflict",
                        w.text(element),
                    )
                )
    return held


class _WorkerCheck:
    def __init__(self, census: CensusFile, w: RawWorker, out: Checked) -> None:
        self.census, self.w, self.out = census, w, out
        self.problems: list[Problem] = []

    def add(self, element: str, reason: str, rule: str, value: str | None) -> None:
        line = self.w.line_of(element) if element in self.w.lines else self.w.line
        self.problems.append(_problem(self.census, line, element, reason, rule, value))
        if rule in ("value-date", "value-number", "value-code"):
            self.out.wrong[element].append(self.problems[-1])

    def run(self) -> tuple[list[Problem], Worker | None]:
        w = self.w
        for name, values in w.texts.items():
            self._typed(name, values)
        swe = self._swe()
        agency = w.text("AgencyWorker")
        if agency is None or agency == "":
            self.add("AgencyWorker", "value missing", "value-missing", None)
        fte = self._number("FTE")
        if fte is None and not w.text("FTE"):
            self.add("FTE", "value missing: the worker's FTE (0 to 1)", "value-missing", None)
        start, end = self._date("RoleStartDate"), self._date("RoleEndDate")
        role = w.text("OrgRole")
        if agency == "0":
            for name, value in (("OrgRole", role), ("RoleStartDate", w.text("RoleStartDate"))):
                if not value:
                    self.add(name, "value missing (required for a worker not from an agency)",
                             "value-missing", None)  # fmt: skip
        self._dates(start, end)
        if self.problems or swe is None or fte is None or agency not in codes.YES_NO:
            return self.problems, None
        return [], self._worker(swe, agency, fte, start, end)

    def _worker(
        self, swe: str, agency: str, fte: Decimal, start: date | None, end: date | None
    ) -> Worker:
        w = self.w
        role, holding = codes.ORG_ROLE.get(w.text("OrgRole") or "", ("SOCIAL_WORKER", None))
        cases = w.text("Cases30")
        if holding is None and cases:
            holding = "Y" if int(cases) > 0 else "N"
        statuses = w.texts.get("CFKSSstatus", [])
        nqsw = None if not statuses else ("Y" if codes.ASYE in statuses else "N")
        reason = w.text("ReasonLeave")
        return Worker(
            line=w.line,
            swe=swe,
            agency="Y" if agency == "1" else "N",
            fte=float(fte),
            role=role,
            case_holding=holding,
            nqsw=nqsw,
            start=start,
            end=end,
            leaving_reason=codes.REASON_LEAVE[reason] if reason else None,
        )

    def _typed(self, name: str, values: list[str]) -> None:
        if len(values) > 1 and name not in REPEATABLE:
            self.add(name, "element given more than once", "key-conflict", values[1])
            return
        for value in values:
            if value:
                self.out.filled[name] += 1
            limit = MAX_LENGTH.get(name, DEFAULT_MAX_LENGTH)
            if len(value) > limit:
                self.add(name, f"longer than {limit} characters", "value-too-long", value[:limit])
            elif value and name in CODES and value not in CODES[name]:
                shown = ", ".join(CODES[name])
                self.add(name, f"{quoted(value)} is not a code of the census (expected one of "
                         f"{shown})", "value-code", value)  # fmt: skip
            elif value and name in WHOLE_NUMBERS and not (value.isascii() and value.isdigit()):
                self.add(name, f"{quoted(value)} is not a whole number of 0 or more",
                         "value-number", value)  # fmt: skip

    def _swe(self) -> str | None:
        value = self.w.text("SWENo")
        if not value:
            self.add("SWENo", "value missing: every worker has a SWE registration number",
                     "value-missing", None)  # fmt: skip
            return None
        if len(value) > DEFAULT_MAX_LENGTH:
            return None  # already held as too long
        if not codes.SWE_NO.fullmatch(value):
            self.add("SWENo", f"{quoted(value)} is not a SWE registration number (two letters "
                     "and 4 to 12 digits, e.g. SW123456)", "csww-swe-number", value)  # fmt: skip
            return None
        return value.upper()

    def _number(self, name: str) -> Decimal | None:
        value = self.w.text(name)
        if not value or len(value) > DEFAULT_MAX_LENGTH:
            return None
        try:
            number = Decimal(value)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            self.add(name, f"{quoted(value)} is not a number", "value-number", value)
            return None
        low, high = DECIMALS[name]
        if number < low or (high is not None and number > high):
            rule = "csww-fte" if name in ("FTE", "FTE30") else "value-number"
            limits = f"between {low} and {high}" if high is not None else f"{low} or more"
            self.add(name, f"{quoted(value)} is out of range: it must be {limits}", rule, value)
            return None
        return number

    def _date(self, name: str) -> date | None:
        value = self.w.text(name)
        if not value or len(value) > DEFAULT_MAX_LENGTH:
            return None
        try:
            day = date.fromisoformat(value) if len(value) == 10 else None
        except ValueError:
            day = None
        if day is None or not FIRST <= day <= LAST:
            self.add(name, date_problem(value, (ISO,)), "value-date", value)
            return None
        return day

    def _dates(self, start: date | None, end: date | None) -> None:
        for name in ("PersonBirthDate", "FTE30", "WorkingDaysLost", "ContractWeeks"):
            if name in DECIMALS:
                self._number(name)
            else:
                self._date(name)
        ref = self.census.reference_date
        if start is not None and start > ref:
            self.add("RoleStartDate", f"starts on {start:%d/%m/%Y}, after the census date "
                     f"{ref:%d/%m/%Y}", "csww-start-after-census", str(start))  # fmt: skip
        if end is not None and not year_start(ref) <= end <= ref:
            self.add("RoleEndDate", f"{end:%d/%m/%Y} is outside the census year "
                     f"{year_start(ref):%d/%m/%Y} to {ref:%d/%m/%Y}", "csww-end-outside-year",
                     str(end))  # fmt: skip
        if start is not None and end is not None and end < start:
            self.add("RoleEndDate", f"ends on {end:%d/%m/%Y}, before it starts on "
                     f"{start:%d/%m/%Y}", "date-order", str(end))  # fmt: skip
        if end is None and not self.w.text("RoleEndDate"):
            for name in ("ReasonLeave", "LeaverDestination"):
                if self.w.text(name):
                    self.add(name, f"{name} is given but no RoleEndDate: did the worker leave?",
                             "csww-reason-without-end", self.w.text(name))  # fmt: skip


def leaver_codes(reason: str | None) -> Iterable[tuple[str, str]]:
    """(element, code) of a leaver's ReasonLeave and LeaverDestination, for the writer."""
    if reason is None:
        return ()
    destination = (
        codes.CAREER_BREAK_DESTINATION if reason == "CAREER_BREAK" else codes.NOT_KNOWN_DESTINATION
    )
    return (
        ("LeaverDestination", destination),
        ("ReasonLeave", codes.REASON_WRITTEN.get(reason, "8")),
    )
