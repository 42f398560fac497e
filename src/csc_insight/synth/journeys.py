"""Referral journeys: referral → assessment → section 47 → conference → CP/CIN plan → care.

A branching process over generations: each referral's journey is drawn for all referrals of a
generation at once (vectorised), and the closures of one generation seed the next (re-referrals,
step-downs to early help and step-ups back). A child never has two referrals open at once.
"""

from __future__ import annotations

import numpy as np

from csc_insight.synth import cla, codes, early_help
from csc_insight.synth.context import Ctx
from csc_insight.synth.people import People
from csc_insight.synth.vec import between, lognormal_days, pick
from csc_insight.synth.workdays import add_months, add_years

Cols = dict[str, np.ndarray]

# Arrival kinds.
NEW, UASC, TRANSFER_IN, STEP_UP, REPEAT = 0, 1, 2, 3, 4

# Yearly arrivals at borough size (scaled by Ctx.scale).
NEW_REFERRALS = 2650.0
UASC_ARRIVALS = 112.0
TRANSFER_INS = 14.0

# Journey probabilities (calibrated against the 2020/21 seed; see tests/synth).
P_REF_NFA = 0.085  # referral closed with no further action, no assessment
P_ASM_ON_TIME = 0.78  # assessment authorised within 45 working days
P_S47 = 0.245
P_S47_PRIOR_CP = 0.55
P_ICPC = 0.42  # section 47 enquiries that go to conference
P_ICPC_PRIOR_CP = 0.7
P_ICPC_ON_TIME = 0.71  # within 15 working days of the strategy discussion
P_ICPC_CP = 0.88
P_ASM_NFA = 0.53  # assessments (without s47) that find no need for social care
P_CIN_PLAN = 0.6  # assessments that find needs and lead to a CIN plan
P_DIRECT_CLA = 0.027  # referrals where the child comes straight into care
P_CP_TO_CLA = 0.14
P_CIN_TO_CLA = 0.03
P_CP_STEP_DOWN = 0.6  # CP plans followed by a CIN plan
P_HOME_CIN = 0.45  # children returned home from care followed by a CIN plan
P_REPEAT = 0.55  # closures followed by another referral some time later
P_REPEAT_PRIOR_CP = 0.65
#: Reviews a CP plan lasts (1 = ends at the first review, 3 months in; then 6-monthly).
CP_REVIEWS = [0.22, 0.36, 0.23, 0.1, 0.05, 0.03, 0.01]


def _need(rng: np.random.Generator, n: int, disabled: np.ndarray, uasc: np.ndarray) -> np.ndarray:
    need = pick(rng, codes.NEED_WEIGHT, n)
    need = np.where(disabled & (rng.random(n) < 0.6), codes.NEED.index("N2"), need)
    return np.where(uasc, codes.NEED.index("N8"), need)


def _source(rng: np.random.Generator, n: int, kind: np.ndarray) -> np.ndarray:
    src = pick(rng, codes.SOURCE_WEIGHT, n)
    idx = codes.SOURCE_CODES.index
    uasc_src = np.array([idx("6"), idx("5C"), idx("8")])[pick(rng, [5, 3, 2], n)]
    src = np.where(kind == UASC, uasc_src, src)
    src = np.where(kind == STEP_UP, idx("5B"), src)
    return np.where(kind == TRANSFER_IN, idx("5D"), src)


