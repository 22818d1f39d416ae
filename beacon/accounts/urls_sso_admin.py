"""Mount point; the views come with their feature."""

from django.urls import URLPattern

app_name = "sso-admin"

urlpatterns: list[URLPattern] = []
