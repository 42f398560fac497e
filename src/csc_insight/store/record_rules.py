"""Rules a load applies across records and tables, after the readers' own checks.

A reader knows its file: a bad code, a bad date, a duplicate key. Some faults show only when a
record is set beside others: an event dated after the day of the load, an end before its start,
care before the child's birth, two care episodes for one child at once. The records that break
these are held back like a reader's (docs/load-policy.md), and so is everything that belongs to a
held record: a child's records, a referral's assessments and plans, a CP plan's visits.

The rules are data: the tables below. Each names canonical fields (store/schema.yaml).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import duckdb

from csc_insight.errors import Problem
from csc_insight.store import schema

#: Dates that may rightly lie ahead of the load: due, target and expected dates, and the planned
#: end of a post or contract. Every other date is an event, which cannot have happened yet.
PLANNED_DATES = frozenset(
    {
        "pers_expected_dob",
        "icpc_icpc_target_date",
        "cppr_cp_review_due",
        "clar_cla_review_due_date",
        "cinr_cin_plan_review_due_date",
        "clea_pathway_plan_review_date",
        "immi_immigration_status_end_date",
        "wpost_end_date",
        "wstaf_end_date",
    }
)

#: (start, end) of each record with a span: the end cannot come before the start.
SPANS: dict[str, tuple[str, str]] = {
    "ssd_immigration_status": (
        "immi_immigration_status_start_date",
        "immi_immigration_status_end_date",
    ),
    "ssd_early_help_episodes": ("earl_episode_start_date", "earl_episode_end_date"),
    "ssd_cin_episodes": ("cine_referral_date", "cine_close_date"),
    "ssd_cin_assessments": ("cina_assessment_start_date", "cina_assessment_auth_date"),
    "ssd_cin_plans": ("cinp_cin_plan_start_date", "cinp_cin_plan_end_date"),
    "ssd_s47_enquiry": ("s47e_s47_start_date", "s47e_s47_end_date"),
    "ssd_cp_plans": ("cppl_cp_plan_start_date", "cppl_cp_plan_end_date"),
    "ssd_cla_episodes": ("clae_cla_episode_start_date", "clae_cla_episode_ceased_date"),
    "ssd_legal_status": ("lega_legal_status_start_date", "lega_legal_status_end_date"),
    "ssd_cla_placement": ("clap_cla_placement_start_date", "clap_cla_placement_end_date"),
    "ssd_missing": ("miss_missing_episode_start_date", "miss_missing_episode_end_date"),
    "ssd_involvements": ("invo_involvement_start_date", "invo_involvement_end_date"),
    "ext_care_proceedings": ("cpro_application_date", "cpro_concluded_date"),
    "ext_workforce_posts": ("wpost_start_date", "wpost_end_date"),
    "ext_workforce_staff": ("wstaf_start_date", "wstaf_end_date"),
}

#: Being looked after starts at birth at the earliest. (Referrals, enquiries and CP plans may
#: rightly come before birth: an unborn child can be referred and made subject to a plan.)
AFTER_BIRTH: dict[str, tuple[str, ...]] = {
    "ssd_cla_episodes": ("clae_cla_episode_start_date",),
    "ssd_legal_status": ("lega_legal_status_start_date",),
    "ssd_cla_placement": ("clap_cla_placement_start_date",),
    "ssd_cla_reviews": ("clar_cla_review_date",),
    "ssd_cla_visits": ("clav_cla_visit_date",),
    "ssd_missing": ("miss_missing_episode_start_date",),
}

#: A child is in one care episode, and on one CP plan, at a time.
NO_OVERLAP: dict[str, tuple[str, str]] = {
    "ssd_cla_episodes": SPANS["ssd_cla_episodes"],
    "ssd_cp_plans": SPANS["ssd_cp_plans"],
}

#: What belongs to what: a record whose parent is held back is held back too. Other references
#: (an episode naming its current placement, a conference naming the plan it led to, an
#: allocation naming its worker) do not make a record meaningless without the other, so they
#: are not followed.
NOT_FOLLOWED = frozenset(
    {"clae_cla_placement_id", "icpc_cp_plan_id", "cppl_icpc_id", "invo_professional_id"}
)


@dataclass(frozen=True)
class Edge:
    parent: str  # canonical table
    child: str  # canonical table
    field: str  # the child's field holding the parent's key


def references() -> list[Edge]:
    """Every link between tables, read from the schema's names: a field named like another
    table's key with that table's prefix changed (cina_referral_id -> cine_referral_id)."""
    tables = schema.tables()
    by_key = {t.key[0][5:]: t.name for t in tables.values() if len(t.key) == 1}
    out = []
    for t in tables.values():
        for f in t.fields:
            parent = by_key.get(f.name[5:])
            if not f.key and parent and parent != t.name:
                out.append(Edge(parent, t.name, f.name))
    return out


def edges() -> list[Edge]:
    """The belongs-to links: every reference but those in NOT_FOLLOWED."""
    return [e for e in references() if e.field not in NOT_FOLLOWED]


#: Where a held record was found: (file label, row or None) for a table and key value.
Locate = Callable[[str, str], tuple[str, int | None]]


def _person_field(table: str) -> str | None:
    for f in schema.table(table).fields:
        if f.name.endswith("_person_id"):
            return f.name
    return None


def check(
    con: duckdb.DuckDBPyConnection,
    staged: dict[str, list[str]],
    today: date,
    locate: Locate,
) -> list[Problem]:
    """Hold back the staged records that break a rule: returns one Problem per record, and
    deletes the records from the staged tables. ``staged``: canonical table -> temp tables."""
    found: list[Problem] = []
    _dates_of_birth(con, staged)
    # Faults of one record first, then overlaps among the records left: an episode whose end
    # was typed years ahead would otherwise take every later episode of the child with it.
    for phase in ("record", "overlap"):
        held: list[Problem] = []
        for table, temps in staged.items():
            t = schema.table(table)
            if len(t.key) != 1:
                continue
            for temp in temps:
                cols = _columns(con, temp)
                for rule, column, sql, reason in _queries(table, temp, t.key[0], cols, today):
                    if (rule == "overlap") != (phase == "overlap"):
                        continue
                    for record, value in con.execute(sql).fetchall():
                        file, row = locate(table, str(record))
                        held.append(
                            Problem(
                                file, row, column, reason, rule, _text(value), table, str(record)
                            )
                        )
        _delete(con, staged, held)
        found += held
    con.execute("DROP TABLE IF EXISTS _dob")
    return found


def _queries(
    table: str, temp: str, key: str, cols: set[str], today: date
) -> list[tuple[str, str, str, str]]:
    """(rule, column, SQL giving (key, value), reason) for each rule on one staged table."""
    out = []
    for f in schema.table(table).fields:
        if f.type == "DATE" and f.name in cols and f.name not in PLANNED_DATES:
            out.append(
                (
                    "date-future",
                    f.name,
                    f"SELECT {key}, {f.name} FROM {temp} WHERE {f.name} > DATE '{today}'",
                    f"dated after the day of the load ({today:%d/%m/%Y})",
                )
            )
    span = SPANS.get(table)
    if span and set(span) <= cols:
        start, end = span
        out.append(
            (
                "date-order",
                end,
                f"SELECT {key}, {end} FROM {temp} WHERE {end} < {start}",
                f"ends before it starts ({start})",
            )
        )
    person = _person_field(table)
    for when in AFTER_BIRTH.get(table, ()):
        if person and {when, person} <= cols:
            out.append(
                (
                    "date-before-birth",
                    when,
                    f"""SELECT s.{key}, s.{when} FROM {temp} s
                        JOIN _dob p ON p.pers_person_id = s.{person}
                        WHERE s.{when} < p.pers_dob""",
                    "before the child's date of birth",
                )
            )
    span = NO_OVERLAP.get(table)
    if span and person and {*span, person} <= cols:
        start, end = span
        out.append(
            (
                "overlap",
                start,
                f"""SELECT DISTINCT a.{key}, a.{start} FROM {temp} a JOIN {temp} b
                    ON a.{person} = b.{person} AND a.{key} <> b.{key}
                    AND a.{start} < coalesce(b.{end}, DATE '9999-12-31')
                    AND b.{start} < coalesce(a.{end}, DATE '9999-12-31')""",
                "at the same time as another of the child's "
                + ("care episodes" if table == "ssd_cla_episodes" else "CP plans"),
            )
        )
    return out


def _dates_of_birth(con: duckdb.DuckDBPyConnection, staged: dict[str, list[str]]) -> None:
    """``_dob``: the date of birth of each child the care tables of this load name, from the
    people staged with them, else from the store. Made once: a join per table with every
    person in a national store took a second each."""
    named = [
        f"SELECT {_person_field(table)} AS pid FROM {temp}"
        for table in AFTER_BIRTH
        for temp in staged.get(table, [])
        if _person_field(table) in _columns(con, temp)
    ]
    if not named:
        con.execute("CREATE OR REPLACE TEMP TABLE _dob (pers_person_id VARCHAR, pers_dob DATE)")
        return
    people = staged.get("ssd_person", [])
    mine = " UNION ALL ".join(f"SELECT pers_person_id, pers_dob FROM {t}" for t in people)
    from_staged = f"LEFT JOIN ({mine}) s ON s.pers_person_id = ids.pid" if mine else ""
    dob = (
        "CASE WHEN s.pers_person_id IS NOT NULL THEN s.pers_dob ELSE t.pers_dob END"
        if mine
        else "t.pers_dob"
    )
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE _dob AS
            WITH ids AS (SELECT DISTINCT pid FROM ({" UNION ALL ".join(named)}))
            SELECT ids.pid AS pers_person_id, {dob} AS pers_dob
            FROM ids {from_staged} LEFT JOIN ssd_person t ON t.pers_person_id = ids.pid"""
    )


