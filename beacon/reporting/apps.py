from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "beacon.reporting"
    label = "reporting"
    verbose_name = "Reporting periods and history"

    def ready(self) -> None:
        from beacon.reporting import signals  # noqa: F401  (connects the receivers that freeze snapshots)
