"""Partnership pages: the list grouped by spatial level, a partnership's page (its members, localities, history
and child partnerships), adding and changing one, and its members, localities and history entries.

A member body is a name or a council from the register: recording a council that uses Beacon gives that council's
users nothing, because every page here asks the permission policy about this organisation's roles only."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Case, Count, IntegerField, Prefetch, QuerySet, Value, When
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path
from django.views import generic

from beacon.core import policy
from beacon.core.generic import RecordCreateView, RecordDetailView, RecordListView, RecordUpdateView, org_url
from beacon.engagement import filters, forms_places
from beacon.engagement.models import (
    Locality,
    Partnership,
    PartnershipMember,
    PartnershipMilestone,
    SpatialLevel,
)
from beacon.engagement.views import EngagementSection
from beacon.governance.models import Board
from beacon.programmes.models import Programme

LEVEL_ORDER = [SpatialLevel.PAN_COUNTY, SpatialLevel.NETWORKED_BOROUGHS, SpatialLevel.BOROUGH, SpatialLevel.LOCALITY]


def level_order() -> Case:
    """The spatial levels from the widest (pan-county) to the narrowest (locality)."""
    return Case(*[When(spatial_level=level, then=Value(n)) for n, level in enumerate(LEVEL_ORDER)],
                default=Value(len(LEVEL_ORDER)), output_field=IntegerField())


class PartnershipSection(EngagementSection):
    engagement_key = "partnerships"

    def partnership_url(self, pk: int) -> str:
        return org_url("engagement:partnership-detail", self.organisation, pk=pk)

    def list_crumb(self) -> dict[str, str]:
        return {"label": "Partnerships", "url": org_url("engagement:partnership-list", self.organisation)}


class PartnershipList(PartnershipSection, RecordListView):
    model = Partnership
    template_name = "engagement/partnership_list.html"
    filterset_class = filters.PartnershipFilterSet
    page_title = "Partnerships"
    export_name = "partnerships"
    create_label = "Add a partnership"

    def base_queryset(self) -> QuerySet:
        testbeds = Prefetch("localities", queryset=Locality.objects.filter(testbed=True).order_by("title"),
                            to_attr="testbeds")
        return (Partnership.objects.annotate(level_order=level_order(), member_count=Count("members", distinct=True))
                .prefetch_related(testbeds).order_by("level_order", "title", "pk"))

    def create_url(self) -> str:
        return org_url("engagement:partnership-create", self.organisation)


class PartnershipDetail(PartnershipSection, RecordDetailView):
    model = Partnership
    template_name = "engagement/partnership_detail.html"
    edit_url_name = "engagement:partnership-edit"

    def get_queryset(self) -> QuerySet:
        return Partnership.objects.select_related("parent")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        partnership = self.object
        user = self.request.user
        may_change = context["can_change"]
        parent = partnership.parent
        context.update(
            caption=f"{partnership.get_spatial_level_display()} partnership",
            parent=parent if parent is not None and policy.can_read(user, parent) else None,
            programmes=list(policy.readable(Programme.objects.filter(partnerships=partnership), user)
                            .order_by("title")),
            boards=list(policy.readable(Board.objects.filter(partnerships=partnership), user).order_by("title")),
            members=list(partnership.members.select_related("council")),
            localities=list(partnership.localities.all()),
            milestones=list(partnership.milestones.order_by("date", "pk")),
            children=list(policy.readable(partnership.children.all(), user).order_by("title")),
            may_add_member=may_change and policy.can_create(user, self.organisation, PartnershipMember),
            may_add_locality=may_change and policy.can_create(user, self.organisation, Locality),
            may_add_milestone=may_change and policy.can_create(user, self.organisation, PartnershipMilestone),
            breadcrumbs=[self.list_crumb()],
        )
        return context


class PartnershipFormPage(PartnershipSection):
    object: Any

    def get_success_url(self) -> str:
        return self.partnership_url(self.object.pk)


class PartnershipCreate(PartnershipFormPage, RecordCreateView):
    model = Partnership
    form_class = forms_places.PartnershipForm
    template_name = "engagement/partnership_form.html"
    extra_context = {"page_title": "Add a partnership", "submit_label": "Add partnership"}
    success_message = "Partnership added"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(cancel_url=org_url("engagement:partnership-list", self.organisation),
                       breadcrumbs=[self.list_crumb()])
        return context


class PartnershipEdit(PartnershipFormPage, RecordUpdateView):
    model = Partnership
    form_class = forms_places.PartnershipForm
    template_name = "engagement/partnership_form.html"
    extra_context = {"page_title": "Change partnership"}
    success_message = "Partnership saved"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(caption=str(self.object), cancel_url=self.partnership_url(self.object.pk),
                       breadcrumbs=[self.list_crumb()])
        return context


# What hangs on a partnership: members, localities, history entries ------------------------------------------------


class PartOfPartnership(PartnershipSection):
    """A page about something that hangs on the partnership of the URL: 404 unless the user may read the
    partnership here, 403 unless they may change it."""

    partnership: Partnership
    object: Any
    kwargs: dict[str, Any]
    part_model: Any = None
    part_kwarg = ""  # the URL's name for the part's pk

    def load_partnership(self) -> Partnership:
        partnership = get_object_or_404(Partnership, pk=self.kwargs["pk"])
        if partnership.organisation_id != self.organisation.pk or not policy.can_read(self.request.user, partnership):
            raise Http404("No such record for you.")
        if not policy.can_change(self.request.user, partnership):
            raise PermissionDenied
        self.partnership = partnership
        return partnership

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()  # type: ignore[misc]
        kwargs["partnership"] = self.partnership
        return kwargs

    def get_success_url(self) -> str:
        return self.partnership_url(self.partnership.pk)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(caption=str(self.partnership), cancel_url=self.partnership_url(self.partnership.pk),
                       partnership=self.partnership,
                       breadcrumbs=[self.list_crumb(), {"label": str(self.partnership),
                                                        "url": self.partnership_url(self.partnership.pk)}])
        return context


class PartCreate(PartOfPartnership, RecordCreateView):
    def check_create(self) -> None:
        self.load_partnership()
        super().check_create()


class PartEdit(PartOfPartnership, RecordUpdateView):
    def get_object(self, queryset: QuerySet | None = None) -> Any:
        partnership = self.load_partnership()
        part = get_object_or_404(self.part_model, pk=self.kwargs[self.part_kwarg], partnership=partnership)
        if not policy.can_change(self.request.user, part):
            raise PermissionDenied
        return part


class MemberCreate(PartCreate):
    model = PartnershipMember
    form_class = forms_places.PartnershipMemberForm
    template_name = "engagement/member_form.html"
    extra_context = {"page_title": "Add a member", "submit_label": "Add member"}
    success_message = "Member added"


class MemberEdit(PartEdit):
    model = part_model = PartnershipMember
    part_kwarg = "member_pk"
    form_class = forms_places.PartnershipMemberForm
    template_name = "engagement/member_form.html"
    extra_context = {"page_title": "Change member"}
    success_message = "Member saved"


class MemberRemove(PartOfPartnership, generic.TemplateView):
    """Removing a member body, after a confirm page; the history of the member (django-simple-history) keeps
    the removal: who removed it and when."""

    template_name = "engagement/member_remove.html"

    def load_member(self) -> PartnershipMember:
        partnership = self.load_partnership()
        member = get_object_or_404(PartnershipMember.objects.select_related("council"),
                                   pk=self.kwargs["member_pk"], partnership=partnership)
        if not policy.can_change(self.request.user, member):
            raise PermissionDenied
        self.object = member
        return member

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load_member()
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        member = self.load_member()
        name = member.name
        with transaction.atomic():
            member.delete()
        messages.success(request, f"Member removed: {name}")
        return HttpResponseRedirect(self.get_success_url())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(page_title=f"Remove {self.object.name} from the partnership?", member=self.object,
                       submit_label="Remove member", warning=True)
        return context


class LocalityCreate(PartCreate):
    model = Locality
    form_class = forms_places.LocalityForm
    template_name = "engagement/locality_form.html"
    extra_context = {"page_title": "Add a locality", "submit_label": "Add locality"}
    success_message = "Locality added"


class LocalityEdit(PartEdit):
    model = part_model = Locality
    part_kwarg = "locality_pk"
    form_class = forms_places.LocalityForm
    template_name = "engagement/locality_form.html"
    extra_context = {"page_title": "Change locality"}
    success_message = "Locality saved"


class MilestoneCreate(PartCreate):
    model = PartnershipMilestone
    form_class = forms_places.PartnershipMilestoneForm
    template_name = "engagement/partnership_milestone_form.html"
    extra_context = {"page_title": "Add to the partnership's history", "submit_label": "Add entry"}
    success_message = "History entry added"


urlpatterns: list[URLPattern] = [
    path("partnerships/", PartnershipList.as_view(), name="partnership-list"),
    path("partnerships/add/", PartnershipCreate.as_view(), name="partnership-create"),
    path("partnerships/<int:pk>/", PartnershipDetail.as_view(), name="partnership-detail"),
    path("partnerships/<int:pk>/edit/", PartnershipEdit.as_view(), name="partnership-edit"),
    path("partnerships/<int:pk>/members/add/", MemberCreate.as_view(), name="partnership-member-create"),
    path("partnerships/<int:pk>/members/<int:member_pk>/edit/", MemberEdit.as_view(),
         name="partnership-member-edit"),
    path("partnerships/<int:pk>/members/<int:member_pk>/remove/", MemberRemove.as_view(),
         name="partnership-member-remove"),
    path("partnerships/<int:pk>/localities/add/", LocalityCreate.as_view(), name="locality-create"),
    path("partnerships/<int:pk>/localities/<int:locality_pk>/edit/", LocalityEdit.as_view(), name="locality-edit"),
    path("partnerships/<int:pk>/history/add/", MilestoneCreate.as_view(), name="partnership-milestone-create"),
]
