"""Care leavers: young people looked after at 16 or over (13+ weeks since 14) who have left care,
with one status row per birthday from the 17th to the 21st (SSDA903 OC3)."""

from __future__ import annotations

import numpy as np

from csc_insight.synth import codes
from csc_insight.synth.allocation import PA_ROLE, Allocation
from csc_insight.synth.cla import Care
from csc_insight.synth.context import Ctx
from csc_insight.synth.sink import Emitter
from csc_insight.synth.vec import between, first_per_key, pick
from csc_insight.synth.workdays import add_years

Cols = dict[str, np.ndarray]

#: In-touch young people's activity: about two thirds in education, employment or training, so
#: that with those out of touch (no information) the EET share is near the seed's 57–63%.
ACTIVITY_IN_TOUCH = [9, 1, 25, 4, 20, 5, 2, 1, 7, 21, 5, 0]


def leavers(cla: Care) -> Cols:
    """One row per care leaver: the day they left their last qualifying period of care."""
    per = cla["per"]
    dob, s, e = per["dob"], per["start"], per["end"]
    after14 = e - np.maximum(s, add_years(dob, 14))
    ok = (e >= add_years(dob, 16)) & (after14 >= 91)
    p, dob, e = per["person"][ok], dob[ok], e[ok]
    order = np.lexsort((-e, p))
    p, dob, e = p[order], dob[order], e[order]
    last = first_per_key(p)
    return {"person": p[last], "dob": dob[last], "start": e[last]}


def write(ctx: Ctx, em: Emitter, lv: Cols, alloc: Allocation) -> None:
    rng = ctx.rng("care-leavers")
    parts = []
    for years in range(17, 22):
        b = add_years(lv["dob"], years)
        ok = (b >= lv["start"]) & (b >= ctx.w0) & (b <= ctx.w1)
        parts.append((np.flatnonzero(ok), b[ok], np.full(int(ok.sum()), years)))
    i = np.concatenate([x[0] for x in parts])
    b = np.concatenate([x[1] for x in parts])
    age = np.concatenate([x[2] for x in parts])
    p = lv["person"][i]
    n = p.size
    touch = pick(rng, codes.IN_TOUCH_WEIGHT, n)
    in_touch = touch == 0
    activity = np.where(in_touch, pick(rng, ACTIVITY_IN_TOUCH, n), codes.ACTIVITY.index("0"))
    suitable = rng.random(n) < 0.88
    letter = pick(rng, codes.ACCOM_WEIGHT, n)
    # No fixed abode (S) and custody (X) are never suitable: the 903 list has only S2 and X2.
    suitable &= ~np.isin(letter, [codes.ACCOM_LETTERS.index(x) for x in ("S", "X")])
    accom_labels = [f"{x}{k}" for x in codes.ACCOM_LETTERS for k in (1, 2)]
    accom = np.where(in_touch, letter * 2 + np.where(suitable, 0, 1), -1)
    worker, team = alloc.at(p, b, PA_ROLE)
    eligibility = np.where(age < 18, codes.ELIGIBILITY.index("Relevant"),
                           codes.ELIGIBILITY.index("Former relevant"))  # fmt: skip
    rows = em.rows("ssd_care_leavers", n)
    rows.record("clea_table_id", p, b)
    rows.person("clea_person_id", p)
    rows.code("clea_care_leaver_eligibility", codes.ELIGIBILITY, eligibility)
    rows.code("clea_care_leaver_in_touch", codes.IN_TOUCH, touch)
    rows.date("clea_care_leaver_latest_contact", b)
    rows.code("clea_care_leaver_accommodation", accom_labels, accom)
    rows.code("clea_care_leaver_accom_suitable", codes.YN,
              np.where(in_touch, np.where(suitable, 0, 1), -1))  # fmt: skip
    rows.code("clea_care_leaver_activity", codes.ACTIVITY, activity)
    review = np.maximum(b - between(rng, 0, 180, n), lv["start"][i])
    rows.date("clea_pathway_plan_review_date", review, null=~in_touch)
    rows.ident("clea_care_leaver_personal_advisor", "W", worker, 5, null=worker < 0)
    rows.ident("clea_care_leaver_allocated_team", "T", team + 1, 3, null=team < 0)
    rows.ident("clea_care_leaver_worker_id", "W", worker, 5, null=worker < 0)
    em.write(rows)
