"""Freshness of KPIs (PRODUCT C4): a KPI whose next figure is overdue is flagged on the KPI list, on its page
and on the dashboard, and its owner is reminded by e-mail (``beacon remind_kpis``).

The rule:

- A KPI's next figure is for the period after its latest observation. It is due ``reporting_lag_days`` after
  that period ends; the KPI is **overdue** once that due date has passed (the period ended *more than*
  ``reporting_lag_days`` ago).
- A KPI with **no observation** at all is due its first figure for the period in which it was added to Beacon:
  it is overdue once ``reporting_lag_days`` have passed since that period ended. (A KPI set up on 10 May 2024,
  quarterly, with the default 30 days, owes the 2024/25 Q1 figure by 30 July 2024.) So a new KPI is not flagged
  on the day it is added, yet one that never receives a figure is not left unflagged for ever.
- An **archived** KPI is never overdue.

``overdue_q`` says the same as ``due_date`` / ``is_overdue`` as a query condition, so that a list's filter,
the dashboard's count and the reminders agree with the flag on a KPI's page. Because the due date depends on
each KPI's frequency and lag, the condition is built for the (frequency, lag) pairs in use: one small query.

Who is reminded: the KPI's owner, if they are a Beacon user with an e-mail address. A KPI with no such owner
goes to its organisation's programme managers, so that nothing overdue is left with nobody to chase it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core import mail
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone

from beacon.core.models import Organisation
from beacon.core.templatetags.govuk import govuk_date
from beacon.performance.models import Kpi, Observation
from beacon.performance.periods import next_period, period_end, period_label, period_start_of, previous_period
from beacon.programmes.freshness import programme_managers


@dataclass(frozen=True)
class Due:
    """The figure a KPI owes next: its period and the date by which it is due."""

    period_start: dt.date
    label: str
    due: dt.date


def next_due(frequency: str, lag_days: int, latest: dt.date | None, created: dt.date) -> Due:
    """The next figure a KPI owes: for the period after ``latest``, or, with no observation yet, for the
    period holding ``created`` (the day the KPI was added)."""
    start = next_period(frequency, latest) if latest is not None else period_start_of(frequency, created)
    return Due(start, period_label(frequency, start), period_end(frequency, start) + dt.timedelta(days=lag_days))


def is_overdue(due: Due, today: dt.date, *, archived: bool = False) -> bool:
    """Overdue: the figure's due date has passed (today is after it), and the KPI is not archived."""
    return not archived and due.due < today


def days_overdue(due: Due, today: dt.date) -> int:
    return max((today - due.due).days, 0)


def kpi_due(kpi: Kpi, latest: dt.date | None) -> Due:
    return next_due(kpi.frequency, kpi.reporting_lag_days, latest, timezone.localdate(kpi.created_at))


def overdue_q(pairs: Iterable[tuple[str, int]], today: dt.date) -> Q:
    """``is_overdue`` as a condition on KPIs annotated with ``latest_period`` (``with_latest_period``), for the
    (frequency, reporting_lag_days) ``pairs`` in use.

    For one pair, with D = today - lag: the figure after ``latest`` is overdue when the period after ``latest``
    ends before D, that is when ``latest`` is before the period before the one holding D; with no observation,
    when the KPI was added before the period holding D began.
    """
    condition = Q(pk__in=[])
    for frequency, lag in set(pairs):
        start_holding_d = period_start_of(frequency, today - dt.timedelta(days=lag))
        condition |= Q(frequency=frequency, reporting_lag_days=lag) & (
            Q(latest_period__lt=previous_period(frequency, start_holding_d))
            | Q(latest_period__isnull=True, created_at__lt=_start_of_day(start_holding_d))
        )
    return condition & Q(archived=False)


