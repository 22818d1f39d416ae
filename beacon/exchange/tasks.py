"""Background tasks (django-tasks): an import runs in the worker (``beacon db_worker``) when TASK_BACKEND is
``database``, or at once in the request otherwise."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django_tasks import task

from beacon.exchange import services
from beacon.exchange.models import ImportRun, ImportStatus


@task()
def import_file(run_id: int, actor_id: int | None) -> dict[str, int]:
    run = ImportRun.objects.select_related("organisation").get(pk=run_id)
    if run.status not in {ImportStatus.QUEUED, ImportStatus.CHECKED}:
        return {}
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id is not None else None
    run = services.perform_import(run, actor=actor)
    return {name: int(run.summary.get(name, 0)) for name in ("created", "updated", "unchanged")}
