"""The referral pages and API: the receiver sees the shared fields and nothing else, revocation ends
access, every state step, and a third organisation sees none of it."""

from __future__ import annotations

import io
from typing import Any

from django.urls import reverse
from pypdf import PdfReader

from jornada.cases.models import Case
from jornada.cases.tests.helpers import NAME, table_dump
from jornada.conftest import ThreeOrganisations
from jornada.core.models import AuditEvent
from jornada.referrals.models import Referral, ReferralKey, ReferralState
from jornada.referrals.services import referral_accept, referral_letter_record
from jornada.referrals.tests.helpers import TOPIC, UNSHARED, full_case, send, third_organisation

DECLINE = "Motivo-Unico-5R: sin abogado disponible"
FEEDBACK = "Avance-Unico-5R: primera cita hecha"


def _text(response: Any) -> str:
    if response["Content-Type"] == "application/pdf":
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    return response.content.decode()


def _receiver_urls(referral: Referral) -> list[str]:
    return [
        reverse("referrals:list"),
        reverse("referrals:received", kwargs={"pk": referral.pk}),
        f"/api/v1/staff/referrals/{referral.pk}",
        "/api/v1/staff/referrals",
        "/api/v1/staff/referrals?box=sent",
    ]


def test_it_shows_the_receiver_the_shared_fields_and_nothing_else(
    three_orgs: ThreeOrganisations, staff_client: Any
) -> None:
    """B was sent the name and the categories: every page and API answer it opens carries those only."""
    referral = send(full_case(three_orgs.a, three_orgs.alice), three_orgs.alice, three_orgs.b)
    bob = staff_client(three_orgs.bob)
    page = bob.get(reverse("referrals:received", kwargs={"pk": referral.pk}))
    assert page.status_code == 200
    assert NAME in _text(page)
    api = bob.get(f"/api/v1/staff/referrals/{referral.pk}").json()
    assert api["shared"]["worker_name"] == NAME
    assert api["shared"]["categories"] == [TOPIC]
    assert api["shared"]["contact"] is None
    assert api["shared"]["narrative"] is None
    for url in _receiver_urls(referral):
        response = bob.get(url)
        assert response.status_code == 200, url
        for marker in UNSHARED:
            assert marker not in _text(response), (url, marker)
    # Nor does the receiver reach the case itself.
    assert bob.get(reverse("cases:detail", kwargs={"pk": referral.case_id})).status_code == 404
    assert bob.get(f"/api/v1/staff/cases/{referral.case_id}").status_code == 404
    reads = AuditEvent.objects.filter(action="referral.read", organisation=three_orgs.b, actor=three_orgs.bob)
    assert reads.count() == 4, (
        "the page and the API detail, each opened twice, audited on the receiver's side"
    )


def test_it_walks_accept_progress_and_done_with_feedback_for_the_sender(
    three_orgs: ThreeOrganisations, staff_client: Any
) -> None:
    """B accepts (opening its own case from the shared fields), works and finishes; A reads the feedback."""
    referral = send(full_case(three_orgs.a, three_orgs.alice), three_orgs.alice, three_orgs.b)
    bob = staff_client(three_orgs.bob)
    url = reverse("referrals:received", kwargs={"pk": referral.pk})
    assert bob.post(url, {"action": "accept", "open_case": "on"}).status_code == 302
    referral.refresh_from_db()
    assert referral.state == ReferralState.ACCEPTED
    own = Case.objects.get(pk=referral.receiver_case_id)
    assert own.organisation == three_orgs.b
    assert list(own.categories.values_list("category__code", flat=True)) == [TOPIC]
    assert bob.post(url, {"action": "progress", "feedback": FEEDBACK}).status_code == 302
    assert bob.post(url, {"action": "done", "outcome": "settlement", "feedback": FEEDBACK}).status_code == 302
    referral.refresh_from_db()
    assert (referral.state, referral.outcome) == (ReferralState.DONE, "settlement")
    assert bob.post(url, {"action": "decline", "reason": "tarde"}).status_code == 400, "no decline once done"
    sender_page = staff_client(three_orgs.alice).get(reverse("referrals:sent", kwargs={"pk": referral.pk}))
    assert FEEDBACK in sender_page.content.decode()
    for action in ("referral.accepted", "referral.in_progress", "referral.done"):
        organisations = set(AuditEvent.objects.filter(action=action).values_list("organisation", flat=True))
        assert organisations == {three_orgs.a.pk, three_orgs.b.pk}, action


