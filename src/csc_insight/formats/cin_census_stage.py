"""Staging CIN census records: the canonical columns each table gets, and the SQL that merges
several censuses into one row per key (the later census wins, value by value)."""

from __future__ import annotations

from typing import Any

import duckdb
import pyarrow as pa

from csc_insight.store import schema

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

#: The element a record's id is built from, named in duplicate-key problems.
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


def stage_table(
    con: duckdb.DuckDBPyConnection, table: str, parts: list[tuple[list[tuple[Any, ...]], int]]
) -> str:
    """Stage ``table`` from (rows, rank) per file into a temporary table; return its name.
    Where files share a key, the highest rank wins value by value (an empty value keeps the
    lower rank's), as the loader's merge does between loads."""
    columns = COLUMNS[table]
    data = pa.concat_tables([_arrow(table, columns, rows, rank) for rows, rank in parts])
    temp = f"stage_cin_census_{table}"
    view = f"_arrow_{temp}"
    con.register(view, data)
    try:
        key, rest = columns[0], columns[1:]
        if len(parts) > 1:
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
    return temp


def _arrow(
    table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]], rank: int
) -> pa.Table:
    data = list(zip(*rows, strict=True)) if rows else [() for _ in columns]
    arrays: list[pa.Array] = [
        pa.array(values, type=pa.date32() if _is_date(table, name) else pa.string())
        for name, values in zip(columns, data, strict=True)
    ]
    arrays.append(pa.array([rank] * len(rows), type=pa.int32()))
    return pa.Table.from_arrays(arrays, names=[*columns, "_rank"])


def _is_date(table: str, column: str) -> bool:
    return schema.table(table).field(column).type == "DATE"
