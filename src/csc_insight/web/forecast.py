"""The Forecast page: children looked after, local and UASC, as fan charts from the published
store; the target (local children in care ≤ 430 by 31 March 2024, seed 000) with its trajectory
and the probability of meeting it; a scenario an analyst adjusts (entry, leaving and move rates
multiplied), run beside the baseline; saved scenarios side by side; the UASC run-off; caseloads
under a share of posts held vacant.

Every figure is a model run's (web/forecast_runs.py, forecast/): the page lays them out. Each is
an aggregate, a count of children: no child is ever named or listed. Who may do what is in
roles.py: finance officers, analysts and admins read the page and compare the saved scenarios;
only analysts and admins adjust the rates and save a scenario (a lever in the query from anyone
else is refused, 403). The adjusting form is a plain GET (a scenario run changes nothing, and its
address can be bookmarked or sent); saving is a POST. No script: it works without JavaScript.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods

from csc_insight.errors import CscError
from csc_insight.forecast import scenario as sc
from csc_insight.forecast import states, targets
from csc_insight.reports import charts
from csc_insight.reports.fan_chart import Fan, fan_chart
from csc_insight.web import forecast_runs as runs
from csc_insight.web.models import AuditEntry
from csc_insight.web.roles import can_forecast, can_run_scenarios, needs

#: Seed 000's target: local children in care from 484 (31 January 2021) to 430 by March 2024.
TARGET, TARGET_BY = 430.0, date(2024, 3, 31)
DEFAULT_VACANCY = 0.07  # seed 002: the 7% of posts the council considered holding vacant
#: A lever's multiplier: 0 (none) to 5 (five times the window's rate); more is not a scenario
#: but a mistake, and would make the simulation follow millions of entrants.
MAX_MULTIPLIER = 5.0
MIN_HORIZON, MAX_HORIZON = 24, 60
LEVERS = (
    ("entries", "Entries to care", "new children coming into care a month"),
    ("leave", "Leaving care", "the chance a month that a child leaves care"),
    ("move", "Placement moves", "the chance a month of a move between placement types"),
)
GROUP_CHOICES = (("both", "Local children and UASC"), ("local", "Local children"), ("uasc", "UASC"))


@dataclass
class Asked:
    """What the page was asked for, read from the query (or the save form)."""

    group: str = "both"
    levers: dict[str, float] = field(default_factory=lambda: {k: 1.0 for k, _, _ in LEVERS})
    target: float = TARGET
    by: date = TARGET_BY
    vacancy: float = DEFAULT_VACANCY
    compare: list[str] = field(default_factory=list)

    @property
    def adjusted(self) -> bool:
        return any(v != 1.0 for v in self.levers.values())

    def scenario(self, name: str = "adjusted", note: str = "") -> sc.Scenario:
        changes = {k: sc.Change(v) for k, v in self.levers.items() if v != 1.0}
        return sc.Scenario(name, self.group, changes, note)

    def query(self) -> str:
        q: dict[str, Any] = {"group": self.group, **{k: f"{v:g}" for k, v in self.levers.items()}}
        q |= {"target": f"{self.target:g}", "by": self.by.isoformat()}
        q |= {"vacancy": f"{self.vacancy * 100:g}"}
        return urlencode([*q.items(), *(("compare", n) for n in self.compare)])


def _number(q: QueryDict, name: str, label: str, errors: list[tuple[str, str]]) -> float | None:
    text = q.get(name, "").strip().replace(",", "")
    if not text:
        return None
    try:
        v = float(text.removesuffix("%"))
    except ValueError:
        errors.append((name, f"{label} must be a number, like 0.9 (you gave {text!r})."))
        return None
    if not math.isfinite(v):
        errors.append((name, f"{label} must be a number, like 0.9."))
        return None
    return v


def parse(q: QueryDict) -> tuple[Asked, list[tuple[str, str]]]:
    """The request's choices, and each problem as (the field's id, a sentence)."""
    a, errors = Asked(), []
    group = q.get("group", "both")
    if group not in dict(GROUP_CHOICES):
        errors.append(("group", "Choose whose rates change: local children, UASC or both."))
    else:
        a.group = group
    for lever, label, _ in LEVERS:
        v = _number(q, lever, f"The {label.lower()} multiplier", errors)
        if v is None:
            continue
        if v < 0:
            errors.append(
                (
                    lever,
                    f"The {label.lower()} multiplier cannot be negative: a rate "
                    f"of less than nothing is not a rate (0 stops it, 1 leaves it).",
                )
            )
        elif v > MAX_MULTIPLIER:
            errors.append(
                (
                    lever,
                    f"The {label.lower()} multiplier is at most "
                    f"{MAX_MULTIPLIER:g} ({MAX_MULTIPLIER:g} times the window's).",
                )
            )
        else:
            a.levers[lever] = v
    t = _number(q, "target", "The target", errors)
    if t is not None:
        if 0 <= t <= 100_000:
            a.target = t
        else:
            errors.append(("target", "The target is a number of children, from 0 to 100,000."))
    by = q.get("by", "").strip()
    if by:
        try:
            a.by = date.fromisoformat(by)
        except ValueError:
            errors.append(("by", f"The target date must be a date, like 2024-03-31 (not {by!r})."))
    v = _number(q, "vacancy", "The share of posts held vacant", errors)
    if v is not None:
        if 0 <= v < 100:
            a.vacancy = v / 100
        else:
            errors.append(("vacancy", "The share of posts held vacant is a percentage, 0 to 99."))
    a.compare = [n for n in q.getlist("compare") if n]
    return a, errors


def _horizon(origin: date, by: date) -> int:
    return max(MIN_HORIZON, min(MAX_HORIZON, targets.months_between(origin, by)))


def _percent(p: float | None) -> str:
    return "not within the forecast" if p is None else f"{p:.0%}"


def _at(run: runs.Run, group: int | None, i: int) -> dict[str, str]:
    lo, med, hi = run.quantiles(group)[:, i]
    return {"median": f"{med:,.0f}", "interval": f"{lo:,.0f}–{hi:,.0f}"}


def _row(label: str, what: str, run: runs.Run, a: Asked, i: int, kind: str) -> dict[str, Any]:
    return {
        "label": label,
        "what": what,
        "kind": kind,
        "local": _at(run, states.LOCAL, i),
        "uasc": _at(run, states.UASC, i),
        "all": _at(run, None, i),
        "probability": _percent(run.probability(a.target, a.by)),
    }


def _changes(s: sc.Scenario) -> str:
    parts = []
    for lever, c in s.changes.items():
        part = f"{lever} ×{c.multiply:g}" if c.multiply != 1 else lever
        parts.append(part + (f" {c.add:+g} a month" if c.add else ""))
    whose = dict(GROUP_CHOICES).get(s.group, s.group)
    return f"{whose}: {', '.join(parts) or 'no change'}"


def _saved() -> dict[str, sc.Scenario]:
    try:
        return sc.load_all(sc.scenario_file(settings.STORE))
    except CscError:
        return {}


def _runoff(src: runs.Source) -> list[dict[str, str]]:
    def d(x: date | None) -> str:
        return f"{x:%d/%m/%Y}" if x else "not within 15 years"

    return [
        {
            "arrivals": "none" if r.arrivals == 0 else f"{r.arrivals:.0%} of the window's",
            "share": f"{r.share:.2%} ({r.threshold:,.0f} children)",
            "median": d(r.median_date),
            "range": f"{d(r.early)} to {d(r.late)}",
        }
        for r in runs.runoff(src)
    ]


def _caseloads(
    src: runs.Source, base: runs.Run, scen: runs.Run | None, h: int, vacancy: float
) -> list[dict[str, str]]:
    both = [runs.caseload(src, base, h, vacancy)]
    if scen is not None:
        both.append(runs.caseload(src, scen, h, vacancy))
    out = []
    for i, b in enumerate(both[0]):
        s = both[1][i] if len(both) > 1 else None
        target = b.service.target
        out.append(
            {
                "service": b.service.name,
                "driver": b.driver,
                "target": f"{target:g}" if target is not None else "none",
                "workers": f"{b.workers:,.1f}",
                "now": f"{b.caseload[0, 0]:.1f}",
                "base": f"{float(_median(b.caseload[:, -1])):.1f}",
                "base_breach": _percent(b.breach()) if target is not None else "",
                "scen": f"{float(_median(s.caseload[:, -1])):.1f}" if s else "",
                "scen_breach": _percent(s.breach()) if s and target is not None else "",
            }
        )
    return out


def _median(x: Any) -> float:
    import numpy as np

    return float(np.median(x))


def _chart(
    title: str, group: int, src: runs.Source, fans: list[tuple[str, runs.Run]],
    trajectory: list[tuple[date, float]],
) -> str:  # fmt: skip
    actual = [(d, local if group == states.LOCAL else uasc) for d, local, uasc in src.actual]
    drawn = [Fan(label, r.quantiles(group)) for label, r in fans]
    svg = fan_chart(title, fans[0][1].months, actual, drawn, trajectory)
    # the HTML parser gives <svg> its namespace (as reports/html.py's charts); escaped by fan_chart
    return mark_safe(svg.replace(f' xmlns="{charts.SVG_NS}"', "", 1))  # noqa: S308


def _context(request: HttpRequest, a: Asked, errors: list[tuple[str, str]]) -> dict[str, Any]:
    began = time.perf_counter()
    try:
        src = runs.source()
    except CscError as e:
        raise Http404(str(e)) from e
    origin = src.fitted.origin
    h = _horizon(origin, a.by)
    base = runs.baseline(src, h)
    scen: runs.Run | None = None
    if a.adjusted and not errors:
        try:
            scen = runs.scenario_run(src, h, runs.key(a.scenario()))
        except CscError as e:
            errors.append(("entries", str(e)))
    on_target = base.probability(a.target, a.by) is not None
    i = base.forecast.at(a.by) if on_target else len(base.months) - 1
    rows = [_row("Baseline", "rates as estimated from the window", base, a, i, "baseline")]
    if scen is not None:
        rows.append(_row("This scenario", _changes(a.scenario()), scen, a, i, "scenario"))
    saved = _saved()
    for name in a.compare:
        s = saved.get(name)
        if s is None:
            errors.append(("compare", f"There is no saved scenario {name!r} any more."))
            continue
        try:
            rows.append(
                _row(name, _changes(s), runs.scenario_run(src, h, runs.key(s)), a, i, "saved")
            )
        except CscError as e:
            errors.append(("compare", str(e)))
    fans = [("Baseline", base)] + ([("Scenario", scen)] if scen is not None else [])
    start = float(base.quantiles(states.LOCAL)[1, 0])
    trajectory = targets.trajectory(start, a.target, origin, a.by) if on_target else []
    context = {
        "asked": a,
        "errors": errors,
        "origin": origin,
        "window_from": src.fitted.window_from,
        "horizon_end": base.months[-1],
        "at": base.months[i],
        "on_target": on_target,
        "sims": runs.SIMS,
        "draws": runs.DRAWS,
        "baseline_p": _percent(base.probability(a.target, a.by)),
        "scenario_p": _percent(scen.probability(a.target, a.by)) if scen is not None else None,
        "local_chart": _chart("Local children looked after", states.LOCAL, src, fans, trajectory),
        "uasc_chart": _chart("Unaccompanied asylum-seeking children looked after", states.UASC,
                             src, fans, []),
        "rows": rows,
        "saved": [
            {"name": n, "what": _changes(s), "note": s.note, "checked": n in a.compare,
             "adjust": _adjust_query(s, a)}
            for n, s in saved.items()
        ],
        "runoff": _runoff(src),
        "population": src.population,
        "caseloads": _caseloads(src, base, scen, h, a.vacancy),
        "levers": [(k, label, hint, f"{a.levers[k]:g}") for k, label, hint in LEVERS],
        "groups": GROUP_CHOICES,
        "can_run": can_run_scenarios(request.user),
        "query": a.query(),
        "vacancy_pct": f"{a.vacancy * 100:g}",
        "saved_name": request.GET.get("saved", ""),
    }  # fmt: skip
    context["took"] = f"{time.perf_counter() - began:.2f}"
    return context


def _adjust_query(s: sc.Scenario, a: Asked) -> str | None:
    """The page's address with a saved scenario's multipliers in the form (None when it also
    adds to a rate, which the form does not offer)."""
    if any(c.add for c in s.changes.values()):
        return None
    b = Asked(s.group, {k: 1.0 for k, _, _ in LEVERS}, a.target, a.by, a.vacancy, a.compare)
    b.levers |= {k: c.multiply for k, c in s.changes.items()}
    return b.query()


@needs("viewer")
@require_http_methods(["GET", "POST"])
def page(request: HttpRequest) -> HttpResponse:
    if not can_forecast(request.user):
        raise PermissionDenied("needs the finance, analyst or admin role")
    if request.method == "POST":
        return _save(request)
    a, errors = parse(request.GET)
    if (a.adjusted or any(k in request.GET for k, _, _ in LEVERS)) and not can_run_scenarios(
        request.user
    ):
        raise PermissionDenied("needs the analyst or admin role to adjust a scenario")
    context = _context(request, a, errors)
    return render(request, "web/forecast.html", context, status=400 if errors else 200)


def _save(request: HttpRequest) -> HttpResponse:
    """Save the adjusted scenario under a name, beside the store (as `csc forecast scenario
    save` does): the command line and the pack see it too."""
    if not can_run_scenarios(request.user):
        raise PermissionDenied("needs the analyst or admin role to save a scenario")
    a, errors = parse(request.POST)
    name = request.POST.get("name", "").strip()
    note = request.POST.get("note", "").strip()[:500]
    if not name:
        errors.append(("name", "Give the scenario a name."))
    elif len(name) > 80:
        errors.append(("name", "A scenario's name is at most 80 characters."))
    if not a.adjusted and not errors:
        errors.append(("entries", "Change at least one multiplier before saving a scenario."))
    if not errors:
        try:
            s = a.scenario(name, note)
            sc.save(sc.scenario_file(settings.STORE), s)
        except CscError as e:
            errors.append(("name", str(e)))
    if errors:
        context = _context(request, a, errors)
        context["posted"] = {"name": name, "note": note}
        return render(request, "web/forecast.html", context, status=400)
    AuditEntry.objects.create(
        user_name=request.user.get_username(),
        action="forecast-scenario",
        detail=f"saved the forecast scenario {name!r}: {_changes(s)}",
    )
    a.compare = sorted({*a.compare, name})
    return redirect(reverse("forecast") + "?" + a.query() + "&" + urlencode({"saved": name}))
