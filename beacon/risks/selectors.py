"""What the risk and equality pages read, each in a constant number of queries: risk rows with their bands,
the heat map, a risk's history of score changes, the projects at a stage without a current equality impact
assessment, and the programme's cumulative impact on each group. The rules themselves are in ``rules.py``."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from beacon.core import policy
from beacon.core.models import Organisation
from beacon.programmes.models import Project, Stage
from beacon.risks import rules
from beacon.risks.models import (
    AssessmentStage,
    AssessmentStatus,
    EqualityAssessment,
    EqualityGroup,
    EqualityImpact,
    Risk,
    RiskStatus,
)
from beacon.risks.services import groups_for

LIKELIHOOD_WORDS = {1: "Rare", 2: "Unlikely", 3: "Possible", 4: "Likely", 5: "Almost certain"}
IMPACT_WORDS = {1: "Negligible", 2: "Minor", 3: "Moderate", 4: "Major", 5: "Severe"}
FINISHED = (Stage.CLOSED, Stage.STOPPED)
SHORT_LIST = 10


def band_ranges() -> list[tuple[str, str, int, int]]:
    """(key, words, lowest score, highest score) of every band, from the rule's own table."""
    ranges, lowest = [], 1
    for upper, words, _tag in rules.BANDS:
        ranges.append((words.lower().replace(" ", "_"), words, lowest, upper))
        lowest = upper + 1
    return ranges


BAND_CHOICES = [(key, words) for key, words, _low, _high in band_ranges()]


def with_scores(queryset: QuerySet[Risk]) -> QuerySet[Risk]:
    """Risks with ``inherent_value`` and ``residual_value`` (likelihood × impact) computed by the database."""
    return queryset.annotate(
        inherent_value=F("inherent_likelihood") * F("inherent_impact"),
        residual_value=F("residual_likelihood") * F("residual_impact"),
    )


# The register's order: highest score after controls first, then before controls, then by code.
HIGHEST_FIRST = (
    (F("residual_likelihood") * F("residual_impact")).desc(), (F("inherent_likelihood") * F("inherent_impact")).desc(),
    "code", "pk",
)


def band_q(key: str, basis: str = "residual") -> Q:
    for band_key, _words, low, high in band_ranges():
        if band_key == key:
            return Q(**{f"{basis}_value__gte": low, f"{basis}_value__lte": high})
    return Q(pk__in=[])


def overdue_q(today: dt.date) -> Q:
    """The rule of ``rules.review_overdue`` as a query."""
    return Q(review_date__lt=today, status=RiskStatus.OPEN)


@dataclass(frozen=True)
class Score:
    likelihood: int
    impact: int

    @property
    def value(self) -> int:
        return rules.score(self.likelihood, self.impact)

    @property
    def band(self) -> str:
        return rules.band(self.value)[0]

    @property
    def tag(self) -> str:
        return rules.band(self.value)[1]

    @property
    def likelihood_words(self) -> str:
        return LIKELIHOOD_WORDS[self.likelihood]

    @property
    def impact_words(self) -> str:
        return IMPACT_WORDS[self.impact]

    def __str__(self) -> str:
        return f"{self.value} ({self.band})"


def inherent(risk: Risk) -> Score:
    return Score(risk.inherent_likelihood, risk.inherent_impact)


def residual(risk: Risk) -> Score:
    return Score(risk.residual_likelihood, risk.residual_impact)


def owner_display(risk: Risk) -> str:
    """The owner's role title, else their name."""
    if risk.owner_title:
        return risk.owner_title
    owner = risk.owner
    return (owner.get_full_name() or owner.get_username()) if owner is not None else ""


@dataclass
class RiskRow:
    risk: Risk
    inherent: Score
    residual: Score
    owner: str
    overdue: bool


def risk_rows(risks: Iterable[Risk], today: dt.date | None = None) -> list[RiskRow]:
    today = today or timezone.localdate()
    return [
        RiskRow(risk, inherent(risk), residual(risk), owner_display(risk),
                rules.review_overdue(risk.review_date, risk.status, today))
        for risk in risks
    ]


# Heat map ---------------------------------------------------------------------------------------------------------

BASES = {"residual": "after controls (residual)", "inherent": "before controls (inherent)"}


