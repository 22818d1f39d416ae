"""Idea pages: the list (votes and savings credited, without a query per row), submitting an idea (any role), an
idea's page (its status and reason, the project it became, the savings credited to it, votes, the reviewers'
status and moderation forms, and its history), a reviewer's edit, and the status, moderation and vote actions.

Thin views over ``beacon.engagement.services``, which holds the lifecycle; a service's ValidationError becomes the
form's errors (the page is drawn again with the GOV.UK error summary and nothing is saved)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path
from django.views import generic

from beacon.core import policy, spreadsheets
from beacon.core.generic import RecordCreateView, RecordDetailView, RecordListView, RecordUpdateView, org_url
from beacon.engagement import filters, forms, services
from beacon.engagement.models import Event, Idea, IdeaStatus, IdeaVote, Moderation, Submitter
from beacon.engagement.views import EngagementSection
from beacon.programmes.models import Project, Workstream

STATUS_TAGS: dict[str, str] = {
    IdeaStatus.NEW: "govuk-tag--blue",
    IdeaStatus.UNDER_REVIEW: "govuk-tag--yellow",
    IdeaStatus.ACCEPTED: "govuk-tag--green",
    IdeaStatus.DECLINED: "govuk-tag--grey",
}
MODERATION_TAGS: dict[str, str] = {
    Moderation.PENDING: "govuk-tag--yellow",
    Moderation.PUBLISHED: "govuk-tag--green",
    Moderation.HIDDEN: "govuk-tag--grey",
}


def with_votes_and_projects(queryset: QuerySet, user: Any) -> QuerySet:
    """Ideas with their number of votes and whether ``user`` may read the project each became, in the same
    query as the ideas (the permission policy's own filter, as a subquery)."""
    readable_projects = policy.readable(Project.objects.filter(pk=OuterRef("project_id")), user)
    return queryset.annotate(vote_count=Count("votes", distinct=True), project_visible=Exists(readable_projects))


class IdeaSection(EngagementSection):
    engagement_key = "ideas"

    def idea_url(self, pk: int) -> str:
        return org_url("engagement:idea-detail", self.organisation, pk=pk)

    def list_crumb(self) -> dict[str, str]:
        return {"label": "Ideas", "url": org_url("engagement:idea-list", self.organisation)}


# The list ----------------------------------------------------------------------------------------------------------


def submitter_words(idea: Idea) -> str:
    """Who put the idea forward, as a kind of person (never a name): "Member of staff (Highways)"."""
    kind = Submitter(idea.submitter).label if idea.submitter in Submitter.values else idea.submitter
    role = idea.submitter_role_title.strip()
    return f"{kind} ({role})" if role and role.lower() != kind.lower() else kind


class IdeaList(IdeaSection, RecordListView):
    model = Idea
    template_name = "engagement/idea_list.html"
    filterset_class = filters.IdeaFilterSet
    page_title = "Ideas"
    export_name = "ideas"
    create_label = "Submit an idea"
    select_related = ("workstream", "project")
    export_columns: spreadsheets.ColumnSpec = [
        ("Code", "code"), ("Title", "title"), ("Description", "description"), ("Workstream", "workstream"),
        ("Submitted by", "submitter"), ("Submitter's role", "submitter_role_title"), ("Submitted on", "submitted_on"),
        ("Event", "event"), ("Status", "status"), ("Reason", "status_reason"), ("Decided on", "decided_on"),
        ("Votes", lambda idea: idea.vote_count), ("Moderation", "moderation"), ("Public", "public"),
        ("Source", "source"), ("Illustrative", "illustrative"),
    ]

    def base_queryset(self) -> QuerySet:
        return with_votes_and_projects(Idea.objects.all(), self.request.user).order_by("-submitted_on", "-pk")

    def create_url(self) -> str:
        return org_url("engagement:idea-create", self.organisation)

    def export_table(self) -> spreadsheets.Table:
        """The list's columns, then the project (only where the user may read it) and the savings credited to
        each idea (one query for all of them)."""
        queryset = self.get_queryset()
        credited = services.credits(list(queryset.select_related(None).only("pk", "project_id")), self.request.user)

        def credit(attribute: str) -> Any:
            return lambda idea: spreadsheets.pounds(getattr(credited[idea.pk], attribute)) \
                if idea.pk in credited else None

        columns = spreadsheets.columns_for(Idea, self.export_columns)
        columns[10:10] = [spreadsheets.Column(
            "Project", lambda idea: str(idea.project) if idea.project_id and idea.project_visible else None,
            ("project",))]
        columns += [
            spreadsheets.Column("Savings realised (£)", credit("delivered_pence"), (), spreadsheets.MONEY_FORMAT),
            spreadsheets.Column("Savings planned (£)", credit("planned_pence"), (), spreadsheets.MONEY_FORMAT),
        ]
        return spreadsheets.table_of(self.page_title, queryset, columns)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        ideas = list(context["object_list"])
        credited = services.credits(ideas, self.request.user)
        context.update(
            rows=[{"idea": idea, "submitter": submitter_words(idea), "credit": credited.get(idea.pk),
                   "status_tag": STATUS_TAGS.get(idea.status, "")} for idea in ideas],
        )
        return context


# Submitting and editing ---------------------------------------------------------------------------------------------


class IdeaCreate(IdeaSection, RecordCreateView):
    model = Idea
    form_class = forms.IdeaSubmitForm
    template_name = "engagement/idea_form.html"
    extra_context = {"page_title": "Submit an idea", "submit_label": "Submit idea"}

    def get_initial(self) -> dict[str, Any]:
        initial: dict[str, Any] = {"submitter": Submitter.STAFF}
        event = self.request.GET.get("event", "")
        if event.isdigit():
            initial["event"] = event
        return initial

    def form_valid(self, form: Any) -> HttpResponse:
        data = form.cleaned_data
        try:
            idea = services.submit_idea(
                organisation=self.organisation, actor=self.request.user, title=data["title"],
                description=data["description"], submitter=data["submitter"], workstream=data.get("workstream"),
                submitter_role_title=data.get("submitter_role_title", ""), event=data.get("event"),
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        self.object = idea
        messages.success(self.request, f"Idea submitted: {idea.code} {idea.title}")
        return HttpResponseRedirect(self.idea_url(idea.pk))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(cancel_url=org_url("engagement:idea-list", self.organisation), breadcrumbs=[self.list_crumb()])
        return context


class IdeaEdit(IdeaSection, RecordUpdateView):
    model = Idea
    form_class = forms.IdeaEditForm
    template_name = "engagement/idea_form.html"
    extra_context = {"page_title": "Change idea"}
    success_message = "Idea saved"
    success_url_name = "engagement:idea-detail"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(caption=str(self.object), cancel_url=self.idea_url(self.object.pk),
                       breadcrumbs=[self.list_crumb()])
        return context


# An idea's page -----------------------------------------------------------------------------------------------------


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class IdeaChange:
    when: dt.datetime
    who: str
    what: str
    fields: list[FieldChange] = field(default_factory=list)


HISTORY_FIELDS = [
    ("title", "Title"), ("description", "Description"), ("workstream_id", "Workstream"), ("event_id", "Event"),
    ("submitter_role_title", "Submitter's role"), ("status", "Status"), ("status_reason", "Reason"),
    ("project_id", "Project"), ("moderation", "Moderation"), ("public", "Shown on the public pages"),
]
CHOICES = {"status": dict(IdeaStatus.choices), "moderation": dict(Moderation.choices)}


def idea_history(idea: Idea, user: Any) -> list[IdeaChange]:
    """Every recorded version of the idea that changed something shown here, newest first. Who submitted it is
    given as a kind of person, never a name; a project the user may not read is not named. A query for the
    versions and one for each kind of linked record, however many versions."""
    history: Any = idea.history  # type: ignore[attr-defined]
    versions = list(history.select_related("history_user").order_by("history_date", "history_id"))
    ids: dict[str, set[int]] = {"workstream_id": set(), "event_id": set(), "project_id": set()}
    for version in versions:
        for name, found in ids.items():
            if getattr(version, name):
                found.add(getattr(version, name))
    labels = {
        "workstream_id": {w.pk: w.title for w in Workstream.objects.filter(pk__in=ids["workstream_id"])},
        "event_id": {e.pk: e.title for e in Event.objects.filter(pk__in=ids["event_id"])},
        "project_id": {p.pk: str(p) for p in policy.readable(Project.objects.filter(pk__in=ids["project_id"]), user)},
    }

    def shown(name: str, value: Any) -> str:
        if value in (None, ""):
            return "None"
        if name in labels:
            return labels[name].get(value, "A project you may not see" if name == "project_id" else "Removed")
        if name in CHOICES:
            return str(CHOICES[name].get(value, value))
        if isinstance(value, bool):
            return "Yes" if value else "No"
        return str(value)

    changes: list[IdeaChange] = []
    previous = None
    for version in versions:
        if previous is None:
            kind = Submitter(version.submitter).label if version.submitter in Submitter.values else "Someone"
            changes.append(IdeaChange(when=version.history_date, who=kind, what="Submitted"))
        else:
            fields = [FieldChange(label, shown(name, getattr(previous, name)), shown(name, getattr(version, name)))
                      for name, label in HISTORY_FIELDS if getattr(previous, name) != getattr(version, name)]
            if fields:
                person = version.history_user
                who = (person.get_full_name() or person.get_username()) if person is not None else "Not recorded"
                changes.append(IdeaChange(when=version.history_date, who=who, what="Changed", fields=fields))
        previous = version
    return list(reversed(changes))


class IdeaRecordMixin(IdeaSection):
    """Loads the idea of the URL: 404 unless the user may read it in this organisation."""

    idea: Idea
    kwargs: dict[str, Any]

    def load_idea(self) -> Idea:
        idea = get_object_or_404(Idea.objects.select_related("workstream", "event", "project"), pk=self.kwargs["pk"])
        if idea.organisation_id != self.organisation.pk or not policy.can_read(self.request.user, idea):
            raise Http404("No such record for you.")
        self.idea = idea
        return idea

    def idea_context(self, idea: Idea, *, status_form: Any = None, moderation_form: Any = None) -> dict[str, Any]:
        """What the idea's page shows (the status and moderation pages show the same summary)."""
        user: Any = self.request.user
        may_review = services.may_review(user, idea)
        project = idea.project if idea.project is not None and policy.can_read(user, idea.project) else None
        credit = services.credits([idea], user).get(idea.pk)
        votes = IdeaVote.objects.filter(idea=idea)
        context: dict[str, Any] = {
            "idea": idea, "project": project, "credit": credit,
            "submitter": submitter_words(idea),
            "status_tag": STATUS_TAGS.get(idea.status, ""),
            "moderation_tag": MODERATION_TAGS.get(idea.moderation, ""),
            "vote_count": votes.count(),
            "has_voted": votes.filter(user=user).exists(),
            "may_vote": idea.status in services.VOTABLE,
            "may_review": may_review,
            "breadcrumbs": [self.list_crumb()],
        }
        if may_review:
            context["status_form"] = status_form or forms.IdeaStatusForm(idea=idea, user=user)
            context["moderation_form"] = moderation_form or forms.IdeaModerationForm(
                initial={"moderation": idea.moderation, "public": "yes" if idea.public else "no"})
        return context


class IdeaDetail(IdeaRecordMixin, RecordDetailView):
    model = Idea
    template_name = "engagement/idea_detail.html"
    edit_url_name = "engagement:idea-edit"

    def get_queryset(self) -> QuerySet:
        return Idea.objects.select_related("workstream", "event", "project")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        idea = self.object
        context.update(self.idea_context(idea))
        context.update(caption=f"Idea {idea.code}".strip(), page_title=idea.title,
                       changes=idea_history(idea, self.request.user))
        return context


class IdeaActionPage(IdeaRecordMixin, generic.TemplateView):
    """A reviewer's form about one idea: shown on its own page (GET) and on the idea's page; a POST with bad
    input draws this page again with the error summary and changes nothing. 403 for a role that may not review."""

    form_class: Any = None
    action_title = ""

    def load_for_review(self) -> Idea:
        idea = self.load_idea()
        if not services.may_review(self.request.user, idea):
            raise PermissionDenied
        return idea

    def make_form(self, idea: Idea, data: Any = None) -> Any:
        raise NotImplementedError

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        idea = self.load_for_review()
        return self.render_to_response(self.get_context_data(form=self.make_form(idea)))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        idea = self.load_for_review()
        form = self.make_form(idea, request.POST)
        if form.is_valid():
            try:
                with transaction.atomic():
                    message = self.apply(idea, form)
            except ValidationError as error:
                idea.refresh_from_db()
                self.add_error(form, error)
            else:
                messages.success(request, message)
                return HttpResponseRedirect(self.idea_url(idea.pk))
        return self.render_to_response(self.get_context_data(form=form))

    def add_error(self, form: Any, error: ValidationError) -> None:
        form.add_error(None, error)

    def apply(self, idea: Idea, form: Any) -> str:
        raise NotImplementedError

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(self.idea_context(self.idea))
        context.update(page_title=self.action_title, caption=str(self.idea), cancel_url=self.idea_url(self.idea.pk),
                       breadcrumbs=[self.list_crumb(), {"label": str(self.idea), "url": self.idea_url(self.idea.pk)}])
        return context


class IdeaStatusChange(IdeaActionPage):
    template_name = "engagement/idea_status.html"
    action_title = "Change the idea's status"

    def make_form(self, idea: Idea, data: Any = None) -> forms.IdeaStatusForm:
        return forms.IdeaStatusForm(data, idea=idea, user=self.request.user)

    def add_error(self, form: Any, error: ValidationError) -> None:
        form.add_service_error(error)

    def apply(self, idea: Idea, form: Any) -> str:
        data = form.cleaned_data
        status = data["status"]
        new_project = None
        if status == IdeaStatus.ACCEPTED and data.get("programme") and not data.get("project"):
            new_project = services.NewProject(programme=data["programme"], title=data.get("new_project_title", ""))
        services.change_idea_status(
            idea, status, actor=self.request.user, reason=data.get("reason", ""),
            project=data.get("project") if status == IdeaStatus.ACCEPTED else None, new_project=new_project,
        )
        words = f"Idea {IdeaStatus(status).label.lower()}"
        if status == IdeaStatus.ACCEPTED and idea.project is not None:
            words += f": it became the project {idea.project}"
        return words


class IdeaModerate(IdeaActionPage):
    template_name = "engagement/idea_moderate.html"
    action_title = "Moderate the idea"

    def make_form(self, idea: Idea, data: Any = None) -> forms.IdeaModerationForm:
        return forms.IdeaModerationForm(
            data, initial={"moderation": idea.moderation, "public": "yes" if idea.public else "no"})

    def apply(self, idea: Idea, form: Any) -> str:
        data = form.cleaned_data
        services.moderate_idea(idea, actor=self.request.user, moderation=data["moderation"], public=data["public"])
        shown = "shown on the public pages" if idea.public else "not shown on the public pages"
        return f"Moderation saved: {Moderation(idea.moderation).label.lower()}, {shown}"


class IdeaVoteAction(IdeaRecordMixin, generic.View):
    """Vote for an idea, or withdraw one's vote (``action=withdraw``): any role, once per person, open ideas."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        idea = self.load_idea()
        try:
            if request.POST.get("action") == "withdraw":
                done = services.withdraw_vote(idea, actor=request.user)
                words = "Your vote was withdrawn" if done else "You had not voted for this idea"
            else:
                done = services.vote(idea, actor=request.user)
                words = "Your vote was recorded" if done else "You have already voted for this idea"
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            (messages.success if done else messages.info)(request, words)
        return HttpResponseRedirect(self.idea_url(idea.pk))


urlpatterns: list[URLPattern] = [
    path("", IdeaList.as_view(), name="idea-list"),
    path("ideas/new/", IdeaCreate.as_view(), name="idea-create"),
    path("ideas/<int:pk>/", IdeaDetail.as_view(), name="idea-detail"),
    path("ideas/<int:pk>/edit/", IdeaEdit.as_view(), name="idea-edit"),
    path("ideas/<int:pk>/status/", IdeaStatusChange.as_view(), name="idea-status"),
    path("ideas/<int:pk>/moderate/", IdeaModerate.as_view(), name="idea-moderate"),
    path("ideas/<int:pk>/vote/", IdeaVoteAction.as_view(), name="idea-vote"),
]
