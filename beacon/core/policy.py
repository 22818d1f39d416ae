"""The permission policy: the one place that says who may read and write what.

Views, the API, exports and the public pages all ask these functions; none holds a copy of a rule.

Rules (PRODUCT section 1):
- a user reads only the records of organisations where they hold a role;
- a record marked confidential is read only by the administrator, programme manager, finance officer,
  monitoring officer and board member of its organisation, and by the project's own lead; never by a
  viewer, another organisation or the public;
- the public reads a record only if it is marked public and not confidential (confidential always wins);
- writes: administrators and programme managers write every programme record of their organisation (and
  the finance officer every money record: a model's ``writer_roles``); a project lead edits the projects
  they lead and what hangs on them (milestones, savings forecasts, benefits); the others read.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet

from beacon.core.models import Membership, Organisation, OrganisationOwned, Role

# A signed-in user or AnonymousUser; typed loosely because the policy only asks is_authenticated and identity.
AnyUser = Any
QS = TypeVar("QS", bound=QuerySet)

CONFIDENTIAL_READERS = frozenset({Role.ADMIN, Role.PROGRAMME, Role.FINANCE, Role.MONITORING, Role.MEMBER})
PROGRAMME_WRITERS = frozenset({Role.ADMIN, Role.PROGRAMME})


def roles_of(user: AnyUser) -> dict[int, str]:
    """The user's role in each organisation, by organisation id; cached on the user object per request."""
    if not user.is_authenticated:
        return {}
    cached = getattr(user, "_beacon_roles", None)
    if cached is None:
        cached = dict(Membership.objects.filter(user=user).values_list("organisation_id", "role"))
        user._beacon_roles = cached
    return cached


def role_in(user: AnyUser, organisation: Organisation | int) -> str | None:
    org_id = organisation if isinstance(organisation, int) else organisation.pk
    return roles_of(user).get(org_id)


def organisations_for(user: AnyUser) -> QuerySet[Organisation]:
    """The organisations where the user holds a role."""
    return Organisation.objects.filter(pk__in=list(roles_of(user)))


def readable(queryset: QS, user: AnyUser) -> QS:
    """Narrow ``queryset`` (of an OrganisationOwned model) to what ``user`` may read."""
    model = queryset.model
    roles = roles_of(user)
    if not roles:
        return queryset.none()
    open_orgs = [org for org, role in roles.items() if role in CONFIDENTIAL_READERS]
    other_orgs = [org for org, role in roles.items() if role not in CONFIDENTIAL_READERS]
    confidential = getattr(model, "confidential_path", None)
    if confidential is None:
        return queryset.filter(organisation_id__in=list(roles))
    allowed = Q(organisation_id__in=open_orgs)
    if other_orgs:
        # Negated, so that a record whose confidential flag sits on an optional link (a programme-level cost
        # with no project) counts as not confidential.
        ordinary = Q(organisation_id__in=other_orgs) & ~Q(**{confidential: True})
        lead = getattr(model, "lead_path", None)
        if lead:
            ordinary |= Q(organisation_id__in=other_orgs) & Q(**{lead: user})
        allowed |= ordinary
    return queryset.filter(allowed)


def public(queryset: QS, organisation: Organisation | None = None) -> QS:
    """Narrow ``queryset`` to what anyone may read: marked public and not confidential."""
    model = queryset.model
    public_path = getattr(model, "public_path", None)
    if public_path is None:
        return queryset.none()
    queryset = queryset.filter(**{public_path: True})
    confidential = getattr(model, "confidential_path", None)
    if confidential:
        queryset = queryset.exclude(**{confidential: True})
    if organisation is not None:
        queryset = queryset.filter(organisation=organisation)
    return queryset


def _value(obj: Model, path: str | None) -> Any:
    if not path:
        return None
    value: Any = obj
    for part in path.split("__"):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value


def is_lead(user: AnyUser, obj: Model) -> bool:
    lead = _value(obj, getattr(obj, "lead_path", None))
    return user.is_authenticated and lead is not None and lead == user


def can_read(user: AnyUser, obj: OrganisationOwned) -> bool:
    role = role_in(user, obj.organisation_id)
    if role is None:
        return False
    if role in CONFIDENTIAL_READERS:
        return True
    if _value(obj, obj.confidential_path):
        return is_lead(user, obj)
    return True


def writers(model: type[Model]) -> frozenset[str]:
    """The roles that write every record of ``model`` in their organisation: the programme office, unless the
    model says otherwise (money adds the finance officer: ``writer_roles``)."""
    return getattr(model, "writer_roles", PROGRAMME_WRITERS)


def can_create(user: AnyUser, organisation: Organisation | int, model: type[Model]) -> bool:
    """May ``user`` add a ``model`` record to ``organisation``?"""
    role = role_in(user, organisation)
    if role in writers(model) or role in getattr(model, "creator_roles", ()):
        # (``creator_roles``: roles that may add a record without writing the others, e.g. anyone submits an idea.)
        return True
    # A project lead adds milestones to their own projects; the check on the parent is in can_change.
    return role == Role.LEAD and getattr(model, "lead_may_create", False)


def can_change(user: AnyUser, obj: OrganisationOwned) -> bool:
    role = role_in(user, obj.organisation_id)
    if role in writers(type(obj)):
        return True
    return role == Role.LEAD and getattr(obj, "lead_may_edit", False) and is_lead(user, obj)


def locked_fields(user: AnyUser, obj: Model) -> tuple[str, ...]:
    """Fields of ``obj`` that ``user`` may not change although they may edit the record: a project lead
    updates their project but does not re-file it, hand it on, or open a confidential item to the public."""
    role = role_in(user, obj.organisation_id)  # type: ignore[attr-defined]
    if role == Role.LEAD:
        return tuple(getattr(obj, "lead_locked_fields", ()))
    return ()


def writable_organisations(user: AnyUser, model: type[Model]) -> list[int]:
    """Ids of the organisations where ``user`` may create ``model`` records."""
    return [org for org in roles_of(user) if can_create(user, org, model)]


def filter_choices(queryset: QS, user: AnyUser, organisation: Organisation | None) -> QS:
    """Choices for a form field: what the user may read, in the form's organisation."""
    queryset = readable(queryset, user)
    if organisation is not None:
        queryset = queryset.filter(organisation=organisation)
    return queryset


def any_role(user: AnyUser, roles: Iterable[str]) -> bool:
    wanted = set(roles)
    return any(role in wanted for role in roles_of(user).values())


def can_back_up(user: AnyUser, organisation: Organisation | int) -> bool:
    """May ``user`` download a backup of the whole organisation (every record, confidential ones and users'
    password hashes included)? Its administrator only."""
    return role_in(user, organisation) == Role.ADMIN
