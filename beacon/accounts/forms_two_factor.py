"""The forms of two-factor sign-in: one field each, a code from the authenticator app (or a recovery code)."""

from __future__ import annotations

from typing import Any

from django import forms

from beacon.accounts import two_factor
from beacon.core.forms import GovukFormMixin

APP_CODE_HINT = "The 6 digits your authenticator app shows now, for example 123456"
CODE_OR_RECOVERY_HINT = (
    "The 6 digits your authenticator app shows now, or one of your recovery codes (such as abcd-efgh)"
)
NOT_RIGHT = "The code is not right. Check the time on your phone and enter the 6 digits shown now"
NOT_RIGHT_OR_RECOVERY = (
    "The code is not right. Enter the 6 digits your app shows now (check the time on your phone), "
    "or a recovery code you have not used before"
)


class CodeForm(GovukFormMixin, forms.Form):
    """A 6-digit code from the authenticator app (``recovery_allowed``: or a recovery code)."""

    code = forms.CharField(label="Security code", max_length=40, strip=True)

    def __init__(self, *args: Any, recovery_allowed: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.recovery_allowed = recovery_allowed
        field = self.fields["code"]
        field.help_text = CODE_OR_RECOVERY_HINT if recovery_allowed else APP_CODE_HINT
        field.error_messages["required"] = (
            "Enter the 6 digits from your authenticator app, or a recovery code" if recovery_allowed
            else "Enter the 6 digits from your authenticator app"
        )
        field.widget.attrs.update({"autocomplete": "one-time-code", "spellcheck": "false",
                                   "class": f"{field.widget.attrs.get('class', '')} govuk-input--width-10".strip()})
        if not recovery_allowed:
            field.widget.attrs["inputmode"] = "numeric"

    def clean_code(self) -> str:
        code = two_factor.normalise(self.cleaned_data["code"])
        if two_factor.is_app_code(code):
            return code
        if self.recovery_allowed:
            if code.isalnum() and 6 <= len(code) <= 16:
                return code
            raise forms.ValidationError(
                "Enter the 6 digits from your authenticator app, or a recovery code of 8 letters and numbers")
        raise forms.ValidationError("Enter the 6 digits from your authenticator app, for example 123456")

    def not_right(self) -> None:
        self.add_error("code", NOT_RIGHT_OR_RECOVERY if self.recovery_allowed else NOT_RIGHT)
