"""Indicator settings, declared once (name, default, help). SQL reads them with getvariable('name').

Councils differ on a few choices (how often a child in need must be visited, which rule times a
visit to a child in care); each is a setting with the national or seed default, documented with the
catalogue. Override with `csc compute --set name=value`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    name: str
    default: str | int
    choices: tuple[str, ...] | None
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "cin_visit_days",
        28,
        None,
        "A child in need counts as visited in time if seen within this many calendar days before the month end (local: 4 weeks).",
    ),
    Setting(
        "cin_plan_review_months",
        6,
        None,
        "CIN 8: a child's CIN plan is up to date if it was made or last reviewed on or after the same calendar date "
        "this many months before the month end (local: 6; reviews from ext_cin_plan_reviews; with none loaded, only a "
        "new plan counts).",
    ),
    Setting(
        "cp_visit_working_days",
        20,
        None,
        "A child on a CP plan counts as visited in time if seen within this many working days before the month end (local: 20 working days, about 4 weeks).",
    ),
    Setting(
        "cla_visit_rule",
        "reg28",
        ("reg28", "six_weekly"),
        "CLA visits in time: `reg28` (Care Planning Regulations 2010 reg 28(2)-(5): within 1 week of a placement start, "
        "then at most every 6 weeks in the first year, then 3 months where the placement is intended to last until 18, "
        "else 6 weeks; weekly until the first review, then 4 weeks, at home under an interim care order or with a "
        "relative or friend under temporary approval; see CLA 10) or `six_weekly` (the seed's reading: a visit in the "
        "last 6 weeks).",
    ),
    Setting(
        "re_referral_months",
        12,
        None,
        "A referral is a re-referral if the child had a previous referral within this many months before it (DfE: 12).",
    ),
    Setting(
        "supervision_days",
        30,
        None,
        "Case supervision is within timescales if the case was supervised within this many days before the month end.",
    ),
    Setting(
        "staff_supervision_days",
        30,
        None,
        "A social worker counts as supervised if they had personal supervision within this many days before the month end.",
    ),
    Setting(
        "week_ends_on",
        "sunday",
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
        "The day a week ends on, for the weekly figures of the indicators marked weekly (default: weeks Monday to "
        "Sunday, the ISO week; a council reporting week ending Friday sets friday).",
    ),
    Setting(
        "step_down_days",
        28,
        None,
        "EH step-down: a closed children's social care case counts as stepped down to early help if an early help "
        "episode for the child started from its referral date to this many calendar days after it closed (local: "
        "4 weeks), as well as when it closed with reason RC9 (referred to early help).",
    ),
    Setting(
        "agency_premium_per_fte_year",
        20_000,
        None,
        "WF agency cost: what a full-time agency social worker costs in a year over a permanent one, in whole "
        "pounds (seed: 'each locum social worker costs over £20,000 more per annum compared to a permanent member "
        "of staff'); a month costs a twelfth of it for each agency FTE in post at the month end.",
    ),
)


def defaults() -> dict[str, str | int]:
    return {s.name: s.default for s in SETTINGS}


def resolve(overrides: dict[str, str] | None = None) -> dict[str, str | int]:
    """Defaults with overrides applied and checked; raises ValueError naming the bad setting."""
    values = defaults()
    by_name = {s.name: s for s in SETTINGS}
    for name, raw in (overrides or {}).items():
        if name not in by_name:
            raise ValueError(f"unknown setting {name!r}; settings: {', '.join(by_name)}")
        s = by_name[name]
        if isinstance(s.default, int):
            try:
                values[name] = int(raw)
            except ValueError:
                raise ValueError(f"setting {name} must be a whole number, not {raw!r}") from None
        else:
            if s.choices and raw not in s.choices:
                raise ValueError(
                    f"setting {name} must be one of {', '.join(s.choices)}, not {raw!r}"
                )
            values[name] = raw
    return values
