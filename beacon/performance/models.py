"""Performance (PRODUCT C4): KPIs with targets and observations per period, the reference indicators that
councils publish (benchmarks), and comparator groups of councils.

A KPI belongs to an organisation. Indicators and their values are reference data about every UK council,
like the council register: they belong to no organisation and everyone may read them.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from beacon.core.models import Council, OrganisationOwned, same_organisation
from beacon.performance.periods import Frequency, is_period_start, period_label, period_start_of
from beacon.programmes.models import Project
from beacon.strategy.models import Priority


class Unit(models.TextChoices):
    NUMBER = "number", "Number"
    PERCENT = "percent", "Percentage"
    POUNDS = "pounds", "Pounds (£)"
    DAYS = "days", "Days"


class Polarity(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"


class Kpi(OrganisationOwned):
    """A key performance indicator that the council reports each period against a target."""

    code = models.CharField(max_length=40)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True, help_text="What is measured and how")
    unit = models.CharField(max_length=8, choices=Unit.choices, default=Unit.NUMBER)
    decimal_places = models.PositiveSmallIntegerField(default=1, help_text="How many decimal places to show")
    polarity = models.CharField(max_length=6, choices=Polarity.choices, default=Polarity.HIGHER)
    frequency = models.CharField(max_length=9, choices=Frequency.choices, default=Frequency.QUARTERLY)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="owned_kpis",
        help_text="The Beacon user who reports it and is reminded when it is overdue",
    )
    owner_title = models.CharField(max_length=200, blank=True, help_text="The owner's role title")
    data_source = models.CharField(max_length=300, blank=True, help_text="Where the figures come from")
    source_url = models.URLField(blank=True)
    priorities = models.ManyToManyField(Priority, blank=True, related_name="kpis")
    projects = models.ManyToManyField(Project, blank=True, related_name="kpis")
    benchmark = models.ForeignKey(
        "Indicator", null=True, blank=True, on_delete=models.SET_NULL, related_name="kpis",
        help_text="A published indicator that sets this KPI beside comparator councils",
    )
    reporting_lag_days = models.PositiveSmallIntegerField(
        default=30, help_text="Days after a period ends by which its figure is due"
    )
    public = models.BooleanField(default=False)
    confidential = models.BooleanField(default=False, help_text="Confidential wins over public")
    illustrative = models.BooleanField(default=False, help_text="Figures made up for the demo")
    archived = models.BooleanField(default=False)
    history = HistoricalRecords(m2m_fields=[priorities, projects])

    confidential_path = "confidential"
    public_path = "public"
    lead_path = "owner"
    lead_may_edit = True
    lead_locked_fields = ("code", "public", "confidential", "owner")

    class Meta:
        ordering = ["organisation", "code", "title"]
        verbose_name = "KPI"
        verbose_name_plural = "KPIs"
        constraints = [models.UniqueConstraint(fields=["organisation", "code"], name="kpi_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


def check_period(kpi: Kpi, period_start: object) -> None:
    """A period must start where a period of the KPI's frequency starts."""
    if isinstance(period_start, dt.date) and not is_period_start(kpi.frequency, period_start):
        start = period_start_of(kpi.frequency, period_start)
        raise ValidationError({"period_start": (
            f"{kpi.code} is reported {kpi.get_frequency_display().lower()}: the period holding that date is "
            f"{period_label(kpi.frequency, start)}, which starts on {start:%-d %B %Y}."
        )})


