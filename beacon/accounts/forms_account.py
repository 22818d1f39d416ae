"""The forms of "Your account"."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.forms import PasswordChangeForm

from beacon.core.forms import GovukFormMixin

RULES_HINT = (
    "At least 12 characters. Not all numbers, not a commonly used password, and not like your username, "
    "name or email address. A few unrelated words together make a good one."
)


class GovukPasswordChangeForm(GovukFormMixin, PasswordChangeForm):
    """Django's change-password form (current password, new password twice, checked by
    AUTH_PASSWORD_VALIDATORS) in GOV.UK markup and words. The validators' messages are shown against the new
    password, where the user types it."""

    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": "Your current password is not right: enter it again",
        "password_mismatch": "Enter the same new password twice",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = {
            "old_password": ("Current password", "Enter your current password"),
            "new_password1": ("New password", "Enter a new password"),
            "new_password2": ("Confirm new password", "Enter the new password again"),
        }
        for name, (label, required) in labels.items():
            self.fields[name].label = label
            self.fields[name].error_messages["required"] = required
        self.fields["old_password"].widget.attrs.pop("autofocus", None)
        self.fields["new_password1"].help_text = RULES_HINT
        self.fields["new_password2"].help_text = ""

    def clean(self) -> dict[str, Any]:
        self.validate_passwords("new_password1", "new_password2")
        if "new_password2" not in self.errors:
            self.validate_password_for_user(self.user, "new_password1")
        return self.cleaned_data
