"""Public engagement pages under /public/<slug>/: published ideas and the public idea form, events, partnerships
and target operating models. Only public records are shown (``policy.public``); anything else is not found.

The idea form asks for no name, e-mail or address and stores none: the idea is saved with the kind of person
who sent it and waits for moderation (``services.submit_idea(from_public_form=True)``). It keeps out automated
messages without a third-party service:

- a honeypot field that people never see (visually hidden, hidden from screen readers, out of the tab order,
  labelled "Leave this blank"): when it is filled in, the usual thank-you page is shown and nothing is stored;
- a signed timestamp issued with the form: a post that comes back within ``MIN_SECONDS`` or after a day is
  refused with a message, and the person can send it again;
- at most ``settings.PUBLIC_IDEAS_PER_HOUR`` ideas per client per organisation per hour, counted in Django's
  cache under a keyed hash (HMAC with SECRET_KEY) of the client's address: the address itself is never stored.
  Over the limit the answer is 429. (The count lives in the cache: with a per-process cache, each worker counts
  on its own; behind a proxy REMOTE_ADDR is the proxy's address unless the proxy sets it.)
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from beacon.core import policy
from beacon.core.forms import GovukForm
from beacon.core.models import Organisation
from beacon.engagement import services
from beacon.engagement.api.places import parameter_rows
from beacon.engagement.models import (
    Event,
    Idea,
    IdeaStatus,
    Moderation,
    OperatingModel,
    Partnership,
    PartnershipMember,
    SpatialLevel,
    Submitter,
)
from beacon.performance.models import Kpi
from beacon.programmes.models import Programme, Project, Workstream
from beacon.public import selectors
from beacon.public.views import PAGE_SIZE, PublicPage, public_cache

# Selectors: what the public may read ---------------------------------------------------------------------------


def public_ideas(organisation: Organisation) -> QuerySet[Idea]:
    """Ideas that a moderator published and marked public, newest first."""
    return policy.public(Idea.objects.filter(moderation=Moderation.PUBLISHED), organisation).order_by(
        "-submitted_on", "-pk"
    )


def public_workstreams(organisation: Organisation) -> QuerySet[Workstream]:
    """Workstreams of the organisation's public programmes: the ones a resident may name or see."""
    programmes = policy.public(Programme.objects.all(), organisation)
    return Workstream.objects.filter(organisation=organisation, programme__in=programmes).order_by(
        "programme__title", "order", "title"
    )


@dataclass(frozen=True)
class ProjectLink:
    pk: int
    code: str
    title: str


def attach_public_links(ideas: list[Idea], organisation: Organisation) -> None:
    """Set ``public_workstream`` (its title, if its programme is public) and ``public_project`` (a ProjectLink,
    if the project the idea became is itself public and not confidential) on each idea: two queries in all."""
    workstream_ids = {idea.workstream_id for idea in ideas if idea.workstream_id}
    project_ids = {idea.project_id for idea in ideas if idea.project_id}
    workstreams = dict(public_workstreams(organisation).filter(pk__in=workstream_ids).values_list("pk", "title")) \
        if workstream_ids else {}
    projects = {
        pk: ProjectLink(pk, code, title)
        for pk, code, title in selectors.public_projects(organisation).filter(pk__in=project_ids).values_list(
            "pk", "code", "title")
    } if project_ids else {}
    for idea in ideas:
        idea.public_workstream = workstreams.get(idea.workstream_id or 0)  # type: ignore[attr-defined]
        idea.public_project = projects.get(idea.project_id or 0)  # type: ignore[attr-defined]


def public_events(organisation: Organisation) -> QuerySet[Event]:
    return policy.public(Event.objects.all(), organisation).order_by("-date", "title", "pk")


def public_partnerships(organisation: Organisation) -> QuerySet[Partnership]:
    """Public partnerships with their members, localities, history and public programmes (prefetched)."""
    return policy.public(Partnership.objects.all(), organisation).prefetch_related(
        Prefetch("members", queryset=PartnershipMember.objects.select_related("council")),
        "localities", "milestones",
        Prefetch("programmes", queryset=policy.public(Programme.objects.all()).only("pk", "title"),
                 to_attr="public_programmes"),
    ).order_by("title", "pk")


