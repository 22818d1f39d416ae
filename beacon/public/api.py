"""The public, read-only API: no token, only public and non-confidential records (policy.public)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from beacon.core import policy
from beacon.core.models import Organisation
from beacon.programmes.models import Programme, Project


class PublicProgrammeSerializer(serializers.ModelSerializer):
    organisation: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Programme
        fields = ["id", "organisation", "code", "title", "description", "start_date", "end_date", "board"]


class PublicProjectSerializer(serializers.ModelSerializer):
    organisation: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Project
        fields = ["id", "organisation", "code", "title", "description", "programme", "workstream", "stage",
                  "delivery_confidence", "start_date", "end_date"]


class PublicMixin:
    permission_classes: Any = [permissions.AllowAny]
    authentication_classes: Any = []
    kwargs: dict[str, Any]

    def organisation(self) -> Organisation:
        return get_object_or_404(Organisation, slug=self.kwargs["org"])


class PublicIndex(PublicMixin, APIView):
    """The collections of an organisation's public API."""

    @extend_schema(responses={200: dict})
    def get(self, request: Request, org: str) -> Response:
        organisation = self.organisation()
        return Response(
            {
                "organisation": organisation.slug,
                "name": organisation.name,
                "licence": "Open Government Licence v3.0",
                "collections": {
                    "programmes": reverse("public-api-programmes", kwargs={"org": org}, request=request),
                    "projects": reverse("public-api-projects", kwargs={"org": org}, request=request),
                },
            }
        )


class PublicProgrammeList(PublicMixin, generics.ListAPIView):
    serializer_class = PublicProgrammeSerializer
    queryset = Programme.objects.none()  # for the schema; get_queryset() gives the real records

    def get_queryset(self) -> QuerySet[Programme]:
        return policy.public(Programme.objects.all(), self.organisation()).select_related("organisation").order_by("pk")


class PublicProjectList(PublicMixin, generics.ListAPIView):
    serializer_class = PublicProjectSerializer
    queryset = Project.objects.none()  # for the schema; get_queryset() gives the real records

    def get_queryset(self) -> QuerySet[Project]:
        return policy.public(Project.objects.all(), self.organisation()).select_related("organisation").order_by("pk")
