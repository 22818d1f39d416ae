"""The transformation capability maturity self-assessment (PRODUCT C6): the framework (its levels and capabilities,
data that the administrator and programme office edit), the assessments (self-assessment or peer review, a row per
capability), the improvement actions per capability, and the history and comparison of every capability's score
across assessments, with a bar chart and a table of the same figures.

Everyone in the organisation reads these pages; the framework's writers (``FRAMEWORK_WRITERS``) write them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path
from django.utils.safestring import mark_safe
from django.views import generic

from beacon.core import policy
from beacon.core.generic import (
    STALE_STATUS,
    VERSION_FIELD,
    OrganisationMixin,
    RecordCreateView,
    RecordDetailView,
    RecordListView,
    RecordUpdateView,
    RefusesStaleEdit,
    carry_version,
    is_stale,
    org_url,
    stale_edit_message,
)
from beacon.core.templatetags.govuk import govuk_date
from beacon.governance import filters, services
from beacon.governance import forms_maturity as forms
from beacon.governance.charts import Series, level_label, maturity_chart
from beacon.governance.models import (
    AssessmentKind,
    Capability,
    ImprovementAction,
    MaturityAssessment,
    MaturityFramework,
    MaturityScore,
)

NAV = "governance"


def maturity_links(organisation: Any, active: str) -> list[dict[str, Any]]:
    """The maturity section's own navigation."""
    return [
        {"label": label, "url": org_url(name, organisation), "active": key == active}
        for key, label, name in [
            ("frameworks", "Framework", "governance:maturity-framework-list"),
            ("assessments", "Assessments", "governance:maturity-assessment-list"),
        ]
    ]


class MaturitySection:
    organisation: Any
    nav_section = NAV
    maturity_key = ""
    crumbs: tuple[tuple[str, str], ...] = ()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["maturity_links"] = maturity_links(self.organisation, self.maturity_key)
        if self.crumbs:
            context.setdefault("breadcrumbs", [
                {"label": label, "url": org_url(name, self.organisation)} for label, name in self.crumbs
            ])
        return context


def assessment_label(assessment: MaturityAssessment) -> str:
    """ "Self-assessment, 15 January 2024"."""
    return f"{assessment.get_kind_display()}, {govuk_date(assessment.date)}"


# Frameworks ------------------------------------------------------------------------------------------------------


class FrameworkList(MaturitySection, RecordListView):
    model = MaturityFramework
    template_name = "governance/maturity/framework_list.html"
    filterset_class = filters.MaturityFrameworkFilterSet
    page_title = "Capability maturity frameworks"
    export_name = "maturity-frameworks"
    create_label = "Add a framework"
    maturity_key = "frameworks"

    def base_queryset(self) -> QuerySet:
        return MaturityFramework.objects.annotate(
            capability_count=Count("capabilities", distinct=True), assessment_count=Count("assessments", distinct=True)
        ).order_by("title", "pk")

    def create_url(self) -> str:
        return org_url("governance:maturity-framework-create", self.organisation)


class FrameworkDetail(MaturitySection, RecordDetailView):
    model = MaturityFramework
    template_name = "governance/maturity/framework_detail.html"
    edit_url_name = "governance:maturity-framework-edit"
    maturity_key = "frameworks"
    crumbs = (("Capability maturity frameworks", "governance:maturity-framework-list"),)

    def get_queryset(self) -> QuerySet:
        return MaturityFramework.objects.prefetch_related(
            "levels", Prefetch("capabilities", queryset=Capability.objects.prefetch_related("actions"))
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        framework = self.object
        user = self.request.user
        context.update(
            caption="Capability maturity framework",
            levels=forms.level_rows(framework),
            capabilities=list(framework.capabilities.all()),
            can_add_capability=context["can_change"] and policy.can_create(user, self.organisation, Capability),
            can_add_action=policy.can_create(user, self.organisation, ImprovementAction),
            can_assess=policy.can_create(user, self.organisation, MaturityAssessment),
            assessments=list(framework.assessments.order_by("-date", "kind", "pk")[:5]),
        )
        return context


class FrameworkFormMixin:
    request: HttpRequest
    organisation: Any
    object: Any

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)  # type: ignore[misc]
        form.save_levels(self.object, actor=self.request.user)
        return response

    success_url_name: str | None = "governance:maturity-framework-detail"


