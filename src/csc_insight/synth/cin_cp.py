"""Children in need and child protection tables, from the referral journeys.

ssd_cin_episodes, ssd_cin_assessments, ssd_cin_plans, ssd_cin_visits, ssd_s47_enquiry,
ssd_initial_cp_conference, ssd_cp_plans, ssd_cp_reviews, ssd_cp_visits.
"""

from __future__ import annotations

import numpy as np

from csc_insight.synth import codes
from csc_insight.synth.allocation import Allocation
from csc_insight.synth.context import Ctx
from csc_insight.synth.sink import Emitter, Rows
from csc_insight.synth.vec import first_per_key, pick, renewal

Cols = dict[str, np.ndarray]

REF_JSON = ['{"outcome": "NFA"}', '{"outcome": "ASSESSMENT"}', '{"outcome": "S47"}']
S47_JSON = ['{"icpc_required": false}', '{"icpc_required": true}']
ICPC_JSON = ['{"cp_plan": false}', '{"cp_plan": true}']
_PAIRS = list(zip(codes.FACTORS, codes.FACTORS[3:] + codes.FACTORS[:3], strict=True))
ASM_JSON = ['{"nfa": true, "factors": []}'] + [
    f'{{"nfa": false, "factors": ["{a}", "{b}"]}}' for a, b in _PAIRS
]
#: No further action after a section 47 enquiry: the assessment still found the factors that
#: led to the enquiry (an assessment with none has no ground for one).
ASM_JSON_NFA = [f'{{"nfa": true, "factors": ["{a}", "{b}"]}}' for a, b in _PAIRS]


def _worker(rows: Rows, team_col: str, worker_col: str, w: np.ndarray, t: np.ndarray) -> None:
    rows.ident(team_col, "T", t + 1, 3, null=t < 0)
    rows.ident(worker_col, "W", w, 5, null=w < 0)


def _yn(flag: np.ndarray, null: np.ndarray | None = None) -> np.ndarray:
    out = np.where(flag, 0, 1)
    return out if null is None else np.where(null, -1, out)


def write(ctx: Ctx, em: Emitter, refs: Cols, alloc: Allocation) -> None:
    rng = ctx.rng("cin-cp-write")
    p_all, R_all = refs["person"], refs["R"]

    # referrals (CIN episodes)
    k = np.flatnonzero(ctx.keep(R_all, refs["close"]))
    p, R = p_all[k], R_all[k]
    open_ = ctx.is_open(refs["close"][k])
    w, t = alloc.at(p, R)
    rows = em.rows("ssd_cin_episodes", k.size)
    rows.record("cine_referral_id", p, R)
    rows.person("cine_person_id", p)
    rows.date("cine_referral_date", R)
    rows.code("cine_cin_primary_need_code", codes.NEED, refs["need"][k])
    rows.code("cine_referral_source_code", codes.SOURCE_CODES, refs["source"][k])
    rows.code("cine_referral_source_desc", codes.SOURCE_DESC, refs["source"][k])
    ref_out = np.where(refs["ref_nfa"][k], 0, np.where(refs["has_s47"][k], 2, 1))
    rows.code("cine_referral_outcome_json", REF_JSON, ref_out)
    rows.code("cine_referral_nfa", codes.YN, _yn(refs["ref_nfa"][k]))
    rows.code(
        "cine_close_reason", codes.CLOSE_REASONS, np.where(open_, -1, refs["close_reason"][k])
    )
    rows.date("cine_close_date", refs["close"][k], null=open_)
    _worker(rows, "cine_referral_team", "cine_referral_worker_id", w, t)
    em.write(rows)

    # assessments
    a_end = refs["asm_auth"]
    k = np.flatnonzero(refs["has_asm"] & ctx.keep(refs["asm_start"], a_end))
    p, s = p_all[k], refs["asm_start"][k]
    open_ = ctx.is_open(a_end[k])
    w, t = alloc.at(p, s)
    nfa = refs["asm_nfa"][k]
    rows = em.rows("ssd_cin_assessments", k.size)
    rows.record("cina_assessment_id", p, s)
    rows.person("cina_person_id", p)
    rows.record("cina_referral_id", p, R_all[k])
    rows.date("cina_assessment_start_date", s)
    rows.code("cina_assessment_child_seen", codes.YN, _yn(refs["asm_seen"][k]))
    rows.date("cina_assessment_auth_date", a_end[k], null=open_)
    factors = 1 + rng.integers(0, len(ASM_JSON) - 1, k.size)
    found = np.where(nfa, np.where(refs["has_s47"][k], len(ASM_JSON) - 1 + factors, 0), factors)
    rows.code("cina_assessment_outcome_json", ASM_JSON + ASM_JSON_NFA, np.where(open_, -1, found))
    rows.code("cina_assessment_outcome_nfa", codes.YN, _yn(nfa, open_))
    _worker(rows, "cina_assessment_team", "cina_assessment_worker_id", w, t)
    em.write(rows)

    _write_cin_plans(ctx, em, rng, refs, alloc)
    _write_s47_icpc(ctx, em, refs, alloc)
    _write_cp(ctx, em, rng, refs)


