from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "beacon.finance"
    label = "finance"
    verbose_name = "Money"
