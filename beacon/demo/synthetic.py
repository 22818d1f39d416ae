"""The synthetic council: a large, made-up organisation for ``make bench`` and for trying Beacon at scale.

Everything in it is illustrative (its name says "Synthetic"). It is deterministic: the same slug, size
and seed give the same records, titles and ratings; dates are offsets from ``today`` so that the share of
late milestones stays the same whenever it is built.

Each kind of record is one step, a method ``build_<records>`` of :class:`SyntheticCouncilBuilder`, with
its own random generator seeded from ``(seed, step name)``. A new step therefore never changes what the
earlier steps make. Rows are written with ``bulk_create`` (no history rows, no signals), so that
PRODUCT's target size builds in a few seconds.

PRODUCT section 4's target council, for N = 2,000 projects, and the steps that make it:
- programmes (3), workstreams (8 each), phases (2 each): ``build_programmes``;
- N projects with a spread of stages, ratings, confidential and public flags, leads: ``build_projects``;
- 5 milestones per project (10,000), some late: ``build_milestones``;
- an MTFS over five years, budget lines, 4 savings lines per project (8,000) with their ledger history:
  ``build_savings`` (``beacon.demo.synthetic_money``);
- a council plan (5 themes, 25 priorities) and 200 monthly KPIs x 60 periods of targets and observations, the
  same at every N: ``build_performance`` (``beacon.demo.synthetic_performance``);
- still to come, as their apps arrive: N / 2 risks (1,000). Add them as further steps at the end of ``STEPS``.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from beacon.core.models import CouncilType, Membership, Organisation, Role
from beacon.demo.synthetic_money import build_savings
from beacon.demo.synthetic_performance import build_performance
from beacon.programmes.models import (
    Confidence,
    Milestone,
    Phase,
    Programme,
    Project,
    Stage,
    WorkforceApproach,
    Workstream,
)

PASSWORD = "beacon-demo-password"
PROGRAMMES = 3
WORKSTREAMS_PER_PROGRAMME = 8
PHASES_PER_PROGRAMME = 2
MILESTONES_PER_PROJECT = 5
LEADS = 20

PROGRAMME_TITLES = [
    "Transforming Our Council",
    "Sustainable Futures",
    "Digital and Customer Access",
    "Communities First",
    "Fit for the Future",
]
WORKSTREAM_TITLES = [
    "Adult social care", "Children's services", "Customer access", "Digital and data", "Property and assets",
    "Workforce", "Commissioning and procurement", "Income and charging", "Waste and environment",
    "Highways and transport", "Housing", "Public health", "Leisure and culture", "Libraries",
    "Corporate services", "Partnerships", "Early help", "Planning and regeneration", "Revenues and benefits",
    "Climate and energy", "Community safety", "Education and skills", "Finance", "Legal and democratic",
]
ACTIONS = [
    "Redesign", "Automate", "Consolidate", "Review", "Retender", "Digitise", "Bring in-house", "Outsource",
    "Rationalise", "Modernise", "Integrate", "Commission", "Co-locate", "Reduce demand for",
]
SUBJECTS = [
    "home care packages", "the library network", "customer contact centre", "fleet management",
    "office accommodation", "council tax collection", "garden waste service", "school transport",
    "supported living", "street lighting", "agency staffing", "debt recovery", "day services",
    "residential placements", "the leisure estate", "parking enforcement", "housing repairs",
    "business rates relief", "domiciliary care", "reablement", "the depot estate", "grounds maintenance",
    "payroll and HR", "facilities management", "planning applications", "bereavement services",
]
LEAD_TITLES = [
    "Director of Adult Social Care", "Director of Children's Services", "Head of Customer Services",
    "Chief Digital Officer", "Head of Property", "Head of HR", "Head of Procurement", "Head of Finance",
    "Head of Environmental Services", "Head of Highways", "Head of Housing", "Director of Public Health",
]
MILESTONE_TITLES = [
    "Outline business case approved", "Consultation closes", "Full business case approved",
    "Go-live", "Benefits review",
]

# Weighted spreads: (value, weight).
STAGE_WEIGHTS = [
    (Stage.IDEA, 8), (Stage.HLBC, 8), (Stage.FBC, 10), (Stage.APPROVED, 12), (Stage.DELIVERY, 47),
    (Stage.CLOSED, 10), (Stage.STOPPED, 5),
]
CONFIDENCE_WEIGHTS = [
    (Confidence.GREEN, 30), (Confidence.AMBER_GREEN, 25), (Confidence.AMBER, 18), (Confidence.AMBER_RED, 10),
    (Confidence.RED, 7), ("", 10),
]
WORKFORCE_WEIGHTS = [
    (WorkforceApproach.NONE, 70), (WorkforceApproach.NATURAL_WASTAGE, 15), (WorkforceApproach.REDEPLOYMENT, 10),
    (WorkforceApproach.COMPULSORY_REDUNDANCY, 5),
]
CONFIDENTIAL_SHARE = 0.1
PUBLIC_SHARE = 0.4
LED_SHARE = 0.7
DEPENDENCY_SHARE = 0.1
# A milestone whose due date has passed is done, except this share, which is late.
LATE_SHARE = 0.2


def weighted(rng: random.Random, spread: list[tuple[Any, int]]) -> Any:
    values, weights = zip(*spread, strict=True)
    return rng.choices(values, weights=weights)[0]


@dataclass
class SyntheticCouncilBuilder:
    """Builds one synthetic council; each ``build_<records>`` step adds one kind of record."""

    slug: str
    projects: int
    seed: int = 42
    today: dt.date = field(default_factory=timezone.localdate)

    organisation: Organisation = field(init=False)
    users: dict[str, Any] = field(init=False, default_factory=dict)
    leads: list[Any] = field(init=False, default_factory=list)
    programme_rows: list[Programme] = field(init=False, default_factory=list)
    workstream_rows: list[Workstream] = field(init=False, default_factory=list)
    phase_rows: list[Phase] = field(init=False, default_factory=list)
    project_rows: list[Project] = field(init=False, default_factory=list)

    STEPS = ("organisation", "users", "programmes", "projects", "milestones", "savings", "performance")

    def rng(self, step: str) -> random.Random:
        """A generator for one step, so that adding a step never changes what the others make."""
        return random.Random(f"{self.seed}:{step}")

    def build(self) -> Organisation:
        if Organisation.objects.filter(slug=self.slug).exists():
            raise ValueError(f"An organisation with the slug {self.slug!r} already exists.")
        with transaction.atomic():
            for step in self.STEPS:
                getattr(self, f"build_{step}")()
        return self.organisation

    def days(self, offset: int) -> dt.date:
        return self.today + dt.timedelta(days=offset)

    # Steps ------------------------------------------------------------------------------------------------

    def build_organisation(self) -> None:
        self.organisation = Organisation.objects.create(
            name=f"Synthetic Borough Council ({self.slug})",
            slug=self.slug,
            council_type=CouncilType.UNITARY,
        )

    def build_users(self) -> None:
        """A user for each role (``<slug>-programme``, ``<slug>-finance``, ...) and ``LEADS`` project leads
        (``<slug>-lead-01``, ...), all with the demo password (hashed once: hashing is slow on purpose)."""
        user_model = get_user_model()
        password = make_password(PASSWORD)
        roles = {f"{self.slug}-{role.value}": role.value for role in Role if role != Role.LEAD}
        roles.update({f"{self.slug}-lead-{number:02d}": Role.LEAD.value for number in range(1, LEADS + 1)})
        existing = {user.username: user for user in user_model.objects.filter(username__in=list(roles))}
        user_model.objects.bulk_create(
            [user_model(username=name, password=password) for name in roles if name not in existing]
        )
        by_name = {user.username: user for user in user_model.objects.filter(username__in=list(roles))}
        Membership.objects.bulk_create(
            [
                Membership(user=by_name[name], organisation=self.organisation, role=role,
                           job_title=f"Synthetic {Role(role).label.lower()}")
                for name, role in roles.items()
            ]
        )
        self.users = {role: by_name[name] for name, role in roles.items() if role != Role.LEAD}
        self.leads = [by_name[name] for name, role in roles.items() if role == Role.LEAD]

    def build_programmes(self) -> None:
        rng = self.rng("programmes")
        org = self.organisation
        self.programme_rows = Programme.objects.bulk_create(
            [
                Programme(
                    organisation=org, code=f"PRG{number}", title=title,
                    description=f"Illustrative programme {number} of a synthetic council.",
                    start_date=self.days(-rng.randint(365, 730)), end_date=self.days(rng.randint(365, 1095)),
                    board="Transformation Board", public=True, source="Synthetic data for testing at scale.",
                )
                for number, title in enumerate(rng.sample(PROGRAMME_TITLES, PROGRAMMES), start=1)
            ]
        )
        titles = rng.sample(WORKSTREAM_TITLES, len(WORKSTREAM_TITLES))
        workstreams, phases = [], []
        for p, programme in enumerate(self.programme_rows):
            for w in range(WORKSTREAMS_PER_PROGRAMME):
                workstreams.append(
                    Workstream(
                        organisation=org, programme=programme, code=f"{programme.code}-W{w + 1}",
                        title=titles[(p * WORKSTREAMS_PER_PROGRAMME + w) % len(titles)],
                        lead_title=rng.choice(LEAD_TITLES), order=w + 1,
                    )
                )
            for number in range(1, PHASES_PER_PROGRAMME + 1):
                phases.append(
                    Phase(
                        organisation=org, programme=programme, title=f"Phase {number}", order=number,
                        start_date=programme.start_date if number == 1 else self.days(0),
                        end_date=self.days(0) if number == 1 else programme.end_date,
                    )
                )
        self.workstream_rows = Workstream.objects.bulk_create(workstreams)
        self.phase_rows = Phase.objects.bulk_create(phases)

    def build_projects(self) -> None:
        rng = self.rng("projects")
        org = self.organisation
        phases_of: dict[int, list[Phase]] = {}
        for phase in self.phase_rows:
            phases_of.setdefault(phase.programme_id, []).append(phase)
        rows = []
        for number in range(1, self.projects + 1):
            workstream = rng.choice(self.workstream_rows)
            stage = weighted(rng, STAGE_WEIGHTS)
            confidence = weighted(rng, CONFIDENCE_WEIGHTS)
            confidential = rng.random() < CONFIDENTIAL_SHARE
            lead = rng.choice(self.leads) if rng.random() < LED_SHARE else None
            start = self.days(rng.randint(-720, 180))
            title = f"{rng.choice(ACTIONS)} {rng.choice(SUBJECTS)}"
            commentary = f"{'Confidential: ' if confidential else ''}{title} is rated {confidence or 'not rated'}."
            rows.append(
                Project(
                    organisation=org, programme_id=workstream.programme_id, workstream=workstream,
                    phase=rng.choice(phases_of[workstream.programme_id]), code=f"SYN-{number:04d}", title=title,
                    description=f"Illustrative project: {title.lower()} across the borough.",
                    stage=stage, delivery_confidence=confidence, status_commentary=commentary,
                    confidential=confidential, public=rng.random() < PUBLIC_SHARE,
                    key_decision=rng.random() < 0.15, lead=lead,
                    lead_title=rng.choice(LEAD_TITLES) if lead else "",
                    start_date=start, end_date=start + dt.timedelta(days=rng.randint(90, 900)),
                    fte_change=round(rng.uniform(-25, 5), 1) if rng.random() < 0.3 else None,
                    workforce_approach=weighted(rng, WORKFORCE_WEIGHTS),
                    update_due=self.days(rng.randint(-30, 60)),
                    source="Synthetic data for testing at scale.",
                )
            )
        self.project_rows = Project.objects.bulk_create(rows)
        through = Project.dependencies.through
        dependencies = {
            (project.pk, rng.choice(self.project_rows).pk)
            for project in self.project_rows
            if rng.random() < DEPENDENCY_SHARE
        }
        through.objects.bulk_create(
            [through(from_project_id=a, to_project_id=b) for a, b in sorted(dependencies) if a != b]
        )

    def build_milestones(self) -> None:
        rng = self.rng("milestones")
        rows = []
        for project in self.project_rows:
            assert project.start_date and project.end_date
            span = (project.end_date - project.start_date).days
            for step, title in enumerate(MILESTONE_TITLES[:MILESTONES_PER_PROJECT]):
                due = project.start_date + dt.timedelta(days=span * (step + 1) // MILESTONES_PER_PROJECT)
                done = due < self.today and rng.random() >= LATE_SHARE
                actual = due + dt.timedelta(days=rng.randint(-10, 20)) if done else None
                rows.append(
                    Milestone(
                        organisation_id=self.organisation.pk, project_id=project.pk, title=title, due_date=due,
                        actual_date=min(actual, self.today) if actual else None,
                    )
                )
        Milestone.objects.bulk_create(rows)

    def build_savings(self) -> None:
        build_savings(self, self.rng("savings"))

    def build_performance(self) -> None:
        build_performance(self, self.rng("performance"))


def build_synthetic_council(slug: str, projects: int, seed: int = 42, *, today: dt.date | None = None) -> Organisation:
    """Build a synthetic council of ``projects`` projects under ``slug``; the same arguments give the same
    council. Its users are ``<slug>-<role>`` (e.g. ``<slug>-programme``) and ``<slug>-lead-01`` ...
    Raises ``ValueError`` if the slug is taken."""
    builder = SyntheticCouncilBuilder(slug=slug, projects=projects, seed=seed)
    if today is not None:
        builder.today = today
    return builder.build()
