from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "beacon.programmes"
    label = "programmes"
