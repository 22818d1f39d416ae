"""Writes of a report's life: saving a draft, signing it off, issuing it and drafting a new version.

Each is one atomic function ``verb_noun(report, *, actor, ...)`` that checks the actor's role and the report's
state and raises ``ReportError`` with the reason in words (for the page, the API and the command line alike).
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.utils import timezone

from beacon.core import policy
from beacon.core.models import Role
from beacon.reports import renderers, tokens
from beacon.reports.builders import build_document
from beacon.reports.document import Document
from beacon.reports.models import Report, ReportIssue, ReportSignOff, ReportStatus, SignOffRole
from beacon.reports.snapshot import take_snapshot

log = logging.getLogger(__name__)

# The narrative sections an officer writes: they may hold tokens, and changing them clears the sign-offs.
NARRATIVE_FIELDS = (
    "purpose", "executive_summary", "recommendations", "reasons", "background", "finance_comments",
    "legal_comments", "hr_implications", "equality_implications", "risk_implications", "other_implications",
    "background_papers", "decisions_needed", "exempt_appendix",
)
# Who may sign as what: the statutory finance officer signs for finance, the monitoring officer for legal.
SIGNER_ROLES = {SignOffRole.FINANCE: Role.FINANCE, SignOffRole.MONITORING: Role.MONITORING}
FORMATS = ("docx", "odt", "pdf", "html")
NOT_A_DRAFT = "Issued reports never change: draft a new version."


class ReportError(Exception):
    """A report's write is refused: ``str(error)`` says why, in words."""


class ReportForbidden(ReportError):
    """Refused because of the actor's role, not the report's state (the API answers 403, not 400)."""


def _locked(report: Report) -> Report:
    return Report.objects.select_for_update().get(pk=report.pk)


def _refuse_unless_writer(report: Report, actor: Any) -> None:
    if not policy.can_change(actor, report):
        raise ReportForbidden("Your role does not allow you to change reports.")


def in_sentence(label: str) -> str:
    """A role's label inside a sentence: "statutory finance officer (S151)"."""
    return label[:1].lower() + label[1:]


def officers_text(labels: list[str]) -> str:
    """ "the statutory finance officer (S151) and the monitoring officer"."""
    return " and ".join(f"the {in_sentence(label)}" for label in labels)


def missing_sign_offs(report: Report) -> list[str]:
    """The sign-offs a draft still lacks, as their labels, in the order councils write them."""
    signed = set(report.sign_offs.values_list("role", flat=True))
    return [label for value, label in SignOffRole.choices if value not in signed]


def save_draft(report: Report, *, actor: Any, priorities: Any = None) -> list[str]:
    """Save the changes made to ``report`` (an unsaved, edited instance of a draft). A change to the narrative
    clears the sign-offs, since they signed what they read: returns the labels of the cleared sign-offs."""
    _refuse_unless_writer(report, actor)
    with transaction.atomic():
        stored = _locked(report)
        if stored.status != ReportStatus.DRAFT:
            raise ReportError(NOT_A_DRAFT)
        # Fields a form or the API never set: the state belongs to the services.
        for name in ("status", "version", "previous_version_id", "issued_at", "issued_by_id", "organisation_id"):
            setattr(report, name, getattr(stored, name))
        changed = [name for name in NARRATIVE_FIELDS if getattr(report, name) != getattr(stored, name)]
        report.modified_by = actor
        report.save()
        if priorities is not None:
            report.priorities.set(priorities)
        cleared: list[str] = []
        if changed:
            sign_offs = report.sign_offs.all()
            cleared = [sign_off.get_role_display() for sign_off in sign_offs]
            sign_offs.delete()
    if cleared:
        log.info("Sign-offs of report %s cleared by a change to its narrative by %s", report.pk, actor)
    return cleared


