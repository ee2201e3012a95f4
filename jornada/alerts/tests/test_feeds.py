"""Atom feeds and their JSON twin list published warnings, site-wide and per number."""

import json
from typing import Any

import pytest
from django.test import Client

from jornada.alerts.services import report_publish
from jornada.alerts.tests.factories import ReportFactory
from jornada.core.tests.factories import OrganisationFactory, moderator

pytestmark = pytest.mark.django_db


def test_it_lists_a_published_warning_in_the_feeds(django_capture_on_commit_callbacks: Any) -> None:
    """Once published, a warning is an entry of the site feed and of its number's feed; unpublished ones never."""
    ReportFactory(contact_phone="55 1111 2222", contact_name="", contact_organisation="Nunca Publicada")
    report = ReportFactory()
    with django_capture_on_commit_callbacks(execute=True):
        report_publish(
            report=report,
            moderator=moderator(organisation=OrganisationFactory(), name="M", email="m@example.org"),
        )
    site = Client().get("/es/alerts/feed/")
    assert site.status_code == 200
    assert site["Content-Type"].startswith("application/atom+xml")
    body = site.content.decode()
    assert "Aviso de fraude: Visas Rápidas Ficticias" in body
    assert "Nunca Publicada" not in body
    number = Client().get("/es/alerts/feed/phone/+525512345678/").content.decode()
    assert f"/es/alerts/warnings/{report.pk}/" in number
    events = json.loads(Client().get("/api/v1/alerts/events", {"phone": "044 55 1234 5678"}).content)
    assert [event["path"] for event in events] == [f"/alerts/warnings/{report.pk}/"]
    assert Client().get("/es/alerts/feed/phone/123/").status_code == 404
