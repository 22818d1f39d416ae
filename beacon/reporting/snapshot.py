"""What a closed reporting period keeps: every programme, workstream, component, phase, project and milestone
of the organisation as it stood, with the status roll-up of every workstream and programme.

Built with one query per kind of record (never one per project), stored as JSON on ``Snapshot.data`` and
never changed afterwards. ``visible_snapshot`` narrows a stored snapshot to what one user may read, asking the
permission policy exactly as a live page would.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

from beacon.core import policy
from beacon.core.models import Organisation
from beacon.programmes.models import Component, Confidence, Milestone, Phase, Programme, Project, Stage, Workstream

SNAPSHOT_VERSION = 1
CONFIDENCE_LABELS = dict(Confidence.choices)
STAGE_LABELS = dict(Stage.choices)


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def rollup_function() -> Callable[..., Any] | None:
    """``beacon.programmes.rollup.roll_up`` when that module exists, else None (the page then shows the
    ratings counted, without a rule)."""
    try:
        module = importlib.import_module("beacon.programmes.rollup")
    except ModuleNotFoundError:
        return None
    return getattr(module, "roll_up", None)


def compute_rollup(ratings: list[str], *, scale: str, reported: str) -> dict[str, Any] | None:
    """The roll-up of ``ratings`` as plain JSON data, or None when no roll-up rule is installed."""
    roll_up = rollup_function()
    if roll_up is None:
        return None
    result = roll_up(ratings, scale=scale, reported=reported)
    if dataclasses.is_dataclass(result) and not isinstance(result, type):
        raw = dataclasses.asdict(result)
    else:
        raw = dict(vars(result))
    data: dict[str, Any] = json.loads(json.dumps(raw, cls=DjangoJSONEncoder, default=str))
    return data


def rating_counts(ratings: Iterable[str]) -> list[dict[str, Any]]:
    """Ratings counted in scale order, "Not rated" last: the fallback when no roll-up rule is installed."""
    counted = Counter(ratings)
    rows = [{"label": label, "count": counted[value]} for value, label in Confidence.choices if counted[value]]
    if counted[""]:
        rows.append({"label": "Not rated", "count": counted[""]})
    return rows


def project_row(project: Project, dependencies: list[int], as_at: dt.date) -> dict[str, Any]:
    return {
        "id": project.pk,
        "code": project.code,
        "title": project.title,
        "programme": project.programme_id,
        "workstream": project.workstream_id,
        "phase": project.phase_id,
        "component": project.component_id,
        "stage": project.stage,
        "delivery_confidence": project.delivery_confidence,
        "confidential": project.confidential,
        "public": project.public,
        "lead": project.lead_id,
        "lead_title": project.lead_display,
        "start_date": _iso(project.start_date),
        "end_date": _iso(project.end_date),
        "update_due": _iso(project.update_due),
        "update_overdue": project.is_update_overdue(as_at),
        "status_commentary": project.status_commentary,
        "key_decision": project.key_decision,
        "dependencies": dependencies,
    }


def late_at(milestone: Milestone, day: dt.date) -> bool:
    """Was ``milestone`` late at the end of ``day``'s period: due before it and not done by then?"""
    return milestone.due_date < day and (milestone.actual_date is None or milestone.actual_date > day)


