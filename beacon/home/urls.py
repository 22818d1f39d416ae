from django.urls import path

from beacon.home import views

app_name = "home"

urlpatterns = [
    path("", views.Index.as_view(), name="index"),
    path("org/<slug:org>/", views.Dashboard.as_view(), name="dashboard"),
]
