"""The DfE children in need (CIN) census XML return: a streamed reader (and, in
``cin_census_writer``, the writer).

Follows the DfE CIN census specification for 2022-23 (Message > Header > CollectionDetails /
Source; Message > Children > Child > ChildIdentifiers, ChildCharacteristics, CINdetails with
Assessments, CINPlanDates, Section47 and ChildProtectionPlans). The ``Sex`` element of 2023-24
onwards is read too where a file carries it. docs/formats/cin_census.md gives the mapping to the
canonical tables and every decision taken where the specification leaves room.

The file is streamed with ``lxml.etree.iterparse``: each ``Child`` is read, validated and
cleared before the next is parsed, so memory stays flat however many children a file holds. The
values are collected as column lists and handed to DuckDB as Arrow tables.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
from lxml import etree

from csc_insight.errors import Problem, ProblemList, ReaderError
from csc_insight.formats.base import Mode, SourceFile, Staged
from csc_insight.formats.dates import FIRST, ISO, LAST, date_problem
from csc_insight.formats.keys import record_id
from csc_insight.store import schema

FORMAT = "cin_census"
MODE: Mode = "merge"
KIND = "cin_census"

# -- Codes of the 2022-23 specification -------------------------------------------------------

PRIMARY_NEED = tuple(f"N{i}" for i in range(10))
CLOSURE_REASONS = tuple(f"RC{i}" for i in range(1, 10))
REFERRAL_SOURCES = (
    *("1A", "1B", "1C", "1D", "2A", "2B", "3A", "3B", "3C", "3D", "3E", "3F", "4"),
    *("5A", "5B", "5C", "5D", "6", "7", "8", "9", "10"),
)
ABUSE_CATEGORIES = ("NEG", "PHY", "SAB", "EMO", "MUL")
DISABILITIES = (
    *("MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS", "BEH", "CON", "AUT", "DDA"),
    "NONE",
)
ETHNICITIES = (
    *("WBRI", "WIRI", "WOTH", "WIRT", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND"),
    *("APKN", "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT"),
)
UPN_UNKNOWN = tuple(f"UN{i}" for i in range(1, 11))
#: GenderCurrent: 1 male, 2 female, 0 not known, 9 not specified (both are U in the store).
GENDER_CURRENT = {"1": "M", "2": "F", "0": "U", "9": "U"}
#: Sex (2023-24 onwards); the store's pers_sex codes.
SEX = ("M", "F", "U", "I")
BOOLEANS = {"true": True, "1": True, "false": False, "0": False}

# -- What is staged -----------------------------------------------------------------------------

#: Canonical columns the census fills, per table; the first is the key.
COLUMNS: dict[str, tuple[str, ...]] = {
    "ssd_person": (
        *("pers_person_id", "pers_upn", "pers_upn_unknown", "pers_dob", "pers_expected_dob"),
        *("pers_sex", "pers_death_date", "pers_ethnicity"),
    ),
    "ssd_disability": ("disa_table_id", "disa_person_id", "disa_disability_code"),
    "ssd_cin_episodes": (
        *("cine_referral_id", "cine_person_id", "cine_referral_date"),
        *("cine_cin_primary_need_code", "cine_referral_source_code", "cine_referral_nfa"),
        *("cine_close_reason", "cine_close_date"),
    ),
    "ssd_cin_assessments": (
        *("cina_assessment_id", "cina_person_id", "cina_referral_id"),
        *("cina_assessment_start_date", "cina_assessment_auth_date"),
        "cina_assessment_outcome_json",
    ),
    "ssd_cin_plans": (
        *("cinp_cin_plan_id", "cinp_referral_id", "cinp_person_id"),
        *("cinp_cin_plan_start_date", "cinp_cin_plan_end_date"),
    ),
    "ssd_s47_enquiry": (
        *("s47e_s47_enquiry_id", "s47e_referral_id", "s47e_person_id"),
        *("s47e_s47_start_date", "s47e_s47_nfa"),
    ),
    "ssd_initial_cp_conference": (
        *("icpc_icpc_id", "icpc_s47_enquiry_id", "icpc_person_id", "icpc_cp_plan_id"),
        *("icpc_referral_id", "icpc_icpc_transfer_in", "icpc_icpc_target_date"),
        *("icpc_icpc_date", "icpc_icpc_outcome_cp_flag"),
    ),
    "ssd_cp_plans": (
        *("cppl_cp_plan_id", "cppl_referral_id", "cppl_icpc_id", "cppl_person_id"),
        *("cppl_cp_plan_start_date", "cppl_cp_plan_end_date"),
        *("cppl_cp_plan_initial_category", "cppl_cp_plan_latest_category"),
    ),
    "ssd_cp_reviews": (
        "cppr_cp_review_id",
        "cppr_person_id",
        "cppr_cp_plan_id",
        "cppr_cp_review_date",
    ),
}

#: The element whose date a record's id is built from, named in duplicate-key problems.
KEY_ELEMENT = {
    "ssd_person": "LAchildID",
    "ssd_disability": "Disability",
    "ssd_cin_episodes": "CINreferralDate",
    "ssd_cin_assessments": "AssessmentActualStartDate",
    "ssd_cin_plans": "CINPlanStartDate",
    "ssd_s47_enquiry": "S47ActualStartDate",
    "ssd_initial_cp_conference": "DateOfInitialCPC",
    "ssd_cp_plans": "CPPstartDate",
    "ssd_cp_reviews": "CPPreviewDate",
}

#: Every element of the 2022-23 specification the reader knows (to name one in a problem).
ELEMENTS = frozenset(
    """Message Header CollectionDetails Collection Year ReferenceDate Source SourceLevel LEA
    SoftwareCode Release SerialNo DateTime Children Child ChildIdentifiers LAchildID UPN
    FormerUPN UPNunknown PersonBirthDate ExpectedPersonBirthDate GenderCurrent Sex
    PersonDeathDate ChildCharacteristics Ethnicity Disabilities Disability CINdetails
    CINreferralDate ReferralSource PrimaryNeedCode CINclosureDate ReasonForClosure
    DateOfInitialCPC ReferralNFA Assessments AssessmentActualStartDate
    AssessmentInternalReviewDate AssessmentAuthorisationDate FactorsIdentifiedAtAssessment
    AssessmentFactors CINPlanDates CINPlanStartDate CINPlanEndDate Section47 S47ActualStartDate
    InitialCPCtarget ICPCnotRequired ChildProtectionPlans CPPstartDate CPPendDate
    InitialCategoryOfAbuse LatestCategoryOfAbuse NumberOfPreviousCPP Reviews CPPreviewDate""".split()  # noqa: SIM905
)

#: ``date`` inside _FileReader is its method, so annotations there name the type this way.
_Date = date
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.]*|Z|[+-]\d{2}:\d{2})?")
_PEEK = 8192


# -- Recognising a file -------------------------------------------------------------------------


def recognise(path: Path) -> str | None:
    """A ``.xml`` file whose root is ``Message`` holding a CIN collection (first 8 KB only).

    An empty ``.xml`` file, or one cut off before its header, is claimed when its name says CIN,
    so that the reader can report it rather than the load saying it knows no such format.
    """
    if path.suffix.lower() != ".xml":
        return None
    try:
        with path.open("rb") as f:
            head = f.read(_PEEK)
    except OSError:
        return None
    named_cin = "cin" in path.stem.lower()
    text = _peek_text(head)
    if not text.strip():
        return KIND if named_cin else None
    if not re.match(
        r"(?:\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^>\[]|\[.*?\])*>))*\s*<(?:[\w.-]+:)?Message[\s>/]",
        text,
        re.S,
    ):
        return None
    collection = re.search(r"<(?:[\w.-]+:)?Collection\s*>([^<]*)<", text)
    if collection:
        return KIND if collection.group(1).strip().upper() == "CIN" else None
    if named_cin or re.search(r"<(?:[\w.-]+:)?(?:CINdetails|LAchildID)[\s>]", text):
        return KIND
    return None


def _peek_text(head: bytes) -> str:
    """The first bytes as text good enough to find element names, whatever the encoding."""
    for bom, enc in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            return head[len(bom) :].decode(enc, errors="ignore")
    if head.startswith(codecs.BOM_UTF8):
        head = head[len(codecs.BOM_UTF8) :]
    if head[:2] == b"<\x00":
        return head.decode("utf-16-le", errors="ignore")
    if head[:2] == b"\x00<":
        return head.decode("utf-16-be", errors="ignore")
    return head.decode("latin-1")


# -- Staging ------------------------------------------------------------------------------------


def stage(con: duckdb.DuckDBPyConnection, files: list[SourceFile]) -> Staged:
    """Read every file, then stage one row per key: where two censuses carry the same record,
    the later census (ReferenceDate) wins, and a value it leaves empty keeps the earlier one."""
    staged = Staged()
    problems: list[Problem] = []
    truncated = False
    results: list[_FileReader] = []
    for f in files:
        reader = _FileReader(f.path)
        reader.read()
        if reader.problems:
            problems += reader.problems.items
            truncated = truncated or reader.problems.truncated
        results.append(reader)
        staged.rows[f.path] = reader.children
    if problems:
        raise ReaderError(problems, truncated)
    # Later census, then later in the list, wins.
    order = sorted(range(len(results)), key=lambda i: (results[i].reference_date or FIRST, i))
    rank = {i: r for r, i in enumerate(order)}
    for table, columns in COLUMNS.items():
        parts = [
            _arrow(table, columns, r.rows[table], rank[i])
            for i, r in enumerate(results)
            if r.rows[table]
        ]
        if not parts:
            continue
        temp = f"stage_cin_census_{table}"
        _create_temp(con, temp, columns, pa.concat_tables(parts), several=len(parts) > 1)
        staged.add(table, temp)
    return staged


def _arrow(
    table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]], rank: int
) -> pa.Table:
    data = list(zip(*rows, strict=True))
    arrays: list[pa.Array] = [
        pa.array(values, type=pa.date32() if _is_date(table, name) else pa.string())
        for name, values in zip(columns, data, strict=True)
    ]
    arrays.append(pa.array([rank] * len(rows), type=pa.int32()))
    return pa.Table.from_arrays(arrays, names=[*columns, "_rank"])


def _is_date(table: str, column: str) -> bool:
    return schema.table(table).field(column).type == "DATE"


def _create_temp(
    con: duckdb.DuckDBPyConnection,
    temp: str,
    columns: tuple[str, ...],
    data: pa.Table,
    *,
    several: bool,
) -> None:
    view = f"_arrow_{temp}"
    con.register(view, data)
    try:
        key, rest = columns[0], columns[1:]
        if several:
            picks = ", ".join(
                f"max_by({c}, _rank) FILTER (WHERE {c} IS NOT NULL) AS {c}" for c in rest
            )
            select = f"SELECT {key}, {picks} FROM {view} GROUP BY {key}"
        else:
            select = f"SELECT {', '.join(columns)} FROM {view}"
        con.execute(f"DROP TABLE IF EXISTS {temp}")
        con.execute(f"CREATE TEMP TABLE {temp} AS {select}")
    finally:
        con.unregister(view)


# -- Reading one file ---------------------------------------------------------------------------


_LOCAL_NAMES: dict[str, str] = {}


def _local(tag: object) -> str:
    """An element's name without its namespace ("" for comments and processing instructions)."""
    if not isinstance(tag, str):
        return ""
    name = _LOCAL_NAMES.get(tag)
    if name is None:
        name = tag[tag.index("}") + 1 :] if tag.startswith("{") else tag
        if len(_LOCAL_NAMES) < 10_000:  # bounded: a hostile file may carry any number of names
            _LOCAL_NAMES[tag] = name
    return name


