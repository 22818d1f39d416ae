"""Strategy: plans, themes (and sub-themes), priorities and objectives.

A plan knows nothing of projects: projects point at priorities and objectives.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from beacon.core.models import OrganisationOwned, same_organisation


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SCRUTINY = "scrutiny", "At scrutiny"
    CABINET = "cabinet", "Cabinet approved"
    COUNCIL = "council", "Council approved"


class Plan(OrganisationOwned):
    """A strategic plan, e.g. "County Council Strategic Plan 2014-18"."""

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    # The approval route: the date the plan reached each step (e.g. Scrutiny 30 April, Cabinet 6 May,
    # Council 21 May 2014).
    scrutiny_date = models.DateField(null=True, blank=True, help_text="When scrutiny considered it")
    cabinet_date = models.DateField(null=True, blank=True, help_text="When Cabinet approved it")
    council_date = models.DateField(null=True, blank=True, help_text="When full Council approved it")
    source = models.TextField(blank=True, help_text="Where this comes from")
    public = models.BooleanField(default=False)
    history = HistoricalRecords()

    public_path = "public"

    class Meta:
        ordering = ["organisation", "title"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": "The end of the period must be after its start."})


class Theme(OrganisationOwned):
    """A theme of a plan; a theme with a parent is a sub-theme."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="themes")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    expected_priorities = models.PositiveIntegerField(
        null=True, blank=True,
        help_text="How many priorities the plan gives under this theme, where their titles are not recorded",
    )
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    public_path = "plan__public"

    class Meta:
        ordering = ["plan", "order", "title"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        same_organisation(self, plan=self.plan if self.plan_id else None,
                          parent=self.parent if self.parent_id else None)
        if self.parent is not None and self.plan_id and self.parent.plan_id != self.plan_id:
            raise ValidationError({"parent": "A sub-theme belongs to the same plan as its parent."})


class Priority(OrganisationOwned):
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="priorities")
    code = models.CharField(max_length=30, blank=True)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    supporting_actions = models.TextField(blank=True)
    measures = models.TextField(blank=True, help_text="How progress is measured")
    targets = models.TextField(blank=True)
    history = HistoricalRecords()

    public_path = "theme__plan__public"

    class Meta:
        ordering = ["theme", "code", "title"]
        verbose_name_plural = "priorities"

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        same_organisation(self, theme=self.theme if self.theme_id else None)


class ObjectiveKind(models.TextChoices):
    PROGRAMME = "programme", "Programme objective"
    STRATEGIC = "strategic", "Strategic objective / corporate priority"


class Objective(OrganisationOwned):
    """A programme objective or a strategic objective (corporate priority) that reports tick."""

    kind = models.CharField(max_length=10, choices=ObjectiveKind.choices, default=ObjectiveKind.STRATEGIC)
    code = models.CharField(max_length=30, blank=True)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    source = models.TextField(blank=True, help_text="Where this comes from")
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "kind", "code", "title"]

    def __str__(self) -> str:
        return self.title


class Principle(OrganisationOwned):
    """A service design principle that projects follow (Chorley's, Leicestershire's transformation
    objectives used "when redesigning services")."""

    code = models.CharField(max_length=30, blank=True)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    source = models.TextField(blank=True, help_text="Where this comes from")
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "code", "title"]

    def __str__(self) -> str:
        return self.title