def public_operating_models(organisation: Organisation) -> QuerySet[OperatingModel]:
    """Public operating models with their parameters and their public projects and KPIs (prefetched)."""
    return policy.public(OperatingModel.objects.all(), organisation).prefetch_related(
        "parameters",
        Prefetch("projects", queryset=policy.public(Project.objects.all()).only("pk", "code", "title"),
                 to_attr="public_projects"),
        Prefetch("kpis", queryset=policy.public(Kpi.objects.all()).only("pk", "code", "title"),
                 to_attr="public_kpis"),
    ).order_by("service", "title", "pk")


def public_partnership_ids(organisation: Organisation) -> set[int]:
    return set(policy.public(Partnership.objects.all(), organisation).values_list("pk", flat=True))


# Read-only pages ---------------------------------------------------------------------------------------------


def dashboard_crumb(organisation: Organisation) -> list[dict[str, str]]:
    return [{"label": organisation.name, "url": reverse("public:dashboard", kwargs={"org": organisation.slug})}]


@method_decorator(public_cache, name="dispatch")
class PublicIdeas(PublicPage):
    """Published ideas with their status; a declined idea with the reason the council published."""

    template_name = "public/ideas.html"
    nav = "ideas"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        organisation = context["organisation"]
        page = Paginator(public_ideas(organisation).only(
            "pk", "code", "title", "description", "workstream_id", "project_id", "submitter", "status",
            "status_reason", "submitted_on", "decided_on", "illustrative",
        ), PAGE_SIZE).get_page(self.request.GET.get("page"))
        ideas = list(page.object_list)
        attach_public_links(ideas, organisation)
        context.update(page_title=f"{organisation.name}: ideas", ideas=ideas, page_obj=page,
                       paginator=page.paginator, query_without_page="", declined=IdeaStatus.DECLINED,
                       accepted=IdeaStatus.ACCEPTED, breadcrumbs=dashboard_crumb(organisation))
        return context


@method_decorator(public_cache, name="dispatch")
class PublicEvents(PublicPage):
    template_name = "public/events.html"
    nav = "events"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        organisation = context["organisation"]
        page = Paginator(public_events(organisation), PAGE_SIZE).get_page(self.request.GET.get("page"))
        context.update(page_title=f"{organisation.name}: engagement events", events=page.object_list,
                       page_obj=page, paginator=page.paginator, query_without_page="",
                       breadcrumbs=dashboard_crumb(organisation))
        return context


@method_decorator(public_cache, name="dispatch")
class PublicPartnerships(PublicPage):
    """Public partnerships grouped by spatial level, from pan-county to locality."""

    template_name = "public/partnerships.html"
    nav = "partnerships"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        organisation = context["organisation"]
        partnerships = list(policy.public(Partnership.objects.all(), organisation).prefetch_related(
            Prefetch("members", queryset=PartnershipMember.objects.only("pk", "partnership_id")),
        ).order_by("title", "pk"))
        levels = [
            (label, [p for p in partnerships if p.spatial_level == value])
            for value, label in SpatialLevel.choices
        ]
        context.update(page_title=f"{organisation.name}: partnerships", levels=[lv for lv in levels if lv[1]],
                       breadcrumbs=dashboard_crumb(organisation))
        return context


@method_decorator(public_cache, name="dispatch")
class PublicPartnership(PublicPage):
    template_name = "public/partnerships_detail.html"
    nav = "partnerships"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        organisation = context["organisation"]
        partnership = public_partnerships(organisation).filter(pk=kwargs["pk"]).first()
        if partnership is None:
            raise Http404("There is no such published partnership.")
        parent = partnership.parent_id in public_partnership_ids(organisation) and partnership.parent or None
        context.update(
            page_title=partnership.title, partnership=partnership, parent=parent,
            breadcrumbs=[*dashboard_crumb(organisation),
                         {"label": "Partnerships",
                          "url": reverse("public:partnerships", kwargs={"org": organisation.slug})}],
        )
        return context


@method_decorator(public_cache, name="dispatch")
class PublicOperatingModels(PublicPage):
    template_name = "public/operating_models.html"
    nav = "operating-models"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        organisation = context["organisation"]
        models = policy.public(OperatingModel.objects.all(), organisation).order_by("service", "title", "pk")
        context.update(page_title=f"{organisation.name}: target operating models", models=models,
                       breadcrumbs=dashboard_crumb(organisation))
        return context


