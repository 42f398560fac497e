"""The front door: contacts and the decisions on them (ssd_contacts, ext_contact_decisions).

Every referral starts from a contact decided REFERRAL on the referral date; the other contacts
are on children new to the service (advice, no further action, early help) or already open
(OPEN_CASE). About 99% are decided within one working day.
"""

from __future__ import annotations

import numpy as np

from csc_insight.synth import codes
from csc_insight.synth.context import Ctx
from csc_insight.synth.people import People
from csc_insight.synth.sink import Emitter
from csc_insight.synth.vec import between, first_per_key, pick

Cols = dict[str, np.ndarray]

# Yearly contacts at borough size that are not referrals.
EARLY_HELP_CONTACTS = 1500.0
ADVICE = 3300.0
NFA = 2300.0
OPEN_CASE = 1900.0

REFERRAL, EARLY_HELP, ADVICE_I, NFA_I, OPEN_CASE_I = range(5)


def _decision_lag(rng: np.random.Generator, n: int) -> np.ndarray:
    """Working days from contact to decision: most the same day, ~99% within one."""
    u = rng.random(n)
    return np.where(u < 0.7, 0, np.where(u < 0.99, 1, between(rng, 2, 4, n)))


def _decide(ctx: Ctx, rng: np.random.Generator, contact: np.ndarray) -> np.ndarray:
    # a weekend contact is decided on the next working day (one working day later)
    lag = np.where(ctx.cal.is_working(contact), _decision_lag(rng, contact.size), 0)
    return ctx.cal.add(ctx.cal.on_or_after(contact), lag)


def eh_contacts(ctx: Ctx, people: People) -> Cols:
    """Contacts decided EARLY_HELP (new children), over the whole simulated span."""
    rng = ctx.rng("eh-contacts")
    c = ctx.arrivals(rng, EARLY_HELP_CONTACTS, ctx.t0, ctx.w1, "early_help")
    who = people.new(c)
    d = _decide(ctx, rng, c)
    return {"person": who, "contact": c, "decision": d, "eh_start": d + between(rng, 0, 10, c.size)}


def write(ctx: Ctx, em: Emitter, people: People, refs: Cols, ehc: Cols) -> None:
    rng = ctx.rng("front-door")
    cal = ctx.cal
    lo = ctx.w0 - 7

    # the contact behind each referral
    R = refs["R"]
    lag = _decision_lag(rng, R.size)
    ref_c = cal.sub(R, lag)
    parts = [(refs["person"], ref_c, R, np.full(R.size, REFERRAL), refs["source"])]

    # early help
    parts.append(
        (ehc["person"], ehc["contact"], ehc["decision"], np.full(ehc["person"].size, EARLY_HELP),
         pick(rng, codes.SOURCE_WEIGHT, ehc["person"].size))
    )  # fmt: skip

    # advice and no further action: children new to the front door
    for rate, decision, key in ((ADVICE, ADVICE_I, "contacts"), (NFA, NFA_I, "contacts")):
        c = ctx.arrivals(rng, rate, lo, ctx.w1, key)
        parts.append((people.new(c), c, _decide(ctx, rng, c), np.full(c.size, decision),
                      pick(rng, codes.SOURCE_WEIGHT, c.size)))  # fmt: skip

    # contacts about children whose case is open: spread over the days each case is open
    span_lo = np.maximum(R + 1, lo)
    span_hi = np.minimum(refs["close"], ctx.w1)
    length = np.maximum(span_hi - span_lo + 1, 0)
    c_days = ctx.arrivals(rng, OPEN_CASE, lo, ctx.w1, "contacts")
    if c_days.size and length.sum() > 0:
        i = rng.choice(R.size, size=c_days.size, p=length / length.sum())
        c = span_lo[i] + (rng.random(i.size) * length[i]).astype(np.int64)
        parts.append((refs["person"][i], c, _decide(ctx, rng, c), np.full(c.size, OPEN_CASE_I),
                      pick(rng, codes.SOURCE_WEIGHT, c.size)))  # fmt: skip

    p = np.concatenate([x[0] for x in parts])
    c = np.concatenate([x[1] for x in parts])
    d = np.concatenate([x[2] for x in parts])
    dec = np.concatenate([x[3] for x in parts])
    src = np.concatenate([x[4] for x in parts])
    # one contact per child per day, received in the window (an extract's first month is whole:
    # a contact received before it is not kept even if decided inside it); a decision after the
    # extract date is not made yet
    keep = first_per_key(p, c) & ctx.keep(c, c)
    p, c, d, dec, src = p[keep], c[keep], d[keep], dec[keep], src[keep]
    open_ = ctx.is_open(d)
    dec = np.where(open_, -1, dec)
    n = p.size

    rows = em.rows("ssd_contacts", n)
    rows.record("cont_contact_id", p, c)
    rows.person("cont_person_id", p)
    rows.date("cont_contact_date", c)
    rows.code("cont_contact_source_code", codes.SOURCE_CODES, src)
    rows.code("cont_contact_source_desc", codes.SOURCE_DESC, src)
    rows.code(
        "cont_contact_outcome_json",
        [f'{{"decision": "{x}"}}' for x in codes.CONTACT_DECISIONS],
        dec,
    )
    em.write(rows)

    rows = em.rows("ext_contact_decisions", n)
    rows.record("cond_contact_id", p, c)
    rows.person("cond_person_id", p)
    rows.date("cond_decision_date", d, null=open_)
    rows.code("cond_decision", codes.CONTACT_DECISIONS, dec)
    em.write(rows)
