"""The status page: the receipt code opens it by POST only; plain words per status; add and withdraw; wrong codes limited."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from jornada.conftest import ThreeOrganisations
from jornada.core.tests.factories import OrganisationFactory
from jornada.intake.models import DeclineReason, Intake, IntakeAddition, IntakeStatus, RecipientDecision
from jornada.intake.selectors import intake_personal_read
from jornada.intake.services import IntakeReceipt
from jornada.intake.tests.helpers import NAME, NARRATIVE, PARTY, SAFE_TIMES, accepting, submit

URL = "/es/ayuda/estado/"
EN_URL = "/en/ayuda/estado/"


def look(client: Client, code: str, url: str = EN_URL, **data: str) -> object:
    return client.post(url, {"receipt": code, **data}, REMOTE_ADDR="192.0.2.44")


def set_status(receipt: IntakeReceipt, status: str, **changes: object) -> None:
    Intake.objects.filter(pk=receipt.intake.pk).update(status=status, **changes)


@pytest.fixture
def receipt(three_orgs: ThreeOrganisations) -> IntakeReceipt:
    accepting(three_orgs.a)
    return submit(any_organisation=False, organisations=[three_orgs.a.slug])


def test_it_asks_for_the_code_by_post_and_stores_nothing(client: Client, receipt: IntakeReceipt) -> None:
    """GET shows the form (no-store, quick exit first, no referrer to other sites); the code is never in a URL.

    A page with a form is ``same-origin`` rather than ``no-referrer`` (core.middleware): under
    ``no-referrer`` browsers post ``Origin: null``, which CSRF protection refuses.
    """
    form = client.get(URL)
    assert form.status_code == 200
    assert 'method="post"' in form.content.decode()
    assert "no-store" in form["Cache-Control"]
    assert form["Referrer-Policy"] in ("no-referrer", "same-origin")
    assert form.content.decode().index("data-quick-exit") < form.content.decode().index("<h1")
    page = look(client, receipt.code, URL)
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert set(page.cookies) <= {"csrftoken"}
    assert "sessionid" not in client.cookies
    html = page.content.decode()
    hidden = f'<input type="hidden" name="receipt" value="{receipt.code}">'
    assert html.count(receipt.code) == html.count(hidden) == 2, "only in the hidden fields of the two forms"


@pytest.mark.parametrize(
    ("status", "changes", "title"),
    [
        (IntakeStatus.RECEIVED, {}, "Received"),
        (IntakeStatus.REVIEWING, {}, "Being reviewed"),
        (IntakeStatus.ACCEPTED, {"consent_contact": True}, "An advocate will contact you"),
        (IntakeStatus.ACCEPTED, {"consent_contact": False}, "An organisation took your case"),
        (IntakeStatus.DUPLICATE, {}, "Already received"),
        (IntakeStatus.WITHDRAWN, {}, "Withdrawn"),
        (IntakeStatus.CLOSED, {}, "Closed"),
    ],
)
def test_it_says_where_the_request_stands_in_plain_words_and_nothing_personal(
    client: Client, receipt: IntakeReceipt, status: str, changes: dict[str, object], title: str
) -> None:
    """Each status has its own words; no name, contact, narrative, party or safe time ever appears."""
    set_status(receipt, status, **changes)
    page = look(client, receipt.code)
    html = page.content.decode()
    assert f'data-stage="{page.context["status"].stage}"' in html
    assert f"<h2>{title}</h2>" in html
    for marker in (NAME, NARRATIVE, PARTY, SAFE_TIMES, "555 0144", "5550144", "Centro A"):
        assert marker not in html
    final = status in (IntakeStatus.DUPLICATE, IntakeStatus.WITHDRAWN, IntakeStatus.CLOSED)
    assert ('value="add"' in html) is not final
    assert ('value="withdraw"' in html) is (status != IntakeStatus.WITHDRAWN)


def test_it_gives_the_decline_reason_other_organisations_and_help_numbers(
    client: Client, three_orgs: ThreeOrganisations, receipt: IntakeReceipt
) -> None:
    """Declined with consent to share: the reason in plain words, the other organisations that take it, 911."""
    other = accepting(OrganisationFactory(name="Red Ficticia de Apoyo", slug="red-apoyo", kind="legal_aid"))
    receipt.intake.recipients.update(
        decision=RecipientDecision.DECLINED, decline_reason=DeclineReason.NO_CAPACITY
    )
    set_status(receipt, IntakeStatus.DECLINED)
    html = look(client, receipt.code).content.decode()
    assert "<h2>Declined</h2>" in html
    assert "The organisation has too many cases right now to take a new one." in html
    assert other.name in html
    assert three_orgs.a.name not in html, "the organisation that declined is not a suggestion"
    assert 'href="tel:911"' in html
    assert "1-888-373-7888" in html


def test_it_suggests_no_organisation_without_consent_to_share(client: Client, receipt: IntakeReceipt) -> None:
    """Declined without consent to share: the reason and numbers, no other organisation named."""
    accepting(OrganisationFactory(name="Red Ficticia de Apoyo", slug="red-apoyo"))
    receipt.intake.recipients.update(
        decision=RecipientDecision.DECLINED, decline_reason=DeclineReason.CONFLICT
    )
    set_status(receipt, IntakeStatus.DECLINED, consent_share=False)
    html = look(client, receipt.code).content.decode()
    assert "so it cannot be on your side" in html
    assert "Red Ficticia de Apoyo" not in html


def test_it_answers_in_spanish_by_default(client: Client, receipt: IntakeReceipt) -> None:
    """The Spanish page says where the request stands in Spanish."""
    html = look(client, receipt.code, URL).content.decode()
    assert "<h2>Recibida</h2>" in html


def test_it_adds_information_carrying_the_code_in_a_hidden_field(
    client: Client, three_orgs: ThreeOrganisations, receipt: IntakeReceipt
) -> None:
    """The page re-posts the code; the addition reaches the organisation sealed; a second tap adds nothing."""
    page = look(client, receipt.code)
    nonce = page.context["nonce"]
    data = {"action": "add", "addition": "Agregado-Pagina-9Q: me quitaron el pasaporte.", "nonce": nonce}
    added = look(client, receipt.code, **data)
    assert added.status_code == 200
    assert added.context["added"] is True
    look(client, receipt.code, **data)
    personal = intake_personal_read(user=three_orgs.alice, intake_id=receipt.intake.pk)
    assert [item.text for item in personal.additions] == ["Agregado-Pagina-9Q: me quitaron el pasaporte."]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("   ", "Write what you want to add first."),
        ("z" * 5_001, "What you want to add is longer than 5000 characters."),
        ("hola\x07", "What you want to add contains characters that cannot be kept."),
    ],
)
def test_it_explains_a_bad_addition_and_keeps_nothing(
    client: Client, receipt: IntakeReceipt, text: str, message: str
) -> None:
    """Blank, too long or control characters: 422, the message names the field, nothing stored."""
    response = look(client, receipt.code, action="add", addition=text)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not IntakeAddition.objects.exists()


def test_it_asks_before_withdrawing_and_says_what_is_erased(
    client: Client, three_orgs: ThreeOrganisations, receipt: IntakeReceipt
) -> None:
    """The first press only asks (saying what goes); "keep it" changes nothing; confirming erases."""
    ask = look(client, receipt.code, action="withdraw")
    assert "your name and how to contact you" in ask.content.decode()
    assert Intake.objects.get().status == IntakeStatus.RECEIVED
    kept = look(client, receipt.code, action="show")
    assert kept.context["status"].stage == "received"
    done = look(client, receipt.code, action="withdraw_confirm")
    assert "Your request was withdrawn" in done.content.decode()
    intake = Intake.objects.get()
    assert (intake.status, intake.narrative_sealed) == (IntakeStatus.WITHDRAWN, None)
    assert look(client, receipt.code).context["status"].stage == "withdrawn"


def test_it_answers_a_wrong_or_malformed_code_the_same_translated_way(
    client: Client, receipt: IntakeReceipt
) -> None:
    """A wrong code and a malformed one get the same message, in the page's language."""
    wrong = look(client, "0000-0000-0000").content.decode()
    malformed = look(client, "<script>alert(1)</script>").content.decode()
    message = "We could not find anything with that code. Check it and try again."
    assert message in wrong
    assert message in malformed
    assert "<script>alert(1)" not in malformed
    spanish = look(client, "0000-0000-0000", URL).content.decode()
    assert "No encontramos nada con ese código" in spanish


