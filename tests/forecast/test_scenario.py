"""Scenarios: checked, applied, saved and read back; targets move the right way."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from csc_insight.errors import CscError
from csc_insight.forecast import scenario as sc
from csc_insight.forecast.simulate import _tables
from csc_insight.forecast.targets import chance_with, months_between, solve
from tests.forecast.helpers import ORIGIN, rates, start

BAD = [
    (dict(changes={"entries": sc.Change(multiply=-0.5)}), "multiplier -0.5"),
    (dict(changes={"arrivals": sc.Change()}), "'arrivals' is not a rate"),
    (dict(group="kent"), "group 'kent'"),
    (dict(changes={"leave": sc.Change(multiply=float("nan"))}), "leave multiplier nan"),
]


@pytest.mark.parametrize(("kwargs", "reason"), BAD)
def test_a_bad_scenario_is_refused_with_its_reason(kwargs: dict[str, Any], reason: str) -> None:
    with pytest.raises(CscError, match=reason.replace("(", r"\(")):
        sc.Scenario("s", **kwargs)


def test_an_addition_that_makes_a_rate_negative_is_refused() -> None:
    s = sc.Scenario("cut", "local", {"entries": sc.Change(add=-25.0)})
    with pytest.raises(CscError, match="local entries rate negative"):
        sc.apply(s, rates(entries=20.0))
    assert sc.apply(s, rates(entries=30.0)).entries[0, 0] == pytest.approx(5.0)


def test_outgoing_probabilities_stay_within_one_whatever_the_multiplier() -> None:
    r = rates(leave=0.5, moves={(0, 1): 0.5, (0, 2): 0.5})
    big = sc.apply(sc.Scenario("x", changes={"leave": sc.Change(20), "move": sc.Change(20)}), r)
    total, share, cdf = _tables(big, 0)
    p_event = 1 - np.exp(-total)
    assert (p_event <= 1).all() and (share <= 1).all()
    assert cdf[0, 0, -1] == pytest.approx(1.0)  # a move goes somewhere
    assert big.move[0, 0, 0, 0, 0] == 0.0  # never a move to where the child is


def test_changes_are_read_from_the_command_line_form() -> None:
    got = sc.parse_changes("entries=-20%,leave=x1.5,move=+0.01")
    assert got["entries"].multiply == pytest.approx(0.8)
    assert got["leave"] == sc.Change(1.5, 0.0)
    assert got["move"] == sc.Change(1.0, 0.01)
    with pytest.raises(CscError, match="not a number"):
        sc.parse_changes("entries=xfew")


def test_scenarios_are_saved_beside_the_store_and_read_back(tmp_path: Path) -> None:
    path = sc.scenario_file(tmp_path / "store.duckdb")
    a = sc.Scenario("fewer entries", "local", {"entries": sc.Change(0.8)}, "edge of care")
    sc.save(path, a)
    sc.save(path, sc.Scenario("more leaving", changes={"leave": sc.Change(1.2, 0.001)}))
    back = sc.load_all(path)
    assert back["fewer entries"] == a and list(back) == ["fewer entries", "more leaving"]
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(CscError, match="not a scenarios file"):
        sc.load_all(path)


def test_the_target_probability_falls_as_entries_rise() -> None:
    st, r = start([8.0] * 450, [0] * 450), rates(leave=0.04, entries=15.0)
    when = date(2022, 3, 31)
    assert months_between(ORIGIN, when) == 24
    chances = [
        chance_with(st, r, ORIGIN, when, 430, 0, "entries", m, sims=200) for m in (0.6, 0.8, 1, 1.2)
    ]
    assert chances == sorted(chances, reverse=True) and chances[0] > chances[-1]
    m50 = solve(st, r, ORIGIN, when, 430, 0, "entries", 0.5, 0.0, 2.0, sims=200)
    m80 = solve(st, r, ORIGIN, when, 430, 0, "entries", 0.8, 0.0, 2.0, sims=200)
    assert m50 is not None and m80 is not None and m80 < m50  # a surer target needs a bigger cut
    assert chance_with(st, r, ORIGIN, when, 430, 0, "entries", m80, sims=200) >= 0.8


def test_one_group_simulated_alone_leaves_the_other_at_zero() -> None:
    from csc_insight.forecast import states
    from csc_insight.forecast.simulate import Start, simulate

    local = start([5.0] * 40, [0] * 40)
    uasc = start([15.0] * 30, [0] * 30, uasc=1)
    both = Start((local.dob[0], uasc.dob[1]), (local.cat[0], uasc.cat[1]))
    r = rates(leave=0.05)
    alone = simulate(both, r, ORIGIN, 6, sims=50, seed=3, only=states.LOCAL)
    full = simulate(both, r, ORIGIN, 6, sims=50, seed=3)
    assert alone.series(states.UASC).sum() == 0 and (full.series(states.UASC)[:, 0] == 30).all()
    # the local children drew the same random numbers as in the full run: the same futures
    np.testing.assert_array_equal(alone.series(states.LOCAL), full.series(states.LOCAL))
    assert alone.series(states.LOCAL)[:, -1].mean() < 40
