"""Who held each case: allocations (ssd_involvements), case supervision and case audits.

A case moves between services with the child's stage (Assessment while the referral is
assessed; Social Work with Families, Adolescents or Children with Disabilities for CIN and CP
plans; Children in Care while looked after; Leaving Care for care leavers; Early Help). Within
a stage the worker changes now and then, and always when the worker leaves.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from csc_insight.synth import workforce as wfm
from csc_insight.synth.context import Ctx
from csc_insight.synth.sink import Emitter
from csc_insight.synth.vec import first_per_key, next_in_group, pick, renewal
from csc_insight.synth.workdays import add_years

Cols = dict[str, np.ndarray]

ROLE = ["SW", "PA", "EHW"]
SW_ROLE, PA_ROLE, EHW_ROLE = range(3)
CHANGE_REASON = ["MANAGE", "LEFTROLE", "ENDCONTRACT"]
#: Mean days between worker changes within a stage, by service.
CHANGE_EVERY = [0, 400, 330, 1500, 650, 550, 330, 500]
#: Allocation weight of a worker in the ASYE year (they carry protected caseloads).
ASYE_WEIGHT = 0.7
#: New starters build a caseload from new allocations: they are offered more of them at first
#: (up to this many times the usual share, fading over RAMP_DAYS).
NEW_STARTER_BOOST = 4.0
RAMP_DAYS = 120
_BIG = 1 << 40


def _stage_service(
    rng: np.random.Generator, age: np.ndarray, disabled: np.ndarray, default: int, cwd_p: float
) -> np.ndarray:
    n = age.size
    out = np.full(n, default)
    if default == wfm.SWWF:
        out = np.where((age >= 13) & (rng.random(n) < 0.45), wfm.ADOLESCENTS, out)
    return np.where(disabled & (rng.random(n) < cwd_p), wfm.CWD, out)


def segments(ctx: Ctx, refs: Cols, disabled: np.ndarray, leavers: Cols, eh: Cols) -> Cols:
    """Stage segments [start, end) of every case, with the service that holds it."""
    rng = ctx.rng("segments")
    n = refs["person"].size
    ri = np.arange(n)
    dis = disabled[refs["person"]]
    dob = refs["dob"]
    s1 = refs["cp"] | refs["cin1"]
    slots = [
        (ri, refs["R"], np.where(refs["kind"] == 1, wfm.CIC, wfm.ASSESSMENT), np.ones(n, bool)),
        (ri, refs["s1_start"], None, s1),
        (ri, refs["cla_start"], wfm.CIC, refs["has_cla"]),
        (ri, refs["post_start"], None, refs["post"]),
    ]
    idx, start, service = [], [], []
    for i, (r, s, svc, ok) in enumerate(slots):
        r, s = r[ok], s[ok]
        if svc is None:
            svc = _stage_service(rng, (s - dob[r]) / 365.25, dis[r], wfm.SWWF, 0.7)
        elif i == 2:
            svc = np.where(dis[r] & (rng.random(r.size) < 0.5), wfm.CWD, svc)
        else:
            svc = np.asarray(svc)[ok] if np.ndim(svc) else np.full(r.size, svc)
        idx.append(r)
        start.append(s)
        service.append(svc)
    r = np.concatenate(idx)
    s = np.concatenate(start)
    svc = np.concatenate(service)
    order = np.lexsort((s, r))
    r, s, svc = r[order], s[order], svc[order]
    e = next_in_group(r, s, -1)
    e = np.where(e < 0, refs["close"][r] + 1, e)
    ok = e > s
    r, s, e, svc = r[ok], s[ok], e[ok], svc[ok]
    case = {
        "person": refs["person"][r],
        "R": refs["R"][r],
        "start": s,
        "end": e,
        "service": svc,
        "role": np.full(r.size, SW_ROLE),
    }
    lc = {
        "person": leavers["person"],
        "R": np.full(leavers["person"].size, -1),
        "start": leavers["start"],
        "end": leavers["until"],
        "service": np.full(leavers["person"].size, wfm.LEAVING_CARE),
        "role": np.full(leavers["person"].size, PA_ROLE),
    }
    ehs = {
        "person": eh["person"],
        "R": np.full(eh["person"].size, -1),
        "start": eh["start"],
        "end": eh["end"] + 1,
        "service": np.full(eh["person"].size, wfm.EARLY_HELP),
        "role": np.full(eh["person"].size, EHW_ROLE),
        "eh": np.arange(eh["person"].size),
    }
    case["eh"] = np.full(case["person"].size, -1)
    lc["eh"] = np.full(lc["person"].size, -1)
    out = {k: np.concatenate([case[k], lc[k], ehs[k]]) for k in case}
    # only what is open during (or shortly before) the window needs a worker
    live = (out["end"] > ctx.w0 - 400) & (out["start"] <= ctx.w1)
    return {k: v[live] for k, v in out.items()}


def cases_per_service(ctx: Ctx, seg: Cols) -> np.ndarray:
    """Average cases open per service over the window (sampled weekly)."""
    days = np.arange(ctx.w0, ctx.w1 + 1, 7)
    out = np.zeros(len(wfm.SERVICES))
    for s in range(len(wfm.SERVICES)):
        m = seg["service"] == s
        st, en = np.sort(seg["start"][m]), np.sort(seg["end"][m])
        open_ = np.searchsorted(st, days, side="right") - np.searchsorted(en, days, side="right")
        out[s] = open_.mean() if days.size else 0
    return out


def _pieces(ctx: Ctx, seg: Cols) -> Cols:
    """Split stage segments where the worker changes (a management decision, now and then)."""
    rng = ctx.rng("pieces")
    # a renewal process in thousandths of each segment's mean gap, so one call serves all
    mean = np.maximum(np.asarray(CHANGE_EVERY, dtype=float)[seg["service"]], 1)

    def gap(r: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
        return 1 + (r.exponential(1000.0, shape)).astype(np.int64)

    length = (seg["end"] - seg["start"] - 1) * 1000 / mean
    i, t = renewal(rng, np.zeros(length.size, dtype=np.int64), length.astype(np.int64), gap, gap)
    cut = seg["start"][i] + (t * mean[i] / 1000).astype(np.int64)
    n = seg["start"].size
    si = np.concatenate([np.arange(n), i])
    st = np.concatenate([seg["start"], cut])
    first = np.concatenate([np.ones(n, bool), np.zeros(i.size, bool)])
    ok = first_per_key(si, st) & (st < seg["end"][si])
    si, st, first = si[ok], st[ok], first[ok]
    order = np.lexsort((st, si))
    si, st, first = si[order], st[order], first[order]
    en = next_in_group(si, st, -1)
    en = np.where(en < 0, seg["end"][si], en)
    # the first allocation of a child's case has no change reason; a move between stages is a
    # management decision, as is a change within a stage
    prev_person_end = np.r_[-1, en[:-1]]
    same_person = np.r_[False, seg["person"][si][1:] == seg["person"][si][:-1]]
    new_case = first & ~(same_person & (prev_person_end == st))
    reason = np.where(new_case, -1, 0)
    return {
        "seg": si,
        "person": seg["person"][si],
        "R": seg["R"][si],
        "service": seg["service"][si],
        "role": seg["role"][si],
        "eh": seg["eh"][si],
        "start": st,
        "end": en,
        "reason": reason,
    }


@dataclass
class Allocation:
    person: np.ndarray
    R: np.ndarray
    service: np.ndarray
    role: np.ndarray
    eh: np.ndarray
    start: np.ndarray
    end: np.ndarray  # exclusive
    reason: np.ndarray
    worker: np.ndarray  # staff number (= professional number)
    team: np.ndarray

    def __post_init__(self) -> None:
        self._index: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def at(
        self, person: np.ndarray, day: np.ndarray, role: int = SW_ROLE
    ) -> tuple[np.ndarray, np.ndarray]:
        """(worker, team) holding the child's case on ``day`` in ``role`` (-1 where none)."""
        if role not in self._index:
            m = np.flatnonzero(self.role == role)
            order = m[np.lexsort((self.start[m], self.person[m]))]
            self._index[role] = (order, self.person[order] * 100000 + self.start[order])
        order, keys = self._index[role]
        person = np.asarray(person)
        day = np.asarray(day)
        if order.size == 0:
            none = np.full(person.size, -1)
            return none, none
        i = np.searchsorted(keys, person * 100000 + day, "right") - 1
        j = order[np.maximum(i, 0)]
        ok = (i >= 0) & (self.person[j] == person) & (self.end[j] > day)
        return np.where(ok, self.worker[j], -1), np.where(ok, self.team[j], -1)


