from django.urls import path

from beacon.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.ReportList.as_view(), name="report-list"),
    path("add/", views.ReportCreate.as_view(), name="report-create"),
    path("<int:pk>/", views.ReportDetail.as_view(), name="report-detail"),
    path("<int:pk>/edit/", views.ReportEdit.as_view(), name="report-edit"),
    path("<int:pk>/sign-off/", views.ReportSignOffView.as_view(), name="report-sign-off"),
    path("<int:pk>/issue/", views.ReportIssueView.as_view(), name="report-issue"),
    path("<int:pk>/new-version/", views.ReportNewVersion.as_view(), name="report-new-version"),
    path("<int:pk>/download.<str:fmt>", views.ReportDownload.as_view(), name="report-download"),
]
