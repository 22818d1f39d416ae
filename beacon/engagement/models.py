"""Engagement and place (PRODUCT C8): ideas from staff and residents, engagement events, partnerships by
spatial level with their member bodies and testbed localities, and target operating models per service.

An accepted idea records the project it became (``Idea.project``), so that the project's realised savings are
credited to the idea. A partnership's member bodies are names and register entries, not memberships: being a
member of a partnership never gives anyone a role in another organisation."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from beacon.core.models import Council, OrganisationOwned, Role, same_organisation
from beacon.governance.models import Board
from beacon.performance.models import Kpi
from beacon.programmes.models import Programme, Project, Workstream

ALL_ROLES = frozenset(Role.values)


class IdeaStatus(models.TextChoices):
    NEW = "new", "New"
    UNDER_REVIEW = "under_review", "Under review"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


# Where an idea may go from each status (``beacon.engagement.services.change_idea_status`` enforces it). A
# declined idea may be looked at again; an accepted one has become a project and stays accepted.
IDEA_TRANSITIONS: dict[str, tuple[str, ...]] = {
    IdeaStatus.NEW: (IdeaStatus.UNDER_REVIEW, IdeaStatus.DECLINED),
    IdeaStatus.UNDER_REVIEW: (IdeaStatus.ACCEPTED, IdeaStatus.DECLINED),
    IdeaStatus.ACCEPTED: (),
    IdeaStatus.DECLINED: (IdeaStatus.UNDER_REVIEW,),
}


class Submitter(models.TextChoices):
    """Who put an idea forward, as a kind of person: never a name."""

    STAFF = "staff", "Member of staff"
    RESIDENT = "resident", "Resident"
    COUNCILLOR = "councillor", "Councillor"
    PARTNER = "partner", "Partner organisation"
    BUSINESS = "business", "Local business"


class Moderation(models.TextChoices):
    """Whether an idea may be shown on the public pages: a resident's idea waits for a moderator."""

    PENDING = "pending", "Waiting for moderation"
    PUBLISHED = "published", "Published"
    HIDDEN = "hidden", "Hidden"


class Idea(OrganisationOwned):
    """An idea for the programme from a member of staff or a resident. Residents may stay anonymous: the
    public form asks for no name, e-mail or address, and none is stored."""

    code = models.CharField(max_length=30, blank=True, help_text="Given when the idea is submitted, e.g. IDEA-0007")
    title = models.CharField(max_length=200)
    description = models.TextField()
    workstream = models.ForeignKey(
        Workstream, null=True, blank=True, on_delete=models.SET_NULL, related_name="ideas",
        help_text="The workstream the idea belongs to, if known",
    )
    submitter = models.CharField(max_length=10, choices=Submitter.choices, default=Submitter.STAFF)
    submitter_role_title = models.CharField(
        max_length=200, blank=True, help_text="A role, team or service, for example “Front-line officer, Highways”",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="ideas",
        help_text="The Beacon user who submitted it; never shown on the public pages",
    )
    submitted_on = models.DateField(help_text="The day the idea was submitted")
    event = models.ForeignKey(
        "Event", null=True, blank=True, on_delete=models.SET_NULL, related_name="ideas",
        help_text="The event that produced the idea",
    )
    status = models.CharField(max_length=12, choices=IdeaStatus.choices, default=IdeaStatus.NEW)
    status_reason = models.TextField(
        blank=True, help_text="Why it was accepted or declined; a declined idea's reason is published with it",
    )
    decided_on = models.DateField(null=True, blank=True)
    project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.PROTECT, related_name="ideas",
        help_text="The project the accepted idea became: its realised savings are credited to the idea",
    )
    moderation = models.CharField(max_length=9, choices=Moderation.choices, default=Moderation.PENDING)
    public = models.BooleanField(default=False, help_text="Shown on the public pages (once published)")
    source = models.TextField(blank=True)
    illustrative = models.BooleanField(default=False)
    history = HistoricalRecords()

    public_path = "public"
    # Anyone with a role may submit an idea (viewers are staff too); the programme office reviews them.
    creator_roles = ALL_ROLES

    class Meta:
        ordering = ["organisation", "-submitted_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], condition=~models.Q(code=""),
                                    name="idea_code_unique"),
            models.CheckConstraint(condition=~models.Q(status="accepted", project__isnull=True),
                                   name="accepted_idea_has_project"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}" if self.code else self.title

    def clean(self) -> None:
        same_organisation(
            self,
            workstream=self.workstream if self.workstream_id else None,
            project=self.project if self.project_id else None,
            event=self.event if self.event_id else None,
        )
        errors: dict[str, str] = {}
        if self.status == IdeaStatus.ACCEPTED and not self.project_id:
            errors["project"] = "An accepted idea names the project it became."
        if self.status == IdeaStatus.DECLINED and not self.status_reason.strip():
            errors["status_reason"] = "Say why the idea was declined: the reason is published with it."
        if self.public and self.moderation != Moderation.PUBLISHED:
            errors["public"] = "Publish the idea (moderation) before showing it on the public pages."
        if errors:
            raise ValidationError(errors)


