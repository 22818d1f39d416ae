"""The ``boards``, ``meetings`` and ``agenda-items`` collections. A board lists its ``members`` (read-only,
nested; written in the Django admin or on the board's page); a meeting carries its ``date``; an agenda item
its ``previous`` item on the route through boards, refused with a reason when it is not of an earlier meeting
of the same organisation or would make a loop (``beacon.governance.route.previous_problem``)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from beacon.core.api import OrganisationOwnedSerializer, OrganisationOwnedViewSet
from beacon.governance import filters
from beacon.governance.models import AgendaItem, Board, BoardMember, Meeting
from beacon.governance.route import previous_problem

AUDIT = ["created_at", "modified_at"]


class BoardMemberEntrySerializer(serializers.ModelSerializer):
    """A member of a board, by role title, as listed inside the board."""

    class Meta:
        model = BoardMember
        fields = ["id", "role_title", "kind"]


class BoardSerializer(OrganisationOwnedSerializer):
    members = BoardMemberEntrySerializer(many=True, read_only=True)

    class Meta:
        model = Board
        fields = ["id", "organisation", "title", "kind", "terms_of_reference", "chair_title", "sponsor_title",
                  "programmes", "meeting_cadence", "members", "source", "public", "archived", *AUDIT]


class BoardViewSet(OrganisationOwnedViewSet):
    """Boards and committees: Cabinet, Council, scrutiny committees, the Transformation Board and others, with
    their terms of reference, chair, sponsor and members."""

    model = Board
    serializer_class = BoardSerializer
    filterset_class = filters.BoardFilterSet
    prefetch_related = ("members",)


class MeetingSerializer(OrganisationOwnedSerializer):
    title = serializers.CharField(read_only=True, help_text="the board and the date, e.g. “Cabinet, 6 May 2014”")

    class Meta:
        model = Meeting
        fields = ["id", "organisation", "board", "title", "date", "start_time", "location", "status", "minutes",
                  "source", "public", "illustrative", *AUDIT]


class MeetingViewSet(OrganisationOwnedViewSet):
    """Meetings of the boards, with their minutes; the agenda is in ``agenda-items``."""

    model = Meeting
    serializer_class = MeetingSerializer
    filterset_class = filters.MeetingFilterSet
    select_related = ("board",)


class AgendaItemSerializer(OrganisationOwnedSerializer):
    class Meta:
        model = AgendaItem
        fields = ["id", "organisation", "meeting", "number", "title", "decision", "previous", "resolution",
                  "comments_to_next", "confidential", "exempt_paragraph", *AUDIT]
        extra_kwargs = {"previous": {"help_text": "the same matter's item at an earlier board (its id)"}}

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        instance: Any = self.instance if self.instance is not None else AgendaItem()
        meeting = attrs.get("meeting", getattr(instance, "meeting", None) if instance.meeting_id else None)
        organisation = attrs.get("organisation") or getattr(instance, "organisation", None)
        probe = AgendaItem(pk=instance.pk, meeting=meeting, organisation=organisation)
        previous = attrs.get("previous", instance.previous if instance.previous_id else None)
        problem = previous_problem(probe, previous)
        if problem:
            raise ValidationError({"previous": problem})
        return attrs


class AgendaItemViewSet(OrganisationOwnedViewSet):
    """Items on the agenda of a meeting, with the resolution, the comments passed to the next board, and the
    same matter's item at the board before (``previous``): the route of a report through boards."""

    model = AgendaItem
    serializer_class = AgendaItemSerializer
    filterset_class = filters.AgendaItemFilterSet
