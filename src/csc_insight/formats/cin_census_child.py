"""Reading one CIN census ``Child`` into canonical records, checking every value against the
collection year's lists.

A problem with a value (a bad code or date, a required element missing, a value too long or
holding control characters) is a problem with the child: ``ChildRead.faults`` lists it and the
file reader holds back all of the child's records in that file. The DfE validation rules that
hold back smaller units are in cin_census_rules.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from csc_insight.formats import cin_census_years as lists
from csc_insight.formats.cin_census_stage import COLUMNS
from csc_insight.formats.cin_census_values import ValueReader
from csc_insight.formats.cin_census_xml import groups, text
from csc_insight.formats.keys import record_id


@dataclass(eq=False)
class Record:
    """One canonical record; it is left out when it, or a record it belongs to, is ``held``."""

    table: str
    values: dict[str, Any]
    line: int | None
    parent: Record | None = None
    held: bool = False
    duplicate_of: int | None = None  # the child holding the same record earlier in the file

    @property
    def key(self) -> Any:
        return self.values[COLUMNS[self.table][0]]

    def left_out(self) -> bool:
        r: Record | None = self
        while r is not None:
            if r.held:
                return True
            r = r.parent
        return False

    def row(self) -> tuple[Any, ...]:
        return tuple(self.values[c] for c in COLUMNS[self.table])


@dataclass(eq=False)
class Episode:
    """One CINdetails: its record and what the DfE rules look at."""

    record: Record
    closure_reason: str | None = None
    closure_line: int | None = None
    cin_icpc: date | None = None
    cin_icpc_line: int | None = None
    assessments: list[tuple[Record, int | None, bool]] = field(default_factory=list)
    cin_plans: list[Record] = field(default_factory=list)
    #: (section 47, its conference date, the line of it)
    s47s: list[tuple[Record, date | None, int | None]] = field(default_factory=list)
    conferences: list[Record] = field(default_factory=list)
    cp_plans: list[Record] = field(default_factory=list)


class ChildRead(ValueReader):
    """The records of one Child, the faults that hold it back, and its episodes."""

    def __init__(self, file: str, census: lists.CensusYear) -> None:
        super().__init__(file, census)
        self.records: list[Record] = []
        self.episodes: list[Episode] = []
        self.pid: str | None = None
        self.line: int | None = None

    # -- the child --

    def read(self, el: Any) -> None:
        self.line = el.sourceline
        g = groups(el)
        ids_el = g.get("ChildIdentifiers", [None])[0]
        ids = groups(ids_el)
        where = ids_el if ids_el is not None else el
        self.pid = pid = self.text(ids, "LAchildID", where, required=True)
        self.text(ids, "FormerUPN", where)  # no canonical field: read only to check it
        chars_el = g.get("ChildCharacteristics", [None])[0]
        chars = groups(chars_el)
        person = Record(
            "ssd_person",
            {
                "pers_person_id": pid,
                "pers_upn": self.text(ids, "UPN", where),
                "pers_upn_unknown": self.code(ids, "UPNunknown", where, lists.UPN_UNKNOWN),
                "pers_dob": self.date(ids, "PersonBirthDate", where),
                "pers_expected_dob": self.date(ids, "ExpectedPersonBirthDate", where),
                "pers_sex": self._sex(ids, where),
                "pers_death_date": self.date(ids, "PersonDeathDate", where),
                "pers_ethnicity": self.code(chars, "Ethnicity", chars_el, lists.ETHNICITIES),
            },
            _line(ids.get("LAchildID"), where),
        )
        self.records.append(person)
        self._table = "ssd_disability"
        for disabilities in chars.get("Disabilities", []):
            for d in groups(disabilities).get("Disability", []):
                code = self.code_of(d, "Disability", lists.DISABILITIES, required=True)
                if pid and code:
                    key = f"{pid}-{code}"
                    values = {"disa_table_id": key, "disa_person_id": pid}
                    values["disa_disability_code"] = code
                    self.records.append(Record("ssd_disability", values, d.sourceline, person))
        for details in g.get("CINdetails", []):
            self._episode(person, details)

    def _sex(self, ids: dict[str, list[Any]], where: Any) -> str | None:
        """The year's sex element (GenderCurrent, or Sex from 2024-25) as pers_sex; the other
        one is not in the year's specification."""
        name = self.census.sex_element
        other = "Sex" if name == "GenderCurrent" else "GenderCurrent"
        for el in ids.get(other, [])[:1]:
            self.fault(
                el.sourceline,
                other,
                f"{other} is not in the {self.census.label} specification: the child's sex is "
                f"given as {name} ({', '.join(self.census.sex_codes)})",
                "value-code",
                text(el),
            )
        codes = self.census.sex_codes
        value = self.code(ids, name, where, tuple(codes), f"the {self.census.label} list")
        return codes[value] if value else None

    # -- the records of an episode --

    def _episode(self, person: Record, el: Any) -> None:
        self._table = "ssd_cin_episodes"
        g = groups(el)
        pid = self.pid
        referral = self.date(g, "CINreferralDate", el, required=True)
        ref_id = record_id(pid, referral) if pid and referral else None
        nfa = self.boolean(g, "ReferralNFA", el)
        census = self.census
        values: dict[str, Any] = {
            "cine_referral_id": ref_id,
            "cine_person_id": pid,
            "cine_referral_date": referral,
            "cine_cin_primary_need_code": self.code(g, "PrimaryNeedCode", el, lists.PRIMARY_NEED),
            "cine_referral_source_code": self.code(
                g, "ReferralSource", el, census.referral_sources, *self._year_list("sources")
            ),
            "cine_referral_nfa": _yes_no(nfa),
            "cine_close_reason": self.code(g, "ReasonForClosure", el, lists.CLOSURE_REASONS),
            "cine_close_date": self.date(g, "CINclosureDate", el),
        }
        episode = Episode(Record("ssd_cin_episodes", values, _line(g.get("CINreferralDate"), el)))
        episode.record.parent = person
        episode.closure_reason = values["cine_close_reason"]
        episode.closure_line = _line(g.get("ReasonForClosure"), el)
        episode.cin_icpc = self.date(g, "DateOfInitialCPC", el)
        episode.cin_icpc_line = _line(g.get("DateOfInitialCPC"), el)
        for a in g.get("Assessments", []):
            self._assessment(episode, a)
        for p in g.get("CINPlanDates", []):
            self._cin_plan(episode, p)
        for s in g.get("Section47", []):
            self._section47(episode, s)
        for p in g.get("ChildProtectionPlans", []):
            self._cp_plan(episode, p)
        if ref_id is not None:
            self.episodes.append(episode)
            self.records.append(episode.record)

    def _add(
        self, episode: Episode, table: str, values: dict[str, Any], line: int | None
    ) -> Record:
        record = Record(table, values, line, episode.record)
        if values[COLUMNS[table][0]] is not None:
            self.records.append(record)
        return record

    def _assessment(self, ep: Episode, el: Any) -> None:
        self._table = "ssd_cin_assessments"
        g = groups(el)
        start = self.date(g, "AssessmentActualStartDate", el, required=True)
        self.date(g, "AssessmentInternalReviewDate", el)  # no canonical field
        auth = self.date(g, "AssessmentAuthorisationDate", el)
        factors = [
            code
            for group in g.get("FactorsIdentifiedAtAssessment", [])
            for f in groups(group).get("AssessmentFactors", [])
            if (code := self.code_of(f, "AssessmentFactors", self.census.factors, "factors"))
        ]
        aid = _id(self.pid, start)
        values = {
            "cina_assessment_id": aid,
            "cina_person_id": self.pid,
            "cina_referral_id": ep.record.key,
            "cina_assessment_start_date": start,
            "cina_assessment_auth_date": auth,
            "cina_assessment_outcome_json": json.dumps({"factors": factors}) if factors else None,
        }
        line = _line(g.get("AssessmentActualStartDate"), el)
        record = self._add(ep, "ssd_cin_assessments", values, line)
        auth_line = _line(g.get("AssessmentAuthorisationDate"), el) if auth else None
        ep.assessments.append((record, auth_line, bool(factors)))

    def _cin_plan(self, ep: Episode, el: Any) -> None:
        self._table = "ssd_cin_plans"
        g = groups(el)
        start = self.date(g, "CINPlanStartDate", el, required=True)
        values = {
            "cinp_cin_plan_id": _id(self.pid, start),
            "cinp_referral_id": ep.record.key,
            "cinp_person_id": self.pid,
            "cinp_cin_plan_start_date": start,
            "cinp_cin_plan_end_date": self.date(g, "CINPlanEndDate", el),
        }
        ep.cin_plans.append(
            self._add(ep, "ssd_cin_plans", values, _line(g.get("CINPlanStartDate"), el))
        )

    def _section47(self, ep: Episode, el: Any) -> None:
        self._table = "ssd_s47_enquiry"
        g = groups(el)
        start = self.date(g, "S47ActualStartDate", el, required=True)
        values = {
            "s47e_s47_enquiry_id": _id(self.pid, start),
            "s47e_referral_id": ep.record.key,
            "s47e_person_id": self.pid,
            "s47e_s47_start_date": start,
            "s47e_s47_nfa": _yes_no(self.boolean(g, "ICPCnotRequired", el)),
        }
        s47 = self._add(ep, "ssd_s47_enquiry", values, _line(g.get("S47ActualStartDate"), el))
        self._table = "ssd_initial_cp_conference"
        target = self.date(g, "InitialCPCtarget", el)
        icpc = self.date(g, "DateOfInitialCPC", el)
        line = _line(g.get("DateOfInitialCPC"), el)
        ep.s47s.append((s47, icpc, line))
        if icpc is not None and self.pid:
            conference = conference_values(self.pid, ep, icpc, s47.values, target)
            record = Record("ssd_initial_cp_conference", conference, line, s47)
            self.records.append(record)
            ep.conferences.append(record)

    def _cp_plan(self, ep: Episode, el: Any) -> None:
        self._table = "ssd_cp_plans"
        g = groups(el)
        start = self.date(g, "CPPstartDate", el, required=True)
        self.integer(g, "NumberOfPreviousCPP", el)  # no canonical field
        pid = _id(self.pid, start)
        values = {
            "cppl_cp_plan_id": pid,
            "cppl_referral_id": ep.record.key,
            "cppl_icpc_id": None,
            "cppl_person_id": self.pid,
            "cppl_cp_plan_start_date": start,
            "cppl_cp_plan_end_date": self.date(g, "CPPendDate", el),
            "cppl_cp_plan_initial_category": self.code(
                g, "InitialCategoryOfAbuse", el, lists.ABUSE_CATEGORIES
            ),
            "cppl_cp_plan_latest_category": self.code(
                g, "LatestCategoryOfAbuse", el, lists.ABUSE_CATEGORIES
            ),
        }
        plan = self._add(ep, "ssd_cp_plans", values, _line(g.get("CPPstartDate"), el))
        ep.cp_plans.append(plan)
        self._table = "ssd_cp_reviews"
        for reviews in g.get("Reviews", []):
            for r in groups(reviews).get("CPPreviewDate", []):
                on = self.date_of(r, "CPPreviewDate", required=True)
                review: dict[str, Any] = {
                    "cppr_cp_review_id": _id(self.pid, on),
                    "cppr_person_id": self.pid,
                    "cppr_cp_plan_id": pid,
                    "cppr_cp_review_date": on,
                }
                if review["cppr_cp_review_id"] is not None:
                    self.records.append(Record("ssd_cp_reviews", review, r.sourceline, plan))


def conference_values(
    pid: str, ep: Episode, on: date, s47: Mapping[str, Any] | None, target: date | None
) -> dict[str, Any]:
    """A conference's canonical values; ``s47`` None for a transfer-in."""
    return {
        "icpc_icpc_id": record_id(pid, on),
        "icpc_s47_enquiry_id": s47["s47e_s47_enquiry_id"] if s47 else None,
        "icpc_person_id": pid,
        "icpc_cp_plan_id": None,
        "icpc_referral_id": ep.record.key,
        "icpc_icpc_transfer_in": "N" if s47 else "Y",
        "icpc_icpc_target_date": target,
        "icpc_icpc_date": on,
        "icpc_icpc_outcome_cp_flag": "N",
    }


def _id(pid: str | None, on: date | None) -> str | None:
    return record_id(pid, on) if pid and on else None


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else ("Y" if value else "N")


def _line(els: list[Any] | None, parent: Any) -> int | None:
    if els:
        return int(els[0].sourceline)
    return parent.sourceline if parent is not None else None
