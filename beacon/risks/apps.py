from django.apps import AppConfig


class RisksConfig(AppConfig):
    name = "beacon.risks"
    label = "risks"
    verbose_name = "Risk and equality"