def cascade(
    con: duckdb.DuckDBPyConnection,
    staged: dict[str, list[str]],
    held: list[Problem],
    locate: Locate,
) -> list[Problem]:
    """Hold back the staged records that belong to a held record, following the links until
    nothing more is held. A record held in one file but staged from another file of the load
    (a child faulty in one year's return and right in the next) holds nothing back."""
    links = edges()
    keys: dict[str, set[str]] = {}
    for p in held:
        if p.table and p.key:
            keys.setdefault(p.table, set()).add(p.key)
    for table, records in keys.items():
        records -= _staged_keys(con, staged, table, records)
    out: list[Problem] = []
    frontier = {t: set(k) for t, k in keys.items() if k}
    while frontier:
        found: list[Problem] = []
        for e in links:
            parents = frontier.get(e.parent)
            if not parents or e.child not in staged:
                continue
            child_key = schema.table(e.child).key[0]
            con.execute("CREATE OR REPLACE TEMP TABLE _held_keys (k VARCHAR)")
            con.executemany("INSERT INTO _held_keys VALUES (?)", [[k] for k in sorted(parents)])
            for temp in staged[e.child]:
                if e.field not in _columns(con, temp):
                    continue
                rows = con.execute(
                    f"SELECT {child_key}, {e.field} FROM {temp} "
                    f"WHERE {e.field} IN (SELECT k FROM _held_keys)"
                ).fetchall()
                for record, parent in rows:
                    file, row = locate(e.child, str(record))
                    found.append(
                        Problem(
                            file,
                            row,
                            e.field,
                            f"belongs to {_noun(e.parent)} {parent}, which is held back",
                            "depends",
                            str(parent),
                            e.child,
                            str(record),
                        )
                    )
        con.execute("DROP TABLE IF EXISTS _held_keys")
        _delete(con, staged, found)
        out += found
        frontier = {}
        for p in found:
            assert p.table and p.key
            if p.key not in keys.setdefault(p.table, set()):
                keys[p.table].add(p.key)
                frontier.setdefault(p.table, set()).add(p.key)
    return out


