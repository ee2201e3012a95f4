"""Employers: claim a profile, get verified by a moderator, reply once per review, ask for takedowns."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client

from jornada.contributions.models import Status
from jornada.core import services as core_services
from jornada.core.models import AuditEvent, Invitation, Membership, User
from jornada.core.tests import factories as core_factories
from jornada.reviews import services
from jornada.reviews.models import EmployerClaim, EmployerReply, TakedownRequest
from jornada.reviews.tests.factories import ClaimFactory, EmployerFactory, ReviewFactory, published_reviews


@pytest.fixture
def verified(db):
    """A representative with a verified claim on an employer that has three published reviews."""
    from jornada.core.tests.factories import UserFactory

    employer = EmployerFactory()
    reviews = published_reviews(employer, 3)
    user = UserFactory(email="rep@granja.example")
    claim = ClaimFactory(employer=employer, user=user, state=EmployerClaim.State.VERIFIED)
    return claim, reviews


@pytest.mark.django_db
def test_it_takes_a_claim_request_from_the_public_page() -> None:
    """A person asks to speak for an employer; the claim waits for staff, no account is made yet."""
    employer = EmployerFactory()
    response = Client().post(
        f"/es/reviews/employers/{employer.slug}/claim/",
        {
            "employer": employer.slug,
            "contact_name": "Rosa Gerente",
            "contact_email": "Rosa@Granja.Example",
            "contact_role": "Gerente",
            "message": "Nuestro agente es el que aparece en DOL.",
        },
    )
    assert response.status_code == 200
    claim = EmployerClaim.objects.get()
    assert (claim.employer, claim.contact_email, claim.state, claim.user) == (
        employer,
        "rosa@granja.example",
        EmployerClaim.State.PENDING,
        None,
    )
    assert not User.objects.filter(email="rosa@granja.example").exists()


@pytest.mark.django_db
def test_a_moderator_verifies_a_claim_against_the_dol_record(three_orgs, staff_client, run_tasks) -> None:
    """Verifying creates an account with no organisation, e-mails a password link, and is audited."""
    claim = ClaimFactory()
    client = staff_client(three_orgs.alice)
    page = client.get(f"/es/staff/reviews/claims/{claim.pk}/")
    assert page.status_code == 200
    assert claim.employer.name in page.content.decode()
    response = client.post(
        f"/es/staff/reviews/claims/{claim.pk}/",
        {"decision": "verify", "evidence": "dol_record", "note": "Llamé al agente que presentó el caso."},
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.is_verified()
    assert claim.decided_by == three_orgs.alice
    assert not Membership.objects.filter(user=claim.user).exists()
    assert {e.action for e in AuditEvent.objects.all()} >= {"reviews.claim_opened", "reviews.claim_verified"}
    run_tasks()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [claim.contact_email]
    assert "/staff/password/" in mail.outbox[0].body


@pytest.mark.django_db
def test_a_claim_needs_to_say_how_it_was_verified(three_orgs, staff_client) -> None:
    """Verify without evidence is refused with a reason; nothing changes."""
    claim = ClaimFactory()
    response = staff_client(three_orgs.alice).post(
        f"/es/staff/reviews/claims/{claim.pk}/", {"decision": "verify", "note": "ok"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["evidence"]
    claim.refresh_from_db()
    assert claim.state == EmployerClaim.State.PENDING


@pytest.mark.django_db
def test_a_member_of_an_organisation_cannot_speak_for_an_employer(three_orgs) -> None:
    """A moderator (or any member) cannot become an employer's representative."""
    claim = ClaimFactory(contact_email=three_orgs.charlie.email)
    with pytest.raises(ValidationError) as caught:
        services.claim_verify(
            claim=claim, moderator=three_orgs.alice, evidence="documents", note="x", base_url="http://t/"
        )
    assert caught.value.code == "staff_member"


@pytest.mark.django_db
def test_a_moderator_cannot_speak_for_an_employer(three_orgs) -> None:
    """A holder of the moderation grant (even one in no organisation) cannot become a representative."""
    moderator = core_factories.moderator(email="mod@example.org")
    claim = ClaimFactory(contact_email=moderator.email)
    with pytest.raises(ValidationError) as caught:
        services.claim_verify(
            claim=claim, moderator=three_orgs.alice, evidence="documents", note="x", base_url="http://t/"
        )
    assert caught.value.code == "moderator"


