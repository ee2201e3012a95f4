"""Search within the library: current language, case and accents ignored, title first."""

import pytest
from django.test import Client

from jornada.rights import selectors
from jornada.rights.tests.factories import make_article


@pytest.mark.django_db
def test_it_ignores_case_and_accents(launch_content: None) -> None:
    """'PASAPORTE', 'prohibe' and 'camion' find the articles written with accents."""
    assert selectors.search(query="PASAPORTE", language="es").hits[0].article.slug == "tu-pasaporte-es-tuyo"
    assert selectors.search(query="prohibe", language="es").hits
    assert selectors.search(query="vehiculo", language="es").hits[0].article.slug == "transporte-seguro"


@pytest.mark.django_db
def test_it_ranks_title_over_summary_over_body(launch_content: None) -> None:
    """An article with the word in its title comes before one with it only in the text."""
    hits = [hit.article.slug for hit in selectors.search(query="vivienda", language="es").hits]
    assert hits[0] == "vivienda"
    assert len(hits) > 1
    hits = [hit.article.slug for hit in selectors.search(query="housing", language="en").hits]
    assert hits[0] == "vivienda"


@pytest.mark.django_db
def test_it_searches_only_the_current_language(launch_content: None) -> None:
    """An English word finds nothing in Spanish and the other way round."""
    assert not selectors.search(query="passport", language="es").hits
    assert selectors.search(query="passport", language="en").hits[0].article.slug == "tu-pasaporte-es-tuyo"


@pytest.mark.django_db
def test_it_leaves_out_unpublished_articles() -> None:
    """A draft is never a search result."""
    make_article(status="draft")
    assert not selectors.search(query="cobrar", language="es").hits


@pytest.mark.django_db
def test_it_ignores_common_words() -> None:
    """A query of only common words has no terms (and gets the help text)."""
    assert selectors.search_terms("¿Qué es el de la?") == []
    assert selectors.search_terms("Mi PASAPORTE, mi pasaporte") == ["pasaporte"]


@pytest.mark.django_db
def test_it_shows_results_and_helpful_empty_states(launch_content: None) -> None:
    """Results are links; no result and no query each get a translated explanation."""
    client = Client()
    found = client.get("/es/derechos/buscar/", {"q": "pasaporte"}).content.decode()
    assert 'href="/es/derechos/tu-pasaporte-es-tuyo/"' in found
    assert 'value="pasaporte"' in found
    nothing = client.get("/es/derechos/buscar/", {"q": "xyzzy"}).content.decode()
    assert "Ningún artículo coincide con “xyzzy”" in nothing
    assert 'href="/es/derechos/"' in nothing
    empty = client.get("/en/derechos/buscar/").content.decode()
    assert "Write one or two words" in empty


@pytest.mark.django_db
def test_it_escapes_the_query() -> None:
    """A query with markup is shown as text."""
    html = Client().get("/es/derechos/buscar/", {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html
