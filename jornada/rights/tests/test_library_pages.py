"""The library index (by topic), the topic pages and the home page entry."""

import pytest
from django.test import Client

from jornada.rights.models import Topic
from jornada.rights.tests.factories import make_article


@pytest.mark.django_db
def test_it_groups_the_launch_articles_by_topic(launch_content: None) -> None:
    """The index shows every topic heading, in order, with its article."""
    html = Client().get("/es/derechos/").content.decode()
    positions = [html.index(f'id="topic-{code}"') for code in Topic.values]
    assert positions == sorted(positions)
    assert 'href="/es/derechos/cobros-de-reclutamiento/"' in html
    assert "Cobros de reclutamiento" in html
    english = Client().get("/en/derechos/").content.decode()
    assert "Recruitment fees" in english
    assert "No one can charge you for the job" in english


@pytest.mark.django_db
def test_it_lists_a_topics_articles() -> None:
    """The topic page lists its published articles in the page's language."""
    make_article()
    html = Client().get("/en/derechos/tema/recruitment/").content.decode()
    assert "<h1>Recruitment fees</h1>" in html
    assert 'href="/en/derechos/cobro-de-prueba/"' in html


@pytest.mark.django_db
def test_it_answers_404_for_unknown_or_empty_topics() -> None:
    """An unknown topic, or one without a published article, is 404."""
    assert Client().get("/es/derechos/tema/nonsense/").status_code == 404
    assert Client().get("/es/derechos/tema/housing/").status_code == 404


@pytest.mark.django_db
def test_it_opens_the_library_from_the_home_page(launch_content: None) -> None:
    """The home page has a 'Tus derechos' section linking to the library and to the fees article."""
    html = Client().get("/es/").content.decode()
    assert 'href="/es/derechos/"' in html
    assert 'href="/es/derechos/cobros-de-reclutamiento/"' in html
    assert "Conoce tus derechos" in html


@pytest.mark.django_db
def test_it_says_so_when_there_are_no_articles() -> None:
    """An empty library still answers, with a plain message."""
    assert "Todavía no hay artículos" in Client().get("/es/derechos/").content.decode()
