from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "beacon.exchange"
    label = "exchange"
    verbose_name = "Data in and out"
