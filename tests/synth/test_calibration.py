"""The borough's 2020/21 figures are near the seed's (reference/seed-kpis-2020-21.csv)."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from tests.synth.metrics import year_figures

#: Ranges the 2020/21 figures of a borough must fall in (seed value or brief in the comment).
RANGES = {
    "referrals": (4000, 6000),  # ~5,000
    "re_referral_pct": (18, 32),  # 26%
    "assessments": (3800, 5400),  # ~4,500
    "assessment_45wd_pct": (70, 85),  # 77%
    "s47": (950, 1450),  # ~1,200
    "icpc": (430, 680),  # ~550
    "icpc_15wd_pct": (60, 80),  # 69%
    "cp_second_pct": (15, 30),  # 27%
    "cp_open": (350, 550),  # ~450
    "cla_local": (400, 560),  # 481
    "cla_uasc": (150, 270),  # 210
    "care_leaver_rows": (450, 900),  # ~600
    "appeal_rights_exhausted": (40, 85),  # 60 at 31/10/2020 (seed 003, CFE SAV06)
    "care_leaver_eet_pct": (52, 66),  # 57-63%
    "missing_per_month": (100, 220),  # ~150
    "contacts_1wd_pct": (97, 100),  # 99%
    "eh_disengaged_pct": (15, 26),  # 22%
    "eh_step_up_pct": (10, 20),  # 15%
    "cp_visited_20wd_pct": (93, 100),  # 99%
    "cin_visited_4wk_pct": (78, 95),  # 81-96%
    "cla_visited_6wk_pct": (90, 99),  # 95%
    "caseload": (12, 20),  # 14-17
    "case_supervision_pct": (83, 95),  # 89%
    "staff_supervised_30d_pct": (84, 96),  # ~90%
    "audits_per_quarter": (25, 65),  # 38-50
    "agency_pct": (10, 35),  # 15-30%
    "vacancy_pct": (15, 32),  # 20-27%
}


@pytest.fixture(scope="module")
def figures(borough: duckdb.DuckDBPyConnection, seed_year: date) -> dict[str, float]:
    return year_figures(borough, seed_year)


@pytest.mark.parametrize("name", list(RANGES))
def test_in_range(figures: dict[str, float], name: str) -> None:
    lo, hi = RANGES[name]
    assert lo <= figures[name] <= hi, f"{name} = {figures[name]:.1f}, expected {lo}–{hi}"


def test_contacts_per_referral(figures: dict[str, float]) -> None:
    assert 2.3 <= figures["contacts"] / figures["referrals"] <= 3.2


def test_under_18_population(figures: dict[str, float]) -> None:
    assert 90_000 <= figures["under_18"] <= 100_000


def test_children_in_need(figures: dict[str, float]) -> None:
    """CIN plans ≈ 70 per 10,000 (the seed's CIN 1); all open CIN episodes incl. CP and CLA
    nearer the national ~300 per 10,000."""
    plans = figures["cin_plans_open"] / figures["under_18"] * 1e4
    assert 55 <= plans <= 95
    episodes = figures["cin_open"] / figures["under_18"] * 1e4
    assert 200 <= episodes <= 360
