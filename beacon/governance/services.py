"""Writes that span governance records: one function each, atomic (STYLE rule 2)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from beacon.governance.models import MaturityAssessment, MaturityScore
from beacon.risks.models import Risk


@transaction.atomic
def save_assessment(
    *, actor: Any, assessment: MaturityAssessment,
    scores: dict[int, tuple[Decimal | None, str, Risk | None]],
) -> MaturityAssessment:
    """Save an assessment and its scores as one write: a capability scored is added or changed, a capability
    whose score is cleared is no longer assessed (its earlier score stays in the history)."""
    if assessment.pk is None:
        assessment.created_by = actor
    assessment.modified_by = actor
    assessment.full_clean()
    assessment.save()
    existing = {score.capability_id: score for score in assessment.scores.all()}
    for capability_id, (value, evidence, risk) in scores.items():
        row = existing.get(capability_id)
        if value is None:
            if row is not None:
                row.delete()
            continue
        if row is None:
            row = MaturityScore(organisation=assessment.organisation, assessment=assessment,
                                capability_id=capability_id, created_by=actor)
        elif (row.score, row.evidence, row.risk_id) == (value, evidence, risk.pk if risk else None):
            continue
        row.score, row.evidence, row.risk = value, evidence, risk
        row.modified_by = actor
        row.full_clean()
        row.save()
    return assessment
