"""The snapshot of every figure a report uses (PRODUCT C7).

A snapshot is plain JSON-serialisable data: money in integer pence, financial years as labels ("2024/25"),
dates ISO 8601. The builder and the token resolver read only the snapshot, so that an issued report, built again
from its frozen snapshot, says the same whatever has changed since.

It holds summaries, never every project: the savings position by financial year (the tracker's figures, under
the counting rule of ``beacon.finance.counting``), the status roll-up by workstream, the exceptions (red and
amber projects, late milestones, top risks, each list capped), the cumulative equality impact and the decision
the report asks for. The number of queries is the same for 20 projects as for 2,000.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.utils import timezone

from beacon.core.money import financial_year_label
from beacon.finance.models import SavingsLine
from beacon.finance.selectors import tracker
from beacon.governance.models import DecisionOption, Implication, ImplicationKind
from beacon.governance.selectors import key_decision
from beacon.programmes.models import Confidence, Milestone, Project, Stage, Workstream
from beacon.programmes.rollup import LABELS, RollUp, roll_up_counts, scale_of
from beacon.reports.models import Report
from beacon.risks import rules as risk_rules
from beacon.risks.models import AssessmentStatus, EqualityAssessment, EqualityImpact, Risk, RiskLevel, RiskStatus
from beacon.risks.selectors import HIGHEST_FIRST, current_assessment_ids, residual, stage_warnings
from beacon.risks.services import groups_for
from beacon.strategy.models import Objective, ObjectiveKind

SNAPSHOT_VERSION = 1
EXCEPTIONS_SHOWN = 25
LATE_MILESTONES_SHOWN = 25
TOP_RISKS_SHOWN = 10
# The exceptions a report lists: Red projects, and those rated Amber/Red or Amber.
RED = (Confidence.RED,)
AMBER = (Confidence.AMBER_RED, Confidence.AMBER)
FINISHED = (Stage.CLOSED, Stage.STOPPED)


def is_public_safe(report: Report) -> bool:
    """A public report (public and not confidential) leaves confidential projects and risks out of its lists."""
    return bool(report.public and not report.confidential)


def take_snapshot(report: Report, *, today: dt.date | None = None) -> dict[str, Any]:
    """Every figure the report uses, as JSON-serialisable data (money in integer pence, financial years as
    labels "2024/25", dates ISO 8601). Summaries only: a constant number of queries whatever the programme's
    size.

    A report is an official document of the organisation, so the snapshot reads the whole programme, not what
    one user may see. But when the report is public (``report.public`` and not ``report.confidential``),
    ``public_safe`` is true and confidential projects and risks are left out of the lists (their names and
    commentary never appear); the totals (savings, counts of projects by rating) still count them, and the
    snapshot says how many listed items were left out."""
    today = today or timezone.localdate()
    public_safe = is_public_safe(report)
    organisation = report.organisation
    programme = report.programme
    projects = Project.objects.filter(organisation=organisation, programme=programme)
    return {
        "version": SNAPSHOT_VERSION,
        "taken_on": today.isoformat(),
        "public_safe": public_safe,
        "organisation": organisation.name,
        "programme": {"id": programme.pk, "code": programme.code, "title": programme.title},
        "front": _front_matter(report),
        "savings": _savings(report),
        "rag": _rag(report, projects),
        "projects": _projects(projects, public_safe),
        "milestones": _milestones(projects, public_safe, today),
        "risks": _risks(report, public_safe),
        "equality": _equality(report, projects, today),
        "decision": _decision(report),
        "priorities": _priorities(report),
    }


def _front_matter(report: Report) -> dict[str, Any]:
    meeting = report.meeting
    board = meeting.board.title if meeting is not None else ""
    date = report.report_date or (meeting.date if meeting is not None else None)
    return {
        "title": report.title,
        "kind": report.kind,
        "version": report.version,
        "meeting": board,
        "meeting_date": meeting.date.isoformat() if meeting is not None else None,
        "date": date.isoformat() if date else None,
        "decision_maker": report.decision_maker or board,
        "report_of": report.report_of,
        "author_title": report.author_title,
        "author_contact": report.author_contact,
        "wards_affected": report.wards_affected,
        "confidential": report.confidential,
        "exempt_paragraph": report.exempt_paragraph,
        "reporting_period": str(report.reporting_period) if report.reporting_period_id else "",
        "illustrative": report.illustrative,
    }


def _figures(figures: Any) -> dict[str, Any]:
    return {
        "target": figures.target, "proposed": figures.proposed, "approved": figures.approved,
        "forecast": figures.forecast, "delivered": figures.delivered, "gap": figures.gap, "brag": figures.brag,
    }


def _savings(report: Report) -> dict[str, Any]:
    """The programme's position by financial year: the savings tracker's own figures (never recounted here)."""
    lines = SavingsLine.objects.filter(organisation=report.organisation, project__programme=report.programme)
    # The report does not list double-counting flags (the tracker page does): an empty ``all_lines`` skips the check,
    # whose queries depend on how many flags there are.
    found = tracker(lines, report.organisation, all_lines=lines.none(), programme_id=report.programme_id)
    overall = found.overall
    years = [
        {"year": financial_year_label(year), **_figures(overall.in_year[year]),
         "cumulative": _figures(overall.cumulative[year])}
        for year in found.years
    ]
    total = _figures(overall.total)
    total["target"] = sum(row["target"] or 0 for row in years) if any(
        row["target"] is not None for row in years) else None
    total["gap"] = None if total["target"] is None else total["target"] - total["forecast"]
    return {
        "years": [row["year"] for row in years],
        "by_year": years,
        "total": total,
        "mtfs": list(found.targets.mtfs),
        "outside_pence": found.outside_pence,
        "workstreams": [
            {"code": group.code, "title": group.title, **_figures(group.position.total)}
            for group in found.workstreams
        ],
        "illustrative": found.illustrative,
    }


def _rollup(rolled: RollUp) -> dict[str, Any]:
    return {
        "status": rolled.status, "label": rolled.label, "explanation": rolled.explanation,
        "contradiction": rolled.contradiction, "reported": rolled.reported_label,
        "counts": {LABELS.get(key, key): n for key, n in rolled.counts.items() if n},
        "not_rated": rolled.not_rated,
    }


def _rag(report: Report, projects: Any) -> dict[str, Any]:
    """The roll-up rule of ``beacon.programmes.rollup`` on the programme's open projects: one grouped query."""
    tallies = (
        projects.exclude(stage__in=FINISHED).order_by()
        .values_list("workstream_id", "delivery_confidence").annotate(n=Count("pk"))
    )
    per_workstream: dict[int | None, Counter[str]] = {}
    overall: Counter[str] = Counter()
    for workstream_id, rating, n in tallies:
        per_workstream.setdefault(workstream_id, Counter())[rating] += n
        overall[rating] += n
    scale = scale_of(report.organisation)
    workstreams = Workstream.objects.filter(programme=report.programme).order_by("order", "code", "title").only(
        "pk", "code", "title", "reported_confidence")
    rows = [
        {"code": workstream.code, "title": workstream.title,
         **_rollup(roll_up_counts(per_workstream.get(workstream.pk, {}), scale=scale,
                                  reported=workstream.reported_confidence))}
        for workstream in workstreams
    ]
    if per_workstream.get(None):
        rows.append({"code": "", "title": "No workstream",
                     **_rollup(roll_up_counts(per_workstream[None], scale=scale))})
    programme_rollup = roll_up_counts(overall, scale=scale, reported=report.programme.reported_confidence)
    return {"overall": _rollup(programme_rollup), "workstreams": rows}


