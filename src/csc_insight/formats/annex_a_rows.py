"""Annex A list rows as canonical rows: one mapper per list, from a list's record to the rows
of the canonical tables it gives (a List 8 row gives an episode, a placement, a legal status and
perhaps an immigration status).

Annex A rows carry no record ids, so each record gets the id every reader gives it
(``<child>-<yyyymmdd>``, docs/dev/readers.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from csc_insight.formats import keys
from csc_insight.formats.annex_a_sheet import Record, cla_episode_start

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


MAPPERS: dict[int, Callable[[Record], Iterator[tuple[str, Row]]]] = {
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