@pytest.mark.django_db
def test_an_employer_representative_cannot_be_invited_or_join_or_moderate(
    verified, three_orgs, staff_client
) -> None:
    """An account with a verified claim is refused an invitation, an earlier invitation's acceptance, and the grant."""
    claim, _reviews = verified
    page = staff_client(three_orgs.alice).post(
        "/es/staff/organisations/centro-a/members/",
        {"name": "Rep", "email": claim.user.email, "roles": ["advocate"]},
    )
    assert "habla en nombre de un patrón" in page.content.decode()
    assert not Invitation.objects.filter(user=claim.user).exists()

    # Invited before the claim was verified: accepting is refused all the same.
    newcomer = ClaimFactory(employer=claim.employer)
    invitation = core_services.membership_invite(
        organisation=three_orgs.a,
        invited_by=three_orgs.alice,
        email=newcomer.contact_email,
        name="Nuevo",
        roles=["advocate"],
        base_url="http://t/",
    )
    newcomer.user, newcomer.state = invitation.user, EmployerClaim.State.VERIFIED
    newcomer.save()
    with pytest.raises(ValidationError) as caught:
        core_services.invitation_accept(invitation=invitation, user=invitation.user)
    assert caught.value.code == "employer_representative"
    assert not Membership.objects.filter(user=invitation.user).exists()

    root = core_factories.UserFactory(is_superuser=True, is_staff=True)
    with pytest.raises(ValidationError) as caught:
        core_services.moderation_grant(user=claim.user, granted_by=root)
    assert caught.value.code == "employer_representative"
    assert not claim.user.moderates()


@pytest.mark.django_db
def test_a_moderator_refuses_and_revokes_claims(three_orgs, staff_client) -> None:
    """Refused and revoked claims let nobody reply; both are audited."""
    refused, verified_claim = ClaimFactory(), ClaimFactory()
    client = staff_client(three_orgs.bob)
    client.post(f"/es/staff/reviews/claims/{refused.pk}/", {"decision": "refuse", "note": "No coincide."})
    services.claim_verify(
        claim=verified_claim, moderator=three_orgs.bob, evidence="documents", note="ok", base_url="http://t/"
    )
    client.post(
        f"/es/staff/reviews/claims/{verified_claim.pk}/", {"action": "revoke", "note": "Ya no trabaja ahí."}
    )
    refused.refresh_from_db()
    verified_claim.refresh_from_db()
    assert refused.state == EmployerClaim.State.REFUSED
    assert verified_claim.state == EmployerClaim.State.REVOKED
    assert not verified_claim.is_verified()
    assert {"reviews.claim_refused", "reviews.claim_revoked"} <= set(
        AuditEvent.objects.values_list("action", flat=True)
    )


@pytest.mark.django_db
def test_a_verified_employer_replies_once_and_the_reply_is_moderated(
    verified, three_orgs, staff_client
) -> None:
    """The reply waits for moderation, is shown under the review once published, and can be rewritten."""
    claim, reviews = verified
    rep = staff_client(claim.user)
    home = rep.get("/es/staff/employer/")
    assert home.status_code == 200
    assert len(home.context["employers"][0]["reviews"]) == 3
    url = f"/es/staff/employer/reviews/{reviews[0].pk}/reply/"
    assert rep.post(url, {"text": "Gracias, <b>revisaremos</b> las horas."}).status_code == 302
    reply = EmployerReply.objects.get()
    assert reply.status == Status.RECEIVED
    page = Client().get(f"/es/reviews/employers/{claim.employer.slug}/").content.decode()
    assert "revisaremos" not in page
    assert (
        staff_client(three_orgs.alice)
        .post(f"/es/staff/reviews/replies/{reply.pk}/", {"action": "publish"})
        .status_code
        == 302
    )
    page = Client().get(f"/es/reviews/employers/{claim.employer.slug}/").content.decode()
    assert "Gracias, &lt;b&gt;revisaremos&lt;/b&gt; las horas." in page
    rep.post(url, {"text": "Respuesta nueva."})
    assert EmployerReply.objects.count() == 1
    reply.refresh_from_db()
    assert reply.text == "Respuesta nueva."
    assert reply.status == Status.RECEIVED
    assert AuditEvent.objects.filter(action="reviews.reply_written", actor=claim.user).count() == 2


