"""Writing the canonical workforce tables as CSWW census XML, one file per census year (the year
ending 30 September), as a council's HR system would produce it.

A file holds one CSWWWorker per assignment (ext_workforce_staff) in a social-work role
(social worker, senior practitioner, team or service manager) of a worker with a Social Work
England number (ssd_professionals, through wstaf_professional_id): assignments not from an agency
that overlap the census year, and agency assignments in force on 30 September. Two assignments
of one person on one footing starting on one day are one record (the latest id). Written:

- AgencyWorker, SWENo, FTE (6 decimal places), OrgRole (``csww_codes.ROLE_CODE``; a social worker
  is 5 holding cases, 6 not), RoleStartDate;
- RoleEndDate when the assignment ended by 30 September (a later end is not yet known to the
  census), with ReasonLeave and LeaverDestination when it has a leaving reason (a move within
  the council has none);
- Cases30 for those in post on 30 September: the children allocated to them that day
  (ssd_involvements);
- CFKSSstatus 1 for a worker in their ASYE (wstaf_nqsw Y).

LALevelVacancies: NumberOfVacancies is the FTE of social-work posts funded on 30 September with
no directly employed worker in them (WF 13's vacant posts), NoAgencyFTE and NoAgencyHeadcount
the FTE and number of agency social workers in post that day.

The store has no dates of birth, gender, ethnicity or qualifications of staff, so those items,
required of a worker not from an agency by the DfE's validation, are not written; nor is the
Source (the store does not know the council's three-digit LA code).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import duckdb

from csc_insight.formats import csww_codes as codes
from csc_insight.formats.csww_check import leaver_codes
from csc_insight.formats.csww_read import WORKER_ELEMENTS, census_year_of, year_start

#: At most this many census years are written by default (the latest ones).
DEFAULT_YEARS = 5

_ROLES = ", ".join(f"'{r}'" for r in codes.SOCIAL_WORK_ROLES)

WORKERS = f"""
    SELECT * EXCLUDE (pick) FROM (
        SELECT upper(trim(p.prof_social_worker_registration_no)) AS swe, s.wstaf_agency AS agency,
               s.wstaf_fte AS fte, s.wstaf_role AS role, s.wstaf_case_holding AS holding,
               s.wstaf_nqsw AS nqsw, s.wstaf_start_date AS start, s.wstaf_end_date AS "end",
               s.wstaf_leaving_reason AS reason,
               (SELECT count(DISTINCT i.invo_person_id) FROM ssd_involvements i
                WHERE i.invo_professional_id = s.wstaf_professional_id
                  AND i.invo_involvement_start_date <= $ref
                  AND coalesce(i.invo_involvement_end_date >= $ref, true)) AS cases,
               row_number() OVER (
                   PARTITION BY upper(trim(p.prof_social_worker_registration_no)),
                                s.wstaf_agency, s.wstaf_start_date
                   ORDER BY s.wstaf_assignment_id DESC) AS pick
        FROM ext_workforce_staff s
        JOIN ssd_professionals p ON p.prof_professional_id = s.wstaf_professional_id
        WHERE s.wstaf_role IN ({_ROLES})
          AND nullif(trim(p.prof_social_worker_registration_no), '') IS NOT NULL
          AND s.wstaf_start_date <= $ref
          AND coalesce(s.wstaf_end_date >= CASE WHEN s.wstaf_agency = 'Y' THEN $ref
                                                ELSE $first END, true))
    WHERE pick = 1
    ORDER BY swe, agency, start"""

VACANCIES = f"""
    SELECT
        (SELECT coalesce(sum(w.wpost_fte), 0) FROM ext_workforce_posts w
         WHERE w.wpost_role IN ('SOCIAL_WORKER', 'SENIOR_PRACTITIONER', 'TEAM_MANAGER')
           AND w.wpost_start_date <= $ref AND coalesce(w.wpost_end_date >= $ref, true)
           AND NOT EXISTS (SELECT 1 FROM ext_workforce_staff s
                           WHERE s.wstaf_post_id = w.wpost_post_id AND s.wstaf_agency = 'N'
                             AND s.wstaf_start_date <= $ref
                             AND coalesce(s.wstaf_end_date >= $ref, true))),
        coalesce(sum(s.wstaf_fte), 0),
        count(DISTINCT s.wstaf_staff_id)
    FROM ext_workforce_staff s
    WHERE s.wstaf_agency = 'Y' AND s.wstaf_role IN ({_ROLES})
      AND s.wstaf_start_date <= $ref AND coalesce(s.wstaf_end_date >= $ref, true)"""


def write(
    con: duckdb.DuckDBPyConnection, out_dir: Path, *, years: list[int] | None = None
) -> list[Path]:
    """Write ``out_dir/csww_<yyyy>.xml`` for each census year (default: those the staff records
    cover whole, the last ``DEFAULT_YEARS`` at most)."""
    if years is None:
        years = _years(con)
    if not years:
        return []
    out_dir.mkdir(parents=True, exist_ok=True)
    return [_write_year(con, out_dir, y) for y in years]


def _years(con: duckdb.DuckDBPyConnection) -> list[int]:
    """The census years the staff records cover whole: from the first 1 October on or after the
    earliest recorded end of an assignment (an extract keeps no staff who left before its
    window, so an earlier census would miss its leavers) to the last 30 September they reach."""
    first, last, first_end = con.execute(
        f"""SELECT min(wstaf_start_date), max(greatest(wstaf_start_date,
                   coalesce(wstaf_end_date, wstaf_start_date))), min(wstaf_end_date)
            FROM ext_workforce_staff WHERE wstaf_role IN ({_ROLES})"""
    ).fetchall()[0]
    if first is None or last is None:
        return []
    last_year = census_year_of(last)
    if date(last_year, 9, 30) > last:
        last_year -= 1  # that census date is beyond the records
    first_year = census_year_of(first)
    if first_end is not None:
        first_year = census_year_of(first_end) + (
            0 if (first_end.month, first_end.day) == (10, 1) else 1
        )
    first_year = max(first_year, last_year - DEFAULT_YEARS + 1)
    return list(range(first_year, last_year + 1))


def _write_year(con: duckdb.DuckDBPyConnection, out_dir: Path, year: int) -> Path:
    ref = date(year, 9, 30)
    params = {"ref": ref, "first": year_start(ref)}
    cursor = con.execute(WORKERS, params)
    names = [d[0] for d in cursor.description or ()]
    workers = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    vacancies = con.execute(VACANCIES, {"ref": ref}).fetchall()[0]
    path = out_dir / f"csww_{year}.xml"
    with path.open("w", encoding="utf-8", newline="\n") as f:
        f.write(_header(year, ref, vacancies))
        for w in workers:
            f.write(_worker(w, ref))
        f.write("</Message>\n")
    return path


def _header(year: int, ref: date, vacancies: tuple[Any, ...]) -> str:
    number, agency_fte, agency_count = vacancies
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Message>
  <Header>
    <CollectionDetails>
      <Collection>CSWW</Collection>
      <Year>{year}</Year>
      <ReferenceDate>{ref:%Y-%m-%d}</ReferenceDate>
    </CollectionDetails>
  </Header>
  <LALevelVacancies>
    <NumberOfVacancies>{float(number):.2f}</NumberOfVacancies>
    <NoAgencyFTE>{float(agency_fte):.2f}</NoAgencyFTE>
    <NoAgencyHeadcount>{int(agency_count)}</NoAgencyHeadcount>
  </LALevelVacancies>
"""


