"""The Commentary page: an analyst edits a month's commentary (the three lists the pack opens
with), kept with who and when.

Each generated bullet can be removed or given other words; a bullet can be added to each list;
an analyst's own bullet can be reworded or removed again, and any edit withdrawn. Every change
is one row of the month's edits (models.CommentaryEdit, the table `csc report --edits` writes
too: reports/edits.py) and one row of the audit log, which is the page's history. The pages and
the pack apply the edits in order. Plain forms: it works without JavaScript.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from csc_insight.errors import CscError, ReaderError
from csc_insight.reports import edits
from csc_insight.reports.model import Bullet, Pack
from csc_insight.web import data
from csc_insight.web.models import AuditEntry, CommentaryEdit
from csc_insight.web.roles import needs

DOINGS = ("remove", "replace", "add", "withdraw")


class EditForm(forms.Form):
    """One change: what to do, and to which bullet (a generated bullet's list, indicator, rule
    and words; or the analyst's edit that made it)."""

    do = forms.ChoiceField(choices=[(d, d) for d in DOINGS])
    form = forms.CharField(max_length=40)  # which form on the page, to show its errors there
    list = forms.ChoiceField(choices=[(k, k) for k in edits.LISTS], required=False)
    indicator = forms.CharField(max_length=64, required=False)
    rule = forms.CharField(max_length=32, required=False)
    bullet = forms.CharField(max_length=edits.MAX_BULLET_CHARS * 2, required=False)
    text = forms.CharField(required=False, strip=True)
    edit = forms.IntegerField(required=False)


@dataclass
class Shown:
    """A bullet on the page: generated, or an analyst's (with the edit that made it)."""

    bullet: Bullet
    key: str  # the form's id on the page
    edit: CommentaryEdit | None


def _month(request: HttpRequest) -> str | None:
    from csc_insight.web.views import _month as month_of

    return month_of(request)


def _generated(request: HttpRequest) -> Pack:
    try:
        return data.generated(_month(request), published_view=False)
    except CscError as e:
        raise Http404(str(e)) from e


def _lists(gen: Pack, rows: list[CommentaryEdit]) -> list[dict[str, Any]]:
    """Each list as it stands after the month's edits, each bullet with what made it."""
    edited = edits.apply(gen.commentary, [_edit(r) for r in rows])
    made = {(r.text, r.indicator_id): r for r in rows if r.action in ("add", "replace")}
    out = []
    for key, heading, bullets in edited.groups():
        shown = [
            Shown(
                b,
                f"{key}-{n}",
                made.get((b.text, b.indicator_id)) if b.rule == "analyst" else None,
            )
            for n, b in enumerate(bullets, 1)
        ]
        out.append({"key": key, "heading": heading, "bullets": shown})
    return out


def _edit(r: CommentaryEdit) -> edits.Edit:
    return edits.Edit(
        r.action, r.list, r.indicator_id, r.rule, r.text, edited_by=r.edited_by,
        edited_at=r.edited_at,
    )  # fmt: skip


@needs("analyst")
@require_http_methods(["GET", "POST"])
def page(request: HttpRequest) -> HttpResponse:
    gen = _generated(request)
    period = gen.period
    errors: list[tuple[str, str]] = []
    failed = ""
    posted: dict[str, Any] = {}
    if request.method == "POST":
        form = EditForm(request.POST)
        if form.is_valid():
            posted = form.cleaned_data
            failed = posted["form"]
            errors = _change(request, period, posted)
            if not errors:
                url = reverse("commentary") + f"?month={period}&saved=1"
                return redirect(url + f"#{posted['form']}")
        else:
            errors = [("text", "This change could not be read: try again from the page.")]
    rows = list(CommentaryEdit.objects.filter(period=period).order_by("seq"))
    history = list(
        AuditEntry.objects.filter(period_id=period, action__startswith="commentary")[:100]
    )
    context = {
        "pack": gen,
        "period": period,
        "lists": _lists(gen, rows),
        "rows": [(r, _edit(r).describe()) for r in rows],
        "history": history,
        "last": history[0] if history else None,
        "errors": errors,
        "failed": failed,
        "posted": posted,
        "saved": request.GET.get("saved") == "1",
        "indicators": [(r.indicator.id, r.title) for r in gen.rows()],
        "max_chars": edits.MAX_BULLET_CHARS,
    }
    return render(request, "web/commentary.html", context)


def _change(request: HttpRequest, period: str, c: dict[str, Any]) -> list[tuple[str, str]]:
    """Make the change posted; the problems with it (field, message), none when made."""
    who = request.user.get_username()
    if c["edit"] is not None:
        return _change_own(who, period, c)
    entry = {"indicator": c["indicator"] or None, "rule": c["rule"] or None}
    if c["do"] == "remove":
        entry |= {} if c["indicator"] else {"text": c["bullet"], "list": c["list"]}
    elif c["do"] == "replace":
        if not c["indicator"]:
            return [("text", "This bullet names no figure: remove it and add your own instead.")]
        entry |= {"text": c["text"]}
    elif c["do"] == "add":
        entry = {"list": c["list"], "indicator": c["indicator"] or None, "text": c["text"]}
    else:
        return [("text", "Nothing to withdraw: the edit is gone already.")]
    try:
        (new,) = edits.parse({"period": period, c["do"]: [entry]}, period)
    except ReaderError as e:
        return [_problem(p.column, p.reason) for p in e.problems]
    _append(who, period, new)
    return []


def _problem(column: str | None, reason: str) -> tuple[str, str]:
    if column == "text" and reason.startswith("missing"):
        return ("text", "Enter the bullet's words.")
    if column == "text":
        return (
            "text",
            f"The bullet is too long: write at most {edits.MAX_BULLET_CHARS} characters.",
        )
    return (column or "text", reason[0].upper() + reason[1:] + ".")


def _append(who: str, period: str, new: edits.Edit) -> None:
    for _ in range(3):  # another analyst may take the same place at the same moment
        try:
            with transaction.atomic():
                last = CommentaryEdit.objects.filter(period=period).order_by("-seq").first()
                CommentaryEdit.objects.create(
                    period=period, seq=(last.seq if last else 0) + 1, action=new.action,
                    list=new.list_key, indicator_id=new.indicator_id, rule=new.rule,
                    text=new.text, edited_by=who, edited_at=timezone.now(),
                )  # fmt: skip
                _audit(who, period, new.describe())
            return
        except IntegrityError:
            continue
    raise CscError("the commentary is being changed by someone else: try again")


def _change_own(who: str, period: str, c: dict[str, Any]) -> list[tuple[str, str]]:
    """Reword, remove or withdraw the analyst's own edit (a bullet they added or reworded)."""
    with transaction.atomic():
        row = CommentaryEdit.objects.select_for_update().filter(pk=c["edit"], period=period)
        found = row.first()
        if found is None:
            return [("text", "That edit is gone already: someone changed the commentary.")]
        before = _edit(found).describe()
        if c["do"] == "withdraw" or (c["do"] == "remove" and found.action == "add"):
            found.delete()
            _audit(who, period, f"withdrew: {before}")
            return []
        if c["do"] == "remove":  # a reworded bullet: remove the generated one instead
            found.action, found.text = "remove", None
        elif c["do"] == "replace":
            text = " ".join(c["text"].split())
            if not text:
                return [("text", "Enter the bullet's words.")]
            if len(text) > edits.MAX_BULLET_CHARS:
                return [_problem("text", "too long")]
            found.text = text
        else:
            return [("text", "A bullet is added from the form under its list.")]
        found.edited_by, found.edited_at = who, timezone.now()
        found.save()
        _audit(who, period, _edit(found).describe() + f" (was: {before})")
    return []


def _audit(who: str, period: str, detail: str) -> None:
    AuditEntry.objects.create(
        user_name=who, action=edits.CHANGED, period_id=period, count=1, detail=detail
    )