class FrameworkCreate(MaturitySection, FrameworkFormMixin, RecordCreateView):
    model = MaturityFramework
    form_class = forms.FrameworkForm
    template_name = "governance/maturity/form.html"
    extra_context = {"page_title": "Add a capability maturity framework", "submit_label": "Add framework"}
    success_message = "Framework added"
    crumbs = (("Capability maturity frameworks", "governance:maturity-framework-list"),)


class FrameworkEdit(MaturitySection, FrameworkFormMixin, RecordUpdateView):
    model = MaturityFramework
    form_class = forms.FrameworkForm
    template_name = "governance/maturity/form.html"
    extra_context = {"page_title": "Change the framework and its levels"}
    crumbs = (("Capability maturity frameworks", "governance:maturity-framework-list"),)


class ChildCreate(MaturitySection, RecordCreateView):
    """Adds a record to a parent named in the URL: 404 unless the user may read it, 403 unless they may change it."""

    template_name = "governance/maturity/form.html"
    parent_model: type[Any]
    parent: Any

    def check_create(self) -> None:
        parent = get_object_or_404(self.parent_model._default_manager.all(), pk=self.kwargs["pk"])
        if parent.organisation_id != self.organisation.pk or not policy.can_read(self.request.user, parent):
            raise Http404("No such record for you.")
        self.parent = parent
        super().check_create()
        if not policy.can_change(self.request.user, parent):
            raise PermissionDenied

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["parent"] = self.parent
        return kwargs


class CapabilityCreate(ChildCreate):
    model = Capability
    parent_model = MaturityFramework
    form_class = forms.CapabilityForm
    success_message = "Capability added"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(page_title="Add a capability", caption=str(self.parent), submit_label="Add capability",
                       cancel_url=org_url("governance:maturity-framework-detail", self.organisation,
                                          pk=self.parent.pk))
        return context

    success_url_name = "governance:maturity-framework-detail"
    success_pk_field = "framework_id"


class CapabilityEdit(MaturitySection, RecordUpdateView):
    model = Capability
    form_class = forms.CapabilityForm
    template_name = "governance/maturity/form.html"
    success_message = "Capability saved"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(page_title="Change a capability", caption=str(self.object.framework),
                       cancel_url=self.get_success_url())
        return context

    success_url_name = "governance:maturity-framework-detail"
    success_pk_field = "framework_id"


class ActionCreate(ChildCreate):
    model = ImprovementAction
    parent_model = Capability
    form_class = forms.ImprovementActionForm
    success_message = "Improvement action added"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(page_title="Add an improvement action", caption=str(self.parent), submit_label="Add action",
                       cancel_url=org_url("governance:maturity-framework-detail", self.organisation,
                                          pk=self.parent.framework_id))
        return context

    def get_success_url(self) -> str:
        return org_url("governance:maturity-framework-detail", self.organisation, pk=self.parent.framework_id)


class ActionEdit(MaturitySection, RecordUpdateView):
    model = ImprovementAction
    form_class = forms.ImprovementActionForm
    template_name = "governance/maturity/form.html"
    success_message = "Improvement action saved"

    def get_queryset(self) -> QuerySet:
        return ImprovementAction.objects.select_related("capability")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(page_title="Change an improvement action", caption=str(self.object.capability),
                       cancel_url=self.get_success_url())
        return context

    def get_success_url(self) -> str:
        return org_url("governance:maturity-framework-detail", self.organisation,
                       pk=self.object.capability.framework_id)


# Assessments -----------------------------------------------------------------------------------------------------


