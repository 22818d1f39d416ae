"""(Being built: a placeholder list so that the navigation resolves.)"""

from __future__ import annotations

from django.urls import URLPattern, path

from beacon.core.generic import RecordListView
from beacon.engagement import filters
from beacon.engagement.models import Idea
from beacon.engagement.views import EngagementSection


class IdeaList(EngagementSection, RecordListView):
    model = Idea
    template_name = "layouts/list.html"
    filterset_class = filters.IdeaFilterSet
    page_title = "Ideas"
    engagement_key = "ideas"


urlpatterns: list[URLPattern] = [path("", IdeaList.as_view(), name="idea-list")]
