from django.urls import path

from beacon.public import views, views_engagement

app_name = "public"

urlpatterns = [
    path("<slug:org>/", views.PublicDashboard.as_view(), name="dashboard"),
    path("<slug:org>/kpis/<int:pk>/", views.PublicKpi.as_view(), name="kpi"),
    path("<slug:org>/reports/<int:pk>.html", views.public_report, name="report"),
    path("<slug:org>/data/", views.DataDictionary.as_view(), name="data"),
    path("<slug:org>/data/<slug:name>.csv", views.dataset, {"fmt": "csv"}, name="dataset-csv"),
    path("<slug:org>/data/<slug:name>.json", views.dataset, {"fmt": "json"}, name="dataset-json"),
    path("<slug:org>/ideas/", views_engagement.PublicIdeas.as_view(), name="ideas"),
    path("<slug:org>/ideas/new/", views_engagement.PublicIdeaNew.as_view(), name="idea-new"),
    path("<slug:org>/events/", views_engagement.PublicEvents.as_view(), name="events"),
    path("<slug:org>/partnerships/", views_engagement.PublicPartnerships.as_view(), name="partnerships"),
    path("<slug:org>/partnerships/<int:pk>/", views_engagement.PublicPartnership.as_view(), name="partnership"),
    path("<slug:org>/operating-models/", views_engagement.PublicOperatingModels.as_view(), name="operating-models"),
    path("<slug:org>/operating-models/<int:pk>/", views_engagement.PublicOperatingModel.as_view(),
         name="operating-model"),
]
