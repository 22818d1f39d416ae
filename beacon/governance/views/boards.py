"""Pages for boards and their members, meetings and their agenda items, the route of a matter through boards,
and the iCalendar feeds (the signed-in one of an organisation, and the public one of its public meetings and
decisions, mounted under /public/<slug>/calendar.ics by beacon/urls.py). Thin views over the generic ones:
they ask the permission policy and hold no rule of their own."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, F, IntegerField, Model, QuerySet, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils import timezone
from django.views import generic
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from beacon.core import policy
from beacon.core.generic import (
    OrganisationMixin,
    RecordCreateView,
    RecordDetailView,
    RecordListView,
    RecordUpdateView,
    org_url,
)
from beacon.core.models import Organisation
from beacon.finance.views.resources import ChildCreateView
from beacon.governance import filters, forms
from beacon.governance.ical import build_calendar
from beacon.governance.models import AgendaItem, Board, BoardMember, Decision, Meeting
from beacon.governance.route import route_items, route_words
from beacon.programmes.models import Milestone, Programme

# The governance section's pages, in the order its sub-navigation lists them (governance/_subnav.html).
SECTIONS = [
    ("boards", "Boards", "governance:board-list"),
    ("meetings", "Meetings", "governance:meeting-list"),
    ("decisions", "Decisions", "governance:decision-list"),
    ("forward-plan", "Forward plan", "governance:forward-plan"),
    ("thresholds", "Key-decision thresholds", "governance:thresholds"),
    # The capability maturity and spend control pages (views/maturity.py and views/spend.py), when present.
    ("maturity", "Capability maturity", "governance:maturity-framework-list"),
    ("spend", "Spend controls", "governance:spend-list"),
]


def governance_links(organisation: Organisation, active: str) -> list[dict[str, Any]]:
    """The governance sub-navigation, with ``active`` marked; a section whose pages do not exist is left out."""
    links = []
    for key, label, name in SECTIONS:
        try:
            links.append({"label": label, "url": org_url(name, organisation), "active": key == active})
        except NoReverseMatch:
            continue
    return links


class GovernanceSection:
    """The governance tab, the section's sub-navigation (``section``) and its crumbs."""

    organisation: Any
    nav_section = "governance"
    section = ""
    list_url_name = ""
    list_label = ""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["governance_links"] = governance_links(self.organisation, self.section)
        if self.list_url_name:
            context.setdefault(
                "breadcrumbs", [{"label": self.list_label, "url": org_url(self.list_url_name, self.organisation)}]
            )
        return context


def readable(queryset: QuerySet, request: HttpRequest, organisation: Organisation) -> QuerySet:
    return policy.readable(queryset, request.user).filter(organisation=organisation)


# Chair first, then vice-chair and sponsor, members, and officers in attendance last.
MEMBER_ORDER = [BoardMember.Kind.CHAIR, BoardMember.Kind.VICE_CHAIR, BoardMember.Kind.SPONSOR,
                BoardMember.Kind.MEMBER, BoardMember.Kind.OFFICER]


# Boards ----------------------------------------------------------------------------------------------------------


class BoardSection(GovernanceSection):
    section = "boards"
    list_url_name = "governance:board-list"
    list_label = "Boards"


class BoardList(BoardSection, RecordListView):
    model = Board
    template_name = "governance/board_list.html"
    filterset_class = filters.BoardFilterSet
    page_title = "Boards and committees"
    export_name = "boards"
    create_label = "Add a board"
    list_url_name = ""

    def base_queryset(self) -> QuerySet:
        return Board.objects.order_by("archived", "title", "pk")

    def create_url(self) -> str:
        return org_url("governance:board-create", self.organisation)


class BoardDetail(BoardSection, RecordDetailView):
    model = Board
    template_name = "governance/board_detail.html"
    edit_url_name = "governance:board-edit"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        board = self.object
        user = self.request.user
        meetings = readable(board.meetings.all(), self.request, self.organisation).order_by("-date", "pk")
        context.update(
            caption=board.get_kind_display(),
            members=sorted(board.members.all(), key=lambda member: (MEMBER_ORDER.index(member.kind)
                                                                     if member.kind in MEMBER_ORDER else 99,
                                                                     member.role_title)),
            programmes=list(readable(Programme.objects.filter(boards=board), self.request, self.organisation)
                            .order_by("title")),
            meetings=list(meetings),
            today=timezone.localdate(),
            can_add_member=context["can_change"] and policy.can_create(user, self.organisation, BoardMember),
            can_add_meeting=policy.can_create(user, self.organisation, Meeting),
        )
        return context


class BoardCreate(BoardSection, RecordCreateView):
    model = Board
    template_name = "governance/form.html"
    form_class = forms.BoardForm
    extra_context = {"page_title": "Add a board", "submit_label": "Add board"}
    success_message = "Board added"

    success_url_name = "governance:board-detail"


class BoardEdit(BoardSection, RecordUpdateView):
    model = Board
    template_name = "governance/form.html"
    form_class = forms.BoardForm
    extra_context = {"page_title": "Change board"}

    success_url_name = "governance:board-detail"


