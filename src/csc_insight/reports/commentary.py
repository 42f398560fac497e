"""The pack's opening commentary, written by rules from RAG, SPC signals and comparators.

Three lists, as the seed pack opens: "Going well or better", "Ones to watch" and "Things to do
better". Each rule has a name, the list it writes to, its condition in words and a function that
writes one plain sentence naming the indicator in words, with the figure formatted by
``reports.formatting``. Rules are tried in ``RULES`` order (the most serious first) and an
indicator takes the first that applies, so it appears at most once; each list follows the pack's
section order. Sentences depend only on the Pack, so the same figures give the same text.
docs/commentary.md lists the rules (its table is ``rules_markdown()``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from csc_insight.comparators.store import Comparator
from csc_insight.indicators import spc
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

_IN_MONTH = re.compile(r"\s+(?:in (?:the )?month|at the (?:end of the month|month end))\b", re.I)
_SINGULAR_HEADS = ("percentage", "number", "rate", "average", "total", "proportion")


def subject(row: PackRow) -> str:
    """The indicator in words, as the subject of a singular verb ("Number of referrals ...")."""
    ind = row.indicator
    text = _IN_MONTH.sub("", ind.title).strip()
    if text.startswith("% "):
        text = "Percentage of " + text[2:]
    if ind.unit == "count" and text.split()[0].lower() not in _SINGULAR_HEADS:
        text = "The number of " + _lower_first(text)
    return text


def _lower_first(text: str) -> str:
    """'Leavers' -> 'leavers', but 'NQSW' stays: an acronym keeps its capitals."""
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


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
    """+1 when the latest special cause is upwards, -1 downwards, 0 when there is none."""
    good = {"BIB": 1, "SIB": -1}.get(row.indicator.polarity, 0)
    if row.signal == "improving":
        return good
    if row.signal == "deteriorating":
        return -good
    if row.signal == "no polarity":  # the engine keeps no direction for a context measure
        values = [p.figure.value for p in row.history if p.figure.value is not None]
        return spc.latest_flag(values) if len(values) >= spc.MIN_POINTS else 0
    return 0


def _moved(row: PackRow) -> str:
    return {1: "has risen significantly", -1: "has fallen significantly"}.get(
        _direction(row), "has changed significantly"
    )


def _join(*parts: str | None) -> str:
    return ", ".join(p for p in parts if p)


def _though_improving(row: PackRow) -> str | None:
    return "though it has improved significantly" if row.signal == "improving" else None


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
    who = "England's" if kind == "england" else "the statistical neighbours' average of"
    return f"{who} {value} in {comp.time_period}"


# --- conditions ---------------------------------------------------------------------------


def _has_polarity(row: PackRow) -> bool:
    return row.indicator.polarity in ("BIB", "SIB")


def _worse(row: PackRow, a: float, b: float) -> bool:
    """Is ``a`` worse than ``b`` given the polarity?"""
    return a < b if row.indicator.polarity == "BIB" else a > b


def _in_year(row: PackRow, pack: Pack) -> list[Figure]:
    start = (int(pack.financial_year[:4]), 4)
    return [
        f
        for m, f in zip(pack.months, row.months, strict=False)
        if (m.year, m.month) >= start and f.value is not None
    ]


def _misses_this_month(row: PackRow) -> bool:
    fig = _this_month(row)
    if fig is None or fig.value is None or row.target is None:
        return False
    return _worse(row, fig.value, row.target)


def deteriorating(row: PackRow, pack: Pack) -> bool:
    return row.signal == "deteriorating"


def worst_in_year(row: PackRow, pack: Pack) -> bool:
    months = _in_year(row, pack)
    now = _this_month(row)
    if not _has_polarity(row) or row.rag == "Green" or len(months) < MIN_MONTHS_IN_YEAR:
        return False
    if now is None or now.value is None or months[-1] is not now:
        return False
    return all(_worse(row, now.value, f.value or 0.0) for f in months[:-1])


def target_fail(row: PackRow, pack: Pack) -> bool:
    return row.assurance == "fail"


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
    band = row.indicator.tolerance * abs(row.target or 0.0)
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
    now = _month_figure(row, pack)
    return _join(f"{subject(row)} {_moved(row)}", now and f"to {now}", _against_target(row))


def _against_target(row: PackRow) -> str | None:
    """Where this month stands against the target: 'still within' it, or 'above'/'below' it."""
    fig = _this_month(row)
    if row.target is None or fig is None or fig.value is None:
        return None
    if _misses_this_month(row):
        return f"{_wrong_side(row)} the target of {_target(row)}"
    return f"still within the target of {_target(row)}"


def write_worst_in_year(row: PackRow, pack: Pack) -> str:
    word = "lowest" if row.indicator.polarity == "BIB" else "highest"
    now = _month_figure(row, pack)
    return f"{subject(row)} is the {word} in the year" + (f" at {now}" if now else "")


def write_target_fail(row: PackRow, pack: Pack) -> str:
    latest = _latest(row, pack)
    goal = f"will not reach its target of {_target(row)} without a change"
    return f"{subject(row)} is {latest} and {goal}" if latest else f"{subject(row)} {goal}"


def write_red(row: PackRow, pack: Pack) -> str:
    latest = _latest(row, pack)
    where = f"{_wrong_side(row)} the target of {_target(row)}"
    main = f"{subject(row)} is {latest}, {where}" if latest else f"{subject(row)} is {where}"
    return _join(main, _though_improving(row))


def write_context_change(row: PackRow, pack: Pack) -> str:
    now = _month_figure(row, pack)
    change = f"{subject(row)} {_moved(row)}" + (f" to {now}" if now else "")
    ytd = _shown(row.latest) if row.latest_label == "YTD" else None
    if ytd is None or ytd == _shown(_this_month(row)):  # a YTD that repeats the month says nothing
        return change
    return f"{change} ({ytd} for the year to date)"


def write_amber(row: PackRow, pack: Pack) -> str:
    short = "just short of" if row.indicator.polarity == "BIB" else "just over"
    main = f"{subject(row)} is {short} the target of {_target(row)}"
    latest = _latest(row, pack)
    if latest and _shown(row.latest) != _target(row):  # "short of 90% at 90%" would read oddly
        main += f" at {latest}"
    return _join(main, _though_improving(row))


def write_hit_and_miss(row: PackRow, pack: Pack) -> str:
    missed = f"missed it in {formatting.month_long(pack.period_end)}"
    now = _shown(_this_month(row))
    return (
        f"{subject(row)} meets its target of {_target(row)} for the year to date but {missed}"
        + (f" at {now}" if now else "")
    )


def write_fluctuating(row: PackRow, pack: Pack) -> str:
    main = f"{subject(row)} meets its target of {_target(row)} but continues to fluctuate"
    months = _in_year(row, pack)
    if not months or any(f.suppressed for f in months):
        return main
    low = min(months, key=lambda f: f.value or 0.0)
    high = max(months, key=lambda f: f.value or 0.0)
    return f"{main}, between {low.text} and {high.text} a month this year"


def write_behind_comparator(row: PackRow, pack: Pack) -> str:
    latest = _latest(row, pack)
    worse = f"worse than {_comparator_words(row)}"
    return f"{subject(row)} is {latest}, {worse}" if latest else f"{subject(row)} is {worse}"


def write_improving(row: PackRow, pack: Pack) -> str:
    now = _month_figure(row, pack)
    meets = f"and meets its target of {_target(row)}" if row.rag == "Green" else None
    change = f"{subject(row)} {_moved(row)}" + (f" to {now}" if now else "")
    return _join(change, meets)


def write_target_assured(row: PackRow, pack: Pack) -> str:
    latest = _latest(row, pack)
    meets = f"consistently meets its target of {_target(row)}"
    return f"{subject(row)} is {latest} and {meets}" if latest else f"{subject(row)} {meets}"


def write_ahead_of_comparator(row: PackRow, pack: Pack) -> str:
    latest = _latest(row, pack)
    better = f"better than {_comparator_words(row)}"
    return f"{subject(row)} is {latest}, {better}" if latest else f"{subject(row)} is {better}"


# --- the rules, most serious first --------------------------------------------------------

RULES: tuple[Rule, ...] = (
    Rule(
        "deteriorating",
        "do_better",
        "The latest month is a deteriorating special cause (SPC signal, by polarity).",
        deteriorating,
        write_deteriorating,
    ),
    Rule(
        "worst_in_year",
        "do_better",
        "Has a polarity, RAG is not Green, the financial year has at least "
        f"{MIN_MONTHS_IN_YEAR} months with a value, and the latest month is worse than every "
        "earlier month of the year (highest when smaller is better, lowest when bigger is better).",
        worst_in_year,
        write_worst_in_year,
    ),
    Rule(
        "target_fail",
        "do_better",
        'SPC assurance is "fail": the target lies beyond the unfavourable process limit, so the '
        "process cannot reach it without a change.",
        target_fail,
        write_target_fail,
    ),
    Rule("red", "do_better", "RAG is Red.", red, write_red),
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


def generate(pack: Pack) -> Commentary:
    """The three lists for the pack, each in the pack's section order."""
    out = Commentary()
    for row in pack.rows():
        rule = rule_for(row, pack)
        if rule is not None:
            bullet = Bullet(rule.write(row, pack), row.indicator.id, rule.name)
            getattr(out, rule.list).append(bullet)
    return out


