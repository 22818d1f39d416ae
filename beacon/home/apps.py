from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "beacon.home"
    label = "home"
