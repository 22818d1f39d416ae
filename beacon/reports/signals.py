"""An issued report's files and snapshot are written once and never changed: any later save or delete of a
``ReportIssue`` is refused here, whatever path (admin, shell, a future API) attempts it."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import pre_delete, pre_save
from django.dispatch import receiver

from beacon.reports.models import ReportIssue


class ReportIssueIsFrozen(Exception):
    """Raised on any attempt to change or delete a stored report issue."""


@receiver(pre_save, sender=ReportIssue)
def refuse_issue_change(sender: Any, instance: ReportIssue, **kwargs: Any) -> None:
    if instance.pk is not None and ReportIssue.objects.filter(pk=instance.pk).exists():
        raise ReportIssueIsFrozen(f"{instance} was frozen when the report was issued and cannot be changed.")


@receiver(pre_delete, sender=ReportIssue)
def refuse_issue_delete(sender: Any, instance: ReportIssue, **kwargs: Any) -> None:
    raise ReportIssueIsFrozen(f"{instance} was frozen when the report was issued and cannot be deleted.")