def _groups(el: Any) -> dict[str, list[Any]]:
    """Child elements by local name, in document order."""
    out: dict[str, list[Any]] = {}
    if el is None:
        return out
    names = _LOCAL_NAMES
    for c in el:
        tag = c.tag
        name = names.get(tag) if isinstance(tag, str) else ""
        if name is None:
            name = _local(tag)
        if name:
            if name in out:
                out[name].append(c)
            else:
                out[name] = [c]
    return out


def _value(el: Any) -> str:
    """A leaf's text, trimmed; text split by a comment is joined up again."""
    text = el.text if len(el) == 0 else "".join(el.itertext())
    return (text or "").strip()


@dataclass
class _Episode:
    """What one CINdetails holds that is settled only once all of it has been read."""

    person: str | None
    referral_id: str | None
    s47_icpc_dates: set[date] = field(default_factory=set)
    conferences: list[dict[str, Any]] = field(default_factory=list)
    plans: list[dict[str, Any]] = field(default_factory=list)


class _FileReader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems = ProblemList(str(path))
        self.rows: dict[str, list[tuple[Any, ...]]] = {t: [] for t in COLUMNS}
        self.keys: dict[str, dict[str, int | None]] = {t: {} for t in COLUMNS}
        self.children = 0
        self.reference_date: date | None = None
        self.header_seen = False
        # Conferences and CP plans link to each other, so they stay dicts until the file ends.
        self.linked: dict[str, list[dict[str, Any]]] = {
            "ssd_initial_cp_conference": [],
            "ssd_cp_plans": [],
        }
        self.transfer_ins: list[tuple[dict[str, Any], int | None, _Episode]] = []

    # -- the whole file --

    def read(self) -> None:
        if not self._readable():
            return
        try:
            # resolve_entities="internal" is lxml 5's; the stubs still say bool.
            context = etree.iterparse(  # type: ignore[call-overload]
                str(self.path),
                events=("end",),
                tag=("{*}Child", "{*}Header"),
                resolve_entities="internal",  # never fetch files or URLs
                no_network=True,
                load_dtd=False,
                huge_tree=False,
            )
            for _, el in context:
                parent = el.getparent()
                within = _local(parent.tag) if parent is not None else ""
                name = _local(el.tag)
                if name == "Header" and within == "Message":
                    self._header(el)
                elif name == "Child" and within == "Children":
                    self._child(el)
                    # Keep memory flat: drop this child and everything read before it.
                    el.clear(keep_tail=True)
                    while el.getprevious() is not None:
                        del parent[0]
                else:
                    where = f"{within} (line {parent.sourceline})" if within else "the root"
                    self.problems.add(el.sourceline, name, f"element out of place: inside {where}")
                if self.problems.full:
                    self.problems.truncated = True  # stopped before the end of the file
                    return
            root = context.root
        except etree.XMLSyntaxError as e:
            self._syntax_error(e)
            return
        except (etree.Error, UnicodeError, LookupError, ValueError) as e:
            self.problems.add(
                None,
                None,
                f"could not be read as XML: {str(e).splitlines()[0] if str(e) else type(e).__name__}",
            )
            return
        if _local(root.tag) != "Message":
            self.problems.add(root.sourceline, _local(root.tag), "the root element must be Message")
            return
        if not self.header_seen:
            self.problems.add(root.sourceline, "Header", "required element missing from Message")
        self._transfer_ins()
        for table, records in self.linked.items():
            self.rows[table] += [tuple(r[c] for c in COLUMNS[table]) for r in records]

    def _readable(self) -> bool:
        """False (with a problem) for an empty file or bytes that do not match the encoding."""
        try:
            size = self.path.stat().st_size
            with self.path.open("rb") as f:
                head = f.read(_PEEK)
        except OSError as e:
            self.problems.add(None, None, f"could not be opened ({e.strerror or e})")
            return False
        if size == 0 or not head.lstrip(codecs.BOM_UTF8 + b" \t\r\n"):
            self.problems.add(None, None, "file is empty")
            return False
        problem = _encoding_problem(self.path, head)
        if problem:
            line, element, reason = problem
            self.problems.add(line, element, reason)
            return False
        return True

    def _syntax_error(self, e: etree.XMLSyntaxError) -> None:
        message = (str(e.msg or e) or "not well-formed").splitlines()[0]
        message = re.sub(r", line \d+, column \d+$", "", message)
        line = e.lineno or None
        # Name the element the parser was in, when its message gives one the census knows.
        tag = re.search(r"[Tt]ag (?:name )?([A-Za-z_][\w.-]*)", message)
        element = tag.group(1) if tag and tag.group(1) in ELEMENTS else None
        if "Invalid bytes" in message or "encoding" in message.lower():
            hint = " (is the file saved in the encoding it declares?)"
        elif line is not None and line >= _line_count(self.path):
            hint = " (the file ends here: is it truncated?)"
        else:
            hint = ""
        self.problems.add(line, element, f"not well-formed XML: {message}{hint}")

    def _header(self, el: Any) -> None:
        self.header_seen = True
        details = _groups(el).get("CollectionDetails")
        if not details:
            self.problems.add(
                el.sourceline, "CollectionDetails", "required element missing from Header"
            )
            return
        g = _groups(details[0])
        collection = self.text(g, "Collection", details[0])
        if collection is not None and collection.upper() != "CIN":
            self.problems.add(
                g["Collection"][0].sourceline,
                "Collection",
                f"not a CIN census (Collection is {collection!r})",
            )
        year = self.text(g, "Year", details[0])
        if year is not None and not (year.isascii() and year.isdigit() and len(year) == 4):
            self.problems.add(
                g["Year"][0].sourceline, "Year", f"not a year: {_show(year)} (expected yyyy)"
            )
            year = None
        ref = self.date(g, "ReferenceDate", details[0])
        if "ReferenceDate" not in g:
            # The reference date is 31 March of the collection year: take it from Year.
            if year is not None:
                ref = date(int(year), 3, 31)
            else:
                self.problems.add(
                    details[0].sourceline,
                    "ReferenceDate",
                    "required element missing from CollectionDetails",
                )
        self.reference_date = ref

    # -- one child --

    def _child(self, el: Any) -> None:
        self.children += 1
        g = _groups(el)
        ids_el = g.get("ChildIdentifiers", [None])[0]
        ids = _groups(ids_el)
        where = ids_el if ids_el is not None else el
        pid = self.text(ids, "LAchildID", where, required=True)
        self.text(ids, "FormerUPN", where)  # no canonical field: read only to check it
        sex = self.code(ids, "Sex", where, SEX)
        gender = self.code(ids, "GenderCurrent", where, tuple(GENDER_CURRENT))
        person = [
            pid,
            self.text(ids, "UPN", where),
            self.code(ids, "UPNunknown", where, UPN_UNKNOWN),
            self.date(ids, "PersonBirthDate", where),
            self.date(ids, "ExpectedPersonBirthDate", where),
            sex or (GENDER_CURRENT[gender] if gender else None),
            self.date(ids, "PersonDeathDate", where),
            None,
        ]
        chars_el = g.get("ChildCharacteristics", [None])[0]
        chars = _groups(chars_el)
        person[7] = self.code(chars, "Ethnicity", chars_el, ETHNICITIES)
        self.add("ssd_person", pid, person, self._line(ids.get("LAchildID"), where))
        for disabilities in chars.get("Disabilities", []):
            for d in _groups(disabilities).get("Disability", []):
                code = self.code_of(d, "Disability", DISABILITIES, required=True)
                if pid and code:
                    self.add(
                        "ssd_disability",
                        f"{pid}-{code}",
                        [f"{pid}-{code}", pid, code],
                        d.sourceline,
                    )
        for details in g.get("CINdetails", []):
            self._cin_details(pid, details)

    def _cin_details(self, pid: str | None, el: Any) -> None:
        g = _groups(el)
        referral = self.date(g, "CINreferralDate", el, required=True)
        ref_id = record_id(pid, referral) if pid and referral else None
        nfa = self.boolean(g, "ReferralNFA", el)
        row = [
            ref_id,
            pid,
            referral,
            self.code(g, "PrimaryNeedCode", el, PRIMARY_NEED),
            self.code(g, "ReferralSource", el, REFERRAL_SOURCES),
            None if nfa is None else ("Y" if nfa else "N"),
            self.code(g, "ReasonForClosure", el, CLOSURE_REASONS),
            self.date(g, "CINclosureDate", el),
        ]
        self.add("ssd_cin_episodes", ref_id, row, self._line(g.get("CINreferralDate"), el))
        cin_icpc = self.date(g, "DateOfInitialCPC", el)
        episode = _Episode(pid, ref_id)
        for a in g.get("Assessments", []):
            self._assessment(episode, a)
        for p in g.get("CINPlanDates", []):
            self._cin_plan(episode, p)
        for s in g.get("Section47", []):
            self._section47(episode, s)
        for p in g.get("ChildProtectionPlans", []):
            self._cp_plan(episode, p)
        # A conference at CIN level that no Section47 of this episode holds came with the child
        # from another authority: decided once the collection year is known (end of file).
        if cin_icpc is not None and cin_icpc not in episode.s47_icpc_dates:
            conference = _conference(episode, cin_icpc, None, None, transfer_in=True)
            self.transfer_ins.append(
                (conference, self._line(g.get("DateOfInitialCPC"), el), episode)
            )
        for conference in episode.conferences:
            _link(conference, episode.plans)

    def _assessment(self, ep: _Episode, el: Any) -> None:
        g = _groups(el)
        start = self.date(g, "AssessmentActualStartDate", el, required=True)
        self.date(g, "AssessmentInternalReviewDate", el)  # no canonical field
        factors = [
            value
            for group in g.get("FactorsIdentifiedAtAssessment", [])
            for f in _groups(group).get("AssessmentFactors", [])
            if (value := _value(f))
        ]
        aid = record_id(ep.person, start) if ep.person and start else None
        row = [
            aid,
            ep.person,
            ep.referral_id,
            start,
            self.date(g, "AssessmentAuthorisationDate", el),
            json.dumps({"factors": factors}) if factors else None,
        ]
        self.add(
            "ssd_cin_assessments", aid, row, self._line(g.get("AssessmentActualStartDate"), el)
        )

    def _cin_plan(self, ep: _Episode, el: Any) -> None:
        g = _groups(el)
        start = self.date(g, "CINPlanStartDate", el, required=True)
        pid = record_id(ep.person, start) if ep.person and start else None
        row = [pid, ep.referral_id, ep.person, start, self.date(g, "CINPlanEndDate", el)]
        self.add("ssd_cin_plans", pid, row, self._line(g.get("CINPlanStartDate"), el))

    def _section47(self, ep: _Episode, el: Any) -> None:
        g = _groups(el)
        start = self.date(g, "S47ActualStartDate", el, required=True)
        not_required = self.boolean(g, "ICPCnotRequired", el)
        target = self.date(g, "InitialCPCtarget", el)
        icpc = self.date(g, "DateOfInitialCPC", el)
        sid = record_id(ep.person, start) if ep.person and start else None
        row = [
            sid,
            ep.referral_id,
            ep.person,
            start,
            None if not_required is None else ("Y" if not_required else "N"),
        ]
        self.add("ssd_s47_enquiry", sid, row, self._line(g.get("S47ActualStartDate"), el))
        if icpc is not None:
            ep.s47_icpc_dates.add(icpc)
            conference = _conference(ep, icpc, sid, target, transfer_in=False)
            line = self._line(g.get("DateOfInitialCPC"), el)
            if self.add_linked("ssd_initial_cp_conference", conference, line):
                ep.conferences.append(conference)

    def _cp_plan(self, ep: _Episode, el: Any) -> None:
        g = _groups(el)
        start = self.date(g, "CPPstartDate", el, required=True)
        self.integer(g, "NumberOfPreviousCPP", el)  # no canonical field
        pid = record_id(ep.person, start) if ep.person and start else None
        plan = {
            "cppl_cp_plan_id": pid,
            "cppl_referral_id": ep.referral_id,
            "cppl_icpc_id": None,
            "cppl_person_id": ep.person,
            "cppl_cp_plan_start_date": start,
            "cppl_cp_plan_end_date": self.date(g, "CPPendDate", el),
            "cppl_cp_plan_initial_category": self.code(
                g, "InitialCategoryOfAbuse", el, ABUSE_CATEGORIES
            ),
            "cppl_cp_plan_latest_category": self.code(
                g, "LatestCategoryOfAbuse", el, ABUSE_CATEGORIES
            ),
        }
        if self.add_linked("ssd_cp_plans", plan, self._line(g.get("CPPstartDate"), el)):
            ep.plans.append(plan)
        for reviews in g.get("Reviews", []):
            for r in _groups(reviews).get("CPPreviewDate", []):
                on = self.date_of(r, "CPPreviewDate", required=True)
                rid = record_id(ep.person, on) if ep.person and on else None
                self.add("ssd_cp_reviews", rid, [rid, ep.person, pid, on], r.sourceline)

    def _transfer_ins(self) -> None:
        """Stage the CIN-level conferences that fall in this census's collection year; earlier
        ones were reported (and read) in the census of their own year."""
        if self.reference_date is None:
            return
        first_day = _year_start(self.reference_date)
        for conference, line, ep in self.transfer_ins:
            if first_day <= conference["icpc_icpc_date"] <= self.reference_date and self.add_linked(
                "ssd_initial_cp_conference", conference, line
            ):
                _link(conference, ep.plans)

    # -- records and values --

    def add(self, table: str, key: str | None, row: list[Any] | None, line: int | None) -> bool:
        """Note a record's key (reporting a duplicate); stage ``row`` if given. True if new."""
        if key is None:
            return False
        seen = self.keys[table]
        if key in seen:
            first = seen[key]
            self.problems.add(
                line,
                KEY_ELEMENT[table],
                f"duplicate key: {key} is already in this file"
                + (f" (line {first})" if first else ""),
            )
            return False
        seen[key] = line
        if row is not None:
            self.rows[table].append(tuple(row))
        return True

    def add_linked(self, table: str, record: dict[str, Any], line: int | None) -> bool:
        """As ``add``, for a conference or CP plan: staged when the file ends."""
        if not self.add(table, record[COLUMNS[table][0]], None, line):
            return False
        self.linked[table].append(record)
        return True

    @staticmethod
    def _line(els: list[Any] | None, parent: Any) -> int | None:
        if els:
            return els[0].sourceline
        return parent.sourceline if parent is not None else None

    def text(
        self, g: dict[str, list[Any]], name: str, parent: Any, *, required: bool = False
    ) -> str | None:
        els = g.get(name)
        if not els:
            if required:
                where = _local(parent.tag) if parent is not None else "its parent"
                line = parent.sourceline if parent is not None else None
                self.problems.add(line, name, f"required element missing from {where}")
            return None
        if len(els) > 1:
            self.problems.add(els[1].sourceline, name, "element appears more than once")
        return self.text_of(els[0], name, required=required)

    def text_of(self, el: Any, name: str, *, required: bool = False) -> str | None:
        value = _value(el)
        if not value:
            if required:
                self.problems.add(el.sourceline, name, "value missing")
            return None
        return value

    def date(
        self, g: dict[str, list[Any]], name: str, parent: Any, *, required: bool = False
    ) -> _Date | None:
        value = self.text(g, name, parent, required=required)
        return None if value is None else self._parse_date(value, g[name][0].sourceline, name)

    def date_of(self, el: Any, name: str, *, required: bool = False) -> _Date | None:
        value = self.text_of(el, name, required=required)
        return None if value is None else self._parse_date(value, el.sourceline, name)

    def _parse_date(self, value: str, line: int | None, name: str) -> _Date | None:
        m = _DATE.fullmatch(value)
        try:
            parsed = date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
        except ValueError:
            parsed = None
        if parsed is None or not FIRST <= parsed <= LAST:
            # The census schema's xs:date is year first; no other spelling is read.
            self.problems.add(line, name, date_problem(value, (ISO,)))
            return None
        return parsed

    def code(
        self, g: dict[str, list[Any]], name: str, parent: Any, codes: Iterable[str]
    ) -> str | None:
        value = self.text(g, name, parent)
        return (
            None if value is None else self._check_code(value, g[name][0].sourceline, name, codes)
        )

    def code_of(
        self, el: Any, name: str, codes: Iterable[str], *, required: bool = False
    ) -> str | None:
        value = self.text_of(el, name, required=required)
        return None if value is None else self._check_code(value, el.sourceline, name, codes)

    def _check_code(
        self, value: str, line: int | None, name: str, codes: Iterable[str]
    ) -> str | None:
        allowed = tuple(codes)
        if value.upper() in allowed:
            return value.upper()
        shown = ", ".join(allowed) if len(allowed) <= 20 else ", ".join(allowed[:20]) + ", ..."
        self.problems.add(line, name, f"not a valid code: {_show(value)} (expected one of {shown})")
        return None

    def boolean(self, g: dict[str, list[Any]], name: str, parent: Any) -> bool | None:
        value = self.text(g, name, parent)
        if value is None:
            return None
        if value.lower() in BOOLEANS:
            return BOOLEANS[value.lower()]
        self.problems.add(
            g[name][0].sourceline,
            name,
            f"not a yes/no value: {_show(value)} (expected true, false, 1 or 0)",
        )
        return None

    def integer(self, g: dict[str, list[Any]], name: str, parent: Any) -> int | None:
        value = self.text(g, name, parent)
        if value is None:
            return None
        if value.isdigit() and value.isascii():
            return int(value)
        self.problems.add(g[name][0].sourceline, name, f"not a whole number: {_show(value)}")
        return None


