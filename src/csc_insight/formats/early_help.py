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

Each column is declared once below, with the canonical fields it fills; the template engine
(formats/template.py, formats/template_read.py) reads and writes the file from that. A faulty
row is held back with its rule id, not the whole file.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from csc_insight.formats.base import LoadOptions, Mode, SourceFile, Staged
from csc_insight.formats.template import (
    Rule,
    Table,
    Template,
    column,
    recognise_template,
    words,
    write_template,
)
from csc_insight.formats.template_read import stage_templates

FORMAT = "early_help"
MODE: Mode = "merge"

#: The record rules of this template, besides those of formats/rules.py.
RULES: dict[str, str] = {
    "eh-end-without-closure": "an early-help episode with an end date but no closure reason",
    "eh-closure-without-end": "a closure reason given for an early-help episode with no end date",
}

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
    tables=(
        Table("ssd_early_help_episodes"),
        # An ended episode's coded closure, which EH 7 and EH 9 count.
        Table(
            "ext_early_help_closures",
            where="end_date IS NOT NULL AND closure_reason IS NOT NULL",
            joined_by="episode_id",
        ),
    ),
    columns=(
        column("episode_id", "Episode ID", "earl_episode_id", "ehcl_episode_id"),
        column(
            "person_id",
            "Person ID",
            "earl_person_id",
            "ehcl_person_id",
            required=True,
            aliases=("Child ID",),
        ),
        column("start_date", "Start date", "earl_episode_start_date", kind="date", required=True),
        # The closure date is the episode's end.
        column("end_date", "End date", "earl_episode_end_date", "ehcl_closure_date", kind="date"),
        column("reason", "Reason for early help", "earl_episode_reason", aliases=("Reason",)),
        # An episode that ended with no coded closure is written as OTHER: the template needs a
        # reason for every end date.
        column(
            "closure_reason",
            "Closure reason",
            "ehcl_closure_reason",
            kind="choice",
            choices=CLOSURE_REASONS,
            hint=CLOSURE_HINT,
            written_blank_as=("end_date", "OTHER"),
        ),
        column("closure_notes", "Closure notes", "earl_episode_end_reason"),
        column(
            "organisation",
            "Organisation",
            "earl_episode_organisation",
            aliases=("Lead organisation",),
        ),
        column("worker_id", "Lead worker ID", "earl_episode_worker_id", aliases=("Worker ID",)),
    ),
    signature=("person_id", "start_date"),
    key_id="episode_id",
    key_from=("person_id", "start_date"),
    order=("person_id", "start_date", "episode_id"),
    rules=(
        Rule(
            "end_date < start_date",
            "End date",
            "the end date is before the start date",
            "date-order",
        ),
        Rule(
            "_t_end_date IS NOT NULL AND _t_closure_reason IS NULL",
            "Closure reason",
            "the episode has an end date but no closure reason",
            "eh-end-without-closure",
        ),
        Rule(
            "_t_closure_reason IS NOT NULL AND _t_end_date IS NULL",
            "End date",
            "a closure reason is given but no end date",
            "eh-closure-without-end",
        ),
    ),
)

TEMPLATES = {EPISODES.kind: EPISODES}


def recognise(path: Path) -> str | None:
    return recognise_template(path, [EPISODES])


def stage(
    con: duckdb.DuckDBPyConnection,
    files: list[SourceFile],
    options: LoadOptions = LoadOptions(),  # noqa: B008 - frozen, so one shared default is safe
) -> Staged:
    return stage_templates(con, files, TEMPLATES, FORMAT)


def write(con: duckdb.DuckDBPyConnection, out_dir: Path) -> list[Path]:
    """Write ``early_help_episodes.csv`` (nothing when there are no episodes)."""
    path = write_template(con, Path(out_dir), EPISODES)
    return [path] if path is not None else []
