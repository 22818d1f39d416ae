from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "beacon.governance"
    label = "governance"
    verbose_name = "Governance"