class KpiTarget(OrganisationOwned):
    """The target for one period, with the tolerance within which a miss is not yet "off target"."""

    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="targets")
    period_start = models.DateField()
    value = models.DecimalField(max_digits=20, decimal_places=4)
    tolerance = models.DecimalField(
        max_digits=20, decimal_places=4, default=0,
        help_text="How far on the wrong side of the target still counts as within tolerance, in the KPI's unit",
    )
    history = HistoricalRecords()

    confidential_path = "kpi__confidential"
    public_path = "kpi__public"
    lead_path = "kpi__owner"
    lead_may_create = True
    lead_may_edit = True

    class Meta:
        ordering = ["kpi", "period_start"]
        verbose_name = "target"
        constraints = [
            models.UniqueConstraint(fields=["kpi", "period_start"], name="one_target_per_period"),
            models.CheckConstraint(condition=models.Q(tolerance__gte=0), name="target_tolerance_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.kpi.code} {period_label(self.kpi.frequency, self.period_start)}: {self.value}"

    def clean(self) -> None:
        same_organisation(self, kpi=self.kpi if self.kpi_id else None)
        if self.tolerance is not None and self.tolerance < 0:
            raise ValidationError({"tolerance": "The tolerance must be 0 or more."})
        if self.kpi_id:
            check_period(self.kpi, self.period_start)


class Observation(OrganisationOwned):
    """The figure a KPI reached in one period. A period with no observation is missing data."""

    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="observations")
    period_start = models.DateField()
    value = models.DecimalField(max_digits=20, decimal_places=4)
    note = models.TextField(blank=True)
    history = HistoricalRecords()

    confidential_path = "kpi__confidential"
    public_path = "kpi__public"
    lead_path = "kpi__owner"
    lead_may_create = True
    lead_may_edit = True

    class Meta:
        ordering = ["kpi", "period_start"]
        constraints = [models.UniqueConstraint(fields=["kpi", "period_start"], name="one_observation_per_period")]

    def __str__(self) -> str:
        return f"{self.kpi.code} {period_label(self.kpi.frequency, self.period_start)}: {self.value}"

    def clean(self) -> None:
        same_organisation(self, kpi=self.kpi if self.kpi_id else None)
        if self.kpi_id:
            check_period(self.kpi, self.period_start)


# Reference data: published indicators for every council ---------------------------------------------------


class Indicator(models.Model):
    """A published statistic about councils or their areas, e.g. ONS's "Employment rate" or Oflog's "ASC
    quality of life". Values are held per council (by GSS code) and period."""

    code = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    unit = models.CharField(max_length=40, blank=True)
    polarity = models.CharField(
        max_length=6, choices=Polarity.choices, blank=True, help_text="Blank where neither direction is better"
    )
    dataset = models.CharField(max_length=80, help_text="The source dataset's key, e.g. ons-la-indicators")
    publisher = models.CharField(max_length=200)
    source_url = models.URLField(blank=True)
    licence = models.CharField(max_length=120, default="Open Government Licence v3.0")
    caveats = models.TextField(blank=True, help_text="What to bear in mind when comparing places on it")

    class Meta:
        ordering = ["dataset", "title"]

    def __str__(self) -> str:
        return self.title


class IndicatorValue(models.Model):
    """One council's value of an indicator for one period ("2022/23", "2023")."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="indicator_values")
    period = models.CharField(max_length=40)
    value = models.FloatField()

    class Meta:
        ordering = ["indicator", "council", "period"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "council", "period"], name="one_value_per_council_period")
        ]
        indexes = [models.Index(fields=["indicator", "period"], name="indicator_value_period")]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.council.gss_code} {self.period}: {self.value}"


# Comparator groups -----------------------------------------------------------------------------------------


class GroupKind(models.TextChoices):
    MANUAL = "manual", "Chosen by hand"
    NEAREST = "nearest", "Nearest neighbours"


class ComparatorGroup(OrganisationOwned):
    """The councils an organisation compares itself with: chosen by hand, or its nearest neighbours under a
    preset (the members are stored when the group is computed, so that the group does not change under the
    reader when indicator data is reloaded)."""

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    kind = models.CharField(max_length=8, choices=GroupKind.choices, default=GroupKind.MANUAL)
    council = models.ForeignKey(
        Council, on_delete=models.PROTECT, related_name="+", help_text="The council the group is built around"
    )
    preset = models.CharField(max_length=40, blank=True, help_text="For nearest neighbours: the preset used")
    size = models.PositiveSmallIntegerField(default=15, help_text="For nearest neighbours: how many")
    computed_at = models.DateTimeField(null=True, blank=True)
    members = models.ManyToManyField(Council, through="ComparatorMember", related_name="+")
    public = models.BooleanField(default=True)
    history = HistoricalRecords()

    public_path = "public"

    class Meta:
        ordering = ["organisation", "title"]
        constraints = [models.UniqueConstraint(fields=["organisation", "title"], name="comparator_group_title")]

    def __str__(self) -> str:
        return self.title


class ComparatorMember(models.Model):
    group = models.ForeignKey(ComparatorGroup, on_delete=models.CASCADE, related_name="memberships")
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="+")
    rank = models.PositiveSmallIntegerField(null=True, blank=True, help_text="1 = nearest")
    distance = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["group", "rank", "council__name"]
        constraints = [models.UniqueConstraint(fields=["group", "council"], name="one_membership_per_council")]

    def __str__(self) -> str:
        return f"{self.council} in {self.group}"
