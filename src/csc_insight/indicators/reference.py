"""docs/catalogue.md: every indicator with its definition, and every setting, from the YAML."""

from __future__ import annotations

from csc_insight.indicators import catalogue, settings
from csc_insight.indicators.published import Published

POLARITY = {"BIB": "bigger is better", "SIB": "smaller is better", "none": "none (context)"}
PARTS = {
    "numerator": "Numerator",
    "denominator": "Denominator",
    "period": "Period",
    "dates": "Dates used",
    "working_days": "Working days",
    "exclusions": "Exclusions",
    "source": "Source",
}


def catalogue_markdown() -> str:
    inds = catalogue.load()
    lines = [
        "# Indicator catalogue",
        "",
        "<!-- Generated from src/csc_insight/indicators/catalogue/*.yaml by `csc docs`; do not edit. -->",
        "",
        "Every indicator csc-insight computes, in the order of the child's journey, and the "
        "published annual figures it reads (education's: not computed, defined here all the "
        "same). How to add one: [indicators.md](indicators.md).",
        "",
        "| id | title | polarity | unit | kind | target 2020-21 |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for i in inds:
        target = i.targets.get("2020-21")
        lines.append(
            f"| [{i.id}](#{i.slug}) | {i.title} | {i.polarity} | {i.unit} | {i.kind} | {'' if target is None else f'{target:g}'} |"
        )
    for p in catalogue.published_figures():
        lines.append(
            f"| [{p.id}](#{p.slug}) | {p.title} | {p.polarity} | {p.unit} | published (annual) | |"
        )
    for area, name in catalogue.AREAS.items():
        members = [i for i in inds if i.area == area]
        if not members and not any(p.area == area for p in catalogue.published_figures()):
            continue
        lines += ["", f"## {name}"]
        for i in members:
            lines += ["", f'<a id="{i.slug}"></a>', "", f"### {i.id}: {i.title}", ""]
            targets = ", ".join(f"{fy}: {v:g}" for fy, v in sorted(i.targets.items())) or "none"
            lines += [
                f"- **Polarity**: {POLARITY[i.polarity]}; **unit**: {i.unit}; **kind**: {i.kind} "
                f"(longer periods: {i.aggregate}); **counts**: {i.subject}",
                f"- **Target**: {targets}; amber tolerance {i.tolerance:.0%} of target; **responsible officer**: {i.owner or 'not set'}",
            ]
            for key, label in PARTS.items():
                lines.append(f"- **{label}**: {i.definition.get(key, '')}")
            if i.history_months:
                lines.append(
                    f"- **History needed**: {i.history_months} months of records before a month's "
                    "figure is complete; earlier months are marked incomplete history and left "
                    "out of process limits, signals and commentary"
                )
            if i.team:
                lines.append(
                    f'- **By team and service**: {i.team} (`csc show "{i.id}" --by team`; '
                    "the teams add up to the whole authority)"
                )
            if i.weekly:
                lines.append(
                    "- **Weekly**: also computed for each whole week (setting `week_ends_on`); "
                    "a month's weeks add up to the month where they fall inside it"
                )
            lines.append(
                f"- **Source tables**: {', '.join(f'`{t}`' for t in i.tables)}; SQL: `indicators/sql/{i.slug}.sql`"
            )
            if i.comparators:
                lines.append(
                    "- **Comparators**: "
                    + ", ".join(f"{k}: `{v}`" for k, v in i.comparators.items())
                )
        lines += _published_lines([p for p in catalogue.published_figures() if p.area == area])
    lines += [
        "",
        "## Settings",
        "",
        "Change with `csc compute --set name=value`.",
        "",
        "| setting | default | meaning |",
        "| --- | --- | --- |",
    ]
    for s in settings.SETTINGS:
        choices = f" One of: {', '.join(s.choices)}." if s.choices else ""
        lines.append(f"| `{s.name}` | `{s.default}` | {s.help}{choices} |")
    return "\n".join(lines) + "\n"


def _published_lines(figures: list[Published]) -> list[str]:
    """An area's published annual figures (indicators/published.py): defined here as every
    indicator is, read as published rather than computed."""
    if not figures:
        return []
    lines = [
        "",
        "### Published annual figures",
        "",
        "Published once a year by the DfE or Ofsted for the authority, England and the "
        "statistical neighbours, for an academic year: not computed by `csc compute`, read as "
        "published (`csc education show`, the pack's education section, the Education page).",
    ]
    for p in figures:
        lines += ["", f'<a id="{p.slug}"></a>', "", f"#### {p.id}: {p.title}", ""]
        lines.append(f"- **Polarity**: {POLARITY[p.polarity]}; **unit**: {p.unit}; **annual**")
        for key, label in PARTS.items():
            lines.append(f"- **{label}**: {p.definition.get(key, '')}")
        if p.dfe:
            lines.append(f"- **DfE column**: `{p.dfe}` (the local-authority CSV)")
    return lines
