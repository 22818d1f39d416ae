"""The synthetic council of ``make bench``: its size, its determinism, and that its programme manager can
use it."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from beacon.core.models import Membership, Role
from beacon.demo.synthetic import MILESTONES_PER_PROJECT, PROGRAMMES, WORKSTREAMS_PER_PROGRAMME, build_synthetic_council
from beacon.programmes.models import Milestone, Programme, Project, Workstream

TODAY = dt.date(2025, 6, 1)


def fingerprint(slug: str) -> list[tuple]:
    return list(
        Project.objects.filter(organisation__slug=slug)
        .order_by("code")
        .values_list("code", "title", "stage", "delivery_confidence", "confidential", "public", "start_date")
    )


@pytest.mark.django_db
def test_builds_the_requested_size():
    org = build_synthetic_council("synthetic", 30, today=TODAY)
    assert Programme.objects.filter(organisation=org).count() == PROGRAMMES
    assert Workstream.objects.filter(organisation=org).count() == PROGRAMMES * WORKSTREAMS_PER_PROGRAMME
    assert Project.objects.filter(organisation=org).count() == 30
    assert Milestone.objects.filter(organisation=org).count() == 30 * MILESTONES_PER_PROJECT
    assert Milestone.objects.filter(organisation=org).late(TODAY).exists()
    assert Membership.objects.get(organisation=org, user__username="synthetic-programme").role == Role.PROGRAMME
    # a spread, not one value
    assert Project.objects.filter(organisation=org).values("stage").distinct().count() > 2
    assert Project.objects.filter(organisation=org).values("delivery_confidence").distinct().count() > 2


@pytest.mark.django_db
def test_same_seed_same_council_and_another_seed_another():
    build_synthetic_council("first", 30, seed=7, today=TODAY)
    build_synthetic_council("second", 30, seed=7, today=TODAY)
    build_synthetic_council("third", 30, seed=8, today=TODAY)
    assert fingerprint("first") == fingerprint("second")
    assert fingerprint("first") != fingerprint("third")


@pytest.mark.django_db
def test_a_taken_slug_is_refused():
    build_synthetic_council("synthetic", 3)
    with pytest.raises(ValueError, match="already exists"):
        build_synthetic_council("synthetic", 3)


@pytest.mark.django_db
def test_the_programme_manager_reads_its_dashboard_and_projects(client):
    call_command("synthesise", organisation="synthetic", projects=30, stdout=io.StringIO())
    client.force_login(get_user_model().objects.get(username="synthetic-programme"))
    assert client.get(reverse("home:dashboard", kwargs={"org": "synthetic"})).status_code == 200
    response = client.get(reverse("programmes:project-list", kwargs={"org": "synthetic"}))
    assert response.status_code == 200
    assert response.context["paginator"].count == 30
