"""The case page's "Consents" section: recording, withdrawing, and reading an override's reason."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from jornada.cases.consent import case_consent_given, case_consent_record, case_share_authorise
from jornada.cases.models import CaseConsent, ConsentPurpose
from jornada.cases.tests.helpers import open_case
from jornada.conftest import ThreeOrganisations
from jornada.core.models import AuditEvent
from jornada.core.tests.factories import OrganisationFactory, member

REASON = "Razon-Unica-9P: riesgo inmediato para el trabajador."


def test_it_lists_every_purpose_with_who_how_and_when(
    three_orgs: ThreeOrganisations, staff_client: Any
) -> None:
    """The case page lists the four purposes; a given one shows its method and who recorded it."""
    case = open_case(three_orgs.a, three_orgs.alice)
    case_consent_record(actor=three_orgs.charlie, case=case, purpose="referral", method="guardian")
    page = staff_client(three_orgs.alice).get(reverse("cases:detail", kwargs={"pk": case.pk}))
    text = page.content.decode()
    assert page.status_code == 200
    assert 'id="consents"' in text
    for purpose in ConsentPurpose:
        assert str(purpose.label) in text or purpose.label in text
    assert "Charlie" in text
    assert (
        reverse("cases:consent_withdraw", kwargs={"pk": case.pk, "consent_pk": case.consents.get().pk})
        in text
    )


def test_it_records_a_consent_by_a_plain_post(three_orgs: ThreeOrganisations, staff_client: Any) -> None:
    """charlie posts the form: a written consent to services is recorded by him, and audited."""
    case = open_case(three_orgs.a, three_orgs.alice)
    url = reverse("cases:consent_add", kwargs={"pk": case.pk})
    response = staff_client(three_orgs.charlie).post(url, {"purpose": "services", "method": "written"})
    assert response.status_code == 302
    consent = CaseConsent.objects.get(case=case)
    assert (consent.purpose, consent.method, consent.recorded_by) == (
        "services",
        "written",
        three_orgs.charlie,
    )
    assert AuditEvent.objects.filter(action="case.consent_recorded", target_id=str(case.pk)).exists()


def test_it_refuses_online_and_a_second_consent_with_the_reason(
    three_orgs: ThreeOrganisations, staff_client: Any
) -> None:
    """Staff cannot claim the worker's online form; a consent already in effect is refused with a message."""
    case = open_case(three_orgs.a, three_orgs.alice)
    client = staff_client(three_orgs.alice)
    url = reverse("cases:consent_add", kwargs={"pk": case.pk})
    assert client.post(url, {"purpose": "services", "method": "online"}).status_code == 400
    client.post(url, {"purpose": "services", "method": "verbal"})
    again = client.post(url, {"purpose": "services", "method": "written"}, HTTP_ACCEPT_LANGUAGE="en")
    assert again.status_code == 400
    assert CaseConsent.objects.filter(case=case).count() == 1


def test_it_records_a_withdrawal_and_stops_later_shares(
    three_orgs: ThreeOrganisations, staff_client: Any
) -> None:
    """The withdrawal button ends the consent: it shows as withdrawn and sharing is refused again."""
    case = open_case(three_orgs.a, three_orgs.alice)
    consent = case_consent_record(actor=three_orgs.alice, case=case, purpose="referral", method="verbal")
    url = reverse("cases:consent_withdraw", kwargs={"pk": case.pk, "consent_pk": consent.pk})
    assert staff_client(three_orgs.charlie).post(url).status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_by == three_orgs.charlie
    assert not case_consent_given(case=case, purpose="referral")
    assert staff_client(three_orgs.charlie).post(url).status_code == 400, "already withdrawn"
    page = staff_client(three_orgs.alice).get(reverse("cases:detail", kwargs={"pk": case.pk}))
    assert "Charlie" in page.content.decode(), "the withdrawal shows who recorded it"
    assert url not in page.content.decode(), "no withdrawal button for a withdrawn consent"


def test_it_shows_an_override_without_its_reason_until_opened(
    three_orgs: ThreeOrganisations, staff_client: Any
) -> None:
    """The case page shows who overrode, when and what; the reason only on its page, audited."""
    case = open_case(three_orgs.a, three_orgs.alice)
    override = case_share_authorise(
        actor=three_orgs.alice, case=case, purpose="referral", share="referral", override_reason=REASON
    )
    client = staff_client(three_orgs.charlie)
    page = client.get(reverse("cases:detail", kwargs={"pk": case.pk})).content.decode()
    assert "Alice" in page
    assert "referral" in page
    assert "Razon-Unica-9P" not in page
    assert not AuditEvent.objects.filter(action="case.override_reason_read").exists()
    url = reverse("cases:override_reason", kwargs={"pk": case.pk, "override_pk": override.pk})
    opened = client.get(url)
    assert "Razon-Unica-9P" in opened.content.decode()
    event = AuditEvent.objects.get(action="case.override_reason_read")
    assert (event.actor, event.target_id) == (three_orgs.charlie, str(case.pk))


def test_it_hides_every_consent_page_from_a_third_organisation(
    three_orgs: ThreeOrganisations, staff_client: Any
) -> None:
    """A member of a third organisation C gets 404 on A's consent pages and changes nothing."""
    dora = member(OrganisationFactory(name="Centro C", slug="centro-c"), "advocate", "supervisor")
    case = open_case(three_orgs.a, three_orgs.alice)
    consent = case_consent_record(actor=three_orgs.alice, case=case, purpose="referral", method="verbal")
    override = case_share_authorise(
        actor=three_orgs.alice, case=case, purpose="reporting", share="export", override_reason=REASON
    )
    client = staff_client(dora)
    urls = [
        reverse("cases:consent_add", kwargs={"pk": case.pk}),
        reverse("cases:consent_withdraw", kwargs={"pk": case.pk, "consent_pk": consent.pk}),
        reverse("cases:override_reason", kwargs={"pk": case.pk, "override_pk": override.pk}),
    ]
    for url in urls:
        assert client.get(url).status_code == 404
    assert client.post(urls[0], {"purpose": "services", "method": "verbal"}).status_code == 404
    assert client.post(urls[1]).status_code == 404
    assert case_consent_given(case=case, purpose="referral")
    assert not case.consents.filter(purpose="services").exists()
    # A's consent id under B's own case is still a 404: the consent must belong to the case.
    own = open_case(three_orgs.b, three_orgs.bob)
    crossed = reverse("cases:consent_withdraw", kwargs={"pk": own.pk, "consent_pk": consent.pk})
    assert staff_client(three_orgs.bob).post(crossed).status_code == 404
