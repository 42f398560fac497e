"""The indicator catalogue: YAML entries (one per indicator) and one SQL file each.

The loader validates the whole catalogue and reports every problem with its file and line:
unique ids, known service areas, polarity/unit/kind values, a definition with every part, known
source tables, and an SQL file that exists and reads every table the entry lists, directly or
through a shared view (sql/shared/, see SHARED). See docs/indicators.md for how to add one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from importlib.abc import Traversable
from typing import Any

import yaml

from csc_insight.errors import CscError
from csc_insight.indicators import published
from csc_insight.indicators.published import Published
from csc_insight.indicators.rag import DEFAULT_TOLERANCE, Polarity
from csc_insight.store import schema

#: Service areas in the order of the child's journey (the seed pack's order).
AREAS: dict[str, str] = {
    "early_help": "Early help",
    "front_door": "Front door",
    "assessment": "Assessment",
    "cin": "Children in need",
    "cp": "Child protection",
    "missing": "Missing",
    "cla": "Children looked after",
    "care_leavers": "Care leavers",
    "workforce": "Workforce",
    "quality_assurance": "Quality assurance",
    "partners": "Partner figures",
    "education": "Education",
}
#: Areas whose figures no child stands behind one by one (a post, a partner's or a school's
#: figure): no children's listing, no figures by team.
AGGREGATE_AREAS = ("workforce", "partners", "education")
UNITS = ("percent", "count", "rate_per_10k", "average", "money_k")
#: What a unit multiplies numerator / denominator by (a sum's value is its numerator).
SCALE = {"percent": 100.0, "rate_per_10k": 10_000.0, "average": 1.0}
#: Units that are a sum with no denominator: a count, or an amount of money (pounds, shown in £k).
SUMS = ("count", "money_k")
KINDS = ("flow", "snapshot")
AGGREGATES = ("sum", "latest", "recompute")
EMPTY_MONTHS = ("zero", "missing")
POLARITIES = ("BIB", "SIB", "none")
DEFINITION_PARTS = (
    "numerator",
    "denominator",
    "period",
    "dates",
    "working_days",
    "exclusions",
    "source",
)
OTHER_TABLES = {"calendar", "periods", "period_days", "ext_population"}
#: Shared views and macros, one concept each (sql/shared/<name>.sql). The engine creates them after
#: ``periods``, in this order, so a file may use those before it.
SHARED = (
    "entered_figures",
    "education_figures",
    "contact_journeys",
    "under_18_population",
    "care_leaver_cohort",
    "care_leavers_18_21",
    "looked_after",
    "placement_stability",
    "cla_visits_due",
    "uasc",
    "on_cp_plan",
    "cin_plan_cohort",
    "social_work_role",
    "case_allocations",
    "caseloads",
    "staff_in_post",
    "staff_runs",
    "social_workers",
    "social_worker_case_holding",
    "funded_posts",
)
#: Relations and macros that assume a period is a calendar month: a weekly indicator uses none.
MONTH_BASED = frozenset(
    {
        "month_key",
        "open_month_keys",
        "month_set",
        "in_month_set",
        "month_set_union",
        "days_to_period_end",
        "month_sets_by_day",
    }
)
_DEFINES = re.compile(r"\bCREATE\s+OR\s+REPLACE\s+TEMP\s+(?:VIEW|MACRO)\s+(\w+)", re.IGNORECASE)


@dataclass(frozen=True)
class Indicator:
    id: str
    title: str
    area: str
    polarity: Polarity
    unit: str
    kind: str
    aggregate: str
    subject: str
    sql: str
    definition: dict[str, str]
    tables: tuple[str, ...]
    owner: str = ""
    targets: dict[str, float] = field(default_factory=dict)
    tolerance: float = DEFAULT_TOLERANCE
    #: Tolerances an analyst set for particular financial years (indicators/targets.py).
    tolerances: dict[str, float] = field(default_factory=dict)
    comparators: dict[str, str] = field(default_factory=dict)
    file: str = ""
    line: int = 0
    #: A few plain words for the pack's tables and charts (the title is the full definition's
    #: name, kept for the appendix and the workbook); the title when not given.
    short_title: str = ""
    #: Months of earlier records the figure for a month looks back over (a re-referral's 12 months,
    #: a visit's 4 weeks): a month with less history loaded than this before it is marked
    #: incomplete and kept out of process limits, signals and commentary.
    history_months: int = 0
    #: Which team a subject counts under (its SQL then returns a fifth column, team_id): the
    #: figure is also kept per team and per service, adding up to the borough's. Empty: no team.
    team: str = ""
    #: Also computed for weeks (see periods.weeks): a flow counting events by their date only.
    weekly: bool = False
    #: What a month with no rows means: ``zero`` (nothing happened: 0), or ``missing`` (no figure
    #: was given: a figure entered by hand, whose absence is not a nought). A missing month has
    #: no value, and neither has a longer period missing one of its months.
    empty_month: str = "zero"

    @property
    def has_denominator(self) -> bool:
        return self.unit not in SUMS

    @property
    def slug(self) -> str:
        return slug(self.id)

    def target_for(self, financial_year: str) -> float | None:
        return self.targets.get(financial_year)

    def tolerance_for(self, financial_year: str) -> float:
        return self.tolerances.get(financial_year, self.tolerance)


class CatalogueError(CscError):
    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(
            f"{len(problems)} problem(s) in the indicator catalogue:\n" + "\n".join(problems)
        )


def slug(indicator_id: str) -> str:
    """File-name form of an id: 'W1 a' -> 'w1_a', 'CIN rate' -> 'cin_rate'."""
    return re.sub(r"[^0-9a-z]+", "_", indicator_id.lower()).strip("_")


# libyaml's parser when PyYAML has it (several times faster); the pure-Python one otherwise.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeLoader):  # type: ignore[misc, valid-type]
    """Records the line of each mapping so problems can point at the entry."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _root() -> Traversable:
    return resources.files("csc_insight.indicators")


