"""Random keys beside contributions, and reports listed by month then by their random key.

A sequence numbered identifiers in the order their reports arrived, and events (with their
targets and deliveries) in the order warnings and reviews were published. Existing identifiers,
events and targets are renumbered at random, and events about a warning or a review keep only
their day. Deliveries keep their numbers: a queued task names its delivery by it.
"""

import datetime as dt
import secrets

import jornada.core.fields
from django.db import migrations

RANDOM_ID = dict(default=jornada.core.fields.random_id, editable=False, primary_key=True, serialize=False)


def _draw(taken):
    new_id = secrets.randbelow(2**63 - 1) + 1
    while new_id in taken:
        new_id = secrets.randbelow(2**63 - 1) + 1
    taken.add(new_id)
    return new_id


def renumber(apps, schema_editor):
    WarningIdentifier = apps.get_model("alerts", "WarningIdentifier")
    Event = apps.get_model("alerts", "Event")
    EventTarget = apps.get_model("alerts", "EventTarget")
    Delivery = apps.get_model("alerts", "Delivery")
    for model in (WarningIdentifier, EventTarget):
        old_ids = list(model.objects.values_list("id", flat=True).order_by())
        taken = set(old_ids)
        for old_id in old_ids:
            model.objects.filter(id=old_id).update(id=_draw(taken))
    events = list(Event.objects.values_list("id", "kind", "created_at").order_by())
    taken = {event_id for event_id, _kind, _at in events}
    for old_id, kind, created_at in events:
        new_id = _draw(taken)
        changes = {"id": new_id}
        if kind in ("warning", "review"):
            day = created_at.astimezone(dt.UTC).date()
            changes["created_at"] = dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)
        Event.objects.filter(id=old_id).update(**changes)
        EventTarget.objects.filter(event_id=old_id).update(event_id=new_id)
        Delivery.objects.filter(event_id=old_id).update(event_id=new_id)


class Migration(migrations.Migration):
    dependencies = [("alerts", "0002_retention_errors_and_counts")]

    operations = [
        migrations.AlterModelOptions(
            name="scamreport",
            options={
                "ordering": ["-received_month", "id"],
                "verbose_name": "scam report",
                "verbose_name_plural": "scam reports",
            },
        ),
        migrations.AlterModelOptions(
            name="screenshot",
            options={"ordering": ["id"], "verbose_name": "screenshot", "verbose_name_plural": "screenshots"},
        ),
        migrations.AlterField(
            model_name="delivery", name="id", field=jornada.core.fields.RandomIdField(**RANDOM_ID)
        ),
        migrations.AlterField(model_name="event", name="id", field=jornada.core.fields.RandomIdField(**RANDOM_ID)),
        migrations.AlterField(
            model_name="eventtarget", name="id", field=jornada.core.fields.RandomIdField(**RANDOM_ID)
        ),
        migrations.AlterField(
            model_name="warningidentifier", name="id", field=jornada.core.fields.RandomIdField(**RANDOM_ID)
        ),
        migrations.RunPython(renumber, migrations.RunPython.noop),
    ]
