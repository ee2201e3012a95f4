"""A follow keeps the day it was made (UTC), not its exact time: existing rows keep their day."""

import datetime as dt

from django.db import migrations, models

import jornada.alerts.models


def keep_the_day(apps, schema_editor):
    Follow = apps.get_model("alerts", "Follow")
    for pk, created_at in Follow.objects.values_list("pk", "created_at").iterator():
        Follow.objects.filter(pk=pk).update(created_on=created_at.astimezone(dt.UTC).date())


def midnight_of_the_day(apps, schema_editor):
    Follow = apps.get_model("alerts", "Follow")
    for pk, created_on in Follow.objects.values_list("pk", "created_on").iterator():
        Follow.objects.filter(pk=pk).update(created_at=dt.datetime.combine(created_on, dt.time.min, tzinfo=dt.UTC))


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0007_follow_by_whatsapp"),
    ]

    operations = [
        migrations.AddField(
            model_name="follow",
            name="created_on",
            field=models.DateField(editable=False, null=True),
        ),
        migrations.RunPython(keep_the_day, midnight_of_the_day),
        migrations.RemoveField(
            model_name="follow",
            name="created_at",
        ),
        migrations.AlterField(
            model_name="follow",
            name="created_on",
            field=models.DateField(default=jornada.alerts.models.follow_day, editable=False),
        ),
    ]
