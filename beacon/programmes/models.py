"""Programmes, phases, workstreams, projects and milestones (PRODUCT C2)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from beacon.core.models import (
    ConfidenceScale,
    Organisation,
    OrganisationOwned,
    OrganisationQuerySet,
    same_organisation,
)
from beacon.strategy.models import Objective, Principle, Priority


class Stage(models.TextChoices):
    """A project's lifecycle stage, in order."""

    IDEA = "idea", "Idea"
    HLBC = "hlbc", "High-level business case"
    FBC = "fbc", "Full business case"
    APPROVED = "approved", "Approved"
    DELIVERY = "delivery", "In delivery"
    CLOSED = "closed", "Closed"
    STOPPED = "stopped", "Stopped"


class Confidence(models.TextChoices):
    """Delivery confidence. Five-point organisations use all five; three-point ones Green, Amber, Red."""

    GREEN = "green", "Green"
    AMBER_GREEN = "amber_green", "Amber/Green"
    AMBER = "amber", "Amber"
    AMBER_RED = "amber_red", "Amber/Red"
    RED = "red", "Red"


THREE_POINT = (Confidence.GREEN, Confidence.AMBER, Confidence.RED)


def confidence_choices(organisation: Organisation | None) -> list[tuple[str, str]]:
    """The delivery confidence ratings on ``organisation``'s scale."""
    if organisation is not None and organisation.confidence_scale == ConfidenceScale.THREE_POINT:
        return [(value.value, value.label) for value in THREE_POINT]
    return list(Confidence.choices)


class WorkforceApproach(models.TextChoices):
    NONE = "", "Not stated"
    NATURAL_WASTAGE = "natural_wastage", "Natural wastage"
    REDEPLOYMENT = "redeployment", "Redeployment"
    COMPULSORY_REDUNDANCY = "compulsory_redundancy", "Compulsory redundancy"


def validate_date_order(start: dt.date | None, end: dt.date | None, *, end_field: str = "end_date") -> None:
    """An end date may not come before its start date."""
    if start and end and end < start:
        raise ValidationError({end_field: "The end date must be the same as or after the start date."})


