"""Freshness (PRODUCT C2): a project is stale when its next update was due before today and it is still open
(not closed or stopped). Stale projects are flagged on the dashboard and their owners reminded by e-mail.

Who is reminded: the project's lead (a Beacon user with an e-mail address); a project with no such lead goes
to its organisation's programme managers, so that nothing stale is left with nobody to chase it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core import mail
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from beacon.core.models import Membership, Organisation, Role
from beacon.core.templatetags.govuk import govuk_date
from beacon.programmes.models import Project, Stage

FINISHED = (Stage.CLOSED, Stage.STOPPED)


def is_stale(update_due: dt.date | None, stage: str, today: dt.date) -> bool:
    """Stale: an update was due before today, and the project is neither closed nor stopped."""
    return bool(update_due and update_due < today and stage not in FINISHED)


def days_overdue(update_due: dt.date | None, today: dt.date) -> int:
    """How many days ago the update was due (0 when it is not yet due, or no date is set)."""
    return max((today - update_due).days, 0) if update_due else 0


def stale_q(today: dt.date) -> Q:
    """``is_stale`` as a query condition, so that lists and counts agree with it."""
    return Q(update_due__lt=today) & ~Q(stage__in=FINISHED)


def stale(projects: QuerySet[Project], today: dt.date | None = None) -> QuerySet[Project]:
    return projects.filter(stale_q(today or timezone.localdate()))


# Reminders ------------------------------------------------------------------------------------------------


@dataclass
class Reminder:
    """One e-mail: a recipient and the stale projects they are reminded of."""

    recipient: Any  # a user with an e-mail address
    led: list[Project] = field(default_factory=list)  # projects they lead
    unled: list[Project] = field(default_factory=list)  # projects with no lead to remind (programme managers)

    @property
    def projects(self) -> list[Project]:
        return [*self.led, *self.unled]


@dataclass
class ReminderRun:
    """What a run of the reminders did (or, dry, would do)."""

    reminders: list[Reminder]
    stale_count: int
    unreachable: list[Project]  # stale, with no lead and no programme manager with an e-mail address
    sent: int = 0


def plan_reminders(projects: Iterable[Project], managers: dict[int, list[Any]]) -> tuple[list[Reminder], list[Project]]:
    """Group stale ``projects`` into one reminder per recipient: the lead if they have an e-mail address,
    else each programme manager of the project's organisation (``managers``: organisation id -> users)."""
    by_user: dict[int, Reminder] = {}
    unreachable: list[Project] = []
    for project in projects:
        lead = project.lead
        if lead is not None and lead.email:
            by_user.setdefault(lead.pk, Reminder(lead)).led.append(project)
            continue
        recipients = managers.get(project.organisation_id, [])
        if not recipients:
            unreachable.append(project)
        for manager in recipients:
            by_user.setdefault(manager.pk, Reminder(manager)).unled.append(project)
    return sorted(by_user.values(), key=lambda reminder: reminder.recipient.email), unreachable


def programme_managers(organisation_ids: Iterable[int]) -> dict[int, list[Any]]:
    """The programme managers with an e-mail address of each organisation, by organisation id."""
    managers: dict[int, list[Any]] = {}
    memberships = Membership.objects.filter(
        organisation_id__in=list(organisation_ids), role=Role.PROGRAMME
    ).exclude(user__email="").select_related("user").order_by("user__username")
    for membership in memberships:
        managers.setdefault(membership.organisation_id, []).append(membership.user)
    return managers


def _line(project: Project, today: dt.date, base_url: str) -> str:
    days = days_overdue(project.update_due, today)
    link = base_url.rstrip("/") + reverse(
        "programmes:project-detail", kwargs={"org": project.organisation.slug, "pk": project.pk}
    )
    return (
        f"- {project} ({project.organisation.name}): update due {govuk_date(project.update_due)}, "
        f"{days} day{'s' if days != 1 else ''} overdue\n  {link}"
    )


def reminder_email(reminder: Reminder, today: dt.date, base_url: str) -> mail.EmailMessage:
    """The e-mail for one reminder, in plain text."""
    user = reminder.recipient
    count = len(reminder.projects)
    parts = [f"Hello {user.get_full_name() or user.username},", ""]
    if reminder.led:
        parts += ["These projects you lead are due an update in Beacon:", ""]
        parts += [_line(project, today, base_url) for project in reminder.led] + [""]
    if reminder.unled:
        parts += ["These projects have no lead to remind, so they come to you as programme manager:", ""]
        parts += [_line(project, today, base_url) for project in reminder.unled] + [""]
    parts += [
        "Please bring their status commentary, delivery confidence and milestones up to date, and set the "
        "date of the next update.",
        "",
        "Beacon",
    ]
    subject = f"Beacon: {count} project{'s' if count != 1 else ''} need{'s' if count == 1 else ''} an update"
    return mail.EmailMessage(subject, "\n".join(parts), settings.DEFAULT_FROM_EMAIL, [user.email])


def send_update_reminders(
    *, organisation: Organisation | None = None, today: dt.date | None = None, dry_run: bool = False,
    base_url: str = "http://127.0.0.1:8000",
) -> ReminderRun:
    """E-mail every owner of a stale project one message listing them all (nothing is sent when ``dry_run``)."""
    today = today or timezone.localdate()
    projects = stale(Project.objects.all(), today).select_related("lead", "organisation").order_by(
        "organisation__name", "update_due", "code", "pk"
    )
    if organisation is not None:
        projects = projects.filter(organisation=organisation)
    projects_list = list(projects)
    managers = programme_managers({project.organisation_id for project in projects_list})
    reminders, unreachable = plan_reminders(projects_list, managers)
    run = ReminderRun(reminders=reminders, stale_count=len(projects_list), unreachable=unreachable)
    if not dry_run and reminders:
        messages = [reminder_email(reminder, today, base_url) for reminder in reminders]
        with mail.get_connection() as connection:
            run.sent = connection.send_messages(messages) or 0
    return run
