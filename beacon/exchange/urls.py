from django.urls import path

from beacon.exchange import views

app_name = "exchange"

urlpatterns = [
    path("", views.DataIndex.as_view(), name="index"),
]
