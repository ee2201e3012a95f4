"""Links into the library from other apps: a selector and template tags by topic."""

import pytest
from django.template import Context, Template
from django.utils import translation

from jornada.rights.selectors import article_url_for_topic
from jornada.rights.tests.factories import make_article


@pytest.mark.django_db
def test_it_gives_the_fees_article_for_recruitment(launch_content: None) -> None:
    """'recruitment' leads to the recruitment-fees article in the asked or active language."""
    assert article_url_for_topic("recruitment", "es") == "/es/derechos/cobros-de-reclutamiento/"
    assert article_url_for_topic("recruitment", "en") == "/en/derechos/cobros-de-reclutamiento/"
    with translation.override("en"):
        assert article_url_for_topic("documents") == "/en/derechos/tu-pasaporte-es-tuyo/"


@pytest.mark.django_db
def test_it_gives_nothing_for_a_topic_without_a_published_article() -> None:
    """No published article (or an unknown topic): None, so callers can leave the link out."""
    make_article(status="draft")
    assert article_url_for_topic("recruitment", "es") is None
    assert article_url_for_topic("no-such-topic", "es") is None


@pytest.mark.django_db
def test_it_renders_links_in_templates(launch_content: None) -> None:
    """{% rights_topic_link %} renders the article title as a link; an empty topic renders nothing."""
    template = Template(
        '{% load rights_links %}{% rights_topic_link "recruitment" %}|{% rights_topic_link "nothing" %}|'
        '{% rights_topic_link "documents" "Más" %}|{% rights_topic_url "housing" %}'
    )
    with translation.override("es"):
        html = template.render(Context())
    assert html == (
        '<a href="/es/derechos/cobros-de-reclutamiento/">Nadie te puede cobrar por el trabajo</a>||'
        '<a href="/es/derechos/tu-pasaporte-es-tuyo/">Más</a>|/es/derechos/vivienda/'
    )
