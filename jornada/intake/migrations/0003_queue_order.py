"""Each recipient row carries its request's urgency and arrival hour, and a partial index orders a queue.

An organisation's queue is then read in order from one index of the recipients table; the
copies of the existing rows are filled from their requests.
"""

from typing import Any

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_from_requests(apps: Any, schema_editor: Any) -> None:
    Intake = apps.get_model("intake", "Intake")
    IntakeRecipient = apps.get_model("intake", "IntakeRecipient")
    request = Intake.objects.filter(pk=OuterRef("intake_id"))
    IntakeRecipient.objects.update(
        urgent=Subquery(request.values("urgent")[:1]), received_at=Subquery(request.values("received_at")[:1])
    )


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0007_intake_settings'),
        ('intake', '0002_intakedraft'),
    ]

    operations = [
        migrations.AddField(
            model_name='intakerecipient',
            name='received_at',
            field=models.DateTimeField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name='intakerecipient',
            name='urgent',
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.RunPython(copy_from_requests, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name='intakerecipient',
            index=models.Index(condition=models.Q(('data_key__isnull', False), ('decision', 'pending')), fields=['organisation', 'decision', '-urgent', 'received_at', 'intake'], name='intake_queue_order'),
        ),
    ]
