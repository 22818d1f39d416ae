"""``{% sso_providers as providers %}``: the configured single sign-on providers, for the sign-in page."""

from __future__ import annotations

from django import template

from beacon.accounts import oidc

register = template.Library()


@register.simple_tag
def sso_providers() -> list[oidc.Provider]:
    return list(oidc.providers().values())