def _conference(
    ep: _Episode, on: date, s47: str | None, target: date | None, *, transfer_in: bool
) -> dict[str, Any]:
    return {
        "icpc_icpc_id": record_id(ep.person, on) if ep.person else None,
        "icpc_s47_enquiry_id": s47,
        "icpc_person_id": ep.person,
        "icpc_cp_plan_id": None,
        "icpc_referral_id": ep.referral_id,
        "icpc_icpc_transfer_in": "Y" if transfer_in else "N",
        "icpc_icpc_target_date": target,
        "icpc_icpc_date": on,
        "icpc_icpc_outcome_cp_flag": "N",
    }


def _link(conference: dict[str, Any], plans: list[dict[str, Any]]) -> None:
    """A plan of the same episode starting on the day of the conference is its outcome (the
    census has a plan start on the date of the conference that made it)."""
    for plan in plans:
        if plan["cppl_cp_plan_start_date"] == conference["icpc_icpc_date"]:
            conference["icpc_cp_plan_id"] = plan["cppl_cp_plan_id"]
            conference["icpc_icpc_outcome_cp_flag"] = "Y"
            plan["cppl_icpc_id"] = plan["cppl_icpc_id"] or conference["icpc_icpc_id"]
            return


def _year_start(reference_date: date) -> date:
    """1 April before a 31 March reference date (the day after the same date a year before)."""
    try:
        return reference_date.replace(year=reference_date.year - 1) + timedelta(days=1)
    except ValueError:  # 29 February
        return date(reference_date.year - 1, 3, 1)