@method_decorator(public_cache, name="dispatch")
class PublicOperatingModel(PublicPage):
    """One service's operating model: as-is and to-be side by side on the six parameters."""

    template_name = "public/operating_models_detail.html"
    nav = "operating-models"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        organisation = context["organisation"]
        model = public_operating_models(organisation).filter(pk=kwargs["pk"]).first()
        if model is None:
            raise Http404("There is no such published operating model.")
        context.update(
            page_title=model.title, model=model, parameters=parameter_rows(model),
            breadcrumbs=[*dashboard_crumb(organisation),
                         {"label": "Operating models",
                          "url": reverse("public:operating-models", kwargs={"org": organisation.slug})}],
        )
        return context


# The public idea form ------------------------------------------------------------------------------------------

MIN_SECONDS = 2  # quicker than a person can read and fill in the form
MAX_AGE_SECONDS = 24 * 60 * 60
HOUR = 60 * 60
FORM_SALT = "beacon.public.idea-form"
HONEYPOT = "website"
SUBMITTER_CHOICES = [(Submitter.RESIDENT, "A resident"), (Submitter.STAFF, "A member of the council's staff"),
                     (Submitter.COUNCILLOR, "A councillor"), (Submitter.PARTNER, "From a partner organisation"),
                     (Submitter.BUSINESS, "From a local business")]
TOO_FAST = ("The form was sent too quickly after it was opened, so it looked like an automated message. "
            "Check your idea and send it again.")
TOO_OLD = "This form was opened more than a day ago. Check your idea and send it again."
UNREADABLE = "The form could not be checked. Check your idea and send it again."


def form_token(organisation: Organisation, issued_at: float | None = None) -> str:
    """A signed record of when the form was issued, for which organisation."""
    return signing.dumps({"o": organisation.pk, "t": int(issued_at if issued_at is not None else time.time())},
                         salt=FORM_SALT)


def token_problem(token: str, organisation: Organisation, now: float) -> str | None:
    """Why a posted form token is refused, or None if it is fine."""
    try:
        payload = signing.loads(token, salt=FORM_SALT)
        issued = float(payload["t"])
        for_organisation = payload["o"]
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return UNREADABLE
    if for_organisation != organisation.pk:
        return UNREADABLE
    if now - issued < MIN_SECONDS:
        return TOO_FAST
    if now - issued > MAX_AGE_SECONDS:
        return TOO_OLD
    return None


def client_key(request: HttpRequest, organisation: Organisation) -> str:
    """The cache key that counts a client's ideas: a keyed hash of its address, never the address itself."""
    digest = salted_hmac(FORM_SALT, request.META.get("REMOTE_ADDR", ""), algorithm="sha256").hexdigest()
    return f"public-ideas:{organisation.pk}:{digest}"


def recent_sends(key: str, now: float) -> list[float]:
    return [sent for sent in cache.get(key, []) if now - sent < HOUR]


def record_send(key: str, now: float) -> None:
    cache.set(key, [*recent_sends(key, now), now], HOUR)


