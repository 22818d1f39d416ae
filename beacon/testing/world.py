"""A small world for permission tests: two councils, a user for every role in the first, an outsider who
is programme manager of the second only (like the demo's ``chorley-only``), and records of every kind,
including a confidential project led by the project lead and a public one."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, cast

from django.db import transaction

from beacon.core.models import Organisation, Role
from beacon.testing import factories as f

ROLES = [role.value for role in Role]


@dataclass
class World:
    home: Organisation
    other: Organisation
    users: dict[str, Any] = field(default_factory=dict)
    records: dict[str, Any] = field(default_factory=dict)


def build_world() -> World:
    home = cast(Organisation, f.OrganisationFactory(name="Home Council", slug="home"))
    other = cast(Organisation, f.OrganisationFactory(name="Other Council", slug="other"))
    world = World(home=home, other=other)
    for role in ROLES:
        user = f.UserFactory(username=role)
        f.MembershipFactory(user=user, organisation=home, role=role)
        world.users[role] = user
    outsider = f.UserFactory(username="outsider")
    f.MembershipFactory(user=outsider, organisation=other, role=Role.PROGRAMME)
    world.users["outsider"] = outsider

    programme = f.ProgrammeFactory(organisation=home, title="Home Transformation Programme")
    workstream = f.WorkstreamFactory(programme=programme, title="Digital")
    phase = f.PhaseFactory(programme=programme, title="Phase 1")
    public = f.ProjectFactory(programme=programme, workstream=workstream, title="Public library remodel",
                              public=True, code="PUB-1")
    plain = f.ProjectFactory(programme=programme, workstream=workstream, title="Ordinary internal project",
                             code="INT-1")
    secret = f.ProjectFactory(programme=programme, workstream=workstream, title="Secret depot closure",
                              confidential=True, public=True, lead=world.users["lead"], code="CONF-1",
                              status_commentary="Exempt: negotiations with the union")
    led = f.ProjectFactory(programme=programme, title="Lead's open project", lead=world.users["lead"], code="LEAD-1")
    milestone = f.MilestoneFactory(project=plain, title="Ordinary milestone")
    secret_milestone = f.MilestoneFactory(project=secret, title="Secret milestone",
                                          due_date=dt.date.today() - dt.timedelta(days=3))
    led_milestone = f.MilestoneFactory(project=led, title="Lead milestone")
    public_kpi = f.KpiFactory(organisation=home, code="PUB-KPI", title="Residents satisfied with services", public=True)
    plain_kpi = f.KpiFactory(organisation=home, code="INT-KPI", title="Internal sickness absence days")
    secret_kpi = f.KpiFactory(organisation=home, code="CONF-KPI", title="Secret agency staff spend",
                              public=True, confidential=True, owner=world.users["lead"])
    led_kpi = f.KpiFactory(organisation=home, code="LEAD-KPI", title="Lead's open KPI", owner=world.users["lead"])
    public_observation = f.ObservationFactory(kpi=public_kpi, value=71, note="Residents' survey")
    secret_observation = f.ObservationFactory(kpi=secret_kpi, value=12, note="Secret agency note")
    public_target = f.KpiTargetFactory(kpi=public_kpi, value=75, tolerance=5)
    secret_target = f.KpiTargetFactory(kpi=secret_kpi, value=10)
    board = f.BoardFactory(organisation=home, title="Home Cabinet")
    meeting = f.MeetingFactory(board=board)
    public_decision = f.DecisionFactory(organisation=home, title="Adopt the transformation strategy",
                                        decision_maker=board)
    secret_decision = f.DecisionFactory(organisation=home, title="Secret depot sale", confidential=True,
                                        exempt_paragraph="Paragraph 3", reasons="Secret sale price")
    public_risk = f.RiskFactory(organisation=home, code="PUB-R", title="Ability to achieve change", public=True)
    plain_risk = f.RiskFactory(organisation=home, code="INT-R", title="Internal capacity risk")
    secret_risk = f.RiskFactory(organisation=home, code="CONF-R", title="Secret union dispute risk", public=True,
                                confidential=True, owner=world.users["lead"])
    secret_assessment = f.EqualityAssessmentFactory(project=secret, title="Secret depot equality assessment",
                                                    confidential=True, public=True)
    other_programme = f.ProgrammeFactory(organisation=other, title="Other Programme")
    other_project = f.ProjectFactory(programme=other_programme, title="Other council's project", code="OTH-1")
    other_workstream = f.WorkstreamFactory(programme=other_programme, title="Other workstream")
    other_milestone = f.MilestoneFactory(project=other_project, title="Other milestone")
    other_kpi = f.KpiFactory(organisation=other, code="OTH-KPI", title="Other council's KPI")
    world.records.update(
        programme=programme, workstream=workstream, phase=phase, public=public, plain=plain, secret=secret,
        led=led, milestone=milestone, secret_milestone=secret_milestone, led_milestone=led_milestone,
        other_programme=other_programme, other_project=other_project, other_workstream=other_workstream,
        other_milestone=other_milestone,
        public_kpi=public_kpi, plain_kpi=plain_kpi, secret_kpi=secret_kpi, led_kpi=led_kpi,
        public_observation=public_observation, secret_observation=secret_observation,
        public_target=public_target, secret_target=secret_target, other_kpi=other_kpi,
        board=board, meeting=meeting, public_decision=public_decision, secret_decision=secret_decision,
        public_risk=public_risk, plain_risk=plain_risk, secret_risk=secret_risk,
        secret_assessment=secret_assessment,
    )
    return world


@contextlib.contextmanager
def world_for_a_module(django_db_blocker: Any, extend: Callable[[World], None] | None = None) -> Iterator[World]:
    """The world (and what ``extend`` adds to it) built once for a module of many tests that only read it or
    whose writes may be undone: for a module-scoped fixture. It is built inside a transaction that is rolled
    back when the module is done; each test runs in its own savepoint within it (pytest-django's ``db``), rolled
    back after the test, so what one test writes never reaches the next."""
    from beacon.core.models import FinancialYear
    from beacon.core.money import load_financial_years

    with django_db_blocker.unblock(), transaction.atomic():
        if not FinancialYear.objects.exists():  # (a browser test's flush empties reference data too)
            load_financial_years(FinancialYear)
        world = build_world()
        if extend is not None:
            extend(world)
        yield world
        transaction.set_rollback(True)
