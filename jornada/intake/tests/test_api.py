"""The public intake API: 201 with a receipt, 422 per field in the client's language, 404 for any wrong code, 429."""

from __future__ import annotations

import io
import json
import logging
from typing import Any

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client, override_settings

from jornada.cases.models import ContactChannel
from jornada.cases.tests.helpers import table_dump
from jornada.conftest import ThreeOrganisations
from jornada.intake.api import MAX_BODY_BYTES, IntakeIn
from jornada.intake.models import Intake, IntakeAddition, IntakeStatus, UrgentReason, Whereabouts
from jornada.intake.selectors import intake_personal_read
from jornada.intake.tests.helpers import NAME, NARRATIVE, PARTY, SAFE_TIMES, accepting, submit

URL = "/api/v1/intake"


def post(path: str, payload: Any, language: str = "es", **extra: Any) -> Any:
    body = payload if isinstance(payload, str | bytes) else json.dumps(payload)
    return Client().post(
        URL + path, body, content_type="application/json", HTTP_ACCEPT_LANGUAGE=language, **extra
    )


def valid(**changes: Any) -> dict[str, Any]:
    return {
        "whereabouts": "home",
        "language": "Mixteco",
        "categories": ["wage-theft"],
        "narrative": NARRATIVE,
        "party_name": PARTY,
        "place": "MX-OAX",
        "year": 2026,
        "contact_channel": "whatsapp",
        "contact": "+52 951 555 0144",
        "safe_times": SAFE_TIMES,
        "worker_name": NAME,
        "consent_contact": True,
        "consent_share": True,
        "any_organisation": True,
        **changes,
    }


@pytest.fixture
def accepting_a(three_orgs: ThreeOrganisations) -> ThreeOrganisations:
    accepting(three_orgs.a)
    return three_orgs


def test_it_accepts_a_request_and_answers_201_with_the_code_and_status(
    accepting_a: ThreeOrganisations,
) -> None:
    """201: the code (the only key) and the status in plain words; the organisation reads the sealed fields."""
    response = post("", valid())
    assert response.status_code == 201, response.content
    body = json.loads(response.content)
    assert (body["status"], body["title"], body["can_add"]) == ("received", "Recibida", True)
    intake = Intake.objects.get()
    personal = intake_personal_read(user=accepting_a.alice, intake_id=intake.pk)
    assert (personal.worker_name, personal.narrative) == (NAME, NARRATIVE)
    assert post("/status", {"code": body["receipt_code"]}).status_code == 200
    assert not response.cookies


def test_it_stores_no_address_or_user_agent(accepting_a: ThreeOrganisations, caplog: Any) -> None:
    """A marker address and user agent reach no table, cache row or log line."""
    caplog.set_level(logging.DEBUG)
    address, agent = "203.0.113.77", "Marcador-Navegador-5T/1.0"
    response = post("", valid(), REMOTE_ADDR=address, HTTP_USER_AGENT=agent, HTTP_X_FORWARDED_FOR=address)
    assert response.status_code == 201
    post("/status", {"code": "0000-0000-0000"}, REMOTE_ADDR=address, HTTP_USER_AGENT=agent)
    dump = table_dump(
        "intake_intake", "intake_intakerecipient", "core_auditevent", "core_ratecounter", "django_session"
    )
    fixture = _dumpdata()
    cached = repr(getattr(cache, "_cache", {}))
    for marker in (address, agent, "203.0.113"):
        assert marker.encode() not in dump
        assert marker not in caplog.text
        assert marker not in fixture
        assert marker not in cached


def _dumpdata() -> str:
    out = io.StringIO()
    call_command("dumpdata", "intake", "core.auditevent", "core.ratecounter", stdout=out)
    return out.getvalue()


def test_it_answers_errors_per_field_in_the_clients_language(accepting_a: ThreeOrganisations) -> None:
    """422 with {"errors": {field: [{code, message}]}}: the service's checks, Spanish by default, English on request."""
    payload = valid(contact="not a phone", categories=["no-such-problem"], language="<script>")
    spanish = post("", payload)
    english = post("", payload, "en")
    assert spanish.status_code == english.status_code == 422
    errors_es = json.loads(spanish.content)["errors"]
    errors_en = json.loads(english.content)["errors"]
    assert set(errors_en) == {"contact", "categories", "language"}
    assert errors_en["contact"][0]["code"] == "invalid_phone"
    assert errors_en["contact"][0]["message"].startswith("Write the phone number with its country code")
    assert errors_es["contact"][0]["message"] != errors_en["contact"][0]["message"]
    assert errors_en["language"][0] == {
        "code": "invalid",
        "message": "Write the name of a language, for example Mixteco.",
    }
    assert not Intake.objects.exists()


