"""The pack's opening commentary, written by rules from RAG, SPC signals and comparators.

Three lists, as the seed pack opens: "Going well or better", "Ones to watch" and "Things to do
better". Each rule has a name, the list it writes to, its condition in words and a function that
writes one plain sentence: the indicator's short title, its figure formatted by
``reports.formatting`` and what it means, in words a councillor uses ("worse than usual", not
"special cause"). Rules are tried in ``RULES`` order (the most serious first) and an indicator
takes the first that applies, so it appears at most once; each list follows the pack's section
order. An indicator that meets its target (RAG Green) is never a thing to do better, and one whose
report month or year to date lacks the history its measure needs is left out. Sentences depend
only on the Pack, so the same figures give the same text. docs/commentary.md lists the rules (its
table is ``rules_markdown()``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from csc_insight.comparators.store import Comparator
from csc_insight.reports import formatting
from csc_insight.reports.model import Bullet, Commentary, Figure, Pack, PackRow

#: A comparator is beaten (or trails) "by a clear margin" when the gap is at least CLEAR_POINTS
#: percentage points for a percentage, or CLEAR_FRACTION of the comparator's value otherwise.
CLEAR_POINTS = 5.0
CLEAR_FRACTION = 0.10
#: Units a published annual comparator can be set against (a monthly or year-to-date count cannot).
COMPARABLE_UNITS = ("percent", "rate_per_10k", "average")
#: Months of the financial year needed before "the highest in the year" means anything.
MIN_MONTHS_IN_YEAR = 3
#: "Fluctuates": the process limits are wider than this many Amber bands (tolerance × target).
FLUCTUATION_BANDS = 2.0

Check = Callable[[PackRow, Pack], bool]
Write = Callable[[PackRow, Pack], str]


@dataclass(frozen=True)
class Rule:
    name: str
    list: str  # a key of model.Commentary: going_well, to_watch, do_better
    condition: str  # the exact condition in words, as docs/commentary.md prints it
    applies: Check
    write: Write


# --- words --------------------------------------------------------------------------------


def subject(row: PackRow) -> str:
    """The indicator in words: its short title, as the tables and charts print it. A sentence
    reads "<short title> at <figure>, <what it means>", as the seed pack's bullets do, so no
    title needs a verb to agree with and a title with a colon in it still reads."""
    return row.title


def _said(row: PackRow, figure: str | None, *rest: str | None) -> str:
    """'Re-referrals within 12 months at 26% for the year to date, <rest>'; without a figure
    (suppressed in a published pack), 'Re-referrals within 12 months – <rest>'."""
    said = _join(*rest)
    if figure:
        return _join(f"{subject(row)} at {figure}", said)
    return f"{subject(row)} – {said}" if said else subject(row)


def _shown(fig: Figure | None) -> str | None:
    """The figure's text, or None when missing or suppressed (a sentence then leaves it out)."""
    if fig is None or fig.value is None or fig.suppressed:
        return None
    return fig.text


def _this_month(row: PackRow) -> Figure | None:
    return row.months[-1] if row.months else None


def _latest(row: PackRow, pack: Pack) -> str | None:
    """'26% for the year to date' (flow) or '81% in March 2021' (snapshot)."""
    text = _shown(row.latest)
    if text is None:
        return None
    when = (
        "for the year to date"
        if row.latest_label == "YTD"
        else f"in {formatting.month_long(pack.period_end)}"
    )
    return f"{text} {when}"


def _month_figure(row: PackRow, pack: Pack) -> str | None:
    text = _shown(_this_month(row))
    return None if text is None else f"{text} in {formatting.month_long(pack.period_end)}"


def _target(row: PackRow) -> str:
    return formatting.target(row.target, row.indicator.unit)


def _wrong_side(row: PackRow) -> str:
    """Where a missed target leaves the figure: below it when bigger is better."""
    return "below" if row.indicator.polarity == "BIB" else "above"


