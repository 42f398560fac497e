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


# -- money and delivery: what finance officers and analysts enter (issue 20) --------------------
#
# One table per record of money/model.py and delivery/model.py, its columns named as the
# record's fields, so that store/web_db.py turns a row into the record (and back) by name and
# `csc money load`, `csc delivery load` and the pages write the same rows. Who entered a row and
# when is on the row (entered_by, entered_on); every change, whoever made it and however (a
# load, a page's form), is kept in EnteredChange with the row's values before and after.
# Amounts are £ thousands to the pound (3 places), as the templates read them; a mapping of
# amounts by financial year is kept as JSON ({"2021-22": "424"}).


def _money(*, null: bool = False) -> Any:  # a DecimalField
    return models.DecimalField(max_digits=15, decimal_places=3, null=null, blank=null)


def _text() -> Any:  # a TextField
    return models.TextField(null=True, blank=True)


class _Entered(models.Model):
    """A row's key (what makes it one: a service and year, a project's reference, ... as
    store/web_db.py spells it), who entered the row, when, and where its figures were taken
    from."""

    key = models.CharField(max_length=500, unique=True)
    entered_by = models.CharField(max_length=150)
    entered_on = models.DateField()
    source_document = models.TextField(default="")
    source_where = models.TextField(null=True, blank=True)
    source_row = models.IntegerField(null=True, blank=True)

    class Meta:
        abstract = True


class BudgetLine(_Entered):
    year = models.CharField(max_length=7)
    service = models.CharField(max_length=200)
    budget = _money()
    q1 = _money(null=True)
    q2 = _money(null=True)
    q3 = _money(null=True)
    q4 = _money(null=True)
    outturn = _money(null=True)
    note = _text()

    class Meta:
        ordering = ("year", "id")


class PrintedTotal(models.Model):
    """A total a paper prints, kept to be checked against its lines (never used as a figure)."""

    key = models.CharField(max_length=500, unique=True)
    what = models.CharField(max_length=16)
    year = models.CharField(max_length=7)
    figure = _money()
    quarter = models.IntegerField(null=True, blank=True)
    service = models.CharField(max_length=200, null=True, blank=True)
    column = models.CharField(max_length=200, null=True, blank=True)
    source_document = models.TextField(default="")
    source_where = models.TextField(null=True, blank=True)
    source_row = models.IntegerField(null=True, blank=True)


class MtfsProposal(_Entered):
    ref = models.CharField(max_length=64, null=True, blank=True)
    name = models.TextField()
    owner = _text()
    category = models.CharField(max_length=8)  # saving, growth
    amounts = models.JSONField(default=dict)
    note = _text()


class ProjectProfile(_Entered):
    ref = models.CharField(max_length=64, unique=True)
    name = models.TextField()
    manager = _text()
    amounts = models.JSONField(default=dict)
    note = _text()


class Project(_Entered):
    ref = models.CharField(max_length=200, unique=True)
    name = models.TextField()
    manager = _text()
    description = _text()
    achieved = models.JSONField(default=dict)
    eqia = models.CharField(max_length=32, null=True, blank=True)
    impact_on_residents = _text()
    consultation = _text()
    note = _text()


class Milestone(_Entered):
    project = models.CharField(max_length=200)
    description = models.TextField()
    owner = _text()
    due = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16, null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)


class Risk(_Entered):
    project = models.CharField(max_length=200)
    description = models.TextField()
    likelihood = models.IntegerField(null=True, blank=True)
    impact = models.IntegerField(null=True, blank=True)
    mitigation = _text()
    owner = _text()


class Guardrail(_Entered):
    project = models.CharField(max_length=200)
    indicator_id = models.CharField(max_length=64)
    test = models.CharField(max_length=32)
    threshold = models.FloatField(null=True, blank=True)
    why = _text()


class Workstream(_Entered):
    name = models.CharField(max_length=200)
    sro = _text()
    progress = models.CharField(max_length=16, null=True, blank=True)


class Action(_Entered):
    ref = models.CharField(max_length=64, unique=True)
    workstream = models.CharField(max_length=200)
    description = models.TextField()
    owner = _text()
    due = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16, null=True, blank=True)
    evidence = _text()
    completed_on = models.DateField(null=True, blank=True)


class EnteredChange(models.Model):
    """A change to a money or delivery row: which table and row (its key), the values before
    (None: added) and after (None: removed), who, when, and how (a load of a named file, a
    page's form). Append-only, as the audit log."""

    changed_at = models.DateTimeField(db_index=True)
    changed_by = models.CharField(max_length=150)
    table = models.CharField(max_length=32)  # the model's table: csc_web_milestone
    key = models.TextField()
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    how = models.TextField(default="")

    class Meta:
        ordering = ("-changed_at", "-id")

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnly("a change, once written, is not changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnly("a change is not deleted")


# -- the cost tracker's rows and the education figures (issues 20 and 22) -----------------------


class CostLine(_Entered):
    """A placement or care package at one weekly cost (costs/model.py's CostRow; its key is
    costs/stored.py's: the child, the placement or the kind and provider, and Cost from)."""

    child_id = models.CharField(max_length=64)
    placement_id = models.CharField(max_length=64, null=True, blank=True)
    kind = models.CharField(max_length=16)  # placement, cwd package, other package
    provider = models.TextField()
    provision = models.CharField(max_length=16)  # in-house, external
    purchase = models.CharField(max_length=16, null=True, blank=True)  # spot, framework
    weekly = models.DecimalField(max_digits=12, decimal_places=2)  # pounds a week
    cost_from = models.DateField()
    cost_to = models.DateField(null=True, blank=True)
    next_review = models.DateField(null=True, blank=True)
    budget_line = models.CharField(max_length=200)
    note = _text()

    class Meta:
        ordering = ("id",)


class EducationFigure(_Entered):
    """One record of the education dashboard (education/model.py: a monthly or annual figure,
    a SEND placement row, an EHCP scenario, a high-needs year), its fields as JSON text
    (education/stored.py), "not published" kept as those words, never 0."""

    kind = models.CharField(max_length=16)  # monthly, annual, placement, scenario, high-needs
    data = models.TextField()

    class Meta:
        ordering = ("id",)
