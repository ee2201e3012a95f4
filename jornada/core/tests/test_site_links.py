"""Links that leave the site are built from JORNADA_BASE_URL, never from the request's Host header."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, override_settings

from jornada.core.site import site_base_url

pytestmark = pytest.mark.django_db
BASE = "https://jornada.example.org"


@override_settings(JORNADA_BASE_URL=BASE)
def test_it_sends_password_reset_links_to_the_site_not_the_host(three_orgs: Any, run_tasks: Any) -> None:
    """A reset asked through another allowed host name still links to the configured site."""
    response = Client(HTTP_HOST="localhost").post("/es/staff/password/", {"email": "alice@example.org"})
    assert response.status_code == 200
    run_tasks()
    [message] = mail.outbox
    assert re.search(rf"{re.escape(BASE)}/es/staff/password/\S+/", message.body)
    assert "localhost" not in message.body


@override_settings(JORNADA_BASE_URL=BASE)
def test_it_sends_follow_confirmations_to_the_site_not_the_host(
    run_tasks: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """A follow made through another allowed host name confirms through the configured site."""
    with django_capture_on_commit_callbacks(execute=True):
        response = Client(HTTP_HOST="localhost").post(
            "/es/alerts/follow/phone/+525512345678/", {"channel": "email", "contact": "t@example.org"}
        )
    assert response.status_code == 200
    run_tasks()
    [message] = mail.outbox
    assert f"{BASE}/es/alerts/follow/confirm/?code=" in message.body
    assert "localhost" not in message.body


@override_settings(JORNADA_BASE_URL="")
def test_it_refuses_to_guess_the_address_when_it_is_unset() -> None:
    """Without JORNADA_BASE_URL no link is made from the request: a clear configuration error instead."""
    with pytest.raises(ImproperlyConfigured, match="JORNADA_BASE_URL is not set"):
        site_base_url()
