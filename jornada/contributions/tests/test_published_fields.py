"""Every published text field of a contribution is scanned, highlighted, redactable and checked
before publication; the scammer's own identifiers are published as they are."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from jornada.alerts.tests.factories import ReportFactory, published_warning
from jornada.contributions import redaction
from jornada.contributions.models import Status
from jornada.contributions.scanner import hits_fingerprint, scan_fields
from jornada.contributions.services import contribution_publish
from jornada.reviews.tests.factories import ReviewFactory

WORKERS_NUMBER = "55 8765 4321"
OFFER = f"Pizca de fresa; mi número era el {WORKERS_NUMBER} y me llamo Juana Ficticia"


def _page(report) -> str:
    return f"/es/staff/alerts/{report.pk}/"


@pytest.mark.django_db
def test_it_refuses_to_publish_a_warning_with_a_personal_detail_in_an_offer_field(three_orgs) -> None:
    """A phone number and a name in "job offered" keep the warning unpublished, with a coded error."""
    report = ReportFactory(offer_job=OFFER, text="")
    with pytest.raises(ValidationError) as caught:
        contribution_publish(contribution=report, moderator=three_orgs.alice)
    assert caught.value.code == "unreviewed_personal_data"
    assert caught.value.params == {"count": 2}
    report.refresh_from_db()
    assert report.status == Status.RECEIVED


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field",
    [
        "offer_employer",
        "offer_job",
        "offer_place",
        "offer_dates",
        "offer_wage",
        "asked_for",
        "documents_asked",
        "state",
        "text",
    ],
)
def test_it_scans_every_descriptive_field_the_public_reads(field) -> None:
    """Each free-text field the warning page shows is scanned, not only the worker's own words."""
    report = ReportFactory(**{"text": "", field: f"tel {WORKERS_NUMBER}"})
    assert [
        (found.name, [hit.kind for hit in found.hits]) for found in scan_fields(report) if found.hits
    ] == [(field, ["phone"])]


@pytest.mark.django_db
def test_it_publishes_the_scammers_own_number_and_account_without_asking(three_orgs) -> None:
    """The scammer's phone, page, address and account holder are the warning's point: not scanned."""
    report = ReportFactory(
        contact_whatsapp="55 1111 2222",
        contact_address="Calle Falsa 123, tel 55 3333 4444",
        account_holder="Ramiro Inventado",
        text="Me pidieron dinero para la visa.",
    )
    published = contribution_publish(contribution=report, moderator=three_orgs.alice)
    assert published.status == Status.PUBLISHED


@pytest.mark.django_db
def test_it_publishes_once_the_moderator_confirms_exactly_the_details_shown(three_orgs, staff_client) -> None:
    """Ticking "I checked every highlighted detail" with the page's fingerprint lets it through."""
    report = ReportFactory(offer_job=OFFER)
    client = staff_client(three_orgs.alice)
    page = client.get(_page(report)).content.decode()
    assert f"<mark>{WORKERS_NUMBER}</mark>" in page
    refused = client.post(_page(report), {"action": "publish"})
    assert refused.status_code == 200
    assert "posibles datos personales" in refused.content.decode()
    fingerprint = hits_fingerprint(scan_fields(report))
    done = client.post(_page(report), {"action": "publish", "checked": "on", "reviewed": fingerprint})
    assert done.status_code == 302
    report.refresh_from_db()
    assert report.status == Status.PUBLISHED


@pytest.mark.django_db
def test_it_refuses_a_confirmation_of_details_that_have_changed_since(three_orgs) -> None:
    """A confirmation covers the details shown: one the author added since still blocks publication."""
    report = ReportFactory(offer_job=OFFER)
    seen = hits_fingerprint(scan_fields(report))
    report.offer_place = "Yakima; escríbeme a juana@example.org"
    report.save()
    with pytest.raises(ValidationError) as caught:
        contribution_publish(contribution=report, moderator=three_orgs.alice, reviewed_hits=seen)
    assert caught.value.code == "unreviewed_personal_data"


@pytest.mark.django_db
def test_it_redacts_an_offer_field_and_then_publishes_without_asking(three_orgs, staff_client) -> None:
    """A detail removed from "job offered" is gone; with nothing left to check, publishing just works."""
    report = ReportFactory(offer_job=OFFER)
    client = staff_client(three_orgs.alice)
    response = client.post(
        _page(report),
        {
            "action": "redact",
            "field": "offer_job",
            "phrases": f"{WORKERS_NUMBER}\nJuana Ficticia",
            "reason": "author",
            "fingerprint": redaction.fingerprint(report.offer_job),
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert WORKERS_NUMBER not in report.offer_job
    assert redaction.MARKER in report.offer_job
    assert client.post(_page(report), {"action": "publish"}).status_code == 302
    report.refresh_from_db()
    assert report.status == Status.PUBLISHED


@pytest.mark.django_db
def test_it_shows_a_redacted_offer_field_as_removed_on_the_public_page(client) -> None:
    """The public warning shows "[personal detail removed]", never the raw marker character."""
    report = published_warning(offer_job=f"Pizca {redaction.MARKER}")
    page = client.get(f"/es/alerts/warnings/{report.pk}/").content.decode()
    assert redaction.MARKER not in page
    assert '<span class="redacted">' in page


@pytest.mark.django_db
def test_it_applies_the_same_check_to_reviews(three_orgs) -> None:
    """Reviews share the mechanism: a phone number in the text blocks publication until confirmed."""
    review = ReviewFactory(text=f"Me pagaron menos; mi cel {WORKERS_NUMBER}.")
    with pytest.raises(ValidationError) as caught:
        contribution_publish(contribution=review, moderator=three_orgs.alice)
    assert caught.value.code == "unreviewed_personal_data"
    fingerprint = hits_fingerprint(scan_fields(review))
    assert contribution_publish(
        contribution=review, moderator=three_orgs.alice, reviewed_hits=fingerprint
    ).is_public()
