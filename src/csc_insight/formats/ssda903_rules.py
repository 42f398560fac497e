"""The DfE's SSDA903 validation rules that change figures, and the return's date rules.

Rule numbers are the DfE's (its published SSDA903 validation rules, as implemented year by year
by the open-source validator councils use, csc-validator-be-903). A record that breaks one is
held back with the rule id ``903-<DfE rule>``; the date rules whose DfE number could not be
confirmed use plain ids.
"""

from __future__ import annotations

import duckdb

from csc_insight.formats.ssda903_checks import Hit, hold
from csc_insight.formats.ssda903_codes import year_label
from csc_insight.formats.ssda903_read import Reading
from csc_insight.formats.ssda903_years import Read, year_end_sql

RULES: dict[str, str] = {
    "903-217t": "placement type P2 (independent living) in a placement open after 28 October "
    "2023, when the code ended (DfE rule 217t, from 2023-24)",
    "903-361": "police protection (legal status L1) lasting longer than the 72 hours the "
    "Children Act 1989 allows (DfE rule 361)",
    "903-364": "placed under the Police and Criminal Evidence Act (legal status J2) for longer "
    "than PACE allows; the DfE's published check counts more than 21 days (DfE rule 364)",
    "903-370": "independent living (placement type P2) for a child under 16 (under 15 before "
    "2023-24) (DfE rule 370)",
    "903-371": "semi-independent living not subject to children's homes regulations (placement "
    "type H5) for a child under 16 (under 15 before 2023-24) (DfE rule 371)",
    "903-378": "a child placed with parents (placement type P1) looked after under a single "
    "period of accommodation under section 20 (legal status V2) (DfE rule 378)",
    "903-after-year": "a date after the end of the return's collection year (31 March)",
    "903-year": "a care leaver (OC3) whose birthday in the collection year is not their 17th "
    "to 21st",
}

#: DfE rule 364's limit as its published check applies it (days of consecutive J2 episodes).
PACE_DAYS = 21
#: DfE rule 361: 72 hours.
POLICE_PROTECTION_DAYS = 3
#: 217t: P2 ended on this day.
P2_LAST_DAY = "2023-10-28"


def check_rules(con: duckdb.DuckDBPyConnection, reads: list[Read], reading: Reading) -> None:
    _dates_of_birth(con, reads)
    for r in reads:
        if r.year is None or not r.table.read:
            continue
        hits = _after_year(con, r)
        if r.table.name == "Episodes":
            hits += _episode_rules(con, r)
        elif r.table.name == "OC3":
            hits += _oc3_year(con, r)
        hold(con, r, hits, reading)
    con.execute("DROP TABLE IF EXISTS _s903_dob")