def _direction(row: PackRow) -> int:
    """+1 when the report month is a special cause high, -1 low, 0 when it is neither: read
    from the results table's marks, never recomputed."""
    marks = row.marks()
    return {"+": 1, "-": -1}.get(marks[-1] or "", 0) if marks else 0


def _unusual(row: PackRow) -> str:
    """A special cause in plain words, by polarity where there is one."""
    if row.signal == "improving":
        return "better than usual"
    if row.signal == "deteriorating":
        return "worse than usual"
    return {1: "higher than usual", -1: "lower than usual"}.get(_direction(row), "unusual")


def _join(*parts: str | None) -> str:
    return ", ".join(p for p in parts if p)


def _though_improving(row: PackRow) -> str | None:
    return "though better than usual" if row.signal == "improving" else None


# --- comparators --------------------------------------------------------------------------


def _comparator(row: PackRow) -> tuple[str, Comparator] | None:
    """England's figure, else the statistical neighbours' average, when it can be compared."""
    if row.indicator.unit not in COMPARABLE_UNITS or row.indicator.polarity == "none":
        return None
    if row.latest.value is None:
        return None
    for kind in ("england", "stat_neighbours"):
        comp = row.comparators.get(kind)
        if comp is not None and comp.value is not None:
            return kind, comp
    return None


def _gap(row: PackRow) -> float:
    """How far the figure is better than the comparator (negative: worse), in the unit."""
    found = _comparator(row)
    if found is None or row.latest.value is None:
        return 0.0
    diff = row.latest.value - (found[1].value or 0.0)
    return diff if row.indicator.polarity == "BIB" else -diff


def _clear_margin(row: PackRow) -> float:
    found = _comparator(row)
    if found is None:
        return float("inf")
    if row.indicator.unit == "percent":
        return CLEAR_POINTS
    return CLEAR_FRACTION * abs(found[1].value or 0.0)


def _comparator_words(row: PackRow) -> str:
    kind, comp = _comparator(row) or ("england", Comparator("", None, None, ""))
    value = formatting.value(comp.value, row.indicator.unit)
    who = "England" if kind == "england" else "the statistical neighbours' average"
    return f"{who} ({value} in {comp.time_period})"


# --- conditions ---------------------------------------------------------------------------


def _has_polarity(row: PackRow) -> bool:
    return row.indicator.polarity in ("BIB", "SIB")


def _worse(row: PackRow, a: float, b: float) -> bool:
    """Is ``a`` worse than ``b`` given the polarity?"""
    return a < b if row.indicator.polarity == "BIB" else a > b


def _this_year(row: PackRow, pack: Pack) -> list[Figure]:
    """The row's months of the pack's financial year, in order."""
    start = (int(pack.financial_year[:4]), 4)
    return [f for m, f in zip(pack.months, row.months, strict=False) if (m.year, m.month) >= start]


def _in_year(row: PackRow, pack: Pack) -> list[Figure]:
    return [f for f in _this_year(row, pack) if f.value is not None]


def _suppressed_in_year(row: PackRow, pack: Pack) -> bool:
    return any(f.suppressed for f in _this_year(row, pack))


def _misses_this_month(row: PackRow) -> bool:
    fig = _this_month(row)
    if fig is None or fig.value is None or row.target is None:
        return False
    return _worse(row, fig.value, row.target)


def meets_target(row: PackRow) -> bool:
    """The year-to-date or latest figure meets its target (RAG Green): never a thing to do
    better, whatever else its figures say."""
    return row.rag == "Green"


def deteriorating(row: PackRow, pack: Pack) -> bool:
    return row.signal == "deteriorating" and not meets_target(row)


def slipping(row: PackRow, pack: Pack) -> bool:
    return row.signal == "deteriorating" and meets_target(row)


