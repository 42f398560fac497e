"""ONS-style mid-year population estimates by single year of age (ext_population)."""

from __future__ import annotations

import numpy as np

from csc_insight.synth.context import Ctx
from csc_insight.synth.sink import Emitter
from csc_insight.synth.workdays import to_date

#: Children (0–17) in a London borough the size of the seed's (rates per 10,000 use this).
UNDER_18 = 95_000
#: Relative size of each single year of age 0–25 (a London age profile: fewer young adults at
#: 18–19 who leave for university, more in their twenties).
AGE_SHAPE = np.array([1.02, 1.02, 1.03, 1.04, 1.04, 1.03, 1.02, 1.01, 1.0, 0.99, 0.99, 0.98,
                      0.98, 0.97, 0.96, 0.96, 0.95, 0.95, 0.88, 0.86, 0.92, 0.98, 1.02, 1.06,
                      1.1, 1.12])  # fmt: skip
GROWTH = 0.006  # a year
MALE_SHARE = 0.511


def area_code(la_code: str) -> str:
    """A made-up ONS-style code (no real area is E99999…)."""
    return f"E99999{la_code}"


def write(ctx: Ctx, em: Emitter) -> None:
    rng = ctx.rng("population")
    # one estimate per financial year of the window (mid-year = 30 June), none after the end
    end = to_date(ctx.w1)
    last = end.year if (end.month, end.day) >= (6, 30) else end.year - 1
    years = np.arange(to_date(ctx.w0).year, last + 1)
    base = UNDER_18 * ctx.scale / AGE_SHAPE[:18].sum()
    ages = np.arange(26)
    yy, aa = np.meshgrid(years, ages, indexing="ij")
    level = base * AGE_SHAPE[aa] * (1 + GROWTH) ** (yy - years[0])
    level = level * (1 + 0.015 * rng.standard_normal(level.shape))
    male = np.round(level * MALE_SHARE * (1 + 0.01 * rng.standard_normal(level.shape)))
    female = np.round(level * (1 - MALE_SHARE))
    total = male + female
    y = np.tile(yy.ravel(), 3)
    a = np.tile(aa.ravel(), 3)
    sex = np.repeat([0, 1, 2], yy.size)
    count = np.concatenate([male.ravel(), female.ravel(), total.ravel()]).astype(np.int32)
    rows = em.rows("ext_population", y.size)
    rows.const("pop_area_code", area_code(ctx.la_code))
    rows.num("pop_year", y.astype(np.int32))
    rows.num("pop_age", a.astype(np.int32))
    rows.code("pop_sex", ["M", "F", "T"], sex)
    rows.num("pop_count", count)
    em.write(rows)