def _write_cin_plans(
    ctx: Ctx, em: Emitter, rng: np.random.Generator, refs: Cols, alloc: Allocation
) -> None:
    first = np.flatnonzero(refs["cin1"])
    post = np.flatnonzero(refs["post"])
    i = np.concatenate([first, post])
    s = np.concatenate([refs["s1_start"][first], refs["post_start"][post]])
    e = np.concatenate([refs["s1_end"][first], refs["post_end"][post]])
    p = refs["person"][i]
    ok = ctx.keep(s, e) & first_per_key(p, s)
    i, s, e, p = i[ok], s[ok], e[ok], p[ok]
    open_ = ctx.is_open(e)
    w, t = alloc.at(p, s)
    rows = em.rows("ssd_cin_plans", i.size)
    rows.record("cinp_cin_plan_id", p, s)
    rows.record("cinp_referral_id", p, refs["R"][i])
    rows.person("cinp_person_id", p)
    rows.date("cinp_cin_plan_start_date", s)
    rows.date("cinp_cin_plan_end_date", e, null=open_)
    _worker(rows, "cinp_cin_plan_team", "cinp_cin_plan_worker_id", w, t)
    em.write(rows)

    # visits about every four weeks while the plan lasts
    lo = np.maximum(s, ctx.w0 - 60)
    clipped = s < lo
    stop = np.minimum(e, ctx.w1)

    def first_gap(r: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
        return np.where(clipped, r.integers(1, 29, shape), r.integers(1, 11, shape))

    def gap(r: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
        u = r.random(shape)
        return np.where(
            u < 0.78,
            r.integers(10, 29, shape),
            np.where(u < 0.95, r.integers(29, 43, shape), r.integers(43, 76, shape)),
        )

    j, v = renewal(rng, lo, stop, first_gap, gap)
    vp = p[j]
    ok = ctx.keep(v, v) & first_per_key(vp, v)
    vp, v, j = vp[ok], v[ok], j[ok]
    _visit_rows(em, rng, "ssd_cin_visits", "cinv", vp, v, refs["dob"][i[j]])

    # plan reviews every 2-5 months, one in five later (own stream: the rest is unchanged)
    rr = ctx.rng("cin-plan-reviews")

    def review_gap(g: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
        return np.where(
            g.random(shape) < 0.8, g.integers(60, 150, shape), g.integers(150, 330, shape)
        )

    j, r = renewal(rr, s, stop, review_gap, review_gap)
    ok = first_per_key(p[j], r)
    j, r = j[ok], r[ok]
    rows = em.rows("ext_cin_plan_reviews", j.size)
    rows.record("cinr_cin_plan_review_id", p[j], r)
    rows.record("cinr_cin_plan_id", p[j], s[j])
    rows.person("cinr_person_id", p[j])
    rows.date("cinr_cin_plan_review_date", r)
    rows.code(
        "cinr_cin_plan_review_cancelled", codes.YN, (rr.random(j.size) >= 0.02).astype(np.int64)
    )
    em.write(rows)


def _visit_rows(
    em: Emitter,
    rng: np.random.Generator,
    table: str,
    pre: str,
    p: np.ndarray,
    v: np.ndarray,
    dob: np.ndarray,
    plan_start: np.ndarray | None = None,
) -> None:
    n = p.size
    kind = "cin" if pre == "cinv" else "cp"
    seen = rng.random(n) < 0.95
    alone = seen & ((v - dob) / 365.25 >= 4) & (rng.random(n) < 0.6)
    bedroom = seen & (rng.random(n) < 0.4)
    rows = em.rows(table, n)
    rows.record(f"{pre}_{kind}_visit_id", p, v)
    rows.person(f"{pre}_person_id", p)
    if plan_start is not None:
        rows.record("cppv_cp_plan_id", p, plan_start)
    rows.date(f"{pre}_{kind}_visit_date", v)
    rows.code(f"{pre}_{kind}_visit_seen", codes.YN, _yn(seen))
    rows.code(f"{pre}_{kind}_visit_seen_alone", codes.YN, _yn(alone))
    rows.code(f"{pre}_{kind}_visit_bedroom", codes.YN, _yn(bedroom))
    em.write(rows)


def _write_s47_icpc(ctx: Ctx, em: Emitter, refs: Cols, alloc: Allocation) -> None:
    p_all = refs["person"]
    # a conference (and so its enquiry) is kept while the plan it made is
    icpc_until = np.where(refs["icpc_cp"], refs["s1_end"], refs["icpc_date"])
    s47_until = np.where(refs["s47_icpc"], np.maximum(refs["s47_end"], icpc_until), refs["s47_end"])
    k = np.flatnonzero(refs["has_s47"] & ctx.keep(refs["s47_start"], s47_until))
    p, s = p_all[k], refs["s47_start"][k]
    end = refs["s47_end"][k]
    open_ = ctx.is_open(end)
    w, t = alloc.at(p, s)
    icpc = refs["s47_icpc"][k]
    rows = em.rows("ssd_s47_enquiry", k.size)
    rows.record("s47e_s47_enquiry_id", p, s)
    rows.record("s47e_referral_id", p, refs["R"][k])
    rows.person("s47e_person_id", p)
    rows.date("s47e_s47_start_date", s)
    rows.date("s47e_s47_end_date", end, null=open_)
    rows.code("s47e_s47_nfa", codes.YN, _yn(~icpc, open_))
    rows.code("s47e_s47_outcome_json", S47_JSON, np.where(open_, -1, icpc.astype(np.int64)))
    _worker(rows, "s47e_s47_completed_by_team", "s47e_s47_completed_by_worker_id", w, t)
    em.write(rows)

    k = np.flatnonzero(refs["has_icpc"] & ctx.keep(refs["icpc_date"], icpc_until))
    p, d = p_all[k], refs["icpc_date"][k]
    tin = refs["tin"][k]
    cp = refs["icpc_cp"][k]
    w, t = alloc.at(p, d)
    rows = em.rows("ssd_initial_cp_conference", k.size)
    rows.record("icpc_icpc_id", p, d)
    rows.record("icpc_icpc_meeting_id", p, d)
    rows.record("icpc_s47_enquiry_id", p, refs["s47_start"][k], null=tin)
    rows.person("icpc_person_id", p)
    rows.record("icpc_cp_plan_id", p, d, null=~cp)
    rows.record("icpc_referral_id", p, refs["R"][k])
    rows.code("icpc_icpc_transfer_in", codes.YN, _yn(tin))
    rows.date("icpc_icpc_target_date", refs["icpc_target"][k], null=tin)
    rows.date("icpc_icpc_date", d)
    rows.code("icpc_icpc_outcome_cp_flag", codes.YN, _yn(cp))
    rows.code("icpc_icpc_outcome_json", ICPC_JSON, cp.astype(np.int64))
    _worker(rows, "icpc_icpc_team", "icpc_icpc_worker_id", w, t)
    em.write(rows)


def _write_cp(ctx: Ctx, em: Emitter, rng: np.random.Generator, refs: Cols) -> None:
    cal = ctx.cal
    s_all, e_all = refs["s1_start"], refs["s1_end"]
    k = np.flatnonzero(refs["cp"] & ctx.keep(s_all, e_all))
    p, s, e = refs["person"][k], s_all[k], e_all[k]
    open_ = ctx.is_open(e)
    rows = em.rows("ssd_cp_plans", k.size)
    rows.record("cppl_cp_plan_id", p, s)
    rows.record("cppl_referral_id", p, refs["R"][k])
    rows.record("cppl_icpc_id", p, s)
    rows.person("cppl_person_id", p)
    rows.date("cppl_cp_plan_start_date", s)
    rows.date("cppl_cp_plan_end_date", e, null=open_)
    rows.const("cppl_cp_plan_ola", "N")
    rows.code("cppl_cp_plan_initial_category", codes.CP_CATEGORY, refs["cp_cat"][k])
    rows.code("cppl_cp_plan_latest_category", codes.CP_CATEGORY, refs["cp_cat_latest"][k])
    em.write(rows)

    # review conferences: 3 months after the plan starts, then every 6 months; the last of a
    # plan that ended by review decided to end it
    n_rev = refs["cp_n_rev"][k]
    due, date_ = refs["rev_due"][k], refs["rev_date"][k]
    kk = np.arange(due.shape[1])[None, :]
    by_review = refs["cp_by_review"][k][:, None]
    valid = (kk < n_rev[:, None]) & (
        (date_ < e[:, None]) | (by_review & (kk == n_rev[:, None] - 1))
    )
    valid &= (date_ >= ctx.w0) & (date_ <= ctx.w1)
    row, col = np.nonzero(valid)
    rp = p[row]
    ends_plan = by_review[row, 0] & (col == n_rev[row] - 1)
    m = row.size
    rows = em.rows("ssd_cp_reviews", m)
    rows.record("cppr_cp_review_id", rp, date_[row, col])
    rows.person("cppr_person_id", rp)
    rows.record("cppr_cp_plan_id", rp, s[row])
    rows.date("cppr_cp_review_due", due[row, col])
    rows.date("cppr_cp_review_date", date_[row, col])
    rows.record("cppr_cp_review_meeting_id", rp, date_[row, col])
    rows.code("cppr_cp_review_outcome_continue_cp", codes.YN, _yn(~ends_plan))
    rows.code("cppr_cp_review_quorate", codes.YN, _yn(rng.random(m) < 0.95))
    rows.code(
        "cppr_cp_review_participation",
        codes.PARTICIPATION,
        pick(rng, [5, 30, 25, 15, 10, 8, 4, 3], m),
    )
    em.write(rows)

    # visits at least every 10 working days (mostly), counted in working-day numbers
    lo = np.maximum(s, ctx.w0 - 60)
    clipped = s < lo
    wlo = cal.number(lo)
    whi = cal.number(np.minimum(e, ctx.w1))

    def first_gap(r: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
        return np.where(clipped, r.integers(1, 11, shape), r.integers(1, 6, shape))

    def gap(r: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
        u = r.random(shape)
        return np.where(
            u < 0.86,
            r.integers(3, 11, shape),
            np.where(u < 0.96, r.integers(11, 16, shape), r.integers(16, 31, shape)),
        )

    j, wv = renewal(rng, wlo, whi, first_gap, gap)
    v = cal.from_number(wv)
    vp = p[j]
    ok = ctx.keep(v, v) & first_per_key(vp, v) & (v >= s[j]) & (v <= e[j])
    j, v, vp = j[ok], v[ok], vp[ok]
    _visit_rows(em, rng, "ssd_cp_visits", "cppv", vp, v, refs["dob"][k][j], plan_start=s[j])