class BoardMemberCreate(BoardSection, ChildCreateView):
    model = BoardMember
    template_name = "governance/form.html"
    parent_model = Board
    form_class = forms.BoardMemberForm
    success_message = "Member added"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(page_title="Add a member", caption=str(self.parent), submit_label="Add member",
                       cancel_url=org_url("governance:board-detail", self.organisation, pk=self.parent.pk))
        return context

    success_url_name = "governance:board-detail"
    success_pk_field = "board_id"


class BoardMemberEdit(BoardSection, RecordUpdateView):
    model = BoardMember
    template_name = "governance/form.html"
    form_class = forms.BoardMemberForm
    success_message = "Member saved"

    def get_queryset(self) -> QuerySet:
        return BoardMember.objects.select_related("board")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(page_title="Change a member", caption=str(self.object.board),
                       cancel_url=org_url("governance:board-detail", self.organisation, pk=self.object.board_id))
        return context

    success_url_name = "governance:board-detail"
    success_pk_field = "board_id"


# Meetings --------------------------------------------------------------------------------------------------------


class MeetingSection(GovernanceSection):
    section = "meetings"
    list_url_name = "governance:meeting-list"
    list_label = "Meetings"


class MeetingList(MeetingSection, RecordListView):
    model = Meeting
    template_name = "governance/meeting_list.html"
    filterset_class = filters.MeetingFilterSet
    page_title = "Meetings"
    create_label = "Add a meeting"
    select_related = ("board",)
    list_url_name = ""

    def base_queryset(self) -> QuerySet:
        # Upcoming meetings first, soonest first; then past meetings, latest first.
        today = timezone.localdate()
        past = Case(When(date__lt=today, then=Value(1)), default=Value(0), output_field=IntegerField())
        upcoming_date = Case(When(date__gte=today, then=F("date")), default=None)
        return Meeting.objects.annotate(past=past, upcoming_date=upcoming_date).order_by(
            "past", F("upcoming_date").asc(nulls_last=True), "-date", "board__title", "pk"
        )

    def create_url(self) -> str:
        return org_url("governance:meeting-create", self.organisation)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        meetings = list(context["object_list"])
        context["upcoming"] = [meeting for meeting in meetings if not meeting.past]
        context["past"] = [meeting for meeting in meetings if meeting.past]
        context["calendar_url"] = org_url("governance:calendar", self.organisation)
        return context


class MeetingDetail(MeetingSection, RecordDetailView):
    model = Meeting
    template_name = "governance/meeting_detail.html"
    edit_url_name = "governance:meeting-edit"

    def get_queryset(self) -> QuerySet:
        return Meeting.objects.select_related("board")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        meeting = self.object
        items = list(readable(meeting.items.all(), self.request, self.organisation).select_related(
            "decision", "previous__meeting__board"
        ).prefetch_related("next_items__meeting__board"))
        readable_ids = set(readable(AgendaItem.objects.filter(
            pk__in=[next_item.pk for item in items for next_item in item.next_items.all()]
            + [item.previous_id for item in items if item.previous_id]
        ), self.request, self.organisation).values_list("pk", flat=True))
        decision_ids = set(readable(Decision.objects.filter(pk__in=[item.decision_id for item in items]),
                                    self.request, self.organisation).values_list("pk", flat=True))
        rows = [
            {"item": item,
             "decision": item.decision if item.decision_id in decision_ids else None,
             "previous": item.previous if item.previous_id in readable_ids else None,
             "next": [n for n in item.next_items.all() if n.pk in readable_ids]}
            for item in items
        ]
        context.update(
            caption=meeting.board.get_kind_display(),
            rows=rows,
            can_add_item=context["can_change"] and policy.can_create(self.request.user, self.organisation,
                                                                     AgendaItem),
        )
        return context


class MeetingCreate(MeetingSection, RecordCreateView):
    model = Meeting
    template_name = "governance/form.html"
    form_class = forms.MeetingForm
    extra_context = {"page_title": "Add a meeting", "submit_label": "Add meeting"}
    success_message = "Meeting added"

    def get_initial(self) -> dict[str, Any]:
        return {"board": self.request.GET.get("board")}

    success_url_name = "governance:meeting-detail"


class MeetingEdit(MeetingSection, RecordUpdateView):
    model = Meeting
    template_name = "governance/form.html"
    form_class = forms.MeetingForm
    extra_context = {"page_title": "Change meeting"}

    success_url_name = "governance:meeting-detail"


# Agenda items and the route ------------------------------------------------------------------------------------


class AgendaItemCreate(MeetingSection, ChildCreateView):
    model = AgendaItem
    template_name = "governance/form.html"
    parent_model = Meeting
    form_class = forms.AgendaItemForm
    success_message = "Agenda item added"

    def get_initial(self) -> dict[str, Any]:
        return {key: self.request.GET.get(key) for key in ("decision", "previous") if key in self.request.GET}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(page_title="Add an agenda item", caption=str(self.parent), submit_label="Add item",
                       cancel_url=org_url("governance:meeting-detail", self.organisation, pk=self.parent.pk))
        return context

    success_url_name = "governance:agenda-item-detail"


