"""The ``ideas`` collection: an idea with its code, status, votes (a count) and the savings credited to it by the
project it became (``credited_savings``: realised and planned, pounds as decimal strings).

Anyone with a role in the organisation may post an idea: it goes through ``services.submit_idea``, which gives
it the next code (``IDEA-0012``). Only the programme office (administrator, programme manager) changes an idea's
``status``, ``status_reason``, ``project``, ``moderation`` and ``public``: anyone else sending them gets 403 and
nothing is written. A change of status goes through ``services.change_idea_status``, so an idea moves only as
its lifecycle allows (new → under review → accepted or declined; a declined one may be looked at again), a
declined idea has a reason and an accepted one names its project; otherwise 400 with the reason. Who submitted
an idea is never shown (``submitted_by`` is not in the API): only the kind of submitter and a role title."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied, ValidationError

from beacon.core import policy
from beacon.core.api import OrganisationOwnedSerializer, OrganisationOwnedViewSet, PoundsField
from beacon.engagement import filters, services
from beacon.engagement.api import AUDIT, plain_choices
from beacon.engagement.models import Idea, IdeaStatus, Moderation, Submitter

# What only the programme office changes, with the value a new idea has.
REVIEW_FIELDS: dict[str, Any] = {
    "status": IdeaStatus.NEW, "status_reason": "", "project": None, "moderation": Moderation.PENDING, "public": False,
}
REVIEWERS_ONLY = ("Only the programme office (administrator or programme manager) reviews and moderates ideas: "
                  "leave out {fields}.")


class CreditSerializer(serializers.Serializer):
    realised = PoundsField(source="delivered_pence", read_only=True,
                           help_text="savings of the idea's project confirmed as delivered, pounds")
    planned = PoundsField(source="planned_pence", read_only=True,
                          help_text="what the project is expected to save in all (proposed, approved and delivered "
                                    "lines), pounds")


class IdeaSerializer(OrganisationOwnedSerializer):
    code = serializers.CharField(read_only=True, help_text="given when the idea is submitted, e.g. IDEA-0012")
    submitter = plain_choices(Submitter.choices, required=False,
                              help_text="who put the idea forward, as a kind of person (never a name): "
                                        + ", ".join(Submitter.values) + "; staff unless given")
    status = plain_choices(IdeaStatus.choices, required=False,
                           help_text="new, under_review, accepted or declined; changed by the programme office only, "
                                     "as the idea's lifecycle allows")
    moderation = plain_choices(Moderation.choices, required=False,
                               help_text="pending, published or hidden: whether the idea may be shown on the public "
                                         "pages; programme office only")
    public = serializers.BooleanField(required=False, help_text="shown on the public pages once published; "
                                                                "programme office only")
    votes = serializers.SerializerMethodField(help_text="how many people support the idea")
    credited_savings = serializers.SerializerMethodField(
        help_text="the savings of the project the accepted idea became, if you may read that project; else null"
    )

    class Meta:
        model = Idea
        fields = ["id", "organisation", "code", "title", "description", "workstream", "event", "submitter",
                  "submitter_role_title", "submitted_on", "status", "status_reason", "decided_on", "project",
                  "moderation", "public", "votes", "credited_savings", "source", "illustrative", *AUDIT]
        read_only_fields = ["submitted_on", "decided_on"]
        validators: list[Any] = []  # the code is given by services.submit_idea, never by a client

    def get_votes(self, obj: Idea) -> int:
        count = getattr(obj, "vote_count", None)
        return count if count is not None else obj.votes.count()

    @extend_schema_field(CreditSerializer(allow_null=True))
    def get_credited_savings(self, obj: Idea) -> dict[str, Any] | None:
        if hasattr(obj, "_credit_known"):
            credit = obj._credit  # type: ignore[attr-defined]
        else:
            credit = services.credits([obj], self.user()).get(obj.pk) if obj.project_id else None
        return CreditSerializer(credit).data if credit is not None else None

    def user(self) -> Any:
        request = self.context.get("request")
        return getattr(request, "user", None)

    def to_representation(self, instance: Idea) -> dict[str, Any]:
        data = super().to_representation(instance)
        # The id of a project the reader may not read (a confidential one, for a viewer) is not shown either.
        project = instance.project if instance.project_id else None
        if project is not None and not policy.can_read(self.user(), project):
            data["project"] = None
        return data

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        review = {name: attrs.pop(name) for name in REVIEW_FIELDS if name in attrs}
        instance: Idea | None = self.instance
        organisation = attrs.get("organisation") or getattr(instance, "organisation", None)
        if instance is None:
            changed = [name for name, value in review.items() if value != REVIEW_FIELDS[name]]
            if changed and not services.may_review(self.user(), Idea(organisation=organisation)):
                raise PermissionDenied(REVIEWERS_ONLY.format(fields=", ".join(changed)))
            probe = Idea(submitted_on=timezone.localdate(), **attrs)
            try:
                probe.full_clean(exclude=["code"])
            except DjangoValidationError as error:
                raise ValidationError(error.message_dict) from error
            review = {name: review[name] for name in changed}
        else:
            attrs = super().validate(attrs)
        self._review = review
        return attrs

    @transaction.atomic
    def create(self, validated_data: dict[str, Any]) -> Idea:
        user = self.user()
        idea = services.submit_idea(
            organisation=validated_data["organisation"], title=validated_data["title"],
            description=validated_data["description"],
            submitter=validated_data.get("submitter", Submitter.STAFF), actor=user,
            workstream=validated_data.get("workstream"), event=validated_data.get("event"),
            submitter_role_title=validated_data.get("submitter_role_title", ""),
        )
        extra = {name: validated_data[name] for name in ("source", "illustrative") if name in validated_data}
        if extra:
            for name, value in extra.items():
                setattr(idea, name, value)
            idea.save(update_fields=[*extra, "modified_at"])
        apply_review(idea, self._review, user)
        return idea

    @transaction.atomic
    def update(self, instance: Idea, validated_data: dict[str, Any]) -> Idea:
        idea: Idea = super().update(instance, validated_data)
        apply_review(idea, self._review, self.user())
        return idea


def apply_review(idea: Idea, review: dict[str, Any], user: Any) -> None:
    """Apply what the programme office sent: a change of status through the lifecycle, a corrected reason, the
    project of an accepted idea, and its moderation for the public pages. Raises 400 or 403 with the reason."""
    if not review:
        return
    if not services.may_review(user, idea):
        raise PermissionDenied(REVIEWERS_ONLY.format(fields=", ".join(review)))
    status = review.get("status", idea.status)
    if status != idea.status:
        services.change_idea_status(idea, status, actor=user, reason=review.get("status_reason", ""),
                                    project=review.get("project"))
    else:
        changed = False
        if "status_reason" in review and review["status_reason"] != idea.status_reason:
            idea.status_reason = review["status_reason"].strip()
            changed = True
        if "project" in review and review["project"] != idea.project:
            if idea.status != IdeaStatus.ACCEPTED:
                raise ValidationError({"project": ["An idea names its project when it is accepted: send status "
                                                   "accepted with the project."]})
            if review["project"] is None:
                raise ValidationError({"project": ["An accepted idea names the project it became."]})
            idea.project = review["project"]
            changed = True
        if changed:
            idea.modified_by = user
            idea.full_clean()
            idea.save()
    if "moderation" in review or "public" in review:
        moderation = review.get("moderation", idea.moderation)
        public = review.get("public")
        if public and moderation != Moderation.PUBLISHED:
            raise ValidationError({"public": ["Publish the idea (moderation) before showing it on the public pages."]})
        if moderation != idea.moderation or (public is not None and public != idea.public):
            services.moderate_idea(idea, actor=user, moderation=moderation, public=public)


class IdeaViewSet(OrganisationOwnedViewSet):
    """Ideas from staff and residents: anyone with a role posts one; the programme office reviews, accepts (naming
    the project the idea became) or declines it (with a reason that is published), and moderates it for the public
    pages."""

    model = Idea
    serializer_class = IdeaSerializer
    filterset_class = filters.IdeaFilterSet
    select_related = ("project",)

    def get_queryset(self) -> QuerySet[Idea]:
        return super().get_queryset().annotate(vote_count=Count("votes", distinct=True))

    def paginate_queryset(self, queryset: Any) -> list[Any] | None:
        page = super().paginate_queryset(queryset)
        if page is not None:
            found = services.credits(page, self.request.user)
            for idea in page:
                idea._credit = found.get(idea.pk)
                idea._credit_known = True
        return page

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        organisation = serializer.validated_data["organisation"]
        if not policy.can_create(self.request.user, organisation, Idea):
            raise PermissionDenied("Your role does not allow you to add this record.")
        serializer.save()
