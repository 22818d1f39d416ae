"""Equality impact assessment pages: the list (with the stage warning), an assessment's page, adding and changing
one (screening, then full), its impacts on every group in one form, sign-off, the programme's cumulative impact,
and the organisation's local groups.

Who may do what: the permission policy, plus ``services``: only the administrator, programme manager or
monitoring officer signs off, and a signed-off assessment is locked for everyone else."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path
from django.utils import timezone
from django.views import generic

from beacon.core import policy
from beacon.core.generic import (
    RecordCreateView,
    RecordDetailView,
    RecordListView,
    RecordUpdateView,
    RefusesStaleEdit,
    org_url,
)
from beacon.core.models import Role
from beacon.programmes.models import Programme, Project
from beacon.risks import filters, forms, selectors, services
from beacon.risks.models import AssessmentStage, EqualityAssessment, EqualityGroup, Impact
from beacon.risks.views.risks import RisksSection

IMPACT_TAGS = {
    Impact.POSITIVE: "govuk-tag--green", Impact.NEUTRAL: "govuk-tag--grey", Impact.NEGATIVE: "govuk-tag--red",
    Impact.UNKNOWN: "govuk-tag--yellow",
}
WARNING_LIMIT = 20


class AssessmentSection(RisksSection):
    risks_key = "assessments"

    def assessment_url(self, pk: int) -> str:
        return org_url("risks:assessment-detail", self.organisation, pk=pk)


def readable_assessment(view: Any, pk: int) -> EqualityAssessment:
    """The assessment of the URL: 404 unless the user may read it here."""
    assessment = get_object_or_404(EqualityAssessment.objects.select_related("project"), pk=pk)
    if assessment.organisation_id != view.organisation.pk or not policy.can_read(view.request.user, assessment):
        raise Http404("No such record for you.")
    return assessment


class AssessmentList(AssessmentSection, RecordListView):
    model = EqualityAssessment
    template_name = "risks/assessment_list.html"
    filterset_class = filters.EqualityAssessmentFilterSet
    page_title = "Equality impact assessments"
    export_name = "equality-assessments"
    create_label = "Add an assessment"
    select_related = ("project",)

    def base_queryset(self) -> QuerySet:
        return EqualityAssessment.objects.order_by("-created_at", "-pk")

    def create_url(self) -> str:
        return org_url("risks:assessment-create", self.organisation)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        warnings = selectors.organisation_stage_warnings(self.organisation, self.request.user)
        context.update(stage_warnings=warnings[:WARNING_LIMIT], stage_warning_count=len(warnings),
                       impact_tags=IMPACT_TAGS)
        return context


class AssessmentDetail(AssessmentSection, RecordDetailView):
    model = EqualityAssessment
    template_name = "risks/assessment_detail.html"

    def get_queryset(self) -> QuerySet:
        return EqualityAssessment.objects.select_related("project")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        assessment = self.object
        user = self.request.user
        may_edit = services.may_edit(user, assessment)
        recorded = {impact.group_id: impact for impact in assessment.impacts.all()}
        rows = [(group, recorded.get(group.pk)) for group in services.groups_for(self.organisation.pk)]
        project = assessment.project
        warnings = selectors.stage_warnings(Project.objects.filter(pk=project.pk)) if project else []
        full = None
        if project and assessment.stage == AssessmentStage.SCREENING and assessment.full_assessment_needed:
            full = policy.readable(project.equality_assessments.filter(stage=AssessmentStage.FULL), user).first()
        context.update(
            can_change=may_edit,
            edit_url=org_url("risks:assessment-edit", self.organisation, pk=assessment.pk) if may_edit else None,
            impacts_url=org_url("risks:assessment-impacts", self.organisation, pk=assessment.pk),
            sign_off_url=org_url("risks:assessment-sign-off", self.organisation, pk=assessment.pk),
            may_sign_off=services.may_sign_off(user, assessment),
            locked=assessment.status == "signed_off",
            rows=rows, impact_tags=IMPACT_TAGS, recorded_count=len(recorded),
            stage_warning=warnings[0].reason if warnings else "",
            full_assessment=full,
            may_start_full=project is not None and policy.can_create(user, self.organisation, EqualityAssessment)
            and policy.can_change(user, project),
            caption=assessment.get_stage_display(),
            breadcrumbs=[{"label": "Equality impact assessments",
                          "url": org_url("risks:assessment-list", self.organisation)}],
        )
        return context


class AssessmentFormPage(AssessmentSection):
    object: Any

    def get_success_url(self) -> str:
        return self.assessment_url(self.object.pk)


class AssessmentCreate(AssessmentFormPage, RecordCreateView):
    """Add a screening or a full assessment; ``?from=<screening>`` starts the full one a screening asked for."""

    model = EqualityAssessment
    template_name = "risks/assessment_form.html"
    form_class = forms.EqualityAssessmentForm
    extra_context = {"page_title": "Add an equality impact assessment", "submit_label": "Add assessment"}
    success_message = "Assessment added"

    def get_initial(self) -> dict[str, Any]:
        initial: dict[str, Any] = {"stage": AssessmentStage.SCREENING}
        if "project" in self.request.GET:
            initial["project"] = self.request.GET.get("project")
        screening_id = self.request.GET.get("from", "")
        if screening_id.isdigit():
            screening = readable_assessment(self, int(screening_id))
            initial.update(project=screening.project_id, stage=AssessmentStage.FULL,
                           project_stage=screening.project_stage, title=f"Full assessment: {screening.title}",
                           confidential=screening.confidential)
        return initial


class AssessmentEdit(AssessmentFormPage, RecordUpdateView):
    model = EqualityAssessment
    template_name = "risks/assessment_form.html"
    form_class = forms.EqualityAssessmentForm
    extra_context = {"page_title": "Change equality impact assessment"}
    success_message = "Assessment saved"

    def get_object(self, queryset: QuerySet | None = None) -> Any:
        assessment = cast(EqualityAssessment, super().get_object(queryset))
        if services.is_locked(self.request.user, assessment):
            raise PermissionDenied
        return assessment

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(caption=str(self.object), cancel_url=self.get_success_url())
        return context


class AssessmentImpacts(AssessmentSection, generic.TemplateView):
    """The assessment's impact on every group, one row per group (a formset), saved in one go."""

    template_name = "risks/assessment_impacts.html"

    def setup_assessment(self) -> None:
        self.assessment = readable_assessment(self, self.kwargs["pk"])
        if not services.may_edit(self.request.user, self.assessment):
            raise PermissionDenied
        self.groups = services.groups_for(self.organisation.pk)

    def formset(self, data: Any = None) -> Any:
        recorded = {impact.group_id: impact for impact in self.assessment.impacts.all()}
        initial = [
            {"impact": recorded[g.pk].impact, "evidence": recorded[g.pk].evidence,
             "mitigation": recorded[g.pk].mitigation} if g.pk in recorded else {}
            for g in self.groups
        ]
        formset_class: Any = forms.ImpactFormSet
        formset = formset_class(data, initial=initial, groups=self.groups, prefix="impacts")
        if data is not None:
            formset.management_form.is_valid()
        return formset

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.setup_assessment()
        return self.render_to_response(self.get_context_data(formset=self.formset()))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.setup_assessment()
        formset = self.formset(request.POST)
        if len(formset.forms) != len(self.groups):
            # A stale form (a group added meanwhile): draw the rows again rather than save them against the wrong
            # groups.
            messages.error(request, "The list of groups has changed: check the rows and save again.")
            return self.render_to_response(self.get_context_data(formset=self.formset()))
        if not formset.is_valid():
            return self.render_to_response(self.get_context_data(formset=formset))
        entries = [
            services.ImpactEntry(form.group, form.cleaned_data["impact"], form.cleaned_data["evidence"],
                                 form.cleaned_data["mitigation"])
            for form in formset.forms
        ]
        services.record_impacts(actor=request.user, assessment=self.assessment, entries=entries)
        messages.success(request, f"Impacts saved: {self.assessment}")
        return HttpResponseRedirect(self.assessment_url(self.assessment.pk))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        formset = context["formset"]
        context.update(
            page_title="Impact on each group", caption=str(self.assessment), assessment=self.assessment,
            cancel_url=self.assessment_url(self.assessment.pk),
            errors=[(form, field, error) for form in formset.forms for field in form
                    for error in field.errors] if formset.is_bound else [],
        )
        return context


