from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "beacon.engagement"
    label = "engagement"
    verbose_name = "Engagement and place"
