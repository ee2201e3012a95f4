"""A rights article printed as a workshop guide: key points, questions, a handout; in Spanish and English."""

import pytest
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db

SLUG = "cobros-de-reclutamiento"


@pytest.fixture
def articles(db) -> None:
    call_command("load_rights_content", "--no-audio", verbosity=0)


def test_it_prints_an_article_as_a_guide_with_points_questions_and_a_handout(articles) -> None:
    """The guide has the article's headings as key points (with their first sentence), questions for
    participants (a heading already a question asked as is), the handout with the article's text and
    address, and a print style sheet that puts the handout on its own page."""
    response = Client().get(f"/es/talleres/{SLUG}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Guía de taller para promotores" in page
    assert (
        "<strong>El trabajo no se compra</strong> Si vienes con visa H-2A o H-2B, nadie te puede cobrar por el trabajo."
        in page
    )
    assert "<li>¿Qué gastos paga el patrón?</li>" in page
    assert "¿Qué entiendes por “El reclutador tampoco puede cobrarte”?" in page
    assert 'id="handout"' in page
    assert "Llama a la División de Horas y Salarios del DOL" in page
    assert "http://testserver/es/derechos/cobros-de-reclutamiento/" in page
    assert "/static/outreach/workshop" in page


def test_it_gives_the_guide_in_english(articles) -> None:
    """The English guide uses the English article and English interface text."""
    page = Client().get(f"/en/talleres/{SLUG}/").content.decode()
    assert "Workshop guide for promoters" in page
    assert "Questions to ask the participants" in page
    assert "/en/derechos/cobros-de-reclutamiento/" in page


def test_it_is_reachable_from_the_article_and_the_promoter_pages(articles, three_orgs, staff_client) -> None:
    """The article links to its guide; the promoters' session pages link to the list of guides."""
    article = Client().get(f"/es/derechos/{SLUG}/").content.decode()
    assert f'href="/es/talleres/{SLUG}/"' in article
    client = staff_client(three_orgs.alice)
    for path in ("/es/staff/promoters/sessions/", "/es/staff/promoters/sessions/new/"):
        assert 'href="/es/talleres/"' in client.get(path).content.decode()
    index = Client().get("/es/talleres/").content.decode()
    assert f'href="/es/talleres/{SLUG}/"' in index


def test_it_answers_404_for_an_unknown_article(articles) -> None:
    """No published article, no guide."""
    assert Client().get("/es/talleres/no-existe/").status_code == 404


def test_it_prints_with_a_style_sheet_that_breaks_before_the_handout() -> None:
    """The print CSS hides the site's navigation and starts the handout on a new page."""
    from pathlib import Path

    css = (Path(__file__).parents[1] / "static" / "outreach" / "workshop.css").read_text()
    assert "@media print" in css
    assert ".handout{break-before:page" in css