def _generation(ctx: Ctx, rng: np.random.Generator, people: People, pend: Cols) -> Cols:
    """Draw the whole journey of every referral in ``pend``."""
    cal = ctx.cal
    p, R, kind, prior = pend["person"], pend["R"], pend["kind"], pend["prior_cp"]
    n = p.size

    def u() -> np.ndarray:
        return rng.random(n)

    dob = people.dob[p]
    b18 = add_years(dob, 18)
    disabled = people.disabled[p]
    uasc = kind == UASC
    tin = kind == TRANSFER_IN
    normal = ~uasc & ~tin
    j: Cols = {"person": p, "R": R, "kind": kind, "prior_cp": prior, "dob": dob}
    j["need"] = _need(rng, n, disabled, uasc)
    j["source"] = _source(rng, n, kind)

    # referral and assessment
    ref_nfa = normal & (u() < P_REF_NFA)
    has_asm = ~ref_nfa
    lag = np.where(
        u() < 0.55, 0, np.where(u() < 0.8, between(rng, 1, 3, n), between(rng, 4, 10, n))
    )
    asm_start = cal.add(R, lag)
    on_time = u() < P_ASM_ON_TIME
    # On time counts from the referral (AMT 2's default clock), so the lag before the assessment
    # started is part of the 45 working days.
    dur = np.where(
        on_time,
        np.clip(lognormal_days(rng, 30, 0.35, n), 5, 45 - lag),
        46 + lognormal_days(rng, 14, 0.8, n),
    )
    asm_auth = cal.add(asm_start, dur)

    # section 47 and the initial child protection conference
    p_s47 = np.where(prior > 0, P_S47_PRIOR_CP, P_S47) * ctx.effect("s47", R)
    has_s47 = normal & has_asm & (u() < p_s47)
    s47_start = cal.add(
        R,
        np.where(u() < 0.5, 0, np.where(u() < 0.8, between(rng, 1, 5, n), between(rng, 6, 20, n))),
    )
    p_icpc = np.where(prior > 0, P_ICPC_PRIOR_CP, P_ICPC) * ctx.effect("cp_plans", s47_start)
    s47_icpc = has_s47 & (u() < p_icpc)
    k = np.where(u() < P_ICPC_ON_TIME, between(rng, 6, 15, n), between(rng, 16, 40, n))
    icpc_date = np.where(tin, cal.add(R, between(rng, 3, 15, n)), cal.add(s47_start, k))
    has_icpc = (s47_icpc | tin) & (icpc_date < b18 - 7)
    s47_icpc &= has_icpc
    icpc_cp = has_icpc & (tin | (u() < np.where(prior > 0, 0.93, P_ICPC_CP)))
    s47_end = np.where(
        s47_icpc,
        np.minimum(cal.add(s47_start, between(rng, 5, 15, n)), icpc_date),
        cal.add(s47_start, between(rng, 5, 20, n)),
    )
    j.update(
        ref_nfa=ref_nfa, has_asm=has_asm, asm_start=asm_start, asm_auth=asm_auth,
        asm_seen=u() < 0.96, has_s47=has_s47, s47_start=s47_start, s47_end=s47_end,
        s47_icpc=s47_icpc, has_icpc=has_icpc, icpc_date=icpc_date,
        icpc_target=cal.add(s47_start, 15), icpc_cp=icpc_cp, tin=tin,
    )  # fmt: skip

    # straight into care
    direct = (
        normal
        & has_asm
        & ~has_icpc
        & (u() < P_DIRECT_CLA * ctx.effect("cla_entries", R))
        & (b18 - 60 > R)
    )
    direct_start = R + np.where(u() < 0.4, 0, between(rng, 1, 40, n))

    # what the assessment found
    cp = icpc_cp
    asm_nfa = (
        has_asm
        & ~cp
        & ~direct
        & normal
        & np.where(has_s47, ~has_icpc & (u() < 0.4), u() < P_ASM_NFA)
    )
    p_plan = np.where(has_icpc, 1.0, np.where(has_s47, 0.85, P_CIN_PLAN))
    cin1 = has_asm & ~asm_nfa & ~cp & ~direct & normal & (u() < p_plan)
    s1_start = np.where(cp | has_icpc, icpc_date, asm_auth)
    cin1 &= s1_start < b18 - 14

    # child protection plan: ends at a review conference, or early on entry to care or a move
    n_rev = pick(rng, CP_REVIEWS, n) + 1
    rev_due = np.zeros((n, len(CP_REVIEWS)), dtype=np.int64)
    rev_date = np.zeros_like(rev_due)
    last = s1_start
    for i in range(len(CP_REVIEWS)):
        due = add_months(last, 3 if i == 0 else 6)
        late = u() < 0.06
        date_ = np.where(late, due + between(rng, 1, 25, n), due - between(rng, 0, 10, n))
        rev_due[:, i], rev_date[:, i] = due, np.maximum(date_, last + 1)
        last = rev_date[:, i]
    planned_end = rev_date[np.arange(n), n_rev - 1]
    cp_to_cla = cp & (u() < P_CP_TO_CLA * ctx.effect("cla_entries", planned_end))
    cp_moved = cp & ~cp_to_cla & (u() < 0.04)
    early = cp_to_cla | cp_moved
    early_end = s1_start + 14 + (u() * np.maximum(planned_end - s1_start - 14, 1)).astype(np.int64)
    cp_end = np.where(early, early_end, planned_end)
    cp_at_18 = cp & (cp_end >= b18)
    cp_end = np.minimum(cp_end, b18)
    cp_to_cla &= ~cp_at_18
    cp_moved &= ~cp_at_18
    cat = pick(rng, codes.CP_CATEGORY_WEIGHT, n)
    j.update(
        cp=cp, cp_to_cla=cp_to_cla, cp_moved=cp_moved, cp_by_review=cp & ~early & ~cp_at_18,
        cp_n_rev=n_rev, rev_due=rev_due, rev_date=rev_date, cp_cat=cat,
        cp_cat_latest=np.where(u() < 0.1, pick(rng, codes.CP_CATEGORY_WEIGHT, n), cat),
    )  # fmt: skip

    # child in need plan
    cin_dur = np.where(
        disabled, lognormal_days(rng, 330, 0.7, n), lognormal_days(rng, 118, 0.75, n)
    )
    cin1_end = np.minimum(s1_start + np.clip(cin_dur, 28, 1500), b18)
    cin_to_cla = (
        cin1 & (u() < P_CIN_TO_CLA * ctx.effect("cla_entries", cin1_end)) & (cin1_end < b18)
    )
    s1_end = np.where(cp, cp_end, cin1_end)
    j.update(cin1=cin1, s1_start=s1_start, s1_end=s1_end)

    # looked after
    has_cla = direct | uasc | cp_to_cla | cin_to_cla
    cla_start = np.where(uasc, R, np.where(direct, direct_start, s1_end))
    has_cla &= cla_start < b18 - 14
    cla_end, rec, path = cla.period_outcome(ctx, rng, cla_start, dob, uasc)
    j.update(has_cla=has_cla, cla_start=cla_start, cla_end=cla_end, cla_rec=rec, cla_path=path)

    # a CIN plan after a CP plan or after going home from care
    after_cp = cp & ~cp_to_cla & ~cp_moved & ~cp_at_18 & (u() < P_CP_STEP_DOWN)
    after_cla = has_cla & (path == cla.HOME) & (u() < P_HOME_CIN)
    post = (after_cp | after_cla) & normal
    post_start = np.where(after_cla, cla_end, cp_end)
    post &= post_start < b18 - 14
    post_end = np.minimum(post_start + np.clip(lognormal_days(rng, 110, 0.6, n), 28, 900), b18)
    j.update(post=post, post_start=post_start, post_end=post_end)

    # closure of the referral
    close = np.full(n, 0, dtype=np.int64)
    reason = np.full(n, codes.RC["RC7"], dtype=np.int64)
    to_eh = u()
    # assessed, no further action (or needs met elsewhere)
    no_stage = has_asm & ~cp & ~cin1 & ~has_cla
    close = np.where(no_stage, asm_auth + between(rng, 0, 5, n), close)
    reason = np.where(
        no_stage,
        np.where(
            asm_nfa,
            np.where(to_eh < 0.25, codes.RC["RC9"], codes.RC["RC8"]),
            np.where(to_eh < 0.3, codes.RC["RC9"], codes.RC["RC7"]),
        ),
        reason,
    )
    # a plan that ended without care or a later plan
    s1_only = (cp | cin1) & ~has_cla & ~post
    close = np.where(s1_only, s1_end + between(rng, 0, 14, n), close)
    reason = np.where(
        s1_only & cin1 & (to_eh < 0.15), codes.RC["RC9"], np.where(s1_only, codes.RC["RC7"], reason)
    )
    reason = np.where(s1_only & cp_moved, codes.RC["RC5"], reason)
    # care ended the referral
    cla_last = has_cla & ~post
    close = np.where(cla_last, cla_end, close)
    reason = np.where(cla_last, cla.CLOSE_REASON[rec], reason)
    # after a step-down CIN plan
    close = np.where(post, post_end + between(rng, 0, 10, n), close)
    reason = np.where(post, np.where(to_eh < 0.15, codes.RC["RC9"], codes.RC["RC7"]), reason)
    # the referral with no further action closes on the day
    close = np.where(ref_nfa, R, close)
    reason = np.where(ref_nfa, codes.RC["RC8"], reason)
    # the assessment and enquiry finish before the case can close; nothing runs past 18
    close = np.maximum(close, np.where(has_asm, asm_auth, R))
    close = np.maximum(close, np.where(has_s47, s47_end, R))
    close = np.minimum(close, b18)
    j["asm_auth"] = np.minimum(asm_auth, close)
    j["s47_end"] = np.minimum(s47_end, close)
    # 'Case closed after assessment' (RC8 no further action, RC9 referred to early help) cannot
    # close a case with a section 47 enquiry, a conference or a plan (DfE CIN rule 2990): such a
    # case closes as no longer in need (RC7), still stepping down to early help where it would.
    after_assessment = np.isin(reason, [codes.RC["RC8"], codes.RC["RC9"]])
    activity = has_s47 | has_icpc | cp | cin1 | post
    recorded = np.where(after_assessment & activity, codes.RC["RC7"], reason)
    j.update(
        close=close, close_reason=recorded, to_eh=reason == codes.RC["RC9"], asm_nfa=asm_nfa,
        direct=direct,
    )  # fmt: skip
    return j


