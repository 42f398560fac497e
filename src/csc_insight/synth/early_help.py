"""Early help episodes (from contacts decided EARLY_HELP and step-downs) and their closures."""

from __future__ import annotations

import numpy as np

from csc_insight.synth import codes
from csc_insight.synth.context import Ctx
from csc_insight.synth.sink import Emitter
from csc_insight.synth.vec import between, lognormal_days, pick
from csc_insight.synth.workdays import add_years

STEP_UP = codes.EH_CLOSURE.index("STEP_UP_CSC")


def episodes(
    ctx: Ctx, rng: np.random.Generator, person: np.ndarray, start: np.ndarray, dob: np.ndarray
) -> dict[str, np.ndarray]:
    """Episodes starting on ``start``; a STEP_UP_CSC closure hands the child back as a referral."""
    n = person.size
    b18 = add_years(dob, 18)
    end = np.minimum(start + lognormal_days(rng, 150, 0.55, n), b18 - 1)
    end = np.maximum(end, start)
    closure = pick(rng, codes.EH_CLOSURE_WEIGHT, n)
    step_up_day = ctx.cal.on_or_after(end + between(rng, 0, 3, n))
    step_up = (closure == STEP_UP) & (step_up_day < b18 - 30) & (step_up_day <= ctx.w1)
    return {
        "person": person,
        "start": start,
        "end": end,
        "closure": closure,
        "reason": pick(rng, [1] * len(codes.EH_REASON), n),
        "org": pick(rng, codes.EH_ORGANISATION_WEIGHT, n),
        "step_up": step_up,
        "step_up_day": step_up_day,
    }


def write(ctx: Ctx, em: Emitter, eh: dict[str, np.ndarray], worker: np.ndarray) -> None:
    keep = ctx.keep(eh["start"], eh["end"])
    p, s, e = eh["person"][keep], eh["start"][keep], eh["end"][keep]
    open_ = ctx.is_open(e)
    closure = np.where(open_, -1, eh["closure"][keep])
    n = p.size
    rows = em.rows("ssd_early_help_episodes", n)
    rows.record("earl_episode_id", p, s)
    rows.person("earl_person_id", p)
    rows.date("earl_episode_start_date", s)
    rows.date("earl_episode_end_date", e, null=open_)
    rows.code("earl_episode_reason", codes.EH_REASON, eh["reason"][keep])
    rows.code("earl_episode_end_reason", codes.EH_CLOSURE_TEXT, closure)
    rows.code("earl_episode_organisation", codes.EH_ORGANISATION, eh["org"][keep])
    w = worker[keep]
    rows.ident("earl_episode_worker_id", "W", w, 5, null=w < 0)
    em.write(rows)

    closed = ~open_
    rows = em.rows("ext_early_help_closures", int(closed.sum()))
    rows.record("ehcl_episode_id", p[closed], s[closed])
    rows.person("ehcl_person_id", p[closed])
    rows.date("ehcl_closure_date", e[closed])
    rows.code("ehcl_closure_reason", codes.EH_CLOSURE, closure[closed])
    em.write(rows)
