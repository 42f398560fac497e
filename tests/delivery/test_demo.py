"""The demo's delivery records: the seed papers' projects, milestones and plan, their guardrails
mapped to real catalogue ids, each project matched to its MTFS proposal."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml

from csc_insight.delivery import demo, plan, status
from csc_insight.indicators import catalogue
from csc_insight.money import demo as money_demo

REFERENCE = Path(__file__).parents[3] / "shared" / "reference" / "seed-finance-and-plans.yaml"


def test_every_guardrail_is_a_catalogue_indicator_its_test_can_judge() -> None:
    records = demo.seed_records()
    ids = {i.id: i for i in catalogue.load()}
    assert records.guardrails
    for g in records.guardrails:
        assert g.indicator_id in ids, g
        if g.test == "no adverse signal":
            assert ids[g.indicator_id].polarity != "none", g  # a signal it can call adverse
        else:
            assert g.threshold is not None, g
    by_project = {
        p: {g.indicator_id for g in gs} for p, gs in records.guardrails_by_project().items()
    }
    assert by_project["CFE SAV02"] == {"EH 9", "FD 8"}
    assert {"CLA 3"} <= by_project["CFE SAV05"]
    assert by_project["CFE SAV06"] == {"CL ARE"}
    assert by_project["Staffing Review"] == {"W1", "CIN 4", "CP 13", "SUP 1"}


def test_every_project_delivers_an_mtfs_proposal_of_the_money_demo() -> None:
    records, money = demo.seed_records(), money_demo.seed_records()
    for p in records.projects:
        proposal = status.proposal_of(p, money)
        assert proposal is not None, p.ref
        assert proposal.category == "saving"
    sav02 = status.proposal_of(records.projects[0], money)
    assert sav02 is not None and sav02.amounts["2021-22"] == 424


def test_the_milestones_are_the_reference_files() -> None:
    if not REFERENCE.exists():  # the shared reference sits beside the repository
        return
    printed = yaml.safe_load(REFERENCE.read_text("utf-8"))["example_project_milestones"]
    ours = {(m.project, m.description): m for m in demo.seed_records().milestones}
    for m in printed:
        mine = ours[(m["project"], m["milestone"])]
        assert (mine.due, mine.status) == (m.get("due"), m.get("status"))


def test_the_improvement_plan_is_seed_004s() -> None:
    records = demo.seed_records()
    assert [(w.name, w.sro, w.progress) for w in records.workstreams] == [
        ("Practice", "Philip Segurola", "On track"),
        ("People and Performance", "Barbara Peacock", "On track"),
        ("Partnerships", "Barbara Peacock", "On track"),
        ("Platforms", "Richard Simpson", "On track"),
    ]
    assert [a.ref for a in records.actions] == ["2.10", "5.5", "7.3", "7.8"]
    view = {p.workstream.name: p.counts for p in plan.progress(records, date(2017, 12, 31))}
    assert view["Practice"]["not entered"] == 2  # due 31/12/2017: not late on the day
    after = {p.workstream.name: p.counts for p in plan.progress(records, date(2018, 1, 31))}
    assert after["Practice"]["overdue"] == 2
    assert after["People and Performance"]["completed"] == 1


def test_the_demo_rates_every_project_and_says_what_is_not_entered() -> None:
    records, money = demo.seed_records(), money_demo.seed_records()
    rated = {s.project.ref: s for s in status.statuses(records, money, date(2021, 6, 30))}
    # Remove vacant posts, due 01/04/2021, is in progress three months on
    assert rated["CFE SAV02"].delivery.rag == "Red"
    assert rated["CFE SAV02"].next_milestone is not None
    # no milestones, savings due but none entered: Grey, and the reason says why
    staffing = rated["Staffing Review"].delivery
    assert staffing.rag == "Grey"
    assert any("not entered" in r for r in staffing.reasons)