def _staged_keys(
    con: duckdb.DuckDBPyConnection, staged: dict[str, list[str]], table: str, records: set[str]
) -> set[str]:
    """Which of ``records`` are staged in ``table`` all the same (from another file)."""
    if not records or not staged.get(table):
        return set()
    key = schema.table(table).key[0]
    found: set[str] = set()
    for temp in staged[table]:
        found |= {
            str(r[0])
            for r in con.execute(
                f"SELECT {key} FROM {temp} WHERE {key} IN (SELECT unnest(?))", [sorted(records)]
            ).fetchall()
        }
    return found


def _noun(table: str) -> str:
    return {
        "ssd_person": "child",
        "ssd_cin_episodes": "referral",
        "ssd_s47_enquiry": "section 47 enquiry",
        "ssd_cp_plans": "CP plan",
        "ext_workforce_posts": "post",
    }.get(table, table)


def _delete(
    con: duckdb.DuckDBPyConnection, staged: dict[str, list[str]], held: list[Problem]
) -> None:
    by_table: dict[str, set[str]] = {}
    for p in held:
        if p.table and p.key:
            by_table.setdefault(p.table, set()).add(p.key)
    for table, records in by_table.items():
        key = schema.table(table).key[0]
        con.execute("CREATE OR REPLACE TEMP TABLE _held_keys (k VARCHAR)")
        con.executemany("INSERT INTO _held_keys VALUES (?)", [[k] for k in sorted(records)])
        for temp in staged.get(table, []):
            con.execute(f"DELETE FROM {temp} WHERE {key} IN (SELECT k FROM _held_keys)")
    con.execute("DROP TABLE IF EXISTS _held_keys")


def _columns(con: duckdb.DuckDBPyConnection, temp: str) -> set[str]:
    return {r[0] for r in con.execute(f"DESCRIBE {temp}").fetchall()}


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return str(value)
