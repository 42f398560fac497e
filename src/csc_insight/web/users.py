"""Users and roles: one set of rules for the admin's Users page and `csc user add/list` (Django
started first).

Every change is written to the audit log (who changed whom, and what): ``user-add``,
``user-role``, ``user-active``, ``user-password``. No change may leave the dashboard without an
active admin, so an admin cannot demote or deactivate the last one (themselves included).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import transaction

from csc_insight.errors import CscError
from csc_insight.store.audit import os_user
from csc_insight.web.models import AuditEntry, Profile
from csc_insight.web.roles import ROLES


@dataclass(frozen=True)
class Person:
    """A user as the Users page and `csc user list` show them."""

    pk: int
    name: str
    role: str
    teams: str
    last_sign_in: datetime | None
    active: bool


def _by(by: str | None) -> str:
    """Who made a change: the admin signed in, or on the command line the system's user."""
    return by or f"{os_user()} (csc user)"


def _audit(by: str, action: str, detail: str) -> None:
    AuditEntry.objects.create(user_name=by, action=action, count=1, detail=detail)


def check_role(role: str, teams: list[str]) -> None:
    if role not in ROLES:
        raise CscError(f"no role {role!r}; roles: {', '.join(ROLES)}")
    if role == "manager" and not teams:
        raise CscError("a manager sees the children of their own teams: give --teams")


def check_password(password: str, name: str) -> None:
    """The validators in settings: 12 characters or more, not common, not all digits, not like
    the name."""
    try:
        validate_password(password, get_user_model()(username=name))
    except ValidationError as e:
        raise CscError("the password is refused: " + " ".join(e.messages)) from e


def add(name: str, role: str, password: str, teams: list[str], *, by: str | None = None) -> None:
    """A new user with a role (and a manager's teams) and a first password."""
    check_role(role, teams)
    name = name.strip()
    try:
        UnicodeUsernameValidator()(name)
    except ValidationError as e:
        raise CscError("a user name is letters, digits and @ . + - _ only, with no spaces") from e
    user_model = get_user_model()
    if user_model.objects.filter(username=name).exists():
        raise CscError(f"there is already a user {name!r}")
    check_password(password, name)
    with transaction.atomic():
        user = user_model.objects.create_user(username=name, password=password)
        Profile.objects.create(user=user, role=role, teams=",".join(teams))
        on = f", teams {','.join(teams)}" if teams else ""
        _audit(_by(by), "user-add", f"{name}: added as {role}{on}")


def _user(pk: int) -> User:
    found = User.objects.filter(pk=pk).first()
    if found is None:
        raise CscError("no such user")
    return found


def _admins_left(without: int) -> int:
    """Active admins other than the user ``without``."""
    return (
        Profile.objects.filter(role="admin", user__is_active=True).exclude(user_id=without).count()
    )


def set_role(pk: int, role: str, teams: list[str], *, by: str) -> None:
    check_role(role, teams)
    with transaction.atomic():
        user = _user(pk)
        profile, _ = Profile.objects.select_for_update().get_or_create(
            user=user, defaults={"role": role}
        )
        before = (profile.role, profile.teams)
        if before[0] == "admin" and role != "admin" and user.is_active and not _admins_left(pk):
            raise CscError("this is the only active admin: make another admin first")
        profile.role, profile.teams = role, ",".join(teams)
        profile.save()
        if (profile.role, profile.teams) != before:
            was = before[0] + (f" (teams {before[1]})" if before[1] else "")
            now = role + (f" (teams {profile.teams})" if profile.teams else "")
            _audit(by, "user-role", f"{user.get_username()}: role {was} → {now}")


def set_active(pk: int, active: bool, *, by: str) -> None:
    """Deactivate (the user can no longer sign in, and is signed out at once) or reactivate."""
    with transaction.atomic():
        user = _user(pk)
        if user.is_active == active:
            return
        profile = Profile.objects.filter(user=user).first()
        if not active and profile is not None and profile.role == "admin" and not _admins_left(pk):
            raise CscError("this is the only active admin: make another admin first")
        user.is_active = active
        user.save(update_fields=["is_active"])
        state = "reactivated" if active else "deactivated"
        _audit(by, "user-active", f"{user.get_username()}: {state}")


def set_password(pk: int, password: str, *, by: str) -> None:
    """A new password (the user's sessions end: Django signs them out on their next page)."""
    user = _user(pk)
    check_password(password, user.get_username())
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        _audit(by, "user-password", f"{user.get_username()}: password reset")


def people() -> list[Person]:
    profiles = {p.user_id: p for p in Profile.objects.all()}
    out = []
    for u in get_user_model().objects.order_by("username"):
        p = profiles.get(u.pk)
        out.append(
            Person(
                u.pk, u.get_username(), p.role if p else "none", p.teams if p else "",
                u.last_login, u.is_active,
            )
        )  # fmt: skip
    return out


def rows() -> list[tuple[str, str, str, str]]:
    """(name, role, teams, last sign-in) of every user, for `csc user list` (an inactive user's
    role says so)."""
    return [
        (
            p.name,
            p.role if p.active else f"{p.role} (inactive)",
            p.teams,
            f"{p.last_sign_in:%d/%m/%Y %H:%M}" if p.last_sign_in else "never",
        )
        for p in people()
    ]
