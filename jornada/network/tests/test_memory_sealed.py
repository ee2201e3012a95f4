"""Relationship memory at rest: contacts' names and channels and the interaction log are sealed.

Sealed per field under one data key per staff organisation, wrapped by the organisation's key;
read only through the audited ``partner_memory``; rewrapped by ``jornada rotate_keys``; and the
migration seals what was stored in clear before it.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from jornada.cases.models import OrganisationKey
from jornada.core import migration_testing
from jornada.core.models import AuditEvent
from jornada.network.memory_keys import memory_key_for_reading, sealed_get
from jornada.network.models import Organization, PartnerContact, PartnerInteraction, PartnerMemoryKey
from jornada.network.relationships import partner_contact_add, partner_interaction_add, partner_memory

NAME = "Contacta-Sellada-4K"
CHANNEL = "+1 919 555 0144 Canal-Sellado-4K"
SUMMARY = "Resumen-Sellado-4K: hablamos con Contacta."
MARKERS = ("Sellad", "555 0144")


def whole_database(*, dumpdata: bool = True) -> str:
    """Return dumpdata of every app plus every row of every table read with raw SQL, as text."""
    out = io.StringIO()
    if dumpdata:  # not while migrated back: the models are ahead of the tables then
        call_command("dumpdata", stdout=out)
    parts = [out.getvalue()]
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(include_views=False):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - names from introspection
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, bytes | memoryview | bytearray):
                        parts.append(bytes(value).decode("latin-1"))
                    else:
                        parts.append(str(value))
    return "\n".join(parts)


def remember(orgs: Any) -> Organization:
    """A's memory of one partner: a contact with a channel and one interaction, written by alice."""
    entry = Organization.objects.create(name="Defensa Ficticia", description="A partner.")
    partner_contact_add(
        organisation=orgs.a, partner=entry, by=orgs.alice, values={"name": NAME, "channel": CHANNEL}
    )
    partner_interaction_add(
        organisation=orgs.a,
        partner=entry,
        by=orgs.alice,
        values={"kind": "call", "happened_on": timezone.localdate(), "summary": SUMMARY},
    )
    return entry


@pytest.mark.django_db
def test_it_stores_names_channels_and_summaries_only_sealed(three_orgs: Any) -> None:
    """No clear name, channel or summary anywhere in the database; the organisation's selector opens them."""
    entry = remember(three_orgs)
    dump = whole_database()
    assert [marker for marker in MARKERS if marker in dump] == []
    memory = partner_memory(user=three_orgs.alice, organisation=three_orgs.a, partner=entry)
    assert [(row.name, row.channel) for row in memory.contacts] == [(NAME, CHANNEL)]
    assert [row.summary for row in memory.interactions] == [SUMMARY]
    holder = PartnerMemoryKey.objects.get(organisation=three_orgs.a)
    assert holder.key_version == 1
    assert not PartnerMemoryKey.objects.filter(organisation=three_orgs.b).exists()


@pytest.mark.django_db
def test_it_audits_every_read_of_the_memory_with_counts_only(three_orgs: Any, staff_client: Any) -> None:
    """Opening a partner's page writes network.memory_read for the reader, with ids and counts, never names."""
    entry = remember(three_orgs)
    page = staff_client(three_orgs.charlie).get(
        reverse("network:partner", kwargs={"slug": three_orgs.a.slug, "partner": entry.pk})
    )
    assert NAME in page.content.decode()
    event = AuditEvent.objects.get(action="network.memory_read")
    assert (event.actor, event.organisation, event.target_id) == (
        three_orgs.charlie,
        three_orgs.a,
        str(entry.pk),
    )
    assert event.detail == {"contacts": 1, "interactions": 1}


@pytest.mark.django_db
def test_it_rewraps_the_memory_key_when_the_organisation_key_rotates(three_orgs: Any) -> None:
    """A new organisation key version takes over the memory key; the old version is retired; fields unchanged."""
    entry = remember(three_orgs)
    sealed_before = list(PartnerContact.objects.values_list("name_sealed", "channel_sealed"))
    wrapped_before = bytes(PartnerMemoryKey.objects.get(organisation=three_orgs.a).data_key)
    call_command(
        "rotate_keys",
        "--new-organisation-keys",
        "--organisation",
        three_orgs.a.slug,
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    holder = PartnerMemoryKey.objects.get(organisation=three_orgs.a)
    assert holder.key_version == 2
    assert bytes(holder.data_key) != wrapped_before
    assert list(
        OrganisationKey.objects.filter(organisation=three_orgs.a).values_list("version", flat=True)
    ) == [2]
    assert list(PartnerContact.objects.values_list("name_sealed", "channel_sealed")) == sealed_before
    memory = partner_memory(user=three_orgs.alice, organisation=three_orgs.a, partner=entry)
    assert [row.name for row in memory.contacts] == [NAME]


BEFORE = [("network", "0002_relationship_memory")]
AFTER = [("network", "0003_partner_memory_sealed")]


@pytest.fixture
def migrated_back() -> Iterator[Any]:
    """The network's models as they were before sealing; everything migrated forward after."""
    with migration_testing.migrated_back(BEFORE) as apps:
        yield apps


@pytest.mark.django_db(transaction=True)
def test_it_seals_what_was_stored_in_clear_before_the_migration(migrated_back: Any) -> None:
    """Rows written in clear before 0003 are sealed by it: nothing clear is left, and each organisation reads its own."""
    from jornada.core.models import Organisation

    apps = migrated_back
    a = Organisation.objects.create(name="Centro Migrado", slug="centro-migrado")
    entry = apps.get_model("network", "Organization").objects.create(name="Socia", description="A partner.")
    apps.get_model("network", "PartnerContact").objects.create(
        organisation_id=a.pk, partner_id=entry.pk, name=NAME, channel=CHANNEL
    )
    apps.get_model("network", "PartnerContact").objects.create(
        organisation_id=a.pk, partner_id=entry.pk, name="Otra-Sellada-4K"
    )
    apps.get_model("network", "PartnerInteraction").objects.create(
        organisation_id=a.pk,
        partner_id=entry.pk,
        kind="call",
        happened_on=timezone.localdate(),
        summary=SUMMARY,
    )
    assert NAME in whole_database(dumpdata=False)

    migration_testing.migrate_to_newest()

    assert [marker for marker in MARKERS if marker in whole_database()] == []
    # Opened with the selector's helpers: the audited selector would leave an audit row, which a
    # transactional test cannot flush (the log is append-only).
    data_key = memory_key_for_reading(a)
    assert sorted(
        (sealed_get(row, data_key, "name"), sealed_get(row, data_key, "channel"))
        for row in PartnerContact.objects.all()
    ) == [(NAME, CHANNEL), ("Otra-Sellada-4K", "")]
    assert [sealed_get(row, data_key, "summary") for row in PartnerInteraction.objects.all()] == [SUMMARY]
    assert OrganisationKey.objects.filter(organisation=a).count() == 1
