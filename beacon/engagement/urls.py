"""Engagement and place, under /org/<slug>/engagement/."""

from beacon.engagement.views import events, ideas, operating_models, partnerships

app_name = "engagement"

urlpatterns = ideas.urlpatterns + events.urlpatterns + partnerships.urlpatterns + operating_models.urlpatterns
