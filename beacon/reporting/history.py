"""History: who changed what, when, from which value to which, read from django-simple-history.

Every function here works on lists of historical rows fetched in bulk (a query per kind of record, never one
per change): display values of linked records, users and dependencies are looked up once per page. What a
user may see is asked of the permission policy: changes to a record they may not read are never listed, and a
change to a project is listed only if the user could read the project both before and after it (a viewer
never sees what a project said while it was confidential).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from beacon.core import policy
from beacon.core.models import Membership, Organisation, OrganisationOwned
from beacon.programmes.models import Component, Milestone, Phase, Programme, Project, Workstream
from beacon.strategy.models import Objective, Plan, Principle, Priority, Theme

# The records whose changes "What changed" lists, in the order a programme manager reads them.
TRACKED: tuple[type[models.Model], ...] = (
    Project, Milestone, Workstream, Programme, Phase, Component, Plan, Theme, Priority, Objective, Principle,
)
NOT_SHOWN = frozenset({"id", "organisation", "created_at", "modified_at", "created_by", "modified_by"})
KINDS = {"+": "Created", "~": "Changed", "-": "Deleted"}
NONE = "None"


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class Change:
    """One historical row, described against the row before it."""

    when: dt.datetime
    who: str
    kind: str
    record_kind: str
    record_title: str
    record_key: tuple[str, Any] = ("", None)
    fields: list[FieldChange] = field(default_factory=list)

    @property
    def when_label(self) -> str:
        return when_text(self.when)


@dataclass
class RecordChanges:
    """The changes to one record, newest first, for the "What changed" page."""

    record_kind: str
    title: str
    url: str | None
    changes: list[Change]


def when_text(moment: dt.datetime) -> str:
    """ "21 March 2024 at 14:05", in the council's time zone."""
    local = timezone.localtime(moment)
    return f"{local.day} {local:%B %Y} at {local:%H:%M}"


def model_label(model: type[models.Model]) -> str:
    return str(model._meta.verbose_name).capitalize()


def record_title(row: Any) -> str:
    code = getattr(row, "code", "") or ""
    return f"{code} {row.title}".strip()


def plain_fields(model: type[models.Model]) -> set[str]:
    """The fields of ``model`` whose changes a user reads (not its bookkeeping, not its many-to-many links)."""
    return {
        f.name for f in model._meta.concrete_fields
        if f.editable and f.name not in NOT_SHOWN and not f.many_to_many
    }


def m2m_fields(history_model: Any) -> list[str]:
    return [f.name for f in getattr(history_model, "_history_m2m_fields", [])]


# Readability ------------------------------------------------------------------------------------------------


def readable_ids(model: type[models.Model], organisation: Organisation, user: Any) -> models.QuerySet | None:
    """A subquery of the ids of ``model`` records the user may read now; None when every record of the
    organisation is readable to a member (the model has no confidential side)."""
    if getattr(model, "confidential_path", None) is None:
        return None
    return policy.readable(model._default_manager.filter(organisation=organisation), user).values("pk")


class ProjectVersions:
    """The versions of the projects behind a set of milestone rows, fetched in one query, so that a milestone's
    change is judged by its project as it stood at the time (a milestone has no confidential flag of its own)."""

    def __init__(self, rows: Iterable[Any]) -> None:
        project_ids = {row.project_id for row in rows if row is not None and row.instance_type is Milestone}
        self.versions: dict[int, list[Any]] = defaultdict(list)
        if project_ids:
            history: Any = Project.history  # type: ignore[attr-defined]
            for version in history.filter(id__in=project_ids).only(
                "id", "history_id", "history_date", "confidential", "lead_id"
            ).order_by("history_date", "history_id"):
                self.versions[version.id].append(version)

    def at(self, project_id: int, moment: dt.datetime) -> Any | None:
        found = None
        for version in self.versions.get(project_id, []):
            if version.history_date > moment:
                break
            found = version
        return found