def heat_map_of(risks: QuerySet[Risk], basis: str = "residual") -> rules.HeatMap:
    """The 5 × 5 grid of ``risks`` by likelihood and impact on ``basis``: one grouped query."""
    likelihood, impact = f"{basis}_likelihood", f"{basis}_impact"
    grid = rules.heat_map([])
    for row_likelihood, row_impact, n in (
        risks.order_by().values_list(likelihood, impact).annotate(n=Count("pk")).values_list(likelihood, impact, "n")
    ):
        grid.cells[row_likelihood][row_impact] += n
    return grid


# History of score changes ---------------------------------------------------------------------------------------

SCORE_FIELDS = ("inherent_likelihood", "inherent_impact", "residual_likelihood", "residual_impact")


@dataclass(frozen=True)
class ScoreChange:
    when: dt.datetime
    who: str
    old_inherent: Score | None
    new_inherent: Score
    old_residual: Score | None
    new_residual: Score


def score_changes(risk: Risk) -> list[ScoreChange]:
    """Every version of the risk whose scores differ from the version before (and its creation), newest
    first: who, when, old and new. One query."""
    history: Any = risk.history  # type: ignore[attr-defined]
    versions = list(history.select_related("history_user").only(
        "history_id", "history_date", *SCORE_FIELDS, "history_user__username", "history_user__first_name",
        "history_user__last_name",
    ).order_by("history_date", "history_id"))
    changes: list[ScoreChange] = []
    previous = None
    for version in versions:
        scores = tuple(getattr(version, name) for name in SCORE_FIELDS)
        if previous is None or scores != tuple(getattr(previous, name) for name in SCORE_FIELDS):
            user = version.history_user
            changes.append(ScoreChange(
                when=version.history_date,
                who=(user.get_full_name() or user.get_username()) if user is not None else "Not recorded",
                old_inherent=Score(previous.inherent_likelihood, previous.inherent_impact) if previous else None,
                new_inherent=Score(version.inherent_likelihood, version.inherent_impact),
                old_residual=Score(previous.residual_likelihood, previous.residual_impact) if previous else None,
                new_residual=Score(version.residual_likelihood, version.residual_impact),
            ))
        previous = version
    return list(reversed(changes))


# Equality: the stage warning --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProjectRef:
    """What a warning shows of its project (read as plain values: a council may have thousands at a key stage)."""

    pk: int
    code: str
    title: str

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()


@dataclass(frozen=True)
class StageWarning:
    project: ProjectRef
    reason: str


def stage_warnings(projects: QuerySet[Project], today: dt.date | None = None) -> list[StageWarning]:
    """The projects of ``projects`` at a key stage without a current equality impact assessment, with why
    (``rules.current_assessment_missing``). Two queries, whatever the number of projects.

    Every assessment of a project counts for the rule, also one the reader may not open: the warning says
    whether the project is covered, not what the assessment says."""
    today = today or timezone.localdate()
    key_stage = projects.filter(stage__in=rules.KEY_STAGES)
    at_key_stage = list(key_stage.order_by("code", "title", "pk").values_list("pk", "code", "title", "stage"))
    facts: dict[int, list[rules.AssessmentFact]] = defaultdict(list)
    # A subquery, not a list of ids: one query however many projects (and the same one when there are none).
    rows = EqualityAssessment.objects.filter(project__in=key_stage.values("pk")).values_list(
        "project_id", "status", "project_stage", "review_date"
    )
    for project_id, status, project_stage, review_date in rows:
        facts[project_id].append(
            rules.AssessmentFact(status == AssessmentStatus.SIGNED_OFF, project_stage, review_date)
        )
    warnings = []
    for pk, code, title, stage in at_key_stage:
        reason = rules.current_assessment_missing(stage, facts.get(pk, []), today)
        if reason:
            warnings.append(StageWarning(ProjectRef(pk, code, title), reason))
    return warnings


def organisation_stage_warnings(organisation: Organisation, user: Any) -> list[StageWarning]:
    return stage_warnings(policy.readable(Project.objects.filter(organisation=organisation), user))


# Equality: the cumulative impact ----------------------------------------------------------------------------------


@dataclass
class NegativeFinding:
    assessment_id: int
    title: str
    project: str
    mitigation: str


@dataclass
class GroupTotals:
    group: EqualityGroup
    counts: rules.GroupImpact
    negatives: list[NegativeFinding] = field(default_factory=list)


