"""Early help template: csc-insight's own CSV template for early-help episodes.

Early-help data lives in early-help modules outside the case-management system's SSD extract, so
csc-insight defines one CSV file an analyst fills from that module (docs/formats/early_help.md),
recognised by its header. Each row is an episode (ssd_early_help_episodes, SSD v1.4.5 field
meanings); a row that is closed also gives the coded closure (ext_early_help_closures), which the
EH 7 and EH 9 indicators count. The closure codes are csc-insight's own (there is no national
early-help return); the friendly words councils use are accepted and mapped to them.

The episode id is the early-help system's when given; when blank it is derived as readers.md
says for a record with no identifier, ``<person id>-<yyyymmdd of the start>``, the id the
Annex A List 2 reader and the synthetic SSD extract give the same episode, so they merge.

The file reads with the template engine in formats/workforce.py.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from csc_insight.formats.base import Mode, SourceFile, Staged
from csc_insight.formats.workforce import (
    Output,
    Rule,
    Template,
    TemplateColumn,
    recognise_template,
    stage_templates,
    words,
    write_template,
)

FORMAT = "early_help"
MODE: Mode = "merge"

CLOSURE_REASONS = words(
    {
        "OUTCOMES_MET": ["Outcomes met", "Outcomes achieved", "Needs met", "Plan completed"],
        "DISENGAGED": [
            "Disengaged",
            "Family disengaged",
            "Family disengaged from support",
            "Did not engage",
            "Non-engagement",
            "Not engaging",
        ],
        "STEP_UP_CSC": [
            "Step up",
            "Stepped up",
            "Step up to CSC",
            "Stepped up to CSC",
            "Step up to social care",
            "Stepped up to social care",
            "Stepped up to children's social care",
            "Step up to children's social care",
            "Referred to CSC",
            "Referred to children's social care",
        ],
        "STEP_DOWN_UNIVERSAL": [
            "Step down",
            "Stepped down",
            "Step down to universal services",
            "Stepped down to universal services",
            "Universal services",
        ],
        "MOVED_AWAY": [
            "Moved away",
            "Family moved away",
            "Moved out of area",
            "Moved out of the area",
            "Moved to another local authority",
            "Moved to another LA",
        ],
        "DECLINED": [
            "Declined",
            "Family declined",
            "Declined support",
            "Consent withdrawn",
            "Withdrew consent",
            "Consent not given",
        ],
        "OTHER": [],
    }
)
CLOSURE_HINT = (
    "not a closure reason (expected Outcomes met, Family disengaged, Stepped up to CSC, "
    "Stepped down to universal services, Moved away, Declined or Other, or the codes "
    "OUTCOMES_MET, DISENGAGED, STEP_UP_CSC, STEP_DOWN_UNIVERSAL, MOVED_AWAY, DECLINED, OTHER)"
)

EPISODES = Template(
    kind="episodes",
    file_name="early_help_episodes.csv",
    columns=(
        TemplateColumn("episode_id", "Episode ID"),
        TemplateColumn("person_id", "Person ID", required=True, aliases=("Child ID",)),
        TemplateColumn("start_date", "Start date", "date", required=True),
        TemplateColumn("end_date", "End date", "date"),
        TemplateColumn("reason", "Reason for early help", aliases=("Reason",)),
        TemplateColumn(
            "closure_reason", "Closure reason", "choice", choices=CLOSURE_REASONS, hint=CLOSURE_HINT
        ),
        TemplateColumn("closure_notes", "Closure notes"),
        TemplateColumn("organisation", "Organisation", aliases=("Lead organisation",)),
        TemplateColumn("worker_id", "Lead worker ID", aliases=("Worker ID",)),
    ),
    signature=("person_id", "start_date"),
    key_id="episode_id",
    key_from=("person_id", "start_date"),
    rules=(
        Rule("end_date < start_date", "End date", "the end date is before the start date"),
        Rule(
            "_t_end_date IS NOT NULL AND _t_closure_reason IS NULL",
            "Closure reason",
            "the episode has an end date but no closure reason",
        ),
        Rule(
            "_t_closure_reason IS NOT NULL AND _t_end_date IS NULL",
            "End date",
            "a closure reason is given but no end date",
        ),
    ),
    outputs=(
        Output(
            "ssd_early_help_episodes",
            {
                "earl_episode_id": "_key",
                "earl_person_id": "person_id",
                "earl_episode_start_date": "start_date",
                "earl_episode_end_date": "end_date",
                "earl_episode_reason": "reason",
                "earl_episode_end_reason": "closure_notes",
                "earl_episode_organisation": "organisation",
                "earl_episode_worker_id": "worker_id",
            },
        ),
        Output(
            "ext_early_help_closures",
            {
                "ehcl_episode_id": "_key",
                "ehcl_person_id": "person_id",
                "ehcl_closure_date": "end_date",
                "ehcl_closure_reason": "closure_reason",
            },
            where="end_date IS NOT NULL AND closure_reason IS NOT NULL",
        ),
    ),
)

TEMPLATES = {EPISODES.kind: EPISODES}

#: The template's columns, written from the canonical tables. The closure date is the episode's
#: end; an episode that ended with no coded closure is written as OTHER, as the template needs
#: a reason for every end date.
WRITE_COLUMNS = [
    ("Episode ID", "e.earl_episode_id"),
    ("Person ID", "e.earl_person_id"),
    ("Start date", "e.earl_episode_start_date"),
    ("End date", "coalesce(e.earl_episode_end_date, c.ehcl_closure_date)"),
    ("Reason for early help", "e.earl_episode_reason"),
    (
        "Closure reason",
        "CASE WHEN coalesce(e.earl_episode_end_date, c.ehcl_closure_date) IS NOT NULL"
        " THEN coalesce(c.ehcl_closure_reason, 'OTHER') END",
    ),
    ("Closure notes", "e.earl_episode_end_reason"),
    ("Organisation", "e.earl_episode_organisation"),
    ("Lead worker ID", "e.earl_episode_worker_id"),
]


def recognise(path: Path) -> str | None:
    return recognise_template(path, [EPISODES])


def stage(con: duckdb.DuckDBPyConnection, files: list[SourceFile]) -> Staged:
    return stage_templates(con, files, TEMPLATES, "eh")


def write(con: duckdb.DuckDBPyConnection, out_dir: Path) -> list[Path]:
    """Write ``early_help_episodes.csv`` (nothing when there are no episodes)."""
    path = write_template(
        con,
        Path(out_dir) / EPISODES.file_name,
        WRITE_COLUMNS,
        "ssd_early_help_episodes e LEFT JOIN ext_early_help_closures c"
        " ON c.ehcl_episode_id = e.earl_episode_id",
        "e.earl_person_id, e.earl_episode_start_date, e.earl_episode_id",
    )
    return [path] if path is not None else []
