"""On SQLite, scam reports and screenshots are stored under random rowids, not in arrival order."""

from django.db import migrations

from jornada.core.fields import random_rowid_operation


class Migration(migrations.Migration):
    dependencies = [("alerts", "0003_random_ids_month_order")]

    operations = [random_rowid_operation("alerts_scamreport", "alerts_screenshot")]