_FIELDS = ("person", "R", "service", "role", "eh", "start", "end", "reason", "worker", "team")


def allocate(ctx: Ctx, seg: Cols, wf: wfm.Workforce) -> Allocation:
    """Give every piece a worker of its service, active on the day; split when they leave."""
    rng = ctx.rng("allocate")
    pc = _pieces(ctx, seg)
    holding = (
        wf.a_holding
        & np.isin(wf.a_role, [wfm.SW, wfm.SP, wfm.PA, wfm.EHW])
        & (wf.team_service[wf.a_team] != wfm.FRONT_DOOR)
    )
    weight = (
        wf.a_fte * np.where(wf.a_nqsw, ASYE_WEIGHT, 1.0) * np.where(wf.a_role == wfm.SP, 0.85, 1)
    )
    staff_end = np.zeros(wf.a_staff.max(initial=0) + 1, dtype=np.int64)
    np.maximum.at(staff_end, wf.a_staff, wf.a_end)
    out: dict[str, list[np.ndarray]] = {k: [] for k in (*_FIELDS,)}
    for s in range(len(wfm.SERVICES)):
        q = np.flatnonzero(pc["service"] == s)
        pool = np.flatnonzero(holding & (wf.team_service[wf.a_team] == s))
        if q.size == 0:
            continue
        if pool.size == 0:
            raise RuntimeError(f"no workers in {wfm.SERVICES[s]}")
        p_w = weight[pool] / weight[pool].sum()
        ws, we = wf.a_start[pool], wf.a_end[pool]
        # a worker keeps their cases past the end of the ASYE year (a new assignment, same person)
        stays = staff_end[wf.a_staff[pool]]
        start = pc["start"][q]
        end = pc["end"][q]
        reason = pc["reason"][q]
        src = q
        earliest = ws.min()
        for _ in range(60):
            if src.size == 0:
                break
            n = src.size
            chosen = np.full(n, -1)
            t = np.maximum(start, earliest)
            todo = np.arange(n)
            for _ in range(200):
                if todo.size == 0:
                    break
                w = rng.choice(pool.size, size=todo.size, p=p_w)
                tt = t[todo]
                fresh = np.clip(1 - (tt - ws[w]) / RAMP_DAYS, 0, 1)
                boost = (1 + (NEW_STARTER_BOOST - 1) * fresh) / NEW_STARTER_BOOST
                ok = (ws[w] <= tt) & (we[w] > tt) & (rng.random(todo.size) < boost)
                chosen[todo[ok]] = w[ok]
                todo = todo[~ok]
            # no one in post on the day (rare): take whoever is in post next
            if todo.size:
                nxt = np.array(
                    [np.argmin(np.where(we > tt, np.maximum(ws - tt, 0), _BIG)) for tt in t[todo]]
                )
                chosen[todo] = nxt
            w = chosen
            a_start = np.maximum(start, ws[w])
            a_end = np.minimum(end, stays[w])
            ok = a_end > a_start
            a = pool[w]
            for name, val in (
                ("person", pc["person"][src]), ("R", pc["R"][src]), ("service", np.full(n, s)),
                ("role", pc["role"][src]), ("eh", pc["eh"][src]), ("start", a_start),
                ("end", a_end), ("reason", reason), ("worker", wf.a_staff[a]),
                ("team", wf.a_team[a]),
            ):  # fmt: skip
                out[name].append(val[ok])
            # the worker left before the piece ended: a new worker from the day they left
            more = ok & (stays[w] < end)
            src = src[more]
            start = stays[w][more]
            end = end[more]
            reason = np.where(wf.a_agency[a][more], 2, 1)
    cols = {k: np.concatenate(v) for k, v in out.items()}
    order = np.lexsort((cols["start"], cols["person"]))
    return Allocation(**{k: v[order] for k, v in cols.items()})


