"""Writes of engagement records that are more than one form field: submitting an idea (with its code), moving
it through its statuses (accepting it makes or names a project), moderating it for the public pages, votes,
and an operating model with its six parameter rows. Pages, the API and the public form call these, so the
rules hold however a change arrives.

Who may do what sits on the permission policy: the programme office (administrator, programme manager)
reviews, accepts, declines and moderates ideas; anyone with a role in the organisation submits and votes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from beacon.core import policy
from beacon.core.models import Organisation
from beacon.engagement.models import (
    IDEA_TRANSITIONS,
    Idea,
    IdeaStatus,
    IdeaVote,
    Moderation,
    OperatingModel,
    OperatingModelParameter,
    Parameter,
    Submitter,
)
from beacon.finance.models import LineState, SavingsLine
from beacon.programmes.models import Programme, Project, Stage, Workstream

CODE_PREFIX = "IDEA-"
VOTABLE = (IdeaStatus.NEW, IdeaStatus.UNDER_REVIEW)
# Lines that no longer count towards what a project will save (a carried-forward line lives on as a new one).
NOT_COUNTED = (LineState.CARRIED_FORWARD, LineState.WRITTEN_OFF, LineState.REPLACED)


def may_review(user: Any, idea: Idea) -> bool:
    """The programme office of the idea's organisation reviews, accepts, declines and moderates ideas."""
    return policy.can_change(user, idea)


def next_code(organisation: Organisation) -> str:
    """The next free ``IDEA-0001``-style code of the organisation."""
    codes = Idea.objects.filter(organisation=organisation, code__startswith=CODE_PREFIX).values_list("code", flat=True)
    numbers = [int(code[len(CODE_PREFIX):]) for code in codes if code[len(CODE_PREFIX):].isdigit()]
    return f"{CODE_PREFIX}{max(numbers, default=0) + 1:04d}"


def submit_idea(
    *,
    organisation: Organisation,
    title: str,
    description: str,
    submitter: str = Submitter.STAFF,
    actor: Any = None,
    workstream: Workstream | None = None,
    submitter_role_title: str = "",
    event: Any = None,
    from_public_form: bool = False,
) -> Idea:
    """A new idea, with the organisation's next code. A signed-in submitter is recorded (never published); an
    idea from the public form records no person at all and waits for moderation. A staff idea is published
    to colleagues at once (``moderation`` only governs the public pages)."""
    if actor is not None and not from_public_form and not policy.can_create(actor, organisation, Idea):
        raise PermissionDenied
    idea = Idea(
        organisation=organisation, title=title.strip(), description=description.strip(), submitter=submitter,
        submitter_role_title=submitter_role_title.strip(), workstream=workstream, event=event,
        submitted_on=timezone.localdate(), status=IdeaStatus.NEW, moderation=Moderation.PENDING, public=False,
    )
    if actor is not None and not from_public_form:
        idea.submitted_by = idea.created_by = idea.modified_by = actor
    idea.full_clean(exclude=["code"])
    for _attempt in range(3):  # two people submitting at once may race for a code: try the next one
        idea.code = next_code(organisation)
        try:
            with transaction.atomic():
                idea.save()
            return idea
        except IntegrityError:
            idea.pk = None
    raise ValidationError("The idea could not be given a code; please try again.")


@dataclass(frozen=True)
class NewProject:
    """What to make of an accepted idea when it becomes a new project."""

    programme: Programme
    title: str = ""
    code: str = ""


def change_idea_status(
    idea: Idea,
    status: str,
    *,
    actor: Any,
    reason: str = "",
    project: Project | None = None,
    new_project: NewProject | None = None,
    today: dt.date | None = None,
) -> Idea:
    """Move ``idea`` to ``status`` if its current status allows it (``IDEA_TRANSITIONS``). Accepting names the
    project the idea became, an existing one (``project``) or a new one at the idea stage (``new_project``);
    declining needs a reason, which is published with the idea."""
    if not may_review(actor, idea):
        raise PermissionDenied
    if status not in IDEA_TRANSITIONS.get(idea.status, ()):
        allowed = " or ".join(IdeaStatus(s).label.lower() for s in IDEA_TRANSITIONS.get(idea.status, ()))
        current = IdeaStatus(idea.status).label.lower()
        raise ValidationError({"status": f"An idea that is {current} can only be moved to {allowed}."
                               if allowed else f"An idea that is {current} stays {current}."})
    reason = reason.strip()
    with transaction.atomic():
        if status == IdeaStatus.ACCEPTED:
            if project is None and new_project is None:
                raise ValidationError({"project": "Choose the project the idea becomes, or make a new one."})
            if project is not None and (project.organisation_id != idea.organisation_id
                                        or not policy.can_read(actor, project)):
                raise ValidationError({"project": "Choose a project of this organisation."})
            if project is None and new_project is not None:
                project = make_project(idea, new_project, actor=actor)
            idea.project = project
        if status == IdeaStatus.DECLINED and not reason:
            raise ValidationError({"status_reason": "Say why the idea was declined: the reason is published with it."})
        idea.status = status
        if reason or status in (IdeaStatus.ACCEPTED, IdeaStatus.DECLINED):
            idea.status_reason = reason
        idea.decided_on = (today or timezone.localdate()) if status in (IdeaStatus.ACCEPTED,
                                                                        IdeaStatus.DECLINED) else None
        idea.modified_by = actor
        idea.full_clean()
        idea.save()
    return idea


