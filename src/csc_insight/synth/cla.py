"""Children looked after: periods of care, SSDA903 episodes, placements, legal statuses,
visits, reviews, missing episodes and UASC status."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import numpy as np

from csc_insight.synth import codes
from csc_insight.synth.context import Ctx
from csc_insight.synth.sink import Emitter
from csc_insight.synth.vec import (
    between,
    first_per_key,
    next_in_group,
    pick,
    renewal,
)
from csc_insight.synth.workdays import add_months, add_years, day

Cols = dict[str, np.ndarray]
#: The care tables by name (per, legal, place, ep, rev), as build() returns them.
Care = dict[str, Cols]

# How a period of care ends.
ADOPT, SGO, CAO, HOME, TO18, TRANSFER, CUSTODY, OTHER = range(8)
AGE_BANDS = np.array([1, 5, 10, 13, 16])  # <1, 1-4, 5-9, 10-12, 13-15, 16-17
#: Chance of each ending by age at entry (rows: age bands; columns: the endings above).
PATH_WEIGHT = np.array([
    [38, 18, 4, 29, 5, 4, 0, 2],
    [22, 18, 5, 40, 8, 5, 0, 2],
    [2, 12, 6, 50, 23, 5, 0, 2],
    [0, 5, 4, 52, 31, 5, 0, 3],
    [0, 0, 1, 48, 38, 4, 4, 5],
    [0, 0, 0, 32, 60, 2, 3, 3],
], dtype=float)  # fmt: skip
UASC_PATH_WEIGHT = np.array([0, 0, 0, 0, 90, 6, 0, 4], dtype=float)
#: Median length of care (days) and spread, by ending (TO18 runs to the 18th birthday).
DURATION = {ADOPT: (640, 0.3), SGO: (480, 0.4), CAO: (400, 0.45), HOME: (110, 1.0),
            TO18: (0, 0), TRANSFER: (200, 0.8), CUSTODY: (200, 0.7), OTHER: (150, 0.9)}  # fmt: skip
#: Reason episode ceased (REC) for each ending, with weights.
ENDING_REC = {
    ADOPT: {"E11": 80, "E12": 20},
    SGO: {"E45": 40, "E46": 60},
    CAO: {"E48": 70, "E47": 20, "E41": 10},
    HOME: {"E4A": 75, "E13": 25},
    TO18: {"E5": 40, "E8": 36, "E7": 16, "E6": 6, "E17": 2},
    TRANSFER: {"E3": 1},
    CUSTODY: {"E9": 50, "E15": 50},
    OTHER: {"E8": 60, "E16": 36, "E2": 4},
}
_RC_OF = {"E11": "RC1", "E12": "RC1", "E45": "RC4", "E46": "RC4", "E41": "RC3", "E47": "RC3",
          "E48": "RC3", "E3": "RC5", "E2": "RC2", "E6": "RC6"}  # fmt: skip
#: Referral closure reason (index into codes.CLOSE_REASONS) for each REC (index into codes.REC).
CLOSE_REASON = np.array([codes.RC[_RC_OF.get(r, "RC7")] for r in codes.REC])

#: Placement changes a year, by age at entry band (UASC last).
MOVES_PER_YEAR = np.array([0.35, 0.35, 0.45, 0.6, 0.85, 0.9, 0.6])


def _rows_pick(rng: np.random.Generator, weights: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """A column index per row, drawn with that row's weights."""
    cum = np.cumsum(weights, axis=1)
    cum = cum / cum[:, -1:]
    u = rng.random(rows.size)
    return (u[:, None] > cum[rows]).sum(axis=1)


def _pick_from(rng: np.random.Generator, table: Mapping[str, float], n: int) -> np.ndarray:
    """Indices into codes.REC drawn from a {code: weight} table."""
    labels = np.array([codes.REC_I[c] for c in table])
    return labels[pick(rng, list(table.values()), n)]