def current_assessment_ids(rows: Iterable[Mapping[str, Any]]) -> list[int]:
    """Per project, the current assessment: of its signed-off assessments still in date, the one that covers
    the latest stage; a full assessment before a screening; then the latest signed off."""
    best: dict[int, tuple[Any, ...]] = {}
    for row in rows:
        stage = row["project_stage"]
        key = (
            rules.STAGE_ORDER.index(stage) if stage in rules.STAGE_ORDER else -1,
            row["stage"] == AssessmentStage.FULL,
            row["signed_off_on"] or dt.date.min,
            row["pk"],
        )
        if row["project_id"] not in best or key > best[row["project_id"]]:
            best[row["project_id"]] = key
    return sorted(key[-1] for key in best.values())


def cumulative(organisation: Organisation, user: Any, programme_id: int | None = None,
               today: dt.date | None = None) -> tuple[list[GroupTotals], int]:
    """Per group (protected characteristics first, then local ones), how many current assessments of open
    projects find each impact, and the assessments behind the negatives; and how many assessments count.
    Only assessments the user may read are counted. Four queries."""
    today = today or timezone.localdate()
    assessments = policy.readable(EqualityAssessment.objects.filter(organisation=organisation), user).filter(
        status=AssessmentStatus.SIGNED_OFF, project__isnull=False,
    ).exclude(project__stage__in=FINISHED).filter(Q(review_date__isnull=True) | Q(review_date__gte=today))
    if programme_id is not None:
        assessments = assessments.filter(project__programme_id=programme_id)
    rows = list(assessments.values("pk", "project_id", "project_stage", "stage", "signed_off_on", "title",
                                   "project__code", "project__title"))
    current = set(current_assessment_ids(rows))
    described = {row["pk"]: row for row in rows if row["pk"] in current}
    impacts = list(EqualityImpact.objects.filter(assessment_id__in=current).values_list(
        "group_id", "impact", "assessment_id", "mitigation"
    ).order_by("assessment_id"))
    groups = groups_for(organisation.pk)
    counts = rules.cumulative_impact([str(group.pk) for group in groups],
                                     [(str(group_id), impact) for group_id, impact, _a, _m in impacts])
    totals = [GroupTotals(group, count) for group, count in zip(groups, counts, strict=True)]
    by_group = {total.group.pk: total for total in totals}
    for group_id, impact, assessment_id, mitigation in impacts:
        if impact == "negative" and group_id in by_group:
            row = described[assessment_id]
            project = " ".join(filter(None, [row["project__code"], row["project__title"]]))
            by_group[group_id].negatives.append(NegativeFinding(assessment_id, row["title"], project, mitigation))
    return totals, len(current)


# Panels for the project page and the dashboard ------------------------------------------------------------------


def project_panel(project: Project, user: Any) -> tuple[str, dict[str, Any]] | None:
    """The project page's risks and equality impact assessments, with the stage warning (three queries)."""
    risks = policy.readable(Risk.objects.filter(projects=project), user).select_related("owner").order_by("code")
    assessments = policy.readable(project.equality_assessments.all(), user).order_by("-created_at", "-pk")
    warnings = stage_warnings(Project.objects.filter(pk=project.pk))
    return "risks/_project_panel.html", {
        "risk_rows": risk_rows(risks),
        "assessments": list(assessments),
        "stage_warning": warnings[0].reason if warnings else "",
        "can_add_assessment": policy.can_create(user, project.organisation_id, EqualityAssessment)
        and policy.can_change(user, project),
        "can_add_risk": policy.can_create(user, project.organisation_id, Risk),
    }


@dataclass
class DashboardPanel:
    overdue: list[RiskRow]
    overdue_count: int
    warnings: list[StageWarning]
    warning_count: int


def dashboard_panel(organisation: Organisation, user: Any) -> DashboardPanel:
    """Overdue risk reviews and projects at a stage without a current assessment, a short list of each with
    the full count (four queries)."""
    today = timezone.localdate()
    overdue = policy.readable(Risk.objects.filter(organisation=organisation), user).filter(overdue_q(today))
    first = list(overdue.select_related("owner").order_by("review_date", "code")[:SHORT_LIST])
    count = overdue.count()
    warnings = organisation_stage_warnings(organisation, user)
    return DashboardPanel(risk_rows(first, today), count, warnings[:SHORT_LIST], len(warnings))
