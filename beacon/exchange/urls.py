from django.urls import path

from beacon.exchange import views
from beacon.exchange.views import backup, imports

app_name = "exchange"

urlpatterns = [
    path("", views.DataIndex.as_view(), name="index"),
    path("import/", imports.ImportStart.as_view(), name="import-start"),
    path("import/<int:pk>/", imports.ImportRunPage.as_view(), name="import-run"),
    path("import/<int:pk>/start/", imports.ImportGo.as_view(), name="import-go"),
    path("import/<int:pk>/progress.json", imports.ImportProgress.as_view(), name="import-progress"),
    path("import/<int:pk>/problems.csv", imports.ImportProblems.as_view(), name="import-problems"),
    path("backup/", backup.BackupPage.as_view(), name="backup"),
    path("templates/<str:record_type>.<str:fmt>", imports.TemplateDownload.as_view(), name="import-template"),
]
