"""Money (PRODUCT C3): the MTFS, the savings ledger, benefits, costs, funding, delivery partner contracts and
the stored savings forecasts. Money is integer pence; financial years are ``core.FinancialYear`` rows."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from beacon.core.models import FinancialYear, OrganisationOwned, OrganisationQuerySet, Role, same_organisation
from beacon.core.money import short_pounds
from beacon.programmes.models import Confidence, Phase, Programme, Project

# Who writes money records: the programme office and the finance officer (the S151 officer sets targets).
MONEY_WRITERS = frozenset({Role.ADMIN, Role.PROGRAMME, Role.FINANCE})


def not_negative(value: int | None) -> None:
    if value is not None and value < 0:
        raise ValidationError("The amount must be £0 or more.")


class Mtfs(OrganisationOwned):
    """A medium-term financial strategy: the funding gap and the savings required in each of its years, and
    the share of those savings that the transformation programme must deliver."""

    title = models.CharField(max_length=200)
    programme = models.ForeignKey(
        Programme, null=True, blank=True, on_delete=models.PROTECT, related_name="mtfs_set",
        help_text="The transformation programme that must deliver the programme's share",
    )
    start_year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT, related_name="+")
    end_year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT, related_name="+")
    description = models.TextField(blank=True)
    approved_date = models.DateField(null=True, blank=True, help_text="When full council agreed it")
    source = models.TextField(blank=True, help_text="Where the figures come from")
    public = models.BooleanField(default=True)
    history = HistoricalRecords()

    public_path = "public"
    writer_roles = MONEY_WRITERS

    class Meta:
        ordering = ["organisation", "-start_year__start_year", "title"]
        verbose_name = "MTFS"
        verbose_name_plural = "MTFS"

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        same_organisation(self, programme=self.programme if self.programme_id else None)
        if self.start_year_id and self.end_year_id and self.end_year.start_year < self.start_year.start_year:
            raise ValidationError({"end_year": "The last year must be the same as or after the first year."})
        if self.start_year_id and self.end_year_id and self.end_year.start_year - self.start_year.start_year > 9:
            raise ValidationError({"end_year": "An MTFS covers at most ten years."})

    def covers(self, year: FinancialYear) -> bool:
        return self.start_year.start_year <= year.start_year <= self.end_year.start_year


class MtfsYear(OrganisationOwned):
    """One year of an MTFS. "Savings required" is the new saving needed in that year (ADR 0003)."""

    mtfs = models.ForeignKey(Mtfs, on_delete=models.CASCADE, related_name="years")
    financial_year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT, related_name="+")
    funding_gap_pence = models.BigIntegerField(default=0, validators=[not_negative])
    savings_required_pence = models.BigIntegerField(default=0, validators=[not_negative])
    programme_target_pence = models.BigIntegerField(
        null=True, blank=True, validators=[not_negative],
        help_text="The share of the savings required that the transformation programme must deliver",
    )
    illustrative = models.BooleanField(default=False, help_text="Not published: spread by Beacon's demo")
    note = models.TextField(blank=True)
    history = HistoricalRecords()

    public_path = "mtfs__public"
    writer_roles = MONEY_WRITERS

    class Meta:
        ordering = ["mtfs", "financial_year__start_year"]
        constraints = [models.UniqueConstraint(fields=["mtfs", "financial_year"], name="one_row_per_mtfs_year")]

    def __str__(self) -> str:
        return f"{self.mtfs} {self.financial_year}"

    def clean(self) -> None:
        same_organisation(self, mtfs=self.mtfs if self.mtfs_id else None)
        if self.mtfs_id and self.financial_year_id and not self.mtfs.covers(self.financial_year):
            raise ValidationError(
                {"financial_year": f"{self.financial_year} is outside the MTFS "
                                   f"({self.mtfs.start_year} to {self.mtfs.end_year})."}
            )
        if (self.programme_target_pence or 0) > (self.savings_required_pence or 0) > 0:
            raise ValidationError(
                {"programme_target_pence": "The programme's share cannot be more than the savings required."}
            )


class BudgetLine(OrganisationOwned):
    """A service budget or cost centre that savings reduce; its annual budget bounds what may be claimed."""

    code = models.CharField(max_length=30)
    title = models.CharField(max_length=200)
    service = models.CharField(max_length=200, blank=True)
    budget_pence = models.BigIntegerField(
        null=True, blank=True, validators=[not_negative], help_text="The annual net budget"
    )
    history = HistoricalRecords()

    writer_roles = MONEY_WRITERS

    class Meta:
        ordering = ["organisation", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"], name="budget_line_code_unique",
                violation_error_message="A budget line with this code already exists in this organisation.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Recurrence(models.TextChoices):
    RECURRING = "recurring", "Recurring"
    ONE_OFF = "one_off", "One-off"


class LineState(models.TextChoices):
    """The savings line lifecycle: proposed → approved (in the MTFS) → delivered (confirmed by finance), or
    carried forward to a later year, written off, or replaced by another line."""

    PROPOSED = "proposed", "Proposed"
    APPROVED = "approved", "Approved"
    DELIVERED = "delivered", "Delivered"
    CARRIED_FORWARD = "carried_forward", "Carried forward"
    WRITTEN_OFF = "written_off", "Written off"
    REPLACED = "replaced", "Replaced"


OPEN_STATES = (LineState.PROPOSED, LineState.APPROVED)
CLOSED_STATES = (LineState.DELIVERED, LineState.CARRIED_FORWARD, LineState.WRITTEN_OFF, LineState.REPLACED)


class SavingsLineQuerySet(OrganisationQuerySet):
    def live(self) -> SavingsLineQuerySet:
        """Lines that still count towards a year: not carried forward, written off or replaced."""
        return self.filter(state__in=[LineState.PROPOSED, LineState.APPROVED, LineState.DELIVERED])


class SavingsLine(OrganisationOwned):
    """A saving a project will make in one financial year. Never deleted: its state changes through
    ``beacon.finance.ledger`` and each change is a ``SavingsEvent``."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="savings_lines")
    financial_year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT, related_name="+")
    code = models.CharField(max_length=40, blank=True)
    title = models.CharField(max_length=200, blank=True, help_text="What the saving is, if the project has several")
    amount_pence = models.BigIntegerField(validators=[not_negative])
    recurrence = models.CharField(max_length=10, choices=Recurrence.choices, default=Recurrence.RECURRING)
    cashable = models.BooleanField(default=True)
    budget_line = models.ForeignKey(
        BudgetLine, null=True, blank=True, on_delete=models.PROTECT, related_name="savings_lines"
    )
    state = models.CharField(max_length=16, choices=LineState.choices, default=LineState.PROPOSED, editable=False)
    forecast_pence = models.BigIntegerField(
        null=True, blank=True, validators=[not_negative],
        help_text="What the project lead now expects to deliver; blank means the full amount",
    )
    delivered_pence = models.BigIntegerField(default=0, editable=False)
    written_off_pence = models.BigIntegerField(default=0, editable=False)
    carried_forward_pence = models.BigIntegerField(default=0, editable=False)
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="carried_to", editable=False
    )
    replaces = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by", editable=False
    )
    source = models.TextField(blank=True, help_text="Where the figure comes from")
    illustrative = models.BooleanField(default=False, help_text="No source gives this figure")
    history = HistoricalRecords()

    confidential_path = "project__confidential"
    public_path = "project__public"
    lead_path = "project__lead"
    lead_may_create = True
    lead_may_edit = True
    lead_locked_fields = ("project", "financial_year", "amount_pence", "recurrence", "cashable", "budget_line")
    writer_roles = MONEY_WRITERS

    objects = SavingsLineQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["financial_year__start_year", "project__code", "pk"]
        indexes = [
            models.Index(fields=["organisation", "financial_year", "state"], name="savings_org_year_state"),
            # Covers the double-counting check (beacon.finance.rules), which reads every line of an organisation
            # by budget line and year: answered from the index alone, never the table.
            models.Index(
                fields=["organisation", "budget_line", "financial_year", "state", "amount_pence", "delivered_pence"],
                name="savings_budget_line_claims",
            ),
            # Covers the tracker's grouped query (beacon.finance.selectors.level_rows) the same way.
            models.Index(
                fields=["organisation", "state", "project", "financial_year", "recurrence", "amount_pence",
                        "forecast_pence", "delivered_pence"],
                name="savings_tracker_figures",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount_pence__gte=0), name="savings_amount_not_negative"),
            models.UniqueConstraint(
                fields=["organisation", "code"], condition=~Q(code=""), name="savings_code_unique",
                violation_error_message="A savings line with this code already exists in this organisation.",
            ),
        ]

    def __str__(self) -> str:
        label = self.title or (str(self.project) if self.project_id else "Savings line")
        return f"{label} {self.financial_year} {short_pounds(self.amount_pence)}"

    def clean(self) -> None:
        same_organisation(
            self, project=self.project if self.project_id else None,
            budget_line=self.budget_line if self.budget_line_id else None,
        )
        if self.project_id and self.financial_year_id:
            outside = year_outside_mtfs(self.project.programme_id, self.financial_year)
            if outside:
                raise ValidationError({"financial_year": outside})

    @property
    def outstanding_pence(self) -> int:
        """What is still to be delivered, carried forward or written off."""
        if self.state not in OPEN_STATES:
            return 0
        return self.amount_pence - self.delivered_pence - self.written_off_pence - self.carried_forward_pence

    @property
    def expected_pence(self) -> int:
        """What the line is now expected to deliver: delivered if confirmed, else the lead's forecast."""
        if self.state == LineState.DELIVERED:
            return self.delivered_pence
        if self.state in OPEN_STATES:
            return self.amount_pence if self.forecast_pence is None else self.forecast_pence
        return 0