def _start_of_day(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def with_latest_period(kpis: QuerySet[Kpi]) -> QuerySet[Kpi]:
    """Each KPI's latest observed period, read from the (kpi, period_start) index one KPI at a time rather than
    by grouping every observation: the dashboard asks this of every KPI of a council."""
    latest = Observation.objects.filter(kpi=OuterRef("pk")).order_by("-period_start").values("period_start")[:1]
    return kpis.annotate(latest_period=Subquery(latest))


def overdue(kpis: QuerySet[Kpi], today: dt.date | None = None) -> QuerySet[Kpi]:
    """The overdue KPIs of ``kpis``, annotated with ``latest_period``. Two queries when evaluated."""
    today = today or timezone.localdate()
    pairs = list(kpis.order_by().values_list("frequency", "reporting_lag_days").distinct())
    return with_latest_period(kpis).filter(overdue_q(pairs, today))


def not_overdue(kpis: QuerySet[Kpi], today: dt.date | None = None) -> QuerySet[Kpi]:
    today = today or timezone.localdate()
    pairs = list(kpis.order_by().values_list("frequency", "reporting_lag_days").distinct())
    return with_latest_period(kpis).exclude(overdue_q(pairs, today))


# Reminders ------------------------------------------------------------------------------------------------


@dataclass
class KpiReminder:
    """One e-mail: a recipient and the overdue KPIs they are reminded of."""

    recipient: Any
    owned: list[Kpi] = field(default_factory=list)
    unowned: list[Kpi] = field(default_factory=list)

    @property
    def kpis(self) -> list[Kpi]:
        return [*self.owned, *self.unowned]


@dataclass
class KpiReminderRun:
    reminders: list[KpiReminder]
    overdue_count: int
    unreachable: list[Kpi]
    sent: int = 0


def plan_kpi_reminders(kpis: Iterable[Kpi], managers: dict[int, list[Any]]) -> tuple[list[KpiReminder], list[Kpi]]:
    """One reminder per recipient: the owner if they have an e-mail address, else the programme managers."""
    by_user: dict[int, KpiReminder] = {}
    unreachable: list[Kpi] = []
    for kpi in kpis:
        owner = kpi.owner
        if owner is not None and owner.email:
            by_user.setdefault(owner.pk, KpiReminder(owner)).owned.append(kpi)
            continue
        recipients = managers.get(kpi.organisation_id, [])
        if not recipients:
            unreachable.append(kpi)
        for manager in recipients:
            by_user.setdefault(manager.pk, KpiReminder(manager)).unowned.append(kpi)
    return sorted(by_user.values(), key=lambda reminder: reminder.recipient.email), unreachable


def _line(kpi: Kpi, today: dt.date, base_url: str) -> str:
    due = kpi_due(kpi, getattr(kpi, "latest_period", None))
    days = days_overdue(due, today)
    link = base_url.rstrip("/") + reverse(
        "performance:kpi-detail", kwargs={"org": kpi.organisation.slug, "pk": kpi.pk}
    )
    return (
        f"- {kpi} ({kpi.organisation.name}): the figure for {due.label} was due by {govuk_date(due.due)}, "
        f"{days} day{'s' if days != 1 else ''} overdue\n  {link}"
    )


def kpi_reminder_email(reminder: KpiReminder, today: dt.date, base_url: str) -> mail.EmailMessage:
    user = reminder.recipient
    count = len(reminder.kpis)
    parts = [f"Hello {user.get_full_name() or user.username},", ""]
    if reminder.owned:
        parts += ["These KPIs you own are due a figure in Beacon:", ""]
        parts += [_line(kpi, today, base_url) for kpi in reminder.owned] + [""]
    if reminder.unowned:
        parts += ["These KPIs have no owner to remind, so they come to you as programme manager:", ""]
        parts += [_line(kpi, today, base_url) for kpi in reminder.unowned] + [""]
    parts += ["Please record the figure (an observation) for each period on the KPI's page.", "", "Beacon"]
    subject = f"Beacon: {count} KPI{'s' if count != 1 else ''} overdue for a figure"
    return mail.EmailMessage(subject, "\n".join(parts), settings.DEFAULT_FROM_EMAIL, [user.email])


def send_kpi_reminders(
    *, organisation: Organisation | None = None, today: dt.date | None = None, dry_run: bool = False,
    base_url: str = "http://127.0.0.1:8000",
) -> KpiReminderRun:
    """E-mail every owner of an overdue KPI one message listing them all (nothing is sent when ``dry_run``)."""
    today = today or timezone.localdate()
    kpis = Kpi.objects.all()
    if organisation is not None:
        kpis = kpis.filter(organisation=organisation)
    found = list(
        overdue(kpis, today).select_related("owner", "organisation").order_by("organisation__name", "code", "pk")
    )
    managers = programme_managers({kpi.organisation_id for kpi in found})
    reminders, unreachable = plan_kpi_reminders(found, managers)
    run = KpiReminderRun(reminders=reminders, overdue_count=len(found), unreachable=unreachable)
    if not dry_run and reminders:
        messages = [kpi_reminder_email(reminder, today, base_url) for reminder in reminders]
        with mail.get_connection() as connection:
            run.sent = connection.send_messages(messages) or 0
    return run


# The dashboard ---------------------------------------------------------------------------------------------


@dataclass
class OverdueKpi:
    kpi: Kpi
    due: Due
    days_overdue: int


def longest_overdue(kpis: QuerySet[Kpi], today: dt.date | None = None, limit: int = 10) -> tuple[list[OverdueKpi], int]:
    """The ``limit`` longest overdue of ``kpis`` (with their owners) and how many are overdue in all: three
    queries, whatever the number of KPIs."""
    today = today or timezone.localdate()
    late = overdue(kpis, today)
    count = late.count()
    if not count:
        return [], 0
    found = [
        OverdueKpi(kpi, due, days_overdue(due, today))
        for kpi in late.select_related("owner").order_by("code", "pk")
        for due in [kpi_due(kpi, getattr(kpi, "latest_period", None))]
    ]
    found.sort(key=lambda item: (-item.days_overdue, item.kpi.code))
    return found[:limit], count