def period_outcome(
    ctx: Ctx, rng: np.random.Generator, start: np.ndarray, dob: np.ndarray, uasc: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """How and when each period of care starting on ``start`` ends: (end, REC index, ending)."""
    n = start.size
    age = (start - dob) / 365.25
    band = np.searchsorted(AGE_BANDS, age, side="right")
    weights = np.vstack([PATH_WEIGHT, UASC_PATH_WEIGHT])
    path = _rows_pick(rng, weights, np.where(uasc, len(PATH_WEIGHT), band))
    b18 = add_years(dob, 18)
    med = np.array([DURATION[k][0] for k in range(8)], dtype=float)[path]
    sig = np.array([DURATION[k][1] for k in range(8)])[path]
    dur = np.maximum(1, np.round(np.maximum(med, 1) * np.exp(sig * rng.standard_normal(n))))
    end = np.where(path == TO18, b18, start + dur.astype(np.int64))
    at18 = end >= b18
    end = np.minimum(end, b18)
    path = np.where(at18, TO18, path)
    rec = np.zeros(n, dtype=np.int64)
    for k, table in ENDING_REC.items():
        m = path == k
        rec[m] = _pick_from(rng, table, int(m.sum()))
    return end.astype(np.int64), rec, path


def periods(refs: Cols) -> Cols:
    """One row per period of care, from the referrals that include one."""
    m = refs["has_cla"]
    need = refs["need"][m]
    # SSDA903 has no N0 or N9: those children are recorded as abuse or neglect
    cla_need = np.where((need == 0) | (need == 9), 1, need) - 1
    return {
        "person": refs["person"][m],
        "R": refs["R"][m],
        "start": refs["cla_start"][m],
        "end": refs["cla_end"][m],
        "rec": refs["cla_rec"][m],
        "path": refs["cla_path"][m],
        "uasc": refs["kind"][m] == 1,
        "need": cla_need,
        "dob": refs["dob"][m],
    }


def _legal(ctx: Ctx, rng: np.random.Generator, per: Cols) -> Cols:
    """Legal statuses of each period: up to three in a row (e.g. L2 → C1 → C2, or C1 → E1)."""
    n = per["start"].size
    s, e, path = per["start"], per["end"], per["path"]
    ls = codes.LS
    u = rng.random
    court = ~per["uasc"] & (
        (path == ADOPT) | ((path == TO18) & (u(n) < 0.75)) | (u(n) < 0.35)
    )  # fmt: skip
    # Remanded to local authority accommodation (J1), for as long as the remand lasts. Not J2
    # (detained under PACE): that lasts hours, and more than 21 days breaks DfE rule 364.
    remand = (path == CUSTODY) & (u(n) < 0.5)
    first = np.where(court, ls["C1"], np.where(remand, ls["J1"], ls["V2"]))
    # emergency protection before the interim order
    emergency = court & (u(n) < 0.15)
    em_len = np.where(u(n) < 0.5, between(rng, 1, 3, n), between(rng, 3, 8, n))
    # the order that follows the interim order
    frac = 0.45 + 0.3 * u(n)
    second_day = s + (frac * (e - s)).astype(np.int64)
    second = np.where(path == ADOPT, ls["E1"], np.where(court & (path == TO18), ls["C2"], -1))
    second = np.where(court & (path != ADOPT) & (path != TO18) & (u(n) < 0.3), ls["C2"], second)
    second_day = np.where(path == TO18, s + between(rng, 180, 400, n), second_day)
    second_day = np.maximum(second_day, s + 40)  # after any emergency order
    status = [np.where(emergency, np.where(em_len <= 3, ls["L1"], ls["L2"]), first), first, second]
    start = [s, s + em_len, second_day]
    valid = [np.ones(n, bool), emergency, (second >= 0)]
    parts = []
    for st, sd, ok in zip(status, start, valid, strict=True):
        ok = ok & (sd < e) & (sd >= s)
        parts.append((np.flatnonzero(ok), sd[ok], st[ok]))
    per_i = np.concatenate([p[0] for p in parts])
    day = np.concatenate([p[1] for p in parts])
    stat = np.concatenate([p[2] for p in parts])
    keep = first_per_key(per_i, day)
    per_i, day, stat = per_i[keep], day[keep], stat[keep]
    order = np.lexsort((day, per_i))
    per_i, day, stat = per_i[order], day[order], stat[order]
    end = next_in_group(per_i, day, -1)
    end = np.where(end < 0, e[per_i], end)
    return {"period": per_i, "start": day, "end": end, "status": stat}


def _placements(ctx: Ctx, rng: np.random.Generator, per: Cols, legal: Cols) -> Cols:
    """Placements: one at entry, moves at a rate by age, a move to adopters, after emergencies."""
    n = per["start"].size
    s, e = per["start"], per["end"]
    age = (s - per["dob"]) / 365.25
    band = np.where(per["uasc"], 6, np.searchsorted(AGE_BANDS, age, side="right"))
    rate = MOVES_PER_YEAR[band] / 365.25
    k = rng.poisson(rate * (e - s))
    pi = np.repeat(np.arange(n), k)
    moves = s[pi] + 1 + (rng.random(pi.size) * np.maximum(e[pi] - s[pi] - 1, 0)).astype(np.int64)
    # a move to the adopters after the placement order
    ls = legal
    e1 = ls["status"] == codes.LS["E1"]
    adopt_p = ls["period"][e1]
    adopt_day = ls["start"][e1] + between(rng, 20, 150, int(e1.sum()))
    ok = adopt_day < e[adopt_p] - 30
    adopt_p, adopt_day = adopt_p[ok], adopt_day[ok]
    # most children leave the emergency placement when the interim order is made
    em = np.isin(ls["status"], [codes.LS["L1"], codes.LS["L2"]])
    em_p = ls["period"][em]
    em_end = ls["end"][em]
    em_move = rng.random(em_p.size) < 0.6
    # entry first, then the move to adopters, so that they win a tie with a random move
    per_i = np.concatenate([np.arange(n), adopt_p, pi, em_p[em_move]])
    day = np.concatenate([s, adopt_day, moves, em_end[em_move]])
    kind = np.concatenate(
        [np.zeros(n), np.ones(adopt_p.size), np.zeros(pi.size), np.zeros(int(em_move.sum()))]
    ).astype(np.int8)
    ok = (day < e[per_i]) | (np.arange(per_i.size) < n)
    per_i, day, kind = per_i[ok], day[ok], kind[ok]
    keep = first_per_key(per_i, day)
    per_i, day, kind = per_i[keep], day[keep], kind[keep]
    order = np.lexsort((day, per_i))
    per_i, day, kind = per_i[order], day[order], kind[order]
    # after the adoptive placement the child stays there
    adopted = np.maximum.accumulate(np.where(kind == 1, np.arange(per_i.size), -1))
    after = (adopted >= 0) & (per_i[np.maximum(adopted, 0)] == per_i) & (kind == 0)
    after &= np.arange(per_i.size) > adopted
    per_i, day, kind = per_i[~after], day[~after], kind[~after]
    end = next_in_group(per_i, day, -1)
    last = end < 0
    end = np.where(last, e[per_i], end)
    m = per_i.size
    p_age = (day - per["dob"][per_i]) / 365.25
    ptype = _placement_type(rng, p_age, per["uasc"][per_i], kind == 1)
    ptype = _lawful_type(ptype, per_i, end, legal, n)
    provider = _provider(rng, ptype)
    return {
        "period": per_i, "start": day, "end": end, "type": ptype, "provider": provider,
        "last": last, "change": np.where(last, -1, pick(rng, codes.CHANGE_REASON_WEIGHT, m)),
        "distance": np.round(np.exp(np.log(4.0) + rng.standard_normal(m)), 1)
        * np.where(np.isin(ptype, [codes.PL["K2"], codes.PL["R1"]]), 3, 1),
        "urn": rng.integers(100000, 999999, m),
    }  # fmt: skip


#: Placement types by age at the placement's start. Semi-independent (H5) and independent living
#: (P2) only from 16 (DfE rules 370 and 371: under 16 from 2023-24, under 15 before).
_TYPE_WEIGHTS = {
    "young": {"U6": 45, "U4": 25, "U3": 8, "U1": 7, "U5": 3, "P1": 6, "K2": 2, "R1": 1, "Z1": 3},
    "teen": {"U6": 35, "U4": 20, "U3": 5, "U1": 5, "K2": 24, "R1": 3, "P1": 4, "K1": 1, "Z1": 3},
    "older": {"H5": 35, "U6": 22, "U4": 13, "K2": 15, "P2": 5, "U3": 4, "Z1": 3, "P1": 3},
    "uasc_young": {"U6": 80, "U4": 10, "K2": 5, "U3": 5},
    "uasc_older": {"H5": 65, "U6": 20, "P2": 5, "K2": 5, "Z1": 5},
    "adopt": {"A6": 75, "A5": 25},
}  # fmt: skip


def _placement_type(
    rng: np.random.Generator, age: np.ndarray, uasc: np.ndarray, adopt: np.ndarray
) -> np.ndarray:
    group = np.where(
        adopt,
        "adopt",
        np.where(
            uasc,
            np.where(age < 16, "uasc_young", "uasc_older"),
            np.where(age < 10, "young", np.where(age < 16, "teen", "older")),
        ),
    )
    out = np.zeros(age.size, dtype=np.int64)
    for g, table in _TYPE_WEIGHTS.items():
        m = group == g
        labels = np.array([codes.PL[c] for c in table])
        out[m] = labels[pick(rng, list(table.values()), int(m.sum()))]
    return out


#: The last day independent living (P2) was a placement type (DfE rule 217t).
P2_LAST_DAY = day(date(2023, 10, 28))


def _lawful_type(
    ptype: np.ndarray, per_i: np.ndarray, end: np.ndarray, legal: Cols, periods: int
) -> np.ndarray:
    """Placement types the law allows. A child accommodated under section 20 (V2) cannot be
    placed with parents (P1, DfE rule 378: that needs a care order), so is placed with a
    relative or friend (U3) instead; independent living (P2) still open after the type ended
    becomes semi-independent living (H5)."""
    v2 = np.zeros(periods, dtype=bool)
    v2[legal["period"][legal["status"] == codes.LS["V2"]]] = True
    ptype = np.where((ptype == codes.PL["P1"]) & v2[per_i], codes.PL["U3"], ptype)
    return np.where((ptype == codes.PL["P2"]) & (end > P2_LAST_DAY), codes.PL["H5"], ptype)


_PROVIDER_WEIGHTS = {
    ("U1", "U2", "U3"): [0, 100, 0, 0, 0, 0],
    ("U4", "U5", "U6"): [0, 55, 0, 0, 45, 0],
    ("K1", "K2"): [0, 15, 0, 0, 75, 10],
    ("R1", "R2", "R3", "R5"): [0, 0, 0, 30, 20, 50],
    ("H5",): [0, 10, 0, 0, 60, 30],
    ("P1",): [100, 0, 0, 0, 0, 0],
    ("P2", "P3"): [0, 70, 0, 0, 30, 0],
    ("A3", "A4", "A5", "A6"): [0, 50, 20, 0, 0, 30],
    ("S1", "T0", "Z1"): [0, 10, 0, 10, 80, 0],
}


def _provider(rng: np.random.Generator, ptype: np.ndarray) -> np.ndarray:
    out = np.zeros(ptype.size, dtype=np.int64)
    for types, weights in _PROVIDER_WEIGHTS.items():
        m = np.isin(ptype, [codes.PL[t] for t in types])
        out[m] = pick(rng, weights, int(m.sum()))
    return out


#: Placed for adoption with the child's current foster carers (SSDA903 A3, A5), and the foster
#: placements (U1-U6) such a placement continues with the same carers.
WITH_FOSTER_CARERS = np.array([codes.PL["A3"], codes.PL["A5"]])
FOSTER = np.array([codes.PL[f"U{k}"] for k in range(1, 7)])


def _same_carers(place: Cols, pl_i: np.ndarray) -> np.ndarray:
    """Whether each placement ``pl_i`` keeps the carers of the placement before it in the same
    period: placed for adoption with the current foster carers (A3, A5) after fostering."""
    prev = np.maximum(pl_i - 1, 0)
    return (
        np.isin(place["type"][pl_i], WITH_FOSTER_CARERS)
        & np.isin(place["type"][prev], FOSTER)
        & (pl_i > 0)
        & (place["period"][prev] == place["period"][pl_i])
    )


def _episodes(per: Cols, legal: Cols, place: Cols) -> Cols:
    """SSDA903 episodes: a new one at every change of placement or legal status, with its
    reason for new episode (RNE): S started to be looked after; L legal status only; P placement
    and carers; T placement, same carers; B legal status, placement and carers; U legal status
    and placement, same carers."""
    pi = np.concatenate([place["period"], legal["period"]])
    day = np.concatenate([place["start"], legal["start"]])
    flag = np.concatenate([np.ones(place["period"].size), np.full(legal["period"].size, 2)])
    order = np.lexsort((day, pi))
    pi, day, flag = pi[order], day[order], flag[order].astype(np.int64)
    new = np.r_[True, (pi[1:] != pi[:-1]) | (day[1:] != day[:-1])]
    grp = np.cumsum(new) - 1
    flags = np.zeros(int(new.sum()), dtype=np.int64)
    np.bitwise_or.at(flags, grp, flag)
    ep_p, ep_day = pi[new], day[new]
    end = next_in_group(ep_p, ep_day, -1)
    last = end < 0
    end = np.where(last, per["end"][ep_p], end)
    # the placement and legal status in force during each episode
    key_ep = ep_p * 100000 + ep_day
    pl_key = place["period"] * 100000 + place["start"]
    pl_i = np.searchsorted(pl_key, key_ep, side="right") - 1
    lg_key = legal["period"] * 100000 + legal["start"]
    lg_i = np.searchsorted(lg_key, key_ep, side="right") - 1
    first = np.r_[True, ep_p[1:] != ep_p[:-1]]
    same = _same_carers(place, pl_i)
    placement, legal_status = flags == 1, flags == 2  # 3: both on the same day
    rne = np.select(
        [first, legal_status, placement & same, placement, same],
        [codes.RNE.index(c) for c in ("S", "L", "T", "P", "U")],
        default=codes.RNE.index("B"),
    )
    rec = np.where(last, per["rec"][ep_p], codes.REC_I["X1"])
    return {
        "period": ep_p, "start": ep_day, "end": end, "rne": rne, "rec": rec,
        "last": last, "placement": pl_i, "legal": lg_i,
    }  # fmt: skip


def _reviews(ctx: Ctx, rng: np.random.Generator, per: Cols) -> Cols:
    """Statutory reviews: within 20 working days, then 3 months later, then every 6 months."""
    cal = ctx.cal
    s, e = per["start"], np.minimum(per["end"], ctx.w1)
    active = np.flatnonzero(e >= ctx.w0 - 200)
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    last = s[active]
    k = 0
    while active.size:
        due = cal.add(last, 20) if k == 0 else add_months(last, 3 if k == 1 else 6)
        late = rng.random(active.size) < 0.05
        date_ = np.where(
            late, due + between(rng, 1, 20, active.size), due - between(rng, 0, 12, active.size)
        )
        date_ = np.maximum(date_, last + (1 if k else 0))
        ok = date_ <= e[active]
        parts.append((active[ok], due[ok], date_[ok]))
        active, last = active[ok], date_[ok]
        k += 1
    pi = np.concatenate([p[0] for p in parts])
    due = np.concatenate([p[1] for p in parts])
    date_ = np.concatenate([p[2] for p in parts])
    order = np.lexsort((date_, pi))
    return {"period": pi[order], "due": due[order], "date": date_[order]}


def build(ctx: Ctx, refs: Cols) -> Care:
    """Everything about care, by period: kept on the returned dict of tables."""
    rng = ctx.rng("cla")
    per = periods(refs)
    legal = _legal(ctx, rng, per)
    place = _placements(ctx, rng, per, legal)
    ep = _episodes(per, legal, place)
    rev = _reviews(ctx, rng, per)
    return {"per": per, "legal": legal, "place": place, "ep": ep, "rev": rev}


def write(ctx: Ctx, em: Emitter, cla: Care) -> None:
    rng = ctx.rng("cla-write")
    per, legal, place, ep, rev = cla["per"], cla["legal"], cla["place"], cla["ep"], cla["rev"]
    pp = per["person"]
    w1 = ctx.w1

    # reviews first: the IRO's last contact is the latest review before the episode ended
    keep = ctx.keep(rev["date"], rev["date"])
    rk = {k: v[keep] for k, v in rev.items()}
    rkeep = first_per_key(pp[rk["period"]], rk["date"])
    rk = {k: v[rkeep] for k, v in rk.items()}
    m = rk["period"].size
    age = (rk["date"] - per["dob"][rk["period"]]) / 365.25
    part = np.where(age < 4, 0, pick(rng, [0, 40, 20, 15, 8, 7, 5, 5], m))
    rows = em.rows("ssd_cla_reviews", m)
    rows.record("clar_cla_review_id", pp[rk["period"]], rk["date"])
    rows.record("clar_cla_id", pp[rk["period"]], per["start"][rk["period"]])
    rows.person("clar_person_id", pp[rk["period"]])
    rows.date("clar_cla_review_due_date", rk["due"])
    rows.date("clar_cla_review_date", rk["date"])
    rows.code("clar_cla_review_cancelled", codes.YN, (rng.random(m) >= 0.01).astype(np.int64))
    rows.code("clar_cla_review_participation", codes.PARTICIPATION, part)
    em.write(rows)

    # Episodes, legal statuses and placements are kept by their period of care: a period that
    # overlaps the window keeps its earlier episodes too, as a case-management extract would,
    # so an SSDA903 return written from them knows when the period, placement and status began.
    in_window = ctx.keep(per["start"], per["end"])

    # episodes
    keep = in_window[ep["period"]] & (ep["start"] <= ctx.w1)
    e = {k: v[keep] for k, v in ep.items()}
    pi = e["period"]
    p = pp[pi]
    open_ = ctx.is_open(e["end"])
    upto = np.minimum(e["end"], w1)
    rev_key = rev["period"] * 100000 + rev["date"]
    ri = np.searchsorted(rev_key, pi * 100000 + upto, side="right") - 1
    has_iro = (ri >= 0) & (rev["period"][np.maximum(ri, 0)] == pi)
    iro = rev["date"][np.maximum(ri, 0)]
    rows = em.rows("ssd_cla_episodes", p.size)
    rows.record("clae_cla_episode_id", p, e["start"])
    rows.person("clae_person_id", p)
    rows.record("clae_cla_placement_id", p, place["start"][e["placement"]])
    rows.date("clae_cla_episode_start_date", e["start"])
    rows.code("clae_cla_episode_start_reason", codes.RNE, e["rne"])
    rows.code("clae_cla_primary_need_code", codes.CLA_NEED, per["need"][pi])
    rows.date("clae_cla_episode_ceased_date", e["end"], null=open_)
    rows.code("clae_cla_episode_ceased_reason", codes.REC, np.where(open_, -1, e["rec"]))
    rows.record("clae_cla_id", p, per["start"][pi])
    rows.record("clae_referral_id", p, per["R"][pi])
    rows.date("clae_cla_last_iro_contact_date", iro, null=~has_iro)
    rows.date("clae_entered_care_date", per["start"][pi])
    em.write(rows)

    # legal statuses
    keep = in_window[legal["period"]] & (legal["start"] <= ctx.w1)
    lp = pp[legal["period"][keep]]
    open_ = ctx.is_open(legal["end"][keep])
    rows = em.rows("ssd_legal_status", lp.size)
    rows.record("lega_legal_status_id", lp, legal["start"][keep])
    rows.person("lega_person_id", lp)
    rows.code("lega_legal_status", codes.LEGAL, legal["status"][keep])
    rows.date("lega_legal_status_start_date", legal["start"][keep])
    rows.date("lega_legal_status_end_date", legal["end"][keep], null=open_)
    em.write(rows)

    # placements
    keep = in_window[place["period"]] & (place["start"] <= ctx.w1)
    pl = {k: v[keep] for k, v in place.items()}
    p = pp[pl["period"]]
    open_ = ctx.is_open(pl["end"])
    near = pl["distance"] < 6
    post = np.where(
        near,
        rng.integers(0, len(codes.POSTCODE_NEAR), p.size),
        len(codes.POSTCODE_NEAR) + rng.integers(0, len(codes.POSTCODE_FAR), p.size),
    )
    has_urn = np.isin(pl["type"], [codes.PL[t] for t in ("K1", "K2", "R1", "H5")])
    rows = em.rows("ssd_cla_placement", p.size)
    rows.record("clap_cla_placement_id", p, pl["start"])
    rows.record("clap_cla_id", p, per["start"][pl["period"]])
    rows.person("clap_person_id", p)
    rows.date("clap_cla_placement_start_date", pl["start"])
    rows.code("clap_cla_placement_type", codes.PLACEMENT, pl["type"])
    rows.sql("clap_cla_placement_urn", "CASE WHEN {h} THEN printf('SC%06d', {u}) END",
             h=has_urn, u=pl["urn"])  # fmt: skip
    rows.num("clap_cla_placement_distance", pl["distance"])
    rows.code("clap_cla_placement_provider", codes.PROVIDER, pl["provider"])
    rows.code("clap_cla_placement_postcode", codes.POSTCODE_NEAR + codes.POSTCODE_FAR, post)
    rows.date("clap_cla_placement_end_date", pl["end"], null=open_)
    change = np.where(open_ | pl["last"], -1, pl["change"])
    rows.code("clap_cla_placement_change_reason", codes.CHANGE_REASON, change)
    em.write(rows)

    _write_visits(ctx, em, rng, per, place)
    _write_missing(ctx, em, per)
    _write_uasc(ctx, em, per)
    _write_proceedings(ctx, em, per, legal)


def _write_visits(ctx: Ctx, em: Emitter, rng: np.random.Generator, per: Cols, place: Cols) -> None:
    """Within a week of each placement starting, then at most every six weeks (mostly)."""
    live = np.flatnonzero((place["end"] >= ctx.w0 - 60) & (place["start"] <= ctx.w1))
    s = place["start"][live]
    clipped = s < ctx.w0 - 60
    s = np.where(clipped, ctx.w0 - 60, s)
    stop = np.minimum(place["end"][live], ctx.w1)

    def first_gap(r: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
        g = np.where(r.random(shape) < 0.93, r.integers(1, 8, shape), r.integers(8, 21, shape))
        return np.where(clipped, r.integers(1, 43, shape), g)

    def gap(r: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
        u = r.random(shape)
        return np.where(
            u < 0.91,
            r.integers(18, 43, shape),
            np.where(u < 0.98, r.integers(43, 57, shape), r.integers(57, 91, shape)),
        )

    i, t = renewal(rng, s, stop, first_gap, gap)
    pi = place["period"][live][i]
    p = per["person"][pi]
    keep = ctx.keep(t, t) & first_per_key(p, t)
    p, pi, t = p[keep], pi[keep], t[keep]
    n = p.size
    age = (t - per["dob"][pi]) / 365.25
    seen = rng.random(n) < 0.97
    rows = em.rows("ssd_cla_visits", n)
    rows.record("clav_cla_visit_id", p, t)
    rows.record("clav_cla_id", p, per["start"][pi])
    rows.person("clav_person_id", p)
    rows.date("clav_cla_visit_date", t)
    rows.code("clav_cla_visit_seen", codes.YN, np.where(seen, 0, 1))
    alone = seen & (age >= 5) & (rng.random(n) < 0.75)
    rows.code("clav_cla_visit_seen_alone", codes.YN, np.where(alone, 0, 1))
    em.write(rows)


#: Missing episodes a day for an adolescent in care with a propensity (heavy-tailed across them).
MISSING_SHARE = 0.22  # adolescents in care who ever go missing
MISSING_MEAN_RATE = 0.062  # mean episodes a day among them


def _write_missing(ctx: Ctx, em: Emitter, per: Cols) -> None:
    """Missing and away episodes: concentrated on a few adolescents in care."""
    rng = ctx.rng("missing")
    n = per["start"].size
    from_ = np.maximum.reduce([per["start"], add_years(per["dob"], 11), np.full(n, ctx.w0 - 60)])
    to = np.minimum(per["end"], ctx.w1)
    prone = rng.random(n) < MISSING_SHARE
    rate = np.where(prone, rng.gamma(0.6, MISSING_MEAN_RATE / 0.6, n), 0.0)
    rate = rate * np.where(per["uasc"], 0.6, 1.0)
    # draw at the highest regime level, keep each episode with the level in force on its day
    top = max([1.0, *[r.effects.get("missing", 1.0) for r in ctx.regimes]])
    k = rng.poisson(rate * top * np.maximum(to - from_, 0))
    pi = np.repeat(np.arange(n), k)
    t = from_[pi] + (rng.random(pi.size) * np.maximum(to[pi] - from_[pi], 1)).astype(np.int64)
    ok = rng.random(pi.size) < ctx.effect("missing", t) / top
    pi, t = pi[ok], t[ok]
    p = per["person"][pi]
    ok = first_per_key(p, t)
    p, pi, t = p[ok], pi[ok], t[ok]
    order = np.lexsort((t, p))
    p, pi, t = p[order], pi[order], t[order]
    m = p.size
    u = rng.random(m)
    dur = np.where(
        u < 0.35,
        0,
        np.where(u < 0.75, 1, np.where(u < 0.93, between(rng, 2, 4, m), between(rng, 5, 20, m))),
    )
    nxt = next_in_group(p, t, 1 << 40)
    end = np.minimum.reduce([t + dur, nxt - 1, per["end"][pi]])
    end = np.maximum(end, t)
    keep = ctx.keep(t, end)
    p, t, end = p[keep], t[keep], end[keep]
    m = p.size
    open_ = ctx.is_open(end)
    mtype = (rng.random(m) < 0.2).astype(np.int64)  # 1 = A (away)
    offered = ~open_ & (rng.random(m) < np.where(mtype == 0, 0.88, 0.3))
    accepted = offered & (rng.random(m) < 0.6)
    rows = em.rows("ssd_missing", m)
    rows.record("miss_table_id", p, t)
    rows.person("miss_person_id", p)
    rows.date("miss_missing_episode_start_date", t)
    rows.code("miss_missing_episode_type", codes.MISSING_TYPE, mtype)
    rows.date("miss_missing_episode_end_date", end, null=open_)
    rows.code("miss_missing_rhi_offered", codes.YN, np.where(open_, -1, np.where(offered, 0, 1)))
    rows.code(
        "miss_missing_rhi_accepted", codes.YN, np.where(offered, np.where(accepted, 0, 1), -1)
    )
    em.write(rows)


#: Family courts the synthetic borough's applications are issued in.
COURTS = ["Central Family Court", "East London Family Court", "West London Family Court"]
ORDER_SOUGHT = ["CARE", "SUPERVISION"]
PROCEEDINGS_OUTCOME = ["CARE_ORDER", "SUPERVISION_ORDER", "PLACEMENT_ORDER", "SGO", "CAO",
                       "NO_ORDER", "WITHDRAWN", "OTHER"]  # fmt: skip
_PO = {c: i for i, c in enumerate(PROCEEDINGS_OUTCOME)}
#: How proceedings end when the interim care order runs to the end of the period of care (no
#: final care or placement order follows it), by the period's ending.
_ENDED_WITH_CARE = {SGO: "SGO", CAO: "CAO", ADOPT: "PLACEMENT_ORDER", TO18: "CARE_ORDER"}


def _write_proceedings(ctx: Ctx, em: Emitter, per: Cols, legal: Cols) -> None:
    """Care proceedings (ext_care_proceedings): one application per interim care order (C1),
    issued on the day of the order or up to ten days before it (not before an emergency order
    that came first), concluded when the interim order gives way to the final order (C2 care
    order, E1 placement order) or the period of care ends (special guardianship, child
    arrangements, home under a supervision order, withdrawn, refused). Own stream: the rest is
    unchanged."""
    rng = ctx.rng("proceedings")
    c1 = np.flatnonzero(legal["status"] == codes.LS["C1"])
    pi = legal["period"][c1]
    ico, ico_end = legal["start"][c1], legal["end"][c1]
    n = c1.size
    # an emergency order first (the C1 is then not the period's first status): issued during it
    emergency = ico > per["start"][pi]
    app = ico - np.where(emergency, between(rng, 0, 3, n), between(rng, 0, 10, n))
    app = np.where(emergency, np.maximum(app, per["start"][pi]), app)
    # the status that follows the interim order, if any (the next row of the same period)
    nxt = np.minimum(c1 + 1, legal["status"].size - 1)
    follows = (c1 + 1 < legal["status"].size) & (legal["period"][nxt] == pi)
    after = np.where(follows, legal["status"][nxt], -1)
    u = rng.random(n)
    home = np.where(u < 0.6, _PO["SUPERVISION_ORDER"], np.where(u < 0.85, _PO["WITHDRAWN"],
                    _PO["NO_ORDER"]))  # fmt: skip
    at_end = np.full(n, _PO["OTHER"])
    at_end = np.where(per["path"][pi] == HOME, home, at_end)
    for path, ending in _ENDED_WITH_CARE.items():
        at_end = np.where(per["path"][pi] == path, _PO[ending], at_end)
    outcome = np.where(
        after == codes.LS["C2"],
        _PO["CARE_ORDER"],
        np.where(after == codes.LS["E1"], _PO["PLACEMENT_ORDER"], at_end),
    )
    keep = ctx.keep(app, ico_end) & (app <= ctx.w1)
    p, app, end, outcome = per["person"][pi][keep], app[keep], ico_end[keep], outcome[keep]
    ok = first_per_key(p, app)
    p, app, end, outcome = p[ok], app[ok], end[ok], outcome[ok]
    m = p.size
    open_ = ctx.is_open(end)
    rows = em.rows("ext_care_proceedings", m)
    rows.record("cpro_proceedings_id", p, app)
    rows.person("cpro_person_id", p)
    rows.date("cpro_application_date", app)
    rows.code("cpro_court", COURTS, pick(rng, [70, 20, 10], m))
    sought = (rng.random(m) < 0.04).astype(np.int64)  # 1 = a supervision order
    rows.code("cpro_order_sought", ORDER_SOUGHT, sought)
    rows.date("cpro_concluded_date", end, null=open_)
    rows.code("cpro_outcome", PROCEEDINGS_OUTCOME, np.where(open_, -1, outcome))
    em.write(rows)


def _write_uasc(ctx: Ctx, em: Emitter, per: Cols) -> None:
    """UASC status from entry to care to the 18th birthday (SSDA903 DUC)."""
    u = np.flatnonzero(per["uasc"])
    p = per["person"][u]
    first = first_per_key(p)
    u, p = u[first], p[first]
    start = per["start"][u]
    end = add_years(per["dob"][u], 18)
    keep = ctx.keep(start, end)
    p, start, end = p[keep], start[keep], end[keep]
    rows = em.rows("ssd_immigration_status", p.size)
    rows.sql("immi_immigration_status_id", f"printf('{em.prefix}P%07d-UASC', {{p}})", p=p)
    rows.person("immi_person_id", p)
    rows.date("immi_immigration_status_start_date", start)
    rows.date("immi_immigration_status_end_date", end, null=ctx.is_open(end))
    rows.const("immi_immigration_status", "UASC")
    em.write(rows)


def is_looked_after_on(cla: Care, day: int) -> np.ndarray:
    """Periods open on ``day`` (start <= day < end)."""
    per = cla["per"]
    return (per["start"] <= day) & (per["end"] > day)
