from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from beacon.strategy.models import Objective, Plan, Priority, Theme

for model in (Plan, Theme, Priority, Objective):
    admin.site.register(model, SimpleHistoryAdmin)