def _projects(projects: Any, public_safe: bool) -> dict[str, Any]:
    open_projects = projects.exclude(stage__in=FINISHED)
    counts = open_projects.aggregate(
        count=Count("pk"),
        red=Count("pk", filter=Q(delivery_confidence__in=RED)),
        amber=Count("pk", filter=Q(delivery_confidence__in=AMBER)),
        confidential=Count("pk", filter=Q(delivery_confidence__in=RED + AMBER, confidential=True)),
    )
    exceptions = open_projects.filter(delivery_confidence__in=RED + AMBER)
    if public_safe:
        exceptions = exceptions.exclude(confidential=True)
    worst_first = Case(*(When(delivery_confidence=value, then=Value(rank)) for rank, value in enumerate(RED + AMBER)),
                       default=Value(len(RED + AMBER)), output_field=IntegerField())
    listed = exceptions.order_by(worst_first, "code", "title", "pk").values_list(
        "code", "title", "workstream__title", "delivery_confidence", "status_commentary", "confidential"
    )[:EXCEPTIONS_SHOWN]
    return {
        "count": counts["count"],
        "red": counts["red"],
        "amber": counts["amber"],
        "exceptions": [
            {"code": code, "title": title, "workstream": workstream or "", "confidence": rating,
             "confidence_label": LABELS.get(rating, rating), "commentary": commentary, "confidential": confidential}
            for code, title, workstream, rating, commentary, confidential in listed
        ],
        "exceptions_omitted_confidential": counts["confidential"] if public_safe else 0,
        "exceptions_cap": EXCEPTIONS_SHOWN,
    }


def _milestones(projects: Any, public_safe: bool, today: dt.date) -> dict[str, Any]:
    late = Milestone.objects.filter(project__in=projects.values("pk")).late(today)
    count = late.count()
    shown = late.exclude(project__confidential=True) if public_safe else late
    rows = shown.order_by("due_date", "pk").values_list(
        "title", "due_date", "project__code", "project__title", "project__confidential")[:LATE_MILESTONES_SHOWN]
    return {
        "late": count,
        "list": [
            {"title": title, "due_date": due.isoformat(), "days_late": (today - due).days,
             "project": " ".join(filter(None, [code, project])), "confidential": confidential}
            for title, due, code, project, confidential in rows
        ],
        "cap": LATE_MILESTONES_SHOWN,
    }