class AssessmentList(MaturitySection, RecordListView):
    model = MaturityAssessment
    template_name = "governance/maturity/assessment_list.html"
    filterset_class = filters.MaturityAssessmentFilterSet
    page_title = "Capability maturity assessments"
    export_name = "maturity-assessments"
    create_label = "Add an assessment"
    maturity_key = "assessments"
    select_related = ("framework",)

    def base_queryset(self) -> QuerySet:
        return MaturityAssessment.objects.annotate(score_count=Count("scores")).order_by("-date", "kind", "pk")

    def create_url(self) -> str | None:
        own = MaturityFramework.objects.filter(organisation=self.organisation)
        frameworks = list(own.values_list("pk", flat=True)[:2])
        if len(frameworks) == 1:
            return org_url("governance:maturity-assessment-create", self.organisation, pk=frameworks[0])
        return org_url("governance:maturity-framework-list", self.organisation)


def score_rows(assessment: MaturityAssessment, scores: list[MaturityScore], user: Any) -> list[dict[str, Any]]:
    """A row per capability of the framework: its score (or none), the level it reaches and its evidence; a linked
    risk is named only to those who may read it."""
    by_capability = {score.capability_id: score for score in scores}
    levels = forms.levels_of(assessment.framework)
    rows = []
    for capability in assessment.framework.capabilities.all():
        score = by_capability.get(capability.pk)
        level = int(score.score) if score is not None else None
        linked = score.risk if score is not None else None
        risk = linked if linked is not None and policy.can_read(user, linked) else None
        rows.append({"capability": capability, "score": score,
                     "level": level_label(level, levels.get(level, "")) if level else "", "risk": risk})
    return rows


