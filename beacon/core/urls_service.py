"""The service essentials linked from every page's footer, at the site root: anyone may read them."""

from __future__ import annotations

from django.urls import path

from beacon.core import service_pages

app_name = "service"

urlpatterns = [
    path("accessibility/", service_pages.AccessibilityStatement.as_view(), name="accessibility"),
    path("privacy/", service_pages.PrivacyNotice.as_view(), name="privacy"),
    path("cookies/", service_pages.CookiesPage.as_view(), name="cookies"),
    path("help/", service_pages.HelpPage.as_view(), name="help"),
]
