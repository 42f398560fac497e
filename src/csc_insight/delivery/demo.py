"""The seed papers' projects, milestones, risks, guardrails and improvement plan as delivery
records: the demo data.

Read from data/seed_delivery.yaml (transcribed from seeds 003 and 004; its header says what
each part comes from and where each guardrail's threshold does). What the seeds do not give is
left not entered, never made up: risks are not scored, savings achieved to date are blank, a
milestone whose status is not printed has none.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import yaml

from csc_insight.delivery.model import (
    Action,
    DeliveryRecords,
    Guardrail,
    Milestone,
    Project,
    Risk,
    Workstream,
)
from csc_insight.indicators import catalogue
from csc_insight.money.demo import ENTERED_BY, ENTRY_003, SEED_003
from csc_insight.money.model import Entry, Source

SEED_004 = "seed 004 (Update on Children's Improvement Activity, 12 December 2017)"
OVERVIEWS = "section 9, project overviews"
GUARDRAIL_MAP = "guardrails mapped from the overview's performance metrics"
ENTRY_004 = Entry(ENTERED_BY, date(2017, 12, 12))


@cache
def seed_facts() -> dict[str, Any]:
    f = resources.files("csc_insight.delivery").joinpath("data", "seed_delivery.yaml")
    facts: dict[str, Any] = yaml.safe_load(f.read_text("utf-8"))
    return facts


def seed_records() -> DeliveryRecords:
    """Every seed project with its milestones, risks and guardrails, and the 2017 plan."""
    facts = seed_facts()
    projects, milestones, risks, guardrails = [], [], [], []
    for p in facts["projects"]:
        ref, source = p["ref"], Source(SEED_003, f"{OVERVIEWS}, {p['ref']}")
        projects.append(
            Project(
                ref,
                p["name"],
                p.get("manager"),
                p.get("description"),
                {},
                p.get("eqia"),
                p.get("impact"),
                p.get("consultation"),
                ENTRY_003,
                source,
            )
        )
        milestones += [_milestone(ref, m, source) for m in p.get("milestones", ())]
        risks += [
            Risk(ref, text, None, None, None, None, ENTRY_003, source)
            for text in p.get("risks", ())
        ]
        gsource = Source(SEED_003, f"{GUARDRAIL_MAP}, {ref}")
        guardrails += [_guardrail(ref, g, gsource) for g in p.get("guardrails", ())]
    plan = facts["improvement_plan"]
    wsource = Source(SEED_004, "paragraph 1.5 and the workstream table")
    workstreams = [
        Workstream(w["name"], w["sro"], w["progress"], ENTRY_004, wsource)
        for w in plan["workstreams"]
    ]
    asource = Source(SEED_004, "section 5, actions timetabled for December")
    actions = [
        Action(
            a["ref"],
            a["workstream"],
            a["action"],
            a.get("owner"),
            a.get("due"),
            a.get("status"),
            a.get("evidence"),
            ENTRY_004,
            asource,
        )
        for a in plan["actions"]
    ]
    return DeliveryRecords(
        tuple(projects),
        tuple(milestones),
        tuple(risks),
        tuple(guardrails),
        tuple(workstreams),
        tuple(actions),
    )


def _milestone(ref: str, m: dict[str, Any], source: Source) -> Milestone:
    return Milestone(
        ref, m["milestone"], m.get("owner"), m.get("due"), m.get("status"), None, ENTRY_003, source
    )


def _guardrail(ref: str, g: dict[str, Any], source: Source) -> Guardrail:
    ident = catalogue.get(g["indicator"]).id  # an id the catalogue does not know is refused
    threshold = g.get("threshold")
    return Guardrail(
        ref,
        ident,
        g["test"],
        None if threshold is None else float(threshold),
        g.get("why"),
        ENTRY_003,
        source,
    )
