"""Committee reports and programme highlight reports (PRODUCT C7).

A report is drafted in Beacon: its narrative sections are text that may hold tokens for live figures. Before it
is issued the finance officer and the monitoring officer sign it off. Issuing resolves the tokens, freezes a
snapshot of every figure the report uses and stores the rendered files (Word, OpenDocument, PDF, HTML), so that
an issued report is the same, byte for byte, whenever it is downloaded again. A changed report is a new version,
drafted from the last.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from beacon.core.models import OrganisationOwned, Role, same_organisation
from beacon.governance.models import Decision, Meeting
from beacon.programmes.models import Programme
from beacon.reporting.models import ReportingPeriod
from beacon.strategy.models import Objective

# Reports are written by the programme office and democratic services.
REPORT_WRITERS = frozenset({Role.ADMIN, Role.PROGRAMME, Role.MONITORING})


class ReportKind(models.TextChoices):
    COMMITTEE = "committee", "Committee report"
    HIGHLIGHT = "highlight", "Programme highlight report"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ISSUED = "issued", "Issued"
    SUPERSEDED = "superseded", "Superseded by a later version"


class Report(OrganisationOwned):
    """A committee report (in the structure the seeds use) or a monthly programme highlight report."""

    kind = models.CharField(max_length=9, choices=ReportKind.choices, default=ReportKind.COMMITTEE)
    title = models.CharField(max_length=300)
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="reports",
                                  help_text="The programme whose figures the report draws on")
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports")
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports",
        help_text="The decision it asks for: its key-decision test, options and implications fill the report",
    )
    reporting_period = models.ForeignKey(
        ReportingPeriod, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports",
        help_text="For a highlight report: the month it covers",
    )
    decision_maker = models.CharField(max_length=200, blank=True, help_text="E.g. Executive Cabinet")
    report_date = models.DateField(null=True, blank=True, help_text="The meeting date, or the report's date")
    report_of = models.CharField(max_length=200, blank=True, help_text="The officer it is the report of, by title")
    author_title = models.CharField(max_length=200, blank=True, help_text="The report author, by role title")
    author_contact = models.CharField(max_length=200, blank=True, help_text="A service e-mail or telephone")
    wards_affected = models.CharField(max_length=300, blank=True, help_text="E.g. All wards")
    # Narrative sections (tokens such as [[savings.delivered 2024/25]] resolve when the report is issued).
    purpose = models.TextField(blank=True)
    executive_summary = models.TextField(blank=True)
    recommendations = models.TextField(blank=True, help_text="One recommendation a line; they are numbered")
    reasons = models.TextField(blank=True, help_text="Reasons for the recommendations")
    background = models.TextField(blank=True)
    finance_comments = models.TextField(blank=True, help_text="Comments of the statutory finance officer (S151)")
    legal_comments = models.TextField(blank=True, help_text="Comments of the monitoring officer")
    hr_implications = models.TextField(blank=True)
    equality_implications = models.TextField(blank=True)
    risk_implications = models.TextField(blank=True)
    other_implications = models.TextField(blank=True, help_text="Rural, children and SEND, public health, climate")
    background_papers = models.TextField(blank=True, help_text="One paper a line")
    decisions_needed = models.TextField(blank=True, help_text="For a highlight report: decisions needed, a line each")
    priorities = models.ManyToManyField(Objective, blank=True, related_name="reports",
                                        help_text="The corporate priorities it supports (ticked in the report)")
    # Confidentiality: an exempt report is never public; a public version omits its exempt parts.
    confidential = models.BooleanField(default=False)
    exempt_paragraph = models.CharField(
        max_length=200, blank=True, help_text="The paragraph of Schedule 12A, Local Government Act 1972"
    )
    exempt_appendix = models.TextField(blank=True, help_text="Exempt information: left out of any public version")
    public = models.BooleanField(default=False)
    # Versions and issue.
    status = models.CharField(max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    version = models.PositiveSmallIntegerField(default=1)
    previous_version = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_version"
    )
    issued_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    illustrative = models.BooleanField(default=False)
    history = HistoricalRecords(m2m_fields=[priorities])

    confidential_path = "confidential"
    public_path = "public"
    writer_roles = REPORT_WRITERS

    class Meta:
        ordering = ["organisation", "-report_date", "title", "-version"]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})" if self.version > 1 else self.title

    @property
    def issued(self) -> bool:
        return self.status != ReportStatus.DRAFT

    def clean(self) -> None:
        same_organisation(
            self, programme=self.programme if self.programme_id else None,
            meeting=self.meeting if self.meeting_id else None,
            decision=self.decision if self.decision_id else None,
            reporting_period=self.reporting_period if self.reporting_period_id else None,
        )
        if self.confidential and not self.exempt_paragraph.strip():
            raise ValidationError({"exempt_paragraph": (
                "A confidential report names the paragraph of Schedule 12A that makes it exempt."
            )})


class SignOffRole(models.TextChoices):
    FINANCE = "finance", "Statutory finance officer (S151)"
    MONITORING = "monitoring", "Monitoring officer"


class ReportSignOff(OrganisationOwned):
    """The finance officer's or the monitoring officer's sign-off of one version of a report."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="sign_offs")
    role = models.CharField(max_length=10, choices=SignOffRole.choices)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField()
    comment = models.TextField(blank=True)

    confidential_path = "report__confidential"
    public_path = "report__public"
    writer_roles = frozenset({Role.FINANCE, Role.MONITORING})

    class Meta:
        ordering = ["report", "role"]
        constraints = [models.UniqueConstraint(fields=["report", "role"], name="one_sign_off_per_role")]

    def __str__(self) -> str:
        return f"{self.get_role_display()} signed off {self.report}"


class ReportIssue(models.Model):
    """An issued report, frozen: the snapshot of every figure it used (with the narrative, tokens resolved) and
    the four files rendered from it once, at issue. Never changed once written."""

    report = models.OneToOneField(Report, on_delete=models.PROTECT, related_name="issue")
    snapshot = models.JSONField()
    docx = models.BinaryField()
    odt = models.BinaryField()
    pdf = models.BinaryField()
    html = models.BinaryField()
    public_html = models.BinaryField(blank=True, help_text="The public version, without the exempt parts")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Issue of {self.report}"
