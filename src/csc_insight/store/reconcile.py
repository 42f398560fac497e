"""One fact, one record: a return's record that the store holds under another id.

An SSD extract names a referral by the case system's id; the CIN census, Annex A and the
SSDA903 name it by the child and a date. Merged by id, the same referral would be stored twice
and counted twice. Each table that several sources describe names its natural key in
schema.yaml (the child and the day it started; for an allocation, the worker too). Before a
merging format is stored, a staged record whose natural key matches exactly one stored record
under another id takes that id: its values then update that record (a value it leaves empty
keeps the stored one), and the staged records that refer to it follow.

A match must be one to one: a natural key that two stored records share (or two staged records)
is left as it is, as there is no telling which is meant.
"""

from __future__ import annotations

import duckdb

from csc_insight.store import record_rules, schema


def reconcile(con: duckdb.DuckDBPyConnection, staged: dict[str, list[str]]) -> int:
    """Re-key the staged records the store already holds under another id; returns how many."""
    moved = 0
    links = record_rules.references()
    for table, temps in staged.items():
        t = schema.table(table)
        if not t.natural or len(t.key) != 1:
            continue
        key = t.key[0]
        for temp in temps:
            if not set(t.natural) <= _columns(con, temp):
                continue
            on = " AND ".join(f"s.{n} = t.{n}" for n in t.natural)
            con.execute(
                f"""CREATE OR REPLACE TEMP TABLE _same AS
                    SELECT s.{key} AS new_id, t.{key} AS old_id
                    FROM {temp} s JOIN {table} t ON {on}
                    QUALIFY count(*) OVER (PARTITION BY s.{key}) = 1
                        AND count(*) OVER (PARTITION BY t.{key}) = 1"""
            )
            # Already the same id, or an id the staged records use themselves: left alone.
            con.execute(
                f"DELETE FROM _same WHERE new_id = old_id OR old_id IN (SELECT {key} FROM {temp})"
            )
            n = int(con.execute("SELECT count(*) FROM _same").fetchall()[0][0])
            if not n:
                continue
            moved += n
            con.execute(
                f"UPDATE {temp} SET {key} = m.old_id FROM _same m WHERE {temp}.{key} = m.new_id"
            )
            for e in links:
                if e.parent != table:
                    continue
                for other in staged.get(e.child, []):
                    if e.field in _columns(con, other):
                        con.execute(
                            f"UPDATE {other} SET {e.field} = m.old_id FROM _same m "
                            f"WHERE {other}.{e.field} = m.new_id"
                        )
    con.execute("DROP TABLE IF EXISTS _same")
    return moved


def _columns(con: duckdb.DuckDBPyConnection, temp: str) -> set[str]:
    return {r[0] for r in con.execute(f"DESCRIBE {temp}").fetchall()}
