"""Mount point; the views come with their feature."""

from django.urls import URLPattern

app_name = "tokens"

urlpatterns: list[URLPattern] = []
