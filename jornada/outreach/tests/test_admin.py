"""The admin reads events but never changes them: only the service bumps SEQUENCE and rewrites occurrences."""

import pytest
from django.urls import reverse

from jornada.core.tests.factories import OrganisationFactory, UserFactory
from jornada.outreach.tests.helpers import publish

pytestmark = pytest.mark.django_db


def test_it_shows_events_read_only_and_lets_campaigns_be_made(staff_client) -> None:
    """A site administrator lists and opens events (200) but cannot change them (403); campaigns can be added."""
    event = publish(OrganisationFactory())
    client = staff_client(UserFactory(is_superuser=True, is_staff=True))
    assert client.get(reverse("admin:outreach_event_changelist")).status_code == 200
    assert client.get(reverse("admin:outreach_event_change", args=[event.pk])).status_code == 200
    response = client.post(reverse("admin:outreach_event_change", args=[event.pk]), {"title_es": "Otro"})
    assert response.status_code == 403
    event.refresh_from_db()
    assert event.title_es != "Otro"
    assert client.get(reverse("admin:outreach_campaign_add")).status_code == 200