class AssessmentDetail(MaturitySection, RecordDetailView):
    model = MaturityAssessment
    template_name = "governance/maturity/assessment_detail.html"
    edit_url_name = "governance:maturity-assessment-edit"
    maturity_key = "assessments"
    crumbs = (("Capability maturity assessments", "governance:maturity-assessment-list"),)

    def get_queryset(self) -> QuerySet:
        return MaturityAssessment.objects.select_related("framework").prefetch_related(
            "framework__levels", "framework__capabilities"
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        assessment = self.object
        scores = list(assessment.scores.select_related("risk"))
        rows = score_rows(assessment, scores, self.request.user)
        levels = forms.levels_of(assessment.framework)
        capabilities = [(row["capability"].pk, row["capability"].title) for row in rows]
        series = [Series(assessment_label(assessment), assessment.kind == AssessmentKind.PEER,
                         {score.capability_id: score.score for score in scores})]
        context.update(
            caption=f"{assessment.framework}",
            page_title=assessment_label(assessment),
            rows=rows,
            chart=mark_safe(maturity_chart(  # noqa: S308 - our own SVG, text escaped by ElementTree
                capabilities, series, levels=levels, chart_id=f"maturity-{assessment.pk}",
                title=f"Maturity scores: {assessment_label(assessment)}",
                description="A bar for each capability's score on the 1 to 5 maturity index. The table below the "
                            "chart gives the same figures.",
            )) if scores else "",
            comparison_url=org_url("governance:maturity-comparison", self.organisation, pk=assessment.framework_id),
        )
        return context


class AssessmentFormView(MaturitySection, OrganisationMixin, generic.TemplateView):
    """Create or edit an assessment: the assessment's own fields, then a row per capability of its framework."""

    template_name = "governance/maturity/assessment_form.html"
    maturity_key = "assessments"
    crumbs = (("Capability maturity assessments", "governance:maturity-assessment-list"),)
    assessment: MaturityAssessment | None = None
    framework: MaturityFramework
    version_now: str | None = None  # the assessment's version, read from its locked row (edit: RefusesStaleEdit)
    refuse_stale_edit: Callable[[], HttpResponse]  # edit only: a new assessment has no version to be stale
    # Find the framework (create) or the assessment (edit), and check the policy: each page says how.
    setup_records: Callable[[], None]

    def build_forms(self, data: Any = None) -> tuple[forms.AssessmentForm, forms.ScoresForm]:
        capabilities = list(self.framework.capabilities.all())
        existing = {s.capability_id: s for s in self.assessment.scores.all()} if self.assessment else {}
        main = forms.AssessmentForm(data, instance=self.assessment, framework=self.framework,
                                    user=self.request.user, organisation=self.organisation, prefix="assessment")
        carry_version(main, self.assessment, self.version_now)
        rows = forms.ScoresForm(data, capabilities=capabilities, user=self.request.user,
                                organisation=self.organisation, existing=existing, prefix="row")
        return main, rows

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.setup_records()
        main, rows = self.build_forms()
        return self.show(main, rows)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.setup_records()
        main, rows = self.build_forms(request.POST)
        main_ok, rows_ok = main.is_valid(), rows.is_valid()
        if is_stale(main):
            return self.refuse_stale_edit()
        if main_ok and rows_ok and forms.check_scores(rows, main.instance):
            assessment = services.save_assessment(actor=request.user, assessment=main.save(commit=False),
                                               scores=rows.scores())
            messages.success(request, f"Assessment saved: {assessment_label(assessment)}")
            return HttpResponseRedirect(org_url("governance:maturity-assessment-detail", self.organisation,
                                                pk=assessment.pk))
        return self.show(main, rows, status=200)

    def show(self, main: forms.AssessmentForm, rows: forms.ScoresForm, status: int = 200) -> HttpResponse:
        context = self.get_context_data(
            form=main, rows_form=rows, rows=rows.rows(), framework=self.framework,
            levels=forms.level_rows(self.framework),
            errors=[*main.errors.values(), *rows.errors.values()],
        )
        return render(self.request, self.template_name, context, status=status)


class AssessmentCreate(AssessmentFormView):
    def setup_records(self) -> None:
        framework = get_object_or_404(MaturityFramework.objects.prefetch_related("levels"), pk=self.kwargs["pk"])
        if framework.organisation_id != self.organisation.pk:
            raise Http404("No such record for you.")
        if not policy.can_create(self.request.user, self.organisation, MaturityAssessment):
            raise PermissionDenied
        self.framework = framework

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(page_title="Add an assessment", caption=str(self.framework), submit_label="Save assessment",
                       cancel_url=org_url("governance:maturity-assessment-list", self.organisation))
        return context


class AssessmentEdit(RefusesStaleEdit, AssessmentFormView):
    versioned_model = MaturityAssessment
    version_field = f"assessment-{VERSION_FIELD}"  # on the main form, whose prefix is "assessment"

    def refuse_stale_edit(self) -> HttpResponse:
        """The forms again, filled with the assessment as it is now, with the reason; nothing is saved."""
        assert self.assessment is not None
        self.assessment.refresh_from_db()
        main, rows = self.build_forms()
        main.cleaned_data = {}
        main.add_error(None, stale_edit_message(self.assessment))
        return self.show(main, rows, status=STALE_STATUS)

    def versioned_record(self) -> MaturityAssessment | None:
        return self.assessment

    def setup_records(self) -> None:
        assessment = get_object_or_404(MaturityAssessment.objects.select_related("framework"), pk=self.kwargs["pk"])
        if assessment.organisation_id != self.organisation.pk or not policy.can_read(self.request.user, assessment):
            raise Http404("No such record for you.")
        if not policy.can_change(self.request.user, assessment):
            raise PermissionDenied
        self.assessment = assessment
        self.framework = assessment.framework

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        assert self.assessment is not None
        context.update(page_title="Change an assessment", caption=assessment_label(self.assessment),
                       submit_label="Save assessment",
                       cancel_url=org_url("governance:maturity-assessment-detail", self.organisation,
                                          pk=self.assessment.pk))
        return context


# History and comparison ------------------------------------------------------------------------------------------


def history(framework: MaturityFramework) -> dict[str, Any]:
    """Every assessment of the framework in date order (self-assessment before peer review on the same date), and
    each capability's score in each: two queries whatever the number of assessments."""
    assessments = list(framework.assessments.order_by("date", "kind", "pk"))
    scores: dict[int, dict[int, MaturityScore]] = defaultdict(dict)
    for score in MaturityScore.objects.filter(assessment__framework=framework).only(
        "assessment_id", "capability_id", "score"
    ):
        scores[score.capability_id][score.assessment_id] = score
    capabilities = list(framework.capabilities.all())
    rows = [
        {"capability": capability,
         "cells": [scores[capability.pk].get(assessment.pk) for assessment in assessments]}
        for capability in capabilities
    ]
    return {"assessments": assessments, "rows": rows, "scores": scores, "capabilities": capabilities}


class Comparison(MaturitySection, RecordDetailView):
    """Each capability's score per assessment date, self-assessments and peer reviews side by side, as a chart
    and as a table."""

    model = MaturityFramework
    template_name = "governance/maturity/comparison.html"
    maturity_key = "assessments"
    crumbs = (("Capability maturity assessments", "governance:maturity-assessment-list"),)

    def get_queryset(self) -> QuerySet:
        return MaturityFramework.objects.prefetch_related("levels")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.pop("edit_url", None)
        framework = self.object
        found = history(framework)
        series = [
            Series(assessment_label(assessment), assessment.kind == AssessmentKind.PEER,
                   {cap_id: by_assessment[assessment.pk].score
                    for cap_id, by_assessment in found["scores"].items() if assessment.pk in by_assessment})
            for assessment in found["assessments"]
        ]
        capabilities = [(capability.pk, capability.title) for capability in found["capabilities"]]
        context.update(
            caption=str(framework), page_title="Maturity over time: self-assessment and peer review",
            history=found,
            chart=mark_safe(maturity_chart(  # noqa: S308 - our own SVG, text escaped by ElementTree
                capabilities, series, levels=forms.levels_of(framework), chart_id=f"maturity-history-{framework.pk}",
                title="Maturity scores by capability and assessment",
                description="For each capability, a bar for each assessment in date order; peer reviews are "
                            "hatched. The table below the chart gives the same figures.",
            )) if series and capabilities else "",
            levels=forms.level_rows(framework),
        )
        return context


urlpatterns: list[URLPattern] = [
    path("maturity/", FrameworkList.as_view(), name="maturity-framework-list"),
    path("maturity/add/", FrameworkCreate.as_view(), name="maturity-framework-create"),
    path("maturity/<int:pk>/", FrameworkDetail.as_view(), name="maturity-framework-detail"),
    path("maturity/<int:pk>/edit/", FrameworkEdit.as_view(), name="maturity-framework-edit"),
    path("maturity/<int:pk>/comparison/", Comparison.as_view(), name="maturity-comparison"),
    path("maturity/<int:pk>/capabilities/add/", CapabilityCreate.as_view(), name="maturity-capability-create"),
    path("maturity/<int:pk>/assess/", AssessmentCreate.as_view(), name="maturity-assessment-create"),
    path("maturity/capabilities/<int:pk>/edit/", CapabilityEdit.as_view(), name="maturity-capability-edit"),
    path("maturity/capabilities/<int:pk>/actions/add/", ActionCreate.as_view(), name="maturity-action-create"),
    path("maturity/actions/<int:pk>/edit/", ActionEdit.as_view(), name="maturity-action-edit"),
    path("maturity/assessments/", AssessmentList.as_view(), name="maturity-assessment-list"),
    path("maturity/assessments/<int:pk>/", AssessmentDetail.as_view(), name="maturity-assessment-detail"),
    path("maturity/assessments/<int:pk>/edit/", AssessmentEdit.as_view(), name="maturity-assessment-edit"),
]