@override_settings(JORNADA_INTAKE_WRONG_CODES_PER_HOUR=10)
def test_it_refuses_every_code_after_ten_wrong_ones(client: Client, receipt: IntakeReceipt) -> None:
    """10 wrong codes, then 429 for 10,000 more and for the right code too: nothing says which exist."""
    for number in range(10):
        assert look(client, f"0000-0000-{number:04d}").status_code == 200
    refused = [look(client, f"1111-1111-{number:04d}").status_code for number in range(50)]
    assert set(refused) == {429}
    assert look(client, receipt.code).status_code == 429
    assert look(client, receipt.code, action="withdraw_confirm").status_code == 429
    assert Intake.objects.get().status == IntakeStatus.RECEIVED
    other = client.post(EN_URL, {"receipt": receipt.code}, REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 200, "another client is not refused"


@override_settings(JORNADA_INTAKE_WRONG_CODES_PER_HOUR=3)
def test_it_does_not_count_right_codes(client: Client, receipt: IntakeReceipt) -> None:
    """A worker using the page many times with their own code is never refused."""
    for _ in range(20):
        assert look(client, receipt.code).status_code == 200


def test_it_refuses_a_huge_body_before_reading_it(client: Client, receipt: IntakeReceipt) -> None:
    """10 MB of text is refused with 413, and nothing is added."""
    response = look(client, receipt.code, action="add", addition="x" * 10_000_000)
    assert response.status_code == 413
    assert not IntakeAddition.objects.exists()


@override_settings(JORNADA_CONTRIBUTIONS_PER_HOUR=1)
def test_it_limits_additions_like_every_anonymous_contribution(
    client: Client, receipt: IntakeReceipt
) -> None:
    """The second addition from one client within the hour gets the translated 429 page; only one is stored."""
    assert look(client, receipt.code, action="add", addition="uno").status_code == 200
    assert look(client, receipt.code, action="add", addition="dos").status_code == 429
    assert IntakeAddition.objects.count() == 1
