"""Employer replies and takedown requests get random keys; existing ones are renumbered.

A sequence numbered them in the order they were written, which orders the reviews they answer
or are about (see ``jornada.core.fields.RandomIdField``).
"""

import secrets

import jornada.core.fields
from django.db import migrations

RANDOM_ID = dict(default=jornada.core.fields.random_id, editable=False, primary_key=True, serialize=False)


def renumber(apps, schema_editor):
    for name in ("EmployerReply", "TakedownRequest"):
        model = apps.get_model("reviews", name)
        old_ids = list(model.objects.values_list("id", flat=True).order_by())
        taken = set(old_ids)
        for old_id in old_ids:
            new_id = secrets.randbelow(2**63 - 1) + 1
            while new_id in taken:
                new_id = secrets.randbelow(2**63 - 1) + 1
            taken.add(new_id)
            model.objects.filter(id=old_id).update(id=new_id)


class Migration(migrations.Migration):
    dependencies = [("reviews", "0002_review_month_order")]

    operations = [
        migrations.AlterField(
            model_name="employerreply", name="id", field=jornada.core.fields.RandomIdField(**RANDOM_ID)
        ),
        migrations.AlterField(
            model_name="takedownrequest", name="id", field=jornada.core.fields.RandomIdField(**RANDOM_ID)
        ),
        migrations.RunPython(renumber, migrations.RunPython.noop),
    ]
