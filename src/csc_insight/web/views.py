"""The dashboard's pages. Each reads the pack's model or the children listing (web/data.py) and
lays it out; none computes a figure. The least role each needs is on its decorator (roles.py)."""

from __future__ import annotations

import csv
import io
from collections.abc import Hashable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from csc_insight.errors import CscError
from csc_insight.indicators import catalogue, periods
from csc_insight.reports import charts, formatting, html
from csc_insight.reports.children_text import MARKING, csv_cell, write_csv_to
from csc_insight.reports.model import Pack, PackRow
from csc_insight.web import data, pagecache
from csc_insight.web.forms import TargetForm
from csc_insight.web.models import AuditEntry, Target
from csc_insight.web.roles import has, needs, teams_of


def _audience(request: HttpRequest) -> bool:
    """True for a viewer: small numbers suppressed, as in the published pack."""
    return not has(request.user, "manager")


def _month(request: HttpRequest) -> str | None:
    month = request.GET.get("month") or None
    if month is not None:
        try:
            month, kind = periods.parse(month)
        except periods.PeriodError as e:
            raise Http404(str(e)) from e
        if kind != "month":
            raise Http404("a page is for a month")
    return month


def _pack(request: HttpRequest) -> Pack:
    return _pack_keyed(request)[0]


def _pack_keyed(request: HttpRequest) -> tuple[Pack, Hashable]:
    try:
        return data.pack_keyed(_month(request), published_view=_audience(request))
    except CscError as e:
        raise Http404(str(e)) from e


def _row(pack: Pack, ident: str) -> PackRow:
    for r in pack.rows():
        if r.indicator.slug == ident:
            return r
    raise Http404(f"no indicator {ident!r} in the results")


def _tiles(pack: Pack) -> list[dict[str, Any]]:
    """A tile per service area: RAG counts, the largest movements, the signals."""
    tiles = []
    for s in pack.sections:
        rags = {k: sum(r.rag == k for r in s.rows) for k in ("Red", "Amber", "Green", "Grey")}
        moves = []
        for r in s.rows:
            now, before = r.months[-1].shown, r.months[-2].shown if len(r.months) > 1 else None
            if now is not None and before:
                moves.append((abs(now - before) / abs(before), r, now - before))
        moves.sort(key=lambda m: -m[0])
        tiles.append(
            {
                "section": s,
                "rags": rags,
                "moves": [
                    {
                        "row": r,
                        "change": formatting.value(abs(d), r.indicator.unit),
                        "up": d > 0,
                    }
                    for _, r, d in moves[:2]
                ],
                "signals": [r for r in s.rows if r.signal in ("improving", "deteriorating")],
            }
        )
    return tiles


@needs("viewer")
def home(request: HttpRequest) -> HttpResponse:
    pack, made_from = _pack_keyed(request)
    return pagecache.render(
        request, made_from, lambda: ("web/home.html", {"pack": pack, "tiles": _tiles(pack)})
    )


@needs("viewer")
def area(request: HttpRequest, area: str) -> HttpResponse:
    pack, made_from = _pack_keyed(request)
    section = next((s for s in pack.sections if s.area == area), None)
    if section is None:
        raise Http404(f"no service area {area!r}")

    def make() -> tuple[str, dict[str, Any]]:
        rows = [
            {"row": r, "spark": html.sparkline(r), "target": html.target(r)} for r in section.rows
        ]
        return "web/area.html", {"pack": pack, "section": section, "rows": rows}

    return pagecache.render(request, made_from, make)


@needs("viewer")
def indicator(request: HttpRequest, ident: str) -> HttpResponse:
    pack, made_from = _pack_keyed(request)
    row = _row(pack, ident)
    return pagecache.render(request, made_from, lambda: _indicator(request, pack, row))


def _indicator(request: HttpRequest, pack: Pack, row: PackRow) -> tuple[str, dict[str, Any]]:
    ind = row.indicator
    history = [
        {
            "month": formatting.month(p.period_end),
            "id": f"{p.period_end:%Y-%m}",
            "figure": p.figure,
            "numerator": "c" if p.figure.suppressed else formatting.count(p.figure.numerator),
            "denominator": "c" if p.figure.suppressed else formatting.count(p.figure.denominator),
        }
        for p in row.history
    ]
    definition = [(html.PART_LABELS[k], v) for k, v in ind.definition.items()]
    can_list = has(request.user, "analyst") or (
        has(request.user, "manager") and ind.area not in catalogue.AGGREGATE_AREAS
    )
    return (
        "web/indicator.html",
        {
            "pack": pack,
            "row": row,
            "target": html.target(row) or "none",
            "chart": html.interactive_chart(row),
            "legend": charts.legend(row),
            "history": list(reversed(history)),
            "definition": definition,
            "comparators": [
                (label, row.comparators[k])
                for k, label in html.COMPARATOR_HEADINGS.items()
                if k in row.comparators
            ],
            "can_list": can_list,
            "months": [h["id"] for h in reversed(history)],
        },
    )


