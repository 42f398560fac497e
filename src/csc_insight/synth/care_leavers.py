"""Care leavers: young people looked after at 16 or over (13+ weeks since 14) who have left care,
with one status row per birthday from the 17th to the 21st (SSDA903 OC3), and the appeal rights
exhausted (ARE) immigration status of some who came as unaccompanied asylum-seeking children."""

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
    uasc = per["uasc"][ok][order]
    return {"person": p[last], "dob": dob[last], "start": e[last], "uasc": uasc[last]}


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
    _write_appeal_rights_exhausted(ctx, em, lv)


#: Share of the care leavers who were unaccompanied asylum-seeking children in care at 18 whose
#: asylum claim is refused and whose appeal rights are exhausted (ARE) before 20: about 60 of a
#: London borough's care leavers at a time (seed 003, CFE SAV06: 60 at 31 October 2020).
ARE_SHARE = 0.115
#: Share of ARE statuses that end (leave granted on a fresh claim, or the young person leaves);
#: the rest stay open.
ARE_ENDED = 0.3


def _write_appeal_rights_exhausted(ctx: Ctx, em: Emitter, lv: Cols) -> None:
    """Appeal rights exhausted (ARE) in the immigration status table, for some formerly UASC care
    leavers in care at 18 who turn 21 in the window or after it (so that the extract holds a
    care-leaver record of theirs, made on a birthday from the 18th to the 21st): from between
    their 18th and 20th birthdays, mostly with no end; some end 6 months to 4 years later. Own
    stream: the rest is unchanged."""
    rng = ctx.rng("appeal-rights-exhausted")
    n = lv["person"].size
    b18 = add_years(lv["dob"], 18)
    are = lv["uasc"] & (lv["start"] >= b18) & (add_years(lv["dob"], 21) >= ctx.w0)
    are &= rng.random(n) < ARE_SHARE
    start = b18 + between(rng, 0, 730, n)
    ended = rng.random(n) < ARE_ENDED
    end = np.where(ended, start + between(rng, 183, 4 * 365, n), ctx.w1 + 1)
    keep = are & ctx.keep(start, end)
    p, start, end = lv["person"][keep], start[keep], end[keep]
    rows = em.rows("ssd_immigration_status", p.size)
    rows.sql("immi_immigration_status_id", f"printf('{em.prefix}P%07d-ARE', {{p}})", p=p)
    rows.person("immi_person_id", p)
    rows.date("immi_immigration_status_start_date", start)
    rows.date("immi_immigration_status_end_date", end, null=ctx.is_open(end))
    rows.const("immi_immigration_status", "ARE")
    em.write(rows)
