"""Governance (PRODUCT C5 and C6): boards, meetings and agenda items with the route of a matter through boards,
decisions with their options and implications, the key-decision thresholds, in-year spend controls, and the
transformation capability maturity framework with its assessments."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from beacon.core.models import OrganisationOwned, Role, same_organisation
from beacon.finance.models import Contract
from beacon.programmes.models import Programme, Project

# Democratic services work sits with the monitoring officer beside the programme office.
GOVERNANCE_WRITERS = frozenset({Role.ADMIN, Role.PROGRAMME, Role.MONITORING})
FRAMEWORK_WRITERS = frozenset({Role.ADMIN, Role.PROGRAMME})


def not_negative(value: int | None) -> None:
    if value is not None and value < 0:
        raise ValidationError("The amount must be £0 or more.")


class BoardKind(models.TextChoices):
    CABINET = "cabinet", "Cabinet"
    COUNCIL = "council", "Full Council"
    SCRUTINY = "scrutiny", "Scrutiny / overview committee"
    TRANSFORMATION = "transformation", "Transformation Board"
    DELIVERY = "delivery", "Delivery board"
    WORKING_GROUP = "working_group", "All-party working group"
    PARTNERSHIP = "partnership", "Partnership executive"
    IMPLEMENTATION = "implementation", "Implementation group"
    SPENDING = "spending", "Spending review board"
    OTHER = "other", "Other"


class Board(OrganisationOwned):
    """A board or committee that oversees the programme or takes its decisions."""

    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=14, choices=BoardKind.choices, default=BoardKind.OTHER)
    terms_of_reference = models.TextField(blank=True)
    chair_title = models.CharField(max_length=200, blank=True, help_text="The chair's role title")
    sponsor_title = models.CharField(max_length=200, blank=True, help_text="The sponsor's role title")
    programmes = models.ManyToManyField(Programme, blank=True, related_name="boards")
    meeting_cadence = models.CharField(max_length=120, blank=True, help_text="For example monthly")
    source = models.TextField(blank=True)
    public = models.BooleanField(default=True)
    archived = models.BooleanField(default=False)
    history = HistoricalRecords(m2m_fields=[programmes])

    public_path = "public"
    writer_roles = GOVERNANCE_WRITERS

    class Meta:
        ordering = ["organisation", "title"]
        constraints = [models.UniqueConstraint(fields=["organisation", "title"], name="board_title_unique")]

    def __str__(self) -> str:
        return self.title


class BoardMember(OrganisationOwned):
    """A member of a board, by role title (a councillor's portfolio, an officer's post)."""

    class Kind(models.TextChoices):
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice_chair", "Vice-chair"
        SPONSOR = "sponsor", "Sponsor"
        MEMBER = "member", "Member"
        OFFICER = "officer", "Officer in attendance"

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="members")
    role_title = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.MEMBER)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    history = HistoricalRecords()

    public_path = "board__public"
    writer_roles = GOVERNANCE_WRITERS

    class Meta:
        ordering = ["board", "kind", "role_title"]

    def __str__(self) -> str:
        return f"{self.role_title} ({self.get_kind_display()})"

    def clean(self) -> None:
        same_organisation(self, board=self.board if self.board_id else None)


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class Meeting(OrganisationOwned):
    """A meeting of a board, with its agenda, minutes and resolutions."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="meetings")
    date = models.DateField()
    start_time = models.TimeField(null=True, blank=True)
    location = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=9, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED)
    minutes = models.TextField(blank=True)
    source = models.TextField(blank=True)
    public = models.BooleanField(default=True)
    illustrative = models.BooleanField(default=False)
    history = HistoricalRecords()

    public_path = "public"
    writer_roles = GOVERNANCE_WRITERS

    class Meta:
        ordering = ["organisation", "date", "board__title"]

    def __str__(self) -> str:
        return f"{self.board.title}, {self.date:%-d %B %Y}" if self.board_id else f"Meeting {self.date}"

    @property
    def title(self) -> str:
        return str(self)

    def clean(self) -> None:
        same_organisation(self, board=self.board if self.board_id else None)


class DecisionStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    TAKEN = "taken", "Taken"
    CALLED_IN = "called_in", "Called in"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Decision(OrganisationOwned):
    """A decision: who takes it and when, what is recommended and resolved and why, the options rejected, its
    implications, and the figures the key-decision test reads."""

    code = models.CharField(max_length=40, blank=True)
    title = models.CharField(max_length=300)
    decision_maker = models.ForeignKey(
        Board, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions",
        help_text="The board that takes it (blank for an officer or a cabinet member)",
    )
    decision_maker_title = models.CharField(
        max_length=200, blank=True, help_text="Or the officer or cabinet member who takes it, by role title"
    )
    decision_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=9, choices=DecisionStatus.choices, default=DecisionStatus.PROPOSED)
    recommendation = models.TextField(blank=True)
    resolution = models.TextField(blank=True)
    reasons = models.TextField(blank=True)
    projects = models.ManyToManyField(Project, blank=True, related_name="decisions")
    contracts = models.ManyToManyField(Contract, blank=True, related_name="decisions")
    # The key-decision test reads these, with the linked projects' figures.
    revenue_impact_pence = models.BigIntegerField(
        null=True, blank=True, validators=[not_negative],
        help_text="Change to a service revenue budget, if not taken from the linked projects' savings",
    )
    contract_value_pence = models.BigIntegerField(null=True, blank=True, validators=[not_negative])
    capital_scheme_pence = models.BigIntegerField(
        null=True, blank=True, validators=[not_negative], help_text="A new or unprogrammed capital scheme"
    )
    wards_affected = models.TextField(blank=True, help_text="The wards affected, one a line, or “All wards”")
    all_wards = models.BooleanField(default=False, help_text="Every ward is affected")
    significant_ward_impact = models.BooleanField(
        default=False, help_text="The impact in those wards is significant in environmental, social or physical terms"
    )
    # The forward plan.
    forward_plan_published = models.DateField(
        null=True, blank=True, help_text="When it was published on the forward plan"
    )
    general_exception = models.BooleanField(default=False, help_text="General exception (regulation 10)")
    special_urgency = models.BooleanField(default=False, help_text="Special urgency (regulation 11)")
    exception_reason = models.TextField(blank=True)
    call_in_ends = models.DateField(null=True, blank=True, help_text="The last day of the call-in period")
    source = models.TextField(blank=True)
    confidential = models.BooleanField(default=False)
    exempt_paragraph = models.CharField(
        max_length=200, blank=True, help_text="The paragraph of Schedule 12A, Local Government Act 1972"
    )
    public = models.BooleanField(default=True)
    illustrative = models.BooleanField(default=False)
    history = HistoricalRecords(m2m_fields=[projects, contracts])

    confidential_path = "confidential"
    public_path = "public"
    writer_roles = GOVERNANCE_WRITERS

    class Meta:
        ordering = ["organisation", "decision_date", "title"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        same_organisation(self, decision_maker=self.decision_maker if self.decision_maker_id else None)
        if (self.general_exception or self.special_urgency) and not self.exception_reason.strip():
            raise ValidationError({"exception_reason": "Say why the exception or urgency applies."})
        published, decided = self.forward_plan_published, self.decision_date
        if published and decided and decided < published and not (self.general_exception or self.special_urgency):
            raise ValidationError({"decision_date": (
                "The decision date is before the day the decision was published on the forward plan. Correct the "
                "dates, or record the general exception or special urgency with its reason."
            )})
        if self.call_in_ends and self.decision_date and self.call_in_ends < self.decision_date:
            raise ValidationError({"call_in_ends": "The call-in period ends after the decision is taken."})


class DecisionOption(OrganisationOwned):
    """An alternative option considered: what it is, its impact and its risk, and whether it was chosen."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="options")
    order = models.PositiveSmallIntegerField(default=1)
    option = models.TextField()
    impact = models.TextField(blank=True)
    risk = models.TextField(blank=True)
    recommended = models.BooleanField(default=False)
    history = HistoricalRecords()

    confidential_path = "decision__confidential"
    public_path = "decision__public"
    writer_roles = GOVERNANCE_WRITERS

    class Meta:
        ordering = ["decision", "order", "pk"]

    def __str__(self) -> str:
        return self.option[:80]

    def clean(self) -> None:
        same_organisation(self, decision=self.decision if self.decision_id else None)


class ImplicationKind(models.TextChoices):
    FINANCE = "finance", "Financial"
    LEGAL = "legal", "Legal"
    HR = "hr", "Human resources"
    EQUALITY = "equality", "Equality and diversity"
    RISK = "risk", "Risk"
    RURAL = "rural", "Rural communities"
    CHILDREN = "children", "Children and young people, including SEND"
    PUBLIC_HEALTH = "public_health", "Public health"
    CLIMATE = "climate", "Climate change"
    OTHER = "other", "Other"


class Implication(OrganisationOwned):
    """An implication of a decision (or of a project), with the responsible officer's comments (the S151
    officer's for finance, the monitoring officer's for legal)."""

    decision = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="implications")
    project = models.ForeignKey(Project, null=True, blank=True, on_delete=models.CASCADE,
                                related_name="implications")
    kind = models.CharField(max_length=13, choices=ImplicationKind.choices)
    text = models.TextField()
    officer_comments = models.TextField(blank=True)
    officer_title = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    confidential_path = "decision__confidential"
    public_path = "decision__public"
    writer_roles = GOVERNANCE_WRITERS

    class Meta:
        ordering = ["kind", "pk"]

    def __str__(self) -> str:
        return self.get_kind_display()

    def clean(self) -> None:
        same_organisation(self, decision=self.decision if self.decision_id else None,
                          project=self.project if self.project_id else None)
        if not self.decision_id and not self.project_id:
            raise ValidationError("An implication belongs to a decision or a project.")


class AgendaItem(OrganisationOwned):
    """A matter on a meeting's agenda. ``previous`` is the same matter at the board before it, so that the
    route of a report (Scrutiny → Cabinet → Council) and the comments passed along it can be followed."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    number = models.CharField(max_length=10, blank=True)
    title = models.CharField(max_length=300)
    decision = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.SET_NULL, related_name="items")
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next_items",
        help_text="The same matter at the board that considered it before",
    )
    resolution = models.TextField(blank=True)
    comments_to_next = models.TextField(
        blank=True, help_text="Comments this board passes to the next, e.g. to Cabinet"
    )
    confidential = models.BooleanField(default=False)
    exempt_paragraph = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    confidential_path = "confidential"
    public_path = "meeting__public"
    writer_roles = GOVERNANCE_WRITERS

    class Meta:
        ordering = ["meeting", "number", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        same_organisation(self, meeting=self.meeting if self.meeting_id else None,
                          decision=self.decision if self.decision_id else None,
                          previous=self.previous if self.previous_id else None)
        if self.previous_id and self.previous_id == self.pk:
            raise ValidationError({"previous": "An item cannot come before itself."})


class KeyDecisionThresholds(OrganisationOwned):
    """An organisation's key-decision thresholds (its constitution's). Defaults are Chorley's: revenue impact,
    contract value and a new capital scheme each £100,000 or more, or a significant impact in two or more
    wards."""

    revenue_pence = models.BigIntegerField(default=100_000_00, validators=[not_negative])
    contract_pence = models.BigIntegerField(default=100_000_00, validators=[not_negative])
    capital_pence = models.BigIntegerField(default=100_000_00, validators=[not_negative])
    wards = models.PositiveSmallIntegerField(default=2, validators=[MinValueValidator(1)])
    notice_days = models.PositiveSmallIntegerField(default=28, help_text="Clear days' notice on the forward plan")
    source = models.TextField(blank=True)
    history = HistoricalRecords()

    writer_roles = frozenset({Role.ADMIN, Role.MONITORING})

    class Meta:
        verbose_name = "set of key-decision thresholds"
        verbose_name_plural = "key-decision thresholds"
        constraints = [models.UniqueConstraint(fields=["organisation"], name="one_threshold_set_per_organisation")]

    def __str__(self) -> str:
        return f"Key-decision thresholds of {self.organisation}"


class SpendRequestStatus(models.TextChoices):
    PENDING = "pending", "Awaiting decision"
    APPROVED = "approved", "Approved"
    REFUSED = "refused", "Refused"
    WITHDRAWN = "withdrawn", "Withdrawn"


class SpendRequest(OrganisationOwned):
    """An in-year request to spend above the control threshold, decided by a board such as a Spending Review
    Board."""

    code = models.CharField(max_length=40, blank=True)
    title = models.CharField(max_length=300)
    service = models.CharField(max_length=200, blank=True)
    requested_by_title = models.CharField(max_length=200, blank=True)
    amount_pence = models.BigIntegerField(validators=[not_negative])
    justification = models.TextField(blank=True)
    board = models.ForeignKey(Board, null=True, blank=True, on_delete=models.PROTECT, related_name="spend_requests")
    project = models.ForeignKey(Project, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="spend_requests")
    status = models.CharField(max_length=9, choices=SpendRequestStatus.choices, default=SpendRequestStatus.PENDING)
    decided_on = models.DateField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    illustrative = models.BooleanField(default=False)
    history = HistoricalRecords()

    writer_roles = frozenset({Role.ADMIN, Role.PROGRAMME, Role.FINANCE})

    class Meta:
        ordering = ["organisation", "-created_at"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        same_organisation(self, board=self.board if self.board_id else None,
                          project=self.project if self.project_id else None)
        decided = self.status in (SpendRequestStatus.APPROVED, SpendRequestStatus.REFUSED)
        if decided and not self.decided_on:
            raise ValidationError({"decided_on": "Say when the request was decided."})
        if self.status == SpendRequestStatus.REFUSED and not self.decision_reason.strip():
            raise ValidationError({"decision_reason": "Say why the request was refused."})


# Transformation capability maturity --------------------------------------------------------------------------


class MaturityFramework(OrganisationOwned):
    """A capability maturity framework: its capabilities and the names of its levels are data that an
    administrator edits, not code."""

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    source = models.TextField(blank=True)
    history = HistoricalRecords()

    writer_roles = FRAMEWORK_WRITERS

    class Meta:
        ordering = ["organisation", "title"]

    def __str__(self) -> str:
        return self.title


class MaturityLevel(OrganisationOwned):
    """A level of a framework, 1 to 5. A level may have no name: the seed does not give level 4's."""

    framework = models.ForeignKey(MaturityFramework, on_delete=models.CASCADE, related_name="levels")
    number = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    name = models.CharField(max_length=80, blank=True)
    description = models.TextField(blank=True)

    writer_roles = FRAMEWORK_WRITERS

    class Meta:
        ordering = ["framework", "number"]
        constraints = [models.UniqueConstraint(fields=["framework", "number"], name="one_level_per_number")]

    def __str__(self) -> str:
        return f"{self.number} {self.name}".strip()


class Capability(OrganisationOwned):
    framework = models.ForeignKey(MaturityFramework, on_delete=models.CASCADE, related_name="capabilities")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=1)
    history = HistoricalRecords()

    writer_roles = FRAMEWORK_WRITERS

    class Meta:
        ordering = ["framework", "order", "title"]
        verbose_name_plural = "capabilities"

    def __str__(self) -> str:
        return self.title


class AssessmentKind(models.TextChoices):
    SELF = "self", "Self-assessment"
    PEER = "peer", "Peer review"


class MaturityAssessment(OrganisationOwned):
    """A self-assessment or peer review on a date, scoring each capability of the framework."""

    framework = models.ForeignKey(MaturityFramework, on_delete=models.PROTECT, related_name="assessments")
    kind = models.CharField(max_length=4, choices=AssessmentKind.choices, default=AssessmentKind.SELF)
    date = models.DateField()
    assessor_title = models.CharField(max_length=200, blank=True)
    summary = models.TextField(blank=True)
    source = models.TextField(blank=True)
    illustrative = models.BooleanField(default=False)
    history = HistoricalRecords()

    writer_roles = FRAMEWORK_WRITERS

    class Meta:
        ordering = ["organisation", "-date"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.date:%-d %B %Y}" if self.date else self.get_kind_display()

    @property
    def title(self) -> str:
        return str(self)


class MaturityScore(OrganisationOwned):
    """A capability's score in an assessment, on the 1-5 index (one decimal place: "top end of 1" is 1.8),
    with its evidence; a low score may be linked to the programme risk it gives rise to."""

    assessment = models.ForeignKey(MaturityAssessment, on_delete=models.CASCADE, related_name="scores")
    capability = models.ForeignKey(Capability, on_delete=models.PROTECT, related_name="scores")
    score = models.DecimalField(
        max_digits=2, decimal_places=1,
        validators=[MinValueValidator(1, "Score it from 1 to 5."), MaxValueValidator(5, "Score it from 1 to 5.")],
    )
    evidence = models.TextField(blank=True)
    risk = models.ForeignKey("risks.Risk", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    history = HistoricalRecords()

    writer_roles = FRAMEWORK_WRITERS

    class Meta:
        ordering = ["assessment", "capability__order"]
        constraints = [models.UniqueConstraint(fields=["assessment", "capability"], name="one_score_per_capability")]

    def __str__(self) -> str:
        return f"{self.capability}: {self.score}"

    def clean(self) -> None:
        same_organisation(self, assessment=self.assessment if self.assessment_id else None,
                          capability=self.capability if self.capability_id else None,
                          risk=self.risk if self.risk_id else None)
        if self.assessment_id and self.capability_id and self.capability.framework_id != self.assessment.framework_id:
            raise ValidationError({"capability": "Choose a capability of the assessment's framework."})


class ImprovementAction(OrganisationOwned):
    capability = models.ForeignKey(Capability, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(max_length=300)
    owner_title = models.CharField(max_length=200, blank=True)
    due_date = models.DateField(null=True, blank=True)
    done = models.BooleanField(default=False)
    history = HistoricalRecords()

    writer_roles = FRAMEWORK_WRITERS

    class Meta:
        ordering = ["capability", "due_date", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        same_organisation(self, capability=self.capability if self.capability_id else None)