def year_outside_mtfs(programme_id: int | None, year: FinancialYear) -> str:
    """Why ``year`` cannot hold the programme's savings ("" when it can): a programme with an MTFS may
    only claim savings in a year that one of its MTFS covers."""
    if programme_id is None:
        return ""
    spans = list(
        Mtfs.objects.filter(programme_id=programme_id).values_list(
            "start_year__start_year", "end_year__start_year", "start_year__label", "end_year__label"
        )
    )
    if not spans or any(start <= year.start_year <= end for start, end, _, _ in spans):
        return ""
    covered = "; ".join(f"{first} to {last}" for _, _, first, last in spans)
    return f"{year} is outside the programme's MTFS ({covered})."


class LedgerAction(models.TextChoices):
    CREATED = "created", "Created"
    FORECAST = "forecast", "Forecast changed"
    APPROVED = "approved", "Approved"
    DELIVERED = "delivered", "Confirmed as delivered"
    CARRIED_FORWARD = "carried_forward", "Carried forward"
    WRITTEN_OFF = "written_off", "Written off"
    REPLACED = "replaced", "Replaced"
    CONVERTED = "converted", "Converted to cashable"


class SavingsEvent(OrganisationOwned):
    """One change to a savings line's state or forecast: who, when, why, and the project's delivery
    confidence at the time (the forecast's calibration learns from these)."""

    line = models.ForeignKey(SavingsLine, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(max_length=16, choices=LedgerAction.choices)
    from_state = models.CharField(max_length=16, choices=LineState.choices, blank=True)
    to_state = models.CharField(max_length=16, choices=LineState.choices)
    amount_pence = models.BigIntegerField(default=0, help_text="The money the change moved")
    related_line = models.ForeignKey(
        SavingsLine, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="The line carried to, or the replacement",
    )
    confidence = models.CharField(max_length=12, choices=Confidence.choices, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField()

    confidential_path = "line__project__confidential"
    lead_path = "line__project__lead"

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.line_id} at {self.at:%Y-%m-%d}"


class BenefitKind(models.TextChoices):
    FINANCIAL = "financial", "Financial"
    NON_FINANCIAL = "non_financial", "Non-financial"


class Benefit(OrganisationOwned):
    """A benefit (or dis-benefit) a project will bring, with its measure, baseline, target and owner."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="benefits")
    code = models.CharField(max_length=40, blank=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    kind = models.CharField(max_length=14, choices=BenefitKind.choices, default=BenefitKind.NON_FINANCIAL)
    dis_benefit = models.BooleanField(default=False, help_text="A negative consequence that the project accepts")
    owner_title = models.CharField(max_length=200, blank=True, help_text="The benefit owner's role title")
    measure = models.CharField(max_length=300, blank=True, help_text="How the benefit is measured")
    kpi = models.ForeignKey(
        "performance.Kpi", null=True, blank=True, on_delete=models.SET_NULL, related_name="benefits",
        help_text="The KPI that measures it, where one exists",
    )
    unit = models.CharField(max_length=40, blank=True)
    baseline = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    baseline_date = models.DateField(null=True, blank=True)
    target = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    target_date = models.DateField(null=True, blank=True)
    source = models.TextField(blank=True)
    illustrative = models.BooleanField(default=False)
    history = HistoricalRecords()

    confidential_path = "project__confidential"
    public_path = "project__public"
    lead_path = "project__lead"
    lead_may_create = True
    lead_may_edit = True
    lead_locked_fields = ("project",)
    writer_roles = MONEY_WRITERS

    class Meta:
        ordering = ["project__code", "title", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        same_organisation(self, project=self.project if self.project_id else None,
                          kpi=self.kpi if self.kpi_id else None)
        if self.baseline_date and self.target_date and self.target_date < self.baseline_date:
            raise ValidationError({"target_date": "The target date must be the same as or after the baseline date."})


class BenefitProfilePoint(OrganisationOwned):
    """The benefit expected (and, once known, achieved) by a date: the benefit profile."""

    benefit = models.ForeignKey(Benefit, on_delete=models.CASCADE, related_name="profile")
    date = models.DateField()
    expected = models.DecimalField(max_digits=16, decimal_places=2)
    actual = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    history = HistoricalRecords()

    confidential_path = "benefit__project__confidential"
    public_path = "benefit__project__public"
    lead_path = "benefit__project__lead"
    lead_may_create = True
    lead_may_edit = True
    writer_roles = MONEY_WRITERS

    class Meta:
        ordering = ["benefit", "date"]
        constraints = [models.UniqueConstraint(fields=["benefit", "date"], name="one_profile_point_per_date")]

    def __str__(self) -> str:
        return f"{self.benefit} {self.date}"

    def clean(self) -> None:
        same_organisation(self, benefit=self.benefit if self.benefit_id else None)


class FundingKind(models.TextChoices):
    GRANT = "grant", "Grant"
    RESERVES = "reserves", "Reserves virement"
    EFS = "efs", "Exceptional financial support"
    CAPITAL_RECEIPTS = "capital_receipts", "Flexible use of capital receipts"
    REVENUE = "revenue", "Revenue budget"
    OTHER = "other", "Other"


class FundingStatus(models.TextChoices):
    EXPECTED = "expected", "Expected"
    AGREED = "agreed", "Agreed"
    RECEIVED = "received", "Received"
    WITHDRAWN = "withdrawn", "Withdrawn"


class FundingSource(OrganisationOwned):
    """Money that pays for the change, with its conditions and deadline (LGA grant, reserves virement,
    exceptional financial support and its conditions)."""

    programme = models.ForeignKey(
        Programme, null=True, blank=True, on_delete=models.PROTECT, related_name="funding_sources"
    )
    code = models.CharField(max_length=40, blank=True)
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=FundingKind.choices, default=FundingKind.GRANT)
    amount_pence = models.BigIntegerField(validators=[not_negative])
    up_to = models.BooleanField(default=False, help_text="The amount is a ceiling (\"up to £350,000\")")
    financial_year = models.ForeignKey(FinancialYear, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=FundingStatus.choices, default=FundingStatus.EXPECTED)
    conditions = models.TextField(blank=True)
    deadline = models.DateField(null=True, blank=True, help_text="When a condition must be met")
    source = models.TextField(blank=True)
    illustrative = models.BooleanField(default=False)
    public = models.BooleanField(default=False)
    history = HistoricalRecords()

    public_path = "public"
    writer_roles = MONEY_WRITERS

    class Meta:
        ordering = ["organisation", "deadline", "title"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        same_organisation(self, programme=self.programme if self.programme_id else None)


class CostKind(models.TextChoices):
    ONE_OFF = "one_off", "One-off investment"
    RUNNING = "running", "Running cost"


class Cost(OrganisationOwned):
    """What a project (or the programme) costs in one financial year, and what pays for it."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="costs")
    project = models.ForeignKey(Project, null=True, blank=True, on_delete=models.PROTECT, related_name="costs")
    financial_year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=CostKind.choices, default=CostKind.ONE_OFF)
    amount_pence = models.BigIntegerField(validators=[not_negative])
    funding_source = models.ForeignKey(
        FundingSource, null=True, blank=True, on_delete=models.PROTECT, related_name="costs"
    )
    source = models.TextField(blank=True)
    illustrative = models.BooleanField(default=False)
    history = HistoricalRecords()

    confidential_path = "project__confidential"
    lead_path = "project__lead"
    writer_roles = MONEY_WRITERS

    class Meta:
        ordering = ["financial_year__start_year", "title", "pk"]

    def __str__(self) -> str:
        return f"{self.title} {self.financial_year}"

    def clean(self) -> None:
        same_organisation(
            self, programme=self.programme if self.programme_id else None,
            project=self.project if self.project_id else None,
            funding_source=self.funding_source if self.funding_source_id else None,
        )
        if self.project is not None and self.programme_id and self.project.programme_id != self.programme_id:
            raise ValidationError({"project": "Choose a project of the cost's programme."})