def _dates_of_birth(con: duckdb.DuckDBPyConnection, reads: list[Read]) -> None:
    headers = [r for r in reads if r.table.name == "Header"]
    parts = " UNION ALL ".join(
        f"SELECT CHILD, DOB, {r.year or 0} AS y FROM {r.temp}" for r in headers
    )
    source = parts or "SELECT NULL::VARCHAR AS CHILD, NULL::DATE AS DOB, 0 AS y"
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE _s903_dob AS
            SELECT CHILD, arg_max(DOB, y) AS DOB FROM ({source})
            WHERE DOB IS NOT NULL GROUP BY CHILD"""
    )


def _fmt(d: str) -> str:
    return f"strftime({d}, '%d/%m/%Y')"


def _after_year(con: duckdb.DuckDBPyConnection, r: Read) -> list[Hit]:
    assert r.year is not None
    hits: list[Hit] = []
    end = year_end_sql(r.year)
    for column in r.table.dated:
        found = con.execute(
            f"SELECT _row, {_fmt(column)} FROM {r.temp} WHERE {column} > {end}"
        ).fetchall()
        hits += [
            (row, column, f"{value} is after the {year_label(r.year)} return's year ended "
             f"(31/03/{r.year})", "903-after-year", value)
            for row, value in found
        ]  # fmt: skip
    return hits


def _episode_rules(con: duckdb.DuckDBPyConnection, r: Read) -> list[Hit]:
    assert r.year is not None
    t, year = r.temp, r.year
    min_age = 16 if year >= 2024 else 15
    checks = [
        ("DEC", "DEC < DECOM", f"'ended ' || {_fmt('DEC')} || ', before it started (' || {_fmt('DECOM')} || ')'", "date-order", _fmt("DEC")),
        ("DECOM", "DECOM < b.DOB", f"'starts ' || {_fmt('DECOM')} || ', before the child was born (' || {_fmt('b.DOB')} || ')'", "date-before-birth", _fmt("DECOM")),
        ("PLACE", "upper(PLACE) = 'P1' AND upper(LS) = 'V2'", "'placed with parents (P1) under section 20 (V2)'", "903-378", "PLACE"),
        ("PLACE", f"upper(PLACE) = 'P2' AND DECOM < b.DOB + INTERVAL {min_age} YEAR", f"'independent living (P2) for a child under {min_age}'", "903-370", "PLACE"),
        ("PLACE", f"upper(PLACE) = 'H5' AND DECOM < b.DOB + INTERVAL {min_age} YEAR", f"'semi-independent living (H5) for a child under {min_age}'", "903-371", "PLACE"),
    ]  # fmt: skip
    if year >= 2024:
        checks.append(
            ("PLACE", f"upper(PLACE) = 'P2' AND (DEC IS NULL OR DEC > DATE '{P2_LAST_DAY}')",
             "'placement type P2 is not valid after 28/10/2023; the placement was open then'",
             "903-217t", "PLACE")
        )  # fmt: skip
    # One pass over the return: each row with the checks it fails.
    cases = ", ".join(
        f"CASE WHEN {cond} THEN [{i}::VARCHAR, {why}, {value}::VARCHAR] END"
        for i, (_, cond, why, _, value) in enumerate(checks)
    )
    found = con.execute(
        f"""SELECT _row, list_filter([{cases}], lambda x: x IS NOT NULL) AS hit FROM {t}
            LEFT JOIN _s903_dob b USING (CHILD) WHERE len(hit) > 0"""
    ).fetchall()
    hits: list[Hit] = [
        (row, checks[int(i)][0], why, checks[int(i)][3], v)
        for row, failed in found
        for i, why, v in failed
    ]
    return hits + _overlaps(con, r) + _long_status(con, r)


def _overlaps(con: duckdb.DuckDBPyConnection, r: Read) -> list[Hit]:
    """An episode starting before the child's previous episode in the return ended (or while
    it is still open): the later one is held (and, through its period, the rest)."""
    found = con.execute(
        f"""SELECT _row, {_fmt("DECOM")}, prev_row, {_fmt("prev_dec")} FROM (
                SELECT _row, DECOM, lag(_row) OVER w AS prev_row, lag(DEC) OVER w AS prev_dec
                FROM {r.temp} WINDOW w AS (PARTITION BY CHILD ORDER BY DECOM, _row))
            WHERE prev_row IS NOT NULL AND (prev_dec IS NULL OR prev_dec > DECOM)"""
    ).fetchall()
    return [
        (row, "DECOM", f"starts {decom}, before the child's previous episode (row "
         f"{r.line(int(prev))}) ended ({prev_dec or 'still open'})", "overlap", decom)
        for row, decom, prev, prev_dec in found
    ]  # fmt: skip


def _long_status(con: duckdb.DuckDBPyConnection, r: Read) -> list[Hit]:
    """Runs of consecutive episodes (each starting the day the last ended) under L1 or J2
    lasting longer than their law allows; an open episode runs to the end of the year."""
    assert r.year is not None
    end = year_end_sql(r.year)
    hits: list[Hit] = []
    for status, days, rule, what in (
        ("L1", POLICE_PROTECTION_DAYS, "903-361", "police protection (L1)"),
        ("J2", PACE_DAYS, "903-364", "placed under PACE (J2)"),
    ):
        found = con.execute(
            f"""WITH e AS (
                SELECT _row, CHILD, DECOM, coalesce(DEC, {end}) AS ends,
                       upper(LS) = '{status}' AS is_s,
                       lag(upper(LS) = '{status}') OVER w AS prev_s,
                       lag(coalesce(DEC, {end})) OVER w AS prev_end
                FROM {r.temp} WINDOW w AS (PARTITION BY CHILD ORDER BY DECOM, _row)),
            runs AS (
                SELECT *, sum(CASE WHEN is_s AND prev_s AND prev_end = DECOM THEN 0 ELSE 1 END)
                          OVER (PARTITION BY CHILD ORDER BY DECOM, _row ROWS UNBOUNDED PRECEDING) AS run
                FROM e),
            spans AS (
                SELECT _row, is_s, max(ends) OVER k - min(DECOM) OVER k AS span
                FROM runs WINDOW k AS (PARTITION BY CHILD, run))
            SELECT _row, span FROM spans WHERE is_s AND span > {days}"""
        ).fetchall()
        hits += [
            (row, "LS", f"{what} for {span} days in a row, longer than {days} day"
             f"{'s' if days != 1 else ''}", rule, status)
            for row, span in found
        ]  # fmt: skip
    return hits


def _oc3_year(con: duckdb.DuckDBPyConnection, r: Read) -> list[Hit]:
    """OC3 covers young people whose 17th to 21st birthday falls in the year."""
    assert r.year is not None
    age = f"({r.year} - year(DOB) - (month(DOB) >= 4)::INTEGER)"
    found = con.execute(
        f"SELECT _row, {_fmt('DOB')}, {age} FROM {r.temp} WHERE {age} NOT BETWEEN 17 AND 21"
    ).fetchall()
    return [
        (row, "DOB", f"born {dob}, so turning {age} in {year_label(r.year)}: OC3 is for "
         "young people turning 17 to 21 in the year", "903-year", dob)
        for row, dob, age in found
    ]  # fmt: skip
