from __future__ import annotations

from datetime import date

import pytest

from csc_insight.synth import Regime, SynthOptions
from csc_insight.synth.engine import authorities


def test_regime_parse() -> None:
    r = Regime.parse("2020-09-01:cla_entries=0.8,referrals=1.2")
    assert r.start == date(2020, 9, 1)
    assert r.effects == {"cla_entries": 0.8, "referrals": 1.2}


@pytest.mark.parametrize(
    "text", ["2020-09-01", "2020-13-01:referrals=1", "2020-09-01:referrals", "2020-09-01:nope=1",
             "2020-09-01:referrals=x", "2020-09-01:referrals=-1"],
)  # fmt: skip
def test_regime_parse_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        Regime.parse(text)


def test_window() -> None:
    assert SynthOptions(years=5).start == date(2016, 4, 1)
    assert SynthOptions(years=1, end=date(2022, 9, 30)).start == date(2022, 4, 1)


def test_bad_options() -> None:
    with pytest.raises(ValueError):
        SynthOptions(size="city")
    with pytest.raises(ValueError):
        SynthOptions(years=0)


def test_national_authorities() -> None:
    las = authorities(SynthOptions(size="national", seed=3))
    assert len(las) == 150
    assert len({code for code, _, _ in las}) == 150
    assert all(prefix == code and len(code) == 3 for code, prefix, _ in las)
    assert sum(m for _, _, m in las) == pytest.approx(150)
    sizes = sorted(m for _, _, m in las)
    assert sizes[0] < 0.6 and sizes[-1] > 2  # a spread of small and large authorities