class Contract(OrganisationOwned):
    """A delivery partner contract: fees, deliverables, milestones, and the savings it has identified,
    whose return on investment (savings ÷ fees) is held against the expected range."""

    programme = models.ForeignKey(Programme, null=True, blank=True, on_delete=models.PROTECT, related_name="contracts")
    phase = models.ForeignKey(Phase, null=True, blank=True, on_delete=models.SET_NULL, related_name="contracts")
    code = models.CharField(max_length=40, blank=True)
    title = models.CharField(max_length=200)
    partner = models.CharField(max_length=200, blank=True, help_text="The delivery partner (a company)")
    fees_pence = models.BigIntegerField(validators=[not_negative])
    savings_identified_pence = models.BigIntegerField(default=0, validators=[not_negative])
    roi_expected_low = models.DecimalField(
        max_digits=5, decimal_places=2, default=Decimal(3), validators=[MinValueValidator(Decimal(0))],
        help_text="The lowest expected return: 3 means £3 of savings for each £1 of fees",
    )
    roi_expected_high = models.DecimalField(
        max_digits=5, decimal_places=2, default=Decimal(5), validators=[MinValueValidator(Decimal(0))]
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    deliverables = models.TextField(blank=True)
    source = models.TextField(blank=True)
    illustrative = models.BooleanField(default=False)
    confidential = models.BooleanField(default=False, help_text="Commercially sensitive")
    history = HistoricalRecords()

    confidential_path = "confidential"
    writer_roles = MONEY_WRITERS

    class Meta:
        ordering = ["organisation", "start_date", "title"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        same_organisation(self, programme=self.programme if self.programme_id else None)
        if self.phase is not None and self.programme_id and self.phase.programme_id != self.programme_id:
            raise ValidationError({"phase": "Choose a phase of the contract's programme."})
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The end date must be the same as or after the start date."})
        if self.roi_expected_high is not None and self.roi_expected_low is not None \
                and self.roi_expected_high < self.roi_expected_low:
            raise ValidationError({"roi_expected_high": "The top of the range must be at least its bottom."})

    @property
    def roi(self) -> Decimal | None:
        """Savings identified ÷ fees (None when there are no fees)."""
        if not self.fees_pence:
            return None
        return (Decimal(self.savings_identified_pence) / Decimal(self.fees_pence)).quantize(Decimal("0.01"))

    @property
    def roi_position(self) -> str:
        """"below", "within" or "above" the expected range; "" when it cannot be worked out."""
        roi = self.roi
        if roi is None:
            return ""
        if roi < self.roi_expected_low:
            return "below"
        return "above" if roi > self.roi_expected_high else "within"


class ContractMilestone(OrganisationOwned):
    """A deliverable of a contract with its due date and the fee paid on it."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=300)
    due_date = models.DateField()
    actual_date = models.DateField(null=True, blank=True)
    fee_pence = models.BigIntegerField(null=True, blank=True, validators=[not_negative])
    history = HistoricalRecords()

    confidential_path = "contract__confidential"
    writer_roles = MONEY_WRITERS

    class Meta:
        ordering = ["contract", "due_date", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        same_organisation(self, contract=self.contract if self.contract_id else None)


fraction = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))]


class ForecastAssumption(OrganisationOwned):
    """How the forecast draws a line's outcome for one delivery confidence rating (an organisation may edit
    the documented defaults in ``beacon.finance.forecast.DEFAULT_ASSUMPTIONS``).

    The delivered fraction is Beta distributed with this mean and concentration; a concentration of 0 means
    all or nothing (delivered in full with probability ``delivered_mean``, else not at all). With probability
    ``slip_probability`` what is delivered arrives a year late."""

    rating = models.CharField(max_length=12, choices=Confidence.choices + [("", "Not rated")], blank=True)
    delivered_mean = models.DecimalField(max_digits=4, decimal_places=3, validators=fraction)
    concentration = models.DecimalField(
        max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal(0))],
        help_text="Higher means less spread; 0 means all or nothing",
    )
    slip_probability = models.DecimalField(max_digits=4, decimal_places=3, validators=fraction)
    history = HistoricalRecords()

    writer_roles = MONEY_WRITERS

    class Meta:
        ordering = ["organisation", "rating"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "rating"], name="one_assumption_per_rating")
        ]

    def __str__(self) -> str:
        return f"{self.get_rating_display()} assumption"


class ForecastRun(OrganisationOwned):
    """A stored run of the savings forecast: its inputs (seed, trials, correlation, assumptions) and its
    results per year (``years``: target, P10, P50, P90, probability the target is met, in pence) and the
    lines that contribute most to the expected shortfall (``contributors``)."""

    mtfs = models.ForeignKey(Mtfs, null=True, blank=True, on_delete=models.SET_NULL, related_name="forecasts")
    trials = models.PositiveIntegerField()
    seed = models.BigIntegerField()
    correlation = models.DecimalField(max_digits=4, decimal_places=3, default=Decimal(0), validators=fraction)
    assumptions = models.JSONField(default=dict)
    years = models.JSONField(default=list)
    cumulative = models.JSONField(default=list)
    contributors = models.JSONField(default=list)
    lines_counted = models.PositiveIntegerField(default=0)
    duration_ms = models.PositiveIntegerField(default=0)

    writer_roles = MONEY_WRITERS

    class Meta:
        ordering = ["organisation", "-created_at", "-pk"]
        get_latest_by = "created_at"

    def __str__(self) -> str:
        return f"Forecast of {self.created_at:%d %B %Y %H:%M}"