def version_readable(user: Any, organisation: Organisation, row: Any, projects: ProjectVersions | None = None) -> bool:
    """Could ``user`` read this version of the record? For a project, asked of the policy with a stand-in
    carrying that version's confidential flag and lead; for a milestone, the same of its project as it stood
    then; other records follow their current readability (they have no confidential side)."""
    if row is None:
        return True
    if row.instance_type is Milestone and projects is not None:
        row = projects.at(row.project_id, row.history_date)
        if row is None:
            return True
    if row.instance_type is not Project:
        return True
    lead = user if user.is_authenticated and row.lead_id == user.pk else None
    stand_in = Project(organisation=organisation, confidential=row.confidential, lead=lead)
    return policy.can_read(user, stand_in)


# Display values ---------------------------------------------------------------------------------------------


class Labeller:
    """Turns raw historical values into what a page shows: "Amber" not "amber", a linked record by its title
    (or "a record you cannot see"), a date as "21 March 2024", a user by role title or username. Linked records
    and users are fetched once per model for everything being described."""

    def __init__(self, organisation: Organisation, user: Any) -> None:
        self.organisation = organisation
        self.user = user
        self.wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
        self.titles: dict[type[models.Model], dict[Any, str]] = {}
        self.user_ids: set[int] = set()
        self.who_by_id: dict[int, str] = {}

    def want(self, model: type[models.Model], values: Iterable[Any]) -> None:
        self.wanted[model].update(value for value in values if value is not None and value != "")

    def resolve(self) -> None:
        user_model = get_user_model()
        self.user_ids |= {pk for pk in self.wanted.pop(user_model, set())}
        for model, ids in self.wanted.items():
            queryset = model._default_manager.filter(pk__in=ids)
            if issubclass(model, Project):
                queryset = queryset.only("pk", "code", "title", "organisation_id", "confidential", "lead_id")
            if issubclass(model, OrganisationOwned):
                queryset = policy.readable(queryset, self.user)
            self.titles[model] = {obj.pk: str(obj) for obj in queryset}
        self.who_by_id = people(self.organisation, self.user_ids)

    def who(self, user_id: int | None) -> str:
        if user_id is None:
            return "no user recorded"
        return self.who_by_id.get(user_id, "A former user")

    def linked(self, model: type[models.Model], value: Any) -> str:
        if value is None or value == "":
            return NONE
        if model is get_user_model():
            return self.who(value)
        return self.titles.get(model, {}).get(value, "A record you cannot see")

    def display(self, model_field: Any, value: Any) -> str:
        if isinstance(model_field, models.ForeignKey):
            return self.linked(model_field.related_model, value)
        if value is None or value == "":
            return NONE
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return "Yes" if value else "No"
        if isinstance(value, dt.date):
            return f"{value.day} {value:%B %Y}"
        return str(value)


def people(organisation: Organisation, user_ids: Iterable[int]) -> dict[int, str]:
    """Each user as pages name them: their role title in ``organisation`` (e.g. "Head of Transformation"),
    else their username. Two queries, whatever the number of users."""
    user_ids = {pk for pk in user_ids if pk is not None}
    if not user_ids:
        return {}
    users = get_user_model()._default_manager.filter(pk__in=user_ids).only("pk", "username")
    titles = dict(
        Membership.objects.filter(organisation=organisation, user_id__in=user_ids)
        .exclude(job_title="").values_list("user_id", "job_title")
    )
    return {user.pk: titles.get(user.pk) or user.get_username() for user in users}


# Describing rows --------------------------------------------------------------------------------------------


@dataclass
class Pair:
    row: Any
    previous: Any | None


def version_key(row: Any) -> tuple[type, int]:
    """Historical rows are numbered per kind of record: a row is known by its kind and number."""
    return (type(row), row.history_id)


def pair_rows(rows: Sequence[Any], earlier: Sequence[Any] = ()) -> list[Pair]:
    """Each row with the row before it of the same record (from ``rows`` or, for the first in ``rows``,
    from ``earlier``: the last row before the window)."""
    by_record: dict[tuple[type, Any], list[Any]] = defaultdict(list)
    for row in [*earlier, *rows]:
        by_record[(type(row), row.id)].append(row)
    wanted = {version_key(row) for row in rows}
    pairs = []
    for versions in by_record.values():
        versions.sort(key=lambda r: (r.history_date, r.history_id))
        for index, row in enumerate(versions):
            if version_key(row) in wanted:
                pairs.append(Pair(row, versions[index - 1] if index else None))
    pairs.sort(key=lambda p: (p.row.history_date, p.row.history_id), reverse=True)
    return pairs


