from django.apps import AppConfig


class StrategyConfig(AppConfig):
    name = "beacon.strategy"
    label = "strategy"
