from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "beacon.accounts"
    label = "accounts"
    verbose_name = "Identity and access"

    def ready(self) -> None:
        from beacon.accounts import signals  # noqa: F401  (records sign-ins, failures and sign-outs)
