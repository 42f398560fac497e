"""The workforce: teams, funded posts, who filled them when (establishment or agency), the
workers in the case-management system, and their personal supervision."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from csc_insight.synth.context import Ctx
from csc_insight.synth.sink import Emitter
from csc_insight.synth.vec import first_per_key, renewal
from csc_insight.synth.workdays import ymd

SERVICES = [
    "Front Door",
    "Assessment",
    "Social Work with Families",
    "Children in Care",
    "Children with Disabilities",
    "Leaving Care",
    "Adolescents",
    "Early Help",
]
FRONT_DOOR, ASSESSMENT, SWWF, CIC, CWD, LEAVING_CARE, ADOLESCENTS, EARLY_HELP = range(8)
TEAM_STEM = ["MASH", "Assessment", "SWWF", "Children in Care", "CWD", "Leaving Care",
             "Adolescents", "Early Help"]  # fmt: skip
#: Cases a worker is meant to hold, by service (the workforce is sized from demand with these).
TARGET_CASELOAD = [0, 17.5, 17.5, 17.0, 17.0, 25.0, 13.0, 18.0]
CASE_ROLE = ["SOCIAL_WORKER"] * 5 + ["PERSONAL_ADVISER", "SOCIAL_WORKER", "EARLY_HELP_WORKER"]
ROLES = ["SOCIAL_WORKER", "SENIOR_PRACTITIONER", "TEAM_MANAGER", "SERVICE_MANAGER",
         "PERSONAL_ADVISER", "EARLY_HELP_WORKER"]  # fmt: skip
SW, SP, TM, SM, PA, EHW = range(6)
JOB_TITLE = ["Social Worker", "Senior Practitioner", "Team Manager", "Service Manager",
             "Personal Adviser", "Early Help Practitioner"]  # fmt: skip
GRADE = ["Grade 11", "Grade 12", "Grade 13", "Grade 15", "Grade 9", "Grade 9"]
TEAM_SIZE = 7  # case-holding posts per team

# Staff flows (yearly rates) tuned to the seed: turnover ~15%, vacancy ~20-27%, agency ~15-30%.
ESTABLISHMENT_AT_START = 0.77
TURNOVER = 0.18
VACANCY_MEAN_YEARS = 1.9
AGENCY_COVER = 0.85
AGENCY_MEAN_YEARS = 0.9
NQSW_SHARE = 0.2  # of new establishment social workers
NOT_CASE_HOLDING = 0.04  # maternity leave, long-term sick
LEAVING_REASON = ["RESIGNED", "RETIRED", "CAREER_BREAK", "DISMISSED", "OTHER"]
LEAVING_WEIGHT = [70, 8, 8, 4, 10]

FIRST_NAMES = ["Amara", "Ben", "Chloe", "Dev", "Efua", "Femi", "Grace", "Hari", "Isla", "Jon",
               "Kemi", "Liam", "Maya", "Nia", "Omar", "Priya", "Quinn", "Rosa", "Sam", "Tariq",
               "Uma", "Vic", "Wes", "Yara", "Zoe"]  # fmt: skip
SURNAMES = ["Adeyemi", "Brook", "Clarke", "Dunmore", "Ellison", "Fairley", "Gant", "Hollis",
            "Ives", "Jarrow", "Kerr", "Lowe", "Marsh", "Norbury", "Okafor", "Penn", "Quarry",
            "Rowe", "Selby", "Thorne", "Upton", "Vance", "Wells", "Yeats", "Zeller"]  # fmt: skip


@dataclass
class Workforce:
    # teams
    team_service: np.ndarray
    team_name: list[str]
    # posts
    post_team: np.ndarray
    post_role: np.ndarray
    post_fte: np.ndarray
    post_start: np.ndarray
    # assignments (one staff member may have two: the ASYE year, then the rest)
    a_staff: np.ndarray
    a_post: np.ndarray
    a_team: np.ndarray
    a_role: np.ndarray
    a_agency: np.ndarray
    a_nqsw: np.ndarray
    a_fte: np.ndarray
    a_start: np.ndarray
    a_end: np.ndarray  # exclusive: the first day not in post
    a_reason: np.ndarray  # index into LEAVING_REASON, -1 none (or moved to the next assignment)
    a_holding: np.ndarray

    def manager_at(self, team: np.ndarray, day: np.ndarray, role: int = TM) -> np.ndarray:
        """Staff number of the team's manager on ``day`` (-1 if the post was empty)."""
        m = np.flatnonzero(self.a_role == role)
        key_team = self.a_team[m] if role == TM else self.team_service[self.a_team[m]]
        order = np.lexsort((self.a_start[m], key_team))
        m, key_team = m[order], key_team[order]
        keys = key_team * 100000 + self.a_start[m]
        q_team = team if role == TM else self.team_service[team]
        i = np.searchsorted(keys, q_team * 100000 + day, side="right") - 1
        ok = (i >= 0) & (key_team[np.maximum(i, 0)] == q_team)
        ok &= self.a_end[m[np.maximum(i, 0)]] > day
        return np.where(ok, self.a_staff[m[np.maximum(i, 0)]], -1)