@pytest.mark.parametrize(
    ("body", "status", "key", "code"),
    [
        ("", 400, "__all__", "invalid_json"),
        ("{not json", 400, "__all__", "invalid_json"),
        (b"\xff\xfe", 400, "__all__", "invalid_json"),
        ("[1, 2]", 400, "__all__", "invalid_json"),
        ("{}", 422, "whereabouts", "required"),
        (json.dumps(valid(whereabouts="moon")), 422, "whereabouts", "literal_error"),
        (json.dumps(valid(year="2025")), 422, "year", "int_type"),
        (json.dumps(valid(year=True)), 422, "year", "int_type"),
        (json.dumps(valid(consent_contact="yes")), 422, "consent_contact", "bool_type"),
        (json.dumps(valid(categories="wage-theft")), 422, "categories", "list_type"),
        (json.dumps(valid(categories=["wage\x00theft"])), 422, "categories", "string_pattern_mismatch"),
        (json.dumps(valid(employer="a\x00b")), 422, "employer", "string_pattern_mismatch"),
        (json.dumps(valid(salary=10)), 422, "salary", "unknown_field"),
        (json.dumps(valid(narrative="x" * 10_001)), 422, "narrative", "string_too_long"),
        (json.dumps(valid(narrative="hola\x07")), 422, "narrative", "control_characters"),
        (json.dumps(valid(worker_name="\x1b[31m")), 422, "worker_name", "control_characters"),
        (json.dumps(valid(employer="no-such-farm")), 422, "employer", "invalid_choice"),
        (json.dumps(valid(place="US-ZZ")), 422, "place", "invalid_choice"),
        (json.dumps(valid(any_organisation=False)), 422, "organisations", "required"),
        (json.dumps(valid(place="US-CA")), 422, "organisations", "no_organisation"),
    ],
)
def test_it_explains_malformed_and_hostile_bodies(
    accepting_a: ThreeOrganisations, body: str, status: int, key: str, code: str
) -> None:
    """Empty, malformed, wrongly typed, hostile or unknown input: a clear 4xx naming the field, nothing stored."""
    response = post("", body or "null")
    assert response.status_code == status, response.content
    errors = json.loads(response.content)["errors"]
    assert code in [error["code"] for error in errors[key]], errors
    assert all(error["message"] for items in errors.values() for error in items)
    assert not Intake.objects.exists()


def test_it_keeps_html_as_text(accepting_a: ThreeOrganisations) -> None:
    """HTML in free text is kept as typed (sealed), never interpreted; the answer echoes none of it."""
    response = post("", valid(narrative="<script>alert('x')</script> nos robaron"))
    assert response.status_code == 201
    assert b"<script>" not in response.content
    personal = intake_personal_read(user=accepting_a.alice, intake_id=Intake.objects.get().pk)
    assert personal.narrative == "<script>alert('x')</script> nos robaron"


@pytest.mark.parametrize("path", ["", "/status", "/additions", "/withdrawal"])
def test_it_refuses_an_oversized_body_with_413(accepting_a: ThreeOrganisations, path: str) -> None:
    """10 MB of text is refused before it is read, on every operation."""
    response = post(path, {"narrative": "x" * 10_000_000, "code": "x", "text": "x"})
    assert response.status_code == 413
    assert json.loads(response.content)["errors"]["__all__"][0]["code"] == "too_large"
    assert not Intake.objects.exists()


def test_it_takes_the_longest_request_within_the_body_limit(accepting_a: ThreeOrganisations) -> None:
    """The longest narrative, every character a six-byte JSON escape, still fits under the limit."""
    body = json.dumps(valid(narrative="ñ" * 10_000), ensure_ascii=True)
    assert len(body) < MAX_BODY_BYTES
    assert post("", body).status_code == 201


@override_settings(JORNADA_CONTRIBUTIONS_PER_HOUR=1)
def test_it_is_rate_limited_like_reviews(accepting_a: ThreeOrganisations) -> None:
    """The second request from one client within the hour gets 429 with a translated error."""
    assert post("", valid(), REMOTE_ADDR="192.0.2.9").status_code == 201
    response = post("", valid(), REMOTE_ADDR="192.0.2.9")
    assert response.status_code == 429
    assert json.loads(response.content)["errors"]["__all__"][0]["code"] == "throttled"
    assert Intake.objects.count() == 1


def test_it_answers_the_status_of_a_code_in_plain_words(accepting_a: ThreeOrganisations) -> None:
    """200 with the status and its meaning, nothing personal; the code is read from the body."""
    receipt = submit()
    Intake.objects.update(status=IntakeStatus.ACCEPTED)
    response = post("/status", {"code": receipt.code.lower().replace("-", " ")}, "en")
    assert response.status_code == 200
    body = json.loads(response.content)
    assert (body["status"], body["title"]) == ("contact", "An advocate will contact you")
    text = response.content.decode()
    for marker in (NAME, NARRATIVE, PARTY, SAFE_TIMES, "0144", accepting_a.a.name):
        assert marker not in text


