"""Writes of equality impact assessments that are more than one form: sign-off, and the impacts of every group
in one go; and the two rules the pages and the API share about who may change an assessment.

Who may sign off (PRODUCT C5): the administrator, the programme manager or the monitoring officer of the
assessment's organisation. A signed-off assessment, and the impacts it records, are locked against edits except
by those roles (a project lead who drafted it cannot change what was signed off). Both rules sit on top of the
permission policy (``beacon.core.policy``): a role the policy refuses is refused here too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from beacon.core import policy
from beacon.core.models import Role
from beacon.risks.models import AssessmentStatus, EqualityAssessment, EqualityGroup, EqualityImpact, Impact

SIGN_OFF_ROLES = frozenset({Role.ADMIN, Role.PROGRAMME, Role.MONITORING})
NEGATIVE_NEEDS_MITIGATION = "Say how the negative impact will be mitigated, or why it cannot be."


def may_sign_off(user: Any, assessment: EqualityAssessment) -> bool:
    return policy.can_read(user, assessment) and policy.role_in(user, assessment.organisation_id) in SIGN_OFF_ROLES


def is_locked(user: Any, assessment: EqualityAssessment) -> bool:
    """A signed-off assessment is locked for every role but those that sign off."""
    return (assessment.status == AssessmentStatus.SIGNED_OFF
            and policy.role_in(user, assessment.organisation_id) not in SIGN_OFF_ROLES)


def may_edit(user: Any, assessment: EqualityAssessment) -> bool:
    return policy.can_change(user, assessment) and not is_locked(user, assessment)


def impact_problems(impact: str, mitigation: str) -> dict[str, str]:
    """What is wrong with one group's impact, by field (the form and the API refuse the same input)."""
    if impact == Impact.NEGATIVE and not (mitigation or "").strip():
        return {"mitigation": NEGATIVE_NEEDS_MITIGATION}
    return {}


def groups_for(organisation_id: int) -> list[EqualityGroup]:
    """The nine protected characteristics, then the organisation's own groups."""
    return list(EqualityGroup.objects.filter(organisation__isnull=True).order_by("order", "title")) + list(
        EqualityGroup.objects.filter(organisation_id=organisation_id).order_by("order", "title")
    )


@dataclass(frozen=True)
class ImpactEntry:
    group: EqualityGroup
    impact: str
    evidence: str
    mitigation: str


@transaction.atomic
def record_impacts(*, actor: Any, assessment: EqualityAssessment, entries: Iterable[ImpactEntry]) -> int:
    """Record the assessment's impact on each group (one row per group, updated in place); history keeps the
    old values. Returns how many rows changed."""
    existing = {impact.group_id: impact for impact in assessment.impacts.all()}
    changed = 0
    for entry in entries:
        row = existing.get(entry.group.pk)
        if row is None:
            row = EqualityImpact(organisation_id=assessment.organisation_id, assessment=assessment,
                                 group=entry.group, created_by=actor)
        elif (row.impact, row.evidence, row.mitigation) == (entry.impact, entry.evidence, entry.mitigation):
            continue
        row.impact, row.evidence, row.mitigation = entry.impact, entry.evidence, entry.mitigation
        row.modified_by = actor
        row.save()
        changed += 1
    if changed:
        assessment.modified_by = actor
        assessment.save(update_fields=["modified_by", "modified_at"])
    return changed


@transaction.atomic
def sign_off_assessment(*, actor: Any, assessment: EqualityAssessment, title: str, on: dt.date) -> None:
    """Sign the assessment off by a role title and a date."""
    assessment.status = AssessmentStatus.SIGNED_OFF
    assessment.signed_off_by_title = title
    assessment.signed_off_on = on
    assessment.modified_by = actor
    assessment.full_clean()
    assessment.save()