def sign_off_report(report: Report, *, actor: Any, role: str, comment: str = "") -> ReportSignOff:
    """Sign off a draft as its finance officer (``role="finance"``) or monitoring officer (``"monitoring"``):
    only a user who holds that role in the report's organisation may."""
    if role not in SignOffRole.values:
        raise ReportError("Choose finance or monitoring: a report is signed off by those two officers.")
    label = in_sentence(SignOffRole(role).label)
    if policy.role_in(actor, report.organisation_id) != SIGNER_ROLES[SignOffRole(role)]:
        raise ReportForbidden(f"Only the {label} of this council may sign off as {label}.")
    with transaction.atomic():
        stored = _locked(report)
        if stored.status != ReportStatus.DRAFT:
            raise ReportError("Only a draft is signed off: this report has been issued.")
        if stored.sign_offs.filter(role=role).exists():
            raise ReportError(f"This draft is already signed off by the {label}.")
        sign_off = ReportSignOff.objects.create(
            organisation_id=stored.organisation_id, report=stored, role=role, signed_by=actor,
            signed_at=timezone.now(), comment=comment.strip(), created_by=actor, modified_by=actor,
        )
    log.info("Report %s signed off as %s by %s", report.pk, role, actor)
    return sign_off


def resolve_narrative(report: Report, snapshot: dict[str, Any]) -> dict[str, str]:
    """Every narrative section with its tokens resolved against ``snapshot``; raises ``tokens.TokenError``."""
    return {name: tokens.resolve(getattr(report, name), snapshot) for name in NARRATIVE_FIELDS}


def issue_report(report: Report, *, actor: Any) -> ReportIssue:
    """Issue a signed-off draft: freeze the snapshot with the narrative resolved, render the four formats and
    the public HTML once and keep them. An unknown token refuses the issue and nothing is written."""
    _refuse_unless_writer(report, actor)
    with transaction.atomic():
        stored = _locked(report)
        if stored.status != ReportStatus.DRAFT:
            raise ReportError("This report has already been issued: draft a new version to change it.")
        missing = missing_sign_offs(stored)
        if missing:
            raise ReportError(f"The report cannot be issued until it is signed off by {officers_text(missing)}.")
        snapshot = take_snapshot(stored)
        try:
            narrative = resolve_narrative(stored, snapshot)
            document = build_document(stored, snapshot)
            public_document = build_document(stored, snapshot, public=True)
        except tokens.TokenError as error:
            raise ReportError(str(error)) from error
        files = {fmt: renderers.render(document, fmt) for fmt in FORMATS}
        issue = ReportIssue.objects.create(
            report=stored, snapshot={**snapshot, "narrative": narrative},
            public_html=renderers.render(public_document, "html"), **files,
        )
        stored.status = ReportStatus.ISSUED
        stored.issued_at = timezone.now()
        stored.issued_by = actor
        stored.modified_by = actor
        stored.save(update_fields=["status", "issued_at", "issued_by", "modified_by", "modified_at"])
    report.refresh_from_db()
    log.info("Report %s issued by %s", report.pk, actor)
    return issue


def draft_document(report: Report, snapshot: dict[str, Any] | None = None) -> Document:
    """A draft as it would read if issued now (against ``snapshot``, or one taken now), marked DRAFT in its
    title; raises ``tokens.TokenError``."""
    document = build_document(report, snapshot if snapshot is not None else take_snapshot(report))
    document.title = f"DRAFT: {document.title}"
    return document


def new_version(report: Report, *, actor: Any) -> Report:
    """Draft the next version of an issued report: the narrative, details and links copied, version + 1; the
    issued one is marked superseded (its files are kept)."""
    _refuse_unless_writer(report, actor)
    with transaction.atomic():
        stored = _locked(report)
        if stored.status == ReportStatus.DRAFT:
            raise ReportError("This report is still a draft: change it rather than drafting a new version.")
        if stored.status == ReportStatus.SUPERSEDED:
            raise ReportError("A later version of this report has already been drafted.")
        skip = {"id", "status", "version", "previous_version", "issued_at", "issued_by", "created_at",
                "modified_at", "created_by", "modified_by"}
        values = {
            field.attname: getattr(stored, field.attname)
            for field in Report._meta.concrete_fields if field.name not in skip
        }
        draft = Report.objects.create(
            **values, status=ReportStatus.DRAFT, version=stored.version + 1, previous_version=stored,
            created_by=actor, modified_by=actor,
        )
        draft.priorities.set(stored.priorities.all())
        stored.status = ReportStatus.SUPERSEDED
        stored.modified_by = actor
        stored.save(update_fields=["status", "modified_by", "modified_at"])
    report.refresh_from_db()
    log.info("Report %s drafted as version %s (report %s) by %s", report.pk, draft.version, draft.pk, actor)
    return draft
