"""Organisations, the register of UK councils, memberships (a role per user per organisation) and the
base model that every organisation-owned record uses."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse


class Role(models.TextChoices):
    """A user's role in one organisation (PRODUCT section 1)."""

    ADMIN = "admin", "Administrator"
    PROGRAMME = "programme", "Programme manager"
    FINANCE = "finance", "Finance officer"
    MONITORING = "monitoring", "Monitoring officer"
    LEAD = "lead", "Project lead"
    MEMBER = "member", "Board member"
    VIEWER = "viewer", "Viewer"


class ConfidenceScale(models.TextChoices):
    FIVE_POINT = "five", "Five-point (IPA delivery confidence)"
    THREE_POINT = "three", "Three-point (Red, Amber, Green)"


class ReportingFrequency(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"


class CouncilType(models.TextChoices):
    """The council types of the mySociety register (its ``local-authority-type`` codes)."""

    COUNTY = "CTY", "County council"
    DISTRICT = "NMD", "District council"
    UNITARY = "UA", "Unitary authority"
    METROPOLITAN = "MD", "Metropolitan borough"
    LONDON_BOROUGH = "LBO", "London borough"
    SCOTTISH = "SCO", "Scottish council"
    WELSH = "WPA", "Welsh principal authority"
    NORTHERN_IRISH = "NID", "Northern Ireland district council"
    COMBINED = "COMB", "Combined authority"
    STRATEGIC = "SRA", "Strategic regional authority"
    CITY_OF_LONDON = "CC", "City of London Corporation"
    OTHER = "OTHER", "Other body"


gss_code_validator = RegexValidator(r"^[EWSN]\d{8}$", "Enter a GSS code: a letter E, W, S or N and 8 digits.")


class Council(models.Model):
    """One UK local authority from the mySociety register; read-only reference data."""

    register_code = models.CharField(max_length=8, unique=True, help_text="mySociety's local authority code")
    gss_code = models.CharField(max_length=9, db_index=True)
    name = models.CharField(max_length=200)
    official_name = models.CharField(max_length=250)
    council_type = models.CharField(max_length=8, choices=CouncilType.choices)
    nation = models.CharField(max_length=40)
    region = models.CharField(max_length=60, blank=True)
    county_code = models.CharField(max_length=8, blank=True, help_text="The county of a district")
    current = models.BooleanField(default=True)
    ecode = models.CharField(max_length=10, blank=True, help_text="MHCLG finance code")
    population_2020 = models.PositiveIntegerField(null=True, blank=True)
    area_km2 = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.official_name


class Organisation(models.Model):
    """A council (or partnership, or shared service) that uses Beacon. Every record belongs to one."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    gss_code = models.CharField(max_length=9, blank=True, validators=[gss_code_validator])
    council_type = models.CharField(max_length=8, choices=CouncilType.choices, default=CouncilType.OTHER)
    council = models.ForeignKey(Council, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    confidence_scale = models.CharField(
        max_length=5,
        choices=ConfidenceScale.choices,
        default=ConfidenceScale.FIVE_POINT,
        help_text="The delivery confidence scale this organisation rates its projects on.",
    )
    website = models.URLField(blank=True)
    reporting_frequency = models.CharField(
        max_length=10,
        choices=ReportingFrequency.choices,
        default=ReportingFrequency.MONTHLY,
        help_text="How often the programme reports: each period closes with a snapshot.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("home:dashboard", kwargs={"org": self.slug})


class Membership(models.Model):
    """A user's role in an organisation. A user may hold one role in each of several organisations."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=12, choices=Role.choices)
    job_title = models.CharField(max_length=120, blank=True, help_text="Shown instead of a name where useful")
    source = models.CharField(
        max_length=40, blank=True,
        help_text="The single sign-on provider whose group claims gave this role; blank when given in Beacon",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_role_per_user_per_organisation")
        ]
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} at {self.organisation}"


class OrganisationQuerySet(models.QuerySet):
    def for_organisation(self, organisation: Organisation) -> OrganisationQuerySet:
        return self.filter(organisation=organisation)


class OrganisationOwned(models.Model):
    """Base for every record that belongs to an organisation: who made it and when, and who last changed it.

    Subclasses say how the permission policy finds their confidential flag and lead
    (``confidential_path`` and ``lead_path``), so that one policy in ``beacon.core.policy`` serves all.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    modified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    # Lookups from this model to the confidential flag, the public flag and the lead user; None if it has none.
    confidential_path: str | None = None
    public_path: str | None = None
    lead_path: str | None = None

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        abstract = True


def same_organisation(record: OrganisationOwned, **links: OrganisationOwned | None) -> None:
    """Every record a record links to must belong to the record's own organisation; the error names the
    field ("Choose a programme of this organisation.")."""
    errors = {
        name: f"Choose a {name.replace('_', ' ')} of this organisation."
        for name, linked in links.items()
        if linked is not None and record.organisation_id and linked.organisation_id != record.organisation_id
    }
    if errors:
        raise ValidationError(errors)


class FinancialYearQuerySet(models.QuerySet):
    def current(self) -> FinancialYear | None:
        return self.filter(current=True).first()  # type: ignore[return-value]

    def label(self, label: str) -> FinancialYear | None:
        return self.filter(label=label).first()  # type: ignore[return-value]


class FinancialYear(models.Model):
    """A UK financial year, April to March, written "2024/25": reference data, with one marked current."""

    start_year = models.PositiveSmallIntegerField(unique=True)
    label = models.CharField(max_length=7, unique=True, editable=False)
    current = models.BooleanField(default=False)

    objects = FinancialYearQuerySet.as_manager()

    class Meta:
        ordering = ["start_year"]
        constraints = [
            models.UniqueConstraint(fields=["current"], condition=models.Q(current=True), name="one_current_year")
        ]

    def __str__(self) -> str:
        return self.label

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        from beacon.core.money import financial_year_label

        self.label = financial_year_label(self.start_year)
        super().save(*args, **kwargs)

    @property
    def starts(self) -> dt.date:
        return dt.date(self.start_year, 4, 1)

    @property
    def ends(self) -> dt.date:
        return dt.date(self.start_year + 1, 3, 31)
