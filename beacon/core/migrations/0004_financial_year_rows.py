"""The financial years 2010/11 to 2039/40, with the year that holds the day of migration marked current
(an administrator moves the flag in the Django admin at the turn of the year)."""

from django.db import migrations


def load(apps, schema_editor):
    from beacon.core.money import load_financial_years

    load_financial_years(apps.get_model("core", "FinancialYear"))


class Migration(migrations.Migration):
    dependencies = [("core", "0003_financial_years")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