def worst_in_year(row: PackRow, pack: Pack) -> bool:
    months = _in_year(row, pack)
    now = _this_month(row)
    if not _has_polarity(row) or row.rag == "Green" or len(months) < MIN_MONTHS_IN_YEAR:
        return False
    if _suppressed_in_year(row, pack):
        return False  # "the worst month" would be judged against months the reader cannot see
    if now is None or now.value is None or months[-1] is not now:
        return False
    return all(_worse(row, now.value, f.value or 0.0) for f in months[:-1])


def target_fail(row: PackRow, pack: Pack) -> bool:
    return row.assurance == "fail" and not meets_target(row)


def red(row: PackRow, pack: Pack) -> bool:
    return row.rag == "Red"


def context_change(row: PackRow, pack: Pack) -> bool:
    return row.indicator.polarity == "none" and row.signal == "no polarity"


def amber(row: PackRow, pack: Pack) -> bool:
    return row.rag == "Amber"


def hit_and_miss(row: PackRow, pack: Pack) -> bool:
    return row.rag == "Green" and row.assurance == "hit and miss" and _misses_this_month(row)


def fluctuating(row: PackRow, pack: Pack) -> bool:
    if row.rag != "Green" or row.assurance != "hit and miss" or row.limits is None:
        return False
    _, lower, upper = row.limits
    band = row.indicator.tolerance_for(pack.financial_year) * abs(row.target or 0.0)
    return upper - lower > FLUCTUATION_BANDS * band


def behind_comparator(row: PackRow, pack: Pack) -> bool:
    return _gap(row) <= -_clear_margin(row)


def improving(row: PackRow, pack: Pack) -> bool:
    return row.signal == "improving"


def target_assured(row: PackRow, pack: Pack) -> bool:
    return row.rag == "Green" and row.assurance == "pass"


def ahead_of_comparator(row: PackRow, pack: Pack) -> bool:
    return _gap(row) >= _clear_margin(row)


# --- sentences ----------------------------------------------------------------------------


def write_deteriorating(row: PackRow, pack: Pack) -> str:
    return _said(row, _month_figure(row, pack), "worse than usual", _against_target(row))


def _against_target(row: PackRow) -> str | None:
    """Where this month stands against the target: 'still within' it, or 'above'/'below' it."""
    fig = _this_month(row)
    if row.target is None or fig is None or fig.value is None:
        return None
    if _misses_this_month(row):
        return f"{_wrong_side(row)} the target of {_target(row)}"
    return f"still within the target of {_target(row)}"


def write_slipping(row: PackRow, pack: Pack) -> str:
    within = f"though still within the target of {_target(row)}" if row.target is not None else None
    return _said(row, _month_figure(row, pack), "worse than usual", within)


def write_worst_in_year(row: PackRow, pack: Pack) -> str:
    return _said(row, _month_figure(row, pack), "the worst month this year")


def write_target_fail(row: PackRow, pack: Pack) -> str:
    goal = f"the target of {_target(row)} is beyond its usual range: not met without a change"
    latest = _latest(row, pack)
    return f"{subject(row)} at {latest}; {goal}" if latest else f"{subject(row)} – {goal}"


def write_red(row: PackRow, pack: Pack) -> str:
    where = f"{_wrong_side(row)} the target of {_target(row)}"
    return _said(row, _latest(row, pack), where, _though_improving(row))


def write_context_change(row: PackRow, pack: Pack) -> str:
    change = _said(row, _month_figure(row, pack), _unusual(row))
    ytd = _shown(row.latest) if row.latest_label == "YTD" else None
    if ytd is None or ytd == _shown(_this_month(row)):  # a YTD that repeats the month says nothing
        return change
    return f"{change} ({ytd} for the year to date)"


def write_amber(row: PackRow, pack: Pack) -> str:
    short = "just short of" if row.indicator.polarity == "BIB" else "just over"
    latest = _latest(row, pack)
    if _shown(row.latest) == _target(row):  # "at 90%, just short of the target of 90%" is odd
        latest = None
    return _said(row, latest, f"{short} the target of {_target(row)}", _though_improving(row))


