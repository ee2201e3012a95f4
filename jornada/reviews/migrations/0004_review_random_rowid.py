"""On SQLite, reviews are stored under random rowids, not in the order they arrived."""

from django.db import migrations

from jornada.core.fields import random_rowid_operation


class Migration(migrations.Migration):
    dependencies = [("reviews", "0003_reply_takedown_random_ids")]

    operations = [random_rowid_operation("reviews_review")]
