"""Seal partner contacts' names and channels and the interaction log's summaries.

Each staff organisation gets one relationship memory key, wrapped by its organisation key like a
case's data key; every existing row is sealed under it before the clear columns are blanked and
dropped. Backwards, the values are opened again into clear columns.
"""

import django.db.models.deletion
from django.db import migrations, models

from jornada.cases.crypto import associated_data, key_id, master_key, new_key, seal, unseal

SEALED = {"partnercontact": ("name", "channel"), "partnerinteraction": ("summary",)}


def _organisation_key(apps, organisation_id):  # type: ignore[no-untyped-def]
    """Return (version, clear key) of the organisation's newest key, making version 1 if it has none."""
    OrganisationKey = apps.get_model("cases", "OrganisationKey")
    table = OrganisationKey._meta.db_table
    master = master_key()
    row = OrganisationKey.objects.filter(organisation_id=organisation_id).order_by("-version").first()
    if row is None:
        clear = new_key()
        row = OrganisationKey(organisation_id=organisation_id, version=1, master_key_id=key_id(master))
        row.wrapped = seal(master, clear, associated_data(table, "wrapped", organisation_id, version=1))
        row.save()
        return 1, clear
    aad = associated_data(table, "wrapped", organisation_id, version=row.version)
    return row.version, unseal(master, row.wrapped, aad, what=f"The key of organisation {organisation_id}")


def _memory_key(apps, organisation_id, keys):  # type: ignore[no-untyped-def]
    """Return the organisation's clear memory key, making and wrapping it on first use."""
    if organisation_id in keys:
        return keys[organisation_id]
    PartnerMemoryKey = apps.get_model("network", "PartnerMemoryKey")
    holder = PartnerMemoryKey.objects.create(organisation_id=organisation_id)
    version, organisation_key = _organisation_key(apps, organisation_id)
    clear = new_key()
    aad = associated_data(PartnerMemoryKey._meta.db_table, "data_key", holder.pk, version=version)
    holder.data_key = seal(organisation_key, clear, aad)
    holder.key_version = version
    holder.save(update_fields=["data_key", "key_version"])
    keys[organisation_id] = clear
    return clear


def seal_memory(apps, schema_editor):  # type: ignore[no-untyped-def]
    keys: dict[int, bytes] = {}
    for model_name, fields in SEALED.items():
        model = apps.get_model("network", model_name)
        table = model._meta.db_table
        for record in model.objects.order_by("pk").iterator():
            data_key = _memory_key(apps, record.organisation_id, keys)
            for field in fields:
                value = getattr(record, field)
                aad = associated_data(table, field, record.pk)
                setattr(record, f"{field}_sealed", seal(data_key, value.encode("utf-8"), aad) if value else None)
                setattr(record, field, "")  # the clear value does not outlive the migration in the row
            record.save(update_fields=[*fields, *(f"{field}_sealed" for field in fields)])


def open_memory(apps, schema_editor):  # type: ignore[no-untyped-def]
    PartnerMemoryKey = apps.get_model("network", "PartnerMemoryKey")
    OrganisationKey = apps.get_model("cases", "OrganisationKey")
    master = master_key() if PartnerMemoryKey.objects.exists() else b""
    keys: dict[int, bytes] = {}
    for holder in PartnerMemoryKey.objects.exclude(data_key=None):
        row = OrganisationKey.objects.get(organisation_id=holder.organisation_id, version=holder.key_version)
        table = OrganisationKey._meta.db_table
        aad = associated_data(table, "wrapped", row.organisation_id, version=row.version)
        organisation_key = unseal(master, row.wrapped, aad, what="an organisation key")
        aad = associated_data(PartnerMemoryKey._meta.db_table, "data_key", holder.pk, version=holder.key_version)
        keys[holder.organisation_id] = unseal(organisation_key, holder.data_key, aad, what="a memory key")
    for model_name, fields in SEALED.items():
        model = apps.get_model("network", model_name)
        table = model._meta.db_table
        for record in model.objects.order_by("pk").iterator():
            for field in fields:
                sealed = getattr(record, f"{field}_sealed")
                aad = associated_data(table, field, record.pk)
                clear = unseal(keys[record.organisation_id], sealed, aad, what=field) if sealed else b""
                setattr(record, field, clear.decode("utf-8"))
            record.save(update_fields=list(fields))


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0007_consent"),
        ("core", "0008_invitation_expired"),
        ("network", "0002_relationship_memory"),
    ]

    operations = [
        migrations.CreateModel(
            name="PartnerMemoryKey",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("data_key", models.BinaryField(null=True)),
                ("key_version", models.PositiveIntegerField(editable=False, null=True)),
                (
                    "organisation",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="core.organisation",
                        verbose_name="organisation",
                    ),
                ),
            ],
            options={
                "verbose_name": "relationship memory key",
                "verbose_name_plural": "relationship memory keys",
            },
        ),
        migrations.AddField(
            model_name="partnercontact", name="channel_sealed", field=models.BinaryField(null=True)
        ),
        migrations.AddField(model_name="partnercontact", name="name_sealed", field=models.BinaryField(null=True)),
        migrations.AddField(
            model_name="partnerinteraction", name="summary_sealed", field=models.BinaryField(null=True)
        ),
        migrations.RunPython(seal_memory, open_memory),
        migrations.AlterModelOptions(
            name="partnercontact",
            options={
                "ordering": ["until", "pk"],
                "verbose_name": "partner contact",
                "verbose_name_plural": "partner contacts",
            },
        ),
        migrations.RemoveField(model_name="partnercontact", name="channel"),
        migrations.RemoveField(model_name="partnercontact", name="name"),
        migrations.RemoveField(model_name="partnerinteraction", name="summary"),
    ]
