"""Loads the register of UK councils (mySociety, CC-BY-4.0) so that every database has it."""

from django.db import migrations


def load(apps, schema_editor):
    from beacon.core.councils import load_register

    load_register(apps.get_model("core", "Council"))


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