@pytest.mark.parametrize("code", ["0000-0000-0000", "not a code", "", "<b>" * 100, "K7QM\x004XPA"])
def test_it_answers_an_unknown_or_malformed_code_the_same_404(
    accepting_a: ThreeOrganisations, code: str
) -> None:
    """Unknown and malformed codes get the same 404 body, on all three operations."""
    submit()
    expected = {
        "errors": {
            "code": [{"code": "unknown_code", "message": "No request has this code. Check it and try again."}]
        }
    }
    for path, extra in (("/status", {}), ("/additions", {"text": "hola"}), ("/withdrawal", {})):
        response = post(path, {"code": code, **extra}, "en")
        assert response.status_code == 404, response.content
        assert json.loads(response.content) == expected
    assert Intake.objects.get().status == IntakeStatus.RECEIVED


@override_settings(JORNADA_INTAKE_WRONG_CODES_PER_HOUR=10)
def test_it_refuses_every_code_after_ten_wrong_ones(accepting_a: ThreeOrganisations) -> None:
    """After 10 wrong codes a client gets 429 for any code, the right one too; 10,000 tries stay refused."""
    receipt = submit()
    for number in range(10):
        assert (
            post("/status", {"code": f"0000-0000-{number:04d}"}, REMOTE_ADDR="192.0.2.5").status_code == 404
        )
    statuses = {
        post("/status", {"code": f"1111-{number:04d}-0000"}, REMOTE_ADDR="192.0.2.5").status_code
        for number in range(100)
    }
    assert statuses == {429}
    assert post("/status", {"code": receipt.code}, REMOTE_ADDR="192.0.2.5").status_code == 429
    assert post("/withdrawal", {"code": receipt.code}, REMOTE_ADDR="192.0.2.5").status_code == 429
    assert post("/status", {"code": receipt.code}, REMOTE_ADDR="192.0.2.6").status_code == 200


def test_it_adds_information_and_refuses_it_once_closed(accepting_a: ThreeOrganisations) -> None:
    """201 and the addition sealed for the organisation; 409 once the request is closed; 422 for blank text."""
    receipt = submit()
    response = post("/additions", {"code": receipt.code, "text": "Agregado-API-3W"})
    assert response.status_code == 201, response.content
    personal = intake_personal_read(user=accepting_a.alice, intake_id=receipt.intake.pk)
    assert [item.text for item in personal.additions] == ["Agregado-API-3W"]
    blank = post("/additions", {"code": receipt.code, "text": "   "})
    assert blank.status_code == 422
    assert json.loads(blank.content)["errors"]["addition"][0]["code"] == "required"
    Intake.objects.update(status=IntakeStatus.CLOSED)
    closed = post("/additions", {"code": receipt.code, "text": "más"})
    assert closed.status_code == 409
    assert IntakeAddition.objects.count() == 1


def test_it_withdraws_and_erases(accepting_a: ThreeOrganisations) -> None:
    """200 with status withdrawn; the sealed fields are gone; a second withdrawal answers the same."""
    receipt = submit()
    first = post("/withdrawal", {"code": receipt.code})
    assert first.status_code == 200
    assert json.loads(first.content)["status"] == "withdrawn"
    intake = Intake.objects.get()
    assert (intake.status, intake.narrative_sealed, intake.contact_sealed) == (
        IntakeStatus.WITHDRAWN,
        None,
        None,
    )
    assert json.loads(post("/withdrawal", {"code": receipt.code}).content) == json.loads(first.content)


def test_it_documents_the_operations_in_the_openapi_schema() -> None:
    """Four POST operations with their request bodies and every answer they can give."""
    schema = json.loads(Client().get("/api/v1/openapi.json").content)
    submit_op = schema["paths"]["/api/v1/intake"]["post"]
    assert set(submit_op["responses"]) >= {"201", "400", "413", "422", "429"}
    body = submit_op["requestBody"]["content"]["application/json"]["schema"]
    assert body["additionalProperties"] is False
    assert body["required"] == ["whereabouts", "language"]
    assert set(body["properties"]["whereabouts"]["enum"]) == set(Whereabouts.values)
    reasons = body["properties"]["urgent_reasons"]["items"]["enum"]
    assert set(reasons) == set(UrgentReason.values)
    for path in ("/status", "/additions", "/withdrawal"):
        operation = schema["paths"][f"/api/v1/intake{path}"]["post"]
        assert "404" in operation["responses"]
        assert operation["requestBody"]["content"]["application/json"]["schema"]["required"][0] == "code"


def test_its_choices_are_the_models() -> None:
    """The schema's channels are the models' (written out for the type checker)."""
    channels = IntakeIn.model_json_schema()["properties"]["contact_channel"]["enum"]
    assert set(channels) == set(ContactChannel.values)


def test_it_refuses_a_nul_in_a_category_code_at_the_service_too(accepting_a: ThreeOrganisations) -> None:
    """The service answers a category code holding a NUL byte with invalid_choice, never a database error."""
    with pytest.raises(ValidationError) as caught:
        submit(categories=["wage\x00theft"])
    assert caught.value.error_dict["categories"][0].code == "invalid_choice"
    assert not Intake.objects.exists()
