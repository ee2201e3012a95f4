"""Moderation: holders of the moderation grant publish, reject, redact and link; nobody else can."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from jornada.contributions import redaction
from jornada.contributions.models import Status
from jornada.contributions.scanner import hits_fingerprint, scan_fields
from jornada.contributions.services import contribution_publish, contribution_redact, contribution_reject
from jornada.core.models import AuditEvent, ModerationGrant
from jornada.core.tests.factories import UserFactory
from jornada.core.tests.factories import moderator as moderator_account
from jornada.reviews.models import TakedownRequest
from jornada.reviews.tests.factories import EmployerFactory, ReplyFactory, ReviewFactory

TEXT = "Me llamo Juan Pérez, mi cel es 55 1234 5678. El patrón no pagó las horas extra."


def _url(review) -> str:
    return f"/es/staff/reviews/{review.pk}/"


@pytest.mark.django_db
def test_it_publishes_a_review_and_audits_it_without_its_text(three_orgs, staff_client) -> None:
    """Publishing is recorded with the moderator and the grant that let them, no organisation, no text."""
    review = ReviewFactory(text=TEXT)
    confirmed = {"checked": "on", "reviewed": hits_fingerprint(scan_fields(review))}
    response = staff_client(three_orgs.alice).post(_url(review), {"action": "publish", **confirmed})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == Status.PUBLISHED
    event = AuditEvent.objects.get(action="reviews.review_published")
    assert event.actor == three_orgs.alice
    assert event.organisation is None
    assert event.detail["grant"] == ModerationGrant.objects.get(user=three_orgs.alice).pk
    assert event.target_id == str(review.pk)
    assert "Juan" not in str(event.detail)


@pytest.mark.django_db
def test_it_records_every_opening_of_a_review(three_orgs, staff_client) -> None:
    """Reading a review in moderation is itself audited."""
    review = ReviewFactory()
    assert staff_client(three_orgs.bob).get(_url(review)).status_code == 200
    event = AuditEvent.objects.get(action="reviews.review_opened")
    assert event.actor == three_orgs.bob
    assert event.organisation is None
    assert event.detail == {"grant": ModerationGrant.objects.get(user=three_orgs.bob).pk}


@pytest.mark.django_db
def test_it_rejects_with_a_reason_and_erases_the_text(three_orgs, staff_client) -> None:
    """A rejected review keeps its reason code for the transparency page; what it said is erased."""
    review = ReviewFactory(text=TEXT)
    staff_client(three_orgs.bob).post(_url(review), {"action": "reject", "reason": "spam"})
    review.refresh_from_db()
    assert (review.status, review.reject_reason, review.text, review.fees_charged) == (
        Status.REJECTED,
        "spam",
        "",
        "",
    )
    assert AuditEvent.objects.get(action="reviews.review_rejected").detail == {
        "reason": "spam",
        "grant": ModerationGrant.objects.get(user=three_orgs.bob).pk,
    }


@pytest.mark.django_db
def test_it_requires_a_valid_reason_to_reject(three_orgs, staff_client) -> None:
    """No reason, or an invented one, leaves the review waiting and says why."""
    review = ReviewFactory()
    response = staff_client(three_orgs.alice).post(_url(review), {"action": "reject", "reason": "because"})
    assert response.status_code == 200
    assert response.context["reject_form"].errors["reason"]
    review.refresh_from_db()
    assert review.status == Status.RECEIVED


@pytest.mark.django_db
def test_it_redacts_flagged_and_typed_details_and_nothing_else(three_orgs, staff_client) -> None:
    """Chosen spans and typed phrases become markers; every other character stays as written."""
    review = ReviewFactory(text=TEXT)
    client = staff_client(three_orgs.alice)
    page = client.get(_url(review))
    hits = page.context["signals"].hits
    assert [hit.kind for hit in hits] == ["name", "phone"]
    assert "<mark>Juan Pérez</mark>" in page.content.decode()
    response = client.post(
        _url(review),
        {
            "action": "redact",
            "spans": [hits[1].value],
            "phrases": "juan pérez",
            "reason": "author",
            "fingerprint": redaction.fingerprint(TEXT),
        },
    )
    assert response.status_code == 302
    review.refresh_from_db()
    marker = redaction.MARKER
    assert review.text == f"Me llamo {marker}, mi cel es {marker}. El patrón no pagó las horas extra."
    assert review.is_redacted
    assert review.status == Status.RECEIVED
    event = AuditEvent.objects.get(action="reviews.review_redacted")
    grant = ModerationGrant.objects.get(user=event.actor)
    assert event.detail == {"field": "text", "reason": "author", "parts": 2, "grant": grant.pk}
    assert "Juan" not in str(event.detail)


@pytest.mark.django_db
def test_it_will_not_redact_text_that_changed_since_it_was_shown(three_orgs) -> None:
    """If the author edited the text meanwhile, the moderator must look again."""
    review = ReviewFactory(text=TEXT)
    with pytest.raises(ValidationError) as caught:
        contribution_redact(
            contribution=review,
            moderator=three_orgs.alice,
            field="text",
            phrases=["Juan"],
            reason="author",
            shown_fingerprint=redaction.fingerprint("an older text"),
        )
    assert caught.value.code == "text_changed"


@pytest.mark.django_db
def test_staff_cannot_change_what_a_worker_wrote(three_orgs, staff_client) -> None:
    """No action rewrites worker text: unknown actions and extra fields are ignored."""
    review = ReviewFactory(text=TEXT)
    staff_client(three_orgs.alice).post(
        _url(review), {"action": "edit", "text": "Todo bien.", "fees_charged": "no"}
    )
    review.refresh_from_db()
    assert review.text == TEXT
    assert review.fees_charged == "yes"


@pytest.mark.django_db
def test_it_needs_a_directory_link_before_publishing(three_orgs, staff_client) -> None:
    """A review naming an unknown employer is linked by a moderator, then published."""
    review = ReviewFactory(employer=None, subject_name="Agrícola Sin Registro")
    employer = EmployerFactory(name="Agricola Sin Registro SA", normalised_name="agricola sin registro")
    client = staff_client(three_orgs.alice)
    response = client.post(_url(review), {"action": "publish"})
    assert response.status_code == 200
    assert "subject_unlinked" not in str(response.content)
    assert response.context["publish_errors"]
    page = client.get(_url(review) + "?kind=employer&q=sin+registro")
    assert [match.name for match in page.context["link_matches"]] == [employer.name]
    client.post(_url(review), {"action": "link", "subject": f"employer:{employer.slug}"})
    review.refresh_from_db()
    assert review.employer == employer
    assert review.subject_name == ""
    assert AuditEvent.objects.filter(action="reviews.review_linked").exists()
    client.post(_url(review), {"action": "publish"})
    review.refresh_from_db()
    assert review.status == Status.PUBLISHED


@pytest.mark.django_db
def test_a_decision_cannot_be_taken_twice(three_orgs) -> None:
    """Once published, a review cannot be rejected (nor published again)."""
    review = ReviewFactory()
    contribution_publish(contribution=review, moderator=three_orgs.alice)
    with pytest.raises(ValidationError):
        contribution_reject(contribution=review, moderator=three_orgs.bob, reason="spam")
    with pytest.raises(ValidationError):
        contribution_publish(contribution=review, moderator=three_orgs.bob)


@pytest.mark.django_db
@pytest.mark.parametrize("action", [{"action": "publish"}, {"action": "reject", "reason": "spam"}])
def test_it_refuses_moderation_to_non_moderators(three_orgs, staff_client, action) -> None:
    """charlie (advocate in A) and a user of no organisation cannot moderate; the review is untouched."""
    review = ReviewFactory()
    outsider = UserFactory()
    for user in (three_orgs.charlie, outsider):
        assert staff_client(user).post(_url(review), action).status_code == 403
        assert staff_client(user).get("/es/staff/reviews/").status_code == 403
    review.refresh_from_db()
    assert review.status == Status.RECEIVED
    assert not AuditEvent.objects.filter(action__startswith="reviews.").exists()


@pytest.mark.django_db
def test_a_moderator_of_any_organisation_may_moderate(three_orgs, staff_client) -> None:
    """Reviews belong to no organisation: any holder of the moderation grant publishes one."""
    moderator = moderator_account(organisation=three_orgs.b)
    review = ReviewFactory()
    assert staff_client(moderator).post(_url(review), {"action": "publish"}).status_code == 302
    review.refresh_from_db()
    assert review.status == Status.PUBLISHED


@pytest.mark.django_db
def test_the_queue_shows_waiting_reviews_with_signals_and_no_identity(three_orgs, staff_client) -> None:
    """The queue lists waiting reviews with counts of flagged details, and nothing about authors."""
    ReviewFactory(text=TEXT)
    ReviewFactory(status=Status.PUBLISHED)
    response = staff_client(three_orgs.alice).get("/es/staff/reviews/")
    assert response.status_code == 200
    items = response.context["items"]
    assert len(items) == 1
    assert len(items[0].signals.hits) == 2
    assert "55 1234 5678" not in response.content.decode()


@pytest.mark.django_db
def test_the_staff_home_links_moderators_to_the_queue(three_orgs, staff_client) -> None:
    """alice (moderation grant) sees the link to the queue; charlie (advocate) does not."""
    assert "/es/staff/reviews/" in staff_client(three_orgs.alice).get("/es/staff/").content.decode()
    assert "/es/staff/reviews/" not in staff_client(three_orgs.charlie).get("/es/staff/").content.decode()


@pytest.mark.django_db
def test_it_records_every_read_of_the_queue_a_reply_and_a_takedown(three_orgs, staff_client) -> None:
    """The queue list, a waiting reply and a takedown request are reads of unpublished work: each is audited."""
    ReviewFactory(text=TEXT)
    reply = ReplyFactory()
    takedown = TakedownRequest.objects.create(
        review=reply.review, claim=reply.claim, reason="personal_data", explanation="x"
    )
    client = staff_client(three_orgs.bob)
    for url in (
        "/es/staff/reviews/",
        f"/es/staff/reviews/replies/{reply.pk}/",
        f"/es/staff/reviews/takedowns/{takedown.pk}/",
    ):
        assert client.get(url).status_code == 200
    grant = ModerationGrant.objects.get(user=three_orgs.bob).pk
    queue = AuditEvent.objects.get(action="reviews.queue_viewed")
    assert (queue.actor, queue.organisation, queue.detail["grant"], queue.detail["page"]) == (
        three_orgs.bob,
        None,
        grant,
        1,
    )
    assert AuditEvent.objects.get(action="reviews.reply_opened").target_id == str(reply.pk)
    assert AuditEvent.objects.get(action="reviews.takedown_opened").target_id == str(takedown.pk)
