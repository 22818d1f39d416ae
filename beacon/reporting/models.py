"""Reporting periods (monthly or quarterly, per organisation) that close with a frozen snapshot, so that
"what did we tell Cabinet in March" is always answerable."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from beacon.core.models import OrganisationOwned
from beacon.programmes.models import validate_date_order


class PeriodStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class ReportingPeriod(OrganisationOwned):
    """One reporting period of an organisation, e.g. "March 2025" or "Quarter 4 2024/25"."""

    title = models.CharField(max_length=100)
    start_date = models.DateField()
    end_date = models.DateField()
    status = models.CharField(max_length=6, choices=PeriodStatus.choices, default=PeriodStatus.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        ordering = ["organisation", "-start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "start_date"],
                name="one_period_per_start_date",
                violation_error_message="A reporting period already starts on this date.",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        validate_date_order(self.start_date, self.end_date)
        if self.organisation_id and self.start_date and self.end_date:
            overlapping = ReportingPeriod.objects.filter(
                organisation_id=self.organisation_id, start_date__lte=self.end_date, end_date__gte=self.start_date
            ).exclude(pk=self.pk)
            if overlapping.exists():
                raise ValidationError({"start_date": "This period overlaps another reporting period."})

    @property
    def closed(self) -> bool:
        return self.status == PeriodStatus.CLOSED

    def get_absolute_url(self) -> str:
        return reverse("reporting:period-detail", kwargs={"org": self.organisation.slug, "pk": self.pk})


class Snapshot(models.Model):
    """Every figure of a closed period as it stood when the period closed. Written once; never changed."""

    period = models.OneToOneField(ReportingPeriod, on_delete=models.PROTECT, related_name="snapshot")
    taken_at = models.DateTimeField(auto_now_add=True)
    data = models.JSONField()

    def __str__(self) -> str:
        return f"Snapshot of {self.period}"