def _worker(w: dict[str, Any], ref: date) -> str:
    items: list[tuple[str, str]] = [
        ("AgencyWorker", "1" if w["agency"] == "Y" else "0"),
        ("SWENo", w["swe"]),
    ]
    if w["fte"] is not None:
        items.append(("FTE", f"{w['fte']:.6f}"))
    items += [("OrgRole", _org_role(w["role"], w["holding"])), ("RoleStartDate", f"{w['start']}")]
    ended = w["end"] is not None and w["end"] <= ref
    if ended:
        items.append(("RoleEndDate", f"{w['end']}"))
        items += leaver_codes(w["reason"])
    if not ended or w["end"] == ref:
        items.append(("Cases30", str(w["cases"])))
    if w["nqsw"] == "Y":
        items.append(("CFKSSstatus", codes.ASYE))
    body = "".join(f"    <{k}>{escape(v)}</{k}>\n" for k, v in _in_schema_order(items))
    return f"  <CSWWWorker>\n{body}  </CSWWWorker>\n"


def _org_role(role: str, holding: str | None) -> str:
    if role == "SOCIAL_WORKER":
        return "6" if holding == "N" else "5"
    return codes.ROLE_CODE[role]


def _in_schema_order(items: list[tuple[str, str]]) -> list[tuple[str, str]]:
    order = {name: i for i, name in enumerate(WORKER_ELEMENTS)}
    return sorted(items, key=lambda kv: order[kv[0]])
