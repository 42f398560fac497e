"""Caseloads under a vacancy rate, against the catalogue's targets."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from csc_insight.forecast import caseloads
from csc_insight.forecast.demand import DemandForecast, Monthly
from csc_insight.forecast.simulate import Forecast, month_ends
from tests.forecast.helpers import ORIGIN


def test_the_targets_are_the_catalogues_w1_a_to_g() -> None:
    t = caseloads.catalogue_targets("2020-21")
    assert t["Assessment"] == 20 and t["Leaving Care"] == 25 and t["Children in Care"] == 16


def test_caseload_is_cases_over_the_posts_left_after_the_vacancy_rate() -> None:
    months = month_ends(ORIGIN, 12)
    counts = np.zeros((4, 13, 2, 5, 6), dtype=np.int32)
    counts[:, :, 0, 3, 0] = np.linspace(100, 110, 13).round().astype(np.int32)  # +10% in a year
    cla = Forecast(ORIGIN, months, counts)
    hist = Monthly(month_ends(date(2019, 3, 31), 12)[1:], np.full(12, 50.0))
    ref = DemandForecast(months[1:], np.full((4, 12), 50.0))  # referrals as before
    svc = [
        caseloads.Service("Children in Care", 150, 10.0, 16.0),
        caseloads.Service("Assessment", 180, 10.0, 20.0),
    ]
    cic, assess = caseloads.project(svc, cla, ref, hist, vacancy=0.1)
    assert cic.workers == pytest.approx(9.0)
    assert cic.caseload[0, 0] == pytest.approx(150 / 9)
    assert cic.caseload[0, -1] == pytest.approx(150 * 1.1 / 9)
    assert cic.breach() == 1.0  # 18.3 against 16
    assert assess.caseload[:, -1] == pytest.approx(np.full(4, 20.0))
    assert assess.breach() == 0.0  # exactly at the target is not above it
    with pytest.raises(ValueError, match="share of posts"):
        caseloads.project(svc, cla, ref, hist, vacancy=1.2)
