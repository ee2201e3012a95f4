"""The promoters' log offline: a service worker scoped to the promoter pages, and the replay it sends.

The browser half (saved offline, sent once when the signal returns) is e2e/test_outreach_offline.py.
"""

import uuid

import pytest
from django.test import Client
from django.utils import timezone

from jornada.outreach.models import PromoterSession

pytestmark = pytest.mark.django_db

FORM = "/es/staff/promoters/sessions/new/"
REPLAY = {"HTTP_X_JORNADA_OFFLINE_REPLAY": "1"}


def _form(organisation, client_id) -> dict:
    return {
        "organisation": organisation.pk,
        "client_id": str(client_id),
        "held_on": timezone.localdate().isoformat(),
        "town": "Tlaxiaco",
        "state": "MX-OAX",
        "attendees": "9",
    }


def test_it_serves_the_worker_under_the_promoter_pages_only() -> None:
    """The worker is JavaScript at /es/staff/promoters/sw.js (so its scope is those pages), revalidated."""
    response = Client().get("/es/staff/promoters/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"]
    assert "Service-Worker-Allowed" not in response
    assert "X-Jornada-Offline-Replay" in response.content.decode()


def test_it_loads_the_worker_script_on_the_session_form_with_its_scope(three_orgs, staff_client) -> None:
    """The form page loads promoter-offline.js (external, deferred) naming the worker and its scope."""
    page = staff_client(three_orgs.alice).get(FORM).content.decode()
    assert 'data-worker="/es/staff/promoters/sw.js"' in page
    assert 'data-scope="/es/staff/promoters/"' in page
    assert 'id="offline-saved"' in page


def test_it_answers_a_replayed_log_with_204_and_counts_it_once(three_orgs, staff_client) -> None:
    """The worker's replay of one log, sent three times with its client_id, is one session; each gets 204."""
    client = staff_client(three_orgs.alice)
    data = _form(three_orgs.a, uuid.uuid4())
    answers = [client.post(FORM, data, **REPLAY).status_code for _attempt in range(3)]
    assert answers == [204, 204, 204]
    assert PromoterSession.objects.count() == 1


def test_it_answers_a_replayed_log_that_is_wrong_with_400(three_orgs, staff_client) -> None:
    """A replayed log the form refuses is answered 400, so the phone keeps it rather than drop it."""
    client = staff_client(three_orgs.alice)
    data = _form(three_orgs.a, uuid.uuid4()) | {"attendees": "0"}
    assert client.post(FORM, data, **REPLAY).status_code == 400
    assert not PromoterSession.objects.exists()


def test_it_asks_a_replay_without_a_session_to_sign_in_not_204() -> None:
    """A replay from a phone whose staff session has ended is not 204 (the worker keeps the log)."""
    response = Client().post(FORM, {"client_id": str(uuid.uuid4())}, **REPLAY)
    assert response.status_code == 302


def test_it_fills_the_date_as_an_iso_date_a_date_input_can_show(three_orgs, staff_client) -> None:
    """The date field carries today as YYYY-MM-DD: a browser's date input drops any other format,
    and the log (online, or kept offline and replayed) was then refused for a missing date."""
    page = staff_client(three_orgs.alice).get(FORM).content.decode()
    assert f'value="{timezone.localdate().isoformat()}"' in page
