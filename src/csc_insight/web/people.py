"""The admin's Users page: every user (role, teams, last sign-in, active), adding one, and one
page per user to change their role and teams, deactivate or reactivate them, or reset their
password. The rules and the audit rows are web/users.py's, shared with `csc user`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from csc_insight.errors import CscError
from csc_insight.web import users
from csc_insight.web.models import Profile
from csc_insight.web.roles import ROLES, needs

INPUT = {"class": "govuk-input govuk-!-width-one-half"}
ROLE_HINTS = {
    "viewer": "Viewer: the figures, small numbers suppressed",
    "finance": "Finance officer: the figures as a viewer, and enters money and delivery figures",
    "manager": "Manager: also the children of their own teams",
    "analyst": "Analyst: every child, targets and commentary",
    "admin": "Admin: users and the audit log too",
}


def _teams(text: str) -> list[str]:
    return [t.strip() for t in text.split(",") if t.strip()]


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=[(r, ROLE_HINTS[r]) for r in ROLES], widget=forms.RadioSelect)
    teams = forms.CharField(
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs=INPUT),
        help_text="A manager's teams: their team ids, separated by commas.",
    )

    def clean(self) -> dict[str, Any]:
        c = super().clean() or {}
        if c.get("role") == "manager" and not _teams(c.get("teams", "")):
            self.add_error("teams", "Enter the manager's teams.")
        return c


class PasswordForm(forms.Form):
    password1 = forms.CharField(
        label="New password",
        strip=False,
        widget=forms.PasswordInput(attrs={**INPUT, "autocomplete": "new-password"}),
        help_text="12 characters or more; not a common one, not all digits, not like the name.",
    )
    password2 = forms.CharField(
        label="The password again",
        strip=False,
        widget=forms.PasswordInput(attrs={**INPUT, "autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        c = super().clean() or {}
        if c.get("password1") and c.get("password1") != c.get("password2"):
            self.add_error("password2", "The two passwords are not the same.")
        return c


class AddForm(RoleForm, PasswordForm):
    name = forms.CharField(
        label="User name",
        max_length=150,
        widget=forms.TextInput(attrs={**INPUT, "autocomplete": "off"}),
    )
    field_order = ("name", "role", "teams", "password1", "password2")

    def clean(self) -> dict[str, Any]:
        RoleForm.clean(self)
        return PasswordForm.clean(self)


def _errors(*found: forms.Form) -> list[tuple[str, str]]:
    """(field id, message) for the GOV.UK error summary, in the forms' field order."""
    out = []
    for form in found:
        for name, field in form.fields.items():  # hints and errors read with the field
            described = [f"{form[name].auto_id}-hint"] if field.help_text else []
            if name in form.errors:
                described.append(f"{form[name].auto_id}-error")
                if getattr(field.widget, "input_type", "") != "radio":
                    field.widget.attrs["class"] += " govuk-input--error"
            if described and getattr(field.widget, "input_type", "") != "radio":
                field.widget.attrs["aria-describedby"] = " ".join(described)
        for name, messages in form.errors.items():
            target = form[name].auto_id if name in form.fields else ""
            if name in form.fields and isinstance(form.fields[name].widget, forms.RadioSelect):
                target += "_0"
            out += [(target, str(m)) for m in messages]
    return out


@needs("admin")
@require_http_methods(["GET", "POST"])
def page(request: HttpRequest) -> HttpResponse:
    form = AddForm(request.POST if request.method == "POST" else None, auto_id="add-%s")
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            users.add(
                c["name"], c["role"], c["password1"], _teams(c["teams"]),
                by=request.user.get_username(),
            )  # fmt: skip
            return redirect(reverse("users") + "?added=" + c["name"])
        except CscError as e:
            form.add_error("password1" if "password" in str(e) else "name", _sentence(str(e)))
    return render(
        request,
        "web/users.html",
        {
            "people": users.people(),
            "form": form,
            "errors": _errors(form),
            "added": request.GET.get("added"),
        },
    )


def _sentence(text: str) -> str:
    return text[0].upper() + text[1:].rstrip(".") + "."


@needs("admin")
@require_http_methods(["GET", "POST"])
def person(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_user_model().objects.filter(pk=pk).first()
    if user is None:
        raise Http404("no such user")
    profile = Profile.objects.filter(user=user).first()
    initial = {
        "role": profile.role if profile else "viewer",
        "teams": profile.teams if profile else "",
    }
    posted = request.POST if request.method == "POST" else None
    do = posted.get("do") if posted else None
    role_form = RoleForm(posted if do == "role" else None, initial=initial, auto_id="role-%s")
    password_form = PasswordForm(posted if do == "password" else None, auto_id="password-%s")
    problem = None
    if posted is not None:
        by = request.user.get_username()
        try:
            if do == "role" and role_form.is_valid():
                c = role_form.cleaned_data
                users.set_role(pk, c["role"], _teams(c["teams"]), by=by)
                return redirect(reverse("user", args=[pk]) + "?saved=role")
            if do == "password" and password_form.is_valid():
                users.set_password(pk, password_form.cleaned_data["password1"], by=by)
                return redirect(reverse("user", args=[pk]) + "?saved=password")
            if do in ("deactivate", "reactivate"):
                users.set_active(pk, do == "reactivate", by=by)
                return redirect(reverse("user", args=[pk]) + f"?saved={do}")
        except CscError as e:
            problem = _sentence(str(e))
            if do == "password":
                password_form.add_error("password1", problem)
                problem = None
            elif do == "role":
                role_form.add_error("role", problem)
                problem = None
    errors = _errors(role_form, password_form)
    if problem:
        errors.append(("active", problem))
    return render(
        request,
        "web/user.html",
        {
            "person": next(p for p in users.people() if p.pk == pk),
            "role_form": role_form,
            "password_form": password_form,
            "errors": errors,
            "problem": problem,
            "saved": request.GET.get("saved"),
        },
    )
