from beacon.performance.views import benchmarks, kpis

app_name = "performance"

urlpatterns = kpis.urlpatterns + benchmarks.urlpatterns
