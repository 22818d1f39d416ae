"""A snapshot is written once, when its period closes, and never changed: any later save or delete of one is
refused here, whatever path (admin, shell, a future API) attempts it."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import pre_delete, pre_save
from django.dispatch import receiver

from beacon.reporting.models import Snapshot


class SnapshotIsFrozen(Exception):
    """Raised on any attempt to change or delete a stored snapshot."""


@receiver(pre_save, sender=Snapshot)
def refuse_snapshot_change(sender: Any, instance: Snapshot, **kwargs: Any) -> None:
    if instance.pk is not None and Snapshot.objects.filter(pk=instance.pk).exists():
        raise SnapshotIsFrozen(f"{instance} was frozen when its period closed and cannot be changed.")


@receiver(pre_delete, sender=Snapshot)
def refuse_snapshot_delete(sender: Any, instance: Snapshot, **kwargs: Any) -> None:
    raise SnapshotIsFrozen(f"{instance} was frozen when its period closed and cannot be deleted.")
