from pathlib import Path

import pytest
from django.test import Client

from jornada.directory.models import Employer
from jornada.directory.tests.factories import busy_employer
from jornada.directory.tests.helpers import h2a_row, import_h2a

pytestmark = pytest.mark.django_db


def test_it_searches_from_the_home_page(tmp_path: Path) -> None:
    """The home page's box leads to results linking to the profile."""
    import_h2a(tmp_path, 2017, [h2a_row("H-300-17001-000001", "Green Valley Farms", "GA")])
    home = Client().get("/es/").content.decode()
    assert 'action="/es/directory/"' in home
    page = Client().get("/es/directory/", {"q": "gren valey"}).content.decode()
    assert "1 resultado para “gren valey”" in page
    assert 'href="/es/directory/employers/green-valley-farms-ga/"' in page


def test_it_explains_an_empty_search(tmp_path: Path) -> None:
    """No result: a clear message and what to do next, in the reader's language."""
    page = Client().get("/en/directory/", {"q": "nothing like this"}).content.decode()
    assert "Nothing found for “nothing like this”" in page
    assert "Try fewer words" in page


def test_it_refuses_an_overlong_query_with_a_field_error() -> None:
    """Over 200 characters: the form says which field and why, translated."""
    page = Client().get("/es/directory/", {"q": "x" * 300}).content.decode()
    assert "200" in page
    assert 'aria-invalid="true"' in page


def test_it_puts_enforcement_first_in_plain_words() -> None:
    """Debarment and back wages lead the profile, with money and dates the Mexican way."""
    employer = busy_employer(seasons=1)
    page = Client().get(f"/es/directory/employers/{employer.slug}/").content.decode()
    first = page.index("Lo que encontró el Departamento de Trabajo")
    assert first < page.index("Temporada por temporada")
    assert "les debía $12,400 en salarios a 31 trabajadores según las reglas de la visa H-2A en 2013" in page
    assert "Le puso una multa de $5,000." in page
    assert "le prohibió a este patrón contratar con la visa H-2A desde marzo 2014 hasta febrero 2017" in page
    assert "abril–octubre 2017" in page
    assert "$11.46 por hora" in page


def test_it_says_so_when_the_records_hold_no_finding(tmp_path: Path) -> None:
    """No finding is stated honestly, without claiming the employer is good."""
    import_h2a(tmp_path, 2017, [h2a_row("H-300-17001-000001", "Green Valley Farms", "GA")])
    page = Client().get("/en/directory/employers/green-valley-farms-ga/").content.decode()
    assert "found no violations by this employer and never barred it" in page
    assert "That does not prove it treats workers well" in page


def test_it_paginates_long_histories() -> None:
    """Six applications a page, and a link to the next."""
    employer = busy_employer(seasons=4)
    first = Client().get(f"/es/directory/employers/{employer.slug}/").content.decode()
    assert first.count('class="card"') == 6
    assert "Página 1 de 2" in first
    assert (
        Client()
        .get(f"/es/directory/employers/{employer.slug}/?page=2")
        .content.decode()
        .count('class="card"')
        == 2
    )


def test_it_marks_fictional_records() -> None:
    """Demo data says it is invented wherever it shows."""
    employer = busy_employer(seasons=1)
    Employer.objects.filter(pk=employer.pk).update(is_fictional=True)
    page = Client().get(f"/es/directory/employers/{employer.slug}/").content.decode()
    assert "Este patrón es inventado" in page


def test_it_answers_404_for_an_unknown_profile() -> None:
    """An unknown address is a translated 404 page."""
    response = Client().get("/es/directory/employers/no-such-employer/")
    assert response.status_code == 404
    assert "No encontramos esta página" in response.content.decode()


def test_it_shows_a_recruiter_with_its_employers() -> None:
    """A recruiter's page lists the employers it recruited for, and warns about fees."""
    employer = busy_employer(seasons=1)
    recruiter = employer.case_links.first().case.recruiter_links.first().recruiter
    page = Client().get(f"/es/directory/recruiters/{recruiter.slug}/").content.decode()
    assert employer.name in page
    assert "nunca te puede cobrar" in page
