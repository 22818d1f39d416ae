from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "beacon.accounts"
    label = "accounts"
    verbose_name = "Identity and access"

    def ready(self) -> None:
        # Imported for their sign-in receivers: the audit trail of sign-ins, failures and sign-outs, and the decision
        # whether to ask for a second factor.
        from beacon.accounts import signals, two_factor  # noqa: F401
