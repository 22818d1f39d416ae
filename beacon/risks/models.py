"""Risk and equality (PRODUCT C5): risk registers with inherent and residual scores, and equality impact
assessments against the nine protected characteristics of the Equality Act 2010 and locally added groups."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from beacon.core.models import Organisation, OrganisationOwned, same_organisation
from beacon.programmes.models import Programme, Project, Stage

SCALE = [MinValueValidator(1, "Score it from 1 to 5."), MaxValueValidator(5, "Score it from 1 to 5.")]


class RiskLevel(models.TextChoices):
    STRATEGIC = "strategic", "Strategic"
    PROGRAMME = "programme", "Programme"
    PROJECT = "project", "Project"


class RiskStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Risk(OrganisationOwned):
    """A risk on the strategic, programme or a project register, scored likelihood × impact (1-5 each) before
    controls (inherent) and after them (residual)."""

    code = models.CharField(max_length=40, help_text="For example SR08")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True, help_text="Cause, event and effect")
    level = models.CharField(max_length=10, choices=RiskLevel.choices, default=RiskLevel.PROJECT)
    programme = models.ForeignKey(Programme, null=True, blank=True, on_delete=models.PROTECT, related_name="risks")
    projects = models.ManyToManyField(Project, blank=True, related_name="risks")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="owned_risks"
    )
    owner_title = models.CharField(max_length=200, blank=True, help_text="The risk owner's role title")
    inherent_likelihood = models.PositiveSmallIntegerField(validators=SCALE)
    inherent_impact = models.PositiveSmallIntegerField(validators=SCALE)
    residual_likelihood = models.PositiveSmallIntegerField(validators=SCALE)
    residual_impact = models.PositiveSmallIntegerField(validators=SCALE)
    controls = models.TextField(blank=True, help_text="What is in place now")
    mitigations = models.TextField(blank=True, help_text="Further actions, with owners and dates")
    review_date = models.DateField(null=True, blank=True, help_text="When the risk is next reviewed")
    status = models.CharField(max_length=6, choices=RiskStatus.choices, default=RiskStatus.OPEN)
    source = models.TextField(blank=True)
    confidential = models.BooleanField(default=False, help_text="Confidential wins over public")
    public = models.BooleanField(default=False)
    illustrative = models.BooleanField(default=False)
    history = HistoricalRecords(m2m_fields=[projects])

    confidential_path = "confidential"
    public_path = "public"
    lead_path = "owner"
    lead_may_edit = True
    lead_locked_fields = ("code", "level", "owner", "confidential", "public")

    class Meta:
        ordering = ["organisation", "code"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="risk_code_unique"),
            *[
                models.CheckConstraint(condition=models.Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
                                       name=f"risk_{name}_1_to_5")
                for name in ("inherent_likelihood", "inherent_impact", "residual_likelihood", "residual_impact")
            ],
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def inherent_score(self) -> int:
        return self.inherent_likelihood * self.inherent_impact

    @property
    def residual_score(self) -> int:
        return self.residual_likelihood * self.residual_impact

    def clean(self) -> None:
        same_organisation(self, programme=self.programme if self.programme_id else None)


class EqualityGroup(models.Model):
    """A group whose equality impact is assessed: the nine protected characteristics (statutory, for every
    organisation) and groups an organisation adds (e.g. socio-economic disadvantage, rural, care leavers)."""

    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        help_text="Blank for the statutory protected characteristics",
    )
    title = models.CharField(max_length=120)
    statutory = models.BooleanField(default=False)
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["order", "title"]
        constraints = [models.UniqueConstraint(fields=["organisation", "title"], name="equality_group_title")]

    def __str__(self) -> str:
        return self.title


PROTECTED_CHARACTERISTICS = [
    "Age", "Disability", "Gender reassignment", "Marriage and civil partnership", "Pregnancy and maternity",
    "Race", "Religion or belief", "Sex", "Sexual orientation",
]


def load_protected_characteristics(group_model: type[models.Model]) -> None:
    """The nine protected characteristics of the Equality Act 2010, s.4 (used by a data migration)."""
    for order, title in enumerate(PROTECTED_CHARACTERISTICS, start=1):
        group_model.objects.update_or_create(  # type: ignore[attr-defined]
            organisation=None, title=title, defaults={"statutory": True, "order": order}
        )


class AssessmentStage(models.TextChoices):
    SCREENING = "screening", "Screening"
    FULL = "full", "Full assessment"


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SIGNED_OFF = "signed_off", "Signed off"


class EqualityAssessment(OrganisationOwned):
    """An equality impact assessment of a project (or a decision) at a stage of its life."""

    code = models.CharField(max_length=40, blank=True)
    title = models.CharField(max_length=300)
    project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.PROTECT, related_name="equality_assessments"
    )
    stage = models.CharField(max_length=9, choices=AssessmentStage.choices, default=AssessmentStage.SCREENING)
    project_stage = models.CharField(
        max_length=10, choices=Stage.choices, blank=True,
        help_text="The project's stage that the assessment covers",
    )
    summary = models.TextField(blank=True)
    full_assessment_needed = models.BooleanField(
        default=False, help_text="For a screening: whether it found that a full assessment is needed"
    )
    status = models.CharField(max_length=10, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT)
    signed_off_by_title = models.CharField(max_length=200, blank=True)
    signed_off_on = models.DateField(null=True, blank=True)
    review_date = models.DateField(null=True, blank=True)
    source = models.TextField(blank=True)
    confidential = models.BooleanField(default=False)
    public = models.BooleanField(default=False)
    illustrative = models.BooleanField(default=False)
    history = HistoricalRecords()

    confidential_path = "confidential"
    public_path = "public"
    lead_path = "project__lead"
    lead_may_create = True
    lead_may_edit = True
    lead_locked_fields = ("project", "status", "signed_off_by_title", "signed_off_on")

    class Meta:
        ordering = ["organisation", "-created_at"]
        verbose_name = "equality impact assessment"

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        same_organisation(self, project=self.project if self.project_id else None)
        if self.status == AssessmentStatus.SIGNED_OFF and not (self.signed_off_by_title and self.signed_off_on):
            raise ValidationError({"signed_off_on": "A signed-off assessment says who signed it off, and when."})


class Impact(models.TextChoices):
    POSITIVE = "positive", "Positive"
    NEUTRAL = "neutral", "Neutral"
    NEGATIVE = "negative", "Negative"
    UNKNOWN = "unknown", "Not known"


class EqualityImpact(OrganisationOwned):
    """The impact an assessment finds on one group, with its evidence and mitigation."""

    assessment = models.ForeignKey(EqualityAssessment, on_delete=models.CASCADE, related_name="impacts")
    group = models.ForeignKey(EqualityGroup, on_delete=models.PROTECT, related_name="impacts")
    impact = models.CharField(max_length=8, choices=Impact.choices, default=Impact.UNKNOWN)
    evidence = models.TextField(blank=True)
    mitigation = models.TextField(blank=True)
    history = HistoricalRecords()

    confidential_path = "assessment__confidential"
    public_path = "assessment__public"
    lead_path = "assessment__project__lead"
    lead_may_create = True
    lead_may_edit = True

    class Meta:
        ordering = ["assessment", "group__order", "group__title"]
        constraints = [models.UniqueConstraint(fields=["assessment", "group"], name="one_impact_per_group")]

    def __str__(self) -> str:
        return f"{self.group}: {self.get_impact_display()}"

    def clean(self) -> None:
        same_organisation(self, assessment=self.assessment if self.assessment_id else None)
        if self.group_id and self.group.organisation_id not in (None, self.organisation_id):
            raise ValidationError({"group": "Choose a protected characteristic or a group of this organisation."})