def describe(pairs: list[Pair], *, organisation: Organisation, user: Any) -> list[Change]:
    """The changes of ``pairs`` that ``user`` may see, in their order, with display values."""
    projects = ProjectVersions(row for pair in pairs for row in (pair.row, pair.previous))
    pairs = [
        pair for pair in pairs
        if version_readable(user, organisation, pair.row, projects)
        and version_readable(user, organisation, pair.previous, projects)
    ]
    labeller = Labeller(organisation, user)
    deltas: dict[tuple[type, int], list[Any]] = {}
    links: dict[tuple[type, int], dict[str, tuple[set[Any], set[Any]]]] = {}
    links_by_history = load_m2m(pair for pair in pairs)
    for pair in pairs:
        row, previous = pair.row, pair.previous
        model = row.instance_type
        if row.history_user_id:
            labeller.user_ids.add(row.history_user_id)
        names = plain_fields(model)
        if previous is None:
            # A creation (or the first row we hold): every field that has a value is "new".
            changes = [(name, None, getattr(row, model._meta.get_field(name).attname)) for name in sorted(names)]
            changes = [(name, old, new) for name, old, new in changes if new not in (None, "", False)]
        else:
            delta = row.diff_against(previous, included_fields=names)
            changes = [(change.field, change.old, change.new) for change in delta.changes]
        deltas[version_key(row)] = changes
        for name, old, new in changes:
            model_field = model._meta.get_field(name)
            if isinstance(model_field, models.ForeignKey):
                labeller.want(model_field.related_model, [old, new])
        links[version_key(row)] = {}
        for name in m2m_fields(type(row)):
            new_ids = links_by_history.get((row.history_id, name), set())
            old_ids = links_by_history.get((previous.history_id, name), set()) if previous else set()
            if new_ids != old_ids:
                links[version_key(row)][name] = (old_ids, new_ids)
                target = model._meta.get_field(name).related_model
                labeller.want(target, old_ids | new_ids)
    labeller.resolve()

    described = []
    for pair in pairs:
        row = pair.row
        model = row.instance_type
        fields = []
        for name, old, new in deltas[version_key(row)]:
            model_field = model._meta.get_field(name)
            label = str(model_field.verbose_name).capitalize()
            fields.append(FieldChange(label, labeller.display(model_field, old), labeller.display(model_field, new)))
        for name, (old_ids, new_ids) in links[version_key(row)].items():
            target = model._meta.get_field(name).related_model
            fields.append(FieldChange(
                str(model._meta.get_field(name).verbose_name).capitalize(),
                join_titles(labeller.linked(target, pk) for pk in sorted(old_ids)),
                join_titles(labeller.linked(target, pk) for pk in sorted(new_ids)),
            ))
        kind = KINDS.get(row.history_type, "Changed")
        if kind == "Changed" and not fields:
            continue  # a save that changed nothing a reader would see
        described.append(Change(
            when=row.history_date, who=labeller.who(row.history_user_id), kind=kind,
            record_kind=model_label(model), record_title=record_title(row),
            record_key=(model_label(model), row.id), fields=fields,
        ))
    return described


def join_titles(titles: Iterable[str]) -> str:
    return "; ".join(sorted(titles)) or NONE


def history_through(history_model: Any, name: str) -> Any:
    """The model holding each historical row's links of the many-to-many field ``name``."""
    wanted = f"{history_model._meta.object_name}_{name}"
    for relation in history_model._meta.related_objects:
        if relation.related_model._meta.object_name == wanted:
            return relation.related_model
    raise LookupError(f"{history_model.__name__} keeps no history of {name}")


def load_m2m(pairs: Iterable[Pair]) -> dict[tuple[int, str], set[Any]]:
    """The linked ids of every many-to-many field of every row and previous row, one query per field."""
    rows_by_model: dict[Any, set[int]] = defaultdict(set)
    for pair in pairs:
        for row in (pair.row, pair.previous):
            if row is not None and m2m_fields(type(row)):
                rows_by_model[type(row)].add(row.history_id)
    found: dict[tuple[int, str], set[Any]] = defaultdict(set)
    for history_model, history_ids in rows_by_model.items():
        for name in m2m_fields(history_model):
            through = history_through(history_model, name)
            original = history_model.instance_type._meta.get_field(name)
            target = original.m2m_reverse_field_name()
            for history_id, linked in through.objects.filter(history_id__in=history_ids).values_list(
                "history_id", f"{target}_id"
            ):
                found[(history_id, name)].add(linked)
    return found