def caseloads(ctx: Ctx, alloc: Allocation, n_staff: int) -> np.ndarray:
    """Cases held by each staff member at the extract date."""
    open_ = (alloc.start <= ctx.w1) & (alloc.end > ctx.w1)
    return np.bincount(alloc.worker[open_], minlength=n_staff + 1)


def leavers_segments(ctx: Ctx, leavers: Cols) -> Cols:
    """Care leavers with a personal adviser from leaving care to 21 (25 for some in education)."""
    rng = ctx.rng("leaving-care")
    n = leavers["person"].size
    until = add_years(leavers["dob"], np.where(rng.random(n) < 0.12, 25, 21))
    return {
        "person": leavers["person"],
        "start": leavers["start"],
        "until": until,
        "dob": leavers["dob"],
    }


def write(ctx: Ctx, em: Emitter, alloc: Allocation, wf: wfm.Workforce) -> None:
    rng = ctx.rng("allocation-write")
    last = alloc.end - 1
    keep = ctx.keep(alloc.start, last)
    k = np.flatnonzero(keep)
    open_ = ctx.is_open(last[k])
    rows = em.rows("ssd_involvements", k.size)
    rows.ident("invo_involvements_id", "I", np.arange(1, k.size + 1), 8)
    rows.ident("invo_professional_id", "W", alloc.worker[k], 5)
    rows.code("invo_professional_role_id", ROLE, alloc.role[k])
    rows.ident("invo_professional_team", "T", alloc.team[k] + 1, 3)
    rows.person("invo_person_id", alloc.person[k])
    rows.date("invo_involvement_start_date", alloc.start[k])
    rows.date("invo_involvement_end_date", last[k], null=open_)
    rows.code("invo_worker_change_reason", CHANGE_REASON, alloc.reason[k])
    R = alloc.R[k]
    rows.record("invo_referral_id", alloc.person[k], np.maximum(R, 0), null=R < 0)
    em.write(rows)

    # case supervision: about monthly for each allocated social-work case
    sw = np.flatnonzero(keep & (alloc.role != EHW_ROLE))
    s = np.maximum(alloc.start[sw], ctx.w0 - 60)
    stop = np.minimum(last[sw], ctx.w1)

    def first_gap(r: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
        return r.integers(3, 31, shape)

    def gap(r: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
        return np.where(r.random(shape) < 0.8, r.integers(12, 32, shape), r.integers(32, 60, shape))

    i, t = renewal(rng, s, stop, first_gap, gap)
    a = sw[i]
    p = alloc.person[a]
    ok = ctx.keep(t, t) & first_per_key(p, t)
    a, p, t = a[ok], p[ok], t[ok]
    boss = wf.manager_at(alloc.team[a], t)
    rows = em.rows("ext_case_supervision", p.size)
    rows.record("csup_supervision_id", p, t)
    rows.person("csup_person_id", p)
    rows.date("csup_supervision_date", t)
    rows.ident("csup_supervisor_id", "W", boss, 5, null=boss < 0)
    rows.ident("csup_worker_id", "W", alloc.worker[a], 5)
    rows.ident("csup_team", "T", alloc.team[a] + 1, 3)
    em.write(rows)

    # case audits: ~45 a quarter at borough size, on cases open on the audit day
    quarters = (ctx.w1 - ctx.w0 + 1) / 91.3
    n_aud = rng.poisson(45 * ctx.scale * quarters)
    lo = np.maximum(alloc.start[sw], ctx.w0)
    hi = np.minimum(last[sw], ctx.w1)
    length = np.maximum(hi - lo + 1, 0).astype(float)
    if n_aud and length.sum() > 0:
        j = sw[rng.choice(sw.size, size=n_aud, p=length / length.sum())]
        jl = np.maximum(alloc.start[j], ctx.w0)
        jh = np.minimum(last[j], ctx.w1)
        day = jl + (rng.random(n_aud) * (jh - jl + 1)).astype(np.int64)
        day = np.minimum(ctx.cal.on_or_after(day), jh)
        ok = first_per_key(alloc.person[j], day)
        j, day = j[ok], day[ok]
        grade = pick(rng, [8, 62, 26, 4], j.size)
        auditor = wf.manager_at(alloc.team[j], day, role=wfm.SM)
        rows = em.rows("ext_case_audits", j.size)
        rows.record("caud_audit_id", alloc.person[j], day)
        rows.person("caud_person_id", alloc.person[j])
        rows.date("caud_audit_date", day)
        rows.code(
            "caud_grade", ["OUTSTANDING", "GOOD", "REQUIRES_IMPROVEMENT", "INADEQUATE"], grade
        )
        rows.ident("caud_auditor_id", "W", auditor, 5, null=auditor < 0)
        rows.ident("caud_team", "T", alloc.team[j] + 1, 3)
        em.write(rows)