@pytest.mark.django_db
def test_an_employer_sees_only_what_the_public_sees(verified, staff_client) -> None:
    """Below the threshold, or for another employer's review, the employer pages are 404."""
    claim, _reviews = verified
    rep = staff_client(claim.user)
    hidden_employer = EmployerFactory()
    hidden = published_reviews(hidden_employer, 2)
    ClaimFactory(employer=hidden_employer, user=claim.user, state=EmployerClaim.State.VERIFIED)
    assert rep.get(f"/es/staff/employer/reviews/{hidden[0].pk}/reply/").status_code == 404
    other = published_reviews(EmployerFactory(), 3)
    assert rep.get(f"/es/staff/employer/reviews/{other[0].pk}/reply/").status_code == 404
    waiting = ReviewFactory(employer=claim.employer)
    assert rep.get(f"/es/staff/employer/reviews/{waiting.pk}/takedown/").status_code == 404


@pytest.mark.django_db
def test_an_unverified_account_cannot_reply(verified, staff_client) -> None:
    """A pending or revoked claim gives no access to replies or takedowns."""
    claim, reviews = verified
    claim.state = EmployerClaim.State.REVOKED
    claim.save()
    rep = staff_client(claim.user)
    assert rep.get(f"/es/staff/employer/reviews/{reviews[0].pk}/reply/").status_code == 404
    assert (
        rep.post(
            f"/es/staff/employer/reviews/{reviews[0].pk}/takedown/", {"reason": "untrue", "explanation": "x"}
        ).status_code
        == 404
    )
    assert not TakedownRequest.objects.exists()


@pytest.mark.django_db
def test_a_takedown_request_is_recorded_and_decided_but_never_removes_the_review(
    verified, three_orgs, staff_client
) -> None:
    """The employer asks; a moderator keeps the review or removes personal details; both are audited."""
    claim, reviews = verified
    rep = staff_client(claim.user)
    rep.post(
        f"/es/staff/employer/reviews/{reviews[0].pk}/takedown/",
        {"reason": "untrue", "explanation": "No es verdad."},
    )
    rep.post(
        f"/es/staff/employer/reviews/{reviews[1].pk}/takedown/",
        {"reason": "personal_data", "explanation": "Nombra a un supervisor."},
    )
    # Keys are random, not in the order the requests were made: tell them apart by reason.
    first = TakedownRequest.objects.get(reason="untrue")
    second = TakedownRequest.objects.get(reason="personal_data")
    moderator = staff_client(three_orgs.alice)
    moderator.post(f"/es/staff/reviews/takedowns/{first.pk}/", {"outcome": "kept"})
    refused = moderator.post(f"/es/staff/reviews/takedowns/{second.pk}/", {"outcome": "redacted"})
    assert refused.status_code == 200  # the review was not redacted yet
    second.refresh_from_db()
    assert second.outcome == TakedownRequest.Outcome.PENDING
    from jornada.contributions import redaction

    moderator.post(
        f"/es/staff/reviews/{reviews[1].pk}/",
        {
            "action": "redact",
            "phrases": "visa",
            "reason": "other_person",
            "fingerprint": redaction.fingerprint(reviews[1].text),
        },
    )
    moderator.post(f"/es/staff/reviews/takedowns/{second.pk}/", {"outcome": "redacted"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.outcome, second.outcome) == (TakedownRequest.Outcome.KEPT, TakedownRequest.Outcome.REDACTED)
    for review in reviews:
        review.refresh_from_db()
        assert review.status == Status.PUBLISHED
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert actions.count("reviews.takedown_requested") == 2
    assert actions.count("reviews.takedown_decided") == 2
    home = rep.get("/es/staff/employer/").content.decode()
    assert "La opinión se queda como está" in home or "The review stays as it is" in home


@pytest.mark.django_db
def test_the_staff_home_leads_a_representative_to_the_employer_page(verified, staff_client) -> None:
    """A representative (no organisation) sees the employers they speak for on the staff home."""
    claim, _reviews = verified
    page = staff_client(claim.user).get("/es/staff/").content.decode()
    assert claim.employer.name in page
    assert "/es/staff/employer/" in page


@pytest.mark.django_db
def test_a_refused_reply_is_kept_but_never_shown(three_orgs, staff_client) -> None:
    """A reply that threatens the author is refused; its text stays on record for staff only."""
    from jornada.reviews.tests.factories import ReplyFactory

    reply = ReplyFactory(text="Sabemos quién eres y no vuelves.")
    response = staff_client(three_orgs.alice).post(
        f"/es/staff/reviews/replies/{reply.pk}/", {"action": "reject", "reason": "abusive"}
    )
    assert response.status_code == 302
    reply.refresh_from_db()
    assert (reply.status, reply.reject_reason, reply.text) == (
        Status.REJECTED,
        "abusive",
        "Sabemos quién eres y no vuelves.",
    )
    assert AuditEvent.objects.filter(action="reviews.reply_rejected").exists()
