from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "beacon.reports"
    label = "reports"
    verbose_name = "Reports"

    def ready(self) -> None:
        from beacon.reports import signals  # noqa: F401  (registers the receivers)
