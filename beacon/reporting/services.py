"""Writes of the reporting cycle: opening a period, and closing one with its snapshot. Each is one atomic
function that records who did it and when (``created_by``/``modified_by``, ``closed_by``/``closed_at``)."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from beacon.core.models import Organisation
from beacon.reporting.cycle import PeriodSpan, next_period
from beacon.reporting.models import PeriodStatus, ReportingPeriod, Snapshot
from beacon.reporting.snapshot import build_snapshot

log = logging.getLogger(__name__)


class PeriodRefused(ValidationError):
    """A reporting period cannot be opened or closed, with the reason in words for the page or command."""


def _date_text(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def open_period(
    *, organisation: Organisation, title: str, start_date: dt.date, end_date: dt.date, actor: Any
) -> ReportingPeriod:
    """Open a reporting period; refused (PeriodRefused) if it overlaps another or its dates are out of order."""
    with transaction.atomic():
        period = ReportingPeriod(
            organisation=organisation, title=title, start_date=start_date, end_date=end_date,
            status=PeriodStatus.OPEN, created_by=actor, modified_by=actor,
        )
        try:
            period.full_clean()
        except ValidationError as error:
            raise PeriodRefused(error.message_dict) from error
        period.save()
    log.info("Reporting period %s of %s opened by %s", period, organisation.slug, actor)
    return period


def next_period_for(organisation: Organisation, *, today: dt.date | None = None) -> PeriodSpan:
    """The period that "Open the next period" would open for ``organisation``."""
    today = today or timezone.localdate()
    latest = ReportingPeriod.objects.filter(organisation=organisation).order_by("-end_date").first()
    return next_period(
        latest_end=latest.end_date if latest else None, today=today, frequency=organisation.reporting_frequency
    )


def why_next_period_cannot_open(span: PeriodSpan, *, today: dt.date | None = None) -> str | None:
    """A period is opened on or after its first day, never in advance (so a scheduler that runs twice opens
    nothing the second time)."""
    today = today or timezone.localdate()
    if span.start_date > today:
        return (f"The next period, {span.title}, starts on {_date_text(span.start_date)}. "
                "It can be opened on or after that day.")
    return None


def open_next_period(*, organisation: Organisation, actor: Any, today: dt.date | None = None) -> ReportingPeriod:
    """Open the period after the latest one, by the organisation's reporting frequency (monthly, or quarterly
    in financial-year quarters)."""
    span = next_period_for(organisation, today=today)
    reason = why_next_period_cannot_open(span, today=today)
    if reason:
        raise PeriodRefused(reason)
    return open_period(
        organisation=organisation, title=span.title, start_date=span.start_date, end_date=span.end_date, actor=actor
    )


def close_period(*, period: ReportingPeriod, actor: Any, at: dt.datetime | None = None) -> Snapshot:
    """Close ``period``: write its snapshot (every programme record as it stands, lateness judged at the
    period's last day) and mark it closed by ``actor``, in one transaction. A closed period is refused.

    ``at`` is when it closed: now, except for the demo's illustrative past periods."""
    with transaction.atomic():
        locked = ReportingPeriod.objects.select_for_update().select_related("organisation").get(pk=period.pk)
        if locked.closed:
            when = timezone.localtime(locked.closed_at).date() if locked.closed_at else None
            on = f" on {_date_text(when)}" if when else ""
            raise PeriodRefused(f"{locked.title} was already closed{on}. A closed period cannot be closed again.")
        data = build_snapshot(locked.organisation, as_at=locked.end_date)
        snapshot = Snapshot.objects.create(period=locked, data=data)
        locked.status = PeriodStatus.CLOSED
        locked.closed_at = at or timezone.now()
        locked.closed_by = actor
        locked.modified_by = actor
        locked.save(update_fields=["status", "closed_at", "closed_by", "modified_by", "modified_at"])
    period.refresh_from_db()
    log.info("Reporting period %s of %s closed by %s", locked, locked.organisation.slug, actor)
    return snapshot