@cache
def load() -> tuple[Indicator, ...]:
    """The whole catalogue in journey order, validated; raises CatalogueError listing every problem."""
    return load_from(_root())


@cache
def published_figures() -> tuple[Published, ...]:
    """The catalogue's published annual indicators (indicators/published.py), which `csc
    compute` does not compute, in journey order."""
    return _load_all(_root())[1]


def shared_sql(root: Traversable | None = None) -> list[tuple[str, str]]:
    """(name, SQL text) of each shared file that exists, in the order the engine runs them."""
    folder = (root or _root()).joinpath("sql", "shared")
    out = []
    for name in SHARED:
        f = folder.joinpath(f"{name}.sql")
        if f.is_file():
            out.append((name, f.read_text("utf-8")))
    return out


def _code(sql: str) -> str:
    """SQL without its -- comments."""
    return re.sub(r"--[^\n]*", "", sql)


def _names_in(sql: str, names: Iterable[str]) -> set[str]:
    """Which of the names (table, view and macro names: word characters only) the SQL uses."""
    return set(_WORD.findall(_code(sql))) & set(names)


_WORD = re.compile(r"\w+")


def shared_reads(root: Traversable | None = None) -> dict[str, frozenset[str]]:
    """Each shared view or macro name -> the tables it reads, directly or through earlier shared files."""
    known = set(schema.tables()) | OTHER_TABLES
    reads: dict[str, frozenset[str]] = {}
    for _file, text in shared_sql(root):
        defined = set(_DEFINES.findall(_code(text)))
        tables = set(_names_in(text, known))
        for used in _names_in(text, set(reads) - defined):
            tables |= reads[used]
        for name in defined:
            reads[name] = frozenset(tables)
    return reads


def month_based_shared(root: Traversable | None = None) -> frozenset[str]:
    """The shared views and macros that assume a period is a month (they use MONTH_BASED, or
    another that does): a weekly indicator may read the others (a role filter, a date macro)."""
    key = str(root or _root())
    if key not in _MONTH_BASED:
        names: set[str] = set()
        for _file, text in shared_sql(root):
            for statement in _code(text).split(";"):
                defined = _DEFINES.findall(statement)
                if defined and _names_in(statement, MONTH_BASED | names):
                    names.update(defined)
        _MONTH_BASED[key] = frozenset(names)
    return _MONTH_BASED[key]


_MONTH_BASED: dict[str, frozenset[str]] = {}


def load_from(root: Traversable) -> tuple[Indicator, ...]:
    """The computed indicators of the catalogue under ``root`` (the published annual ones are
    published_figures'), validated with every problem named."""
    return _load_all(root)[0]


