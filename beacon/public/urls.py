from django.urls import path

from beacon.public import views

app_name = "public"

urlpatterns = [
    path("<slug:org>/", views.PublicDashboard.as_view(), name="dashboard"),
    path("<slug:org>/kpis/<int:pk>/", views.PublicKpi.as_view(), name="kpi"),
    path("<slug:org>/reports/<int:pk>.html", views.public_report, name="report"),
    path("<slug:org>/data/", views.DataDictionary.as_view(), name="data"),
    path("<slug:org>/data/<slug:name>.csv", views.dataset, {"fmt": "csv"}, name="dataset-csv"),
    path("<slug:org>/data/<slug:name>.json", views.dataset, {"fmt": "json"}, name="dataset-json"),
]