def test_it_declines_with_a_reason_the_sender_reads(
    three_orgs: ThreeOrganisations, staff_client: Any
) -> None:
    """A decline needs a reason; A sees it; B's API decline of a declined referral is refused."""
    referral = send(full_case(three_orgs.a, three_orgs.alice), three_orgs.alice, three_orgs.b)
    bob = staff_client(three_orgs.bob)
    url = reverse("referrals:received", kwargs={"pk": referral.pk})
    assert bob.post(url, {"action": "decline", "reason": ""}).status_code == 400
    response = bob.post(
        f"/api/v1/staff/referrals/{referral.pk}/decline", {"reason": DECLINE}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["state"] == "declined"
    again = bob.post(
        f"/api/v1/staff/referrals/{referral.pk}/decline", {"reason": DECLINE}, content_type="application/json"
    )
    assert again.status_code == 422
    assert again.json()["errors"]["referral"][0]["code"] == "wrong_state"
    sender_page = staff_client(three_orgs.alice).get(reverse("referrals:sent", kwargs={"pk": referral.pk}))
    assert DECLINE in sender_page.content.decode()
    assert DECLINE.encode() not in table_dump("referrals_referral"), "sealed"


def test_it_ends_the_receivers_access_when_the_sender_revokes(
    three_orgs: ThreeOrganisations, staff_client: Any
) -> None:
    """Revoked: B's copy and key are erased, its page and API show nothing shared, and it cannot accept."""
    referral = send(
        full_case(three_orgs.a, three_orgs.alice),
        three_orgs.alice,
        three_orgs.b,
        fields=["worker_name", "contact"],
    )
    bob = staff_client(three_orgs.bob)
    assert NAME in bob.get(reverse("referrals:received", kwargs={"pk": referral.pk})).content.decode()
    revoke = reverse("referrals:revoke", kwargs={"pk": referral.pk})
    assert bob.post(revoke).status_code == 404, "only the sender revokes"
    assert staff_client(three_orgs.charlie).post(revoke).status_code == 302
    referral.refresh_from_db()
    assert referral.state == ReferralState.REVOKED
    assert referral.shared_sealed is None
    assert not ReferralKey.objects.filter(referral=referral, organisation=three_orgs.b).exists()
    for url in _receiver_urls(referral):
        response = bob.get(url)
        assert response.status_code == 200, url
        text = _text(response)
        assert NAME not in text, url
        assert "Contacto-Unico-7Q" not in text, url
    assert bob.get(f"/api/v1/staff/referrals/{referral.pk}").json()["shared"] is None
    accept = bob.post(
        f"/api/v1/staff/referrals/{referral.pk}/accept", {"open_case": True}, content_type="application/json"
    )
    assert accept.status_code == 422
    assert not Case.objects.filter(organisation=three_orgs.b).exists()
    assert set(
        AuditEvent.objects.filter(action="referral.revoked").values_list("organisation", flat=True)
    ) == {
        three_orgs.a.pk,
        three_orgs.b.pk,
    }


def test_it_prints_a_letter_with_only_the_chosen_fields(
    three_orgs: ThreeOrganisations, staff_client: Any
) -> None:
    """The letter to a partner outside Jornada carries the name, no other marker; printing it is audited."""
    referral = referral_letter_record(
        actor=three_orgs.alice,
        case=full_case(three_orgs.a, three_orgs.alice),
        partner_name="Clínica Ficticia del Valle",
        fields=["worker_name", "categories"],
    )
    response = staff_client(three_orgs.charlie).get(reverse("referrals:letter", kwargs={"pk": referral.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _text(response)
    assert "Marcadora" in text
    assert "Clínica Ficticia del Valle" in text
    for marker in UNSHARED:
        assert marker not in text, marker
    assert AuditEvent.objects.filter(action="referral.letter_printed", organisation=three_orgs.a).exists()


def test_it_hides_every_referral_page_from_a_third_organisation(
    three_orgs: ThreeOrganisations, staff_client: Any
) -> None:
    """A referral from A to B: dora of C gets 404 on every page and API route about it, and lists none."""
    referral = send(full_case(three_orgs.a, three_orgs.alice), three_orgs.alice, three_orgs.b)
    letter = referral_letter_record(
        actor=three_orgs.alice, case=referral.case, partner_name="Clínica", fields=["worker_name"]
    )
    _c, dora = third_organisation()
    client = staff_client(dora)
    pages = [
        reverse("referrals:new", kwargs={"pk": referral.case_id}),
        reverse("referrals:letter_new", kwargs={"pk": referral.case_id}),
        reverse("referrals:received", kwargs={"pk": referral.pk}),
        reverse("referrals:sent", kwargs={"pk": referral.pk}),
        reverse("referrals:revoke", kwargs={"pk": referral.pk}),
        reverse("referrals:letter", kwargs={"pk": letter.pk}),
        f"/api/v1/staff/referrals/{referral.pk}",
    ]
    for url in pages:
        assert client.get(url).status_code == 404, url
    for url in (
        f"/api/v1/staff/referrals/{referral.pk}/accept",
        f"/api/v1/staff/referrals/{referral.pk}/decline",
    ):
        assert client.post(url, {"reason": "x"}, content_type="application/json").status_code == 404, url
    assert client.post(reverse("referrals:revoke", kwargs={"pk": referral.pk})).status_code == 404
    assert client.get("/api/v1/staff/referrals").json() == []
    assert client.get("/api/v1/staff/referrals?box=sent").json() == []
    listing = client.get(reverse("referrals:list")).content.decode()
    assert "Centro A" not in listing
    assert three_orgs.b.name not in listing
    assert "Centro B" not in client.get(reverse("referrals:partners")).content.decode()
    # The sender does not get the receiver's page either, and the receiver not the sender's.
    assert (
        staff_client(three_orgs.alice)
        .get(reverse("referrals:received", kwargs={"pk": referral.pk}))
        .status_code
        == 404
    )
    assert (
        staff_client(three_orgs.bob).get(reverse("referrals:sent", kwargs={"pk": referral.pk})).status_code
        == 404
    )
    referral.refresh_from_db()
    assert referral.state == ReferralState.SENT


def test_it_sends_a_referral_from_the_case_page_form(
    three_orgs: ThreeOrganisations, staff_client: Any
) -> None:
    """The form refers with the ticked fields; without consent it answers the translated refusal."""
    case = full_case(three_orgs.a, three_orgs.alice)
    from jornada.referrals.tests.helpers import taking
    from jornada.vocabulary.models import Category

    taking(three_orgs.b)
    topic = Category.objects.get(code=TOPIC)
    client = staff_client(three_orgs.charlie)
    url = reverse("referrals:new", kwargs={"pk": case.pk})
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"receiver": three_orgs.b.pk, "topic": topic.pk, "fields_shared": ["narrative"]}
    )
    assert response.status_code == 302
    assert Referral.objects.get().fields == ["narrative"]
    bare = full_case(three_orgs.a, three_orgs.alice, consent=False)
    refused = client.post(
        reverse("referrals:new", kwargs={"pk": bare.pk}),
        {"receiver": three_orgs.b.pk, "topic": topic.pk, "fields_shared": ["narrative"]},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert refused.status_code == 400
    assert Referral.objects.count() == 1


def test_it_shows_response_times_per_partner(three_orgs: ThreeOrganisations, staff_client: Any) -> None:
    """A's partners page counts B's answered and waiting referrals."""
    first = send(full_case(three_orgs.a, three_orgs.alice), three_orgs.alice, three_orgs.b)
    send(full_case(three_orgs.a, three_orgs.alice), three_orgs.alice, three_orgs.b)
    referral_accept(actor=three_orgs.bob, referral=first)
    from jornada.referrals.selectors import partner_response_times

    (partner,) = partner_response_times(user=three_orgs.alice)
    assert (partner.name, partner.sent, partner.accepted, partner.waiting) == ("Centro B", 2, 1, 1)
    assert partner.median_hours is not None
    page = staff_client(three_orgs.alice).get(reverse("referrals:partners"))
    assert "Centro B" in page.content.decode()


def test_it_lists_a_cases_referrals_on_the_case_page(
    three_orgs: ThreeOrganisations, staff_client: Any
) -> None:
    """A's case page names where the case went and links the sender's page of the referral."""
    referral = send(full_case(three_orgs.a, three_orgs.alice), three_orgs.alice, three_orgs.b)
    page = staff_client(three_orgs.alice).get(reverse("cases:detail", kwargs={"pk": referral.case_id}))
    text = page.content.decode()
    assert reverse("referrals:sent", kwargs={"pk": referral.pk}) in text
    assert "Centro B" in text