def make_project(idea: Idea, new_project: NewProject, *, actor: Any) -> Project:
    """A new project at the idea stage, made from an accepted idea, in its workstream when that belongs to the
    chosen programme."""
    programme = new_project.programme
    if programme.organisation_id != idea.organisation_id or not policy.can_create(actor, idea.organisation, Project):
        raise ValidationError({"programme": "Choose a programme of this organisation."})
    workstream = idea.workstream if idea.workstream and idea.workstream.programme_id == programme.pk else None
    project = Project(
        organisation=idea.organisation, programme=programme, workstream=workstream,
        title=(new_project.title or idea.title).strip()[:200], code=new_project.code.strip(),
        description=idea.description, stage=Stage.IDEA, created_by=actor, modified_by=actor,
        source=f"From idea {idea.code}: {idea.title}",
    )
    project.full_clean()
    project.save()
    return project


def moderate_idea(idea: Idea, *, actor: Any, moderation: str, public: bool | None = None) -> Idea:
    """Publish or hide an idea. A published idea is shown on the public pages unless ``public`` is False; a
    hidden or waiting one never is."""
    if not may_review(actor, idea):
        raise PermissionDenied
    if moderation not in Moderation.values:
        raise ValidationError({"moderation": "Choose published, hidden or waiting for moderation."})
    idea.moderation = moderation
    idea.public = moderation == Moderation.PUBLISHED and (True if public is None else public)
    idea.modified_by = actor
    idea.save(update_fields=["moderation", "public", "modified_by", "modified_at"])
    return idea


def vote(idea: Idea, *, actor: Any) -> bool:
    """Record ``actor``'s support for ``idea``; False if they had already voted. Only open ideas take votes."""
    if not policy.can_read(actor, idea):
        raise PermissionDenied
    if idea.status not in VOTABLE:
        raise ValidationError("Votes are only taken while an idea is new or under review.")
    try:
        with transaction.atomic():
            IdeaVote.objects.create(idea=idea, user=actor)
    except IntegrityError:
        return False
    return True


def withdraw_vote(idea: Idea, *, actor: Any) -> bool:
    if not policy.can_read(actor, idea):
        raise PermissionDenied
    return IdeaVote.objects.filter(idea=idea, user=actor).delete()[0] > 0


@dataclass(frozen=True)
class Credit:
    """What an accepted idea's project has saved: the idea is credited with it."""

    delivered_pence: int
    planned_pence: int  # proposed, approved and delivered lines: what the project expects to save in all


def credits(ideas: QuerySet[Idea] | list[Idea], user: Any) -> dict[int, Credit]:
    """The savings credited to each idea (by idea id) that ``user`` may see: the realised (delivered) and
    planned savings of its project, from one query whatever the number of ideas. A project the user may not
    read (a confidential one, for a viewer) credits nothing that they can see."""
    project_ids = {idea.project_id for idea in ideas if idea.project_id}
    if not project_ids:
        return {}
    readable = policy.readable(SavingsLine.objects.filter(project_id__in=project_ids), user) if user is not None \
        else policy.public(SavingsLine.objects.filter(project_id__in=project_ids))
    totals = {
        row["project_id"]: row
        for row in readable.values("project_id").annotate(
            delivered=Sum("delivered_pence"),
            planned=Sum("amount_pence", filter=~Q(state__in=NOT_COUNTED)),
        )
    }
    result = {}
    for idea in ideas:
        row = totals.get(idea.project_id) if idea.project_id else None
        if row is not None:
            result[idea.pk] = Credit(delivered_pence=row["delivered"] or 0, planned_pence=row["planned"] or 0)
    return result


def create_operating_model(*, organisation: Organisation, actor: Any, **fields: Any) -> OperatingModel:
    """An operating model with its six parameter rows (blank until filled in), in one transaction."""
    if actor is not None and not policy.can_create(actor, organisation, OperatingModel):
        raise PermissionDenied
    with transaction.atomic():
        model = OperatingModel(organisation=organisation, created_by=actor, modified_by=actor, **fields)
        model.full_clean()
        model.save()
        ensure_parameters(model)
    return model


def ensure_parameters(model: OperatingModel) -> list[OperatingModelParameter]:
    """The model's six parameter rows in the report's order, making any that are missing."""
    existing = {row.parameter: row for row in model.parameters.all()}
    missing = [
        OperatingModelParameter(organisation_id=model.organisation_id, operating_model=model, parameter=value)
        for value in Parameter.values if value not in existing
    ]
    bulk_create_with_history(missing, OperatingModelParameter)
    existing.update({row.parameter: row for row in missing})
    return [existing[value] for value in Parameter.values]