class AssessmentSignOff(AssessmentSection, RefusesStaleEdit, generic.FormView):
    """Sign-off by a role title and a date: the administrator, programme manager or monitoring officer only."""

    template_name = "risks/assessment_form.html"
    form_class = forms.SignOffForm
    versioned_model = EqualityAssessment

    def versioned_record(self) -> EqualityAssessment:
        return self.assessment

    def get_assessment(self) -> EqualityAssessment:
        assessment = readable_assessment(self, self.kwargs["pk"])
        if not services.may_sign_off(self.request.user, assessment):
            raise PermissionDenied
        return assessment

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.assessment = self.get_assessment()
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.assessment = self.get_assessment()
        return super().post(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        return {"signed_off_by_title": self.assessment.signed_off_by_title,
                "signed_off_on": self.assessment.signed_off_on or timezone.localdate()}

    def form_valid(self, form: Any) -> HttpResponse:
        services.sign_off_assessment(actor=self.request.user, assessment=self.assessment,
                                     title=form.cleaned_data["signed_off_by_title"],
                                     on=form.cleaned_data["signed_off_on"])
        messages.success(self.request, f"Signed off: {self.assessment}")
        return HttpResponseRedirect(self.assessment_url(self.assessment.pk))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(page_title="Sign off the assessment", caption=str(self.assessment), submit_label="Sign off",
                       cancel_url=self.assessment_url(self.assessment.pk), sign_off=True)
        return context


class Cumulative(RisksSection, generic.TemplateView):
    """The programme's cumulative impact on each group, from the current assessments of its open projects."""

    template_name = "risks/cumulative.html"
    risks_key = "cumulative"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        programmes = list(policy.readable(Programme.objects.filter(organisation=self.organisation), user)
                          .only("pk", "title").order_by("title"))
        chosen = next((p for p in programmes if str(p.pk) == self.request.GET.get("programme")), None)
        totals, assessed = selectors.cumulative(self.organisation, user, chosen.pk if chosen else None)
        context.update(
            page_title="Cumulative equality impact", programmes=programmes, programme=chosen, totals=totals,
            assessed=assessed, repeated=[total for total in totals if total.counts.negative >= 2],
        )
        return context


# Local groups ------------------------------------------------------------------------------------------------------


class GroupList(RisksSection, generic.TemplateView):
    template_name = "risks/group_list.html"
    risks_key = "groups"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        groups = services.groups_for(self.organisation.pk)
        context.update(
            page_title="Equality groups", statutory=[g for g in groups if g.organisation_id is None],
            local=[g for g in groups if g.organisation_id is not None],
            can_manage=policy.role_in(self.request.user, self.organisation) == Role.ADMIN,
        )
        return context


class GroupFormPage(RisksSection, RefusesStaleEdit, generic.UpdateView):
    """Adding or renaming a local group: the organisation's administrator only."""

    risks_key = "groups"
    model = EqualityGroup
    form_class = forms.EqualityGroupForm
    template_name = "risks/group_form.html"
    object: Any

    def check(self) -> None:
        if policy.role_in(self.request.user, self.organisation) != Role.ADMIN:
            raise PermissionDenied

    def get_object(self, queryset: QuerySet | None = None) -> Any:
        if "pk" not in self.kwargs:
            return None
        # Only this organisation's own groups: the protected characteristics are the law's, not ours to rename.
        return get_object_or_404(EqualityGroup, pk=self.kwargs["pk"], organisation=self.organisation)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        self.check()
        return self.render_to_response(self.get_context_data())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        self.check()
        return super().post(request, *args, **kwargs)  # locks the group's row, reads it again, refuses if stale

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["organisation"] = self.organisation
        return kwargs

    def form_valid(self, form: Any) -> HttpResponse:
        group = form.save()
        messages.success(self.request, f"Group saved: {group}")
        return HttpResponseRedirect(org_url("risks:group-list", self.organisation))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        adding = self.object is None
        context.update(page_title="Add a local group" if adding else "Change a local group",
                       submit_label="Add group" if adding else "Save",
                       cancel_url=org_url("risks:group-list", self.organisation))
        return context


urlpatterns: list[URLPattern] = [
    path("equality/", AssessmentList.as_view(), name="assessment-list"),
    path("equality/add/", AssessmentCreate.as_view(), name="assessment-create"),
    path("equality/cumulative/", Cumulative.as_view(), name="cumulative"),
    path("equality/groups/", GroupList.as_view(), name="group-list"),
    path("equality/groups/add/", GroupFormPage.as_view(), name="group-create"),
    path("equality/groups/<int:pk>/edit/", GroupFormPage.as_view(), name="group-edit"),
    path("equality/<int:pk>/", AssessmentDetail.as_view(), name="assessment-detail"),
    path("equality/<int:pk>/edit/", AssessmentEdit.as_view(), name="assessment-edit"),
    path("equality/<int:pk>/impacts/", AssessmentImpacts.as_view(), name="assessment-impacts"),
    path("equality/<int:pk>/sign-off/", AssessmentSignOff.as_view(), name="assessment-sign-off"),
]