#: At most this many generated bullets "Going well or better" and "Ones to watch" print in full,
#: as the seed pack's lists run to about half a dozen; the rest are named in one closing line
#: (see shortened()). "Things to do better" is always printed whole: every Red is read out.
MAX_PER_LIST = 8

_ALSO = {"going_well": "Also going well", "to_watch": "Also to watch"}


def shortened(c: Commentary, limit: int = MAX_PER_LIST) -> Commentary:
    """The lists going well and to watch with at most ``limit`` generated bullets in full: the
    most serious readings first (rule order), the others named in one closing line ("Also to
    watch: CP children, CLA 3 (see the tables)."), so nothing is dropped unseen. The analyst's own
    bullets are always kept in full and do not count; things to do better are never shortened."""
    rank = {r.name: i for i, r in enumerate(RULES)}
    out = Commentary()
    for key, _heading, bullets in c.groups():
        generated = [(rank[b.rule], n) for n, b in enumerate(bullets) if b.rule in rank]
        if key not in _ALSO or len(generated) <= limit:
            getattr(out, key).extend(bullets)
            continue
        folded = {n for _r, n in sorted(generated)[limit:]}
        kept = [b for n, b in enumerate(bullets) if n not in folded]
        ids = [bullets[n].indicator_id or "" for n in sorted(folded)]
        kept.append(Bullet(f"{_ALSO[key]}: {', '.join(ids)} (see the tables).", None, "also"))
        getattr(out, key).extend(kept)
    return out


def rules_markdown() -> str:
    """The rules table in docs/commentary.md (a test keeps the two the same)."""
    lines = ["| # | Rule | List | Condition |", "|---|---|---|---|"]
    for i, r in enumerate(RULES, 1):
        heading = Commentary.HEADINGS[r.list]
        lines.append(f"| {i} | `{r.name}` | {heading} | {r.condition} |")
    return "\n".join(lines) + "\n"