class IdeaVote(models.Model):
    """One signed-in user's support for an idea: one vote per person per idea."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idea_votes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["idea", "user"], name="one_vote_per_user_per_idea")]

    def __str__(self) -> str:
        return f"Vote for {self.idea_id}"


class EventKind(models.TextChoices):
    HACKATHON = "hackathon", "Hackathon"
    CONSULTATION = "consultation", "Consultation"
    STAFF_SESSION = "staff_session", "Staff engagement session"
    WORKSHOP = "workshop", "Workshop"
    OTHER = "other", "Other"


class EventStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    PLANNED = "planned", "Planned"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class Event(OrganisationOwned):
    """A hackathon, consultation or staff engagement session: when, who came (counted, not named), what came
    out of it, and the ideas it produced (``Idea.event``)."""

    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=14, choices=EventKind.choices, default=EventKind.OTHER)
    description = models.TextField(blank=True)
    date = models.DateField(null=True, blank=True, help_text="The day it starts; blank while only proposed")
    end_date = models.DateField(null=True, blank=True, help_text="For an event over several days or weeks")
    status = models.CharField(max_length=9, choices=EventStatus.choices, default=EventStatus.PROPOSED)
    audience = models.CharField(max_length=200, blank=True, help_text="For example “front-line staff, residents”")
    location = models.CharField(max_length=200, blank=True)
    programme = models.ForeignKey(Programme, null=True, blank=True, on_delete=models.PROTECT, related_name="events")
    workstream = models.ForeignKey(
        Workstream, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    participants = models.PositiveIntegerField(null=True, blank=True, help_text="How many took part")
    outcomes = models.TextField(blank=True)
    source = models.TextField(blank=True)
    public = models.BooleanField(default=False)
    illustrative = models.BooleanField(default=False)
    history = HistoricalRecords()

    public_path = "public"

    class Meta:
        ordering = ["organisation", "date", "title"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        same_organisation(
            self,
            programme=self.programme if self.programme_id else None,
            workstream=self.workstream if self.workstream_id else None,
        )
        errors: dict[str, str] = {}
        if self.end_date and not self.date:
            errors["date"] = "Enter the start date as well as the end date."
        elif self.end_date and self.date and self.end_date < self.date:
            errors["end_date"] = "The end date must be on or after the start date."
        if self.status == EventStatus.HELD and not self.date:
            errors.setdefault("date", "An event that was held has a date.")
        if self.participants is not None and self.status in (EventStatus.PROPOSED, EventStatus.CANCELLED):
            errors["participants"] = "Count participants once the event has been held."
        if errors:
            raise ValidationError(errors)


class SpatialLevel(models.TextChoices):
    """The spatial levels at which public service reform is targeted (Chorley's place-based paper)."""

    PAN_COUNTY = "pan_county", "Pan-county"
    NETWORKED_BOROUGHS = "networked_boroughs", "Networked boroughs"
    BOROUGH = "borough", "Borough"
    LOCALITY = "locality", "Locality"


class PartnershipStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ACTIVE = "active", "Active"
    ENDED = "ended", "Ended"


class Partnership(OrganisationOwned):
    """A partnership that the organisation leads or takes part in, at a spatial level, with its focus, member
    bodies, terms of reference and meeting cadence, and the programmes and boards it links to."""

    title = models.CharField(max_length=200)
    spatial_level = models.CharField(max_length=18, choices=SpatialLevel.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children",
        help_text="The wider partnership this one works within",
    )
    focus = models.TextField(blank=True, help_text="What the partnership concentrates on at its level")
    themes = models.TextField(blank=True, help_text="One theme per line")
    description = models.TextField(blank=True)
    terms_of_reference = models.TextField(blank=True)
    meeting_cadence = models.CharField(max_length=120, blank=True, help_text="For example every two months")
    chair_title = models.CharField(max_length=200, blank=True, help_text="The chair's role title")
    status = models.CharField(max_length=8, choices=PartnershipStatus.choices, default=PartnershipStatus.ACTIVE)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    funding = models.TextField(blank=True, help_text="Funding the partnership can draw on")
    programmes = models.ManyToManyField(Programme, blank=True, related_name="partnerships")
    boards = models.ManyToManyField(Board, blank=True, related_name="partnerships")
    source = models.TextField(blank=True)
    public = models.BooleanField(default=True)
    illustrative = models.BooleanField(default=False)
    history = HistoricalRecords(m2m_fields=[programmes, boards])

    public_path = "public"

    class Meta:
        ordering = ["organisation", "title"]
        constraints = [models.UniqueConstraint(fields=["organisation", "title"], name="partnership_title_unique")]

    def __str__(self) -> str:
        return self.title

    @property
    def theme_list(self) -> list[str]:
        return [line.strip() for line in self.themes.splitlines() if line.strip()]

    def clean(self) -> None:
        same_organisation(self, parent=self.parent if self.parent_id else None)
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": "A partnership cannot sit within itself."})
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The end date must be on or after the start date."})


class Sector(models.TextChoices):
    LOCAL_GOVERNMENT = "local_government", "Local government"
    HEALTH = "health", "Health and care"
    POLICE = "police", "Police"
    FIRE = "fire", "Fire and rescue"
    VOLUNTARY = "voluntary", "Voluntary, community and faith sector"
    EDUCATION = "education", "Education"
    CENTRAL_GOVERNMENT = "central_government", "Central government"
    BUSINESS = "business", "Business"
    OTHER = "other", "Other"


class PartnershipMember(OrganisationOwned):
    """A body that is a member of a partnership: a council from the register (any UK council, whether or not
    it uses Beacon) or another body by name. Recording it grants that body's users nothing."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="members")
    council = models.ForeignKey(
        Council, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="A council from the register of UK councils",
    )
    body_name = models.CharField(max_length=200, blank=True, help_text="Another body, for example a police force")
    sector = models.CharField(max_length=18, choices=Sector.choices, default=Sector.OTHER)
    role_title = models.CharField(max_length=200, blank=True, help_text="For example “Chair” or “Member”")
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    public_path = "partnership__public"

    class Meta:
        ordering = ["partnership", "order", "body_name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.council.official_name if self.council is not None else self.body_name

    def clean(self) -> None:
        same_organisation(self, partnership=self.partnership if self.partnership_id else None)
        if bool(self.council_id) == bool(self.body_name.strip()):
            raise ValidationError({"body_name": "Choose a council from the register or name another body (not both)."})


class Locality(OrganisationOwned):
    """A place a partnership works in, for example a testbed locality where new ways of working are tried."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="localities")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    testbed = models.BooleanField(default=False, help_text="Where the partnership tries new ways of working first")
    wards = models.TextField(blank=True, help_text="The wards it covers, one per line")
    population = models.PositiveIntegerField(null=True, blank=True)
    source = models.TextField(blank=True)
    illustrative = models.BooleanField(default=False)
    history = HistoricalRecords()

    public_path = "partnership__public"

    class Meta:
        ordering = ["partnership", "title"]
        verbose_name_plural = "localities"

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        same_organisation(self, partnership=self.partnership if self.partnership_id else None)


class PartnershipMilestone(OrganisationOwned):
    """A dated step in a partnership's history: formed, strategy approved, evaluated, changed."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="milestones")
    date = models.DateField()
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    source = models.TextField(blank=True)
    history = HistoricalRecords()

    public_path = "partnership__public"

    class Meta:
        ordering = ["partnership", "date", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        same_organisation(self, partnership=self.partnership if self.partnership_id else None)


class Parameter(models.TextChoices):
    """The six parameters of a target operating model (Cheshire East, Corporate Policy Committee, 2024, para 20)."""

    VALUE_PROPOSITION = "value_proposition", "Value proposition and KPIs"
    TARGET_CUSTOMERS = "target_customers", "Target customers"
    STAKEHOLDERS = "stakeholders", "Stakeholders"
    STRUCTURE = "structure", "Structure"
    CONFIGURATION = "configuration", "Configuration of services and technology"
    COST_STRUCTURE = "cost_structure", "Cost structure"


PARAMETER_QUESTIONS = {
    Parameter.VALUE_PROPOSITION: "The value proposition of what we offer, including key performance indicators",
    Parameter.TARGET_CUSTOMERS: "The target clients, customers and residents that the model is looking to address",
    Parameter.STAKEHOLDERS: "Relations with key stakeholders, including the motivations to work in partnership",
    Parameter.STRUCTURE: "The structure of the organisation, so that the core capabilities are in place to deliver",
    Parameter.CONFIGURATION: "The configuration of activities and services, and how systems are delivered through "
                             "the use and adoption of technology",
    Parameter.COST_STRUCTURE: "The overall cost and core financial structure",
}


class OperatingModelStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    AGREED = "agreed", "Agreed"
    SUPERSEDED = "superseded", "Superseded"


class OperatingModel(OrganisationOwned):
    """A service's target operating model: how it runs now (as-is) and how it should run once transformed
    (to-be), on the six parameters, linked to the projects that get it there and the KPIs that show it."""

    title = models.CharField(max_length=200)
    service = models.CharField(max_length=200, help_text="The service or directorate")
    description = models.TextField(blank=True)
    programme = models.ForeignKey(
        Programme, null=True, blank=True, on_delete=models.PROTECT, related_name="operating_models"
    )
    status = models.CharField(max_length=10, choices=OperatingModelStatus.choices,
                              default=OperatingModelStatus.DRAFT)
    owner_title = models.CharField(max_length=200, blank=True, help_text="The owner's role title")
    target_date = models.DateField(null=True, blank=True, help_text="When the to-be state should be reached")
    projects = models.ManyToManyField(Project, blank=True, related_name="operating_models")
    kpis = models.ManyToManyField(Kpi, blank=True, related_name="operating_models")
    source = models.TextField(blank=True)
    public = models.BooleanField(default=False)
    illustrative = models.BooleanField(default=False)
    history = HistoricalRecords(m2m_fields=[projects, kpis])

    public_path = "public"

    class Meta:
        ordering = ["organisation", "service", "title"]
        constraints = [models.UniqueConstraint(fields=["organisation", "title"], name="operating_model_title_unique")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        same_organisation(self, programme=self.programme if self.programme_id else None)


class OperatingModelParameter(OrganisationOwned):
    """One of the six parameters of an operating model, as it is now and as it is to be."""

    operating_model = models.ForeignKey(OperatingModel, on_delete=models.CASCADE, related_name="parameters")
    parameter = models.CharField(max_length=17, choices=Parameter.choices)
    as_is = models.TextField(blank=True, help_text="How it is now")
    to_be = models.TextField(blank=True, help_text="How it is to be")
    history = HistoricalRecords()

    public_path = "operating_model__public"

    class Meta:
        ordering = ["operating_model", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["operating_model", "parameter"], name="one_row_per_parameter")
        ]

    def __str__(self) -> str:
        return self.get_parameter_display()

    def clean(self) -> None:
        same_organisation(self, operating_model=self.operating_model if self.operating_model_id else None)
