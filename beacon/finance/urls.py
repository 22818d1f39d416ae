from beacon.finance.views import forecast, ledger, mtfs, resources

app_name = "finance"

urlpatterns = ledger.urlpatterns + mtfs.urlpatterns + forecast.urlpatterns + resources.urlpatterns