# The two questions the pages ask ----------------------------------------------------------------------------


def project_history(project: Project, *, user: Any) -> list[Change]:
    """Every change to ``project`` and its milestones that ``user`` may see, newest first."""
    rows = list(Project.history.filter(id=project.pk))
    milestone_ids = Milestone.history.filter(project_id=project.pk).values("id")
    rows += list(Milestone.history.filter(id__in=milestone_ids))
    return describe(pair_rows(rows), organisation=project.organisation, user=user)


@dataclass
class Window:
    """A span of time: changes made on or after ``since`` and (if set) before ``until``."""

    since: dt.datetime | None
    until: dt.datetime | None = None

    def filter(self, queryset: models.QuerySet) -> models.QuerySet:
        if self.since is not None:
            queryset = queryset.filter(history_date__gte=self.since)
        if self.until is not None:
            queryset = queryset.filter(history_date__lt=self.until)
        return queryset


def changed_records(organisation: Organisation, window: Window, *, user: Any) -> list[tuple[dt.datetime, type, Any]]:
    """(latest change, model, id) of every record the user may read that changed in ``window``, newest
    first: one small query per kind of record."""
    found = []
    for model in TRACKED:
        history = window.filter(model.history.filter(organisation_id=organisation.pk))  # type: ignore[attr-defined]
        readable = readable_ids(model, organisation, user)
        if readable is not None:
            history = history.filter(id__in=readable)
        for pk, latest in history.order_by().values("id").annotate(latest=Max("history_date")).values_list(
            "id", "latest"
        ):
            found.append((latest, model, pk))
    found.sort(key=lambda item: (item[0], model_label(item[1]), item[2]), reverse=True)
    return found


def changes_of_records(
    organisation: Organisation, window: Window, records: Sequence[tuple[dt.datetime, type, Any]], *, user: Any
) -> list[RecordChanges]:
    """The changes in ``window`` to ``records`` (one page of ``changed_records``), grouped by record."""
    ids_by_model: dict[type, list[Any]] = defaultdict(list)
    for _, model, pk in records:
        ids_by_model[model].append(pk)
    rows: list[Any] = []
    earlier: list[Any] = []
    for model, ids in ids_by_model.items():
        history: Any = model.history  # type: ignore[attr-defined]
        rows += list(window.filter(history.filter(id__in=ids)))
        if window.since is not None:
            last_before = (
                history.filter(id__in=ids, history_date__lt=window.since)
                .order_by().values("id").annotate(last=Max("history_id")).values("last")
            )
            earlier += list(history.filter(history_id__in=last_before))
    changes = describe(pair_rows(rows, earlier), organisation=organisation, user=user)
    grouped: dict[tuple[str, Any], list[Change]] = defaultdict(list)
    latest_row: dict[tuple[str, Any], Any] = {}
    for row in sorted(rows, key=lambda r: (r.history_date, r.history_id)):
        latest_row[(model_label(row.instance_type), row.id)] = row
    for change in changes:
        grouped[change.record_key].append(change)
    result = []
    for _, model, pk in records:
        key = (model_label(model), pk)
        if key not in grouped:
            continue
        row = latest_row[key]
        result.append(RecordChanges(model_label(model), record_title(row), record_url(organisation, row),
                                    grouped[key]))
    return result


def record_url(organisation: Organisation, row: Any) -> str | None:
    """Where a changed record is read: a project's (or a milestone's project's) history, a programme's or a
    workstream's page."""
    model = row.instance_type
    org = organisation.slug
    if model is Project:
        return reverse("reporting:project-history", kwargs={"org": org, "pk": row.id})
    if model is Milestone:
        return reverse("reporting:project-history", kwargs={"org": org, "pk": row.project_id})
    if model is Programme:
        return reverse("programmes:programme-detail", kwargs={"org": org, "pk": row.id})
    if model is Workstream:
        return reverse("programmes:workstream-detail", kwargs={"org": org, "pk": row.id})
    return None