class PublicIdeaForm(GovukForm):
    title = forms.CharField(label="Your idea in a few words", max_length=200,
                            help_text="For example, “Let residents report potholes with a photo”")
    description = forms.CharField(
        label="Describe your idea", max_length=5000, widget=forms.Textarea(attrs={"rows": 8}),
        help_text="What would change, and who would it help? Do not include anyone’s name or contact details.",
    )
    workstream = forms.ModelChoiceField(queryset=Workstream.objects.none(), required=False,
                                        label="Which part of the programme is it about? (optional)")
    submitter = forms.ChoiceField(
        choices=SUBMITTER_CHOICES, widget=forms.RadioSelect, help_text="Choose the one that fits best.",
        label="Are you a resident, member of staff, councillor, or from a partner organisation or local business?",
    )

    def __init__(self, *args: Any, organisation: Organisation, now: float, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.now = now
        workstream = self.fields["workstream"]
        assert isinstance(workstream, forms.ModelChoiceField)
        workstream.queryset = public_workstreams(organisation)
        workstream.empty_label = "Not sure"
        self.fields["title"].error_messages.update(required="Enter your idea in a few words",
                                                   max_length="Keep the title to 200 characters or fewer")
        self.fields["description"].error_messages.update(required="Describe your idea",
                                                         max_length="Keep the description to 5,000 characters or "
                                                                    "fewer")
        self.fields["submitter"].error_messages.update(required="Select who you are")
        self.fields["workstream"].error_messages.update(invalid_choice="Select a part of the programme from the "
                                                                       "list, or Not sure")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        problem = token_problem(str(self.data.get("started", "")), self.organisation, self.now)
        if problem:
            raise forms.ValidationError(problem)
        return cleaned


@method_decorator(never_cache, name="dispatch")
class PublicIdeaNew(View):
    """The public idea form: no sign-in, no personal details, no JavaScript."""

    template_name = "public/idea_form.html"

    def context(self, organisation: Organisation, form: PublicIdeaForm, now: float) -> dict[str, Any]:
        return {
            "organisation": organisation, "public_nav": "ideas", "form": form, "form_token": form_token(
                organisation, now), "honeypot": HONEYPOT, "page_title": "Suggest an idea",
            "breadcrumbs": [*dashboard_crumb(organisation),
                            {"label": "Ideas", "url": reverse("public:ideas", kwargs={"org": organisation.slug})}],
        }

    def get(self, request: HttpRequest, org: str) -> HttpResponse:
        organisation = selectors.public_organisation(org)
        sent = request.GET.get(SENT)
        if sent:
            code = sent_code(sent, organisation)
            if code:
                return render(request, "public/idea_thanks.html", {
                    "organisation": organisation, "public_nav": "ideas", "code": code, "page_title": "Idea sent",
                })
        now = time.time()
        form = PublicIdeaForm(organisation=organisation, now=now)
        return render(request, self.template_name, self.context(organisation, form, now))

    def post(self, request: HttpRequest, org: str) -> HttpResponse:
        organisation = selectors.public_organisation(org)
        now = time.time()
        key = client_key(request, organisation)
        sends = recent_sends(key, now)
        limit = settings.PUBLIC_IDEAS_PER_HOUR
        if len(sends) >= limit:
            wait = max(1, math.ceil((min(sends) + HOUR - now) / 60))
            response = render(request, "public/idea_rate_limited.html", {
                "organisation": organisation, "public_nav": "ideas", "limit": limit, "minutes": wait,
                "page_title": "You have sent too many ideas",
            }, status=429)
            response["Retry-After"] = str(wait * 60)
            return response
        if request.POST.get(HONEYPOT, "").strip():
            # Filled in by a machine: answer as if all went well, and store nothing.
            record_send(key, now)
            return self.thanks(request, organisation, services.next_code(organisation))
        form = PublicIdeaForm(request.POST, organisation=organisation, now=now)
        if not form.is_valid():
            return render(request, self.template_name, self.context(organisation, form, now))
        idea = services.submit_idea(
            organisation=organisation, title=form.cleaned_data["title"],
            description=form.cleaned_data["description"], submitter=form.cleaned_data["submitter"],
            workstream=form.cleaned_data["workstream"], from_public_form=True,
        )
        record_send(key, now)
        return self.thanks(request, organisation, idea.code)

    def thanks(self, request: HttpRequest, organisation: Organisation, code: str) -> HttpResponse:
        """Post, redirect, get: the thank-you page is its own GET, so refreshing it sends nothing again. The
        reference travels signed, so the page cannot be made to thank anyone for an idea they did not send."""
        sent = signing.dumps({"o": organisation.pk, "c": code}, salt=SENT_SALT)
        return HttpResponseRedirect(f"{reverse('public:idea-new', kwargs={'org': organisation.slug})}?{SENT}={sent}")


SENT = "sent"
SENT_SALT = "beacon.public.idea-sent"


def sent_code(token: str, organisation: Organisation) -> str:
    """The idea code in a thank-you link made by ``PublicIdeaNew.thanks`` in the last hour, or ''."""
    try:
        payload = signing.loads(token, salt=SENT_SALT, max_age=HOUR)
    except signing.BadSignature:
        return ""
    if not isinstance(payload, dict) or payload.get("o") != organisation.pk:
        return ""
    return str(payload.get("c", ""))
