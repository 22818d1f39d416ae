"""Target operating model pages: the list by service, a model's page with the six parameters as-is and to-be side
by side (and the projects and KPIs it links to, as far as the user may read them), adding and changing a model,
writing its six parameters in one form, and one parameter compared across every service's model."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path
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
from beacon.engagement import filters, forms_places, services
from beacon.engagement.models import PARAMETER_QUESTIONS, OperatingModel, OperatingModelParameter, Parameter
from beacon.engagement.views import EngagementSection
from beacon.performance.models import Kpi
from beacon.programmes.models import Project

M2M_FIELDS = ("projects", "kpis")


class OperatingModelSection(EngagementSection):
    engagement_key = "operating-models"

    def model_url(self, pk: int) -> str:
        return org_url("engagement:operating-model-detail", self.organisation, pk=pk)

    def list_crumb(self) -> dict[str, str]:
        return {"label": "Operating models", "url": org_url("engagement:operating-model-list", self.organisation)}


def readable_model(view: Any, pk: int) -> OperatingModel:
    """The operating model of the URL: 404 unless the user may read it here."""
    model = get_object_or_404(OperatingModel.objects.select_related("programme"), pk=pk)
    if model.organisation_id != view.organisation.pk or not policy.can_read(view.request.user, model):
        raise Http404("No such record for you.")
    return model


class OperatingModelList(OperatingModelSection, RecordListView):
    model = OperatingModel
    template_name = "engagement/operating_model_list.html"
    filterset_class = filters.OperatingModelFilterSet
    page_title = "Target operating models"
    export_name = "operating-models"
    create_label = "Add an operating model"
    select_related = ("programme",)

    def base_queryset(self) -> QuerySet:
        # Counts of what the user may read: a viewer is not told of a confidential project by its count.
        user = self.request.user
        readable_projects = policy.readable(Project.objects.all(), user).values("pk")
        readable_kpis = policy.readable(Kpi.objects.all(), user).values("pk")
        return OperatingModel.objects.annotate(
            project_count=Count("projects", filter=Q(projects__in=readable_projects), distinct=True),
            kpi_count=Count("kpis", filter=Q(kpis__in=readable_kpis), distinct=True),
            to_be_count=Count("parameters", filter=~Q(parameters__to_be=""), distinct=True),
        ).order_by("service", "title", "pk")

    def create_url(self) -> str:
        return org_url("engagement:operating-model-create", self.organisation)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["parameter_count"] = len(Parameter.values)
        return context


class OperatingModelDetail(OperatingModelSection, RecordDetailView):
    model = OperatingModel
    template_name = "engagement/operating_model_detail.html"
    edit_url_name = "engagement:operating-model-edit"

    def get_queryset(self) -> QuerySet:
        return OperatingModel.objects.select_related("programme")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        model = self.object
        user = self.request.user
        recorded = {row.parameter: row for row in model.parameters.all()}
        programme = model.programme
        context.update(
            caption=model.service,
            parameters=[
                {"label": Parameter(value).label, "question": PARAMETER_QUESTIONS[Parameter(value)],
                 "row": recorded.get(value)}
                for value in Parameter.values
            ],
            programme=programme if programme is not None and policy.can_read(user, programme) else None,
            projects=list(policy.readable(model.projects.all(), user).order_by("code", "title")),
            kpis=list(policy.readable(model.kpis.all(), user).order_by("code", "title")),
            parameters_url=org_url("engagement:operating-model-parameters", self.organisation, pk=model.pk),
            compare_url=org_url("engagement:operating-model-compare", self.organisation),
            breadcrumbs=[self.list_crumb()],
        )
        return context


class OperatingModelCreate(OperatingModelSection, RecordCreateView):
    """A new model with its six parameter rows (``services.create_operating_model``)."""

    model = OperatingModel
    form_class = forms_places.OperatingModelForm
    template_name = "engagement/operating_model_form.html"
    extra_context = {"page_title": "Add an operating model", "submit_label": "Add operating model"}
    success_message = "Operating model added"

    def form_valid(self, form: Any) -> HttpResponse:
        fields = {name: value for name, value in form.cleaned_data.items() if name not in M2M_FIELDS}
        with transaction.atomic():
            self.object = services.create_operating_model(organisation=self.organisation, actor=self.request.user,
                                                          **fields)
            for name in M2M_FIELDS:
                getattr(self.object, name).set(form.cleaned_data[name])
        messages.success(self.request, f"{self.success_message}: {self.object}")
        return HttpResponseRedirect(self.get_success_url())

    def get_success_url(self) -> str:
        return self.model_url(self.object.pk)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(cancel_url=org_url("engagement:operating-model-list", self.organisation),
                       breadcrumbs=[self.list_crumb()])
        return context


class OperatingModelEdit(OperatingModelSection, RecordUpdateView):
    model = OperatingModel
    form_class = forms_places.OperatingModelForm
    template_name = "engagement/operating_model_form.html"
    extra_context = {"page_title": "Change operating model"}
    success_message = "Operating model saved"

    def get_success_url(self) -> str:
        return self.model_url(self.object.pk)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(caption=str(self.object), cancel_url=self.model_url(self.object.pk),
                       breadcrumbs=[self.list_crumb()])
        return context


class OperatingModelParameters(OperatingModelSection, RefusesStaleEdit, generic.FormView):
    """The six parameters, as-is and to-be, in one form, saved in one transaction."""

    template_name = "engagement/operating_model_parameters.html"
    form_class = forms_places.OperatingModelParametersForm
    versioned_model = OperatingModel

    def versioned_record(self) -> OperatingModel:
        return self.operating_model

    def setup_model(self) -> None:
        self.operating_model = readable_model(self, self.kwargs["pk"])
        if not policy.can_change(self.request.user, self.operating_model):
            raise PermissionDenied

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.setup_model()
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.setup_model()
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["rows"] = list(self.operating_model.parameters.all())
        return kwargs

    def form_valid(self, form: Any) -> HttpResponse:
        model = self.operating_model
        texts = form.texts()
        user: Any = self.request.user
        with transaction.atomic():
            changed = []
            for row in services.ensure_parameters(model):
                as_is, to_be = texts[row.parameter]
                if (row.as_is, row.to_be) != (as_is, to_be):
                    row.as_is, row.to_be, row.modified_by = as_is, to_be, user
                    row.full_clean()
                    row.save()  # one by one, so that each row's history records the change
                    changed.append(row)
            if changed:
                model.modified_by = user
                model.save(update_fields=["modified_by", "modified_at"])
        messages.success(self.request, f"Parameters saved: {model}")
        return HttpResponseRedirect(self.model_url(model.pk))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            page_title="As is and to be", caption=str(self.operating_model), operating_model=self.operating_model,
            cancel_url=self.model_url(self.operating_model.pk),
            breadcrumbs=[self.list_crumb(), {"label": str(self.operating_model),
                                             "url": self.model_url(self.operating_model.pk)}],
        )
        return context


class OperatingModelCompare(OperatingModelSection, generic.TemplateView):
    """One parameter across every service's model (those the user may read), as-is and to-be side by side."""

    template_name = "engagement/operating_model_compare.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = forms_places.CompareForm(self.request.GET if "parameter" in self.request.GET else None,
                                        initial={"parameter": Parameter.values[0]})
        parameter = Parameter.values[0]
        if form.is_bound:
            parameter = form.cleaned_data["parameter"] if form.is_valid() else ""
        rows: list[dict[str, Any]] = []
        if parameter:
            models = list(policy.readable(OperatingModel.objects.filter(organisation=self.organisation),
                                          self.request.user).order_by("service", "title", "pk"))
            written = {
                row.operating_model_id: row
                for row in OperatingModelParameter.objects.filter(operating_model__in=[m.pk for m in models],
                                                                  parameter=parameter)
            }
            rows = [{"model": model, "row": written.get(model.pk)} for model in models]
        context.update(
            page_title="Compare operating models", form=form, rows=rows,
            parameter_label=Parameter(parameter).label if parameter else "",
            question=PARAMETER_QUESTIONS[Parameter(parameter)] if parameter else "",
            breadcrumbs=[self.list_crumb()],
        )
        return context


urlpatterns: list[URLPattern] = [
    path("operating-models/", OperatingModelList.as_view(), name="operating-model-list"),
    path("operating-models/add/", OperatingModelCreate.as_view(), name="operating-model-create"),
    path("operating-models/compare/", OperatingModelCompare.as_view(), name="operating-model-compare"),
    path("operating-models/<int:pk>/", OperatingModelDetail.as_view(), name="operating-model-detail"),
    path("operating-models/<int:pk>/edit/", OperatingModelEdit.as_view(), name="operating-model-edit"),
    path("operating-models/<int:pk>/parameters/", OperatingModelParameters.as_view(),
         name="operating-model-parameters"),
]