class AgendaItemDetail(MeetingSection, RecordDetailView):
    model = AgendaItem
    template_name = "governance/agenda_item_detail.html"
    edit_url_name = "governance:agenda-item-edit"

    def get_queryset(self) -> QuerySet:
        return AgendaItem.objects.select_related("meeting__board", "decision")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        item = self.object
        route = route_items([item], self.request.user)
        decision = item.decision if item.decision_id and policy.can_read(self.request.user, item.decision) else None
        context.update(caption=str(item.meeting), route=route, route_words=route_words(route), decision=decision,
                       current=item)
        return context


class AgendaItemEdit(MeetingSection, RecordUpdateView):
    model = AgendaItem
    template_name = "governance/form.html"
    form_class = forms.AgendaItemForm
    success_message = "Agenda item saved"

    def get_queryset(self) -> QuerySet:
        return AgendaItem.objects.select_related("meeting__board")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(page_title="Change an agenda item", caption=str(self.object.meeting),
                       cancel_url=org_url("governance:agenda-item-detail", self.organisation, pk=self.object.pk))
        return context

    success_url_name = "governance:agenda-item-detail"


# The iCalendar feeds -----------------------------------------------------------------------------------------------

CALENDAR_TYPE = "text/calendar; charset=utf-8"
PAGES = {
    "meeting": "governance:meeting-detail",
    "decision": "governance:decision-detail",
    "project": "programmes:project-detail",
}


def calendar_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=CALENDAR_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


class CalendarFeed(OrganisationMixin, generic.View):
    """The organisation's meetings, decision dates and milestones that the signed-in user may read."""

    http_method_names = ["get", "head"]
    nav_section = "governance"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        organisation = self.organisation

        def link(kind: str, pk: int) -> str:
            return request.build_absolute_uri(reverse(PAGES[kind], kwargs={"org": organisation.slug, "pk": pk}))

        body = build_calendar(
            organisation, name=f"{organisation.name}: meetings, decisions and milestones",
            meetings=readable(Meeting.objects.select_related("board"), request, organisation).order_by("date", "pk"),
            decisions=readable(Decision.objects.filter(decision_date__isnull=False).select_related("decision_maker"),
                               request, organisation).order_by("decision_date", "pk"),
            milestones=readable(Milestone.objects.select_related("project"), request, organisation)
            .order_by("due_date", "pk"),
            link=link,
        )
        return calendar_response(body, f"{organisation.slug}.ics")


def public_records(model: type[Model], organisation: Organisation) -> QuerySet:
    return policy.public(model._default_manager.all(), organisation)


@require_safe
@cache_control(public=True, max_age=300)
def public_calendar(request: HttpRequest, org: str) -> HttpResponse:
    """The public feed: public meetings and decisions, and the milestones of public projects; never anything
    confidential (``policy.public``)."""
    organisation = get_object_or_404(Organisation, slug=org)

    def link(kind: str, pk: int) -> str:
        return request.build_absolute_uri(reverse("public:dashboard", kwargs={"org": organisation.slug}))

    body = build_calendar(
        organisation, name=f"{organisation.name}: public meetings and decisions",
        meetings=public_records(Meeting, organisation).filter(board__public=True).select_related("board")
        .order_by("date", "pk"),
        decisions=public_records(Decision, organisation).filter(decision_date__isnull=False)
        .select_related("decision_maker").order_by("decision_date", "pk"),
        milestones=public_records(Milestone, organisation).select_related("project").order_by("due_date", "pk"),
        link=link,
    )
    return calendar_response(body, f"{organisation.slug}-public.ics")


urlpatterns: list[URLPattern] = [
    path("boards/", BoardList.as_view(), name="board-list"),
    path("boards/add/", BoardCreate.as_view(), name="board-create"),
    path("boards/<int:pk>/", BoardDetail.as_view(), name="board-detail"),
    path("boards/<int:pk>/edit/", BoardEdit.as_view(), name="board-edit"),
    path("boards/<int:pk>/members/add/", BoardMemberCreate.as_view(), name="board-member-create"),
    path("board-members/<int:pk>/edit/", BoardMemberEdit.as_view(), name="board-member-edit"),
    path("meetings/", MeetingList.as_view(), name="meeting-list"),
    path("meetings/add/", MeetingCreate.as_view(), name="meeting-create"),
    path("meetings/<int:pk>/", MeetingDetail.as_view(), name="meeting-detail"),
    path("meetings/<int:pk>/edit/", MeetingEdit.as_view(), name="meeting-edit"),
    path("meetings/<int:pk>/items/add/", AgendaItemCreate.as_view(), name="agenda-item-create"),
    path("agenda-items/<int:pk>/", AgendaItemDetail.as_view(), name="agenda-item-detail"),
    path("agenda-items/<int:pk>/edit/", AgendaItemEdit.as_view(), name="agenda-item-edit"),
    path("calendar.ics", CalendarFeed.as_view(), name="calendar"),
]
