"""The DfE CIN census validation rules that change figures, checked once a child is read.

Each holds back the smallest unit that makes sense, with the records that belong to it; the
rest of the child is loaded. The rule numbers and wording are the DfE's (CIN census validation
rules, 2022-23 to 2024-25); the open-source csc-validator-be-cin implements the same rules.
"""

from __future__ import annotations

from datetime import date, timedelta

from csc_insight.errors import Problem
from csc_insight.formats.cin_census_child import ChildRead, Episode, Record, conference_values

RULES: dict[str, str] = {
    "cin-2884": "DfE CIN rule 2884: an initial child protection conference recorded at both the "
    "section 47 and the CIN details level (it should be recorded in one): the conference is "
    "held back; the enquiry and any plan stay",
    "cin-2885": "DfE CIN rule 2885: a child protection plan starting in the year on a different "
    "day from the initial child protection conference of its CIN details: the plan and its "
    "reviews are held back",
    "cin-2990": "DfE CIN rule 2990: activity (a section 47 enquiry, a child protection plan, an "
    "initial conference at CIN details level or a CIN plan) recorded against a case marked "
    "'Case closed after assessment, no further action' (RC8): the episode and all its records "
    "are held back, as either the closure reason or the activity is wrong",
    "cin-8897": "DfE CIN rule 8897: parental or child factors at assessment missing from an "
    "assessment completed (authorised) in the year: the assessment is held back",
}


def settle(child: ChildRead, reference_date: date) -> list[Problem]:
    """Add the child's transfer-in conferences, apply the DfE rules (holding records back) and
    link conferences to the plans they led to. Returns the rules' problems."""
    held: list[Problem] = []
    first_day = year_start(reference_date)
    s47_conferences = {
        icpc: line for ep in child.episodes for _, icpc, line in ep.s47s if icpc is not None
    }
    for ep in child.episodes:
        if ep.cin_icpc is None:
            continue
        if ep.cin_icpc in s47_conferences:
            held += _recorded_twice(child, ep, s47_conferences[ep.cin_icpc])
        elif first_day <= ep.cin_icpc <= reference_date and child.pid:
            # A conference the child came with from another authority; one before this year
            # was read (or staged as a transfer-in) in the census of its own year.
            values = conference_values(child.pid, ep, ep.cin_icpc, None, None)
            record = Record("ssd_initial_cp_conference", values, ep.cin_icpc_line, ep.record)
            child.records.append(record)
            ep.conferences.append(record)
    for ep in child.episodes:
        held += _closed_no_further_action(child, ep)
        held += _plans_not_on_conference_day(child, ep, first_day, reference_date)
        held += _assessments_without_factors(child, ep, first_day)
        _link(ep)
    return held


def year_start(reference_date: date) -> date:
    """1 April before a 31 March reference date (the day after the same date a year before)."""
    try:
        return reference_date.replace(year=reference_date.year - 1) + timedelta(days=1)
    except ValueError:  # 29 February
        return date(reference_date.year - 1, 3, 1)


def _problem(
    child: ChildRead,
    record: Record,
    line: int | None,
    column: str,
    reason: str,
    rule: str,
    value: object,
) -> Problem:
    record.held = True
    shown = None if value is None else str(value)
    return Problem(child.file, line, column, reason, rule, shown, record.table, str(record.key))


def _recorded_twice(child: ChildRead, ep: Episode, s47_line: int | None) -> list[Problem]:
    on = ep.cin_icpc
    out = []
    for other in child.episodes:
        for conference in other.conferences:
            if conference.values["icpc_icpc_date"] == on and not conference.held:
                reason = (
                    f"the initial child protection conference of {on} is recorded at both the "
                    f"section 47 (line {s47_line}) and the CIN details level, and it should only "
                    "be recorded in one (DfE CIN rule 2884): the conference is held back"
                )
                out.append(
                    _problem(
                        child,
                        conference,
                        ep.cin_icpc_line,
                        "DateOfInitialCPC",
                        reason,
                        "cin-2884",
                        on,
                    )
                )
    return out


def _closed_no_further_action(child: ChildRead, ep: Episode) -> list[Problem]:
    if ep.closure_reason != "RC8":
        return []
    activity = [f"a section 47 enquiry (line {s.line})" for s, _, _ in ep.s47s]
    activity += [f"a child protection plan (line {p.line})" for p in ep.cp_plans]
    activity += [f"a CIN plan (line {p.line})" for p in ep.cin_plans]
    if ep.cin_icpc is not None:
        activity.append(f"an initial child protection conference (line {ep.cin_icpc_line})")
    if not activity:
        return []
    reason = (
        "activity is recorded against a case marked as 'Case closed after assessment, no "
        f"further action': {', '.join(activity)} (DfE CIN rule 2990): the episode and its "
        "records are held back"
    )
    return [
        _problem(child, ep.record, ep.closure_line, "ReasonForClosure", reason, "cin-2990", "RC8")
    ]


def _plans_not_on_conference_day(
    child: ChildRead, ep: Episode, first_day: date, reference_date: date
) -> list[Problem]:
    conferences = {icpc for _, icpc, _ in ep.s47s if icpc is not None}
    if ep.cin_icpc is not None:
        conferences.add(ep.cin_icpc)
    out = []
    for plan in ep.cp_plans:
        start = plan.values["cppl_cp_plan_start_date"]
        if start is None or not first_day <= start <= reference_date or start in conferences:
            continue
        days = ", ".join(str(d) for d in sorted(conferences)) or "none is recorded"
        reason = (
            f"child protection plan shown as starting a different day ({start}) to the initial "
            f"child protection conference of its CIN details ({days}) (DfE CIN rule 2885): the "
            "plan and its reviews are held back"
        )
        out.append(_problem(child, plan, plan.line, "CPPstartDate", reason, "cin-2885", start))
    return out


def _assessments_without_factors(child: ChildRead, ep: Episode, first_day: date) -> list[Problem]:
    out = []
    for assessment, auth_line, has_factors in ep.assessments:
        auth = assessment.values["cina_assessment_auth_date"]
        if auth is None or auth < first_day or has_factors or assessment.key is None:
            continue
        reason = (
            "parental or child factors at assessment information is missing from a completed "
            f"assessment (authorised {auth}) (DfE CIN rule 8897): the assessment is held back"
        )
        out.append(
            _problem(child, assessment, auth_line, "AssessmentFactors", reason, "cin-8897", None)
        )
    return out


def _link(ep: Episode) -> None:
    """A plan of the same episode starting on the day of a conference is its outcome (the
    census has a plan start on the date of the conference that made it)."""
    plans = [p for p in ep.cp_plans if not p.left_out() and p.key is not None]
    for conference in ep.conferences:
        if conference.left_out():
            continue
        c = conference.values
        for plan in plans:
            if plan.values["cppl_cp_plan_start_date"] == c["icpc_icpc_date"]:
                c["icpc_cp_plan_id"] = plan.key
                c["icpc_icpc_outcome_cp_flag"] = "Y"
                plan.values["cppl_icpc_id"] = plan.values["cppl_icpc_id"] or c["icpc_icpc_id"]
                break
