"""Children's placement spells read from the store, as arrays the models take.

A spell is one placement (ssd_cla_placement) in its model category. A spell starts a period of
care when no placement of the child ended on or after the day before it began; it ends one
(the child left care) when no placement of the child starts on the day it ended. A child is
UASC when the store holds an unaccompanied-asylum-seeker status for them (ssd_immigration_status,
UASC), as the DfE's "excluding UASC" figures treat a child who was ever unaccompanied.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import numpy as np
import numpy.typing as npt

from csc_insight.forecast import states

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

EPOCH = date(1970, 1, 1)


def day(d: date) -> float:
    """A date as days since 1970-01-01 (the models' clock)."""
    return float((d - EPOCH).days)


def from_day(x: float) -> date:
    return date.fromordinal(EPOCH.toordinal() + int(np.floor(x)))


@dataclass(frozen=True)
class Spells:
    """Placement spells, one row each; dates are days since 1970 (``end`` NaN while open).

    ``records_from`` and ``records_to`` are the days the store's records cover (from the first
    contact: an extract holds the children known in its window, so placements that ended
    before it are missing) — a reference window outside them would miss exits and entries."""

    child: IntArray
    group: IntArray
    dob: FloatArray
    start: FloatArray
    end: FloatArray
    cat: IntArray
    enters: BoolArray  # the spell starts a period of care
    leaves: BoolArray  # the spell's end is the end of a period of care
    next_cat: IntArray  # category of the next spell (-1 when the child left care or is open)
    records_from: float
    records_to: float

    def __len__(self) -> int:
        return len(self.child)

    def in_care(self, at: float) -> BoolArray:
        """Spells open at the end of day ``at`` (started on or before it, not ended by it)."""
        return (self.start <= at) & ~(self.end <= at)

    def stock(self, at: float) -> npt.NDArray[np.int64]:
        """Children in care at ``at`` by group, band and category (G, K, C)."""
        open_ = self.in_care(at) & (at - self.dob < states.AGE_OUT_YEARS * states.DAYS_PER_YEAR)
        band = states.band_of(at - self.dob[open_])
        shape = (len(states.GROUPS), len(states.BANDS), len(states.CATEGORIES))
        out = np.zeros(shape, dtype=np.int64)
        np.add.at(out, (self.group[open_], band, self.cat[open_]), 1)
        return out


_SPELLS_SQL = """
WITH p AS (
    SELECT clap_person_id AS person, clap_cla_placement_start_date AS s,
           clap_cla_placement_end_date AS e, clap_cla_placement_type AS t,
           clap_cla_placement_provider AS pr
    FROM ssd_cla_placement
), o AS (
    SELECT p.*,
           max(e) OVER (PARTITION BY person ORDER BY s
                        ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_end,
           lead(s) OVER (PARTITION BY person ORDER BY s) AS next_s,
           lead(t) OVER (PARTITION BY person ORDER BY s) AS next_t,
           lead(pr) OVER (PARTITION BY person ORDER BY s) AS next_pr
    FROM p
)
SELECT o.person, per.pers_dob, o.s, o.e, o.t, o.pr, o.prev_end, o.next_s, o.next_t, o.next_pr,
       EXISTS (SELECT 1 FROM ssd_immigration_status i
               WHERE i.immi_person_id = o.person AND i.immi_immigration_status = 'UASC') AS uasc
FROM o JOIN ssd_person per ON per.pers_person_id = o.person
WHERE per.pers_dob IS NOT NULL
ORDER BY o.person, o.s
"""

_RECORDS_SQL = """
SELECT coalesce((SELECT min(cont_contact_date) FROM ssd_contacts),
                (SELECT min(cine_referral_date) FROM ssd_cin_episodes)),
       greatest((SELECT max(cont_contact_date) FROM ssd_contacts),
                (SELECT max(clap_cla_placement_start_date) FROM ssd_cla_placement),
                (SELECT max(clap_cla_placement_end_date) FROM ssd_cla_placement))
"""


def read_spells(con: duckdb.DuckDBPyConnection) -> Spells:
    """Every placement spell of a child with a date of birth, from the store."""
    rows = con.execute(_SPELLS_SQL).fetchall()
    first, last = con.execute(_RECORDS_SQL).fetchone() or (None, None)
    return spells_from_rows(rows, first, last)


def _d(x: object) -> float:
    return day(x) if isinstance(x, date) else np.nan


def _s(x: object) -> str | None:
    return None if x is None else str(x)


def spells_from_rows(
    rows: list[tuple[object, ...]], first: date | None, last: date | None
) -> Spells:
    """Spells from the query's rows (person, dob, start, end, type, provider, previous end,
    next start, next type, next provider, uasc)."""
    ids: dict[object, int] = {}
    cols: list[list[float]] = [[] for _ in range(9)]
    for person, dob, s, e, t, pr, prev_end, next_s, next_t, next_pr, uasc in rows:
        start, end, prev, nxt = _d(s), _d(e), _d(prev_end), _d(next_s)
        enters = np.isnan(prev) or prev < start - 1
        leaves = not np.isnan(end) and (np.isnan(nxt) or nxt > end + 1)
        carries_on = not np.isnan(end) and not leaves
        nc = states.category(_s(next_t), _s(next_pr)) if carries_on else -1
        row = (
            float(ids.setdefault(person, len(ids))),
            float(bool(uasc)),
            _d(dob),
            start,
            end,
            float(states.category(_s(t), _s(pr))),
            float(enters),
            float(leaves),
            float(nc),
        )
        for col, value in zip(cols, row, strict=True):
            col.append(value)
    a = [np.asarray(c, dtype=float) for c in cols]
    starts = a[3]
    lo = day(first) if first else (float(np.min(starts)) if len(starts) else 0.0)
    hi = day(last) if last else (float(np.nanmax(a[4])) if len(starts) else 0.0)
    return Spells(
        child=a[0].astype(np.int64), group=a[1].astype(np.int64), dob=a[2], start=a[3],
        end=a[4], cat=a[5].astype(np.int64), enters=a[6].astype(bool), leaves=a[7].astype(bool),
        next_cat=a[8].astype(np.int64), records_from=lo, records_to=hi,
    )  # fmt: skip


def under18_population(con: duckdb.DuckDBPyConnection, year: int | None = None) -> int | None:
    """Children aged 0–17 in the store's population estimates (ext_population), for ``year``
    or the latest; both sexes (T rows, else M + F). None when the store has none."""
    row = con.execute(
        """
        SELECT pop_year, sum(pop_count) FILTER (WHERE pop_sex = 'T'),
               sum(pop_count) FILTER (WHERE pop_sex IN ('M', 'F'))
        FROM ext_population WHERE pop_age < 18 AND (? IS NULL OR pop_year = ?)
        GROUP BY pop_year ORDER BY pop_year DESC LIMIT 1
        """,
        [year, year],
    ).fetchone()
    if row is None:
        return None
    return int(row[1] if row[1] is not None else row[2] or 0) or None