def _load_all(root: Traversable) -> tuple[tuple[Indicator, ...], tuple[Published, ...]]:
    problems: list[str] = []
    folder = root.joinpath("sql", "shared")
    if folder.is_dir():
        present = {f.name for f in folder.iterdir() if f.name.endswith(".sql")}
        for name in sorted(present - {f"{n}.sql" for n in SHARED}):
            problems.append(
                f"sql/shared/{name}: not in catalogue.SHARED, so the engine would not create it"
            )
        for name in SHARED:
            if f"{name}.sql" not in present:
                problems.append(f"sql/shared/{name}.sql not found (listed in catalogue.SHARED)")
    reads = shared_reads(root)
    indicators: list[Indicator] = []
    figures: list[Published] = []
    seen: dict[str, str] = {}
    files = sorted(
        (f for f in root.joinpath("catalogue").iterdir() if f.name.endswith(".yaml")),
        key=lambda f: f.name,
    )
    for f in files:
        try:
            entries = yaml.load(f.read_text("utf-8"), Loader=_LineLoader) or []  # noqa: S506 - SafeLoader subclass
        except yaml.YAMLError as e:
            problems.append(f"catalogue/{f.name}: not valid YAML: {e}")
            continue
        if not isinstance(entries, list):
            problems.append(f"catalogue/{f.name}: expected a list of indicators")
            continue
        for entry in entries:
            where = f"catalogue/{f.name}:{entry.get('__line__', '?') if isinstance(entry, dict) else '?'}"
            one: Indicator | Published | None
            if published.is_published(entry):
                one = published.parse(
                    entry, f"catalogue/{f.name}", where, tuple(AREAS), DEFINITION_PARTS, problems
                )
            else:
                one = _indicator(entry, f"catalogue/{f.name}", where, root, reads, problems)
            if one is None:
                continue
            if one.id in seen:
                problems.append(f"{where}: id {one.id!r} already used at {seen[one.id]}")
                continue
            seen[one.id] = where
            if isinstance(one, Published):
                figures.append(one)
            else:
                indicators.append(one)
    if problems:
        raise CatalogueError(problems)
    order = list(AREAS)
    return (
        tuple(sorted(indicators, key=lambda i: order.index(i.area))),
        tuple(sorted(figures, key=lambda i: order.index(i.area))),
    )


def _indicator(
    entry: Any,
    file: str,
    where: str,
    root: Traversable,
    reads: dict[str, frozenset[str]],
    problems: list[str],
) -> Indicator | None:
    if not isinstance(entry, dict):
        problems.append(f"{where}: an indicator must be a mapping")
        return None
    before = len(problems)

    def need(key: str, allowed: tuple[str, ...] | None = None) -> Any:
        value = entry.get(key)
        if value is None or value == "":
            problems.append(f"{where}: {key} missing")
        elif allowed is not None and value not in allowed:
            problems.append(f"{where}: {key} {value!r} is not one of {', '.join(allowed)}")
        return value

    ident = str(need("id"))
    title = need("title")
    area = need("area", tuple(AREAS))
    polarity = need("polarity", POLARITIES)
    unit = need("unit", UNITS)
    kind = need("kind", KINDS)
    aggregate = entry.get("aggregate") or ("sum" if kind == "flow" else "latest")
    if aggregate not in AGGREGATES:
        problems.append(f"{where}: aggregate {aggregate!r} is not one of {', '.join(AGGREGATES)}")
    subject = need("subject")
    definition = published.definition_of(entry, where, DEFINITION_PARTS, problems)
    tables = tuple(entry.get("tables") or ())
    known = set(schema.tables()) | OTHER_TABLES
    for t in tables:
        if t not in known:
            problems.append(f"{where}: unknown table {t!r}")
    if not tables:
        problems.append(f"{where}: tables missing (the source tables the SQL reads)")
    sql_name = entry.get("sql") or f"{slug(ident)}.sql"
    sql_file = root.joinpath("sql", sql_name)
    sql = ""
    if not sql_file.is_file():
        problems.append(f"{where}: SQL file sql/{sql_name} not found")
    else:
        sql = sql_file.read_text("utf-8")
        views = _names_in(sql, reads)
        through = set().union(*(reads[v] for v in views))
        for t in tables:
            if (
                t not in OTHER_TABLES
                and not re.search(rf"\b{re.escape(t)}\b", sql)
                and t not in through
            ):
                problems.append(f"{where}: sql/{sql_name} does not read {t}, which the entry lists")
        for v in sorted(views):
            for t in sorted((reads[v] & set(schema.tables())) - OTHER_TABLES - set(tables)):
                problems.append(
                    f"{where}: sql/{sql_name} reads {t} through shared {v}; list it in tables"
                )
    targets: dict[str, float] = {}
    raw_targets = entry.get("target") or {}
    if not isinstance(raw_targets, dict):
        problems.append(f"{where}: target must map financial years (e.g. 2020-21) to values")
    else:
        for fy, value in raw_targets.items():
            if fy == "__line__":
                continue
            if not re.fullmatch(r"\d{4}-\d{2}", str(fy)) or not isinstance(value, int | float):
                problems.append(f"{where}: target {fy}: {value!r} is not 'yyyy-yy: number'")
            else:
                targets[str(fy)] = float(value)
    if targets and polarity == "none":
        problems.append(f"{where}: a target needs a polarity")
    tolerance = entry.get("tolerance", DEFAULT_TOLERANCE)
    if not isinstance(tolerance, int | float) or not 0 <= tolerance <= 1:
        problems.append(f"{where}: tolerance must be a fraction between 0 and 1")
    history = entry.get("history_months", 0)
    if not isinstance(history, int) or isinstance(history, bool) or not 0 <= history <= 120:
        problems.append(f"{where}: history_months must be a whole number of months from 0 to 120")
    short = entry.get("short_title") or title
    team = str(entry.get("team") or "").strip()
    if bool(team) != bool(re.search(r"\bteam_id\b", _code(sql))) and sql:
        problems.append(
            f"{where}: "
            + (
                "team is given but the SQL returns no team_id"
                if team
                else "the SQL returns team_id: say which team in `team:`"
            )
        )
    weekly = entry.get("weekly", False)
    if not isinstance(weekly, bool):
        problems.append(f"{where}: weekly must be true or false")
    elif weekly:
        if kind != "flow" or aggregate != "sum":
            problems.append(f"{where}: only a flow that adds its months can be weekly")
        month_based = _names_in(sql, MONTH_BASED | month_based_shared(root))
        if month_based:
            problems.append(
                f"{where}: weekly, but sql/{sql_name} uses {', '.join(sorted(month_based))}: "
                "a week is counted from period_days alone"
            )
    empty_month = entry.get("empty_month", "zero")
    if empty_month not in EMPTY_MONTHS:
        problems.append(f"{where}: empty_month {empty_month!r} is not one of zero, missing")
    if len(problems) > before:
        return None
    return Indicator(
        id=ident,
        title=str(title),
        area=str(area),
        polarity=polarity,
        unit=str(unit),
        kind=str(kind),
        aggregate=str(aggregate),
        subject=str(subject),
        sql=sql,
        definition={k: str(v).strip() for k, v in definition.items() if k != "__line__"},
        tables=tables,
        owner=str(entry.get("owner") or ""),
        targets=targets,
        tolerance=float(tolerance),
        comparators={
            k: str(v) for k, v in (entry.get("comparators") or {}).items() if k != "__line__"
        },
        file=file,
        line=int(entry.get("__line__", 0)),
        short_title=str(short),
        history_months=int(history),
        team=team,
        weekly=bool(weekly),
        empty_month=str(empty_month),
    )


