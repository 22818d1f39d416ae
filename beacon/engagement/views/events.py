"""Event pages: hackathons, consultations and staff sessions with their dates, participants (counted, never
named), outcomes and the ideas they produced. The programme office adds and changes them; every role reads them.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, QuerySet
from django.urls import URLPattern, path

from beacon.core import policy
from beacon.core.generic import RecordCreateView, RecordDetailView, RecordListView, RecordUpdateView, org_url
from beacon.engagement import filters, forms
from beacon.engagement.models import Event, EventStatus, Idea
from beacon.engagement.views import EngagementSection
from beacon.engagement.views.ideas import STATUS_TAGS as IDEA_STATUS_TAGS


class EventSection(EngagementSection):
    engagement_key = "events"

    def event_url(self, pk: int) -> str:
        return org_url("engagement:event-detail", self.organisation, pk=pk)

    def list_crumb(self) -> dict[str, str]:
        return {"label": "Events", "url": org_url("engagement:event-list", self.organisation)}


class EventList(EventSection, RecordListView):
    model = Event
    template_name = "engagement/event_list.html"
    filterset_class = filters.EventFilterSet
    page_title = "Events"
    export_name = "events"
    create_label = "Add an event"
    select_related = ("programme",)
    export_columns = [
        ("Title", "title"), ("Kind", "kind"), ("Status", "status"), ("Date", "date"), ("End date", "end_date"),
        ("Audience", "audience"), ("Location", "location"), ("Programme", "programme"), ("Workstream", "workstream"),
        ("Participants", "participants"), ("Ideas produced", lambda event: event.idea_count),
        ("Description", "description"), ("Outcomes", "outcomes"), ("Public", "public"), ("Source", "source"),
        ("Illustrative", "illustrative"),
    ]

    def base_queryset(self) -> QuerySet:
        # Newest first; events whose date is not yet set (proposed ones, still to come) at the top.
        return (Event.objects.annotate(idea_count=Count("ideas", distinct=True))
                .order_by(F("date").desc(nulls_first=True), "title", "pk"))

    def create_url(self) -> str:
        return org_url("engagement:event-create", self.organisation)


class EventDetail(EventSection, RecordDetailView):
    model = Event
    template_name = "engagement/event_detail.html"
    edit_url_name = "engagement:event-edit"

    def get_queryset(self) -> QuerySet:
        return Event.objects.select_related("programme", "workstream")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        event = self.object
        ideas = policy.readable(Idea.objects.filter(event=event), self.request.user).order_by("code", "pk")
        context.update(
            caption=event.get_kind_display(),
            ideas=[{"idea": idea, "status_tag": IDEA_STATUS_TAGS.get(idea.status, "")} for idea in ideas],
            submit_idea_url=org_url("engagement:idea-create", self.organisation) + f"?event={event.pk}",
            breadcrumbs=[self.list_crumb()],
        )
        return context


class EventFormPage(EventSection):
    object: Any
    success_url_name: str | None = "engagement:event-detail"


class EventCreate(EventFormPage, RecordCreateView):
    model = Event
    form_class = forms.EventForm
    template_name = "engagement/event_form.html"
    extra_context = {"page_title": "Add an event", "submit_label": "Add event"}
    success_message = "Event added"

    def get_initial(self) -> dict[str, Any]:
        return {"status": EventStatus.PROPOSED}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(cancel_url=org_url("engagement:event-list", self.organisation), breadcrumbs=[self.list_crumb()])
        return context


class EventEdit(EventFormPage, RecordUpdateView):
    model = Event
    form_class = forms.EventForm
    template_name = "engagement/event_form.html"
    extra_context = {"page_title": "Change event"}
    success_message = "Event saved"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(caption=str(self.object), cancel_url=self.event_url(self.object.pk),
                       breadcrumbs=[self.list_crumb()])
        return context


urlpatterns: list[URLPattern] = [
    path("events/", EventList.as_view(), name="event-list"),
    path("events/add/", EventCreate.as_view(), name="event-create"),
    path("events/<int:pk>/", EventDetail.as_view(), name="event-detail"),
    path("events/<int:pk>/edit/", EventEdit.as_view(), name="event-edit"),
]
