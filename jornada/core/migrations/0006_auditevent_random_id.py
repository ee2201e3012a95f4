"""Audit events get random keys, and those already about a contribution keep only their day.

A sequence numbered events in the order they happened, so an event about a contribution (whose
time is now its day only) sat between exact-time events that dated it anyway. Existing events
are renumbered at random (``audit.viewed`` events follow the event they name) and those about a
review or scam report lose their time of day. The append-only triggers of 0002 are lifted for
this one rewrite and put back; SQLite rebuilds the table, which drops them anyway.
"""

import datetime as dt
import importlib
import secrets

import jornada.core.fields
from django.db import migrations


CONTRIBUTION_TYPES = ("reviews.review", "alerts.scamreport")


def _statements(name):
    return getattr(importlib.import_module("jornada.core.migrations.0002_audit_append_only"), name)


def _run(kind):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        name = {"sqlite": "SQLITE", "postgresql": "POSTGRES"}.get(vendor)
        if name is None:
            return
        for statement in _statements(f"{name}_{kind}"):
            schema_editor.execute(statement)

    return run


def renumber(apps, schema_editor):
    AuditEvent = apps.get_model("core", "AuditEvent")
    old_ids = list(AuditEvent.objects.values_list("id", flat=True).order_by())
    drawn = set(old_ids)
    new_ids = {}
    for old_id in old_ids:
        new_id = secrets.randbelow(2**63 - 1) + 1
        while new_id in drawn:
            new_id = secrets.randbelow(2**63 - 1) + 1
        drawn.add(new_id)
        new_ids[old_id] = new_id
    for event in AuditEvent.objects.order_by():
        changes = {"id": new_ids[event.id]}
        if event.target_type == "core.auditevent" and event.target_id.isdecimal():
            changes["target_id"] = str(new_ids.get(int(event.target_id), event.target_id))
        if event.target_type in CONTRIBUTION_TYPES:
            day = event.at.astimezone(dt.UTC).date()
            changes["at"] = dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)
        AuditEvent.objects.filter(id=event.id).update(**changes)


class Migration(migrations.Migration):
    dependencies = [("core", "0005_rate_counters_and_cache_table")]

    operations = [
        migrations.RunPython(_run("BACKWARD"), _run("FORWARD")),
        migrations.AlterField(
            model_name="auditevent",
            name="id",
            field=jornada.core.fields.RandomIdField(
                default=jornada.core.fields.random_id, editable=False, primary_key=True, serialize=False
            ),
        ),
        migrations.RunPython(renumber, migrations.RunPython.noop),
        migrations.RunPython(_run("FORWARD"), _run("BACKWARD")),
    ]
