"""The look-up: numbers written many ways, addresses pasted many ways, names with typos."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from jornada.alerts import identifiers as ids
from jornada.alerts.selectors import lookup
from jornada.alerts.services import report_withdraw
from jornada.alerts.tests.factories import ReportFactory, published_warning
from jornada.contributions.models import Status
from jornada.directory.models import Case, CaseRecruiter
from jornada.directory.services.refresh import search_entries_refresh
from jornada.directory.tests.factories import CaseFactory, EmployerFactory, RecruiterFactory, employ

pytestmark = pytest.mark.django_db

SAME_NUMBER = [
    "+52 1 55 1234 5678",
    "044 55 1234 5678",
    "045 55 1234 5678",
    "55-1234-5678",
    "55 1234 5678",
    "55.1234.5678",
    "(55) 1234-5678",
    "5512345678",
    "+525512345678",
    "0052 1 55 1234 5678",
    "01 55 1234 5678",
    "wa.me/5215512345678",
]


@pytest.mark.parametrize("stored", ["044 55 1234 5678", "+52 1 55 1234 5678", "55.1234.5678"])
@pytest.mark.parametrize("typed", SAME_NUMBER)
def test_it_matches_a_phone_number_however_it_is_written(stored: str, typed: str) -> None:
    """The number in a warning and the number typed in the box meet in E.164, whatever the format."""
    warning = published_warning(contact_phone=stored)
    found = lookup(typed)
    assert found.query.kind == ids.Kind.PHONE
    assert [match.report.pk for match in found.warnings] == [warning.pk]


def test_it_reads_us_and_guatemalan_numbers() -> None:
    """US numbers with or without +1, Guatemalan eight digits with or without 502."""
    assert ids.phone_candidates("+1 (956) 555-0123") == ["+19565550123"]
    assert "+19565550123" in ids.phone_candidates("956 555 0123")
    assert ids.phone_candidates("502 5555 1234") == ["+50255551234"]
    assert ids.phone_candidates("5555-1234") == ["+50255551234"]
    us = published_warning(contact_phone="", contact_whatsapp="+1 956 555 0123")
    assert [m.report.pk for m in lookup("956-555-0123").warnings] == [us.pk]


@pytest.mark.parametrize(
    "typed",
    [
        "https://www.facebook.com/visas.rapidas.ficticias/",
        "http://m.facebook.com/Visas.Rapidas.Ficticias?ref=share",
        "facebook.com/visas.rapidas.ficticias",
        "web.facebook.com/visas.rapidas.ficticias/#about",
    ],
)
def test_it_matches_a_page_however_it_is_pasted(typed: str) -> None:
    """Scheme, www., mobile hosts, query strings, fragments and final slashes do not matter."""
    warning = published_warning()
    assert [m.report.pk for m in lookup(typed).warnings] == [warning.pk]


def test_it_keeps_the_profile_id_of_a_numeric_profile() -> None:
    """profile.php?id= is the only query that names a page; other parameters go."""
    found = ids.normalise_url("https://m.facebook.com/profile.php?id=100012345&ref=bookmarks")
    assert found is not None
    assert found.value == "facebook.com/profile.php?id=100012345"
    other = ids.normalise_url("https://facebook.com/profile.php?id=999")
    assert other is not None
    assert other.value != found.value


def test_it_matches_a_name_whatever_the_case_accents_and_legal_suffix() -> None:
    """'VISAS RAPIDAS FICTICIAS S.A. de C.V.' finds 'Visas Rápidas Ficticias'."""
    warning = published_warning()
    assert [m.report.pk for m in lookup("VISAS RAPIDAS FICTICIAS S.A. de C.V.").warnings] == [warning.pk]


@pytest.mark.parametrize("status", [Status.RECEIVED, Status.REJECTED, Status.WITHDRAWN])
def test_it_never_matches_an_unpublished_or_withdrawn_warning(status: str) -> None:
    """Only published warnings are ever shown; a withdrawn one loses its identifiers too."""
    report = ReportFactory(status=status)
    assert lookup("55 1234 5678").warnings == []
    assert lookup("Visas Rápidas Ficticias").warnings == []
    if status != Status.RECEIVED:
        assert not report.identifiers.exists()


def test_it_forgets_a_warning_its_author_withdraws() -> None:
    """A published warning withdrawn with its receipt code stops matching at once."""
    code = "K7QM-4XPA-93TZ"
    published_warning(code=code)
    assert lookup("55 1234 5678").warnings
    assert report_withdraw(receipt_code=code) is not None
    assert lookup("55 1234 5678").warnings == []


@pytest.fixture
def recruiter_in_dol_records() -> tuple:
    """A DOL recruiter (as Appendix C links it) that recruited for one employer in FY2017."""
    recruiter = RecruiterFactory(name="Reclutamiento Agrícola Huasteca")
    employer = EmployerFactory(name="Huertas del Valle Prueba LLC")
    case: Case = CaseFactory(status="certified", fiscal_year=2017, programme="h2b")
    employ(employer, case)
    CaseRecruiter.objects.create(case=case, recruiter=recruiter, row_key="r1")
    search_entries_refresh("recruiter", [recruiter.pk])
    search_entries_refresh("employer", [employer.pk])
    return recruiter, employer


def test_it_finds_a_dol_recruiter_by_a_misspelled_name(recruiter_in_dol_records: tuple) -> None:
    """'Reclutamiento Agricola Huastec' (accents and a letter missing) finds the recruiter and its employer."""
    recruiter, employer = recruiter_in_dol_records
    found = lookup("reclutamiento agricola huastecca")
    assert [match.slug for match in found.recruiters] == [recruiter.slug]
    clients = found.recruiters[0].clients
    assert [(client.slug, client.years) for client in clients] == [(employer.slug, [2017])]


def test_it_says_whether_an_employer_had_certified_job_orders_that_season(
    recruiter_in_dol_records: tuple,
) -> None:
    """A named employer with certified orders in FY2017 is confirmed for 2017 and not for 2024."""
    assert recruiter_in_dol_records
    assert lookup("Huertas del Valle Prueba", year=2017).employers[0].certified_in_year is True
    assert lookup("Huertas del Valle Prueba", year=2024).employers[0].certified_in_year is False
    page = Client().get("/es/alerts/", {"q": "Huertas del Valle Prueba", "year": "2024"}).content.decode()
    assert "No hay orden de trabajo certificada para la temporada 2024" in page


def test_it_always_shows_the_red_flags_with_links_to_the_rights_library() -> None:
    """Even with nothing found, the answer says nobody may charge a recruitment fee."""
    page = Client().get("/es/alerts/", {"q": "nadie conocido zzz"}).content.decode()
    assert "nadie te puede cobrar" in page.lower()
    assert "Ningún aviso publicado coincide" in page
    empty = Client().get("/es/alerts/").content.decode()
    assert "nadie te puede cobrar" in empty.lower()


def test_it_answers_the_api_in_the_requested_language() -> None:
    """/api/v1/lookup?q= gives warnings with their identifiers, and the red flags, in JSON."""
    warning = published_warning()
    response = Client().get("/api/v1/lookup", {"q": "044 55 1234 5678"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["kind"] == "phone"
    assert body["values"] == ["+525512345678"]
    assert [item["id"] for item in body["warnings"]] == [str(warning.pk)]
    assert "+52 55 1234 5678" in body["warnings"][0]["identifiers"]["phone"]
    assert body["red_flags"][0]["text"].startswith("Under H-2A and H-2B nobody may charge")
    assert Client().get("/api/v1/lookup").status_code == 422


def test_it_shows_hostile_text_as_text() -> None:
    """Markup in a warning and in a query is escaped, never run."""
    published_warning(contact_name="<script>alert(1)</script>", text="<b>negrita</b>")
    page = Client().get("/es/alerts/", {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize(
    ("stored", "us", "mexican"),
    [
        ("559 555 1234", "+1 559 555 1234", "+52 55 9555 1234"),
        ("831-555-1234", "+1 (831) 555-1234", "+52 83 1555 1234"),
        ("(916) 555 1234", "+19165551234", "+52 916 555 1234"),
        ("55 1234 5678", "+1 551 234 5678", "+52 55 1234 5678"),
    ],
)
def test_it_stores_every_reading_of_a_number_without_country_code(stored: str, us: str, mexican: str) -> None:
    """A US number typed without +1 is also a valid Mexican one: the warning keeps both, and either look-up finds it."""
    warning = published_warning(
        contact_phone=stored, contact_name="", contact_organisation="", contact_facebook=""
    )
    assert [m.report.pk for m in lookup(us).warnings] == [warning.pk]
    assert [m.report.pk for m in lookup(mexican).warnings] == [warning.pk]
    assert [m.report.pk for m in lookup(stored).warnings] == [warning.pk]


def test_it_keeps_one_reading_of_a_number_in_international_form() -> None:
    """A number written with its country code means one number: nothing else is stored or matched."""
    warning = published_warning(contact_phone="+1 559 555 1234", contact_name="", contact_organisation="")
    assert [m.report.pk for m in lookup("+1 559 555 1234").warnings] == [warning.pk]
    assert lookup("+52 55 9555 1234").warnings == []
    assert list(warning.identifiers.filter(kind="phone").values_list("value", flat=True)) == ["+15595551234"]