def _key(text: str) -> str:
    """An id as typed, with case, spaces and punctuation ignored: 'FD8', 'fd 8', 'fd_8' -> 'fd8'."""
    return re.sub(r"[^0-9a-z]+", "", text.lower())


class UnknownIndicator(CscError):
    def __init__(self, text: str, suggestions: list[str]) -> None:
        self.suggestions = suggestions
        hint = f"did you mean {' or '.join(repr(s) for s in suggestions)}? " if suggestions else ""
        super().__init__(
            f"no indicator {text!r} in the catalogue; {hint}`csc indicators` lists them all"
        )


def get(indicator_id: str) -> Indicator:
    """The indicator an id names, however it is typed ('FD8', 'fd 8' and 'FD 8' are FD 8);
    an unknown id raises UnknownIndicator with the nearest ids."""
    key = _key(indicator_id)
    for ind in load():
        if _key(ind.id) == key:
            return ind
    for figure in published_figures():
        if _key(figure.id) == key:
            raise CscError(
                f"{figure.id} ({figure.title}) is a published annual figure, not computed: "
                "`csc education show` shows it with England and the statistical neighbours"
            )
    raise UnknownIndicator(indicator_id, suggest(indicator_id))


def suggest(text: str, most: int = 3) -> list[str]:
    """The ids nearest to ``text``: close spellings first, then ids in the same family."""
    import difflib

    by_key = {_key(i.id): i.id for i in load()}
    close = difflib.get_close_matches(_key(text), list(by_key), n=most, cutoff=0.6)
    found = [by_key[k] for k in close]
    family = re.match(r"[a-z]+", _key(text))
    if len(found) < most and family:
        found += [i for k, i in by_key.items() if k.startswith(family.group()) and i not in found][
            : most - len(found)
        ]
    return found


def resolve(ids: Iterable[str]) -> list[str]:
    """Catalogue ids for ids as typed; every unknown one is refused (the first, with suggestions)."""
    return [get(text).id for text in ids]