def _show(value: str) -> str:
    return repr(value if len(value) <= 40 else value[:40] + "…")


# -- Encodings ----------------------------------------------------------------------------------

_DECLARED = re.compile(rb"\s*<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']*)[\"']")
_OPEN_TAG = re.compile(rb"<([A-Za-z_][\w.-]*)[\s>/]")


def _encoding_problem(path: Path, head: bytes) -> tuple[int | None, str | None, str] | None:
    """(line, element, reason) when the bytes do not match the declared (or default UTF-8)
    encoding; None when they do, or when the file is in a UTF-16/32 form lxml checks itself."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or head[:2] in (
        b"<\x00",
        b"\x00<",
    ):
        return None
    body = head[len(codecs.BOM_UTF8) :] if head.startswith(codecs.BOM_UTF8) else head
    m = _DECLARED.match(body)
    declared = m.group(1).decode("latin-1") if m else None
    if declared is None:
        return _check_decoding(path, "utf-8", "the file declares no encoding, so it must be UTF-8")
    try:
        info = codecs.lookup(declared)
    except LookupError:
        info = None
    if info is None or not getattr(info, "_is_text_encoding", True):
        return 1, None, f"the declared encoding {declared!r} is not a known encoding"
    codec = info.name
    if codec.startswith(("utf-16", "utf-32")):
        return (
            1,
            None,
            f"the file declares {declared} but its bytes are not {declared} (is it UTF-8?)",
        )
    if head.startswith(codecs.BOM_UTF8) and codec != "utf-8":
        return 1, None, f"the file declares {declared} but starts with a UTF-8 byte-order mark"
    found = _check_decoding(path, codec, f"the file declares {declared}")
    if found or codec == "utf-8":
        return found
    # A single-byte declaration over bytes that are in fact UTF-8 reads without error but
    # garbles every accented character: catch it by the UTF-8 sequences it would garble.
    if _check_decoding(path, "utf-8", "") is None:
        first = _first_non_ascii(path)
        if first is not None:
            line, element = first
            return (
                line,
                element,
                f'the file declares {declared} but its bytes are UTF-8; declare encoding="UTF-8"',
            )
    return None


def _check_decoding(path: Path, codec: str, why: str) -> tuple[int, str | None, str] | None:
    try:
        return _decode_all(path, codec, why)
    except (LookupError, TypeError, ValueError) as e:  # exotic codecs that are not byte codecs
        return 1, None, f"cannot be decoded as {codec}: {e}"


def _decode_all(path: Path, codec: str, why: str) -> tuple[int, str | None, str] | None:
    decoder = codecs.getincrementaldecoder(codec)(errors="strict")
    lines, tail = 0, b""
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            pending = len(decoder.getstate()[0])
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as e:
                at = max(e.start - pending, 0)
                before = tail + chunk[:at]
                tags = _OPEN_TAG.findall(before[-4096:])
                element = tags[-1].decode("latin-1") if tags else None
                line = lines + chunk[:at].count(b"\n") + 1
                return line, element, f"byte 0x{chunk[at]:02x} is not {codec.upper()} text: {why}"
            lines += chunk.count(b"\n")
            tail = chunk[-4096:]
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return lines + 1, None, f"the file ends inside a {codec.upper()} character: {why}"
    return None


def _line_count(path: Path) -> int:
    lines = 1
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            lines += chunk.count(b"\n")
    return lines


def _first_non_ascii(path: Path) -> tuple[int, str | None] | None:
    lines, tail = 0, b""
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            m = re.search(rb"[\x80-\xff]", chunk)
            if m:
                before = tail + chunk[: m.start()]
                tags = _OPEN_TAG.findall(before[-4096:])
                return lines + chunk[: m.start()].count(b"\n") + 1, (
                    tags[-1].decode("latin-1") if tags else None
                )
            lines += chunk.count(b"\n")
            tail = chunk[-4096:]
    return None


# -- Writing ------------------------------------------------------------------------------------


def write(
    con: duckdb.DuckDBPyConnection, out_dir: Path, *, years: list[int] | None = None
) -> list[Path]:
    """One census file per collection year; see ``cin_census_writer``."""
    from csc_insight.formats import cin_census_writer

    return cin_census_writer.write(con, out_dir, years=years)