def write_hit_and_miss(row: PackRow, pack: Pack) -> str:
    now = _shown(_this_month(row))
    month = formatting.month_long(pack.period_end)
    missed = f"but not in {month}" + (f" ({now})" if now else "")
    return _said(row, _latest(row, pack), f"within the target of {_target(row)}", missed)


def write_fluctuating(row: PackRow, pack: Pack) -> str:
    main = f"{subject(row)} within the target of {_target(row)} but varying widely"
    months = _in_year(row, pack)
    if not months or any(f.suppressed for f in months):
        return main
    low = min(months, key=lambda f: f.value or 0.0)
    high = max(months, key=lambda f: f.value or 0.0)
    return f"{main}, from {low.text} to {high.text} a month this year"


def write_behind_comparator(row: PackRow, pack: Pack) -> str:
    return _said(row, _latest(row, pack), f"worse than {_comparator_words(row)}")


def write_improving(row: PackRow, pack: Pack) -> str:
    meets = f"and meeting the target of {_target(row)}" if row.rag == "Green" else None
    return _said(row, _month_figure(row, pack), "better than usual", meets)


def write_target_assured(row: PackRow, pack: Pack) -> str:
    return _said(row, _latest(row, pack), f"consistently meeting the target of {_target(row)}")


def write_ahead_of_comparator(row: PackRow, pack: Pack) -> str:
    return _said(row, _latest(row, pack), f"better than {_comparator_words(row)}")


# --- the rules, most serious first --------------------------------------------------------

RULES: tuple[Rule, ...] = (
    Rule(
        "deteriorating",
        "do_better",
        "The latest month is a deteriorating special cause (SPC signal, by polarity) and RAG is "
        "not Green.",
        deteriorating,
        write_deteriorating,
    ),
    Rule(
        "worst_in_year",
        "do_better",
        "Has a polarity, RAG is not Green, the financial year has at least "
        f"{MIN_MONTHS_IN_YEAR} months with a value, and the latest month is worse than every "
        "earlier month of the year (highest when smaller is better, lowest when bigger is better); "
        "in a published pack, no month of the year is suppressed.",
        worst_in_year,
        write_worst_in_year,
    ),
    Rule(
        "target_fail",
        "do_better",
        'SPC assurance is "fail": the target lies beyond the unfavourable process limit, so the '
        "process cannot reach it without a change; and RAG is not Green.",
        target_fail,
        write_target_fail,
    ),
    Rule("red", "do_better", "RAG is Red.", red, write_red),
    Rule(
        "slipping",
        "to_watch",
        "The latest month is a deteriorating special cause but RAG is Green: a change for the "
        "worse that still meets the target, so one to watch rather than to do better.",
        slipping,
        write_slipping,
    ),
    Rule("amber", "to_watch", "RAG is Amber.", amber, write_amber),
    Rule(
        "hit_and_miss",
        "to_watch",
        'RAG is Green, SPC assurance is "hit and miss" (the target lies between the process '
        "limits) and the latest month is on the wrong side of the target.",
        hit_and_miss,
        write_hit_and_miss,
    ),
    Rule(
        "fluctuating",
        "to_watch",
        'RAG is Green, SPC assurance is "hit and miss" and the process limits are more than '
        f"{FLUCTUATION_BANDS:g} Amber bands wide (upper − lower > {FLUCTUATION_BANDS:g} × "
        "tolerance × target).",
        fluctuating,
        write_fluctuating,
    ),
    Rule(
        "behind_comparator",
        "to_watch",
        "A percentage, rate or average with a polarity whose YTD-or-latest figure is worse than "
        "England's (or, without England, the statistical neighbours' average) by a clear margin: "
        f"{CLEAR_POINTS:g} percentage points, or {CLEAR_FRACTION:.0%} of the comparator for a rate "
        "or average.",
        behind_comparator,
        write_behind_comparator,
    ),
    # Last of the ones to watch: the rules above need a polarity, so it never competes with them;
    # its place only decides which bullets a long list prints first (see shortened()).
    Rule(
        "context_change",
        "to_watch",
        "No polarity (a context measure) and the latest month is a special cause; the sentence "
        "says which way it moved but makes no judgement.",
        context_change,
        write_context_change,
    ),
    Rule(
        "improving",
        "going_well",
        "The latest month is an improving special cause (SPC signal, by polarity).",
        improving,
        write_improving,
    ),
    Rule(
        "target_assured",
        "going_well",
        'RAG is Green and SPC assurance is "pass": the target lies beyond the favourable process '
        "limit, so it will consistently be met.",
        target_assured,
        write_target_assured,
    ),
    Rule(
        "ahead_of_comparator",
        "going_well",
        "As behind_comparator, but better than the comparator by the clear margin.",
        ahead_of_comparator,
        write_ahead_of_comparator,
    ),
)

