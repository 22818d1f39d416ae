"""The financial years 2010/11 to 2039/40, with the year that holds the day of migration marked current
(an administrator moves the flag in the Django admin, or ``beacon`` does at the turn of the year)."""

import datetime as dt

from django.db import migrations

FIRST, LAST = 2010, 2039


def load(apps, schema_editor):
    FinancialYear = apps.get_model("core", "FinancialYear")
    today = dt.date.today()
    current = today.year if today.month >= 4 else today.year - 1
    for start in range(FIRST, LAST + 1):
        FinancialYear.objects.update_or_create(
            start_year=start,
            defaults={"label": f"{start}/{(start + 1) % 100:02d}", "current": start == current},
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0003_financial_years")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
