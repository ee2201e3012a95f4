"""Load the vocabulary Jornada ships; running it again adds what is missing and changes nothing else."""

from typing import Any

from django.db import migrations

from jornada.vocabulary.initial import initial_load


def load(apps: Any, schema_editor: Any) -> None:
    initial_load(apps.get_model("vocabulary", "Category"), apps.get_model("vocabulary", "CategoryVersion"))


class Migration(migrations.Migration):
    dependencies = [("vocabulary", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