def plan_teams(ctx: Ctx, cases: np.ndarray) -> tuple[np.ndarray, list[str], np.ndarray]:
    """Teams per service sized from the average open cases (``cases`` per service).

    Returns (team service, team names, case-holding posts per team).
    """
    services, names, posts = [], [], []
    for s, stem in enumerate(TEAM_STEM):
        if s == FRONT_DOOR:
            need = max(2, round(9 * ctx.scale))
        else:
            # posts cover the caseload with headroom for vacancies left unfilled
            need = max(2, int(np.ceil(cases[s] / TARGET_CASELOAD[s] / 0.86)))
        n_teams = max(1, int(np.ceil(need / TEAM_SIZE)))
        sizes = np.full(n_teams, need // n_teams) + (np.arange(n_teams) < need % n_teams)
        for k, size in enumerate(sizes):
            services.append(s)
            names.append(stem if n_teams == 1 else f"{stem} {k + 1}")
            posts.append(int(size))
    return np.array(services), names, np.array(posts)


def build(ctx: Ctx, cases: np.ndarray) -> Workforce:
    rng = ctx.rng("workforce")
    team_service, team_name, team_posts = plan_teams(ctx, cases)
    e0 = ctx.w0 - 2 * 365  # staff histories are drawn from here (earlier occupants backdated)
    post_team, post_role = [], []
    for t, (s, k) in enumerate(zip(team_service, team_posts, strict=True)):
        roles = [TM]
        if s == LEAVING_CARE:
            roles += [SP] + [PA] * (k - 1)
        elif s == EARLY_HELP:
            roles += [EHW] * k
        else:
            roles += [SP] * max(1, k // 4) + [SW] * (k - max(1, k // 4))
        if t == 0 or team_service[t - 1] != s:
            roles.append(SM)  # the service manager sits in the service's first team
        post_team += [t] * len(roles)
        post_role += roles
    post_team_a = np.array(post_team)
    post_role_a = np.array(post_role)
    n_posts = post_team_a.size
    post_fte = np.where(rng.random(n_posts) < 0.9, 1.0, 0.8)
    post_start = ctx.w0 - 365 * rng.integers(3, 12, n_posts)

    cols: dict[str, list] = {k: [] for k in ("staff", "post", "agency", "nqsw", "fte", "start",
                                             "end", "reason", "holding")}  # fmt: skip
    staff_no = 0
    horizon = ctx.w1 + 1
    yr = 365.25

    def add(post: int, agency: bool, nqsw: bool, start: int, end: int, reason: int) -> None:
        nonlocal staff_no
        staff_no += 1
        holding = agency or rng.random() >= NOT_CASE_HOLDING
        fte = 1.0 if agency else float(rng.choice([1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.8, 0.6]))
        pieces = [(start, end, reason, nqsw)]
        if nqsw and end - start > 365:
            pieces = [(start, start + 365, -1, True), (start + 365, end, reason, False)]
        for s_, e_, r_, q_ in pieces:
            cols["staff"].append(staff_no)
            cols["post"].append(post)
            cols["agency"].append(agency)
            cols["nqsw"].append(q_)
            cols["fte"].append(fte)
            cols["start"].append(s_)
            cols["end"].append(e_)
            cols["reason"].append(r_)
            cols["holding"].append(holding)

    for post in range(n_posts):
        role = post_role_a[post]
        turnover = TURNOVER * (0.7 if role in (TM, SM) else 1.0)
        t = e0
        if rng.random() < ESTABLISHMENT_AT_START:
            start = e0 - int(rng.exponential(5 * yr)) - 1
            end = t + int(rng.exponential(yr / turnover)) + 1
            add(post, False, False, start, end, int(rng.choice(5, p=_p(LEAVING_WEIGHT))))
            t = end
        while t < horizon:
            # vacant: agency cover until someone is recruited
            hire = t + int(rng.exponential(VACANCY_MEAN_YEARS * yr)) + 1
            a = t
            if rng.random() < AGENCY_COVER:
                a += int(rng.integers(0, 31))
                while a < min(hire, horizon):
                    a_end = min(a + int(rng.exponential(AGENCY_MEAN_YEARS * yr)) + 30, hire)
                    add(post, True, False, a, a_end, -1)
                    a = a_end + int(rng.integers(0, 15))
            if hire >= horizon:
                break
            end = hire + int(rng.exponential(yr / turnover)) + 1
            nqsw = role == SW and rng.random() < NQSW_SHARE
            add(post, False, nqsw, hire, end, int(rng.choice(5, p=_p(LEAVING_WEIGHT))))
            t = end

    a_post = np.array(cols["post"], dtype=np.int64)
    return Workforce(
        team_service=team_service,
        team_name=team_name,
        post_team=post_team_a,
        post_role=post_role_a,
        post_fte=post_fte,
        post_start=post_start,
        a_staff=np.array(cols["staff"], dtype=np.int64),
        a_post=a_post,
        a_team=post_team_a[a_post],
        a_role=post_role_a[a_post],
        a_agency=np.array(cols["agency"], dtype=bool),
        a_nqsw=np.array(cols["nqsw"], dtype=bool),
        a_fte=np.array(cols["fte"]),
        a_start=np.array(cols["start"], dtype=np.int64),
        a_end=np.array(cols["end"], dtype=np.int64),
        a_reason=np.array(cols["reason"], dtype=np.int64),
        a_holding=np.array(cols["holding"], dtype=bool),
    )


def _p(weights: Sequence[float]) -> np.ndarray:
    w = np.asarray(weights, dtype=float)
    return w / w.sum()


def write(ctx: Ctx, em: Emitter, wf: Workforce, caseload: np.ndarray) -> None:
    """Departments, posts, staff assignments, professionals and staff supervision.

    ``caseload`` is the cases each staff member held at the extract date (by staff number).
    """
    rng = ctx.rng("workforce-write")
    n_t = wf.team_service.size
    rows = em.rows("ssd_department", n_t)
    rows.ident("dept_team_id", "T", np.arange(1, n_t + 1), 3)
    rows.text("dept_team_name", wf.team_name)
    rows.ident("dept_team_parent_id", "SV", wf.team_service + 1, 1)
    rows.code("dept_team_parent_name", SERVICES, wf.team_service)
    em.write(rows)

    n_p = wf.post_team.size
    rows = em.rows("ext_workforce_posts", n_p)
    rows.ident("wpost_post_id", "POST", np.arange(1, n_p + 1), 5)
    rows.ident("wpost_team_id", "T", wf.post_team + 1, 3)
    rows.code("wpost_job_title", JOB_TITLE, wf.post_role)
    rows.code("wpost_role", ROLES, wf.post_role)
    rows.code("wpost_grade", GRADE, wf.post_role)
    rows.num("wpost_fte", wf.post_fte)
    holding = np.isin(wf.post_role, [SW, SP, PA, EHW]) & (wf.team_service[wf.post_team] != 0)
    rows.code("wpost_case_holding", ["Y", "N"], np.where(holding, 0, 1))
    rows.date("wpost_start_date", wf.post_start)
    em.write(rows)

    last = wf.a_end - 1
    keep = ctx.keep(wf.a_start, last)
    k = np.flatnonzero(keep)
    open_ = ctx.is_open(last[k])
    rows = em.rows("ext_workforce_staff", k.size)
    rows.ident("wstaf_assignment_id", "A", k + 1, 6)
    rows.ident("wstaf_staff_id", "S", wf.a_staff[k], 5)
    rows.ident("wstaf_professional_id", "W", wf.a_staff[k], 5)
    rows.ident("wstaf_post_id", "POST", wf.a_post[k] + 1, 5)
    rows.ident("wstaf_team_id", "T", wf.a_team[k] + 1, 3)
    rows.code("wstaf_role", ROLES, wf.a_role[k])
    rows.code("wstaf_agency", ["Y", "N"], np.where(wf.a_agency[k], 0, 1))
    rows.code("wstaf_nqsw", ["Y", "N"], np.where(wf.a_nqsw[k], 0, 1))
    rows.num("wstaf_fte", wf.a_fte[k])
    rows.date("wstaf_start_date", wf.a_start[k])
    rows.date("wstaf_end_date", last[k], null=open_)
    reason = np.where(open_ | wf.a_agency[k], -1, wf.a_reason[k])
    reason = np.where(wf.a_agency[k] & ~open_, len(LEAVING_REASON), reason)
    rows.code("wstaf_leaving_reason", [*LEAVING_REASON, "END_OF_CONTRACT"], reason)
    holding_a = wf.a_holding[k] & holding[wf.a_post[k]]
    rows.code("wstaf_case_holding", ["Y", "N"], np.where(holding_a, 0, 1))
    em.write(rows)

    # professionals: every staff member (records from before the window name them too), as
    # in their latest assignment
    order = np.lexsort((-wf.a_start, wf.a_staff))
    kk = order[first_per_key(wf.a_staff[order])]
    staff = wf.a_staff[kk]
    n = staff.size
    rows = em.rows("ssd_professionals", n)
    rows.ident("prof_professional_id", "W", staff, 5)
    rows.ident("prof_staff_id", "S", staff, 5)
    first = np.array(FIRST_NAMES)[(staff + ctx.index) % len(FIRST_NAMES)]
    last_name = np.array(SURNAMES)[(staff * 7 + staff // 25 + ctx.index) % len(SURNAMES)]
    rows.sql("prof_professional_name", "{f} || ' ' || {s}", f=first, s=last_name)
    # Social Work England numbers: unique across authorities in a national run
    social = np.isin(wf.a_role[kk], [SW, SP, TM, SM])
    rows.sql(
        "prof_social_worker_registration_no",
        "CASE WHEN {s} THEN printf('SW%07d', {n}) END",
        s=social,
        n=ctx.index * 100000 + staff,
    )
    rows.code("prof_agency_worker_flag", ["Y", "N"], np.where(wf.a_agency[kk], 0, 1))
    rows.code("prof_professional_job_title", JOB_TITLE, wf.a_role[kk])
    cl = caseload[staff] if caseload.size else np.zeros(n, dtype=np.int64)
    rows.num("prof_professional_caseload", cl.astype(np.int32))
    rows.ident("prof_professional_department", "T", wf.a_team[kk] + 1, 3)
    rows.num("prof_full_time_equivalency", wf.a_fte[kk])
    em.write(rows)

    # personal supervision of social workers and personal advisers: about monthly
    sup = np.flatnonzero(keep & np.isin(wf.a_role, [SW, SP, PA]))
    s = np.maximum(wf.a_start[sup], ctx.w0 - 60)
    stop = np.minimum(last[sup], ctx.w1)

    def first_gap(r: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
        return r.integers(1, 31, shape)

    def gap(r: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
        return np.where(
            r.random(shape) < 0.75, r.integers(16, 31, shape), r.integers(31, 50, shape)
        )

    i, t = renewal(rng, s, stop, first_gap, gap)
    a = sup[i]
    st = wf.a_staff[a]
    ok = ctx.keep(t, t) & first_per_key(st, t)
    a, st, t = a[ok], st[ok], t[ok]
    boss = wf.manager_at(wf.a_team[a], t)
    rows = em.rows("ext_staff_supervision", st.size)
    rows.sql("ssup_supervision_id", f"printf('{em.prefix}S%05d-%08d', {{s}}, {{d}})",
             s=st, d=ymd(t))  # fmt: skip
    rows.ident("ssup_staff_id", "S", st, 5)
    rows.date("ssup_supervision_date", t)
    rows.ident("ssup_supervisor_staff_id", "S", boss, 5, null=boss < 0)
    em.write(rows)
