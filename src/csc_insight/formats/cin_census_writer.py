"""Writing the canonical tables as CIN census XML, one file per collection year (in the elements
of that year's specification: GenderCurrent up to 2023-24, Sex from 2024-25), as a council's
case-management system would produce them.

The collection year ``yyyy`` runs from 1 April yyyy-1 to 31 March yyyy (the reference date). A
file holds every child with a CIN episode (referral) open at any time in that year: referred on or
before 31 March and not closed before 1 April. Inside each episode go the records linked to it
(by ``*_referral_id``, same child) that fall in or overlap the year:

- assessments started by 31 March and not authorised before 1 April;
- CIN plans and CP plans started by 31 March and not ended before 1 April;
- section 47 enquiries started by 31 March whose start, end or initial conference is on or after
  1 April, with their first (non transfer-in) initial conference;
- CP reviews of those plans held in the year;
- a transfer-in conference in the year, as the episode's CIN-level ``DateOfInitialCPC`` (when
  there is none, that element repeats the first section 47 conference written in the episode,
  as the census does, and the reader then adds nothing for it).

Codes are written as the year's list has them (``census_year``): a code of today's list that a
year's list lacks is mapped to the code that year used for the same fact (see ``FACTOR_BEFORE``
and ``SOURCE_BEFORE``), and a completed assessment that found no factors is written with factor
21, 'no factors identified', as the census records it (DfE CIN rule 8897). No file is written for
a year before the census began (2008-09).

Records the census cannot express are left out: those with no referral (or a referral of another
child), those outside every year written, and a second record of a kind for one child on one
date (the census identifies records by child and date). docs/formats/cin_census.md lists them.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import duckdb

from csc_insight.formats.cin_census_years import census_year

#: The first CIN census: 2008-09 (the years before it have no census to write).
FIRST_YEAR = 2009

#: Assessment factors of later lists -> the factor a year whose list lacks them used for the
#: same fact. 18B/18C (physical abuse, child on child / adult on child) and 19B/19C (sexual
#: abuse) were one factor each, 18A and 19A, up to 2019-20; 24A (child criminal exploitation,
#: from 2021-22) had no factor of its own before, so went under 23A (other).
FACTOR_BEFORE = {"18B": "18A", "18C": "18A", "19B": "19A", "19C": "19A", "24A": "23A"}
#: No factors identified: a completed assessment that found none (its factor list is empty).
NO_FACTORS = "21"
#: Referral sources of later lists -> the source a year whose list lacks them used: early help
#: (5D, from 2021-22) was one of the LA's own services, 5B (LA services - other internal).
SOURCE_BEFORE = {"5D": "5B"}

#: pers_sex → GenderCurrent (up to 2023-24): I (indeterminate) becomes 9.
GENDER_CODE = {"M": "1", "F": "2", "U": "0", "I": "9"}
#: pers_sex → Sex (2024-25 on: F, M, U only).
SEX_CODE = {"M": "M", "F": "F", "U": "U", "I": "U"}

EPISODES = """
    SELECT * FROM (
        SELECT e.*, row_number() OVER (
            PARTITION BY cine_person_id, cine_referral_date ORDER BY cine_referral_id) AS _n
        FROM ssd_cin_episodes e
        WHERE cine_person_id IS NOT NULL AND cine_referral_date IS NOT NULL)
    WHERE _n = 1 AND cine_referral_date <= $y_end
      AND (cine_close_date IS NULL OR cine_close_date >= $y_start)"""

QUERIES = {
    "episodes": f"""
        SELECT cine_referral_id, cine_person_id, cine_referral_date, cine_referral_source_code,
               cine_cin_primary_need_code, cine_close_date, cine_close_reason, cine_referral_nfa
        FROM ({EPISODES}) ORDER BY cine_person_id, cine_referral_date""",
    "persons": f"""
        SELECT pers_person_id, pers_upn, pers_upn_unknown, pers_dob, pers_expected_dob,
               pers_sex, pers_death_date, pers_ethnicity
        FROM ssd_person WHERE pers_person_id IN (SELECT cine_person_id FROM ({EPISODES}))""",
    "disabilities": f"""
        SELECT disa_person_id, disa_disability_code FROM ssd_disability
        WHERE disa_person_id IN (SELECT cine_person_id FROM ({EPISODES}))
          AND disa_disability_code IS NOT NULL
        ORDER BY disa_person_id, disa_disability_code""",
    "assessments": f"""
        SELECT a.cina_referral_id, a.cina_assessment_start_date, a.cina_assessment_auth_date,
               a.cina_assessment_outcome_json
        FROM ssd_cin_assessments a JOIN ({EPISODES}) e
          ON e.cine_referral_id = a.cina_referral_id AND e.cine_person_id = a.cina_person_id
        WHERE a.cina_assessment_start_date <= $y_end
          AND (a.cina_assessment_auth_date IS NULL OR a.cina_assessment_auth_date >= $y_start)
        ORDER BY a.cina_assessment_start_date, a.cina_assessment_id""",
    "cin_plans": f"""
        SELECT p.cinp_referral_id, p.cinp_cin_plan_start_date, p.cinp_cin_plan_end_date
        FROM ssd_cin_plans p JOIN ({EPISODES}) e
          ON e.cine_referral_id = p.cinp_referral_id AND e.cine_person_id = p.cinp_person_id
        WHERE p.cinp_cin_plan_start_date <= $y_end
          AND (p.cinp_cin_plan_end_date IS NULL OR p.cinp_cin_plan_end_date >= $y_start)
        ORDER BY p.cinp_cin_plan_start_date, p.cinp_cin_plan_id""",
    "s47": f"""
        WITH icpc AS (
            SELECT * FROM (
                SELECT i.*, row_number() OVER (
                    PARTITION BY icpc_s47_enquiry_id ORDER BY icpc_icpc_date, icpc_icpc_id) AS _n
                FROM ssd_initial_cp_conference i
                WHERE icpc_s47_enquiry_id IS NOT NULL AND icpc_icpc_date IS NOT NULL
                  AND coalesce(icpc_icpc_transfer_in, 'N') <> 'Y')
            WHERE _n = 1)
        SELECT s.s47e_referral_id, s.s47e_s47_start_date, i.icpc_icpc_target_date,
               i.icpc_icpc_date, s.s47e_s47_nfa
        FROM ssd_s47_enquiry s JOIN ({EPISODES}) e
          ON e.cine_referral_id = s.s47e_referral_id AND e.cine_person_id = s.s47e_person_id
        LEFT JOIN icpc i
          ON i.icpc_s47_enquiry_id = s.s47e_s47_enquiry_id AND i.icpc_person_id = s.s47e_person_id
        WHERE s.s47e_s47_start_date <= $y_end
          AND greatest(s.s47e_s47_start_date, s.s47e_s47_end_date, i.icpc_icpc_date) >= $y_start
        ORDER BY s.s47e_s47_start_date, s.s47e_s47_enquiry_id""",
    "transfer_ins": f"""
        SELECT i.icpc_referral_id, i.icpc_icpc_date
        FROM ssd_initial_cp_conference i JOIN ({EPISODES}) e
          ON e.cine_referral_id = i.icpc_referral_id AND e.cine_person_id = i.icpc_person_id
        WHERE i.icpc_icpc_transfer_in = 'Y' AND i.icpc_icpc_date BETWEEN $y_start AND $y_end
        ORDER BY i.icpc_icpc_date, i.icpc_icpc_id""",
    "cp_plans": f"""
        SELECT p.cppl_referral_id, p.cppl_cp_plan_id, p.cppl_cp_plan_start_date,
               p.cppl_cp_plan_end_date, p.cppl_cp_plan_initial_category,
               p.cppl_cp_plan_latest_category, p._previous
        FROM (SELECT *, count(*) OVER (
                  PARTITION BY cppl_person_id ORDER BY cppl_cp_plan_start_date, cppl_cp_plan_id
                  ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS _previous
              FROM ssd_cp_plans WHERE cppl_cp_plan_start_date IS NOT NULL) p
        JOIN ({EPISODES}) e
          ON e.cine_referral_id = p.cppl_referral_id AND e.cine_person_id = p.cppl_person_id
        WHERE p.cppl_cp_plan_start_date <= $y_end
          AND (p.cppl_cp_plan_end_date IS NULL OR p.cppl_cp_plan_end_date >= $y_start)
        ORDER BY p.cppl_cp_plan_start_date, p.cppl_cp_plan_id""",
    "reviews": """
        SELECT r.cppr_cp_plan_id, r.cppr_cp_review_date
        FROM ssd_cp_reviews r JOIN ssd_cp_plans p
          ON p.cppl_cp_plan_id = r.cppr_cp_plan_id AND p.cppl_person_id = r.cppr_person_id
        WHERE r.cppr_cp_review_date BETWEEN $y_start AND $y_end
        ORDER BY r.cppr_cp_review_date, r.cppr_cp_review_id""",
}

#: Every date the census years are chosen from when ``years`` is not given.
DATES = """
    SELECT min(d), max(d) FROM (
        SELECT cine_referral_date AS d FROM ssd_cin_episodes UNION ALL
        SELECT cine_close_date FROM ssd_cin_episodes UNION ALL
        SELECT cina_assessment_start_date FROM ssd_cin_assessments UNION ALL
        SELECT cina_assessment_auth_date FROM ssd_cin_assessments UNION ALL
        SELECT cinp_cin_plan_start_date FROM ssd_cin_plans UNION ALL
        SELECT cinp_cin_plan_end_date FROM ssd_cin_plans UNION ALL
        SELECT s47e_s47_start_date FROM ssd_s47_enquiry UNION ALL
        SELECT icpc_icpc_date FROM ssd_initial_cp_conference UNION ALL
        SELECT cppl_cp_plan_start_date FROM ssd_cp_plans UNION ALL
        SELECT cppl_cp_plan_end_date FROM ssd_cp_plans UNION ALL
        SELECT cppr_cp_review_date FROM ssd_cp_reviews)"""


def collection_year(d: date) -> int:
    """The census year a date falls in (the year its 31 March reference date is in)."""
    return d.year + 1 if d.month >= 4 else d.year


def write(
    con: duckdb.DuckDBPyConnection, out_dir: Path, *, years: list[int] | None = None
) -> list[Path]:
    """Write ``out_dir/cin_census_<yyyy>.xml`` for each year (default: every census year from the
    first referral, or the first census, to the last date in the CIN tables)."""
    if years is None:
        years = _years(con)
    out_dir.mkdir(parents=True, exist_ok=True)
    return [_write_year(con, out_dir, y) for y in years]


def _years(con: duckdb.DuckDBPyConnection) -> list[int]:
    first = con.execute("SELECT min(cine_referral_date) FROM ssd_cin_episodes").fetchall()[0][0]
    last = con.execute(DATES).fetchall()[0][1]
    if first is None or last is None:
        return []
    return list(range(max(collection_year(first), FIRST_YEAR), collection_year(last) + 1))


def _write_year(con: duckdb.DuckDBPyConnection, out_dir: Path, year: int) -> Path:
    params = {"y_start": date(year - 1, 4, 1), "y_end": date(year, 3, 31)}
    data = {name: con.execute(sql, params).fetchall() for name, sql in QUERIES.items()}
    path = out_dir / f"cin_census_{year}.xml"
    with path.open("w", encoding="utf-8", newline="\n") as f:
        f.write(_header(year))
        for chunk in _children(data, year):
            f.write(chunk)
        f.write("  </Children>\n</Message>\n")
    return path


def _header(year: int) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Message>
  <Header>
    <CollectionDetails>
      <Collection>CIN</Collection>
      <Year>{year}</Year>
      <ReferenceDate>{year}-03-31</ReferenceDate>
    </CollectionDetails>
    <Source>
      <SourceLevel>L</SourceLevel>
      <LEA>999</LEA>
      <SoftwareCode>csc-insight</SoftwareCode>
      <Release>1</Release>
      <SerialNo>1</SerialNo>
      <DateTime>{year}-04-01T00:00:00</DateTime>
    </Source>
  </Header>
  <Children>
"""


def _by(rows: list[tuple[Any, ...]], key: int = 0) -> dict[Any, list[tuple[Any, ...]]]:
    out: dict[Any, list[tuple[Any, ...]]] = defaultdict(list)
    for r in rows:
        out[r[key]].append(r)
    return out


def _children(data: dict[str, list[tuple[Any, ...]]], year: int) -> Iterator[str]:
    """The Child elements, one string per child, in person-id order."""
    persons = {r[0]: r for r in data["persons"]}
    disabilities = _by(data["disabilities"])
    nested = {
        name: _by(data[name])
        for name in ("assessments", "cin_plans", "s47", "transfer_ins", "cp_plans")
    }
    reviews = _by(data["reviews"])
    for pid, episodes in _by(data["episodes"], 1).items():
        child = _Child(pid, year)
        child.identifiers(persons.get(pid))
        child.characteristics(persons.get(pid), disabilities.get(pid, []))
        child.episodes(episodes, nested, reviews)
        yield child.xml()


class _Child:
    """One Child element; ``seen`` keeps the census's one-record-per-child-per-date rule."""

    def __init__(self, pid: str, year: int) -> None:
        self.pid = pid
        self.year = year
        self.codes = census_year(year)
        self.out: list[str] = ["    <Child>\n"]
        self.seen: dict[str, set[date]] = defaultdict(set)

    def xml(self) -> str:
        self.out.append("    </Child>\n")
        return "".join(self.out)

    def leaf(self, indent: int, name: str, value: Any) -> None:
        if value is None:
            return
        if isinstance(value, date):
            text = value.isoformat()
        elif isinstance(value, bool):
            text = "true" if value else "false"
        else:
            text = escape(str(value))
        self.out.append(f"{' ' * indent}<{name}>{text}</{name}>\n")

    def new(self, kind: str, on: date) -> bool:
        """True the first time a record of ``kind`` on ``on`` is written for this child."""
        if on in self.seen[kind]:
            return False
        self.seen[kind].add(on)
        return True

    def identifiers(self, person: tuple[Any, ...] | None) -> None:
        self.out.append("      <ChildIdentifiers>\n")
        self.leaf(8, "LAchildID", self.pid)
        if person:
            _, upn, upn_unknown, dob, expected_dob, sex, death, _eth = person
            self.leaf(8, "UPN", upn)
            self.leaf(8, "UPNunknown", upn_unknown)
            self.leaf(8, "PersonBirthDate", dob)
            self.leaf(8, "ExpectedPersonBirthDate", expected_dob)
            if self.codes.sex_element == "Sex":
                self.leaf(8, "Sex", SEX_CODE.get(sex or ""))
            else:
                self.leaf(8, "GenderCurrent", GENDER_CODE.get(sex or ""))
            self.leaf(8, "PersonDeathDate", death)
        self.out.append("      </ChildIdentifiers>\n")

    def characteristics(
        self, person: tuple[Any, ...] | None, disabilities: list[tuple[Any, ...]]
    ) -> None:
        ethnicity = person[7] if person else None
        if ethnicity is None and not disabilities:
            return
        self.out.append("      <ChildCharacteristics>\n")
        self.leaf(8, "Ethnicity", ethnicity)
        if disabilities:
            self.out.append("        <Disabilities>\n")
            for code in dict.fromkeys(d[1].upper() for d in disabilities):
                self.leaf(10, "Disability", code)
            self.out.append("        </Disabilities>\n")
        self.out.append("      </ChildCharacteristics>\n")

    def episodes(
        self,
        episodes: list[tuple[Any, ...]],
        nested: dict[str, dict[Any, list[tuple[Any, ...]]]],
        reviews: dict[Any, list[tuple[Any, ...]]],
    ) -> None:
        # Section 47 conferences first, over all episodes: a CIN-level date must not repeat one.
        s47_by_episode = {
            e[0]: [s for s in nested["s47"].get(e[0], []) if self.new("s47", s[1])]
            for e in episodes
        }
        conferences = {s[3] for rows in s47_by_episode.values() for s in rows if s[3] is not None}
        written_conferences: set[date] = set()
        for e in episodes:
            ref_id = e[0]
            s47s = []
            for s in s47_by_episode[ref_id]:
                icpc = s[3] if s[3] is not None and s[3] not in written_conferences else None
                if icpc is not None:
                    written_conferences.add(icpc)
                s47s.append((s, icpc))
            cin_level = self._cin_level_conference(
                nested["transfer_ins"].get(ref_id, []), conferences
            )
            self._episode(e, cin_level, s47s, nested, reviews)

    @staticmethod
    def _cin_level_conference(
        transfer_ins: list[tuple[Any, ...]], conferences: set[date]
    ) -> date | None:
        """The episode's transfer-in conference, unless a section 47 of the child holds that day."""
        for t in transfer_ins:
            if t[1] not in conferences:
                conferences.add(t[1])
                return t[1]
        return None

    def _episode(
        self,
        e: tuple[Any, ...],
        cin_level: date | None,
        s47s: list[tuple[tuple[Any, ...], date | None]],
        nested: dict[str, dict[Any, list[tuple[Any, ...]]]],
        reviews: dict[Any, list[tuple[Any, ...]]],
    ) -> None:
        ref_id, _, referral, source, need, close, reason, nfa = e
        if not self.new("referral", referral):
            return
        out = self.out
        out.append("      <CINdetails>\n")
        self.leaf(8, "CINreferralDate", referral)
        sources = self.codes.referral_sources
        self.leaf(8, "ReferralSource", _year_code(source, SOURCE_BEFORE, sources))
        self.leaf(8, "PrimaryNeedCode", need)
        self.leaf(8, "CINclosureDate", close)
        self.leaf(8, "ReasonForClosure", reason)
        self.leaf(8, "DateOfInitialCPC", cin_level)
        self.leaf(8, "ReferralNFA", {"Y": True, "N": False}.get(nfa or ""))
        for _, start, auth, outcome in nested["assessments"].get(ref_id, []):
            if not self.new("assessment", start):
                continue
            out.append("        <Assessments>\n")
            self.leaf(10, "AssessmentActualStartDate", start)
            self.leaf(10, "AssessmentAuthorisationDate", auth)
            factors = _year_factors(_factors(outcome), self.codes.factors)
            if not factors and auth is not None:
                factors = [NO_FACTORS]
            if factors:
                out.append("          <FactorsIdentifiedAtAssessment>\n")
                for factor in factors:
                    self.leaf(12, "AssessmentFactors", factor)
                out.append("          </FactorsIdentifiedAtAssessment>\n")
            out.append("        </Assessments>\n")
        for _, start, end in nested["cin_plans"].get(ref_id, []):
            if self.new("cin_plan", start):
                out.append("        <CINPlanDates>\n")
                self.leaf(10, "CINPlanStartDate", start)
                self.leaf(10, "CINPlanEndDate", end)
                out.append("        </CINPlanDates>\n")
        for (_, start, target, _, not_required), icpc in s47s:
            out.append("        <Section47>\n")
            self.leaf(10, "S47ActualStartDate", start)
            self.leaf(10, "InitialCPCtarget", target if icpc is not None else None)
            self.leaf(10, "DateOfInitialCPC", icpc)
            self.leaf(10, "ICPCnotRequired", {"Y": True, "N": False}.get(not_required or ""))
            out.append("        </Section47>\n")
        for _, plan_id, start, end, initial, latest, previous in nested["cp_plans"].get(ref_id, []):
            if not self.new("cp_plan", start):
                continue
            out.append("        <ChildProtectionPlans>\n")
            self.leaf(10, "CPPstartDate", start)
            self.leaf(10, "CPPendDate", end)
            self.leaf(10, "InitialCategoryOfAbuse", initial)
            self.leaf(10, "LatestCategoryOfAbuse", latest)
            self.leaf(10, "NumberOfPreviousCPP", previous)
            held = [r[1] for r in reviews.get(plan_id, []) if self.new("review", r[1])]
            if held:
                out.append("          <Reviews>\n")
                for on in held:
                    self.leaf(12, "CPPreviewDate", on)
                out.append("          </Reviews>\n")
            out.append("        </ChildProtectionPlans>\n")
        out.append("      </CINdetails>\n")


def _factors(outcome: str | None) -> list[str]:
    """Assessment factors kept in the outcome JSON as ``{"factors": [...]}`` (as the reader
    stores them); anything else in the JSON has no place in the census."""
    if not outcome:
        return []
    try:
        parsed = json.loads(outcome)
    except ValueError:
        return []
    factors = parsed.get("factors") if isinstance(parsed, dict) else None
    if not isinstance(factors, list):
        return []
    return [str(f) for f in factors if f is not None and str(f).strip()]


def _year_code(code: str | None, earlier: dict[str, str], allowed: tuple[str, ...]) -> str | None:
    """A code as the year's list has it: itself, or the code the year used for the same fact."""
    if code is None or code in allowed:
        return code
    return earlier.get(code, code)


def _year_factors(factors: list[str], allowed: tuple[str, ...]) -> list[str]:
    """The factors in the year's list, mapped (FACTOR_BEFORE) and each once; a factor the year
    has no code for is left out, and 21 only stands alone (it says none were found)."""
    out: dict[str, None] = {}
    for factor in factors:
        code = _year_code(factor, FACTOR_BEFORE, allowed)
        if code in allowed and code != NO_FACTORS:
            out[code] = None
    if not out and NO_FACTORS in factors:
        return [NO_FACTORS]
    return list(out)
