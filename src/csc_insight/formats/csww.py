"""The DfE Children's social work workforce census (CSWW) XML return: the reader (and, in
``csww_writer``, the writer).

A census is a council's annual return of its children and family social workers, as at 30
September (the reference date) of its census year (1 October to 30 September): one CSWWWorker per
worker employed during the year (in post at 30 September, started or left in the year) and per
agency worker in post at 30 September, plus the council's vacancies (LALevelVacancies). Element
names and codes follow the census's XML schema for the year ending 30 September 2022
(``csww_codes``).

What maps where (one census record = one assignment, ``ext_workforce_staff``):

====================  ==========================================================================
census element        store
====================  ==========================================================================
SWENo                 the person: ``wstaf_staff_id`` (and ``wstaf_professional_id``) of the
                      worker whose ssd_professionals.prof_social_worker_registration_no it is,
                      else the SWE number itself
AgencyWorker          ``wstaf_agency`` (1 -> Y, 0 -> N)
FTE                   ``wstaf_fte`` (at 30 September, or on leaving)
OrgRole               ``wstaf_role``: 1, 2 SERVICE_MANAGER; 3 TEAM_MANAGER; 4 SENIOR_PRACTITIONER;
                      5 SOCIAL_WORKER holding cases; 6 SOCIAL_WORKER without (an agency worker
                      with no OrgRole is a SOCIAL_WORKER)
Cases30               ``wstaf_case_holding`` for roles 1-4 (more than 0 -> Y, 0 -> N); 5 and 6
                      say it themselves. The count is not kept: caseloads are counted from
                      ssd_involvements
RoleStartDate         ``wstaf_start_date`` (an agency worker with none: the reference date)
RoleEndDate           ``wstaf_end_date``
ReasonLeave           ``wstaf_leaving_reason`` (1-10 as the word codes of the workforce template)
CFKSSstatus           ``wstaf_nqsw``: Y when one of them is 1 (ASYE), N for 2-4, empty if none
====================  ==========================================================================

The assignment's id is the one in the store with the same person, footing and start date (so a
census loaded over the HR template updates its rows instead of adding a second copy); else
``<staff id>-<yyyymmdd of start>`` (``-A`` added for an agency worker). Its team is the stored
assignment's, else the worker's department, else ``NO_TEAM`` (the census names no team).

Held by the store nowhere (the census carries them, the store has no field): PersonBirthDate,
GenderCurrent, Ethnicity, QualInst, QualLevel, StepUpGrad, FrontlineGrad, StartOrigin,
LeaverDestination, FTE30, Cases30 (as a count), WorkingDaysLost, ContractWeeks, Absat30Sept,
ReasonAbsence, and LALevelVacancies (NumberOfVacancies, NoAgencyFTE, NoAgencyHeadcount: the
store's posts are one row per post, and a count of vacancies cannot become posts). They are
checked, as a record with a bad value is held back, but not stored. The census has no posts,
teams (ssd_department), case-system worker ids or supervision (ext_staff_supervision).

Records held back (``Staged.held``, table ext_workforce_staff): a bad code, date or number, a
value too long, a missing SWENo, AgencyWorker or FTE (or OrgRole or RoleStartDate for a worker
not from an agency), two records of one SWE number, footing and start date with different values
(``key-conflict``; exact copies load once, ``row-duplicate``), and the census rules in
``csww_check.RULES``. A file is refused when it is not a census (not XML, another root or
collection, no Header, no census year, damaged or cut short, too big), when an element's values
mostly fail their type (another layout), or when more than half of its workers (at least 5)
would be held back.

Several censuses merge: the later census (reference date) wins for each value it gives.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from csc_insight.errors import Problem, ReaderError, Refusals
from csc_insight.formats import csww_check, csww_read
from csc_insight.formats.base import LoadOptions, Mode, SourceFile, Staged
from csc_insight.formats.csww_check import Checked, Worker
from csc_insight.formats.keys import record_id
from csc_insight.store import schema

FORMAT = "csww"
MODE: Mode = "merge"
KIND = "csww"
RULES = csww_check.RULES
TABLE = csww_check.TABLE

#: The team of an assignment the store does not know yet (the census names no team).
NO_TEAM = "NO_TEAM"
#: A file whose element mostly fails its type, or whose workers are mostly held back, is taken
#: to be the wrong file (as csv_table refuses a mostly wrong column).
MOSTLY_WRONG_SHARE = 0.5
MOSTLY_WRONG_MIN = 5

COLUMNS = (
    *("wstaf_assignment_id", "wstaf_staff_id", "wstaf_professional_id", "wstaf_team_id"),
    *("wstaf_role", "wstaf_agency", "wstaf_nqsw", "wstaf_fte", "wstaf_start_date"),
    *("wstaf_end_date", "wstaf_leaving_reason", "wstaf_case_holding"),
)


def recognise(path: Path) -> str | None:
    return KIND if csww_read.recognise(path) else None


def stage(
    con: duckdb.DuckDBPyConnection,
    files: list[SourceFile],
    options: LoadOptions = LoadOptions(),  # noqa: B008 - frozen, so one shared default is safe
) -> Staged:
    """Read and check every file (reporting every refused one), then stage one row per
    assignment, the later census winning."""
    staged = Staged()
    refusals = Refusals()
    read: list[tuple[csww_read.CensusFile, Checked]] = []
    for f in files:
        with refusals.of_file():
            census = csww_read.read(f.path, options)
            checked = csww_check.check(census)
            _refuse_if_mostly_wrong(census, checked)
            read.append((census, checked))
            staged.rows[f.path] = len(census.workers)
            staged.scopes[f.path] = f"{FORMAT}:{KIND}:{census.year}"
            staged.held += checked.held
            staged.notes += checked.notes
    refusals.raise_if_any()
    rows: dict[str, dict[str, object]] = {}
    for census, checked in sorted(read, key=lambda rc: rc[0].reference_date):
        known = _Known.look_up(con, [w.swe for w in checked.workers])
        for row in _rows(census, checked.workers, known):
            earlier = rows.get(str(row["wstaf_assignment_id"]), {})
            rows[str(row["wstaf_assignment_id"])] = {
                c: row[c] if row[c] is not None else earlier.get(c) for c in COLUMNS
            }
    if rows:
        staged.add(TABLE, _create_temp(con, list(rows.values())))
    return staged


def _refuse_if_mostly_wrong(census: csww_read.CensusFile, checked: Checked) -> None:
    reasons: list[tuple[str | None, str]] = []
    if not census.workers:
        reasons.append(("CSWWWorker", "the census holds no workers (no CSWWWorker)"))
    for element, wrong in checked.wrong.items():
        filled = checked.filled.get(element, 0)
        if len(wrong) >= MOSTLY_WRONG_MIN and len(wrong) > MOSTLY_WRONG_SHARE * filled:
            examples = "; ".join(f"line {p.row}: {p.reason}" for p in wrong[:3])
            reasons.append((element, f"{len(wrong):,} of its {filled:,} values are wrong "
                            f"({examples}): is this the right file, in the right layout?"))  # fmt: skip
    total = len(census.workers)
    if (
        checked.held_workers >= MOSTLY_WRONG_MIN
        and checked.held_workers > MOSTLY_WRONG_SHARE * total
    ):
        rules = sorted({p.rule or "" for p in checked.held})
        reasons.append((None, f"{checked.held_workers:,} of its {total:,} workers would be held "
                        f"back (rules {', '.join(rules)}): is this the right file?"))  # fmt: skip
    if reasons:
        file = str(census.path)
        raise ReaderError([Problem(file, None, column, reason) for column, reason in reasons])


@dataclass(frozen=True)
class _Assignment:
    assignment_id: str
    staff_id: str
    agency: str
    start: date
    end: date | None
    team_id: str | None


@dataclass
class _Known:
    """What the store already knows of the census's workers, by SWE number."""

    person: dict[str, tuple[str | None, str | None, str | None]]  # swe -> staff, prof, team
    assignments: dict[str, list[_Assignment]]  # staff id -> assignments

    @classmethod
    def look_up(cls, con: duckdb.DuckDBPyConnection, swes: Sequence[str]) -> _Known:
        if not swes:
            return cls({}, {})
        people = con.execute(
            """SELECT swe, any_value(prof_professional_id), any_value(staff), any_value(team)
               FROM (SELECT upper(trim(p.prof_social_worker_registration_no)) AS swe,
                            p.prof_professional_id,
                            coalesce(p.prof_staff_id, (SELECT min(s.wstaf_staff_id)
                                FROM ext_workforce_staff s
                                WHERE s.wstaf_professional_id = p.prof_professional_id)) AS staff,
                            p.prof_professional_department AS team
                     FROM ssd_professionals p)
               WHERE swe IN (SELECT unnest($swes::VARCHAR[]))
               GROUP BY swe HAVING count(DISTINCT prof_professional_id) = 1""",
            {"swes": list(swes)},
        ).fetchall()
        person = {swe: (staff, prof, team) for swe, prof, staff, team in people}
        staff_ids = sorted({s for s, _, _ in person.values() if s} | set(swes))
        assignments: dict[str, list[_Assignment]] = {}
        for row in con.execute(
            """SELECT wstaf_assignment_id, wstaf_staff_id, wstaf_agency, wstaf_start_date,
                      wstaf_end_date, wstaf_team_id
               FROM ext_workforce_staff WHERE wstaf_staff_id IN (SELECT unnest($ids::VARCHAR[]))
               ORDER BY wstaf_start_date, wstaf_assignment_id""",
            {"ids": staff_ids},
        ).fetchall():
            a = _Assignment(*row)
            assignments.setdefault(a.staff_id, []).append(a)
        return cls(person, assignments)

    def match(self, staff: str, w: Worker, ref: date) -> _Assignment | None:
        """The stored assignment this record is: same footing and start date; for an agency
        record with no start date, the one on that footing in force at the census date."""
        same = [a for a in self.assignments.get(staff, []) if a.agency == w.agency]
        if w.start is not None:
            found = [a for a in same if a.start == w.start]
        else:
            found = [a for a in same if a.start <= ref and (a.end is None or a.end >= ref)]
        return found[-1] if found else None