def _follow_ups(ctx: Ctx, rng: np.random.Generator, j: Cols) -> tuple[Cols, tuple[np.ndarray, ...]]:
    """Re-referrals and step-downs to early help that follow the closures of a generation."""
    n = j["person"].size
    close, reason, dob = j["close"], j["close_reason"], j["dob"]
    b18 = add_years(dob, 18)
    prior = j["prior_cp"] + j["cp"].astype(np.int64)
    # step down to early help
    eh = j["to_eh"] & (close < b18 - 60) & (close < ctx.w1)
    eh_start = close + between(rng, 1, 10, n)
    # re-referral, some soon after, some years later
    gap = np.where(
        rng.random(n) < 0.7,
        rng.exponential(90, n).astype(np.int64),
        between(rng, 200, 1500, n),
    )
    nxt = ctx.cal.on_or_after(close + 1 + gap)
    can = (np.isin(reason, [codes.RC["RC7"], codes.RC["RC8"]]) & ~j["to_eh"]) | (
        np.isin(reason, [codes.RC["RC3"], codes.RC["RC4"]]) & (rng.random(n) < 0.3)
    )
    p_rep = np.where(prior > 0, P_REPEAT_PRIOR_CP, P_REPEAT) * ctx.effect("referrals", nxt)
    rep = can & ~eh & (rng.random(n) < p_rep) & (nxt < b18 - 30) & (nxt <= ctx.w1)
    pend = {
        "person": j["person"][rep],
        "R": nxt[rep],
        "kind": np.full(int(rep.sum()), REPEAT),
        "prior_cp": prior[rep],
    }
    return pend, (j["person"][eh], eh_start[eh], dob[eh], prior[eh])


