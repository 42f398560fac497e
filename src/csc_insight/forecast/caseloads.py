"""Caseloads and vacancies: cases per worker by service, projected from the demand forecast
with a share of posts held vacant, against the catalogue's caseload targets.

Cases now are the allocations open at the origin (ssd_involvements, social workers' and
personal advisers' roles, as W1 local counts them) by the service of the allocation's team;
the workers are the service's funded case-holding posts (ext_workforce_posts) less the share
held vacant, whoever would otherwise fill them. Cases move with their service's driver: the
children in care forecast for Children in Care, nothing for Leaving Care (care leavers are not
modelled), and referrals in the last 12 months for every other service, relative to the 12
months before the origin. The targets are W1 a–g's, read from the catalogue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from importlib import resources

import duckdb
import numpy as np
import numpy.typing as npt
import yaml

from csc_insight.financial_year import label as fy_label
from csc_insight.forecast.demand import DemandForecast, Monthly
from csc_insight.forecast.simulate import Forecast

FloatArray = npt.NDArray[np.float64]

_CASES_SQL = """
SELECT coalesce(d.dept_team_parent_name, 'no service'), count(*)
FROM (SELECT DISTINCT invo_professional_id, invo_person_id, invo_professional_team
      FROM ssd_involvements
      WHERE coalesce(invo_professional_role_id, 'SW') IN ('SW', 'PA')
        AND invo_involvement_start_date <= ? AND (invo_involvement_end_date IS NULL
        OR invo_involvement_end_date > ?)) i
LEFT JOIN ssd_department d ON d.dept_team_id = i.invo_professional_team
GROUP BY 1
"""
_POSTS_SQL = """
SELECT d.dept_team_parent_name, sum(p.wpost_fte)
FROM ext_workforce_posts p JOIN ssd_department d ON d.dept_team_id = p.wpost_team_id
WHERE p.wpost_case_holding = 'Y' AND p.wpost_start_date <= ?
  AND (p.wpost_end_date IS NULL OR p.wpost_end_date > ?)
GROUP BY 1
"""


@dataclass(frozen=True)
class Service:
    name: str
    cases: int
    posts_fte: float
    target: float | None


def read_services(con: duckdb.DuckDBPyConnection, origin: date) -> list[Service]:
    cases = dict(con.execute(_CASES_SQL, [origin, origin]).fetchall())
    posts = dict(con.execute(_POSTS_SQL, [origin, origin]).fetchall())
    targets = catalogue_targets(fy_label(origin))
    return [
        Service(n, int(cases.get(n, 0)), float(posts.get(n, 0.0)), targets.get(n))
        for n in sorted(set(cases) | set(posts))
        if n in targets
    ]


def catalogue_targets(year: str) -> dict[str, float]:
    """Service name → caseload target, from the catalogue's W1 a–g (the year's, else the
    latest given)."""
    text = (
        resources.files("csc_insight.indicators")
        .joinpath("catalogue/workforce.yaml")
        .read_text(encoding="utf-8")
    )
    out: dict[str, float] = {}
    for entry in yaml.safe_load(text):
        if not re.fullmatch(r"W1 [a-z]", str(entry.get("id", ""))):
            continue
        found = re.search(r"dept_team_parent_name = '([^']+)'", entry["definition"]["exclusions"])
        targets = entry.get("target") or {}
        if found and targets:
            t = targets.get(year, targets[max(targets)])
            out[found[1]] = float(t)
    return out


@dataclass(frozen=True)
class CaseloadResult:
    service: Service
    vacancy: float
    driver: str
    months: list[date]
    caseload: FloatArray  # (S, horizon + 1), month 0 = the origin

    @property
    def workers(self) -> float:
        return self.service.posts_fte * (1 - self.vacancy)

    def breach(self, at: int = -1) -> float:
        """P(caseload above target) at month ``at``."""
        t = self.service.target
        return float("nan") if t is None else float(np.mean(self.caseload[:, at] > t))


def project(
    services: list[Service], cla: Forecast, referrals: DemandForecast, history: Monthly,
    vacancy: float,
) -> list[CaseloadResult]:  # fmt: skip
    """Each service's caseload by month under ``vacancy`` (a share of posts held vacant)."""
    if not 0 <= vacancy < 1:
        raise ValueError("the vacancy rate is a share of posts: from 0 up to (not including) 1")
    cla_total = cla.series(None).astype(float)
    cla_ratio = cla_total / np.maximum(cla_total[:, :1], 1)
    ref_ratio = _referral_ratio(referrals, history, cla_total.shape[0])
    h = min(cla_ratio.shape[1], ref_ratio.shape[1])
    out = []
    for s in services:
        if s.name == "Children in Care":
            driver, ratio = "children in care", cla_ratio[:, :h]
        elif s.name == "Leaving Care":
            driver, ratio = "held level", np.ones((cla_ratio.shape[0], h))
        else:
            driver, ratio = "referrals (12 months)", ref_ratio[:, :h]
        workers = s.posts_fte * (1 - vacancy)
        load = s.cases * ratio / workers if workers > 0 else np.full(ratio.shape, np.inf)
        out.append(CaseloadResult(s, vacancy, driver, cla.months[:h], load))
    return out


def _referral_ratio(f: DemandForecast, history: Monthly, sims: int) -> FloatArray:
    """Referrals in the 12 months to each month end ÷ those in the 12 months to the origin."""
    past = history.counts[-12:]
    base = max(float(past.sum()), 1.0)
    s = f.sims[np.arange(sims) % f.sims.shape[0]]
    both = np.concatenate([np.broadcast_to(past, (sims, len(past))), s], axis=1)
    csum = np.concatenate([np.zeros((sims, 1)), np.cumsum(both, axis=1)], axis=1)
    n = len(past)
    rolling = csum[:, n:] - csum[:, : csum.shape[1] - n]  # 12-month sums ending at the origin..
    return np.asarray(rolling[:, : s.shape[1] + 1] / base)