RULES_BY_NAME = {r.name: r for r in RULES}


def rule_for(row: PackRow, pack: Pack) -> Rule | None:
    """The most serious rule that applies to the row, if any."""
    return next((r for r in RULES if r.applies(row, pack)), None)


def judged(row: PackRow) -> bool:
    """Whether the commentary may speak of the row: its report month and its year to date (or
    latest) have the history their measure looks back over. An early month's re-referral rate
    is too low, not good."""
    now = _this_month(row)
    return not row.latest.incomplete and not (now is not None and now.incomplete)


def generate(pack: Pack) -> Commentary:
    """The three lists for the pack, each in the pack's section order."""
    out = Commentary()
    for row in pack.rows():
        rule = rule_for(row, pack) if judged(row) else None
        if rule is not None:
            bullet = Bullet(rule.write(row, pack), row.indicator.id, rule.name)
            getattr(out, rule.list).append(bullet)
    return out


#: At most this many generated bullets print in full in each list, as the seed pack's lists run
#: to about half a dozen; the rest are named in one closing line (see shortened()).
MAX_PER_LIST = 6

_ALSO = {
    "going_well": "Also going well",
    "to_watch": "Also to watch",
    "do_better": "Also to do better",
}


def shortened(
    c: Commentary, limit: int = MAX_PER_LIST, titles: dict[str, str] | None = None
) -> Commentary:
    """Each list with at most ``limit`` generated bullets in full: the most serious readings
    first (rule order), the others named by short title in one closing line ("Also to watch:
    contacts received; assessments started (see the tables)."), so nothing is dropped unseen. The analyst's own
    bullets are always kept in full and do not count. ``titles``: indicator id -> the name to
    use (the short title); an id without one is named as it is."""
    rank = {r.name: i for i, r in enumerate(RULES)}
    names = titles or {}
    out = Commentary()
    for key, _heading, bullets in c.groups():
        generated = [(rank[b.rule], n) for n, b in enumerate(bullets) if b.rule in rank]
        if len(generated) <= limit:
            getattr(out, key).extend(bullets)
            continue
        folded = {n for _r, n in sorted(generated)[limit:]}
        kept = [b for n, b in enumerate(bullets) if n not in folded]
        ids = [bullets[n].indicator_id or "" for n in sorted(folded)]
        named = "; ".join(_lower_first(names.get(i, i)) for i in ids)
        kept.append(Bullet(f"{_ALSO[key]}: {named} (see the tables).", None, "also"))
        getattr(out, key).extend(kept)
    return out


def _lower_first(text: str) -> str:
    """'Contacts received' -> 'contacts received' inside a sentence; 'CIN 4' and 'UASC ...' keep
    their capitals (an acronym's second letter is a capital too)."""
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


def rules_markdown() -> str:
    """The rules table in docs/commentary.md (a test keeps the two the same)."""
    lines = ["| # | Rule | List | Condition |", "|---|---|---|---|"]
    for i, r in enumerate(RULES, 1):
        heading = Commentary.HEADINGS[r.list]
        lines.append(f"| {i} | `{r.name}` | {heading} | {r.condition} |")
    return "\n".join(lines) + "\n"