def _risks(report: Report, public_safe: bool) -> dict[str, Any]:
    """Open risks of the programme (its own, those linked to its projects, and the organisation's strategic
    risks), highest residual score first."""
    risks = Risk.objects.filter(organisation=report.organisation).exclude(status=RiskStatus.CLOSED).filter(
        Q(programme=report.programme) | Q(projects__programme=report.programme) | Q(level=RiskLevel.STRATEGIC)
    )
    ids = risks.values("pk")
    open_risks = Risk.objects.filter(pk__in=ids)
    count = open_risks.count()
    if public_safe:
        open_risks = open_risks.exclude(confidential=True)
    top = list(open_risks.order_by(*HIGHEST_FIRST).only(
        "code", "title", "owner_title", "residual_likelihood", "residual_impact", "inherent_likelihood",
        "inherent_impact", "mitigations", "confidential", "level",
    )[:TOP_RISKS_SHOWN])
    return {
        "open": count,
        "top": [
            {"code": risk.code, "title": risk.title, "owner": risk.owner_title,
             "score": residual(risk).value, "score_words": str(residual(risk)), "band": residual(risk).band,
             "mitigations": risk.mitigations, "confidential": risk.confidential}
            for risk in top
        ],
        "cap": TOP_RISKS_SHOWN,
    }


def _equality(report: Report, projects: Any, today: dt.date) -> dict[str, Any]:
    """The programme's cumulative impact on each group, from the current signed-off assessment of each open
    project (``current_assessment_ids`` and ``rules.cumulative_impact``, as the equality page counts it, but
    for the whole organisation rather than for what one user may read)."""
    assessments = EqualityAssessment.objects.filter(
        organisation=report.organisation, status=AssessmentStatus.SIGNED_OFF,
        project__programme=report.programme,
    ).exclude(project__stage__in=FINISHED).filter(Q(review_date__isnull=True) | Q(review_date__gte=today))
    rows = list(assessments.values("pk", "project_id", "project_stage", "stage", "signed_off_on"))
    current = current_assessment_ids(rows)
    impacts = EqualityImpact.objects.filter(assessment_id__in=current).values_list("group_id", "impact")
    groups = groups_for(report.organisation_id)
    counts = risk_rules.cumulative_impact(
        [str(group.pk) for group in groups], [(str(group), impact) for group, impact in impacts])
    warnings = stage_warnings(projects.exclude(stage__in=FINISHED), today)
    return {
        "assessments": len(current),
        "groups": [
            {"title": group.title, "statutory": group.statutory, "positive": count.positive,
             "neutral": count.neutral, "negative": count.negative, "unknown": count.unknown}
            for group, count in zip(groups, counts, strict=True)
        ],
        "stage_warnings": len(warnings),
    }


def _decision(report: Report) -> dict[str, Any] | None:
    decision = report.decision
    if decision is None:
        return None
    test = key_decision(decision)
    options = DecisionOption.objects.filter(decision=decision).order_by("order", "pk")
    implications = Implication.objects.filter(decision=decision).order_by("kind", "pk")
    labels = dict(ImplicationKind.choices)
    return {
        "code": decision.code,
        "title": decision.title,
        "decision_date": decision.decision_date.isoformat() if decision.decision_date else None,
        "decision_maker": decision.decision_maker_title,
        "recommendation": decision.recommendation,
        "key": test.key,
        "criteria": list(test.criteria),
        "notice": test.notice.words,
        "notice_flagged": test.notice.flagged,
        "forward_plan_published": (decision.forward_plan_published.isoformat()
                                   if decision.forward_plan_published else None),
        "options": [
            {"option": option.option, "impact": option.impact, "risk": option.risk,
             "recommended": option.recommended}
            for option in options
        ],
        "implications": [
            {"kind": item.kind, "label": labels.get(item.kind, item.kind), "text": item.text,
             "officer_comments": item.officer_comments, "officer_title": item.officer_title}
            for item in implications
        ],
    }


def _priorities(report: Report) -> list[dict[str, Any]]:
    """Every strategic objective (corporate priority) of the organisation, ticked when the report supports it."""
    ticked = set(report.priorities.values_list("pk", flat=True)) if report.pk else set()
    objectives = Objective.objects.filter(organisation=report.organisation, kind=ObjectiveKind.STRATEGIC)
    return [
        {"code": code, "title": title, "ticked": pk in ticked}
        for pk, code, title in objectives.order_by("code", "title").values_list("pk", "code", "title")
    ]