def build_snapshot(organisation: Organisation, *, as_at: dt.date) -> dict[str, Any]:
    """Every programme record of ``organisation`` now, with milestone lateness judged at ``as_at`` (the
    period's last day)."""
    programmes = list(Programme.objects.filter(organisation=organisation).order_by("title", "pk"))
    workstreams = list(Workstream.objects.filter(organisation=organisation).order_by("programme", "order", "title"))
    components = list(Component.objects.filter(organisation=organisation).order_by("programme", "order", "title"))
    phases = list(Phase.objects.filter(organisation=organisation).order_by("programme", "order", "start_date"))
    projects = list(
        Project.objects.filter(organisation=organisation).select_related("lead").order_by("code", "title", "pk")
    )
    through: Any = Project.dependencies.through
    depends: dict[int, list[int]] = defaultdict(list)
    pairs = through.objects.filter(from_project__organisation=organisation).order_by("to_project_id")
    for owner, target in pairs.values_list("from_project_id", "to_project_id"):
        depends[owner].append(target)
    milestones = list(Milestone.objects.filter(organisation=organisation).order_by("due_date", "pk"))

    project_rows = [project_row(project, depends[project.pk], as_at) for project in projects]
    by_workstream: dict[int, list[str]] = defaultdict(list)
    by_programme: dict[int, list[str]] = defaultdict(list)
    for row in project_rows:
        if row["stage"] in (Stage.CLOSED, Stage.STOPPED):
            continue  # a finished project no longer carries a delivery rating into the roll-up
        by_programme[row["programme"]].append(row["delivery_confidence"])
        if row["workstream"]:
            by_workstream[row["workstream"]].append(row["delivery_confidence"])
    scale = organisation.confidence_scale
    return {
        "version": SNAPSHOT_VERSION,
        "as_at": as_at.isoformat(),
        "organisation": {"slug": organisation.slug, "name": organisation.name, "confidence_scale": scale},
        "programmes": [
            {
                "id": programme.pk, "code": programme.code, "title": programme.title, "board": programme.board,
                "public": programme.public, "reported_confidence": programme.reported_confidence,
                "start_date": _iso(programme.start_date), "end_date": _iso(programme.end_date),
                "ratings": by_programme[programme.pk],
                "rollup": compute_rollup(by_programme[programme.pk], scale=scale,
                                         reported=programme.reported_confidence),
            }
            for programme in programmes
        ],
        "workstreams": [
            {
                "id": workstream.pk, "programme": workstream.programme_id, "code": workstream.code,
                "title": workstream.title, "lead_title": workstream.lead_title,
                "reported_confidence": workstream.reported_confidence,
                "ratings": by_workstream[workstream.pk],
                "rollup": compute_rollup(by_workstream[workstream.pk], scale=scale,
                                         reported=workstream.reported_confidence),
            }
            for workstream in workstreams
        ],
        "components": [
            {"id": c.pk, "programme": c.programme_id, "title": c.title, "savings_target_pence": c.savings_target_pence}
            for c in components
        ],
        "phases": [
            {"id": p.pk, "programme": p.programme_id, "title": p.title, "start_date": _iso(p.start_date),
             "end_date": _iso(p.end_date)}
            for p in phases
        ],
        "projects": project_rows,
        "milestones": [
            {"id": m.pk, "project": m.project_id, "title": m.title, "due_date": _iso(m.due_date),
             "actual_date": _iso(m.actual_date), "late": late_at(m, as_at)}
            for m in milestones
        ],
    }


# Reading a stored snapshot -----------------------------------------------------------------------------------


def may_read_project_row(user: Any, organisation: Organisation, row: dict[str, Any]) -> bool:
    """Would the policy let ``user`` read this project as it stood? Asked of ``policy.can_read`` with an
    unsaved stand-in carrying the row's confidential flag and lead, so that the rule is never copied here."""
    lead = user if user.is_authenticated and row.get("lead") == user.pk else None
    stand_in = Project(organisation=organisation, confidential=bool(row.get("confidential")), lead=lead)
    return policy.can_read(user, stand_in)


def visible_snapshot(data: dict[str, Any], user: Any, organisation: Organisation) -> dict[str, Any]:
    """The snapshot as ``user`` may see it: confidential projects only for the roles that read them and for
    the project's own lead; their milestones and the links to them go with them, and the roll-ups of a
    narrowed view are worked out again from the projects left (their counts would otherwise reveal them)."""
    projects = [row for row in data.get("projects", []) if may_read_project_row(user, organisation, row)]
    if len(projects) == len(data.get("projects", [])):
        return data
    kept = {row["id"] for row in projects}
    projects = [{**row, "dependencies": [pk for pk in row["dependencies"] if pk in kept]} for row in projects]
    by_workstream: dict[int, list[str]] = defaultdict(list)
    by_programme: dict[int, list[str]] = defaultdict(list)
    for row in projects:
        if row["stage"] in (Stage.CLOSED, Stage.STOPPED):
            continue
        by_programme[row["programme"]].append(row["delivery_confidence"])
        if row["workstream"]:
            by_workstream[row["workstream"]].append(row["delivery_confidence"])
    scale = data.get("organisation", {}).get("confidence_scale", "")

    def regroup(records: list[dict[str, Any]], ratings: dict[int, list[str]]) -> list[dict[str, Any]]:
        return [
            {**record, "ratings": ratings[record["id"]],
             "rollup": compute_rollup(ratings[record["id"]], scale=scale, reported=record["reported_confidence"])}
            for record in records
        ]

    return {
        **data,
        "programmes": regroup(data.get("programmes", []), by_programme),
        "workstreams": regroup(data.get("workstreams", []), by_workstream),
        "projects": projects,
        "milestones": [row for row in data.get("milestones", []) if row["project"] in kept],
    }