def _concat(parts: list[Cols]) -> Cols:
    keys = parts[0].keys()
    return {k: np.concatenate([p[k] for p in parts]) for k in keys}


def _step_ups(eh: Cols) -> Cols:
    s = eh["step_up"]
    return {
        "person": eh["person"][s],
        "R": eh["step_up_day"][s],
        "kind": np.full(int(s.sum()), STEP_UP),
        "prior_cp": eh["prior_cp"][s],
    }


def simulate(ctx: Ctx, people: People, eh_contacts: Cols) -> tuple[Cols, Cols]:
    """All referral journeys and early help episodes from the start of the burn-in to the end."""
    rng = ctx.rng("journeys")
    eh_rng = ctx.rng("early-help")
    # first referrals of children new to the service, unaccompanied children, transfers in
    new_days = ctx.arrivals(rng, NEW_REFERRALS, ctx.t0, ctx.w1, "referrals", working_only=True)
    uasc_days = ctx.arrivals(rng, UASC_ARRIVALS, ctx.t0, ctx.w1, "uasc_arrivals", seasonal=False)
    keep = rng.random(uasc_days.size) < ctx.uasc_factor(uasc_days)
    uasc_days = ctx.cal.on_or_after(uasc_days[keep])
    tin_days = ctx.arrivals(rng, TRANSFER_INS, ctx.t0, ctx.w1, working_only=True)
    arrivals = []
    for days, kind in ((new_days, NEW), (uasc_days, UASC), (tin_days, TRANSFER_IN)):
        who = people.new(days, "uasc" if kind == UASC else "child")
        ok = days < add_years(people.dob[who], 18) - 30
        arrivals.append(
            {
                "person": who[ok],
                "R": days[ok],
                "kind": np.full(int(ok.sum()), kind),
                "prior_cp": np.zeros(int(ok.sum()), dtype=np.int64),
            }
        )
    # early help from contacts: their step-ups are referrals too
    eh_parts = [
        early_help.episodes(
            ctx, eh_rng, eh_contacts["person"], eh_contacts["eh_start"],
            people.dob[eh_contacts["person"]],
        )
    ]  # fmt: skip
    eh_parts[0]["prior_cp"] = np.zeros(eh_contacts["person"].size, dtype=np.int64)
    arrivals.append(_step_ups(eh_parts[0]))
    pend = _concat(arrivals)
    parts: list[Cols] = []
    while pend["person"].size:
        j = _generation(ctx, rng, people, pend)
        parts.append(j)
        pend, (eh_p, eh_s, eh_dob, eh_prior) = _follow_ups(ctx, rng, j)
        if eh_p.size:
            eh = early_help.episodes(ctx, eh_rng, eh_p, eh_s, eh_dob)
            eh["prior_cp"] = eh_prior
            eh_parts.append(eh)
            pend = _concat([pend, _step_ups(eh)])
    refs = _concat(parts)
    order = np.lexsort((refs["R"], refs["person"]))
    refs = {k: v[order] for k, v in refs.items()}
    return refs, _concat(eh_parts)