def _rows(
    census: csww_read.CensusFile, workers: list[Worker], known: _Known
) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    used: set[str] = set()
    for w in workers:
        staff, prof, team = known.person.get(w.swe, (None, None, None))
        staff = staff or w.swe
        found = known.match(staff, w, census.reference_date)
        if found is not None and found.assignment_id not in used:
            aid, start, team = found.assignment_id, w.start, None  # the stored team stands
        else:
            start = w.start or census.reference_date
            aid = record_id(staff, start) + ("-A" if w.agency == "Y" else "")
            stored = known.assignments.get(staff, [])
            team = team or (stored[-1].team_id if stored else None) or NO_TEAM
        used.add(aid)
        values = (
            *(aid, staff, prof, team, w.role, w.agency, w.nqsw, w.fte, start, w.end),
            *(w.leaving_reason, w.case_holding),
        )
        out.append(dict(zip(COLUMNS, values, strict=True)))
    return out


def _create_temp(con: duckdb.DuckDBPyConnection, rows: list[dict[str, object]]) -> str:
    temp = "stage_csww_ext_workforce_staff"
    t = schema.table(TABLE)
    cols = ", ".join(f"{c} {t.field(c).type}" for c in COLUMNS)
    con.execute(f"DROP TABLE IF EXISTS {temp}")
    con.execute(f"CREATE TEMP TABLE {temp} ({cols})")
    con.executemany(
        f"INSERT INTO {temp} VALUES ({', '.join('?' for _ in COLUMNS)})",
        [[r[c] for c in COLUMNS] for r in rows],
    )
    return temp


def write(
    con: duckdb.DuckDBPyConnection, out_dir: Path, *, years: list[int] | None = None
) -> list[Path]:
    """One census file per year; see ``csww_writer``."""
    from csc_insight.formats import csww_writer

    return csww_writer.write(con, out_dir, years=years)