class Programme(OrganisationOwned):
    """A transformation programme with its overseeing board."""

    code = models.CharField(max_length=30, blank=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    board = models.CharField(max_length=200, blank=True, help_text="The overseeing board")
    reported_confidence = models.CharField(
        max_length=12, choices=Confidence.choices, blank=True,
        help_text="The status the programme reports; Beacon compares it with the roll-up of its projects",
    )
    source = models.TextField(blank=True, help_text="Where the figures and facts come from")
    public = models.BooleanField(default=True)
    history = HistoricalRecords()

    public_path = "public"

    class Meta:
        ordering = ["organisation", "title"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        validate_date_order(self.start_date, self.end_date)

    def get_absolute_url(self) -> str:
        return reverse("programmes:programme-detail", kwargs={"org": self.organisation.slug, "pk": self.pk})


class Component(OrganisationOwned):
    """A component of a programme with its own savings target where it has one (Leicestershire: "Service
    Transformation" to deliver £40m, and "Enabling Transformation")."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="components")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    savings_target_pence = models.BigIntegerField(null=True, blank=True, help_text="In pence")
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "order", "title"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        same_organisation(self, programme=self.programme if self.programme_id else None)
        if self.savings_target_pence is not None and self.savings_target_pence < 0:
            raise ValidationError({"savings_target_pence": "A savings target cannot be negative."})


class Phase(OrganisationOwned):
    """A phase of a programme with its date range (Cheshire East: Phase 1 3-6 months, Phase 2 6-36 months)."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="phases")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "order", "start_date"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        validate_date_order(self.start_date, self.end_date)
        same_organisation(self, programme=self.programme if self.programme_id else None)


class Workstream(OrganisationOwned):
    """A workstream (or theme, or programme area) of a programme."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="workstreams")
    code = models.CharField(max_length=30, blank=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    lead_title = models.CharField(max_length=200, blank=True, help_text="The lead's role title")
    reported_confidence = models.CharField(
        max_length=12, choices=Confidence.choices, blank=True,
        help_text="The status the workstream reports; Beacon compares it with the roll-up of its projects",
    )
    source = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "order", "title"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        same_organisation(self, programme=self.programme if self.programme_id else None)

    def get_absolute_url(self) -> str:
        return reverse("programmes:workstream-detail", kwargs={"org": self.organisation.slug, "pk": self.pk})


TABLE_FIELDS = ("pk", "organisation_id", "programme_id", "workstream_id", "code", "title", "stage",
                "delivery_confidence", "confidential", "public", "lead_id")


class ProjectQuerySet(OrganisationQuerySet):
    def with_late_milestones(self) -> ProjectQuerySet:
        """Annotate ``has_late_milestone`` in the same query (no N+1 on lists)."""
        late = Milestone.objects.late().filter(project=OuterRef("pk"))
        return self.annotate(has_late_milestone=Exists(late))

    def for_table(self) -> ProjectQuerySet:
        """Only what a table of projects shows (programmes/_project_table.html), with the late flag."""
        return (
            self.select_related("workstream")
            .only(*TABLE_FIELDS, "workstream__title")
            .with_late_milestones()
        )

    def active(self) -> ProjectQuerySet:
        return self.exclude(stage__in=[Stage.CLOSED, Stage.STOPPED])


class Project(OrganisationOwned):
    """A project (initiative) of a programme."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="projects")
    workstream = models.ForeignKey(
        Workstream, null=True, blank=True, on_delete=models.PROTECT, related_name="projects"
    )
    phase = models.ForeignKey(Phase, null=True, blank=True, on_delete=models.SET_NULL, related_name="projects")
    component = models.ForeignKey(
        Component, null=True, blank=True, on_delete=models.SET_NULL, related_name="projects"
    )
    code = models.CharField(max_length=30, blank=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    stage = models.CharField(max_length=10, choices=Stage.choices, default=Stage.IDEA)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="led_projects"
    )
    lead_title = models.CharField(max_length=200, blank=True, help_text="The lead's role title")
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    delivery_confidence = models.CharField(max_length=12, choices=Confidence.choices, blank=True)
    status_commentary = models.TextField(blank=True)
    confidential = models.BooleanField(default=False)
    public = models.BooleanField(default=False)
    key_decision = models.BooleanField(default=False)
    fte_change = models.DecimalField(
        max_digits=8, decimal_places=1, null=True, blank=True, help_text="Change in full-time equivalent posts"
    )
    workforce_approach = models.CharField(
        max_length=24, choices=WorkforceApproach.choices, blank=True, default=WorkforceApproach.NONE
    )
    update_due = models.DateField(null=True, blank=True, help_text="When the next update is due")
    priorities = models.ManyToManyField(Priority, blank=True, related_name="projects")
    objectives = models.ManyToManyField(Objective, blank=True, related_name="projects")
    principles = models.ManyToManyField(Principle, blank=True, related_name="projects")
    dependencies = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="dependants")
    source = models.TextField(blank=True, help_text="Where the figures and facts come from")
    history = HistoricalRecords(m2m_fields=[dependencies])

    confidential_path = "confidential"
    public_path = "public"
    lead_path = "lead"
    lead_may_edit = True
    lead_locked_fields = ("programme", "lead", "confidential", "public", "code")

    objects = ProjectQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["code", "title", "pk"]
        indexes = [models.Index(fields=["organisation", "code", "title"], name="project_org_code_title")]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"],
                condition=~Q(code=""),
                name="project_code_unique_per_organisation",
                violation_error_message="A project with this code already exists in this organisation.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()

    def get_absolute_url(self) -> str:
        return reverse("programmes:project-detail", kwargs={"org": self.organisation.slug, "pk": self.pk})

    def clean(self) -> None:
        validate_date_order(self.start_date, self.end_date)
        errors: dict[str, str] = {}
        if self.programme_id and self.organisation_id and self.programme.organisation_id != self.organisation_id:
            errors["programme"] = "Choose a programme of this organisation."
        if self.workstream is not None and self.workstream.programme_id != self.programme_id:
            errors["workstream"] = "Choose a workstream of the project's programme."
        if self.phase is not None and self.phase.programme_id != self.programme_id:
            errors["phase"] = "Choose a phase of the project's programme."
        if self.component is not None and self.component.programme_id != self.programme_id:
            errors["component"] = "Choose a component of the project's programme."
        if self.delivery_confidence and self.organisation_id:
            allowed = {value for value, _ in confidence_choices(self.organisation)}
            if self.delivery_confidence not in allowed:
                errors["delivery_confidence"] = "Choose a rating on this organisation's delivery confidence scale."
        if errors:
            raise ValidationError(errors)

    @property
    def lead_display(self) -> str:
        return self.lead_title or (self.lead.get_full_name() or self.lead.username if self.lead else "")

    def is_update_overdue(self, today: dt.date | None = None) -> bool:
        """Stale: its update is overdue and it is still open (the rule lives in freshness.is_stale)."""
        from beacon.programmes.freshness import is_stale  # freshness reads projects; imported late

        return is_stale(self.update_due, self.stage, today or timezone.localdate())


class MilestoneQuerySet(OrganisationQuerySet):
    def late(self, today: dt.date | None = None) -> MilestoneQuerySet:
        """Milestones whose due date has passed and that are not done."""
        today = today or timezone.localdate()
        return self.filter(due_date__lt=today, actual_date__isnull=True)


class Milestone(OrganisationOwned):
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="milestones")
    title = models.CharField(max_length=300)
    due_date = models.DateField()
    actual_date = models.DateField(null=True, blank=True, help_text="When it was done")
    history = HistoricalRecords()

    confidential_path = "project__confidential"
    public_path = "project__public"
    lead_path = "project__lead"
    lead_may_create = True
    lead_may_edit = True

    objects = MilestoneQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["due_date", "pk"]
        indexes = [
            # Lateness is asked on every dashboard: an index of the open milestones by due date.
            models.Index(
                fields=["organisation", "due_date"], condition=Q(actual_date__isnull=True),
                name="milestone_open_by_due_date",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        same_organisation(self, project=self.project if self.project_id else None)

    def is_late(self, today: dt.date | None = None) -> bool:
        """Late: the due date has passed and it is not done."""
        today = today or timezone.localdate()
        return self.actual_date is None and self.due_date < today

    @property
    def done(self) -> bool:
        return self.actual_date is not None

    def status_label(self, today: dt.date | None = None) -> str:
        if self.done:
            return "Done"
        return "Late" if self.is_late(today) else "Not yet due"