def _listing(request: HttpRequest, ident: str, action: str) -> Any:
    ind = next((i for i in catalogue.load() if i.slug == ident), None)
    if ind is None:
        raise Http404(f"no indicator {ident!r}")
    teams = teams_of(request.user)
    if teams is not None and ind.area in catalogue.AGGREGATE_AREAS:
        raise Http404("workers and entries are listed for analysts")
    period = request.GET.get("period", "")
    not_met = request.GET.get("not_met") == "1"
    try:
        return data.listing(
            ind,
            period or None,
            user=request.user.get_username(),
            not_met=not_met,
            teams=teams,
            action=action,
        )
    except CscError as e:
        raise Http404(str(e)) from e


@needs("manager")
def children(request: HttpRequest, ident: str) -> HttpResponse:
    got = _listing(request, ident, "children")
    headings = [c.replace("_", " ").capitalize() for c in got.columns]
    rows = [[_cell(v) for v in r] for r in got.rows]
    return render(
        request,
        "web/children.html",
        {
            "got": got,
            "headings": headings,
            "rows": rows,
            "marking": MARKING,
            "teams": teams_of(request.user),
        },
    )


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if hasattr(v, "strftime"):
        return formatting.day(v)
    return str(v)


@needs("manager")
def children_csv(request: HttpRequest, ident: str) -> HttpResponse:
    got = _listing(request, ident, "children-csv")
    out = io.StringIO()
    write_csv_to(got, out)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    name = f"{ident}-{got.period.period_id}".replace(" ", "_")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    response["Cache-Control"] = "no-store"
    return response


@needs("viewer")
def data_page(request: HttpRequest) -> HttpResponse:
    try:
        info = data.data_summary()
    except CscError as e:
        raise Http404(str(e)) from e
    return render(request, "web/data.html", info)


@needs("analyst")
@require_http_methods(["GET", "POST"])
def targets(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = TargetForm(request.POST)
        if form.is_valid():
            c = form.cleaned_data
            if not any(i.id == c["indicator_id"] for i in catalogue.load()):
                raise Http404("no such indicator")
            Target.objects.update_or_create(
                indicator_id=c["indicator_id"],
                financial_year=c["financial_year"],
                defaults={
                    "value": c["value"],
                    "tolerance": c["tolerance"],
                    "set_by": request.user.get_username(),
                    "reason": c["reason"],
                },
            )
            return redirect(reverse("targets") + f"?saved={c['indicator_id']}")
    pack = _pack(request)
    fy = pack.financial_year
    set_ = {(t.indicator_id, t.financial_year): t for t in Target.objects.all()}
    rows = []
    for r in pack.rows():
        ind = r.indicator
        if ind.polarity == "none":
            continue
        mine = set_.get((ind.id, fy))
        default = catalogue.get(ind.id).target_for(fy)
        rows.append(
            {
                "row": r,
                "default": formatting.target(default, ind.unit) if default is not None else "none",
                "set": mine,
                "form": TargetForm(
                    initial={
                        "indicator_id": ind.id,
                        "financial_year": fy,
                        "value": mine.value if mine else default,
                        "tolerance": mine.tolerance if mine else None,
                    },
                    auto_id=f"t-{ind.slug}-%s",
                ),
            }
        )
    return render(
        request,
        "web/targets.html",
        {"pack": pack, "rows": rows, "saved": request.GET.get("saved")},
    )


#: The pack's files a page offers, with their media types.
PACK_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@needs("viewer")
def pack_download(request: HttpRequest, kind: str) -> HttpResponse:
    """The committee pack as PDF (or ?format=xlsx, the workbook): the published one for
    everyone, the internal one (every figure, OFFICIAL-SENSITIVE) for managers and above."""
    if kind not in ("published", "internal"):
        raise Http404("a pack is published or internal")
    if kind == "internal" and not has(request.user, "manager"):
        return HttpResponse("The internal pack is for managers and analysts.", status=403)
    suffix = request.GET.get("format", "pdf")
    if suffix not in PACK_TYPES:
        raise Http404("a pack is a PDF or a workbook (format=pdf or xlsx)")
    try:
        path = data.pack_file(_month(request), published_view=kind == "published", suffix=suffix)
    except CscError as e:
        raise Http404(str(e)) from e
    response = HttpResponse(path.read_bytes(), content_type=PACK_TYPES[suffix])
    response["Content-Disposition"] = f'attachment; filename="pack-{kind}.{suffix}"'
    return response


@needs("admin")
def audit(request: HttpRequest) -> HttpResponse:
    entries = AuditEntry.objects.all()[:500]
    return render(request, "web/audit.html", {"entries": entries})


@needs("admin")
def audit_csv(request: HttpRequest) -> HttpResponse:
    entries = list(AuditEntry.objects.all())
    AuditEntry.objects.create(
        user_name=request.user.get_username(),
        action="audit-export",
        count=len(entries),
        detail="the audit log exported as CSV",
    )
    out = io.StringIO()
    out.write(f"# {MARKING}\n")
    writer = csv.writer(out)
    writer.writerow(
        ["recorded_at", "user", "action", "indicator", "period", "count", "children", "detail"]
    )
    for e in entries:
        writer.writerow(
            [csv_cell(x) for x in (
                e.recorded_at.isoformat(), e.user_name, e.action, e.indicator_id, e.period_id,
                e.count, e.children, e.detail,
            )]
        )  # fmt: skip
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit.csv"'
    response["Cache-Control"] = "no-store"
    return response
