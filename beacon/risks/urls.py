"""Risk registers and equality impact assessments, under /org/<slug>/risks/."""

from beacon.risks.views import equality, risks

app_name = "risks"

urlpatterns = risks.urlpatterns + equality.urlpatterns
