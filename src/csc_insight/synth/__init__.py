"""Synthetic borough: a seeded simulation of children's journeys through children's services.

    from csc_insight.synth import SynthOptions, simulate, Regime
    con = simulate(SynthOptions(size="borough", years=5, seed=1))

fills every canonical table in a DuckDB connection. No real child data: every person, worker and
place code is made up.
"""

from __future__ import annotations

from csc_insight.synth.engine import simulate
from csc_insight.synth.options import Regime, SynthOptions

__all__ = ["Regime", "SynthOptions", "simulate"]
