"""Load the vocabulary Jornada ships; running it again adds what is missing and changes nothing else."""

from typing import Any

from django.db import migrations

from jornada.vocabulary.initial import INITIAL


def load(apps: Any, schema_editor: Any) -> None:
    Category = apps.get_model("vocabulary", "Category")
    CategoryVersion = apps.get_model("vocabulary", "CategoryVersion")
    fields = (
        "group", "worker_label_es", "worker_label_en", "staff_label_es", "staff_label_en",
        "description_es", "description_en", "urgent", "position",
    )
    for position, entry in enumerate(INITIAL):
        # An administrator may have corrected a label since: an existing code is left as it is.
        category, created = Category.objects.get_or_create(
            code=entry.code,
            defaults={
                "group": entry.group,
                "urgent": entry.urgent,
                "worker_label_es": entry.worker_es,
                "worker_label_en": entry.worker_en,
                "staff_label_es": entry.staff_es,
                "staff_label_en": entry.staff_en,
                "description_es": entry.description_es,
                "description_en": entry.description_en,
                "position": position,
                "version": 1,
            },
        )
        if created:
            CategoryVersion.objects.create(
                category=category,
                number=1,
                content={name: getattr(category, name) for name in fields},
                changed_by=None,
                change="created",
            )


class Migration(migrations.Migration):
    dependencies = [("vocabulary", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
