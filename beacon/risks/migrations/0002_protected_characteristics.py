from django.db import migrations


def load(apps, schema_editor):
    from beacon.risks.models import load_protected_characteristics

    load_protected_characteristics(apps.get_model("risks", "EqualityGroup"))


class Migration(migrations.Migration):
    dependencies = [("risks", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
