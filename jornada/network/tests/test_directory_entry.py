"""An organisation's staff keep their own directory entry; no one else may."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from jornada.core.models import AuditEvent
from jornada.network.models import Organization

pytestmark = pytest.mark.django_db
VALUES = {
    "name": "Centro A",
    "alternate_name": "",
    "description": "We help.",
    "kind": "legal_aid",
    "email": "",
    "website": "",
}


def test_it_saves_the_entry_as_verified_by_the_member(three_orgs: Any, staff_client: Any) -> None:
    """alice saves A's entry: it is linked to A, verified by her today, and audited."""
    url = reverse("network:directory_entry", kwargs={"slug": three_orgs.a.slug})
    response = staff_client(three_orgs.alice).post(url, VALUES)
    assert response.status_code == 302
    entry = Organization.objects.get(staff_organisation=three_orgs.a)
    assert (entry.name, entry.verified_by) == ("Centro A", three_orgs.alice.name)
    assert entry.verified_at is not None
    assert AuditEvent.objects.filter(action="network.entry_changed", organisation=three_orgs.a).exists()


def test_it_refuses_another_organisations_entry(three_orgs: Any, staff_client: Any) -> None:
    """bob (organisation B) cannot change A's entry: 404, and nothing is written."""
    url = reverse("network:directory_entry", kwargs={"slug": three_orgs.a.slug})
    assert staff_client(three_orgs.bob).post(url, VALUES).status_code == 404
    assert not Organization.objects.exists()


def test_it_refuses_an_advocate(three_orgs: Any, staff_client: Any) -> None:
    """charlie, an advocate of A, may not edit the entry (administrators and supervisors may)."""
    url = reverse("network:directory_entry", kwargs={"slug": three_orgs.a.slug})
    assert staff_client(three_orgs.charlie).post(url, VALUES).status_code in (403, 404)
    assert not Organization.objects.exists()
