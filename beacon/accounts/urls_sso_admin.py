"""An organisation's mapping from single sign-on groups to roles (``/org/<slug>/users/single-sign-on/``)."""

from django.urls import path

from beacon.accounts import views_sso_admin as views

app_name = "sso-admin"

urlpatterns = [
    path("", views.MappingList.as_view(), name="list"),
    path("add/", views.MappingAdd.as_view(), name="add"),
    path("<int:pk>/remove/", views.MappingRemove.as_view(), name="remove"),
]
