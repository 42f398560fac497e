"""The education section's commentary, generated from its arrows as the social-care summary is
generated from the tables (reports/commentary.py): the same three lists, a bullet per measure,
each naming its figures so a reader can check it against the table.

Annual measures, by the latest year's gaps: better than England and the statistical neighbours,
going well; worse than both, things to do better; better than one and worse than the other,
one to watch. With no comparator published, the change from the previous year decides (better,
going well; worse, to watch). Monthly measures, by the change from the same month a year before:
better, going well; worse, one to watch. A measure without polarity, or a movement that is "not
published", says nothing. Each list prints at most ``MAX_PER_LIST`` bullets; the rest are named
in one closing line, as the social-care lists are.
"""

from __future__ import annotations

from collections.abc import Sequence

from csc_insight.education.compare import Movement
from csc_insight.education.figures import show
from csc_insight.education.tables import AnnualRow, MonthlyRow, year_before
from csc_insight.reports.commentary import MAX_PER_LIST
from csc_insight.reports.model import Bullet, Commentary

_ALSO = {
    "going_well": "Also going well",
    "to_watch": "Also to watch",
    "do_better": "Also to do better",
}


def _gap_words(name: str, figure: str, m: Movement) -> str:
    return f"{m.word} {name} ({figure})"


def annual_bullet(r: AnnualRow) -> tuple[str, Bullet] | None:
    m = r.measure
    own = show(r.latest, m.decimals)
    tones = {r.vs_england.tone, r.vs_neighbours.tone} - {"none"}
    gaps = []
    if r.vs_england.difference is not None:
        gaps.append(_gap_words("England", show(r.england, m.decimals), r.vs_england))
    if r.vs_neighbours.difference is not None:
        name = "statistical neighbours"
        gaps.append(_gap_words(name, show(r.neighbours, m.decimals), r.vs_neighbours))
    head = f"{m.title}: {own} in {r.latest_year}"
    if tones == {"better"}:
        return "going_well", Bullet(f"{head}, {' and '.join(gaps)}.", m.id, "education_ahead")
    if tones == {"worse"}:
        return "do_better", Bullet(f"{head}, {' and '.join(gaps)}.", m.id, "education_behind")
    if tones == {"better", "worse"}:
        return "to_watch", Bullet(f"{head}, {' but '.join(gaps)}.", m.id, "education_mixed")
    if tones or r.change.difference is None:
        return None  # level with the comparators, or nothing to compare with
    change = f"{r.change.text()} on {r.latest_year - 1}"
    if r.change.tone == "better":
        return "going_well", Bullet(f"{head}, {change}.", m.id, "education_improving")
    if r.change.tone == "worse":
        return "to_watch", Bullet(f"{head}, {change}.", m.id, "education_falling")
    return None


def monthly_bullet(r: MonthlyRow) -> tuple[str, Bullet] | None:
    m, last = r.measure, r.months[-1]
    if r.change.difference is None or r.change.tone not in ("better", "worse"):
        return None
    text = (
        f"{m.title}: {show(r.latest, m.decimals)} in {last:%B %Y}, {r.change.text()} on "
        f"{year_before(last):%B %Y}."
    )
    if r.change.tone == "better":
        return "going_well", Bullet(text, m.id, "education_month_better")
    return "to_watch", Bullet(text, m.id, "education_month_worse")


def generate(
    monthly: Sequence[MonthlyRow], annual: Sequence[AnnualRow], limit: int = MAX_PER_LIST
) -> Commentary:
    """The three lists: the annual measures first (the committee's comparison with England and
    the neighbours), then the monthly, each in the catalogue's order."""
    out = Commentary()
    found = [annual_bullet(r) for r in annual] + [monthly_bullet(r) for r in monthly]
    for key, _heading, bullets in out.groups():
        mine = [b for x in found if x is not None for k, b in [x] if k == key]
        bullets.extend(mine[:limit])
        rest = mine[limit:]
        if rest:
            named = "; ".join(b.indicator_id or "" for b in rest)
            bullets.append(Bullet(f"{_ALSO[key]}: {named} (see the tables).", None, "also"))
    return out
