"""Freshness of KPIs: when the next figure is due, the edges of "overdue" (the due date itself is not overdue),
a KPI with no figure yet, archived KPIs never; the query condition agrees with the rule for every frequency and
lag; and `beacon remind_kpis` e-mails each owner their overdue KPIs (programme managers those with no owner)."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from beacon.core.models import Role
from beacon.performance.freshness import days_overdue, is_overdue, next_due, overdue, send_kpi_reminders
from beacon.performance.models import Kpi
from beacon.performance.periods import add_months
from beacon.testing import factories as f

Q1 = dt.date(2024, 4, 1)


@pytest.mark.parametrize(("frequency", "latest", "lag", "label", "due"), [
    ("quarterly", dt.date(2024, 4, 1), 30, "2024/25 Q2", dt.date(2024, 10, 30)),
    ("quarterly", dt.date(2025, 1, 1), 30, "2025/26 Q1", dt.date(2025, 7, 30)),
    ("monthly", dt.date(2024, 12, 1), 10, "January 2025", dt.date(2025, 2, 10)),
    ("monthly", dt.date(2024, 1, 1), 0, "February 2024", dt.date(2024, 2, 29)),
    ("annual", dt.date(2023, 4, 1), 90, "2024/25", dt.date(2025, 6, 29)),
])
def test_next_due_is_the_period_after_the_latest_plus_the_lag(frequency: str, latest: dt.date, lag: int,
                                                              label: str, due: dt.date) -> None:
    next_figure = next_due(frequency, lag, latest, dt.date(2020, 1, 1))
    assert (next_figure.label, next_figure.due) == (label, due)


def test_with_no_figure_the_first_is_due_for_the_period_the_kpi_was_added_in() -> None:
    first = next_due("quarterly", 30, None, dt.date(2024, 5, 10))
    assert (first.label, first.due) == ("2024/25 Q1", dt.date(2024, 7, 30))


@pytest.mark.parametrize(("today", "expected"), [
    (dt.date(2024, 10, 29), False),
    (dt.date(2024, 10, 30), False),  # the due date itself: not yet overdue
    (dt.date(2024, 10, 31), True),
])
def test_overdue_edges(today: dt.date, expected: bool) -> None:
    due = next_due("quarterly", 30, Q1, Q1)
    assert is_overdue(due, today) is expected
    assert is_overdue(due, today, archived=True) is False


def test_days_overdue() -> None:
    due = next_due("quarterly", 30, Q1, Q1)
    assert days_overdue(due, dt.date(2024, 11, 9)) == 10
    assert days_overdue(due, dt.date(2024, 10, 1)) == 0


@pytest.mark.django_db
@pytest.mark.parametrize("frequency", ["monthly", "quarterly", "annual"])
@pytest.mark.parametrize("lag", [0, 1, 30, 45])
def test_the_query_agrees_with_the_rule(frequency: str, lag: int) -> None:
    """For latest periods around today, and for KPIs with no figure added on days around the due date, the
    ``overdue`` queryset holds exactly the KPIs that ``is_overdue`` flags."""
    organisation = f.OrganisationFactory()
    today = dt.date(2025, 3, 10)
    expected: set[int] = set()
    start = {"monthly": dt.date(2023, 10, 1), "quarterly": dt.date(2023, 1, 1), "annual": dt.date(2020, 4, 1)}
    step = {"monthly": 1, "quarterly": 3, "annual": 12}[frequency]
    for index in range(12):
        latest = add_months(start[frequency], index * step)
        kpi = f.KpiFactory(organisation=organisation, frequency=frequency, reporting_lag_days=lag)
        f.ObservationFactory(kpi=kpi, period_start=latest)
        if is_overdue(next_due(frequency, lag, latest, today), today):
            expected.add(kpi.pk)
    for days_ago in (0, 20, 40, 80, 100, 200, 400, 800):
        kpi = f.KpiFactory(organisation=organisation, frequency=frequency, reporting_lag_days=lag)
        added = today - dt.timedelta(days=days_ago)
        Kpi.objects.filter(pk=kpi.pk).update(
            created_at=timezone.make_aware(dt.datetime.combine(added, dt.time(12)))
        )
        if is_overdue(next_due(frequency, lag, None, added), today):
            expected.add(kpi.pk)
    found = set(overdue(Kpi.objects.filter(organisation=organisation), today).values_list("pk", flat=True))
    assert found == expected
    assert expected  # the case is not empty


@pytest.mark.django_db
def test_archived_kpis_are_never_overdue() -> None:
    kpi = f.KpiFactory(archived=True)
    f.ObservationFactory(kpi=kpi, period_start=dt.date(2015, 4, 1))
    assert not overdue(Kpi.objects.all(), dt.date(2025, 1, 1)).exists()


# Reminders -------------------------------------------------------------------------------------------------------


@pytest.fixture
def council(db: Any) -> dict[str, Any]:
    organisation = f.OrganisationFactory(name="Chorley Council", slug="chorley")
    owner = f.UserFactory(username="owner", email="owner@example.gov.uk", first_name="Olu", last_name="Owner")
    manager = f.UserFactory(username="manager", email="pm@example.gov.uk")
    f.MembershipFactory(user=owner, organisation=organisation, role=Role.LEAD)
    f.MembershipFactory(user=manager, organisation=organisation, role=Role.PROGRAMME)
    late = f.KpiFactory(organisation=organisation, code="LATE", title="Late KPI", owner=owner)
    f.ObservationFactory(kpi=late, period_start=Q1)
    unowned = f.KpiFactory(organisation=organisation, code="ORPHAN", title="Nobody's KPI")
    f.ObservationFactory(kpi=unowned, period_start=Q1)
    fresh = f.KpiFactory(organisation=organisation, code="FRESH", title="Fresh KPI", owner=owner,
                         reporting_lag_days=3650)
    f.ObservationFactory(kpi=fresh, period_start=dt.date(2024, 10, 1))
    archived = f.KpiFactory(organisation=organisation, code="OLD", title="Archived KPI", owner=owner, archived=True)
    f.ObservationFactory(kpi=archived, period_start=Q1)
    return {"organisation": organisation, "owner": owner, "manager": manager, "late": late}


def test_reminders_go_to_owners_and_programme_managers(council: dict[str, Any]) -> None:
    run = send_kpi_reminders(today=dt.date(2024, 12, 1), base_url="https://beacon.example.gov.uk")
    assert run.overdue_count == 2 and run.sent == 2 and run.unreachable == []
    by_recipient = {message.to[0]: message for message in mail.outbox}
    owner_mail = by_recipient["owner@example.gov.uk"]
    assert owner_mail.subject == "Beacon: 1 KPI overdue for a figure"
    assert "Hello Olu Owner," in owner_mail.body
    assert "LATE Late KPI (Chorley Council): the figure for 2024/25 Q2 was due by 30 October 2024, " \
           "32 days overdue" in owner_mail.body
    assert f"https://beacon.example.gov.uk/org/chorley/performance/kpis/{council['late'].pk}/" in owner_mail.body
    assert "Fresh KPI" not in owner_mail.body and "Archived KPI" not in owner_mail.body
    manager_mail = by_recipient["pm@example.gov.uk"]
    assert "no owner to remind" in manager_mail.body and "ORPHAN Nobody's KPI" in manager_mail.body


def test_a_dry_run_sends_nothing(council: dict[str, Any]) -> None:
    run = send_kpi_reminders(today=dt.date(2024, 12, 1), dry_run=True)
    assert len(run.reminders) == 2 and run.sent == 0 and mail.outbox == []


def test_nobody_to_remind(db: Any) -> None:
    kpi = f.KpiFactory(code="LONELY")
    f.ObservationFactory(kpi=kpi, period_start=Q1)
    run = send_kpi_reminders(today=dt.date(2025, 1, 1))
    assert run.unreachable == [kpi] and mail.outbox == []


def test_the_command(council: dict[str, Any]) -> None:
    out, err = StringIO(), StringIO()
    call_command("remind_kpis", "--organisation", "chorley", stdout=out, stderr=err)
    assert len(mail.outbox) == 2
    assert "E-mailed owner@example.gov.uk: 1 overdue KPI" in out.getvalue()
    assert "2 overdue KPIs; 2 e-mails sent; 0 with nobody to remind." in out.getvalue()
    out = StringIO()
    call_command("remind_kpis", "--dry-run", stdout=out)
    assert "Would e-mail pm@example.gov.uk" in out.getvalue() and len(mail.outbox) == 2
    with pytest.raises(CommandError, match="No organisation"):
        call_command("remind_kpis", "--organisation", "nowhere")


# The dashboard ---------------------------------------------------------------------------------------------------


def test_the_dashboard_lists_overdue_kpis_beside_stale_projects(world: Any, login: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(world.users["viewer"])
    client.get("/org/home/")
    with CaptureQueriesContext(connection) as few:
        page = client.get("/org/home/").content.decode()
    assert "KPIs overdue for a figure" in page
    assert "1 KPI is overdue for a figure" in page  # the public KPI; the confidential one is not the viewer's
    assert "PUB-KPI Residents satisfied with services" in page and "Secret agency" not in page
    assert "2024/25 Q2, by 30 October 2024" in page
    for index in range(12):
        kpi = f.KpiFactory(organisation=world.home, code=f"LATE-{index:02d}")
        f.ObservationFactory(kpi=kpi, period_start=Q1)
    with CaptureQueriesContext(connection) as many:
        page = client.get("/org/home/").content.decode()
    assert "13 KPIs are overdue for a figure. The 10 longest overdue are shown." in page
    assert len(many) == len(few)
    lead_page = login(world.users["lead"]).get("/org/home/").content.decode()
    assert "Secret agency staff spend" in lead_page
