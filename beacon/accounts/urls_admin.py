"""(Being built.)"""

from django.urls import URLPattern

app_name = "users"

urlpatterns: list[URLPattern] = []
