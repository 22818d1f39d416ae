from django.urls import path

from beacon.public import views

app_name = "public"

urlpatterns = [
    path("<slug:org>/", views.PublicDashboard.as_view(), name="dashboard"),
]
