"""What people type, and the audit log, in Django's database (SQLite or PostgreSQL).

- Profile: a user's role (viewer, manager, analyst, admin: roles.py) and, for a manager, the
  teams whose children they may see.
- AuditEntry: who saw or exported which children, for which figure, and when. Append-only: the
  model refuses to change or delete a saved row, and no view offers either.
- Target: an analyst's target and tolerance for an indicator and financial year, with who set it
  and when. It overrides the catalogue's (the default) for the dashboard, `csc compute`, `csc
  show` and the pack alike (indicators/targets.py reads this table).
- CommentaryEdit: an analyst's change to a month's generated commentary (remove, replace or add
  a bullet), with who made it and when. The dashboard's Commentary page and `csc report --edits`
  both write this table; the pages and the pack apply the month's edits in order
  (reports/edits.py, which reads and writes it without Django).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    role = models.CharField(max_length=16)
    #: A manager's teams (ssd_department team ids), comma-separated.
    teams = models.TextField(blank=True, default="")

    def team_ids(self) -> list[str]:
        return [t.strip() for t in self.teams.split(",") if t.strip()]


class AppendOnly(Exception):
    """A saved audit row was to be changed or deleted."""


class AuditEntry(models.Model):
    recorded_at = models.DateTimeField(auto_now_add=True, db_index=True)
    user_name = models.CharField(max_length=150)
    action = models.CharField(max_length=32)  # children, children-csv, audit-export...
    indicator_id = models.CharField(max_length=64, blank=True, default="")
    period_id = models.CharField(max_length=32, blank=True, default="")
    #: The ids listed (people; workers or posts for a workforce figure), comma-separated.
    children = models.TextField(blank=True, default="")
    count = models.IntegerField(default=0)
    detail = models.TextField(blank=True, default="")

    class Meta:
        ordering = ("-recorded_at", "-id")

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnly("an audit entry, once written, is not changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnly("an audit entry is not deleted")


class Target(models.Model):
    indicator_id = models.CharField(max_length=64)
    financial_year = models.CharField(max_length=7)  # 2020-21
    value = models.FloatField()
    tolerance = models.FloatField(null=True, blank=True)
    set_by = models.CharField(max_length=150)
    set_at = models.DateTimeField(auto_now=True)
    reason = models.TextField(blank=True, default="")

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=["indicator_id", "financial_year"], name="one_target_per_year"
            ),
        )


class CommentaryEdit(models.Model):
    period = models.CharField(max_length=7)  # the report month, 2021-03
    #: The edit's place in the month's edits: they are applied in this order.
    seq = models.IntegerField()
    action = models.CharField(max_length=8)  # remove, replace, add (reports/edits.py ACTIONS)
    list = models.CharField(max_length=16, null=True, blank=True)  # going_well, to_watch...
    indicator_id = models.CharField(max_length=64, null=True, blank=True)
    rule = models.CharField(max_length=32, null=True, blank=True)
    text = models.TextField(null=True, blank=True)
    edited_by = models.CharField(max_length=150)
    edited_at = models.DateTimeField()

    class Meta:
        ordering = ("period", "seq")
        constraints = (
            models.UniqueConstraint(fields=["period", "seq"], name="one_edit_per_place"),
        )
